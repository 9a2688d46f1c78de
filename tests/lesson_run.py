"""Run a lesson notebook top to bottom, as Run All does, and read what each cell showed.

Used by tests/test_self_checks.py: the answer-leak test and the no-spoiler test. Every output
counts: printed text, HTML, and the text inside every widget a cell displays (read from the
widget state nbclient stores), except the self-check widgets themselves (they show questions,
not answers) and what a "show" button (kit.exercises.show_after) holds, which is empty until
the student presses it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_EXERCISE_CALL = re.compile(r"""\bexercise\(\s*["'](ex\d{2}-[a-z0-9-]+)["']""")
_SKIP_CLASSES = {"kit-exercise"}


@dataclass
class CellRun:
    index: int
    source: str
    exercises: list[str]
    texts: list[str]  # one text per output (a widget's whole tree is one output)


def _plain(text: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL | re.IGNORECASE)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html.unescape(text).split())


def _widget_text(model_id: str, state: dict[str, Any], seen: set[str]) -> str:
    if model_id in seen or model_id not in state:
        return ""
    seen.add(model_id)
    st = state[model_id].get("state", {})
    if _SKIP_CLASSES & set(st.get("_dom_classes", [])):
        return ""
    parts: list[str] = []
    for key, value in st.items():
        if key.startswith("_") and key not in ("_options_labels",):
            continue
        if key in ("layout", "style", "tooltip", "placeholder"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                parts.append(_widget_text(item[len("IPY_MODEL_"):], state, seen))
            elif isinstance(item, str):
                parts.append(_plain(item))
            elif isinstance(item, dict) and key == "outputs":  # an Output widget's content
                parts.append(_output_text(item, state, seen))
    return " ".join(p for p in parts if p)


def _output_text(out: dict[str, Any], state: dict[str, Any], seen: set[str]) -> str:
    if out.get("output_type") == "stream":
        text = out.get("text", "")
        return " ".join(("".join(text) if isinstance(text, list) else str(text)).split())
    data = out.get("data", {})
    if WIDGET_VIEW in data:
        return _widget_text(str(data[WIDGET_VIEW].get("model_id", "")), state, seen)
    for mime in ("text/html", "text/markdown", "text/plain"):
        if mime in data:
            value = data[mime]
            return _plain("".join(value) if isinstance(value, list) else str(value))
    return ""


def execute(path: Path, timeout: int = 600) -> Any:
    """Execute a notebook in its folder (Run All) in a kernel; return it with its outputs and the
    state of every widget it made (``metadata.widgets``)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def widget_state(nb: Any) -> dict[str, Any]:
    """The state of every widget an executed notebook made, by model id."""
    return dict(nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))


def cell_runs(nb: Any) -> list[CellRun]:
    """Per code cell of an executed notebook, the text of each output."""
    state = widget_state(nb)
    runs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        texts = [_output_text(o, state, set()) for o in cell.get("outputs", [])]
        runs.append(CellRun(i, cell.source, _EXERCISE_CALL.findall(cell.source), [t for t in texts if t]))
    return runs


def run_notebook(path: Path, timeout: int = 600) -> list[CellRun]:
    """Execute a notebook in its folder (Run All) and return, per code cell, the text of each output."""
    return cell_runs(execute(path, timeout))


def save(runs: list[CellRun], path: Path) -> None:
    """Keep a run's texts for a person to read (test-artifacts/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.__dict__ for r in runs], ensure_ascii=False, indent=1), encoding="utf-8")


# ------------------------------------------------------------------ in-process runs, shared

@dataclass
class ShellCell:
    """One cell of a lesson run in an in-process IPython shell, and what it showed, read at once."""

    index: int
    cell_type: str
    source: str
    error: str = ""  # "" when the cell ran; else "<ExceptionType>: <message>"
    stdout: str = ""
    stderr: str = ""
    outputs: list[dict[str, Any]] | None = None  # each displayed output's data (mime type -> value)
    html_widget_texts: list[str] | None = None  # the text of every HTML widget in the cell's value
    widget_texts: list[str] | None = None  # widgets' values, descriptions, options (what a student reads)
    value_is_widget: bool = False
    value_html: str | None = None  # the value's .html (an HtmlView)
    chart_table: str | None = None  # a Chart's numbers as its table (what a browser-only site shows)


def strip_html(value: str) -> str:
    """Text as a student reads it: inline tags dropped, block tags made spaces, entities decoded."""
    value = re.sub(r"<(script|style)\b.*?</\1>", " ", value, flags=re.S | re.I)
    value = re.sub(r"</?(?:mark|span|b|i|a|small|em|strong|code|sup|sub|abbr|u|s|del|ins)\b[^>]*>", "", value,
                   flags=re.I)
    value = re.sub(r"<[^>]+>", " ", value)
    return html.unescape(value)


def html_widget_texts(value: object) -> list[str]:
    """The text of every HTML widget inside a widget (what the reader sees in it)."""
    out: list[str] = []
    for child in getattr(value, "children", ()) or ():
        out.extend(html_widget_texts(child))
    v = getattr(value, "value", None)
    if type(value).__name__ == "HTML" and isinstance(v, str):
        out.append(html.unescape(re.sub(r"<[^>]+>", " ", v)))
    return out


def widget_texts(value: object) -> list[str]:
    """Every text a widget shows: HTML values, labels, descriptions, placeholders, tooltips, options."""
    out: list[str] = []
    for child in getattr(value, "children", ()) or ():
        out.extend(widget_texts(child))
    for attr in ("value", "description", "placeholder", "tooltip"):
        v = getattr(value, attr, None)
        if isinstance(v, str) and v:
            out.append(strip_html(v) if attr == "value" and type(value).__name__ == "HTML" else
                       (v if attr != "value" or type(value).__name__ in ("Label", "Button") else ""))
    for o in getattr(value, "options", ()) or ():
        out.append(o[0] if isinstance(o, tuple) else str(o))
    return [t for t in out if t]


def run_in_shell(path: Path) -> list[ShellCell]:
    """Run every code cell of a lesson in a fresh in-process IPython shell, in order, as Run All does.

    The article, data folder and progress folder are the environment's (``KIT_ARTICLE``,
    ``KIT_DATA``, ``KIT_PROGRESS_DIR``), read by the lesson's setup cell; the kit's caches of loaded
    articles and of the chosen article are emptied first. What each cell shows is read right after
    it ran (a later cell cannot change it), in every form the tests read it.
    """
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    import kit.choose
    import kit.loader
    from kit.display import Chart, data_table

    kit.loader._CACHE.clear()
    kit.choose._STATE.update(choice=None, explicit=False, warning="")
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    shell.run_cell("import matplotlib; matplotlib.use('Agg')", store_history=False)
    cells: list[ShellCell] = []
    try:
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type != "code":
                cells.append(ShellCell(i, cell.cell_type, cell.source))
                continue
            with capture_output() as out:
                result = shell.run_cell(cell.source, store_history=False)
            value = result.result
            exc = result.error_in_exec or result.error_before_exec
            cells.append(ShellCell(
                i, "code", cell.source, error="" if result.success else f"{type(exc).__name__}: {exc}",
                stdout=out.stdout, stderr=out.stderr, outputs=[dict(o.data) for o in out.outputs],
                html_widget_texts=html_widget_texts(value),
                widget_texts=widget_texts(value) if value is not None else [],
                value_is_widget=value is not None and hasattr(value, "keys") and hasattr(value, "comm"),
                value_html=value.html if value is not None and isinstance(getattr(value, "html", None), str) else None,
                chart_table=(strip_html(data_table(value.data))
                             if isinstance(value, Chart) and value.data is not None else None)))
    finally:
        InteractiveShell.clear_instance()
    return cells
