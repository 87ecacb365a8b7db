"""The web client in a real browser against the real local stack (`make run`).

A citizen signs in with an OTP, files a grievance with a PDF and tracks it; the Deputy Registrar
of Bhopal signs in with password and OTP, finds it in the inbox and resolves it with a note; the
citizen gives feedback; the citizen applies for a guaranteed service, the officer approves it and the
citizen downloads the certificate; anyone tracks the grievance by URN; English replaces Hindi at a click; a phone-sized
screen shows it all. Screenshots land in tests/artifacts/web/.
"""

from __future__ import annotations

import json
import re
import time
from urllib.parse import urlsplit

import pytest
import requests
from selenium.webdriver.common.keys import Keys

from stack.bootstrap import DEMO_OPERATOR, DEMO_PASSWORD, demo_pacs
from stack.seed_data import societies
from tests.e2e.web_helpers import (
    ARTIFACTS,
    WebStack,
    chromium,
    citizen_files_grievance,
    screenshot,
    society_files_return,
    tiny_pdf,
)

CITIZEN = "9876500011"
OFFICER, OFFICER_MOBILE = "dr.bhopal", "9000000004"   # the seeded L1 seat of a Bhopal "coop" grievance
WAIT = 30
SEEDED = 100                                           # societies the test stack seeds: few, to start fast
DEMO_SOCIETY = next(r["reg_no"] for r in societies(SEEDED) if r["district"] == "bhopal")   # has a known password
PACS = demo_pacs(SEEDED)                    # the local stack binds its demo operator to this service centre
COUNTER_CITIZEN = "9876500012"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    state = tmp_path_factory.mktemp("web-stack")
    running = WebStack(state, SEEDED)
    try:
        running.wait_ready()
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture(scope="module")
def browsers(request, tmp_path_factory):
    """Two people at two browsers: the citizen and the officer."""
    opened = {}
    failed_before = request.session.testsfailed
    for old in ARTIFACTS.glob("*.png"):                          # this run's pictures only
        old.unlink()
    try:
        opened["citizen"] = chromium(tmp_path_factory.mktemp("citizen-profile"))
        opened["officer"] = chromium(tmp_path_factory.mktemp("officer-profile"))
        yield opened
    finally:
        for who, driver in opened.items():
            if request.session.testsfailed > failed_before:      # what each person saw when it failed
                screenshot(driver, f"failed-{who}")
            driver.quit()


# --- small steps a person takes ------------------------------------------------------------

def _wait(driver, condition, seconds=WAIT):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # A view re-renders as data arrives, so an element found a moment ago may be gone: look again.
    return WebDriverWait(driver, seconds, poll_frequency=0.1,
                         ignored_exceptions=(StaleElementReferenceException,)).until(condition)


def _css(driver, selector, text=None):
    """The first visible element matching `selector` (and containing `text`)."""
    from selenium.webdriver.common.by import By

    def found(d):
        for el in d.find_elements(By.CSS_SELECTOR, selector):
            if el.is_displayed() and (text is None or text in el.text):
                return el
        return False

    return _wait(driver, found)


def _heading(driver, text):
    return _css(driver, "main h1", text)


def _type(driver, name, value):
    field = _css(driver, f"[name='{name}']")
    field.clear()
    field.send_keys(value)
    return field


def _choose(driver, name, value):
    from selenium.webdriver.support.ui import Select

    Select(_css(driver, f"select[name='{name}']")).select_by_value(value)


def _submit(driver):
    _css(driver, "main form button[type='submit']").click()


def _go(driver, stack, route):
    url = f"{stack.web}/#{route}"
    if driver.current_url == url:
        driver.refresh()                       # the same address: load it afresh
    else:
        driver.get(url)


def _status(driver, text):
    return _css(driver, "main .urn-line .badge", text)


def _first_load(driver, stack) -> dict:
    """Bytes of the app fetched on first load (Performance API), and every host the page spoke to."""
    entries = driver.execute_script(
        "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
        ".map(e => ({name: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize,"
        " transfer: e.transferSize}))")
    web = urlsplit(stack.web).netloc
    app = [e for e in entries if urlsplit(e["name"]).netloc == web]
    return {"files": len(app), "encoded_bytes": sum(e["encoded"] for e in app),
            "transferred_bytes": sum(e["transfer"] for e in app),
            "hosts": sorted({urlsplit(e["name"]).netloc for e in entries}), "entries": entries}


# --- the scenario --------------------------------------------------------------------------

def test_citizen_files_officer_resolves_citizen_gives_feedback(stack, browsers, tmp_path):
    started = time.monotonic()
    citizen, officer = browsers["citizen"], browsers["officer"]
    operator, operator_password, operator_mobile = DEMO_OPERATOR.username, DEMO_PASSWORD, DEMO_OPERATOR.mobile

    # The first visit: Hindi by default, and only the web app and the API are spoken to.
    _go(officer, stack, "/staff")
    _heading(officer, "अधिकारी लॉगिन")
    assert officer.find_element("css selector", "html").get_attribute("lang") == "hi"
    _wait(officer, lambda d: d.execute_script(
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/openapi.json'))"))
    first = _first_load(officer, stack)
    assert set(first["hosts"]) <= {urlsplit(stack.web).netloc, urlsplit(stack.api).netloc}, first["hosts"]
    assert first["encoded_bytes"] < 80_000, first                     # small: no framework, no build
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "first-load.json").write_text(json.dumps(first, indent=1))

    # Citizen: mobile, OTP from the SMS, then a grievance with a PDF.
    _go(citizen, stack, "/signin")
    _heading(citizen, "नागरिक लॉगिन")
    _type(citizen, "mobile", CITIZEN)
    _submit(citizen)
    # the local stage's phone panel shows the SMS beside the OTP box, the same OTP `make sms` reads
    _wait(citizen, lambda d: re.search(r"\b\d{6}\b", _css(d, ".phone .phone-text").text))
    on_panel = re.search(r"\b(\d{6})\b", _css(citizen, ".phone .phone-text").text).group(1)
    assert on_panel == stack.otp(CITIZEN)
    _type(citizen, "otp", on_panel)
    _submit(citizen)
    _heading(citizen, "मेरी शिकायतें")
    assert not citizen.find_elements("css selector", ".phone")            # gone with the sign-in page

    # The registry: search in Hindi, then the same societies in English letters, and open one.
    _go(citizen, stack, "/societies")
    _type(citizen, "q", "सहकारी").send_keys(Keys.ENTER)
    hindi = _css(citizen, "main .results a").text
    _type(citizen, "q", "sahkari")
    _choose(citizen, "district", "bhopal")
    _submit(citizen)
    _wait(citizen, lambda d: "district=bhopal" in (d.find_element("css selector", "main").get_attribute("data-route")))
    society = _css(citizen, "main .results a")
    assert "सहकारी" in hindi and society.text
    society.click()
    _heading(citizen, "संस्था")
    assert _css(citizen, "main .facts", "भोपाल")

    # A society's page lists what it filed; a signed-in citizen downloads the filed document.
    report = tiny_pdf(tmp_path / "annual-report.pdf")
    society_files_return(stack, DEMO_SOCIETY, report, DEMO_PASSWORD)
    _go(citizen, stack, f"/societies/{DEMO_SOCIETY}")
    _css(citizen, "main table tbody tr", "वार्षिक प्रतिवेदन")
    _css(citizen, "main table button.link", "annual-report-2025-26.pdf").click()
    filed_copy = _css(citizen, "a.download-link").get_attribute("href")
    assert requests.get(filed_copy, headers={"Connection": "close"}, timeout=30).content == report.read_bytes()
    screenshot(citizen, "citizen-society")

    _go(citizen, stack, "/grievances/new")
    _heading(citizen, "शिकायत दर्ज करें")
    unlabelled = citizen.execute_script(
        "return [...document.querySelectorAll('main input, main select, main textarea')]"
        ".filter(el => !el.labels.length && !el.getAttribute('aria-label')).map(el => el.name)")
    assert unlabelled == []                                             # every control has a label
    checked = "return document.querySelector(\"input[name='category']:checked\")"
    assert not citizen.execute_script(checked)                          # no category chosen for them
    _css(citizen, "input[name='category'][value='society_management']").click()
    _choose(citizen, "district", "bhopal")
    _type(citizen, "subject", "संस्था की वार्षिक आमसभा नहीं बुलाई गई")
    _type(citizen, "description", "दो वर्ष से वार्षिक आमसभा नहीं हुई। कृपया कार्यवाही करें।")
    _css(citizen, "input[type='file']").send_keys(str(tiny_pdf(tmp_path / "letter.pdf")))
    _submit(citizen)
    urn = _css(citizen, "#urn").get_attribute("data-urn")
    assert re.fullmatch(r"2\d{9}", urn), urn
    assert _css(citizen, "#urn").text.strip() == f"{urn[0]} {urn[1:5]} {urn[5:]}"      # read out in groups
    screenshot(citizen, "citizen-filed")

    _css(citizen, f"a[href='#/grievances/{urn}']").click()
    _status(citizen, "खुली")
    assert _css(citizen, "main", "दस्तावेज़ 1")                       # the PDF went with it
    _css(citizen, "main button.secondary", "स्मरण-पत्र भेजें").click()
    _css(citizen, "main .notice", "स्मरण-पत्र भेजा गया")
    screenshot(citizen, "citizen-tracking")

    # A guaranteed service: the citizen applies online for a certified copy of a society's papers.
    _go(citizen, stack, "/services")
    _heading(citizen, "लोक सेवा गारंटी की सेवाएँ")
    assert not citizen.find_elements("css selector", "input[name='service']:checked")   # nothing chosen for you
    _type(citizen, "service_search", "प्रमाणित प्रतियाँ")
    _css(citizen, "input[name='service'][value='society_certified_copy']").click()
    _css(citizen, "main .notice", "7 कार्य दिवस")
    _type(citizen, "society_q", DEMO_SOCIETY.lower())                  # the society by its number
    _css(citizen, f"input[name='society'][value='{DEMO_SOCIETY}']").click()
    _type(citizen, "applicant_name", "रमेश कुमार")
    _type(citizen, "purpose", "ऋण आवेदन हेतु")
    _type(citizen, "form.copies", "2")
    _type(citizen, "form.documents_wanted", "उपविधियाँ और पिछले वर्ष का अंकेक्षण प्रतिवेदन")
    _submit(citizen)
    ack = _css(citizen, "#ack").text.strip()
    assert re.fullmatch(r"3\d{9}", ack), ack
    _css(citizen, f"a[href='#/applications/{ack}']").click()
    _status(citizen, "प्रस्तुत")

    later = citizen_files_grievance(stack, "9876500013", "सदस्यता आवेदन लंबित")      # due after ours

    # Officer: password, then the OTP sent to the registered mobile; the grievance is in the inbox.
    _type(officer, "username", OFFICER)
    _type(officer, "password", DEMO_PASSWORD)
    before = stack.sms_count(OFFICER_MOBILE)
    _submit(officer)
    otp = stack.otp(OFFICER_MOBILE, after=before)
    _type(officer, "otp", "000000" if otp != "000000" else "111111")     # a mistyped OTP is refused, in Hindi
    _submit(officer)
    refused = _css(officer, "main [role='alert']")
    assert re.search("[\u0900-\u097F]", refused.text), refused.text
    _type(officer, "otp", otp)
    _submit(officer)
    _heading(officer, "इनबॉक्स")
    _css(officer, "table.inbox a", urn)
    _css(officer, "table.services a", ack)                            # and the service application
    inbox = [a.text for a in officer.find_elements("css selector", "table.inbox tbody td:first-child a")]
    assert inbox == [urn, later]                                        # nearest time limit first
    screenshot(officer, "officer-inbox")

    _css(officer, "table.inbox a", urn).click()
    _status(officer, "खुली")
    _choose(officer, "action", "accept")
    _type(officer, "note", "शिकायत स्वीकार की गई, संस्था से जवाब माँगा गया।")
    _submit(officer)
    _status(officer, "कार्यवाही जारी")
    _choose(officer, "action", "resolve")
    _type(officer, "note", "संस्था ने 15 दिसंबर को आमसभा बुलाई है; सूचना संलग्न।")
    _submit(officer)
    _wait(officer, lambda d: d.switch_to.alert).accept()                # a closing step asks first
    _status(officer, "निराकृत")
    screenshot(officer, "officer-resolved")

    _go(officer, stack, "/inbox")
    _css(officer, "table.services a", ack).click()
    _status(officer, "प्रस्तुत")
    _choose(officer, "decision", "approve")
    _type(officer, "reasons", "अभिलेख सत्यापित; प्रमाणित प्रति जारी।")
    _submit(officer)
    _status(officer, "स्वीकृत")

    _go(officer, stack, "/dashboard")
    _heading(officer, "ज़िलेवार डैशबोर्ड")
    bhopal = _css(officer, "main table tbody tr", "भोपाल")
    assert int(bhopal.find_elements("css selector", "td.num")[0].text) >= 1   # received
    services = _css(officer, "main section.panel", "लोक सेवा गारंटी")
    assert "भोपाल" in services.text and "1 आवेदन" in services.text
    screenshot(officer, "officer-dashboard")

    # The citizen sees the resolution and gives feedback; satisfied closes it.
    _go(citizen, stack, f"/grievances/{urn}")
    _status(citizen, "निराकृत")
    assert _css(citizen, "main", "संस्था ने 15 दिसंबर को आमसभा बुलाई है")
    _css(citizen, "input[name='satisfied'][value='true']").click()
    _choose(citizen, "rating", "4")
    _type(citizen, "comment", "समय पर कार्यवाही हुई, धन्यवाद।")
    _submit(citizen)
    _status(citizen, "बंद")
    _css(citizen, "main .facts", "★★★★")
    screenshot(citizen, "citizen-feedback")

    # The approved service's certificate: a short-lived link straight from the document store.
    _go(citizen, stack, f"/applications/{ack}")
    _status(citizen, "स्वीकृत")
    _submit(citizen)
    link = _css(citizen, "#certificate").get_attribute("href")
    assert link.startswith(stack.aws)
    certificate = requests.get(link, headers={"Connection": "close"}, timeout=30)
    assert certificate.ok and certificate.content.startswith(b"%PDF")
    screenshot(citizen, "citizen-certificate")

    # Anyone can track it by URN, signed out; English at a click changes the labels.
    _css(officer, "nav button", "लॉग आउट").click()
    _go(officer, stack, "/track")
    _heading(officer, "शिकायत की स्थिति")
    _type(officer, "urn", urn).send_keys(Keys.ENTER)                   # keyboard only
    _css(officer, "#track-result", urn)
    _css(officer, "main .facts .badge", "बंद")
    assert "9876500011" not in officer.page_source and "0011" not in _css(officer, "main").text
    screenshot(officer, "public-tracking")
    officer.execute_script("document.getElementById('lang').focus()")
    officer.switch_to.active_element.send_keys(Keys.ENTER)
    _heading(officer, "Track a grievance")
    _css(officer, "main .facts .badge", "Closed")
    assert officer.find_element("css selector", "html").get_attribute("lang") == "en"
    assert _css(officer, "nav").text.count("Staff sign-in") == 1
    screenshot(officer, "public-tracking-en")

    # A PACS counter: the operator applies for a service on a citizen's behalf and records the fee.
    _go(officer, stack, "/staff")
    _type(officer, "username", operator)
    _type(officer, "password", operator_password)
    before = stack.sms_count(operator_mobile)
    _submit(officer)
    _type(officer, "otp", stack.otp(operator_mobile, after=before))
    _submit(officer)
    _heading(officer, "PACS counter")                                  # an operator lands on the counter
    _css(officer, "main .facts", PACS)                                 # the PACS of the account's binding
    assert not officer.find_elements("css selector", "nav a[href='#/inbox']")
    _type(officer, "service_search", "membership")
    _css(officer, "input[name='service'][value='pacs_membership']").click()
    assert _css(officer, "input[name='fee_taken']").get_attribute("value") == "10.00"
    _type(officer, "applicant_name", "Sita Bai")
    _type(officer, "mobile", COUNTER_CITIZEN)
    _type(officer, "form.father_name", "Ram Prasad")
    _type(officer, "form.address", "Gram Berasia")
    _type(officer, "form.land_hectares", "1.25")
    for code in ("aadhaar", "khasra_copy"):
        _css(officer, f"input[name='doc.{code}']").send_keys(str(tiny_pdf(tmp_path / f"{code}.pdf")))
    _type(officer, "fee_taken", "20")                                  # Rs 20 for a Rs 10 service: a reason
    _submit(officer)
    _css(officer, "main [role='alert']", "differs from the service fee")
    _type(officer, "fee_reason", "share money taken with the fee")
    _submit(officer)
    counter_ack = _css(officer, "#ack").text.strip()
    assert re.fullmatch(r"3\d{9}", counter_ack)
    assert counter_ack in stack.sms_text(COUNTER_CITIZEN)             # the acknowledgement went by SMS
    _css(officer, "#receipt button").click()
    receipt = _css(officer, "#receipt a.download-link").get_attribute("href")
    assert requests.get(receipt, headers={"Connection": "close"}, timeout=30).content.startswith(b"%PDF")
    screenshot(officer, "counter-application")
    _go(officer, stack, f"/applications/{counter_ack}")
    _status(officer, "Submitted")
    assert not officer.find_elements("css selector", "select[name='decision']")   # not the operator's to decide

    # The interest calculator, public, once the API offers interest subvention.
    if "/subvention/calculate" in requests.get(f"{stack.api}/openapi.json", headers={"Connection": "close"},
                                               timeout=30).json()["paths"]:
        _go(officer, stack, "/interest")
        _choose(officer, "scheme", "mp-zero-interest")
        dates = officer.find_elements("css selector", "#interest input[name$='date']")   # typed day/month/year
        for field, day in zip(dates, ("28/03/2026", "01/10/2025", "15/03/2026"), strict=True):
            field.send_keys(day)
        for field, amount in zip(officer.find_elements("css selector", "#interest input[name='amount']"),
                                 ("100000", "100000"), strict=True):
            field.send_keys(amount)
        _css(officer, "#interest button[type='submit']").click()
        assert _css(officer, "#farmer-interest").text.startswith("₹")
        _css(officer, "#interest .panel", "Repaid by the due date")
        screenshot(officer, "counter-interest")

    # A phone-sized screen: nothing wider than the screen.
    citizen.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    _go(citizen, stack, f"/grievances/{urn}")
    _status(citizen, "बंद")
    assert citizen.execute_script("return document.documentElement.scrollWidth") <= 390
    screenshot(citizen, "phone-citizen-tracking", full_page=False)

    allowed = {urlsplit(u).netloc for u in (stack.web, stack.api, stack.aws)}   # the app, the API, its presigned URLs
    for who, driver in browsers.items():
        assert set(_first_load(driver, stack)["hosts"]) <= allowed, who
        problems = [e for e in driver.get_log("browser")
                    if e["level"] == "SEVERE" and ("Uncaught" in e["message"] or "Content Security" in e["message"])]
        assert problems == [], (who, problems)
    print(f"\nweb scenario: {time.monotonic() - started:.1f} s; first load {first['encoded_bytes']} bytes "
          f"in {first['files']} files")
