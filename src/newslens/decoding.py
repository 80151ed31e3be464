"""Bytes into text, never into garbage: UTF-8 (with or without a byte order mark), UTF-16 and UTF-32 (with a
byte order mark, or recognized by where their zero bytes fall), and the 8-bit encodings of Western news
(Windows-1252, Latin-1, ...) as charset-normalizer detects them. What was assumed is said; data that is not
text (zero bytes that no UTF-16/32 explains, or a high share of control characters once decoded) is refused.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from newslens.errors import ReadError

_BOMS = ((b"\xef\xbb\xbf", "utf-8", "UTF-8"), (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
         (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"), (b"\xff\xfe", "utf-16-le", "UTF-16"),
         (b"\xfe\xff", "utf-16-be", "UTF-16"))
# the 8-bit encodings charset-normalizer may choose among for English news (a free choice among all of them
# reads a Windows-1252 file with two curly quotes as Cyrillic or Greek)
_WESTERN = ["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850"]
_CONTROL_SHARE = 0.01  # more control characters than this (tab and line breaks aside) is not text ...
_CONTROLS_ALLOWED = 16  # ... past a few: an article may carry an escape sequence or two
_SAMPLE = 1 << 16  # the sniffing reads this much of a long file


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # what was used, as Python names it
    assumed: str | None = None  # a note when the encoding was not plain UTF-8


def decode(data: bytes) -> Decoded:
    """The text of ``data``; raises ReadError when it is not text."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:  # the mark is not text: offsets, titles and the analysis start after it
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as err:
                raise ReadError(f"starts with a {name} byte order mark but is not {name} ({err.reason})") from err
            return _checked(Decoded(text, codec, None if name == "UTF-8" else f"decoded as {name} (byte order mark)"))
    if b"\x00" in data[:_SAMPLE]:
        codec = _wide_codec(data)
        if codec is None:
            raise ReadError("binary data (zero bytes), not text")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as err:
            raise ReadError(f"binary data, not text (looks like {codec} but is not: {err.reason})") from err
        return _checked(Decoded(text, codec, f"decoded as {codec.upper()} (no byte order mark)"))
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    return _checked(_detected(data))


def _wide_codec(data: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte order mark, from where the zero bytes of mostly-Latin text fall."""
    sample = data[:_SAMPLE]
    n = len(sample) - len(sample) % 4
    if n < 4:
        return None
    quads = [sample[i:i + 4] for i in range(0, n, 4)]
    if sum(q[1:] == b"\x00\x00\x00" for q in quads) > 0.9 * len(quads):
        return "utf-32-le"
    if sum(q[:3] == b"\x00\x00\x00" for q in quads) > 0.9 * len(quads):
        return "utf-32-be"
    pairs = len(sample) // 2
    odd_zeros = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    even_zeros = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    if odd_zeros > 0.6 * pairs and even_zeros < 0.05 * pairs:
        return "utf-16-le"
    if even_zeros > 0.6 * pairs and odd_zeros < 0.05 * pairs:
        return "utf-16-be"
    return None


def _detected(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_WESTERN).best()
    codec = best.encoding if best is not None else "cp1252"
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        codec, text = "latin_1", data.decode("latin_1")  # decodes any byte; the control check judges it
    return Decoded(text, codec, f"not UTF-8, decoded as {codec}")


def _checked(decoded: Decoded) -> Decoded:
    """Refuse text that is mostly control characters (random bytes decoded as an 8-bit encoding)."""
    sample = decoded.text[:_SAMPLE]
    controls = sum(1 for ch in sample if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc")
    if controls > max(_CONTROLS_ALLOWED, _CONTROL_SHARE * len(sample)):
        raise ReadError(f"binary data, not text ({controls} control characters in {len(sample)})")
    return decoded
