#!/usr/bin/env python3
"""Run the nbval notebook suite several times and report every cell output that changed.

    .venv/bin/python benchmarks/repeat_nbval.py            # 10 runs of every notebook
    .venv/bin/python benchmarks/repeat_nbval.py --runs 3 notebooks/07-reading-a-vote.ipynb
    .venv/bin/python benchmarks/repeat_nbval.py --root /tmp/kit-snapshot   # a clone at one commit

With ``--root`` the suite runs in another checkout (its kit/ first on PYTHONPATH), so edits made
to this working tree while the runs go on cannot show up as changes.

Each run is the suite's own notebook command (``pytest --nbval-lax --nbval-current-env``, with the
project's sanitize file) in a fresh progress folder, with a small plugin (nbval_record.py) that
writes down what every cell printed and displayed. Text and HTML are compared exactly, images by
hash; a widget's model id (a new UUID for every widget, by design) and memory addresses are
blanked. Exit code 0 when every run passed and no output changed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent


def one_run(i: int, targets: list[str], workdir: Path, root: Path = ROOT) -> tuple[int, dict[str, str], float]:
    record = workdir / f"run-{i:02d}.jsonl"
    progress = workdir / f"progress-{i:02d}"
    progress.mkdir()
    env = dict(os.environ, NBVAL_RECORD=str(record), KIT_PROGRESS_DIR=str(progress),
               PYTHONPATH=os.pathsep.join([str(HERE), str(root)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    started = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "nbval_record",
                            "--nbval-lax", "--nbval-current-env", *targets],
                           cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    took = time.monotonic() - started
    cells: dict[str, str] = {}
    if record.exists():
        for line in record.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            cells[rec["cell"]] = json.dumps(rec["outputs"], indent=1, sort_keys=True, ensure_ascii=False)
    return code, cells, took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout to test (default: this one)")
    ap.add_argument("targets", nargs="*", default=["notebooks"])
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kit-repeat-") as tmp:
        runs = []
        for i in range(args.runs):
            code, cells, took = one_run(i, args.targets, Path(tmp), args.root.resolve())
            print(f"run {i + 1:2d}/{args.runs}: pytest exit {code}, {len(cells)} cells recorded, {took:.0f} s",
                  flush=True)
            runs.append((code, cells))
    failed = [i + 1 for i, (code, _) in enumerate(runs) if code != 0]
    first = runs[0][1]
    changed: dict[str, list[int]] = {}
    for i, (_, cells) in enumerate(runs[1:], start=2):
        for cell in sorted(set(first) | set(cells)):
            if first.get(cell) != cells.get(cell):
                changed.setdefault(cell, []).append(i)
    print()
    print(f"{args.runs} runs, {len(first)} cells each; runs that failed: {failed or 'none'}")
    if not changed:
        print("No output changed between runs.")
    for cell, where in changed.items():
        print(f"\nCHANGED {cell} (runs {', '.join(map(str, where))} differ from run 1)")
        other = next(cells for n, (_, cells) in enumerate(runs, start=1) if n == where[0])
        diff = difflib.unified_diff((first.get(cell) or "<missing>").splitlines(),
                                    (other.get(cell) or "<missing>").splitlines(), "run 1", f"run {where[0]}",
                                    lineterm="", n=1)
        print("\n".join(list(diff)[:40]))
    return 0 if not changed and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
