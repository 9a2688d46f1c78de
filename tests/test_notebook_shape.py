"""The house shape of every lesson notebook (HOUSE-STYLE items 4-9), checked with nbformat.

Each lesson ``notebooks/NN-kebab-title.ipynb`` has:

- cell 0: markdown starting ``# `` with "Questions", "Learning objectives" and a time estimate
  ("about 20 minutes");
- exactly one setup code cell, the first code cell, importing from ``kit`` (no star import);
- a last markdown cell with "Key points";
- only the cell tags the tools read, spelled exactly, plus our ``solution``;
- code cells of at most 12 lines (not counting blanks and comments) and no ``def`` or ``class``,
  except in cells tagged ``solution``;
- no stored outputs or execution counts, except in ``nbval-check-output`` cells, which must keep
  their expected output and its execution count (nbval compares against the output; without it
  the cell checks nothing, and without the count nbval fails); no saved widget state;
- a valid nbformat 4 document.

These include every check of ``shared/tools/nblint.py``, implemented here so the tests do not
depend on ``../shared`` existing. ``KIT_NOTEBOOKS_DIR`` points the tests at another folder.
"""
from __future__ import annotations

import ast
import difflib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
SCRATCH_RE = re.compile(r"^(Untitled|draft)|-[Cc]opy")  # ignored, as in .gitignore and pytest
ALLOWED_TAGS = ("nbval-skip", "nbval-ignore-output", "nbval-check-output", "raises-exception",
                "remove-cell", "solution")
MAX_CODE_LINES = 12
TIME_RE = re.compile(r"\b\d+\s*(?:(?:-|–|to)\s*\d+\s*)?(?:minutes?|mins?)\b", re.IGNORECASE)

Notebook = nbformat.NotebookNode
Check = Callable[[Path, Notebook], list[str]]


def notebooks_dir() -> Path:
    return Path(os.environ.get("KIT_NOTEBOOKS_DIR") or ROOT / "notebooks").resolve()


def lesson_notebooks() -> list[Path]:
    folder = notebooks_dir()
    return sorted(folder.glob(NOTEBOOK_GLOB)) if folder.is_dir() else []


# --- helpers ---------------------------------------------------------------------------------

def _tags(cell: Notebook) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _parse(source: str) -> ast.Module | None:
    """The cell as Python, with IPython's %magic and !shell lines blanked; None if it is not."""
    python = "\n".join("" if line.lstrip().startswith(("%", "!")) else line
                       for line in source.splitlines())
    try:
        return ast.parse(python)
    except SyntaxError:
        return None


def _kit_imports(source: str) -> list[str]:
    """How the cell imports kit: 'from kit import ...', 'from kit import *', 'import kit'."""
    tree = _parse(source)
    if tree is None:
        return re.findall(r"^\s*(from\s+kit(?:\.\w+)*\s+import\s+\*?|import\s+kit\b)",
                          source, re.MULTILINE)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == "kit" or node.module.startswith("kit.")):
            star = any(alias.name == "*" for alias in node.names)
            found.append(f"from {node.module} import {'*' if star else '...'}")
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "kit"]
    return found


def _definitions(source: str) -> list[str]:
    tree = _parse(source)
    if tree is None:
        return re.findall(r"^\s*((?:async\s+)?def|class)\s", source, re.MULTILINE)
    return [type(node).__name__ for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]


def _code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines()
               if line.strip() and not line.strip().startswith("#"))


# --- the checks: each returns problems as "cell N: ..." strings ------------------------------

def check_name(path: Path, nb: Notebook) -> list[str]:
    if NAME_RE.match(path.name):
        return []
    return [f"file name {path.name!r} is not NN-kebab-case.ipynb (two digits, a hyphen, then "
            "lower-case words joined by hyphens, e.g. 03-reading-a-vote.ipynb)"]


def check_title_cell(path: Path, nb: Notebook) -> list[str]:
    cells = nb.cells
    if not cells or cells[0].cell_type != "markdown":
        return ["cell 0: should be a markdown cell with the title, Questions, Learning "
                "objectives and a time estimate"]
    text = cells[0].source
    problems = []
    if not text.lstrip().startswith("# "):
        problems.append("cell 0: should start with an H1 title ('# Title')")
    for words in ("Questions", "Learning objectives"):
        if words.lower() not in text.lower():
            problems.append(f"cell 0: has no {words!r}")
    if not TIME_RE.search(text):
        problems.append("cell 0: has no time estimate such as 'about 20 minutes'")
    return problems


def check_key_points(path: Path, nb: Notebook) -> list[str]:
    if not nb.cells:
        return ["the notebook has no cells"]
    last = len(nb.cells) - 1
    cell = nb.cells[last]
    if cell.cell_type != "markdown" or "key points" not in cell.source.lower():
        return [f"cell {last}: the last cell should be a markdown 'Key points' cell"]
    return []


def check_setup_cell(path: Path, nb: Notebook) -> list[str]:
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    if not code:
        return ["no code cells: expected one setup cell 'from kit import ...'"]
    first = code[0][0]
    importing = [(i, how) for i, how in ((i, _kit_imports(c.source)) for i, c in code) if how]
    if not importing:
        return [f"cell {first}: the first code cell should be the setup cell "
                "'from kit import ...'"]
    problems = []
    setup = importing[0][0]
    if setup != first:
        problems.append(f"cell {first}: code before the setup cell (cell {setup}); the setup "
                        "cell 'from kit import ...' comes first")
    for i, _how in importing[1:]:
        problems.append(f"cell {i}: imports from kit; keep kit imports in the one setup cell "
                        f"(cell {setup})")
    for i, how in importing:
        for statement in how:
            if statement.endswith("import *"):
                problems.append(f"cell {i}: '{statement}' hides where names come from; "
                                "import them by name")
    return problems


def check_tags(path: Path, nb: Notebook) -> list[str]:
    problems = []
    for i, cell in enumerate(nb.cells):
        for tag in _tags(cell):
            if tag in ALLOWED_TAGS:
                continue
            close = difflib.get_close_matches(tag, ALLOWED_TAGS, n=1, cutoff=0.5)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            problems.append(f"cell {i}: tag {tag!r} is not one the tools read{hint}; "
                            f"allowed: {', '.join(ALLOWED_TAGS)}")
    return problems


def check_code_cells(path: Path, nb: Notebook) -> list[str]:
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "solution" in _tags(cell):
            continue
        lines = _code_lines(cell.source)
        if lines > MAX_CODE_LINES:
            problems.append(f"cell {i}: {lines} lines of code (at most {MAX_CODE_LINES}); "
                            "move the work into kit")
        if _definitions(cell.source):
            problems.append(f"cell {i}: defines a function or class; helpers belong in kit "
                            "(only cells tagged 'solution' may define)")
    return problems


def check_outputs_stripped(path: Path, nb: Notebook) -> list[str]:
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if "nbval-check-output" in _tags(cell):
            if not cell.outputs:
                problems.append(f"cell {i}: tagged nbval-check-output but stores no expected "
                                "output, so nbval checks nothing; run it and save its output")
            elif cell.get("execution_count") is None:
                problems.append(f"cell {i}: stores its expected output without an execution "
                                "count; nbval fails it as 'Unrun reference cell has outputs'")
            continue
        if cell.outputs:
            problems.append(f"cell {i}: has stored outputs; clear them (only nbval-check-output "
                            "cells keep theirs)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i}: has an execution count; clear it")
    if "widgets" in nb.metadata:
        problems.append("notebook metadata holds saved widget state ('widgets'); remove it "
                        "(in JupyterLab: Settings > Save Widget State Automatically, off)")
    return problems


CHECKS: list[Check] = [check_name, check_title_cell, check_setup_cell, check_key_points,
                       check_tags, check_code_cells, check_outputs_stripped]


def lint(path: Path) -> list[str]:
    """Every problem with one notebook file, each prefixed with its name."""
    try:
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    except Exception as exc:  # invalid JSON or not a notebook at all
        return [f"{path.name}: cannot be read as a notebook: {exc}"]
    problems = []
    if nb.get("nbformat") != 4:
        problems.append(f"nbformat {nb.get('nbformat')} (expected 4)")
    else:
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError as exc:
            problems.append(f"not a valid nbformat 4 notebook: {exc.message}")
        else:
            for check in CHECKS:
                problems += check(path, nb)
    return [f"{path.name}: {p}" for p in problems]


# --- the lessons ---------------------------------------------------------------------------

@pytest.mark.parametrize("notebook", lesson_notebooks(), ids=lambda p: p.stem)
def test_notebook_has_the_house_shape(notebook: Path) -> None:
    problems = lint(notebook)
    assert not problems, "\n".join(problems)


def test_every_notebook_file_is_a_numbered_lesson() -> None:
    """A notebook named outside the NN- pattern would escape the shape test above."""
    folder = notebooks_dir()
    strays = [p.name for p in sorted(folder.glob("*.ipynb")) if folder.is_dir()
              and not SCRATCH_RE.search(p.name) and not NAME_RE.match(p.name)]
    assert not strays, f"rename to NN-kebab-case.ipynb: {strays}"


# --- the checks themselves, on notebooks built in tmp_path --------------------------------

def good_notebook() -> Notebook:
    """The smallest notebook with the house shape."""
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3"}})
    nb.cells = [
        new_markdown_cell("# 01 A lesson\n\n**Questions**\n- Why?\n\n**Learning objectives**\n"
                          "- Name a source.\n\n**Time:** about 20 minutes."),
        new_markdown_cell("[Start](00-start-here.ipynb)", metadata={"tags": ["remove-cell"]}),
        new_code_cell("# Setup\n%matplotlib inline\nfrom kit import load_article\n"
                      "art = load_article()"),
        new_code_cell("art.title", metadata={"tags": ["nbval-ignore-output"]}),
        new_code_cell("print(art.votes)", metadata={"tags": ["nbval-check-output"]},
                      execution_count=4,
                      outputs=[nbformat.v4.new_output("stream", name="stdout", text="169\n")]),
        new_code_cell("### BEGIN SOLUTION\ndef answer():\n    return 1\n### END SOLUTION",
                      metadata={"tags": ["solution"]}),
        new_markdown_cell("## Key points\n\n- Sources matter."),
    ]
    return nb


def write(tmp_path: Path, nb: Notebook, name: str = "01-a-lesson.ipynb") -> Path:
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def problems_of(tmp_path: Path, nb: Notebook, name: str = "01-a-lesson.ipynb") -> list[str]:
    return lint(write(tmp_path, nb, name))


def test_good_notebook_passes(tmp_path: Path) -> None:
    assert problems_of(tmp_path, good_notebook()) == []


@pytest.mark.parametrize("name", ["1-intro.ipynb", "01-Intro.ipynb", "01_intro.ipynb",
                                  "01-intro-.ipynb", "01-intro--vote.ipynb"])
def test_bad_file_name(tmp_path: Path, name: str) -> None:
    assert problems_of(tmp_path, good_notebook(), name) == [
        f"{name}: file name {name!r} is not NN-kebab-case.ipynb (two digits, a hyphen, then "
        "lower-case words joined by hyphens, e.g. 03-reading-a-vote.ipynb)"]


def test_stray_notebook_name_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["01-fine.ipynb", "Intro.ipynb", "Untitled1.ipynb", "01-fine-Copy1.ipynb",
                 "draft-idea.ipynb"]:
        (tmp_path / name).write_text("{}", encoding="utf-8")
    monkeypatch.setenv("KIT_NOTEBOOKS_DIR", str(tmp_path))
    with pytest.raises(AssertionError, match=r"\['Intro.ipynb'\]"):
        test_every_notebook_file_is_a_numbered_lesson()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Questions, Learning objectives, 20 minutes",
         ["cell 0: should start with an H1 title ('# Title')"]),
        ("## 01 A lesson\nQuestions, Learning objectives, 20 minutes",
         ["cell 0: should start with an H1 title ('# Title')"]),
        ("# 01 A lesson\nLearning objectives, 20 minutes", ["cell 0: has no 'Questions'"]),
        ("# 01 A lesson\nQuestions, 20 minutes", ["cell 0: has no 'Learning objectives'"]),
        ("# 01 A lesson\nQuestions, Learning objectives, a while",
         ["cell 0: has no time estimate such as 'about 20 minutes'"]),
    ],
)
def test_bad_title_cell(tmp_path: Path, title: str, expected: list[str]) -> None:
    nb = good_notebook()
    nb.cells[0].source = title
    assert problems_of(tmp_path, nb) == [f"01-a-lesson.ipynb: {p}" for p in expected]


@pytest.mark.parametrize("estimate", ["about 20 minutes", "15–20 min", "10 to 15 minutes",
                                      "45 mins"])
def test_time_estimates_accepted(estimate: str) -> None:
    assert TIME_RE.search(estimate)


def test_title_cell_must_be_markdown(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells.insert(0, new_code_cell("from kit import load_article"))
    problems = problems_of(tmp_path, nb)
    assert "01-a-lesson.ipynb: cell 0: should be a markdown cell with the title, Questions, " \
           "Learning objectives and a time estimate" in problems


@pytest.mark.parametrize("last", [new_markdown_cell("## Summary\n- done"),
                                  new_code_cell("# Key points")])
def test_last_cell_must_be_key_points(tmp_path: Path, last: Notebook) -> None:
    nb = good_notebook()
    nb.cells.append(last)
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 7: the last cell should be a markdown 'Key points' cell"]


def test_setup_cell_missing(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[2].source = "art = 1"
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 2: the first code cell should be the setup cell "
        "'from kit import ...'"]


def test_code_before_setup_cell(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells.insert(2, new_code_cell("x = 1"))
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 2: code before the setup cell (cell 3); the setup cell "
        "'from kit import ...' comes first"]


def test_second_kit_import(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[3].source = "import kit.votes\nkit.votes"
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 3: imports from kit; keep kit imports in the one setup cell "
        "(cell 2)"]


def test_no_code_cells(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells = [c for c in nb.cells if c.cell_type != "code"]
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: no code cells: expected one setup cell 'from kit import ...'"]


def test_star_import(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[2].source = "from kit import *"
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 2: 'from kit import *' hides where names come from; "
        "import them by name"]


@pytest.mark.parametrize(("tag", "hint"), [("skip-nbval", " (did you mean 'nbval-skip'?)"),
                                           ("nbval-raises-exception",
                                            " (did you mean 'raises-exception'?)"),
                                           ("hide", "")])
def test_unknown_tag(tmp_path: Path, tag: str, hint: str) -> None:
    nb = good_notebook()
    nb.cells[3].metadata["tags"] = [tag]
    assert problems_of(tmp_path, nb) == [
        f"01-a-lesson.ipynb: cell 3: tag {tag!r} is not one the tools read{hint}; "
        f"allowed: {', '.join(ALLOWED_TAGS)}"]


def test_long_code_cell(tmp_path: Path) -> None:
    nb = good_notebook()
    body = "\n".join(f"x{i} = {i}" for i in range(MAX_CODE_LINES))
    nb.cells[3].source = body + "\n\n# comments and blank lines do not count\n"
    assert problems_of(tmp_path, nb) == []
    nb.cells[3].source = body + "\nx = 13"
    assert problems_of(tmp_path, nb) == [
        f"01-a-lesson.ipynb: cell 3: {MAX_CODE_LINES + 1} lines of code (at most "
        f"{MAX_CODE_LINES}); move the work into kit"]


@pytest.mark.parametrize("source", ["def f():\n    return 1", "class A:\n    pass",
                                    "async def f():\n    pass",
                                    "for i in range(2):\n    def g(): pass",
                                    "def broken(:\n    pass"])
def test_definitions_outside_solution(tmp_path: Path, source: str) -> None:
    nb = good_notebook()
    nb.cells[3].source = source
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 3: defines a function or class; helpers belong in kit "
        "(only cells tagged 'solution' may define)"]


def test_solution_cells_may_define_and_be_long(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[5].source = "def f():\n" + "\n".join(f"    x{i} = {i}" for i in range(20))
    assert problems_of(tmp_path, nb) == []


def test_stored_outputs(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi\n")]
    nb.cells[3].execution_count = 3
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 3: has stored outputs; clear them (only nbval-check-output "
        "cells keep theirs)",
        "01-a-lesson.ipynb: cell 3: has an execution count; clear it"]


def test_checked_cell_without_expected_output(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[4].outputs = []
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 4: tagged nbval-check-output but stores no expected output, "
        "so nbval checks nothing; run it and save its output"]


def test_checked_cell_without_execution_count(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.cells[4].execution_count = None
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: cell 4: stores its expected output without an execution count; "
        "nbval fails it as 'Unrun reference cell has outputs'"]


def test_saved_widget_state(tmp_path: Path) -> None:
    nb = good_notebook()
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    assert problems_of(tmp_path, nb) == [
        "01-a-lesson.ipynb: notebook metadata holds saved widget state ('widgets'); remove it "
        "(in JupyterLab: Settings > Save Widget State Automatically, off)"]


def test_invalid_notebook(tmp_path: Path) -> None:
    path = write(tmp_path, good_notebook())
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"][3]["cell_type"] = "kode"
    path.write_text(json.dumps(data), encoding="utf-8")
    problems = lint(path)
    assert len(problems) == 1
    assert problems[0].startswith("01-a-lesson.ipynb: not a valid nbformat 4 notebook:")


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "01-a-lesson.ipynb"
    path.write_text("{ not json", encoding="utf-8")
    assert lint(path)[0].startswith("01-a-lesson.ipynb: cannot be read as a notebook:")


# --- agreement with shared/tools/nblint.py, where it exists beside the clone ----------------

NBLINT = ROOT.parent / "shared" / "tools" / "nblint.py"


@pytest.mark.skipif(not NBLINT.exists(), reason=f"{NBLINT} is not beside this clone")
def test_flags_everything_nblint_flags(tmp_path: Path) -> None:
    """On notebooks that nblint.py rejects, lint() must reject them too."""
    variants: dict[str, Callable[[Notebook], object]] = {
        "code-first": lambda nb: nb.cells.__setitem__(0, new_code_cell("x = 1")),
        "no-h1": lambda nb: nb.cells[0].__setitem__("source", "Title"),
        "typo-tag": lambda nb: nb.cells[3].metadata.__setitem__("tags", ["nbval-skp"]),
        "long": lambda nb: nb.cells[3].__setitem__("source", "\n".join(["x = 1"] * 13)),
        "class": lambda nb: nb.cells[3].__setitem__("source", "class A: pass"),
    }
    for name, spoil in variants.items():
        nb = good_notebook()
        spoil(nb)
        path = write(tmp_path, nb, f"01-{name}.ipynb")
        theirs = subprocess.run([sys.executable, str(NBLINT), str(path)],
                                capture_output=True, text=True, check=False)
        assert theirs.returncode == 1, f"nblint.py accepted the {name} variant: {theirs.stdout}"
        assert lint(path), f"nblint.py rejects the {name} variant but lint() accepts it"
