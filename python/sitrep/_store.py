"""The event store (`sitrep extract --db`) from Python."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Union

from . import _article_fields, _article_line, _describe, _event_lines, _sitrep, MAX_TEXT_BYTES

if TYPE_CHECKING:
    import pandas


class Store:
    """An event store: the SQLite file `sitrep extract --db FILE` fills.

    Events are upserted by event_id together with the articles they came from, so
    storing an article again replaces its events instead of duplicating them.

        with sitrep.Store("events.sqlite") as store:
            store.put({"id": "a1", "text": text}, extractor.extract(text, id="a1"))
            events = store.events()

    Args:
        path_or_url: where the store is (a SQLite file path; created when missing).

    Raises:
        OSError: the store cannot be opened or created (the message names it).
    """

    def __init__(self, path_or_url: Union[str, "os.PathLike[str]"]) -> None:
        if not isinstance(path_or_url, (str, os.PathLike)):
            raise TypeError(
                f"path_or_url must be str or os.PathLike, not {type(path_or_url).__name__}"
            )
        self._core = _sitrep.Store(os.fspath(path_or_url))

    @property
    def location(self) -> str:
        return self._core.location

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """The stored events, sorted by (event_date, event_id), as SCHEMA.md records."""
        if filters:
            raise TypeError(
                "Store.events() takes no filters in this build: "
                + ", ".join(sorted(filters))
            )
        return [json.loads(line) for line in self._core.event_lines()]

    def to_dataframe(self, **filters: Any) -> "pandas.DataFrame":
        """events(**filters) as a pandas DataFrame (see sitrep.to_dataframe)."""
        from . import to_dataframe

        return to_dataframe(self.events(**filters))

    def put(self, article: Mapping[str, Any], events: Iterable[Mapping[str, Any]]) -> None:
        """Stores `events` as everything `article` reports, replacing what it had.

        Args:
            article: a mapping of SCHEMA.md article fields (id and text at least).
            events: the article's events, as Extractor.extract returns them.
        """
        if not isinstance(article, Mapping):
            raise TypeError(f"article must be a mapping of article fields, not {type(article).__name__}")
        fields = _article_fields(article, "article")
        where = _describe(None, fields)
        self._core.put_article(_article_line(fields, where, MAX_TEXT_BYTES), where, _event_lines(events))

    def count_events(self) -> int:
        return self._core.count_events()

    def count_articles(self) -> int:
        return self._core.count_articles()

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
