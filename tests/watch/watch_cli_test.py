#!/usr/bin/env python3
"""`sitrep watch` through the command line (Python standard library only): a directory
watched across restarts, an RSS feed served over HTTP on 127.0.0.1 with items appearing
between polls, a Telegram export, kill -9 during a watch, bad feeds and files.

Run one case:  SITREP_BIN=build/sitrep python3 tests/watch/watch_cli_test.py WatchCliTest.test_feed_over_http
ctest registers every case from tests/watch/CMakeLists.txt. Every text here was written for
this test; the kill -9 case uses tests/store/synthetic.py's reports.
"""
import functools
import http.server
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

SITREP = os.environ.get("SITREP_BIN", "build/sitrep")
SOURCE_DIR = os.environ.get(
    "SITREP_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SLOW = os.environ.get("SITREP_WATCH_SLOW") == "1"
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "store"))
import synthetic  # noqa: E402


def run(args, timeout=600):
    """Runs sitrep; returns (exit code, stdout text, stderr text)."""
    p = subprocess.run([SITREP] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def rss(title, items):
    """An RSS 2.0 document; items are (guid, title, date, html body)."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           "<channel><title>%s</title><link>http://127.0.0.1/</link>" % title]
    for guid, item_title, date, body in items:
        out.append("<item><title>%s</title><guid>%s</guid><link>http://127.0.0.1/%s</link>"
                   "<pubDate>%s</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>"
                   % (item_title, guid, guid, date, body))
    out.append("</channel></rss>")
    return "\n".join(out)


FEED_ITEMS = [
    ("kh-1", "Car bomb in Azaz", "Mon, 01 Jul 2019 09:30:00 +0300",
     "<p>A car bomb exploded at a market in Azaz, Aleppo province, on Monday, killing four "
     "civilians, medics said.</p>"),
    ("kh-2", "Clashes near Tafas", "Tue, 02 Jul 2019 18:00:00 +0300",
     "<p>Government forces and insurgents clashed near Tafas in Daraa province on Tuesday, "
     "leaving three fighters dead, a local monitor reported.</p>"),
    ("kh-3", "Shelling on Ariha", "Wed, 03 Jul 2019 07:00:00 +0300",
     "<p>Shelling on Ariha in Idlib province killed two civilians on Wednesday, rescue workers "
     "said.</p>"),
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a directory; remembers each request's path and status."""

    def log_request(self, code="-", size="-"):
        self.server.requests.append((self.path, int(code) if str(code).isdigit() else code))

    def log_message(self, *args):
        pass


class Server:
    """A real HTTP server on 127.0.0.1 (an ephemeral port) serving `directory`."""

    def __init__(self, directory):
        handler = functools.partial(QuietHandler, directory=directory)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.requests = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name):
        return "http://127.0.0.1:%d/%s" % (self.httpd.server_address[1], name)

    def requests(self):
        return list(self.httpd.requests)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class WatchCliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sitrep_watch_cli_")
        self.db = self.path("store.sqlite")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def write(self, rel, text, age=10):
        """Writes a file dated `age` seconds ago (older than the settle time)."""
        p = self.path(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        t = time.time() - age
        os.utime(p, (t, t))
        return p

    def query(self, sql, db=None):
        with sqlite3.connect(db or self.db, timeout=30) as conn:
            return conn.execute(sql).fetchall()

    def articles(self, db=None):
        return {row[0]: row[1] for row in self.query("SELECT id, publisher FROM articles", db)}

    def events(self, db=None):
        rc, out, err = run(["events", "--db", db or self.db])
        self.assertEqual(rc, 0, err)
        return [json.loads(line) for line in out.splitlines()]

    def store_content(self, db):
        """The merged events (without their timestamps) and the reports of a store."""
        stripped = []
        for e in self.events(db):
            e.pop("timestamp", None)
            stripped.append(json.dumps(e, sort_keys=True))
        rc, reports, err = run(["events", "--db", db, "--reports"])
        self.assertEqual(rc, 0, err)
        return stripped, reports.splitlines()

    def watch_once(self, *sources, expect=0):
        rc, out, err = run(["watch", "--once", "-j", "2", "--settle", "0", "--db", self.db]
                           + list(sources))
        self.assertEqual(rc, expect, err)
        self.assertEqual(out, "")  # diagnostics only on stderr
        return err

    def test_directory_across_restarts(self):
        """Each run reads only what is new; the store ends as `extract --db` makes it."""
        inbox = self.path("inbox")
        self.write("inbox/azaz.txt", FEED_ITEMS[0][3][3:-4])
        self.write("inbox/wire/daraa.html",
                   "<html><head><title>Clashes near Tafas</title></head><body><p>%s</p></body></html>"
                   % FEED_ITEMS[1][3][3:-4])
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^2 articles, \d+ events ")
        self.assertEqual(len(self.articles()), 2)
        err = self.watch_once(inbox)  # a restart: nothing new
        self.assertRegex(err, r"^0 articles, 0 events ")
        self.write("inbox/later.jsonl", json.dumps(
            {"id": "later-1", "published": "2019-07-03", "publisher": "Night Desk",
             "text": FEED_ITEMS[2][3][3:-4]}) + "\n")
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^1 article, \d+ events? ")
        self.assertEqual(self.articles()["later-1"], "Night Desk")
        # The same files through extract give the same store.
        reference = self.path("extract.sqlite")
        rc, _, err = run(["extract", "-q", "-j", "2", "-o", os.devnull, "--db", reference, inbox])
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.store_content(self.db), self.store_content(reference))

    def test_growing_jsonl_read_from_where_it_stopped(self):
        """A JSONL file appended to between runs: each run reads only the new lines (nothing
        'already read'), a half-written last line is read once whole, and a file rewritten or
        truncated in place is read again from its start."""
        inbox = self.path("inbox")
        lines = [json.dumps({"id": "grow-%d" % i, "published": "2019-07-0%d" % (i + 1),
                             "publisher": "Night Desk", "text": FEED_ITEMS[i][3][3:-4]}) + "\n"
                 for i in range(3)]
        feed = self.write("inbox/feed.jsonl", lines[0])
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^1 article, ")

        def append(text):
            with open(feed, "a", encoding="utf-8") as f:
                f.write(text)
            t = time.time() - 10
            os.utime(feed, (t, t))

        append(lines[1])
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^1 article, ")
        self.assertNotIn("already read", err)  # the first line was not read again
        self.assertEqual(sorted(self.articles()), ["grow-0", "grow-1"])
        # Half a line (a writer caught mid-record): left for the next run, not reported.
        append(lines[2][:40])
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^0 articles, .* 0 skipped")
        append(lines[2][40:])
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^1 article, ")
        self.assertNotIn("already read", err)
        self.assertEqual(sorted(self.articles()), ["grow-0", "grow-1", "grow-2"])
        # A bad line after an offset is named by its line number in the whole file.
        append("{not json\n")
        err = self.watch_once(inbox, expect=1)
        self.assertIn("feed.jsonl:4", err)
        # Rewritten in place (same length, other bytes): read again from the start; the
        # articles already stored with the same content are skipped, the changed one is put.
        changed = lines[0].replace("four civilians", "five civilians")
        self.assertEqual(len(changed), len(lines[0]))
        self.write("inbox/feed.jsonl", changed + "".join(lines[1:]) + "{not json\n")
        err = self.watch_once(inbox, expect=1)
        self.assertRegex(err, r"(?m)^1 article, ")
        self.assertIn("2 already read", err)
        self.assertIn("1 rewritten file read again", err)
        self.assertIn("five civilians", self.query("SELECT text FROM articles WHERE id='grow-0'")[0][0])
        # Truncated to its first line and appended to: read from the start again.
        self.write("inbox/feed.jsonl", changed + lines[1].replace("grow-1", "grow-9"))
        err = self.watch_once(inbox)
        self.assertRegex(err, r"^1 article, ")
        self.assertIn("1 rewritten file read again", err)
        self.assertIn("grow-9", self.articles())

    def test_feed_over_http(self):
        """A feed on a local HTTP server: items that appear between polls are read, once."""
        site = self.path("site")
        os.makedirs(site)
        feed = os.path.join(site, "feed.xml")

        def publish(items, bump):
            with open(feed, "w", encoding="utf-8") as f:
                f.write(rss("Kestrel News", items))
            t = time.time() + bump  # a later second than the last poll's If-Modified-Since
            os.utime(feed, (t, t))

        publish(FEED_ITEMS[:2], 0)
        server = Server(site)
        try:
            url = server.url("feed.xml")
            err = self.watch_once(url)
            self.assertRegex(err, r"^2 articles, ")
            err = self.watch_once(url)
            self.assertRegex(err, r"^0 articles, ")
            self.assertEqual([code for _, code in server.requests()], [200, 304])  # conditional GET
            # A watch that keeps polling: a new item is read at the next poll.
            p = subprocess.Popen([SITREP, "watch", "--interval", "0.3", "-j", "2", "--db", self.db,
                                  "--feed", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                self.wait_for(lambda: len(server.requests()) >= 4, "two polls")
                publish(FEED_ITEMS, 2)
                self.wait_for(lambda: len(self.articles()) == 3, "the third item")
            finally:
                p.send_signal(signal.SIGTERM)
                out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            self.assertIn("pass ", err.decode())
        finally:
            server.close()
        self.assertEqual(set(self.articles().values()), {"Kestrel News"})
        events = self.events()
        self.assertEqual({s for e in events for s in e["sources"]}, {"Kestrel News"})
        self.assertIn("Ariha", {e["location"] for e in events})
        self.assertEqual(len(self.query("SELECT * FROM reports")), sum(len(e["article_ids"]) for e in events))

    def wait_for(self, condition, what, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        self.fail("timed out waiting for " + what)

    TELEGRAM = {
        "name": "Frontline Daily", "type": "public_channel", "id": 1777000111,
        "messages": [
            {"id": 1, "type": "service", "date": "2019-07-01T08:00:00", "action": "create_channel"},
            {"id": 2, "type": "message", "date": "2019-07-02T10:25:00", "from": "Frontline Daily",
             "text": ["Gunmen ", {"type": "bold", "text": "shot dead two police officers"},
                      " at a checkpoint in Samarra, Salahuddin province, on Tuesday."]},
            {"id": 3, "type": "message", "date": "2019-07-02T11:00:00", "photo": "photos/1.jpg",
             "text": ""},
        ]}

    def test_telegram_export(self):
        """Each post is an article published by the channel; another outlet's report of the
        same shooting, in a watched directory, merges with it as they are read."""
        export = self.write("ChatExport_2019-07-03/result.json", json.dumps(self.TELEGRAM, indent=1))
        self.write("inbox/wire.jsonl", json.dumps(
            {"id": "wire-1", "published": "2019-07-02", "publisher": "Valley Herald",
             "text": "Two police officers were shot dead by gunmen at a checkpoint in Samarra, "
                     "Salahuddin province, on Tuesday, the interior ministry said."}) + "\n")
        self.watch_once("--telegram", os.path.dirname(export), self.path("inbox"))
        self.assertEqual(self.articles(), {"telegram-1777000111-2": "Frontline Daily",
                                           "wire-1": "Valley Herald"})
        attacks = [e for e in self.events() if e["location"] == "Samarra"]
        self.assertEqual(len(attacks), 1, attacks)
        self.assertEqual(sorted(attacks[0]["sources"]), ["Frontline Daily", "Valley Herald"])
        self.assertEqual(sorted(attacks[0]["article_ids"]), ["telegram-1777000111-2", "wire-1"])
        # A re-export with one more post: only that post is read.
        grown = json.loads(json.dumps(self.TELEGRAM))
        grown["messages"].append({"id": 4, "type": "message", "date": "2019-07-04T09:00:00",
                                  "text": "Security forces arrested five people in a raid on "
                                          "Hawija, Kirkuk province, on Thursday."})
        self.write("ChatExport_2019-07-03/result.json", json.dumps(grown, indent=1), age=5)
        err = self.watch_once(export)
        self.assertRegex(err, r"^1 article, .* 1 already read")
        self.assertIn("telegram-1777000111-4", self.articles())

    def test_kill_9_and_resume(self):
        """kill -9 at random points of a watch, then a restart: the store a clean run makes."""
        if SLOW:
            self.skipTest("runs in the release tree only")
        inbox = self.path("inbox")
        os.makedirs(inbox)
        rng = random.Random(7)
        # (Enough that 15 runs, each killed after a batch or two, cannot read everything.)
        total = 12000
        reports = synthetic.articles(total, seed=9)
        for k in range(0, len(reports), 100):  # 120 files of 100 articles
            self.write("inbox/part-%03d.jsonl" % (k // 100),
                       "".join(json.dumps(a) + "\n" for a in reports[k:k + 100]))
        clean = self.path("clean.sqlite")
        base = [SITREP, "watch", "-q", "-j", "2", "--settle", "0"]
        cmd = base + [inbox, "--db"]
        subprocess.run(cmd + [clean, "--once"], check=True)
        # A restarted watch skips what is stored. Each run is killed once the store has grown
        # by a random 1-100 articles (a few batches), a random 0-50 ms later: the kills fall
        # at random points of batches and commits, spread over the ingest however fast the
        # machine is at the time (a timed kill lets a fast run finish everything).

        def stored():
            if not os.path.exists(self.db):  # connecting would create it
                return 0
            try:
                return len(self.articles())
            except sqlite3.Error:  # not created yet
                return 0

        kills = 0
        for _ in range(15):
            target = stored() + rng.randint(1, 100)
            p = subprocess.Popen(cmd + [self.db, "--interval", "1"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 300
            while (p.poll() is None and stored() < min(target, total) and
                   time.monotonic() < deadline):
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.05))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                kills += 1
            p.wait()
        self.assertEqual(kills, 15)  # a watch without --once never ends by itself
        partial = len(self.articles())
        self.assertLess(partial, total, "the kills came after everything was read")
        self.assertGreater(partial, 0, "the kills came before anything was read")
        subprocess.run(cmd + [self.db, "--once"], check=True)
        self.assertEqual(self.query("PRAGMA integrity_check"), [("ok",)])
        self.assertEqual(self.store_content(self.db), self.store_content(clean))
        self.assertEqual(self.query("SELECT count(*) FROM articles"), [(total,)])

    def test_bad_sources_reported_and_skipped(self):
        """Malformed feeds and exports, a 404, a closed port and a bad JSONL line: each is
        named in a message and skipped; the good items are read; exit 1."""
        site = self.path("site")
        os.makedirs(site)
        with open(os.path.join(site, "good.xml"), "w") as f:
            f.write(rss("Kestrel News", FEED_ITEMS[:1]))
        with open(os.path.join(site, "broken.xml"), "w") as f:
            f.write(rss("Kestrel News", FEED_ITEMS[1:2]).replace("</channel>", ""))
        with open(os.path.join(site, "page.xml"), "w") as f:
            f.write("<html><body><p>Not a feed</p></body></html>")
        self.write("export/result.json", '{\n "name": "Frontline Daily",\n "messages": [\n  {"id": 1,,\n ]\n}\n')
        self.write("inbox/mixed.jsonl", json.dumps(
            {"id": "ok-1", "published": "2019-07-03", "text": FEED_ITEMS[2][3][3:-4]}) + "\n"
            + '{"id": "bad", "text": \n')
        closed = socket_port_closed()
        server = Server(site)
        try:
            err = self.watch_once(server.url("good.xml"), server.url("broken.xml"),
                                  server.url("page.xml"), server.url("missing.xml"),
                                  "http://127.0.0.1:%d/feed.xml" % closed,
                                  self.path("export", "result.json"), self.path("inbox"), expect=1)
        finally:
            server.close()
        lines = err.splitlines()
        expected = [
            server.url("broken.xml") + ": not well-formed XML (line ",
            server.url("page.xml") + ": not an RSS or Atom feed (the root element is <html>)",
            server.url("missing.xml") + ": HTTP 404",
            "http://127.0.0.1:%d/feed.xml: " % closed,
            self.path("export", "result.json") + ": not valid JSON: at line 4",
            self.path("inbox", "mixed.jsonl") + ':2 (id "bad"): ',  # the record's id, when it shows one
        ]
        for prefix in expected:
            self.assertTrue(any(l.startswith("sitrep: skipped " + prefix) for l in lines),
                            "no message starting %r in:\n%s" % (prefix, err))
        self.assertRegex(lines[-1], r"^2 articles, .* 6 skipped")
        ids = sorted(self.articles())
        self.assertEqual(len(ids), 2, ids)
        self.assertTrue(ids[0].startswith("feed-"), ids)  # good.xml's item
        self.assertEqual(ids[1], "ok-1")

    def test_usage_errors(self):
        rc, _, err = run(["watch", "--db", self.db])
        self.assertEqual(rc, 2)
        self.assertIn("nothing to watch", err)
        rc, _, err = run(["watch", self.tmp])
        self.assertEqual(rc, 2)
        self.assertIn("--db", err)
        rc, _, err = run(["watch", "--once", "--db", self.path("no", "such", "dir", "s.sqlite"), self.tmp])
        self.assertEqual(rc, 3, err)
        rc, out, _ = run(["watch", "--help"])
        self.assertEqual(rc, 0)
        for flag in ("--once", "--interval", "--feed", "--telegram", "--dir", "--settle"):
            self.assertIn(flag, out)

    def test_all_cases_registered(self):
        """Every test_ method here must be listed in tests/watch/CMakeLists.txt for ctest."""
        with open(os.path.join(SOURCE_DIR, "tests", "watch", "CMakeLists.txt")) as f:
            registered = re.findall(r"\w+", f.read())
        for name in dir(self):
            if name.startswith("test_"):
                self.assertIn(name[len("test_"):], registered, name)


def socket_port_closed():
    """A loopback port nobody listens on (bound, then released)."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


if __name__ == "__main__":
    unittest.main()
