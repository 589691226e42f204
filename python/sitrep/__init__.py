"""sitrep: conflict events (ACLED's terms) from news text, as a Python library.

    import sitrep
    ex = sitrep.Extractor()                       # loads the data files once
    events = ex.extract(text, published="2019-07-28", publisher="Enab Baladi")
    events = ex.extract_many(articles, threads=4)  # str texts or SCHEMA.md article dicts
    df = sitrep.to_dataframe(events)              # pandas

Every event is a dict with SCHEMA.md's keys, exactly the record `sitrep extract` writes
as one JSONL line. Bad input raises a built-in exception naming the article and the
problem: TypeError for a wrong type, ValueError for a value sitrep cannot read (non-UTF-8
bytes, an empty or oversized text, a malformed date). ``sitrep.dask`` runs the extractor
on a Dask cluster; ``sitrep.Store`` reads and fills the event store ``sitrep extract --db``
writes; ``sitrep.merge_reports`` merges the reports of one incident by the store's rule.
"""

from __future__ import annotations

import datetime as _dt
import gc as _gc
import io as _io
import json as _json
import math as _math
import os as _os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Optional, Union, overload

from . import _sitrep

if TYPE_CHECKING:  # pandas is imported only when to_dataframe() is called
    import pandas

__all__ = [
    "ARTICLE_FIELDS",
    "EVENT_FIELDS",
    "Article",
    "Event",
    "Extractor",
    "MergeResult",
    "Store",
    "compare_reports",
    "default_data_dir",
    "events_to_csv",
    "merge_block_key",
    "merge_reports",
    "read_articles",
    "to_dataframe",
]

__version__: str = _sitrep.__version__

Event = dict[str, Any]
"""One event record: SCHEMA.md's keys, as `sitrep extract` writes them."""

Article = Union[str, bytes, Mapping[str, Any]]
"""An article: its text (str, or UTF-8 bytes), or a mapping of SCHEMA.md article fields."""

ARTICLE_FIELDS: tuple[str, ...] = ("id", "text", "title", "published", "publisher", "url", "lang")
"""The SCHEMA.md article fields; other keys of an article mapping are ignored, like the CLI."""

EVENT_FIELDS: tuple[str, ...] = tuple(_json.loads(_sitrep.full_event_line()))
"""Every key an event record can have, in SCHEMA.md order (cameo, plover and timestamp
appear only when set)."""

MAX_TEXT_BYTES: int = _sitrep.MAX_TEXT_BYTES
"""The longest article text accepted, in UTF-8 bytes (a larger one is a dump, not news)."""

PathLike = Union[str, "_os.PathLike[str]"]
_Batch = tuple[list[bytes], list[str]]  # JSONL article lines and their names for messages

# Articles handed to the compiled core at a time: enough to keep every thread busy,
# few enough that a huge generator never sits in memory whole.
_ARTICLES_PER_THREAD = 128
_MAX_BATCH_BYTES = 16 << 20
# What extract_jsonl reads from a binary file at a time (more when a line is longer).
_READ_BYTES = 1 << 20


def default_data_dir() -> str:
    """$SITREP_DATA_DIR, else the data/ directory sitrep was built with."""
    return _sitrep.default_data_dir()


def _is_missing(value: Any) -> bool:
    # None, and the NaN pandas puts in empty cells (df.to_dict("records")).
    return value is None or (isinstance(value, float) and _math.isnan(value))


def _field_text(name: str, value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError as e:
            raise ValueError(
                f"{where}: {name} is not valid UTF-8 ({e.reason} at byte {e.start})"
            ) from None
    if name == "published" and isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    raise TypeError(
        f"{where}: {name} must be str{' or a date' if name == 'published' else ''}, "
        f"not {type(value).__name__}"
    )


def _article_fields(item: Any, where: str) -> dict[str, str]:
    """Checks one article and returns its SCHEMA.md fields as strings."""
    if isinstance(item, (str, bytes, bytearray, memoryview)):
        return {"text": _field_text("text", item, where)}
    if not isinstance(item, Mapping):
        raise TypeError(
            f"{where}: expected the article text (str) or a mapping of article fields, "
            f"not {type(item).__name__}"
        )
    fields: dict[str, str] = {}
    for name in ARTICLE_FIELDS:
        value = item.get(name)
        if not _is_missing(value):
            fields[name] = _field_text(name, value, where)
    if "text" not in fields:
        raise ValueError(f"{where}: the article has no text")
    return fields


def _describe(index: Optional[int], fields: Mapping[str, str]) -> str:
    """How messages name an article: articles[3] (id 'x'), or article 'x'."""
    article_id = fields.get("id")
    if index is None:
        return f"article {article_id!r}" if article_id else "article"
    return f"articles[{index}]" + (f" (id {article_id!r})" if article_id else "")


def _article_line(fields: Mapping[str, str], where: str, max_text_bytes: int) -> bytes:
    """The article as one SCHEMA.md JSONL line, the form the CLI reads."""
    if len(fields["text"]) > max_text_bytes:  # code points <= bytes: surely too long
        raise ValueError(
            f"{where}: text is {len(fields['text']) >> 20} MiB or more, over the limit "
            f"of {max_text_bytes >> 20} MiB for one article"
        )
    try:
        return _json.dumps(fields, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        for name, value in fields.items():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as e:
                raise ValueError(
                    f"{where}: {name} is not valid Unicode text (unpaired surrogate "
                    f"{value[e.start]!r} at position {e.start})"
                ) from None
        raise


class Extractor:
    """Extracts conflict events from articles; loads sitrep's data files once.

    One Extractor is meant to be shared: its methods are thread-safe, and the extraction
    itself runs without the GIL, so Python threads calling it run in parallel.

    Args:
        data_dir: the data directory (dictionaries, gazetteer index); default
            $SITREP_DATA_DIR or the data/ directory sitrep was built with.
        keep_undated: keep background events the article recalls without a date, like
            `sitrep extract --keep-undated`.

    Raises:
        FileNotFoundError, ValueError, OSError: a data file is missing or wrong; the
            message names the file.
    """

    def __init__(self, data_dir: Optional[PathLike] = None, *, keep_undated: bool = False) -> None:
        if data_dir is not None and not isinstance(data_dir, (str, _os.PathLike)):
            raise TypeError(f"data_dir must be a path (str or os.PathLike), not {type(data_dir).__name__}")
        if not isinstance(keep_undated, bool):
            raise TypeError(f"keep_undated must be bool, not {type(keep_undated).__name__}")
        self._core = _sitrep.Extractor(
            _os.fspath(data_dir) if data_dir is not None else None, keep_undated
        )
        self._max_text_bytes = MAX_TEXT_BYTES

    @property
    def data_dir(self) -> str:
        """The data directory the extractor was loaded from."""
        return self._core.data_dir

    @property
    def keep_undated(self) -> bool:
        return self._core.keep_undated

    def __repr__(self) -> str:
        return f"sitrep.Extractor(data_dir={self.data_dir!r}, keep_undated={self.keep_undated})"

    def extract(
        self,
        text: Union[str, bytes],
        published: Union[str, _dt.date, None] = None,
        id: Optional[str] = None,  # noqa: A002 - SCHEMA.md's field name
        publisher: Optional[str] = None,
        url: Optional[str] = None,
        *,
        title: Optional[str] = None,
        lang: Optional[str] = None,
    ) -> list[Event]:
        """Extracts the events one article reports.

        Args:
            text: the article body as published (str, or UTF-8 bytes).
            published: publication date, "YYYY-MM-DD", an ISO datetime or a date; when
                None, sitrep infers it from the text where it can.
            id: the article id events cite in article_ids; default a hash of the text.
            publisher: the outlet (becomes the first source).
            url, title, lang: kept as metadata.

        Returns:
            The events (SCHEMA.md records), possibly none.

        Raises:
            TypeError: an argument of the wrong type.
            ValueError: text empty, not UTF-8, over the size limit, or a malformed date.
        """
        if not isinstance(text, (str, bytes, bytearray, memoryview)):
            raise TypeError(f"text must be str or UTF-8 bytes, not {type(text).__name__}")
        article = {
            "text": text,
            "published": published,
            "id": id,
            "publisher": publisher,
            "url": url,
            "title": title,
            "lang": lang,
        }
        where = "article" if not isinstance(id, str) or not id else f"article {id!r}"
        fields = _article_fields(article, where)
        where = _describe(None, fields)
        line = _article_line(fields, where, self._max_text_bytes)
        batch = self._core.batch_of_lines([line], [where])
        batch.start(1)
        errors = batch.errors()
        if errors:
            raise ValueError(errors[0][1])
        return batch.dicts()

    def extract_many(
        self,
        articles: Iterable[Article],
        threads: int = 0,
        *,
        on_error: Optional[Callable[[str], None]] = None,
    ) -> list[Event]:
        """Extracts the events of many articles on `threads` threads, without the GIL.

        The result is the same for any thread count: every event of the first article,
        then of the second, and so on, exactly as `sitrep extract` writes them for the
        same articles in JSONL.

        Args:
            articles: any iterable (a generator is read a batch at a time) of article
                texts (str or UTF-8 bytes) or mappings with SCHEMA.md article fields
                ("text" required; "id", "published", "publisher", "url", "title", "lang").
            threads: worker threads; 0 means one per hardware thread.
            on_error: when given, called with the message of each article that cannot be
                read (empty text, bad date, not UTF-8 ...), which is then skipped; when
                None, such an article raises.

        Raises:
            TypeError: an article, or a field of one, of the wrong type.
            ValueError: an article sitrep cannot read (unless on_error is given).
        """
        events: list[Event] = []
        # The cyclic collector would go over the growing list of fresh dicts again and
        # again (5 to 8 % of the CPU on a 10 MB corpus), though none of them can be garbage
        # before the list is returned: it waits until then (it runs as usual afterwards).
        collecting = _gc.isenabled()
        _gc.disable()
        try:
            for batch in self._batches(articles, threads, on_error):
                events += batch
        finally:
            if collecting:
                _gc.enable()
        return events

    def iter_extract(
        self,
        articles: Iterable[Article],
        threads: int = 0,
        *,
        on_error: Optional[Callable[[str], None]] = None,
    ) -> Iterator[Event]:
        """Like extract_many, but yields events as batches finish (bounded memory)."""
        for batch in self._batches(articles, threads, on_error):
            yield from batch

    @overload
    def extract_jsonl(
        self,
        lines: Iterable[Union[bytes, str]],
        origins: Optional[Iterable[str]] = None,
        threads: int = 1,
        *,
        on_error: Optional[Callable[[str], None]] = None,
        out: None = None,
    ) -> list[str]: ...

    @overload
    def extract_jsonl(
        self,
        lines: Iterable[Union[bytes, str]],
        origins: Optional[Iterable[str]] = None,
        threads: int = 1,
        *,
        on_error: Optional[Callable[[str], None]] = None,
        out: Union[PathLike, BinaryIO],
    ) -> int: ...

    def extract_jsonl(
        self,
        lines: Iterable[Union[bytes, str]],
        origins: Optional[Iterable[str]] = None,
        threads: int = 1,
        *,
        on_error: Optional[Callable[[str], None]] = None,
        out: Union[PathLike, BinaryIO, None] = None,
    ) -> Union[list[str], int]:
        """Extracts from raw JSONL article lines; returns the event JSONL lines.

        This is the CLI's own path, byte for byte: each line is parsed as `sitrep extract`
        parses a JSONL file (bad lines are reported with their origin, e.g.
        "corpus.jsonl:12", and skipped through on_error, or raise ValueError), and each
        event is the line the CLI would write, without the newline. Blank lines are
        skipped, as the CLI does. `origins` names the lines in messages (default
        "line N").

        `lines` may be a file opened in binary mode (any io.BufferedIOBase, such as
        ``open(path, "rb")``): without `origins`, it is then read a block at a time and
        split into lines by the compiled core, with the same result as iterating over it,
        but without a bytes object for every line.

        With `out`, a path or a binary file (anything with a ``write`` taking bytes, e.g.
        ``open(path, "wb")`` or ``sys.stdout.buffer``), the event lines are written there
        instead, each with its newline: the bytes ``sitrep extract -o PATH`` writes, in
        big chunks and without a str per line. The number of events written is returned.
        A path is created or truncated; a file object is neither flushed nor closed. An
        exception (a path that cannot be opened, a write() that raises, a bad article
        without on_error) leaves the lines of the batches before it written.
        """
        if isinstance(lines, (str, bytes)) or not isinstance(lines, Iterable):
            raise TypeError(f"lines must be an iterable of JSONL lines, not {type(lines).__name__}")
        if out is not None:
            if isinstance(out, _io.TextIOBase):
                raise TypeError('out must be a binary file (open(path, "wb")), not a text file')
            if not hasattr(out, "write") and not isinstance(out, (str, _os.PathLike)):
                raise TypeError(
                    f"out must be a path or a binary file, not {type(out).__name__}"
                )
        threads = _thread_count(threads)
        per_batch = _ARTICLES_PER_THREAD * threads
        if origins is None and isinstance(lines, _io.BufferedIOBase):
            batches = self._file_batches(lines, per_batch)
        else:
            batches = (
                self._core.batch_of_lines(raw, names)
                for raw, names in self._raw_batches(lines, origins, per_batch)
            )
        if out is None:
            events: list[str] = []
            for batch in self._pipeline(batches, threads, on_error, as_lines=True):
                events += batch
            return events
        if hasattr(out, "write"):
            return sum(self._pipeline(batches, threads, on_error, True, out.write))
        if on_error is not None and not callable(on_error):  # before the file is truncated
            raise TypeError("on_error must be callable or None")
        with open(out, "wb") as file:
            return sum(self._pipeline(batches, threads, on_error, True, file.write))

    def _extract_partition(
        self,
        lines: list[bytes],
        origins: list[str],
        on_error: Optional[Callable[[str], None]] = None,
        csv: bool = True,
    ) -> tuple[list[str], Optional[str], list[str]]:
        """extract_jsonl on one thread that also returns the events' ACLED CSV rows (no
        header; when `csv`), written from the events themselves, and each event's
        merge_block_key: what a Dask partition needs."""
        raw: list[bytes] = []
        names: list[str] = []
        for batch_lines, batch_names in self._raw_batches(lines, origins, len(lines) or 1):
            raw += batch_lines
            names += batch_names
        events, _counts, errors, csv, keys = self._core.extract_lines(raw, names, 1, False, csv, True)
        _report(errors, on_error)
        return events, csv, keys

    def _batches(
        self,
        articles: Iterable[Article],
        threads: int,
        on_error: Optional[Callable[[str], None]],
        as_lines: bool = False,
    ) -> Iterator[list[Any]]:
        """Batches of events (dicts, or JSON lines when `as_lines`), in article order."""
        if isinstance(articles, (str, bytes, Mapping)):
            raise TypeError(
                "articles must be an iterable of articles; for one article call extract()"
            )
        if not isinstance(articles, Iterable):
            raise TypeError(f"articles must be an iterable, not {type(articles).__name__}")
        threads = _thread_count(threads)
        batches = self._article_batches(articles, _ARTICLES_PER_THREAD * threads)
        return self._pipeline(batches, threads, on_error, as_lines)

    def _article_batches(self, articles: Iterable[Article], per_batch: int) -> Iterator[Any]:
        """Batches of the compiled core, each read from a list of articles: dicts of str
        fields and str texts by the core itself, anything else by _slow_article."""
        items: list[Any] = []
        first = size = 0
        for item in articles:
            items.append(item)
            kind = type(item)
            if kind is dict:
                text = item.get("text")
                size += len(text) if type(text) is str else 0
            elif kind is str:
                size += len(item)
            if len(items) >= per_batch or size >= _MAX_BATCH_BYTES:
                yield self._core.batch_of_objects(items, first, self._slow_article)
                first += len(items)
                items, size = [], 0
        if items:
            yield self._core.batch_of_objects(items, first, self._slow_article)

    def _slow_article(self, item: Any, index: int) -> tuple[bytes, str]:
        """articles[index] as a JSONL line and its name in messages, for what the core does
        not read itself (bytes, dates, other mappings ...); raises what is wrong with it."""
        where = f"articles[{index}]"
        fields = _article_fields(item, where)
        origin = item.get("origin") if isinstance(item, Mapping) else None
        where = origin if isinstance(origin, str) and origin else _describe(index, fields)
        return _article_line(fields, where, self._max_text_bytes), where

    @staticmethod
    def _raw_batches(
        lines: Iterable[Union[bytes, str]], origins: Optional[Iterable[str]], per_batch: int
    ) -> Iterator[_Batch]:
        names_in = iter(origins) if origins is not None else None
        raw: list[bytes] = []
        names: list[str] = []
        size = 0
        for i, line in enumerate(lines):
            name = next(names_in, None) if names_in is not None else None
            if name is None:
                name = f"line {i + 1}"
            if isinstance(line, str):
                line = _text_bytes(line, name)
            elif not isinstance(line, (bytes, bytearray, memoryview)):
                raise TypeError(f"{name}: expected bytes or str, not {type(line).__name__}")
            line = bytes(line).rstrip(b"\r\n")
            if not line.strip():
                continue
            raw.append(line)
            names.append(name)
            size += len(line)
            if len(raw) >= per_batch or size >= _MAX_BATCH_BYTES:
                yield raw, names
                raw, names, size = [], [], 0
        if raw:
            yield raw, names

    def _file_batches(self, file: _io.BufferedIOBase, per_batch: int) -> Iterator[Any]:
        """Batches of the compiled core read from a binary file a block at a time: what
        _raw_batches makes of its lines, named "line N". One buffer serves every block
        (the core copies the lines it takes), so its memory is not made afresh each time."""
        buffer = bytearray(_READ_BYTES)
        offset = end = 0  # buffer[offset:end] is read and not yet taken
        number, at_end = 1, False
        while True:
            batch, offset, number = self._core.batch_of_jsonl(
                buffer, offset, end, number, per_batch, _MAX_BATCH_BYTES, at_end
            )
            if batch is not None:
                yield batch
                continue
            if at_end:
                return
            # No whole batch in the buffer: keep the rest, read on after it.
            buffer[: end - offset] = buffer[offset:end]
            end, offset = end - offset, 0
            if len(buffer) - end < max(_READ_BYTES // 2, 1):  # a long line: room to read on
                buffer.extend(bytes(max(_READ_BYTES, len(buffer))))
            with memoryview(buffer) as view, view[end:] as free:
                got = file.readinto(free)
            if got is None:
                raise BlockingIOError(f"line {number}: the file has no data yet (non-blocking)")
            at_end = got == 0
            end += got

    def _pipeline(
        self,
        batches: Iterator[Any],
        threads: int,
        on_error: Optional[Callable[[str], None]],
        as_lines: bool,
        write: Optional[Callable[[bytes], Any]] = None,
    ) -> Iterator[Any]:
        """Extracts batch k+1 on C++ threads (no GIL) while this thread turns batch k into
        Python objects and reads batch k+2: the GIL-bound work hides behind extraction.
        With `write` (and as_lines), each batch's lines go to it, and the batch's event
        count is yielded instead of a list.
        Batch k+1 starts once batch k is extracted, so that no more than `threads`
        threads extract at a time (two batches at once would be twice the threads asked
        for: on a busy machine that costs CPU, not just cores)."""
        if on_error is not None and not callable(on_error):
            raise TypeError("on_error must be callable or None")
        pending = None
        for batch in batches:
            if pending is not None:
                pending.wait()
            batch.start(threads, as_lines)
            if pending is not None:
                yield self._finish(pending, on_error, as_lines, write)
            pending = batch
        if pending is not None:
            yield self._finish(pending, on_error, as_lines, write)

    @staticmethod
    def _finish(
        batch: Any,
        on_error: Optional[Callable[[str], None]],
        as_lines: bool,
        write: Optional[Callable[[bytes], Any]] = None,
    ) -> Any:
        _report(batch.errors(), on_error)
        if write is not None:
            return batch.write_lines(write)
        return batch.lines() if as_lines else batch.dicts()


def _text_bytes(text: str, where: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError(
            f"{where}: not valid Unicode text (unpaired surrogate {text[e.start]!r} "
            f"at position {e.start})"
        ) from None


def _thread_count(threads: Any) -> int:
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads must be int, not {type(threads).__name__}")
    if threads < 0 or threads > 1024:
        raise ValueError(f"threads must be between 0 and 1024, not {threads}")
    return threads or _sitrep.hardware_threads()


def _report(errors: list[tuple[int, str]], on_error: Optional[Callable[[str], None]]) -> None:
    if not errors:
        return
    if on_error is None:
        raise ValueError(errors[0][1])
    for _index, message in errors:
        on_error(message)


def _event_lines(events: Iterable[Union[Event, str]]) -> list[str]:
    """Event dicts (or lines, passed through) as JSON lines for the compiled core."""
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Iterable):
        raise TypeError(f"events must be an iterable of events, not {type(events).__name__}")
    lines: list[str] = []
    for i, e in enumerate(events):
        if isinstance(e, str):
            lines.append(e)
        elif isinstance(e, Mapping):
            lines.append(_json.dumps(e, ensure_ascii=False))
        else:
            raise TypeError(f"events[{i}]: expected an event dict or JSON line, not {type(e).__name__}")
    return lines


def read_articles(
    path: PathLike,
    *,
    published: Optional[str] = None,
    publisher: Optional[str] = None,
    id: Optional[str] = None,  # noqa: A002
    on_error: Optional[Callable[[str], None]] = None,
) -> list[dict[str, str]]:
    """Reads articles exactly as `sitrep extract PATH` does.

    PATH is a .txt, .html/.htm or .jsonl/.json file or a directory (read recursively,
    sorted by path). Each article is a dict of SCHEMA.md fields plus "origin" (e.g.
    "news.jsonl:12"), which messages about it use; extract_many() takes these dicts.
    published, publisher and id are the CLI's --published, --publisher and --id for
    .txt/.html files (JSONL fields win).

    Raises:
        FileNotFoundError, OSError: PATH cannot be read.
        ValueError: a bad record (its message names the file and line), unless on_error
            is given, which then receives each message while the rest is read.
    """
    if not isinstance(path, (str, _os.PathLike)):
        raise TypeError(f"path must be str or os.PathLike, not {type(path).__name__}")
    for name, value in (("published", published), ("publisher", publisher), ("id", id)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{name} must be str or None, not {type(value).__name__}")
    articles, errors = _sitrep.read_articles(
        _os.fspath(path), published or "", publisher or "", id or ""
    )
    _report(list(enumerate(errors)), on_error)
    return articles


def events_to_csv(
    events: Iterable[Union[Event, str]], data_dir: Optional[PathLike] = None, *, header: bool = True
) -> str:
    """ACLED CSV of events, exactly as `sitrep extract --format csv` writes it.

    Args:
        events: event dicts, or event JSON lines as `sitrep extract` writes them.
        data_dir: data directory for ACLED's admin1 spellings (default as Extractor).
        header: start with ACLED's header line.
    """
    return _sitrep.events_to_csv(
        _event_lines(events), _os.fspath(data_dir) if data_dir is not None else None, header
    )


from ._frame import to_dataframe  # noqa: E402  (needs EVENT_FIELDS above)
from ._merge import MergeResult, compare_reports, merge_block_key, merge_reports  # noqa: E402


def __getattr__(name: str) -> Any:
    # sitrep.Store is imported on first use: its module (re, numbers, the store's query
    # builder) is not needed to extract, and `import sitrep` starts every worker.
    if name == "Store":
        from ._store import Store

        globals()["Store"] = Store
        return Store
    raise AttributeError(f"module 'sitrep' has no attribute {name!r}")


if TYPE_CHECKING:
    from ._store import Store
