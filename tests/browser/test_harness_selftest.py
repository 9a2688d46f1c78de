"""The harness must be able to fail: a deliberately broken notebook, and every kind of problem
LabPage.problems() looks for is reported (and an error the lesson expects is not)."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .lab import LabPage, LabServer

pytestmark = pytest.mark.browser

BROKEN_CELLS = [
    ("1/0", ["raises-exception"]),  # 1: expected by the lesson, so not a problem
    ("import ipywidgets as widgets\n"  # 2: a widget callback that raises
     "s = widgets.IntSlider()\n"
     "def f(n):\n    raise ValueError('callback broke')\n"
     "out = widgets.interactive_output(f, {'n': s})\n"
     "display(s, out)", []),
    ("class Broken(widgets.DOMWidget):\n"  # 3: a widget whose front-end code does not exist
     "    _model_module = _view_module = 'no-such-module'\n"
     "    _model_name, _view_name = 'NoModel', 'NoView'\n"
     "Broken()", []),
    ("from IPython.display import Javascript\n"  # 4: an error in the browser console, and a request
     "Javascript(\"console.error('selftest console error');\"\n"  # off the machine (TEST-NET-2:
     "           \"fetch('http://198.51.100.1/kit-selftest').catch(() => null)\")", []),  # never routed)
    ("undefined_name", []),  # 5: an error that stops "run all"
    ("print('never reached')", []),  # 6
]


def test_problems_are_reported(lab_server: LabServer, lab_page: LabPage) -> None:
    nb = new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                               "display_name": "Python 3 (ipykernel)"}})
    nb.cells = [new_markdown_cell("# Broken on purpose")]
    nb.cells += [new_code_cell(src, metadata={"tags": tags} if tags else {})
                 for src, tags in BROKEN_CELLS]
    folder = lab_server.root_dir / "harness-selftest"  # beside the notebooks' copy, not in it
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / "broken.ipynb")

    lab_page.open_and_run("broken.ipynb", folder="harness-selftest")
    problems = lab_page.problems()
    text = "\n".join(problems)

    assert not any(p.startswith("cell 1:") for p in problems), text
    assert "cell 2: traceback in an output: ValueError: callback broke" in problems, text
    assert "cell 3: 1 widget(s) failed to load (error icon shown)" in problems, text
    assert "cell 3: 1 widget output(s) but 0 rendered" in problems, text
    assert "cell 5: error output NameError: name 'undefined_name' is not defined" in problems, text
    assert any(p.startswith("cell 6: never ran") for p in problems), text
    assert any("browser console error: selftest console error" in p for p in problems), text
    assert any("No version of module" in p for p in problems), text
    assert any(p.startswith("request left the machine") and "198.51.100.1/kit-selftest" in p
               for p in problems), text
