"""Every private name of reportlab, pypdf and pyphen the code touches is declared in
brochure/library_internals.py and still present in the installed libraries."""

from __future__ import annotations

import re

from brochure.library_internals import INTERNALS, Check, Internal, missing_internals
from tests.conftest import REPOSITORY

SOURCE = REPOSITORY / "src" / "brochure"

# Private names in our source that belong to no library of the list: the standard library's
# (argparse, namedtuple's _replace), lxml's public type, our own attributes and module names.
NOT_LIBRARY = {
    "_SubParsersAction", "_actions", "_replace", "_Element", "_Entity",  # argparse, namedtuple, lxml.etree
    "_exit",                                                    # os._exit (a child before exec)
    "_unparsed", "_a11y_drawn",                                 # our own attributes
}


def private_names_used() -> dict[str, set[str]]:
    """name -> the files using it: `x._name` (not self._ / cls._), getattr/hasattr/setattr/Patch
    with "_name", and `from reportlab|pypdf|pyphen... import _name`."""
    used: dict[str, set[str]] = {}
    files = [path for path in SOURCE.rglob("*.py") if path.name != "library_internals.py"]
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    # ours: names defined or assigned anywhere in the package (functions, classes, module names,
    # attributes set on our own objects as self._name = ...), and module files named _something
    own = {path.stem for path in files} | {name for text in texts.values() for name in re.findall(
        r"^\s*(?:async def |def |class )(_[A-Za-z]\w*)\b", text, re.M) + re.findall(
        r"^\s*(?:self\.|cls\.)?(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=(?!=)", text, re.M)}
    patterns = [r"(?<!self)(?<!cls)(?<![\w.])(?:[A-Za-z]\w*(?:\.\w+)*)\.(_[A-Za-z]\w*)",
                r"(?:getattr|hasattr|setattr|Patch)\([^,()]+,\s*\"(_[A-Za-z]\w*)\"",
                r"\.__dict__\.get\(\"(_[A-Za-z]\w*)\"",
                r"from (?:reportlab|pypdf|pyphen)[\w.]* import (?:[\w, ]*, )?(_[A-Za-z]\w*)"]
    for path, text in texts.items():
        for pattern in patterns:
            for name in re.findall(pattern, text):
                if name.startswith("__") or name in own or name in NOT_LIBRARY:
                    continue
                used.setdefault(name, set()).add(str(path.relative_to(SOURCE)))
    return used


def test_every_declared_internal_is_in_the_installed_libraries():
    assert missing_internals() == []


def test_a_vanished_name_is_reported_with_the_module_using_it():
    gone = (Internal("reportlab.pdfgen.canvas:Canvas", "_no_such_state", Check.SET_IN_SOURCE, "render/reuse.py"),
            Internal("pypdf:PdfWriter", "_no_such_method", Check.ATTRIBUTE, "finish/pdfx.py"),
            Internal("pyphen", "no_such_cache", Check.READ_IN_SOURCE, "typeset/patterns.py"))
    assert missing_internals(gone) == [
        ("reportlab.pdfgen.canvas:Canvas._no_such_state (set in source) is gone from the installed library; "
        "used in src/brochure/render/reuse.py"),
        ("pypdf:PdfWriter._no_such_method (attribute) is gone from the installed library; "
        "used in src/brochure/finish/pdfx.py"),
        ("pyphen.no_such_cache (read in source) is gone from the installed library; "
        "used in src/brochure/typeset/patterns.py")]


def test_every_private_name_the_source_uses_is_declared():
    """A new `canvas._something` (or getattr(x, "_something")) must join INTERNALS, so that a
    release without it fails here rather than in a build."""
    declared = {internal.name for internal in INTERNALS}
    undeclared = {name: sorted(files) for name, files in private_names_used().items() if name not in declared}
    assert undeclared == {}, "declare these in src/brochure/library_internals.py (or in NOT_LIBRARY if ours)"


def test_the_scan_finds_the_internals_it_should():
    """The scan itself works: it sees names of each library in the modules known to use them."""
    used = private_names_used()
    assert "render/reuse.py" in used["_code"] and "finish/pdfx.py" in used["_add_object"]
    assert "typeset/paragraph.py" in used["_handleBulletWidth"] and "fonts/registry.py" in used["_dynFaceNames"]
