"""Typeset stage: the OpenType features a style asks for exist in the font it is set in."""

from __future__ import annotations

from brochure.errors import BrochureError, ErrorList, FontError, Location
from brochure.fonts import RegisteredFamily, layout_features
from brochure.model.design import Design


def check_style_features(design: Design, families: dict[str, RegisteredFamily]) -> None:
    """Raise, at once, every feature a style turns on that its face does not have
    (turning off a feature the font lacks is harmless and allowed)."""
    problems: list[BrochureError] = []
    reported: set[tuple[str, str, str]] = set()  # a parent's feature is reported once, not per child
    for style in design.styles:
        wanted = [feature for feature in style.features if feature.on]
        if not wanted:
            continue
        family = families[style.font]
        face = family.face_name(style.bold, style.italic)
        offered = layout_features(face)
        shown = dict(family.paths).get(face, face)
        for feature in wanted:
            key = (feature.tag, str(feature.location), shown)
            if feature.tag not in offered and key not in reported:
                reported.add(key)
                problems.append(FontError(
                    f"style '{style.name}': OpenType feature '{feature.tag}' is not in font {family.family} "
                    f"({shown})", feature.location or Location("layout/styles.yaml", key=f"styles.{style.name}"),
                    f"the font offers: {', '.join(sorted(offered)) or 'no OpenType features'}"))
    if problems:
        raise ErrorList(problems)
