"""PDFs carry Hindi right: set from the fonts shipped inside the package (no system font or
library), embedded, and with a text layer that gives every word back as written, whether the
reader uses ToUnicode (pypdf) or /ActualText (poppler's pdftotext). The page image is checked by
eye: docs/screenshots/certificate-hi.png."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from chalicelib.core import fonts
from chalicelib.lokseva import certificate as lokseva_certificate
from chalicelib.registrations import certificate

ROOT = Path(__file__).resolve().parents[2]
SOCIETY = {"reg_no": "BPL-2025-00042", "name_hi": "किसान बहुउद्देशीय सहकारी समिति मर्यादित",
           "name_en": "Kisan Multipurpose Cooperative Society Ltd", "type": "प्राथमिक कृषि साख सहकारी समिति",
           "district": "भोपाल", "address": "ग्राम पिपलिया, तहसील हुज़ूर, ज़िला भोपाल 462001", "members": 21,
           "share_capital": "2,10,000", "registered_on": "2025-11-03", "receipt_no": "REG-2025-000042",
           "registrar": "उप पंजीयक, भोपाल"}
APPLICATION = {"ack": "LS-2025-000017", "service_name_hi": "आय प्रमाण पत्र", "service_name_en": "Income certificate",
               "applicant_name": "श्रीमती कृष्णा द्विवेदी", "district": "विदिशा", "applied_on": "2025-11-03",
               "guaranteed_date": "2025-11-17", "decided_on": "2025-11-10", "decided_by": "dr.vidisha",
               "reasons": "दस्तावेज़ सत्यापित, पोर्टल पर अर्थदंड शून्य"}
# the words HarfBuzz reorders or reshapes (i-matra before its consonant, reph, conjuncts, nukta)
HARD = {"सहकारी", "समिति", "प्रमाणपत्र", "पंजीयन", "सहकारिता", "कृषि", "मर्यादित", "ज़िला", "हुज़ूर",
        "बहुउद्देशीय", "प्रमाणित", "पंजीकृत", "क्रमांक"}
DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097F]+")    # without the danda


def _words(text: str) -> set[str]:
    return set(DEVANAGARI_WORD.findall(text))


def _expected(*values: object) -> set[str]:
    return set().union(*(_words(str(v)) for v in values))


def _registration_words() -> set[str]:
    layout = certificate._layout(SOCIETY)
    return _expected(*SOCIETY.values(), *layout["title"], *layout["statement"], layout["foot"],
                     *(hi for hi, _, _ in layout["rows"]), "सहकारिता विभाग, मध्यप्रदेश शासन")


def _pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _pdftotext(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed; `make test` installs it")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def registration_pdf() -> bytes:
    return certificate.render(SOCIETY)


@pytest.mark.parametrize("reader", ["pypdf", "pdftotext"])
def test_certificate_text_gives_every_hindi_word_back_as_written(registration_pdf, reader, tmp_path):
    text = _pypdf_text(registration_pdf) if reader == "pypdf" else _pdftotext(registration_pdf, tmp_path)
    words = _words(text)
    expected = _registration_words()
    assert expected >= HARD
    assert expected - words == set()          # every word drawn comes back whole...
    assert words - expected == set()          # ...and nothing garbled ("सहकिारी") besides
    assert "Certificate of Registration" in text and "BPL-2025-00042" in text and "Kisan Multipurpose" in text
    assert "प्रमाणित किया जाता है कि निम्न सहकारी संस्था पंजीकृत की गई है।" in text.replace("\n", " ")


@pytest.mark.parametrize("reader", ["pypdf", "pdftotext"])
def test_lokseva_certificate_gives_the_applicant_and_remarks_back(reader, tmp_path):
    pdf = lokseva_certificate.render(APPLICATION)
    text = _pypdf_text(pdf) if reader == "pypdf" else _pdftotext(pdf, tmp_path)
    expected = _expected(*APPLICATION.values(), "पावती क्रमांक", "आवेदक", "पदाभिहित अधिकारी", "सहकार सेतु",
                         "लोक सेवाओं के प्रदान की गारंटी अधिनियम")
    assert expected - _words(text) == set()
    assert "श्रीमती कृष्णा द्विवेदी" in text and "Income certificate" in text


def test_what_an_applicant_wrote_is_drawn_as_written_not_interpreted():
    fields = {**SOCIETY, "name_hi": "<b>समिति</b> & (सह)", "address": "</td><script>x</script>"}
    text = _pypdf_text(certificate.render(fields))
    assert "<b>समिति</b> & (सह)" in text and "</td><script>x</script>" in text


def test_the_same_certificate_renders_to_the_same_bytes(registration_pdf):
    assert certificate.render(SOCIETY) == registration_pdf


def test_each_font_is_embedded_as_a_subset_of_the_shipped_noto(registration_pdf):
    reader = PdfReader(io.BytesIO(registration_pdf))
    assert len(reader.pages) == 1
    names = set()
    for ref in reader.pages[0]["/Resources"]["/Font"].values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert font["/Encoding"] == "/Identity-H" and "/ToUnicode" in font
        assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000     # the glyphs are in the file
        names.add(str(font["/BaseFont"]).split("+", 1)[1])
    # the Hindi title is bold; no Latin text is, so Noto Sans Bold is not embedded
    assert names == {"NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold", "NotoSans-Regular"}


RENDER_IN_A_CLEAN_INTERPRETER = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and args and
                 isinstance(args[0], str) else None)
sys.path.insert(0, sys.argv[1])
from chalicelib.registrations import certificate
pdf = certificate.render(json.loads(sys.argv[2]))
open(sys.argv[3], "wb").write(pdf)
print(json.dumps(opened))
"""


def test_renders_with_no_system_font_and_reads_only_the_shipped_ones(tmp_path):
    """`python -I` (no environment, no user site), fontconfig pointed at nothing, HOME empty: the
    renderer opens font files only from chalicelib/core/fonts and never a system font folder."""
    out = tmp_path / "cert.pdf"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": "/dev/null",
           "FONTCONFIG_PATH": str(tmp_path), "LANG": "C.UTF-8"}
    run = subprocess.run([sys.executable, "-I", "-c", RENDER_IN_A_CLEAN_INTERPRETER, str(ROOT),
                          json.dumps(SOCIETY, ensure_ascii=False), str(out)], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    opened = json.loads(run.stdout.strip().splitlines()[-1])
    font_files = {p for p in opened if p.lower().endswith((".ttf", ".otf", ".ttc", ".woff", ".woff2"))}
    assert {Path(p).resolve() for p in font_files} == {fonts.path("deva"), fonts.path("deva", True),
                                                       fonts.path("latin"), fonts.path("latin", True)}
    assert not [p for p in opened if p.startswith(("/usr/share/fonts", "/etc/fonts", "/usr/local/share/fonts"))
                or ".fonts" in p or "fontconfig" in p]
    assert _registration_words() - _words(_pypdf_text(out.read_bytes())) == set()
