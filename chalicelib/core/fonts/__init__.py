"""The fonts PDFs are set in, shipped inside the package (a Lambda has no system fonts): Noto Sans
Devanagari for Hindi and Noto Sans for Latin letters, Regular and Bold, unmodified (OFL.txt).
A package with this file, so the packager ships the .ttf files beside it."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {
    ("deva", False): "NotoSansDevanagari-Regular.ttf",
    ("deva", True): "NotoSansDevanagari-Bold.ttf",
    ("latin", False): "NotoSans-Regular.ttf",
    ("latin", True): "NotoSans-Bold.ttf",
}


def path(script: str, bold: bool = False) -> Path:
    return HERE / FILES[(script, bold)]
