#!/usr/bin/env python3
"""One whole-process run of the Python binding, to time against `sitrep extract`:

    python3 bench/python_extract.py articles CORPUS.jsonl THREADS  # read_articles + extract_many (dicts)
    python3 bench/python_extract.py many CORPUS.jsonl THREADS      # json.loads + extract_many (dicts)
    python3 bench/python_extract.py jsonl CORPUS.jsonl THREADS     # extract_jsonl (lines in, lines out)
    python3 bench/python_extract.py jsonl_out CORPUS.jsonl THREADS # extract_jsonl(out=os.devnull)

It reads the corpus, extracts every article and prints the event count, like
`sitrep extract CORPUS -j THREADS -o /dev/null` (which reads, extracts and writes JSONL).
"articles" reads the file as the CLI does (sitrep.read_articles: the article dicts come
from the same C++ reader); "many" parses each line with json.loads, as a caller holding
its own dicts would. "jsonl" is the CLI's own work: JSONL lines in, event lines written
out (to /dev/null, as `-o /dev/null`), by Python from the list of strs extract_jsonl
returns; "jsonl_out" the same work as the CLI does it, the lines written by the compiled
core (extract_jsonl(..., out=os.devnull)), no str per line.
"""

import json
import os
import sys

import sitrep

mode, corpus, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
extractor = sitrep.Extractor()
if mode == "articles":
    events = extractor.extract_many(sitrep.read_articles(corpus), threads=threads)
else:
    with open(corpus, "rb") as f:
        if mode == "many":
            events = extractor.extract_many((json.loads(line) for line in f if line.strip()), threads=threads)
        elif mode == "jsonl":
            events = extractor.extract_jsonl(f, threads=threads)
            with open(os.devnull, "w", encoding="utf-8") as out:
                out.writelines(line + "\n" for line in events)
        elif mode == "jsonl_out":
            events = range(extractor.extract_jsonl(f, threads=threads, out=os.devnull))
        else:
            sys.exit(f"unknown mode {mode!r}: articles, many, jsonl or jsonl_out")
print(len(events))
