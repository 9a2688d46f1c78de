#!/usr/bin/env python3
"""How good are ``kit new``'s guesses on reports it was not written for?

    .venv/bin/python tools/eval_kit_new.py              # every report, per kind, per style, per split
    .venv/bin/python tools/eval_kit_new.py --split held-out
    .venv/bin/python tools/eval_kit_new.py --report roundtrip-port --details

The corpus (tests/corpus/) is a set of short reports CONSTRUCTED FOR TESTING, each with hand
annotations (quotes with speaker, kind, mode and paragraph; numbers with what they count; actors).
Reports marked ``split: held-out`` are never used to tune the rules of kit new: look at their
figures, not at their mistakes. Scoring: kit.scaffold.score_annotations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from kit.scaffold import Options, _pr, build_draft, score_annotations  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
KINDS = ("quotes", "quote_spans", "numbers", "anonymous", "actors")


def corpus(folder: Path = CORPUS) -> list[dict[str, Any]]:
    """Every report of the corpus: its annotations with ``id`` and ``text`` added."""
    out = []
    for ann in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(ann.read_text(encoding="utf-8"))
        doc["id"] = ann.stem
        doc["text"] = ann.with_suffix(".txt").read_text(encoding="utf-8")
        out.append(doc)
    return out


def check_annotations(doc: dict[str, Any]) -> list[str]:
    """Anchors that are not in the paragraph they name (an annotation mistake, not a tool mistake)."""
    from kit.scaffold import split_paragraphs
    paras = [t for t, _ in split_paragraphs(doc["text"])]
    bad = []
    for section in ("quotes", "numbers"):
        for h in doc.get(section, []):
            if not (1 <= h["p"] <= len(paras)) or h["anchor"] not in paras[h["p"] - 1]:
                bad.append(f"{doc['id']}: {section} p{h['p']} {h['anchor']!r} is not in that paragraph")
    return bad


def draft_of(doc: dict[str, Any]) -> dict[str, Any]:
    return build_draft(doc["text"], Options(outlet=doc.get("outlet"), nature="fictional")).article


def scores(docs: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, float | int]]]:
    """Per report id: per kind, the counts and precision/recall."""
    return {d["id"]: score_annotations(draft_of(d), d) for d in docs}


def pooled(per_report: list[dict[str, dict[str, float | int]]]) -> dict[str, dict[str, float | int]]:
    """Counts summed over reports, precision and recall recomputed (micro-average)."""
    out = {}
    for k in KINDS:
        c = sum(int(s[k]["correct"]) for s in per_report)
        f = sum(int(s[k]["found"]) for s in per_report)
        e = sum(int(s[k]["expected"]) for s in per_report)
        out[k] = _pr(c, f, e)
    return out


def _row(label: str, s: dict[str, dict[str, float | int]]) -> str:
    cells = [f"{s[k]['precision']:.2f}/{s[k]['recall']:.2f} ({s[k]['correct']}/{s[k]['found']}/{s[k]['expected']})"
             if k != "actors" else f"r {s[k]['recall']:.2f} ({s[k]['correct']}/{s[k]['expected']})" for k in KINDS]
    return f"| {label} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("tuning", "held-out"))
    ap.add_argument("--report")
    ap.add_argument("--details", action="store_true", help="list each found and expected quote (tuning reports only)")
    a = ap.parse_args(argv)
    docs = corpus()
    problems = [p for d in docs for p in check_annotations(d)]
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    if a.split:
        docs = [d for d in docs if d["split"] == a.split]
    if a.report:
        docs = [d for d in docs if d["id"] == a.report]
    per = scores(docs)
    print("precision/recall (correct/found/expected) per kind; quotes = right paragraph AND right speaker\n")
    print("| | " + " | ".join(KINDS) + " |")
    print("|---" * (len(KINDS) + 1) + "|")
    for d in docs:
        print(_row(f"{d['id']} ({d['style']}, {d['split']})", per[d["id"]]))
    styles = sorted({d["style"] for d in docs})
    for st in styles:
        print(_row(f"style: {st}", pooled([per[d["id"]] for d in docs if d["style"] == st])))
    for sp in ("tuning", "held-out"):
        part = [per[d["id"]] for d in docs if d["split"] == sp]
        if part:
            print(_row(f"**all {sp}**", pooled(part)))
    if a.details:
        for d in docs:
            if d["split"] == "held-out":
                continue
            art = draft_of(d)
            names = {x["id"]: f"{x['name']} [{x['kind']}]" for x in art["actors"]}
            print(f"\n## {d['id']}")
            for q in art["quotes"]:
                print(f"  found {q['paragraph']} {q['mode']:8} {names[q['speaker']]:45} {q['anchor'][:70]!r}")
            for h in d["quotes"]:
                who = f"{h['speaker']} [{h['kind']}]"
                print(f"  hand  p{h['p']} {h['mode']:8} {who:45} {h['anchor'][:70]!r}")
            for n in art["numbers"]:
                print(f"  found {n['paragraph']} {n['anchor']!r} = {n['value']}: {n['counts']}")
            for h in d["numbers"]:
                print(f"  hand  p{h['p']} {h['anchor']!r} = {h['value']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
