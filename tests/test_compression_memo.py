"""A rendering compresses each stream once (render/reuse.py `remembering_compression`): its page
plan's layouts draw most pages, fonts and images alike, and zlib gives the same bytes again."""

from __future__ import annotations

import zlib

from reportlab.pdfbase import pdfdoc

from brochure.render.reuse import compressed_streams, remembering_compression


def test_a_stream_compressed_before_is_answered_from_memory_with_the_same_bytes(monkeypatch):
    calls = []
    compress = zlib.compress
    monkeypatch.setattr(zlib, "compress", lambda data, *rest: calls.append(data) or compress(data, *rest))
    stream = "BT /F1 10 Tf 72 720 Td (Aix) Tj ET\n" * 40
    with remembering_compression(compressed_streams(1 << 20)):
        first = pdfdoc.PDFZCompress.encode(stream)
        again = pdfdoc.PDFZCompress.encode(stream.encode("utf8"))  # str or bytes, as reportlab gives it
        other = pdfdoc.PDFZCompress.encode(stream + "%")
    assert first == again == compress(stream.encode("utf8")) and other != first
    assert len(calls) == 2
    assert pdfdoc.PDFZCompress.encode(stream) == first  # reportlab's own filter again after the block


def test_a_stream_larger_than_the_budget_is_compressed_each_time(monkeypatch):
    calls = []
    compress = zlib.compress
    monkeypatch.setattr(zlib, "compress", lambda data, *rest: calls.append(data) or compress(data, *rest))
    stream = bytes(range(256)) * 64
    with remembering_compression(compressed_streams(16)):
        assert pdfdoc.PDFZCompress.encode(stream) == pdfdoc.PDFZCompress.encode(stream)
    assert len(calls) == 2
