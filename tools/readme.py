#!/usr/bin/env python3
"""Regenerate the notebook table in README.md from the notebooks' own titles and times.

    python tools/readme.py          rewrite the table between the README's markers
    python tools/readme.py --check  exit 1 if the README is out of date (the tests run this)

Each row: number, title (from the notebook's H1), minutes (from its "Time:" line), its first
question, and a Binder link that opens that notebook's student edition in JupyterLab.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# The public repository Binder builds from; change it in this one place when the kit is published.
BINDER_REPO = "kit-authors/uyghur-vote-kit"
BINDER = "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/{path}"
START, END = "<!-- notebooks:start -->", "<!-- notebooks:end -->"
# Students' links open the student edition, which Binder builds at launch (`kit editions --out build/`,
# the same folder `python3 tasks.py lab --student` builds and opens).
STUDENT_NOTEBOOKS = "build/student/notebooks"


def binder_url(path: str) -> str:
    return BINDER.format(repo=BINDER_REPO, path=path)


def rows() -> list[str]:
    out = ["| # | notebook | minutes | question | launch |", "|---|---|---|---|---|"]
    for nb_path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
        head = "".join(cells[0]["source"]) if cells else ""
        title = re.search(r"^#\s+(?:\d\d\s+)?(.+)$", head, re.M)
        minutes = re.search(r"(\d+(?:\s*[-–]\s*\d+)?)\s*minutes", head)
        question = re.search(r"Questions\**\s*\n\s*[-*]\s*(.+)", head)
        rel = nb_path.relative_to(ROOT).as_posix()
        out.append(f"| {nb_path.name[:2]} | [{title.group(1).strip() if title else nb_path.stem}]({rel}) | "
                   f"{minutes.group(1) if minutes else '?'} | {question.group(1).strip() if question else ''} | "
                   f"[![Binder](https://mybinder.org/badge_logo.svg)]"
                   f"({binder_url(f'{STUDENT_NOTEBOOKS}/{nb_path.name}')}) |")
    return out


def render(text: str) -> str:
    block = "\n".join([START] + rows() + [END])
    text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    start = binder_url(f"{STUDENT_NOTEBOOKS}/00-start-here.ipynb")
    return re.sub(r"(\[!\[Launch on Binder\]\(https://mybinder\.org/badge_logo\.svg\)\]\()[^)]*(\))",
                  lambda m: m.group(1) + start + m.group(2), text)


if __name__ == "__main__":
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in sys.argv:
        if wanted != current:
            sys.exit("README.md's notebook table is out of date: run python tools/readme.py")
        sys.exit(0)
    README.write_text(wanted, encoding="utf-8")
    print("README.md updated")
