"""What counts as a self-check's answer showing in an output (tests/test_self_checks.py).

- number: the answer (within its tolerance) written as a count or share in the output: next to its
  unit ("4 quotes", "70.5%"), or as a table or list entry next to a name ("Dilnur Reyhan 4"). A
  bare small number ("paragraph 4") is not a leak: every report is full of small numbers.
- choice: the right option's text, in an output that shows none of the wrong options' texts
  (an output quoting every option is the material to read, not the answer).
- multiple: every right option's text, in one output that shows none of the wrong ones.
- text: a run of eight words of the model answer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kit.exercises import Exercise


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("\u202f", " ")
    return " ".join(text.casefold().split())


_NUM = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\w])")


_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORD = re.compile(r"\b(" + "|".join(_WORDS) + r")\b")


def _numbers_with_context(text: str) -> list[tuple[float, str, str]]:
    out = [(float(_WORDS[m.group(1)]), text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 25])
           for m in _WORD.finditer(text)]
    for m in _NUM.finditer(text):
        value = float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
        out.append((value, text[max(0, m.start() - 40):m.start()], text[m.end():m.end() + 25]))
    return out


def number_leak(ex: Exercise, text: str) -> str | None:
    assert ex.answer is not None
    t = fold(text)
    unit = fold(ex.unit)
    unit_word = unit.rstrip("s")[:6] if unit and unit != "%" else ""
    for value, before, after in _numbers_with_context(t):
        if abs(value - ex.answer) > ex.tolerance + 1e-9:
            continue
        if re.search(r"(paragraph|para|¶|p\.|page|line|20\d\d-|article)\s*$", before):
            continue  # a place in the text, not a count
        if unit == "%" and after.lstrip().startswith("%"):
            return f"{value:g}% ... {after[:20]}"
        if unit_word and re.match(rf"\s*\(?{re.escape(unit_word)}", after):
            return f"{value:g} {after[:20]}"
        if ex.answer >= 25:
            return f"...{before[-25:]}{value:g}"  # a distinctive number anywhere
        if re.search(r"[a-z]{3,}\s*[|:]\s*$", before) and re.match(r"\s*($|[|\n;,]|\()", after):
            return f"...{before[-25:]}{value:g}{after[:10]}"  # a count in a table or list: 'Name | 4'
    return None


def option_leak(ex: Exercise, texts: list[str]) -> str | None:
    right = [fold(o.text) for o in ex.correct_options]
    wrong = [fold(o.text) for o in ex.options if not o.correct]
    for text in texts:
        t = fold(text)
        if all(r in t for r in right) and not any(w in t for w in wrong):
            return "; ".join(o.text for o in ex.correct_options)
    return None


def model_leak(ex: Exercise, text: str, n: int = 8) -> str | None:
    words = re.findall(r"[\w']+", fold(ex.model_answer))
    flat = " ".join(re.findall(r"[\w']+", fold(text)))
    for i in range(0, max(0, len(words) - n + 1)):
        run = " ".join(words[i:i + n])
        if run in flat:
            return run
    return None


def leaks(ex: Exercise, texts: list[str]) -> list[str]:
    """The ways an exercise's answer shows in these output texts."""
    found: list[Any] = []
    if ex.type == "number":
        found += [number_leak(ex, t) for t in texts]
    elif ex.type in ("choice", "multiple"):
        found.append(option_leak(ex, texts))
    else:
        found += [model_leak(ex, t) for t in texts]
    return [f for f in found if f]
