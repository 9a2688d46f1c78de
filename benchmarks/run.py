#!/usr/bin/env python3
"""The kit's benchmark: is the kit ever the slow or the heavy part of a lesson?

    .venv/bin/python benchmarks/run.py                  # everything, 5 repeats (about 15 minutes)
    .venv/bin/python benchmarks/run.py --repeats 3 --only imports,widgets

Not part of the test suite (speed depends on the machine). Every figure is measured ``--repeats``
times and reported as the median with its spread (min-max), next to a floor measured in the same
run and the ratio to it:

notebooks   "Run All" of each notebook in a fresh kernel (start to last cell) against a fresh
            kernel that only imports the same libraries (matplotlib.pyplot, ipywidgets, ... as
            found in the notebook's kernel afterwards); and the kernel's resident memory (RSS)
            after the run, against the floor kernel's.
imports     ``import kit`` against ``import matplotlib``, each in a fresh interpreter.
articles    load + validate 1, 100 and 1,000 articles generated from the case study by the seeded
            benchmarks/make_articles.py (in a temporary folder), in a warm interpreter (kit and
            its validators ready), against parsing the same files with libyaml and nothing else.
widgets     each main widget's callback latency (median and 95th percentile over many events),
            against a bare ipywidgets control whose callback does nothing.

Prints a Markdown table (pasted into README.md, section "Performance"), and writes
benchmarks/results/benchmark.json and benchmarks/results/benchmark.png.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
# What the floor kernel imports: those of these the notebook's kernel had imported by the end
# (the kit draws on matplotlib Figures without pyplot, so matplotlib itself is listed too).
THIRD_PARTY = ("numpy", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg", "matplotlib.pyplot",
               "PIL.Image", "ipywidgets", "yaml", "fastjsonschema", "jsonschema")

TARGETS = {"run_all_ratio": 1.3, "kernel_mb": 150.0, "import_ratio": 1.2, "articles_1000_s": 2.0, "widget_p95_ms": 30.0}


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


def run_in_fresh_kernel(cells: list[tuple[str, bool]], cwd: Path, env: dict[str, str],
                        probe: str | None = None) -> tuple[float, int, str, list[str]]:
    """Start a kernel, run the cells; return (seconds, kernel RSS in bytes, probe output, errors)."""
    import psutil
    from jupyter_client.manager import start_new_kernel

    errors: list[str] = []
    started = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=120, cwd=str(cwd), env=env)
    try:
        for source, may_raise in cells:
            def hook(msg: dict[str, Any]) -> None:
                if msg["msg_type"] == "error" and not may_raise:
                    errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}"[:300])
            kc.execute_interactive(source, timeout=600, store_history=True, allow_stdin=False, output_hook=hook)
        took = time.perf_counter() - started
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


def bench_notebooks(repeats: int, only: list[str] | None) -> list[dict[str, Any]]:
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # the kernel's own default (inline), as in JupyterLab
    rows = []
    for nb in NOTEBOOKS:
        if only and not any(nb.name.startswith(o) for o in only):
            continue
        cells = _code_cells(nb)
        probe = f"import sys, json; print(json.dumps([m for m in {THIRD_PARTY!r} if m in sys.modules]))"
        times, rss, ftimes, frss, errors = [], [], [], [], []
        imports: list[str] = []
        for r in range(repeats):
            with tempfile.TemporaryDirectory(prefix="kit-bench-progress-") as prog:
                env["KIT_PROGRESS_DIR"] = prog
                t, m, probed, errs = run_in_fresh_kernel(cells, nb.parent, env, probe if r == 0 else None)
            errors += errs
            if r == 0:
                imports = json.loads(probed.strip().splitlines()[-1]) if probed.strip() else []
            floor = [("\n".join(f"import {m}" for m in imports) or "pass", False)]
            ft, fm, _, ferrs = run_in_fresh_kernel(floor, nb.parent, env)
            errors += ferrs
            times.append(t)
            rss.append(m / 2**20)
            ftimes.append(ft)
            frss.append(fm / 2**20)
        row = {"notebook": nb.stem, "run_all_s": spread(times), "floor_s": spread(ftimes),
               "ratio": statistics.median(times) / statistics.median(ftimes),
               "rss_mb": spread(rss), "floor_rss_mb": spread(frss),
               "rss_ratio": statistics.median(rss) / statistics.median(frss),
               "floor_imports": imports, "errors": sorted(set(errors))}
        say(f"  {nb.stem}: run all {row['run_all_s']['median']:.2f} s vs floor {row['floor_s']['median']:.2f} s "
            f"({row['ratio']:.2f}x); RSS {row['rss_mb']['median']:.0f} MB vs {row['floor_rss_mb']['median']:.0f} MB"
            + (f"; ERRORS {row['errors']}" if errors else ""))
        rows.append(row)
    return rows


# ----------------------------------------------------------------------------------- imports

def bench_imports(repeats: int) -> dict[str, Any]:
    n = max(repeats * 3, 9)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    results: dict[str, list[float]] = {"pass": [], "import matplotlib": [], "import kit": []}
    for _ in range(n):  # interleaved, so a busy moment hits all three alike
        for stmt in results:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", stmt], check=True, cwd=ROOT, env=env)
            results[stmt].append(time.perf_counter() - started)
    out = {k: spread([v * 1000 for v in vals]) for k, vals in results.items()}
    out["ratio"] = out["import kit"]["median"] / out["import matplotlib"]["median"]
    say(f"  import kit {out['import kit']['median']:.0f} ms vs import matplotlib "
        f"{out['import matplotlib']['median']:.0f} ms ({out['ratio']:.2f}x); python -c pass {out['pass']['median']:.0f} ms")
    return out


# ----------------------------------------------------------------------------------- articles

_LOAD = """
import sys, time, kit, kit.loader
kit.load()  # warm: jsonschema imported, validators compiled, as in a session that has loaded the kit's data
t = time.perf_counter(); lib = kit.load(sys.argv[1]); took = time.perf_counter() - t
print(len(lib.articles), took)
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
            make(n, Path(tmp), seed=7, fmt=fmt)
            size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
            loads, parses = [], []
            for _ in range(repeats):
                out = subprocess.run([sys.executable, "-c", _LOAD, tmp], check=True, capture_output=True, text=True, cwd=ROOT)
                count, took = out.stdout.split()
                if int(count) != n:
                    raise SystemExit(f"loaded {count} articles of {n}")
                loads.append(float(took))
                out = subprocess.run([sys.executable, "-c", _PARSE, tmp], check=True, capture_output=True, text=True)
                parses.append(float(out.stdout.split()[1]))
        row = {"articles": n, "format": fmt, "megabytes": size / 1e6, "load_s": spread(loads), "parse_s": spread(parses),
               "ratio": statistics.median(loads) / statistics.median(parses)}
        say(f"  {n} {fmt} articles ({row['megabytes']:.1f} MB): load+validate {row['load_s']['median']:.3f} s vs "
            f"parse only {row['parse_s']['median']:.3f} s ({row['ratio']:.2f}x)")
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
        for i in range(n):
            acts.append(lambda v=_WORDS[i % len(_WORDS)] + ("" if i < len(_WORDS) else str(i)): setattr(control, "value", v))
        return acts
    return []


def _widget_factories() -> list[tuple[str, Callable[[], Any]]]:
    import kit.comparison_views as cv
    import kit.media as media
    import kit.procedure as proc
    import kit.start as start
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
        ("media.paragraph_explorer", lambda: media.paragraph_explorer(art)),
        ("media.text_search", lambda: media.text_search(art, "parliament")),
        ("media.quote_table", lambda: media.quote_table(art)),
        ("media.claim_checker", lambda: media.claim_checker(art)),
        ("media.numbers_in_context", lambda: media.numbers_in_context(art)),
        ("media.highlighter", lambda: media.highlighter(art)),
        ("media.artefact_hunt", lambda: media.artefact_hunt(art)),
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
    return f"{cpu}, {os.cpu_count()} cores{mem_text}, {platform.system()} {platform.release()}, Python {platform.python_version()}{load}"


def ok(value: float, target: float) -> str:
    return "✔" if value <= target else "✘"


def table(res: dict[str, Any]) -> str:
    t = TARGETS
    lines = [f"Measured {res['date']} on {res['machine']}; {res['repeats']} repeats, median (min-max).", ""]
    if res.get("notebooks"):
        lines += ["| notebook | Run All, s | floor, s | ratio (≤ 1.3) | kernel RSS, MB (≤ 150) | floor RSS, MB |",
                  "|---|---|---|---|---|---|"]
        for r in res["notebooks"]:
            a, f, m, fm = r["run_all_s"], r["floor_s"], r["rss_mb"], r["floor_rss_mb"]
            lines.append(f"| {r['notebook']} | {a['median']:.2f} ({a['min']:.2f}-{a['max']:.2f}) | {f['median']:.2f} "
                         f"({f['min']:.2f}-{f['max']:.2f}) | {r['ratio']:.2f} {ok(r['ratio'], t['run_all_ratio'])} | "
                         f"{m['median']:.0f} ({m['min']:.0f}-{m['max']:.0f}) {ok(m['max'], t['kernel_mb'])} | "
                         f"{fm['median']:.0f} |")
        lines.append("")
    if res.get("imports"):
        i = res["imports"]
        lines += ["| fresh interpreter | ms |", "|---|---|"]
        for k in ("pass", "import matplotlib", "import kit"):
            lines.append(f"| `python -c \"{k}\"` | {i[k]['median']:.0f} ({i[k]['min']:.0f}-{i[k]['max']:.0f}) |")
        lines += [f"| ratio kit / matplotlib (≤ 1.2) | {i['ratio']:.2f} {ok(i['ratio'], t['import_ratio'])} |", ""]
    if res.get("articles"):
        lines += ["| articles | MB | load + validate, s | parse only (libyaml), s | ratio |", "|---|---|---|---|---|"]
        for r in res["articles"]:
            a, p = r["load_s"], r["parse_s"]
            mark = f" {ok(a['median'], t['articles_1000_s'])} (≤ 2 s)" if r["articles"] == 1000 else ""
            lines.append(f"| {r['articles']} {r['format']} | {r['megabytes']:.1f} | {a['median']:.3f} ({a['min']:.3f}-{a['max']:.3f}){mark} | "
                         f"{p['median']:.3f} ({p['min']:.3f}-{p['max']:.3f}) | {r['ratio']:.2f} |")
        lines.append("")
    if res.get("widgets"):
        lines += ["| widget | events | median, ms | p95, ms (≤ 30) | ratio to floor (median) | slowest control (p95, ms) |",
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
    fig, axes = plt.subplots(len(panels), 1, figsize=(9, 3.2 * len(panels)), squeeze=False)
    for ax, key in zip(axes[:, 0], panels):
        if key == "notebooks":
            rows = res["notebooks"]
            names = [r["notebook"][:2] for r in rows]
            ax.bar(names, [r["ratio"] for r in rows], color=blue, label="Run All / floor")
            ax2 = ax.twinx()
            ax2.plot(names, [r["rss_mb"]["median"] for r in rows], "o--", color=orange, label="kernel RSS, MB")
            ax2.axhline(TARGETS["kernel_mb"], color=orange, lw=1, ls=":")
            ax2.set_ylabel("MB")
            ax.axhline(TARGETS["run_all_ratio"], color=grey, ls=":", lw=1)
            ax.set_ylabel("ratio")
            ax.set_title("Run All vs a kernel that only imports (bars, target 1.3); kernel memory (dashed, target 150 MB)")
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
            ax.loglog(ns, [r["load_s"]["median"] for r in rows], "o-", color=blue, label="load + validate")
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
    ap.add_argument("--only", default="notebooks,imports,articles,widgets",
                    help="comma-separated sections: notebooks, imports, articles, widgets")
    ap.add_argument("--notebooks", default="", help="comma-separated prefixes, e.g. 00,07 (default: all)")
    ap.add_argument("--sizes", default="1,100,1000", help="article counts for the load benchmark")
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
        res["articles"] = bench_articles(args.repeats, [int(s) for s in args.sizes.split(",")], args.format)
    if "notebooks" in sections:
        say("notebooks...")
        res["notebooks"] = bench_notebooks(args.repeats, [s for s in args.notebooks.split(",") if s] or None)
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
