#!/usr/bin/env python3
"""API tests of `sitrep serve` against a real server on 127.0.0.1 (tests/server/CMakeLists.txt
registers one ctest entry per class). Expected values come from the real CLI over the same
store (`sitrep events --db ...` with the same filters), never from hard-coded results.

Environment: SITREP_BIN (the sitrep binary), SITREP_SOURCE_DIR (examples/), SITREP_SERVE_SLOW=1
(sanitizer builds: longer timeouts)."""
import concurrent.futures
import json
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_util as su  # noqa: E402

TOKEN = "test-token-5f0c"

# Articles written for these tests (not from any outlet).
KHAN = {
    "id": "serve-test-khan-shaykhun",
    "published": "2021-03-15",
    "publisher": "serve test wire",
    "title": "Shelling kills three in Khan Shaykhun",
    "text": "Shelling kills three in Khan Shaykhun\n\nGovernment forces shelled the town of "
            "Khan Shaykhun in southern Idlib on Sunday, killing three civilians and wounding "
            "five others, local rescuers said.",
}
MOSUL = {
    "id": "serve-test-mosul",
    "published": "2021-05-03",
    "publisher": "serve test wire",
    "text": "A roadside bomb exploded near a military vehicle in western Mosul on Monday, "
            "killing two Iraqi soldiers, security sources said.",
}


def ids(events):
    return [e["event_id"] for e in events]


class ReadApiTest(unittest.TestCase):
    """A read-only server over the example store: every GET endpoint, filter, page, format."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sitrep-serve-api-")
        cls.db = su.make_store(os.path.join(cls.tmp, "examples.sqlite"))
        cls.all = su.jsonl(su.cli_events(cls.db))
        cls.server = su.Server(cls.db)

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        assert code == 0, "sitrep serve exited %s on SIGTERM:\n%s" % (code, cls.server.errors())

    def page(self, **params):
        return self.server.get_json("/api/events" + su.query(**params))

    def test_store_is_a_real_fixture(self):
        # The examples hold several countries, types and one incident told by three outlets.
        self.assertGreaterEqual(len(self.all), 5)
        self.assertGreaterEqual(len({e["country"] for e in self.all}), 3)
        self.assertTrue(any(len(e["article_ids"]) >= 2 for e in self.all))

    def test_healthz(self):
        h = self.server.get_json("/healthz")
        self.assertEqual(h["status"], "ok")
        self.assertEqual(h["events"], len(self.all))
        self.assertEqual(h["articles"], len({a for e in su.jsonl(su.cli_events(self.db, "--reports"))
                                             for a in e["article_ids"]}))
        self.assertFalse(h["posting"])

    def test_events_equal_the_cli(self):
        page = self.page(limit=1000)
        self.assertEqual(page["events"], self.all)
        self.assertEqual(page["count"], len(self.all))
        self.assertIsNone(page["next_offset"])

    def test_each_filter_equals_the_cli(self):
        e = next(x for x in self.all if len(x["article_ids"]) >= 2)
        other = next(x for x in self.all if x["country"] != e["country"])
        dates = sorted(x["event_date"] for x in self.all if x["event_date"])
        actor_word = next(x["actor1"] for x in self.all if x["actor1"]).split()[0]
        cases = [
            ({"from": e["event_date"]}, ["--from", e["event_date"]]),
            ({"to": e["event_date"]}, ["--to", e["event_date"]]),
            ({"from": dates[1], "to": dates[-2]}, ["--from", dates[1], "--to", dates[-2]]),
            ({"country": e["country"]}, ["--country", e["country"]]),
            ({"country": e["country"].upper()}, ["--country", e["country"]]),
            ({"country": [e["country"], other["country"]]},
             ["--country", e["country"], "--country", other["country"]]),
            ({"admin1": e["admin1"]}, ["--admin1", e["admin1"]]),
            ({"type": e["event_type"]}, ["--type", e["event_type"]]),
            ({"sub_type": e["sub_event_type"]}, ["--sub-type", e["sub_event_type"]]),
            ({"actor": actor_word.lower()}, ["--actor", actor_word]),
            ({"text": e["location"]}, ["--text", e["location"]]),
            ({"bbox": "%f,%f,%f,%f" % (e["longitude"] - 0.5, e["latitude"] - 0.5,
                                       e["longitude"] + 0.5, e["latitude"] + 0.5)},
             ["--bbox", "%f,%f,%f,%f" % (e["longitude"] - 0.5, e["latitude"] - 0.5,
                                         e["longitude"] + 0.5, e["latitude"] + 0.5)]),
            ({"near": "%f,%f,30" % (e["latitude"], e["longitude"])},
             ["--near", "%f,%f,30" % (e["latitude"], e["longitude"])]),
        ]
        for params, flags in cases:
            with self.subTest(params=params):
                want = su.jsonl(su.cli_events(self.db, *flags))
                got = self.page(**params)["events"]
                self.assertEqual(ids(got), ids(want))
                self.assertTrue(got, "the filter should select something")
                if not ("from" in params and "to" in params) and "actor" not in params:
                    self.assertIn(e["event_id"], ids(got))
        # Narrowing filters select fewer events than all.
        self.assertLess(len(self.page(country=e["country"])["events"]), len(self.all))
        self.assertLess(len(self.page(type=e["event_type"])["events"]), len(self.all))

    def test_filters_that_select_nothing(self):
        for params in ({"country": "Atlantis"}, {"from": "2100-01-01"},
                       {"bbox": "-10,-10,-9,-9"}, {"text": "no such words anywhere"}):
            with self.subTest(params=params):
                page = self.page(**params)
                self.assertEqual(page["events"], [])
                self.assertEqual(page["count"], 0)

    def test_since(self):
        newest = max(e["timestamp"] for e in self.all)
        self.assertEqual(ids(self.page(since=0)["events"]), ids(self.all))
        self.assertEqual(self.page(since=newest + 1)["events"], [])
        self.assertEqual(ids(self.page(since="2000-01-01")["events"]), ids(self.all))
        self.assertEqual(ids(self.page(since="2000-01-01T00:00:00Z")["events"]), ids(self.all))

    def test_pagination(self):
        n = len(self.all)
        seen, offset, pages = [], 0, 0
        while offset is not None:
            page = self.page(limit=2, offset=offset)
            self.assertLessEqual(page["count"], 2)
            self.assertEqual(page["limit"], 2)
            self.assertEqual(page["offset"], offset)
            seen += page["events"]
            offset = page["next_offset"]
            pages += 1
        self.assertEqual(seen, self.all)
        self.assertEqual(pages, (n + 1) // 2)
        self.assertEqual(self.page(offset=n)["events"], [])
        self.assertEqual(self.page(limit=n)["next_offset"], None)
        self.assertEqual(self.page(limit=n - 1)["next_offset"], n - 1)
        # The default page size is the server's --page-size (1000).
        self.assertEqual(self.page()["limit"], 1000)

    def test_formats_equal_the_cli(self):
        for fmt, ctype in (("csv", "text/csv"), ("geojson", "application/geo+json")):
            with self.subTest(format=fmt):
                status, headers, body = self.server.request("GET", "/api/events?format=" + fmt)
                self.assertEqual(status, 200)
                self.assertTrue(headers["content-type"].startswith(ctype), headers)
                self.assertEqual(body, su.cli_events(self.db, fmt=fmt))
        geo = json.loads(self.server.request("GET", "/api/events?format=geojson&limit=3")[2])
        self.assertEqual([f["id"] for f in geo["features"]], ids(self.all[:3]))
        csv_lines = self.server.request("GET", "/api/events?format=csv&limit=2&offset=1")[2]
        want = su.cli_events(self.db, "--limit", "2", "--offset", "1", fmt="csv")
        self.assertEqual(csv_lines, want)
        self.assertEqual(len(csv_lines.decode().strip().splitlines()), 3)

    def test_gzip(self):
        status, headers, body = self.server.request("GET", "/api/events",
                                                    headers={"Accept-Encoding": "gzip"})
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("content-encoding"), "gzip")
        import gzip
        self.assertEqual(json.loads(gzip.decompress(body))["events"], self.all)

    def test_event_detail(self):
        merged = next(x for x in self.all if len(x["article_ids"]) >= 2)
        d = self.server.get_json("/api/events/" + merged["event_id"])
        self.assertEqual(d["event"], merged)
        self.assertIsNone(d["merged_into"])
        self.assertEqual(sorted(a["id"] for a in d["articles"]), sorted(merged["article_ids"]))
        self.assertEqual(len(d["reports"]), len(merged["article_ids"]))
        for r in d["reports"]:
            self.assertEqual(len(r["article_ids"]), 1)
            self.assertIn(r["article_ids"][0], merged["article_ids"])
        self.assertTrue(d["event"]["claims"])
        self.assertTrue(d["event"]["sources"])
        self.assertTrue(all(ev["article_id"] in merged["article_ids"]
                            for ev in d["event"]["evidence"]))
        for a in d["articles"]:
            self.assertNotIn("text", a)  # texts come from /api/articles/{id}

    def test_unknown_and_absorbed_ids(self):
        status, _, body = self.server.request("GET", "/api/events/0000000000000000")
        self.assertEqual(status, 404)
        self.assertEqual(json.loads(body)["status"], 404)
        changes = su.jsonl(su.run(["events", "--db", self.db, "--since", "0"]).stdout)
        absorbed = [c for c in changes if c["change"] == "deleted" and c["merged_into"]]
        self.assertTrue(absorbed, "the examples merge reports, so some ids were absorbed")
        live = {x["event_id"]: x for x in self.all}
        for change in absorbed:
            d = self.server.get_json("/api/events/" + change["event_id"])
            # Absorbed ids lead to the live event (through every later merge).
            self.assertEqual(d["requested_id"], change["event_id"])
            self.assertEqual(d["merged_into"], d["event"]["event_id"])
            self.assertEqual(d["event"], live[d["merged_into"]])

    def test_article_text_and_spans(self):
        sources = {}
        for name in os.listdir(su.EXAMPLES):
            if name.endswith(".jsonl"):
                with open(os.path.join(su.EXAMPLES, name), encoding="utf-8") as f:
                    for line in f:
                        a = json.loads(line)
                        sources[a["id"]] = a
        merged = next(x for x in self.all if len(x["article_ids"]) >= 2)
        checked = 0
        for article_id in merged["article_ids"]:
            a = self.server.get_json("/api/articles/" + article_id)
            self.assertEqual(a["id"], article_id)
            if article_id in sources:
                self.assertEqual(a["text"], sources[article_id]["text"])
                self.assertEqual(a["publisher"], sources[article_id].get("publisher", ""))
            self.assertIn(merged["event_id"], a["event_ids"])
            self.assertTrue(a["spans"])
            for s in a["spans"]:
                # Offsets count code points, as Python's str does.
                self.assertEqual(a["text"][s["start"]:s["end"]], s["text"], s)
            checked += 1
        self.assertGreaterEqual(checked, 2)
        status, _, body = self.server.request("GET", "/api/articles/no-such-article")
        self.assertEqual(status, 404)
        self.assertIn("no-such-article", json.loads(body)["error"])

    def test_stats_equal_the_cli(self):
        e = self.all[0]
        for params, flags in (({}, []), ({"country": e["country"]}, ["--country", e["country"]])):
            with self.subTest(params=params):
                got = self.server.get_json("/api/stats" + su.query(**params))
                want = json.loads(su.cli_events(self.db, "--stats", *flags))
                for key, value in want.items():
                    self.assertEqual(got[key], value, key)
                by_day = {}
                for day, types in got["by_day_type"].items():
                    by_day[day] = sum(types.values())
                self.assertEqual(by_day, got["by_day"])
        self.assertEqual(self.server.get_json("/api/stats?type=Protests")["by_event_type"],
                         {"Protests": sum(1 for x in self.all if x["event_type"] == "Protests")})

    def test_openapi(self):
        doc = self.server.get_json("/api/openapi.json")
        self.assertEqual(doc["openapi"][:2], "3.")
        version = su.run(["version"]).stdout.decode().split()[-1]
        self.assertEqual(doc["info"]["version"], version)
        for path in ("/healthz", "/api/events", "/api/events/{id}", "/api/articles/{id}",
                     "/api/articles", "/api/stats", "/api/openapi.json"):
            self.assertIn(path, doc["paths"])
        # Every query parameter the server accepts is described, and no other.
        described = {p["name"] if "name" in p else doc["components"]["parameters"][
            p["$ref"].rsplit("/", 1)[1]]["name"] for p in doc["paths"]["/api/events"]["get"]["parameters"]}
        for name in described:
            status, _, body = self.server.request("GET", "/api/events?%s=" % name)
            self.assertEqual(status, 200, (name, body))
        self.assertEqual(described, {"from", "to", "country", "admin1", "type", "sub_type", "actor",
                                     "text", "bbox", "near", "since", "limit", "offset", "format"})

    def test_dashboard_files(self):
        status, headers, body = self.server.request("GET", "/")
        self.assertEqual(status, 200)
        self.assertTrue(headers["content-type"].startswith("text/html"))
        self.assertIn(b"/app.js", body)
        self.assertIn("script-src 'self'", headers["content-security-policy"])
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        for path in ("/app.js", "/timeline.js", "/style.css", "/vendor/leaflet/leaflet.js",
                     "/vendor/leaflet/leaflet.css", "/vendor/leaflet.markercluster/leaflet.markercluster.js",
                     "/vendor/topojson-client/topojson-client.min.js",
                     "/vendor/world-atlas/countries-50m.json"):
            with self.subTest(path=path):
                status, _, body = self.server.request("GET", path)
                self.assertEqual(status, 200)
                self.assertGreater(len(body), 100)
        # No way out of the served folders.
        for path in ("/../CMakeLists.txt", "/vendor/leaflet/../../../../CMakeLists.txt",
                     "/%2e%2e/CMakeLists.txt"):
            status, _, _ = self.server.request("GET", path)
            self.assertIn(status, (400, 404), path)

    def test_parallel_readers(self):
        paths = ["/api/events", "/api/stats", "/healthz", "/api/events?format=csv",
                 "/api/events/" + self.all[0]["event_id"]] * 12
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(lambda p: self.server.request("GET", p)[0], paths))
        self.assertEqual(statuses, [200] * len(paths))

    def test_sql_stays_data(self):
        for value in ("' OR '1'='1", "Syria'; DROP TABLE events; --", "%", "_", "\\"):
            with self.subTest(value=value):
                self.assertEqual(self.page(country=value)["events"], [])
                self.assertEqual(self.page(actor=value + "zzqx")["events"], [])
        self.assertEqual(self.page()["events"], self.all)


class BadRequestTest(unittest.TestCase):
    """Bad requests get JSON errors with a 4xx status that name the problem."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sitrep-serve-bad-")
        cls.db = su.make_store(os.path.join(cls.tmp, "examples.sqlite"))
        cls.server = su.Server(cls.db, "--max-body", "4000", "--max-limit", "500",
                               token=TOKEN)
        cls.events_before = su.cli_events(cls.db)

    @classmethod
    def tearDownClass(cls):
        code = cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        assert code == 0, cls.server.errors()

    def assert_error(self, method, path, status, words, body=None, headers=None):
        got, h, data = self.server.request(method, path, body=body, headers=headers)
        self.assertEqual(got, status, (path, data[:300]))
        self.assertTrue(h.get("content-type", "").startswith("application/json"), h)
        err = json.loads(data)
        self.assertEqual(err["status"], status)
        for w in words:
            self.assertIn(w, err["error"])
        return err

    def test_bad_query_values(self):
        cases = [
            ("from=2019-13-01", ["from", "2019-13-01"]),
            ("to=2019-02-30", ["to", "calendar"]),
            ("from=yesterday", ["from", "YYYY-MM-DD"]),
            ("from=2020-01-02&to=2020-01-01", ["after"]),
            ("from=2020-01-01&from=2020-01-02", ["more than once"]),
            ("colour=red", ["unknown parameter", "colour"]),
            ("limit=0", ["limit"]),
            ("limit=501", ["limit", "500"]),
            ("limit=ten", ["limit"]),
            ("offset=-1", ["offset"]),
            ("format=xml", ["format", "xml"]),
            ("bbox=1,2,3", ["bbox"]),
            ("bbox=200,0,210,10", ["bbox", "range"]),
            ("near=32,36", ["near"]),
            ("near=32,36,-5", ["near", "radius"]),
            ("near=91,0,5", ["near", "latitude 91"]),
            ("offset=99999999999999999999", ["offset", "whole number"]),
            ("since=last-week", ["since"]),
            ("text=" + "x" * 1200, ["text", "longer"]),
        ]
        for q, words in cases:
            with self.subTest(query=q):
                self.assert_error("GET", "/api/events?" + q, 400, words)
        self.assert_error("GET", "/api/stats?from=2019-02-29", 400, ["from"])
        self.assert_error("GET", "/api/stats?limit=5", 400, ["unknown parameter", "limit"])

    def test_unknown_paths_and_methods(self):
        self.assert_error("GET", "/api/nothing", 404, ["/api/nothing"])
        self.assert_error("POST", "/api/events", 405, ["GET"])
        self.assert_error("GET", "/api/articles", 405, ["POST"])

    def auth(self, token=TOKEN):
        return {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

    def test_token(self):
        self.assert_error("POST", "/api/articles", 401, ["token"], body=KHAN)
        self.assert_error("POST", "/api/articles", 403, ["wrong token"], body=json.dumps(KHAN),
                          headers=self.auth("not-the-token"))
        self.assert_error("POST", "/api/articles", 403, ["wrong token"], body=json.dumps(KHAN),
                          headers={"Authorization": "Basic " + TOKEN})
        self.assertEqual(su.cli_events(self.db), self.events_before)

    def test_bad_bodies(self):
        cases = [
            ("{\"text\": \"unterminated", ["malformed JSON"]),
            ("", ["empty body"]),
            ("[]", ["empty list"]),
            ("42", ["expected a JSON object"]),
            (json.dumps({"text": "x", "colour": "red"}), ["unknown field", "colour"]),
            (json.dumps({"title": "no text"}), ["text"]),
            (json.dumps({"text": "   "}), ["text", "empty"]),
            (json.dumps({"text": 12}), ["text"]),
            (json.dumps({"text": "a", "published": "tomorrow"}), ["published"]),
            (json.dumps([KHAN, {"text": "x", "bad": 1}]), ["article 2 of 2", "bad"]),
            (json.dumps([KHAN, KHAN]), ["appears twice"]),
            (b"{\"text\": \"\xff\xfe broken\"}", ["malformed JSON"]),
        ]
        for body, words in cases:
            with self.subTest(body=body[:40]):
                self.assert_error("POST", "/api/articles", 400, words, body=body,
                                  headers=self.auth())
        # Nothing of a rejected request is stored, not even its good first article.
        self.assertEqual(su.cli_events(self.db), self.events_before)

    def test_oversized_body(self):
        big = dict(KHAN, text=KHAN["text"] + " " + "More words follow here. " * 400)
        self.assertGreater(len(json.dumps(big)), 4000)
        self.assert_error("POST", "/api/articles", 413, ["too large"], body=json.dumps(big),
                          headers=self.auth())
        self.assertEqual(su.cli_events(self.db), self.events_before)

    def test_posting_disabled_without_token(self):
        server = su.Server(self.db)
        try:
            status, _, data = server.request("POST", "/api/articles", body=KHAN,
                                             headers={"Authorization": "Bearer " + TOKEN})
            self.assertEqual(status, 403)
            self.assertIn("--token", json.loads(data)["error"])
        finally:
            self.assertEqual(server.stop(), 0)

    def test_bad_start(self):
        missing = os.path.join(self.tmp, "missing.sqlite")
        r = su.run(["serve", "--db", missing, "--port", "0"], timeout=60)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"no such database file", r.stderr)
        self.assertFalse(os.path.exists(missing))
        garbage = os.path.join(self.tmp, "garbage.sqlite")
        with open(garbage, "wb") as f:
            f.write(b"not a database at all" * 100)
        r = su.run(["serve", "--db", garbage, "--port", "0"], timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"garbage.sqlite", r.stderr)
        # A port in use is an error, not a hang.
        r = su.run(["serve", "--db", self.db, "--port", str(self.server.port)], timeout=60)
        self.assertEqual(r.returncode, 3)
        self.assertIn(b"cannot listen", r.stderr)
        r = su.run(["serve", "--db", self.db, "--port", "0", "--max-body", "lots"], timeout=60)
        self.assertEqual(r.returncode, 2)


class PostApiTest(unittest.TestCase):
    """POST /api/articles extracts, merges and stores; the events come back and stay."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sitrep-serve-post-")
        self.db = os.path.join(self.tmp, "new.sqlite")  # created by the server
        self.server = su.Server(self.db, token=TOKEN)

    def tearDown(self):
        code = self.server.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.assertEqual(code, 0, self.server.errors())

    def post(self, body, content_type="application/json"):
        if not isinstance(body, (str, bytes)):
            body = json.dumps(body)
        status, _, data = self.server.request(
            "POST", "/api/articles", body=body,
            headers={"Authorization": "Bearer " + TOKEN, "Content-Type": content_type})
        self.assertEqual(status, 200, data[:500])
        return json.loads(data)

    def test_post_one_then_read_it_back(self):
        r = self.post(KHAN)
        self.assertEqual([a["id"] for a in r["articles"]], [KHAN["id"]])
        self.assertGreaterEqual(r["articles"][0]["reports"], 1)
        self.assertEqual(r["articles"][0]["new_events"], len(r["events"]))
        self.assertTrue(r["events"])
        e = r["events"][0]
        self.assertEqual(e["country"], "Syria")
        self.assertEqual(e["fatalities"], 3)
        # What extract gives for the same article.
        with open(os.path.join(self.tmp, "khan.jsonl"), "w") as f:
            f.write(json.dumps(KHAN) + "\n")
        extracted = su.jsonl(su.run(["extract", os.path.join(self.tmp, "khan.jsonl")]).stdout)
        self.assertEqual(sorted(x["event_id"] for x in r["events"]),
                         sorted(x["event_id"] for x in extracted))
        page = self.server.get_json("/api/events")
        self.assertEqual(ids(page["events"]), ids(r["events"]))
        article = self.server.get_json("/api/articles/" + KHAN["id"])
        self.assertEqual(article["text"], KHAN["text"])
        # The store on disk says the same as the server.
        self.assertEqual(ids(su.jsonl(su.cli_events(self.db))), ids(page["events"]))

    def test_repost_replaces(self):
        first = self.post(KHAN)
        again = self.post(KHAN)
        self.assertEqual(ids(again["events"]), ids(first["events"]))
        self.assertEqual(again["articles"][0]["new_events"], 0)
        health = self.server.get_json("/healthz")
        self.assertEqual(health["articles"], 1)
        self.assertEqual(health["events"], len(first["events"]))

    def test_post_many_as_array_and_jsonl(self):
        r = self.post([KHAN, MOSUL])
        self.assertEqual([a["id"] for a in r["articles"]], [KHAN["id"], MOSUL["id"]])
        self.assertEqual({e["country"] for e in r["events"]}, {"Syria", "Iraq"})
        third = dict(MOSUL, id="serve-test-mosul-2", publisher="another test wire")
        r2 = self.post(json.dumps(KHAN) + "\n\n" + json.dumps(third) + "\n",
                       content_type="application/x-ndjson")
        self.assertEqual([a["id"] for a in r2["articles"]], [KHAN["id"], third["id"]])
        self.assertEqual(self.server.get_json("/healthz")["articles"], 3)
        # The second Mosul report merges with the first: one event, two articles.
        mosul = [e for e in self.server.get_json("/api/events?country=Iraq")["events"]]
        self.assertEqual(len(mosul), 1)
        self.assertEqual(sorted(mosul[0]["article_ids"]), sorted([MOSUL["id"], third["id"]]))

    def test_default_id_is_the_text_hash(self):
        article = {k: v for k, v in MOSUL.items() if k != "id"}
        r = self.post(article)
        with open(os.path.join(self.tmp, "m.jsonl"), "w") as f:
            f.write(json.dumps(article) + "\n")
        extracted = su.jsonl(su.run(["extract", os.path.join(self.tmp, "m.jsonl")]).stdout)
        self.assertEqual(r["articles"][0]["id"], extracted[0]["article_ids"][0])

    def test_concurrent_posts_lose_nothing(self):
        articles = []
        for i in range(24):
            a = dict(KHAN if i % 2 else MOSUL)
            a["id"] = "concurrent-%02d" % i
            a["text"] = a["text"] + "\n\nReport %d." % i
            articles.append(a)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(lambda a: self.post(a), articles))
        self.assertEqual(sorted(r["articles"][0]["id"] for r in results),
                         sorted(a["id"] for a in articles))
        self.assertEqual(self.server.get_json("/healthz")["articles"], len(articles))
        stored = {a for e in su.jsonl(su.cli_events(self.db)) for a in e["article_ids"]}
        self.assertEqual(stored, {a["id"] for a in articles})


class PostgresApiTest(unittest.TestCase):
    """The same API over a PostgreSQL store gives what it gives over SQLite."""

    def test_postgres_store_serves_like_sqlite(self):
        pg = su.PgCluster()
        try:
            if pg.why_not:
                self.skipTest(pg.why_not)
            tmp = tempfile.mkdtemp(prefix="sitrep-serve-pgsql-")
            try:
                lite = su.make_store(os.path.join(tmp, "examples.sqlite"))
                url = su.make_store(pg.new_database())
                a, b = su.Server(lite), su.Server(url, token=TOKEN)
                try:
                    for path in ("/api/events", "/api/events?country=Syria",
                                 "/api/events?format=csv", "/api/stats"):
                        with self.subTest(path=path):
                            ra, rb = a.request("GET", path), b.request("GET", path)
                            self.assertEqual(ra[0], 200)
                            if path == "/api/events":
                                ea, eb = json.loads(ra[2])["events"], json.loads(rb[2])["events"]
                                self.assertEqual(ids(ea), ids(eb))
                                for x, y in zip(ea, eb):
                                    x.pop("timestamp"), y.pop("timestamp")
                                self.assertEqual(ea, eb)
                            elif path == "/api/stats":
                                sa, sb = json.loads(ra[2]), json.loads(rb[2])
                                self.assertEqual(sa["by_day_type"], sb["by_day_type"])
                                self.assertEqual(sa["by_admin1"], sb["by_admin1"])
                            else:
                                self.assertEqual(ra[2].count(b"\n"), rb[2].count(b"\n"))
                    status, _, data = b.request(
                        "POST", "/api/articles", body=KHAN,
                        headers={"Authorization": "Bearer " + TOKEN})
                    self.assertEqual(status, 200, data[:300])
                    self.assertIn(KHAN["id"], json.dumps(b.get_json("/api/events?country=Syria")))
                    self.assertNotIn("sitrep@", json.dumps(b.get_json("/healthz")))
                finally:
                    self.assertEqual(a.stop(), 0)
                    self.assertEqual(b.stop(), 0)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
        finally:
            pg.stop()


if __name__ == "__main__":
    unittest.main()
