"""Pipeline: runs the stages in order (load, typeset, layout, render, finish, write) for one build.

- `project`: where a brochure's files are; content and layout loaded and checked together.
- `plan`: which editions a build makes, in which formats, as a proof or not.
- `render`: one edition laid out and rendered for print or screen (with the page plan).
- `edition`: one edition rendered and finished in its formats, preflighted; worker processes.
- `output`: files written atomically; a print file failing preflight set aside.
- `report`: the diagnostics a build gives the designer.
- `builds`: all of it for the editions asked; one `BuildResult`.

The names other modules use are imported here: `from brochure.pipeline import build, Project`."""

from brochure.pipeline.builds import BuildResult, EditionResult, build, write_edition
from brochure.pipeline.edition import document_info, make_rendering, make_renderings, preflight_print
from brochure.pipeline.output import PreflightFailed, output_path, write_atomically, write_outputs, write_report
from brochure.pipeline.plan import check_formats, choose_editions, proof_edition, translation_drafts
from brochure.pipeline.project import (
    Project,
    card_languages,
    check_translations,
    edition_sections,
    load_project,
)
from brochure.pipeline.render import Progress, Rendered, plan_pages, profile_path, render_pdf
from brochure.pipeline.report import report_accessibility, report_contrast, report_layout, report_typography

__all__ = [
    "BuildResult", "EditionResult", "PreflightFailed", "Progress", "Project", "Rendered", "build", "card_languages",
    "check_formats", "check_translations", "choose_editions", "document_info", "edition_sections", "load_project",
    "make_rendering", "make_renderings", "output_path", "plan_pages", "preflight_print", "profile_path",
    "proof_edition", "render_pdf", "report_accessibility", "report_contrast", "report_layout", "report_typography",
    "translation_drafts", "write_atomically", "write_edition", "write_outputs", "write_report",
]
