"""The editions' notebooks are written exactly as JupyterLab saves them (nbformat's canonical form).

Why it matters: nbgitpuller merges a teacher's update into a student's copy with ``-Xours``. A file
in another form (Markdown sources as one string, stale execution timestamps) is rewritten whole by
the student's first save, and then every later change of the teacher's loses to the student's copy,
silently. tests/hub/test_hub.py shows it end to end on a real hub; this checks the form itself.
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat

from kit.editions import _write_notebook, student_notebook, teacher_notebook

ROOT = Path(__file__).resolve().parents[1]


def _resave(path: Path) -> str:
    """What JupyterLab's save writes for the notebook at ``path`` (jupyter_server uses nbformat)."""
    return nbformat.writes(nbformat.read(path, as_version=4)) + "\n"


def test_a_written_edition_is_what_a_save_would_write(tmp_path: Path) -> None:
    source = json.loads((ROOT / "notebooks" / "07-reading-a-vote.ipynb").read_text(encoding="utf-8"))
    student, _, _ = student_notebook(source)
    teacher, _ = teacher_notebook(source, {})
    for name, nb in (("student.ipynb", student), ("teacher.ipynb", teacher)):
        path = tmp_path / name
        _write_notebook(path, nb, drop_timing=name.startswith("student"))
        assert path.read_text(encoding="utf-8") == _resave(path), f"{name} is not in canonical form"


def test_string_sources_and_timestamps_are_normalised(tmp_path: Path) -> None:
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a1", "metadata": {}, "source": "# Title\n\nTwo lines\nof text"},
        {"cell_type": "code", "id": "b2", "execution_count": None, "outputs": [], "source": "x = 1\nx",
         "metadata": {"execution": {"iopub.execute_input": "2026-01-01T00:00:00Z"}, "tags": ["keep"]}},
    ]}
    path = tmp_path / "n.ipynb"
    _write_notebook(path, nb)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["cells"][0]["source"] == ["# Title\n", "\n", "Two lines\n", "of text"]
    assert written["cells"][1]["metadata"] == {"tags": ["keep"]}
    assert path.read_text(encoding="utf-8") == _resave(path)
    assert nb["cells"][1]["metadata"]["execution"], "the caller's notebook was changed"
