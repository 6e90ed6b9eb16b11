"""The page plan's layout laid out ahead in a child process (pipeline/trial_ahead.py): the same
bytes as laid out in turn, and a child that fails costs time, never the build."""

from __future__ import annotations

import os

import pytest

from brochure.layout.page_plan import PageBudget
from brochure.pipeline import Project, load_project, trial_ahead
from brochure.pipeline import render as render_module
from brochure.pipeline.render import render_pdf
from brochure.pipeline.trial_ahead import TrialAhead, can_lay_out_ahead
from tests.conftest import REPOSITORY

needs_fork = pytest.mark.skipif(not can_lay_out_ahead(1), reason="a layout ahead needs fork and a second core")


@pytest.mark.slow  # the fr-en edition laid out twice (its plan tries three layouts)
@needs_fork
def test_a_layout_ahead_gives_the_bytes_of_the_layouts_in_turn(monkeypatch):
    """fr-en tries three budgets and keeps the third: laid out ahead, in the child, it is the one
    taken, and its file is the file the layouts in turn write."""
    brochure, design = load_project(Project.at(REPOSITORY))
    taken: list[PageBudget] = []
    take = TrialAhead.take

    def recorded(self, budget):
        made = take(self, budget)
        if made is not None:
            taken.append(budget)
        return made
    monkeypatch.setattr(TrialAhead, "take", recorded)
    ahead = render_pdf(brochure, design, REPOSITORY, spare_core=True)
    monkeypatch.setattr(render_module, "can_lay_out_ahead", lambda pages: False)
    in_turn = render_pdf(brochure, design, REPOSITORY, spare_core=True)
    assert taken and ahead.plans == in_turn.plans and "(chosen)" in ahead.plans[2], ahead.plans
    assert ahead.pdf == in_turn.pdf and ahead.pages == in_turn.pages


@needs_fork
def test_a_child_that_dies_or_fails_gives_nothing_and_the_parent_lays_the_budget_out():
    budget = PageBudget(2)
    died = TrialAhead(budget, lambda: os._exit(3))  # type: ignore[arg-type, return-value]
    assert died.take(budget) is None and died.exit_status == 3

    def fails():
        raise ValueError("a layout that fails in the child")
    failed = TrialAhead(budget, fails)
    assert failed.take(budget) is None
    other = TrialAhead(budget, fails)
    assert other.take(PageBudget(3)) is None  # not its budget: nothing is waited for
    other.close()
    assert other.pid is None and other.exit_status is not None  # reaped


def test_only_a_brochure_sized_edition_is_laid_out_ahead():
    assert not can_lay_out_ahead(trial_ahead.MAX_PAGES_AHEAD + 1)
