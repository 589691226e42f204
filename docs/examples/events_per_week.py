#!/usr/bin/env python3
"""Events per week by type: sitrep from Python, pandas for the analysis, a matplotlib chart.

    python3 docs/examples/events_per_week.py examples/ --chart out/events_per_week.png
    python3 docs/examples/events_per_week.py news.jsonl --chart weekly.png --csv weekly.csv

Reads articles the way `sitrep extract` does (.jsonl, .txt, .html files or directories),
extracts their events on every core, and prints three small analyses: events per ISO week
and event type (also drawn as a stacked bar chart, saved as PNG), the deadliest places, and
how many events each outlet reported. docs/python.md walks through it.
"""

from __future__ import annotations

import argparse
import sys

import matplotlib

matplotlib.use("Agg")  # files only: no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import sitrep  # noqa: E402


def weekly_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Rows: the Monday of each week; columns: event types; cells: events that week."""
    dated = events.dropna(subset=["event_date"])
    weeks = dated["event_date"].dt.to_period("W-SUN").dt.start_time.rename("week")
    table = dated.groupby([weeks, dated["event_type"]]).size().unstack(fill_value=0)
    # Weeks without any event are rows of zeros, so the chart's time axis has no gaps.
    if not table.empty:
        table = table.reindex(pd.date_range(table.index.min(), table.index.max(), freq="W-MON"),
                              fill_value=0)
        table.index.name = "week"
    return table


def draw(table: pd.DataFrame, path: str) -> None:
    fig, ax = plt.subplots(figsize=(11, 5), dpi=100)
    if table.empty:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
    else:
        bottom = None
        for event_type in table.columns:
            values = table[event_type]
            ax.bar(table.index, values, width=6, bottom=bottom, label=event_type, align="edge")
            bottom = values if bottom is None else bottom + values
        ax.legend(fontsize=8, loc="upper left")
    ax.set_title("Events per week by type")
    ax.set_xlabel("week")
    ax.set_ylabel("events")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", help="JSONL/.txt/.html files or directories")
    ap.add_argument("--chart", default="events_per_week.png", help="PNG to write")
    ap.add_argument("--csv", help="also write the weekly table as CSV")
    ap.add_argument("--threads", type=int, default=0, help="extraction threads (0: all cores)")
    args = ap.parse_args()

    extractor = sitrep.Extractor()
    articles = []
    for path in args.inputs:
        articles += sitrep.read_articles(path, on_error=lambda m: print(f"skipped {m}", file=sys.stderr))
    events = sitrep.to_dataframe(extractor.extract_many(articles, threads=args.threads))
    print(f"{len(articles)} articles, {len(events)} events, "
          f"{int(events['event_date'].notna().sum())} with a date")

    table = weekly_counts(events)
    print("\nEvents per week by type:")
    print(table.to_string() if not table.empty else "(none)")
    print(f"\ntotal dated events: {int(table.to_numpy().sum())}")

    places = (events.groupby(["country", "location"])["fatalities"].sum()
              .sort_values(ascending=False).head(5))
    print("\nDeadliest places (reported fatalities, summed over events):")
    print(places.to_string())

    outlets = events.explode("sources")["sources"].value_counts().head(5)
    print("\nEvents per source:")
    print(outlets.to_string())

    draw(table, args.chart)
    if args.csv:
        table.to_csv(args.csv)
    print(f"\nchart: {args.chart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
