"""Every lesson (notebooks 00-11) runs on every article in ``data/``, and on a bare draft.

nbval runs each notebook on the default article and checks its key figures (``--nbval-lax`` over
``notebooks/``). This file runs every code cell of every lesson again with ``KIT_ARTICLE`` set to
each *other* article, the way the setup cell reads it, and fails on any error: a lesson whose
material is missing from an article must say so, not raise. The cells run in one in-process
IPython shell (no kernel to start, nothing to stall), and every displayed value is rendered as
the notebook would render it (HTML, PNG of charts, widgets), so a view that fails when drawn fails
here too.

A second set runs every lesson on a draft made by ``kit new`` from three plain paragraphs (almost
nothing annotated: no facts, no acts, no accounts, no framing terms) in a copy of the data folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

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
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import kit.choose
    import kit.loader
    kit.loader._CACHE.clear()
    kit.choose._STATE.update(choice=None, explicit=False, warning="")
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    shell.run_cell("import matplotlib; matplotlib.use('Agg')", store_history=False)
    errors: list[str] = []
    shown: list[str] = []
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        with capture_output() as out:
            result = shell.run_cell(cell.source, store_history=False)
        shown.append(out.stdout)
        for o in out.outputs:
            shown.append(o.data.get("text/plain", ""))
        shown.extend(_widget_texts(result.result))
        if not result.success:
            exc = result.error_in_exec or result.error_before_exec
            errors.append(f"{path.name} cell {i}: {type(exc).__name__}: {exc}\n{cell.source}\n{out.stderr[-2000:]}")
    InteractiveShell.clear_instance()
    return errors, "\n".join(shown)


def _widget_texts(value: object) -> list[str]:
    """The text of every HTML widget inside a widget (what the reader sees in it)."""
    import html
    import re

    out: list[str] = []
    for child in getattr(value, "children", ()) or ():
        out.extend(_widget_texts(child))
    v = getattr(value, "value", None)
    if type(value).__name__ == "HTML" and isinstance(v, str):
        out.append(html.unescape(re.sub(r"<[^>]+>", " ", v)))
    return out


@pytest.fixture(autouse=True)
def _quiet_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_PROGRESS_DIR", str(tmp_path / "progress"))
    monkeypatch.chdir(ROOT / "notebooks")


def test_there_is_another_article_to_run_on() -> None:
    assert OTHER_ARTICLES, "data/articles holds only the case study"


@pytest.mark.parametrize("article", OTHER_ARTICLES)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_on_article(lesson: Path, article: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_ARTICLE", article)
    errors, shown = run_lesson(lesson)
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
def test_lesson_runs_on_a_bare_draft(lesson: Path, bare_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_DATA", str(bare_data))
    monkeypatch.setenv("KIT_ARTICLE", "bare-draft")
    errors, shown = run_lesson(lesson)
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
