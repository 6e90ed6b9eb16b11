"""A cold `brochure` process pays only for what its command uses: the fast YAML parser reads
the same trees, and the program's imports and start-up costs stay where they belong."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pyphen
import pytest
import yaml

from brochure import colour
from brochure.load import yaml_source
from brochure.typeset import patterns

REPOSITORY = Path(__file__).resolve().parent.parent


def walk(node: yaml.Node):
    yield node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from walk(key)
            yield from walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from walk(item)


def shape(node: yaml.Node) -> tuple:
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    return type(node), node.tag, node.value if isinstance(node, yaml.ScalarNode) else None, marks


def test_the_brochure_is_parsed_by_libyaml_into_the_same_nodes_and_lines():
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the loader falls back to the slow parser"
    assert yaml_source.FAST_LOADER is yaml.CSafeLoader
    files = sorted(path for folder in ("content", "layout") for path in (REPOSITORY / folder).rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = [shape(node) for node in walk(yaml_source.composed(text))]
        slow = [shape(node) for node in walk(yaml.compose(text, Loader=yaml.SafeLoader))]
        assert fast == slow, path.name


def test_numbers_and_booleans_are_read_as_the_safe_loader_reads_them(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text("a: 0x1F\nb: 1_000\nc: 2.5e+3\nd: yes\ne: off\nf: -7\n", encoding="utf-8")
    root = yaml_source.load_yaml(path, "values.yaml", yaml_source.BrochureError).mapping(
        optional=("a", "b", "c", "d", "e", "f"))
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert root["a"].integer() == expected["a"] == 31
    assert root["b"].integer() == 1000
    assert root["a"].number() == 31.0
    assert root["c"].number() == expected["c"] == 2500.0
    assert root["d"].boolean() is True and root["e"].boolean() is False
    assert root["f"].integer() == -7


def imported_by(tmp_path: Path, *arguments: str, status: int = 0) -> set[str]:
    """The modules a `python -m brochure …` process imports, from -X importtime."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "brochure", *arguments],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == status, done.stderr[-2000:]
    return {line.split("|")[2].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
            and "imported package" not in line}


def loaded(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(name for name in modules if name.split(".")[0] in prefixes or name.startswith(prefixes))


def test_version_imports_nothing_but_the_command_line(tmp_path):
    modules = imported_by(tmp_path, "--version")
    assert "brochure.cli" in modules
    assert loaded(modules, "reportlab", "yaml", "pypdf", "PIL", "fontTools", "babel", "uharfbuzz", "pyphen",
                  "pikepdf", "pypdfium2", "ruamel", "watchfiles", "brochure.pipeline", "brochure.load",
                  "brochure.model", "brochure.finish") == []


@pytest.mark.slow
def test_a_build_imports_neither_preflight_preview_watch_nor_translation_exchange(tmp_path):
    """`brochure build --no-preflight` of one edition: none of the other commands' libraries,
    no process pool, no package metadata (only --version reads it)."""
    modules = imported_by(tmp_path, "build", str(REPOSITORY), "--edition", "fr-en", "--no-preflight",
                          "--output", str(tmp_path / "output"), "-q")
    assert (tmp_path / "output" / "aix-international-strategy.pdf").is_file()
    assert {"brochure.pipeline", "reportlab.platypus", "pypdf"} <= modules  # the test sees the build's imports
    assert loaded(modules, "pikepdf", "pypdfium2", "ruamel", "watchfiles", "polib", "lxml", "rich",
                  "brochure.preflight", "brochure.preview", "brochure.watch", "brochure.starter",
                  "brochure.explain", "brochure.translate.pseudo", "brochure.translate.exchange",
                  "brochure.finish.imposition", "brochure.finish.screen", "importlib.metadata",
                  "multiprocessing", "concurrent.futures") == []


def test_one_edition_loads_the_locale_data_of_its_own_languages_only(tmp_path):
    """The content has five languages; the fr-en edition reads CLDR's data (about 1.5 MiB and 8 ms a
    locale) for French and English alone: the others' month names are read when their text is set."""
    script = ("import sys, babel.localedata as data; from brochure.cli import main\n"
              "try: main(sys.argv[1:])\nexcept SystemExit: pass\n"
              "print(' '.join(sorted(data._cache)))")
    done = subprocess.run([sys.executable, "-c", script, "build", str(REPOSITORY), "--edition", "fr-en",
                           "--no-preflight", "--output", str(tmp_path), "-q"],
                          capture_output=True, text=True, timeout=120, check=True)
    languages = {name.split("_")[0] for name in done.stdout.split()} - {"root"}
    assert languages == {"fr", "en"}, done.stdout


WORDS = ["internationalisation", "coopération", "rayonnement", "partenariats", "hyphenation",
         "responsibilities", "collectivité", "Aix-en-Provence", "extraordinairement", "a"]


@pytest.mark.slow  # every pattern of a language, 2 s of CPU
def test_hyphenation_patterns_kept_in_the_cache_hyphenate_as_pyphen_does(tmp_path, monkeypatch):
    def breaks(language: str) -> list[list[tuple[str, str]]]:
        monkeypatch.delitem(pyphen.hdcache, Path(pyphen.LANGUAGES[language]), raising=False)
        hyphenator = patterns.dictionary(language, 2, 3)
        return [list(hyphenator.iterate(word)) for word in WORDS]

    for language in (pyphen.language_fallback("fr_FR"), pyphen.language_fallback("en_GB")):
        expected = [list(pyphen.Pyphen(lang=language, left=2, right=3, cache=False).iterate(word)) for word in WORDS]
        assert any(expected)
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / language))
        assert breaks(language) == expected  # parsed by pyphen, and kept
        [kept] = (tmp_path / language / "brochure" / "hyphenation").iterdir()
        assert breaks(language) == expected  # read back
        kept.write_text('{"format": 1, "maxlen": 1, "patterns": {}}')
        assert not any(breaks(language))  # the kept patterns are the ones used
        kept.write_text('{"format": 1, "maxlen": 5, "patterns": {"ab": [0, "x"]}}')  # damaged
        assert breaks(language) == expected
        assert len(json.loads(kept.read_bytes())["patterns"]) > 1000  # parsed again and kept


@pytest.mark.slow  # every pattern of a language, 2 s of CPU
def test_a_dictionary_with_non_standard_hyphenation_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    # Hungarian patterns carry replacements (ssz -> sz-sz): pyphen parses them itself, every time
    language = pyphen.language_fallback("hu_HU")
    path = Path(pyphen.LANGUAGES[language])
    monkeypatch.delitem(pyphen.hdcache, path, raising=False)
    assert list(patterns.dictionary(language, 2, 2).iterate("asszonnyal")) == \
        list(pyphen.Pyphen(lang=language, cache=False).iterate("asszonnyal"))
    assert not (tmp_path / "brochure" / "hyphenation").exists()


def test_colours_converted_through_the_profile_are_kept_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    profile = str(REPOSITORY / "profiles" / "FOGRA39.icc")
    swatches = [(1.0, 0.6, 0.0, 0.25), (0.0, 0.4, 1.0, 0.0), (0.0, 0.0, 0.0, 1.0)]

    def convert() -> list[tuple[float, float, float]]:  # in a new session: from the disk, else converted
        colours = colour.ColourTransforms()
        return [colours.cmyk_to_srgb(*swatch, profile) for swatch in swatches]

    converted = convert()
    assert converted[0][2] > 0.4 > converted[0][0]  # a dark blue: blue above red
    [kept] = (tmp_path / "brochure" / "colour").iterdir()
    assert len(json.loads(kept.read_bytes())) == 3

    def no_transform(*_arguments):
        raise AssertionError("the kept conversions were not used")

    with monkeypatch.context() as patched:
        patched.setattr(colour.ColourTransforms, "cmyk_to_rgb_transform", no_transform)
        assert convert() == converted
    kept.write_text('{"255,153,0,64": [1, 2]}')  # damaged: converted again
    assert convert() == converted
    assert len(json.loads(kept.read_bytes())) == 3  # and kept again


def test_preflight_imports_none_of_the_build(tmp_path):
    """`brochure preflight` reads any PDF with pikepdf: no reportlab, pypdf, fonts, shaping,
    hyphenation or locale data, none of the other commands' libraries."""
    pdf = tmp_path / "any.pdf"
    document = pikepdf.new()
    document.add_blank_page(page_size=(420, 595))
    document.save(pdf)
    modules = imported_by(tmp_path, "preflight", str(pdf), "--format", "json", status=1)  # not PDF/X: fails
    assert "brochure.preflight.run" in modules and "pikepdf" in modules
    assert loaded(modules, "reportlab", "pypdf", "fontTools", "babel", "uharfbuzz", "pyphen", "pypdfium2",
                  "ruamel", "watchfiles", "polib", "brochure.pipeline", "brochure.layout", "brochure.render",
                  "brochure.typeset", "brochure.finish", "importlib.metadata") == []


@pytest.mark.slow
def test_a_build_from_the_kept_patterns_and_colours_is_byte_identical_to_one_without(tmp_path):
    """Two cold processes with an empty cache folder, then with what the first kept there (hyphenation
    patterns, colours, map labels' places, halos' glyph outlines)."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "SOURCE_DATE_EPOCH": "1700000000"}
    outputs = []
    for run in ("empty cache", "kept"):
        output = tmp_path / run
        subprocess.run([sys.executable, "-m", "brochure", "build", str(REPOSITORY), "--edition", "fr-en",
                        "--no-preflight", "--format", "print,screen", "--output", str(output), "-q"],
                       check=True, env=environment, capture_output=True)
        outputs.append([(output / name).read_bytes() for name in ("aix-international-strategy.pdf",
                                                                  "aix-international-strategy-screen.pdf")])
        # (a write cut short, by a page plan's child stopped mid-layout, leaves a hidden temporary file)
        kept = {folder.name: len([path for path in folder.iterdir() if not path.name.startswith(".")])
                for folder in (tmp_path / "cache" / "brochure").iterdir()}
        assert kept.get("hyphenation") == 2 and kept.get("colour") == 1, kept  # fr, en_GB; FOGRA39
        assert kept.get("map-labels") == 2, kept  # the places of the labels of its two labelled maps
        assert kept.get("glyph-outlines") == 2, kept  # the faces of the labels' halos
    assert outputs[0] == outputs[1]


def test_a_profile_replaced_in_a_live_process_is_read_again(tmp_path):
    """A session keeps transforms by the profile's content: a watch whose profile file is replaced
    converts through the new content, and the same bytes under another name reuse the transform."""
    colours = colour.ColourTransforms()
    swatch = (1.0, 0.6, 0.0, 0.25)
    fogra = (REPOSITORY / "profiles" / "FOGRA39.icc").read_bytes()
    path = tmp_path / "output.icc"
    path.write_bytes(fogra)
    before = colours.cmyk_to_srgb(*swatch, str(path))
    transform = colours.cmyk_to_rgb_transform(str(path))
    assert colours.cmyk_to_rgb_transform(str(path)) is transform  # kept while the file stays
    twin = tmp_path / "copy.icc"
    twin.write_bytes(fogra)
    assert colours.cmyk_to_rgb_transform(str(twin)) is transform  # the same content: the same transform
    path.write_bytes(fogra + b"\0" * 16)  # other bytes under the same name
    assert colours.cmyk_to_rgb_transform(str(path)) is not transform  # read again
    assert colours.cmyk_to_srgb(*swatch, str(path)) == before  # the same profile data: the same colour
    assert colour.ColourTransforms().cmyk_to_rgb_transform(str(twin)) is not transform  # a session's own
