"""Linter for the media-literacy notebooks (01-05): house skeleton, tags, short cells, stripped
outputs, checked key figures, exercises that exist, alt text, and no figures typed into code."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from kit.exercises import load_exercises

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("0[1-5]-*.ipynb"))
ALLOWED_TAGS = {"nbval-skip", "nbval-ignore-output", "nbval-check-output", "raises-exception", "remove-cell",
                "solution"}
VERBS = {"identify", "locate", "compare", "distinguish", "measure", "classify", "check", "explain", "detect",
         "reconstruct", "recognise", "describe", "evaluate", "state", "name", "use", "read", "trace", "judge"}


def _nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def _code_lines(src: str) -> list[str]:
    return [ln for ln in src.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def test_the_five_notebooks_exist_with_kebab_names() -> None:
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]
    for p in NOTEBOOKS:
        assert re.fullmatch(r"\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb", p.name), p.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_title_questions_objectives_and_time(path: Path) -> None:
    first = _nb(path).cells[0]
    assert first.cell_type == "markdown"
    src = first.source
    assert src.startswith(f"# {path.name[:2]} "), "cell 0 starts with '# NN Title'"
    assert "**Questions**" in src and "**Learning objectives**" in src
    objectives = src.split("**Learning objectives**")[1].split("**Time")[0]
    bullets = [ln[2:] for ln in objectives.splitlines() if ln.startswith("- ")]
    assert len(bullets) >= 2
    for b in bullets:
        assert b.split()[0].lower() in VERBS, f"objective does not start with an action verb: {b!r}"
    minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", src)
    assert minutes and 30 <= int(minutes.group(1)) <= 50


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_one_setup_cell_then_short_cells_without_definitions(path: Path) -> None:
    cells = _nb(path).cells
    code = [c for c in cells if c.cell_type == "code"]
    setup = code[0]
    assert cells[1] is setup, "the setup cell comes right after the title"
    assert "art = chosen_article(ARTICLE)" in setup.source, "the article is chosen in the setup cell (kit.choose)"
    assert all(ln.startswith(("from kit", "import kit", "art = ", "ARTICLE = ", "article_picker(art)"))
               for ln in _code_lines(setup.source))
    assert len(_code_lines(setup.source)) <= 12
    for c in code[1:]:
        assert "import" not in c.source, "only the setup cell imports"
        limit = 12 if "solution" in c.metadata.get("tags", []) else 5
        assert len(_code_lines(c.source)) <= limit
        assert not re.search(r"^\s*(def|class|lambda)\b", c.source, re.M)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_tags_outputs_and_checked_figures(path: Path) -> None:
    checked = 0
    for c in _nb(path).cells:
        tags = set(c.metadata.get("tags", []))
        assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
        if c.cell_type != "code":
            continue
        if "solution" in tags:
            assert c.source.startswith("### BEGIN SOLUTION") and c.source.rstrip().endswith("### END SOLUTION")
        if "nbval-check-output" in tags:
            checked += 1
            assert c.outputs and c.execution_count is not None, "a checked cell keeps its output"
            for o in c.outputs:
                assert o.output_type == "stream" and o.name == "stdout", "checked outputs are printed text"
                assert "<Figure" not in o.text and "0x" not in o.text
        else:
            assert c.outputs == [] and c.execution_count is None, "outputs are stripped"
    assert checked >= 2, "each notebook pins its key figures in checked outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_body_has_challenges_exercises_and_key_points(path: Path) -> None:
    cells = _nb(path).cells
    text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert "### Challenge" in text
    ids = re.findall(r'exercise\("([^"]+)"\)', "\n".join(c.source for c in cells if c.cell_type == "code"))
    assert len(ids) >= 3
    known = load_exercises()
    for i in ids:
        assert i in known, i
        assert known[i].notebook == path.stem, f"{i} belongs to {known[i].notebook}"
    mine = {e.id for e in known.values() if e.notebook == path.stem}
    assert mine == set(ids), f"exercises in the data but not used: {sorted(mine - set(ids))}"
    last = cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith("## Key points")
    links = re.findall(r"\]\((\d{2}-[a-z0-9-]+\.ipynb)\)", last.source)
    assert links and links[-1][:2] == f"{int(path.name[:2]) + 1:02d}", "ends with a link to the next notebook"
    start = (ROOT / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8")
    assert (ROOT / "notebooks" / links[-1]).exists() or links[-1] in start


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_images_have_alt_text(path: Path) -> None:
    for c in _nb(path).cells:
        if c.cell_type == "markdown":
            for alt in re.findall(r"!\[([^\]]*)\]\(", c.source):
                assert alt.strip(), "a markdown image needs alt text"
            for tag in re.findall(r"<img\b[^>]*>", c.source, re.I):
                assert re.search(r'alt="[^"]+"', tag), tag


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_figures_typed_into_code(path: Path) -> None:
    """Numbers come from the data through kit: no numeric literal in any code cell."""
    for c in _nb(path).cells:
        if c.cell_type != "code":
            continue
        toks = tokenize.generate_tokens(io.StringIO(c.source).readline)
        numbers = [t.string for t in toks if t.type == tokenize.NUMBER]
        assert numbers == [], f"typed numbers {numbers} in: {c.source!r}"
