#!/usr/bin/env python3
"""Writes the seed inputs of one fuzz target into a directory, at test time: the committed
fuzz/corpus/<target>/ and fuzz/regressions/<target>/, plus inputs made from the dev set and
fixtures in ../shared (read in place, never copied into the repository), the golden
articles, the examples and the shipped data files.

    fuzz/make_seeds.py TARGET OUTDIR
"""
import glob
import json
import os
import shutil
import sys

FUZZ = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(FUZZ)
SHARED = os.environ.get("SITREP_SHARED_DIR", os.path.join(REPO, "..", "shared"))
DATA = os.environ.get("SITREP_DATA_DIR", os.path.join(REPO, "data"))


def articles():
    """(jsonl line, article dict) of the dev set, the fixtures and the golden articles."""
    paths = [os.path.join(SHARED, "devset", "articles.jsonl")]
    paths += sorted(glob.glob(os.path.join(SHARED, "fixtures", "*.article.jsonl")))
    paths += sorted(glob.glob(os.path.join(REPO, "tests", "golden", "**", "*.article.jsonl"),
                          recursive=True))
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield line, json.loads(line)


def texts():
    for _, a in articles():
        yield a["text"].encode("utf-8")
    for path in sorted(glob.glob(os.path.join(SHARED, "fixtures", "*.txt"))):
        with open(path, "rb") as f:
            yield f.read()


def head(path, lines):
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(lines))


def seeds(target):
    if target in ("extract", "clean", "dates", "numbers"):
        for i, t in enumerate(texts()):
            yield (bytes([i % 16]) + t) if target in ("extract", "dates") else t
    elif target == "jsonl":
        for line, _ in articles():
            yield line.encode("utf-8")
        yield json.dumps([a for _, a in list(articles())[:3]], indent=2).encode("utf-8")
    elif target == "html":
        for path in sorted(glob.glob(os.path.join(REPO, "examples", "*.html"))):
            with open(path, "rb") as f:
                yield f.read()
        for _, a in list(articles())[:10]:
            body = "".join("<p>%s</p>" % p for p in a["text"].split("\n\n"))
            yield ("<html><head><title>%s</title><meta name=\"date\" content=\"%s\"></head>"
                   "<body><article>%s</article></body></html>" % (
                       a.get("title", ""), a.get("published", ""), body)).encode("utf-8")
    elif target == "places":
        for _, a in list(articles())[:20]:
            words = a["text"].split()
            for w in words[:40:4]:
                yield w.encode("utf-8") + b"\0" + a["text"][:2000].encode("utf-8")
        for name in ("Aleppo", "Mlihat al Atash", "Dar'a", "\u062d\u0644\u0628", "Kabul"):
            yield name.encode("utf-8")
    elif target == "dictionaries":
        names = sorted(n for n in os.listdir(DATA) if os.path.isfile(os.path.join(DATA, n)))
        for i, n in enumerate(names):
            with open(os.path.join(DATA, n), "rb") as f:
                yield bytes([i]) + f.read()
    elif target == "gazetteer":
        g = os.path.join(DATA, "gazetteer")
        sources = [  # index in fuzz_gazetteer.cc's kNames, file, lines
            (11, os.path.join(g, "geonames", "cities500_levant.txt"), 60),
            (1, os.path.join(g, "geonames", "admin1CodesASCII.txt"), 60),
            (2, os.path.join(g, "geonames", "admin2Codes.txt"), 60),
            (3, os.path.join(REPO, "tests", "data", "geo", "alternateNames_test.txt"), 60),
            (0, os.path.join(REPO, "tests", "data", "geo", "sy_villages.txt"), 60),
            (7, os.path.join(g, "countries.tsv"), 40),
            (8, os.path.join(g, "admin1_names.tsv"), 40),
            (9, os.path.join(g, "acled_admin1.tsv"), 40),
            (10, os.path.join(g, "stopnames.tsv"), 40),
        ]
        for index, path, lines in sources:
            if os.path.exists(path):
                yield bytes([index]) + head(path, lines)
        for index, pattern in ((4, "*governorates*.json"), (5, "*districts*.json")):
            for path in sorted(glob.glob(os.path.join(g, "opensyria", pattern)))[:1]:
                with open(path, "rb") as f:
                    yield bytes([index]) + f.read()[:20000]


def main():
    target, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    n = 0
    for sub in ("corpus", "regressions"):
        for path in sorted(glob.glob(os.path.join(FUZZ, sub, target, "*"))):
            shutil.copy(path, os.path.join(out, "%s-%s" % (sub, os.path.basename(path))))
            n += 1
    for i, data in enumerate(seeds(target)):
        with open(os.path.join(out, "seed-%04d" % i), "wb") as f:
            f.write(data[:65536])
        n += 1
    print("%s: %d seeds in %s" % (target, n, out))


if __name__ == "__main__":
    main()
