#!/usr/bin/env python3
"""The event store through the command line: nothing printed is lost in the store, article
ids never clash, `events --db` reads without writing (Python standard library only).

Run one case:  SITREP_BIN=build/sitrep python3 tests/store/store_cli_test.py StoreCliTest.test_devset_stored
ctest registers every case from tests/store/CMakeLists.txt. Cases that need ../shared skip
when it is absent; SITREP_STORE_SLOW=1 (sanitizer builds) skips the 50 MB corpus.
"""
import csv
import datetime as dt
import json
import os
import re
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import shutil
import unittest

SITREP = os.environ.get("SITREP_BIN", "build/sitrep")
SOURCE_DIR = os.environ.get(
    "SITREP_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SHARED_DIR = os.environ.get("SITREP_SHARED_DIR", os.path.join(os.path.dirname(SOURCE_DIR), "shared"))
SLOW = os.environ.get("SITREP_STORE_SLOW") == "1"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import synthetic  # noqa: E402


def peak_rss_mb(args):
    """Runs sitrep in a fresh Python child and returns (exit code, that child's peak RSS in MB)."""
    probe = ("import resource, subprocess, sys\n"
             "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
             "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n")
    out = subprocess.run([sys.executable, "-c", probe, SITREP] + args, stdout=subprocess.PIPE,
                         check=True, text=True).stdout.split()
    return int(out[0]), int(out[1])


def run(args, stdin=None, timeout=900):
    """Runs sitrep; returns (exit code, stdout bytes, stderr text)."""
    p = subprocess.run([SITREP] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def event_ids(jsonl_bytes):
    return [json.loads(line)["event_id"] for line in jsonl_bytes.splitlines() if line.strip()]


def acled_articles(path):
    """ACLED's rows as articles (notes as text), written to `path` (a temporary file)."""
    src = os.path.join(SHARED_DIR, "external", "acled", "RPanlilio_acled_2020.csv")
    n = 0
    with open(src, newline="", encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for row in csv.DictReader(f):
            if not row.get("notes", "").strip():
                continue
            date = dt.datetime.strptime(row["event_date"], "%d-%b-%y").date().isoformat()
            out.write(json.dumps({"id": row["event_id_cnty"], "published": date,
                                  "publisher": row.get("source", ""), "text": row["notes"]},
                                 ensure_ascii=False) + "\n")
            n += 1
    return n


class StoreCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sitrep_store_cli_")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def need_shared(self, *parts):
        p = os.path.join(SHARED_DIR, *parts)
        if not os.path.exists(p):
            self.skipTest("needs ../shared: " + p)
        return p

    def assert_stored_equals_printed(self, inputs, jobs="2"):
        """Every event `extract --db` prints is in the store, once: as a report (byte for byte)
        and in exactly one merged event."""
        db = self.path("store.sqlite")
        rc, printed, err = run(["extract", "-q", "-j", jobs, "--db", db] + inputs)
        self.assertIn(rc, (0, 1), err)
        printed_lines = [l for l in printed.splitlines() if l.strip()]
        printed_ids = event_ids(printed)
        self.assertGreater(len(printed_ids), 0)
        self.assertEqual(len(set(printed_ids)), len(printed_ids), "two printed events share an id")
        rc, reports, err = run(["events", "--db", db, "--reports"])
        self.assertEqual(rc, 0, err)
        self.assertEqual(sorted(reports.splitlines()), sorted(printed_lines))
        rc, merged, err = run(["events", "--db", db])
        self.assertEqual(rc, 0, err)
        merged = [json.loads(l) for l in merged.splitlines()]
        self.assertLessEqual(len(merged), len(printed_ids))
        self.assertTrue({e["event_id"] for e in merged} <= set(printed_ids))
        # Each report is in one merged event: the articles of the merged events add up.
        self.assertEqual(sum(len(e["article_ids"]) for e in merged), len(printed_ids))
        with sqlite3.connect(db) as conn:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        return len(printed_ids)

    def test_devset_stored(self):
        n = self.assert_stored_equals_printed([self.need_shared("devset", "articles.jsonl")])
        self.assertGreaterEqual(n, 37)

    def test_acled_rows_stored(self):
        self.need_shared("external", "acled", "RPanlilio_acled_2020.csv")
        articles = self.path("acled.jsonl")
        self.assertEqual(acled_articles(articles), 5070)  # 5,071 rows, one without notes
        self.assertGreater(self.assert_stored_equals_printed([articles]), 4000)

    def test_corpus_50mb_stored(self):
        if SLOW:
            self.skipTest("the 50 MB corpus runs in the release tree only")
        self.need_shared("devset", "articles.jsonl")
        corpus = self.path("corpus.jsonl")
        subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "bench", "make_corpus.py"),
                        "--out", corpus, "--mb", "50", "--shared", SHARED_DIR],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.assertGreater(self.assert_stored_equals_printed([corpus]), 40000)

    def write(self, name, text):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    def test_same_file_name_in_two_folders(self):
        """a/report.txt and b/report.txt are two articles, both kept in the store."""
        a = self.write("a/report.txt", "A roadside bomb killed four soldiers near Daraa on "
                       "Tuesday, state media said.")
        b = self.write("b/report.txt", "Gunmen shot dead two police officers in Mosul on "
                       "Monday, the interior ministry said.")
        db = self.path("store.sqlite")
        rc, printed, err = run(["extract", "-q", "--published", "2023-04-05", "--db", db, a, b])
        self.assertEqual(rc, 0, err)
        printed = [json.loads(l) for l in printed.splitlines()]
        article_ids = {e["article_ids"][0] for e in printed}
        self.assertEqual(len(article_ids), 2, printed)
        with sqlite3.connect(db) as conn:
            self.assertEqual(conn.execute("SELECT count(*) FROM articles").fetchone()[0], 2)
        rc, stored, err = run(["events", "--db", db, "--reports"])
        self.assertEqual(sorted(event_ids(stored)), sorted(e["event_id"] for e in printed))

    def test_id_names_one_article(self):
        a = self.write("a.txt", "A roadside bomb killed four soldiers near Daraa on Tuesday.")
        b = self.write("b.txt", "Gunmen shot dead two police officers in Mosul on Monday.")
        jsonl = self.write("c.jsonl", json.dumps({"id": "c", "text": "Shelling hit Idlib."}) + "\n")
        db = self.path("store.sqlite")
        for inputs in ([a, b], [jsonl], [self.tmp]):
            rc, out, err = run(["extract", "--id", "x", "--db", db] + inputs)
            self.assertEqual(rc, 2, err)
            self.assertIn("--id", err)
            self.assertEqual(out, b"")
        rc, out, err = run(["extract", "--id", "x"], stdin=b"")
        self.assertEqual(rc, 2, err)
        self.assertFalse(os.path.exists(db))
        rc, out, err = run(["extract", "-q", "--id", "given", "--published", "2023-04-05", a])
        self.assertEqual(rc, 0, err)
        self.assertTrue(out)
        self.assertTrue(all(json.loads(l)["article_ids"] == ["given"] for l in out.splitlines()))

    def test_events_reads_only_sitrep_stores(self):
        """`events --db` never creates tables in, or changes, a database that is not a store."""
        foreign = self.path("foreign.sqlite")
        with sqlite3.connect(foreign) as conn:
            conn.execute("CREATE TABLE notes(body TEXT)")
            conn.execute("INSERT INTO notes VALUES ('keep me')")
        empty = self.write("empty.sqlite", "")
        garbage = self.write("garbage.sqlite", "this is not a database\n" * 200)
        for db in (foreign, empty, garbage):
            with open(db, "rb") as f:
                before = f.read()
            rc, out, err = run(["events", "--db", db])
            self.assertEqual(rc, 3, err)
            self.assertIn(db + ": not a sitrep store", err)
            self.assertEqual(out, b"")
            with open(db, "rb") as f:
                self.assertEqual(f.read(), before, db + " was changed")
            self.assertFalse(os.path.exists(db + "-wal"), db)
        # extract --db refuses a foreign database too, and leaves it as it was.
        articles = self.write("a.jsonl", json.dumps({"id": "a", "published": "2023-04-05",
                                                     "text": "Shelling killed two people in Idlib on Monday."}) + "\n")
        rc, out, err = run(["extract", "-q", "--db", foreign, articles])
        self.assertEqual(rc, 3, err)
        self.assertIn("not a sitrep store", err)
        with sqlite3.connect(foreign) as conn:
            self.assertEqual(conn.execute("SELECT name FROM sqlite_master").fetchall(), [("notes",)])

    def test_events_streams(self):
        """Printing a store holds one event at a time, not the whole store."""
        if SLOW:
            self.skipTest("memory is measured in the release tree only")
        articles = self.path("reports.jsonl")
        synthetic.write(articles, 20000)
        db = self.path("store.sqlite")
        rc, out, err = run(["extract", "-q", "-j", "2", "--db", db, "-o", os.devnull, articles])
        self.assertEqual(rc, 0, err)
        rc, rss = peak_rss_mb(["events", "--db", db])
        self.assertEqual(rc, 0)
        with sqlite3.connect(db) as conn:
            n = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        self.assertGreater(n, 15000)
        # Loading every event (about 2.7 KB each) would need 55 MB or more.
        self.assertLess(rss, 35, "sitrep events used %d MB for %d events" % (rss, n))

    def store_content(self, db):
        """The merged events (without their timestamps) and the reports of a store."""
        rc, events, err = run(["events", "--db", db])
        self.assertEqual(rc, 0, err)
        rc, reports, err = run(["events", "--db", db, "--reports"])
        self.assertEqual(rc, 0, err)
        stripped = []
        for line in events.splitlines():
            e = json.loads(line)
            e.pop("timestamp", None)
            stripped.append(json.dumps(e, sort_keys=True))
        return stripped, reports.splitlines()

    def test_kill_9_and_resume(self):
        """kill -9 at 20 random points of a 20,000-article ingest, then resume: the store is the
        one a clean run makes, and SQLite's integrity check passes."""
        if SLOW:
            self.skipTest("runs in the release tree only")
        articles = self.path("reports.jsonl")
        synthetic.write(articles, 20000, seed=5)
        clean = self.path("clean.sqlite")
        cmd = ["extract", "-q", "-j", "2", "-o", os.devnull, articles, "--db"]
        started = time.monotonic()
        rc, _, err = run(cmd + [clean])
        self.assertEqual(rc, 0, err)
        full_run = time.monotonic() - started
        # A resumed run skips what is stored, so the kill points are spread over the ingest by
        # what one run gets done: start-up plus 1-5 % of a full run each time.
        one = self.path("one.jsonl")
        synthetic.write(one, 1, seed=5)
        started = time.monotonic()
        rc, _, err = run(cmd[:-2] + [one, "--db", self.path("startup.sqlite")])
        self.assertEqual(rc, 0, err)
        startup = time.monotonic() - started
        crashed = self.path("crashed.sqlite")
        rng = random.Random(11)
        kills = 0
        for _ in range(20):
            p = subprocess.Popen([SITREP] + cmd + [crashed], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            try:
                p.wait(timeout=startup + rng.uniform(0.01, 0.05) * full_run)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                p.wait()
                kills += 1
        self.assertGreaterEqual(kills, 10, "the ingest ended before most kills")
        rc, _, err = run(cmd + [crashed])  # resume to the end
        self.assertEqual(rc, 0, err)
        with sqlite3.connect(crashed) as conn:
            self.assertEqual(conn.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(self.store_content(crashed), self.store_content(clean))

    def test_all_cases_registered(self):
        """Every test_ method here must be listed in tests/store/CMakeLists.txt for ctest."""
        with open(os.path.join(SOURCE_DIR, "tests", "store", "CMakeLists.txt")) as f:
            registered = f.read()
        for name in dir(self):
            if name.startswith("test_"):
                self.assertIn(name[len("test_"):], re.findall(r"\w+", registered), name)


if __name__ == "__main__":
    unittest.main()
