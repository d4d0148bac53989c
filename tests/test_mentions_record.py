"""Building a `Mention` (antlens.mentions.record)."""

from __future__ import annotations

import pytest

from antlens.mentions.record import Mention, make_mention


def test_make_mention_builds_the_same_record_as_the_named_constructor():
    text = "a two-thirds stake"
    built = make_mention(text, 2, 12, 2 / 3, kind="share")
    assert built == Mention(2, 12, "two-thirds", 2 / 3, 1.0, None, "share", "exact", None, None,
                            None, pytest.approx(200 / 3), False)  # fmt: skip
    assert type(built) is Mention and built.kind == "share" and built.is_code is False


def test_a_share_gets_its_percentage_and_nothing_else_does():
    assert make_mention("40%", 0, 3, 40.0, unit="percent", kind="share").percent_equivalent == 40
    assert make_mention("40", 0, 2, 40.0).percent_equivalent is None


def test_a_value_beyond_a_float_is_garbled():
    m = make_mention("1e308 trillion", 0, 14, 1e308, 1e12)
    assert (m.value, m.flag, m.value_base) == (None, "garbled", None)
