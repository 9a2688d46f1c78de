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


def run_notebook(path: Path, timeout: int = 600) -> list[CellRun]:
    """Execute a notebook in its folder (Run All) and return, per code cell, the text of each output."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    runs = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        texts = [_output_text(o, state, set()) for o in cell.get("outputs", [])]
        runs.append(CellRun(i, cell.source, _EXERCISE_CALL.findall(cell.source), [t for t in texts if t]))
    return runs


def save(runs: list[CellRun], path: Path) -> None:
    """Keep a run's texts for a person to read (test-artifacts/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([r.__dict__ for r in runs], ensure_ascii=False, indent=1), encoding="utf-8")
