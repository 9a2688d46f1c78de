"""Self-check exercises as data: load and validate them, judge any answer, show them as a widget.

Exercises live in ``data/exercises/NN-slug.yaml``, one file per notebook, in the format described
by ``kit/schema/exercises.schema.json``. Three calls cover everything a notebook needs:

- :func:`load_exercises` validates every file (schema, unique ids across files, ``about`` ids that
  exist in the article) and returns the exercises by id;
- :func:`check_answer` judges one answer and never raises on what a student types;
- :func:`exercise` returns the widget: prompt, input, "Check", "Hint", "Show answer".

A student's attempts are kept by :class:`kit.progress.ProgressStore`, so they survive a restart.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import json
import math
import os
import random
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from .controls import widgets
from .display import PALETTE, escape, icon, short
from .doccache import read_document, schema_problems  # parsed and checked once per content (issue 17)
from .errors import DataError, Problem
from .files import label as file_label
from .loader import data_dir, load_article
from .model import record
from .progress import ProgressStore, active_progress_dir, count, exercise_state, state_label, student_id
from .validation import problem_at

TYPES = ("choice", "multiple", "number", "text")
MAX_TEXT = 5000      # characters of a text answer that are read
MAX_NUMBER_TEXT = 200  # a "number" longer than this is not a number
_FIELDS_BY_TYPE = {
    "number": {"answer", "tolerance", "unit", "mistakes"},
    "choice": {"options"},
    "multiple": {"options"},
    "text": {"rubric", "model_answer"},
}


# ------------------------------------------------------------------------------------ records

@record
class Option:
    """One option of a choice or multiple exercise."""

    id: str
    text: str
    correct: bool
    feedback: str


@record
class RubricGroup:
    """One idea a text answer should contain: any of ``keywords`` shows it.

    ``point`` says what an answer with the idea does ("names the abstentions"); ``missing`` what to add.
    """

    keywords: tuple[str, ...]
    missing: str
    point: str = ""


@record
class Mistake:
    """A likely wrong number and the feedback that explains the slip."""

    value: float
    feedback: str
    tolerance: float | None = None


@record
class Exercise:
    """One self-check exercise, as validated from its file."""

    id: str
    type: str
    prompt: str
    about: tuple[str, ...]
    notebook: str
    file: str
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    mistakes: tuple[Mistake, ...] = ()
    options: tuple[Option, ...] = ()
    rubric: tuple[RubricGroup, ...] = ()
    model_answer: str = ""
    hints: tuple[str, ...] = ()
    explanation: str = ""
    constructed: bool = False
    # Student edition only (kit.editions): the answers replaced by salted hashes; None in the full data.
    sealed: Mapping[str, Any] | None = field(default=None, compare=False, hash=False, repr=False)

    @property
    def correct_options(self) -> tuple[Option, ...]:
        """The options that are right."""
        return tuple(o for o in self.options if o.correct)

    def answer_text(self) -> str:
        """The answer as the student sees it after asking for it (plain text).

        Examples
        --------
        >>> Exercise("ex00-x", "number", "?", ("p1",), "00-x", "f", answer=30.3, unit="%").answer_text()
        '30.3%'
        """
        if self.sealed is not None:  # the student edition holds no answer
            return ""
        if self.type == "number":
            assert self.answer is not None
            tol = f" (give or take {format_number(self.tolerance)})" if self.tolerance else ""
            return with_unit(self.answer, self.unit) + tol
        if self.type in ("choice", "multiple"):
            return "; ".join(o.text for o in self.correct_options)
        return self.model_answer


@record
class Feedback:
    """The verdict on one answer.

    ``correct`` is True or False when the answer could be judged, and None when it could not
    (nothing typed, not a number, an unknown option) or when the student judges it (a text
    answer): such answers do not count as right or wrong attempts. ``kind`` is the header the
    student sees: "right", "not_yet", "note", or "compare" (a text answer, self-assessed).
    """

    correct: bool | None
    message: str
    kind: str = ""

    def __post_init__(self) -> None:
        if not self.kind:
            object.__setattr__(self, "kind", {True: "right", False: "not_yet", None: "note"}[self.correct])


# ------------------------------------------------------------------------------------ numbers

def format_number(value: float) -> str:
    """Write a number for a student: thousands separated, no needless decimals.

    Examples
    --------
    >>> format_number(11620000.0), format_number(30.3), format_number(0.5)
    ('11,620,000', '30.3', '0.5')
    """
    if math.isfinite(value) and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.6g}"


def with_unit(value: float, unit: str) -> str:
    """A number with its unit ('30.3%', '175 deputies')."""
    if not unit:
        return format_number(value)
    return f"{format_number(value)}{unit}" if unit in ("%", "‰") else f"{format_number(value)} {unit}"


_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6, "mio": 1e6,
           "billion": 1e9, "billions": 1e9, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\w.,])([-+]?)("
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"           # 1,800,000 or 1,800.5
    r"|\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:[.,]\d+)?"  # 11 620 000
    r"|\d+(?:[.,]\d+)?"                       # 169, 30.3, 30,3 (decimal comma)
    r"|[.,]\d+"                               # .5
    r")(?![\d])(?:\s*(thousand|millions?|billions?|mn|mio|bn|k|m)\b)?",
    re.IGNORECASE)


def parse_number(text: str) -> float | None:
    """Read one number from what a student typed, or None when there is not exactly one.

    Accepts thousands separators (``1,800,000``, ``11 620 000``), a decimal comma (``30,3``),
    signs, units and words around the number (``30.3%``, ``about 175 deputies``), scale words
    (``1.8 million``) and the words zero to twenty.

    Examples
    --------
    >>> parse_number("1,800,000"), parse_number("30,3 %"), parse_number("1.8 million")
    (1800000.0, 30.3, 1800000.0)
    >>> parse_number("five"), parse_number("169 to 1"), parse_number("🙂")
    (5.0, None, None)
    """
    s = unicodedata.normalize("NFKC", text).strip().replace("\u2212", "-").replace("\u2013", "-")
    found = list(_NUMBER.finditer(s))
    if any(re.match(r"[.,]\d", s[m.end(2):]) for m in found):  # '1,2,3' or '1.2.3': no single reading
        return None
    if len(found) == 1:
        m = found[0]
        digits = m.group(2)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            digits = digits.replace(",", "")
        else:
            digits = re.sub(r"[ \u00a0\u202f']", "", digits).replace(",", ".")
        try:
            value = float(digits)
        except ValueError:  # pragma: no cover - the pattern only lets numbers through
            return None
        if m.group(1) == "-":
            value = -value
        if m.group(3):
            value *= _SCALES[m.group(3).lower()]
        return value
    if not found:
        words = re.findall(r"[a-z]+", s.lower())
        nums = [w for w in words if w in _WORDS]
        if len(nums) == 1:
            value = float(_WORDS[nums[0]])
            scale = [w for w in words if w in ("thousand", "million", "millions", "billion", "billions")]
            return value * _SCALES[scale[0]] if len(scale) == 1 else value
    return None


# ------------------------------------------------------------------------------------ wording

# Every sentence a self-check says, in one table: the plain judge and the sealed judge (student
# edition) both build their messages from it, so the two cannot drift. A message never starts
# with the verdict: the header (✔ Right. / ✘ Not yet. / ℹ Note. / ✎ Compare.) gives it.
# tests/test_feedback_wording.py pins every entry.
WORDING: dict[str, str] = {
    "blank": "{what} first, then press Check.",
    "unjudgeable": "That kind of answer cannot be checked: type or choose an answer instead.",
    "damaged": "This self-check's data is damaged, so the answer cannot be checked; tell your teacher.",
    "number_list": "Give one number, not a list.",
    "number_type": "Type a number, for example {example}.",
    "number_long": "That is too long to be a number: type just the number, for example {example}.",
    "number_unread": "“{raw}”: {why}. Type just one number, for example {example}.",
    "number_several": "I found more than one number in it",
    "number_none": "I could not find a number in it",
    "number_huge": "That number is too large (or not a number) to check. Type an ordinary number.",
    "number_right": "{answer}.",
    "number_mistake": "{value}: {feedback}",
    "number_fraction": "{value} looks like a fraction. Give it as a percentage (multiply by 100).",
    "number_scale": "{value} is the number written out in full, but the box counts in {unit}: type {short}.",
    "number_direction": "{value} is {direction}.",
    "number_wrong": "{value} is not the answer.",
    "more_hint": " Ask for a hint if you are stuck.",
    "more_none": " Check your working, or ask your teacher.",
    "choice_one": "Choose one option.",
    "choice_unknown": "“{raw}” is not one of the options. Choose one of the options shown.",
    "choice_wrong": "Read the question again, open a hint, or try another option.",
    "multiple_unknown": "Not an option: {items}. Tick the options you choose.",
    "multiple_none": "Tick at least one option.",
    "multiple_right": "You found every correct option.",
    "multiple_missing_one": "1 correct option is missing.",
    "multiple_missing": "{n} correct options are missing.",
    "multiple_extra": "At least one option you ticked is not right.",
    "multiple_wrong": ("The options you ticked are not exactly the right ones (one may be missing, or one you ticked "
                       "may be wrong). Open a hint, or try again."),
    "text_empty": "Write your answer in words first.",
    "text_short": ("Write your answer as a whole sentence (at least {n} words), saying what and why: a few "
                   "keywords cannot be compared with a model answer."),
    "text_seen": "The check can see that your answer {points}.",
    "text_seen_none": "The check cannot see any of the key points in your answer yet.",
    "text_unseen": "What it cannot see yet: {points}",
    "text_compare": ("The check only looks for words, so it cannot mark your answer: compare it with the model "
                     "answer below. Does yours make the same points, with evidence from the report? Then choose "
                     "one of the two buttons."),
    "text_model": "A model answer: {model}",
    "text_cut": " (Only the first {n} characters were read.)",
    "self_covers": "You marked your answer as making the model answer's points.",
    "self_misses": "You marked your answer as missing something: rewrite it, then check again.",
}
SENTENCE_WORDS = 6  # a text answer shorter than this is a list of keywords, not a sentence


def say(kind: str, **values: Any) -> str:
    """One sentence of the wording table, filled in.

    Examples
    --------
    >>> say("number_direction", value="170", direction="too low")
    '170 is too low.'
    """
    return WORDING[kind].format(**values)


def _then(explanation: str) -> str:
    return f"\n{explanation}" if explanation else ""


def _more(ex: Exercise) -> str:
    return say("more_hint") if ex.hints else say("more_none")


# ------------------------------------------------------------------------------------ sealing

# The student edition (kit.editions) keeps no answer in its files: salted hashes and texts sealed
# with a key only the right answer gives. These primitives live here, next to the judge, so that
# judging a sealed exercise is the same code path as judging a plain one.

def _h(*parts: str) -> bytes:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()


def digest(salt: str, exercise_id: str, canon: str) -> str:
    """The salted hash of one canonical answer (32 hex characters).

    Examples
    --------
    >>> len(digest("00ff00ff00ff00ff", "ex00-x", "b"))
    32
    """
    return _h("check", salt, exercise_id, canon).hex()[:32]


def seal_key(salt: str, exercise_id: str, canon: str) -> bytes:
    """The key a canonical answer gives to open the exercise's sealed texts."""
    return _h("key", salt, exercise_id, canon)


def _stream(key: bytes, n: int) -> bytes:
    out = bytearray()
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(key + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:n])


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))


def seal(key: bytes, text: str) -> str:
    """Seal a text with a key: only :func:`unseal` with the same key gives it back.

    Examples
    --------
    >>> k = bytes(32); blob = seal(k, "170")
    >>> "170" in blob, unseal(k, blob), unseal(bytes([1] * 32), blob)
    (False, '170', None)
    """
    data = text.encode("utf-8")
    tag = hashlib.sha256(b"tag" + key + data).digest()[:8]
    plain = tag + data
    return base64.b64encode(_xor(plain, _stream(key, len(plain)))).decode("ascii")


def unseal(key: bytes, blob: str) -> str | None:
    """The sealed text, or None when the key is not the right one."""
    try:
        raw = base64.b64decode(blob.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        return None
    plain = _xor(raw, _stream(key, len(raw)))
    tag, data = plain[:8], plain[8:]
    if len(raw) < 8 or hashlib.sha256(b"tag" + key + data).digest()[:8] != tag:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:  # pragma: no cover - the tag matched
        return None


MAX_CANDIDATES = 5000


def number_grid(value: float, tolerance: float, decimals: int) -> list[int]:
    """The grid points (in units of 10**-decimals) within ``tolerance`` of ``value``."""
    scale = 10 ** decimals
    if not math.isfinite(value) or abs(value) * scale > 1e15:
        return []
    lo = math.ceil(round((value - tolerance) * scale, 6) - 1e-6)
    hi = math.floor(round((value + tolerance) * scale, 6) + 1e-6)
    if hi - lo + 1 > MAX_CANDIDATES:
        return []
    return list(range(lo, hi + 1))


def canon_number(k: int) -> str:
    """The canonical form of a number on the grid (what is hashed)."""
    return f"n{k}"


def canon_options(ids: list[str]) -> str:
    """The canonical form of a set of option ids (what is hashed)."""
    return "o:" + ",".join(sorted(set(ids)))


def text_key(salt: str, exercise_id: str) -> bytes:
    """The key of a text exercise's model answer: given to every student who writes a sentence."""
    return seal_key(salt, exercise_id, "model-answer")


def open_sealed(sealed: Mapping[str, Any], key: bytes) -> dict[str, Any]:
    """The sealed reveal of an exercise, or {} when the key does not open it."""
    text = unseal(key, str(sealed.get("reveal", "")))
    if text is None:
        return {}
    try:
        doc = json.loads(text)
    except ValueError:  # pragma: no cover - the tag matched
        return {}
    return doc if isinstance(doc, dict) else {}


def _word_starts(text: str) -> list[int]:
    return [i for i in range(len(text)) if i == 0 or not re.match(r"[0-9a-z]", text[i - 1])]


# ------------------------------------------------------------------------------------ judging

def fold(text: str) -> str:
    """Lower case, no accents, plain apostrophes and quotes, single spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split())


def _is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple, set, frozenset, dict)):
        return len(raw) == 0
    return False


def _unit_scale(unit: str) -> str:
    """The scale word a unit counts in ('million' for 'million' or 'million people'), or ''."""
    first = unit.split()[0].lower() if unit.split() else ""
    return first if first in ("thousand", "million", "millions", "billion", "billions") else ""


def read_number(ex: Exercise, raw: Any) -> float | Feedback:
    """The number a student gave, or the Feedback saying why it cannot be read as one.

    When the unit is a scale ('million'), "12 million" reads as 12: the box already counts in millions.
    """
    example = "12.5%" if ex.unit == "%" else "12"
    if isinstance(raw, (list, tuple, set, frozenset)):
        items = list(raw)
        if len(items) != 1:
            return Feedback(None, say("number_list"))
        raw = items[0]
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        return Feedback(None, say("number_type", example=example))
    if isinstance(raw, str):
        if len(raw) > MAX_NUMBER_TEXT:
            return Feedback(None, say("number_long", example=example))
        text = raw
        scale = _unit_scale(ex.unit)
        if scale:  # "12 million" in a box that counts millions is 12
            text = re.sub(rf"\b{scale[:7]}s?\b", " ", text, flags=re.IGNORECASE)
        value = parse_number(text)
        if value is None:
            several = len(_NUMBER.findall(raw)) > 1
            why = say("number_several") if several else say("number_none")
            return Feedback(None, say("number_unread", raw=short(raw, 40), why=why, example=example))
    else:
        try:
            value = float(raw)
        except (OverflowError, ValueError):
            return Feedback(None, say("number_type", example=example))
    if not math.isfinite(value):
        return Feedback(None, say("number_huge"))
    return value


def _number_scale_slip(ex: Exercise, value: float, matches: Any) -> Feedback | None:
    """A number typed out in full in a box that counts in millions: say so (not counted)."""
    scale = _unit_scale(ex.unit)
    if scale and abs(value) >= 1000:
        short = value / _SCALES[scale]
        if matches(short):
            return Feedback(None,
                            say("number_scale", value=format_number(value), unit=ex.unit, short=format_number(short)))
    return None


def _judge_number(ex: Exercise, raw: Any) -> Feedback:
    value = read_number(ex, raw)
    if isinstance(value, Feedback):
        return value
    shown = with_unit(value, ex.unit)
    if ex.sealed is not None:
        s = ex.sealed
        salt, dec = str(s.get("salt", "")), int(s.get("decimals", 0))

        def hits(v: float, target: Any, tol: float) -> str | None:
            for k in number_grid(v, tol, dec):
                if digest(salt, ex.id, canon_number(k)) == target:
                    return canon_number(k)
            return None

        tol = float(s.get("tolerance", 0.0))
        canon = hits(value, s.get("answer"), tol)
        if canon is not None:
            doc = open_sealed(s, seal_key(salt, ex.id, canon))
            return Feedback(True, say("number_right", answer=doc.get("answer", shown))
                            + _then(str(doc.get("explanation") or "")))
        for m in s.get("mistakes", []):
            if hits(value, m.get("value"), float(m.get("tolerance", 0.0))) is not None:
                return Feedback(False, say("number_mistake", value=shown, feedback=m.get("feedback", "")))
        if s.get("percent_slip") and hits(value * 100, s.get("answer"), tol) is not None:
            return Feedback(False, say("number_fraction", value=format_number(value)))
        slip = _number_scale_slip(ex, value, lambda v: hits(v, s.get("answer"), tol) is not None)
        return slip or Feedback(False, say("number_wrong", value=shown) + _more(ex))
    assert ex.answer is not None
    answer = ex.answer
    tol = ex.tolerance + 1e-9 * max(1.0, abs(answer))
    if abs(value - answer) <= tol:
        return Feedback(True, say("number_right", answer=ex.answer_text()) + _then(ex.explanation))
    for m in ex.mistakes:
        mtol = (ex.tolerance if m.tolerance is None else m.tolerance) + 1e-9 * max(1.0, abs(m.value))
        if abs(value - m.value) <= mtol:
            return Feedback(False, say("number_mistake", value=shown, feedback=m.feedback))
    if ex.unit == "%" and abs(value * 100 - answer) <= tol:
        return Feedback(False, say("number_fraction", value=format_number(value)))
    slip = _number_scale_slip(ex, value, lambda v: abs(v - answer) <= tol)
    if slip is not None:
        return slip
    direction = "too high" if value > answer else "too low"
    return Feedback(False, say("number_direction", value=shown, direction=direction) + _more(ex))


def _find_option(ex: Exercise, item: Any) -> Option | None:
    if isinstance(item, bool) or item is None:
        return None
    if isinstance(item, Option):
        item = item.id
    text = fold(str(item))[:MAX_TEXT]
    text = re.sub(r"^[(\[]?\s*([a-z0-9]+)\s*[)\].:]?$", r"\1", text)
    for o in ex.options:
        if text == o.id.casefold() or text == fold(o.text):
            return o
    return None


def read_options(ex: Exercise, raw: Any) -> list[Option] | Feedback:
    """The options a student ticked, or the Feedback saying why they cannot be read."""
    if isinstance(raw, str):
        items: list[Any] = [p for p in re.split(r"[,;\s]+", raw.strip()[:MAX_TEXT]) if p]
        whole = _find_option(ex, raw)
        if whole is not None:
            items = [whole.id]
    elif isinstance(raw, (list, tuple, set, frozenset)):
        items = list(raw)[:100]
    else:
        items = [raw]
    chosen: list[Option] = []
    unknown: list[str] = []
    for item in items:
        o = _find_option(ex, item)
        if o is None:
            unknown.append(short(item, 20))
        elif o not in chosen:
            chosen.append(o)
    if unknown:
        if ex.type == "choice" and len(items) == 1:
            return Feedback(None, say("choice_unknown", raw=short(items[0], 40)))
        return Feedback(None, say("multiple_unknown", items=", ".join(unknown[:5])))
    if not chosen:
        return Feedback(None, say("multiple_none"))
    return chosen


def _right_options(ex: Exercise, chosen: list[Option]) -> tuple[bool, dict[str, Any]]:
    """Whether the chosen options are exactly the right ones, and (when they are) the reveal."""
    if ex.sealed is not None:
        s = ex.sealed
        salt = str(s.get("salt", ""))
        canon = canon_options([o.id for o in chosen])
        if digest(salt, ex.id, canon) == s.get("answer"):
            return True, open_sealed(s, seal_key(salt, ex.id, canon))
        return False, {}
    right = set(ex.correct_options)
    return set(chosen) == right, {"lines": option_lines(ex.type, list(ex.correct_options)),
                                  "explanation": ex.explanation}


def option_lines(kind: str, options: list[Option]) -> list[str]:
    """The feedback lines of some options: the option's feedback alone for a choice, marked for a multiple."""
    if kind == "choice":
        return [o.feedback for o in options]
    return [("✔ " if o.correct else "✘ ") + f"{o.text}: {o.feedback}" for o in options]


def _judge_options(ex: Exercise, raw: Any) -> Feedback:
    if ex.type == "choice" and isinstance(raw, (list, tuple, set, frozenset)):
        items = list(raw)
        if len(items) != 1:
            return Feedback(None, say("choice_one"))
        raw = items[0]
    chosen = read_options(ex, raw)
    if isinstance(chosen, Feedback):
        return chosen
    if ex.type == "choice" and len(chosen) != 1:
        return Feedback(None, say("choice_one"))
    ok, doc = _right_options(ex, chosen)
    lines = [str(x) for x in doc.get("lines", [])]
    then = _then(str(doc.get("explanation") or ""))
    if ok:
        head = "" if ex.type == "choice" else say("multiple_right")
        return Feedback(True, "\n".join([x for x in [head, *lines] if x]) + then)
    if ex.sealed is not None:
        return Feedback(False, say("choice_wrong" if ex.type == "choice" else "multiple_wrong"))
    if ex.type == "choice":
        return Feedback(False, chosen[0].feedback)
    missed = len(set(ex.correct_options) - set(chosen))
    head = (say("multiple_missing_one") if missed == 1 else say("multiple_missing", n=missed) if missed
            else say("multiple_extra"))
    return Feedback(False, head + "\n" + "\n".join(option_lines(ex.type, chosen)))


def _keyword_in(keyword: str, text: str) -> bool:
    kw = fold(keyword)
    return re.search(r"(?<![0-9a-z])" + re.escape(kw), text) is not None


def _sealed_seen(ex: Exercise, folded: str) -> list[bool]:
    s = ex.sealed or {}
    salt = str(s.get("salt", ""))
    starts = _word_starts(folded)
    seen = []
    for gi, g in enumerate(s.get("groups", [])):
        keys = {k.get("d") for k in g.get("keys", [])}
        hit = any(digest(salt, ex.id, f"t{gi}:{folded[i:i + int(n)]}") in keys
                  for n in g.get("lengths", []) for i in starts if len(folded[i:i + int(n)]) == int(n))
        seen.append(hit)
    return seen


def rubric_points(ex: Exercise) -> list[tuple[str, str]]:
    """Each rubric idea as (what an answer that has it does, what to add when it is missing)."""
    if ex.sealed is not None:
        return [(str(g.get("point") or ""), str(g.get("missing", ""))) for g in ex.sealed.get("groups", [])]
    return [(g.point, g.missing) for g in ex.rubric]


def _judge_text(ex: Exercise, raw: Any) -> Feedback:
    """A text answer is never marked right: the check says which key points it can see, shows the
    model answer and asks the student to compare (self-assessed, like a rubric-scored task)."""
    if isinstance(raw, (list, tuple, set, frozenset)):
        raw = " ".join(str(x) for x in list(raw)[:100])
    text = str(raw)
    note = ""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
        note = say("text_cut", n=f"{MAX_TEXT:,}")
    folded = fold(text)
    if not re.search(r"\w", folded):
        return Feedback(None, say("text_empty"))
    if len(re.findall(r"\w+", folded)) < SENTENCE_WORDS:
        return Feedback(None, say("text_short", n=SENTENCE_WORDS))
    if ex.sealed is not None:
        seen = _sealed_seen(ex, folded)
        doc = open_sealed(ex.sealed, text_key(str(ex.sealed.get("salt", "")), ex.id))
        model, explanation = str(doc.get("model_answer") or ""), str(doc.get("explanation") or "")
    else:
        seen = [any(_keyword_in(k, folded) for k in g.keywords) for g in ex.rubric]
        model, explanation = ex.model_answer, ex.explanation
    points = [(p or f"has key point {i} of {len(seen)}", m) for i, (p, m) in enumerate(rubric_points(ex), 1)]
    have = [p for (p, _m), ok in zip(points, seen, strict=False) if ok]
    lacking = [m for (_p, m), ok in zip(points, seen, strict=False) if not ok]
    parts = [say("text_seen", points="; ".join(have)) if have else say("text_seen_none")]
    if lacking:
        parts.append(say("text_unseen", points=" ".join(lacking)))
    parts.append(say("text_compare"))
    out = " ".join(parts) + note
    if model:
        out += "\n" + say("text_model", model=model)
    return Feedback(None, out + _then(explanation), "compare")


def judge(ex: Exercise, raw: Any) -> Feedback:
    """Judge any answer to one exercise, plain or sealed (pure; never raises on the answer).

    Examples
    --------
    >>> ex = Exercise("ex00-x", "number", "How many?", ("p1",), "00-x", "f", answer=175)
    >>> judge(ex, " 175 deputies ").correct, judge(ex, "").correct, judge(ex, "170").message
    (True, None, '170 is too low. Check your working, or ask your teacher.')
    """
    try:
        if _is_blank(raw):
            what = {"choice": "Choose an option", "multiple": "Tick at least one option",
                    "number": "Type a number", "text": "Write an answer"}[ex.type]
            return Feedback(None, say("blank", what=what))
        if isinstance(raw, dict):
            return Feedback(None, say("unjudgeable"))
        if ex.type == "number":
            return _judge_number(ex, raw)
        if ex.type == "text":
            return _judge_text(ex, raw)
        return _judge_options(ex, raw)
    except RecursionError:  # pragma: no cover - a self-containing list
        return Feedback(None, say("unjudgeable"))
    except (ValueError, TypeError, KeyError, AttributeError):
        if ex.sealed is None:
            raise
        return Feedback(None, say("damaged"))  # a damaged student file, not the student's slip


def judge_sealed(ex: Exercise, raw: Any) -> Feedback:
    """Judge an answer to a student-edition exercise: :func:`judge` itself (kept for callers)."""
    return judge(ex, raw)


def option_order(ex: Exercise, seed: str) -> tuple[Option, ...]:
    """The options in the order one student sees them: shuffled, the same on every run for that student.

    Examples
    --------
    >>> opts = tuple(Option(i, i.upper(), i == "a", "") for i in "abcd")
    >>> ex = Exercise("ex00-x", "choice", "?", ("p1",), "00-x", "f", options=opts)
    >>> option_order(ex, "s1") == option_order(ex, "s1"), sorted(o.id for o in option_order(ex, "s1"))
    (True, ['a', 'b', 'c', 'd'])
    """
    rng = random.Random(hashlib.sha256(f"{seed}\x1f{ex.id}".encode()).digest())
    order = list(ex.options)
    rng.shuffle(order)
    return tuple(order)


# ------------------------------------------------------------------------------------ loading

EDITION_MARKER = "kit-edition.json"


def exercises_dir() -> Path:
    """The folder of exercise files.

    In order: the ``KIT_EXERCISES`` environment variable; the ``exercises/`` folder of a student
    edition (``python -m kit editions``) when the notebook runs in its ``notebooks/`` folder (the
    edition's root holds ``kit-edition.json``); else ``data/exercises`` of the kit's data.
    """
    env = os.environ.get("KIT_EXERCISES")
    if env:
        return Path(env).expanduser().resolve()
    try:
        root = Path.cwd().parent
    except OSError:  # pragma: no cover - the working folder was deleted
        root = None
    if root is not None and (root / EDITION_MARKER).is_file() and (root / "exercises").is_dir():
        return root / "exercises"
    return data_dir() / "exercises"


def exercise_files(folder: Path) -> list[Path]:
    """The exercise files of a folder (``.yaml``, ``.yml``, ``.json``; hidden files left out), sorted."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".json") and not p.name.startswith("."))


def _signature(folder: Path, lesson: str | None = None) -> tuple[tuple[str, int, int], ...]:
    """(name, modification time, size) of each exercise file of a folder: what says that a loaded set of
    exercises is still the folder's. One directory read, no path resolved: every self-check of a
    lesson asks (resolving each file's path cost ~1 ms a self-check, issue 17)."""
    try:
        with os.scandir(folder) as entries:
            out = []
            for e in entries:
                if e.name.endswith((".yaml", ".yml", ".json")) and not e.name.startswith(".") and (
                        lesson is None or e.name.startswith(f"{lesson}-")):
                    try:
                        st = e.stat()
                        out.append((e.name, st.st_mtime_ns, st.st_size))
                    except OSError:  # a broken link: the loading names it
                        out.append((e.name, -1, -1))
    except OSError:  # no such folder: the loading says so
        return ()
    return tuple(sorted(out))


def known_ids(article: Any) -> set[str]:
    """Every id an exercise may be ``about``: the article's records, provenance versions and sources."""
    ids = set(article._index) if hasattr(article, "_index") else set()
    ids.update(v.id for v in getattr(article, "provenance", ()))
    ids.update(getattr(article, "sources", {}) or {})
    return ids


def _has_id(article: Any, rid: str, extra: set[str]) -> bool:
    if rid in extra:
        return True
    try:
        article.get(rid)
    except KeyError:
        return False
    return True


def _build(d: dict[str, Any], notebook: str, label: str) -> Exercise:
    return Exercise(
        id=d["id"], type=d["type"], prompt=d["prompt"], about=tuple(d["about"]), notebook=notebook, file=label,
        answer=float(d["answer"]) if "answer" in d else None, tolerance=float(d.get("tolerance", 0.0)),
        unit=d.get("unit", ""),
        mistakes=tuple(Mistake(float(m["value"]), m["feedback"], m.get("tolerance")) for m in d.get("mistakes", [])),
        options=tuple(Option(o["id"], o["text"], o.get("correct", False), o.get("feedback", ""))
                      for o in d.get("options", [])),
        rubric=tuple(RubricGroup(tuple(g["keywords"]), g["missing"], g.get("point", "")) for g in d.get("rubric", [])),
        model_answer=d.get("model_answer", ""), hints=tuple(d.get("hints", [])),
        explanation=d.get("explanation", ""), constructed=bool(d.get("constructed", False)),
        sealed=d.get("sealed"))


def _check_file(doc: dict[str, Any], path: Path, label: str, lines: dict[tuple[Any, ...], int]) -> list[Problem]:
    """Checks the schema cannot express: prefixes, right options, unused fields."""
    out: list[Problem] = []

    def problem(where: list[Any], message: str) -> None:
        out.append(problem_at(label, lines, where, message))

    nn = doc["notebook"][:2]
    if not path.name[:2].isdigit() or path.name[:2] != nn:
        problem(["notebook"],
                f"the file name should start with the notebook's number '{nn}-' (e.g. {doc['notebook']}.yaml)")
    for i, ex in enumerate(doc["exercises"]):
        if not ex["id"].startswith(f"ex{nn}-"):
            problem(["exercises", i, "id"], f"'{ex['id']}' should start with 'ex{nn}-' (the notebook's number)")
        unused = sorted(set(ex) & (set().union(*_FIELDS_BY_TYPE.values()) - _FIELDS_BY_TYPE[ex["type"]]))
        for f in unused:
            problem(["exercises", i, f], f"'{f}' is not used by a {ex['type']} exercise; remove it or change the type")
        opts = ex.get("options", [])
        seen: set[str] = set()
        for j, o in enumerate(opts):
            if o["id"] in seen:
                problem(["exercises", i, "options", j, "id"], f"option id '{o['id']}' is used twice in this exercise")
            seen.add(o["id"])
        for j, o in enumerate(opts):
            if _VERDICT_START.match(o["feedback"]):
                problem(["exercises", i, "options", j, "feedback"],
                        "feedback should not start with a verdict ('Right', 'Not quite'...): the check's header "
                        "already says it")
        right = sum(1 for o in opts if o["correct"])
        if ex["type"] == "choice" and right != 1:
            problem(["exercises", i, "options"], f"a choice exercise needs exactly one correct option; found {right}")
        if ex["type"] == "multiple" and right == 0:
            problem(["exercises", i, "options"], "a multiple exercise needs at least one correct option; found none")
        if ex["type"] == "number":
            for j, m in enumerate(ex.get("mistakes", [])):
                tol = m.get("tolerance", ex.get("tolerance", 0))
                if abs(m["value"] - ex["answer"]) <= tol:
                    problem(["exercises", i, "mistakes", j, "value"],
                            f"{m['value']} would count as the right answer ({ex['answer']}, "
                            f"tolerance {ex.get('tolerance', 0)})")
    return out


_VERDICT_START = re.compile(r"^\s*(right|correct|wrong|not quite|not yet|well done)\b", re.IGNORECASE)
_CACHE: dict[Any, dict[str, Exercise]] = {}


def load_exercises(folder: str | Path | None = None, article: Any = None, *,
                   check_about: bool = True, lesson: str | None = None) -> dict[str, Exercise]:
    """Load and validate every exercise file of a folder.

    Parameters
    ----------
    folder : str or Path, optional
        The folder of ``NN-slug.yaml`` files; ``data/exercises`` by default.
    article : Article, optional
        The article ``about`` ids are checked against; each file's ``article`` (or the kit's
        default article) when left out.
    check_about : bool
        Check that every ``about`` id exists (True by default).
    lesson : str, optional
        Only the files of this lesson's number (``"07"``): what a self-check in a lesson reads (the
        ids unique across every file is then left to ``python -m kit validate`` and the tests).

    Returns
    -------
    dict
        Exercises by id, in file order.

    Raises
    ------
    DataError
        Listing every problem: schema errors, an id used twice (naming both files), an ``about``
        id the article does not have, an id whose number does not match its notebook.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "00-demo.yaml").write_text('''schema_version: 1
    ... notebook: "00-demo"
    ... exercises:
    ...   - {id: ex00-seats, type: number, prompt: "How many seats?", about: [fr-seats], answer: 577}
    ... ''')
    >>> list(load_exercises(d, check_about=False))
    ['ex00-seats']
    """
    root = Path(folder) if folder is not None else exercises_dir()
    key = (os.path.abspath(root), _signature(root, lesson), id(article) if article is not None else None, check_about,
           lesson)
    if key in _CACHE:
        return _CACHE[key]
    files = [p for p in exercise_files(root) if lesson is None or p.name.startswith(f"{lesson}-")]

    problems: list[Problem] = []
    out: dict[str, Exercise] = {}
    where: dict[str, tuple[str, int | None]] = {}
    articles: dict[str | None, Any] = {}
    for path in files:
        label = file_label(path)
        doc, lines, read_problems = read_document(path, label)
        problems.extend(read_problems)
        if doc is None:
            continue
        student = isinstance(doc, dict) and doc.get("edition") == "student"  # written by kit.editions
        schema = schema_problems(doc, "exercises-student" if student else "exercises", label, lines)
        if schema:
            problems.extend(schema)
            continue
        if not student:
            problems.extend(_check_file(doc, path, label, lines))
        art = article
        if check_about and art is None:
            aid = doc.get("article")
            if aid not in articles:
                try:
                    articles[aid] = load_article(aid)
                except KeyError as exc:
                    problems.append(Problem(label, "article", str(exc).strip('"'), lines.get(("article",))))
                    articles[aid] = None
            art = articles[aid]
        extra = known_ids(art) if art is not None else set()
        for i, d in enumerate(doc["exercises"]):
            line = lines.get(("exercises", i, "id"))
            if d["id"] in where:
                first, first_line = where[d["id"]]
                at = f"{first}:{first_line}" if first_line else first
                problems.append(Problem(label, f"exercises[{i}].id",
                                        f"exercise id '{d['id']}' is already used in {at}; ids must be unique "
                                        "across all exercise files", line))
                continue
            where[d["id"]] = (label, line)
            if check_about and art is not None:
                for j, rid in enumerate(d["about"]):
                    if not _has_id(art, rid, extra):
                        close = difflib.get_close_matches(rid, sorted(extra), n=3)
                        hint = f"; did you mean {', '.join(close)}?" if close else ""
                        problems.append(Problem(label, f"exercises[{i}].about[{j}]",
                                                f"'{rid}' is not a record of article {art.id} (facts, acts, actors, "
                                                f"paragraphs, annotations, provenance, sources){hint}",
                                                lines.get(("exercises", i, "about", j), line)))
            out[d["id"]] = _build(d, doc["notebook"], label)
    if problems:
        raise DataError(problems)
    _CACHE[key] = out
    return out


def get_exercise(exercise_id: str, exercises: Mapping[str, Exercise] | None = None) -> Exercise:
    """One exercise by id.

    Raises
    ------
    KeyError
        Naming close ids, when there is no such exercise.
    """
    if exercises is None:  # a self-check in a lesson: that lesson's file (exNN- is in NN-....yaml), else all
        lesson = str(exercise_id)[2:4] if re.match(r"ex\d\d-", str(exercise_id)) else None
        mine = load_exercises(lesson=lesson) if lesson else {}
        if exercise_id in mine:
            return mine[exercise_id]
    pool = load_exercises() if exercises is None else exercises
    try:
        return pool[exercise_id]
    except (KeyError, TypeError):
        close = difflib.get_close_matches(str(exercise_id), list(pool), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"no exercise {exercise_id!r}{hint}") from None


def exercises_for(notebook: str, exercises: Mapping[str, Exercise] | None = None) -> tuple[Exercise, ...]:
    """The exercises of one notebook ('03-claims-and-evidence' or just '03'), in file order."""
    pool = load_exercises() if exercises is None else exercises
    return tuple(e for e in pool.values() if e.notebook == notebook or e.notebook[:2] == notebook)


def check_answer(exercise_id: str, raw_answer: Any, exercises: Mapping[str, Exercise] | None = None) -> Feedback:
    """Judge a student's answer to an exercise. Pure: nothing is recorded.

    Accepts anything: None, empty or very long text, numbers written with commas or percent
    signs, lists, emoji. An answer that cannot be judged gets ``correct=None`` and a message
    saying what to type instead.

    Raises
    ------
    KeyError
        When ``exercise_id`` names no exercise (an author's slip, not a student's).

    Examples
    --------
    >>> ex = {"ex00-x": Exercise("ex00-x", "number", "?", ("p1",), "00-x", "f", answer=30.3, tolerance=0.1, unit="%")}
    >>> check_answer("ex00-x", "30,3 %", ex)
    Feedback(correct=True, message='30.3% (give or take 0.1).', kind='right')
    """
    return judge(get_exercise(exercise_id, exercises), raw_answer)


# ------------------------------------------------------------------------------------ widget

_STORE: ProgressStore | None = None


def default_store() -> ProgressStore:
    """The progress store of whoever is working now (notebook 00's "who is working" step)."""
    global _STORE
    if _STORE is None or _STORE.folder != active_progress_dir():
        _STORE = ProgressStore(active_progress_dir())
    return _STORE


HEADERS = {"right": ("✔", "Right", "green"), "not_yet": ("✘", "Not yet", "vermillion"),
           "note": ("ℹ", "Note", "blue"), "compare": ("✎", "Compare", "blue")}


def feedback_html(fb: Feedback) -> str:
    """A feedback message as HTML, marked by a symbol and a word as well as a colour.

    Examples
    --------
    >>> feedback_html(Feedback(False, "<b>no</b>"))[:60]
    '<div class="kit-feedback" role="status" style="border-left:4'
    """
    mark, word, colour = HEADERS[fb.kind]
    body = "<br>".join(escape(line) for line in fb.message.split("\n"))
    return (f'<div class="kit-feedback" role="status" style="border-left:4px solid {PALETTE[colour]};padding:2px 8px">'
            f'<b>{mark} {word}.</b> {body}</div>')


class _Notes:
    """The parts of an exercise shown under its feedback, in one HTML widget, each in a block of its own."""

    ORDER = ("hints", "answer", "status", "error")

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self.parts = dict.fromkeys(self.ORDER, "")

    def set(self, name: str, value: str) -> None:
        self.parts[name] = value
        self.widget.value = "".join(f"<div>{self.parts[n]}</div>" for n in self.ORDER if self.parts[n])


class _Part:
    """One part of :class:`_Notes`, read and set through ``.value`` like the HTML widget it stands for."""

    __slots__ = ("_pane", "_name")

    def __init__(self, pane: _Notes, name: str) -> None:
        self._pane, self._name = pane, name

    @property
    def value(self) -> str:
        return self._pane.parts[self._name]

    @value.setter
    def value(self, value: str) -> None:
        self._pane.set(self._name, value)


class ExerciseWidget:
    """Builds the widget of one exercise; tests reach its parts through attributes.

    Use :func:`exercise`, which returns ``ExerciseWidget(...).box``.
    """

    def __init__(self, ex: Exercise, store: ProgressStore | None = None) -> None:
        w = widgets()

        self.exercise = ex
        self.store = store if store is not None else default_store()
        self.hints_shown = 0
        self.options = option_order(ex, student_id(self.store.folder)) if ex.options else ()
        made = " <i>(This exercise quotes a text written for teaching.)</i>" if ex.constructed else ""
        self.prompt = w.HTML(f'<p style="margin:0"><b>Self-check</b>{made}</p>'
                             f'<p style="margin:0 0 4px 0">{escape(ex.prompt)}</p>')
        self.checkboxes: tuple[Any, ...] = ()
        if ex.type == "choice":
            self.input: Any = w.RadioButtons(options=[(o.text, o.id) for o in self.options], value=None,
                                             layout=w.shared_layout(width="auto"))
        elif ex.type == "multiple":
            self.checkboxes = tuple(w.Checkbox(value=False, description=o.text, indent=False,
                                               layout=w.shared_layout(width="auto")) for o in self.options)
            self.input = w.VBox(list(self.checkboxes))
        elif ex.type == "number":
            self.input = w.Text(value="", placeholder="Type a number", description=ex.unit,
                                layout=w.shared_layout(width="16em"))
        else:
            self.input = w.Textarea(value="", placeholder="Write your answer here, in a sentence or two", rows=3,
                                    layout=w.shared_layout(width="100%"))
        self.check_button = w.Button(description="Check", button_style="primary", tooltip="Check my answer")
        self.hint_button = w.Button(tooltip="Show the next hint", **self._hint_button_state())
        self.answer_button = w.Button(description="Show answer", tooltip="Show the answer and why")
        # the student's own comparison with the model answer: a written answer's, made when first asked for
        self.covers_button: Any = None
        self.misses_button: Any = None
        self.feedback = w.HTML("")
        # the hints, the answer, the progress line and any error share one HTML widget (three fewer
        # widgets a self-check, issue 17); each keeps its own ``.value``
        self.notes = w.HTML("")
        pane = _Notes(self.notes)
        self.hints, self.answer, self.status, self.error = (_Part(pane, n) for n in _Notes.ORDER)
        self.check_button.on_click(self._guard(self.on_check))
        self.hint_button.on_click(self._guard(self.on_hint))
        self.answer_button.on_click(self._guard(self.on_answer))
        self._restore()
        self.box = w.VBox([self.prompt, self.input,
                           w.HBox([self.check_button, self.hint_button, self.answer_button]),
                           self.feedback, self.notes],
                          layout=w.shared_layout(border="1px solid #ccc", padding="6px", margin="6px 0"),
                          _dom_classes=("kit-exercise",))  # given, not added: no second message to the page

    # ---- reading the input
    def value(self) -> Any:
        """What the student has entered, as the judge takes it."""
        if self.exercise.type == "multiple":
            return [o.id for o, cb in zip(self.options, self.checkboxes, strict=True) if cb.value]
        return self.input.value

    def set_value(self, value: Any) -> None:
        """Put a previous answer back into the input (ignored when it no longer fits)."""
        ex = self.exercise
        if ex.type == "multiple":
            chosen = set(value) if isinstance(value, list) else set()
            for o, cb in zip(self.options, self.checkboxes, strict=True):
                cb.value = o.id in chosen
        elif ex.type == "choice":
            if value in [o.id for o in ex.options]:
                self.input.value = value
        elif value is not None:
            self.input.value = str(value)

    # ---- callbacks (thin: the work is in judge() and the store)
    def _guard(self, fn: Any) -> Any:
        def run(_button: Any = None) -> None:
            try:
                self.error.value = ""
                fn()
            except Exception as exc:  # shown, never raised into the student's notebook
                self.error.value = (f'<div role="alert">Something went wrong in this exercise '
                                    f'({escape(type(exc).__name__)}: {escape(short(str(exc), 200))}). '
                                    f'Your answers so far are kept; please tell your teacher.</div>')
        return run

    def on_check(self) -> None:
        """Judge the answer, show the feedback, record the attempt."""
        raw = self.value()
        fb = judge(self.exercise, raw)
        self.feedback.value = feedback_html(fb)
        if fb.kind == "compare":
            rec = self.store.record_written(self.exercise.id, raw)
        else:
            rec = self.store.record_attempt(self.exercise.id, raw, fb.correct)
        self._show_self_assess(fb.kind == "compare")
        self._show_status(rec)

    def on_self_assess(self, covers: bool) -> None:
        """Record the student's own comparison of a text answer with the model answer."""
        rec = self.store.record_self_assessment(self.exercise.id, covers)
        self.feedback.value += feedback_html(Feedback(None, say("self_covers" if covers else "self_misses")))
        self._show_self_assess(False)
        self._show_status(rec)

    def on_hint(self) -> None:
        """Show the next hint."""
        hints = self.exercise.hints
        if self.hints_shown < len(hints):
            self.hints_shown += 1
            self.store.record_hint(self.exercise.id, self.hints_shown)
        self._render_hints()
        self._update_hint_button()

    def on_answer(self) -> None:
        """Show the answer and the explanation."""
        self._render_answer()
        ex_id = self.exercise.id
        rec = self.store.record_answer_shown(ex_id) if self.exercise.sealed is None else self.store.get(ex_id)
        self._show_status(rec)

    # ---- rendering
    def _show_self_assess(self, show: bool) -> None:
        if show and self.covers_button is None:  # the first written answer checked: the pair, under the feedback
            w = widgets()
            self.covers_button = w.Button(description="Mine makes these points",
                                          tooltip="My answer makes the model answer's points",
                                          layout=w.Layout(width="auto"))
            self.misses_button = w.Button(description="Mine misses something", tooltip="My answer misses a point",
                                          layout=w.Layout(width="auto"))
            self.covers_button.on_click(self._guard(lambda: self.on_self_assess(True)))
            self.misses_button.on_click(self._guard(lambda: self.on_self_assess(False)))
            parts = list(self.box.children)
            parts.insert(parts.index(self.feedback) + 1, w.HBox([self.covers_button, self.misses_button]))
            self.box.children = tuple(parts)
        for b in (self.covers_button, self.misses_button):
            if b is not None:
                b.layout.display = "" if show else "none"

    def _render_hints(self) -> None:
        shown = self.exercise.hints[: self.hints_shown]
        self.hints.value = "".join(f'<div class="kit-hint">{icon("hint")}<b>Hint {i}:</b> {escape(h)}</div>'
                                   for i, h in enumerate(shown, 1))

    def _hint_button_state(self) -> dict[str, Any]:
        left = len(self.exercise.hints) - self.hints_shown
        if not self.exercise.hints:
            return {"disabled": True, "description": "No hints"}
        return {"disabled": left <= 0, "description": f"Hint ({left} left)" if left else "No more hints"}

    def _update_hint_button(self) -> None:
        for name, value in self._hint_button_state().items():
            setattr(self.hint_button, name, value)

    def _render_answer(self) -> None:
        ex = self.exercise
        if ex.sealed is not None and exercise_state(self.store.get(ex.id)) == "solved":
            self.answer.value = ('<div class="kit-answer"><b>Answer:</b> you have answered this one right. In the '
                                 'student edition the explanation comes with the feedback: press Check on your '
                                 'answer to read it again.</div>')
            return
        if ex.sealed is not None:
            what = ("the model answer appears when you check an answer of a sentence or more"
                    if ex.type == "text" else "when your answer is right, the explanation appears with the feedback")
            self.answer.value = ('<div class="kit-answer"><b>Answer:</b> this is the student edition, so the answer '
                                 f'is not stored here. Ask your teacher, or try again: {what}.</div>')
            return
        expl = f"<br>{escape(ex.explanation)}" if ex.explanation else ""
        label = "A model answer" if ex.type == "text" else "Answer"
        self.answer.value = f'<div class="kit-answer"><b>{label}:</b> {escape(ex.answer_text())}{expl}</div>'
        self.answer_button.description = "Answer shown"

    def _show_status(self, rec: Mapping[str, Any]) -> None:
        label = state_label(rec)
        text = f"<small>Your progress: {escape(label)}.</small>" if label else ""
        if self.store.notice:
            text += f'<div role="alert"><small>{escape(self.store.notice)}</small></div>'
        self.status.value = text

    def _restore(self) -> None:
        """After a restart: the last answer back in its box and one status line; no stale verdict."""
        rec = self.store.get(self.exercise.id)
        if rec:
            self.set_value(rec.get("last_answer"))
            self.hints_shown = min(count(rec.get("hints_seen")), len(self.exercise.hints))
            self._render_hints()
            self._update_hint_button()
            if exercise_state(rec) == "answer_shown":
                self._render_answer()
        self._show_status(rec)


def exercise(exercise_id: str, store: ProgressStore | None = None,
             exercises: Mapping[str, Exercise] | None = None) -> Any:
    """The widget of one exercise, not displayed (a notebook shows it as the cell's value).

    Parameters
    ----------
    exercise_id : str
        For example ``"ex03-abstentions"``.
    store : ProgressStore, optional
        Where attempts are kept; the progress of whoever is working now by default.
    exercises : mapping, optional
        Exercises by id; :func:`load_exercises` by default.

    Returns
    -------
    ipywidgets.VBox
        The prompt, an input, "Check", "Hint" and "Show answer" buttons, and the feedback.
        The builder is reachable as ``widget.kit`` (for tests).
    """
    built = ExerciseWidget(get_exercise(exercise_id, exercises), store)
    box = built.box
    box.kit = built
    return box


class ShowAfter:
    """A button that shows a view only when pressed, and only once the student has tried the self-checks
    it would answer: for a summary, a chart or a list that gives an answer away.

    Use :func:`show_after`, which returns ``ShowAfter(...).box``.
    """

    def __init__(self, label: str, make: Any, *args: Any, after: tuple[str, ...] = (),
                 store: ProgressStore | None = None) -> None:
        w = widgets()

        self.make, self.args, self.after = make, args, tuple(after)
        self._store = store
        self.button = w.Button(description=label, tooltip=label, layout=w.shared_layout(width="auto"))
        first = "Try the self-check first, then press the button." if len(self.after) <= 1 else \
            "Try the self-checks first, then press the button."
        self.note = w.HTML(f"<small>{first}</small>" if self.after else "")
        self.out = w.Output()
        self.error = w.HTML("")
        self.button.on_click(self._show)
        self.box = w.VBox([w.HBox([self.button, self.note]), self.out, self.error], _dom_classes=("kit-show-after",))

    def untried(self) -> list[str]:
        """The self-checks this view answers that the student has not tried yet."""
        store = self._store if self._store is not None else default_store()
        return [i for i in self.after if exercise_state(store.get(i)) == "new"]

    def _show(self, _button: Any = None) -> None:
        try:
            if self.untried():
                n = len(self.untried())
                self.note.value = (f'<span role="alert"><small>Not yet: this would give away the answer to '
                                   f'{"a self-check" if n == 1 else f"{n} self-checks"} you have not tried. Answer '
                                   f'{"it" if n == 1 else "them"} first (press Check), then come back.</small></span>')
                return
            view = self.make(*self.args)
            self.out.outputs = ()
            if isinstance(view, str):
                self.out.append_stdout(view + "\n")
            else:
                self.out.append_display_data(view)
            self.button.disabled = True
            self.note.value = ""
        except Exception as exc:  # shown, never raised into the student's notebook
            self.error.value = f'<div role="alert">This could not be shown ({escape(short(str(exc), 200))}).</div>'


def show_after(label: str, make: Any, *args: Any, after: tuple[str, ...] | list[str] = (),
               store: ProgressStore | None = None) -> Any:
    """A "show" button for a view that answers self-checks.

    ``show_after("Show the counts", quote_summary, art, after=["ex02-reyhan-quotes"])``: ``make(*args)``
    runs only when the student presses the button, and only once every self-check in ``after`` has
    been tried (checked, answered in writing or its answer shown). A string is shown as text.
    The builder is reachable as ``widget.kit`` (for tests).
    """
    built = ShowAfter(label, make, *args, after=tuple(after), store=store)
    box = built.box
    box.kit = built
    return box


__all__ = ["Exercise", "Feedback", "Option", "RubricGroup", "Mistake", "load_exercises", "check_answer",
           "exercise", "exercises_for", "get_exercise", "judge", "parse_number", "format_number",
           "feedback_html", "ExerciseWidget", "exercises_dir", "known_ids", "read_number", "read_options",
           "EDITION_MARKER", "WORDING", "say", "judge_sealed", "option_order", "option_lines", "rubric_points",
           "show_after", "ShowAfter", "digest", "seal", "unseal", "seal_key", "text_key", "open_sealed",
           "number_grid", "canon_number", "canon_options", "SENTENCE_WORDS", "HEADERS"]
