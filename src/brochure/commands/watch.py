"""`brochure watch`: rebuild on each saved change, keeping the last good PDF."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

from brochure.commands.options import add_verbosity, formats, names, print_path, say
from brochure.exit_codes import EXIT_OK
from brochure.terminal import printable


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    watch = commands.add_parser("watch", help="rebuild whenever a file under content/, layout/, fonts/ or "
                                "images/ changes; a bad edit keeps the last good PDF")
    watch.add_argument("folder", nargs="?", default=".", type=Path,
                       help="the brochure folder (default: the current folder)")
    watch.add_argument("--edition", type=names, metavar="NAME[,NAME…]",
                       help="editions to rebuild (default: every edition of the layout, as build)")
    watch.add_argument("--format", default=("print",), type=formats, metavar="FORMAT[,FORMAT…]",
                       help="formats to rebuild (default: print)")
    watch.add_argument("--preflight", action="store_true",
                       help="preflight each rebuild (slower; `brochure build` always does)")
    watch.add_argument("--preview", action="store_true",
                       help="refresh output/preview/ (pages, diff, index.html) after each rebuild")
    watch.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    add_verbosity(watch)
    watch.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    from brochure.pipeline import Project
    from brochure.watch.loop import watch
    from brochure.watch.session import OthersBuilt, Rebuild, WatchSession

    session = WatchSession(Project.at(arguments.folder), arguments.edition, arguments.format, arguments.preflight,
                           arguments.preview)
    verbosity = getattr(arguments, "verbosity", 0)

    def report(rebuild: Rebuild, paths: list[Path]) -> None:
        stamp = time.strftime("%H:%M:%S")
        what = ", ".join(print_path(path) for path in paths[:3]) + (" …" if len(paths) > 3 else "")
        prefix = f"[{stamp}] {what + ': ' if what else ''}"
        if not rebuild.ok:
            for error in rebuild.errors:
                print(f"{prefix}error: {printable(str(error))}", file=sys.stderr, flush=True)
            kept = session.project.output
            print(f"{prefix}kept the last good PDF in {print_path(kept)}; fix the file and save again",
                  file=sys.stderr, flush=True)
            return
        if verbosity > 0:
            for warning in rebuild.warnings:
                print(printable(str(warning)), file=sys.stderr, flush=True)
        pages = ", ".join(map(str, rebuild.changed)) if rebuild.changed else "none"
        built = "built" if not paths else "rebuilt"
        notes = f"; {len(rebuild.warnings)} warnings (-v lists them)" if rebuild.warnings and verbosity <= 0 else ""
        if verbosity >= 0:
            print(f"{prefix}{built} {rebuild.pages} pages in {rebuild.seconds:.2f} s, pages changed: {pages}"
                  f"{laid_out_note(rebuild) if paths else ''}{notes}", flush=True)
            if rebuild.preview:
                print(f"{prefix}{rebuild.preview}", flush=True)

    def laid_out_note(rebuild: Rebuild) -> str:
        if rebuild.laid_out is None:
            return ""
        first, last = rebuild.laid_out
        if first > last:
            return "; nothing laid out again"
        shown = f"page {first}" if first == last else f"pages {first}-{last}"
        return f"; laid out {shown}, {rebuild.pages - (last - first + 1)} reused"

    def ready(folders: list[Path]) -> None:
        shown = ", ".join(print_path(folder) + "/" for folder in folders)
        say(arguments, f"watching {shown} (Ctrl-C stops)")
        sys.stdout.flush()

    def report_others(done: OthersBuilt) -> None:  # from the background thread: one print per line
        stamp = time.strftime("%H:%M:%S")
        for error in done.errors:
            print(f"[{stamp}] error: {error}", file=sys.stderr, flush=True)
        if verbosity > 0:
            for warning in done.warnings:
                print(warning, file=sys.stderr, flush=True)
        if done.editions and verbosity >= 0:
            stopped = "; stopped by a newer save" if done.cancelled else ""
            notes = f"; {len(done.warnings)} warnings (-v lists them)" if done.warnings and verbosity <= 0 else ""
            print(f"[{stamp}] also built {', '.join(done.editions)} in {done.seconds:.2f} s{stopped}{notes}",
                  flush=True)

    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how a watch ends: not an error
        watch(session, report, ready, report_others=report_others)
    say(arguments, "stopped")
    return EXIT_OK
