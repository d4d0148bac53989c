"""Which encoding bytes that are not UTF-8 look like, and the one problem that says so.

`ingest` (an article), `add-external` (a CSV) and `reanchor` (a changed article) all refuse text
that is not UTF-8 with the same `NOT_UTF8` problem: the first byte at fault, the encoding the
bytes look like, and the `iconv` command that converts them.
"""

from __future__ import annotations

from pathlib import PurePath

from antlens.problems import NOT_UTF8, Problem

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32LE",
    b"\x00\x00\xfe\xff": "UTF-32BE",
    b"\xff\xfe": "UTF-16LE",
    b"\xfe\xff": "UTF-16BE",
}


def not_utf8_problem(data: bytes, shown: str, then: str = "") -> Problem | None:
    """None for UTF-8 bytes; else NOT_UTF8 naming the first byte at fault, the encoding the
    bytes look like (in `found`) and how to convert them (in the hint; `then`: what to do with
    the converted file, which it may name as {converted})."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        first_bad = f"byte 0x{data[error.start]:02x} at offset {error.start} is not UTF-8"
    encoding = guess_encoding(data)
    name = PurePath(shown).name or "in.txt"
    converted = PurePath(name).stem + ".utf8" + PurePath(name).suffix
    then = then.format(converted=converted)
    return NOT_UTF8(
        file=shown,
        expected="text encoded as UTF-8",
        found=f"{first_bad}; it looks like {encoding}",
        hint=f"convert it: `iconv -f {encoding} -t UTF-8 {name} > {converted}`"
        + (f", then {then}" if then else ""),
    )


def guess_encoding(data: bytes) -> str:
    """The likeliest encoding of bytes that are not UTF-8, by its iconv name.

    A byte-order mark decides; then UTF-16 without one (NULs in every other byte); then the
    Chinese double-byte encodings, which decode text of the other sort as rare characters;
    then the single-byte ones, which decode anything.
    """
    if guess := unicode_guess(data):
        return guess
    chinese = [name for name in ("GB18030", "BIG5") if _mostly_chinese(data, name)]
    if chinese:
        return max(chinese, key=lambda name: _common_share(data, name))
    try:
        data.decode("cp1252")
        return "WINDOWS-1252"
    except UnicodeDecodeError:
        return "ISO-8859-1"


def unicode_guess(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by the byte-order mark or, without one, by where the NULs sit."""
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            return name
    return _utf16_guess(data)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16LE/BE without a byte-order mark: NULs in (nearly) every other byte, as in mostly
    ASCII text, or — for mostly Chinese text — a decoding into Chinese, ASCII and white space
    only, with at least one blank or full stop to show the code units are read the right way."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "UTF-16LE"
    if even > 0.6 * half and odd < 0.1 * half:
        return "UTF-16BE"
    for name in ("UTF-16LE", "UTF-16BE"):
        text = _decoded(data, name)
        if text and set(text) & set(" \n\u3001\u3002\uff0c") and _plain_share(text) > 0.95:
            return name
    return None


def _plain_share(text: str) -> float:
    """Share of ASCII, white space and Chinese characters and punctuation in `text`."""
    return sum(1 for c in text if c.isspace() or " " <= c <= "~" or _chinese(c)) / len(text)


def _chinese(character: str) -> bool:
    return "\u3000" <= character <= "\u9fff" or "\uff00" <= character <= "\uffef"


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_chinese(data: bytes, encoding: str) -> bool:
    text = _decoded(data, encoding)
    if text is None:
        return False
    wide = [c for c in text if ord(c) > 127]
    return bool(wide) and sum(map(_chinese, wide)) >= 0.8 * len(wide)


def _common_share(data: bytes, encoding: str) -> float:
    """Share of the decoded ideographs in the encoding's own first (most common) level.

    GB text read as Big5, or Big5 read as GB, lands on rarer characters: this tells them apart.
    """
    code, first, last = ("gb2312", 0xB0, 0xD7) if encoding == "GB18030" else ("big5", 0xA4, 0xC6)
    ideographs = [c for c in data.decode(encoding) if "\u4e00" <= c <= "\u9fff"]
    common = sum(1 for c in ideographs if first <= _lead_byte(c, code) <= last)
    return common / len(ideographs) if ideographs else 0.0


def _lead_byte(character: str, encoding: str) -> int:
    """The first byte of the character's code in `encoding`; 0 when it has none there."""
    try:
        return character.encode(encoding)[0]
    except UnicodeEncodeError:
        return 0
