"""Load stage: files named by content and layout stay inside the brochure folder."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from brochure.errors import BrochureError, Location


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
