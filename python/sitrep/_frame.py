"""Events as a pandas DataFrame."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import EVENT_FIELDS

if TYPE_CHECKING:
    import pandas

# Column types: dates become datetime64 (NaT when unknown), counts that may be unknown
# become pandas' nullable Int64, coordinates float64 (NaN when unknown). Lists (article_ids,
# sources, claims, evidence) stay Python lists; everything else is text.
_DATE_COLUMNS = ("event_date", "published")
_NULLABLE_INT_COLUMNS = (
    "fatalities", "fatalities_low", "fatalities_high", "injuries",
    "time_precision", "iso", "interaction", "timestamp",
)
_INT_COLUMNS = ("geo_precision", "inter1", "inter2")
_FLOAT_COLUMNS = ("latitude", "longitude")
_BOOL_COLUMNS = ("published_inferred",)


def to_dataframe(events: Iterable[dict[str, Any]]) -> "pandas.DataFrame":
    """A pandas DataFrame with one row per event and one column per SCHEMA.md field.

    Every column of EVENT_FIELDS is present, in SCHEMA.md order, even for no events, so
    frames from different batches concatenate cleanly. event_date and published are
    datetime64 (NaT when unknown); fatalities, injuries and the other counts that may be
    unknown are nullable Int64; latitude and longitude float64 (NaN when unknown).

    Args:
        events: event dicts as Extractor.extract / extract_many return them.

    Raises:
        TypeError: an item is not an event dict.
    """
    import pandas as pd

    records = list(events)
    for i, e in enumerate(records):
        if not isinstance(e, dict):
            raise TypeError(f"events[{i}]: expected an event dict, not {type(e).__name__}")
    frame = pd.DataFrame.from_records(records, columns=list(EVENT_FIELDS))
    for name in _DATE_COLUMNS:
        frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d", errors="coerce")
    for name in _NULLABLE_INT_COLUMNS:
        frame[name] = pd.array(
            [None if v is None or v != v else int(v) for v in frame[name]], dtype="Int64"
        )
    for name in _INT_COLUMNS:
        frame[name] = frame[name].fillna(0).astype("int64")
    for name in _FLOAT_COLUMNS:
        frame[name] = frame[name].astype("float64")
    for name in _BOOL_COLUMNS:
        frame[name] = frame[name].fillna(False).astype("bool")
    for name in frame.columns:
        if frame[name].dtype == "float64" and name not in _FLOAT_COLUMNS:
            frame[name] = frame[name].astype("object")  # an all-missing text column
    return frame
