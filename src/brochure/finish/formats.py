"""Finish stage: the output formats as a registry of finishers (print, screen, imposed).

Each format names the rendering it starts from, the formats it needs finished
first, the suffix of its file and the function that finishes it, so the
pipeline looks a format up once instead of comparing names across modules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from brochure.finish.pdfx import DocumentInfo, make_pdfx4
from brochure.model.design import Design
from brochure.render.structure import Structure
from brochure.typeset.scripts import script_rules


@dataclass(frozen=True)
class FinishJob:
    """What a finisher may use: the rendered PDF, the edition's design and metadata,
    the output profile, and the formats finished before it."""

    rendered: bytes
    design: Design
    info: DocumentInfo
    profile: bytes | None
    finished: Mapping[str, bytes]
    structure: Structure | None = None  # the tagged edition's structure tree, from rendering


class OutputFormat(StrEnum):
    """The formats `--format` chooses from (and package makes)."""

    PRINT = "print"
    SCREEN = "screen"
    IMPOSED = "imposed"


class Rendering(StrEnum):
    """How an edition is laid out and drawn, once for every format made from it."""

    PRINT = "print"    # CMYK, bleed, marks
    SCREEN = "screen"  # sRGB, links, tagged


@dataclass(frozen=True)
class Format:
    name: OutputFormat
    suffix: str                        # output/<file><suffix>.pdf
    rendering: Rendering
    finish: Callable[[FinishJob], bytes]
    needs: tuple[OutputFormat, ...] = ()  # formats finished first (the imposed sheets need the print file)


def _print(job: FinishJob) -> bytes:
    intent = job.design.printing.output_intent
    if intent is None or job.profile is None:
        raise ValueError("the print format needs an output intent; the pipeline checks it first")
    return make_pdfx4(job.rendered, job.info, intent, job.profile)


def _screen(job: FinishJob) -> bytes:
    from brochure.finish.screen import finish_screen  # imported by the builds that make it

    return finish_screen(job.rendered, job.info, job.structure, booklet=job.design.page_multiple > 1)


def _imposed(job: FinishJob) -> bytes:
    from brochure.finish.imposition import impose_saddle_stitch  # imported by the builds that make it

    return impose_saddle_stitch(job.finished["print"], job.design, job.info,
                                right_to_left=script_rules(job.info.language).right_to_left)


FORMATS: dict[str, Format] = {format_.name: format_ for format_ in (
    Format(OutputFormat.PRINT, "", Rendering.PRINT, _print),
    Format(OutputFormat.SCREEN, "-screen", Rendering.SCREEN, _screen),
    Format(OutputFormat.IMPOSED, "-imposed", Rendering.PRINT, _imposed, needs=(OutputFormat.PRINT,)),
)}


def with_needs(names: tuple[str, ...]) -> list[OutputFormat]:
    """The formats to finish for `names`, each after those it needs, in registry order."""
    wanted = set(names)
    for name in names:
        wanted.update(FORMATS[name].needs)
    return [format_.name for format_ in FORMATS.values() if format_.name in wanted]
