"""Shared pieces of the Python tests: where things are, the CLI, the generated corpus.

ctest sets the environment (python/tests/CMakeLists.txt): PYTHONPATH=<build>/python,
SITREP_BIN, SITREP_DATA_DIR, SITREP_SOURCE_DIR, SITREP_SHARED_DIR.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.environ.get("SITREP_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))
SHARED_DIR = os.environ.get("SITREP_SHARED_DIR", os.path.join(os.path.dirname(SOURCE_DIR), "shared"))
SITREP = os.environ.get("SITREP_BIN", os.path.join(SOURCE_DIR, "build", "sitrep"))
DEVSET = os.path.join(SHARED_DIR, "devset", "articles.jsonl")
EXAMPLES = os.path.join(SOURCE_DIR, "examples")

sys.path.insert(0, HERE)
import make_news  # noqa: E402


def cli(*args: str) -> str:
    """stdout of `sitrep ARGS...`; fails the test on exit codes other than 0 and 1."""
    # The interpreter's LD_PRELOAD (the ASan runtime, in a sanitizer tree) is not the CLI's:
    # clang links its own runtime into executables, and two runtimes refuse to start.
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    done = subprocess.run([SITREP, *args], capture_output=True, text=True, check=False, env=env)
    if done.returncode not in (0, 1):
        raise AssertionError(f"sitrep {' '.join(args)} exited {done.returncode}: {done.stderr}")
    return done.stdout


def cli_events(*args: str) -> list[dict]:
    return [json.loads(line) for line in cli("extract", "-q", *args).splitlines()]


def write_corpus(path: str, articles: int, files: int = 1) -> list[str]:
    return make_news.write(make_news.make_articles(articles), path, files)
