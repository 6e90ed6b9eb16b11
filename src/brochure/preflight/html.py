"""Preflight stage: the report as one self-contained HTML page for the printer: the
verdict, findings grouped by rule with their pages, measured values, and a thumbnail
of each page that has a finding (rendered by Ghostscript, embedded), marked where."""

from __future__ import annotations

import base64
import html
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf

from brochure.preflight import values
from brochure.preflight.report import Finding, Report, group

MAX_THUMBNAILS = 60
THUMBNAIL_WIDTH = 240  # pixels
STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 20px; } .PASS { color: #176f2c; } .FAIL { color: #b00020; }
table { border-collapse: collapse; margin: 1em 0; } td, th { border-bottom: 1px solid #ddd; padding: 4px 8px;
  text-align: left; vertical-align: top; }
.ERROR { color: #b00020; font-weight: bold; } .WARN { color: #a35a00; font-weight: bold; }
.pages { display: flex; flex-wrap: wrap; gap: 16px; } figure { margin: 0; }
.thumb { position: relative; display: inline-block; border: 1px solid #999; }
.thumb img { display: block; } .mark { position: absolute; width: 14px; height: 14px; margin: -9px 0 0 -9px;
  border: 2px solid #e00; border-radius: 50%; }
figcaption { max-width: 240px; font-size: 12px; }
"""


def _media_boxes(path: Path) -> dict[int, tuple[float, float, float, float]]:
    boxes: dict[int, tuple[float, float, float, float]] = {}
    try:
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                corners = values.numbers(page.obj.get("/MediaBox"), 4)
                if corners is not None:
                    x0, y0, x1, y1 = corners
                    boxes[number] = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError):
        pass
    return boxes


def _thumbnails(path: Path, boxes: dict[int, tuple[float, float, float, float]]) -> dict[int, bytes]:
    """The pages of `boxes` as PNGs, the widest about THUMBNAIL_WIDTH pixels wide, rendered by one
    Ghostscript run (each run reads the whole file); none without Ghostscript."""
    ghostscript = shutil.which("gs")
    numbers = [number for number, box in sorted(boxes.items()) if box[2] > box[0]]
    if ghostscript is None or not numbers:
        return {}
    resolution = THUMBNAIL_WIDTH / max(boxes[number][2] - boxes[number][0] for number in numbers) * 72
    with tempfile.TemporaryDirectory() as folder:
        try:  # the files are numbered in the order of the page list
            subprocess.run([ghostscript, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m",
                            f"-r{resolution:.2f}", f"-sPageList={','.join(map(str, numbers))}",
                            f"-sOutputFile={folder}/page-%d.png", str(path)], capture_output=True, timeout=120)
        except (subprocess.TimeoutExpired, OSError):
            return {}  # the report says which rules hit each page, without its picture
        images = {number: Path(folder, f"page-{index}.png") for index, number in enumerate(numbers, start=1)}
        return {number: image.read_bytes() for number, image in images.items()
                if image.is_file() and image.read_bytes().startswith(b"\x89PNG")}


def _figure(number: int, findings: list[Finding], box: tuple[float, float, float, float] | None,
            image: bytes | None) -> str:
    rules = ", ".join(sorted({finding.rule for finding in findings}))
    if image is None or box is None:
        return f"<figure><figcaption>page {number}: {html.escape(rules)}</figcaption></figure>"
    marks = []
    for finding in findings:
        if finding.at is None:
            continue
        left = (finding.at[0] - box[0]) / (box[2] - box[0]) * 100
        top = (box[3] - finding.at[1]) / (box[3] - box[1]) * 100
        if 0 <= left <= 100 and 0 <= top <= 100:
            marks.append(f'<span class="mark" style="left:{left:.1f}%;top:{top:.1f}%" '
                         f'title="{html.escape(finding.rule)}: {html.escape(finding.detail)}"></span>')
    encoded = base64.b64encode(image).decode("ascii")
    return (f'<figure><div class="thumb"><img alt="page {number}" src="data:image/png;base64,{encoded}">'
            f'{"".join(marks)}</div><figcaption>page {number}: {html.escape(rules)}</figcaption></figure>')


def report_html(report: Report, path: Path) -> str:
    verdict = "PASS" if report.passed else "FAIL"
    rows = []
    for found in group(report.findings):
        details = "<br>".join(html.escape(line.strip()) for line in found.lines())
        rows.append(f'<tr><td class="{found.severity}">{found.severity}</td><td>{html.escape(found.rule)}</td>'
                    f"<td>{details}</td></tr>")
    measured = []
    for found in group(report.measurements):
        lines = "<br>".join(html.escape(line.replace("INFO ", "", 1)) for line in found.lines())
        measured.append(f"<tr><td>{html.escape(found.rule)}</td><td>{lines}</td></tr>")
    by_page: dict[int, list[Finding]] = {}
    for finding in report.findings:
        if finding.page is not None:
            by_page.setdefault(finding.page, []).append(finding)
    shown = sorted(by_page)[:MAX_THUMBNAILS]
    boxes = _media_boxes(path) if by_page else {}
    images = _thumbnails(path, {number: boxes[number] for number in shown if number in boxes})
    figures = [_figure(number, by_page[number], boxes.get(number), images.get(number)) for number in shown]
    more = f"<p>and {len(by_page) - MAX_THUMBNAILS} more pages</p>" if len(by_page) > MAX_THUMBNAILS else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Preflight: '
            f"{html.escape(report.file)}</title><style>{STYLE}</style></head><body>\n"
            f'<h1 class="{verdict}">{html.escape(report.summary())}</h1>\n'
            f"<h2>Findings</h2><table>{''.join(rows) or '<tr><td>none</td></tr>'}</table>\n"
            f"<h2>Measured</h2><table>{''.join(measured)}</table>\n"
            f"<h2>Pages with findings</h2><div class=\"pages\">{''.join(figures)}</div>{more}\n"
            "</body></html>\n")
