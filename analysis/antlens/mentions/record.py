"""The `Mention` record, and building one fast (the detector builds one per number)."""

from __future__ import annotations

import sys
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mention:
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


# The frozen dataclass __init__ sets each field through object.__setattr__; setting the
# slots directly builds the same object in less than half the time (it is per mention).
_LARGEST = sys.float_info.max
_NEW = object.__new__
(_SET_START, _SET_END, _SET_TEXT, _SET_VALUE, _SET_SCALE, _SET_UNIT, _SET_KIND, _SET_QUALIFIER,
 _SET_DATE, _SET_FLAG, _SET_COUNTED, _SET_PERCENT, _SET_CODE) = (
    Mention.__dict__[f].__set__ for f in Mention.__slots__)  # fmt: skip


def make_mention(
    text, start, end, value, scale=1.0, unit=None, kind="other", qualifier="exact", date=None,
    flag=None, counted=None, percent=None, is_code=False,
) -> Mention:  # fmt: skip
    """The mention of `text[start:end]`; a value beyond a float becomes flag "garbled"."""
    if value is not None and not -_LARGEST <= value * scale <= _LARGEST:  # also NaN
        value, flag = None, "garbled"  # "7777…" beyond a float, "hundred hundred … hundred"
    if kind == "share" and value is not None and percent is None:
        percent = value if unit == "percent" else value * 100.0
    m = _NEW(Mention)
    _SET_START(m, start)
    _SET_END(m, end)
    _SET_TEXT(m, text[start:end])
    _SET_VALUE(m, value)
    _SET_SCALE(m, scale)
    _SET_UNIT(m, unit)
    _SET_KIND(m, kind)
    _SET_QUALIFIER(m, qualifier)
    _SET_DATE(m, date)
    _SET_FLAG(m, flag)
    _SET_COUNTED(m, counted)
    _SET_PERCENT(m, percent)
    _SET_CODE(m, is_code)
    return m
