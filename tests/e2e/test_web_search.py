"""The officer's search bar, CSV export and print view in a real browser against `make run`.

Bhopal's Deputy Registrar signs in, sees the inbox with filed date, category and society columns,
searches by the last digits of a URN from the filter bar, downloads the result as CSV (the file
Chromium saves is read back: BOM, Hindi headings and the citizen's Hindi subject intact) and looks
at the page as it prints (navigation, filters and buttons gone). Screenshots: tests/artifacts/web/.
"""

from __future__ import annotations

import time

import pytest

from stack.bootstrap import DEMO_PASSWORD
from tests.e2e.test_web import OFFICER, OFFICER_MOBILE, SEEDED, _css, _go, _heading, _submit, _type, _wait
from tests.e2e.web_helpers import WebStack, chromium, citizen_files_grievance, screenshot

SUBJECT = "सदस्यता आवेदन पर तीन माह से निर्णय नहीं"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = WebStack(tmp_path_factory.mktemp("search-stack"), SEEDED)
    try:
        running.wait_ready()
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture(scope="module")
def officer(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("search-officer"))
    try:
        yield driver
    finally:
        driver.quit()


def test_officer_searches_exports_csv_with_hindi_and_prints(stack, officer, tmp_path):
    urn = citizen_files_grievance(stack, "9876500021", SUBJECT)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    officer.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})

    _go(officer, stack, "/staff")
    _heading(officer, "अधिकारी लॉगिन")
    _type(officer, "username", OFFICER)
    _type(officer, "password", DEMO_PASSWORD)
    before = stack.sms_count(OFFICER_MOBILE)
    _css(officer, "main form button[type='submit']").click()
    _type(officer, "otp", stack.otp(OFFICER_MOBILE, after=before))
    _submit(officer)
    _heading(officer, "इनबॉक्स")
    _css(officer, "table.inbox a", urn)
    headings = [th.text for th in officer.find_elements("css selector", "table.inbox thead th")]
    assert headings == ["URN", "दर्ज", "श्रेणी", "संस्था", "विषय", "स्थिति", "स्तर", "समय-सीमा"], headings

    # The filter bar: the last four digits of the URN, within the officer's inbox.
    _type(officer, "urn", urn[-4:])
    _css(officer, "form.filters button[type='submit']").click()
    _heading(officer, "शिकायतें खोजें")
    _css(officer, "table.search a", urn)
    assert "urn=" + urn[-4:] in officer.current_url
    screenshot(officer, "officer-search")

    _css(officer, "button.csv").click()
    _wait(officer, lambda d: any(p.suffix == ".csv" for p in downloads.iterdir()), 30)
    path = next(p for p in downloads.iterdir() if p.suffix == ".csv")
    time.sleep(0.5)                                                  # let Chromium finish writing it
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), data[:20]               # the BOM Excel needs for Hindi
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("शिकायत क्रमांक,दर्ज दिनांक,श्रेणी"), lines[0]
    assert any(urn in line and SUBJECT in line for line in lines[1:]), text

    # As it prints: the content only.
    officer.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        _css(officer, "table.search a", urn)                          # the results still show
        hidden = officer.execute_script(
            "return ['header.top', 'form.filters', 'button.csv', 'span.download']"
            ".map(s => getComputedStyle(document.querySelector(s)).display)")
        assert hidden == ["none", "none", "none", "none"], hidden
        screenshot(officer, "officer-search-print")
    finally:
        officer.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
