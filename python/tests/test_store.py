#!/usr/bin/env python3
"""sitrep.Store gives what `sitrep events --db` prints (every filter, stats, changes,
lookups, reports), merge_reports is the store's rule, and bad filters raise clear errors."""

from __future__ import annotations

import json
import os
import random
import subprocess
import tempfile
import unittest

import support

import sitrep
from sitrep import _store


def without_timestamps(events: list[dict]) -> list[dict]:
    return [{k: v for k, v in e.items() if k != "timestamp"} for e in events]


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def lines_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


class StoreQueryTest(unittest.TestCase):
    """A store the CLI filled from the examples, the dev set and a generated corpus."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        corpus = os.path.join(cls.tmp.name, "news.jsonl")
        support.write_corpus(corpus, 1500)
        cls.inputs = [support.EXAMPLES, corpus] + ([support.DEVSET] if os.path.exists(support.DEVSET) else [])
        cls.db = os.path.join(cls.tmp.name, "store.sqlite")
        cls.reports = lines_of(support.cli("extract", "-q", "-j", "2", "--db", cls.db, *cls.inputs))
        cls.store = sitrep.Store(cls.db, read_only=True)
        cls.all = cls.store.events()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.store.close()
        cls.tmp.cleanup()

    def cli_events(self, *args: str) -> list[dict]:
        return lines_of(support.cli("events", "--db", self.db, *args))

    def test_store_merged_reports_across_articles(self) -> None:
        self.assertEqual(self.all, self.cli_events())
        self.assertGreater(len(self.all), 100)
        self.assertLess(len(self.all), len(self.reports))
        self.assertTrue(any(len(e["article_ids"]) > 1 for e in self.all))
        self.assertEqual(self.store.count_events(), len(self.all))
        self.assertEqual(self.store.count_reports(), len(self.reports))

    def test_every_filter_equals_the_cli(self) -> None:
        merged = next(e for e in self.all if len(e["article_ids"]) > 1)
        other = next(e for e in self.all if e["country"] != merged["country"])
        lat, lon = merged["latitude"], merged["longitude"]
        actor = next(e["actor1"] for e in self.all if e.get("actor1")).split()[-1]
        cases = [
            ({"countries": merged["country"]}, ["--country", merged["country"]]),
            ({"countries": [merged["country"].upper(), other["country"]]},
             ["--country", merged["country"].upper(), "--country", other["country"]]),
            ({"admin1s": merged["admin1"]}, ["--admin1", merged["admin1"]]),
            ({"event_types": merged["event_type"]}, ["--type", merged["event_type"]]),
            ({"sub_event_types": [merged["sub_event_type"]]}, ["--sub-type", merged["sub_event_type"]]),
            ({"actor": actor}, ["--actor", actor]),
            ({"text": merged["location"]}, ["--text", merged["location"]]),
            ({"date_from": merged["event_date"]}, ["--from", merged["event_date"]]),
            ({"date_to": merged["event_date"]}, ["--to", merged["event_date"]]),
            ({"date_from": merged["event_date"], "date_to": merged["event_date"],
              "countries": merged["country"]},
             ["--from", merged["event_date"], "--to", merged["event_date"], "--country", merged["country"]]),
            ({"bbox": (lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5)},
             ["--bbox", f"{lon - 0.5},{lat - 0.5},{lon + 0.5},{lat + 0.5}"]),
            ({"near": (lat, lon, 30)}, ["--near", f"{lat},{lon},30"]),
            ({"limit": 7, "offset": 5}, ["--limit", "7", "--offset", "5"]),
            ({"event_types": merged["event_type"], "limit": 3}, ["--type", merged["event_type"], "--limit", "3"]),
        ]
        for filters, args in cases:
            with self.subTest(filters=filters):
                got = self.store.events(**filters)
                self.assertEqual(got, self.cli_events(*args))
                self.assertGreater(len(got), 0)
                self.assertLess(len(got), len(self.all))
                self.assertEqual(list(self.store.iter_events(**filters)), got)
                self.assertEqual(list(self.store.to_dataframe(**filters)["event_id"]),
                                 [e["event_id"] for e in got])
        self.assertEqual(self.store.events(countries="Atlantis"), [])

    def test_iteration_pages_through_everything(self) -> None:
        page = _store._PAGE
        _store._PAGE = 13
        try:
            self.assertEqual(list(self.store.iter_events()), self.all)
            self.assertEqual(list(self.store.iter_events(offset=20, limit=30)), self.all[20:50])
            self.assertEqual(list(self.store.iter_events(offset=len(self.all) - 3)), self.all[-3:])
        finally:
            _store._PAGE = page

    def test_updated_since(self) -> None:
        stamps = sorted({e["timestamp"] for e in self.all})
        self.assertEqual(self.store.events(updated_since=0), self.all)
        self.assertEqual(self.store.events(updated_since=stamps[-1] + 1), [])
        self.assertEqual(self.store.events(updated_since="2000-01-01T00:00:00Z"), self.all)

    def test_stats_and_changes_equal_the_cli(self) -> None:
        stats = self.store.stats()
        self.assertEqual(stats, json.loads(support.cli("events", "--db", self.db, "--stats")))
        country = self.all[0]["country"]
        self.assertEqual(self.store.stats(countries=country),
                         json.loads(support.cli("events", "--db", self.db, "--stats", "--country", country)))
        self.assertEqual(stats["events"], len(self.all))
        changes = self.store.changes(0)
        self.assertEqual(changes, lines_of(support.cli("events", "--db", self.db, "--since", "0")))
        self.assertTrue(any(c["change"] == "deleted" for c in changes))
        self.assertEqual(self.store.changes("2999-01-01"), [])

    def test_lookups_and_reports(self) -> None:
        merged = next(e for e in self.all if len(e["article_ids"]) > 1)
        self.assertEqual(self.store.get_event(merged["event_id"]), merged)
        reports = self.store.reports(merged["event_id"])
        self.assertEqual(sorted(r["article_ids"][0] for r in reports), sorted(merged["article_ids"]))
        self.assertEqual(without_timestamps(sitrep.merge_reports(reports).events), without_timestamps([merged]))
        absorbed = next(r["event_id"] for r in reports if r["event_id"] != merged["event_id"])
        self.assertEqual(self.store.lookup(absorbed),
                         {"event": merged, "merged_into": merged["event_id"], "deleted": False})
        self.assertEqual(self.store.get_event(absorbed), merged)
        self.assertEqual(self.store.lookup("no-such-id"), {"event": None, "merged_into": None, "deleted": False})
        self.assertIsNone(self.store.get_event("no-such-id"))
        self.assertEqual(self.store.reports(), lines_of(support.cli("events", "--db", self.db, "--reports")))
        article = self.store.get_article(merged["article_ids"][0])
        self.assertIn(merged["event_id"], article["event_ids"])
        self.assertTrue(article["text"])
        self.assertIsNone(self.store.get_article("no-such-article"))

    def test_merge_reports_is_the_store_rule(self) -> None:
        result = sitrep.merge_reports(self.reports)
        self.assertEqual(result.events, without_timestamps(self.all))
        absorbed = {r["event_id"] for r in self.reports} - {e["event_id"] for e in self.all}
        self.assertEqual([d["event_id"] for d in result.deleted], sorted(absorbed))
        shuffled = list(self.reports)
        random.Random(5).shuffle(shuffled)
        self.assertEqual(sitrep.merge_reports(shuffled), result)
        # Blocks partition the rule: merging each block alone gives the same events.
        blocks: dict[str, list[dict]] = {}
        for report in self.reports:
            key = sitrep.merge_block_key(report)
            self.assertEqual(key, f"{report['country']}|{report['admin1']}" if report.get("admin1") else key)
            blocks.setdefault(key or report["event_id"], []).append(report)
        self.assertGreater(len(blocks), 5)
        by_block = [e for group in blocks.values() for e in sitrep.merge_reports(group).events]
        by_block.sort(key=lambda e: (e["event_date"] or "", e["event_id"]))
        self.assertEqual(by_block, result.events)
        same, _score, reason = sitrep.compare_reports(self.reports[0], self.reports[0])
        self.assertIsInstance(same, bool)
        self.assertTrue(reason)

    def test_bad_filters_raise_clear_errors(self) -> None:
        cases = [
            ({"date_from": "2020-13-01"}, ValueError, r"date_from: '2020-13-01' is not a YYYY-MM-DD date"),
            ({"date_to": "yesterday"}, ValueError, r"date_to: 'yesterday' is not a YYYY-MM-DD date"),
            ({"date_from": 20200101}, TypeError, r"date_from must be a date"),
            ({"date_from": "2020-02-01", "date_to": "2020-01-01"}, ValueError, r"date_from 2020-02-01 is after date_to"),
            ({"countries": 7}, TypeError, r"countries must be a string or a list of strings, not int"),
            ({"countries": ["Syria", None]}, TypeError, r"countries\[1\] must be str, not NoneType"),
            ({"event_types": b"Battles"}, TypeError, r"event_types must be a string or a list"),
            ({"actor": 3}, TypeError, r"actor must be str"),
            ({"bbox": (1, 2, 3)}, TypeError, r"bbox must be a sequence \(min_lon, min_lat, max_lon, max_lat\)"),
            ({"bbox": (1, 95, 3, 96)}, ValueError, r"bbox: latitude 95.0 is outside \[-90, 90\]"),
            ({"bbox": (1, 40, 3, 30)}, ValueError, r"bbox: min_lat 40.0 is above max_lat 30.0"),
            ({"bbox": (1, "a", 3, 4)}, TypeError, r"bbox: min_lat must be a number, not str"),
            ({"near": (30, 40, 0)}, ValueError, r"near: radius_km must be > 0"),
            ({"near": (30, float("nan"), 5)}, ValueError, r"near: lon must be finite"),
            ({"near": (30, 200, 5)}, ValueError, r"near: longitude 200.0 is outside"),
            ({"limit": -1}, ValueError, r"limit must be >= 0, not -1"),
            ({"offset": 1.5}, TypeError, r"offset must be int, not float"),
            ({"limit": True}, TypeError, r"limit must be int, not bool"),
            ({"updated_since": "last week"}, ValueError, r"updated_since: 'last week' is not YYYY-MM-DD"),
            ({"updated_since": -5}, ValueError, r"updated_since must be Unix seconds >= 0"),
        ]
        for filters, error, message in cases:
            with self.subTest(filters=filters):
                with self.assertRaisesRegex(error, message):
                    self.store.events(**filters)
                with self.assertRaisesRegex(error, message):
                    self.store.stats(**filters)
        with self.assertRaisesRegex(TypeError, "unexpected keyword argument 'country'"):
            self.store.events(country="Syria")
        with self.assertRaisesRegex(TypeError, r"Store.iter_events\(\) got unknown filter country; the filters are date_from"):
            next(self.store.iter_events(country="Syria"))
        with self.assertRaisesRegex(TypeError, r"Store.stats\(\) got unknown filters"):
            self.store.stats(country="Syria", typ="x")
        with self.assertRaisesRegex(TypeError, "event_id must be str"):
            self.store.get_event(None)
        with self.assertRaisesRegex(TypeError, "since must be Unix seconds"):
            self.store.changes([])

    def test_bad_stores_raise_clear_errors(self) -> None:
        missing = os.path.join(self.tmp.name, "missing.sqlite")
        with self.assertRaisesRegex(FileNotFoundError, "missing.sqlite: no such database file"):
            sitrep.Store(missing, read_only=True)
        self.assertFalse(os.path.exists(missing))
        foreign = os.path.join(self.tmp.name, "foreign.sqlite")
        subprocess.run(["sqlite3", foreign, "create table t(x);"], check=False, capture_output=True)
        if os.path.exists(foreign):
            before = read_bytes(foreign)
            with self.assertRaisesRegex(ValueError, "not a sitrep store"):
                sitrep.Store(foreign)
            self.assertEqual(read_bytes(foreign), before)
        garbage = os.path.join(self.tmp.name, "garbage.sqlite")
        with open(garbage, "wb") as f:
            f.write(b"not a database at all" * 100)
        with self.assertRaises((ValueError, OSError)):
            sitrep.Store(garbage, read_only=True)
        with self.assertRaisesRegex(TypeError, "read_only must be bool"):
            sitrep.Store(self.db, read_only="yes")
        with self.assertRaises((ValueError, OSError)):
            self.store.put({"id": "x", "text": "Gunmen killed two farmers in Bama on Monday."}, [])


class MergeInputTest(unittest.TestCase):
    def test_bad_reports_raise_clear_errors(self) -> None:
        cases = [
            ([None], TypeError, r"events\[0\]: expected an event dict or JSON line, not NoneType"),
            ("abc", TypeError, r"events must be an iterable of events, not str"),
            (5, TypeError, r"events must be an iterable of events, not int"),
            (["not json"], ValueError, r"event 0: event is not valid JSON"),
            ([{"event_id": "a"}, {"country": "Syria"}], ValueError, r"event 1: no event_id"),
        ]
        for events, error, message in cases:
            with self.subTest(events=events):
                with self.assertRaisesRegex(error, message):
                    sitrep.merge_reports(events)
        with self.assertRaisesRegex(TypeError, "event must be an event dict or JSON line, not NoneType"):
            sitrep.merge_block_key(None)
        with self.assertRaisesRegex(ValueError, "no event_id"):
            sitrep.merge_block_key({"country": "Syria", "admin1": "Daraa"})
        self.assertEqual(sitrep.merge_reports([]), sitrep.MergeResult([], []))


class StoreWriteTest(unittest.TestCase):
    def test_put_reports_what_it_did_and_remove_forgets(self) -> None:
        ex = sitrep.Extractor()
        articles = lines_of(read_bytes(os.path.join(support.EXAMPLES, "busra-al-harir-reports.jsonl")).decode())
        with tempfile.TemporaryDirectory() as tmp, sitrep.Store(os.path.join(tmp, "s.sqlite")) as store:
            results = [store.put(a, ex.extract_many([a])) for a in articles]
            self.assertGreater(results[0]["new_events"], 0)
            self.assertTrue(any(r["deleted_events"] or r["updated_events"] for r in results[1:]), results)
            self.assertEqual(store.count_articles(), len(articles))
            reports = store.reports()
            self.assertEqual(without_timestamps(store.events()), sitrep.merge_reports(reports).events)
            store.remove(articles[0]["id"])
            self.assertEqual(store.count_articles(), len(articles) - 1)
            self.assertIsNone(store.get_article(articles[0]["id"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
