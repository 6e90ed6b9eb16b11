"""Fuzzing what strangers send: exchange files (XLIFF 1.2, XLIFF 2.0, PO) and PDFs, mutated by a
seeded generator (byte flips, cuts, tags and attributes swapped, copied or dropped), through
`translate import`'s reading and preflight's reading and checks. Every mutant is read or refused
as a user error; none ends in an uncaught exception or an `internal` finding. Deterministic (fixed
seeds, fixed counts) and a few seconds each, so it runs with the fast suite."""

from __future__ import annotations

import dataclasses
import random
import re
from pathlib import Path

import pikepdf
import pytest

from brochure.errors import BrochureError
from brochure.limits import check_exchange_file, check_targets
from brochure.preflight.profiles import profile_named
from brochure.preflight.run import UnreadablePdf, preflight
from brochure.translate.exchange import NEW, TRANSLATED, Exchange, ExchangeUnit, read_exchange, write_exchange

MUTANTS = 250


def seed_exchange() -> Exchange:
    units = (
        ExchangeUnit("strategy.intro", "La mondialisation <b>et</b> l’interdépendance", "Globalisation & co",
                     TRANSLATED, "content/sections/01-strategy.yaml:5", "section strategy, paragraph", ("a note",),
                     3, None),
        ExchangeUnit("figures.population", "{population} habitants", "{population} inhabitants", TRANSLATED,
                     "content/cards/figures.yaml:7", "figures, value", (), None, 40, "ancienne source"),
        ExchangeUnit("contact.address", "Hôtel de Ville\nAix", "", NEW, "content/back-cover.yaml:11"),
    )
    return Exchange("fr", "en", units, "strategie-internationale")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to three mutations of the kinds a broken tool or an attacker makes."""
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(8)
        at = rng.randrange(max(1, len(data)))
        if kind == 0:      # flip a byte
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
        elif kind == 1:    # cut the file
            data = data[:at]
        elif kind == 2:    # drop a run of bytes
            data = data[:at] + data[at + rng.randint(1, 40):]
        elif kind == 3:    # copy a run elsewhere
            run = data[at:at + rng.randint(1, 80)]
            where = rng.randrange(max(1, len(data)))
            data = data[:where] + run + data[where:]
        elif kind == 4:    # swap two tags (or two lines)
            pieces = re.split(rb"(<[^<>]{1,60}>|\n)", data)
            tags = [index for index, piece in enumerate(pieces) if piece.startswith(b"<") or piece == b"\n"]
            if len(tags) >= 2:
                first, second = rng.sample(tags, 2)
                pieces[first], pieces[second] = pieces[second], pieces[first]
                data = b"".join(pieces)
        elif kind == 5:    # an attribute or a header changed to something odd
            odd = rng.choice([b' state="final"', b' xml:lang=""', b' id=""', b' srcLang="fr"', b' trgLang="fr"',
                              b'"Language: fr\\n"\n', b'msgctxt ""\n', b"\x00", b"\x1b[2J", b"&amp;", b"&#0;",
                              b"<![CDATA[x]]>", b"<?xml version='1.0'?>", b"<!DOCTYPE x>", b"\xef\xbb\xbf"])
            data = data[:at] + odd + data[at:]
        elif kind == 6:    # an element nested in itself
            match = re.search(rb"<(\w+)[^<>]*>", data[at:])
            if match:
                data = data[:at + match.end()] + match.group(0) + data[at + match.end():]
        else:              # a number made huge or negative
            data = re.sub(rb"\d+", lambda found: rng.choice([b"-1", b"99999999999999999999", b"0"]), data, count=1)
    return data


def read_as_import_does(path: Path) -> Exchange:
    check_exchange_file(path)
    exchange = read_exchange(path)
    check_targets(exchange.units, path)
    return exchange


@pytest.mark.parametrize(("kind", "suffix", "seed"), [("xliff", ".xlf", 12), ("xliff2", ".xlf", 20), ("po", ".po", 2)])
def test_mutated_exchange_files_are_read_or_refused_cleanly(tmp_path, kind, suffix, seed):
    original = write_exchange(seed_exchange(), kind)
    path = tmp_path / f"mutant{suffix}"
    path.write_bytes(original)
    assert len(read_as_import_does(path).units) == 3  # the seed itself reads
    rng = random.Random(seed)
    read = refused = 0
    for number in range(MUTANTS):
        mutant = mutate(original, rng)
        path.write_bytes(mutant)
        try:
            read_as_import_does(path)
            read += 1
        except BrochureError:
            refused += 1
        except Exception as error:  # noqa: BLE001 - what the test is for
            pytest.fail(f"mutant {number} of {kind}: {type(error).__name__}: {error}\n{mutant[:2000]!r}")
    assert read and refused  # the mutations reach both ways


def seed_pdf(path: Path) -> bytes:
    """A small PDF of what preflight reads: a page with text in an embedded-looking font, an image, a form,
    an annotation, XMP and an output intent."""
    pdf = pikepdf.new()
    image = pikepdf.Stream(pdf, bytes(range(48)), Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=4,
                           Height=4, ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
    form = pikepdf.Stream(pdf, b"0 0 0 1 k 0 0 10 10 re f", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                          BBox=[0, 0, 10, 10])
    program = pikepdf.Stream(pdf, b"\x00\x01\x00\x00" + bytes(range(60)))
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Seed"),
                                    FontFile2=pdf.make_indirect(program), Flags=32)
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
                              BaseFont=pikepdf.Name("/ABCDEF+Seed"), FontDescriptor=pdf.make_indirect(descriptor))
    content = pikepdf.Stream(pdf, b"q 1 0 0 1 0 0 cm BT /F1 9 Tf 10 10 Td (Aix) Tj ET 0.2 0.3 0.4 rg 0 0 5 5 re f "
                                  b"q 20 0 0 20 30 30 cm /Im1 Do Q /Fm1 Do Q")
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)),
                                   XObject=pikepdf.Dictionary(Im1=pdf.make_indirect(image),
                                                              Fm1=pdf.make_indirect(form)))
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 200, 200], TrimBox=[10, 10, 190, 190],
                              BleedBox=[5, 5, 195, 195], Contents=pdf.make_indirect(content), Resources=resources,
                              Annots=[pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                         Rect=[0, 0, 10, 10], F=4)])
    pdf.pages.append(pikepdf.Page(page))
    pdf.Root.Metadata = pdf.make_indirect(pikepdf.Stream(pdf, b"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
                                                              b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"
                                                              b"<?xpacket end='w'?>"))
    pdf.Root.OutputIntents = [pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                                                 OutputConditionIdentifier="FOGRA39")]
    pdf.save(path, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
             fix_metadata_version=False, deterministic_id=True)
    return path.read_bytes()


@pytest.mark.parametrize("seed", [7, 31])
def test_mutated_pdfs_get_a_verdict_or_a_clean_refusal_from_preflight(tmp_path, seed):
    profile = dataclasses.replace(profile_named("pdfx4", tmp_path / "none.yaml"), check_ink=False)
    path = tmp_path / "mutant.pdf"
    original = seed_pdf(path)
    assert preflight(path, profile).pages == 1
    rng = random.Random(seed)
    reports = refused = 0
    for number in range(MUTANTS // 2):
        mutant = mutate(original, rng)
        path.write_bytes(mutant)
        try:
            report = preflight(path, profile)
        except UnreadablePdf:
            refused += 1
            continue
        except Exception as error:  # noqa: BLE001 - what the test is for
            pytest.fail(f"mutant {number}: {type(error).__name__}: {error}\n{mutant!r}")
        reports += 1
        internal = [finding for finding in report.findings if finding.rule == "internal"]
        assert not internal, (number, internal, mutant)
    assert reports
