"""``python -m kit new REPORT.txt``: turn a plain-text news report into a draft article folder.

The draft is a starting point for a person, not a result: every value the tool guesses (a
paragraph's role, a quote's speaker, what a number counts, an actor) is listed in the article's
``review:`` section with the reason for the guess, and the guessed annotations carry a note that
says so. The text file is copied byte for byte and the paragraphs rebuild it exactly.

Nothing is written unless the whole draft is ready; an existing folder is never overwritten.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import io
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .files import InputFileError, read_bytes, umask_mode

MAX_BYTES = 150_000  # a long news report is about 30 KB (5,000 words); 150 KB is five of them, not one report
MAX_FOUND = 500  # quotes, numbers or names found in one report before kit new stops looking (and says so)
GUESSED = "Guessed by kit new"
UNKNOWN_SPEAKER = "unknown-speaker"


class LazyPattern:
    """A regular expression compiled the first time it is used.

    This module's ~30 patterns took ~15 ms to compile at every import, paid by lesson 11 (which
    only saves reviews) and by ``python -m kit`` commands that never build a draft (issue 17).

    >>> rx = _lazy(r"\\bvote[sd]?\\b", re.I)
    >>> rx.search("They Voted.").group(0), rx.findall("votes and vote")
    ('Voted', ['votes', 'vote'])
    """

    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags = source, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(text, pos, endpos)

    def split(self, text: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(text, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return self.compiled.sub(repl, text, count)


_lazy = LazyPattern


class ScaffoldError(ValueError):
    """Input that ``kit new`` cannot turn into a draft, with a message that says what to do."""


# ------------------------------------------------------------------ reading the input

_MARKUP = _lazy(r"<\s*/?\s*(script|style|html|body|head|div|p|span|a|br|img|iframe|table|b|i|em|strong|ul|li|"
                     r"h[1-6])\b[^>]*>",
                     re.IGNORECASE)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB"


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
            raise ScaffoldError(f"{p}: {_size(size)} is too large for one news report (the kit accepts up to "
                                f"{_size(max_bytes)}); split it, or keep only the report's own text")
        # regular files only (a FIFO or /dev/zero is refused), cap checked while reading
        data = read_bytes(p, max_bytes)
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

_BLANK_SEP = _lazy(r"[ \t]*\r?\n(?:[ \t]*\r?\n)+[ \t]*")
_LINE_SEP = _lazy(r"[ \t]*\r?\n[ \t]*")


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
    (_lazy(r"\b(Credit|Photo|Photograph|Image|Picture)s?\s*:\s*\S", re.I), "a photo credit ('Credit:', 'Photo:')"),
    (_lazy(r"\((AP|AFP|Reuters|Getty|EPA)[^)]*\)\s*$"), "an agency photo credit in brackets at the end"),
    (_lazy(r"\((?:L|R|C|left|right|centre|center|\d+(?:st|nd|rd|th) from [LR])\)"),
     "a position in a photo such as '(L)'"),
]
_CREDIT = _lazy(r"^\s*(?:Translated by|Written (?:in \w+ )?by|Reported by|Reporting by|Edited by|Editing by|"
                     r"Additional reporting|Copyright|©|\(c\)|By [A-Z])", re.I)
_QUOTE_START = _lazy(r"^\s*[\"“«„]")


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


# ------------------------------------------------------------------ sentences

_ABBREV = {"mr", "mrs", "ms", "dr", "st", "cllr", "prof", "gen", "sen", "rep", "gov", "no", "jan", "feb", "aug", "sept",
           "sep", "oct", "nov", "dec", "inc", "ltd", "co", "jr", "sr", "vs", "e.g", "i.e", "u.s", "u.k", "mt", "lt",
           "col"}
_SENT_END = _lazy(r"[.?!]+[\"”’»']?(?=\s+[\"“‘«'(A-Z0-9]|\s*$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, in order, covering it; linear in the text's length.

    Examples
    --------
    >>> t = "Mr. Petrov spoke. He left at 5 p.m. Then rain."
    >>> [t[s:e] for s, e in sentences(t)]
    ['Mr. Petrov spoke.', ' He left at 5 p.m.', ' Then rain.']
    """
    out: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        word = re.search(r"([\w.]+)$", text[max(start, m.start() - 12):m.start()])
        w = word.group(1).lower() if word else ""
        if w in _ABBREV or (len(w) == 1 and w.isalpha() and m.group().startswith(".")):
            continue
        out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out or [(0, len(text))]


class _Sentences:
    """The sentences of one paragraph, to find the one around a position quickly."""

    def __init__(self, text: str) -> None:
        self.bounds = sentences(text)
        self.starts = [s for s, _ in self.bounds]

    def at(self, pos: int) -> tuple[int, int]:
        return self.bounds[max(bisect.bisect_right(self.starts, pos) - 1, 0)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        return self.at(start)[0], self.at(max(end - 1, start))[1]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end] (from the sentence holding ``start`` to the one holding ``end``)."""
    return _Sentences(text).around(start, end)


# ------------------------------------------------------------------ quotes and speakers

_PAIRS = [("“", "”"), ("«", "»"), ("„", "“"), ("„", "”"), ("‘", "’")]
SPEECH_VERBS = ("said", "says", "declared", "told", "added", "stated", "explained", "argued", "warned", "insisted",
                "asked", "replied", "wrote", "tweeted", "noted", "continued", "claimed", "announced", "called",
                "urged", "denied", "stressed", "recalled", "concluded", "admitted", "acknowledged", "answered")
# the same verbs in the present tense (broadcast style: 'the agency says'), and a few more
_MORE_VERBS = ("welcomed", "welcomes", "condemned", "condemns", "praised", "praises", "criticised", "criticized",
               "criticises", "criticizes", "say", "tell", "warn", "argue", "claim", "insist", "saying", "adding",
               "warning", "arguing", "claiming", "noting", "insisting", "says", "tells", "declares", "adds", "states",
               "explains", "argues", "warns", "insists", "asks", "replies", "writes", "tweets", "notes", "claims",
               "announces", "calls", "urges", "denies", "stresses", "admits", "acknowledges", "answers", "confirmed",
               "confirms", "describes", "described", "reported", "reports", "suggested", "suggests", "ruled", "ruling",
               "estimated", "estimates")
_BASE_VERBS = ("say", "add", "tell", "state", "warn", "argue")  # only before 'that': 'would ... and add that'
_DOC_VERBS = ("show", "shows", "showed", "found", "finds", "reads")  # a document, data or a study as the subject
_VERB = "(?:" + "|".join(dict.fromkeys(SPEECH_VERBS + _MORE_VERBS)) + ")"
_VERB_RX = _lazy(rf"\b(?:{_VERB}|expressed\s+(?:concern|regret|hope|support|doubt|surprise)|(?:"
                      rf"{'|'.join(_BASE_VERBS)})(?=\s+that\b)|(?:{'|'.join(_DOC_VERBS)})(?=\s+that\b)|reads(?=\s*:)"
                      r"|[Aa]ccording to|declined to comment)\b")
_PRONOUNS = {"he": "person", "she": "person", "they": "any", "it": "body", "we": "any", "i": "person", "its": "body"}
_BODY_WORDS = ("embassy", "government", "ministry", "party", "council", "committee", "congress", "institute",
               "assembly", "parliament", "union", "association", "agency", "office", "court", "campaign", "group",
               "commission", "senate", "house", "company", "school", "club", "federation", "department", "police",
               "army", "board", "organization", "organisation", "foundation", "center", "centre", "university", "bank",
               "service", "municipality", "chancellery", "authority", "operator", "firm", "tribunal", "administration",
               "cabinet", "secretariat", "prosecutor's office", "railways", "network", "partnership", "trust",
               "coalition")
_ROLE_WORDS = ("president", "director", "spokesperson", "spokesman", "spokeswoman", "minister", "deputy", "mayor",
               "leader", "chair", "chairman", "chairwoman", "head", "member", "secretary", "executive", "founder",
               "professor", "researcher", "lawmaker", "councillor", "councilor", "senator", "official", "resident",
               "teacher", "witness", "activist", "candidate", "manager", "owner", "chief", "governor", "ambassador",
               "critic", "correspondent", "reporter", "writer", "editor", "planner", "officer", "cllr", "mr", "mrs",
               "ms", "dr", "prof", "judge", "mp", "mep", "commissioner", "campaigner", "violinist", "economist",
               "analyst")
_TITLE = _lazy(rf"^(?:{'|'.join(_ROLE_WORDS)})\.?$", re.I)
_DOC_WORDS = ("motion", "amendment", "report", "ruling", "judgment", "judgement", "ordinance", "resolution",
              "statement", "letter", "bill", "law", "document", "data", "figures", "survey", "study", "assessment",
              "consultation", "text", "decree", "memo", "email", "filing", "records", "poll", "petition", "minutes",
              "guidance", "communique", "communiqué", "review", "audit", "estimate", "estimates", "census", "analysis",
              "proposal")
_ANON_NOUNS = ("official", "officials", "source", "sources", "person", "people", "diplomat", "diplomats", "aide",
               "aides", "insider", "insiders", "employee", "employees", "worker", "workers", "resident", "residents",
               "civil servant", "civil servants", "officer", "officers", "doctor", "doctors", "nurse", "nurses",
               "witness", "witnesses", "analyst", "analysts", "executive", "executives", "staff", "adviser", "advisers",
               "advisor", "advisors", "negotiator", "negotiators", "member", "members", "colleague", "colleagues",
               "student", "students", "parent", "parents", "soldier", "soldiers", "activist", "activists")
_ANON_CUES = _lazy(r"not to be (?:named|identified)|condition of anonymity|anonymously|familiar with|close to|"
                        r"not authori[sz]ed|(?:did not|didn't|declined to) (?:want to )?(?:be )?(?:named|identified|"
                        r"give)", re.I)
_GROUP_WORDS = ("critics", "opponents", "campaigners", "supporters", "protesters", "protestors", "landlords", "groups",
                "activists", "unions", "parties", "teachers", "farmers", "experts", "scientists", "lawmakers",
                "ecologists", "environmentalists", "organisers", "organizers", "residents' groups", "shop owners")
_DETERMINER = _lazy(r"^(?:a|an|one|two|three|four|five|six|several|some|many|other|another|most|few|senior|"
                         r"\d+)\b", re.I)
_TRAILING = _lazy(r"(?:\s+(?:later|also|then|again|previously|earlier|now|today|yesterday|tonight|has|have|had|"
                       r"would|will|publicly|repeatedly|recently|once|already|last\s+\w+|on\s+[A-Z]\w+day|in\s+a\s+statement|"
                       r"in\s+an\s+email|in\s+its\s+\w+|in\s+a\s+\w+|on\s+\w+|this\s+\w+))+$")
_RELATIVE = _lazy(r"^(?:who|which|whose|whom|tabled|adopted|published|sent|seen|speaking|asking|led|written|"
                       r"quoted|cited|made|issued|released|signed|drafted|based|elected|appointed|reached|contacted|"
                       r"interviewed|approved|voted|passed)\b", re.I)
_CLAUSE_WORDS = _lazy(r".*\b(?:and|but|while|after|before|because|as|when|if|although|though|where|since|so|that|"
                           r"than|whether)\s+", re.I | re.S)
_NAME_RUN = _lazy(r"[A-ZÀ-Ý][\w’'.-]*"
                       r"(?:\s+(?:de|la|le|van|von|der|du|al|bin|da|dos|di)?\s*[A-ZÀ-Ý][\w’'.-]*){0,4}")
_SPOKES = _lazy(r"\b(?:spokes(?:person|man|woman)|representative|press office|press officer)\b", re.I)
_AUX = {"would", "will", "has", "have", "had", "is", "was", "are", "were", "can", "could", "should", "must", "may",
        "might", "declined", "did", "does", "do", "plans", "wants"}


def _words_rx(words: tuple[str, ...] | set[str]) -> LazyPattern:
    return _lazy(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")


_DOC_RX = _words_rx(_DOC_WORDS)
_ANON_RX = _words_rx(_ANON_NOUNS)
_BODY_RX = _words_rx(_BODY_WORDS)
_ROLE_RX = _words_rx(_ROLE_WORDS)
_GROUP_RX = _lazy(r"(?:the\s+)?(?:[\w’'-]+\s+){0,2}(?:" + "|".join(re.escape(g) for g in _GROUP_WORDS) + ")")


@dataclass
class FoundQuote:
    """A quote found in the text, with its likely speaker, how sure the guess is and why."""

    paragraph: int
    anchor: str
    mode: str
    verb: str | None
    speaker: str | None  # the phrase naming the speaker as written, or None
    why: str
    start: int = -1  # where the anchor starts in its paragraph
    speaker_kind: str = ""  # person, body, document, anonymous, group, role, pronoun, spokesperson, name1, ''
    confidence: float = 0.5
    artefact: str | None = None  # why the quote marks look displaced, if they do
    speaker_id: str | None = None  # the actor, once resolved


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _open_single(text: str, i: int) -> bool:
    return (i == 0 or text[i - 1] in " \t\n([—–-") and i + 1 < len(text) and text[i + 1].isalnum()


def _close_single(text: str, j: int) -> bool:
    before_ok = j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".,!?;:")
    after = text[j + 1] if j + 1 < len(text) else " "
    return before_ok and not after.isalnum()


def _direct_spans(text: str) -> list[tuple[int, int]]:
    """Quoted spans: typographic marks, guillemets, straight double quotes, then single quotes (British style)."""
    spans: list[tuple[int, int]] = []
    taken = bytearray(len(text))

    def take(i: int, j: int) -> None:
        spans.append((i, j))
        taken[i:j] = b"\x01" * (j - i)

    for o, c in _PAIRS:
        start = 0
        while True:
            i = text.find(o, start)
            if i < 0:
                break
            if o == "‘":
                j = i + 1
                while True:
                    j = text.find(c, j, i + 2000)
                    if j < 0 or _close_single(text, j):
                        break
                    j += 1
            else:
                j = text.find(c, i + 1)
            if j < 0:
                start = i + 1
                if o == "‘":
                    continue
                break
            if taken.find(1, i, j + 1) < 0:
                take(i, j + 1)
            start = j + 1
    idx = [i for i, ch in enumerate(text) if ch == '"' and not taken[i]]
    for a, b in zip(idx[0::2], idx[1::2], strict=False):
        if taken.find(1, a, b + 1) < 0:
            take(a, b + 1)
    # straight single quotes: an opening mark before a word, a closing mark after one (not an apostrophe)
    pos = 0
    while True:
        i = text.find("'", pos)
        if i < 0:
            break
        pos = i + 1
        if taken[i] or not _open_single(text, i):
            continue
        j = i + 1
        while True:
            j = text.find("'", j, i + 2000)
            if j < 0 or (_close_single(text, j) and not taken[j]):
                break
            j += 1
        if j < 0 or taken.find(1, i, j + 1) >= 0:
            continue
        take(i, j + 1)
        pos = j + 1
    return sorted(spans)


def _trim_subject(chunk: str) -> str:
    """The words of a clause chunk that can name a speaker: after the last conjunction, without trailing adverbs."""
    chunk = chunk.strip()
    m = _CLAUSE_WORDS.match(chunk)
    if m:
        chunk = chunk[m.end():]
    prev = None
    while prev != chunk:
        prev = chunk
        chunk = _TRAILING.sub("", chunk).strip()
    return chunk.strip(" ,.;:")


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _person_name(phrase: str) -> str | None:
    """The person named in a phrase ('Housing Minister Rita Carvalho' -> 'Rita Carvalho'; 'Mr. Petrov' -> 'Petrov')."""
    for m in _NAME_RUN.finditer(phrase[:300]):
        if re.search(r"\b(?:of|for|the)\s+$", phrase[max(0, m.start() - 5):m.start()]) and \
                _BODY_RX.search(phrase[:m.start()].lower()):
            continue
        words = m.group().split()
        # drop titles and the words before them: 'Energy Secretary Callum Reid', 'Cllr David Okoro', 'Mr. Petrov'
        cut = max((k + 1 for k, w in enumerate(words) if _TITLE.match(w.rstrip("."))), default=0)
        titled = cut > 0
        words = words[cut:]
        if words and words[0] in ("The", "A", "An", "In", "On", "But", "And", "After", "According", "Our", "Its"):
            words = words[1:]
        while words and words[0].endswith(("’s", "'s")):
            words = words[1:]
        if not words or words[0] in MONTHS or words[0] in _DAYS:
            continue
        if any(w.lower().strip("’'") in _BODY_WORDS for w in words):
            continue
        if len(words) >= 2 or (titled and len(words) == 1):
            return " ".join(words).strip(" ,.")
    return None


def classify_speaker(phrase: str) -> tuple[str, str] | None:
    """What a phrase before or after a speech verb names: (kind, name) or None when it names no speaker.

    Kinds: ``pronoun``, ``person``, ``spokesperson`` (name = the body it speaks for, or ''),
    ``document``, ``anonymous``, ``body``, ``group``, ``role`` (a title without a name: 'the minister'),
    ``name1`` (one capitalised word: a surname, or a body such as 'Veltra').

    Examples
    --------
    >>> classify_speaker("Housing Minister Rita Carvalho")
    ('person', 'Rita Carvalho')
    >>> classify_speaker("a senior civil servant who asked not to be named")
    ('anonymous', 'a senior civil servant who asked not to be named')
    >>> classify_speaker("The motion")
    ('document', 'motion')
    >>> classify_speaker("A ministry spokesperson")
    ('spokesperson', 'ministry')
    >>> classify_speaker("the transport minister")
    ('role', 'the transport minister')
    """
    p = phrase.strip(" ,.;:\"'“”«»‘’")
    if not p or len(p.split()) > 14 or re.search(r"\b(?:who|which|that|whom)$", p) or not re.match(r"\w", p):
        return None
    low = p.lower()
    if low in _PRONOUNS:
        return "pronoun", low
    anon_cue = bool(_ANON_CUES.search(p))
    person = _person_name(p)
    if person and not anon_cue:
        at = low.find(person.lower())
        if at > 0 and low[:at].split()[-1:] and low[:at].split()[-1] in _BODY_WORDS:
            return "body", person  # 'the group Green Sea'
        return "person", person
    sp = _SPOKES.search(p)
    if sp:
        before = [w for w in low[:sp.start()].split() if w not in ("a", "an", "the")]
        after = re.search(r"^\s*(?:for|of)\s+(?:the\s+)?([\w’'-]+(?:\s+[\w’'-]+)?)", low[sp.end():])
        return "spokesperson", (before[-1] if before else (after.group(1) if after else ""))
    name = re.sub(r"^(?:the|a|an|its|their|his|her)\s+", "", p, flags=re.I)
    name = name[0].lower() + name[1:] if name[:1].isupper() and not re.search(r"\s[A-Z]", name) and \
        not re.match(r"[A-Z]{2}", name) else name
    head = re.split(r"\s+(?:from|by|of|at|in|for|with|to)\s+",
                    re.sub(r"^(?:one|some|many|most|two|three|four|several|none|each|any|all)\s+of\s+(?:the\s+)?", "",
                           low),
                    maxsplit=1)[0]
    if _DOC_RX.search(head):
        return "document", name
    has_anon_noun = bool(_ANON_RX.search(head))
    first = low.split()[0]
    if has_anon_noun and (anon_cue or _DETERMINER.match(low) or first in _ANON_NOUNS or
                          len(head.split()) <= 2 and head.split()[-1].endswith("s")):
        return "anonymous", p[0].lower() + p[1:] if not re.match(r"[A-Z]{2}|[A-Z]\w*\s+[A-Z]", p) else p
    if _BODY_RX.search(head) or _BODY_RX.search(low) and not has_anon_noun:
        return "body", name
    if _GROUP_RX.fullmatch(low):
        return "group", name
    if len(p.split()) == 1 and p[:1].isupper():
        return "name1", p.rstrip(".")
    if re.fullmatch(r"(?:The\s+)?(?:[A-Z][\w’'.-]*\s*){1,5}", p):
        return "body", re.sub(r"^The\s+", "", p)
    if re.match(r"^(?:the|a|an)\s", low) and _ROLE_RX.search(head):
        return "role", p[0].lower() + p[1:]
    return None


def _chunks_before(sentence: str, end: int) -> list[str]:
    """Comma-separated chunks of a sentence before position ``end``, nearest first (at most four, empty ones dropped
    except the first; text in brackets left out)."""
    window = re.sub(r"\([^()]{0,120}\)", " ", sentence[max(0, end - 400):end])
    parts = re.split(r",(?!\d{3}\b)|[;:()“”«»\"—–‘]|\s-\s", window)
    nearest = parts[-1]
    rest = [x for x in reversed(parts[:-1]) if x.strip()]
    return [nearest] + rest[:3]


def _sentence_subject(sentence: str) -> str:
    """The subject at the start of a sentence: the words before its first auxiliary or verb."""
    words: list[str] = []
    for w in re.split(r"\s+", sentence[:300].strip())[:12]:
        bare = w.strip(",.;:").lower()
        if bare in ("on", "at", "yesterday", "today", "tonight", "last", "this", "earlier") and words:
            break
        if bare in _AUX or (bare.endswith("ed") and w[:1].islower()) or re.fullmatch(_VERB, bare) or "," in w:
            if "," in w and bare not in _AUX:
                words.append(w.rstrip(","))
            break
        words.append(w)
    return " ".join(words)


def _is_description(b: str) -> bool:
    """Whether a chunk describes someone rather than naming them ('the cabinet member for communities')."""
    return bool(re.match(r"^(?:the|a|an|one of|its|his|her|their|[A-Z]\w*['’]s)\s", b, re.I)
                or re.match(rf"^(?:[\w-]+\s+){{0,2}}(?:{'|'.join(_ROLE_WORDS)})\b", b, re.I))


def subject_before(sentence: str, verb_at: int) -> tuple[str, str] | None:
    """Who the words just before a speech verb name, resolving appositions and relative clauses.

    Examples
    --------
    >>> s = "Cllr David Okoro, the cabinet member for communities, said the council had no choice."
    >>> subject_before(s, s.index("said"))
    ('person', 'David Okoro')
    >>> s = "The cuts would hit Spain hardest, one of the people said, asking not to be named."
    >>> subject_before(s, s.index("said"))
    ('anonymous', 'one of the people')
    >>> s = "Jean Pell, who chairs the Friends of Brackley Libraries, told the Herald: 'They promised us.'"
    >>> subject_before(s, s.index("told"))
    ('person', 'Jean Pell')
    """
    chunks = _chunks_before(sentence, verb_at)
    if re.search(r"\b(?:and|but)\s*$", chunks[0]):  # 'declined to comment but said', 'and add that'
        return classify_speaker(_trim_subject(_sentence_subject(sentence)))
    while chunks and re.fullmatch(r"\s*(?:however|meanwhile|though|too|also|instead|in turn|for (?:its|their|his|her) "
                                  r"part|in a statement|on \w+day)?\s*", chunks[0], re.I):
        chunks = chunks[1:]  # the verb follows a comma: 'X, the association's president, said'; 'X, however, said'
    for _ in range(2):  # 'A, who ..., said': the relative clause is not the speaker
        if chunks and (_RELATIVE.match(chunks[0].strip()) or _RELATIVE.match(_trim_subject(chunks[0]))):
            chunks = chunks[1:]
    if not chunks:
        return None
    b = _trim_subject(chunks[0])
    if not b:
        return None
    cb = classify_speaker(b)
    if len(chunks) > 1:
        a = _trim_subject(chunks[1])
        ca = classify_speaker(a) if a else None
        if ca and ca[0] == "anonymous" and cb and cb[0] in ("person", "body", "name1"):
            return ca  # 'A source at the operator, Firth Ferries, said': the source speaks
        if cb and cb[0] == "person":
            return cb
        if ca and ca[0] in ("person", "body", "name1") and _is_description(b) and (cb is None or cb[0] != "pronoun"):
            return ca  # 'IG Metall, Germany's largest union, said'
    return cb


def subject_after(rest: str) -> tuple[str, str] | None:
    """Who the words right after a speech verb name ('said Pedro Antunes, the association's president')."""
    m = re.match(r"\s*([^,.;:!?“”«»\"()]{1,120})", rest)
    if not m:
        return None
    phrase = m.group(1).strip()
    phrase = re.split(r"\s+(?:in\s+a\s+statement|on\s+[A-Z]\w+day|to\s+(?:reporters|journalists)|at\s+a\s+news)\b",
                      phrase)[0]
    if re.match(r"(?:that|if|whether|it|they)\b", phrase) or \
            re.search(r"\b(?:was|is|were|are|has|had|have|will|would|could|should|can|must|did|does)\b", phrase):
        return None  # a clause, not the name of a speaker
    return classify_speaker(phrase)


_INNER = (_lazy(rf",\s*(?P<verb>{_VERB})\s+(?P<who>[^,]{{2,80}}?)\s*(?:,|\.?\s*$)"),
          _lazy(rf",\s*(?P<who>[^,]{{2,60}}?)\s+(?P<verb>{_VERB})\s*(?:,|\.?\s*$)"))


def _inner_attribution(inner: str) -> tuple[tuple[str, str], str] | None:
    """A speech verb and speaker inside the quotation marks (', said Petrov,'): marks displaced by a round trip."""
    for rx in _INNER:
        for m in rx.finditer(inner[:2000]):
            who = classify_speaker(m.group("who"))
            if who is not None:
                return who, m.group("verb")
    return None


def _qa_answers(paragraphs: list[str]) -> set[int]:
    """Paragraphs that are answers in a question-and-answer interview (a 'Q:' and an 'A:' paragraph at least)."""
    qs = [i for i, t in enumerate(paragraphs) if re.match(r"\s*(?:Q|Question)\s*[:.]\s", t)]
    ans = {i for i, t in enumerate(paragraphs) if re.match(r"\s*(?:A|Answer)\s*[:.]\s", t)}
    return ans if qs and ans else set()


# verbs that take an object ('announced the investment'): reported speech only with 'that', 'X to ...' or at a
# clause's end
_OBJECT_VERBS = {"announced", "announces", "called", "calls", "asked", "asks", "urged", "urges", "described",
                 "describes", "reported", "reports", "recalled", "answered", "answers", "continued", "estimated",
                 "estimates", "ruled", "ruling", "denied", "denies", "acknowledged", "acknowledges", "admitted",
                 "admits", "confirmed", "confirms", "suggested", "suggests", "stressed", "stresses", "noted", "notes"}


_INVERTIBLE = {"said", "says", "told", "added", "adds", "stated", "declared", "wrote", "warned", "explained",
               "insisted", "noted", "argued", "claimed", "asked", "replied", "continued", "recalled",
               "concluded"}  # ', said X.'


def _according_to(tail: str) -> str:
    """The source named after 'according to': up to a comma, or to a new clause ('the municipality | the works')."""
    tail = re.split(r"[,;:.]", tail)[0].strip()
    tail = re.split(r"(?<!\bfrom)(?<!\bby)(?<!\bof)(?<!\bat)(?<!\bwith)(?<!\bto)(?<!\bin)(?<!\bfor)(?<!\bon)(?<!^)"
                    r"\s+(?=(?:the|a|an|they|it|he|she|we|its|their|there)\b)", tail, maxsplit=1)[0]
    return _trim_subject(tail)


def _reported(sentence: str, v: re.Match[str]) -> tuple[tuple[str, str], str] | None:
    """The speaker and reason of reported speech around one speech verb of a sentence, or None."""
    word = v.group()
    low = word.lower()
    if low == "declined to comment":
        return None
    if low == "according to":
        who = classify_speaker(_according_to(sentence[v.end():v.end() + 200]))
        return (who, "reported speech: 'according to' and a source") if who else None
    rest = sentence[v.end():v.end() + 80]
    at_end = re.match(r"\s*(?:on\s+\w+\s*|in\s+a\s+\w+\s*|today\s*|yesterday\s*)?(?:[,.;]|$)", rest) is not None
    if low in _OBJECT_VERBS and not (at_end or re.match(r"\s+(?:on\s+\w+\s+)?that\b", rest)
                                     or low in ("called", "calls") and re.match(r"\s+(?:for|on)\b", rest)
                                     or low in ("asked", "asks", "urged", "urges", "called", "calls")
                                     and re.match(r"\s+(?:\w+\s+){1,2}to\s+\w", rest)):
        return None
    if low.endswith("ing"):  # '..., ruling that', '..., saying that': the sentence's subject speaks
        if not re.match(r"\s+that\b", rest) or not re.search(r",\s*$", sentence[max(0, v.start() - 3):v.start()]):
            return None
        who = classify_speaker(_trim_subject(_sentence_subject(sentence)))
        return (who, f"reported speech with '{word}'") if who else None
    who = subject_before(sentence, v.start())
    if who is None and low in _INVERTIBLE and re.search(r",\s*$", sentence[max(0, v.start() - 3):v.start()]):
        who = subject_after(sentence[v.end():])  # '..., said a senior official.'
    if who is None:
        return None
    if word in _DOC_VERBS and who[0] != "document":
        return None
    if who[0] == "role" and not re.search(r"\b(?:minister|mayor|president|governor|chief|secretary|spokes\w+|director|"
                                          r"leader|chair\w*|head)\b", who[1], re.I):
        return None
    what = "reported content: a document or data" if who[0] == "document" else "reported speech"
    return who, f"{what} with '{word}'"


def find_quotes(paragraphs: list[str], roles: list[str]) -> list[FoundQuote]:
    """Direct quotes (straight, typographic and single marks, guillemets), reported speech and Q&A answers."""
    found: list[FoundQuote] = []
    answers = _qa_answers(paragraphs)
    prev_last: FoundQuote | None = None  # the last attributed quote of the previous paragraph
    for pi, text in enumerate(paragraphs):
        if len(found) >= MAX_FOUND:
            break
        if roles[pi] in ("caption", "credit", "headline"):
            prev_last = None
            continue
        if pi in answers:
            m0 = re.match(r"\s*(?:A|Answer)\s*[:.]\s*", text)
            s0 = m0.end() if m0 else 0
            found.append(FoundQuote(pi, text[s0:].rstrip(), "direct", None, None, "an answer in a question-and-answer "
                                    "interview, so the words of the person interviewed", s0, "interviewee", 0.7))
            continue
        sents = _Sentences(text)
        quoted = bytearray(len(text))
        last: FoundQuote | None = None
        for s, e in _direct_spans(text):
            if len(found) >= MAX_FOUND:
                break
            inner = text[s + 1:e - 1]
            if _words(inner[:200]) < 4:  # a scare quote or a title, not speech
                continue
            quoted[s:e] = b"\x01" * (e - s)
            ls, _ = sents.at(s)
            _, rend = sents.at(max(e - 1, s))
            anchor_end = e
            artefact = None
            who: tuple[str, str] | None = None
            verb: str | None = None
            why, conf = "", 0.5
            inside = _inner_attribution(inner)
            if inside is not None:
                who, verb = inside
                artefact = ("the speech verb and the speaker's name sit inside the quotation marks, so the marks were "
                            "probably moved (a machine translation or a round trip does this)")
                tail = text[e:min(rend, e + 400)]
                if re.match(r"\s*[a-z]", tail):  # the quote's second half was left outside the marks
                    anchor_end = e + len(tail.rstrip())
                    quoted[e:anchor_end] = b"\x01" * (anchor_end - e)
                why, conf = "named inside the quotation marks, next to a speech verb", 0.55
            if (s > 0 and text[s - 1].isalnum() and text[s] == '"') or (text[e - 2:e] == ' "'):
                artefact = artefact or ("the quotation marks are stuck to the wrong words ('said\" we ... \"'), which "
                                        "a machine translation or a copy often does")
            if who is None:  # after the closing mark: '..., said X' or '..., X said'
                after = text[e:min(rend + 1, e + 200)]
                m = re.match(r"[\s,.;:–—-]*", after)
                rest = after[m.end() if m else 0:]
                vm = _VERB_RX.search(rest[:140])
                if vm and vm.group().lower() not in ("according to", "declined to comment"):
                    lead = rest[:vm.start()]
                    if not lead.strip():
                        who = subject_after(rest[vm.end():])
                    elif not re.search(r"[.?!“”\"«»]", lead) and _words(lead) <= 12:
                        who = classify_speaker(_trim_subject(lead))
                    if who is not None:
                        verb, why, conf = vm.group(), "named right after the quote with a speech verb", 0.9
            if who is None:  # before the opening mark, in the same sentence
                b0 = max(ls, s - 300)
                before = text[b0:s]
                vms = [v for v in _VERB_RX.finditer(before) if quoted.find(b"\x01", b0 + v.start(), b0 + v.end()) < 0
                       and (not v.group().endswith("ing") or before[max(0, v.start() - 2):v.start()] == ", ")]
                if vms:
                    v = vms[-1]
                    if v.group().lower() == "according to":
                        who = classify_speaker(_according_to(before[v.end():]))
                    else:
                        who = subject_before(before, v.start())
                    if who is not None:
                        verb, conf = v.group(), 0.85
                        why = "named before the quote in the same sentence, with a speech verb"
            if who is None and last is not None and last.speaker is not None:
                who, verb = (last.speaker_kind, last.speaker), None
                why, conf = "follows another quote of the same paragraph with no attribution of its own", 0.65
            if who is None and not text[:s].strip() and pi > 0:
                qm = re.match(r"\s*([A-Z][\w’'-]+),\s.*\?\s*$", paragraphs[pi - 1][:500])
                if qm:
                    who, why, conf = ("name1",
                                      qm.group(1)), f"answers the question put to {qm.group(1)} just before", 0.6
                elif prev_last is not None and prev_last.speaker is not None:
                    who = (prev_last.speaker_kind, prev_last.speaker)
                    why, conf = "a quote paragraph with no attribution, after a quote by the same speaker", 0.45
            q = FoundQuote(pi, text[s:anchor_end], "direct", verb, who[1] if who else None,
                           why or "no speech verb or name found next to the quote", s, who[0] if who else "",
                           min(conf, 0.5) if artefact else (conf if who else 0.1), artefact)
            if who is not None:
                last = q
            found.append(q)
        # reported speech: sentences outside quotation marks with a speech verb and a speaker
        for ss, se in sents.bounds:
            if len(found) >= MAX_FOUND:
                break
            sentence = text[ss:se]
            if quoted.find(b"\x01", ss, se) >= 0 or _words(sentence[:200]) < 5:
                continue
            for v in _VERB_RX.finditer(sentence):
                r = _reported(sentence, v)
                if r is None:
                    continue
                (kind, name), why = r
                indent = len(sentence) - len(sentence.lstrip())
                conf = {"person": 0.75, "anonymous": 0.7, "document": 0.6, "body": 0.7, "pronoun": 0.6}.get(kind, 0.5)
                q = FoundQuote(pi, sentence.strip(), "indirect", v.group(), name, f"{why} ({name})", ss + indent, kind,
                               conf)
                found.append(q)
                break
        prev_last = last  # the last direct quote with a speaker: a quote paragraph after it may continue it
    return found[:MAX_FOUND]


# ------------------------------------------------------------------ numbers and dates

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_M = "(?:" + "|".join(MONTHS) + r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SHORT_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_CURRENCY = {"£": "pounds", "$": "dollars", "€": "euros", "¥": "yen"}
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "thirds": 1 / 3, "quarters": 0.25,
              "fifths": 0.2}
_APPROX = _lazy(r"\b(?:around|about|nearly|almost|some|roughly|approximately|an estimated|more than|over|up to|"
                     r"at least|fewer than|less than|close to|estimated)\s*$", re.I)
_STOP = {"the", "a", "an", "of", "in", "to", "and", "or", "for", "on", "at", "by", "with", "from", "who", "that",
         "which", "its", "their", "his", "her", "our", "this", "these", "those", "is", "was", "are", "were", "will",
         "would", "has", "have", "had", "be", "been", "than", "as", "per", "each", "since", "until", "if", "but", "so"}
_NOT_A_FIGURE = _lazy(r"\+\d[\d ()./-]{6,}\d|\(?\b\d{3,}\)?[ .-]\d{3,}[ .-]\d{3,}\b|\b[\w.+-]+@[\w-]+\.[\w.]+|"
                           r"https?://\S+|\bwww\.\S+")


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
    start: int = -1  # where the anchor starts in its paragraph
    confidence: float = 0.5


def _to_number(s: str) -> float:
    return float(re.sub(r"[,\u202f\u00a0 ]", "", s))


def _noun_after(text: str, end: int) -> str:
    """The words right after a figure that say what it counts ('120 construction jobs' -> 'construction jobs'),
    or ''."""
    words: list[str] = []
    for k, w in enumerate(re.findall(r"[^\s]+", text[end:end + 60])[:3]):
        bare = w.strip(".,;:!?)(\"“”’'«»")
        if k == 0 and re.fullmatch(r"[A-Z][a-z]+", bare) and bare not in MONTHS and bare not in _DAYS and bare == w:
            words.append(bare)  # 'two French lawmakers', '12 million Uyghurs'
            if bare.endswith("s"):
                break
            continue
        if not re.fullmatch(r"[a-z][a-z-]*", bare) or bare in _STOP or bare.endswith("ly") or bare in MONTHS_LOW \
                or bare in WORD_NUMBERS:
            break
        if words and bare.endswith("ed"):  # 'people signed': a verb, not part of what is counted
            break
        words.append(bare)
        if bare != w or bare.endswith("s") or bare in ("people", "children", "men", "women") or len(words) == 2:
            break  # punctuation or a plural noun ends the phrase
    if words and words[-1][:1].isupper() and len(words) == 1 and not words[0].endswith("s"):
        return ""
    return " ".join(words)


MONTHS_LOW = {m.lower() for m in MONTHS}


def _counts(noun: str, fallback: str) -> str:
    return f"A number of {noun} (the words after the figure); check what exactly is counted." if noun else fallback


def find_numbers(paragraphs: list[str]) -> list[FoundNumber]:
    """Dates, years, figures with their scale (12 million, £1.4m), shares (65%, one in five, a third) and
    numbers in words (two weeks, two million pounds). Telephone numbers, e-mail and web addresses are skipped."""
    out: list[FoundNumber] = []
    words_rx = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    for pi, text in enumerate(paragraphs):
        if len(out) >= MAX_FOUND:
            break
        taken = bytearray(len(text))
        for m in _NOT_A_FIGURE.finditer(text):
            if not re.fullmatch(r"\d{1,3}(?:[ ,]\d{3})+|\d{4}-\d\d-\d\d", m.group()):
                taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())

        def add(s: int, e: int, value: float, unit: str, counts: str, why: str, conf: float,
                taken: bytearray = taken, text: str = text, pi: int = pi) -> None:
            if taken.find(1, s, e) >= 0:
                return
            taken[s:e] = b"\x01" * (e - s)
            approx = bool(_APPROX.search(text[max(0, s - 20):s]))
            out.append(FoundNumber(pi, text[s:e], value, unit, counts, approx, why, s, conf))

        patterns: list[tuple[re.Pattern[str], str]] = [
            (re.compile(rf"\b{_M}\s+(\d{{1,2}}),\s*((?:19|20)\d\d)\b"), "mdy"),
            (re.compile(rf"\b(\d{{1,2}})\s+{_M}\s+((?:19|20)\d\d)\b"), "dmy"),
            (re.compile(rf"\b{_M}\s+((?:19|20)\d\d)\b"), "my"),
            (re.compile(rf"\b{_M}\s+(\d{{1,2}})\b(?!\s*,?\s*\d)"), "md"),
            (re.compile(rf"\b(\d{{1,2}})\s+{_M}(?!\s*,?\s*\d)"), "dm"),
            (re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"), "iso"),
        ]
        for rx, kind in patterns:
            for m in rx.finditer(text):
                if len(out) >= MAX_FOUND:
                    break
                if kind in ("mdy", "dmy", "my", "iso"):
                    year = m.group(2) if kind in ("mdy", "dmy") else m.group(1)
                    add(m.start(), m.end(), float(year), "year", f"A date ({m.group()}); say what happened then.",
                        "a date with its year", 0.9)
                else:
                    month = next(w for w in m.group().split() if not w.isdigit())
                    add(m.start(), m.end(), float(m.group(1)), f"day of {month}",
                        f"A date ({m.group()}), year not stated; say what happened then.", "a date without a year", 0.8)
        for m in re.finditer(r"(?<![\w.,])(?P<cur>[£$€¥]\s?)?(?P<raw>\d{1,3}(?:,\d{3})+|"
                             r"\d{1,3}(?:[ \u202f\u00a0]\d{3})+(?!\d)|"
                             r"\d+(?:\.\d+)?)(?:\s*(?P<pct>%|per ?cent\b|percent\b)|\s+(?P<scale>thousand|million|"
                             r"billion|trillion)\b|(?P<sfx>k|m|mn|bn|b|tn)\b)?(?:(?P<ord>st|nd|rd|th)\b)?", text):
            s, e = m.start(), m.end()
            raw, pct, scale, sfx, ordinal, cur = (m.group("raw"), m.group("pct"), m.group("scale"), m.group("sfx"),
                                                  m.group("ord"), m.group("cur"))
            value = _to_number(raw)
            if re.fullmatch(r"(?:19|20)\d\d", raw) and not (pct or scale or sfx or cur):
                add(s, e, value, "year", f"The year {raw}; say what it dates.",
                    "a four-digit number that looks like a year",
                    0.8)
                continue
            if scale:
                value *= SCALES[scale]
            if sfx and (cur or sfx in ("bn", "mn", "tn")):
                value *= _SHORT_SCALES[sfx]
            elif sfx:
                e = m.end("raw")
            currency = _CURRENCY.get((cur or "").strip())
            noun = _noun_after(text, e + 1 if text[e:e + 1] == "-" else e)
            of = re.match(rf"\s+of\s+(?:its|the|their|our|his|her)\s+(?:(?:{words_rx}|\d+)\s+)?", text[e:e + 40], re.I)
            if of and not noun:
                noun = _noun_after(text, e + of.end())
            vote = re.search(r"\bvot\w*|\bpassed\b", text[max(0, s - 60):e + 40], re.I)
            if vote and (re.match(r"\s*(?:to|-|–)\s*\d", text[e:e + 6])
                         or re.search(r"\d\s*(?:to|-|–)\s*$", text[max(0, s - 6):s])):
                noun = "votes"
            if pct:
                unit, why, counts, conf = "%", "a percentage", "A percentage; say of what, and compared with what.", 0.8
            elif ordinal:
                unit, why, conf = "position", "an ordinal number", 0.5
                counts = "A position in an order (first, second...)."
            elif currency:
                unit, why, conf = currency, f"an amount in {currency}", 0.8
                counts = f"An amount in {currency}; say what it pays for or measures."
            else:
                unit = noun.split()[-1] if noun else "units"
                why, conf = ("a figure and the words after it", 0.65) if noun else ("a figure alone", 0.3)
                counts = _counts(noun, "What the figure counts is not guessed; say it in review.")
            add(s, e, value, unit, counts, why, conf)
        # shares in words: 'one in five', 'two in three', 'a third', 'two thirds'
        for m in re.finditer(rf"\b(?P<a>one|{words_rx})\s+in\s+(?P<b>{words_rx}|\d+)\b", text, re.I):
            if len(out) >= MAX_FOUND:
                break
            a = 1 if m.group("a").lower() == "one" else WORD_NUMBERS[m.group("a").lower()]
            b = float(m.group("b")) if m.group("b").isdigit() else WORD_NUMBERS[m.group("b").lower()]
            add(m.start(), m.end(), round(a / b, 4), "share", f"A share ({m.group()}); say of whom or what.",
                "a share in words", 0.7)
        for m in re.finditer(rf"\b(?P<a>a|one|{words_rx})\s+(?P<f>third|quarter|fifth|thirds|quarters|fifths)\b", text,
                             re.I):
            if len(out) >= MAX_FOUND:
                break
            a = 1 if m.group("a").lower() in ("a", "one") else WORD_NUMBERS[m.group("a").lower()]
            add(m.start(), m.end(), round(a * _FRACTIONS[m.group("f").lower()], 4), "share",
                f"A share ({m.group()}); say of what.", "a fraction in words", 0.6)
        # numbers in words, with a scale: 'two million pounds', 'thirty years', 'twelve-hour'
        for m in re.finditer(rf"\b(?P<w>{words_rx}|a|one)(?:[\s-]+(?P<scale>hundred|thousand|million|billion|"
                             rf"trillion))?(?=[\s-])", text, re.I):
            if len(out) >= MAX_FOUND:
                break
            word = m.group("w").lower()
            if word in ("a", "one") and not m.group("scale"):
                continue
            value = (1 if word in ("a", "one") else WORD_NUMBERS[word]) * (SCALES.get((m.group("scale") or "").lower(),
                                                                                      1)
                                                                          if m.group("scale") != "hundred" else 100)
            e = m.end()
            noun = _noun_after(text, e + 1 if text[e:e + 1] == "-" else e)
            of = re.match(rf"\s+of\s+(?:its|the|their|our|his|her)\s+(?:(?:{words_rx}|\d+)\s+)?", text[e:e + 40], re.I)
            if of:  # 'four of its nine branch libraries'
                noun = _noun_after(text, e + of.end())
            if not noun and not m.group("scale"):
                continue  # 'two of them': not a figure worth checking
            currency = next((c for c in ("pounds", "dollars", "euros", "yen") if noun.startswith(c)), None)
            if noun and not of:  # the anchor takes the words counted: 'two weeks', 'thirty years'
                tail = re.match(r"[\s-]+\S+" + r"\s+\S+" * (len(noun.split()) - 1), text[e:e + 60])
                if tail:
                    e += len(tail.group().rstrip(".,;:!?)\"”’'»"))
            add(m.start(), e, float(value), noun.split()[-1] if noun else "units",
                f"An amount in {currency}; say what it pays for or measures." if currency else
                _counts(noun, "What the figure counts is not guessed; say it in review."),
                "a number written in words", 0.6)
    out.sort(key=lambda n: (n.paragraph, n.start))
    return out[:MAX_FOUND]


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
    if _BODY_RX.search(low):
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
_CAPWORD = r"[A-ZÀ-Ý][\w’'-]+"
_NOT_BEFORE_NAME = {"said", "says", "told", "tells", "with", "from", "into", "visited", "near", "across", "about",
                    "against", "between", "under", "over", "during", "since", "until", "after", "before", "than",
                    "like", "where", "when", "while", "which", "that", "this", "their", "there", "here", "then", "also",
                    "both", "only"}
_NAMED = _lazy(rf"\b(?:{'|'.join(w.capitalize() for w in _ROLE_WORDS)}|"
                    rf"{'|'.join(_ROLE_WORDS)})\.?\s+(?P<a>{_CAPWORD}(?:\s+{_CAPWORD}){{1,2}})"
                    rf"|(?P<b>{_CAPWORD}(?:\s+{_CAPWORD}){{1,2}}),\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?(?:"
                    rf"{'|'.join(_ROLE_WORDS)})\b"
                    rf"|(?<=[a-z]),\s+(?P<c>{_CAPWORD}\s+{_CAPWORD})(?=,|\s+(?:said|says|told|who)\b)"
                    rf"|(?<=\s)(?P<t>[a-z][a-z-]{{3,}})\s+(?P<d>{_CAPWORD}\s+{_CAPWORD})(?=[\s,.;:])")


def find_names(paragraphs: list[str]) -> list[tuple[int, str]]:
    """People named with a role or title: 'Mayor Ana Lopes', 'Ana Lopes, president of ...', 'the planner,
    Ruth Adeyemi,', 'the opposition's foreign affairs critic Jane Doe'."""
    return [(pi, name) for pi, name, _ in _find_names(paragraphs)]


def _find_names(paragraphs: list[str]) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []
    for pi, text in enumerate(paragraphs):
        if len(out) >= MAX_FOUND:
            break
        for m in _NAMED.finditer(text):
            if m.group("t") and (m.group("t") in _NOT_BEFORE_NAME or m.group("t").endswith(("ed", "ing"))
                                 or m.group("t") in _BODY_WORDS
                                 or m.group("t") in _STOP or re.fullmatch(_VERB, m.group("t"))):
                continue
            raw = m.group("a") or m.group("b") or m.group("c") or m.group("d")
            name = re.split(r"[’']s\b", raw)[0]
            words = name.split()
            if len(words) < 2 or words[0] in MONTHS or words[0] in _DAYS or \
                    words[0] in ("The", "A", "An", "In", "On", "But", "And", "According", "After"):
                continue
            if any(w.lower().strip("’'") in _BODY_WORDS for w in words):
                continue
            out.append((pi, name, m.start(raw and next(g for g in "abcd" if m.group(g)) or 0)))
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
    "real": "A published report added by a teacher with kit new; its annotations are a draft until a person has "
            "reviewed them.",
    "fictional": "A FICTIONAL report written for teaching: the event, the people and the quotes are invented.",
    "constructed": "A real event retold for teaching by the person who added it; not a published report.",
}


class _Review:
    """The ``review:`` list of a draft: every guess with its reason and how sure the tool is (0 to 1)."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def __call__(self, target: str, reason: str, confidence: float) -> None:
        self.items.append({"target": target, "reason": reason, "confidence": round(max(0.0, min(1.0, confidence)), 2)})


_KIND_OF_SPEAKER = {"anonymous": "anonymous", "document": "document", "group": "group", "person": "person",
                    "role": "person"}


class _Cast:
    """The actors of a draft being built, found again by name or surname without scanning them all."""

    def __init__(self, outlet: str, outlet_id: str, nature: str, review: _Review) -> None:
        self.actors: list[dict[str, Any]] = [{
            "id": outlet_id, "name": outlet, "kind": "outlet",
            "description": ("The outlet that published the report; its own voice is the text outside quotes."
                            if nature == "real"
                            else "The outlet named for this text; its own voice is the text outside quotes."),
            "group": "outlet", "in_article": True}]
        self.by_key: dict[str, str] = {outlet.casefold(): outlet_id}
        self.by_word: dict[str, list[str]] = {}
        self.order: dict[str, int] = {outlet_id: 0}
        self.kind: dict[str, str] = {outlet_id: "outlet"}
        self.governments: list[str] = []
        self.review = review

    def _index(self, key: str, aid: str) -> None:
        self.by_key.setdefault(key, aid)
        for w in set(re.findall(r"[\w’'-]+", key)):
            if len(w) > 2 and w not in _STOP:
                self.by_word.setdefault(w, []).append(aid)

    def find(self, name: str, kind: str | None = None) -> str | None:
        """An actor already in the cast that ``name`` refers to (the same name, a surname, a shorter form)."""
        key = name.casefold().removeprefix("the ")
        if key in self.by_key:
            return self.by_key[key]
        if kind in ("anonymous", "document"):
            return None
        if " " not in key and len(key) >= 5 and key[:1].isalpha():  # 'China' for 'the Chinese government'
            gov = next((aid for aid in self.governments
                        if any(w.startswith(key[:-1]) for w in self.name(aid).casefold().split())), None)
            if gov is not None:
                return gov
        cands = sorted({a for w in re.findall(r"[\w’'-]+", key) for a in self.by_word.get(w, [])},
                       key=self.order.__getitem__)
        person = (kind or _kind_of(name)) == "person"
        for aid in cands:
            if self.kind[aid] in ("anonymous", "document"):
                continue
            k2 = self.name(aid).casefold().removeprefix("the ")
            if key == k2 or (len(key) > 3 and (f" {key}" in f" {k2}" or (" " in k2 and f" {k2}" in f" {key}") or
                                               key.split()[-1] == k2.split()[-1] and not person)):
                return aid
            if person and " " not in key and key in k2.split():  # a surname or first name alone
                return aid
        return None

    def add(self, name: str, kind: str, pi: int, why: str, confidence: float, description: str | None = None) -> str:
        aid = slug(name, "actor")
        while aid in self.order:
            aid += "-2"
        group = _GROUP_OF_KIND.get(kind, "other")
        self.actors.append({"id": aid, "name": name[0].upper() + name[1:], "kind": kind,
                            "description": description or f"Named in paragraph {pi + 1}; role and affiliation to be "
                                                          "filled in.",
                            "group": group, "in_article": True})
        self.order[aid] = len(self.actors) - 1
        self.kind[aid] = kind
        if kind == "government":
            self.governments.append(aid)
        self._index(name.casefold().removeprefix("the "), aid)
        self.review(f"actors[{len(self.actors) - 1}]",
                    f"{GUESSED}: {why}; check the name, kind, group and description.",
                    confidence)
        return aid

    def actor_for(self, name: str, pi: int, why: str, kind: str | None = None, confidence: float = 0.6) -> str:
        found = self.find(name, kind)
        if found is not None:
            return found
        kind = kind or _kind_of(name)
        if kind not in ("person", "anonymous", "document", "group"):
            name = re.sub(r"^[Tt]he\s+", "", name)
        return self.add(name, kind, pi, why, confidence)

    def name(self, aid: str) -> str:
        return str(self.actors[self.order[aid]]["name"])


def _stage_paragraphs(text: str, review: _Review) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """Paragraphs, their guessed roles and the article's ``paragraphs`` records."""
    sure = {"headline": 0.8, "caption": 0.8, "credit": 0.8, "quote": 0.7, "lede": 0.7, "body": 0.5}
    pairs = split_paragraphs(text)
    paras = [t for t, _ in pairs]
    roles: list[str] = []
    records: list[dict[str, Any]] = []
    first_body = True
    for i, (t, sep) in enumerate(pairs):
        role, why = guess_role(t, i, first_body)
        if role in ("lede", "body"):
            first_body = False
        roles.append(role)
        records.append({"id": f"p{i + 1}", "role": role, "text": t, "separator": sep})
        review(f"paragraphs[{i}].role", f"{GUESSED}: {role}, because it {why}.", sure[role])
    return paras, roles, records


def _stage_metadata(o: Options, paras: list[str], roles: list[str], review: _Review) -> tuple[str, str]:
    """The headline and the outlet's name, from the options or guessed."""
    headline = o.headline
    if headline is None:
        if roles and roles[0] == "headline":
            headline = paras[0].strip()
            review("metadata.headline", f"{GUESSED}: the first line of the text.", 0.7)
        else:
            first = " ".join(paras[0].split()[:12]) if paras else "Untitled report"
            headline = first + ("..." if len(paras[0].split()) > 12 else "")
            review("metadata.headline", f"{GUESSED}: no --headline was given, so the first words stand in for it; "
                   "give the real headline.", 0.2)
    outlet = o.outlet or "Unknown outlet"
    if o.outlet is None:
        review("metadata.outlet", f"{GUESSED}: no --outlet was given; name the outlet that published the report.", 0.0)
    return headline, outlet


class _Timeline:
    """Who was last named or quoted before a point of the text, to resolve 'he said', 'it said'."""

    def __init__(self) -> None:
        self.points: list[tuple[tuple[int, int], str, str]] = []  # ((paragraph, position), actor id, kind)

    def add(self, where: tuple[int, int], aid: str, kind: str) -> None:
        self.points.append((where, aid, kind))

    def freeze(self) -> None:
        self.points.sort(key=lambda p: p[0])
        self.keys = [p[0] for p in self.points]

    def last(self, where: tuple[int, int], kinds: tuple[str, ...] | None) -> str | None:
        found = self.last_at(where, kinds)
        return found[1] if found else None

    def last_at(self, where: tuple[int, int], kinds: tuple[str, ...] | None) -> tuple[tuple[int, int], str] | None:
        i = bisect.bisect_left(self.keys, where) - 1
        for k in range(i, max(i - 200, -1), -1):
            if kinds is None or self.points[k][2] in kinds:
                return self.points[k][0], self.points[k][1]
        return None


_BODY_KINDS = ("organisation", "government", "legislature", "party", "group", "document")


def _stage_speakers(found: list[FoundQuote], paras: list[str], cast: _Cast, review: _Review) -> None:
    """Turn the speaker phrases of the found quotes into actors (first pass: everything but pronouns)."""
    spokes_cache: dict[str, str | None] = {}
    interviewee: str | None = None
    timeline = _Timeline()
    for pi, name, at in _find_names(paras):
        nid = cast.actor_for(name, pi, f"'{name}' is named with a role in paragraph {pi + 1}", "person", 0.6)
        timeline.add((pi, at), nid, cast.kind[nid])
    if any(q.speaker_kind == "interviewee" for q in found):
        first_q = min(q.paragraph for q in found if q.speaker_kind == "interviewee")
        people = [a for a in cast.actors[1:] if a["kind"] == "person"
                  and any(a["name"] in paras[i] for i in range(first_q))]
        interviewee = people[0]["id"] if people else None
    resolved: dict[int, str | None] = {}
    for k, q in enumerate(found):
        kind, phrase = q.speaker_kind, q.speaker
        aid: str | None = None
        where = f"in paragraph {q.paragraph + 1}"
        if kind == "interviewee":
            aid = interviewee
            if aid:
                q.why += f": {cast.name(aid)}, named before the first question"
        elif phrase is None or kind == "pronoun":
            aid = None
        elif kind == "spokesperson":
            if phrase not in spokes_cache:
                spokes_cache[phrase] = _spokes_body(phrase, q.paragraph, paras, cast, timeline)
            aid = spokes_cache[phrase]
            if aid:
                q.why += f"; a spokesperson speaks for {cast.name(aid)}"
                q.confidence = min(q.confidence, 0.6)
        elif kind in ("anonymous", "document", "group", "role"):
            desc = ({"anonymous": f"A source the report does not name, described as '{phrase}' {where}.",
                     "document": f"A document or data quoted {where}: '{phrase}'; say which document.",
                     "group": f"A group of people credited {where}: '{phrase}'.",
                     "role": f"Named only by a title {where}: '{phrase}'."}[kind])
            aid = cast.find(phrase, _KIND_OF_SPEAKER[kind])
            if aid is None:
                aid = cast.add(phrase, _KIND_OF_SPEAKER[kind], q.paragraph,
                               f"'{phrase}' is credited with a quote {where}", 0.5, desc)
        elif kind == "body":
            body_kind = _kind_of(phrase)
            aid = cast.actor_for(phrase, q.paragraph, f"'{phrase}' is credited with a quote {where}",
                                 body_kind if body_kind not in ("person", "group") else "organisation", 0.6)
        else:  # person, name1
            aid = cast.actor_for(phrase, q.paragraph, f"'{phrase}' is credited with a quote {where}",
                                 None if kind == "name1" else "person", 0.6)
        resolved[k] = aid
        if aid is not None:
            timeline.add((q.paragraph, q.start), aid, cast.kind[aid])
    # surnames mentioned in the text count as mentions too ('Carvalho said ...' after 'Rita Carvalho')
    words: dict[str, str] = {}
    for a in cast.actors[1:]:
        if a["kind"] == "person":
            for w in a["name"].split():
                words.setdefault(w, a["id"])
    for pi, t in enumerate(paras):
        for m in re.finditer(_CAPWORD, t):
            if m.group() in words:
                timeline.add((pi, m.start()), words[m.group()], "person")
    timeline.freeze()
    for k, q in enumerate(found):  # second pass: pronouns point back
        if q.speaker_kind == "pronoun" and q.speaker is not None:
            want = _PRONOUNS[q.speaker]
            kinds: tuple[str, ...] | None = {"person": ("person", "anonymous"), "body": _BODY_KINDS}.get(want)
            hit = timeline.last_at((q.paragraph, q.start), kinds)
            aid = hit[1] if hit else None
            # a person named since, without a role: 'Ellen Marsh runs the bakery. "...," she said.'
            if want == "person":
                near = _last_person_named(paras, q.paragraph, q.start)
                if near is not None and (hit is None or near[0] > hit[0]):
                    aid = cast.actor_for(near[1], near[0][0], f"'{near[1]}' is named just before a quote "
                                         f"in paragraph {q.paragraph + 1}", "person", 0.5)
            resolved[k] = aid
            if aid:
                q.why = (f"'{q.speaker} {q.verb or ''}'".replace(" '",
                                                                 "'") + f" points back to {cast.name(aid)}, the last "
                         f"{'person' if want == 'person' else 'speaker'} named or quoted before it")
                q.confidence = min(q.confidence, 0.7)
            else:
                q.why = f"'{q.speaker}' points back to a speaker the tool could not find"
    for k, q in enumerate(found):
        q.speaker_id = resolved.get(k)


def _last_person_named(paras: list[str], pi: int, pos: int) -> tuple[tuple[int, int], str] | None:
    """The last person's name (two or more capitalised words) before a point, in its paragraph or the one before."""
    for i in (pi, pi - 1):
        if i < 0:
            break
        end = pos if i == pi else len(paras[i])
        start = max(0, end - 600)
        best = None
        for m in _NAME_RUN.finditer(paras[i], start, end):
            name = _person_name(m.group())
            if name and " " in name:
                best = ((i, m.start()), name)
        if best:
            return best
    return None


def _spokes_body(word: str, pi: int, paras: list[str], cast: _Cast, timeline: _Timeline) -> str | None:
    """The body a spokesperson speaks for: an actor with that word, a phrase ending in it earlier, or the last body."""
    if word:
        hit: str | None = next((str(a["id"]) for a in cast.actors[1:] if a["kind"] not in ("person", "anonymous",
                                                                                           "document")
                                and re.search(rf"\b{re.escape(word)}\b", a["name"], re.I)), None)
        if hit:
            return hit
        rx = re.compile(rf"(?:\b(?:{_CAPWORD}\s+){{1,4}}|\b[Tt]he\s+(?:[a-z]+\s+)?)(?i:{re.escape(word)})\b")
        for i in range(0, pi + 1):
            m = rx.search(paras[i])
            if m:
                phrase = re.sub(r"^[Tt]he\s+", "", m.group())
                kind = _kind_of(phrase)
                return cast.actor_for(phrase, i, f"'{phrase}' speaks through a spokesperson in paragraph {pi + 1}",
                                      kind if kind not in ("person", "group") else "organisation", 0.5)
    return timeline.last((pi, 1 << 30), _BODY_KINDS) if hasattr(timeline, "keys") else \
        next((a["id"] for a in reversed(cast.actors[1:]) if a["kind"] in _BODY_KINDS), None)


def _stage_quotes(found: list[FoundQuote], paras: list[str], cast: _Cast,
                  review: _Review) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The article's ``quotes`` and ``artefacts`` records (displaced quote marks) from the found quotes."""
    quotes: list[dict[str, Any]] = []
    artefacts: list[dict[str, Any]] = []
    for q in found:
        speaker_id = q.speaker_id
        if speaker_id is None:
            if UNKNOWN_SPEAKER not in cast.order:
                cast.actors.append({"id": UNKNOWN_SPEAKER, "name": "Speaker not yet identified", "kind": "person",
                                    "description": "A placeholder made by kit new for quotes whose speaker it could "
                                                   "not find; replace it in review.",
                                    "group": "other", "in_article": False})
                cast.order[UNKNOWN_SPEAKER] = len(cast.actors) - 1
                cast.kind[UNKNOWN_SPEAKER] = "person"
            speaker_id = UNKNOWN_SPEAKER
            q.confidence = 0.1
        reason = q.why if speaker_id == UNKNOWN_SPEAKER else f"{q.why}: '{cast.name(speaker_id)}'"
        i = len(quotes)
        qid = f"q{i + 1}-{slug(' '.join(re.findall(r'[A-Za-z]+', q.anchor)[:3]), 'quote')}"
        quotes.append({"id": qid, "paragraph": f"p{q.paragraph + 1}", "anchor": q.anchor, "speaker": speaker_id,
                       "mode": q.mode,
                       "speech_verb": q.verb if q.verb else {"absent": "not_found",
                                                             "reason": "No speech verb next to the quote."},
                       "language_spoken": {"absent": "not_found", "reason": "Not known yet; fill in during review."},
                       "translated": "unknown",
                       "note": f"{GUESSED}: {reason}."
                       + (f" The quotation marks look displaced: {q.artefact}." if q.artefact else "")
                       + " To review."})
        review(f"quotes[{i}].speaker", f"{GUESSED}: {reason}.", q.confidence)
        review(f"quotes[{i}].mode",
               f"{GUESSED}: " + ("words in quotation marks" if q.mode == "direct" and q.speaker_kind != "interviewee"
                                                      else "an answer in an interview" if q.mode == "direct" else
                                                      "reported speech with a speech verb") + ".",
               0.8 if q.mode == "direct" else 0.6)
        if q.artefact:
            k = len(artefacts)
            artefacts.append({"id": f"a{k + 1}-displaced-quote-marks", "paragraph": f"p{q.paragraph + 1}",
                              "anchor": q.anchor,
                              "kind": "displaced_quote_marks", "certainty": "likely",
                              "likely_original": {"absent": "not_found",
                                                  "reason": "Only the text before translation would show where the "
                                                            "marks were."},
                              "explanation": f"{GUESSED}: {q.artefact}."})
            review(f"artefacts[{k}]", f"{GUESSED}: {q.artefact}; check against the original if there is one.", 0.4)
    return quotes, artefacts


def _stage_numbers(found: list[FoundNumber], review: _Review) -> list[dict[str, Any]]:
    numbers: list[dict[str, Any]] = []
    for n in found:
        i = len(numbers)
        value: float | int = int(n.value) if n.value == int(n.value) else n.value
        numbers.append({"id": f"n{i + 1}-{slug(n.anchor, 'number')[:30]}", "paragraph": f"p{n.paragraph + 1}",
                        "anchor": n.anchor, "value": value, "unit": n.unit, "counts": n.counts,
                        "approximate": n.approximate, "context": f"{GUESSED}: {n.why}. To review."})
        review(f"numbers[{i}].counts", f"{GUESSED}: {n.why}; say what the figure counts and in which unit.",
               n.confidence)
    return numbers


def _stage_claims(found_numbers: list[FoundNumber], found_quotes: list[FoundQuote], quotes: list[dict[str, Any]],
                  paras: list[str], roles: list[str], outlet_id: str, review: _Review) -> list[dict[str, Any]]:
    """Claims: each sentence with a figure, in the outlet's voice unless inside a direct quote."""
    claims: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    direct: dict[int, list[tuple[int, int, str]]] = {}
    for fq, rec in zip(found_quotes, quotes, strict=False):
        if rec["mode"] == "direct":
            direct.setdefault(fq.paragraph, []).append((fq.start, fq.start + len(fq.anchor), rec["speaker"]))
    sents: dict[int, _Sentences] = {}
    for n in found_numbers:
        if roles[n.paragraph] in ("caption", "credit", "headline"):
            continue
        ptext = paras[n.paragraph]
        if n.paragraph not in sents:
            sents[n.paragraph] = _Sentences(ptext)
        sp = sents[n.paragraph]
        ls, rs = sp.around(n.start, n.start + len(n.anchor))
        raw = ptext[ls:rs]
        sentence = raw.strip()
        if not sentence or (n.paragraph, ls) in seen:
            continue
        seen.add((n.paragraph, ls))
        inside = next((who for s, e, who in direct.get(n.paragraph, []) if s <= n.start < e), None)
        voice = inside or outlet_id
        i = len(claims)
        claims.append({"id": f"c{i + 1}-{slug(' '.join(re.findall(r'[A-Za-z]+', sentence)[:3]), 'claim')}",
                       "paragraph": f"p{n.paragraph + 1}", "anchor": sentence, "voice": voice,
                       "kind": "estimate" if n.approximate else "fact", "checkable": True, "assessment": "unverified",
                       "facts": [], "note": f"{GUESSED}: a sentence with a figure ({n.anchor}). To review."})
        review(f"claims[{i}].voice",
               f"{GUESSED}: "
               + (f"inside a quote by {voice}" if inside else "outside quotation marks, so the outlet's own voice")
               + ".",
               0.7 if inside else 0.5)
    return claims


def _stage_captions_credits(paras: list[str], roles: list[str], found_numbers: list[FoundNumber], outlet: str,
                            outlet_id: str, review: _Review) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    captions: list[dict[str, Any]] = []
    credits: list[dict[str, Any]] = []
    for pi, (t, role) in enumerate(zip(paras, roles, strict=False)):
        if role == "caption":
            m = re.search(r"(?:Credit|Photo|Photograph|Image|Picture)s?\s*:\s*(?P<c>[^()]+?)\s*\)?\s*$", t[-300:],
                          re.I) or \
                re.search(r"\((?P<c>(?:AP|AFP|Reuters|Getty|EPA)[^)]*)\)\s*$", t[-300:])
            off = max(len(t) - 300, 0)
            credit = m.group("c").strip() if m else "not stated"
            describes = (t[:off + m.start()] if m else t).strip(" (") or t.strip()
            dates = [n for n in found_numbers if n.paragraph == pi and n.unit == "year" and re.search(r"\d{1,2}",
                                                                                                      n.anchor[:-4])]
            date = _iso(dates[0].anchor) if dates else None
            i = len(captions)
            cap: dict[str, Any] = {"id": f"cap{i + 1}", "paragraph": f"p{pi + 1}", "anchor": t.strip(),
                                   "credit": credit,
                                   "image_in_text": False, "describes": describes,
                                   "image_date": date or {"absent": "not_found",
                                                          "reason": "The caption gives no full date."}}
            if credit.casefold() == outlet.casefold():
                cap["credit_holder"] = outlet_id
            captions.append(cap)
            review(f"captions[{i}]", f"{GUESSED}: a caption; check the credit ({credit}) and what it describes.", 0.6)
        if role == "credit":
            for cm in re.finditer(r"(?P<role>Translated|Written(?: in \w+)?|Reported|Reporting|Edited|Editing|"
                                  r"By)\s+by?\s*(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})", t, re.I):
                if not cm.group("name")[:1].isupper():
                    continue
                r = cm.group("role").split()[0].lower()
                role_name = {"translated": "translator", "written": "writer", "reported": "reporter",
                             "reporting": "reporter",
                             "edited": "editor", "editing": "editor", "by": "byline"}[r]
                credits.append({"name": cm.group("name"), "role": role_name,
                                "where": f"Credit line in paragraph {pi + 1} of the text as received.",
                                "in_text_as_received": True})
                review(f"metadata.credits[{len(credits) - 1}]", f"{GUESSED}: '{cm.group()}' in paragraph {pi + 1}.",
                       0.7)
    return captions, credits


def build_draft(text: str, options: Options | None = None) -> Draft:
    """The draft article for a report's text (nothing is written).

    Stages: paragraphs and their roles, headline and outlet, quotes (found, then speakers resolved
    to actors, pronouns last), numbers, claims, captions and credits; every guess goes to the
    ``review:`` list with its reason and a confidence from 0 to 1.

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
    review = _Review()
    paras, roles, paragraphs = _stage_paragraphs(text, review)
    headline, outlet = _stage_metadata(o, paras, roles, review)
    outlet_id = slug(outlet, "outlet")
    cast = _Cast(outlet, outlet_id, o.nature, review)
    found_quotes = find_quotes(paras, roles)
    _stage_speakers(found_quotes, paras, cast, review)
    quotes, artefacts = _stage_quotes(found_quotes, paras, cast, review)
    found_numbers = find_numbers(paras)
    numbers = _stage_numbers(found_numbers, review)
    claims = _stage_claims(found_numbers, found_quotes, quotes, paras, roles, outlet_id, review)
    captions, credits = _stage_captions_credits(paras, roles, found_numbers, outlet, outlet_id, review)

    aid = o.id or slug(headline, "article")[:50].strip("-")
    today = _dt.date.today().isoformat()
    nature_note = o.nature_note or NATURE_NOTES[o.nature]
    article: dict[str, Any] = {
        "schema_version": 1,
        "id": aid,
        "status": "draft",
        "nature": {"kind": o.nature, "note": nature_note},
        "review": review.items,
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
                            "The text given to kit new; where it came from and whether it was translated or edited is "
                            "not recorded yet."),
        }],
        "paragraphs": paragraphs,
        "actors": cast.actors,
        "quotes": quotes,
        "claims": claims,
        "numbers": numbers,
        "captions": captions,
    }
    if artefacts:
        article["artefacts"] = artefacts
    for what, items in (("quotes", found_quotes), ("numbers", found_numbers)):
        if len(items) >= MAX_FOUND:
            review(what,
                   f"{GUESSED}: kit new stopped after {MAX_FOUND} {what}, so the rest of the text has none marked; "
                   "a news report rarely has this many: check that the file is one report, or split it.", 0.0)
    if o.nature == "real":
        review("provenance[0]", f"{GUESSED}: say where the text comes from (the outlet's page, a copy, a translation).",
               0.0)
    return Draft(article, text, found_quotes, found_numbers)


def _iso(date_text: str) -> str | None:
    m = re.match(rf"({_M})\s+(\d{{1,2}}),\s*(\d{{4}})", date_text) or re.match(rf"(\d{{1,2}})\s+({_M})\s+(\d{{4}})",
                                                                               date_text)
    if not m:
        return None
    if m.group(1).isdigit():
        day, month_name, year = m.group(1), m.group(2), m.group(3)
    else:
        month_name, day, year = m.group(1), m.group(2), m.group(3)
    month = next((i + 1 for i, name in enumerate(MONTHS) if name.startswith(month_name.rstrip("."))), None)
    return f"{year}-{month:02d}-{int(day):02d}" if month else None


# ------------------------------------------------------------------ writing

HEADER = ("# A DRAFT made by `python -m kit new` from {source} on {today}.\n"
          "# Every guessed value is listed under `review:` with the reason for the guess; review them in\n"
          "# notebook 11 (Your own article) or by hand, then run: python -m kit validate {folder}\n")


def dump_yaml(doc: dict[str, Any]) -> str:
    """The article as YAML, keys in schema order, Unicode kept as is."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's emitter when there
    floats = yaml.SafeDumper(io.StringIO())

    def node(v: Any) -> Any:  # the node tree built directly: the representer is most of the time on a long report
        if type(v) is str:
            style = '"' if v == "" or "\n" in v or "\r" in v or "\t" in v or v != v.strip() else None
            return yaml.ScalarNode("tag:yaml.org,2002:str", v, style=style)
        if isinstance(v, bool):
            return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if v else "false")
        if isinstance(v, int):
            return yaml.ScalarNode("tag:yaml.org,2002:int", str(v))
        if isinstance(v, float):
            return floats.represent_float(v)
        if v is None:
            return yaml.ScalarNode("tag:yaml.org,2002:null", "null")
        if isinstance(v, dict):
            return yaml.MappingNode("tag:yaml.org,2002:map", [(node(k), node(x)) for k, x in v.items()],
                                    flow_style=False)
        if isinstance(v, (list, tuple)):
            return yaml.SequenceNode("tag:yaml.org,2002:seq", [node(x) for x in v], flow_style=False)
        raise TypeError(f"cannot write {type(v).__name__} as YAML")

    return str(yaml.serialize(node(doc), Dumper=dumper, allow_unicode=True, width=120))


def write_draft(draft: Draft, out_dir: str | Path) -> Path:
    """Write ``<out_dir>/<id>/text.txt`` and ``article.yaml``; refuse to overwrite an existing folder.

    The folder is built beside its final place and renamed into it at the end, so a failure leaves
    nothing half-written.
    """
    aid = draft.article["id"]
    root = Path(out_dir)
    target: Path = root / str(aid)
    if target.exists():
        raise ScaffoldError(f"{target}: already exists; nothing was changed. Choose another --id, or move that folder "
                            "away first")
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
        raise ScaffoldError(f"{target}: could not be written ({exc.strerror or exc}); nothing was left "
                            "behind") from None
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
        h = next((h for h in hand.numbers if h.id not in used_n and h.paragraph == n["paragraph"]
                  and float(h.value) == float(n["value"])
                  and _overlap(n["anchor"], h.anchor, paras[n["paragraph"]])), None)
        if h is not None:
            used_n.add(h.id)
            right_numbers += 1
    return {"quotes": _pr(len(matched), len(draft_article.get("quotes", [])), len(hand.quotes)),
            "speakers": _pr(right_speakers, len(guessed_speakers), len(hand.quotes)),
            "numbers": _pr(right_numbers, len(draft_article.get("numbers", [])), len(hand.numbers))}


def _stems(text: str) -> set[str]:
    """Content words of a phrase, singular, for comparing unnamed speakers ('three officials' ~ 'an official')."""
    skip = {"the", "a", "an", "of", "one", "two", "three", "four", "five", "who", "with", "to", "at", "in", "by",
            "from",
            "and", "its", "his", "her", "their", "s", "second", "other", "another", "some", "several", "own"}
    words = (w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w.lower() not in skip}


def _same_name(a: str, b: str) -> bool:
    a, b = a.casefold().removeprefix("the "), b.casefold().removeprefix("the ")
    return a == b or (len(a) > 3 and a in b) or (len(b) > 3 and b in a)


def score_annotations(draft_article: dict[str, Any], hand: dict[str, Any]) -> dict[str, dict[str, float | int]]:
    """Precision and recall of a draft against hand annotations in the corpus format (``tests/corpus/*.yaml``).

    ``hand`` has ``quotes`` ({p, mode, speaker, kind, anchor, also?}), ``numbers`` ({p, anchor, value}) and
    ``actors`` ({name, kind}). Kinds scored:

    - ``quotes``: a found quote is right when it sits in the hand quote's paragraph, their anchors
      overlap (see :func:`_overlap`) and the speaker is right: the same name (or one of ``also``), or
      for an unnamed (``anonymous``) or ``document`` source, an actor of that kind sharing a word with
      the hand description ('a senior official' ~ 'one of the officials').
    - ``quote_spans``: the same without the speaker (was the quote found at all?).
    - ``numbers``: same paragraph, same value (within 1%), overlapping anchors.
    - ``anonymous``: hand quotes by an unnamed source, found with a speaker of kind ``anonymous``.
    - ``actors``: hand actors found among the draft's actors by name (recall only is meaningful).
    """
    paras = {p["id"]: p["text"] for p in draft_article["paragraphs"]}
    by_id = {a["id"]: a for a in draft_article["actors"]}
    found_q = draft_article.get("quotes", [])

    def right_speaker(q: dict[str, Any], h: dict[str, Any]) -> bool:
        actor = by_id.get(q["speaker"], {"name": "", "kind": ""})
        if h["kind"] in ("anonymous", "document"):
            return bool(actor["kind"] == h["kind"] and _stems(actor["name"]) & _stems(h["speaker"]))
        return any(_same_name(actor["name"], n) for n in [h["speaker"], *h.get("also", [])])

    def match(items: list[dict[str, Any]], hands: list[dict[str, Any]],
              ok: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        used: set[int] = set()
        out = []
        for q in items:
            cands = [k for k, h in enumerate(hands) if k not in used and f"p{h['p']}" == q["paragraph"]
                     and _overlap(q["anchor"], h["anchor"], paras[q["paragraph"]])]
            best = next((k for k in cands if ok(q, hands[k])), cands[0] if cands else None)
            if best is not None:
                used.add(best)
                out.append((q, hands[best]))
        return out

    hq = hand.get("quotes", [])
    pairs = match(found_q, hq, right_speaker)
    right = sum(1 for q, h in pairs if right_speaker(q, h))
    anon_hand = [h for h in hq if h["kind"] == "anonymous"]
    anon_found = [q for q in found_q if by_id.get(q["speaker"], {}).get("kind") == "anonymous"]
    anon_right = sum(1 for q,
                     h in pairs if h["kind"] == "anonymous" and by_id.get(q["speaker"], {}).get("kind") == "anonymous")

    def same_value(n: dict[str, Any], h: dict[str, Any]) -> bool:
        return abs(float(n["value"]) - float(h["value"])) <= 0.01 * max(abs(float(h["value"])), 0.01)

    hn = hand.get("numbers", [])
    npairs = match(draft_article.get("numbers", []), hn, same_value)
    nright = sum(1 for n, h in npairs if same_value(n, h))
    names = [a["name"] for a in draft_article["actors"]]
    ha = hand.get("actors", [])
    aright = sum(1 for h in ha if any(_same_name(n, h["name"]) for n in names))
    return {"quotes": _pr(right, len(found_q), len(hq)),
            "quote_spans": _pr(len(pairs), len(found_q), len(hq)),
            "numbers": _pr(nright, len(draft_article.get("numbers", [])), len(hn)),
            "anonymous": _pr(anon_right, len(anon_found), len(anon_hand)),
            "actors": _pr(aright, len(names) - 1, len(ha))}
