"""The `Mention` record, and building one fast (the detector builds one per number)."""

from __future__ import annotations

import sys
from typing import NamedTuple


class Mention(NamedTuple):
    """One number-like expression; `text[char_start:char_end] == self.text`.

    `counted` is the noun phrase a count counts, as written ("small firms", "pillars"),
    whether or not it maps to a unit; `percent_equivalent` is a share as a percentage (40 for
    "40%", 66.67 for "two-thirds", 20 for "one in five"); `is_code` marks a stock code
    ("9988.HK"), which has no value and is no statement.
    """

    char_start: int
    char_end: int
    text: str
    value: float | None
    scale: float
    unit: str | None
    kind: str
    qualifier: str
    date: str | None
    flag: str | None
    counted: str | None = None
    percent_equivalent: float | None = None
    is_code: bool = False

    @property
    def value_base(self) -> float | None:
        """The value in base units (`value * scale`), None when the numeral is garbled."""
        return None if self.value is None else self.value * self.scale


# A tuple built in one call is a third of the time of the named constructor, and the detector
# builds one per number.
_LARGEST = sys.float_info.max
_NEW = tuple.__new__


def make_mention(
    text, start, end, value, scale=1.0, unit=None, kind="other", qualifier="exact", date=None,
    flag=None, counted=None, percent=None, is_code=False,
) -> Mention:  # fmt: skip
    """The mention of `text[start:end]`; a value beyond a float becomes flag "garbled"."""
    if value is not None and not -_LARGEST <= value * scale <= _LARGEST:  # also NaN
        value, flag = None, "garbled"  # "7777…" beyond a float, "hundred hundred … hundred"
    if kind == "share" and value is not None and percent is None:
        percent = value if unit == "percent" else value * 100.0
    return _NEW(Mention, (start, end, text[start:end], value, scale, unit, kind, qualifier, date,
                          flag, counted, percent, is_code))  # fmt: skip
