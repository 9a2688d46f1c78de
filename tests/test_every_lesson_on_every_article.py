"""Every lesson (notebooks 00-11) runs on every article in ``data/``, and on a bare draft.

nbval runs each notebook on the default article and checks its key figures (``--nbval-lax`` over
``notebooks/``). This file runs every code cell of every lesson again with ``KIT_ARTICLE`` set to
each *other* article, the way the setup cell reads it, and fails on any error: a lesson whose
material is missing from an article must say so, not raise. The cells run in one in-process
IPython shell (no kernel to start, nothing to stall), and every displayed value is rendered as
the notebook would render it (HTML, PNG of charts, widgets), so a view that fails when drawn fails
here too. The run of a lesson on an article is the session's one (the ``lesson_in_shell`` fixture,
tests/conftest.py): tests/test_student_visible_text.py reads what the same run showed.

A second set runs every lesson on a draft made by ``kit new`` from three plain paragraphs (almost
nothing annotated: no facts, no acts, no accounts, no framing terms) in a copy of the data folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from lesson_run import ShellCell, run_in_shell

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("[01][0-9]-*.ipynb"))
DEFAULT = "rfa-2022-01-20-france-assembly-uyghur"
OTHER_ARTICLES = sorted(p.name for p in (ROOT / "data" / "articles").iterdir()
                        if p.is_dir() and not p.name.startswith((".", "_")) and p.name != DEFAULT)

BARE_REPORT = ("Parents at Hillview school have raised 3,000 pounds for a new library.\n\n"
               "The head teacher thanked the families at an assembly on Friday.\n\n"
               "The library opens in September.\n")


def run_lesson(path: Path) -> tuple[list[str], str]:
    """Run every code cell of a lesson in a fresh shell; return (errors, all text shown)."""
    return errors_and_shown(path.name, run_in_shell(path))


def errors_and_shown(name: str, cells: list[ShellCell]) -> tuple[list[str], str]:
    """A run's failing cells (number, error, source, the end of what it wrote to stderr), and all text shown."""
    errors: list[str] = []
    shown: list[str] = []
    for cell in cells:
        if cell.cell_type != "code":
            continue
        shown.append(cell.stdout)
        shown.extend(o.get("text/plain", "") for o in cell.outputs or [])
        shown.extend(cell.html_widget_texts or [])
        if cell.error:
            errors.append(f"{name} cell {cell.index}: {cell.error}\n{cell.source}\n{cell.stderr[-2000:]}")
    return errors, "\n".join(shown)


@pytest.fixture(autouse=True)
def _quiet_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.chdir(ROOT / "notebooks")


def test_there_is_another_article_to_run_on() -> None:
    assert OTHER_ARTICLES, "data/articles holds only the case study"


@pytest.mark.parametrize("article", OTHER_ARTICLES)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_on_article(lesson: Path, article: str, lesson_in_shell: Callable[..., list[ShellCell]]) -> None:
    errors, shown = errors_and_shown(lesson.name, lesson_in_shell(lesson, article))
    assert not errors, "\n\n".join(errors)
    assert "This lesson uses:" in shown, "the setup cell shows which article the lesson uses"


@pytest.fixture(scope="module")
def bare_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of data/ with one more article: a draft of three short paragraphs, nothing else."""
    from kit.scaffold import Options, build_draft, write_draft

    root = tmp_path_factory.mktemp("bare") / "data"
    shutil.copytree(ROOT / "data", root)
    draft = build_draft(BARE_REPORT, Options(id="bare-draft", outlet="Hillview News"))
    write_draft(draft, root / "articles")
    return root


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_on_a_bare_draft(lesson: Path, bare_data: Path,
                                     lesson_in_shell: Callable[..., list[ShellCell]]) -> None:
    errors, shown = errors_and_shown(lesson.name, lesson_in_shell(lesson, "bare-draft", bare_data))
    assert not errors, "\n\n".join(errors)
    assert "DRAFT: the annotations of this article were guessed by a tool" in shown
    if not lesson.name.startswith(("01-", "11-")):  # every article has paragraphs and can be reviewed
        assert "has no" in shown, "a lesson on an article without its material says what is missing"


def test_the_runner_reports_a_failing_cell(tmp_path: Path) -> None:
    """The runner can fail: a lesson whose cell raises is reported with the cell's number."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")]
    path = tmp_path / "99-broken.ipynb"
    nbformat.write(nb, path)
    errors, _ = run_lesson(path)
    assert len(errors) == 1 and errors[0].startswith("99-broken.ipynb cell 1: ZeroDivisionError")
