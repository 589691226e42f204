#!/usr/bin/env python3
"""The multi-threaded paths under ThreadSanitizer: `sitrep extract -j N` shares one
Resources between N workers and writes each batch in input order. test.sh builds sitrep
with -fsanitize=thread in build-tsan/ and runs this on it; any data race fails the run,
and the output must be byte-identical for every N.

    SITREP_BIN=build-tsan/sitrep python3 tests/reliability/threads_test.py
"""
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fault_test  # noqa: E402  (the generated articles)

SITREP = os.path.abspath(os.environ.get("SITREP_BIN", "build-tsan/sitrep"))
SOURCE_DIR = fault_test.SOURCE_DIR
SHARED_DIR = os.environ.get("SITREP_SHARED_DIR", os.path.join(os.path.dirname(SOURCE_DIR), "shared"))
DATA_DIR = os.environ.get("SITREP_DATA_DIR", os.path.join(SOURCE_DIR, "data"))


def run(args):
    env = dict(os.environ)
    env["TSAN_OPTIONS"] = env.get("TSAN_OPTIONS", "halt_on_error=1:exitcode=66:second_deadlock_stack=1")
    p = subprocess.run([SITREP] + args + ["--data-dir", DATA_DIR], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=1800, env=env)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


class ThreadsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sitrep_threads_")
        self.inputs = []
        feed = os.path.join(self.tmp, "feed.jsonl")
        rng = random.Random(11)
        with open(feed, "w") as f:
            for i in range(int(os.environ.get("SITREP_THREADS_ARTICLES", "1500"))):
                f.write(json.dumps(fault_test.good_article(rng, i)) + "\n")
        self.inputs.append(feed)
        devset = os.path.join(SHARED_DIR, "devset", "articles.jsonl")
        if os.path.exists(devset):
            self.inputs.append(devset)
        self.inputs += sorted(glob.glob(os.path.join(SOURCE_DIR, "tests", "golden", "reports",
                                                     "*.article.jsonl")))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_parallel_extract_is_race_free_and_deterministic(self):
        outputs = {}
        for jobs in ("1", "4", "7"):
            for fmt in ("jsonl", "csv"):
                rc, out, err = run(["extract", "-q", "-j", jobs, "--format", fmt] + self.inputs)
                self.assertNotIn("ThreadSanitizer", err, err[-4000:])
                self.assertEqual(rc, 0, err[-4000:])
                outputs[(jobs, fmt)] = out
        for fmt in ("jsonl", "csv"):
            self.assertGreater(len(outputs[("1", fmt)].splitlines()), 1000)
            self.assertEqual(outputs[("1", fmt)], outputs[("4", fmt)], fmt)
            self.assertEqual(outputs[("1", fmt)], outputs[("7", fmt)], fmt)

    def test_parallel_extract_into_the_store(self):
        db = os.path.join(self.tmp, "events.sqlite")
        rc, out, err = run(["extract", "-q", "-j", "4", "--db", db, "-o", os.devnull] + self.inputs)
        self.assertNotIn("ThreadSanitizer", err, err[-4000:])
        self.assertEqual(rc, 0, err[-4000:])


if __name__ == "__main__":
    if not os.path.exists(SITREP):
        sys.exit("sitrep binary not found: %s (set SITREP_BIN)" % SITREP)
    unittest.main()
