"""Each reportlab fix: the defect it corrects reproduced, fixed with it, back without it;
and the guard that stops a build on a reportlab the fixes were not written for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types

import pytest

from brochure.typeset import reportlab_fixes
from brochure.typeset.reportlab_fixes.patching import Fix, Patch, ReportlabChanged, apply_fix
from tests.reportlab_fix_cases import CASES, REPOSITORY


def test_every_fix_has_a_reproduction():
    assert sorted(fix.name for fix in reportlab_fixes.FIXES) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_fix_corrects_its_defect(name):
    reportlab_fixes.apply()
    CASES[name]()


@pytest.fixture(scope="module")
def without_each_fix() -> dict[str, tuple[int, str]]:
    """name -> (exit code, standard error) of its case run with every other fix applied, in a
    fresh process: one process forking a child per case where the system forks (importing
    reportlab and the typesetter once), else one process per case."""
    if not hasattr(os, "fork"):
        return {name: (result.returncode, result.stderr) for name in sorted(CASES)
                for result in [subprocess.run([sys.executable, "-m", "tests.reportlab_fix_cases", name],
                                              cwd=REPOSITORY, capture_output=True, text=True, timeout=60)]}
    result = subprocess.run([sys.executable, "-m", "tests.reportlab_fix_cases", "--each", *sorted(CASES)],
                            cwd=REPOSITORY, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return {name: (code, error) for name, (code, error) in json.loads(result.stdout).items()}


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_the_fix_the_defect_comes_back(name, without_each_fix):
    """Proves the reproduction can fail: in a fresh process with every other fix applied."""
    returncode, stderr = without_each_fix[name]
    assert returncode != 0, f"{name}: the defect did not show without its fix"
    assert "AssertionError" in stderr or "TypeError" in stderr, stderr[-2000:]


def test_a_missing_target_stops_before_anything_is_patched():
    owner = types.SimpleNamespace(present=1)
    fix = Fix("test", "why", lambda: [Patch(owner, "present", 2, int), Patch(owner, "gone", 3, int)])
    with pytest.raises(ReportlabChanged, match=r"\.gone no longer exists"):
        apply_fix(fix)
    assert owner.present == 1  # never half a fix


def test_a_changed_signature_stops_the_build():
    def split(text, delimiter=None, limit=0):
        return []

    owner = types.SimpleNamespace(split=split)
    fix = Fix("test", "why", lambda: [Patch(owner, "split", len, "(text, delim=None)")])
    with pytest.raises(ReportlabChanged, match=r"signature \(text, delimiter=None, limit=0\), expected"):
        apply_fix(fix)
    assert owner.split is split


def test_a_value_of_another_type_stops_the_build():
    owner = types.SimpleNamespace(table=["a"])
    with pytest.raises(ReportlabChanged, match="is a list, expected a str"):
        apply_fix(Fix("test", "why", lambda: [Patch(owner, "table", "b", str)]))
