"""Package: `brochure package`, one folder and one zip per edition for the printer: the PDF/X
file, its preflight report (HTML and JSON), the job ticket (job.json and a one-page PDF), a
low-resolution proof of the spreads, the imposed file where the binding has one, and the
SHA-256 checksums of them all. Same inputs, same bytes (the build's own date throughout)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from brochure.load.paths import output_file
from brochure.model.content import Brochure
from brochure.model.design import Design, Edition
from brochure.package.bundle import TICKET, write_package
from brochure.package.proof import spreads_proof
from brochure.package.ticket import JobTicket, read_print_facts, ticket_pdf
from brochure.pipeline import (
    BuildResult,
    BuildSession,
    Project,
    build,
    choose_editions,
    document_info,
    load_project,
    preflight_print,
)
from brochure.preflight.report import Report
from brochure.typeset.scripts import script_rules

PACKAGES = "package"  # output/package/<file>/ and output/package/<file>.zip
SPOT = re.compile(r"^separation (.+) on page\(s\)")


@dataclass(frozen=True)
class Package:
    edition: str
    folder: Path
    archive: Path
    files: tuple[str, ...]


def make_packages(project: Project, editions: tuple[str, ...] | None = None) -> list[Package]:
    """Build the chosen editions (print, and imposed when saddle-stitched) and package each."""
    session = BuildSession()  # one for all the builds: files parsed and fonts prepared once
    brochure, design = load_project(project, session=session)
    chosen = choose_editions(brochure, design, editions, None)
    built: dict[str, BuildResult] = {}
    for imposed in (True, False):
        group = tuple(edition.name for edition in chosen if (edition.binding == "saddle-stitch") == imposed)
        if group:
            result = build(project, formats=("print", "imposed") if imposed else ("print",), editions=group,
                           session=session)
            built.update(dict.fromkeys(group, result))
    return [_package(project, brochure, design.for_edition(edition), edition, built[edition.name])
            for edition in chosen]


def _package(project: Project, brochure: Brochure, design: Design, edition: Edition, result: BuildResult) -> Package:
    outputs = result.editions[edition.name].outputs
    printed = outputs["print"]
    pdf = printed.read_bytes()
    report = preflight_print(pdf, design, project)
    info = document_info(brochure, design, project)
    name = design.name
    files: dict[str, bytes] = {f"{name}.pdf": pdf}
    from brochure.preflight.html import report_html  # Ghostscript thumbnails: imported when packaging

    files[f"{name}.preflight.json"] = report.as_json().encode("utf-8")
    files[f"{name}.preflight.html"] = report_html(report, printed).encode("utf-8")
    imposed = outputs.get("imposed")
    if imposed is not None:
        files[imposed.name] = imposed.read_bytes()
    right_to_left = script_rules(design.columns[0]).right_to_left
    files[f"{name}-proof.pdf"] = spreads_proof(pdf, right_to_left)
    ticket = job_ticket(brochure, design, edition, printed, report, imposed.name if imposed else None,
                        info.moment.strftime("%Y-%m-%d"))
    files[TICKET] = ticket.as_json().encode("utf-8")
    files["job-ticket.pdf"] = ticket_pdf(ticket)
    folder = output_file(project.output, f"{PACKAGES}/{name}")
    archive = write_package(folder, files, info.moment)
    return Package(edition.name, folder, archive, tuple(sorted(files)))


def job_ticket(brochure: Brochure, design: Design, edition: Edition, printed: Path, report: Report,
               imposed: str | None, date: str) -> JobTicket:
    facts = read_print_facts(printed)
    spots = tuple(match.group(1) for finding in report.measurements if finding.rule == "colour-spot"
                  for match in [SPOT.match(finding.detail)] if match)
    colours = "CMYK, 4 process plates" + (f" + {len(spots)} spot" if spots else "")
    first = design.columns[0]
    contacts: list[str] = []
    if brochure.publisher is not None:
        contacts.append(brochure.publisher.get(first))
    if brochure.contact is not None:
        contact = brochure.contact
        contacts += [contact.department.get(first), contact.email, contact.phone]
    verdict = "PASS" if report.passed else "FAIL"
    return JobTicket(
        job=design.name, edition=edition.name, title=" / ".join(brochure.title.get(code) for code in design.columns),
        languages=design.columns, date=date, file=printed.name, pdfx="PDF/X-4", pages=facts.pages,
        trim_mm=facts.trim_mm, bleed_mm=facts.bleed_mm, binding=edition.binding, colours=colours, spot_plates=spots,
        output_intent=facts.output_intent, output_condition=facts.output_condition, paper=design.printing.paper,
        quantity=design.printing.quantity, imposed=imposed,
        preflight=f"{verdict}, profile {report.profile}: {len(report.errors)} errors, {len(report.warnings)} warnings",
        contacts=tuple(item for item in contacts if item))
