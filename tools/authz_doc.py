"""Write docs/authorization.md from the authorization table (chalicelib/core/authz.py).

    .venv/bin/python -m tools.authz_doc          # rewrite the page
    .venv/bin/python -m tools.authz_doc --check  # exit 1 if the page is not the table's
"""

from __future__ import annotations

import sys
from pathlib import Path

from chalicelib.core.authz import render_markdown

PAGE = Path(__file__).resolve().parent.parent / "docs" / "authorization.md"


def main(argv: list[str]) -> int:
    text = render_markdown()
    if "--check" in argv:
        same = PAGE.exists() and PAGE.read_text(encoding="utf-8") == text
        print("docs/authorization.md is up to date" if same else "docs/authorization.md is stale: run "
              "python -m tools.authz_doc")
        return 0 if same else 1
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
