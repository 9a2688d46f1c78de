"""Every docstring example in the kit runs as a test, one test per docstring.

The modules are found by walking the ``kit`` package (subpackages such as ``kit.views`` included),
so a new module's examples run without being listed anywhere. pytest's own ``--doctest-modules``
is not used: it would also import every ``.py`` file under tests/ (the network block's
sitecustomize.py, the hub's jupyterhub_config.py) and could not be scoped to kit/ from the
command line. The examples run with the option pytest's doctest uses by default (ELLIPSIS).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import types

import pytest

import kit

OPTIONS = doctest.ELLIPSIS


def kit_modules() -> list[types.ModuleType]:
    """The kit package and every module under it, imported, in name order."""
    names = [kit.__name__] + [info.name for info in pkgutil.walk_packages(kit.__path__, kit.__name__ + ".")]
    return [importlib.import_module(name) for name in sorted(names)]


def docstring_examples(module: types.ModuleType) -> list[doctest.DocTest]:
    """The module's docstrings that hold examples (what ``pytest --doctest-modules`` collects)."""
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, module.__name__)
    return sorted((t for t in tests if t.examples), key=lambda t: t.name)


def run_examples(test: doctest.DocTest) -> tuple[int, str]:
    """Run one docstring's examples on a fresh copy of its globals: (failures, doctest's report)."""
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    fresh = doctest.DocTest(test.examples, dict(test.globs), test.name, test.filename, test.lineno, test.docstring)
    result = runner.run(fresh, out=report.append, clear_globs=True)
    return result.failed, "".join(report)


ALL = [t for module in kit_modules() for t in docstring_examples(module)]


@pytest.mark.parametrize("test", ALL, ids=[t.name for t in ALL])
def test_docstring_examples(test: doctest.DocTest) -> None:
    failed, report = run_examples(test)
    assert failed == 0, f"{failed} of {len(test.examples)} examples failed in {test.name}:\n{report}"


def test_examples_are_found() -> None:
    # 120 docstrings in 15+ modules when this test was written; a finder that found nothing would
    # make the test above pass vacuously
    modules = [m.__name__ for m in kit_modules() if docstring_examples(m)]
    assert len(ALL) >= 100 and len(modules) >= 10, (len(ALL), modules)


def test_a_wrong_example_fails() -> None:
    module = types.ModuleType("kit_scratch", ">>> 1 + 1\n3\n>>> 2 + 2\n4\n")
    (test,) = docstring_examples(module)
    failed, report = run_examples(test)
    assert failed == 1 and "Expected:\n    3\nGot:\n    2" in report, report
