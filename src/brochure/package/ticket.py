"""Package: the job ticket, what the printer needs to know about a job, as job.json and as a
one-page PDF. Page count, trim, bleed and output intent are read back from the PDF/X file
itself (so the ticket cannot say what the file does not); binding, paper, quantity and
contacts come from the layout and the content; spot plates from the preflight report."""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
from reportlab.lib.colors import CMYKColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from brochure.finish.imposition import slug_font

MM = 72 / 25.4


@dataclass(frozen=True)
class PrintFacts:
    """What the PDF says about itself: pages, trim and bleed (mm), and its output intent."""

    pages: int
    trim_mm: tuple[float, float]       # width, height of the first page's TrimBox
    bleed_mm: float                    # the narrowest bleed on any side of any page
    output_intent: str | None          # OutputConditionIdentifier
    output_condition: str | None       # OutputCondition (its description)


@dataclass(frozen=True)
class JobTicket:
    job: str                           # the file's stem
    edition: str | None
    title: str
    languages: tuple[str, ...]
    date: str                          # the build's date, YYYY-MM-DD
    file: str                          # the PDF/X file in the package
    pdfx: str                          # the standard the file claims
    pages: int
    trim_mm: tuple[float, float]
    bleed_mm: float
    binding: str
    colours: str                       # "CMYK (4 process plates)" and any spot plates
    spot_plates: tuple[str, ...]
    output_intent: str | None
    output_condition: str | None
    paper: str | None
    quantity: int | None
    imposed: str | None                # the imposed file, when the binding has one
    preflight: str                     # the profile and its verdict
    contacts: tuple[str, ...]          # who to ask: publisher, department, e-mail, phone

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _mm(points: float) -> float:
    return round(points / MM, 1)


def read_print_facts(pdf: Path) -> PrintFacts:
    """Pages, trim, bleed and output intent as the PDF says them (pikepdf)."""
    with pikepdf.open(pdf) as document:
        trims, bleeds = [], []
        for page in document.pages:
            trim = [float(value) for value in page.obj.get("/TrimBox", page.mediabox)]
            bleed = [float(value) for value in page.obj.get("/BleedBox", page.mediabox)]
            trims.append(trim)
            bleeds.append(min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]))
        intents = [intent for intent in document.Root.get("/OutputIntents", pikepdf.Array())
                   if intent.get("/S") == pikepdf.Name.GTS_PDFX]
        identifier = str(intents[0].OutputConditionIdentifier) if intents else None
        condition = str(intents[0].get("/OutputCondition", "")) or None if intents else None
        first = trims[0] if trims else [0.0, 0.0, 0.0, 0.0]
        return PrintFacts(len(document.pages), (_mm(first[2] - first[0]), _mm(first[3] - first[1])),
                          _mm(min(bleeds, default=0.0)), identifier, condition)


def ticket_lines(ticket: JobTicket) -> list[tuple[str, str]]:
    """The ticket as (label, value) lines, in the order a printer reads them."""
    width, height = ticket.trim_mm
    lines = [("Job", ticket.job), ("Edition", ticket.edition or "-"), ("Title", ticket.title),
             ("Languages", ", ".join(ticket.languages)), ("Date", ticket.date),
             ("File", f"{ticket.file} ({ticket.pdfx})"), ("Pages", str(ticket.pages)),
             ("Trim", f"{width:g} × {height:g} mm"), ("Bleed", f"{ticket.bleed_mm:g} mm"),
             ("Binding", ticket.binding), ("Colours", ticket.colours),
             ("Spot plates", ", ".join(ticket.spot_plates) or "none"),
             ("Output intent", f"{ticket.output_intent or '-'}"
                               + (f" ({ticket.output_condition})" if ticket.output_condition else ""))]
    if ticket.paper:
        lines.append(("Paper", ticket.paper))
    if ticket.quantity:
        lines.append(("Quantity", f"{ticket.quantity:,}".replace(",", " ")))
    lines += [("Imposed file", ticket.imposed or "none (the printer imposes)"), ("Preflight", ticket.preflight)]
    lines += [("Contact" if index == 0 else "", contact) for index, contact in enumerate(ticket.contacts)]
    return lines


def _covers(font: str, text: str) -> bool:
    face = getattr(pdfmetrics.getFont(font), "face", None)
    table = getattr(face, "charToGlyph", None)
    return table is not None and all(ord(char) in table or char == " " for char in text)


def _font_for(text: str, default: str) -> tuple[str, str]:
    """The ticket's font when it has every character, else the first embedded font registered for the
    brochure that has them (a Japanese or Arabic title), else the ticket's font with '?' for the others
    (job.json keeps them all)."""
    if _covers(default, text):
        return default, text
    plain_first = sorted(pdfmetrics.getRegisteredFontNames(),
                         key=lambda name: any(word in name.lower() for word in ("bold", "black", "italic", "light")))
    for name in plain_first:
        if name != default and _covers(name, text):
            return name, text
    return default, "".join(char if _covers(default, char) else "?" for char in text)


def ticket_pdf(ticket: JobTicket) -> bytes:
    """The job ticket on one A4 page, for people: the same facts as job.json."""
    font = slug_font()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, enforceColorSpace="cmyk")
    canvas.setTitle(f"Job ticket: {ticket.job}")
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    left, top = 20 * MM, A4[1] - 25 * MM
    title_font, title = _font_for(f"Job ticket: {ticket.job}", font)
    canvas.setFont(title_font, 16)
    canvas.drawString(left, top, title)
    y = top - 14 * MM
    for label, value in ticket_lines(ticket):
        canvas.setFont(font, 10)
        canvas.drawString(left, y, label)
        value_font, shown = _font_for(value, font)
        canvas.setFont(value_font, 10)
        for part in _wrapped(shown, value_font, 10, A4[0] - left - 55 * MM - 20 * MM):
            canvas.drawString(left + 45 * MM, y, part)
            y -= 6 * MM
        if y < 20 * MM:
            break  # one page: the JSON holds everything
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and pdfmetrics.stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
