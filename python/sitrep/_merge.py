"""The store's cross-report merge rule (docs/merge.md) as plain functions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple, Union

from . import _event_lines, _sitrep


class MergeResult(NamedTuple):
    """What merge_reports gives.

    events: the merged events, sorted by (event_date, event_id), exactly what a store
        holding the same reports returns (without its `timestamp`).
    deleted: {"event_id": ..., "merged_into": ...} for every input id that is not an output
        id, sorted by event_id (ACLED's "deleted" list).
    """

    events: list[dict[str, Any]]
    deleted: list[dict[str, str]]


def _one_event_line(event: Any, name: str) -> str:
    if isinstance(event, str):
        return event
    if isinstance(event, Mapping):
        return json.dumps(event, ensure_ascii=False)
    raise TypeError(f"{name} must be an event dict or JSON line, not {type(event).__name__}")


def merge_reports(events: Iterable[Union[Mapping[str, Any], str]]) -> MergeResult:
    """Merges the reports of one incident across articles, by the store's rule.

    The reports are events as Extractor.extract / extract_many / `sitrep extract` give them
    (dicts or JSON lines), from any number of articles. The result does not depend on their
    order, and equals what a store (sitrep.Store, `sitrep extract --db`) holds after the same
    articles were put, in any order.

    Raises:
        TypeError: an item that is not an event dict or JSON line.
        ValueError: an event that is not a sitrep event record (the message names its index).
    """
    lines, deleted = _sitrep.merge_reports(_event_lines(events))
    return MergeResult(
        [json.loads(line) for line in lines],
        [{"event_id": event_id, "merged_into": into} for event_id, into in deleted],
    )


def merge_block_key(event: Union[Mapping[str, Any], str]) -> str:
    """The block an event merges in: "country|admin1" (e.g. "Syria|Daraa"), or "" when it
    can never merge (no country or province).

    Reports of different blocks never merge, so a distributed job may partition reports by
    this key and run merge_reports on each block alone: the union equals merging all.
    """
    return _sitrep.merge_block_keys([_one_event_line(event, "event")])[0]


def compare_reports(
    a: Union[Mapping[str, Any], str], b: Union[Mapping[str, Any], str]
) -> tuple[bool, float, str]:
    """Whether two reports may describe one incident: (same, score, reason), e.g.
    (True, 0.93, "same day, 0.0 km, same sub-type") or the first field that disagrees."""
    return _sitrep.compare_reports(_one_event_line(a, "a"), _one_event_line(b, "b"))
