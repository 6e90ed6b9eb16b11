"""Command line: what several commands share: -q/-v, lists of names and formats, paths as printed."""

from __future__ import annotations

import argparse
import contextlib
import gc
from pathlib import Path

MAX_WARNINGS_SHOWN = 8


def add_verbosity(command: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """-q/-v before or after the command name: `brochure -q build` and `brochure build -q` both work."""
    group = command.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=default,
                       help="print errors only: no warnings, no summary")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=default,
                       help="print every warning and the time of each stage")


def say(arguments: argparse.Namespace, *text: object) -> None:
    """A line of normal output, left out under -q."""
    if getattr(arguments, "verbosity", 0) >= 0:
        print(*text)


def warnings_shown(arguments: argparse.Namespace) -> int | None:
    """How many warnings to print: none under -q, all under -v (None), else the first few."""
    verbosity = getattr(arguments, "verbosity", 0)
    return 0 if verbosity < 0 else None if verbosity > 0 else MAX_WARNINGS_SHOWN


def print_path(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def names(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    if not chosen:
        raise argparse.ArgumentTypeError(f"expected comma-separated names, got {text!r}")
    return chosen


def formats(text: str) -> tuple[str, ...]:
    from brochure.finish.formats import FORMATS, OutputFormat

    chosen = names(text)
    unknown = [name for name in chosen if name not in FORMATS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown)}; choose from {', '.join(FORMATS)}")
    return tuple(OutputFormat(name) for name in chosen)


def settle_imports(arguments: argparse.Namespace) -> None:
    """In the `brochure` program (not when main() is called from Python): the modules imported so
    far live until exit, so the garbage collector stops walking them on every full collection
    (a third of its time in a cold build, most of it in a preflight's)."""
    if arguments.program:
        gc.freeze()
