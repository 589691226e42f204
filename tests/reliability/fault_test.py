#!/usr/bin/env python3
"""Fault tests of the `sitrep` command line (Python standard library only): a large feed
with corrupt records, a full disk, a read-only data directory. docs/reliability.md gives
the figures.

Run one case:  SITREP_BIN=build/sitrep python3 tests/reliability/fault_test.py FaultTest.test_disk_full
ctest registers each case as fault.<case> (tests/CMakeLists.txt).
"""
import json
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

SITREP = os.path.abspath(os.environ.get("SITREP_BIN", "build/sitrep"))
SOURCE_DIR = os.environ.get(
    "SITREP_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA_DIR = os.environ.get("SITREP_DATA_DIR", os.path.join(SOURCE_DIR, "data"))
# Sanitizer builds are several times slower: fewer articles there.
ARTICLES = int(os.environ.get("SITREP_FAULT_ARTICLES", "100000"))
SLOW = os.environ.get("SITREP_CLI_SLOW") == "1"

# Our own sentences, each of which gives exactly one event.
PLACES = [("Mosul", "Iraq"), ("Aleppo", "Syria"), ("Kabul", "Afghanistan"), ("Mogadishu", "Somalia"),
          ("Maiduguri", "Nigeria"), ("Gao", "Mali"), ("Ouagadougou", "Burkina Faso"),
          ("Caracas", "Venezuela"), ("Cairo", "Egypt"), ("Sanaa", "Yemen")]
TEMPLATES = [
    "Gunmen killed {n} soldiers at a checkpoint near {p} on {d}, police said.",
    "An air strike hit a market in {p} on {d}, killing {n} civilians, rescue workers said.",
    "Hundreds of people protested in {p} on {d} against rising prices, activists said.",
    "A roadside bomb exploded near a military convoy in {p} on {d}, wounding {n} soldiers.",
    "Clashes between the army and rebels near {p} on {d} left {n} fighters dead, a monitor said.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
CORRUPTIONS = ["truncated", "utf8", "binary", "empty", "gigantic"]


def good_article(rng, i):
    place, _ = rng.choice(PLACES)
    text = rng.choice(TEMPLATES).format(n=rng.randint(2, 40), p=place, d=rng.choice(DAYS))
    return {"id": "a%06d" % i, "published": "2023-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
            "publisher": "Test Wire", "text": text}


def corrupt_line(rng, i, kind):
    """A bad JSONL line (bytes, no newline) and the reason sitrep must give."""
    article = good_article(rng, i)
    line = json.dumps(article).encode()
    if kind == "truncated":
        return line[:rng.randint(24, len(line) - 2)], "malformed JSON"  # past the id
    if kind == "utf8":
        return line.replace(b'"text": "', b'"text": "\xff', 1), "invalid UTF-8"
    if kind == "binary":
        blob = bytes(rng.randrange(256) for _ in range(rng.randint(20, 200))).replace(b"\n", b" ")
        return b'{"id": "%s", ' % article["id"].encode() + blob + b"\0", "binary data"
    if kind == "empty":
        article["text"] = rng.choice(["", "   ", "\n\t"])
        return json.dumps(article).encode(), 'field "text" is empty'
    article["text"] = "Calm. " * ((9 << 20) // 6 + 1)  # over the 8 MiB limit
    return json.dumps(article).encode(), "record longer than the limit"


def run(args, timeout=1800, **kwargs):
    p = subprocess.run([SITREP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, **kwargs)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


class FaultTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sitrep_fault_")
        os.chmod(self.tmp, 0o755)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def test_corrupt_feed(self):
        """N articles, 1 % corrupt: every good one out, every bad one reported with its line,
        id and reason."""
        rng = random.Random(20261129)
        bad = {}  # line number -> (id, reason)
        good_ids = set()
        gigantic = 0
        with open(self.path("feed.jsonl"), "wb") as f:
            for i in range(ARTICLES):
                if i % 100 == 57:
                    kind = CORRUPTIONS[(i // 100) % len(CORRUPTIONS)]
                    if kind == "gigantic":
                        gigantic += 1
                        if gigantic > 5:  # five 9 MB lines are enough
                            kind = "truncated"
                    line, reason = corrupt_line(rng, i, kind)
                    bad[i + 1] = ("a%06d" % i, reason)
                else:
                    article = good_article(rng, i)
                    good_ids.add(article["id"])
                    line = json.dumps(article).encode()
                f.write(line + b"\n")
        start = time.monotonic()
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rc, out, err = run(["extract", self.path("feed.jsonl"), "-o", self.path("events.jsonl"),
                            "-j", "2"])
        elapsed = time.monotonic() - start
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.assertEqual(rc, 1, err[-2000:])
        out_ids = set()
        with open(self.path("events.jsonl")) as f:
            for line in f:
                out_ids.update(json.loads(line)["article_ids"])
        self.assertEqual(out_ids, good_ids, "missing: %s" % sorted(good_ids - out_ids)[:10])
        reported = {}
        for line in err.splitlines():
            m = re.match(r"sitrep: skipped \S*feed\.jsonl:(\d+)(?: \(id \"([^\"]*)\"\))?: (.*)", line)
            if m:
                reported[int(m.group(1))] = (m.group(2), m.group(3))
        self.assertEqual(sorted(reported), sorted(bad))
        for line_no, (want_id, reason) in bad.items():
            got_id, message = reported[line_no]
            self.assertIn(reason, message, "line %d" % line_no)
            self.assertEqual(got_id, want_id, "line %d: %s" % (line_no, message))
        summary = re.search(r"(\d+) articles, (\d+) events, (\d+) skipped", err)
        self.assertEqual(int(summary.group(1)), len(good_ids))
        self.assertGreaterEqual(int(summary.group(2)), len(good_ids))
        self.assertEqual(int(summary.group(3)), len(bad))
        print("\n%d articles (%d corrupt) in %.1f s, %.0f MB RSS" % (ARTICLES, len(bad), elapsed,
                                                                     rss_mb))
        self.assertLess(rss_mb, 4096 if SLOW else 1024)

    def limited(self, limit_bytes):
        """A child whose files cannot grow past `limit_bytes`, as on a full disk (EFBIG)."""
        def apply():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))
        return apply

    def test_disk_full(self):
        articles = [good_article(random.Random(i), i) for i in range(3000)]
        with open(self.path("feed.jsonl"), "w") as f:
            for a in articles:
                f.write(json.dumps(a) + "\n")
        # The output file: the reason, before the summary, exit 3.
        rc, out, err = run(["extract", self.path("feed.jsonl"), "-o", self.path("out.jsonl")],
                           preexec_fn=self.limited(200000))
        self.assertEqual(rc, 3, err)
        lines = err.splitlines()
        self.assertIn("sitrep: %s: cannot write: File too large" % self.path("out.jsonl"), lines)
        self.assertRegex(lines[-1], r"^\d+ articles?, \d+ events?, \d+ skipped$")
        self.assertLessEqual(os.path.getsize(self.path("out.jsonl")), 200000)
        # The store: SQLite's own message, exit 3, and the store still opens afterwards.
        db = self.path("events.sqlite")
        rc, out, err = run(["extract", self.path("feed.jsonl"), "--db", db, "-o", os.devnull],
                           preexec_fn=self.limited(300000))
        self.assertEqual(rc, 3, err)
        self.assertIn("events.sqlite", err)
        self.assertNotIn("internal error", err)
        rc, out, err = run(["events", "--db", db])
        self.assertIn(rc, (0, 3), err)
        self.assertNotIn("internal error", err)
        # A small filesystem, where the system allows mounting one.
        mnt = self.path("mnt")
        os.mkdir(mnt)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt],
                          stderr=subprocess.DEVNULL).returncode == 0:
            try:
                rc, out, err = run(["extract", self.path("feed.jsonl"), "-o",
                                    os.path.join(mnt, "out.jsonl")])
                self.assertEqual(rc, 3, err)
                self.assertIn("cannot write: No space left on device", err)
            finally:
                subprocess.run(["umount", mnt])

    def test_read_only_data_dir(self):
        # A copy of the data directory (times kept: the index must not look stale) that the
        # user running sitrep cannot write.
        data = self.path("data")
        shutil.copytree(DATA_DIR, data, symlinks=True, copy_function=shutil.copy2)
        for root, dirs, files in os.walk(data):
            for name in dirs + files:
                p = os.path.join(root, name)
                if not os.path.islink(p):
                    os.chmod(p, os.stat(p).st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        os.chmod(data, 0o555)
        feed = self.path("feed.jsonl")
        with open(feed, "w") as f:
            for i in range(50):
                f.write(json.dumps(good_article(random.Random(i), i)) + "\n")
        os.chmod(feed, 0o644)
        # root writes anywhere: run as nobody when we are root.
        prefix = []
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                self.skipTest("root without setpriv cannot drop the right to write")
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        def as_user(args):
            p = subprocess.run(prefix + [SITREP] + args, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=600, cwd=self.tmp)
            return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")
        rc, out, err = as_user(["extract", feed, "--data-dir", data])
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.splitlines()), 50)
        rc, out, err = as_user(["geocode", "Aleppo", "--data-dir", data])
        self.assertEqual(rc, 0, err)
        # Rebuilding the index there cannot work: a clear error, not a crash.
        rc, out, err = as_user(["gazetteer", "build", "--data-dir", data])
        self.assertIn(rc, (2, 3), err)
        self.assertIn("gazetteer", err)
        self.assertNotIn("internal error", err)
        rc, out, err = as_user(["extract", feed, "--data-dir", data, "-o",
                                os.path.join(data, "out.jsonl")])
        self.assertEqual(rc, 3, err)
        self.assertIn("Permission denied", err)

    def test_all_cases_registered(self):
        with open(os.path.join(SOURCE_DIR, "tests", "CMakeLists.txt")) as f:
            words = set(f.read().replace("(", " ").replace(")", " ").split())
        for name in dir(self):
            if name.startswith("test_"):
                self.assertIn(name[len("test_"):], words,
                              "%s: add it to the fault cases in tests/CMakeLists.txt" % name)


if __name__ == "__main__":
    if not os.path.exists(SITREP):
        sys.exit("sitrep binary not found: %s (set SITREP_BIN)" % SITREP)
    unittest.main()
