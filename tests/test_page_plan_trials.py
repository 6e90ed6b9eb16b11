"""The page plan's trials: a budget that decides every run-on choice of a layout already made
as that layout's budget did is that layout (the plan lays it out once)."""

from brochure.layout.page_plan import PageBudget, PlanChoice, decides_alike


def test_a_choice_under_the_foot_share_always_starts_a_page():
    assert PageBudget(0.0).starts_page(PlanChoice(free=0.2, spent=0.0))
    assert not PageBudget(0.0).starts_page(PlanChoice(free=0.0, spent=0.0))  # at the top of a page


def test_a_choice_within_the_budget_starts_a_page_and_one_beyond_it_runs_on():
    choice = PlanChoice(free=0.3, spent=1.0)
    assert PageBudget(1.5).starts_page(choice)       # 1.3 spent fits 1.5 (+ 0.1)
    assert not PageBudget(1.0).starts_page(choice)   # 1.3 does not fit 1.1
    assert not PageBudget(5.0).starts_page(PlanChoice(free=0.5, spent=0.0))  # more than the largest blank


def test_budgets_that_decide_each_choice_alike_are_one_layout():
    choices = [PlanChoice(0.27, 0.0), PlanChoice(0.6, 0.27), PlanChoice(0.31, 0.27)]
    # 2.0, 1.5 and 2.5 all take the first and third (0.58 spent): one layout
    assert decides_alike(choices, PageBudget(2.0), PageBudget(1.5))
    assert decides_alike(choices, PageBudget(2.0), PageBudget(2.5))
    # 0.5 takes both too (0.58 <= 0.6); 0.3 takes the first (0.27 <= 0.4), not the third (0.58 > 0.4)
    assert decides_alike(choices, PageBudget(2.0), PageBudget(0.5))
    assert not decides_alike(choices, PageBudget(2.0), PageBudget(0.3))
    assert not decides_alike(choices, PageBudget(0.0), PageBudget(2.0))  # 0.0 runs the first on


def test_a_layout_with_no_run_on_choice_is_the_same_under_any_budget():
    assert decides_alike([], PageBudget(0.0), PageBudget(2.5))
