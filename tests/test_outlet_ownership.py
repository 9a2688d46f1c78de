"""Who is behind the information, asked of every outlet (issue 12, item 2).

* every word about who owns or funds an outlet, anywhere a student or teacher reads it (data
  notes, exercises, notebooks' text, the teacher guide), sits in a sentence about an outlet that
  has a sourced fact on it (topic ``outlet``), or says that no stored source states it;
* every such fact has a quoted passage;
* the case study's own outlet has one, with what it says protects its independence;
* the lessons that teach the question ask it of the case study's outlet with a self-check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from kit.exercises import load_exercises
from kit.loader import load_article

ROOT = Path(__file__).resolve().parents[1]
CASE = load_article("rfa-2022-01-20-france-assembly-uyghur")

OWNERSHIP = re.compile(
    r"\b(state[- ](?:outlet|media|run|owned|controlled|broadcaster|agency|television|tv|news)\w*|public(?:ly)?[- ]"
    r"(?:broadcaster|service|funded|owned)|government[- ](?:funded|owned|run|backed)|funded|funds|funding|"
    r"owned|owner|owns|ownership|mouthpiece|propaganda|financed|grant-funded)\b", re.I)
# What each outlet fact's value is called in running text.
ALIASES = {"Radio Free Asia": ("Radio Free Asia", "RFA"),
           "Radio Free Europe/Radio Liberty": ("Radio Free Europe", "RFE/RL"),
           "Sputnik": ("Sputnik", "Rossiya Segodnya"),
           "Global Times": ("Global Times", "People's Daily")}
NOT_STATED = re.compile(r"no stored source (?:states|gives|says)|not (?:found|recorded|stored)"
                        r"|do not call|without a source", re.I)
# Sentences about money that are not about an outlet (a resolution's "financial engine", USAGM's grants).
NOT_AN_OUTLET = re.compile(r"financial engine|appropriates funds|federal grants|Media Ownership Monitor|with its owner|"
                           r"it's all propaganda|who pays for it\s+or owns it", re.I)  # the question itself


def outlet_facts() -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for f in CASE.facts:
        if f.topic == "outlet":
            out.setdefault(str(f.value), []).append(f)
    return out


def sentences(text: str) -> list[str]:
    text = re.sub(r"`[^`]*`", " ", text)  # a code span names a record for the teacher (a fact id), not an outlet
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n|\n[-*|] ", text) if s.strip()]


def texts() -> list[tuple[str, str]]:
    """(where, text) for every prose string a student or teacher reads."""
    out: list[tuple[str, str]] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "text" and node.get("correct") is False:
                    continue  # a wrong option is a claim put up to be corrected (its feedback is checked)
                if k not in ("id", "about", "url", "source", "fact", "quote", "anchor", "passage", "as", "term",
                             "words"):
                    walk(v, where)
        elif isinstance(node, list):
            for v in node:
                walk(v, where)
        elif isinstance(node, str):
            out.append((where, node))

    for path in sorted((ROOT / "data").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        out += [(path.name, "".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown"]
    for path in sorted((ROOT / "docs" / "teacher-guide").glob("*.md")):
        out.append((path.name, path.read_text(encoding="utf-8")))
    return out


def unsourced(where_texts: list[tuple[str, str]], facts: dict[str, list[Any]]) -> list[str]:
    bad = []
    names = [a for value in facts for a in ALIASES.get(value, (value,))]
    for where, text in where_texts:
        for s in sentences(text):
            m = OWNERSHIP.search(s)
            if not m or NOT_STATED.search(s) or NOT_AN_OUTLET.search(s):
                continue
            if not any(n in s for n in names):
                bad.append(f"{where}: {m.group()!r} about an outlet with no sourced fact: {s.strip()[:160]!r}")
    return bad


def test_every_ownership_word_rests_on_a_sourced_fact() -> None:
    bad = unsourced(texts(), outlet_facts())
    assert not bad, "\n".join(bad)


def test_every_outlet_fact_has_a_quoted_passage() -> None:
    facts = outlet_facts()
    unknown = set(facts) - set(ALIASES)
    assert not unknown, f"an outlet fact names an outlet the test does not know: {unknown}"
    for fs in facts.values():
        for f in fs:
            assert any(c.quote for c in f.sources), f"{f.id}: no quoted passage"


def test_the_case_studys_outlet_has_who_pays_and_what_protects_independence() -> None:
    fs = outlet_facts().get(CASE.metadata.outlet, [])
    assert fs, f"no sourced fact says who is behind {CASE.metadata.outlet}"
    assert any(re.search(r"fund", f.statement) for f in fs), "who pays"
    assert any(re.search(r"independen", f.statement) for f in fs), "what it says protects its independence"
    assert all(len({c.source for c in f.sources}) >= 1 for f in fs)


def test_the_lessons_ask_it_of_the_case_studys_outlet() -> None:
    """Notebooks 02 or 03, and 09, run a self-check about the case study's outlet's funding."""
    pool = load_exercises(article=CASE)
    rfa_facts = {f.id for f in outlet_facts()[CASE.metadata.outlet]}
    for names in (("02-who-is-speaking", "03-claims-and-evidence"), ("09-one-event-many-accounts",)):
        found = []
        for name in names:
            nb = json.loads((ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8"))
            code = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
            found += [i for i in re.findall(r'exercise\("([^"]+)"\)', code) if rfa_facts & set(pool[i].about)]
        assert found, f"none of {names} asks who is behind {CASE.metadata.outlet}"


def test_the_check_can_fail() -> None:
    facts = outlet_facts()
    assert unsourced([("x", "franceinfo is a public broadcaster.")], facts)
    assert unsourced([("x", "The agency is state media.")], facts)
    assert not unsourced([("x", "Sputnik belongs to Rossiya Segodnya, which the Russian state owns.")], facts)
    assert not unsourced([("x", "No stored source states who owns or funds franceinfo.")], facts)
