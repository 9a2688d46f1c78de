#!/usr/bin/env python3
"""Run notebooks and store only the outputs that nbval checks.

    python tools/checked_outputs.py notebooks/07-reading-a-vote.ipynb [...]

Executes each notebook in a fresh kernel (with a timeout), keeps the outputs of cells tagged
``nbval-check-output`` (the lesson's key numbers, which nbval compares on every test run) and
strips every other output and its execution count, so the committed notebooks stay small and
their diffs readable. Run it after changing a notebook or the data a checked cell prints.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)  # nbclient's timestamps: noise in every diff
        if "nbval-check-output" not in cell.metadata.get("tags", []):
            cell.outputs = []
            cell.execution_count = None  # nbval needs the count kept on the checked cells
    nb.metadata.pop("widgets", None)  # saved widget state would show stale widgets in the page
    nbformat.write(nb, path)
    print(f"{path}: checked outputs stored")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for arg in sys.argv[1:]:
        refresh(Path(arg))
