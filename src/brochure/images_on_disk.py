"""Prepared photographs kept in the user's cache folder (brochure/images), named by everything
they were made from: the image file's content, the profile's, the box they fill, the settings
and the versions of what converted and encoded them. A cold build of a brochure of photographs
spends most of its time preparing them (six 4000 × 3000 px photographs: 4.3 s of a 5.6 s build:
decoding, resampling, converting through the profile under the ink limit, encoding as JPEG and
checking the decoded pixels); a photograph prepared once is read back as the JPEG it became,
the same bytes. Only JPEG results are kept: line art stays lossless, in memory, and is cheap to
prepare. The folder is kept under MAX_BYTES, the files used longest ago going first; writing is
best effort (user_cache.keep)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import PIL
from PIL import features

from brochure import __version__
from brochure.user_cache import cache_folder, keep, mark_used, prune

FORMAT = 1  # what a kept file holds and how its preparation is done: raise it when either changes
MAX_BYTES = 512 * 2 ** 20  # the folder's size, at most (about 500 page-sized photographs)
SUFFIX = ".prepared"


def disk_key(source: Path, *made_from: Any) -> str | None:
    """The name of a prepared image: the digest of the file's content and of `made_from` (each
    part's repr: frozen dataclasses and strings), with the versions that made it; None when the
    file cannot be read (its preparation then says why)."""
    try:
        content = hashlib.sha256(source.read_bytes()).hexdigest()
    except OSError:
        return None
    versions = (FORMAT, __version__, PIL.__version__, features.version("littlecms2"), features.version("jpg"))
    return hashlib.sha256(repr((content, made_from, versions)).encode("utf-8")).hexdigest()


def read_kept(key: str) -> tuple[dict[str, Any], bytes] | None:
    """The header and JPEG bytes kept under `key`, or None (none kept, or not readable)."""
    path = cache_folder("images") / f"{key}{SUFFIX}"
    try:
        header, jpeg = path.read_bytes().split(b"\n", 1)
        fields = json.loads(header)
    except (OSError, ValueError):
        return None
    if not isinstance(fields, dict) or fields.get("sha256") != hashlib.sha256(jpeg).hexdigest():
        return None  # not a header, or a file changed since it was written (a disk's fault, a hand's)
    mark_used(path)
    return fields, jpeg


def write_kept(key: str, header: dict[str, Any], jpeg: bytes) -> None:
    """Keep a prepared photograph's header (JSON) and JPEG bytes under `key`."""
    folder = cache_folder("images")
    header = {**header, "sha256": hashlib.sha256(jpeg).hexdigest()}  # checked when read back
    keep(folder / f"{key}{SUFFIX}", json.dumps(header, sort_keys=True).encode("ascii") + b"\n" + jpeg)
    prune(folder, MAX_BYTES, SUFFIX)
