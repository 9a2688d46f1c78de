"""The teacher guide (docs/teacher-guide/) covers every notebook and names only things that exist.

- every lesson notebook has its page, linked from the index, with each required section, and a
  time table whose total is the notebook's own time estimate;
- every exercise id in the guide exists, and each page names every self-check of its notebook;
- every data id written in backticks is a record of the case study (facts, acts, claims,
  accounts, conflicts...), so no page points at a fact that is not in data/;
- no page types a figure of the event: the case study's numbers (100 and more, years aside) are
  read in the notebooks, and the guide names their fact ids instead;
- every web address the guide cites is in the index's table of standards, which gives its source.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kit import load_article
from kit.accounts import load_accounts
from kit.exercises import exercises_for, known_ids, load_exercises

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "teacher-guide"
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")
                   if not re.search(r"^(Untitled|draft)|-[Cc]opy", p.name))
PAGES = sorted(GUIDE.glob("*.md"))
SECTIONS = ("## Objectives", "## Time", "## Prepare", "## Discussion questions", "## Common misconceptions",
            "## Shorten or extend", "## Rubric for the open questions")
EXERCISE_ID = re.compile(r"\bex\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\b")
TICKED_ID = re.compile(r"`([a-z][a-z0-9]*(?:-[a-z0-9]+)+)`")
URL = re.compile(r"https?://[^\s)|>]+")
ALL = load_exercises()
ART = load_article()


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _minutes(nb: Path) -> int:
    import json

    first = "".join(json.loads(_text(nb))["cells"][0]["source"])
    m = re.search(r"\*\*Time:\*\*\s*about\s+(\d+)\s+minutes", first)
    assert m, f"{nb.name}: no 'Time: about N minutes' in the title cell"
    return int(m.group(1))


def _known() -> set[str]:
    ids = set(known_ids(ART)) | set(ALL) | {p.stem for p in NOTEBOOKS}
    ids |= {a.id for a in load_accounts(ART).accounts}
    ids |= {c.id for c in getattr(ART, "conflicts", ())}
    return ids


TOOL_WORDS = {"kit-edition", "nbval-check-output", "remove-cell"}  # words the guide may tick that are not data


def test_the_guide_exists_with_an_index_and_a_care_page() -> None:
    assert (GUIDE / "index.md").is_file() and (GUIDE / "teaching-with-care.md").is_file()
    assert NOTEBOOKS, "no notebooks found"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_has_its_page_with_every_section(nb: Path) -> None:
    page = GUIDE / f"{nb.stem}.md"
    assert page.is_file(), f"docs/teacher-guide/{nb.stem}.md is missing"
    text = _text(page)
    missing = [s for s in SECTIONS if s not in text]
    assert missing == [], f"{page.name} lacks {missing}"
    assert f"](../../notebooks/{nb.name})" in text
    assert f"]({page.name})" in _text(GUIDE / "index.md"), f"the index does not link {page.name}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_time_table_adds_up_to_the_notebook_s_time(nb: Path) -> None:
    text = _text(GUIDE / f"{nb.stem}.md")
    section = text.split("## Time", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*(?!part\b|---)(.+?)\s*\|\s*\**(\d+)\**\s*\|$", section, re.MULTILINE)
    parts = [int(n) for label, n in rows if "Total" not in label]
    total = [int(n) for label, n in rows if "Total" in label]
    assert total == [_minutes(nb)], f"{nb.stem}: total {total} vs notebook {_minutes(nb)}"
    assert sum(parts) == total[0], f"{nb.stem}: parts add up to {sum(parts)}, not {total[0]}"


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_page_names_every_self_check_of_its_notebook(nb: Path) -> None:
    text = _text(GUIDE / f"{nb.stem}.md")
    missing = [e.id for e in exercises_for(nb.stem, ALL) if e.id not in text]
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_exercise_id_in_the_guide_exists(page: Path) -> None:
    unknown = sorted(set(EXERCISE_ID.findall(_text(page))) - set(ALL))
    assert unknown == []


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_ticked_id_is_a_record_of_the_data(page: Path) -> None:
    known = _known()
    unknown = sorted({t for t in TICKED_ID.findall(_text(page)) if t not in known and t not in TOOL_WORDS
                      and not t.startswith("kit-")})
    assert unknown == [], f"{page.name} names ids that are not in data/: {unknown}"


def _figures() -> set[str]:
    """The case study's numbers of 100 and more (years left out), as they could be typed."""
    nums: set[str] = set()
    for f in ART.facts:
        for m in re.findall(r"\d[\d,.]*\d|\d", f.statement):
            v = m.replace(",", "").rstrip(".")
            try:
                x = float(v)
            except ValueError:
                continue
            if x >= 100 and not (1900 <= x <= 2100 and x.is_integer()):
                nums.add(m.rstrip("."))
                nums.add(v)
    return nums


def test_the_figure_list_is_not_empty() -> None:
    assert len(_figures()) >= 5


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_page_types_a_figure_of_the_event(page: Path) -> None:
    text = TICKED_ID.sub("", URL.sub("", _text(page)))  # ids such as c-vote-169-1 are names, not figures
    typed = sorted(n for n in _figures() if re.search(r"(?<![\w.,])" + re.escape(n) + r"(?![\w]|[.,]\d)", text))
    assert typed == [], f"{page.name} types figures from the data: {typed}; name the fact id instead"


def test_every_cited_address_is_in_the_standards_table() -> None:
    index = _text(GUIDE / "index.md")
    table = index.split("## The sourcing standards", 1)[1].split("\n## ", 1)[0]
    listed = set(URL.findall(table))
    assert len(listed) >= 5
    for page in PAGES:
        stray = sorted(set(URL.findall(_text(page))) - listed)
        assert stray == [], f"{page.name} cites {stray}, which the index's standards table does not list"


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_local_links_resolve(page: Path) -> None:
    links = [t for t in re.findall(r"\]\(([^)#\s]+?)(?:#[^)]*)?\)", _text(page)) if not re.match(r"[a-z]+:", t)]
    missing = [t for t in links if not (page.parent / t).exists()]
    assert missing == []
