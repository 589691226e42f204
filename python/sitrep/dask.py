"""sitrep on a Dask cluster: many JSONL files of articles in, events out.

    import sitrep.dask
    df = sitrep.dask.extract("news/*.jsonl", client=client)   # a dask DataFrame of events
    df.groupby("event_type").size().compute()

or, from the shell, partitioned JSONL and ACLED CSV plus the merged result:

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
    "plan_splits",
    "read_split",
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
    worker_pid: int = 0


def extract_split(
    split: Split, data_dir: Optional[str] = None, keep_undated: bool = False, *, csv: bool = False
) -> PartResult:
    """Extracts the events of one partition with this worker's Extractor (and their ACLED
    CSV rows, without header, in `csv_rows` when `csv`)."""
    lines, origins = read_split(split)
    result = PartResult(split.index, worker_pid=os.getpid())

    def skip(message: str) -> None:
        result.skipped += 1
        if len(result.errors) < _MAX_REPORTED_ERRORS:
            result.errors.append(message)

    extractor = worker_extractor(data_dir, keep_undated)
    if csv:
        result.event_lines, result.csv_rows = extractor._extract_jsonl_csv(lines, origins, skip)
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


def extract(
    paths_or_bag: Union[str, Sequence[str], dask.bag.Bag],
    client: Optional["distributed.Client"] = None,
    *,
    data_dir: Optional[str] = None,
    keep_undated: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    errors: Literal["skip", "raise"] = "skip",
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

    Returns:
        One row per event, the columns of sitrep.to_dataframe, partitions in input order.
    """
    if errors not in ("skip", "raise"):
        raise ValueError(f'errors must be "skip" or "raise", not {errors!r}')
    meta = sitrep.to_dataframe([])
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


def _write_atomically(path: str, data: str) -> None:
    # A task that runs twice (its first worker died) rewrites the same bytes; a reader never
    # sees half a file.
    tmp = f"{path}.tmp-{os.getpid()}-{uuid.uuid4().hex}"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(data)
    os.replace(tmp, path)


def part_path(out_dir: str, index: int, ext: str) -> str:
    return os.path.join(out_dir, "parts", f"part-{index:05d}.{ext}")


def write_split(
    split: Split, out_dir: str, data_dir: Optional[str] = None, keep_undated: bool = False
) -> PartResult:
    """Extracts one partition and writes parts/part-NNNNN.jsonl and .csv under out_dir."""
    part = extract_split(split, data_dir, keep_undated, csv=True)
    _write_atomically(part_path(out_dir, split.index, "csv"), _csv_header() + part.csv_rows)
    _write_atomically(part_path(out_dir, split.index, "jsonl"),
                      "".join(line + "\n" for line in part.event_lines))
    part.event_lines, part.csv_rows = [], ""  # on disk now; the client needs only the counts
    return part


def _csv_header() -> str:
    return sitrep.events_to_csv([])


@dataclasses.dataclass
class RunSummary:
    partitions: int = 0
    articles: int = 0
    skipped: int = 0
    events: int = 0  # before merging
    merged_events: int = 0
    errors: list[str] = dataclasses.field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0


def merge_parts(out_dir: str, partitions: int) -> int:
    """Joins the partitions' events into out_dir/events.jsonl and events.csv.

    The partitions are taken in input order, so the result is what `sitrep extract` writes
    for the same input in one process. Returns the number of events written.
    """
    events = 0
    jsonl_path = os.path.join(out_dir, "events.jsonl")
    csv_path = os.path.join(out_dir, "events.csv")
    with open(jsonl_path + ".tmp", "w", encoding="utf-8", newline="") as jsonl, \
            open(csv_path + ".tmp", "w", encoding="utf-8", newline="") as csv:
        csv.write(_csv_header())
        for index in range(partitions):
            with open(part_path(out_dir, index, "jsonl"), encoding="utf-8", newline="") as f:
                for line in f:
                    jsonl.write(line)
                    events += 1
            with open(part_path(out_dir, index, "csv"), encoding="utf-8", newline="") as f:
                f.readline()  # the part's header
                shutil.copyfileobj(f, csv)
    os.replace(jsonl_path + ".tmp", jsonl_path)
    os.replace(csv_path + ".tmp", csv_path)
    return events


def run(
    inputs: Union[str, Sequence[str]],
    out_dir: str,
    client: "distributed.Client",
    *,
    data_dir: Optional[str] = None,
    keep_undated: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    progress: bool = False,
) -> RunSummary:
    """Extracts `inputs` on the cluster of `client` into out_dir (see the module doc).

    Writes out_dir/parts/part-NNNNN.{jsonl,csv} (one pair per partition, written by the
    workers: out_dir must be a directory every worker can write, e.g. a shared file
    system), then out_dir/events.jsonl and events.csv, the merged result.
    """
    import distributed

    started = time.monotonic()
    splits = plan_splits(inputs, blocksize)
    os.makedirs(os.path.join(out_dir, "parts"), exist_ok=True)
    out_abs = os.path.abspath(out_dir)
    futures = client.map(
        write_split, splits, out_dir=out_abs, data_dir=data_dir, keep_undated=keep_undated,
        pure=True, key=[f"sitrep-part-{s.index:05d}-{uuid.uuid4().hex[:8]}" for s in splits],
    )
    summary = RunSummary(partitions=len(splits))
    done = 0
    for future in distributed.as_completed(futures):
        part: PartResult = future.result()
        summary.articles += part.articles
        summary.skipped += part.skipped
        summary.events += part.events
        summary.errors += part.errors[: max(0, _MAX_REPORTED_ERRORS - len(summary.errors))]
        done += 1
        if progress:
            print(f"\r{done}/{len(splits)} partitions, {summary.articles} articles, "
                  f"{summary.events} events", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    # A task whose worker died mid-write leaves its temporary file; every task is done now.
    for leftover in glob.glob(os.path.join(out_abs, "parts", "*.tmp-*")):
        os.remove(leftover)
    summary.merged_events = merge_parts(out_abs, len(splits))
    summary.workers = len(client.scheduler_info().get("workers", {}))
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: Optional[Sequence[str]] = None) -> int:
    """`python3 -m sitrep.dask INPUT... --out DIR [--scheduler ADDRESS | --workers N]`."""
    ap = argparse.ArgumentParser(
        prog="sitrep-dask",
        description="Extract events from JSONL articles on a Dask cluster: partitioned "
        "JSONL and ACLED CSV in OUT/parts/, the merged result in OUT/events.jsonl and "
        "OUT/events.csv.",
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
    ap.add_argument("--data-dir", help="sitrep data directory as the workers see it")
    ap.add_argument("--keep-undated", action="store_true",
                    help="keep background events that have no date")
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary")
    args = ap.parse_args(argv)

    def report(message: str) -> None:
        print(f"sitrep-dask: {message}", file=sys.stderr)

    if args.workers < 0 or args.threads_per_worker < 1 or args.blocksize < 1:
        report("--workers must be >= 0, --threads-per-worker and --blocksize >= 1")
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
              f"({summary.merged_events} after merging), {summary.skipped} skipped; "
              f"{summary.partitions} partitions on {summary.workers} workers in "
              f"{summary.seconds:.1f} s", file=sys.stderr)
    return 1 if summary.skipped else 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: tasks must pickle by reference
    # to sitrep.dask so that each worker keeps one Extractor for all of them.
    from sitrep.dask import main as _main

    sys.exit(_main())
