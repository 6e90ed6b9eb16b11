"""`brochure build`: the brochure's editions into output/, with a progress line on a terminal."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from brochure.commands.options import add_verbosity, formats, names, print_path, say, settle_imports, warnings_shown
from brochure.diagnostics import Severity
from brochure.exit_codes import EXIT_OK, EXIT_PREFLIGHT
from brochure.terminal import printable


@contextlib.contextmanager
def progress_line(arguments: argparse.Namespace) -> Iterator[Callable[[str, int], None] | None]:
    """A one-line "rendering 40 % (page 12)" on a terminal, rewritten in place and wiped at the end;
    nothing when standard error is not a terminal (logs, CI, pipes) or under -q. Plain text rather
    than a progress library: importing one would cost more than most builds take to lay out."""
    if getattr(arguments, "verbosity", 0) < 0 or not sys.stderr.isatty():
        yield None
        return
    state = {"total": 0, "done": 0, "page": 0, "shown": 0.0}

    def progress(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            state["total"] = value
        elif kind == "PROGRESS":
            state["done"] = value
        elif kind == "PAGE":
            state["page"] = value
        now = time.monotonic()
        if state["total"] and now - state["shown"] > 0.1:
            state["shown"] = now
            share = 100 * state["done"] // state["total"]
            print(f"\rrendering {share:3d} % (page {state['page']})", end="", file=sys.stderr, flush=True)

    try:
        yield progress
    finally:
        if state["shown"]:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def run(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import PreflightFailed, Project, build

    settle_imports(arguments)
    project = Project.at(arguments.folder, arguments.content, arguments.layout, arguments.output)
    try:
        with progress_line(arguments) as progress:
            result = build(project, explain_listing=arguments.explain, formats=arguments.format,
                           run_preflight=not arguments.no_preflight, editions=arguments.edition,
                           languages=arguments.languages, draft=arguments.draft, pseudo=arguments.pseudo,
                           progress=progress)
    except PreflightFailed as failure:
        print(failure.report.text(), end="", file=sys.stderr)
        print(f"the print PDF fails preflight: kept as {failure.rejected}; the previous output is unchanged",
              file=sys.stderr)
        return EXIT_PREFLIGHT
    warnings = result.diagnostics.warnings
    limit = warnings_shown(arguments)
    for diagnostic in warnings[:limit]:
        print(printable(str(diagnostic)), file=sys.stderr)
    if limit and len(warnings) > limit:
        print(f"… and {len(warnings) - limit} more warnings (-v prints them all; brochure build --explain "
              "lists every loose line)", file=sys.stderr)
    for diagnostic in result.diagnostics.items:
        if diagnostic.severity == Severity.INFO:
            say(arguments, printable(f"{diagnostic.where}: {diagnostic.message}"))
    for edition in result.editions.values():
        for format_name, path in edition.outputs.items():
            # the imposed file holds the pages two to a sheet side (saddle-stitch spreads)
            sides = f" on {edition.pages // 2} sheet sides" if format_name == "imposed" else ""
            say(arguments, f"wrote {print_path(path)} ({edition.edition.name}, {format_name}, "
                           f"{edition.pages} pages{sides})")
    say(arguments, f"{len(result.editions)} edition{'s' if len(result.editions) > 1 else ''} "
                   f"in {result.seconds:.2f} s")
    if getattr(arguments, "verbosity", 0) > 0:
        print("stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items()))
    return EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    build = commands.add_parser("build", help="build the brochure PDF into output/")
    add_verbosity(build)
    build.add_argument("folder", nargs="?", default=".", type=Path,
                       help="the brochure folder (default: the current folder)")
    build.add_argument("--content", type=Path, help="content folder (default: FOLDER/content)")
    build.add_argument("--layout", type=Path, help="layout folder (default: FOLDER/layout)")
    build.add_argument("--output", type=Path, help="output folder (default: FOLDER/output)")
    build.add_argument("--edition", type=names, metavar="NAME[,NAME…]",
                       help="comma-separated editions of layout/editions.yaml to build (default: every one)")
    build.add_argument("--languages", type=names, metavar="CODE[,CODE…]",
                       help="also build an edition of these languages, in this column order (e.g. de,fr)")
    build.add_argument("--format", default=("print",), type=formats, metavar="FORMAT[,FORMAT…]",
                       help="comma-separated output formats: print (PDF/X-4, default), screen "
                            "(trimmed, sRGB, links), imposed (saddle-stitch printer spreads)")
    build.add_argument("--no-preflight", action="store_true",
                       help="skip the preflight of the print PDF (drafts, benchmarks): not for the printer")
    build.add_argument("--explain", action="store_true",
                       help="also write output/<name>.explain.txt: typography rules applied, loose lines")
    build.add_argument("--draft", action="store_true",
                       help="a proof that builds with translations missing: each shows the source text in "
                            "magenta after [DE?], all listed (output/<name>-draft.pdf)")
    build.add_argument("--pseudo", action="store_true",
                       help="pseudo-localise the second language (accents, +35 %% length, brackets) to see where "
                            "the layout breaks before translating (output/<name>-pseudo.pdf)")
    build.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    build.set_defaults(run=run)
