#!/usr/bin/env python3
"""Store benchmark: ingest synthetic reports into a store and time it (Python stdlib only).

    python3 bench/store_bench.py --articles 100000 --db /tmp/bench.sqlite
    python3 bench/store_bench.py --articles 100000 --db postgresql://me@127.0.0.1:5432/bench
    python3 bench/store_bench.py --articles 100000 --db /tmp/bench.sqlite --steps 1000,10000,100000
    python3 bench/store_bench.py --pg-temp --steps 1000,10000,100000   # a throw-away cluster

Articles come from tests/store/synthetic.py (sentences written for the project; 60 towns in
six countries, seven kinds of incident, four years), so many reports of one place and day
merge as the store grows. For each step the store is grown to that many articles and the
script prints: articles/s and CPU seconds for that step (extraction included; `--no-store`
times extraction alone, to subtract), reports and merged events so far, and the latency of
a few queries (`sitrep events`, process start included: compare with `events --limit 1`).
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests", "store"))
import synthetic  # noqa: E402


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd):
    t0, c0 = time.time(), cpu_children()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return time.time() - t0, cpu_children() - c0, p.stdout


class TempCluster:
    """A throw-away PostgreSQL 15 + PostGIS cluster with its default durability settings
    (fsync and synchronous commit on, unlike the tests' cluster): initdb in a temporary
    directory, a free loopback port, `runuser -u postgres` when run as root."""
    BIN = "/usr/lib/postgresql/15/bin/"

    def __init__(self, nice=0):
        import pwd
        import shutil
        import socket
        self.dir = tempfile.mkdtemp(prefix="sitrep-bench-pg-")
        self.as_user = []
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        data = os.path.join(self.dir, "data")
        subprocess.run(self.as_user + [self.BIN + "initdb", "-D", data, "-U", "sitrep",
                                       "--auth=trust", "-E", "UTF8", "--locale=C"],
                       check=True, stdout=subprocess.DEVNULL)
        # The server at the niceness of the client it serves (its backends inherit it).
        subprocess.run(["nice", "-n", str(nice)] + self.as_user + [self.BIN + "pg_ctl", "-D", data, "-l",
                                       os.path.join(self.dir, "log"), "-w", "-o",
                                       f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1",
                                       "start"], check=True, stdout=subprocess.DEVNULL)
        self.data = data
        self.cleanup = shutil.rmtree
        subprocess.run([self.BIN + "psql", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                        "sitrep", "-d", "postgres", "-c", "CREATE DATABASE bench"], check=True)

    def url(self):
        return f"postgresql://sitrep@127.0.0.1:{self.port}/bench"

    def server_cpu(self):
        """CPU seconds of this cluster's processes so far: the postmaster (with the backends
        it has reaped) and its live children."""
        tick = os.sysconf("SC_CLK_TCK")
        with open(os.path.join(self.data, "postmaster.pid")) as f:
            postmaster = f.readline().strip()

        def stat(pid):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                return None, 0.0
            # ppid; utime, stime and the reaped children's cutime, cstime.
            return fields[1], sum(int(x) for x in fields[11:15]) / tick

        total = stat(postmaster)[1]
        for pid in os.listdir("/proc"):
            if pid.isdigit() and pid != postmaster:
                ppid, cpu = stat(pid)
                if ppid == postmaster:
                    total += cpu
        return total

    def stop(self):
        subprocess.run(self.as_user + [self.BIN + "pg_ctl", "-D", self.data, "-m", "fast", "-w",
                                       "stop"], stdout=subprocess.DEVNULL)
        self.cleanup(self.dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--steps", default="", help="comma-separated store sizes (articles)")
    ap.add_argument("--db", help="SQLite path or postgresql:// URL")
    ap.add_argument("--pg-temp", action="store_true",
                    help="start a throw-away PostgreSQL cluster and use it (server CPU reported too)")
    ap.add_argument("--bin", default=os.path.join(REPO, "build", "sitrep"))
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-store", action="store_true", help="time extraction alone")
    args = ap.parse_args()
    cluster = None
    if args.pg_temp:
        cluster = TempCluster()
        args.db = cluster.url()
    elif not args.db:
        ap.error("--db or --pg-temp is required")
    tmp = tempfile.mkdtemp(prefix="sitrep_store_bench_")
    try:
        run_steps(args, cluster, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if cluster:
            cluster.stop()


def run_steps(args, cluster, tmp):
    steps = [int(s) for s in args.steps.split(",")] if args.steps else [args.articles]
    rng_seed = 1
    done = 0
    print("| articles in store | step articles | wall s | CPU s (sitrep) | server CPU s | articles/s (wall) "
          "| extraction CPU s | store + merge CPU ms/article | reports | events "
          "| query ms (country + month) | query ms (25 km radius) | query ms (--limit 1: process start) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    import json
    import random
    for target in steps:
        n = target - done
        if n <= 0:
            continue
        part = os.path.join(tmp, "part.jsonl")
        rng = random.Random(rng_seed)
        with open(part, "w", encoding="utf-8") as f:
            for i in range(done, target):
                a = synthetic.article(i, rng)
                f.write(json.dumps(a, ensure_ascii=False) + "\n")
        rng_seed += 1
        cmd = [args.bin, "extract", "-q", "-j", args.jobs, "-o", os.devnull, part]
        # Extraction alone on the same articles: what the store and the merge add is the rest.
        _, extract_cpu, _ = timed(cmd)
        if args.no_store:
            done = target
            print(f"| - | {n:,} | - | {extract_cpu:.1f} | - | - | {extract_cpu:.1f} | - | - | - | - | - | - |",
                  flush=True)
            continue
        server0 = cluster.server_cpu() if cluster else 0.0
        wall, cpu, _ = timed(cmd + ["--db", args.db])
        server = cluster.server_cpu() - server0 if cluster else 0.0
        done = target
        _, _, stats = timed([args.bin, "events", "--db", args.db, "--stats"])
        s = json.loads(stats)
        reports, events = s["reports"], s["events"]
        queries = []
        for q in (["--country", "Syria", "--from", "2020-01-01", "--to", "2020-01-31"],
                  ["--near", "36.34,43.13,25", "--limit", "100"], ["--limit", "1"]):
            best = min(timed([args.bin, "events", "--db", args.db, "-o", os.devnull] + q)[0]
                       for _ in range(3))
            queries.append(f"{best * 1000:.0f}")
        per_article = (cpu + server - extract_cpu) / n * 1000
        print(f"| {done:,} | {n:,} | {wall:.1f} | {cpu:.1f} | {server:.1f} | {n / wall:,.0f} | "
              f"{extract_cpu:.1f} | {per_article:.2f} | {reports:,} | {events:,} | "
              f"{' | '.join(queries)} |", flush=True)


if __name__ == "__main__":
    main()
