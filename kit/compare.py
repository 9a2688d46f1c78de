"""Word-level comparison of two texts: tokens, aligned changes, counts, and safe renderings.

The texts are split into words and punctuation marks; each token keeps the whitespace that follows
it, so nothing of either text is lost. Only words and marks are aligned (a change of line breaks or
spacing alone is not a change of wording). Alignment uses :class:`difflib.SequenceMatcher`, first
on the whole texts with its fast "popular token" heuristic, then again without it inside each
changed region, so that frequent words such as "the" or "," are not reported as changed.

Every rendering escapes the texts with :func:`kit.display.escape`, so markup in a text shows as
plain text. Changes are marked three ways at once, never by colour alone: a sign and brackets
(``[−old]``, ``[+new]``, ``[old → new]``), strike-through or underline, and a background colour.

>>> d = diff_words("Lawmakers voted 169 to 1.", "Lawmakers voted 169 to 1, with 5 abstentions.")
>>> d.counts
{'replace': 0, 'insert': 1, 'delete': 0}
>>> d.plain()
'Lawmakers voted 169 to 1{+, with 5 abstentions+}.'
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from functools import cache, cached_property
from typing import Any, Literal, NamedTuple

from .display import PALETTE, escape
from .model import record

Tag = Literal["equal", "insert", "delete", "replace"]

# Scripts written without spaces between words: each character is a token of its own (CJK ideographs,
# kana, CJK punctuation and full-width forms). Other scripts are split at spaces and punctuation.
_NO_SPACE = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_NO_SPACE_FIRST = "\u2e80"  # no character below this one is in _NO_SPACE


@cache
def _cjk() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The two patterns of _NO_SPACE, compiled when first needed: their ~30,000-character classes
    take ~10 ms to compile, which every lesson importing this module paid for texts without them."""
    return re.compile(f"[{_NO_SPACE}]"), re.compile(f"[{_NO_SPACE}]|[^{_NO_SPACE}]+")
# a word (letters, digits, inner apostrophes and hyphens) or one mark, then the whitespace after it
_PIECE = re.compile(r"(\w+(?:['’\-]\w+)*|[^\w\s])(\s*)")
_SPACE = re.compile(r"\s*")

# Aligning a region that has no anchor costs about len(a) * len(b); past this the region stays one
# substitution (two unrelated texts of 50,000 words would otherwise take minutes).
_REFINE_LIMIT = 250_000


class Token(NamedTuple):
    """A word or punctuation mark, with the whitespace that follows it in the text."""

    text: str
    space: str = ""

    @property
    def is_word(self) -> bool:
        """True for a word (letters or digits), False for a punctuation mark."""
        return any(ch.isalnum() for ch in self.text)


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def _split(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The whitespace before the first token, the tokens, and the whitespace after each."""
    lead_match = _SPACE.match(text)
    lead = lead_match.group(0) if lead_match else ""
    found: list[tuple[str, str]] = _PIECE.findall(text, len(lead))
    if not text.isascii():
        if max(text) >= _NO_SPACE_FIRST and _cjk()[0].search(text):
            cjk, cjk_split = _cjk()
            split: list[tuple[str, str]] = []
            for tok, space in found:
                if cjk.search(tok):
                    parts = cjk_split.findall(tok)
                    split.extend((p, "") for p in parts[:-1])
                    split.append((parts[-1], space))
                else:
                    split.append((tok, space))
            found = split
        if any(_is_mark(ch) for ch in {tok for tok, _ in found if len(tok) == 1}):
            pieces: list[list[str]] = []  # [token, space]
            for tok, space in found:
                if pieces and not pieces[-1][1] and (
                        _is_mark(tok[0]) or _is_mark(pieces[-1][0][-1]) and tok[0].isalnum()):
                    pieces[-1][0] += tok  # a combining mark, or the rest of a word after one
                    pieces[-1][1] = space
                else:
                    pieces.append([tok, space])
            found = [(t, sp) for t, sp in pieces]
    if not found:
        return lead, (), ()
    texts, spaces = zip(*found, strict=True)
    return lead, texts, spaces


def tokenize(text: str) -> tuple[str, tuple[Token, ...]]:
    """Split a text into words and punctuation marks that keep their following whitespace.

    Words in scripts written with spaces (Latin, Cyrillic, Arabic, Devanagari...) are split at spaces
    and punctuation; combining marks (accents typed as separate characters, Indic vowel signs) stay
    inside their word. Chinese and Japanese characters are one token each. Joining the leading
    whitespace and every token's text and space gives back the text exactly.

    Parameters
    ----------
    text : str
        Any text, in any script.

    Returns
    -------
    tuple
        The whitespace before the first token, and the tokens.

    Raises
    ------
    TypeError
        When ``text`` is not a string.

    Examples
    --------
    >>> lead, toks = tokenize("  “No,” she said.")
    >>> lead, [t.text for t in toks]
    ('  ', ['“', 'No', ',', '”', 'she', 'said', '.'])
    >>> lead + "".join(t.text + t.space for t in toks) == "  “No,” she said."
    True
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text (a string), got {type(text).__name__}")
    lead, texts, spaces = _split(text)
    return lead, tuple(Token(t, sp) for t, sp in zip(texts, spaces, strict=True))


@record
class Change:
    """One aligned block: tokens ``a[a_start:a_end]`` became ``b[b_start:b_end]``."""

    tag: Tag
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a_text: str
    b_text: str


@record
class WordDiff:
    """Two texts aligned word by word.

    Attributes
    ----------
    a, b : str
        The first ("before") and second ("after") texts.
    a_words, b_words : tuple of str
        Their tokens (words and punctuation marks).
    a_spaces, b_spaces : tuple of str
        The whitespace after each token.
    changes : tuple of Change
        Every block in order, equal ones included (like ``SequenceMatcher.get_opcodes``).
    """

    a: str
    b: str
    a_lead: str
    b_lead: str
    a_words: tuple[str, ...]
    a_spaces: tuple[str, ...]
    b_words: tuple[str, ...]
    b_spaces: tuple[str, ...]
    changes: tuple[Change, ...]

    @cached_property
    def a_tokens(self) -> tuple[Token, ...]:
        """The first text's tokens."""
        return tuple(Token(t, sp) for t, sp in zip(self.a_words, self.a_spaces, strict=True))

    @cached_property
    def b_tokens(self) -> tuple[Token, ...]:
        """The second text's tokens."""
        return tuple(Token(t, sp) for t, sp in zip(self.b_words, self.b_spaces, strict=True))

    @property
    def opcodes(self) -> list[tuple[str, int, int, int, int]]:
        """The blocks as ``(tag, i1, i2, j1, j2)`` tuples over the token lists."""
        return [(c.tag, c.a_start, c.a_end, c.b_start, c.b_end) for c in self.changes]

    @property
    def edits(self) -> tuple[Change, ...]:
        """Only the blocks that differ."""
        return tuple(c for c in self.changes if c.tag != "equal")

    @property
    def counts(self) -> dict[str, int]:
        """How many substitutions (replace), insertions and deletions, as blocks of adjacent tokens."""
        out = {"replace": 0, "insert": 0, "delete": 0}
        for c in self.edits:
            out[c.tag] += 1
        return out

    @property
    def identical(self) -> bool:
        """True when the two texts have the same words and marks in the same order."""
        return not self.edits

    @property
    def words_removed(self) -> int:
        """Words of the first text deleted or substituted (punctuation marks not counted)."""
        return sum(_count_words(self.a_words[c.a_start:c.a_end]) for c in self.edits)

    @property
    def words_added(self) -> int:
        """Words of the second text inserted or substituted in (punctuation marks not counted)."""
        return sum(_count_words(self.b_words[c.b_start:c.b_end]) for c in self.edits)

    @property
    def similarity(self) -> float:
        """Share of tokens the two texts have in common, from 0 (nothing) to 1 (identical)."""
        total = len(self.a_words) + len(self.b_words)
        if total == 0:
            return 1.0
        same = sum(c.a_end - c.a_start for c in self.changes if c.tag == "equal")
        return 2 * same / total

    def summary(self) -> str:
        """The counts in one sentence, for a checked notebook output.

        Examples
        --------
        >>> diff_words("a b c", "a x c d").summary()
        '1 substitution, 1 insertion, 0 deletions (1 word removed, 2 words added)'
        """
        c = self.counts
        return (f"{_n(c['replace'], 'substitution')}, {_n(c['insert'], 'insertion')}, {_n(c['delete'], 'deletion')} "
                f"({_n(self.words_removed, 'word')} removed, {_n(self.words_added, 'word')} added)")

    def plain(self) -> str:
        """The comparison as plain text: ``[-deleted-]``, ``{+inserted+}``, ``[~ old => new ~]``."""
        out = [self.b_lead]
        for c in self.changes:
            if c.tag == "equal":
                out.append(c.b_text)
            elif c.tag == "delete":
                lead = _gap(out, self.a_spaces, c.a_start)
                out.append(f"{lead}[-{c.a_text.strip()}-]{'' if lead else _tail(self.a_spaces, c.a_end)}")
            elif c.tag == "insert":
                out.append(f"{{+{c.b_text.strip()}+}}{_tail(self.b_spaces, c.b_end)}")
            else:
                out.append(f"[~ {c.a_text.strip()} => {c.b_text.strip()} ~]{_tail(self.b_spaces, c.b_end)}")
        return "".join(out)


def _count_words(tokens: tuple[str, ...]) -> int:
    return sum(1 for t in tokens if any(ch.isalnum() for ch in t))


def _n(k: int, word: str) -> str:
    return f"{k} {word}" if k == 1 else f"{k} {word}s"


def _join(words: tuple[str, ...], spaces: tuple[str, ...], start: int, end: int) -> str:
    return "".join(map(str.__add__, words[start:end], spaces[start:end]))


def _gap(out: list[str], spaces: tuple[str, ...], start: int) -> str:
    """A space to put before a deletion when the first text had one there and the output has none."""
    ends_in_space = bool(out) and out[-1][-1:].isspace() or not "".join(out[-1:])
    return " " if start > 0 and spaces[start - 1] and not ends_in_space else ""


def _tail(spaces: tuple[str, ...], end: int) -> str:
    """The whitespace after a block (kept outside the change marks)."""
    return spaces[end - 1] if end > 0 else ""


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs increasing in both positions (pairs come sorted by the first)."""
    tails: list[int] = []  # tails[k]: index in pairs of the smallest end of a run of length k + 1
    prev: list[int] = [-1] * len(pairs)
    ends: list[int] = []
    for idx, (_, j) in enumerate(pairs):
        k = bisect_left(ends, j)
        if k > 0:
            prev[idx] = tails[k - 1]
        if k == len(ends):
            ends.append(j)
            tails.append(idx)
        else:
            ends[k] = j
            tails[k] = idx
    out: list[tuple[int, int]] = []
    idx = tails[-1] if tails else -1
    while idx >= 0:
        out.append(pairs[idx])
        idx = prev[idx]
    return out[::-1]


class _Ops:
    """Collects opcodes, merging neighbours of the same kind (and insert/delete pairs into replace)."""

    def __init__(self) -> None:
        self.ops: list[list[Any]] = []

    def add(self, tag: str, i1: int, i2: int, j1: int, j2: int) -> None:
        if i1 == i2 and j1 == j2:
            return
        if self.ops:
            last = self.ops[-1]
            if last[0] == tag or (last[0] != "equal" and tag != "equal"):
                last[0] = tag if last[0] == tag else "replace"
                last[2], last[4] = i2, j2
                return
        self.ops.append([tag, i1, i2, j1, j2])


def _fallback(a: list[str], b: list[str], a0: int, a1: int, b0: int, b1: int, out: _Ops) -> None:
    """A region with no word found once on each side: careful alignment when small, else one block."""
    if (a1 - a0) * (b1 - b0) <= _REFINE_LIMIT:
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False).get_opcodes():
            out.add(tag, i1 + a0, i2 + a0, j1 + b0, j2 + b0)
    else:
        out.add("replace", a0, a1, b0, b1)


def _same_run(a: list[str], b: list[str], i: int, j: int, limit: int, step: int) -> int:
    """How many tokens match from a[i], b[j] onwards (step 1) or backwards (step -1), up to ``limit``.

    Compares growing slices (done in C) instead of one token at a time, then narrows down.
    """
    def same(k: int) -> bool:
        if step == 1:
            return a[i:i + k] == b[j:j + k]
        return a[i - k + 1:i + 1] == b[j - k + 1:j + 1]

    if limit <= 0 or a[i] != b[j]:
        return 0
    good, k = 1, 2
    while k <= limit and same(k):
        good, k = k, k * 2
    bad = min(k, limit + 1)
    while bad - good > 1:  # same(good) holds, same(bad) fails or is past the limit
        mid = (good + bad) // 2
        if same(mid):
            good = mid
        else:
            bad = mid
    return good


def _anchors(a: list[str], b: list[str], a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int, int]]:
    """Runs of n tokens (n = 1, 2, 3, 4: the first that gives any) found exactly once on each side, in
    their longest common order and not overlapping: ``(start in a, start in b, n)``."""
    for n in (1, 2, 3, 4):
        if a1 - a0 < n or b1 - b0 < n:
            break
        grams_a = [tuple(a[k:k + n]) if n > 1 else a[k] for k in range(a0, a1 - n + 1)]
        grams_b = [tuple(b[k:k + n]) if n > 1 else b[k] for k in range(b0, b1 - n + 1)]
        count_a = Counter(grams_a)
        count_b = Counter(grams_b)
        where_b = {g: j for j, g in enumerate(grams_b, b0) if count_b[g] == 1 and count_a.get(g) == 1}
        pairs = [(i, where_b[g]) for i, g in enumerate(grams_a, a0) if g in where_b]
        if not pairs:
            continue
        out: list[tuple[int, int, int]] = []
        end_a = end_b = -1
        for i, j in _lis(pairs):
            if i >= end_a and j >= end_b:
                out.append((i, j, n))
                end_a, end_b = i + n, j + n
        return out
    return []


def _patience(a: list[str], b: list[str], a0: int, a1: int, b0: int, b1: int, out: _Ops, depth: int = 0) -> None:
    """Align a[a0:a1] with b[b0:b1]: common ends, then anchors on tokens found once on each side."""
    start = _same_run(a, b, a0, b0, min(a1 - a0, b1 - b0), 1)
    out.add("equal", a0, a0 + start, b0, b0 + start)
    a0, b0 = a0 + start, b0 + start
    end = _same_run(a, b, a1 - 1, b1 - 1, min(a1 - a0, b1 - b0), -1)
    a1, b1 = a1 - end, b1 - end
    if a0 == a1 or b0 == b1:
        out.add("delete" if a0 < a1 else "insert", a0, a1, b0, b1)
    elif depth > 40:
        _fallback(a, b, a0, a1, b0, b1, out)
    else:
        anchors = _anchors(a, b, a0, a1, b0, b1)
        if not anchors:
            _fallback(a, b, a0, a1, b0, b1, out)
        else:
            i, j = a0, b0
            for ai, bj, n in anchors:
                _patience(a, b, i, ai, j, bj, out, depth + 1)
                out.add("equal", ai, ai + n, bj, bj + n)
                i, j = ai + n, bj + n
            _patience(a, b, i, a1, j, b1, out, depth + 1)
    out.add("equal", a1, a1 + end, b1, b1 + end)


def _align(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (like ``SequenceMatcher.get_opcodes``) over two token lists.

    Patience alignment: tokens found exactly once in each text are anchors (their longest common
    order); between anchors the same again; a region with no anchor is aligned by
    :class:`difflib.SequenceMatcher` when small enough, else reported as one substitution.
    """
    out = _Ops()
    _patience(a, b, 0, len(a), 0, len(b), out)
    return [(str(t), int(i1), int(i2), int(j1), int(j2)) for t, i1, i2, j1, j2 in out.ops]


def diff_words(a: str, b: str) -> WordDiff:
    """Compare two texts word by word.

    Parameters
    ----------
    a, b : str
        The first ("before") and second ("after") text. Any script; markup is treated as text.

    Returns
    -------
    WordDiff
        The aligned blocks with counts and renderings.

    Raises
    ------
    TypeError
        When a text is not a string.

    Examples
    --------
    >>> d = diff_words("a- he declared.", "he said.")
    >>> [(c.tag, c.a_text.strip(), c.b_text.strip()) for c in d.edits]
    [('delete', 'a-', ''), ('replace', 'declared', 'said')]
    """
    for name, value in (("first", a), ("second", b)):
        if not isinstance(value, str):
            raise TypeError(f"the {name} text must be a string, got {type(value).__name__}")
    a_lead, a_words, a_spaces = _split(a)
    b_lead, b_words, b_spaces = (a_lead, a_words, a_spaces) if b == a else _split(b)
    changes = tuple(Change(tag, i1, i2, j1, j2, _join(a_words, a_spaces, i1, i2),  # type: ignore[arg-type]
                           _join(b_words, b_spaces, j1, j2))
                    for tag, i1, i2, j1, j2 in _align(list(a_words), list(b_words)))
    return WordDiff(a, b, a_lead, b_lead, a_words, a_spaces, b_words, b_spaces, changes)


# ---------------------------------------------------------------- HTML

_DEL_STYLE = f"text-decoration:line-through;background:#fde0d0;border-bottom:2px solid {PALETTE['vermillion']}"
_INS_STYLE = f"text-decoration:underline;background:#d6ecfa;border-bottom:2px solid {PALETTE['blue']}"
_SUB_STYLE = f"border:1px dashed {PALETTE['black']};padding:0 2px"
LEGEND_HTML = (
    "<div class='kit-diff-legend' style='font-size:0.9em;margin:4px 0'>"
    f"Key: <del style='{_DEL_STYLE}'>[−deleted]</del> "
    f"<ins style='{_INS_STYLE}'>[+inserted]</ins> "
    f"<span class='kit-sub' style='{_SUB_STYLE}'>[<del style='{_DEL_STYLE}'>old</del> → "
    f"<ins style='{_INS_STYLE}'>new</ins>]</span> (substituted)</div>")


def _html_text(text: str) -> str:
    """Escape a piece of text and keep its line breaks."""
    return escape(text).replace("\n", "<br/>")


def _del(text: str, sign: bool = True) -> str:
    return (f"<del class='kit-del' style='{_DEL_STYLE}'>"
            f"{'[−' if sign else ''}{_html_text(text)}{']' if sign else ''}</del>")


def _ins(text: str, sign: bool = True) -> str:
    return (f"<ins class='kit-ins' style='{_INS_STYLE}'>"
            f"{'[+' if sign else ''}{_html_text(text)}{']' if sign else ''}</ins>")


def inline_html(diff: WordDiff) -> str:
    """The second text with the first text's differences marked inline, escaped.

    Examples
    --------
    >>> html = inline_html(diff_words("x", "<script>alert(1)</script> x"))
    >>> "<script>" in html, "[+&lt;script&gt;alert(1)&lt;/script&gt;]" in html
    (False, True)
    """
    out = [_html_text(diff.b_lead)]
    for c in diff.changes:
        if c.tag == "equal":
            out.append(_html_text(c.b_text))
        elif c.tag == "delete":
            lead = _gap(out, diff.a_spaces, c.a_start)
            out.append(lead + _del(c.a_text.rstrip()) + ("" if lead else _html_text(_tail(diff.a_spaces, c.a_end))))
        elif c.tag == "insert":
            out.append(_ins(c.b_text.rstrip()) + _html_text(_tail(diff.b_spaces, c.b_end)))
        else:
            out.append(f"<span class='kit-sub' style='{_SUB_STYLE}' title='substituted'>["
                       f"{_del(c.a_text.rstrip(), False)} → {_ins(c.b_text.rstrip(), False)}]</span>"
                       + _html_text(_tail(diff.b_spaces, c.b_end)))
    return f"<div class='kit-diff-inline' style='line-height:1.6'>{''.join(out)}</div>"


def _rows(diff: WordDiff) -> list[tuple[str, str]]:
    """Left and right HTML, cut into rows where both texts start a new paragraph in an unchanged part."""
    rows: list[tuple[str, str]] = []
    left: list[str] = [_html_text(diff.a_lead)]
    right: list[str] = [_html_text(diff.b_lead)]
    for c in diff.changes:
        if c.tag == "equal":
            for k in range(c.a_end - c.a_start):
                ia, ib = c.a_start + k, c.b_start + k
                left.append(escape(diff.a_words[ia]))
                right.append(escape(diff.b_words[ib]))
                if "\n" in diff.a_spaces[ia] and "\n" in diff.b_spaces[ib]:
                    rows.append(("".join(left), "".join(right)))
                    left, right = [], []
                else:
                    left.append(_html_text(diff.a_spaces[ia]))
                    right.append(_html_text(diff.b_spaces[ib]))
            continue
        if c.tag in ("delete", "replace"):
            mark = "[~" if c.tag == "replace" else "[−"
            left.append(f"<del class='kit-del' style='{_DEL_STYLE}'>{mark}{_html_text(c.a_text.rstrip())}]</del>"
                        + _html_text(_tail(diff.a_spaces, c.a_end)))
        if c.tag in ("insert", "replace"):
            mark = "[~" if c.tag == "replace" else "[+"
            right.append(f"<ins class='kit-ins' style='{_INS_STYLE}'>{mark}{_html_text(c.b_text.rstrip())}]</ins>"
                         + _html_text(_tail(diff.b_spaces, c.b_end)))
    if "".join(left).strip() or "".join(right).strip() or not rows:
        rows.append(("".join(left), "".join(right)))
    return rows


def columns_html(diff: WordDiff, left_title: str = "First text", right_title: str = "Second text") -> str:
    """The two texts side by side, paragraph against paragraph, changes marked and escaped.

    In the left column deletions are ``[−...]`` and substituted words ``[~...]`` (struck through);
    in the right column insertions are ``[+...]`` and substituting words ``[~...]`` (underlined).

    Examples
    --------
    >>> html = columns_html(diff_words("one\\n\\ntwo", "one\\n\\nthree"), "<A>", "B")
    >>> html.count("<tr>"), "&lt;A&gt;" in html
    (3, True)
    """
    head = (f"<tr><th style='text-align:left;width:50%'>{escape(left_title)}</th>"
            f"<th style='text-align:left;width:50%'>{escape(right_title)}</th></tr>")
    body = "".join(f"<tr><td style='vertical-align:top;padding:4px 8px;border-top:1px solid #ddd'>{lt}</td>"
                   f"<td style='vertical-align:top;padding:4px 8px;border-top:1px solid #ddd'>{rt}</td></tr>"
                   for lt, rt in _rows(diff))
    return (f"<table class='kit-diff-columns' style='border-collapse:collapse;width:100%;line-height:1.5'>"
            f"{head}{body}</table>")


__all__ = ["Change", "LEGEND_HTML", "Token", "WordDiff", "columns_html", "diff_words", "inline_html", "tokenize"]
