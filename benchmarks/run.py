#!/usr/bin/env python3
"""The kit's benchmark: is the kit ever the slow or the heavy part of a lesson?

    .venv/bin/python benchmarks/run.py                  # everything, 5 repeats (about 15 minutes)
    .venv/bin/python benchmarks/run.py --repeats 3 --only imports,widgets

Not part of the test suite (speed depends on the machine). Every figure is measured ``--repeats``
times and reported as the median with its spread (min-max), next to a floor measured in the same
run and the ratio to it. Every kernel and interpreter started here caches its bytecode, as a
student's install does (in a temporary folder, ``PYTHONPYCACHEPREFIX``, filled by the untimed
first run; ``PYTHONDONTWRITEBYTECODE`` would otherwise make each kernel compile the kit again):

notebooks   "Run All" of each notebook in a fresh kernel (start to last cell) against a fresh
            kernel that only imports the same libraries (matplotlib.pyplot, ipywidgets, ... as
            found in the notebook's kernel afterwards) in its first cell and runs as many empty
            cells as the notebook has code cells (Jupyter's own cost per cell is not the kit's);
            the kernels' CPU seconds too (in benchmark.json: on a shared machine they say more
            than the wall clock); and the kernel's resident memory (RSS)
            after the run, against the floor kernel's. Twice: with the kit's caches (charts,
            verdicts on the data) filled by an earlier run, as every run after a user's first is,
            and cold (empty caches, a user's very first run).
first_cell  the first cell of lesson 01 (imports, the chosen article, the article menu) in a fresh
            kernel, with 2, 20 and 100 articles in data/articles (the kit's two and generated
            ones), cold and warm caches.
imports     ``import kit`` against ``import matplotlib``, each in a fresh interpreter.
articles    load + validate 1, 100 and 1,000 articles generated from the case study by the seeded
            benchmarks/make_articles.py (in a temporary folder), in a warm interpreter (kit and
            its validators ready), against parsing the same files with libyaml and nothing else;
            cold (empty verdict cache) and warm (the same files again), and building every
            article's record afterwards (``Library.articles``).
widgets     each main widget's callback latency (median and 95th percentile over many events),
            against a bare ipywidgets control whose callback does nothing.
class       a class of 30: 30 kernels at once, each running notebook 00's then 07's Run All (warm
            caches), against 30 floor kernels: the kit's CPU seconds per student above the floor,
            and the time until the last student's notebook has finished. The kernels start one
            after another (each to its first reply: started all at once, they raced for free ports
            and one never started), then run together.

Prints a Markdown table (pasted into README.md, section "Performance"), and writes
benchmarks/results/benchmark.json and benchmarks/results/benchmark.png.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# What the floor kernel imports: those of these the notebook's kernel had imported by the end
# (the kit draws on matplotlib Figures without pyplot, so matplotlib itself is listed too).
THIRD_PARTY = ("numpy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg", "matplotlib.pyplot",
               "PIL.Image", "ipywidgets", "yaml", "fastjsonschema", "jsonschema")

TARGETS = {"run_all_ratio": 1.3, "kernel_mb": 150.0, "kernel_mb_above_floor": 25.0, "import_ratio": 1.2,
           "articles_1000_s": 2.0, "widget_p95_ms": 30.0, "first_cell_ratio_100_to_2": 1.2}


_PYCACHE: list[Path] = []


def kernel_env(**extra: str) -> dict[str, str]:
    """The environment of the kernels and interpreters started here: this one's, with bytecode cached
    (in a temporary folder of this run) and the kernel's own matplotlib backend (inline, as in JupyterLab)."""
    if not _PYCACHE:
        _PYCACHE.append(Path(tempfile.mkdtemp(prefix="kit-bench-pycache-")))
        atexit.register(shutil.rmtree, _PYCACHE[0], True)
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(_PYCACHE[0]), **extra)
    env.pop("MPLBACKEND", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def spread(values: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "values": values}


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q * (len(s) - 1))))
    return s[k]


# ----------------------------------------------------------------------------------- notebooks

def _code_cells(nb_path: Path) -> list[tuple[str, bool]]:
    """(source, may_raise) of each code cell nbval would run."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = []
    for c in nb["cells"]:
        if c["cell_type"] != "code":
            continue
        tags = set(c.get("metadata", {}).get("tags", []))
        if "nbval-skip" in tags:
            continue
        out.append(("".join(c["source"]), bool(tags & {"raises-exception", "nbval-raises-exception"})))
    return out


_THREAD_CPU: dict[int, float] = {}  # the kernel CPU seconds of each thread's last run
LAST_RUN: dict[str, Any] = {}  # per-cell seconds and kernel CPU seconds of the last run_in_fresh_kernel


def run_in_fresh_kernel(cells: list[tuple[str, bool]], cwd: Path, env: dict[str, str],
                        probe: str | None = None,
                        start_lock: Any = None) -> tuple[float, int, str, list[str]]:
    """Start a kernel, run the cells; return (seconds, kernel RSS in bytes, probe output, errors).

    Also leaves in LAST_RUN the seconds of each cell and the kernel's CPU seconds (user + system).
    ``start_lock`` (a class of kernels at once): held from choosing the kernel's ports to its first
    reply, so that kernels started together do not race for the same free port (the client picks
    the ports, the kernel binds them a moment later: with 30 at once, one kernel found its port taken
    and never started).
    """
    import psutil
    from jupyter_client.manager import start_new_kernel

    errors: list[str] = []
    started = time.perf_counter()
    with start_lock or contextlib.nullcontext():
        km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120, cwd=str(cwd), env=env)
    cell_s: list[float] = []
    try:
        for source, may_raise in cells:
            def hook(msg: dict[str, Any], may_raise: bool = may_raise) -> None:
                if msg["msg_type"] == "error" and not may_raise:
                    errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}"[:300])
            t0 = time.perf_counter()
            kc.execute_interactive(source, timeout=600, store_history=True, allow_stdin=False, output_hook=hook)
            cell_s.append(time.perf_counter() - t0)
        took = time.perf_counter() - started
        try:
            cpu = psutil.Process(km.provisioner.pid).cpu_times()  # type: ignore[union-attr]
            LAST_RUN.update(cells=cell_s, cpu_s=cpu.user + cpu.system, errors=list(errors))
            _THREAD_CPU[threading.get_ident()] = cpu.user + cpu.system
        except (psutil.Error, AttributeError):
            LAST_RUN.update(cells=cell_s, cpu_s=float("nan"), errors=list(errors))
        try:  # the /proc reader of benchmarks/kernel_memory.py (issue 6's memory figures), so both agree
            sys.path.insert(0, str(HERE))
            from kernel_memory import kernel_memory
            rss = kernel_memory(km.provisioner.pid)["rss"] * 1024  # type: ignore[union-attr]
        except (ImportError, OSError, KeyError):
            rss = psutil.Process(km.provisioner.pid).memory_info().rss  # type: ignore[union-attr]
        probed: list[str] = []
        if probe:
            kc.execute_interactive(probe, timeout=60, output_hook=lambda m: probed.append(
                m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        return took, rss, "".join(probed), errors
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def bench_notebooks(repeats: int, only: list[str] | None, cold: bool = True) -> list[dict[str, Any]]:
    env = kernel_env()
    caches = Path(tempfile.mkdtemp(prefix="kit-bench-caches-"))
    rows = []
    for nb in NOTEBOOKS:
        if only and not any(nb.name.startswith(o) for o in only):
            continue
        cells = _code_cells(nb)
        probe = f"import sys, json; print(json.dumps([m for m in {THIRD_PARTY!r} if m in sys.modules]))"
        with tempfile.TemporaryDirectory(prefix="kit-bench-progress-") as prog:  # fill the caches, untimed
            run_in_fresh_kernel(cells, nb.parent, dict(env, KIT_PROGRESS_DIR=prog,
                                                       KIT_CHART_CACHE=str(caches / "charts"),
                                                       KIT_DATA_CACHE=str(caches / "data")))
        for mode in ("warm", "cold") if cold else ("warm",):
            times, rss, ftimes, frss, errors, cpu, fcpu = [], [], [], [], [], [], []
            imports: list[str] = []
            for r in range(repeats):
                with tempfile.TemporaryDirectory(prefix="kit-bench-progress-") as prog, \
                        tempfile.TemporaryDirectory(prefix="kit-bench-cold-") as empty:
                    where = caches if mode == "warm" else Path(empty)
                    run_env = dict(env, KIT_PROGRESS_DIR=prog, KIT_CHART_CACHE=str(where / "charts"),
                                   KIT_DATA_CACHE=str(where / "data"))
                    t, m, probed, errs = run_in_fresh_kernel(cells, nb.parent, run_env, probe if r == 0 else None)
                    cpu.append(LAST_RUN["cpu_s"])
                errors += errs
                if r == 0:
                    imports = json.loads(probed.strip().splitlines()[-1]) if probed.strip() else []
                floor = ([("\n".join(f"import {m}" for m in imports) or "pass", False)]
                         + [("pass", False)] * (len(cells) - 1))
                ft, fm, _, ferrs = run_in_fresh_kernel(floor, nb.parent, env)
                fcpu.append(LAST_RUN["cpu_s"])
                errors += ferrs
                times.append(t)
                rss.append(m / 2**20)
                ftimes.append(ft)
                frss.append(fm / 2**20)
            row = {"notebook": nb.stem, "caches": mode, "run_all_s": spread(times), "floor_s": spread(ftimes),
                   "ratio": statistics.median(times) / statistics.median(ftimes),
                   "rss_mb": spread(rss), "floor_rss_mb": spread(frss),
                   "rss_ratio": statistics.median(rss) / statistics.median(frss),
                   "rss_above_floor_mb": statistics.median(rss) - statistics.median(frss),
                   "cpu_s": spread(cpu), "floor_cpu_s": spread(fcpu),
                   "cpu_ratio": statistics.median(cpu) / statistics.median(fcpu),
                   "floor_imports": imports, "cells": len(cells), "errors": sorted(set(errors))}
            say(f"  {nb.stem} ({mode}): run all {row['run_all_s']['median']:.2f} s "
                f"vs floor {row['floor_s']['median']:.2f} s ({row['ratio']:.2f}x); "
                f"CPU {row['cpu_s']['median']:.2f} s vs {row['floor_cpu_s']['median']:.2f} s "
                f"({row['cpu_ratio']:.2f}x); "
                f"RSS {row['rss_mb']['median']:.0f} MB vs {row['floor_rss_mb']['median']:.0f} MB; "
                f"floor imports {', '.join(imports) or 'none'}" + (f"; ERRORS {row['errors']}" if errors else ""))
            rows.append(row)
    return rows


# ----------------------------------------------------------------------------------- first cell

def _library(n: int, out: Path) -> Path:
    """A copy of data/ with n articles in data/articles: the kit's own and generated ones."""
    sys.path.insert(0, str(HERE))
    from make_articles import make

    shutil.copytree(ROOT / "data", out)
    own = len([p for p in (out / "articles").iterdir() if p.is_dir()])
    if n > own:
        with tempfile.TemporaryDirectory(prefix="kit-bench-gen-") as gen:
            for folder in make(n - own, Path(gen), seed=7):
                shutil.move(str(folder), out / "articles" / folder.name)
    return out


def bench_first_cell(repeats: int, sizes: list[int]) -> list[dict[str, Any]]:
    nb = next(p for p in NOTEBOOKS if p.name.startswith("01"))
    first = _code_cells(nb)[:1]
    env = kernel_env()
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="kit-bench-library-") as tmp:
            data = _library(n, Path(tmp) / "data")
            for mode in ("cold", "warm"):
                caches = Path(tmp) / "caches"
                took = []
                for _ in range(repeats):
                    if mode == "cold":
                        shutil.rmtree(caches, ignore_errors=True)
                    run_in_fresh_kernel(first, nb.parent, dict(env, KIT_DATA=str(data),
                                                              KIT_CHART_CACHE=str(caches / "charts"),
                                                              KIT_DATA_CACHE=str(caches / "data")))
                    if LAST_RUN["errors"]:
                        raise SystemExit(f"first cell failed: {LAST_RUN['errors']}")
                    took.append(LAST_RUN["cells"][0])
                rows.append({"articles": n, "caches": mode, "first_cell_s": spread(took)})
                say(f"  {n} articles ({mode}): first cell {statistics.median(took):.3f} s")
    for mode in ("cold", "warm"):
        mine = [r for r in rows if r["caches"] == mode]
        base = next((r for r in mine if r["articles"] == min(sizes)), None)
        for r in mine:
            r["ratio_to_smallest"] = (r["first_cell_s"]["median"] / base["first_cell_s"]["median"]
                                      if base else float("nan"))
    return rows


# ----------------------------------------------------------------------------------- a class of 30

def bench_class(students: int) -> dict[str, Any]:
    """``students`` kernels at once, each running 00's then 07's Run All; the same with floor kernels."""
    env = kernel_env()
    caches = Path(tempfile.mkdtemp(prefix="kit-bench-class-"))
    env.update(KIT_CHART_CACHE=str(caches / "charts"), KIT_DATA_CACHE=str(caches / "data"))
    nbs = [p for p in NOTEBOOKS if p.name.startswith(("00", "07"))]
    plans = {"kit": [_code_cells(p) for p in nbs]}
    imports: set[str] = set()
    # fill the caches (the teacher ran the lessons before), then probe
    for p, cells in zip(nbs, plans["kit"], strict=True):
        probe = f"import sys, json; print(json.dumps([m for m in {THIRD_PARTY!r} if m in sys.modules]))"
        for _ in range(2):
            with tempfile.TemporaryDirectory(prefix="kit-bench-progress-") as prog:
                _, _, probed, _ = run_in_fresh_kernel(cells, p.parent, dict(env, KIT_PROGRESS_DIR=prog), probe)
        imports |= set(json.loads(probed.strip().splitlines()[-1]) if probed.strip() else [])
    floor_first = ("\n".join(f"import {m}" for m in sorted(imports)) or "pass", False)
    plans["floor"] = [[floor_first] + [("pass", False)] * (len(cells) - 1) for cells in plans["kit"]]
    out: dict[str, Any] = {"students": students, "notebooks": [p.stem for p in nbs], "floor_imports": sorted(imports),
                           "load_before": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}
    for kind, plan in plans.items():
        cpu: list[float] = [0.0] * students
        errors: list[str] = []
        lock = threading.Lock()
        starting = threading.Lock()  # kernels start one after another (see run_in_fresh_kernel), then run at once

        def student(i: int, plan: list[list[tuple[str, bool]]] = plan, errors: list[str] = errors,
                    lock: Any = lock, cpu: list[float] = cpu, starting: Any = starting) -> None:
            for p, cells in zip(nbs, plan, strict=True):
                with tempfile.TemporaryDirectory(prefix="kit-bench-progress-") as prog:
                    try:
                        run_in_fresh_kernel(cells, p.parent, dict(env, KIT_PROGRESS_DIR=prog), start_lock=starting)
                        # LAST_RUN is shared by threads: read the CPU of this kernel from its own result
                    except Exception as exc:  # a kernel that could not start is reported, not hidden
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}"[:200])
                        continue
                    with lock:
                        cpu[i] += _THREAD_CPU.get(threading.get_ident(), 0.0)

        started = time.perf_counter()
        threads = [threading.Thread(target=student, args=(i,)) for i in range(students)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        out[kind] = {"wall_s": time.perf_counter() - started, "cpu_s_per_student": statistics.mean(cpu),
                     "errors": errors}
        say(f"  class of {students}, {kind}: last finished after {out[kind]['wall_s']:.1f} s; "
            f"{out[kind]['cpu_s_per_student']:.2f} CPU s per student" + (f"; ERRORS {errors[:3]}" if errors else ""))
    out["kit_cpu_s_per_student_above_floor"] = out["kit"]["cpu_s_per_student"] - out["floor"]["cpu_s_per_student"]
    return out


# ----------------------------------------------------------------------------------- imports

def bench_imports(repeats: int) -> dict[str, Any]:
    n = max(repeats * 3, 9)
    env = kernel_env()
    results: dict[str, list[float]] = {"pass": [], "import matplotlib": [], "import kit": []}
    for stmt in results:  # untimed: the bytecode cached, as after a student's first session
        subprocess.run([sys.executable, "-c", stmt], check=True, cwd=ROOT, env=env)
    for _ in range(n):  # interleaved, so a busy moment hits all three alike
        for stmt in results:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", stmt], check=True, cwd=ROOT, env=env)
            results[stmt].append(time.perf_counter() - started)
    out = {k: spread([v * 1000 for v in vals]) for k, vals in results.items()}
    out["ratio"] = out["import kit"]["median"] / out["import matplotlib"]["median"]
    say(f"  import kit {out['import kit']['median']:.0f} ms vs import matplotlib "
        f"{out['import matplotlib']['median']:.0f} ms ({out['ratio']:.2f}x); "
        f"python -c pass {out['pass']['median']:.0f} ms")
    return out


# ----------------------------------------------------------------------------------- articles

_LOAD = """
import sys, time, kit, kit.loader, kit.validation
kit.load()  # warm: the kit's own data loaded, as in a session that has used the kit
for kind in kit.validation.SCHEMAS:  # and its validators ready (a cold cache validates with them)
    kit.validation._fast_check(kind); kit.validation._validator(kind)
t = time.perf_counter(); lib = kit.load(sys.argv[1]); took = time.perf_counter() - t
t = time.perf_counter(); built = len(lib.articles); build = time.perf_counter() - t
print(len(lib.ids), took, built, build)
"""
_PARSE = """
import sys, time, json, yaml
from pathlib import Path
files = sorted(p for p in Path(sys.argv[1]).rglob("*") if p.suffix in (".yaml", ".json"))
t = time.perf_counter()
for p in files:
    text = p.read_bytes().decode("utf-8")
    json.loads(text) if p.suffix == ".json" else yaml.load(text, Loader=yaml.CSafeLoader)
print(len(files), time.perf_counter() - t)
"""


def bench_articles(repeats: int, sizes: list[int], fmt: str = "yaml") -> list[dict[str, Any]]:
    sys.path.insert(0, str(HERE))
    from make_articles import make

    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="kit-bench-articles-") as tmp:
            data = Path(tmp) / "data"
            make(n, data, seed=7, fmt=fmt)
            size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
            cache = Path(tmp) / "cache"
            loads: dict[str, list[float]] = {"cold": [], "warm": []}
            builds: dict[str, list[float]] = {"cold": [], "warm": []}
            parses = []
            for _ in range(repeats):
                for mode in ("cold", "warm"):
                    if mode == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    out = subprocess.run([sys.executable, "-c", _LOAD, str(data)], check=True, capture_output=True,
                                         text=True, cwd=ROOT, env=dict(os.environ, KIT_DATA_CACHE=str(cache)))
                    count, took, built, build = out.stdout.split()
                    if int(count) != n or int(built) != n:
                        raise SystemExit(f"loaded {count} articles of {n}")
                    loads[mode].append(float(took))
                    builds[mode].append(float(build))
                out = subprocess.run([sys.executable, "-c", _PARSE, str(data)], check=True, capture_output=True,
                                     text=True)
                parses.append(float(out.stdout.split()[1]))
        row = {"articles": n, "format": fmt, "megabytes": size / 1e6, "load_s": spread(loads["cold"]),
               "warm_load_s": spread(loads["warm"]), "build_s": spread(builds["cold"]),
               "warm_build_s": spread(builds["warm"]), "parse_s": spread(parses),
               "ratio": statistics.median(loads["cold"]) / statistics.median(parses)}
        say(f"  {n} {fmt} articles ({row['megabytes']:.1f} MB): load+validate cold {row['load_s']['median']:.3f} s, "
            f"warm {row['warm_load_s']['median']:.3f} s; "
            f"then building every record {row['warm_build_s']['median']:.3f} s "
            f"(warm); parse only {row['parse_s']['median']:.3f} s")
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------------- widgets

def _controls(widget: Any) -> list[Any]:
    """Every control in a widget tree that has a callback attached."""
    import ipywidgets as w

    found, todo, seen = [], [widget], set()
    while todo:
        x = todo.pop(0)
        if id(x) in seen:
            continue
        seen.add(id(x))
        todo.extend(getattr(x, "children", ()) or ())
        if isinstance(x, w.Button):
            if x._click_handlers.callbacks:
                found.append(x)
        elif isinstance(x, w.ValueWidget) and x._trait_notifiers.get("value", {}).get("change"):
            found.append(x)
    return found


_WORDS = ["parliament", "genocide", "Uyghur", "vote", "China", "the", "xyz", "resolution", "a", ""]


def _events(control: Any, n: int) -> list[Callable[[], None]]:
    """n actions on one control, each changing its value (so its callback runs)."""
    import ipywidgets as w

    acts: list[Callable[[], None]] = []
    if isinstance(control, w.Button):
        return [control.click] * n
    if isinstance(control, w.Checkbox):
        return [lambda: setattr(control, "value", not control.value)] * n
    if hasattr(control, "options") and not isinstance(control, w.SelectMultiple):
        values = list(control._options_values)
        for i in range(n):
            v = values[(i + 1) % len(values)] if len(values) > 1 else values[0]
            acts.append(lambda v=v: setattr(control, "value", v))
        return acts
    if isinstance(control, (w.IntSlider, w.FloatSlider, w.BoundedIntText)):
        lo, hi = control.min, control.max
        for i in range(n):
            v = lo + ((i * 37) % (hi - lo + 1))
            acts.append(lambda v=v: setattr(control, "value", v))
        return acts
    if isinstance(control, (w.Text, w.Textarea)):
        words = len(_WORDS)
        for i in range(n):
            word = _WORDS[i % words] + ("" if i < words else str(i))
            acts.append(lambda v=word: setattr(control, "value", v))
        return acts
    return []


def _widget_factories() -> list[tuple[str, Callable[[], Any]]]:
    import kit.comparison_views as cv
    import kit.procedure as proc
    import kit.start as start
    import kit.views.anatomy as anatomy
    import kit.views.claims as claims
    import kit.views.provenance as provenance
    import kit.views.shared as shared
    import kit.views.voices as voices
    from kit.accounts import load_accounts
    from kit.exercises import exercise, load_exercises
    from kit.loader import load_article
    from kit.progress import ProgressStore

    art = load_article()
    accounts = load_accounts(art)
    matrix = cv.fact_matrix(accounts)
    store = ProgressStore(Path(tempfile.mkdtemp(prefix="kit-bench-progress-")))
    exercises = load_exercises()
    by_type: dict[str, str] = {}
    for ex in exercises.values():
        by_type.setdefault(ex.type, ex.id)
    out: list[tuple[str, Callable[[], Any]]] = [
        ("start.fact_explorer", lambda: start.fact_explorer(art)),
        ("anatomy.paragraph_explorer", lambda: anatomy.paragraph_explorer(art)),
        ("shared.text_search", lambda: shared.text_search(art, "parliament")),
        ("voices.quote_table", lambda: voices.quote_table(art)),
        ("claims.claim_checker", lambda: claims.claim_checker(art)),
        ("claims.numbers_in_context", lambda: claims.numbers_in_context(art)),
        ("shared.highlighter", lambda: shared.highlighter(art)),
        ("provenance.artefact_hunt", lambda: provenance.artefact_hunt(art)),
        ("procedure.vote_simulator", lambda: proc.vote_simulator(art)),
        ("procedure.fact_explorer", lambda: proc.fact_explorer(art, [f.id for f in art.facts[:6]])),
        ("comparison_views.predict_reporters", lambda: cv.predict_reporters(matrix)),
        ("comparison_views.framing_explorer", lambda: cv.framing_explorer(accounts)),
        ("comparison_views.account_explorer", lambda: cv.account_explorer(accounts, art)),
        ("comparison_views.side_by_side", lambda: cv.side_by_side(accounts)),
    ]
    for kind, ex_id in sorted(by_type.items()):
        out.append((f"exercises.exercise ({kind})", lambda ex_id=ex_id: exercise(ex_id, store=store)))
    return out


def _floor_widget() -> Any:
    import ipywidgets as w

    d = w.Dropdown(options=[str(i) for i in range(10)])
    d.observe(lambda change: None, names="value")
    return w.VBox([d])


def bench_widgets(repeats: int, events: int) -> list[dict[str, Any]]:
    os.environ.setdefault("MPLBACKEND", "Agg")
    rows = []
    for name, factory in [("floor: bare Dropdown, no-op callback", _floor_widget)] + _widget_factories():
        samples: list[float] = []
        per_control: dict[str, list[float]] = {}
        medians, p95s = [], []
        for _ in range(repeats):
            widget = factory()
            run: list[float] = []
            controls = _controls(widget)
            share = max(1, events // max(1, len(controls)))
            for c in controls:
                label = f"{type(c).__name__}:{getattr(c, 'description', '')}"[:40]
                for act in _events(c, share):
                    started = time.perf_counter()
                    act()
                    took = (time.perf_counter() - started) * 1000
                    run.append(took)
                    per_control.setdefault(label, []).append(took)
            if run:
                medians.append(statistics.median(run))
                p95s.append(pct(run, 0.95))
                samples += run
        if not samples:
            say(f"  {name}: no control with a callback found")
            continue
        worst = max(per_control, key=lambda k: pct(per_control[k], 0.95))
        row = {"widget": name, "events": len(samples), "median_ms": spread(medians), "p95_ms": spread(p95s),
               "worst_control": worst, "worst_control_p95_ms": pct(per_control[worst], 0.95)}
        say(f"  {name}: {len(samples)} events, median {row['median_ms']['median']:.2f} ms, "
            f"p95 {row['p95_ms']['median']:.2f} ms (slowest control {worst}: p95 {row['worst_control_p95_ms']:.1f} ms)")
        rows.append(row)
    floor = rows[0]["median_ms"]["median"] if rows else 1.0
    for r in rows:
        r["ratio_median"] = r["median_ms"]["median"] / floor
    return rows


# ----------------------------------------------------------------------------------- report

def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
        mem_text = f", {mem:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        mem_text = ""
    load = f", load average {os.getloadavg()[0]:.1f} at start" if hasattr(os, "getloadavg") else ""
    return (f"{cpu}, {os.cpu_count()} cores{mem_text}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}{load}")


def ok(value: float, target: float) -> str:
    return "✔" if value <= target else "✘"


def mm(s: dict[str, Any], f: str = ".2f") -> str:
    """A spread as the tables show it: median (min-max)."""
    return f"{s['median']:{f}} ({s['min']:{f}}-{s['max']:{f}})"


def table(res: dict[str, Any]) -> str:
    t = TARGETS
    lines = [f"Measured {res['date']} on {res['machine']}; {res['repeats']} repeats, median (min-max).", ""]
    if res.get("notebooks"):
        lines += ["| notebook | caches | Run All, s | floor, s | ratio (≤ 1.3) | kernel RSS, MB | floor RSS, MB "
                  "| above floor, MB (≤ 25) |",
                  "|---|---|---|---|---|---|---|---|"]
        for r in res["notebooks"]:
            a, f, m, fm = r["run_all_s"], r["floor_s"], r["rss_mb"], r["floor_rss_mb"]
            above = r.get("rss_above_floor_mb", m["median"] - fm["median"])
            lines.append(f"| {r['notebook'][:2]} | {r.get('caches', 'warm')} | {mm(a)} | "
                         f"{mm(f)} | {r['ratio']:.2f} {ok(r['ratio'], t['run_all_ratio'])} | "
                         f"{mm(m, '.0f')} | {fm['median']:.0f} | "
                         f"{above:.0f} {ok(above, t['kernel_mb_above_floor'])} |")
        lines.append("")
    if res.get("first_cell"):
        lines += ["| articles in data/articles | caches | lesson 01's first cell, s | ratio to 2 articles (≤ 1.2) |",
                  "|---|---|---|---|"]
        for r in res["first_cell"]:
            c = r["first_cell_s"]
            lines.append(f"| {r['articles']} | {r['caches']} | {mm(c, '.3f')} | "
                         f"{r['ratio_to_smallest']:.2f} {ok(r['ratio_to_smallest'], t['first_cell_ratio_100_to_2'])} |")
        lines.append("")
    if res.get("class"):
        c = res["class"]
        running = " then ".join(n[:2] for n in c["notebooks"])
        kit, floor = c["kit"], c["floor"]
        lines += [f"| a class of {c['students']} (kernels at once, each running {running}) | kit | floor |",
                  "|---|---|---|",
                  f"| time until the last student's notebook has finished, s | {kit['wall_s']:.1f} | "
                  f"{floor['wall_s']:.1f} |",
                  f"| CPU seconds per student | {kit['cpu_s_per_student']:.2f} | {floor['cpu_s_per_student']:.2f} |",
                  f"| the kit's CPU seconds per student above the floor | "
                  f"{c['kit_cpu_s_per_student_above_floor']:.2f} | |", ""]
    if res.get("imports"):
        i = res["imports"]
        lines += ["| fresh interpreter | ms |", "|---|---|"]
        for k in ("pass", "import matplotlib", "import kit"):
            lines.append(f"| `python -c \"{k}\"` | {i[k]['median']:.0f} ({i[k]['min']:.0f}-{i[k]['max']:.0f}) |")
        lines += [f"| ratio kit / matplotlib (≤ 1.2) | {i['ratio']:.2f} {ok(i['ratio'], t['import_ratio'])} |", ""]
    if res.get("articles"):
        lines += ["| articles | MB | load + validate, cold, s | warm, s | then build every record (warm), s "
                  "| parse only (libyaml), s |",
                  "|---|---|---|---|---|---|"]
        for r in res["articles"]:
            a, w, b, p = r["load_s"], r.get("warm_load_s", r["load_s"]), r.get("warm_build_s"), r["parse_s"]
            mark = f" {ok(w['median'], t['articles_1000_s'])} (≤ 2 s)" if r["articles"] == 1000 else ""
            built = mm(b, ".3f") if b else ""
            lines.append(f"| {r['articles']} {r['format']} | {r['megabytes']:.1f} | {mm(a, '.3f')} | "
                         f"{mm(w, '.3f')}{mark} | {built} | {mm(p, '.3f')} |")
        n = res["articles"][0]["load_s"].get("n")
        if n and n != res.get("repeats"):
            lines.append(f"(The load table: {n} repeat{'s' if n != 1 else ''} each, median (min-max).)")
        lines.append("")
    if res.get("widgets"):
        lines += ["| widget | events | median, ms | p95, ms (≤ 30) | ratio to floor (median) "
                  "| slowest control (p95, ms) |",
                  "|---|---|---|---|---|---|"]
        for r in res["widgets"]:
            m, p = r["median_ms"], r["p95_ms"]
            lines.append(f"| {r['widget']} | {r['events']} | {m['median']:.2f} ({m['min']:.2f}-{m['max']:.2f}) | "
                         f"{p['median']:.1f} ({p['min']:.1f}-{p['max']:.1f}) {ok(p['max'], t['widget_p95_ms'])} | "
                         f"{r['ratio_median']:.0f} | {r['worst_control']} ({r['worst_control_p95_ms']:.1f}) |")
        lines.append("")
    return "\n".join(lines)


def chart(res: dict[str, Any], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    blue, orange, grey = "#0072B2", "#E69F00", "#999999"
    panels = [k for k in ("notebooks", "imports", "articles", "widgets") if res.get(k)]
    if not panels:
        return
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.2 * len(panels)), squeeze=False)
    for ax, key in zip(axes[:, 0], panels, strict=True):
        if key == "notebooks":
            rows = [r for r in res["notebooks"] if r.get("caches", "warm") == "warm"]
            names = [r["notebook"][:2] for r in rows]
            ax.bar(names, [r["ratio"] for r in rows], color=blue, label="Run All / floor")
            ax2 = ax.twinx()
            ax2.plot(names, [r["rss_mb"]["median"] for r in rows], "o--", color=orange, label="kernel RSS, MB")
            ax2.axhline(TARGETS["kernel_mb"], color=orange, lw=1, ls=":")
            ax2.set_ylabel("MB")
            ax.axhline(TARGETS["run_all_ratio"], color=grey, ls=":", lw=1)
            ax.set_ylabel("ratio")
            ax.set_title("Run All vs a kernel that only imports (bars, target 1.3); "
                         "kernel memory (dashed, target 150 MB)")
            ax.legend(loc="upper left", fontsize=8)
            ax2.legend(loc="upper right", fontsize=8)
        elif key == "imports":
            i = res["imports"]
            keys = ["pass", "import matplotlib", "import kit"]
            ax.barh(keys, [i[k]["median"] for k in keys], color=[grey, orange, blue],
                    xerr=[[i[k]["median"] - i[k]["min"] for k in keys], [i[k]["max"] - i[k]["median"] for k in keys]])
            ax.set_xlabel("ms in a fresh interpreter (median, min-max)")
            ax.set_title(f"import kit / import matplotlib = {i['ratio']:.2f} (target 1.2)")
        elif key == "articles":
            rows = res["articles"]
            ns = [r["articles"] for r in rows]
            ax.loglog(ns, [r["load_s"]["median"] for r in rows], "o-", color=blue, label="load + validate, cold")
            if all("warm_load_s" in r for r in rows):
                ax.loglog(ns, [r["warm_load_s"]["median"] for r in rows], "^-", color="#009E73",
                          label="load + validate, warm")
            ax.loglog(ns, [r["parse_s"]["median"] for r in rows], "s--", color=orange, label="parse only (libyaml)")
            ax.axhline(TARGETS["articles_1000_s"], color=grey, ls=":", lw=1, label="target for 1,000: 2 s")
            ax.set_xlabel("articles")
            ax.set_ylabel("s")
            ax.set_title("Loading and validating generated articles")
            ax.legend(fontsize=8)
        else:
            rows = res["widgets"]
            ax.barh([r["widget"] for r in rows], [r["p95_ms"]["median"] for r in rows], color=blue, label="p95")
            ax.barh([r["widget"] for r in rows], [r["median_ms"]["median"] for r in rows], color=orange, label="median")
            ax.axvline(TARGETS["widget_p95_ms"], color=grey, ls=":", lw=1)
            ax.set_xlabel("ms per event (target: p95 ≤ 30 ms)")
            ax.set_title("Widget callback latency")
            ax.tick_params(axis="y", labelsize=7)
            ax.legend(fontsize=8)
    fig.suptitle(f"Kit benchmark, {res['date']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--only", default="notebooks,first_cell,imports,articles,widgets,class",
                    help="comma-separated sections: notebooks, first_cell, imports, articles, widgets, class")
    ap.add_argument("--library", default="2,20,100", help="articles in data/articles for the first-cell benchmark")
    ap.add_argument("--students", type=int, default=30, help="kernels at once for the class benchmark")
    ap.add_argument("--no-cold", action="store_true", help="notebooks: only the warm-cache rows")
    ap.add_argument("--notebooks", default="", help="comma-separated prefixes, e.g. 00,07 (default: all)")
    ap.add_argument("--sizes", default="1,100,1000", help="article counts for the load benchmark")
    ap.add_argument("--articles-repeats", type=int, default=None,
                    help="repeats of the load benchmark (default: --repeats; the cold load of 1,000 articles "
                         "alone takes about 5 minutes)")
    ap.add_argument("--format", choices=("yaml", "json"), default="yaml", help="file format of the generated articles")
    ap.add_argument("--events", type=int, default=200, help="events per widget and repeat")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--merge", action="store_true", help="keep the other sections of the last benchmark.json")
    args = ap.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    res: dict[str, Any] = {"date": time.strftime("%Y-%m-%d"), "machine": machine(), "repeats": args.repeats,
                           "targets": TARGETS}
    if "imports" in sections:
        say("imports...")
        res["imports"] = bench_imports(args.repeats)
    if "widgets" in sections:
        say("widgets...")
        res["widgets"] = bench_widgets(args.repeats, args.events)
    if "articles" in sections:
        say("articles...")
        res["articles"] = bench_articles(args.articles_repeats or args.repeats, [int(s) for s in args.sizes.split(",")],
                                         args.format)
    if "notebooks" in sections:
        say("notebooks...")
        res["notebooks"] = bench_notebooks(args.repeats, [s for s in args.notebooks.split(",") if s] or None,
                                           cold=not args.no_cold)
    if "first_cell" in sections:
        say("first cell of a lesson, by size of the library...")
        res["first_cell"] = bench_first_cell(args.repeats, [int(x) for x in args.library.split(",")])
    if "class" in sections:
        say(f"a class of {args.students}...")
        res["class"] = bench_class(args.students)
    res["load_after"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    args.out.mkdir(parents=True, exist_ok=True)
    if args.merge and (args.out / "benchmark.json").exists():
        old = json.loads((args.out / "benchmark.json").read_text(encoding="utf-8"))
        res = {**old, **{k: v for k, v in res.items() if k in sections}}
        res["note"] = f"sections {', '.join(sections)} re-measured {time.strftime('%Y-%m-%d %H:%M')}"
    (args.out / "benchmark.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    chart(res, args.out / "benchmark.png")
    print(table(res))
    print(f"\n(results: {args.out / 'benchmark.json'}, chart: {args.out / 'benchmark.png'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
