"""Preflight checks of colour wherever it is painted (content, images, inline images,
shadings, patterns, Type3 glyphs, soft masks, annotation appearances): no RGB in a CMYK
print file, spot colour plates named with their alternates (a warning, or an error when the profile
allows process colours only), and for PDF/X-1a no ICC-based or Lab colour, no 16-bit or
JPEG 2000 images and no transparency."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.facts import ColourSpace, ColourUse, PageFacts
from brochure.preflight.report import Finding


def _where(uses: list[ColourUse]) -> str:
    places = sorted({use.where for use in uses})
    return ", ".join(places[:4]) + (f" and {len(places) - 4} more" if len(places) > 4 else "")


def _alternate(space: ColourSpace) -> str:
    """What a spot colour falls back to without its plate (a Separation's or DeviceN's alternate)."""
    inner = space.base if space.family == "Indexed" and space.base is not None else space
    return inner.base.label if inner.base is not None else "no alternate"


def spot_plates(uses: list[ColourUse]) -> str:
    """Each spot plate by name with its alternate space: "PANTONE 185 C (alternate DeviceCMYK)"."""
    plates: dict[str, str] = {}
    for use in uses:
        for name in use.space.all_spots:
            plates.setdefault(name, _alternate(use.space))
    return ", ".join(f"{name} (alternate {alternate})" for name, alternate in sorted(plates.items()))


def _page_colour(page: PageFacts, document: Document) -> list[Finding]:
    profile = document.profile
    findings = []
    rgb = [use for use in page.colours if use.space.is_rgb]
    if rgb and not profile.allow_rgb:
        findings.append(error("colour-rgb", page.number, f"RGB colour in {_where(rgb)}"))
    icc_rgb = [use for use in page.colours if use.space.is_icc_rgb]
    if icc_rgb and not profile.allow_rgb and profile.allow_icc:
        findings.append(warn("colour-rgb", page.number, f"ICC-based RGB in {_where(icc_rgb)}: converted by the RIP"))
    broken_icc = [use for use in page.colours if use.space.family == "ICCBased" and use.space.channels is None]
    if broken_icc:
        findings.append(error("colour-icc", page.number, f"an ICCBased colour space without /N in "
                                                         f"{_where(broken_icc)}"))
    if not profile.allow_icc:
        icc = [use for use in page.colours if use.space.is_icc]
        if icc:
            findings.append(error("colour-icc", page.number, f"ICC-based colour in {_where(icc)}; {profile.name} "
                                                             "allows device CMYK and spot colours only"))
        lab = [use for use in page.colours if use.space.family in ("Lab", "CalGray")]
        if lab:
            kinds = ", ".join(sorted({use.space.family for use in lab}))
            findings.append(error("colour-lab", page.number, f"CIE-based ({kinds}) colour in {_where(lab)}"))
    unknown = [use for use in page.colours
               if use.space.family == "unknown" or (use.space.family == "JPX" and use.space.channels != 3)]
    if unknown:
        findings.append(error("colour-unknown", page.number, f"a colour space that cannot be determined in "
                                                             f"{_where(unknown)}"))
    spots = [use for use in page.colours if use.space.all_spots]
    if spots:
        plates = spot_plates(spots)
        if profile.allow_spot:
            findings.append(warn("colour-spot", page.number, f"spot colour plates {plates} in {_where(spots)}: "
                                                             "each prints as an extra plate"))
        else:
            findings.append(error("colour-spot", page.number, f"spot colour plates {plates} in {_where(spots)}; "
                                                              f"{profile.name} prints process colours only"))
    if not profile.allow_jpeg2000:
        jpx = [image for image in page.images if "JPXDecode" in image.filters]
        if jpx:
            findings.append(error("image-jpeg2000", page.number, f"JPEG 2000 image {', '.join(i.name for i in jpx[:4])}"
                                                                 f"; {profile.name} forbids JPXDecode"))
    if not profile.allow_16bit_images:
        deep = [image for image in page.images if image.bits > 8]
        if deep:
            findings.append(error("image-depth", page.number, f"{len(deep)} images of {deep[0].bits} bits per "
                                                              f"component; {profile.name} allows 8 at most"))
    if not profile.allow_transparency and page.transparency:
        findings.append(error("transparency", page.number, "transparency: " + ", ".join(sorted(page.transparency))))
    return findings


@check("colour")
def colour(document: Document) -> list[Finding]:
    findings = []
    separations: dict[str, list[int]] = {}
    alternates: dict[str, str] = {}
    for page in document.facts.pages:
        findings += _page_colour(page, document)
        for use in page.colours:
            for name in use.space.all_spots:
                separations.setdefault(name, [])
                alternates.setdefault(name, _alternate(use.space))
                if page.number not in separations[name]:
                    separations[name].append(page.number)
    for name, pages in sorted(separations.items()):
        findings.append(measured("colour-spot", None, f"separation {name} (alternate {alternates[name]}) on "
                                                      f"page(s) {', '.join(map(str, pages[:12]))}"))
    families = sorted({use.space.label for page in document.facts.pages for use in page.colours})
    if families:
        findings.append(measured("colour", None, "colour spaces: " + ", ".join(families)))
    return findings
