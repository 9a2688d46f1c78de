"""The accessibility checks must be able to fail: a scratch notebook with the faults issue 16 found
(white on orange, an unnamed slider, an unlabelled field, a control with no focus ring) is caught by
every check of tests/browser/a11y.py, and the same kind of button inside a kit widget passes."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import a11y
from .lab import LabPage, LabServer

pytestmark = pytest.mark.browser

CELLS = [
    # JupyterLab's own "warning" button style: white on orange, 2.7:1
    "import ipywidgets as w\nw.Button(description='Reveal', button_style='warning')",
    # an ipywidgets slider: its handle has no accessible name (axe: aria-input-field-name)
    "w.IntSlider(description='of whom vote against')",
    # raw HTML: an unlabelled text field (axe: label) and a button whose focus ring is removed
    "from IPython.display import HTML\n"
    "HTML('<input type=\"text\"><button id=\"no-ring\" style=\"outline:none;background:#fff;color:#000\">Go</button>')",
]
KIT_CELL = ("from kit.display import style_widget\n"
            "w.VBox([w.Button(description='Reveal too', button_style='warning'), style_widget()])")


def test_accessibility_checks_catch_faults(lab_server: LabServer, lab_page: LabPage) -> None:
    missing = a11y.axe_missing()
    if missing:
        pytest.fail(missing, pytrace=False)
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3 (ipykernel)"}})
    nb.cells = [new_markdown_cell("# Inaccessible on purpose")] + [new_code_cell(c) for c in CELLS]
    folder = lab_server.root_dir / "a11y-selftest"
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "faults.ipynb")
    page = lab_page.open_and_run("faults.ipynb", folder="a11y-selftest")

    rules = {f["rule"] for f in a11y.axe_findings(page, "selftest-faults") if f["in_output"]}
    assert {"aria-input-field-name", "label"} <= rules, rules
    contrast, texts, buttons = a11y.contrast_problems(page)
    assert buttons >= 2 and texts >= 2
    assert any('"Reveal"' in p and "2.7" in p for p in contrast), contrast
    focus, controls = a11y.focus_problems(page)
    assert controls >= 2 and any('"Go"' in p for p in focus), focus

    # The kit's stylesheet, once on the page, gives the same kind of button readable colours and
    # every control in the outputs a focus ring (it applies to all outputs).
    nb.cells.append(new_code_cell(KIT_CELL))
    nbformat.write(nb, folder / "faults-with-kit.ipynb")
    page = lab_page.open_and_run("faults-with-kit.ipynb", folder="a11y-selftest")
    contrast, _, _ = a11y.contrast_problems(page)
    assert not any("Reveal" in p for p in contrast), contrast
    focus, _ = a11y.focus_problems(page)
    assert not any('"Reveal' in p for p in focus), focus
