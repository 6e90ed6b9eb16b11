"""Typeset stage: every character must have a glyph in its font (or in the family's
fallback) before anything is laid out; missing ones are errors naming character, text and font."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from brochure.errors import ErrorList, FontError, Location
from brochure.fonts import RegisteredFamily, glyph_coverage, lend_space
from brochure.typeset.markup import escape_text, font_run

# Characters that need no glyph: line breaks and soft hyphens are never drawn.
_NOT_DRAWN = {"\n", "\u00ad"}
# No-break spaces typography inserts: a face without them draws its own space (issue 23)
_NO_BREAK_SPACES = {"\u00a0": "U+00A0 no-break space", "\u202f": "U+202F narrow no-break space"}


def _is_neutral(char: str) -> bool:
    """Digits and punctuation: drawn in whichever script's face they stand in (not spaces)."""
    return unicodedata.category(char)[0] in "NPS" and not char.isspace()


def _neutrals_in_script_face(runs: list[tuple[str | None, str]],
                             covered: dict[str, frozenset[int]]) -> list[tuple[str | None, str]]:
    """Issue 23: in a text mostly in another script's face (Japanese, Arabic), its digits and
    punctuation come from that face too (not the Latin one beside it), where it has them."""
    letters: dict[str | None, int] = {}
    for face, chunk in runs:
        letters[face] = letters.get(face, 0) + sum(not _is_neutral(char) and not char.isspace() for char in chunk)
    dominant = max(letters, key=lambda face: letters[face]) if letters else None
    if dominant is None or letters[dominant] * 2 <= sum(letters.values()):
        return runs
    coverage = covered[dominant]
    moved: list[tuple[str | None, str]] = []
    for face, chunk in runs:
        for char in chunk:
            use = dominant if face is None and _is_neutral(char) and ord(char) in coverage else face
            if moved and moved[-1][0] == use:
                moved[-1] = (use, moved[-1][1] + char)
            else:
                moved.append((use, char))
    return moved


@dataclass
class GlyphCheck:
    """Checks text against the fonts it will be set in; gathers all problems of a build."""

    families: dict[str, RegisteredFamily]
    problems: list[FontError] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, what): not errors
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _coverages: dict[str, frozenset[int]] = field(default_factory=dict)  # per font: asked once a paragraph

    def _family_of(self, font_name: str) -> RegisteredFamily | None:
        for family in self.families.values():
            if any(name == font_name for _, name in family.names):
                return family
        return None

    def _coverage(self, font_name: str) -> frozenset[int]:
        if font_name not in self._coverages:
            self._coverages[font_name] = glyph_coverage(font_name)
        return self._coverages[font_name]

    def _fallback_names(self, font_name: str) -> list[str]:
        """The faces that draw what `font_name` lacks, nearest first: the family's fallback,
        its own fallback, and so on (one family per script: Latin, then Arabic, Hebrew, CJK)."""
        names: list[str] = []
        family = self._family_of(font_name)
        if family is None:
            return names
        face = next(face for face, name in family.names if name == font_name)
        seen = {family.family}
        while family.fallback is not None and family.fallback in self.families and family.fallback not in seen:
            family = self.families[family.fallback]
            seen.add(family.family)
            names.append(dict(family.names).get(face) or dict(family.names)["regular"])
        return names

    def check(self, text: str, font_name: str, where: Location | None) -> None:
        """Record a problem for each character neither the font nor its fallback has."""
        self.markup(text, font_name, where)

    def markup(self, text: str, font_name: str, where: Location | None) -> str:
        """Escaped paragraph markup of `text`, with runs in the fallback font where needed."""
        coverage = self._coverage(font_name)
        for char, name in _NO_BREAK_SPACES.items():
            if char in text and ord(char) not in coverage and lend_space(font_name, char):
                # HarfBuzz draws a missing space with the face's space; the breaker still keeps
                # the words on each side together (it breaks at U+0020 only)
                self._coverages[font_name] = coverage = coverage | {ord(char)}
                note = (f"font {font_name} has no {name}: its own space is drawn there, "
                        "and the words on each side still never break apart")
                self.notes.append((str(where) if where else font_name, note))
        if coverage.issuperset(map(ord, text)):
            return escape_text(text)  # the usual case: the font has every character
        fallbacks = [(name, self._coverage(name)) for name in self._fallback_names(font_name)]
        runs: list[tuple[str | None, str]] = []
        missing: list[str] = []
        for char in text:
            use = None
            if char not in _NOT_DRAWN and ord(char) not in coverage:
                use = next((name for name, covered in fallbacks if ord(char) in covered), None)
                if use is None and char not in missing:
                    missing.append(char)
            if runs and runs[-1][0] == use:
                runs[-1] = (use, runs[-1][1] + char)
            else:
                runs.append((use, char))
        if missing:
            self._missing(missing, text, font_name, where)
        runs = _neutrals_in_script_face(runs, dict(fallbacks))
        return "".join(font_run(chunk, face) if face else escape_text(chunk) for face, chunk in runs)

    def _missing(self, chars: list[str], text: str, font_name: str, where: Location | None) -> None:
        """One problem per text and font, naming every character it lacks."""
        key = ("".join(chars), font_name)
        if key in self._reported:
            return
        self._reported.add(key)
        family = self._family_of(font_name)
        path = dict(family.paths).get(font_name, "?") if family else "?"
        start = max(text.index(chars[0]) - 20, 0)
        snippet = text[start:start + 40].replace("\n", " ")
        named = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in chars)
        verb = "is" if len(chars) == 1 else "are"
        # the fallback families searched too: the one to change may be the last of the chain
        fallbacks = [found.family for name in self._fallback_names(font_name)
                     if (found := self._family_of(name)) is not None]
        searched = f", nor in its fallback{'s' if len(fallbacks) > 1 else ''} {', '.join(fallbacks)}" \
            if fallbacks else ""
        hint = ("give the last fallback a 'fallback:' font that has it, or choose fallbacks that have it"
                if fallbacks else "choose a font that has it, or give the family a 'fallback:' font") + \
            " in layout/styles.yaml"
        self.problems.append(FontError(
            f"character{'s' if len(chars) > 1 else ''} {named} {verb} not in font "
            f"{family.family if family else font_name} ({path}){searched}: “{snippet}”", where, hint))

    def raise_problems(self) -> None:
        if self.problems:
            raise ErrorList(list(self.problems))
