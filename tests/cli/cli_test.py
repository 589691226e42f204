#!/usr/bin/env python3
"""End-to-end tests of the `sitrep` command line (Python standard library only).

Run one case:  SITREP_BIN=build/sitrep python3 tests/cli/cli_test.py CliTest.test_csv_header
ctest registers every case from tools/sitrep/CMakeLists.txt.
"""
import csv
import io
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

SITREP = os.environ.get("SITREP_BIN", "build/sitrep")
SOURCE_DIR = os.environ.get(
    "SITREP_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SHARED_DIR = os.environ.get("SITREP_SHARED_DIR", os.path.join(os.path.dirname(SOURCE_DIR), "shared"))
# Sanitizer builds are several times slower and bigger.
SLOW = os.environ.get("SITREP_CLI_SLOW") == "1"

ACLED_COLUMNS = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp").split(",")

# Our own sentences, written for these tests.
STORIES = [
    "A roadside bomb exploded near a military bus in Daraa province on Tuesday, killing four "
    "soldiers and wounding six others, state media said.",
    "Clashes broke out between government forces and Islamic State fighters near Palmyra on "
    "Sunday, leaving at least 12 fighters dead, a war monitor reported.",
    "An air strike hit a crowded market in Idlib city on Monday, killing seven civilians, "
    "rescue workers said.",
    "Hundreds of people protested in Sweida on Friday against rising bread prices, local "
    "activists said.",
    "Gunmen on motorcycles shot dead two police officers at a checkpoint in Mosul yesterday, "
    "the interior ministry said.",
    "The weather was mild and the farmers brought their harvest to the market early.",
]


def make_articles(n):
    articles = []
    for i in range(n):
        day = 1 + i % 27
        articles.append({
            "id": "cli-%03d" % i,
            "text": "%s\n\n%s" % (STORIES[i % len(STORIES)], STORIES[(i * 7 + 3) % len(STORIES)]),
            "published": "2023-04-%02d" % day,
            "publisher": "Test Wire",
        })
    return articles


def write_jsonl(path, articles):
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")


def run(args, stdin=None, timeout=300):
    """Runs sitrep; returns (exit code, stdout bytes, stderr text)."""
    p = subprocess.run([SITREP] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sitrep_cli_")
        self.articles = os.path.join(self.tmp, "articles.jsonl")
        write_jsonl(self.articles, make_articles(24))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(self.path(name), mode) as f:
            f.write(data)
        return self.path(name)

    def assertSkipped(self, rc, err, needle):
        self.assertEqual(rc, 1, err)
        self.assertIn(needle, err)

    # ---- bad inputs ---------------------------------------------------------------------

    def test_nonexistent_path(self):
        missing = self.path("no-such-file.txt")
        rc, out, err = run(["extract", missing, self.articles])
        self.assertSkipped(rc, err, missing)
        self.assertIn("24 articles", err)

    def test_all_inputs_missing(self):
        rc, out, err = run(["extract", self.path("a.txt"), self.path("b.jsonl")])
        self.assertEqual(rc, 2, err)
        self.assertIn("a.txt", err)
        self.assertIn("b.jsonl", err)

    def test_empty_file(self):
        empty = self.write("empty.txt", "")
        rc, out, err = run(["extract", empty, self.articles, "--published", "2023-01-01"])
        self.assertSkipped(rc, err, "empty.txt")
        empty_jsonl = self.write("empty.jsonl", "")
        rc, out, err = run(["extract", empty_jsonl])
        self.assertIn(rc, (1, 2), err)
        self.assertIn("empty.jsonl", err)

    def test_invalid_utf8_file(self):
        bad = self.write("latin1.txt", "Une bombe a explos\xe9 pr\xe8s de Daraa.".encode("latin-1"))
        rc, out, err = run(["extract", bad, self.articles, "--published", "2023-01-01"])
        self.assertSkipped(rc, err, "latin1.txt")
        bad_line = self.write("bad.jsonl", b'{"id": "x", "text": "caf\xe9 bomb"}\n')
        rc, out, err = run(["extract", bad_line])
        self.assertSkipped(rc, err, "bad.jsonl:1")

    def test_binary_file(self):
        blob = bytes((i * 37 + 11) % 256 for i in range(65536))
        binary = self.write("blob.txt", blob)
        rc, out, err = run(["extract", binary, self.articles, "--published", "2023-01-01"])
        self.assertSkipped(rc, err, "blob.txt")
        self.assertIn("24 articles", err)

    def test_huge_single_line(self):
        sentence = "The weather was mild and the farmers brought their harvest to market early. "
        huge = self.path("huge.txt")
        with open(huge, "w") as f:
            chunk = sentence * (1 << 14)
            while f.tell() < 50 * 1000 * 1000:
                f.write(chunk)
        start = time.monotonic()
        rc, out, err = run(["extract", huge, "--published", "2023-01-01", "-o",
                            self.path("out.jsonl")])
        elapsed = time.monotonic() - start
        self.assertIn(rc, (0, 1), err)
        self.assertIn("huge.txt" if rc == 1 else "1 article", err)
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        limit_s, limit_mb = (300, 4096) if SLOW else (60, 1024)
        self.assertLess(elapsed, limit_s, "50 MB took %.1f s" % elapsed)
        self.assertLess(rss_mb, limit_mb, "50 MB used %.0f MB RSS" % rss_mb)

    def test_malformed_jsonl_line(self):
        good = make_articles(3)
        with open(self.path("mixed.jsonl"), "w") as f:
            f.write(json.dumps(good[0]) + "\n")
            f.write('{"id": "broken", "text": "unterminated\n')
            f.write(json.dumps(good[1]) + "\n")
            f.write("[1, 2, 3]\n")
            f.write(json.dumps(good[2]) + "\n")
        rc, out, err = run(["extract", self.path("mixed.jsonl")])
        self.assertSkipped(rc, err, "mixed.jsonl:2")
        self.assertIn("mixed.jsonl:4", err)
        self.assertIn("3 articles", err)
        self.assertIn("2 skipped", err)

    def test_bad_published(self):
        for value in ("yesterday", "2023-13-01", "2023-02-30", "23-01-01"):
            rc, out, err = run(["extract", self.articles, "--published", value])
            self.assertEqual(rc, 2, value + ": " + err)
            self.assertIn("--published", err)

    def test_bad_flag(self):
        rc, out, err = run(["extract", "--no-such-flag", self.articles])
        self.assertEqual(rc, 2, err)
        rc, out, err = run(["extract", "--format", "xml", self.articles])
        self.assertEqual(rc, 2, err)
        rc, out, err = run(["extract", "-j", "-3", self.articles])
        self.assertEqual(rc, 2, err)
        rc, out, err = run(["frobnicate"])
        self.assertEqual(rc, 2, err)
        rc, out, err = run([])
        self.assertEqual(rc, 2, err)

    def test_output_file_unwritable(self):
        rc, out, err = run(["extract", self.articles, "-o", self.path("no/such/dir/out.jsonl")])
        self.assertEqual(rc, 3, err)
        self.assertIn("no/such/dir/out.jsonl", err)
        not_a_db = self.write("garbage.sqlite", "this is not a database " * 500)
        rc, out, err = run(["extract", self.articles, "--db", not_a_db])
        self.assertEqual(rc, 3, err)
        self.assertIn("garbage.sqlite", err)

    # ---- outputs ------------------------------------------------------------------------

    def corpus(self):
        """Our articles, plus the shared dev set read in place when it is there."""
        inputs = [self.articles]
        devset = os.path.join(SHARED_DIR, "devset", "articles.jsonl")
        if os.path.exists(devset):
            inputs.append(devset)
        return inputs

    def test_jobs_identical(self):
        for fmt in ("jsonl", "csv"):
            rc1, out1, err1 = run(["extract", "-j", "1", "--format", fmt] + self.corpus())
            rc2, out2, err2 = run(["extract", "-j", "2", "--format", fmt] + self.corpus())
            rc3, out3, err3 = run(["extract", "-j", "7", "--format", fmt] + self.corpus())
            self.assertEqual(rc1, 0, err1)
            self.assertEqual(rc2, 0, err2)
            self.assertEqual(out1, out2)
            self.assertEqual(out1, out3)
        rc, jsonl, err = run(["extract", "-j", "2"] + self.corpus())
        for line in jsonl.decode("utf-8").splitlines():
            event = json.loads(line)
            self.assertIn("event_id", event)
            if event["latitude"] is not None:
                self.assertFalse(event["latitude"] == 0 and event["longitude"] == 0)

    def test_csv_header(self):
        rc, out, err = run(["extract", "--format", "csv"] + self.corpus())
        self.assertEqual(rc, 0, err)
        rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
        self.assertEqual(rows[0][:31], ACLED_COLUMNS)
        self.assertEqual(rows[0][31], "event_id")
        for row in rows[1:]:
            self.assertEqual(len(row), len(rows[0]))
        rc, jsonl, err = run(["extract"] + self.corpus())
        self.assertEqual(len(rows) - 1, len(jsonl.splitlines()))

    def test_csv_acled_admin1(self):
        # The CSV uses ACLED's admin1 spelling (data/gazetteer/acled_admin1.tsv); JSONL keeps sitrep's.
        article = {"id": "a1", "published": "2021-03-10", "text": "Bomb in Daraa\n\n"
                   "A roadside bomb killed two soldiers near the town of Busra al-Harir in "
                   "eastern rural Daraa on Tuesday, a monitor said."}
        path = self.path("daraa.jsonl")
        with open(path, "w") as f:
            f.write(json.dumps(article) + "\n")
        rc, out, err = run(["extract", "--format", "csv", path])
        self.assertEqual(rc, 0, err)
        rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"), newline="")))
        self.assertEqual(len(rows), 1, out)
        self.assertEqual(rows[0]["admin1"], "Dar'a")
        rc, out, err = run(["extract", path])
        self.assertEqual(json.loads(out.splitlines()[0])["admin1"], "Daraa")

    def test_geojson_parses(self):
        rc, out, err = run(["extract", "--format", "geojson"] + self.corpus())
        self.assertEqual(rc, 0, err)
        doc = json.loads(out)
        self.assertEqual(doc["type"], "FeatureCollection")
        rc, jsonl, err = run(["extract"] + self.corpus())
        self.assertEqual(len(doc["features"]), len(jsonl.splitlines()))
        for feature in doc["features"]:
            self.assertEqual(feature["type"], "Feature")
            geometry = feature["geometry"]
            props = feature["properties"]
            if geometry is None:
                self.assertIsNone(props["latitude"])
            else:
                self.assertEqual(geometry["coordinates"], [props["longitude"], props["latitude"]])
        # Zero events is still a valid document.
        rc, out, err = run(["extract", "--format", "geojson", "--published", "2023-01-01",
                            self.write("calm.txt", STORIES[-1])])
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["type"], "FeatureCollection")

    def test_db_twice_same_count(self):
        db = self.path("events.sqlite")
        rc, out, err = run(["extract", "--db", db, "-o", self.path("1.jsonl")] + self.corpus())
        self.assertEqual(rc, 0, err)

        def counts():  # every event extract printed is kept as a report (merged events may be fewer)
            with sqlite3.connect(db) as conn:
                return (conn.execute("SELECT count(*) FROM reports").fetchone()[0],
                        conn.execute("SELECT count(*) FROM articles").fetchone()[0])

        first = counts()
        rc, out, err = run(["extract", "--db", db, "-o", self.path("2.jsonl")] + self.corpus())
        self.assertEqual(rc, 0, err)
        self.assertEqual(counts(), first)
        with open(self.path("1.jsonl")) as f:
            ids = {json.loads(line)["event_id"] for line in f}
        self.assertEqual(first[0], len(ids))
        rc, out, err = run(["events", "--db", db, "--reports"])
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.splitlines()), first[0])

    def test_events_formats(self):
        db = self.path("events.sqlite")
        rc, out, err = run(["extract", "--db", db, "-q", "-o", os.devnull, self.articles])
        self.assertEqual(rc, 0, err)
        self.assertEqual(err, "")
        for fmt in ("jsonl", "csv", "geojson", "table"):
            rc, out, err = run(["events", "--db", db, "--format", fmt])
            self.assertEqual(rc, 0, fmt + ": " + err)
        rc, out, err = run(["events", "--db", self.path("missing.sqlite")])
        self.assertEqual(rc, 3, err)
        self.assertIn("missing.sqlite", err)
        self.assertFalse(os.path.exists(self.path("missing.sqlite")))
        rc, out, err = run(["events"])
        self.assertEqual(rc, 2, err)

    def test_events_bad_filters(self):
        """Every bad filter value is a usage error naming the option, the value and what is
        wrong (the parser the server's query parameters use too, sitrep/query.h)."""
        db = self.path("events.sqlite")
        rc, out, err = run(["extract", "--db", db, "-q", "-o", os.devnull, self.articles])
        self.assertEqual(rc, 0, err)
        cases = [
            (["--offset", "99999999999999999999"], ["--offset", "99999999999999999999", "whole number"]),
            (["--limit", "-1"], ["--limit", "whole number"]),
            (["--limit", "ten"], ["--limit", "ten"]),
            (["--near", "91,0,5"], ["--near", "latitude 91", "-90..90"]),
            (["--near", "0,181,5"], ["--near", "longitude 181"]),
            (["--near", "32,36,0"], ["--near", "radius"]),
            (["--near", "32,36"], ["--near", "2 numbers, not 3"]),
            (["--bbox", "1,2,x,4"], ["--bbox", "\"x\""]),
            (["--bbox", "30,40,35,30"], ["--bbox", "minimum latitude above"]),
            (["--from", "2023-02-30"], ["--from", "calendar"]),
            (["--from", "2023-04-10", "--to", "2023-04-01"], ["--from", "after", "--to"]),
            (["--since", "last week"], ["--since", "last week"]),
        ]
        for args, words in cases:
            with self.subTest(args=args):
                rc, out, err = run(["events", "--db", db] + args)
                self.assertEqual(rc, 2, err)
                self.assertEqual(out, b"")
                for w in words:
                    self.assertIn(w, err)
        # Good values still filter.
        rc, out, err = run(["events", "--db", db, "--limit", "2", "--offset", "1"])
        self.assertEqual(rc, 0, err)
        self.assertEqual(len(out.splitlines()), 2)
        rc, out, err = run(["events", "--db", db, "--offset", "9223372036854775807"])
        self.assertEqual((rc, out), (0, b""), err)

    def test_stdin_default(self):
        with open(self.articles, "rb") as f:
            data = f.read()
        rc, out_stdin, err = run(["extract"], stdin=data)
        self.assertEqual(rc, 0, err)
        rc, out_dash, err = run(["extract", "-"], stdin=data)
        self.assertEqual(rc, 0, err)
        rc, out_file, err = run(["extract", self.articles])
        self.assertEqual(out_stdin, out_file)
        self.assertEqual(out_dash, out_file)
        rc, out, err = run(["extract"], stdin=b"")
        self.assertIn(rc, (0, 1), err)

    # ---- hostile inputs and outputs (issue 15) -------------------------------------------

    def test_output_is_input(self):
        with open(self.articles, "rb") as f:
            before = f.read()
        rc, out, err = run(["extract", self.articles, "-o", self.articles])
        self.assertEqual(rc, 2, err)
        self.assertIn("is also an input", err)
        with open(self.articles, "rb") as f:
            self.assertEqual(f.read(), before)
        with open(self.articles, "rb") as stdin:
            p = subprocess.run([SITREP, "extract", "-o", self.articles], stdin=stdin,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn(b"is the file on stdin", p.stderr)
        with open(self.articles, "rb") as f:
            self.assertEqual(f.read(), before)
        store = self.path("store.sqlite")
        rc, out, err = run(["extract", self.articles, "-o", store, "--db", store])
        self.assertEqual(rc, 2, err)
        self.assertIn("--db store", err)
        self.assertFalse(os.path.exists(store))
        tree = self.path("tree")
        os.mkdir(tree)
        shutil.copy(self.articles, tree)
        rc, out, err = run(["extract", tree, "-o", os.path.join(tree, "events.jsonl")])
        self.assertEqual(rc, 2, err)
        self.assertIn("inside the input directory", err)
        self.assertFalse(os.path.exists(os.path.join(tree, "events.jsonl")))

    def test_closed_stdin(self):
        p = subprocess.run([SITREP, "extract"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=lambda: os.close(0), timeout=60)
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 3, err)
        self.assertIn("<stdin>: read error: Bad file descriptor", err)
        self.assertNotIn("internal error", err)

    def test_endless_input(self):
        # /dev/zero on stdin: refused at the limit, quickly, without holding it.
        start = time.monotonic()
        with open("/dev/zero", "rb") as zero:
            p = subprocess.run([SITREP, "extract", "--max-article-bytes", "4MiB"], stdin=zero,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        err = p.stderr.decode()
        self.assertEqual(p.returncode, 1, err)
        self.assertIn("<stdin>:1: binary data (NUL bytes) and no line end within 4194304 bytes",
                      err)
        self.assertLess(time.monotonic() - start, 60 if SLOW else 10)
        # A 40 MB line of text between two good records costs no more than the limit.
        good = json.dumps(make_articles(1)[0])
        big = self.write("big.jsonl", good + "\n" + '{"id": "huge", "text": "' + "a" * 40000000
                         + '"}\n' + good + "\n")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rc, out, err = run(["extract", big, "-o", os.devnull])
        self.assertEqual(rc, 1, err)
        self.assertIn('big.jsonl:2 (id "huge"): record longer than the limit of 8388608 bytes', err)
        self.assertIn("2 articles", err)
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.assertLess(rss_mb, 1024 if SLOW else 200, "RSS %.0f MB" % rss_mb)

    def test_directory_skips(self):
        tree = self.path("tree")
        os.makedirs(os.path.join(tree, "sub"))
        shutil.copy(self.articles, os.path.join(tree, "sub", "a.jsonl"))
        os.symlink("/etc/passwd", os.path.join(tree, "passwd.txt"))
        os.symlink(os.path.join(tree, "gone.txt"), os.path.join(tree, "dangling.txt"))
        os.mkfifo(os.path.join(tree, "pipe.jsonl"))
        rc, out, err = run(["extract", tree, "--published", "2023-01-01"])
        self.assertEqual(rc, 1, err)
        self.assertIn("passwd.txt: symbolic link to /etc/passwd, outside", err)
        self.assertIn("dangling.txt: dangling symbolic link, skipped", err)
        self.assertIn("pipe.jsonl: a FIFO, not a regular file, skipped", err)
        self.assertIn("24 articles", err)
        self.assertIn("3 skipped", err)
        rc, out, err = run(["extract", tree, "--published", "2023-01-01", "--follow-links"])
        self.assertIn("25 articles", err)  # /etc/passwd, as asked
        empty = self.path("empty")
        os.mkdir(empty)
        rc, out, err = run(["extract", empty])
        self.assertEqual(rc, 2, err)
        self.assertIn("empty: no .txt, .html, .htm, .jsonl or .json files in this directory", err)

    def test_article_limit(self):
        articles = make_articles(3)
        articles[1]["text"] = "Calm day. " * 20000  # 200 kB
        write_jsonl(self.path("limit.jsonl"), articles)
        rc, out, err = run(["extract", self.path("limit.jsonl"), "--max-article-bytes", "100KiB"])
        self.assertEqual(rc, 1, err)
        self.assertIn('limit.jsonl:2 (id "cli-001"): record longer than the limit of 102400 bytes',
                      err)
        self.assertIn("2 articles", err)
        rc, out, err = run(["extract", self.path("limit.jsonl"), "--max-events", "1"])
        self.assertEqual(rc, 1, err)
        self.assertIn("only the first 1 kept (--max-events)", err)
        self.assertEqual(len(out.splitlines()), 2)
        with open(os.path.join(SOURCE_DIR, "docs", "cli.md")) as f:
            docs = f.read()
        for flag in ("--max-article-bytes", "--max-document-bytes", "--max-events", "8 MiB"):
            self.assertIn(flag, docs)

    def test_memory_and_time_limits(self):
        articles = make_articles(3)
        articles[1]["text"] = "Shelling hit Aleppo, Idlib, Homs and Hama. " * 8000  # 344 kB
        write_jsonl(self.path("big.jsonl"), articles)
        rc, out, err = run(["extract", self.path("big.jsonl"), "--max-memory", "32MiB"])
        self.assertEqual(rc, 1, err)
        self.assertIn("big.jsonl:2: an article of 344000 bytes needs about 43 MiB to extract, "
                      "over the limit of 32 MiB (--max-memory)", err)
        self.assertIn("2 articles", err)
        rc, out, err = run(["extract", self.path("big.jsonl"), "--max-seconds", "1e-9"])
        self.assertEqual(rc, 1, err)
        self.assertRegex(err, r"big\.jsonl:1: extraction took [0-9.]+ s, over the limit of 1e-09 s "
                              r"for one article \(stopped after cleaning\)")
        rc, out, err = run(["extract", self.path("big.jsonl"), "--max-seconds", "0"])
        self.assertEqual(rc, 0, err)

    def test_geocode_from_anywhere(self):
        env = {k: v for k, v in os.environ.items() if k != "SITREP_DATA_DIR"}
        p = subprocess.run([os.path.abspath(SITREP), "geocode", "Aleppo"], cwd=self.tmp, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr.decode())
        self.assertIn(b"* 1. Aleppo [", p.stdout)
        # TODO(issue 11): "Mlihat al Atash" (README) once the village gazetteer has landed.

    def hostile_article(self):
        return {"id": "evil\x1b[2J", "published": "2023-04-02",
                "publisher": "=HYPERLINK(\"http://evil.example\",\"x\")\x1b]0;owned\x07\nWire",
                "text": "Gunmen killed three soldiers at a checkpoint near Mosul on Saturday, "
                        "\x1b[31mpolice said\x1b[0m. \u202eThe attack\u202c was the third."}

    def test_table_fits_and_escapes(self):
        write_jsonl(self.path("evil.jsonl"), [self.hostile_article()] + make_articles(6))
        for columns, limit in (("80", 80), (None, 120), ("200", 200)):
            env = dict(os.environ)
            env.pop("COLUMNS", None)
            if columns:
                env["COLUMNS"] = columns
            p = subprocess.run([SITREP, "extract", "--format", "table", self.path("evil.jsonl")],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr.decode())
            text = p.stdout.decode()
            self.assertGreater(len(text.splitlines()), 4)
            for line in text.splitlines():
                self.assertLessEqual(len(line), limit, line)
            for stream in (p.stdout, p.stderr):
                self.assertNotIn(b"\x1b", stream)
                self.assertNotIn(b"\x07", stream)
                self.assertNotIn("\u202e".encode(), stream)

    def test_csv_formula_injection(self):
        write_jsonl(self.path("evil.jsonl"), [self.hostile_article()])
        rc, out, err = run(["extract", "--format", "csv", self.path("evil.jsonl")])
        self.assertEqual(rc, 0, err)
        rows = list(csv.DictReader(io.StringIO(out.decode("utf-8"), newline="")))
        self.assertEqual(len(rows), 1, out)
        self.assertTrue(rows[0]["source"].startswith("'=HYPERLINK("), rows[0]["source"])
        self.assertNotIn("\x1b", out.decode())
        for row in rows:
            for value in row.values():
                self.assertFalse(value[:1] in ("=", "+", "@") and not value.startswith("'"), value)
        self.assertNotEqual(rows[0]["latitude"][:1], "'")

    def test_write_failure(self):
        rc, out, err = run(["extract", self.articles, "-o", "/dev/full"])
        self.assertEqual(rc, 3, err)
        lines = err.splitlines()
        self.assertIn("sitrep: /dev/full: cannot write: No space left on device", lines)
        self.assertRegex(lines[-1], r"^\d+ articles?, \d+ events?, \d+ skipped$")

    def test_unknown_command(self):
        rc, out, err = run(["bogus"])
        self.assertEqual(rc, 2, err)
        self.assertIn('unknown command "bogus"', err)
        self.assertIn("extract", err)

    def test_json_document(self):
        articles = make_articles(3)
        with open(self.path("pretty.json"), "w") as f:
            json.dump(articles, f, indent=2)
        rc, out, err = run(["extract", self.path("pretty.json")])
        self.assertEqual(rc, 0, err)
        self.assertIn("3 articles", err)
        with open(self.path("broken.json"), "w") as f:
            f.write(json.dumps(articles[0], indent=2)[:-3])
        rc, out, err = run(["extract", self.path("broken.json")])
        self.assertEqual(rc, 1, err)
        self.assertEqual(err.count("skipped"), 2, err)  # one error line, and the summary
        self.assertIn("broken.json: malformed JSON at byte", err)

    def test_published_rules(self):
        rc, out, err = run(["extract", self.articles, "--published", "0000-01-01"])
        self.assertEqual(rc, 2, err)
        self.assertIn("--published", err)
        bad = make_articles(2)
        bad[0]["published"] = "2020-01-01T25:99:00Z"
        write_jsonl(self.path("times.jsonl"), bad)
        rc, out, err = run(["extract", self.path("times.jsonl")])
        self.assertEqual(rc, 1, err)
        self.assertIn('times.jsonl:1 (id "cli-000"): field "published" is "2020-01-01T25:99:00Z": '
                      'no such time of day', err)
        page = self.write("page.html", '<html><head><meta property="article:published_time" '
                          'content="2021-05-03T08:00:00Z"></head><body><p>%s</p></body></html>'
                          % STORIES[0])
        rc, out, err = run(["extract", page, "--published", "2022-01-01"])
        self.assertEqual(rc, 0, err)
        events = [json.loads(line) for line in out.splitlines()]
        self.assertTrue(events)
        self.assertEqual({e["published"] for e in events}, {"2021-05-03"})

    def test_all_cases_registered(self):
        """Every test_ method here must be listed in tools/sitrep/CMakeLists.txt for ctest."""
        with open(os.path.join(SOURCE_DIR, "tools", "sitrep", "CMakeLists.txt")) as f:
            words = set(f.read().replace("(", " ").replace(")", " ").split())
        for name in dir(self):
            if name.startswith("test_"):
                self.assertTrue(name[len("test_"):] in words,
                                "%s: add it to sitrep_cli_cases in tools/sitrep/CMakeLists.txt" % name)

    def test_help_and_version(self):
        for args in (["--help"], ["extract", "--help"], ["events", "--help"], ["version", "--help"]):
            rc, out, err = run(args)
            self.assertEqual(rc, 0, " ".join(args) + ": " + err)
            self.assertIn(b"Usage", out)
        rc, out, err = run(["version"])
        self.assertEqual(rc, 0)
        self.assertRegex(out.decode(), r"^sitrep \d+\.\d+\.\d+")


if __name__ == "__main__":
    if not os.path.exists(SITREP):
        sys.exit("sitrep binary not found: %s (set SITREP_BIN)" % SITREP)
    unittest.main()
