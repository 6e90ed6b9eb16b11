"""A build of several renderings starts the longest first, by the durations its last build
recorded (pipeline/durations.py); the order changes no byte of any file."""

from __future__ import annotations

import hashlib
import os

import pytest

from brochure.pipeline import Project, build
from brochure.pipeline.durations import durations_path, longest_first, record_durations, recorded_durations


def test_renderings_never_measured_go_first_then_the_longest():
    jobs = [("fr-en", "print"), ("fr", "print"), ("fr-ar", "print"), ("new", "print"), ("fr-en", "screen")]
    durations = {("fr-en", "print"): 2.4, ("fr", "print"): 0.7, ("fr-ar", "print"): 1.1}
    order = [jobs[index] for index in longest_first(jobs, durations)]
    assert order == [("new", "print"), ("fr-en", "screen"), ("fr-en", "print"), ("fr-ar", "print"), ("fr", "print")]
    assert longest_first(jobs, {}) == list(range(len(jobs)))  # never built: the order declared


def test_durations_are_kept_per_brochure_folder_and_merged(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    one, other = tmp_path / "one", tmp_path / "other"
    assert recorded_durations(one) == {}
    record_durations(one, {("fr-en", "print"): 2.0, ("fr", "print"): 1.0})
    record_durations(one, {("fr", "print"): 0.5})  # a build of one edition keeps the others' figures
    assert recorded_durations(one) == {("fr-en", "print"): 2.0, ("fr", "print"): 0.5}
    assert recorded_durations(other) == {}
    assert durations_path(one) != durations_path(other)


def test_an_unreadable_record_only_loses_the_order(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = durations_path(tmp_path)
    path.parent.mkdir(parents=True)
    for broken in ("{not json", '{"fr": 1}', '[["fr", "print"]]', '[["fr", "print", "slow"]]'):
        path.write_text(broken, encoding="utf-8")
        assert recorded_durations(tmp_path) == {}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="editions are rendered in worker processes with 2 cores or more")
def test_a_build_of_several_editions_records_them_and_their_order_changes_no_byte(project_copy, tmp_path,
                                                                                  monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    folder = project_copy
    project = Project.at(folder)
    editions = ("fr", "en", "fr-ja")

    def files() -> dict[str, str]:
        build(project, editions=editions, run_preflight=False)
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (folder / "output").glob("*.pdf")}

    first = files()
    recorded = recorded_durations(folder)
    assert set(recorded) == {(name, "print") for name in editions}
    assert all(seconds > 0 for seconds in recorded.values())
    # the next build starts them in another order: the one declared first made the longest
    record_durations(folder, {("fr", "print"): 0.1, ("en", "print"): 0.2, ("fr-ja", "print"): 9.0})
    assert longest_first([(name, "print") for name in editions], recorded_durations(folder))[0] == 2
    assert files() == first
    assert len(first) == 3
