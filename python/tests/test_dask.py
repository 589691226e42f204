#!/usr/bin/env python3
"""sitrep on a distributed.LocalCluster (2 worker processes on loopback) over a generated
corpus of 20,000 articles: the partitions' events equal the single-process CLI's, the
merged result equals merge_reports over them and what a store holding the same articles
lists, each worker loads one Extractor, and killing a worker mid-run loses and duplicates
nothing."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from typing import Any

import support

# A loaded machine (ctest -j2 beside other builds) can hold a connection or a restarted
# worker for longer than Dask's 30 s defaults: the checks stay the same, only the patience
# grows. Set before Dask reads its configuration, in the environment so that the workers'
# processes see it too.
os.environ.setdefault("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "120s")
os.environ.setdefault("DASK_DISTRIBUTED__COMM__TIMEOUTS__TCP", "120s")

try:
    import dask.bag
    import distributed
    import pandas
except ImportError as e:  # ctest reports the test as skipped
    print(f"skipped: {e} (Debian: python3-distributed python3-pandas)")
    sys.exit(77)

import sitrep
import sitrep.dask

ARTICLES = 20000



def start_cluster(workers: int = 2) -> distributed.LocalCluster:
    return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                    host="127.0.0.1", dashboard_address=None)


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def parse(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def without_timestamps(events: list[dict]) -> list[dict]:
    return [{k: v for k, v in e.items() if k != "timestamp"} for e in events]


def parts_text(out: str, ext: str) -> str:
    return "".join(read(p) for p in sorted(glob.glob(os.path.join(out, "parts", f"part-*.{ext}"))))


class DaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        cls.corpus_dir = os.path.join(cls.tmp.name, "news")
        support.write_corpus(cls.corpus_dir, ARTICLES, files=3)
        cls.files = sorted(glob.glob(os.path.join(cls.corpus_dir, "*.jsonl")))
        # The single-process result: the CLI over the same files, into a store too.
        db = os.path.join(cls.tmp.name, "store.sqlite")
        cls.expected_jsonl = support.cli("extract", "-q", "-j", "2", "--db", db, *cls.files)
        cls.expected_csv = support.cli("extract", "-q", "-j", "2", "-f", "csv", *cls.files)
        cls.expected = parse(cls.expected_jsonl)
        cls.stored = without_timestamps(parse(support.cli("events", "--db", db)))
        cls.merged = sitrep.merge_reports(cls.expected)
        cls.cluster = start_cluster()
        cls.client = distributed.Client(cls.cluster)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.client.close()
        cls.cluster.close()
        cls.tmp.cleanup()

    def test_corpus_is_big_and_eventful(self) -> None:
        lines = sum(len(read(f).splitlines()) for f in self.files)
        self.assertEqual(lines, ARTICLES)
        self.assertGreater(len(self.expected), ARTICLES // 2)
        # Outlets report one incident in different files and partitions: merging matters.
        self.assertEqual(self.merged.events, self.stored)
        self.assertLess(len(self.stored), len(self.expected) * 0.9)

    def assert_merged_output(self, out: str, summary: sitrep.dask.RunSummary) -> None:
        """out/ holds exactly the store's events, the CLI's reports, and nothing twice."""
        self.assertEqual(summary.events, len(self.expected))
        self.assertEqual(summary.merged_events, len(self.stored))
        self.assertEqual(summary.deleted, len(self.merged.deleted))
        events = parse(read(os.path.join(out, "events.jsonl")))
        self.assertEqual(events, self.stored)
        self.assertEqual(events, self.merged.events)
        self.assertEqual(read(os.path.join(out, "events.csv")), sitrep.events_to_csv(self.merged.events))
        self.assertEqual(parse(read(os.path.join(out, "deleted.jsonl"))), self.merged.deleted)
        self.assertEqual(parts_text(out, "jsonl"), self.expected_jsonl)
        header = self.expected_csv.splitlines(keepends=True)[0]
        csv_parts = sorted(glob.glob(os.path.join(out, "parts", "part-*.csv")))
        self.assertEqual(header + "".join(read(p)[len(header):] for p in csv_parts), self.expected_csv)
        for kind in ("parts", "merged"):
            self.assertEqual(glob.glob(os.path.join(out, kind, "*.tmp-*")), [])

    def test_run_equals_single_process_and_loads_once_per_worker(self) -> None:
        out = os.path.join(self.tmp.name, "run")
        summary = sitrep.dask.run(self.corpus_dir, out, self.client, blocksize=256 << 10)
        self.assertGreater(summary.partitions, 20)
        self.assertEqual(summary.articles, ARTICLES)
        self.assertEqual(summary.skipped, 0)
        self.assertEqual(summary.merge_partitions, 8)  # 4 per worker
        self.assert_merged_output(out, summary)
        parts = sorted(glob.glob(os.path.join(out, "parts", "part-*.jsonl")))
        self.assertEqual(len(parts), summary.partitions)
        merged = sorted(glob.glob(os.path.join(out, "merged", "part-*.jsonl")))
        self.assertEqual(len(merged), 8)
        self.assertEqual(sorted(e for p in merged for e in read(p).splitlines()),
                         sorted(read(os.path.join(out, "events.jsonl")).splitlines()))
        # A block is never split: each block key lives in one merge partition.
        home: dict[str, str] = {}
        for p in merged:
            for e in parse(read(p)):
                self.assertEqual(home.setdefault(sitrep.merge_block_key(e) or e["event_id"], p), p)
        loads = self.client.run(sitrep.dask.load_count)
        self.assertEqual(len(loads), 2)
        self.assertEqual(sorted(loads.values()), [1, 1], loads)

    def test_dataframe_equals_single_process(self) -> None:
        frame = sitrep.dask.extract(os.path.join(self.corpus_dir, "*.jsonl"), client=self.client,
                                    blocksize=512 << 10)
        self.assertGreater(frame.npartitions, 10)
        got = frame.compute().reset_index(drop=True)
        want = sitrep.to_dataframe(self.expected)
        pandas.testing.assert_frame_equal(got, want)
        weekly = frame.groupby("event_type").size().compute()
        self.assertEqual(int(weekly.sum()), len(self.expected))

    def test_merged_dataframe_equals_merge_reports(self) -> None:
        frame = sitrep.dask.extract(os.path.join(self.corpus_dir, "*.jsonl"), client=self.client,
                                    blocksize=512 << 10, merge=True, merge_partitions=5)
        self.assertEqual(frame.npartitions, 5)
        got = frame.compute().sort_values(["event_date", "event_id"], na_position="first")
        want = sitrep.to_dataframe(self.merged.events)
        pandas.testing.assert_frame_equal(got.reset_index(drop=True), want)

    def test_bag_of_articles(self) -> None:
        with open(self.files[0], encoding="utf-8") as f:
            articles = [json.loads(line) for line in f][:3000]
        bag = dask.bag.from_sequence(articles, npartitions=6)
        got = sitrep.dask.extract(bag).compute(scheduler=self.client.get).reset_index(drop=True)
        want = sitrep.to_dataframe(sitrep.Extractor().extract_many(articles))
        pandas.testing.assert_frame_equal(got, want)
        merged = sitrep.dask.extract(bag, merge=True).compute(scheduler=self.client.get)
        merged = merged.sort_values(["event_date", "event_id"], na_position="first").reset_index(drop=True)
        want = sitrep.to_dataframe(sitrep.merge_reports(sitrep.Extractor().extract_many(articles)).events)
        pandas.testing.assert_frame_equal(merged, want)
        bad = dask.bag.from_sequence([{"text": ""}], npartitions=1)
        with self.assertRaisesRegex(ValueError, r"field \"text\" is empty"):
            sitrep.dask.extract(bad, errors="raise").compute(scheduler=self.client.get)

    def run_and_kill(self, out: str, pattern: str, count: int, of: int, **options: Any) -> None:
        """Runs sitrep.dask.run in a thread, SIGKILLs a worker once `count` of the `of`
        files the run writes match out/`pattern`, and checks that the run completes with
        nothing lost or duplicated."""
        pids = self.client.run(os.getpid)
        victim = sorted(pids.values())[0]
        result: dict = {}

        def work() -> None:
            try:
                result["summary"] = sitrep.dask.run(self.files, out, self.client, **options)
            except BaseException as e:  # noqa: BLE001 - reported by the assertion below
                result["error"] = e

        thread = threading.Thread(target=work)
        thread.start()
        deadline = time.monotonic() + 120
        while len(glob.glob(os.path.join(out, pattern))) < count and time.monotonic() < deadline:
            time.sleep(0.005)
        running_at_kill = thread.is_alive()
        done_at_kill = len(glob.glob(os.path.join(out, pattern)))
        os.kill(victim, signal.SIGKILL)
        print(f"killed worker {victim} with {done_at_kill} of {pattern} written", file=sys.stderr)
        thread.join(timeout=300)
        self.assertFalse(thread.is_alive(), "the run did not finish after a worker was killed")
        self.assertNotIn("error", result)
        self.assertTrue(running_at_kill, "the run ended before the worker was killed")
        self.assertGreaterEqual(done_at_kill, count)
        self.assertLess(done_at_kill, of, f"every {pattern} was written before the kill")
        summary = result["summary"]
        self.assertEqual(summary.partitions, len(sitrep.dask.plan_splits(self.files, options["blocksize"])))
        self.assertEqual(summary.articles, ARTICLES)
        self.assert_merged_output(out, summary)
        # The nanny restarted the worker; the cluster is whole again for the other tests.
        self.client.wait_for_workers(2, timeout=180)
        self.assertNotIn(victim, self.client.run(os.getpid).values())

    def test_worker_killed_while_extracting_loses_and_duplicates_nothing(self) -> None:
        out = os.path.join(self.tmp.name, "killed")
        total = len(sitrep.dask.plan_splits(self.files, 48 << 10))
        self.run_and_kill(out, "parts/part-*.jsonl", 8, total, blocksize=48 << 10)
        self.assertGreater(total, 40)

    def test_worker_killed_while_merging_loses_and_duplicates_nothing(self) -> None:
        # Killed once merge partitions are being written: the partitions it held are lost
        # with it, and Dask extracts them again before the merge goes on.
        out = os.path.join(self.tmp.name, "killed-merging")
        self.run_and_kill(out, "merged/part-*.index", 1, 48, blocksize=256 << 10, merge_partitions=48)

    def test_command_on_an_existing_scheduler(self) -> None:
        out = os.path.join(self.tmp.name, "command")
        env = dict(os.environ)
        done = subprocess.run(
            [sys.executable, "-m", "sitrep.dask", self.files[1], "--scheduler",
             self.cluster.scheduler_address, "--out", out, "--blocksize", "200000"],
            capture_output=True, text=True, env=env, timeout=300, check=False)
        self.assertEqual(done.returncode, 0, done.stderr)
        want = support.cli("extract", "-q", self.files[1])
        self.assertEqual(parts_text(out, "jsonl"), want)
        merged = sitrep.merge_reports(parse(want))
        self.assertEqual(parse(read(os.path.join(out, "events.jsonl"))), merged.events)
        self.assertEqual(parse(read(os.path.join(out, "deleted.jsonl"))), merged.deleted)
        self.assertRegex(done.stderr, r"articles, \d+ events \(\d+ after merging, \d+ absorbed\).* "
                         r"partitions on 2 workers, merged in 8")

    def test_command_reports_bad_records_and_bad_usage(self) -> None:
        bad = os.path.join(self.tmp.name, "bad.jsonl")
        good = (b'{"text": "Gunmen abducted two farmers outside Bama on Monday.", '
                b'"published": "2020-05-05"}\n')
        with open(bad, "wb") as f:
            f.write(good + b'{oops\n{"text": "\xff"}\n')
        out = os.path.join(self.tmp.name, "bad-out")
        done = subprocess.run(
            [sys.executable, "-m", "sitrep.dask", bad, "--scheduler", self.cluster.scheduler_address,
             "--out", out], capture_output=True, text=True, timeout=300, check=False)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn(f"skipped {bad}, byte {len(good)}: malformed JSON", done.stderr)
        self.assertIn(f"skipped {bad}, byte {len(good) + 6}: invalid UTF-8", done.stderr)
        self.assertEqual(parts_text(out, "jsonl"), support.cli("extract", "-q", bad))
        self.assertEqual(len(parse(read(os.path.join(out, "events.jsonl")))), 1)
        done = subprocess.run([sys.executable, "-m", "sitrep.dask", os.path.join(self.tmp.name, "none*.jsonl"),
                               "--out", out], capture_output=True, text=True, timeout=120, check=False)
        self.assertEqual(done.returncode, 2)
        self.assertIn("no such file", done.stderr)


class SplitTest(unittest.TestCase):
    def test_every_line_in_exactly_one_partition_for_any_blocksize(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "a.jsonl")
            lines = [b'{"text": "%s"}\n' % (b"x" * (i % 7)) for i in range(40)] + [b"\n", b'{"text": "end"}']
            with open(path, "wb") as f:
                f.write(b"".join(lines))
            want = [line for line in lines if line.strip()]
            for blocksize in range(1, 60):
                splits = sitrep.dask.plan_splits(path, blocksize)
                got = [line for s in splits for line in sitrep.dask.read_split(s)[0]]
                self.assertEqual(got, want, f"blocksize {blocksize}")
            origins = sitrep.dask.read_split(sitrep.dask.plan_splits(path, 10**6)[0])[1]
            self.assertEqual(origins[1], f"{path}, byte {len(lines[0])}")

    def test_inputs_must_exist_and_be_jsonl(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaisesRegex(FileNotFoundError, "no such file"):
                sitrep.dask.plan_splits(os.path.join(tmp, "*.jsonl"))
            txt = os.path.join(tmp, "a.txt")
            with open(txt, "w") as f:
                f.write("text")
            with self.assertRaisesRegex(ValueError, "reads JSONL articles"):
                sitrep.dask.plan_splits(txt)
            with self.assertRaisesRegex(ValueError, "blocksize must be a positive"):
                sitrep.dask.plan_splits(txt, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
