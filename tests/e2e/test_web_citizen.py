"""A first-time citizen on a 390x844 phone, in Hindi, against the real local stack: signs in (the
OTP screen counts down to a resend, offers to change the number, says how many tries are left),
files a grievance choosing its category from a searchable list (nothing chosen for them), reads
the URN in groups, downloads the acknowledgement PDF, and after a reload (still signed in) finds
the grievance under "My requests" and the SMS among their messages. Counts the steps from home to
the URN. Screenshots land in tests/artifacts/web/ (copied to docs/screenshots/ for the docs)."""

from __future__ import annotations

import re

import pytest
import requests

from tests.e2e.test_web import SEEDED, _css, _go, _heading, _submit, _type, _wait
from tests.e2e.web_helpers import WebStack, chromium, screenshot

MOBILE = "9876500031"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    state = tmp_path_factory.mktemp("web-citizen-stack")
    running = WebStack(state, SEEDED)
    try:
        running.wait_ready()
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture
def phone(tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("phone-profile"), width=390, height=844)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    try:
        yield driver
    finally:
        driver.quit()


def test_a_citizen_on_a_phone_files_keeps_the_acknowledgement_and_finds_it_again(stack, phone):
    steps = []

    def step(name):
        steps.append(name)

    _go(phone, stack, "/")
    _css(phone, "main a[href='#/signin']").click()
    step("tap sign-in")
    _heading(phone, "नागरिक लॉगिन")
    _type(phone, "mobile", MOBILE)
    _submit(phone)
    step("mobile + send OTP")
    resend = _css(phone, "#otp-resend", "सेकंड बाद")                     # the countdown, counting
    assert resend.get_attribute("disabled") is not None
    first = int(re.search(r"\d+", resend.text).group())
    _wait(phone, lambda d: int(re.search(r"\d+", d.find_element("css selector", "#otp-resend").text).group()) < first)
    assert _css(phone, "#otp-change").text == "मोबाइल नंबर बदलें"
    assert "5 प्रयास" in _css(phone, "#otp-tries").text
    otp = stack.otp(MOBILE)
    _type(phone, "otp", "000000" if otp != "000000" else "111111")
    _submit(phone)
    _css(phone, "#otp-tries", "4 प्रयास बचे")                           # a wrong OTP says what is left
    screenshot(phone, "phone-otp-countdown", full_page=False)
    _type(phone, "otp", otp)
    _submit(phone)
    step("OTP + sign in")
    _heading(phone, "मेरी शिकायतें")
    _css(phone, "main a.button[href='#/grievances/new']").click()
    step("tap file a grievance")
    _heading(phone, "शिकायत दर्ज करें")
    assert not phone.execute_script("return document.querySelector(\"input[name='category']:checked\")")
    search = _css(phone, "#category-search")
    search.send_keys("चुनाव")
    _wait(phone, lambda d: len([e for e in d.find_elements("css selector", "label.choice") if e.is_displayed()]) == 1)
    _css(phone, "label.choice", "संस्था के चुनाव").click()
    step("search + choose the category")
    screenshot(phone, "phone-category-picker")
    from selenium.webdriver.support.ui import Select

    Select(_css(phone, "select[name='district']")).select_by_value("bhopal")
    step("choose the district")
    _type(phone, "subject", "संस्था के चुनाव तीन वर्ष से नहीं हुए")
    step("type the subject")
    _type(phone, "description", "समिति का कार्यकाल समाप्त हो गया है पर चुनाव नहीं कराए गए। कृपया कार्यवाही करें।")
    step("type the description")
    _submit(phone)
    step("submit")
    shown = _css(phone, "#urn")
    urn = shown.get_attribute("data-urn")
    assert re.fullmatch(r"2\d{9}", urn) and shown.text.strip() == f"{urn[0]} {urn[1:5]} {urn[5:]}"
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-grouped-urn")

    _css(phone, "#ack-download").click()
    link = _css(phone, "#ack-link")
    assert link.get_attribute("download") == f"grievance-{urn}.pdf"
    assert link.get_attribute("href").startswith("blob:")                # the PDF the page fetched, to save
    # (the page's CSP keeps connect-src to the API, so the blob is not re-read here; the same request is)
    token = phone.execute_script("return JSON.parse(localStorage.getItem('session')).token")
    pdf = requests.get(f"{stack.api}/grievances/{urn}/acknowledgement", timeout=60,
                       headers={"Accept": "application/pdf", "Authorization": f"Bearer {token}"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    screenshot(phone, "phone-acknowledgement")

    phone.refresh()                                                     # a reload keeps the session
    _go(phone, stack, "/me")
    _heading(phone, "मेरे अनुरोध")
    _css(phone, "#my-requests a", f"{urn[0]} {urn[1:5]} {urn[5:]}")
    note = _css(phone, "#my-notifications li.unread", urn)
    assert "ओटीपी" not in _css(phone, "#my-notifications").text          # OTPs are not kept
    note.find_element("css selector", "button").click()
    _css(phone, "#my-notifications li.read", urn)
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    screenshot(phone, "phone-my-requests")
    print(f"\nsteps from home to URN: {len(steps)}: {steps}")
    assert len(steps) <= 9
