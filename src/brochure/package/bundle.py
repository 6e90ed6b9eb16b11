"""Package: the folder and the zip handed to the printer, with SHA-256 checksums of every
file (SHA256SUMS, as `sha256sum -c` reads it), written the same way every time (sorted
names, fixed dates and permissions in the zip); and the check a printer runs on what
they received: every listed file there and unchanged, nothing unlisted, and the job
ticket's pages, trim and bleed those of the PDF."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path

from brochure.package.ticket import read_print_facts

CHECKSUMS = "SHA256SUMS"
TICKET = "job.json"
EARLIEST_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # zip cannot say earlier


def checksums(files: dict[str, bytes]) -> bytes:
    return "".join(f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n" for name in sorted(files)).encode()


def write_package(folder: Path, files: dict[str, bytes], moment: datetime) -> Path:
    """The files and their checksums into `folder` (replaced whole) and into `folder`.zip, whose
    entries sit in a folder of the same name. Returns the zip's path."""
    every = {**files, CHECKSUMS: checksums(files)}
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, data in every.items():
        (staging / name).write_bytes(data)
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    archive = folder.with_suffix(".zip")
    stamp = max(moment.timetuple()[:6], EARLIEST_ZIP_DATE)
    partial = archive.with_name(archive.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for name in sorted(every):
            entry = zipfile.ZipInfo(f"{folder.name}/{name}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3                 # Unix, whatever builds it
            entry.external_attr = 0o100644 << 16    # a plain file, rw-r--r--
            bundle.writestr(entry, every[name])
    partial.replace(archive)
    return archive


def check_package(path: Path) -> tuple[list[str], int]:
    """Problems with a received package (a folder or its zip), one line each naming the file,
    and how many files were verified."""
    if path.is_file() and zipfile.is_zipfile(path):
        with tempfile.TemporaryDirectory() as work, zipfile.ZipFile(path) as bundle:
            names = bundle.namelist()
            tops = {name.split("/", 1)[0] for name in names}
            if len(tops) != 1 or any("/" not in name or ".." in name.split("/") for name in names):
                return [f"{path}: the zip does not hold one package folder"], 0
            bundle.extractall(work)
            return check_package(Path(work) / tops.pop())
    if not path.is_dir():
        return [f"{path}: not a package folder or zip"], 0
    listing = path / CHECKSUMS
    if not listing.is_file():
        return [f"{listing}: missing (it lists every file of the package)"], 0
    problems: list[str] = []
    listed: dict[str, str] = {}
    for number, line in enumerate(listing.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        digest, _, name = line.partition("  ")
        if len(digest) != 64 or not name or "/" in name or name in (".", ".."):
            problems.append(f"{CHECKSUMS}:{number}: not a 'sha256  name' line")
            continue
        listed[name] = digest.lower()
    for name, digest in sorted(listed.items()):
        file = path / name
        if not file.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: changed (its SHA-256 is not the one {CHECKSUMS} lists)")
    for extra in sorted(item.name for item in path.iterdir() if item.name not in listed and item.name != CHECKSUMS):
        problems.append(f"{extra}: not listed in {CHECKSUMS}")
    if not problems:
        problems += _ticket_matches_pdf(path)
    return problems, len(listed)


def _ticket_matches_pdf(path: Path) -> list[str]:
    """The job ticket's pages, trim and bleed are the PDF's."""
    try:
        ticket = json.loads((path / TICKET).read_text(encoding="utf-8"))
        pdf = path / ticket["file"]
        facts = read_print_facts(pdf)
    except (OSError, ValueError, KeyError, TypeError) as problem:
        return [f"{TICKET}: cannot be compared with the PDF: {problem}"]
    problems = []
    for key, found in (("pages", facts.pages), ("trim_mm", list(facts.trim_mm)), ("bleed_mm", facts.bleed_mm)):
        if ticket.get(key) != found:
            problems.append(f"{TICKET}: {key} is {ticket.get(key)} but {ticket['file']} has {found}")
    return problems
