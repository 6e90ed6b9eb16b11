"""Every private or undocumented name of reportlab, pypdf and pyphen the code touches, in one list,
and a check that the installed libraries still have each one.

The fixes of reportlab (typeset/reportlab_fixes) check the names they patch when applied; the other
modules read and set internals too (page reuse saves and restores a canvas's state, the PDF/X
finishing writes through pypdf's writer, the hyphenation cache fills pyphen's). A release that
renames one of them would break a build in an odd place, or worse leave a state half-restored; this
list lets `tests/test_library_internals.py` fail first, naming the name and the module using it,
and keeps the pins in pyproject.toml honest. A new use of a private name must be added here (the
test reads the source and fails on an undeclared one).
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from enum import Enum


class Check(Enum):
    """How the presence of a name is checked."""

    ATTRIBUTE = "attribute"   # the module or class has it: hasattr(owner, name)
    SET_IN_SOURCE = "set in source"   # an instance attribute: the owner's source assigns `self.<name>`
    READ_IN_SOURCE = "read in source"  # we set it for the library to read: the owner's source names it


@dataclass(frozen=True)
class Internal:
    owner: str     # a module, or module:Class
    name: str
    check: Check
    used_in: str   # our module touching it, under src/brochure


A, S, R = Check.ATTRIBUTE, Check.SET_IN_SOURCE, Check.READ_IN_SOURCE
CANVAS = "reportlab.pdfgen.canvas:Canvas"
PARAGRAPH_MODULE = "reportlab.platypus.paragraph"
PARAGRAPH = "reportlab.platypus.paragraph:Paragraph"

INTERNALS: tuple[Internal, ...] = (
    # page reuse: a page's drawing state saved and put back (render/reuse.py)
    *(Internal(CANVAS, name, S, "render/reuse.py") for name in (
        "_doc", "_code", "_formsinuse", "_annotationrefs", "_colorsUsed", "_shadingUsed", "_extgstate",
        "_currentPageHasImages", "_destinations", "_annotationCount", "_pageRotation", "_pagesize")),
    Internal("reportlab.pdfbase.pdfdoc:PDFDocument", "_pdfVersion", S, "render/reuse.py"),
    Internal("reportlab.pdfgen.canvas:ExtGState", "_c", S, "render/reuse.py"),
    # the frame's free share when a page is ended (render/document.py)
    *(Internal("reportlab.platypus.frames:Frame", name, S, "render/document.py")
      for name in ("_y", "_y1p", "_height", "_aW", "_width", "_leftPadding", "_rightPadding")),
    Internal("reportlab.platypus.frames:Frame", "_geom", A, "render/document.py"),  # ColumnFrame's width
    Internal("reportlab.platypus.doctemplate:BaseDocTemplate", "_nextPageTemplateCycle", S, "render/document.py"),
    Internal("reportlab.platypus.doctemplate:BaseDocTemplate", "_nextPageTemplateIndex", S, "render/document.py"),
    # an image drawn under the name reportlab would give it, computed once (images.py, render/document.py)
    Internal("reportlab.lib.utils", "_digester", A, "images.py"),
    Internal(CANVAS, "_setXObjects", A, "render/document.py"),
    # the font registry shared with reportlab (fonts/registry.py, typeset/reportlab_fixes/tounicode.py)
    Internal("reportlab.pdfbase.pdfmetrics", "_fonts", A, "fonts/registry.py"),
    Internal("reportlab.pdfbase.pdfmetrics", "_dynFaceNames", A, "fonts/registry.py"),
    Internal("reportlab.pdfbase.ttfonts:TTFontFace", "_ttf_data", S, "fonts/registry.py"),
    # a label's halo drawn as glyph outlines: the text a drawing wrote read back (layout/outlines.py)
    Internal("reportlab.pdfbase.ttfonts:TTFont", "_dynamicFont", A, "layout/outlines.py"),
    # paragraphs: reportlab's line breaking driven by our own (typeset/total_fit.py, typeset/paragraph.py)
    *(Internal(PARAGRAPH_MODULE, name, A, "typeset/total_fit.py") for name in (
        "_FK_BREAK", "_FK_IMG", "_HSFrag", "_SplitFrag", "_SplitFragH", "_SplitFragHS", "_SplitFragHY",
        "_getFragWords", "_handleBulletWidth", "_hy_pfx_pat", "_hy_sfx_pat")),
    Internal(PARAGRAPH, "_setup", A, "typeset/paragraph.py"),
    # a split word's parts rejoined with the author's hyphens (typeset/reportlab_fixes/line_breaking.py)
    *(Internal(PARAGRAPH_MODULE, name, A, "typeset/reportlab_fixes/line_breaking.py")
      for name in ("_shyUnsplit", "_SHYIndexedStr", "_SHYStr")),
    # the page plan's later layouts laying a paragraph's recorded lines: frags as parsed, not frag words
    Internal(PARAGRAPH_MODULE, "_processed_frags", A, "typeset/laid_lines.py"),
    *(Internal(PARAGRAPH, name, R, "typeset/total_fit.py")
      for name in ("_width_max", "_hyphenations", "_splitLongWordCount", "_JustifyLast", "_fkind")),
    Internal(PARAGRAPH, "_splitpara", R, "typeset/paragraph.py"),
    Internal(PARAGRAPH, "_wrapWidths", R, "typeset/paragraph.py"),
    # the fixes (typeset/reportlab_fixes), which also check these as they apply them
    *(Internal(PARAGRAPH_MODULE, name, A, "typeset/reportlab_fixes/line_breaking.py") for name in (
        "_wsc", "_wsc_re_split", "_wsc_end_search", "_hy_letters", "_hy_shy", "_hy_letters_pat",
        "_hy_shy_letters_pat", "_justifyDrawParaLineX")),
    # shaped text written in one pass, as reportlab's text object writes it (typeset/reportlab_fixes/text_drawing.py)
    *(Internal("reportlab.pdfgen.textobject:PDFTextObject", name, S, "typeset/reportlab_fixes/text_drawing.py")
      for name in ("_canvas", "_fontname", "_fontsize", "_leading", "_curSubset")),
    Internal("reportlab.pdfgen.textobject:PDFTextObject", "_formatText", A, "typeset/reportlab_fixes/text_drawing.py"),
    Internal(CANVAS, "_escape", A, "typeset/reportlab_fixes/text_drawing.py"),
    # tagging the screen edition: marked content around each flowable and list bullet drawn (render/tagging.py)
    Internal("reportlab.platypus.flowables:Flowable", "_drawOn", A, "render/tagging.py"),
    Internal(PARAGRAPH_MODULE, "_drawBullet", A, "render/tagging.py"),
    # floats: reportlab's SetTopFlowables lists and the frame's free space (layout/pictures.py)
    *(Internal("reportlab.platypus.doctemplate:BaseDocTemplate", name, S, "layout/pictures.py")
      for name in ("_topFlowables", "_pageTopFlowables")),
    Internal("reportlab.platypus.frames:Frame", "_atTop", S, "layout/pictures.py"),
    Internal("reportlab.platypus.frames:Frame", "_geom", A, "layout/pictures.py"),
    # columns and floats measured by the document template (render/document.py)
    Internal("reportlab.platypus.frames:Frame", "_y1", S, "render/document.py"),
    Internal("reportlab.platypus.frames:Frame", "_bottomPadding", S, "render/document.py"),
    Internal("reportlab.platypus.frames:Frame", "_getAvailableWidth", A, "render/document.py"),
    # the mark reportlab puts on a block it carried to the next frame (it gives up when it fails again)
    Internal("reportlab.platypus.doctemplate:BaseDocTemplate", "_postponed", R, "render/document.py"),
    # cards spaced down their page: the space after the flowable above, as the frame counts it
    Internal("reportlab.platypus.frames:Frame", "_prevASpace", S, "render/document.py"),
    # PDF/X finishing through pypdf's writer (finish/pdfx.py)
    *(Internal("pypdf:PdfWriter", name, A, "finish/pdfx.py") for name in ("_add_object",)),
    *(Internal("pypdf:PdfWriter", name, S, "finish/pdfx.py") for name in ("_ID", "_info", "_id_translated")),
    Internal("pypdf.generic:EncodedStreamObject", "_data", R, "finish/pdfx.py"),
    # the hyphenation patterns cache (typeset/patterns.py): pyphen's undocumented parts
    Internal("pyphen", "hdcache", A, "typeset/patterns.py"),
    Internal("pyphen", "HyphDict", A, "typeset/patterns.py"),
    Internal("pyphen", "DataInt", A, "typeset/patterns.py"),
    Internal("pyphen:HyphDict", "patterns", S, "typeset/patterns.py"),
    Internal("pyphen:HyphDict", "maxlen", S, "typeset/patterns.py"),
)


def _owner(path: str) -> object:
    module_name, _, class_name = path.partition(":")
    owner: object = importlib.import_module(module_name)
    return getattr(owner, class_name) if class_name else owner


def _source(owner: object) -> str:
    """The source of a class with its bases' (instance attributes are often set in a base's
    methods), or of a module."""
    if inspect.isclass(owner):
        return "\n".join(inspect.getsource(base) for base in inspect.getmro(owner)
                         if base.__module__.split(".")[0] != "builtins" and base is not object)
    return inspect.getsource(owner)  # type: ignore[arg-type]


def missing_internals(internals: tuple[Internal, ...] = INTERNALS) -> list[str]:
    """One line per name the installed libraries no longer have, naming our module that uses it."""
    missing = []
    sources: dict[str, str] = {}
    for internal in internals:
        try:
            owner = _owner(internal.owner)
        except (ImportError, AttributeError) as error:
            missing.append(f"{internal.owner} cannot be found ({error}); used in {internal.used_in}")
            continue
        if internal.check is Check.ATTRIBUTE:
            present = hasattr(owner, internal.name)
        else:
            if internal.owner not in sources:
                sources[internal.owner] = _source(owner)
            text = sources[internal.owner]
            present = (f"self.{internal.name}" in text if internal.check is Check.SET_IN_SOURCE
                       else internal.name in text)
        if not present:
            missing.append(f"{internal.owner}.{internal.name} ({internal.check.value}) is gone from the installed "
                           f"library; used in src/brochure/{internal.used_in}")
    return missing
