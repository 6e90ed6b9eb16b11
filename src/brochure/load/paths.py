"""Load stage: files named by content and layout stay inside the brochure folder, and the
files a build writes stay inside the output folder."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from brochure.errors import BrochureError, Location, OutputError


def inside_project(root: Path, relative: str, where: Location | None, what: str,
                   error_type: type[BrochureError]) -> Path:
    """The file `relative` names, refused when it is absolute, climbs out with `..`,
    or is a link that leads outside `root`."""
    hint = "give a path relative to the brochure folder, e.g. images/photo.jpg"
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or (len(relative) > 1 and relative[1] == ":"):
        raise error_type(f"{what} path is absolute: {relative}", where, hint)
    if ".." in pure.parts:
        raise error_type(f"{what} path leaves the brochure folder: {relative}", where, hint)
    path = root / Path(*pure.parts)
    try:
        resolved = path.resolve(strict=False)
        resolved.relative_to(root.resolve())
    except ValueError:
        raise error_type(f"{what} path leads outside the brochure folder (a link?): {relative}", where,
                         hint) from None
    if not path.is_file():
        raise error_type(f"{what} not found: {relative}", where, "check the path, relative to the brochure folder")
    return path


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """What tells that a file changed without reading it: its size, modification and change
    times and inode (a copy that keeps the modification time still changes the change time).
    None when it cannot be read."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def file_name_problem(name: str) -> str | None:
    """Why `name` cannot name an output file (the brochure's or an edition's name becomes
    output/<name>.pdf): a folder separator, `..`, an absolute path, a leading dot; None when it can."""
    if not name.strip():
        return "an empty name names no file"
    if "/" in name or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return f"'{name}' holds a folder separator: it would write outside the output folder"
    if name.startswith("."):
        return f"'{name}' starts with a dot: a hidden file, or a way out of the output folder (..)"
    if any(ord(char) < 32 or ord(char) == 127 for char in name):
        return f"'{name}' holds a control character"
    return None


def output_file(folder: Path, relative: str) -> Path:
    """`folder`/`relative`, refused unless it stays inside `folder` once resolved (`..`, an
    absolute path, a link inside the output folder that leads out)."""
    path = folder / relative
    try:
        path.resolve(strict=False).relative_to(folder.resolve(strict=False))
    except ValueError:
        raise OutputError(f"{relative}: a path outside the output folder {folder}", None,
                          "name editions and the brochure with letters, digits and hyphens") from None
    return path


def within_brochure(path: Path, folders: tuple[Path, ...]) -> bool:
    """Whether `path`, links followed, is inside one of `folders` (a content file that is a link
    to a file elsewhere on the disk is not part of the brochure)."""
    resolved = path.resolve(strict=False)
    for folder in folders:
        try:
            resolved.relative_to(folder.resolve(strict=False))
            return True
        except ValueError:
            continue
    return False
