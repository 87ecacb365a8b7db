"""One language at a time, and the citizen's journeys, in a real browser against the local stack.

Every page a person reaches in Hindi (anonymous, citizen, officer, PACS operator) is read as the
person sees it: any Latin-script word in visible text outside the allow-list (reference numbers,
units, proper names) fails the test with the page and the words. The citizen's journeys (file a
grievance, track it, apply for a service) are walked on a 390×844 phone in Hindi and on a desktop
in English. Forms check themselves in the page's language: no browser bubble, the message under
the field. Screenshots go to tests/artifacts/web/lang-*.png.

Steps use names and labels that stay put (input names, routes, headings), since other work changes
those pages' contents.
"""

from __future__ import annotations

import re

import pytest

from stack.bootstrap import DEMO_OPERATOR, DEMO_PASSWORD
from tests.e2e.test_web import DEMO_SOCIETY, _choose, _css, _go, _heading, _submit, _type, _wait
from tests.e2e.web_helpers import WebStack, chromium, screenshot, tiny_pdf

CITIZEN, CITIZEN_EN = "9876500021", "9876500022"
OFFICER, OFFICER_MOBILE = "dr.bhopal", "9000000004"
# Latin words a Hindi page may show: units and file types, the names of reference numbers as the SMS
# prints them, and the people's sign-in names (proper names) shown in the header.
ALLOWED = {"PDF", "JPEG", "PNG", "MB", "KB", "URN", "QR", "dr", "bhopal", "pacs", "operator"}
REFERENCE = r"\b[A-Z]{2,4}-\d{4}-\d{5}\b|\bX{4,}\d{2,4}\b"   # a society's registration number; a masked mobile

# The visible text of the page, word by word, leaving out what is marked as another language
# (the language switch says "English" in English) and what is not shown.
VISIBLE_LATIN = """
const out = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || el.closest("script, style, noscript, [hidden]")) continue;
  const lang = el.closest("[lang]");
  if (lang && !lang.getAttribute("lang").startsWith("hi")) continue;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (!box.width || !box.height || style.visibility === "hidden" || Number(style.opacity) < 0.1) continue;
  out.push(node.textContent);
}
for (const el of document.querySelectorAll("main select")) {       // what each list shows as chosen
  if (el.getBoundingClientRect().width && el.selectedOptions.length) out.push(el.selectedOptions[0].textContent);
}
for (const el of document.querySelectorAll("main [placeholder]")) out.push(el.getAttribute("placeholder"));
return out.join("\\n");
"""


def latin_words(driver) -> list[str]:
    text = re.sub(REFERENCE, " ", driver.execute_script(VISIBLE_LATIN))
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if w not in ALLOWED})


def assert_hindi(driver, where: str) -> None:
    # the view for the address in the bar has been drawn (not the one before it)
    _wait(driver, lambda d: d.execute_script("return document.getElementById('main').dataset.route === location.hash"))
    assert driver.find_element("css selector", "html").get_attribute("lang") == "hi"
    words = latin_words(driver)
    assert words == [], f"English on the Hindi page {where}: {words}"


def _sign_in_citizen(driver, stack, mobile):
    _go(driver, stack, "/signin")
    _type(driver, "mobile", mobile)
    before = stack.sms_count(mobile)
    _submit(driver)
    _type(driver, "otp", stack.otp(mobile, after=before))
    _submit(driver)
    _wait(driver, lambda d: "/signin" not in d.find_element("css selector", "main").get_attribute("data-route"))


def _sign_in_staff(driver, stack, username, mobile):
    _go(driver, stack, "/staff")
    _type(driver, "username", username)
    _type(driver, "password", DEMO_PASSWORD)
    before = stack.sms_count(mobile)
    _submit(driver)
    _type(driver, "otp", stack.otp(mobile, after=before))
    _submit(driver)
    _wait(driver, lambda d: "/staff" not in d.find_element("css selector", "main").get_attribute("data-route"))


def _file_grievance(driver, stack, pdf, subject) -> tuple[str, int]:
    """From home to the URN; returns the URN and the steps taken (each click, choice or field)."""
    steps = 0
    _go(driver, stack, "/")
    _css(driver, "nav a[href='#/grievances/new']").click()
    steps += 1
    _css(driver, "input[name='category'][value='society_management']").click()   # the picker: nothing chosen for you
    _choose(driver, "district", "bhopal")
    _type(driver, "subject", subject)
    _type(driver, "description", "दो वर्ष से वार्षिक आमसभा नहीं हुई। कृपया कार्यवाही करें।")
    _css(driver, "input[type='file']").send_keys(str(pdf))
    steps += 5
    _css(driver, "main .picked", pdf.name)                            # the chosen file, named in the page
    _submit(driver)
    steps += 1
    return _css(driver, "#urn").text.replace(" ", "").strip(), steps            # shown grouped: 2 0261 20345


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    running = WebStack(tmp_path_factory.mktemp("lang-stack"), 100)
    try:
        running.wait_ready()
        yield running
    finally:
        assert running.stop() == 0


@pytest.fixture()
def browser(request, tmp_path_factory):
    driver = chromium(tmp_path_factory.mktemp("lang-profile"))
    failed = request.session.testsfailed
    try:
        yield driver
    finally:
        if request.session.testsfailed > failed:
            screenshot(driver, f"lang-failed-{request.node.name}")
        driver.quit()


def test_hindi_pages_show_no_english(stack, browser, tmp_path):
    driver = browser
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True})
    # Anonymous: each public page, a search, and a mistyped URN (one Hindi message, said once).
    for route in ("/", "/societies", "/track", "/signin", "/staff", "/services"):
        _go(driver, stack, route)
        _css(driver, "main h1")
        assert_hindi(driver, route)
    _go(driver, stack, "/societies")
    _type(driver, "q", "sahkari")
    _submit(driver)
    _css(driver, "main .results a").click()
    _heading(driver, "संस्था")
    assert_hindi(driver, "a society")
    _go(driver, stack, "/track")
    _type(driver, "urn", "98765")
    _submit(driver)
    error = _css(driver, "main .field-error")
    assert re.search("[\u0900-\u097F]", error.text) and not re.search("[A-Za-z]{3,}", error.text), error.text
    urn_field = _css(driver, "input[name='urn']")
    assert error.get_attribute("id") in urn_field.get_attribute("aria-describedby").split()
    assert urn_field.get_attribute("aria-invalid") == "true"
    assert driver.execute_script("return document.activeElement.name") == "urn"
    assert len(driver.find_elements("css selector", "main .field-error, main [role='alert']")) == 1
    assert_hindi(driver, "a mistyped URN")
    screenshot(driver, "lang-hi-mistyped-urn", full_page=False)

    # The citizen: an empty form is refused by the page itself, in Hindi, under each field.
    _sign_in_citizen(driver, stack, CITIZEN)
    _go(driver, stack, "/grievances/new")
    _heading(driver, "शिकायत दर्ज करें")
    assert driver.execute_script("return document.querySelector('main form').noValidate") is True
    _submit(driver)
    messages = [e.text for e in driver.find_elements("css selector", "main .field-error")]
    assert messages and all(re.search("[\u0900-\u097F]", m) for m in messages), messages
    assert "फ़ाइलें चुनें" in _css(driver, "main .picker").text
    assert_hindi(driver, "the grievance form with its checks")
    screenshot(driver, "lang-hi-form-checks")
    urn, steps = _file_grievance(driver, stack, tiny_pdf(tmp_path / "letter.pdf"), "आमसभा नहीं बुलाई गई")
    assert_hindi(driver, "the URN")
    _go(driver, stack, f"/grievances/{urn}")
    _css(driver, "main .timeline li", "दर्ज की गई")
    page = _css(driver, "main").text
    assert not re.search(r"\b(am|pm|AM|PM)\b", page) and "फ़र॰" not in page
    assert_hindi(driver, "the citizen's grievance")
    screenshot(driver, "lang-hi-grievance")
    for route in ("/grievances", "/applications", "/services"):
        _go(driver, stack, route)
        _css(driver, "main h1")
        assert_hindi(driver, route)

    # The officer of Bhopal: inbox, the grievance (officer's view), dashboard.
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    _css(driver, "nav button.link").click()
    _sign_in_staff(driver, stack, OFFICER, OFFICER_MOBILE)
    for route in ("/inbox", f"/grievances/{urn}", "/dashboard"):
        _go(driver, stack, route)
        _css(driver, "main h1")
        _wait(driver, lambda d, r=route: d.find_element("css selector", "main").get_attribute("data-route") == f"#{r}")
        assert_hindi(driver, f"officer {route}")
    screenshot(driver, "lang-hi-officer-grievance")

    # The PACS operator at the counter.
    _css(driver, "nav button.link").click()
    _sign_in_staff(driver, stack, DEMO_OPERATOR.username, DEMO_OPERATOR.mobile)
    _go(driver, stack, "/counter")
    _css(driver, "main h1")
    _wait(driver, lambda d: d.find_elements("css selector", "main form"))
    assert_hindi(driver, "the PACS counter")
    screenshot(driver, "lang-hi-counter")
    print(f"\nHindi phone: home to URN in {steps} steps")


def test_journeys_on_a_desktop_in_english(stack, browser, tmp_path):
    driver = browser
    _go(driver, stack, "/")
    _css(driver, "#lang").click()
    _wait(driver, lambda d: d.find_element("css selector", "html").get_attribute("lang") == "en")
    _sign_in_citizen(driver, stack, CITIZEN_EN)
    urn, steps = _file_grievance(driver, stack, tiny_pdf(tmp_path / "letter-en.pdf"), "General body not called")
    _go(driver, stack, f"/track/{urn}")
    track = _css(driver, "#track-result").find_element("xpath", "..").text
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|"
                     r"December) \d{4}\b", track), track
    screenshot(driver, "lang-en-desktop-tracking")
    # Applying for a service: from the list of services to the acknowledgement.
    _go(driver, stack, "/services")
    _heading(driver, "Guaranteed")
    _type(driver, "service_search", "Certified copies")
    _css(driver, "input[name='service'][value='society_certified_copy']").click()
    _type(driver, "society_q", DEMO_SOCIETY.lower())                    # the society by its number
    _css(driver, f"input[name='society'][value='{DEMO_SOCIETY}']").click()
    _type(driver, "applicant_name", "Ramesh Kumar")
    _type(driver, "form.copies", "1")
    _type(driver, "form.documents_wanted", "Bye-laws")
    _submit(driver)
    ack = _css(driver, "#ack").text.strip()
    assert ack
    screenshot(driver, "lang-en-desktop-application")
    print(f"\nEnglish desktop: home to URN in {steps} steps; acknowledgement {ack}")
