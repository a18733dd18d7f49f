"""Search (issue 24, point 8) in a real browser: typing "Gomulka" finds the Gomułka briefs with the match marked
in their snippets and the study items that name him; an item's link lands on the section of the brief it came
from. Axe scans on a laptop and at phone width (390 px)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, no_horizontal_scroll, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMELINE = "russian-history-iii-khrushchev-era-timeline"


def test_typing_gomulka_finds_gomulka_with_snippets_and_items_that_land_on_their_section(page, demo):
    sign_in(page)
    page.goto("/briefs/")
    page.get_by_label("Search the briefs").fill("GOMULKA")  # htmx searches as one types
    results = page.locator("#results")
    expect(results.get_by_role("heading", name="2 briefs match “GOMULKA”")).to_be_visible()
    expect(results.locator(".snippet mark", has_text="Gomułka").first).to_be_visible()
    items = results.get_by_role("list", name="study items match")
    expect(items.locator("li")).not_to_have_count(0)
    assert_accessible(page, "search results")
    screenshot(page, "search-gomulka")

    page.set_viewport_size({"width": 390, "height": 844})
    assert no_horizontal_scroll(page)
    assert_accessible(page, "search results at 390 px")
    screenshot(page, "search-gomulka-390")

    link = items.get_by_role("link", name="Władysław Gomułka")
    fragment = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(f"**/briefs/{TIMELINE}/#{fragment}")
    # The section the item came from: its first entry carries the section's id (briefs.selectors.study_aids).
    target = page.locator(f"[id='{fragment}']")
    expect(target).to_be_in_viewport()
    expect(page.locator("section.aid", has=target)).to_contain_text("Władysław Gomułka")
