#!/usr/bin/env python3
"""Merge cost per article in a PostgreSQL store of 1k to 1M events (Python stdlib only).

    python3 bench/pg_merge_bench.py --pg-temp --checkpoints 1000,10000,100000,1000000
    python3 bench/pg_merge_bench.py --pg-temp --verify 3000      # seeded == ingested
    python3 bench/pg_merge_bench.py --pg-temp --direct --checkpoints 1000,10000,100000
    python3 bench/pg_merge_bench.py --pg-temp --work /big/dir --reuse ...  # keep the SQLite seed

Putting a million events into PostgreSQL one article at a time takes hours on a small
machine, so each store is *seeded*: `merge_bench` (bench/merge_bench.cc: synthetic
reports, the Store API, the merge on every put) grows a SQLite store to the checkpoint, and
its tables are copied row for row into a fresh PostgreSQL database whose schema and indexes
sitrep itself created (COPY, in the SQLite insertion order, into the indexed tables; the
geometry column as sitrep computes it; then VACUUM ANALYZE, as autovacuum would). The two
back ends store the same rows (tests: store_test, merge_fixture_test, merge_sets_test), so
the copy is the store that ingesting the same articles into PostgreSQL would give; --verify
checks exactly that on a small store (every column but the times, then again after more
puts into both).

Then the next --window articles of the same sequence are put into the PostgreSQL copy
through the Store API (`merge_bench --skip N --measure 1`) and timed: client CPU (sitrep)
and server CPU (the cluster's processes, from /proc; --pg-temp only) per article. Also:
`sitrep events` query latency (best of 3, process start included) and EXPLAIN of the
candidate query the merge runs on every put, as the server plans the prepared statement.

--direct grows the PostgreSQL store by puts instead (no SQLite, no copy): the reference the
seeded figures compare with, for sizes that take minutes.
"""
import argparse
import filecmp
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_bench import TempCluster  # noqa: E402

PSQL = TempCluster.BIN + "psql"

# Columns copied, as both back ends name them; times are left out of --verify's comparison.
TABLES = {
    "articles": ("id", "id, text_hash, published, publisher, url, title, lang, text, ingested_at"),
    "reports": ("report_id",
                "report_id, article_id, event_id, json, published, event_date, date_precision, "
                "date_class, date_key, country, admin1, location, latitude, longitude, "
                "geo_precision, event_type, sub_event_type, actor1, actor2, fatalities, "
                "fatalities_low, fatalities_high, injuries, sources"),
    "events": ("event_id",
               "event_id, json, event_date, event_type, sub_event_type, country, admin1, "
               "latitude, longitude, fatalities, actors, search, created_at, updated_at"),
    "deleted": ("event_id", "event_id, merged_into, deleted_at"),
    "state": ("key", "key, value"),
}
TIMES = {"ingested_at", "created_at", "updated_at", "deleted_at"}


def run(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return p.stdout


def psql(url, sql):
    return run([PSQL, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql])


class Bench:
    def __init__(self, args, cluster):
        self.args = args
        self.cluster = cluster
        self.admin = args.url or cluster.url().rsplit("/", 1)[0] + "/postgres"

    def db_url(self, name):
        return self.admin.rsplit("/", 1)[0] + "/" + name

    def new_database(self, name):
        psql(self.admin, f"DROP DATABASE IF EXISTS {name}")
        psql(self.admin, f"CREATE DATABASE {name}")
        return self.db_url(name)

    def merge_bench(self, db, *flags):
        cmd = ["nice", "-n", str(self.args.nice), self.args.merge_bench, "--db", db] + [
            str(f) for f in flags]
        return run(cmd)

    def fill(self, db, skip, events):
        """Puts articles from `skip` on until `db` holds `events` events: the articles now in it."""
        out = self.merge_bench(db, "--skip", skip, "--fill-events", events)
        m = re.search(r"articles (\d+) events (\d+)", out)
        return int(m.group(1)), int(m.group(2))

    def seed(self, sqlite_path, url):
        """A copy of a SQLite store in the (empty) PostgreSQL database at `url`."""
        self.fill(url, 0, 0)  # sitrep creates the schema and its indexes, puts nothing
        src = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
        for table, (_, cols) in TABLES.items():
            pg_cols = cols + (", geom" if table == "events" else "")
            proc = subprocess.Popen(
                [PSQL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                 f"COPY {table}({pg_cols}) FROM STDIN"], stdin=subprocess.PIPE)
            lat = cols.split(", ").index("latitude") if table == "events" else -1
            out = proc.stdin
            batch = []
            for row in src.execute(f"SELECT {cols} FROM {table} ORDER BY rowid"):
                fields = [copy_text(v) for v in row]
                if lat >= 0:  # geom as sitrep writes it: a point where there is a place
                    fields.append(r"\N" if row[lat] is None else
                                  f"SRID=4326;POINT({row[lat + 1]!r} {row[lat]!r})")
                batch.append("\t".join(fields))
                if len(batch) == 2000:
                    out.write(("\n".join(batch) + "\n").encode())
                    batch = []
            if batch:
                out.write(("\n".join(batch) + "\n").encode())
            out.close()
            if proc.wait() != 0:
                sys.exit(f"COPY {table} into {url} failed")
        src.close()
        psql(url, "VACUUM ANALYZE")

    def server_cpu(self):
        """The cluster's CPU seconds once no client is connected: a backend that exits while
        its CPU is read would be counted neither live nor in the postmaster's reaped total."""
        deadline = time.time() + 30
        while client_backends(self.cluster.data) and time.time() < deadline:
            time.sleep(0.05)
        return self.cluster.server_cpu()

    def measure(self, url, skip):
        # Dirty pages of the fill or the copy are written first: the window pays for its own.
        psql(url, "CHECKPOINT")
        cpu0 = self.server_cpu() if self.cluster else None
        out = self.merge_bench(url, "--skip", skip, "--window", self.args.window, "--measure", 1)
        server = self.server_cpu() - cpu0 if self.cluster else None
        cells = [c.strip() for c in out.strip().strip("|").split("|")]
        client_ms, wall_ms = float(cells[2]), float(cells[3])
        server_ms = server * 1000 / self.args.window if server is not None else None
        return client_ms, server_ms, wall_ms

    def queries(self, url):
        best = []
        for q in (["--country", "Country 3", "--from", "2018-02-01", "--to", "2018-02-28"],
                  ["--near", "-20.1,-59.9,25", "--limit", "100"], ["--limit", "1"]):
            times = []
            for _ in range(3):
                t0 = time.time()
                run([self.args.bin, "events", "--db", url, "-o", os.devnull] + q)
                times.append(time.time() - t0)
            best.append(min(times) * 1000)
        return best

    def explain(self, url):
        """The candidate query as the server plans it for merge_bench's prepared statement
        (a generic plan after five executions), on a week-precise report's block."""
        row = psql(url, "SELECT country, admin1, date_class, date_key FROM reports "
                        "WHERE date_class = 1 ORDER BY report_id LIMIT 1").strip().split("|")
        country, admin1, cls, key = row[0], row[1], int(row[2]), int(row[3])
        args = f"'{country}', '{admin1}', {cls}, {key - 6}, {key + 6}"
        script = ("PREPARE candidates(text, text, int, bigint, bigint) AS SELECT report_id, "
                  "article_id, event_date, country, admin1 FROM reports WHERE country=$1 AND "
                  "admin1=$2 AND date_class=$3::int AND date_key BETWEEN $4::bigint AND "
                  "$5::bigint;\n\\o /dev/null\n" + f"EXECUTE candidates({args});\n" * 5
                  + f"\\o\nEXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE candidates({args});\n")
        return run([PSQL, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", url],
                   input=script).strip()


def client_backends(data_dir):
    """Processes of the cluster serving a client connection (their title names the client's
    address)."""
    with open(os.path.join(data_dir, "postmaster.pid")) as f:
        postmaster = f.readline().strip()
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = f.read().rsplit(")", 1)[1].split()[1]
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                title = f.read()
        except OSError:
            continue
        if ppid == postmaster and b"127.0.0.1(" in title:
            found.append(pid)
    return found


def copy_text(v):
    """A value in PostgreSQL's COPY text format."""
    if v is None:
        return r"\N"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    return (v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


def dump(url, path):
    """Every row of every table but the times, sorted by key, into one file."""
    with open(path, "w") as f:
        for table, (key, cols) in TABLES.items():
            keep = [c for c in cols.split(", ") if c not in TIMES]
            if table == "events":
                keep.append("encode(ST_AsEWKB(geom), 'hex')")
            f.write(f"== {table}\n")
            f.write(psql(url, f"COPY (SELECT {', '.join(keep)} FROM {table} ORDER BY {key}) "
                              "TO STDOUT"))
        f.write("== indexes\n")
        f.write(psql(url, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                          "ORDER BY indexname"))


def verify(bench, work, events):
    """A store seeded from SQLite equals a store grown by puts, before and after more puts."""
    sqlite_path = os.path.join(work, "verify.sqlite")
    n, got = bench.fill(sqlite_path, 0, events)
    seeded = bench.new_database("verify_seeded")
    bench.seed(sqlite_path, seeded)
    ingested = bench.new_database("verify_ingested")
    n2, got2 = bench.fill(ingested, 0, events)
    if (n, got) != (n2, got2):
        sys.exit(f"different fills: SQLite {n} articles {got} events, PostgreSQL {n2}, {got2}")
    ok = True
    for stage in ("after the copy", f"after {bench.args.window} more puts into each"):
        if stage != "after the copy":
            for url in (seeded, ingested):
                bench.merge_bench(url, "--skip", n, "--window", bench.args.window, "--measure", 1)
        a, b = os.path.join(work, "seeded.txt"), os.path.join(work, "ingested.txt")
        dump(seeded, a)
        dump(ingested, b)
        same = filecmp.cmp(a, b, shallow=False)
        ok &= same
        size = sum(1 for _ in open(a))
        print(f"{'identical' if same else 'DIFFERENT'} {stage}: {n:,} articles, {got:,} events "
              f"({size:,} dumped lines; {a} vs {b})", flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checkpoints", default="1000,10000,100000,1000000",
                    help="store sizes in events")
    ap.add_argument("--window", type=int, default=2000, help="articles timed at each size")
    ap.add_argument("--repeat", type=int, default=3,
                    help="windows timed at each size, one after the other (the median is shown)")
    ap.add_argument("--pg-temp", action="store_true",
                    help="start a throw-away PostgreSQL cluster (server CPU measured too)")
    ap.add_argument("--url", help="postgresql://... of a database on a server where the "
                    "role may create databases (instead of --pg-temp; no server CPU)")
    ap.add_argument("--direct", action="store_true",
                    help="grow the PostgreSQL store by puts, not by seeding from SQLite")
    ap.add_argument("--verify", type=int, default=0, metavar="EVENTS",
                    help="only check that a seeded store of this many events equals an ingested one")
    ap.add_argument("--work", help="directory for the SQLite store (default: a temporary one)")
    ap.add_argument("--reuse", action="store_true",
                    help="start from the SQLite store a previous run left in --work")
    ap.add_argument("--explain", action="store_true", help="print the candidate query's plan")
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "sitrep"))
    ap.add_argument("--merge-bench", default=os.path.join(REPO, "build", "bench", "merge_bench"))
    ap.add_argument("--nice", type=int, default=10)
    args = ap.parse_args()
    if not args.pg_temp and not args.url:
        ap.error("--pg-temp or --url is required")
    cluster = TempCluster(nice=args.nice) if args.pg_temp else None
    work = args.work or tempfile.mkdtemp(prefix="sitrep_pg_merge_bench_")
    os.makedirs(work, exist_ok=True)
    try:
        bench = Bench(args, cluster)
        if args.verify:
            sys.exit(0 if verify(bench, work, args.verify) else 1)
        run_checkpoints(bench, work, [int(c) for c in args.checkpoints.split(",")])
    finally:
        if cluster:
            cluster.stop()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def run_checkpoints(bench, work, checkpoints):
    args = bench.args
    print(f"| events in store | articles | reports | seed s (SQLite fill + copy) | client CPU ms/article "
          f"| server CPU ms/article | client + server CPU ms/article | wall ms/article "
          f"| query ms (country + month) | query ms (25 km radius, 100) | query ms (`--limit 1`) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sqlite_path = os.path.join(work, "seed.sqlite")
    seed_state = os.path.join(work, "seed.json")  # the SQLite store's checkpoint and articles
    seeded = {}
    if args.reuse and os.path.exists(seed_state):
        with open(seed_state) as f:
            seeded = json.load(f)
    else:
        for path in (sqlite_path + suffix for suffix in ("", "-wal", "-shm")):
            if os.path.exists(path):
                os.remove(path)
    direct = bench.new_database("direct") if args.direct else None
    n = 0
    previous = None
    for target in checkpoints:
        t0 = time.time()
        if direct:
            url = direct
            n, events = bench.fill(url, n, target)
        else:
            if seeded and seeded["target"] == target:
                n, events = seeded["articles"], seeded["events"]
            elif seeded and seeded["target"] > target:
                continue  # the SQLite store is past this size already
            else:
                n, events = bench.fill(sqlite_path, n, target)
                seeded = {}
                with open(seed_state, "w") as f:
                    json.dump({"target": target, "articles": n, "events": events}, f)
            if previous:
                psql(bench.admin, f"DROP DATABASE IF EXISTS {previous}")
            previous = f"seeded_{target}"
            url = bench.new_database(previous)
            bench.seed(sqlite_path, url)
        seed_s = time.time() - t0
        reports = int(psql(url, "SELECT count(*) FROM reports"))
        # Several windows in a row (each continues the sequence): the median of their totals.
        windows = []
        for i in range(args.repeat):
            windows.append(bench.measure(url, n + i * args.window))
        windows.sort(key=lambda w: w[0] + (w[1] or 0))
        client, server, wall = windows[len(windows) // 2]
        total = client + (server or 0)
        q = bench.queries(url)
        server_cell = f"{server:.3f}" if server is not None else "-"
        print(f"| {events:,} | {n:,} | {reports:,} | {seed_s:.0f} | {client:.3f} | {server_cell} "
              f"| {total:.3f} | {wall:.3f} | {q[0]:.0f} | {q[1]:.0f} | {q[2]:.0f} |", flush=True)
        if args.explain:
            print("\n    " + bench.explain(url).replace("\n", "\n    ") + "\n", flush=True)
        if direct:
            n += args.window * args.repeat  # the measured puts are in the store too


if __name__ == "__main__":
    main()
