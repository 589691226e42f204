"""sitrep on a Dask cluster: many JSONL files of articles in, events out.

    import sitrep.dask
    df = sitrep.dask.extract("news/*.jsonl", client=client)   # a dask DataFrame of events
    df.groupby("event_type").size().compute()

or, from the shell, partitioned JSONL and ACLED CSV plus the events merged across articles
by the store's rule (the reports shuffled by merge_block_key, each block merged with
MergeReports):

    python3 -m sitrep.dask 'news/*.jsonl' --scheduler tcp://10.0.0.5:8786 --out run1/
    python3 -m sitrep.dask 'news/*.jsonl' --workers 2 --out run1/     # a LocalCluster

The input is split into partitions of about `blocksize` bytes at line boundaries (a line
belongs to the partition it starts in), read on the workers. Each worker process loads one
Extractor, the first time it needs it, and keeps it for every later task; a task extracts
its partition on one thread without the GIL, so a worker with N threads runs N partitions
at once. Every task is a pure function of its partition, so when a worker dies Dask runs
its tasks again elsewhere and the output is the same: nothing lost, nothing twice.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import glob
import json
import logging
import os
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

import dask
import dask.bag
import dask.dataframe
import fsspec

import sitrep

if TYPE_CHECKING:
    import distributed
    import pandas

__all__ = [
    "DEFAULT_BLOCKSIZE",
    "PartResult",
    "Split",
    "extract",
    "extract_split",
    "load_count",
    "main",
    "join_merged",
    "merge_partition",
    "plan_splits",
    "read_split",
    "reports_frame",
    "run",
    "worker_extractor",
]

DEFAULT_BLOCKSIZE = 8 << 20
"""Bytes of JSONL per partition: a few seconds of work for one core."""

_log = logging.getLogger("sitrep.dask")
_MAX_REPORTED_ERRORS = 100  # per partition; the count is always exact

# ---- One Extractor per worker process ------------------------------------------------

_extractors: dict[tuple[Optional[str], bool], sitrep.Extractor] = {}
_extractors_lock = threading.Lock()
_loads = 0


def worker_extractor(data_dir: Optional[str] = None, keep_undated: bool = False) -> sitrep.Extractor:
    """The Extractor of this process for these settings, loaded on first use only.

    Dask runs many tasks in one worker process (on its threads, one after another); they
    all share this one Extractor, which is thread-safe.
    """
    global _loads
    key = (data_dir, keep_undated)
    with _extractors_lock:
        extractor = _extractors.get(key)
        if extractor is None:
            extractor = sitrep.Extractor(data_dir, keep_undated=keep_undated)
            _extractors[key] = extractor
            _loads += 1
        return extractor


def load_count() -> int:
    """How many Extractors this process has loaded (one per distinct settings)."""
    return _loads


# ---- Partitions of JSONL files ---------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Split:
    """Lines of `path` that start at a byte offset in [start, end)."""

    index: int
    path: str
    start: int
    end: int


def _expand(paths: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        patterns = [os.fspath(paths)]
    elif isinstance(paths, Sequence):
        patterns = []
        for p in paths:
            if not isinstance(p, (str, os.PathLike)):
                raise TypeError(f"expected paths or globs (str), not {type(p).__name__}")
            patterns.append(os.fspath(p))
    else:
        raise TypeError(f"expected a path, a glob or a list of them, not {type(paths).__name__}")
    found: list[str] = []
    for pattern in patterns:
        fs, _token, matches = fsspec.get_fs_token_paths(pattern)
        files = []
        for m in matches:
            if fs.isdir(m):
                files += [f for f in fs.find(m) if f.endswith((".jsonl", ".json"))]
            else:
                files.append(m)
        if not files:
            raise FileNotFoundError(f"{pattern}: no such file (or no file matches)")
        protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
        prefix = "" if protocol in ("file", "local") else f"{protocol}://"
        found += [prefix + f for f in sorted(files)]
    for f in found:
        if not f.endswith((".jsonl", ".json")):
            raise ValueError(f"{f}: sitrep.dask reads JSONL articles (.jsonl or .json), one per line")
    return found


def plan_splits(
    paths: Union[str, Sequence[str]], blocksize: int = DEFAULT_BLOCKSIZE
) -> list[Split]:
    """Splits JSONL files (paths, globs or directories) into partitions of ~blocksize bytes.

    Files are taken in sorted order, so concatenating the partitions' events in index order
    gives exactly what `sitrep extract FILES...` writes for the same files.
    """
    if isinstance(blocksize, bool) or not isinstance(blocksize, int) or blocksize < 1:
        raise ValueError(f"blocksize must be a positive number of bytes, not {blocksize!r}")
    splits: list[Split] = []
    for path in _expand(paths):
        fs, _token, (local,) = fsspec.get_fs_token_paths(path)
        size = fs.size(local)
        for start in range(0, max(size, 1), blocksize):
            splits.append(Split(len(splits), path, start, min(start + blocksize, size)))
    return splits


def read_split(split: Split) -> tuple[list[bytes], list[str]]:
    """The raw lines of a partition and their origins ("path, byte OFFSET") for messages."""
    lines: list[bytes] = []
    origins: list[str] = []
    with fsspec.open(split.path, "rb") as f:
        offset = split.start
        if offset > 0:
            # A line that starts before `start` belongs to the previous partition.
            f.seek(offset - 1)
            if f.read(1) != b"\n":
                offset += len(f.readline())
        while offset < split.end:
            line = f.readline()
            if not line:
                break
            if line.strip():
                lines.append(line)
                origins.append(f"{split.path}, byte {offset}")
            offset += len(line)
    return lines, origins


@dataclasses.dataclass
class PartResult:
    """What one partition gave."""

    index: int
    articles: int = 0  # read and extracted
    skipped: int = 0  # records that could not be read (see errors)
    events: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)  # the first 100 messages
    event_lines: list[str] = dataclasses.field(default_factory=list)
    csv_rows: str = ""
    block_keys: list[str] = dataclasses.field(default_factory=list)  # merge_block_key of each event
    worker_pid: int = 0


def extract_split(
    split: Split, data_dir: Optional[str] = None, keep_undated: bool = False, *, csv: bool = False,
    keys: bool = False,
) -> PartResult:
    """Extracts the events of one partition with this worker's Extractor (and, when `csv`,
    their ACLED CSV rows, without header, in `csv_rows` and their merge_block_key in
    `block_keys`; `keys` alone gives the block keys)."""
    lines, origins = read_split(split)
    result = PartResult(split.index, worker_pid=os.getpid())

    def skip(message: str) -> None:
        result.skipped += 1
        if len(result.errors) < _MAX_REPORTED_ERRORS:
            result.errors.append(message)

    extractor = worker_extractor(data_dir, keep_undated)
    if csv or keys:
        result.event_lines, rows, result.block_keys = extractor._extract_partition(
            lines, origins, skip, csv=csv)
        result.csv_rows = rows or ""
    else:
        result.event_lines = extractor.extract_jsonl(lines, origins, threads=1, on_error=skip)
    result.articles = len(lines) - result.skipped
    result.events = len(result.event_lines)
    return result


def _frame_of_split(split: Split, data_dir: Optional[str], keep_undated: bool) -> "pandas.DataFrame":
    part = extract_split(split, data_dir, keep_undated)
    for message in part.errors:
        _log.warning("skipped %s", message)
    return sitrep.to_dataframe([json.loads(line) for line in part.event_lines])


def _frame_of_items(
    items: Iterable[Any], data_dir: Optional[str], keep_undated: bool, errors: str
) -> "pandas.DataFrame":
    def skip(message: str) -> None:
        _log.warning("skipped %s", message)

    extractor = worker_extractor(data_dir, keep_undated)
    events = extractor.extract_many(items, threads=1, on_error=None if errors == "raise" else skip)
    return sitrep.to_dataframe(events)


def _reports_meta() -> "pandas.DataFrame":
    import pandas

    return pandas.DataFrame({"block": pandas.Series(dtype=object), "line": pandas.Series(dtype=object)})


def _reports_of_split(split: Split, data_dir: Optional[str], keep_undated: bool) -> "pandas.DataFrame":
    part = extract_split(split, data_dir, keep_undated, keys=True)
    for message in part.errors:
        _log.warning("skipped %s", message)
    return reports_frame(part)


def _reports_of_items(
    items: Iterable[Any], data_dir: Optional[str], keep_undated: bool, errors: str
) -> "pandas.DataFrame":
    import pandas

    def skip(message: str) -> None:
        _log.warning("skipped %s", message)

    extractor = worker_extractor(data_dir, keep_undated)
    lines = [line for batch in extractor._batches(items, 1, None if errors == "raise" else skip, as_lines=True)
             for line in batch]
    keys = sitrep._sitrep.merge_block_keys(lines)
    # No partition index here: reports without a block key go by their event line.
    return pandas.DataFrame({"block": [k or "\x01" + line for k, line in zip(keys, lines)], "line": lines},
                            columns=["block", "line"])


def _merged_frame(frame: "pandas.DataFrame") -> "pandas.DataFrame":
    events, _rows, _deleted = sitrep._sitrep.merge_blocks(frame["line"].tolist(), frame["block"].tolist())
    return sitrep.to_dataframe([json.loads(line) for line in events])


def extract(
    paths_or_bag: Union[str, Sequence[str], dask.bag.Bag],
    client: Optional["distributed.Client"] = None,
    *,
    data_dir: Optional[str] = None,
    keep_undated: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    errors: Literal["skip", "raise"] = "skip",
    merge: bool = False,
    merge_partitions: Optional[int] = None,
) -> dask.dataframe.DataFrame:
    """Maps the extractor over partitions; returns a dask DataFrame of events.

    Args:
        paths_or_bag: JSONL files of articles (paths, globs, directories, or fsspec URLs the
            workers can read), or a dask Bag whose items are articles (texts or dicts, as
            Extractor.extract_many takes them).
        client: a distributed Client; when given, the work starts on its cluster at once
            (the frame is persisted there). When None the frame is lazy and runs on the
            default scheduler when computed.
        data_dir: sitrep's data directory as the workers see it (default: theirs).
        keep_undated: as Extractor's.
        blocksize: bytes of JSONL per partition (files only).
        errors: "skip" logs each unreadable article on the worker (logger "sitrep.dask")
            and goes on, as the CLI does; "raise" fails the task (Bag input only; a bad
            line of a file is always skipped, as `sitrep extract` does).
        merge: merge the reports of one incident across articles by the store's rule: the
            reports are shuffled by merge_block_key into `merge_partitions` partitions
            (default: as many as the input's) and each block merged with merge_reports.
            The frame then holds what sitrep.merge_reports gives for all the reports (and
            a store holding the same articles lists), each partition sorted by
            (event_date, event_id); sort the computed frame for one global order.

    Returns:
        One row per event, the columns of sitrep.to_dataframe, partitions in input order
        (merge=False).
    """
    if errors not in ("skip", "raise"):
        raise ValueError(f'errors must be "skip" or "raise", not {errors!r}')
    if not isinstance(merge, bool):
        raise TypeError(f"merge must be bool, not {type(merge).__name__}")
    if merge_partitions is not None and (
            isinstance(merge_partitions, bool) or not isinstance(merge_partitions, int) or merge_partitions < 1):
        raise ValueError(f"merge_partitions must be a positive int or None, not {merge_partitions!r}")
    meta = sitrep.to_dataframe([])
    if merge:
        if isinstance(paths_or_bag, dask.bag.Bag):
            parts = paths_or_bag.map_partitions(
                _reports_of_items, data_dir, keep_undated, errors).to_delayed()
        else:
            task = dask.delayed(_reports_of_split, pure=True)
            parts = [task(s, data_dir, keep_undated) for s in plan_splits(paths_or_bag, blocksize)]
        reports = dask.dataframe.from_delayed(parts, meta=_reports_meta(), verify_meta=False)
        shuffled = reports.shuffle("block", npartitions=merge_partitions or reports.npartitions,
                                   shuffle="tasks", ignore_index=True)
        frame = shuffled.map_partitions(_merged_frame, meta=meta)
        return client.persist(frame) if client is not None else frame
    if isinstance(paths_or_bag, dask.bag.Bag):
        parts = paths_or_bag.map_partitions(
            _frame_of_items, data_dir, keep_undated, errors
        ).to_delayed()
    else:
        task = dask.delayed(_frame_of_split, pure=True)
        parts = [task(s, data_dir, keep_undated) for s in plan_splits(paths_or_bag, blocksize)]
    frame = dask.dataframe.from_delayed(parts, meta=meta, verify_meta=False)
    if client is not None:
        frame = client.persist(frame)
    return frame


# ---- The command: partitioned JSONL and CSV, then the merged result ---------------------


def _write_atomically(path: str, data: Union[str, bytes]) -> None:
    # A task that runs twice (its first worker died) rewrites the same bytes; a reader never
    # sees half a file.
    tmp = f"{path}.tmp-{os.getpid()}-{uuid.uuid4().hex}"
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def part_path(out_dir: str, index: int, ext: str, kind: str = "parts") -> str:
    """out_dir/parts/part-NNNNN.EXT (a partition's reports) or out_dir/merged/part-NNNNN.EXT
    (a merge partition's events)."""
    return os.path.join(out_dir, kind, f"part-{index:05d}.{ext}")


def write_split(
    split: Split, out_dir: str, data_dir: Optional[str] = None, keep_undated: bool = False
) -> PartResult:
    """Extracts one partition and writes parts/part-NNNNN.jsonl and .csv under out_dir.

    The result keeps the event lines and their block keys (for the merge's shuffle) and
    stays on the worker; summary_of() is what the client fetches."""
    part = extract_split(split, data_dir, keep_undated, csv=True)
    _write_atomically(part_path(out_dir, split.index, "csv"), _csv_header() + part.csv_rows)
    _write_atomically(part_path(out_dir, split.index, "jsonl"),
                      "".join(line + "\n" for line in part.event_lines))
    part.csv_rows = ""
    return part


def summary_of(part: PartResult) -> PartResult:
    """The partition's counts and messages, without its events."""
    return dataclasses.replace(part, event_lines=[], block_keys=[])


def _shuffle_label(key: str, part: int) -> str:
    # A report with no block key never merges with any other; such reports go by their
    # input partition so that they spread evenly over the merge partitions (merging them
    # together gives each back as it is).
    return key if key else f"\x01{part}"


def reports_frame(part: PartResult) -> "pandas.DataFrame":
    """A partition's reports as a frame of (block, line): what the merge shuffles."""
    import pandas

    return pandas.DataFrame(
        {"block": [_shuffle_label(k, part.index) for k in part.block_keys],
         "line": part.event_lines},
        columns=["block", "line"],
    )


def _merged_index_line(line: str, csv_row: str) -> str:
    event = json.loads(line)
    return f"{event.get('event_date') or ''}\t{event['event_id']}\t{len(csv_row.encode('utf-8'))}\n"


def merge_partition(
    frame: "pandas.DataFrame", out_dir: str, data_dir: Optional[str] = None, partition_info: Optional[dict] = None
) -> "pandas.DataFrame":
    """Merges one partition of the shuffled reports: each block with sitrep.merge_reports'
    rule (MergeReports) on its own. Writes merged/part-NNNNN.jsonl (events sorted by
    (event_date, event_id)), .csv (their ACLED rows, no header), .index (event_date,
    event_id and CSV row bytes of each event, for the final join) and .deleted (absorbed
    id, merged_into); returns one row of counts."""
    import pandas

    number = partition_info["number"] if partition_info else 0
    lines = frame["line"].tolist()
    events, csv_rows, deleted = sitrep._sitrep.merge_blocks(lines, frame["block"].tolist(), True, data_dir)
    index = "".join(_merged_index_line(line, row) for line, row in zip(events, csv_rows))
    _write_atomically(part_path(out_dir, number, "csv", "merged"), "".join(csv_rows))
    _write_atomically(part_path(out_dir, number, "jsonl", "merged"), "".join(e + "\n" for e in events))
    _write_atomically(part_path(out_dir, number, "deleted", "merged"),
                      "".join(f"{old}\t{into}\n" for old, into in deleted))
    # Written last: the join takes a merge partition as done when its index exists.
    _write_atomically(part_path(out_dir, number, "index", "merged"), index)
    return pandas.DataFrame({"partition": [number], "reports": [len(lines)], "events": [len(events)],
                             "deleted": [len(deleted)]})


def _index_entries(path: str, number: int) -> Iterable[tuple[str, str, int, int]]:
    with open(path, encoding="utf-8") as f:
        for entry in f:
            date, event_id, csv_bytes = entry.rstrip("\n").split("\t")
            yield date, event_id, number, int(csv_bytes)


def _deleted_entries(path: str) -> Iterable[tuple[str, str]]:
    with open(path, encoding="utf-8") as f:
        for entry in f:
            old, into = entry.rstrip("\n").split("\t")
            yield old, into


def join_merged(out_dir: str, partitions: int) -> int:
    """Joins the merge partitions into out_dir/events.jsonl, events.csv (sorted by
    (event_date, event_id), as a store lists them) and deleted.jsonl (sorted by id), in
    one streaming pass (memory stays flat). Returns the number of events."""
    import heapq

    events = 0
    events_jsonl = os.path.join(out_dir, "events.jsonl")
    events_csv = os.path.join(out_dir, "events.csv")
    deleted_jsonl = os.path.join(out_dir, "deleted.jsonl")
    with contextlib.ExitStack() as stack:
        jsonl_in = [stack.enter_context(open(part_path(out_dir, b, "jsonl", "merged"), "rb"))
                    for b in range(partitions)]
        csv_in = [stack.enter_context(open(part_path(out_dir, b, "csv", "merged"), "rb"))
                  for b in range(partitions)]
        jsonl = stack.enter_context(open(events_jsonl + ".tmp", "wb"))
        csv = stack.enter_context(open(events_csv + ".tmp", "wb"))
        csv.write(_csv_header().encode("utf-8"))
        entries = heapq.merge(*(_index_entries(part_path(out_dir, b, "index", "merged"), b)
                                for b in range(partitions)))
        for _date, _event_id, b, csv_bytes in entries:
            jsonl.write(jsonl_in[b].readline())
            csv.write(csv_in[b].read(csv_bytes))
            events += 1
    with open(deleted_jsonl + ".tmp", "w", encoding="utf-8") as out:
        for old, into in heapq.merge(*(_deleted_entries(part_path(out_dir, b, "deleted", "merged"))
                                       for b in range(partitions))):
            out.write(json.dumps({"event_id": old, "merged_into": into or None}, separators=(",", ":")) + "\n")
    for path in (events_jsonl, events_csv, deleted_jsonl):
        os.replace(path + ".tmp", path)
    return events


def _csv_header() -> str:
    return sitrep.events_to_csv([])


@dataclasses.dataclass
class RunSummary:
    partitions: int = 0
    articles: int = 0
    skipped: int = 0
    events: int = 0  # reports: the events extract gave, before merging
    merged_events: int = 0  # after merging across articles
    deleted: int = 0  # report ids absorbed into another event
    merge_partitions: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    extract_seconds: float = 0.0  # until every partition was extracted and written
    workers: int = 0


def run(
    inputs: Union[str, Sequence[str]],
    out_dir: str,
    client: "distributed.Client",
    *,
    data_dir: Optional[str] = None,
    keep_undated: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    merge_partitions: int = 0,
    progress: bool = False,
) -> RunSummary:
    """Extracts `inputs` on the cluster of `client` into out_dir, then merges the reports
    of one incident across partitions by the store's rule.

    Writes out_dir/parts/part-NNNNN.{jsonl,csv}: each input partition's events exactly as
    `sitrep extract` writes them (in index order, they concatenate to its output). The
    reports are then shuffled by merge_block_key into `merge_partitions` partitions (default:
    about 4 per worker; a block never spans two), each block merged with MergeReports, and
    out_dir/merged/part-NNNNN.* written; out_dir/events.jsonl and events.csv join them,
    sorted by (event_date, event_id): what a store holding the same articles lists
    (sitrep.merge_reports over every report, the same for any partitioning), and
    deleted.jsonl lists the report ids absorbed into another event. The workers write the
    files: out_dir must be a directory every worker can write (e.g. a shared file system).
    """
    import distributed
    import pandas

    if isinstance(merge_partitions, bool) or not isinstance(merge_partitions, int) or merge_partitions < 0:
        raise ValueError(f"merge_partitions must be an int >= 0, not {merge_partitions!r}")
    started = time.monotonic()
    splits = plan_splits(inputs, blocksize)
    out_abs = os.path.abspath(out_dir)
    for kind in ("parts", "merged"):
        os.makedirs(os.path.join(out_abs, kind), exist_ok=True)
    for stale in glob.glob(os.path.join(out_abs, "merged", "part-*")):
        os.remove(stale)  # an earlier run's merge partitions (their count may differ)
    workers = len(client.scheduler_info().get("workers", {}))
    buckets = merge_partitions or max(1, min(len(splits), 4 * max(workers, 1)))
    run_id = uuid.uuid4().hex[:8]  # a run never reuses another run's results
    parts = client.map(
        write_split, splits, out_dir=out_abs, data_dir=data_dir, keep_undated=keep_undated,
        pure=True, key=[f"sitrep-part-{s.index:05d}-{run_id}" for s in splits],
    )
    summaries = client.map(summary_of, parts, key=[f"sitrep-summary-{s.index:05d}-{run_id}" for s in splits])
    frames = client.map(reports_frame, parts, key=[f"sitrep-reports-{s.index:05d}-{run_id}" for s in splits])
    meta = pandas.DataFrame({"block": pandas.Series(dtype=object), "line": pandas.Series(dtype=object)})
    reports = dask.dataframe.from_delayed(frames, meta=meta, verify_meta=False, prefix=f"sitrep-reports-{run_id}")
    shuffled = reports.shuffle("block", npartitions=buckets, shuffle="tasks", ignore_index=True)
    merge_meta = pandas.DataFrame({c: pandas.Series(dtype="int64") for c in ("partition", "reports", "events", "deleted")})
    merged = client.compute(shuffled.map_partitions(merge_partition, out_abs, data_dir, meta=merge_meta))
    # Only the summaries and the merge are wanted from here on: a partition's events leave
    # memory once shuffled (the scheduler still recomputes them should a worker die).
    del parts, frames, reports, shuffled

    summary = RunSummary(partitions=len(splits), merge_partitions=buckets)
    done = 0
    for future in distributed.as_completed(summaries):
        part: PartResult = future.result()
        summary.articles += part.articles
        summary.skipped += part.skipped
        summary.events += part.events
        summary.errors += part.errors[: max(0, _MAX_REPORTED_ERRORS - len(summary.errors))]
        done += 1
        if progress:
            print(f"\r{done}/{len(splits)} partitions, {summary.articles} articles, "
                  f"{summary.events} events", end="", file=sys.stderr, flush=True)
    summary.extract_seconds = time.monotonic() - started
    if progress:
        print(f"\nmerging {summary.events} events in {buckets} partitions", file=sys.stderr, flush=True)
    counts = merged.result()
    del summaries
    if int(counts["reports"].sum()) != summary.events:
        raise RuntimeError(f"the merge saw {int(counts['reports'].sum())} of {summary.events} events")
    # A task whose worker died mid-write leaves its temporary file; every task is done now.
    for kind in ("parts", "merged"):
        for leftover in glob.glob(os.path.join(out_abs, kind, "*.tmp-*")):
            os.remove(leftover)
    summary.merged_events = join_merged(out_abs, buckets)
    summary.deleted = int(counts["deleted"].sum())
    summary.workers = len(client.scheduler_info().get("workers", {}))
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: Optional[Sequence[str]] = None) -> int:
    """`python3 -m sitrep.dask INPUT... --out DIR [--scheduler ADDRESS | --workers N]`."""
    ap = argparse.ArgumentParser(
        prog="sitrep-dask",
        description="Extract events from JSONL articles on a Dask cluster: each partition's "
        "events (as `sitrep extract` writes them) in OUT/parts/ as JSONL and ACLED CSV; then "
        "the reports of one incident merged across partitions by the store's rule: "
        "OUT/events.jsonl, OUT/events.csv (sorted by event_date, event_id) and "
        "OUT/deleted.jsonl (report ids absorbed into another event).",
        epilog="Exit codes: 0 ok, 1 some records skipped, 2 usage error or no usable input, "
        "3 output error. See docs/python.md.",
    )
    ap.add_argument("inputs", nargs="+", metavar="INPUT",
                    help="JSONL files, directories or globs (quote globs for the shell)")
    ap.add_argument("-o", "--out", required=True, help="output directory (created)")
    ap.add_argument("--scheduler", help="address of a running scheduler, e.g. tcp://host:8786 "
                    "(default: start a LocalCluster on this machine)")
    ap.add_argument("--workers", type=int, default=0,
                    help="LocalCluster worker processes (default: one per core)")
    ap.add_argument("--threads-per-worker", type=int, default=1,
                    help="LocalCluster threads per worker (default 1)")
    ap.add_argument("--blocksize", type=int, default=DEFAULT_BLOCKSIZE,
                    help=f"bytes of JSONL per partition (default {DEFAULT_BLOCKSIZE})")
    ap.add_argument("--merge-partitions", type=int, default=0,
                    help="partitions the reports are shuffled into for merging "
                    "(default: about 4 per worker)")
    ap.add_argument("--data-dir", help="sitrep data directory as the workers see it")
    ap.add_argument("--keep-undated", action="store_true",
                    help="keep background events that have no date")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    args = ap.parse_args(argv)

    def report(message: str) -> None:
        print(f"sitrep-dask: {message}", file=sys.stderr)

    if args.workers < 0 or args.threads_per_worker < 1 or args.blocksize < 1 or args.merge_partitions < 0:
        report("--workers and --merge-partitions must be >= 0, --threads-per-worker and "
               "--blocksize >= 1")
        return 2
    try:
        plan_splits(args.inputs, args.blocksize)
    except (OSError, ValueError, TypeError) as e:
        report(str(e))
        return 2
    try:
        os.makedirs(os.path.join(args.out, "parts"), exist_ok=True)
    except OSError as e:
        report(f"{args.out}: cannot create the output directory: {e.strerror or e}")
        return 3

    import distributed

    cluster = None
    try:
        if args.scheduler:
            client = distributed.Client(args.scheduler, timeout="30s")
        else:
            cluster = distributed.LocalCluster(
                n_workers=args.workers or os.cpu_count() or 1,
                threads_per_worker=args.threads_per_worker, processes=True,
                host="127.0.0.1", dashboard_address=None)
            client = distributed.Client(cluster)
    except (OSError, TimeoutError) as e:
        report(f"cannot reach the scheduler {args.scheduler or '(local)'}: {e}")
        return 2
    try:
        summary = run(args.inputs, args.out, client, data_dir=args.data_dir,
                      keep_undated=args.keep_undated, blocksize=args.blocksize,
                      merge_partitions=args.merge_partitions,
                      progress=not args.quiet and sys.stderr.isatty())
    except OSError as e:
        report(f"cannot write output: {e}")
        return 3
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    for message in summary.errors:
        report(f"skipped {message}")
    if not args.quiet:
        print(f"{summary.articles} articles, {summary.events} events "
              f"({summary.merged_events} after merging, {summary.deleted} absorbed), "
              f"{summary.skipped} skipped; {summary.partitions} partitions on "
              f"{summary.workers} workers, merged in {summary.merge_partitions} in "
              f"{summary.seconds:.1f} s", file=sys.stderr)
    return 1 if summary.skipped else 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: tasks must pickle by reference
    # to sitrep.dask so that each worker keeps one Extractor for all of them.
    from sitrep.dask import main as _main

    sys.exit(_main())
