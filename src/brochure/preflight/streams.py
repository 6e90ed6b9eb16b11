"""Preflight stage: a stream's decoded bytes within a limit, and content streams parsed a
slice at a time. A 677 KB file can hold a flate stream that inflates to gigabytes and a
page of 75 million operators: the size is measured by inflating into nothing before
anything is decoded, and content is parsed in slices so that memory does not grow with
the page (pikepdf makes a Python object of every operator it returns)."""

from __future__ import annotations

import math
import threading
import warnings
import zlib
from collections.abc import Iterator
from typing import Any

import pikepdf

from brochure.preflight import values

MAX_STREAM_BYTES = 64 * 1024 * 1024        # one stream decoded (content, XMP, ICC profile, font program)
MAX_PAGE_CONTENT_BYTES = 64 * 1024 * 1024  # a page's content decoded, forms, patterns and glyphs included
SLICE_BYTES = 256 * 1024                   # content parsed at once: at most ~70 MB of operator objects
MAX_SLICE_BYTES = 64 * SLICE_BYTES         # a slice grown to close a string or an inline image
INFLATE_STEP = 1024 * 1024
# the most one filter can multiply a stream's size by; flate is measured when it comes first (it is
# nearly always alone), else counted at zlib's own limit
GROWTH = {"FlateDecode": 1032.0, "Fl": 1032.0, "LZWDecode": 2731.0, "LZW": 2731.0, "RunLengthDecode": 64.0,
          "RL": 64.0, "ASCIIHexDecode": 0.5, "AHx": 0.5, "ASCII85Decode": 0.8, "A85": 0.8, "Crypt": 1.0}

# the least one filter can make of its input: text encodings halve it at most, LZW's 12-bit codes of
# single bytes take 2/3 of it; flate and run-length never make much less of their input
LEAST = {"ASCIIHexDecode": 0.5, "AHx": 0.5, "ASCII85Decode": 0.8, "A85": 0.8, "LZWDecode": 0.66, "LZW": 0.66}


class SliceTooLarge(Exception):
    """Content with nowhere to cut it into slices (a string or inline image megabytes long)."""


class StreamTooLarge(Exception):
    """A stream decodes to more than the limit: it is not decoded."""

    def __init__(self, limit: int, what: str = "") -> None:
        self.limit = limit
        super().__init__(f"{what or 'a stream'} decodes to more than {limit // (1024 * 1024)} MB "
                         f"(the limit on one stream)")


def filters(stream: Any) -> tuple[str, ...]:
    value = values.get(stream, "/Filter")
    listed = values.elements(value) if isinstance(value, pikepdf.Array) else [value]
    return tuple((values.name(item) or "").lstrip("/") for item in listed if values.name(item))


def decoded_bound(stream: Any, limit: int) -> float:
    """The most bytes the stream can decode to, measured up to `limit` (past it: some value above)."""
    chain = filters(stream)
    length = values.integer(values.get(stream, "/Length"))
    least = math.prod(LEAST.get(name, 0.99) for name in chain)  # what the raw bytes decode to at the least
    if length is not None and length * least > limit:
        return length * least  # past the limit whatever it holds: not even read
    raw = bytes(stream.read_raw_bytes())
    size = float(len(raw))
    if chain and chain[0] in ("FlateDecode", "Fl"):
        size, chain = float(_inflated_size(raw, limit)), chain[1:]
    for name in chain:
        size *= GROWTH.get(name, 1.0)  # image codecs are never decoded here: only their raw bytes count
    return size


def _inflated_size(raw: bytes, limit: int) -> int:
    """What zlib makes of `raw`, counted in steps and thrown away, stopping past `limit` (or at damage:
    qpdf keeps what it inflated before it too)."""
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while pending and size <= limit:
            size += len(inflater.decompress(pending, INFLATE_STEP))
            pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass
    return size


def decoded(stream: Any, limit: int | None = None, what: str = "") -> bytes:
    """The stream's decoded bytes; StreamTooLarge when they could be more than `limit` (by default
    MAX_STREAM_BYTES as it is when called: a test may lower it)."""
    limit = MAX_STREAM_BYTES if limit is None else limit
    if decoded_bound(stream, limit) > limit:
        raise StreamTooLarge(limit, what)
    return bytes(stream.read_bytes())


def all_zero(stream: Any, limit: int | None = None, what: str = "") -> bool:
    """Whether the stream decodes to nothing or to zero bytes only (a font program that is not one)."""
    return not decoded(stream, limit, what).strip(b"\0")


def content_streams(value: Any) -> list[Any]:
    """A page's /Contents: one stream or an array of them."""
    if isinstance(value, pikepdf.Stream):
        return [value]
    return [item for item in values.elements(value) if isinstance(item, pikepdf.Stream)]


def instructions(content: bytes, operators: str) -> Iterator[Any]:
    """The operators of decoded content, parsed a slice at a time. A slice ends at a line end where
    the parser did not run out of text in the middle of something (a string, an array, a name) and
    no inline image is open; else it grows to the next one."""
    start = 0
    while start < len(content):
        end = _slice_end(content, start, SLICE_BYTES)
        while True:
            piece = content[start:end]
            parsed, cut = _parse(piece, operators)
            if end >= len(content) or (not cut and piece.rfind(b"BI") <= piece.rfind(b"EI")):
                break
            if end - start > MAX_SLICE_BYTES:
                raise SliceTooLarge(f"the content has no place to cut it within {MAX_SLICE_BYTES // 2 ** 20} MB "
                                    f"(a string or an inline image that long; the limit on one slice)")
            end = _slice_end(content, start, 2 * (end - start))
        yield from parsed
        del parsed  # before the next slice is parsed
        start = end


def _slice_end(content: bytes, start: int, size: int) -> int:
    if start + size >= len(content):
        return len(content)
    newline = content.find(b"\n", start + size)
    return len(content) if newline < 0 else newline + 1


def _parse(piece: bytes, operators: str) -> tuple[list[Any], bool]:
    """A slice's operators, and whether the parser met the end of the slice inside something."""
    piece_stream = pikepdf.Stream(_scratch(), piece)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        parsed = list(pikepdf.parse_content_stream(piece_stream, operators))
    piece_stream.write(b"")  # the slice's bytes are not kept; its few bytes of object are
    return parsed, any("end of stream" in str(warning.message).lower() for warning in said)


_SCRATCH = threading.local()


def _scratch() -> pikepdf.Pdf:
    """The document that owns the slices parsed in this thread. It lives as long as the thread: parsed
    operands point into it (a form's are kept to be drawn again), and pikepdf crashes on an operand
    whose document is gone."""
    scratch = getattr(_SCRATCH, "pdf", None)
    if scratch is None:
        scratch = _SCRATCH.pdf = pikepdf.new()
    return scratch
