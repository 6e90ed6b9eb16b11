"""Typeset stage: the layout's text styles as reportlab ParagraphStyles, per language."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from brochure.colour import ColourTransforms
from brochure.fonts import RegisteredFamily
from brochure.model.content import Language
from brochure.model.design import CmykColour, Design, Hyphenation, TextStyle
from brochure.typeset.caches import TypesetCaches
from brochure.typeset.hyphenation import Hyphenator, make_hyphenator
from brochure.typeset.phrases import phrase_model
from brochure.typeset.scripts import script_rules

ALIGNMENT: dict[str, Literal[0, 1, 2, 4]] = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER,
                                            "justify": TA_JUSTIFY}
# a right-to-left language sets at the start of its lines what a left-to-right one sets at the left
MIRRORED: dict[str, str] = {"left": "right", "right": "left"}


def cmyk(colour: CmykColour) -> CMYKColor:
    return CMYKColor(colour.cyan, colour.magenta, colour.yellow, colour.black, spotName=colour.name)


def is_pure_black(colour: CmykColour) -> bool:
    return (colour.cyan, colour.magenta, colour.yellow, colour.black) == (0, 0, 0, 1)


@dataclass
class StyleBook:
    """Resolves style names to ParagraphStyles for a language; built once per build."""

    design: Design
    families: dict[str, RegisteredFamily]
    unbreakable: frozenset[str] = frozenset()
    rgb_profile: str | None = None  # set for the screen edition: colours as they print, in sRGB
    caches: TypesetCaches = field(default_factory=TypesetCaches)  # the build session's (hyphenators)
    colours: ColourTransforms = field(default_factory=ColourTransforms)  # the build session's
    _cache: dict[tuple[str, str], ParagraphStyle] = field(default_factory=dict)

    def colour(self, name: str) -> Color:
        """A palette colour: CMYK for print, its printed appearance in sRGB for screens."""
        colour = self.design.colour(name)
        if self.rgb_profile is None:
            return cmyk(colour)
        return Color(*self.colours.cmyk_to_srgb(colour.cyan, colour.magenta, colour.yellow, colour.black,
                                                self.rgb_profile))

    def colour_markup(self, name: str) -> str:
        """The colour for paragraph markup (a hex colour would be RGB in print)."""
        colour = self.colour(name)
        if isinstance(colour, CMYKColor):
            return f"cmyk({colour.cyan:g},{colour.magenta:g},{colour.yellow:g},{colour.black:g})"
        return colour.hexval().replace("0x", "#")

    @property
    def base_features(self) -> dict[str, bool]:
        """The layout's `shaping:` features, which a style's `features:` change."""
        shaping = self.design.shaping
        return {"kern": shaping.kerning, "liga": shaping.ligatures, "dlig": False}

    def font_name(self, style: TextStyle) -> str:
        return self.families[style.font].face_name(style.bold, style.italic)

    def bold_font_name(self, style: TextStyle) -> str:
        return self.families[style.font].face_name(True, style.italic)

    def paragraph_style(self, name: str, language: Language) -> ParagraphStyle:
        key = (name, language.locale)
        if key not in self._cache:
            self._cache[key] = self._make(self.design.style(name), language)
        return self._cache[key]

    def hyphenator(self, locale: str, settings: Hyphenation, capitalised: bool,
                   exceptions: tuple[str, ...]) -> Hyphenator | None:
        """One hyphenator per language and settings in a session: the line breaker's caches are
        keyed by it, and making one costs a dictionary lookup and a few sets."""
        key = (locale, settings, self.unbreakable, capitalised, exceptions)
        hyphenators = self.caches.hyphenators
        if key not in hyphenators:
            hyphenators[key] = make_hyphenator(locale, settings, self.unbreakable, capitalised, exceptions)
        found: Hyphenator | None = hyphenators[key]
        return found

    def _make(self, style: TextStyle, language: Language) -> ParagraphStyle:
        typography = self.design.typography_of(language.code)
        capitalised = style.hyphenate_capitalised if style.hyphenate_capitalised is not None \
            else typography.hyphenate_capitalised
        settings = self.design.hyphenation
        hyphenate = style.hyphenate
        if style.align != "justify":  # issue 23: ragged text breaks only long words, or none
            hyphenate = hyphenate and settings.ragged_min_word_length > 0
            settings = replace(settings, min_word_length=max(settings.min_word_length,
                                                             settings.ragged_min_word_length))
        hyphenator = self.hyphenator(language.locale, settings, capitalised, typography.hyphenation_exceptions) \
            if hyphenate else None
        bullet_font = self.font_name(style)
        # ragged lines of even length: said by the style, else display text (ragged, unhyphenated)
        balance = style.balance if style.balance is not None else (style.align != "justify" and not hyphenate)
        # issue 17: direction and line breaking from the language's script (typeset/scripts.py)
        script = script_rules(language.locale)
        align = MIRRORED.get(style.align, style.align) if script.right_to_left else style.align
        word_wrap = "RTL" if script.right_to_left else "CJK" if script.breaks_between_characters else None
        return ParagraphStyle(
            name=f"{style.name}:{language.code}",
            fontName=self.font_name(style),
            fontSize=style.size,
            leading=style.leading,
            textColor=self.colour(style.colour),
            alignment=ALIGNMENT[align],
            wordWrap=word_wrap,
            # issue 23: a line of Arabic (marks above and below) or CJK is as tall as its fonts ask,
            # when that is more than the style's leading
            autoLeading="max" if script.right_to_left or script.breaks_between_characters else "",
            rightToLeft=script.right_to_left,  # read by TypesetParagraph.draw
            spaceBefore=style.space_before,
            spaceAfter=style.space_after,
            # a list's indent (and its bullet) on the side where lines start
            leftIndent=0 if script.right_to_left else style.left_indent,
            rightIndent=style.left_indent if script.right_to_left else 0,
            firstLineIndent=style.first_indent,
            bulletIndent=0,
            bulletFontName=bullet_font,
            bulletFontSize=style.size,
            bulletColor=self.colour(style.bullet_colour or style.colour),
            textTransform="uppercase" if style.uppercase else None,
            # reportlab takes a callable here too (its stub says str only)
            hyphenationLang=hyphenator or "",  # type: ignore[arg-type]
            hyphenationMinWordLength=settings.min_word_length,
            spaceShrinkage=self.design.space_shrink,
            embeddedHyphenation=0,
            uriWasteReduce=0,
            splitLongWords=1,
            allowWidows=0,
            allowOrphans=0,
            shaping=1,
            maxConsecutiveHyphens=self.design.hyphenation.max_consecutive,
            # read by the total-fit line breaker (typeset/total_fit.py)
            wordSpaceMin=style.word_space_min if style.word_space_min is not None else 1 - self.design.space_shrink,
            wordSpaceMax=style.word_space_max,
            letterSpacing=style.letter_spacing,
            opticalMargin=style.optical_margin and not script.right_to_left,
            balanceLines=balance,
            # ragged Japanese or Chinese (headings, leads) breaks between phrases (BudouX), not inside
            # a name; justified text keeps breaking between any characters, as JIS X 4051 sets it
            phraseModel=phrase_model(language.locale) if script.breaks_between_characters and (
                balance or style.align != "justify") else None,
            tracking=style.tracking,  # read by TypesetParagraph.breakLines: shaped words spaced
            # read by TypesetParagraph: how much tighter and smaller balanced text may be set rather
            # than end with one word alone (issue 23)
            fitTracking=style.fit_tracking if balance else 0.0,
            fitSize=style.fit_size if balance else 0.0,
            looseWordSpace=self.design.loose_word_space,
            shapingFeatures=style.feature_settings(self.base_features),
            # 100 % K text overprints in print, so that no white gap shows if plates shift
            overprint=self.rgb_profile is None and is_pure_black(self.design.colour(style.colour)),
        )
