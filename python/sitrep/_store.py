"""The event store (`sitrep extract --db`, `sitrep events --db`) from Python."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import numbers
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _article_fields, _article_line, _describe, _event_lines, _sitrep, MAX_TEXT_BYTES

if TYPE_CHECKING:
    import pandas

Date = Union[str, dt.date]
Names = Union[str, Iterable[str]]
Time = Union[int, float, str, dt.date, dt.datetime]

_PAGE = 2000  # events fetched per query while iterating
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(name: str, value: Date) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a date or a 'YYYY-MM-DD' string, not {type(value).__name__}")
    try:
        if not _DATE.fullmatch(value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a YYYY-MM-DD date") from None
    return value


def _names(name: str, value: Names) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a string or a list of strings, not {type(value).__name__}")
    names = list(value)
    for i, item in enumerate(names):
        if not isinstance(item, str):
            raise TypeError(f"{name}[{i}] must be str, not {type(item).__name__}")
    return names


def _text(name: str, value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {type(value).__name__}")
    return value


def _numbers(name: str, value: Any, labels: tuple[str, ...]) -> list[float]:
    shape = "(" + ", ".join(labels) + ")"
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence) or len(value) != len(labels):
        raise TypeError(f"{name} must be a sequence {shape} of numbers, not {value!r}")
    out = []
    for label, v in zip(labels, value):
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise TypeError(f"{name}: {label} must be a number, not {type(v).__name__}")
        if not math.isfinite(v):
            raise ValueError(f"{name}: {label} must be finite, not {v}")
        out.append(float(v))
    return out


def _check_lat_lon(name: str, lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise ValueError(f"{name}: latitude {lat} is outside [-90, 90]")
    if not -180 <= lon <= 180:
        raise ValueError(f"{name}: longitude {lon} is outside [-180, 180]")


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, not {value}")
    return value


def _unix_seconds(name: str, value: Time) -> int:
    """Unix seconds from seconds, a date (midnight UTC), a datetime (naive = UTC) or an ISO
    string ("YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ", with or without offset)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be Unix seconds, a date, a datetime or an ISO string, not bool")
    if isinstance(value, numbers.Real):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be Unix seconds >= 0, not {value}")
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if _DATE.fullmatch(text):
                value = dt.date.fromisoformat(text)
            else:
                value = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
        except ValueError:
            raise ValueError(
                f"{name}: {value!r} is not YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS[Z|+HH:MM] or Unix seconds"
            ) from None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return int(value.timestamp())
    if isinstance(value, dt.date):
        return int(dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc).timestamp())
    raise TypeError(
        f"{name} must be Unix seconds, a date, a datetime or an ISO string, not {type(value).__name__}"
    )


def _filters(
    date_from: Optional[Date] = None,
    date_to: Optional[Date] = None,
    countries: Optional[Names] = None,
    admin1s: Optional[Names] = None,
    event_types: Optional[Names] = None,
    sub_event_types: Optional[Names] = None,
    actor: Optional[str] = None,
    text: Optional[str] = None,
    bbox: Optional[Sequence[float]] = None,
    near: Optional[Sequence[float]] = None,
    updated_since: Optional[Time] = None,
    limit: Optional[int] = None,
    offset: int = 0,
) -> dict[str, Any]:
    """Checks Store.events()'s filters; returns them as the compiled core takes them."""
    f: dict[str, Any] = {}
    if date_from is not None:
        f["date_from"] = _date("date_from", date_from)
    if date_to is not None:
        f["date_to"] = _date("date_to", date_to)
    if "date_from" in f and "date_to" in f and f["date_from"] > f["date_to"]:
        raise ValueError(f"date_from {f['date_from']} is after date_to {f['date_to']}")
    for name, value in (("countries", countries), ("admin1s", admin1s),
                        ("event_types", event_types), ("sub_event_types", sub_event_types)):
        if value is not None:
            f[name] = _names(name, value)
    if actor is not None:
        f["actor"] = _text("actor", actor)
    if text is not None:
        f["text"] = _text("text", text)
    if bbox is not None:
        box = _numbers("bbox", bbox, ("min_lon", "min_lat", "max_lon", "max_lat"))
        _check_lat_lon("bbox", box[1], box[0])
        _check_lat_lon("bbox", box[3], box[2])
        if box[1] > box[3]:
            raise ValueError(f"bbox: min_lat {box[1]} is above max_lat {box[3]}")
        f["bbox"] = box
    if near is not None:
        circle = _numbers("near", near, ("lat", "lon", "radius_km"))
        _check_lat_lon("near", circle[0], circle[1])
        if circle[2] <= 0:
            raise ValueError(f"near: radius_km must be > 0, not {circle[2]}")
        f["near"] = circle
    if updated_since is not None:
        f["updated_since"] = _unix_seconds("updated_since", updated_since)
    if limit is not None:
        f["limit"] = _count("limit", limit)
    f["offset"] = _count("offset", offset)
    return f


FILTERS: tuple[str, ...] = (
    "date_from", "date_to", "countries", "admin1s", "event_types", "sub_event_types", "actor",
    "text", "bbox", "near", "updated_since", "limit", "offset",
)
"""The filters Store.events(), iter_events(), stats() and to_dataframe() take."""


def _checked(method: str, filters: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise TypeError(
            f"Store.{method}() got unknown filter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(unknown)}; the filters are {', '.join(FILTERS)}"
        )
    return _filters(**filters)


class Store:
    """An event store: a SQLite file or a PostgreSQL database (docs/store.md).

    It keeps the articles, the events extract gave for each ("reports"), and the events
    those become when the reports of one incident are merged across articles (the rule of
    sitrep.merge_reports). Putting an article again replaces what it reported.

        with sitrep.Store("events.sqlite") as store:
            store.put({"id": "a1", "text": text}, extractor.extract(text, id="a1"))
            syria = store.events(countries="Syria", date_from="2019-07-01", limit=100)
            for event in store.iter_events(event_types="Battles"):
                ...

    Args:
        path_or_url: a SQLite file path, or a "postgresql://" URL.
        read_only: only read: the store must exist and be a sitrep store; nothing is
            created or changed (as `sitrep events --db`).
        merge: merge the reports of one incident across articles (default); False keeps
            every extracted event as it is.

    Raises:
        FileNotFoundError: read_only and there is no such file.
        ValueError: the database is not a sitrep store (it is never changed).
        OSError: the store cannot be opened or created (the message names it).
    """

    def __init__(
        self, path_or_url: Union[str, "os.PathLike[str]"], *, read_only: bool = False, merge: bool = True
    ) -> None:
        if not isinstance(path_or_url, (str, os.PathLike)):
            raise TypeError(
                f"path_or_url must be str or os.PathLike, not {type(path_or_url).__name__}"
            )
        for name, value in (("read_only", read_only), ("merge", merge)):
            if not isinstance(value, bool):
                raise TypeError(f"{name} must be bool, not {type(value).__name__}")
        location = os.fspath(path_or_url)
        if read_only and "://" not in location and not os.path.isfile(location):
            # Opening would report a database error; a typo in the path deserves a clear one.
            raise FileNotFoundError(f"{location}: no such database file")
        self._core = _sitrep.Store(location, read_only, merge)

    @property
    def location(self) -> str:
        return self._core.location

    # ---- Reading ---------------------------------------------------------------------

    def events(
        self,
        *,
        date_from: Optional[Date] = None,
        date_to: Optional[Date] = None,
        countries: Optional[Names] = None,
        admin1s: Optional[Names] = None,
        event_types: Optional[Names] = None,
        sub_event_types: Optional[Names] = None,
        actor: Optional[str] = None,
        text: Optional[str] = None,
        bbox: Optional[Sequence[float]] = None,
        near: Optional[Sequence[float]] = None,
        updated_since: Optional[Time] = None,
        limit: Optional[int] = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """The stored (merged) events that match every filter given, sorted by
        (event_date, event_id): the records `sitrep events --db` prints.

        Args:
            date_from, date_to: event_date in [date_from, date_to] ("YYYY-MM-DD" or a date).
            countries, admin1s, event_types, sub_event_types: a name or a list of names;
                an event matches any of them (whole value, ignoring ASCII case).
            actor: text in actor1, actor2 or the associated actors.
            text: text in the notes, place, actors, sources or admin names.
            bbox: (min_lon, min_lat, max_lon, max_lat) in degrees; min_lon > max_lon
                crosses the 180th meridian.
            near: (lat, lon, radius_km): within radius_km of the point (great circle).
            updated_since: only events created or changed at or after this time (Unix
                seconds, a date, a datetime (naive = UTC) or an ISO string).
            limit, offset: a page of the result (limit None = all).

        Raises:
            TypeError: a filter of the wrong type (an unknown filter name too).
            ValueError: a filter value that cannot be right (a malformed date, a latitude
                outside [-90, 90], a negative limit ...); the message names the filter.
        """
        query = _filters(date_from, date_to, countries, admin1s, event_types, sub_event_types,
                         actor, text, bbox, near, updated_since, limit, offset)
        return [json.loads(line) for line in self._core.query_lines(query)]

    def iter_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """events(**filters), fetched a page at a time: memory stays flat however many
        events match. Pages are separate queries, so puts made while iterating may shift
        what later pages hold."""
        query = _checked("iter_events", filters)
        remaining = query.pop("limit", None)
        offset = query.pop("offset")
        while remaining is None or remaining > 0:
            page = _PAGE if remaining is None else min(_PAGE, remaining)
            lines = self._core.query_lines({**query, "limit": page, "offset": offset})
            for line in lines:
                yield json.loads(line)
            if len(lines) < page:
                return
            offset += len(lines)
            if remaining is not None:
                remaining -= len(lines)

    def to_dataframe(self, **filters: Any) -> "pandas.DataFrame":
        """events(**filters) as a pandas DataFrame (see sitrep.to_dataframe)."""
        from . import to_dataframe

        _checked("to_dataframe", filters)
        return to_dataframe(self.events(**filters))

    def get_event(self, event_id: str) -> Optional[dict[str, Any]]:
        """The live event `event_id` names, or None when there is none.

        An id that was merged into another event leads to that event (whose event_id
        differs); lookup() tells which happened.
        """
        line, _merged_into, _deleted = self._core.lookup(_text("event_id", event_id))
        return json.loads(line) if line is not None else None

    def lookup(self, event_id: str) -> dict[str, Any]:
        """What became of `event_id`: {"event": the live event or None, "merged_into": the
        id that absorbed it or None, "deleted": True when it named an event that is gone}."""
        line, merged_into, deleted = self._core.lookup(_text("event_id", event_id))
        return {
            "event": json.loads(line) if line is not None else None,
            "merged_into": merged_into or None,
            "deleted": deleted,
        }

    def reports(self, event_id: Optional[str] = None) -> list[dict[str, Any]]:
        """The per-article events (what extract printed) that the event `event_id` was
        merged from; with no id, every stored report (`sitrep events --reports`)."""
        if event_id is not None:
            _text("event_id", event_id)
        return [json.loads(line) for line in self._core.report_lines(event_id)]

    def get_article(self, article_id: str) -> Optional[dict[str, Any]]:
        """The stored article (SCHEMA.md fields, text included, plus text_hash,
        ingested_at, report_ids and event_ids), or None."""
        return self._core.article(_text("article_id", article_id))

    def stats(self, **filters: Any) -> dict[str, Any]:
        """Counts over the events the filters select (limit and offset are ignored):
        {"events", "articles", "reports", "fatalities", "by_day", "by_event_type",
        "by_country", "by_admin1"}; each by_* is a dict (by_day ascending, the others most
        first), as `sitrep events --stats` prints it."""
        s = self._core.stats(_checked("stats", filters))
        for key in ("by_day", "by_event_type", "by_country", "by_admin1"):
            s[key] = dict(s[key])
        return s

    def changes(self, since: Time = 0) -> list[dict[str, Any]]:
        """What changed at or after `since`, oldest first, as `sitrep events --since`
        prints it: {"change": "new"|"updated", "event_id", "at", "event"} and
        {"change": "deleted", "event_id", "at", "merged_into": id or None}."""
        out = []
        for kind, event_id, at, merged_into, line in self._core.changes(_unix_seconds("since", since)):
            record: dict[str, Any] = {"change": kind, "event_id": event_id, "at": at}
            if kind == "deleted":
                record["merged_into"] = merged_into or None
            elif line is not None:
                record["event"] = json.loads(line)
            out.append(record)
        return out

    def count_events(self) -> int:
        return self._core.count_events()

    def count_articles(self) -> int:
        return self._core.count_articles()

    def count_reports(self) -> int:
        return self._core.count_reports()

    # ---- Writing ---------------------------------------------------------------------

    def put(self, article: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> dict[str, int]:
        """Stores `events` as everything `article` reports, replacing what it had, then
        merges them with other articles' reports.

        Args:
            article: a mapping of SCHEMA.md article fields (id and text at least).
            events: the article's events, as Extractor.extract returns them.

        Returns:
            {"reports", "new_events", "updated_events", "deleted_events"}: what the put did.
        """
        if not isinstance(article, Mapping):
            raise TypeError(f"article must be a mapping of article fields, not {type(article).__name__}")
        fields = _article_fields(article, "article")
        where = _describe(None, fields)
        return self._core.put_article(
            _article_line(fields, where, MAX_TEXT_BYTES), where, _event_lines(events)
        )

    def remove(self, article_id: str) -> dict[str, int]:
        """Forgets an article and its reports (events it alone reported become deleted)."""
        return self._core.remove_article(_text("article_id", article_id))

    @contextlib.contextmanager
    def batch(self) -> Iterator["Store"]:
        """Groups many put() calls in one transaction (much faster for bulk loads)."""
        self._core.begin_batch()
        try:
            yield self
        finally:
            self._core.commit_batch()

    def close(self) -> None:
        self._core.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._core.closed else repr(self._core.location)
        return f"sitrep.Store({state})"
