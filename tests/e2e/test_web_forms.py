"""On a 390x844 phone in Hindi: a farmer opens the interest calculator from home without signing
in (seasons by name); a citizen finds a service by searching, answers its own questions, uploads its
documents and gets the acknowledgement; the PACS operator signs in and lands on the counter of the
PACS the account is bound to. Screenshots: tests/artifacts/web/phone-*.png."""

from __future__ import annotations

import re

import pytest

from stack.bootstrap import DEMO_OPERATOR, DEMO_PASSWORD, demo_pacs
from tests.e2e.test_web import SEEDED, _css, _go, _heading, _submit, _type, _wait
from tests.e2e.web_helpers import WebStack, chromium, screenshot, tiny_pdf

CITIZEN = "9876500021"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = WebStack(tmp_path_factory.mktemp("forms-stack"), SEEDED)
    try:
        running.wait_ready()
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture
def phone(tmp_path):
    driver = chromium(tmp_path / "profile", 390, 844)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    try:
        yield driver
    finally:
        driver.quit()


def _fits(driver):
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390


def test_phone_in_hindi_calculator_service_form_and_counter(stack, phone, tmp_path):
    # A farmer: the calculator from home, no sign-in, seasons by name.
    _go(phone, stack, "/")
    _css(phone, "main a[href='#/interest']").click()
    _heading(phone, "फ़सल ऋण ब्याज कैलकुलेटर")
    options = [o.text for o in phone.find_elements("css selector", "select[name='season'] option")][1:]
    assert options and all(re.fullmatch(r"(खरीफ|रबी) \d{4}", o) for o in options), options
    _fits(phone)
    screenshot(phone, "phone-calculator-hi", full_page=False)

    # A citizen: search the services, answer the service's questions, upload its documents.
    _go(phone, stack, "/signin")
    _type(phone, "mobile", CITIZEN)
    _submit(phone)
    _type(phone, "otp", stack.otp(CITIZEN))
    _submit(phone)
    _heading(phone, "मेरी शिकायतें")
    _go(phone, stack, "/services")
    _heading(phone, "लोक सेवा गारंटी की सेवाएँ")
    assert not phone.find_elements("css selector", "input[type='checkbox']:checked")   # nothing ticked for you
    assert not phone.find_elements("css selector", "input[name='service'][value='bye_law_amendment']")  # society's own
    _type(phone, "service_search", "आय प्रमाण")
    _css(phone, "input[name='service'][value='income_certificate']").click()
    _css(phone, "main h2", "आय प्रमाण पत्र")
    from selenium.webdriver.support.ui import Select

    Select(_css(phone, "select[name='district']")).select_by_value("bhopal")
    _type(phone, "applicant_name", "सीता देवी")
    _type(phone, "form.father_name", "राम प्रसाद")
    _type(phone, "form.address", "वार्ड 4, बैरसिया")
    _type(phone, "form.annual_income", "84000")
    Select(_css(phone, "select[name='form.income_source']")).select_by_value("farming")
    _submit(phone)                                                      # no documents yet: refused, in Hindi
    _css(phone, "input[name='doc.aadhaar'][aria-invalid='true']")        # the page's own check, at the field
    assert any(re.search("[\u0900-\u097F]", e.text) for e in phone.find_elements("css selector", "main .field-error"))
    for code in ("aadhaar", "self_declaration", "income_proof"):
        _css(phone, f"input[name='doc.{code}']").send_keys(str(tiny_pdf(tmp_path / f"{code}.pdf")))
    _fits(phone)
    screenshot(phone, "phone-service-form-hi")
    _submit(phone)
    ack = _css(phone, "#ack").text.replace(" ", "").strip()
    assert re.fullmatch(r"3\d{9}", ack), ack                            # an acknowledgement: 10 digits from 3
    _css(phone, "nav button", "लॉग आउट").click()

    # The PACS operator lands on the counter of the bound PACS.
    _go(phone, stack, "/staff")
    _type(phone, "username", DEMO_OPERATOR.username)
    _type(phone, "password", DEMO_PASSWORD)
    before = stack.sms_count(DEMO_OPERATOR.mobile)
    _submit(phone)
    _type(phone, "otp", stack.otp(DEMO_OPERATOR.mobile, after=before))
    _submit(phone)
    _heading(phone, "पैक्स काउंटर")
    _css(phone, "main .facts", demo_pacs(SEEDED))
    _type(phone, "service_search", "सदस्यता")
    _css(phone, "input[name='service'][value='pacs_membership']").click()
    _wait(phone, lambda d: d.find_element("css selector", "input[name='fee_taken']").get_attribute("value") == "10.00")
    _fits(phone)
    screenshot(phone, "phone-counter-hi")
