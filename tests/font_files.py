"""Font files the font tests need, made at test time from the committed OFL fonts: damaged,
compressed, collected, licence-restricted or subtly changed copies."""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

REPOSITORY = Path(__file__).resolve().parent.parent
LATO = REPOSITORY / "fonts/lato/Lato-Regular.ttf"
LATO_BOLD = REPOSITORY / "fonts/lato/Lato-Bold.ttf"
FIXTURES = REPOSITORY / "tests/fixtures/fonts/cff-and-variable"
GARAMOND_OTF = FIXTURES / "EBGaramond12-Regular.subset.otf"
INTER_VARIABLE = FIXTURES / "Inter-roman.var.subset.ttf"


def changed_font(source: Path, destination: Path, widen: int = 0, fs_type: int | None = None,
                 flavor: str | None = None, only: str | None = None) -> Path:
    """A copy of `source` under the same PostScript name, with every advance widened by `widen`
    units, another OS/2 fsType, saved as WOFF/WOFF2, or only the characters of `only` kept."""
    font = TTFont(source, recalcTimestamp=False)
    if only is not None:
        subsetter = subset.Subsetter()
        subsetter.populate(text=only)
        subsetter.subset(font)
    if widen:
        metrics = font["hmtx"].metrics
        for name, (advance, bearing) in metrics.items():
            metrics[name] = (advance + widen, bearing)
    if fs_type is not None:
        font["OS/2"].fsType = fs_type
    font.flavor = flavor
    _replaced(destination)
    font.save(destination)
    return destination


def truncated(source: Path, destination: Path, fraction: float = 0.9) -> Path:
    """The first `fraction` of a font file, as an interrupted copy leaves it."""
    data = source.read_bytes()
    _replaced(destination)
    destination.write_bytes(data[:int(len(data) * fraction)])
    return destination


def collection(sources: list[Path], destination: Path) -> Path:
    """A TrueType collection (.ttc) of the given fonts."""
    fonts = TTCollection()
    fonts.fonts = [TTFont(source, recalcTimestamp=False) for source in sources]
    _replaced(destination)
    fonts.save(destination)
    return destination


def _replaced(destination: Path) -> None:
    """Make way for a new file at `destination`: a font already there may be a hard link shared
    by other brochure folders (tests/harness.py: linked_assets), so it is removed, not rewritten."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.unlink(missing_ok=True)
