"""PDFs made to exhaust a preflight, built small with pikepdf: a flate stream that inflates to
gigabytes (made of one compressed block repeated, never inflated here), a page of tens of
millions of operators, pages of 200 × 200 inches, ten thousand pages. And two ways to run a
preflight on them: in a child process under a memory cap and a timeout, with its own
temporary folder whose largest size is measured (what a limit promises: slow, about a second a
run); and in this process (what a limit reports, with the limit lowered by the test: fast)."""

from __future__ import annotations

import contextlib
import functools
import inspect
import io
import os
import resource
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf

BLOCK = 16 * 1024 * 1024
GIB = 1024 ** 3


@functools.cache
def flate_of_repeats(pattern: bytes, total: int) -> bytes:
    """A zlib stream of `pattern` repeated to about `total` bytes, made by compressing one block and
    repeating it (each block is closed by a full flush, so it refers to nothing before it)."""
    block = pattern * (BLOCK // len(pattern))
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)   # with the zlib header
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)   # a block alone
    end = compressor.flush(zlib.Z_FINISH)[:-4]                                  # the last (empty) block
    count = max(2, total // len(block))
    if not pattern.strip(b"\0"):  # Adler-32 of n zero bytes: 1 and n (mod 65521)
        checksum = ((count * len(block)) % 65521) << 16 | 1
    else:
        checksum = 1
        for _ in range(count):
            checksum = zlib.adler32(block, checksum)
    return first + again * (count - 1) + end + checksum.to_bytes(4, "big")


def raw_stream(pdf: pikepdf.Pdf, data: bytes, **entries: object) -> pikepdf.Stream:
    """A flate stream written as given (never decoded by pikepdf)."""
    stream = pikepdf.Stream(pdf, data)
    stream["/Filter"] = pikepdf.Name.FlateDecode
    for key, value in entries.items():
        stream[f"/{key}"] = value
    return stream


def save(pdf: pikepdf.Pdf, path: Path) -> Path:
    pdf.save(path, stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False,
             object_stream_mode=pikepdf.ObjectStreamMode.disable, fix_metadata_version=False)
    return path


def page(pdf: pikepdf.Pdf, content: pikepdf.Stream, size: tuple[float, float] = (595, 842),
         resources: pikepdf.Dictionary | None = None) -> None:
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(
        Type=pikepdf.Name.Page, MediaBox=[0, 0, *size], Contents=pdf.make_indirect(content),
        Resources=resources if resources is not None else pikepdf.Dictionary())))


def plain(pdf: pikepdf.Pdf, text: bytes = b"0 0 1 rg 10 10 100 100 re f") -> pikepdf.Stream:
    return pikepdf.Stream(pdf, text)


def operator_bomb(path: Path, operators: int, pattern: bytes = b"q\n") -> Path:
    pdf = pikepdf.new()
    page(pdf, raw_stream(pdf, flate_of_repeats(pattern, operators * len(pattern))))
    return save(pdf, path)


def zeros_in(path: Path, where: str, size: int = 2 * GIB) -> Path:
    """One page and a flate stream of `size` zero bytes as the XMP, the output intent's ICC profile, the
    page's content or a font's program."""
    pdf = pikepdf.new()
    zeros = raw_stream(pdf, flate_of_repeats(b"\0", size))
    resources = pikepdf.Dictionary()
    content = plain(pdf)
    if where == "xmp":
        pdf.Root.Metadata = pdf.make_indirect(zeros)
    elif where == "icc":
        zeros["/N"] = 4
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX, OutputConditionIdentifier="FOGRA39",
            DestOutputProfile=pdf.make_indirect(zeros))])
    elif where == "page":
        content = zeros
    elif where == "font":
        descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/ABCDEF+Zero"),
                                        Flags=32, FontBBox=[0, 0, 1000, 1000], ItalicAngle=0, Ascent=800,
                                        Descent=-200, CapHeight=700, StemV=80, FontFile2=pdf.make_indirect(zeros))
        font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType,
                                  BaseFont=pikepdf.Name("/ABCDEF+Zero"), FirstChar=32, LastChar=32, Widths=[250],
                                  FontDescriptor=pdf.make_indirect(descriptor))
        resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
        content = plain(pdf, b"BT /F1 12 Tf 72 720 Td (  ) Tj ET")
    else:
        raise ValueError(where)
    page(pdf, content, resources=resources)
    return save(pdf, path)


def large_pages(path: Path, count: int, inches: float) -> Path:
    """`count` square pages of `inches`, each drawn in RGB by its own content (so each is rendered)."""
    pdf = pikepdf.new()
    for number in range(count):
        page(pdf, plain(pdf, f"{number / count:.3f} 0.5 0 rg 0 0 {inches * 36} {inches * 36} re f".encode()),
             (inches * 72, inches * 72))
    return save(pdf, path)


def many_pages(path: Path, count: int) -> Path:
    """`count` pages sharing one content stream and one resource dictionary."""
    pdf = pikepdf.new()
    content = pdf.make_indirect(plain(pdf))
    resources = pdf.make_indirect(pikepdf.Dictionary())
    tree = pdf.Root.Pages
    # the page tree written directly: appending pages one by one is quadratic in pikepdf
    kids = [pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                                 Contents=content, Resources=resources, Parent=tree))
            for _ in range(count)]
    tree.Kids = pikepdf.Array(kids)
    tree.Count = count
    return save(pdf, path)


def huge_file(path: Path, size: int) -> Path:
    """A valid one-page PDF of about `size` bytes, nearly all of them an uncompressed XMP stream of spaces,
    written a block at a time (the file is never in memory)."""
    objects = [b"<</Type/Catalog/Pages 2 0 R/Metadata 5 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
               b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<<>>>>",
               b"<</Length 24>>stream\n0 0 1 rg 0 0 9 9 re f\nendstream"]
    offsets = []
    with path.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        for number, body in enumerate(objects, start=1):
            offsets.append(file.tell())
            file.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        offsets.append(file.tell())
        file.write(b"5 0 obj\n<</Type/Metadata/Subtype/XML/Length %d>>stream\n" % size)
        block = b" " * BLOCK
        for _ in range(size // BLOCK):
            file.write(block)
        file.write(b" " * (size % BLOCK) + b"\nendstream\nendobj\n")
        xref = file.tell()
        file.write(b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % at for at in offsets))
        file.write(b"trailer\n<</Size 6/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return path


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_kib: int          # the child's peak resident memory
    temporary_peak: int    # the largest its temporary folder grew (bytes)


def folder_size(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(root) / name).stat().st_size
    return total


def peak_kib() -> int:
    """This process's peak resident memory since it began (or since its exec), in KiB."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is


def run_capped(arguments: list[str], tmp: Path, memory: int = GIB, timeout: float = 60,
               setup: str = "") -> Run:
    """`brochure ARGUMENTS` in a child process under RLIMIT_AS `memory` and `timeout`, its temporary files
    in a folder of its own, watched; `setup`: Python run first (a test's smaller limits)."""
    temporary = tmp / "temporary"
    temporary.mkdir(exist_ok=True)
    # the child's own peak: VmHWM of its memory after exec (ru_maxrss would keep the high-water mark of
    # the forked copy of this test process, hundreds of MB late in a whole suite)
    code = (f"{setup}\nimport atexit, contextlib, resource, sys\nfrom pathlib import Path\n"
            f"from brochure.cli import main\n{inspect.getsource(peak_kib)}\n"
            f"atexit.register(lambda: print('peak-kib', peak_kib(), file=sys.stderr))\nsys.exit(main({arguments!r}))")

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "TMPDIR": str(temporary)}, preexec_fn=cap)  # noqa: PLW1509
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], folder_size(temporary))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        done.set()
        if process.poll() is None:
            process.kill()
            process.communicate()
        watcher.join()
    said = err.decode()
    peaks = [int(line.split()[1]) for line in said.splitlines() if line.startswith("peak-kib ")]
    return Run(process.returncode, out.decode(), said, time.monotonic() - started, peaks[-1] if peaks else -1,
               peak[0])


def run_here(arguments: list[str]) -> Run:
    """`brochure ARGUMENTS` in this process (no cap, nothing measured: `peak_kib` and `temporary_peak`
    are -1), for a test that lowers a limit with monkeypatch and checks what the run reports."""
    from brochure.cli import main

    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(arguments)
    return Run(code, out.getvalue(), err.getvalue(), time.monotonic() - started, -1, -1)
