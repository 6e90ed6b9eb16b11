"""What a photograph costs a build (issue 27): its pixels converted and summed band by band (the
same image, a bounded memory), named for reportlab once instead of at every draw (the same file),
and kept prepared in the user's cache folder, so that the next build reads the JPEG it became
(the same file, without preparing it again)."""

from __future__ import annotations

import hashlib
import json
import os

from PIL import Image

import brochure.colour as colour
import brochure.render.document as document
from brochure.colour import ColourTransforms, limit_ink, total_ink_peak
from brochure.images_on_disk import MAX_BYTES, SUFFIX
from brochure.user_cache import cache_folder, prune
from tests.harness import build_from_yaml
from tests.photos import photograph
from tests.test_photographs import A4_TWO_COLUMNS, PROFILE, STYLES, image_block, section

PARAGRAPH = "  - paragraph: {fr: Une ville ouverte sur le monde., en: A city open to the world.}\n"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def photo_brochure(folder, photo):
    return build_from_yaml(folder, content=section(PARAGRAPH, image_block("images/photo.jpg", width="frame")),
                           layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES},
                           files={"images/photo.jpg": photo}, formats=("print", "screen"), run_preflight=False)


def test_an_image_converted_and_limited_band_by_band_is_the_image_converted_whole(tmp_path, monkeypatch):
    photo = Image.open(photograph(tmp_path / "p.jpg", 300, 200, black_shadows=True)).convert("RGB")
    transforms = ColourTransforms()
    whole = transforms.image_to_cmyk(photo, PROFILE, "relative", None)
    limited = limit_ink(whole, 300)
    peak = total_ink_peak(whole)
    monkeypatch.setattr(colour, "STRIP_PIXELS", 300 * 7)  # bands of 7 rows, the last one shorter
    assert len(colour.strips(whole)) == 29
    assert transforms.image_to_cmyk(photo, PROFILE, "relative", None).tobytes() == whole.tobytes()
    assert total_ink_peak(whole) == peak > 300  # black shadows: over the limit
    assert limit_ink(whole, 300).tobytes() == limited.tobytes()


def test_a_photograph_prepared_once_is_read_back_by_the_next_build_as_the_same_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    photo = photograph(tmp_path / "photo.jpg", 800, 600, seed=3)
    first = photo_brochure(tmp_path / "a", photo)
    kept = sorted(cache_folder("images").glob("*.prepared"))
    assert len(kept) == 2  # print and screen
    second = photo_brochure(tmp_path / "b", photo)  # a new session (the editions' workers too)
    assert sorted(cache_folder("images").glob("*.prepared")) == kept  # the same names: read back (next test)
    for output in ("print", "screen"):
        assert sha(first.outputs[output]) == sha(second.outputs[output])
    photograph(tmp_path / "photo.jpg", 800, 600, seed=4)  # another picture under the same name
    third = photo_brochure(tmp_path / "c", tmp_path / "photo.jpg")
    assert len(list(cache_folder("images").glob("*.prepared"))) == 4
    assert sha(third.outputs["print"]) != sha(first.outputs["print"])


def test_the_kept_jpeg_is_what_the_next_build_embeds(tmp_path, monkeypatch):
    """The next build reads the kept file: a mark put into it comes out in the PDF."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    photo = photograph(tmp_path / "photo.jpg", 800, 600, seed=7)
    photo_brochure(tmp_path / "a", photo)
    marker = b"brochure-kept-jpeg"
    for path in cache_folder("images").glob("*.prepared"):
        header, jpeg = path.read_bytes().split(b"\n", 1)
        # a JPEG comment segment after the start of image: still a valid JPEG, now recognisable
        marked = jpeg[:2] + b"\xff\xfe" + (len(marker) + 2).to_bytes(2, "big") + marker + jpeg[2:]
        fields = {**json.loads(header), "sha256": hashlib.sha256(marked).hexdigest()}
        path.write_bytes(json.dumps(fields).encode() + b"\n" + marked)
    second = photo_brochure(tmp_path / "b", photo)
    assert marker in second.outputs["print"].read_bytes() and marker in second.outputs["screen"].read_bytes()


def test_a_kept_jpeg_changed_since_it_was_written_is_prepared_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    photo = photograph(tmp_path / "photo.jpg", 800, 600, seed=8)
    first = photo_brochure(tmp_path / "a", photo)
    for path in cache_folder("images").glob("*.prepared"):
        data = bytearray(path.read_bytes())
        data[-100] ^= 0xFF  # one byte of the JPEG flipped: its digest no longer matches
        path.write_bytes(bytes(data))
    second = photo_brochure(tmp_path / "b", photo)
    for output in ("print", "screen"):
        assert sha(first.outputs[output]) == sha(second.outputs[output])


def test_reportlab_names_a_prepared_image_as_it_would_by_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    photo = photograph(tmp_path / "photo.jpg", 900, 600, seed=5)
    named = photo_brochure(tmp_path / "named", photo)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-2"))
    monkeypatch.delattr(document.CompressingCanvas, "drawImage")  # reportlab's own: decoded and hashed
    by_reportlab = photo_brochure(tmp_path / "reportlab", photo)
    for output in ("print", "screen"):
        assert sha(named.outputs[output]) == sha(by_reportlab.outputs[output])
    assert b"/FormXob." in named.outputs["print"].read_bytes()


def test_the_kept_photographs_stay_under_their_size_used_longest_ago_going_first(tmp_path):
    for age, name in enumerate(("old", "older", "oldest")):
        path = tmp_path / f"{name}.prepared"
        path.write_bytes(b"x" * 100)
        os.utime(path, (1_000_000 - age, 1_000_000 - age))
    (tmp_path / "notes.txt").write_bytes(b"y" * 1000)  # not a kept photograph: left alone
    prune(tmp_path, 250, SUFFIX)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt", "old.prepared", "older.prepared"]
    assert MAX_BYTES >= 256 * 2 ** 20


def test_a_damaged_kept_photograph_is_prepared_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    photo = photograph(tmp_path / "photo.jpg", 600, 400, seed=6)
    first = photo_brochure(tmp_path / "a", photo)
    for kept, damage in zip(sorted(cache_folder("images").glob("*.prepared")), (b"", b"not json\n\xff\xd8"),
                            strict=True):
        kept.write_bytes(damage)  # emptied (a disk full), a header that is not one
    second = photo_brochure(tmp_path / "b", photo)
    for output in ("print", "screen"):
        assert sha(first.outputs[output]) == sha(second.outputs[output])
