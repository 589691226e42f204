#!/usr/bin/env python3
"""A bounded load run of `sitrep serve` on loopback: N client processes, each sending a fixed
number of requests over one keep-alive connection, a mix of queries (event pages with
filters, CSV pages, stats, one event, one article) and posts (one new article each). Prints
requests/s and p50/p99 latency per kind, the errors (any status but 200, any broken
connection) and the lost articles (posted and answered 200 but not in the store afterwards,
checked on the live server and on a fresh server over the same store after a restart).

    python3 bench/make_corpus.py --mb 3 --out /tmp/serve-corpus.jsonl
    python3 bench/serve_bench.py --corpus /tmp/serve-corpus.jsonl --clients 8 --requests 250

The corpus is split: --seed-articles go into the store first (with `sitrep extract --db`, so
queries have something to find), the rest are posted. Python stdlib only."""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "bench-token"


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def cpu_seconds(pid):
    """User + system CPU of a process so far (Linux /proc)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client(args):
    """One client: its requests in order; returns [(kind, seconds, ok, posted_id)]."""
    index, host, port, n, posts, queries, seed = args
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(host, port, timeout=120)
    results = []
    posts = list(posts)
    for i in range(n):
        headers = {}
        body = None
        posted = None
        if posts and (i % 5 == 4 or i >= n - len(posts)):  # one request in five posts
            article = posts.pop()
            kind, method, path = "post", "POST", "/api/articles"
            body = json.dumps(article)
            headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
            posted = article["id"]
        else:
            kind, path = rng.choice(queries)
            method = "GET"
        start = time.perf_counter()
        ok = False
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            ok = r.status == 200
            if ok and kind == "post":
                ok = json.loads(data)["articles"][0]["id"] == posted
        except Exception:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=120)
        results.append((kind, time.perf_counter() - start, ok, posted if ok else None,
                        posted))
    conn.close()
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sitrep", default=os.path.join(REPO, "build", "sitrep"))
    ap.add_argument("--corpus", required=True, help="JSONL articles (bench/make_corpus.py)")
    ap.add_argument("--seed-articles", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=250, help="per client")
    ap.add_argument("--threads", type=int, default=8, help="the server's --threads")
    ap.add_argument("--db", help="store to use (default: a new one in a temp dir)")
    args = ap.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    seed, rest = articles[:args.seed_articles], articles[args.seed_articles:]
    per_client_posts = args.requests // 5
    need = per_client_posts * args.clients
    if len(rest) < need:
        sys.exit("serve_bench: the corpus has %d articles after the seed; %d are posted" %
                 (len(rest), need))
    tmp = tempfile.mkdtemp(prefix="sitrep-serve-bench-")
    db = args.db or os.path.join(tmp, "bench.sqlite")
    seed_file = os.path.join(tmp, "seed.jsonl")
    with open(seed_file, "w", encoding="utf-8") as f:
        for a in seed:
            f.write(json.dumps(a) + "\n")
    t0 = time.time()
    subprocess.run([args.sitrep, "extract", seed_file, "--db", db, "-q", "-o", os.devnull],
                   check=False)
    print("seeded %d articles in %.1f s" % (len(seed), time.time() - t0), file=sys.stderr)

    server = subprocess.Popen([args.sitrep, "serve", "--db", db, "--port", "0", "--token", TOKEN,
                               "--threads", str(args.threads)], stdout=subprocess.PIPE)
    line = server.stdout.readline().decode()
    hostport = line.split("http://", 1)[1].split("/", 1)[0]
    host, port = hostport.rsplit(":", 1)
    port = int(port)

    conn = http.client.HTTPConnection(host, port)
    conn.request("GET", "/api/events?limit=50000")
    events = json.loads(conn.getresponse().read())["events"]
    conn.request("GET", "/healthz")
    before = json.loads(conn.getresponse().read())
    conn.close()
    countries = sorted({e["country"] for e in events if e["country"]})
    days = sorted({e["event_date"] for e in events if e["event_date"]})
    rng = random.Random(7)
    queries = []
    for _ in range(400):
        q = {"limit": rng.choice([50, 100, 500])}
        if rng.random() < 0.5:
            q["country"] = rng.choice(countries)
        if rng.random() < 0.4:
            a, b = sorted(rng.sample(days, 2))
            q["from"], q["to"] = a, b
        if rng.random() < 0.2:
            q["text"] = rng.choice(["killed", "shelling", "protest", "army"])
        if rng.random() < 0.3:
            q["offset"] = rng.choice([0, 100, 1000])
        queries.append(("events", "/api/events?" + urllib.parse.urlencode(q)))
    for _ in range(60):
        c = rng.choice(countries)
        queries.append(("csv", "/api/events?" + urllib.parse.urlencode(
            {"country": c, "format": "csv", "limit": 200})))
        queries.append(("stats", "/api/stats?" + urllib.parse.urlencode({"country": c})))
    for e in rng.sample(events, min(200, len(events))):
        queries.append(("event", "/api/events/" + e["event_id"]))
        queries.append(("article", "/api/articles/" + urllib.parse.quote(e["article_ids"][0], safe="")))

    jobs = []
    for i in range(args.clients):
        posts = rest[i * per_client_posts:(i + 1) * per_client_posts]
        jobs.append((i, host, port, args.requests, posts, queries, 1000 + i))
    cpu0 = cpu_seconds(server.pid)
    t0 = time.perf_counter()
    with multiprocessing.Pool(args.clients) as pool:
        results = [r for rs in pool.map(client, jobs) for r in rs]
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(server.pid) - cpu0

    # Lost articles: answered 200 yet missing from the store, by the API and by the CLI.
    conn = http.client.HTTPConnection(host, port)
    conn.request("GET", "/healthz")
    after = json.loads(conn.getresponse().read())
    posted = [r[3] for r in results if r[3]]
    lost_api = 0
    for pid in posted:
        conn.request("GET", "/api/articles/" + urllib.parse.quote(pid, safe=""))
        r = conn.getresponse()
        r.read()
        lost_api += r.status != 200
    conn.close()
    server.send_signal(signal.SIGINT)
    server.wait(timeout=60)
    # And after a restart: what the store on disk holds (a read-only server).
    server = subprocess.Popen([args.sitrep, "serve", "--db", db, "--port", "0"],
                              stdout=subprocess.PIPE)
    line = server.stdout.readline().decode()
    port2 = int(line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    conn = http.client.HTTPConnection(host, port2)
    lost_disk = 0
    for pid in posted:
        conn.request("GET", "/api/articles/" + urllib.parse.quote(pid, safe=""))
        r = conn.getresponse()
        r.read()
        lost_disk += r.status != 200
    conn.close()
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)

    kinds = ["events", "csv", "stats", "event", "article", "post"]
    print("\n%d clients x %d requests, server --threads %d, store %d -> %d articles, %d -> %d events\n"
          % (args.clients, args.requests, args.threads, before["articles"], after["articles"],
             before["events"], after["events"]))
    print("| kind | requests | errors | p50 ms | p99 ms |")
    print("|---|---|---|---|---|")
    for k in kinds + ["all"]:
        rs = [r for r in results if k == "all" or r[0] == k]
        lat = [r[1] * 1000 for r in rs]
        print("| %s | %d | %d | %.1f | %.1f |" % (k, len(rs), sum(1 for r in rs if not r[2]),
                                                 percentile(lat, 50), percentile(lat, 99)))
    errors = sum(1 for r in results if not r[2])
    print("\nserver CPU %.1f s: %.1f ms per request (%.0f requests per CPU-second)"
          % (cpu, cpu * 1000 / len(results), len(results) / cpu))
    print("\n%.1f s wall, %.0f requests/s; errors %d; articles posted %d, lost %d (live) / %d "
          "(after a restart)" % (wall, len(results) / wall, errors, len(posted), lost_api, lost_disk))
    print("articles in the store: %d before + %d posted = %d expected, %d found"
          % (before["articles"], len(posted), before["articles"] + len(posted), after["articles"]))
    ok = errors == 0 and lost_api == 0 and lost_disk == 0 and \
        after["articles"] == before["articles"] + len(posted)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
