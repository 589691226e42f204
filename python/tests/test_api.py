#!/usr/bin/env python3
"""The Python API gives exactly the CLI's events (dev set, examples, a generated corpus)."""

from __future__ import annotations

import io
import json
import os
import pathlib
import sys
import tempfile
import threading
import types
import unittest
from unittest import mock

import support

import sitrep


def without_timestamps(events: list[dict]) -> list[dict]:
    return [{k: v for k, v in e.items() if k != "timestamp"} for e in events]


class ExtractorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.ex = sitrep.Extractor()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.corpus = os.path.join(cls.tmp.name, "news.jsonl")
        support.write_corpus(cls.corpus, 2000)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def test_examples_equal_cli(self) -> None:
        expected = support.cli_events(support.EXAMPLES)
        self.assertGreater(len(expected), 0)
        articles = sitrep.read_articles(support.EXAMPLES)
        self.assertEqual(self.ex.extract_many(articles), expected)
        self.assertEqual(self.ex.extract_many(articles, threads=3), expected)

    def test_text_file_through_extract(self) -> None:
        path = os.path.join(support.EXAMPLES, "daraa-ied.txt")
        expected = support.cli_events(path, "--published", "2019-07-28", "--publisher", "Enab Baladi")
        self.assertGreater(len(expected), 0)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        # The id the CLI gives a .txt file, whatever its rule (file stem or text hash).
        (read,) = sitrep.read_articles(path)
        self.assertEqual(read["text"], text)
        got = self.ex.extract(text, published="2019-07-28", id=read.get("id"), publisher="Enab Baladi")
        self.assertEqual(got, expected)
        # UTF-8 bytes are the same article.
        got = self.ex.extract(text.encode(), published="2019-07-28", id=read.get("id"),
                              publisher="Enab Baladi")
        self.assertEqual(got, expected)

    @unittest.skipUnless(os.path.exists(support.DEVSET), "../shared/devset is absent")
    def test_devset_equal_cli(self) -> None:
        stdout = support.cli("extract", "-q", support.DEVSET)
        expected = [json.loads(line) for line in stdout.splitlines()]
        self.assertGreater(len(expected), 10)
        with open(support.DEVSET, encoding="utf-8") as f:
            articles = [json.loads(line) for line in f if line.strip()]
        for threads in (1, 2):
            self.assertEqual(self.ex.extract_many(articles, threads=threads), expected)
        one_by_one = []
        for a in articles:
            one_by_one += self.ex.extract(a["text"], published=a.get("published"), id=a.get("id"),
                                          publisher=a.get("publisher"), url=a.get("url"))
        self.assertEqual(one_by_one, expected)
        # The raw path gives the CLI's bytes.
        with open(support.DEVSET, "rb") as f:
            self.assertEqual(self.ex.extract_jsonl(f, threads=2), stdout.splitlines())

    def test_generated_corpus_equal_cli_for_any_thread_count(self) -> None:
        expected = support.cli_events(self.corpus)
        self.assertGreater(len(expected), 1000)
        with open(self.corpus, encoding="utf-8") as f:
            articles = [json.loads(line) for line in f]
        self.assertEqual(self.ex.extract_many(articles, threads=1), expected)
        self.assertEqual(self.ex.extract_many(iter(articles), threads=4), expected)
        self.assertEqual(list(self.ex.iter_extract(articles, threads=2)), expected)

    def test_dicts_keep_the_cli_key_order(self) -> None:
        expected = support.cli_events(support.EXAMPLES)
        got = self.ex.extract_many(sitrep.read_articles(support.EXAMPLES))
        self.assertEqual([list(e) for e in got], [list(e) for e in expected])
        self.assertEqual([[list(c) for c in e["claims"]] for e in got],
                         [[list(c) for c in e["claims"]] for e in expected])
        self.assertEqual([[list(v) for v in e["evidence"]] for e in got],
                         [[list(v) for v in e["evidence"]] for e in expected])

    def test_fast_and_python_readers_agree(self) -> None:
        # extract_many reads str texts and dicts of str fields in C++, anything else (bytes,
        # dates, NaN, other mappings, dict subclasses) in Python: the same events either way.
        with open(self.corpus, encoding="utf-8") as f:
            articles = [json.loads(line) for line in f][:80]
        expected = self.ex.extract_many(articles)

        class Subclass(dict):
            pass

        mixed: list = []
        for i, a in enumerate(articles):
            kind = i % 5
            if kind == 0:
                mixed.append(dict(a))
            elif kind == 1:
                mixed.append({k: v.encode() if isinstance(v, str) else v for k, v in a.items()})
            elif kind == 2:
                mixed.append(types.MappingProxyType(a))
            elif kind == 3:
                mixed.append(Subclass(a, title=None, url=float("nan")))
            else:
                mixed.append(dict(a, lang=None, extra=[1, 2]))
        self.assertEqual(self.ex.extract_many(mixed, threads=2), expected)
        # A text alone is an article without metadata, whichever reader takes it.
        texts = [a["text"] for a in articles[:10]]
        self.assertEqual(self.ex.extract_many(texts), self.ex.extract_many([t.encode() for t in texts]))
        # CPython stores a str in 1, 2 or 4 bytes a character; the C++ reader encodes each
        # kind to UTF-8 itself: the same bytes as Python's own encoder.
        kinds = [" Caf\u00e9 \u00bd.", " \u0642\u0627\u0644 \u0645\u0633\u0624\u0648\u0644.", " \U0001f642 \u20ac\U00010348."]
        texts = [t + k for t in texts for k in kinds]
        fast = self.ex.extract_many([{"text": t, "id": "\u00e9" + k} for t, k in zip(texts, kinds * 10)])
        slow = self.ex.extract_many([{"text": t.encode(), "id": ("\u00e9" + k).encode()}
                                     for t, k in zip(texts, kinds * 10)])
        self.assertEqual(fast, slow)
        self.assertGreater(len(fast), 10)
        # The encoder goes a word at a time through ASCII runs: wider characters at every
        # offset within a word, in each kind, come back unchanged in article_ids and evidence.
        text = next(t for t in texts if self.ex.extract(t))
        ids = ["a" * n + wide + "b" * m for n in range(9) for m in (0, 1, 3, 4, 7, 8, 9)
               for wide in ("\u00e9", "\u0642\u00e9x\u0645", "\U0001f642")]
        got = self.ex.extract_many([{"text": "\u201c" * (n % 9) + text, "id": i}
                                    for n, i in enumerate(ids)])
        self.assertEqual(sorted({e["article_ids"][0] for e in got}), sorted(ids))
        for e in got:
            n = ids.index(e["article_ids"][0]) % 9
            for ev in e["evidence"]:
                self.assertEqual(("\u201c" * n + text)[ev["start"]:ev["end"]], ev["text"])

    def test_fast_and_python_readers_name_articles_alike(self) -> None:
        fast: list[str] = []
        slow: list[str] = []
        ids = ["it's", "ü\n", 'say "x"', ""]
        self.ex.extract_many([{"text": " ", "id": i} for i in ids], on_error=fast.append)
        self.ex.extract_many([{"text": b" ", "id": i} for i in ids], on_error=slow.append)
        self.assertEqual(len(fast), len(ids))
        self.assertEqual(fast, slow)
        self.assertIn('articles[0] (id "it\'s")', fast[0])
        self.assertIn("articles[3]: ", fast[3])
        named: list[str] = []
        self.ex.extract_many([{"text": " ", "origin": "feed.jsonl:7"}], on_error=named.append)
        self.assertIn("feed.jsonl:7", named[0])

    def test_csv_equals_cli(self) -> None:
        expected = support.cli("extract", "-q", "-f", "csv", self.corpus)
        events = support.cli_events(self.corpus)
        self.assertEqual(sitrep.events_to_csv(events), expected)
        lines = support.cli("extract", "-q", support.EXAMPLES).splitlines()
        self.assertEqual(sitrep.events_to_csv(lines),
                         support.cli("extract", "-q", "-f", "csv", support.EXAMPLES))

    def test_evidence_offsets_index_python_strings(self) -> None:
        for a in sitrep.read_articles(support.EXAMPLES):
            for e in self.ex.extract_many([a]):
                for ev in e["evidence"]:
                    self.assertEqual(a["text"][ev["start"]:ev["end"]], ev["text"])

    def test_threads_share_one_extractor(self) -> None:
        with open(self.corpus, encoding="utf-8") as f:
            articles = [json.loads(line) for line in f][:400]
        expected = self.ex.extract_many(articles, threads=1)
        results: list = [None] * 4

        def work(i: int) -> None:
            results[i] = self.ex.extract_many(articles, threads=2)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(results, [expected] * 4)

    def test_binary_file_read_in_blocks_equals_its_lines(self) -> None:
        # A binary file is split into lines by the compiled core: the same events, names and
        # messages as its lines one by one, whatever the block size, line ends and blanks.
        with open(self.corpus, "rb") as f:
            lines = [line.rstrip(b"\n") for line in f][:300]
        ends = [b"\n", b"\r\n", b"\r\r\n", b"\n\n", b"\n \t\n"]
        parts = [line + ends[i % len(ends)] for i, line in enumerate(lines)]
        parts.insert(7, b"{not json}\n")
        data = b"".join(parts).rstrip(b"\n")  # the last line has no newline
        expected_errors: list[str] = []
        expected = self.ex.extract_jsonl(list(io.BytesIO(data)), threads=2,
                                         on_error=expected_errors.append)
        self.assertGreater(len(expected), 100)
        self.assertEqual(len(expected_errors), 1)
        self.assertTrue(expected_errors[0].startswith("line 10: "), expected_errors[0])
        for block in (sitrep._READ_BYTES, 1000, 7):
            with self.subTest(block=block), mock.patch.object(sitrep, "_READ_BYTES", block):
                errors: list[str] = []
                got = self.ex.extract_jsonl(io.BytesIO(data), threads=2, on_error=errors.append)
                self.assertEqual(got, expected)
                self.assertEqual(errors, expected_errors)
        with self.assertRaisesRegex(ValueError, "^line 10: "):
            self.ex.extract_jsonl(io.BytesIO(data))
        self.assertEqual(self.ex.extract_jsonl(io.BytesIO(b"")), [])
        self.assertEqual(self.ex.extract_jsonl(io.BytesIO(b"\n \r\n")), [])
        with open(self.corpus, "rb") as f:
            self.assertEqual(self.ex.extract_jsonl(f),
                             support.cli("extract", "-q", self.corpus).splitlines())

    def test_out_writes_the_cli_bytes(self) -> None:
        # out= does the CLI's job: the very bytes `sitrep extract -o FILE` writes, to a path or
        # a binary file, whatever the thread count; the event count is returned.
        sources = [self.corpus]
        if os.path.exists(support.DEVSET):
            sources.append(support.DEVSET)
        with tempfile.TemporaryDirectory() as tmp:
            cli_out, path = os.path.join(tmp, "cli.jsonl"), os.path.join(tmp, "py.jsonl")
            for source in sources:
                support.cli("extract", "-q", "-o", cli_out, source)
                with open(cli_out, "rb") as f:
                    expected = f.read()
                count = expected.count(b"\n")
                self.assertGreater(count, 10)
                with open(source, "rb") as f:
                    lines = list(f)
                for threads in (1, 2):
                    with self.subTest(source=source, threads=threads):
                        with open(source, "rb") as f:
                            self.assertEqual(self.ex.extract_jsonl(f, threads=threads, out=path), count)
                        self.assertEqual(pathlib.Path(path).read_bytes(), expected)
                        got = self.ex.extract_jsonl(lines, threads=threads, out=pathlib.Path(path))
                        self.assertEqual(got, count)
                        self.assertEqual(pathlib.Path(path).read_bytes(), expected)
                        with open(source, "rb") as f, open(path, "wb") as dst:
                            dst.write(b"kept\n")  # a file object is written at its position
                            self.assertEqual(self.ex.extract_jsonl(f, threads=threads, out=dst), count)
                        self.assertEqual(pathlib.Path(path).read_bytes(), b"kept\n" + expected)
                        buffer = io.BytesIO()
                        with open(source, "rb") as f:
                            self.assertEqual(self.ex.extract_jsonl(f, threads=threads, out=buffer), count)
                        self.assertEqual(buffer.getvalue(), expected)
                # out=None is unchanged: the same lines, as strs.
                with open(source, "rb") as f:
                    self.assertEqual(self.ex.extract_jsonl(f, threads=2), expected.decode().splitlines())

    def test_out_writes_through_any_write_and_reports_its_errors(self) -> None:
        with open(self.corpus, "rb") as f:
            data = b"".join(f.readlines()[:300])
        expected = "".join(line + "\n" for line in self.ex.extract_jsonl(io.BytesIO(data))).encode()
        self.assertGreater(len(expected), 10000)

        class Trickle:
            """A raw file's write: takes at most 1000 bytes a call, says how many."""

            def __init__(self) -> None:
                self.data = bytearray()

            def write(self, chunk: bytes) -> int:
                taken = bytes(chunk[:1000])
                self.data += taken
                return len(taken)

        trickle = Trickle()
        self.ex.extract_jsonl(io.BytesIO(data), threads=2, out=trickle)
        self.assertEqual(bytes(trickle.data), expected)

        class DiskFull(Exception):
            pass

        class Failing:
            def write(self, chunk: bytes) -> int:
                raise DiskFull("no space left")

        with self.assertRaisesRegex(DiskFull, "no space left"):
            self.ex.extract_jsonl(io.BytesIO(data), threads=2, out=Failing())
        no_room = types.SimpleNamespace(write=lambda chunk: None)  # non-blocking and full
        with self.assertRaises(BlockingIOError):
            self.ex.extract_jsonl(io.BytesIO(data), out=no_room)
        with self.assertRaisesRegex(OSError, "took none"):
            self.ex.extract_jsonl(io.BytesIO(data), out=types.SimpleNamespace(write=lambda c: 0))
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(FileNotFoundError):
                self.ex.extract_jsonl(io.BytesIO(data), out=os.path.join(tmp, "no", "dir.jsonl"))
            with self.assertRaises(IsADirectoryError):
                self.ex.extract_jsonl(io.BytesIO(data), out=tmp)
            kept = os.path.join(tmp, "kept.jsonl")
            pathlib.Path(kept).write_bytes(b"kept\n")
            with self.assertRaisesRegex(TypeError, "on_error"):
                self.ex.extract_jsonl(io.BytesIO(data), on_error=42, out=kept)  # type: ignore[arg-type]
            self.assertEqual(pathlib.Path(kept).read_bytes(), b"kept\n")
            with open(os.path.join(tmp, "text.jsonl"), "w", encoding="utf-8") as text_file:
                with self.assertRaisesRegex(TypeError, "binary file"):
                    self.ex.extract_jsonl(io.BytesIO(data), out=text_file)
        with self.assertRaisesRegex(TypeError, "path or a binary file"):
            self.ex.extract_jsonl(io.BytesIO(data), out=42)
        # Bad articles go to on_error as without out, and are skipped in the output.
        bad = data + b"{not json}\n" + data
        errors: list[str] = []
        lines = self.ex.extract_jsonl(io.BytesIO(bad), on_error=errors.append)
        out_errors: list[str] = []
        buffer = io.BytesIO()
        count = self.ex.extract_jsonl(io.BytesIO(bad), threads=2, on_error=out_errors.append, out=buffer)
        self.assertEqual((count, buffer.getvalue()), (len(lines), "".join(l + "\n" for l in lines).encode()))
        self.assertEqual((len(out_errors), out_errors), (1, errors))
        with self.assertRaisesRegex(ValueError, "^line 301: "):
            self.ex.extract_jsonl(io.BytesIO(bad), out=io.BytesIO())

    def test_extraction_threads_are_kept_from_batch_to_batch(self) -> None:
        # The core's per-thread caches stay warm only if the threads do: many batches of
        # one call, and the next call, run on the same few threads.
        with open(self.corpus, "rb") as f:
            lines = f.readlines()[:1200]
        ex = sitrep.Extractor()
        ex.extract_jsonl(lines[:10], threads=2)
        before = threading.active_count(), len(os.listdir("/proc/self/task"))
        ex.extract_jsonl(lines, threads=2)  # several batches
        ex.extract_many(sitrep.read_articles(support.EXAMPLES), threads=2)
        self.assertEqual((threading.active_count(), len(os.listdir("/proc/self/task"))), before)

    @unittest.skipUnless(hasattr(os, "fork"), "no os.fork")
    def test_extractor_works_in_a_forked_child(self) -> None:
        # The parent's extraction threads do not come along into a fork: the child's
        # Extractor must start its own instead of waiting for them.
        articles = sitrep.read_articles(support.EXAMPLES)
        expected = self.ex.extract_many(articles, threads=2)
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: report through the pipe, never return into unittest
            ok = False
            try:
                ok = self.ex.extract_many(articles, threads=2) == expected
            finally:
                os.write(write_end, b"1" if ok else b"0")
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as r:
            verdict = r.read()
        os.waitpid(pid, 0)
        self.assertEqual(verdict, b"1")
        self.assertEqual(self.ex.extract_many(articles, threads=2), expected)

    def test_extraction_releases_the_gil(self) -> None:
        # While one long batch is extracted, another Python thread keeps counting. Were the
        # GIL held for the call, the count would move only in the switch interval after it
        # (tens of thousands); released, the counter runs all along (millions).
        with open(self.corpus, "rb") as f:
            lines = f.read().splitlines() * 3
        names = [f"line {i}" for i in range(len(lines))]
        count = [0]
        started = threading.Event()
        finished = threading.Event()

        def counter() -> None:
            started.set()
            while not finished.is_set():
                count[0] += 1

        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        thread = threading.Thread(target=counter)
        thread.start()
        try:
            started.wait()
            before = count[0]
            self.ex._core.extract_lines(lines, names, 1, True)
            after = count[0]
        finally:
            finished.set()
            thread.join()
            sys.setswitchinterval(interval)
        self.assertGreater(after - before, 1_000_000)

    def test_extract_many_releases_the_gil(self) -> None:
        # The events' dicts are built with the GIL, the extraction runs without it: another
        # Python thread keeps running through the call (as above: millions of counts, not the
        # tens of thousands a held GIL would leave it).
        with open(self.corpus, encoding="utf-8") as f:
            articles = [json.loads(line) for line in f] * 3
        count = [0]
        started = threading.Event()
        finished = threading.Event()

        def counter() -> None:
            started.set()
            while not finished.is_set():
                count[0] += 1

        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.0005)
        thread = threading.Thread(target=counter)
        thread.start()
        try:
            started.wait()
            before = count[0]
            events = self.ex.extract_many(articles, threads=1)
            after = count[0]
        finally:
            finished.set()
            thread.join()
            sys.setswitchinterval(interval)
        self.assertGreater(len(events), 3000)
        self.assertGreater(after - before, 1_000_000)

    def test_keep_undated_is_the_cli_flag(self) -> None:
        ex = sitrep.Extractor(self.ex.data_dir, keep_undated=True)
        self.assertTrue(ex.keep_undated)
        expected = support.cli_events("--keep-undated", support.EXAMPLES)
        self.assertEqual(ex.extract_many(sitrep.read_articles(support.EXAMPLES)), expected)


class DataFrameTest(unittest.TestCase):
    def test_columns_and_types(self) -> None:
        events = support.cli_events(support.EXAMPLES)
        frame = sitrep.to_dataframe(events)
        self.assertEqual(list(frame.columns), list(sitrep.EVENT_FIELDS))
        self.assertEqual(len(frame), len(events))
        self.assertEqual(list(frame["event_id"]), [e["event_id"] for e in events])
        self.assertEqual(str(frame["event_date"].dtype), "datetime64[ns]")
        self.assertEqual(str(frame["fatalities"].dtype), "Int64")
        self.assertEqual(str(frame["latitude"].dtype), "float64")
        for row, e in zip(frame.itertuples(), events):
            self.assertEqual(row.event_date.strftime("%Y-%m-%d") if e["event_date"] else None,
                             e["event_date"])
            self.assertEqual(None if row.fatalities is sitrep_na() else int(row.fatalities),
                             e["fatalities"])
            self.assertEqual(row.sources, e["sources"])
        empty = sitrep.to_dataframe([])
        self.assertEqual(list(empty.columns), list(frame.columns))
        self.assertEqual(list(empty.dtypes), list(frame.dtypes))


def sitrep_na():
    import pandas

    return pandas.NA


class StoreTest(unittest.TestCase):
    def test_reads_the_cli_store_and_writes_one_the_cli_reads(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            cli_db = os.path.join(tmp, "cli.sqlite")
            support.cli("extract", "-q", support.EXAMPLES, "--db", cli_db, "-o", os.devnull)
            listed = [json.loads(l) for l in support.cli("events", "--db", cli_db).splitlines()]
            self.assertGreater(len(listed), 0)
            with sitrep.Store(cli_db) as store:
                self.assertEqual(store.events(), listed)
                self.assertEqual(store.count_events(), len(listed))
                frame = store.to_dataframe()
                self.assertEqual(list(frame["event_id"]), [e["event_id"] for e in listed])

            py_db = os.path.join(tmp, "py.sqlite")
            ex = sitrep.Extractor()
            with sitrep.Store(py_db) as store, store.batch():
                for article in sitrep.read_articles(support.EXAMPLES):
                    store.put(article, ex.extract_many([article]))
                for article in sitrep.read_articles(support.EXAMPLES):  # again: no duplicates
                    store.put(article, ex.extract_many([article]))
            again = [json.loads(l) for l in support.cli("events", "--db", py_db).splitlines()]
            self.assertEqual(without_timestamps(again), without_timestamps(listed))
            with sitrep.Store(py_db) as store:
                self.assertEqual(store.count_articles(), len(sitrep.read_articles(support.EXAMPLES)))

    def test_closed_store_says_so(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            store = sitrep.Store(os.path.join(tmp, "s.sqlite"))
            store.close()
            with self.assertRaisesRegex(ValueError, "closed"):
                store.events()


if __name__ == "__main__":
    unittest.main(verbosity=2)
