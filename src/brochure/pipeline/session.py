"""One build session: everything a build keeps to go faster, owned by one object and passed down
explicitly (as WeasyPrint passes its LayoutContext), never held by a module. `build()` makes a new
one unless given one; `brochure watch` keeps its own across rebuilds, which is where a rebuild's
speed comes from; two sessions build side by side without seeing each other's caches.

What stays the process's, by the libraries' design, and why that is safe:
- reportlab's font registry (`pdfmetrics._fonts`, the face names): we register each font under a
  name holding its content's digest (fonts/registry.py), so a session never changes what another
  draws; and reportlab's patched functions (typeset/reportlab_fixes, applied once per process).
- pyphen's parsed dictionaries (`pyphen.hdcache`), filled from packaged patterns.
- memos of data shipped with brochure (CLDR quotes, typography rules, world outlines): the same for
  every build.
- built-in colour profiles (sRGB, Lab) and their transform: no file, the same for every build.
- reportlab calls our line breaking and shaping back with no way to pass the session: there its
  typesetting caches are read from a context variable that the rendering sets and resets
  (typeset/caches.py), per thread."""

from __future__ import annotations

import gc
from dataclasses import dataclass, field

from brochure.colour import ColourTransforms
from brochure.fonts.prepare import PreparedFonts
from brochure.images import KeptImages
from brochure.load.yaml_source import WATCHED_TEXT, ParsedTrees
from brochure.typeset.caches import TypesetCaches
from brochure.typeset.laid_lines import LAID_LINES_BUDGET, LaidLines


@dataclass(eq=False)
class BuildSession:
    """The caches of one or more builds: parsed YAML files (by text), prepared fonts (by file
    content and recipe), typesetting's (shaped words, line breaks, hyphenators), colour
    conversions (by the profile's content) and prepared images (by file stamp and settings)."""

    trees: ParsedTrees = field(default_factory=ParsedTrees)
    fonts: PreparedFonts = field(default_factory=dict)
    typesetting: TypesetCaches = field(default_factory=TypesetCaches)
    colours: ColourTransforms = field(default_factory=ColourTransforms)
    images: KeptImages = field(default_factory=KeptImages)
    # paragraphs' lines as broken (typeset/laid_lines.py), laid again by the session's later
    # renderings: an edition's page plan layouts, and the editions after it in the same process
    # (a worker's: en-fr after fr-en breaks a third of its paragraphs)
    laid_lines: LaidLines = field(default_factory=lambda: LaidLines(LAID_LINES_BUDGET))

    def forget_typesetting(self, collect: bool = False) -> None:
        """Let the typesetting caches and laid lines go, once the last layout of a one-shot build is
        done: finishing and preflight then reuse their memory instead of growing past it (N=100:
        a 1 380-page edition's finishing otherwise adds 16-19 MiB to the build's peak). With
        `collect`, the garbage the layouts left in cycles (the page plan's unchosen layouts, their
        page maps) is collected now rather than whenever Python's collector next looks that far."""
        self.typesetting = TypesetCaches()
        self.laid_lines = LaidLines(LAID_LINES_BUDGET)
        if collect:
            gc.collect()

    @classmethod
    def long_lived(cls) -> BuildSession:
        """A session for `brochure watch`: a brochure of a few hundred pages stays parsed."""
        return cls(trees=ParsedTrees(WATCHED_TEXT))
