"""The officer's desk in a real browser against the real local stack: reveal the complainant's
number and record the call, close several grievances at once (after confirming), and drill down
the dashboard that reconciles from the districts to an office's grievances. Screenshots land in
tests/artifacts/web/desk-*.png."""

from __future__ import annotations

import pytest

from stack.bootstrap import DEMO_PASSWORD
from tests.e2e.test_web import _css, _wait  # the browser tests' one way to find and wait
from tests.e2e.web_helpers import WebStack, chromium, citizen_files_grievance, screenshot

OFFICER, OFFICER_MOBILE = "dr.bhopal", "9000000004"
CITIZENS = ("9876500031", "9876500032", "9876500033")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = WebStack(tmp_path_factory.mktemp("desk-stack"), 100)
    try:
        running.wait_ready()
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture(scope="module")
def officer(request, tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("desk-officer"))
    failed_before = request.session.testsfailed
    try:
        yield driver
    finally:
        if request.session.testsfailed > failed_before:
            screenshot(driver, "desk-failed")
        driver.quit()


def _type(driver, selector, value):
    field = _css(driver, selector)
    field.clear()
    field.send_keys(value)


def _go(driver, stack, route):
    url = f"{stack.web}/#{route}"
    if driver.current_url == url:
        driver.refresh()
    else:
        driver.get(url)


def _accept_confirm(driver):
    _wait(driver, lambda d: d.switch_to.alert)
    driver.switch_to.alert.accept()


def test_reveal_and_call_bulk_close_and_drill_down(stack, officer):
    urns = [citizen_files_grievance(stack, mobile, f"सदस्यता आवेदन लंबित {n}") for n, mobile in enumerate(CITIZENS)]

    _go(officer, stack, "/staff")
    _type(officer, "[name='username']", OFFICER)
    _type(officer, "[name='password']", DEMO_PASSWORD)
    before = stack.sms_count(OFFICER_MOBILE)
    _css(officer, "main form button[type='submit']").click()
    _type(officer, "[name='otp']", stack.otp(OFFICER_MOBILE, after=before))
    _css(officer, "main form button[type='submit']").click()
    _css(officer, "table.inbox a", urns[0])

    # Reveal and call: the number appears as a tel: link, the reveal is in the log, the call on the history.
    _go(officer, stack, f"/inbox/{urns[0]}")
    assert "XXXXXX" + CITIZENS[0][-4:] in _css(officer, "main .facts").text       # masked until revealed
    _css(officer, "#reveal-form button[type='submit']").click()
    number = _css(officer, "#reveal-number")
    assert number.text == "+91" + CITIZENS[0] and number.get_attribute("href") == "tel:+91" + CITIZENS[0]
    _type(officer, "#call-form textarea[name='note']", "नागरिक से बात हुई, दस्तावेज़ माँगे")
    _css(officer, "#call-form button[type='submit']").click()
    _css(officer, "ol.timeline li", "फ़ोन")
    _css(officer, ".reveal-log li", OFFICER)
    screenshot(officer, "desk-reveal-and-call")

    # Bulk close: tick two, one note, confirm; each gets its own result.
    _go(officer, stack, "/inbox")
    for urn in urns[1:]:
        _css(officer, f"#bulk-form input[value='{urn}']").click()
    _type(officer, "#bulk-form textarea[name='note']", "सभी आवेदनों पर निर्णय हो गया")
    _css(officer, "#bulk-form button[type='submit']").click()
    _accept_confirm(officer)
    _wait(officer, lambda d: len(d.find_elements("css selector", "#bulk-list li.ok")) == 2)
    screenshot(officer, "desk-bulk-close")

    # Drill-down: districts -> Bhopal's offices -> the grievances behind a figure; the totals add up.
    _go(officer, stack, "/dashboard/reconcile")
    total = _css(officer, "#reconcile tfoot tr")
    assert "✓" in total.text
    _css(officer, "#reconcile a.drill").click()
    _css(officer, "main p a", "सभी ज़िले")                                  # the crumb back to all districts
    _css(officer, "#reconcile tbody td a").click()
    listed = _css(officer, "#reconcile-items li")
    assert any(urn in listed.text for urn in urns) or _css(officer, "#reconcile-items a")
    screenshot(officer, "desk-drill-down")
