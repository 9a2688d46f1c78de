"""The package's import structure, read from the source (AST): one-way arrows between layers.

The rule (CONTRIBUTING.md, "Layers"): a kit module imports only modules of its own layer or a
lower one, never in a cycle, counting the imports made inside functions; an import inside a
function is only for a heavy third-party package, with a comment on its line saying so.

Each check is a function over a package folder, so that the tests at the end can feed it a small
package built to break the rule and see it reported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KIT = ROOT / "kit"

LAYER_NAMES = {0: "foundation", 1: "data", 2: "analyses", 3: "lesson plumbing", 4: "views and authoring",
               5: "entry points"}

# Every kit module's layer. A key names a module ("kit.loader") or a package prefix ("kit.views"
# covers kit.views and every kit.views.* module); the longest key that matches wins. "kit" itself
# is kit/__init__.py only. A new module needs its line here (test_every_module_has_a_layer).
LAYERS = {
    # 0 foundation: no kit module below it
    "kit.errors": 0, "kit.files": 0, "kit.yamlio": 0, "kit.display": 0, "kit.diskcache": 0, "kit.chartcache": 0,
    "kit.controls": 0, "kit.progress": 0,
    # 1 data: the records and how they are read and checked
    "kit.model": 1, "kit.validation": 1, "kit.article": 1, "kit.loader": 1, "kit.accounts": 1, "kit.doccache": 1,
    # 2 analyses: counting over the records, no display
    "kit.votes": 2, "kit.compare": 2, "kit.counting": 2,
    # 3 lesson plumbing: choosing the article, degrading gracefully, exercises, checking everything
    "kit.choose": 3, "kit.exercises": 3, "kit.checks": 3,
    # 4 views (one module per lesson) and authoring
    "kit.views": 4, "kit.comparison_views": 4, "kit.procedure": 4, "kit.hemicycle": 4,
    "kit.start": 4, "kit.results": 4, "kit.scaffold": 4, "kit.review": 4,
    # 5 entry points
    "kit": 5, "kit.__main__": 5, "kit.editions": 5,
}

# The only packages a function may import (slow to import, needed only when a chart, a widget or a
# schema error is made), each such line with a comment saying so ("# heavy third-party ...").
HEAVY = frozenset({"matplotlib", "numpy", "ipywidgets", "jsonschema", "fastjsonschema", "nbformat"})
HEAVY_COMMENT = re.compile(r"#.*\bheavy third-party\b", re.IGNORECASE)


@dataclass(frozen=True)
class Imp:
    """One import statement of a package's module."""

    module: str  # the importing module, e.g. "kit.loader"
    where: str  # file:line, relative to the package's parent folder
    text: str  # the statement, without its comment
    in_function: bool
    targets: frozenset[str]  # the package's modules it imports
    top: frozenset[str]  # top-level names of what it imports from outside the package ("os", "matplotlib")
    commented: bool  # a "heavy third-party" comment on one of its lines


def modules(pkg: Path) -> dict[str, Path]:
    """Module name -> file, for every .py file of the package folder ``pkg``."""
    out = {}
    for p in sorted(pkg.rglob("*.py")):
        parts = p.relative_to(pkg.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _ancestors(name: str) -> set[str]:
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _walk(node: ast.AST, in_function: bool = False) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            yield child, in_function
        yield from _walk(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))


def imports(pkg: Path) -> list[Imp]:
    """Every import statement of every module of ``pkg``, at top level or inside a function."""
    mods = modules(pkg)
    root = pkg.name
    out = []
    for name, path in mods.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node, in_function in _walk(ast.parse(source, str(path))):
            targets: set[str] = set()
            top: set[str] = set()
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == root or a.name.startswith(root + "."):
                        hit = max((m for m in mods if a.name == m or a.name.startswith(m + ".")), key=len, default=None)
                        targets |= {hit} if hit else set()
                    else:
                        top.add(a.name.split(".")[0])
            else:
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                if node.level or base == root or base.startswith(root + "."):
                    subs = {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in mods}
                    names_from_base = any(f"{base}.{a.name}" not in mods for a in node.names)
                    targets |= subs
                    if base in mods and (names_from_base or base not in _ancestors(name)):
                        targets.add(base)
                else:
                    top.add(base.split(".")[0])
            end = node.end_lineno or node.lineno
            text = ast.unparse(node)
            out.append(Imp(name, f"{path.relative_to(pkg.parent).as_posix()}:{node.lineno}", text, in_function,
                           frozenset(targets - {name}), frozenset(top),
                           any(HEAVY_COMMENT.search(line) for line in lines[node.lineno - 1:end])))
    return out


def cycles(pkg: Path) -> list[tuple[list[str], list[str]]]:
    """The import cycles between the modules of ``pkg`` (imports inside functions counted): one per
    group of modules that import each other, as (the group's modules, one cycle through them
    ``[a (file:line), b (file:line), ..., a]`` with the place of each arrow)."""
    edges: dict[str, dict[str, str]] = {}
    for imp in imports(pkg):
        for t in imp.targets:
            edges.setdefault(imp.module, {}).setdefault(t, imp.where)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    groups: list[set[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(modules(pkg)):
        if v not in index:
            strong(v)
    out = []
    for group in groups:  # one cycle through the group's first module, found breadth first
        start = min(group)
        paths = {start: [start]}
        queue = [start]
        found: list[str] | None = None
        while queue and found is None:
            v = queue.pop(0)
            for w in sorted(edges.get(v, {})):
                if w == start:
                    found = paths[v] + [start]
                    break
                if w in group and w not in paths:
                    paths[w] = paths[v] + [w]
                    queue.append(w)
        assert found is not None
        out.append((sorted(group), [f"{a} ({edges[a][b]})" for a, b in zip(found, found[1:], strict=False)] + [start]))
    return out


def imports_in_functions(pkg: Path, heavy: frozenset[str] = HEAVY) -> list[str]:
    """Every import inside a function that is not of a heavy third-party package with its comment."""
    bad = []
    for imp in imports(pkg):
        if not imp.in_function:
            continue
        if imp.targets or not imp.top:
            why = "imports a module of the package"
        elif not imp.top <= heavy:
            why = (f"imports {', '.join(sorted(imp.top - heavy))}, not a heavy third-party package "
                   f"({', '.join(sorted(heavy))})")
        elif not imp.commented:
            why = "has no '# heavy third-party ...' comment on its line saying why it is imported here"
        else:
            continue
        bad.append(f"{imp.where}: `{imp.text}` inside a function {why}; import it at the top of the module")
    return bad


def layer_of(name: str, layers: dict[str, int], root: str) -> int | None:
    """The layer of a module: its own key, else the longest package prefix (the root package's key is
    for its ``__init__`` only)."""
    keys = [k for k in layers if name == k or (k != root and name.startswith(k + "."))]
    return layers[max(keys, key=len)] if keys else None


def _named(layer: int) -> str:
    return f"layer {layer}, {LAYER_NAMES.get(layer, '?')}"


def layer_violations(pkg: Path, layers: dict[str, int]) -> list[str]:
    """Every import of a module of a higher layer, and every module with no layer."""
    root = pkg.name
    bad = [f"{name} ({path.relative_to(pkg.parent).as_posix()}) has no layer: add its line to LAYERS in "
           "tests/test_structure.py (see CONTRIBUTING.md, Layers)"
           for name, path in modules(pkg).items() if layer_of(name, layers, root) is None]
    for imp in imports(pkg):
        mine = layer_of(imp.module, layers, root)
        for t in sorted(imp.targets):
            theirs = layer_of(t, layers, root)
            if mine is not None and theirs is not None and theirs > mine:
                bad.append(f"{imp.where}: {imp.module} ({_named(mine)}) imports {t} ({_named(theirs)}): `{imp.text}`; "
                           "a module imports only its own layer or lower ones")
    return bad


# ------------------------------------------------------------------ the kit

def test_no_import_cycle() -> None:
    found = cycles(KIT)
    assert found == [], "import cycles (imports inside functions counted):\n" + "\n".join(
        f"{' <-> '.join(group)}, e.g. {' -> '.join(path)}" for group, path in found)


def test_no_import_inside_a_function() -> None:
    bad = imports_in_functions(KIT)
    assert bad == [], "\n".join(bad)


def test_every_import_goes_down_the_layers() -> None:
    bad = [b for b in layer_violations(KIT, LAYERS) if "has no layer" not in b]
    assert bad == [], "\n".join(bad)


def test_every_module_has_a_layer() -> None:
    bad = [b for b in layer_violations(KIT, LAYERS) if "has no layer" in b]
    assert bad == [], "\n".join(bad)


def test_the_checks_see_the_kits_imports() -> None:
    """The reader finds what is there (so that an empty list above means something)."""
    found = imports(KIT)
    arrows = {(i.module, t) for i in found for t in i.targets}
    assert ("kit.loader", "kit.model") in arrows and ("kit.choose", "kit.loader") in arrows
    assert any(i.in_function and i.top == {"ipywidgets"} for i in found)
    assert len(modules(KIT)) >= 20 and len(arrows) >= 50


# ------------------------------------------------------------------ the checks catch what they should

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "pkg"
    for rel, text in files.items():
        p = pkg / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return pkg


SYNTHETIC_LAYERS = {"pkg": 2, "pkg.base": 0, "pkg.data": 1, "pkg.more": 1, "pkg.views": 2}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return _package(tmp_path, {
        "__init__.py": "from .views import show\n",
        "base.py": ("import os\n\n\ndef helper():\n"
                    "    from .data import load  # an upward import, hidden in a function\n"
                    "    return load()\n"),
        "data.py": ("from . import more\n\n\ndef load():\n    import json\n    return json.loads('1')\n\n\n"
                    "def chart():\n    import matplotlib  # heavy third-party package: only when a chart is drawn\n"
                    "    import numpy\n    return matplotlib, numpy\n"),
        "more.py": "def again():\n    from pkg import data\n    return data\n",
        "views/__init__.py": "from .lesson import show\n",
        "views/lesson.py": "from ..base import helper\n\n\ndef show():\n    return helper()\n",
        "stray.py": "import pkg.base\n",
    })


def test_a_cycle_is_found_and_named(broken: Path) -> None:
    found = cycles(broken)
    assert len(found) == 1, found
    [(group, cycle)] = found
    assert group == ["pkg.data", "pkg.more"]
    assert cycle[0].startswith("pkg.data (pkg/data.py:1)") and cycle[-1] == "pkg.data"
    assert any(c.startswith("pkg.more (pkg/more.py:2)") for c in cycle)


def test_a_cycle_through_imports_in_functions_only_is_found(tmp_path: Path) -> None:
    pkg = _package(tmp_path, {"__init__.py": "", "a.py": "def f():\n    from . import b\n",
                              "b.py": "def g():\n    from .a import f\n"})
    assert [group for group, _ in cycles(pkg)] == [["pkg.a", "pkg.b"]]


def test_imports_inside_functions_are_named(broken: Path) -> None:
    bad = imports_in_functions(broken)
    joined = "\n".join(bad)
    assert "pkg/base.py:5: `from .data import load`" in joined and "module of the package" in joined
    assert "pkg/data.py:5: `import json` inside a function imports json, not a heavy" in joined
    assert "pkg/data.py:11: `import numpy`" in joined and "no '# heavy third-party" in joined
    assert "pkg/more.py:2: `from pkg import data`" in joined
    assert "pkg/data.py:10" not in joined  # matplotlib, heavy, with its comment: allowed
    assert len(bad) == 4, bad


def test_an_upward_import_names_both_layers(broken: Path) -> None:
    bad = layer_violations(broken, SYNTHETIC_LAYERS)
    ups = [b for b in bad if "has no layer" not in b]
    assert ups == ["pkg/base.py:5: pkg.base (layer 0, foundation) imports pkg.data (layer 1, data): "
                   "`from .data import load`; a module imports only its own layer or lower ones"], bad


def test_a_module_without_a_layer_is_named(broken: Path) -> None:
    bad = [b for b in layer_violations(broken, SYNTHETIC_LAYERS) if "has no layer" in b]
    assert bad == ["pkg.stray (pkg/stray.py) has no layer: add its line to LAYERS in tests/test_structure.py "
                   "(see CONTRIBUTING.md, Layers)"]


def test_a_package_prefix_gives_its_modules_a_layer(broken: Path) -> None:
    assert layer_of("pkg.views.lesson", SYNTHETIC_LAYERS, "pkg") == 2
    assert layer_of("pkg.views", SYNTHETIC_LAYERS, "pkg") == 2
    assert layer_of("pkg.stray", SYNTHETIC_LAYERS, "pkg") is None  # "pkg" is the __init__ only
    assert layer_of("kit.views.lesson04", LAYERS, "kit") == 4


def test_a_clean_package_passes(tmp_path: Path) -> None:
    pkg = _package(tmp_path, {"__init__.py": "from .data import load\n", "base.py": "import os\n",
                              "data.py": "import json\n\nfrom .base import os\n\n\ndef load():\n"
                                         "    import ipywidgets  # heavy third-party package: a widget\n"
                                         "    return json, ipywidgets\n"})
    assert cycles(pkg) == []
    assert imports_in_functions(pkg) == []
    assert layer_violations(pkg, {"pkg": 2, "pkg.base": 0, "pkg.data": 1}) == []
