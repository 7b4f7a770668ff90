"""The dashboard over the built-in scenarios in headless Chromium, as a new user meets it."""

from __future__ import annotations

import pytest
from conftest import TOKEN, shoot

from dualpower.scenarios import builtin_names

pytestmark = pytest.mark.browser
DONE = "document.getElementById('progress-text').textContent.startsWith('done')"


def open_dashboard(pg, server, hash_=""):
    pg.goto(f"{server}/?token={TOKEN}{hash_}")
    pg.wait_for_selector("body[data-scenario]", state="attached")


def choose(pg, name):
    pg.select_option("#scenario", name)
    pg.wait_for_function(f"document.body.dataset.scenario === '{name}'")


def run_to_end(pg, timeout=120_000):
    pg.click("#run")
    pg.wait_for_function(f"{DONE} || document.getElementById('error').textContent !== ''", timeout=timeout)
    assert pg.inner_text("#error") == ""
    pg.wait_for_function("window.dpTimings.final !== undefined", timeout=timeout)


def test_every_builtin_scenario_runs_with_the_defaults(page, real_server):
    open_dashboard(page, real_server)
    assert page.input_value("#scenario") == "petrograd-1917"
    assert page.input_value("#preset") == "quick"
    for name in builtin_names():
        choose(page, name)
        run_to_end(page)
        assert page.locator("#live .chart .main-svg").count() > 0, name
        if name == "petrograd-1917":
            shoot(page, "dashboard-desktop")
    assert page.errors == []


def test_a_choice_and_an_optional_parameter_reach_the_run(page, real_server):
    open_dashboard(page, real_server)
    choose(page, "civil-violence")
    page.select_option('.param[data-name="variant"] select', "netlogo")
    box = '.param[data-name="legitimacy_drop_to"]'
    assert page.locator(f"{box} input[type=number]").is_disabled()
    page.check(f"{box} .is-set")
    page.fill(f"{box} input[type=number]", "0.5")
    page.fill("#steps", "60")
    run_to_end(page)
    assert "variant=netlogo" in page.evaluate("location.hash") and "legitimacy_drop_to=0.5" in page.evaluate(
        "location.hash"
    )
    params = page.text_content("#live .tables")
    assert "netlogo" in params and "0.5" in params
    page.fill(f"{box} input[type=number]", "7")
    page.click("#run")
    page.wait_for_function("document.getElementById('error').textContent !== ''")
    assert page.inner_text("#error").startswith("Legitimacy changes to (legitimacy_drop_to)")
    choose(page, "petrograd-1917")
    assert page.inner_text("#error") == ""
    assert [e for e in page.errors if "422" not in e] == []


def test_a_shared_link_sets_the_controls(page, real_server):
    open_dashboard(page, real_server, "#scenario=civil-violence&steps=30&variant=paper&legitimacy=0.6")
    page.wait_for_function("document.body.dataset.scenario === 'civil-violence'")
    assert page.input_value('.param[data-name="variant"] select') == "paper"
    assert page.input_value('.param[data-name="legitimacy"] input[type=number]') == "0.6"
    assert page.input_value("#steps") == "30"


def test_compare_two_runs_shows_support(page, real_server):
    open_dashboard(page, real_server)
    page.fill("#steps", "40")
    run_to_end(page)
    page.fill('.param[data-name="agitation"] input[type=number]', "0.3")
    run_to_end(page)
    page.wait_for_function("document.querySelectorAll('#runs li .status-done').length >= 2")
    page.click("#compare")
    page.wait_for_selector('#comparison [data-fig="cmp-support"] .main-svg')
    assert "agitation" in page.inner_text("#comparison .summary")
    shoot(page, "dashboard-compare-desktop")
    assert page.errors == []


def test_phone_width_shows_run_in_the_first_screen(phone, real_server):
    open_dashboard(phone, real_server)
    box = phone.locator("#run").bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    phone.fill("#steps", "60")
    run_to_end(phone)
    shoot(phone, "dashboard-phone")
    assert phone.errors == []


def test_what_if_over_seeds_draws_bands(page, real_server):
    open_dashboard(page, real_server)
    page.fill("#steps", "30")
    page.fill("#ens-seeds", "3")
    page.fill('.param[data-name="agitation"] input[type=number]', "0.3")
    page.click("#ensemble")
    page.wait_for_selector('#comparison [data-fig="cmp-support"] .main-svg', timeout=120_000)
    assert "3 | 3" in page.inner_text("#comparison .summary")
    assert "agitation" in page.inner_text("#comparison .summary")
    shoot(page, "dashboard-ensemble-desktop")
    assert page.errors == []
