"""``python -m kit new REPORT.txt``: turn a plain-text news report into a draft article folder.

The draft is a starting point for a person, not a result: every value the tool guesses (a
paragraph's role, a quote's speaker, what a number counts, an actor) is listed in the article's
``review:`` section with the reason for the guess, and the guessed annotations carry a note that
says so. The text file is copied byte for byte and the paragraphs rebuild it exactly.

Nothing is written unless the whole draft is ready; an existing folder is never overwritten.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import InputFileError, read_bytes, umask_mode

MAX_BYTES = 1_000_000  # a long news report is about 30 KB; a larger file is almost surely not one report
GUESSED = "Guessed by kit new"
UNKNOWN_SPEAKER = "unknown-speaker"


class ScaffoldError(ValueError):
    """Input that ``kit new`` cannot turn into a draft, with a message that says what to do."""


# ------------------------------------------------------------------ reading the input

_MARKUP = re.compile(r"<\s*/?\s*(script|style|html|body|head|div|p|span|a|br|img|iframe|table|b|i|em|strong|ul|li|h[1-6])\b[^>]*>",
                     re.IGNORECASE)


def read_report(path: str | Path, *, keep_markup: bool = False, max_bytes: int = MAX_BYTES) -> str:
    """Read a report file as UTF-8 text, refusing what is not a plain-text report.

    Raises
    ------
    ScaffoldError
        When the file is missing, empty, binary, not UTF-8, larger than ``max_bytes`` or (unless
        ``keep_markup``) full of HTML markup; the message names the fix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.txt"
    >>> _ = p.write_bytes(b"")
    >>> try:
    ...     read_report(p)
    ... except ScaffoldError as e:
    ...     print(str(e).split(":")[-1].strip()[:24])
    the file is empty; expec
    """
    p = Path(path)
    if not os.path.lexists(p):  # a broken link exists, and read_bytes says what is wrong with it
        raise ScaffoldError(f"{p}: not found; give the path of a plain-text (.txt) file with the report")
    if p.is_dir():
        raise ScaffoldError(f"{p}: is a folder; give the path of a plain-text (.txt) file with the report")
    try:
        try:
            size = p.stat().st_size
        except OSError:
            size = 0  # a link loop or a dangling link: read_bytes names it
        if size > max_bytes:
            raise ScaffoldError(f"{p}: {size / 1_000_000:.1f} MB is too large for one news report (the kit accepts up to "
                                f"{max_bytes / 1_000_000:.1f} MB); split it, or keep only the report's own text")
        data = read_bytes(p, max_bytes)  # regular files only (a FIFO or /dev/zero is refused), cap checked while reading
    except InputFileError as exc:
        raise ScaffoldError(f"{p}: {exc}; give the path of a plain-text (.txt) file with the report") from None
    except OSError as exc:
        raise ScaffoldError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    return decode_report(data, str(p), keep_markup=keep_markup)


def decode_report(data: bytes, label: str = "the text", *, keep_markup: bool = False) -> str:
    """Check and decode the bytes of a report (see :func:`read_report`)."""
    if not data.strip():
        raise ScaffoldError(f"{label}: the file is empty; expected the text of a news report")
    if b"\x00" in data[:65536]:
        raise ScaffoldError(f"{label}: this is a binary file (a PDF, a Word document or an image?), not plain text; "
                            "open it, copy the report's text into a .txt file saved as UTF-8, and try again")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{label}: is not UTF-8 text (byte {exc.start}); save it as UTF-8 (in most editors: "
                            "Save As, Encoding: UTF-8) and try again") from None
    bad = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f"]
    if bad:
        raise ScaffoldError(f"{label}: has {len(bad)} control character(s) such as {bad[0]!r}; it does not look like "
                            "plain text; copy the report's text into a new .txt file")
    if text.startswith("\ufeff"):
        raise ScaffoldError(f"{label}: starts with a byte-order mark; save it as UTF-8 without BOM")
    tags = _MARKUP.findall(text)
    if tags and not keep_markup:
        raise ScaffoldError(f"{label}: contains HTML markup ({len(tags)} tag(s) such as <{tags[0]}>); save the page's "
                            "text without markup (copy it from the browser into a .txt file), or pass --keep-markup "
                            "to keep the tags as literal text")
    return text


# ------------------------------------------------------------------ paragraphs

_BLANK_SEP = re.compile(r"[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*")
_LINE_SEP = re.compile(r"[ \t]*\r?\n[ \t]*")


def split_paragraphs(text: str) -> list[tuple[str, str]]:
    """Split a text into (paragraph, separator) pairs whose concatenation is the text.

    Blank lines separate paragraphs; a text with no blank line is split at line breaks.

    Examples
    --------
    >>> split_paragraphs("One.\\n\\nTwo.\\n")
    [('One.', '\\n\\n'), ('Two.', '\\n')]
    """
    sep = _BLANK_SEP if _BLANK_SEP.search(text.strip()) else _LINE_SEP
    out: list[tuple[str, str]] = []
    pos = 0
    for m in sep.finditer(text):
        if m.start() == 0:  # leading white space stays with the first paragraph
            continue
        out.append((text[pos:m.start()], m.group()))
        pos = m.end()
    out.append((text[pos:], ""))
    # trailing white space after the last paragraph becomes its separator
    last, _ = out[-1]
    stripped = last.rstrip()
    if stripped != last:
        out[-1] = (stripped, last[len(stripped):])
    if not out[-1][0] and len(out) > 1:  # the text ended with a separator
        t, s = out[-2]
        out[-2:] = [(t, s + out[-1][1])]
    return out


_CAPTION = [
    (re.compile(r"\b(Credit|Photo|Photograph|Image|Picture)s?\s*:\s*\S", re.I), "a photo credit ('Credit:', 'Photo:')"),
    (re.compile(r"\((AP|AFP|Reuters|Getty|EPA)[^)]*\)\s*$"), "an agency photo credit in brackets at the end"),
    (re.compile(r"\((?:L|R|C|left|right|centre|center|\d+(?:st|nd|rd|th) from [LR])\)"), "a position in a photo such as '(L)'"),
]
_CREDIT = re.compile(r"^\s*(?:Translated by|Written (?:in \w+ )?by|Reported by|Reporting by|Edited by|Editing by|"
                     r"Additional reporting|Copyright|©|\(c\)|By [A-Z])", re.I)
_QUOTE_START = re.compile(r"^\s*[\"“«„]")


def guess_role(text: str, index: int, first_body: bool) -> tuple[str, str]:
    """A paragraph's likely role and the reason for the guess."""
    words = len(text.split())
    if _CREDIT.search(text) and words <= 60:
        return "credit", "starts like a credit line ('Translated by', 'Written by', 'By ...')"
    for rx, why in _CAPTION:
        if rx.search(text):
            return "caption", f"contains {why}"
    if index == 0 and words <= 20 and not text.rstrip().endswith((".", "”", '"', "»")):
        return "headline", "is a short first line with no full stop"
    if _QUOTE_START.search(text):
        return "quote", "opens with a quotation mark"
    if first_body:
        return "lede", "is the first paragraph of the body"
    return "body", "is a paragraph of the body (whether it is background or reaction is for a person to decide)"


# ------------------------------------------------------------------ quotes and speakers

_PAIRS = [("“", "”"), ("«", "»"), ("„", "“"), ("„", "”")]
SPEECH_VERBS = ("said", "says", "declared", "told", "added", "stated", "explained", "argued", "warned", "insisted",
                "asked", "replied", "wrote", "tweeted", "noted", "continued", "claimed", "announced", "called",
                "urged", "denied", "stressed", "recalled", "concluded", "admitted", "acknowledged", "answered")
_VERB = "(?:" + "|".join(SPEECH_VERBS) + ")"
_NAMEWORD = r"(?:[A-Z][\w’'.-]*|de|la|le|van|von|der|du|al|bin|of|in|for|the|and|on)"
_NAME = rf"(?:[Tt]he\s+)?[A-Z][\w’'.-]*(?:\s+{_NAMEWORD})*"
_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "body", "we": "any"}
_BODY_WORDS = ("embassy", "government", "ministry", "party", "council", "committee", "congress", "institute", "assembly",
               "parliament", "union", "association", "agency", "office", "court", "campaign", "group", "commission",
               "senate", "house", "company", "school", "club", "federation", "department", "police", "army", "board",
               "organization", "organisation", "foundation", "center", "centre", "university", "bank", "service")
_ROLE_WORDS = ("president", "director", "spokesperson", "spokesman", "spokeswoman", "minister", "deputy", "mayor",
               "leader", "chair", "chairman", "chairwoman", "head", "member", "secretary", "executive", "founder",
               "professor", "researcher", "lawmaker", "councillor", "councilor", "senator", "official", "resident",
               "teacher", "witness", "activist", "candidate", "manager", "owner", "chief", "governor", "ambassador")


@dataclass
class FoundQuote:
    """A quote found in the text, with its likely speaker."""

    paragraph: int
    anchor: str
    mode: str
    verb: str | None
    speaker: str | None  # a name as written, or None
    why: str


def _direct_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    taken = [False] * len(text)
    for o, c in _PAIRS:
        start = 0
        while True:
            i = text.find(o, start)
            if i < 0:
                break
            j = text.find(c, i + 1)
            if j < 0:
                break
            if not any(taken[i:j + 1]):
                spans.append((i, j + 1))
                for k in range(i, j + 1):
                    taken[k] = True
            start = j + 1
    # straight double quotes, paired in order
    idx = [i for i, ch in enumerate(text) if ch == '"' and not taken[i]]
    for a, b in zip(idx[0::2], idx[1::2]):
        if not any(taken[a:b + 1]):
            spans.append((a, b + 1))
    return sorted(spans)


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end]: from the last sentence end before it to the next after it."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start), text.rfind("! ", 0, start))
    left = 0 if left < 0 else left + 2
    m = re.search(r"[.?!](?:\s|$)", text[end:])
    right = len(text) if m is None else end + m.end()
    return left, right


def _clean_name(name: str) -> str:
    name = re.sub(r"^[Tt]he\s+", "the ", name.strip())
    name = re.sub(r"\s+(?:of|in|for|the|and|on|de|la|le|du)$", "", name)
    name = re.sub(rf"^(?:{'|'.join(w.capitalize() for w in _ROLE_WORDS)})\s+(?=[A-Z])", "", name.strip())
    return name.strip(" ,.")


def _attribution_after(rest: str) -> tuple[str | None, str | None]:
    """Speaker and verb in the words right after a closing quotation mark."""
    rest = rest[:160]
    m = re.match(rf"^[\s,.;:–—-]*(?:a-\s*)?(?P<pron>he|she|they|it|we)\s+(?P<verb>{_VERB})\b", rest)
    if m:
        return m.group("pron"), m.group("verb")
    m = re.match(rf"^[\s,.;:–—-]*(?P<verb>{_VERB})\s+(?P<name>{_NAME})", rest)
    if m:
        return _clean_name(m.group("name")), m.group("verb")
    m = re.match(rf"^[\s,.;:–—-]*(?P<name>(?:[Tt]he\s+)?[A-Za-z][\w’'.-]*(?:\s+{_NAMEWORD}){{0,6}}?)\s+(?P<verb>{_VERB})\b", rest)
    if m:
        return _clean_name(m.group("name")), m.group("verb")
    return None, None


def _attribution_before(before: str) -> tuple[str | None, str | None]:
    """Speaker and verb in the words of the same sentence before an opening quotation mark."""
    m = re.search(rf"(?P<name>{_NAME})(?:,[^,“”\"]{{0,120}},)?\s+(?P<verb>{_VERB})\b[^“”\"]{{0,120}}$", before)
    if m:
        return _clean_name(m.group("name")), m.group("verb")
    m = re.search(rf"\b(?P<pron>[Hh]e|[Ss]he|[Tt]hey|[Ii]t)\s+(?P<verb>{_VERB})\b[^“”\"]{{0,40}}$", before)
    if m:
        return m.group("pron").lower(), m.group("verb")
    m = re.search(rf"[Aa]ccording to\s+(?P<name>{_NAME})\W*$", before)
    if m:
        return _clean_name(m.group("name")), "according to"
    return None, None


_INDIRECT = [
    re.compile(rf"(?P<name>{_NAME})(?:,[^,]{{0,160}}){{0,3}},?\s+(?P<verb>said|says|told|denied|stated|added|argued|warned|claimed)\b"),
    re.compile(rf",\s+(?P<name>{_NAME})\s+(?P<verb>said|says|added|told)\s*\.\s*$"),
    re.compile(rf"(?P<name>{_NAME})\s+(?:has\s+|have\s+)?(?:also\s+)?(?P<verb>expressed concern|expressed)\b"),
    re.compile(rf"[Aa]ccording to\s+(?P<name>{_NAME})"),
    re.compile(r"^\s*(?P<name>(?:[Tt]he\s+)?[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:has\s+|have\s+)?(?P<verb>said|says|told|denied|claimed|warned)\b"),
]


def find_quotes(paragraphs: list[str], roles: list[str]) -> list[FoundQuote]:
    """Direct quotes (straight and typographic marks, guillemets) and likely reported speech, in text order."""
    found: list[FoundQuote] = []
    for pi, text in enumerate(paragraphs):
        if roles[pi] in ("caption", "credit", "headline"):
            continue
        spans = _direct_spans(text)
        quoted = [False] * len(text)
        last_speaker: tuple[str | None, str | None] = (None, None)
        for s, e in spans:
            inner = text[s + 1:e - 1]
            if _words(inner) < 4:  # a scare quote or a title, not speech
                continue
            for k in range(s, e):
                quoted[k] = True
            ls, _ = _sentence_bounds(text, s, e)
            speaker, verb = _attribution_after(text[e:])
            why = "named right after the quote with a speech verb" if speaker else ""
            if speaker is None:
                speaker, verb = _attribution_before(text[ls:s])
                why = "named before the quote in the same sentence" if speaker else ""
            if speaker is None and last_speaker[0] is not None:
                speaker, verb = last_speaker[0], None
                why = "follows another quote of the same paragraph with no attribution of its own"
            if speaker is not None:
                last_speaker = (speaker, verb)
            found.append(FoundQuote(pi, text[s:e], "direct", verb, speaker,
                                    why or "no speech verb or name found next to the quote"))
        # reported speech: sentences outside quotation marks with an attribution
        for m in re.finditer(r"[^.?!]+(?:[.?!]+|$)", text):
            ss, se = m.start(), m.end()
            sentence = m.group()
            if any(quoted[ss:se]) or _words(sentence) < 6:
                continue
            for rx in _INDIRECT:
                im = rx.search(sentence)
                if not im:
                    continue
                name = _clean_name(im.group("name"))
                verb = im.groupdict().get("verb") or "according to"
                anchor = sentence.strip()
                found.append(FoundQuote(pi, anchor, "indirect", verb, name,
                                        f"reported speech: '{verb}' with a name or subject ({name})"))
                break
    return found


# ------------------------------------------------------------------ numbers and dates

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_M = "(?:" + "|".join(MONTHS) + r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
                "dozen": 12, "dozens": 24}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_APPROX = re.compile(r"\b(?:around|about|nearly|almost|some|roughly|approximately|an estimated|more than|over|up to|"
                     r"at least|fewer than|less than|close to|estimated)\s*$", re.I)
_STOP = {"the", "a", "an", "of", "in", "to", "and", "or", "for", "on", "at", "by", "with", "from", "who", "that", "which"}


@dataclass
class FoundNumber:
    """A figure or date found in the text."""

    paragraph: int
    anchor: str
    value: float
    unit: str
    counts: str
    approximate: bool
    why: str


def _to_number(s: str) -> float:
    return float(s.replace(",", "").replace("\u202f", "").replace("\u00a0", ""))


def _next_words(text: str, end: int, n: int = 3) -> list[str]:
    return re.findall(r"[A-Za-z][\w’'-]*", text[end:end + 60])[:n]


def find_numbers(paragraphs: list[str]) -> list[FoundNumber]:
    """Dates, years, figures with their scale (12 million) and small numbers in words (two weeks)."""
    out: list[FoundNumber] = []
    for pi, text in enumerate(paragraphs):
        taken = [False] * len(text)

        def add(s: int, e: int, value: float, unit: str, counts: str, why: str) -> None:
            if any(taken[s:e]):
                return
            for k in range(s, e):
                taken[k] = True
            approx = bool(_APPROX.search(text[max(0, s - 20):s]))
            out.append(FoundNumber(pi, text[s:e], value, unit, counts, approx, why))

        patterns: list[tuple[re.Pattern[str], str]] = [
            (re.compile(rf"\b{_M}\s+(\d{{1,2}}),\s*((?:19|20)\d\d)\b"), "mdy"),
            (re.compile(rf"\b(\d{{1,2}})\s+{_M}\s+((?:19|20)\d\d)\b"), "dmy"),
            (re.compile(rf"\b{_M}\s+((?:19|20)\d\d)\b"), "my"),
            (re.compile(rf"\b{_M}\s+(\d{{1,2}})\b(?!\s*,?\s*\d)"), "md"),
            (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "iso"),
        ]
        for rx, kind in patterns:
            for m in rx.finditer(text):
                if kind in ("mdy", "dmy", "my", "iso"):
                    year = m.group(2) if kind in ("mdy", "dmy") else m.group(1)
                    add(m.start(), m.end(), float(year), "year", f"A date ({m.group()}); say what happened then.",
                        "a date: month and year")
                else:
                    add(m.start(), m.end(), float(m.group(1)), f"day of {m.group().split()[0]}",
                        f"A date ({m.group()}), year not stated; say what happened then.", "a date without a year")
        for m in re.finditer(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|per ?cent|percent)|\s+(thousand|million|billion|trillion))?(?:(st|nd|rd|th)\b)?",
                             text):
            s, e = m.start(), m.end()
            raw, pct, scale, ordinal = m.group(1), m.group(2), m.group(3), m.group(4)
            value = _to_number(raw)
            if re.fullmatch(r"(?:19|20)\d\d", raw) and not (pct or scale):
                add(s, e, value, "year", f"The year {raw}; say what it dates.", "a four-digit number that looks like a year")
                continue
            if scale:
                value *= SCALES[scale]
            nxt = _next_words(text, e)
            noun = next((w for w in nxt if w.lower() not in _STOP and not w.lower().endswith("ly")), "")
            vote = re.search(r"\bvot\w*", text[max(0, s - 60):e + 40], re.I)
            if vote and (re.match(r"\s*(?:to|-|–)\s*\d", text[e:e + 6]) or re.search(r"\d\s*(?:to|-|–)\s*$", text[max(0, s - 6):s])):
                noun = "votes"
            if pct:
                unit, why = "%", "a percentage"
            elif ordinal:
                unit, why = "position", "an ordinal number"
            else:
                unit, why = (noun.lower() or "units"), "a figure and the word after it"
            counts = f"The {noun} the figure counts (guessed from the words after it)." if noun else "What the figure counts."
            add(s, e, value, unit, counts, why)
        for m in re.finditer(r"\b((?i:" + "|".join(WORD_NUMBERS) + r"))\s+(?:[A-Z][a-z]+\s+)?([A-Za-z][\w-]*)", text):
            word, noun = m.group(1), m.group(2)
            if noun.lower() in _STOP or word[0].isupper() and m.start() == 0 and noun.lower() in ("of",):
                continue
            add(m.start(), m.end(), float(WORD_NUMBERS[word.lower()]), noun.lower(),
                f"The {noun} the figure counts (guessed from the words after it).", "a small number written in words")
    out.sort(key=lambda n: (n.paragraph, paragraphs[n.paragraph].find(n.anchor)))
    return out


# ------------------------------------------------------------------ actors

def slug(text: str, fallback: str = "x") -> str:
    """A kit id from any text.

    Examples
    --------
    >>> slug("Chinese Embassy in France")
    'chinese-embassy-in-france'
    >>> slug("Élodie Durand")
    'elodie-durand'
    """
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return t[:60].strip("-") or fallback


def _kind_of(name: str) -> str:
    low = name.lower()
    if any(re.search(rf"\b{w}\b", low) for w in _BODY_WORDS):
        if "government" in low or "embassy" in low or "ministry" in low:
            return "government"
        if "party" in low:
            return "party"
        if any(w in low for w in ("parliament", "assembly", "senate", "house", "council")):
            return "legislature"
        return "organisation"
    last = name.split()[-1]
    if low.startswith("the ") or (last.endswith("s") and (last.islower() or " " not in name)):
        return "group"
    return "person"


_GROUP_OF_KIND = {"government": "government", "legislature": "legislator", "party": "legislator", "outlet": "outlet"}
_NAMED = re.compile(rf"\b(?:{'|'.join(w.capitalize() for w in _ROLE_WORDS)}|{'|'.join(_ROLE_WORDS)})\s+(?P<a>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{1,2}})"
                    rf"|(?P<b>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{1,2}}),\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?(?:{'|'.join(_ROLE_WORDS)})\b")


def find_names(paragraphs: list[str]) -> list[tuple[int, str]]:
    """People named with a role: 'Mayor Ana Lopes', 'Ana Lopes, president of ...'."""
    out: list[tuple[int, str]] = []
    for pi, text in enumerate(paragraphs):
        for m in _NAMED.finditer(text):
            name = re.split(r"[’']s\b", m.group("a") or m.group("b"))[0]
            if " " not in name:
                continue
            if name.split()[0] in MONTHS or name.split()[0] in ("The", "A", "An", "In", "On", "But", "And"):
                continue
            out.append((pi, name))
    return out


# ------------------------------------------------------------------ the draft

@dataclass
class Draft:
    """The draft article as data, before it is written."""

    article: dict[str, Any]
    text: str
    quotes: list[FoundQuote] = field(default_factory=list)
    numbers: list[FoundNumber] = field(default_factory=list)


@dataclass
class Options:
    """What the teacher tells ``kit new`` about the report."""

    id: str | None = None
    headline: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    language: str = "en"
    nature: str = "real"
    nature_note: str | None = None
    source_name: str = "the text"


def _check_options(o: Options) -> None:
    if o.id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", o.id):
        raise ScaffoldError(f"--id {o.id!r}: use lower-case letters, digits, '-' and '_' (for example {slug(o.id)!r})")
    if o.url is not None and not re.match(r"^https?://", o.url):
        raise ScaffoldError(f"--url {o.url!r}: expected an address starting with http:// or https://")
    if o.date is not None:
        if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", o.date):
            raise ScaffoldError(f"--date {o.date!r}: expected YYYY-MM-DD (or YYYY-MM, or YYYY), e.g. 2024-05-17")
        try:
            parts = [int(x) for x in o.date.split("-")]
            _dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
        except ValueError:
            raise ScaffoldError(f"--date {o.date!r}: no such date") from None
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", o.language):
        raise ScaffoldError(f"--language {o.language!r}: expected a language code such as en, fr or pt-BR")
    if o.nature not in ("real", "fictional", "constructed"):
        raise ScaffoldError(f"--nature {o.nature!r}: expected real, fictional or constructed")
    for name in ("headline", "outlet"):
        v = getattr(o, name)
        if v is not None and not v.strip():
            raise ScaffoldError(f"--{name}: is empty; give the {name} or leave the option out")


NATURE_NOTES = {
    "real": "A published report added by a teacher with kit new; its annotations are a draft until a person has reviewed them.",
    "fictional": "A FICTIONAL report written for teaching: the event, the people and the quotes are invented.",
    "constructed": "A real event retold for teaching by the person who added it; not a published report.",
}


def build_draft(text: str, options: Options | None = None) -> Draft:
    """The draft article for a report's text (nothing is written).

    Examples
    --------
    >>> d = build_draft('Mayor Ana Lopes opened the bridge on Monday.\\n\\n"It is a great day for the town," she said.')
    >>> [p["role"] for p in d.article["paragraphs"]]
    ['lede', 'quote']
    >>> d.article["quotes"][0]["speaker"]
    'ana-lopes'
    """
    o = options or Options()
    _check_options(o)
    if not text.strip():
        raise ScaffoldError(f"{o.source_name}: the text is empty; expected the text of a news report")
    review: list[dict[str, str]] = []

    def guessed(target: str, reason: str) -> None:
        review.append({"target": target, "reason": reason})

    pairs = split_paragraphs(text)
    paras = [t for t, _ in pairs]
    roles: list[str] = []
    paragraphs: list[dict[str, Any]] = []
    first_body = True
    for i, (t, sep) in enumerate(pairs):
        role, why = guess_role(t, i, first_body)
        if role in ("lede", "body", "quote") and first_body and role != "quote":
            first_body = False
        if role == "lede":
            first_body = False
        roles.append(role)
        paragraphs.append({"id": f"p{i + 1}", "role": role, "text": t, "separator": sep})
        guessed(f"paragraphs[{i}].role", f"{GUESSED}: {role}, because it {why}.")

    headline = o.headline
    if headline is None:
        if roles and roles[0] == "headline":
            headline = paras[0].strip()
            guessed("metadata.headline", f"{GUESSED}: the first line of the text.")
        else:
            first = " ".join(paras[0].split()[:12]) if paras else "Untitled report"
            headline = first + ("..." if len(paras[0].split()) > 12 else "")
            guessed("metadata.headline", f"{GUESSED}: no --headline was given, so the first words stand in for it; give the real headline.")
    outlet = o.outlet or "Unknown outlet"
    if o.outlet is None:
        guessed("metadata.outlet", f"{GUESSED}: no --outlet was given; name the outlet that published the report.")
    outlet_id = slug(outlet, "outlet")

    # actors: the outlet first, then speakers and people named with a role
    actors: list[dict[str, Any]] = [{
        "id": outlet_id, "name": outlet, "kind": "outlet",
        "description": "The outlet that published the report; its own voice is the text outside quotes." if o.nature == "real"
        else "The outlet named for this text; its own voice is the text outside quotes.",
        "group": "outlet", "in_article": True}]
    by_key: dict[str, str] = {outlet.casefold(): outlet_id}

    def actor_for(name: str, pi: int, why: str) -> str:
        key = name.casefold().removeprefix("the ")
        for k, aid in by_key.items():
            k2 = k.removeprefix("the ")
            if key == k2 or (len(key) > 3 and (f" {key}" in f" {k2}" or (" " in k2 and f" {k2}" in f" {key}") or key.split()[-1] == k2.split()[-1] and _kind_of(name) != "person")):
                return aid
            if _kind_of(name) == "person" and " " not in key and key in k2.split():  # a surname or first name alone
                return aid
        if _kind_of(name) != "person":
            name = re.sub(r"^[Tt]he\s+", "", name)
        aid = slug(name, "actor")
        while any(a["id"] == aid for a in actors):
            aid += "-2"
        kind = _kind_of(name)
        actors.append({"id": aid, "name": name[0].upper() + name[1:], "kind": kind,
                       "description": f"Named in paragraph {pi + 1}; role and affiliation to be filled in.",
                       "group": _GROUP_OF_KIND.get(kind, "other"), "in_article": True})
        guessed(f"actors[{len(actors) - 1}]", f"{GUESSED}: {why}; check the name, kind, group and description.")
        by_key[name.casefold()] = aid
        return aid

    for pi, name in find_names(paras):
        actor_for(name, pi, f"'{name}' is named with a role in paragraph {pi + 1}")

    found_quotes = find_quotes(paras, roles)
    quotes: list[dict[str, Any]] = []
    recent_person: str | None = None
    recent_body: str | None = None
    for q in found_quotes:
        reason = q.why
        speaker_id: str | None = None
        if q.speaker is not None and q.speaker.lower() in _PRONOUNS:
            want = _PRONOUNS[q.speaker.lower()]
            speaker_id = recent_person if want == "person" else (recent_body if want == "body" else recent_person or recent_body)
            if want == "person":  # the person named last before the quote, if later than the last speaker
                qpos = (q.paragraph, paras[q.paragraph].find(q.anchor))
                best: tuple[tuple[int, int], str] | None = None
                for a in actors[1:]:
                    if a["kind"] != "person" or a["id"] == UNKNOWN_SPEAKER:
                        continue
                    for pi in range(q.paragraph, -1, -1):
                        end = qpos[1] if pi == q.paragraph else len(paras[pi])
                        at = paras[pi].rfind(a["name"], 0, max(end, 0))
                        if at >= 0:
                            if best is None or (pi, at) > best[0]:
                                best = ((pi, at), a["id"])
                            break
                if best is not None:
                    speaker_id = best[1]
            reason = (f"'{q.speaker} {q.verb or ''}'".replace(" '", "'") + " points back to the last "
                      f"{'person' if want == 'person' else 'speaker'} named before it") if speaker_id else \
                f"'{q.speaker}' points back to a speaker the tool could not find"
        elif q.speaker is not None and q.speaker.lower().startswith("the ") and q.speaker[4:5].islower():
            # 'the embassy', 'the council': a body named earlier
            speaker_id = next((a["id"] for a in actors[1:] if q.speaker[4:].lower() in a["name"].lower()), None)
            if speaker_id is None:
                speaker_id = actor_for(q.speaker, q.paragraph, f"'{q.speaker}' is credited with a quote")
            reason = f"'{q.speaker}' with '{q.verb}'"
        elif q.speaker is not None:
            speaker_id = actor_for(q.speaker, q.paragraph, f"'{q.speaker}' is credited with a quote in paragraph {q.paragraph + 1}")
            reason = f"{q.why}: '{q.speaker}'"
        if speaker_id is None:
            if not any(a["id"] == UNKNOWN_SPEAKER for a in actors):
                actors.append({"id": UNKNOWN_SPEAKER, "name": "Speaker not yet identified", "kind": "person",
                               "description": "A placeholder made by kit new for quotes whose speaker it could not find; replace it in review.",
                               "group": "other", "in_article": False})
            speaker_id = UNKNOWN_SPEAKER
        kind = next((a["kind"] for a in actors if a["id"] == speaker_id), "person")
        if speaker_id != UNKNOWN_SPEAKER:
            if kind == "person":
                recent_person = speaker_id
            else:
                recent_body = speaker_id
        i = len(quotes)
        qid = f"q{i + 1}-{slug(' '.join(re.findall(r'[A-Za-z]+', q.anchor)[:3]), 'quote')}"
        quotes.append({"id": qid, "paragraph": f"p{q.paragraph + 1}", "anchor": q.anchor, "speaker": speaker_id,
                       "mode": q.mode,
                       "speech_verb": q.verb if q.verb else {"absent": "not_found", "reason": "No speech verb next to the quote."},
                       "language_spoken": {"absent": "not_found", "reason": "Not known yet; fill in during review."},
                       "translated": "unknown",
                       "note": f"{GUESSED}: {reason}. To review."})
        guessed(f"quotes[{i}].speaker", f"{GUESSED}: {reason}.")
        guessed(f"quotes[{i}].mode", f"{GUESSED}: {'quotation marks around at least four words' if q.mode == 'direct' else 'reported speech with a speech verb'}.")

    found_numbers = find_numbers(paras)
    numbers: list[dict[str, Any]] = []
    for n in found_numbers:
        i = len(numbers)
        value: float | int = int(n.value) if n.value == int(n.value) else n.value
        numbers.append({"id": f"n{i + 1}-{slug(n.anchor, 'number')[:30]}", "paragraph": f"p{n.paragraph + 1}",
                        "anchor": n.anchor, "value": value, "unit": n.unit, "counts": n.counts,
                        "approximate": n.approximate, "context": f"{GUESSED}: {n.why}. To review."})
        guessed(f"numbers[{i}].counts", f"{GUESSED}: {n.why}; say what the figure counts and in which unit.")

    # claims: sentences with a figure, in the outlet's voice unless inside a quote
    claims: list[dict[str, Any]] = []
    seen_sentences: set[tuple[int, str]] = set()
    for n in found_numbers:
        ptext = paras[n.paragraph]
        s = ptext.find(n.anchor)
        ls, rs = _sentence_bounds(ptext, s, s + len(n.anchor))
        sentence = ptext[ls:rs].strip()
        if not sentence or (n.paragraph, sentence) in seen_sentences or roles[n.paragraph] in ("caption", "credit", "headline"):
            continue
        seen_sentences.add((n.paragraph, sentence))
        inside = next((q for q in quotes if q["paragraph"] == f"p{n.paragraph + 1}" and q["mode"] == "direct"
                       and n.anchor in q["anchor"]), None)
        voice = inside["speaker"] if inside else outlet_id
        i = len(claims)
        claims.append({"id": f"c{i + 1}-{slug(' '.join(re.findall(r'[A-Za-z]+', sentence)[:3]), 'claim')}",
                       "paragraph": f"p{n.paragraph + 1}", "anchor": sentence, "voice": voice,
                       "kind": "estimate" if n.approximate else "fact", "checkable": True, "assessment": "unverified",
                       "facts": [], "note": f"{GUESSED}: a sentence with a figure ({n.anchor}). To review."})
        guessed(f"claims[{i}].voice", f"{GUESSED}: {'inside a quote by ' + voice if inside else 'outside quotation marks, so the outlet' + chr(39) + 's own voice'}.")

    captions: list[dict[str, Any]] = []
    credits: list[dict[str, Any]] = []
    for pi, (t, role) in enumerate(zip(paras, roles)):
        if role == "caption":
            m = re.search(r"(?:Credit|Photo|Photograph|Image|Picture)s?\s*:\s*(?P<c>.+?)\s*$", t, re.I) or \
                re.search(r"\((?P<c>(?:AP|AFP|Reuters|Getty|EPA)[^)]*)\)\s*$", t)
            credit = m.group("c").strip() if m else "not stated"
            describes = (t[:m.start()] if m else t).strip() or t.strip()
            dates = [n for n in found_numbers if n.paragraph == pi and n.unit == "year" and "," in n.anchor]
            date = _iso(dates[0].anchor) if dates else None
            i = len(captions)
            cap: dict[str, Any] = {"id": f"cap{i + 1}", "paragraph": f"p{pi + 1}", "anchor": t.strip(), "credit": credit,
                                   "image_in_text": False, "describes": describes,
                                   "image_date": date or {"absent": "not_found", "reason": "The caption gives no full date."}}
            if credit.casefold() == outlet.casefold():
                cap["credit_holder"] = outlet_id
            captions.append(cap)
            guessed(f"captions[{i}]", f"{GUESSED}: a caption; check the credit ({credit}) and what it describes.")
        if role == "credit":
            for cm in re.finditer(r"(?P<role>Translated|Written(?: in \w+)?|Reported|Reporting|Edited|Editing|By)\s+by?\s*(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})", t):
                r = cm.group("role").split()[0].lower()
                role_name = {"translated": "translator", "written": "writer", "reported": "reporter", "reporting": "reporter",
                             "edited": "editor", "editing": "editor", "by": "byline"}[r]
                credits.append({"name": cm.group("name"), "role": role_name,
                                "where": f"Credit line in paragraph {pi + 1} of the text as received.", "in_text_as_received": True})
                guessed(f"metadata.credits[{len(credits) - 1}]", f"{GUESSED}: '{cm.group()}' in paragraph {pi + 1}.")

    aid = o.id or slug(headline, "article")[:50].strip("-")
    today = _dt.date.today().isoformat()
    nature_note = o.nature_note or NATURE_NOTES[o.nature]
    article: dict[str, Any] = {
        "schema_version": 1,
        "id": aid,
        "status": "draft",
        "nature": {"kind": o.nature, "note": nature_note},
        "review": review,
        "metadata": {
            "headline": headline,
            "outlet": outlet,
            "outlet_actor": outlet_id,
            "url": o.url or {"absent": "not_found", "reason": "No address was given to kit new."},
            "published": o.date or {"absent": "not_found", "reason": "No date was given to kit new."},
            "published_basis": "stated" if o.date else "absent",
            "language": o.language,
            "credits": credits,
            "rights": ("Written for teaching; no rights reserved beyond the kit's licence." if o.nature == "fictional"
                       else "Check that you may use this text in class; credit the outlet when you show it."),
        },
        "text": {"file": "text.txt", "received": f"Copied byte for byte by kit new from {o.source_name} on {today}."},
        "provenance": [{
            "id": "as-received", "label": "The text as received", "language": o.language,
            "made_by": "author" if o.nature != "real" else "unknown",
            "certainty": "confirmed" if o.nature != "real" else "unknown",
            "description": ("Written for teaching by the person who added it." if o.nature != "real" else
                            "The text given to kit new; where it came from and whether it was translated or edited is not recorded yet."),
        }],
        "paragraphs": paragraphs,
        "actors": actors,
        "quotes": quotes,
        "claims": claims,
        "numbers": numbers,
        "captions": captions,
    }
    if o.nature == "real":
        guessed("provenance[0]", f"{GUESSED}: say where the text comes from (the outlet's page, a copy, a translation).")
    return Draft(article, text, found_quotes, found_numbers)


def _iso(date_text: str) -> str | None:
    m = re.match(rf"({_M})\s+(\d{{1,2}}),\s*(\d{{4}})", date_text)
    if not m:
        return None
    month = next((i + 1 for i, name in enumerate(MONTHS) if name.startswith(m.group(1).rstrip("."))), None)
    return f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d}" if month else None


# ------------------------------------------------------------------ writing

HEADER = ("# A DRAFT made by `python -m kit new` from {source} on {today}.\n"
          "# Every guessed value is listed under `review:` with the reason for the guess; review them in\n"
          "# notebook 11 (Your own article) or by hand, then run: python -m kit validate {folder}\n")


def dump_yaml(doc: dict[str, Any]) -> str:
    """The article as YAML, keys in schema order, Unicode kept as is."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: Any, value: str) -> Any:
        style = '"' if value == "" or any(c in value for c in "\n\r\t") or value != value.strip() else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


def write_draft(draft: Draft, out_dir: str | Path) -> Path:
    """Write ``<out_dir>/<id>/text.txt`` and ``article.yaml``; refuse to overwrite an existing folder.

    The folder is built beside its final place and renamed into it at the end, so a failure leaves
    nothing half-written.
    """
    import os
    import shutil
    import tempfile

    aid = draft.article["id"]
    root = Path(out_dir)
    target: Path = root / str(aid)
    if target.exists():
        raise ScaffoldError(f"{target}: already exists; nothing was changed. Choose another --id, or move that folder away first")
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{aid}-", dir=root))
        os.chmod(tmp, umask_mode(folder=True))  # the umask's 0755, not mkdtemp's 0700
    except OSError as exc:
        raise ScaffoldError(f"{root}: cannot create the article folder there ({exc.strerror or exc})") from None
    try:
        (tmp / "text.txt").write_bytes(draft.text.encode("utf-8"))
        header = HEADER.format(source=draft.article["text"]["received"].split(" from ")[-1].split(" on ")[0],
                               today=_dt.date.today().isoformat(), folder=target)
        (tmp / "article.yaml").write_text(header + dump_yaml(draft.article), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ScaffoldError(f"{target}: could not be written ({exc.strerror or exc}); nothing was left behind") from None
    return target


def new_article(report: str | Path, out_dir: str | Path, options: Options | None = None, *,
                keep_markup: bool = False) -> tuple[Path, Draft]:
    """Read a report, build its draft and write it; return the new folder and the draft."""
    o = options or Options()
    text = read_report(report, keep_markup=keep_markup)
    if o.id is None:
        o.id = slug(Path(report).stem, "article")
    o.source_name = Path(report).name
    draft = build_draft(text, o)
    return write_draft(draft, out_dir), draft


# ------------------------------------------------------------------ how good are the guesses?

def _overlap(a: str, b: str, text: str) -> bool:
    """Whether two anchors in the same paragraph text cover overlapping characters (half the shorter one)."""
    if a in b or b in a:
        return True
    sa, sb = text.find(a), text.find(b)
    if sa < 0 or sb < 0:
        return False
    inter = min(sa + len(a), sb + len(b)) - max(sa, sb)
    return inter >= 0.5 * min(len(a), len(b))


def _pr(tp: int, found: int, expected: int) -> dict[str, float | int]:
    return {"correct": tp, "found": found, "expected": expected, "wrong_or_extra": found - tp, "missed": expected - tp,
            "precision": round(tp / found, 3) if found else 0.0, "recall": round(tp / expected, 3) if expected else 0.0}


def evaluate(draft_article: dict[str, Any], hand: Any) -> dict[str, dict[str, float | int]]:
    """Precision and recall of a draft's quotes, speakers and numbers against a reviewed article.

    A found quote or number is correct when it sits in the same paragraph as a hand annotation and
    their anchors overlap (one inside the other, or half the shorter one shared); a number must
    also have the same value. A speaker is correct when the quote is matched and the guessed
    speaker's name is the hand speaker's name (or one contains the other). Each hand annotation
    is matched once.

    Examples
    --------
    >>> from kit import load_article
    >>> hand = load_article()
    >>> d = build_draft(hand.text, Options(outlet=hand.metadata.outlet))
    >>> sorted(evaluate(d.article, hand))
    ['numbers', 'quotes', 'speakers']
    """
    paras = {p["id"]: p["text"] for p in draft_article["paragraphs"]}
    names = {a["id"]: a["name"] for a in draft_article["actors"]}
    hand_names = {a.id: a.name for a in hand.actors}

    def same_name(a: str, b: str) -> bool:
        a, b = a.casefold().removeprefix("the "), b.casefold().removeprefix("the ")
        return a == b or (len(a) > 3 and a in b) or (len(b) > 3 and b in a)

    used: set[str] = set()
    matched: list[tuple[dict[str, Any], Any]] = []
    for q in draft_article.get("quotes", []):
        h = next((h for h in hand.quotes if h.id not in used and h.paragraph == q["paragraph"]
                  and _overlap(q["anchor"], h.anchor, paras[q["paragraph"]])), None)
        if h is not None:
            used.add(h.id)
            matched.append((q, h))
    guessed_speakers = [q for q in draft_article.get("quotes", []) if q["speaker"] != UNKNOWN_SPEAKER]
    right_speakers = sum(1 for q, h in matched if q["speaker"] != UNKNOWN_SPEAKER
                         and same_name(names.get(q["speaker"], ""), hand_names.get(h.speaker, "")))
    used_n: set[str] = set()
    right_numbers = 0
    for n in draft_article.get("numbers", []):
        h = next((h for h in hand.numbers if h.id not in used_n and h.paragraph == n["paragraph"] and float(h.value) == float(n["value"])
                  and _overlap(n["anchor"], h.anchor, paras[n["paragraph"]])), None)
        if h is not None:
            used_n.add(h.id)
            right_numbers += 1
    return {"quotes": _pr(len(matched), len(draft_article.get("quotes", [])), len(hand.quotes)),
            "speakers": _pr(right_speakers, len(guessed_speakers), len(hand.quotes)),
            "numbers": _pr(right_numbers, len(draft_article.get("numbers", [])), len(hand.numbers))}
