"""Views for the media-literacy lessons (notebooks 01-05): pure functions, charts and widgets.

Every function reads the article's records; none parses files, and none holds a figure of its own.
Pure functions (``role_counts``, ``quote_rows``, ``claim_counts``...) return plain data; ``*_html``
functions return escaped HTML; ``*_chart`` functions return a :class:`kit.display.Chart` with alt
text that states the numbers; widget factories return an ipywidgets widget without displaying it,
and keep their parts reachable as ``widget.kit`` for tests. Colour never carries meaning alone:
every highlight also has a label, a sign or a line style.

>>> from kit import load_article
>>> art = load_article()
>>> role_counts(art)["lede"]
1
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

from .display import HtmlView, INK, PALETTE, SEQUENCE, Chart, escape, icon, new_figure, gloss_text, guarded, quote_html, style_widget
from .chartcache import cached
from .choose import degrade

# ------------------------------------------------------------------------------------ shared

ROLE_LABELS: dict[str, str] = {
    "headline": "headline", "lede": "lede (the opening summary)", "body": "body (more of the news)",
    "quote": "quote (built around someone's words)", "background": "background (context)",
    "reaction": "reaction (what people said about it)", "caption": "photo caption", "credit": "credit line",
}
GROUP_LABELS: dict[str, str] = {
    "outlet": "The outlet's own voice", "activist": "Activists", "legislator": "Legislators",
    "government": "Governments", "researcher": "Researchers", "official_body": "Official bodies", "other": "Others",
}
ASSESSMENTS: dict[str, tuple[str, str]] = {
    "supported": ("✔", "supported by the sources"),
    "incomplete": ("◐", "true but incomplete"),
    "contradicted": ("✘", "contradicted by the sources"),
    "unverified": ("?", "not confirmed by the sources in the kit"),
    "not_checkable": ("—", "not checkable (a judgement, not a fact)"),
}
RELATIONS: dict[str, str] = {"supports": "supports the claim", "completes": "adds what the claim leaves out",
                             "contradicts": "contradicts the claim"}
KIND_LABELS: dict[str, str] = {
    "quotes": "quotes", "claims": "claims", "numbers": "numbers", "framing_terms": "framing terms",
    "artefacts": "translation artefacts", "captions": "captions",
}
HATCHES = ("", "//", "\\\\", "xx", "..", "++", "--", "oo")
_LINE_STYLES = ("solid", "dashed", "dotted", "double")




def _colour(i: int) -> str:
    return SEQUENCE[i % len(SEQUENCE)]


def _light(hex_colour: str, amount: float = 0.7) -> str:
    """A lighter tint of a colour, so dark text stays readable on it."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def _safe_url(url: Any) -> str | None:
    """An address that is safe to link (http or https only)."""
    return url if isinstance(url, str) and re.match(r"https?://", url) else None


def _short(text: str, n: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


_guarded = guarded


def _attach(box: Any, parts: Any) -> Any:
    box.kit = parts
    box.children = (*box.children, style_widget())  # last, so the parts keep their places
    return box


@dataclass(frozen=True)
class Span:
    """A stretch of a paragraph to highlight, with its label and style."""

    start: int
    end: int
    key: str
    label: str
    colour: str
    line: str = "solid"


def mark_html(text: str, spans: Sequence[Span]) -> str:
    """Escape ``text`` and highlight the spans (overlaps allowed), each with a numbered label.

    Each highlight has a background tint, an underline whose style depends on the span, and a
    bracketed label, so colour is never the only signal.

    Examples
    --------
    >>> html = mark_html("a <b> c", [Span(2, 5, "x", "1", "#E69F00")])
    >>> "<b>" in html, "[1]" in html, "&lt;b&gt;</mark>" in html
    (False, True, True)
    """
    if not spans:
        return escape(text)
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        starting = [s for s in spans if s.start == a]
        out.extend(f'<sup style="font-size:0.7em;font-weight:bold">[{escape(s.label)}]</sup>' for s in starting)
        piece = escape(text[a:b])
        if covering:
            top = covering[-1]
            title = escape(", ".join(s.key for s in covering))
            piece = (f'<mark title="{title}" style="background:{_light(top.colour)};color:inherit;'
                     f'border-bottom:2px {top.line} {top.colour};padding:0 1px">{piece}</mark>')
        out.append(piece)
    return "".join(out)



def _spans_for(art: Any, records: Iterable[Any], label: Callable[[int, Any], str],
               style: Callable[[Any], tuple[str, str]]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = {}
    for i, rec in enumerate(records, 1):
        start, end = art.span(rec)
        colour, line = style(rec)
        out.setdefault(rec.paragraph, []).append(Span(start, end, rec.id, label(i, rec), colour, line))
    return out


# ------------------------------------------------------------------------------------ 01 anatomy

def role_counts(art: Any) -> dict[str, int]:
    """Paragraphs per role, in the order roles first appear.

    Examples
    --------
    >>> from kit import load_article
    >>> role_counts(load_article())["caption"]
    2
    """
    return dict(Counter(p.role for p in art.paragraphs))


def words_by_role(art: Any) -> dict[str, int]:
    """Words per paragraph role (words are runs of characters between spaces)."""
    out: dict[str, int] = {}
    for p in art.paragraphs:
        out[p.role] = out.get(p.role, 0) + len(p.text.split())
    return out


def role_summary(art: Any) -> str:
    """One line per role: paragraphs and words, for a checked notebook output."""
    words = words_by_role(art)
    return "\n".join(f"{role}: {n} paragraph{'s' if n != 1 else ''}, {words[role]} words"
                     for role, n in role_counts(art).items())


def _role_colours(art: Any) -> dict[str, tuple[str, str]]:
    roles = list(role_counts(art))
    return {r: (_colour(i), _LINE_STYLES[i % len(_LINE_STYLES)]) for i, r in enumerate(roles)}


def paragraphs_html(art: Any, by: str = "role", role: str | None = None) -> str:
    """The text as received, paragraph by paragraph, coloured by role or with one kind of annotation.

    Parameters
    ----------
    by : str
        ``"role"``, or an annotation kind: quotes, claims, numbers, framing_terms, artefacts, captions.
    role : str, optional
        Show only paragraphs of this role.
    """
    colours = _role_colours(art)
    spans: dict[str, list[Span]] = {}
    notes: dict[str, list[str]] = {}
    if by != "role":
        if by not in KIND_LABELS:
            raise ValueError(f"cannot colour by {by!r}; choose role or one of: {', '.join(KIND_LABELS)}")
        records = getattr(art, by)
        spans = _spans_for(art, records, lambda i, r: str(i),
                           lambda r: (_colour(list(KIND_LABELS).index(by)), "solid"))
        for i, rec in enumerate(records, 1):
            notes.setdefault(rec.paragraph, []).append(f"[{i}] {annotation_note(art, by, rec)}")
    blocks = []
    for p in art.paragraphs:
        if role and p.role != role:
            continue
        colour, line = colours[p.role]
        body = mark_html(p.text, spans.get(p.id, []))
        note = "".join(f"<li>{escape(n)}</li>" for n in notes.get(p.id, []))
        note_html = f'<ul style="margin:2px 0 0 0;font-size:0.85em">{note}</ul>' if note else ""
        blocks.append(
            f'<div class="kit-paragraph" style="border-left:6px {line} {colour};padding:2px 8px;margin:4px 0">'
            f'<small><b>{escape(p.id)}</b> · <i>{escape(ROLE_LABELS.get(p.role, p.role))}</i></small><br>'
            f'{body}{note_html}</div>')
    return "".join(blocks) or "<p>No paragraph has that role.</p>"


def annotation_note(art: Any, kind: str, rec: Any) -> str:
    """A one-line plain-text description of an annotation, for lists under the text."""
    if kind == "quotes":
        return f"{art.actor(rec.speaker).name}, {rec.mode} quote"
    if kind == "claims":
        voice = "the outlet's own voice" if rec.voice == art.outlet.id else f"attributed to {art.actor(rec.voice).name}"
        return f"claim in {voice}; {ASSESSMENTS[rec.assessment][1]}"
    if kind == "numbers":
        return f"{rec.anchor}: {rec.counts}" + (f" {rec.context}" if rec.context else "")
    if kind == "framing_terms":
        return f"“{rec.anchor}”: {rec.kind}, {framing_category(art, rec)}"
    if kind == "artefacts":
        return f"“{rec.anchor}”: {rec.kind.replace('_', ' ')} ({rec.certainty})"
    if kind == "captions":
        return f"photo caption, credit {rec.credit}"
    return str(rec.id)  # pragma: no cover


def _legend_html(art: Any, by: str) -> str:
    if by == "role":
        items = [f'<span style="border-left:6px {line} {colour};padding:0 6px;margin-right:8px">'
                 f'{escape(ROLE_LABELS.get(r, r))}</span>' for r, (colour, line) in _role_colours(art).items()]
        return "<div style='font-size:0.85em;margin:4px 0'>" + " ".join(items) + "</div>"
    colour = _colour(list(KIND_LABELS).index(by))
    return (f"<div style='font-size:0.85em;margin:4px 0'><mark style='background:{_light(colour)};"
            f"border-bottom:2px solid {colour}'>highlighted</mark> = {escape(KIND_LABELS[by])}; "
            f"the [number] before each one points to the list under its paragraph.</div>")


def paragraph_explorer(art: Any) -> Any:
    """Widget: the text paragraph by paragraph, coloured by role or by a kind of annotation.

    Returns
    -------
    ipywidgets.VBox
        ``.kit.colour_by`` and ``.kit.role`` are the two menus, ``.kit.view`` the HTML.
    """
    import ipywidgets as w

    colour_by = w.Dropdown(options=[("paragraph role", "role")] + [(v, k) for k, v in KIND_LABELS.items()],
                           value="role", description="Colour by:", style={"description_width": "initial"})
    role = w.Dropdown(options=[("all roles", "")] + [(ROLE_LABELS.get(r, r), r) for r in role_counts(art)],
                      value="", description="Show:", style={"description_width": "initial"})
    legend, view, error = w.HTML(), w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        legend.value = _legend_html(art, colour_by.value)
        view.value = paragraphs_html(art, colour_by.value, role.value or None)

    run = _guarded(error, show)
    colour_by.observe(run, names="value")
    role.observe(run, names="value")
    run()
    box = w.VBox([w.HBox([colour_by, role]), legend, view, error])
    return _attach(box, _Parts(colour_by=colour_by, role=role, legend=legend, view=view, error=error))


class _Parts:
    """The parts of a widget, for tests."""

    def __init__(self, **parts: Any) -> None:
        self.__dict__.update(parts)


@cached()
def anatomy_chart(art: Any) -> Chart:
    """Bar chart: paragraphs per role, each bar labelled with its paragraphs and words."""
    counts, words = role_counts(art), words_by_role(art)
    roles = list(counts)[::-1]
    fig = new_figure(7, 0.5 * len(roles) + 1.2)
    ax = fig.add_subplot()
    colours = _role_colours(art)
    for i, r in enumerate(roles):
        ax.barh(i, counts[r], color=colours[r][0], hatch=HATCHES[i % len(HATCHES)], edgecolor="black")
        ax.text(counts[r] + 0.1, i, f"{counts[r]} ({words[r]} words)", va="center")
    ax.set_yticks(range(len(roles)), [ROLE_LABELS.get(r, r).split(" (")[0] for r in roles])
    ax.set_xlabel("paragraphs")
    ax.set_xlim(0, max(counts.values()) * 1.5)
    ax.set_title("The parts of the report")
    ax.spines[["top", "right"]].set_visible(False)
    total = sum(counts.values())
    alt = (f"Bar chart of the report's {total} paragraphs by role: "
           + "; ".join(f"{ROLE_LABELS.get(r, r).split(' (')[0]} {counts[r]} ({words[r]} words)" for r in counts) + ".")
    return Chart(fig, alt, data={"paragraphs": counts, "words": words})


@dataclass(frozen=True)
class Hit:
    """Where a search term occurs: a part of the report (headline, deck or a paragraph)."""

    part: str
    role: str
    text: str
    start: int
    end: int


def _fold_char(ch: str) -> str:
    ch = {"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "}.get(ch, ch)
    base = unicodedata.normalize("NFKD", ch)[:1] or ch
    return base.casefold()[:1] or base


def fold_same_length(text: str) -> str:
    """Lower-case ``text`` without accents or curly quotes, keeping every character's position.

    Examples
    --------
    >>> fold_same_length("Élan’s")
    "elan's"
    """
    return "".join(_fold_char(c) for c in text)


def _find_all(text: str, term: str) -> list[tuple[int, int]]:
    hay, needle = fold_same_length(text), " ".join(fold_same_length(term).split())
    if not needle:
        return []
    out, i = [], hay.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = hay.find(needle, i + 1)
    return out


def find_in_text(art: Any, term: str) -> list[Hit]:
    """Every occurrence of ``term`` (ignoring case, accents and curly quotes) in the headline,
    the deck and the paragraphs.

    Examples
    --------
    >>> from kit import load_article
    >>> [h.part for h in find_in_text(load_article(), "lower house")]
    ['p3', 'p15']
    """
    term = str(term)[:200]
    parts: list[tuple[str, str, str]] = [("headline", "headline", art.metadata.headline)]
    if isinstance(art.metadata.deck, str):
        parts.append(("deck", "deck (the line under the headline)", art.metadata.deck))
    parts.extend((p.id, p.role, p.text) for p in art.paragraphs)
    return [Hit(pid, role, text, a, b) for pid, role, text in parts for a, b in _find_all(text, term)]


def search_html(art: Any, term: str) -> str:
    """Search results as HTML: each hit highlighted in its paragraph."""
    if not str(term).strip():
        return "<p>Type a word or phrase to find it in the report.</p>"
    hits = find_in_text(art, term)
    if not hits:
        return f"<p>“{escape(_short(str(term), 60))}” does not occur in the report.</p>"
    by_part: dict[str, list[Hit]] = {}
    for h in hits:
        by_part.setdefault(h.part, []).append(h)
    rows = []
    for part, hs in by_part.items():
        spans = [Span(h.start, h.end, part, str(i), PALETTE["orange"]) for i, h in enumerate(hs, 1)]
        where = "headline (from RFA's page)" if part == "headline" else ("deck" if part == "deck" else f"{part} ({hs[0].role})")
        rows.append(f"<li><b>{escape(where)}</b>: {mark_html(hs[0].text, spans)}</li>")
    n = len(hits)
    return (f"<p>{n} occurrence{'s' if n != 1 else ''} in {len(by_part)} part{'s' if len(by_part) != 1 else ''} "
            f"of the report:</p><ul>{''.join(rows)}</ul>")


def text_search(art: Any, term: str = "") -> Any:
    """Widget: type a word, see where the report uses it (headline included)."""
    import ipywidgets as w

    box_in = w.Text(value=term, placeholder="a word or phrase, e.g. parliament", description="Find:")
    view, error = w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        view.value = search_html(art, box_in.value)

    run = _guarded(error, show)
    box_in.observe(run, names="value")
    run()
    return _attach(w.VBox([box_in, view, error]), _Parts(input=box_in, view=view, error=error))


# ------------------------------------------------------------------------------------ 02 voices

def quote_rows(art: Any, speaker: str | None = None, mode: str | None = None) -> list[dict[str, Any]]:
    """The quotes as table rows, optionally for one speaker (id or name) and one mode.

    Examples
    --------
    >>> from kit import load_article
    >>> [r["mode"] for r in quote_rows(load_article(), "Dolkun Isa")]
    ['direct', 'direct']
    """
    sid = art.actor(speaker).id if speaker else None
    rows = []
    for q in art.quotes:
        if (sid and q.speaker != sid) or (mode and q.mode != mode):
            continue
        a = art.actor(q.speaker)
        rows.append({"id": q.id, "speaker": a.name, "group": a.group, "paragraph": q.paragraph, "mode": q.mode,
                     "verb": q.speech_verb if isinstance(q.speech_verb, str) else "(none)",
                     "language": q.language_spoken if isinstance(q.language_spoken, str) else "not known",
                     "translated": q.translated, "words": q.words, "text": q.anchor})
    return rows


def quote_table_html(rows: Sequence[dict[str, Any]]) -> str:
    """Quote rows as an escaped HTML table."""
    if not rows:
        return "<p>No quotes match.</p>"
    head = ("<tr><th>speaker</th><th>where</th><th>direct or indirect</th><th>verb</th><th>language spoken</th>"
            "<th>translated?</th><th>words</th><th>what was said</th></tr>")
    body = "".join(
        f"<tr><td>{escape(r['speaker'])}</td><td>{escape(r['paragraph'])}</td><td>{escape(r['mode'])}</td>"
        f"<td>{escape(r['verb'])}</td><td>{escape(r['language'])}</td><td>{escape(r['translated'])}</td>"
        f"<td style='text-align:right'>{r['words']}</td><td>{escape(r['text'])}</td></tr>" for r in rows)
    return f"<table class='kit-quotes' style='font-size:0.9em'>{head}{body}</table>"


def quotes_per_speaker(art: Any) -> dict[str, dict[str, int]]:
    """For each speaker (by name, in order of first quote): direct, indirect and total quotes."""
    out: dict[str, dict[str, int]] = {}
    for q in art.quotes:
        rec = out.setdefault(art.actor(q.speaker).name, {"direct": 0, "indirect": 0, "total": 0})
        rec[q.mode] += 1
        rec["total"] += 1
    return out


def quote_summary(art: Any) -> str:
    """Quotes per speaker as text, most quoted first, for a checked notebook output."""
    per = quotes_per_speaker(art)
    order = sorted(per, key=lambda n: -per[n]["total"])
    return "\n".join(f"{n}: {per[n]['total']} ({per[n]['direct']} direct, {per[n]['indirect']} indirect)" for n in order)


@degrade("quotes", "Every word of it is in the outlet's own voice; the share-of-voice chart below shows it.", needs=lambda a: bool(a.quotes))
def quote_table(art: Any) -> Any:
    """Widget: every quote in a table, filterable by speaker and by direct/indirect."""
    import ipywidgets as w

    speaker = w.Dropdown(options=[("everyone", "")] + [(a.name, a.id) for a in art.speakers()], value="",
                         description="Speaker:")
    mode = w.Dropdown(options=[("direct and indirect", ""), ("direct only", "direct"), ("indirect only", "indirect")],
                      value="", description="Kind:")
    count, view, error = w.HTML(), w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        rows = quote_rows(art, speaker.value or None, mode.value or None)
        count.value = f"<p role='status'><b>{len(rows)}</b> quote{'s' if len(rows) != 1 else ''} shown.</p>"
        view.value = quote_table_html(rows)

    run = _guarded(error, show)
    speaker.observe(run, names="value")
    mode.observe(run, names="value")
    run()
    box = w.VBox([w.HBox([speaker, mode]), count, view, error])
    return _attach(box, _Parts(speaker=speaker, mode=mode, count=count, view=view, error=error))


def voice_words(art: Any) -> list[tuple[str, str, int]]:
    """(group, label, words) for every family of voices the data knows, largest first.

    A group with no words in direct quotes is kept, with 0, when one of the data's absent voices
    belongs to it (for example a researcher): a voice the report does not give.
    """
    words = art.words_by_group()
    absent = {a.group for a in art.absent_voices()}
    groups = [g for g in dict.fromkeys(["outlet"] + [a.group for a in art.actors]) if words.get(g) or g in absent]
    out = []
    for g in groups:
        speakers = [a.name for a in art.speakers() if a.group == g and any(q.mode == "direct" for q in art.quotes_by(a.id))]
        label = GROUP_LABELS.get(g, g) + (f" ({', '.join(speakers)})" if speakers and g != "outlet" else "")
        if g == "outlet":
            label += f" ({art.outlet.name})"
        out.append((g, label, int(words.get(g, 0))))
    return sorted(out, key=lambda t: -t[2])


def voice_summary(art: Any, shares: bool = True) -> str:
    """Words by voice as text, with shares (or without: for a student to work them out), for a checked output."""
    rows = voice_words(art)
    total = sum(n for _, _, n in rows)
    return "\n".join(f"{label}: {n} words" + (f" ({_pct(n, total)})" if shares else "") for _, label, n in rows)


@cached()
def share_of_voice_chart(art: Any) -> Chart:
    """Bar chart: words in the outlet's own voice and in each family of quoted voices."""
    rows = voice_words(art)
    total = sum(n for _, _, n in rows)
    fig = new_figure(8, 0.55 * len(rows) + 1.4)
    ax = fig.add_subplot()
    for i, (_group, _label, n) in enumerate(rows[::-1]):
        ax.barh(i, n, color=_colour(len(rows) - 1 - i), hatch=HATCHES[(len(rows) - 1 - i) % len(HATCHES)], edgecolor="black")
        ax.text(n + total * 0.01, i, f"{n} words ({_pct(n, total)})", va="center")
    ax.set_yticks(range(len(rows)), [_short(label, 60) for _, label, _ in rows[::-1]])
    ax.set_xlim(0, max(n for _, _, n in rows) * 1.45)
    ax.set_xlabel("words")
    ax.set_title("Share of voice: whose words fill the report?")
    ax.spines[["top", "right"]].set_visible(False)
    alt = (f"Bar chart of the report's {total} words by voice (words in direct quotes count for the speaker's group; "
           "every other word is the outlet's): " + "; ".join(f"{label}: {n} words, {_pct(n, total)}" for _, label, n in rows) + ".")
    return Chart(fig, alt, data={g: n for g, _, n in rows})


def absent_voices(art: Any) -> HtmlView:
    """The people the data records as part of the event but not named or quoted in the report."""
    items, lines = [], []
    for a in art.absent_voices():
        src = ", ".join(art.source(s).publisher for s in a.sources)
        items.append(f"<li><b>{escape(a.name)}</b> ({escape(GROUP_LABELS.get(a.group, a.group).lower())}): "
                     f"{escape(a.description)}" + (f" <small>Sources: {escape(src)}.</small>" if src else "") + "</li>")
        lines.append(f"- {a.name}: {a.description}")
    html = f"<div class='kit-absent'><p><b>Not heard in the report:</b></p><ul>{''.join(items)}</ul></div>"
    return HtmlView(html, "Not heard in the report:\n" + "\n".join(lines))


# ------------------------------------------------------------------------------------ 03 claims

def is_outlet_voice(art: Any, claim: Any) -> bool:
    """True when a claim is in the outlet's own voice, not attributed to anyone."""
    return bool(claim.voice == art.outlet.id)


def claim_counts(art: Any) -> dict[str, dict[str, int]]:
    """Claims by assessment, split into the outlet's own voice and attributed voices."""
    out = {k: {"outlet": 0, "attributed": 0} for k in ASSESSMENTS}
    for c in art.claims:
        out[c.assessment]["outlet" if is_outlet_voice(art, c) else "attributed"] += 1
    return out


def claim_summary(art: Any) -> str:
    """Claims by assessment and voice as text, for a checked notebook output."""
    counts = claim_counts(art)
    own = sum(v["outlet"] for v in counts.values())
    other = sum(v["attributed"] for v in counts.values())
    checkable = sum(1 for c in art.claims if c.checkable)
    lines = [f"{own + other} claims: {own} in the outlet's own voice, {other} attributed to someone; {checkable} checkable"]
    lines += [f"{ASSESSMENTS[k][1]}: {v['outlet']} outlet, {v['attributed']} attributed" for k, v in counts.items()]
    return "\n".join(lines)


@cached()
def claims_chart(art: Any) -> Chart:
    """Grouped bars: claims by assessment, the outlet's own voice beside attributed voices."""
    counts = claim_counts(art)
    keys = list(counts)
    fig = new_figure(8, 4)
    ax = fig.add_subplot()
    width = 0.38
    for j, (who, label, hatch) in enumerate((("outlet", "outlet's own voice", ""), ("attributed", "attributed to someone", "//"))):
        xs = [i + (j - 0.5) * width for i in range(len(keys))]
        vals = [counts[k][who] for k in keys]
        ax.bar(xs, vals, width, label=label, color=_colour(j), hatch=hatch, edgecolor="black")
        for x, v in zip(xs, vals):
            ax.text(x, v + 0.2, str(v), ha="center")
    ax.set_xticks(range(len(keys)), [f"{ASSESSMENTS[k][0]} {k.replace('_', ' ')}" for k in keys])
    ax.set_ylabel("claims")
    ax.set_title("Claims in the report, by what the sources say")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    alt = ("Grouped bar chart of the report's claims by assessment, outlet's own voice vs attributed: "
           + "; ".join(f"{k.replace('_', ' ')}: {counts[k]['outlet']} outlet, {counts[k]['attributed']} attributed" for k in keys) + ".")
    return Chart(fig, alt, data=counts)


def source_card_html(art: Any, source_id: str, quote: str = "", note: str = "", gloss: str = "") -> str:
    """One source as a card (the 'other tab' a fact-checker would open): title, publisher, date,
    kind, language, address, and the short passage the fact rests on."""
    s = art.source(source_id)
    url = _safe_url(s.url)
    title = (f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(s.title)}</a>' if url
             else escape(s.title))
    date = s.date if isinstance(s.date, str) else "date not recorded"
    where = f"<br><small>{escape(url)}</small>" if url else "<br><small>(address not recorded)</small>"
    q = f'<blockquote style="margin:2px 0 2px 10px">{quote_html(quote, gloss)}</blockquote>' if quote else ""
    n = f"<br><small><i>{escape(note)}</i></small>" if note else ""
    return (f'<div class="kit-source" style="border:1px solid #bbb;padding:3px 8px;margin:3px 0">'
            f"{icon('document')}{title}<br><small>{escape(s.publisher)} · {escape(date)} · {escape(s.kind.replace('_', ' '))} · "
            f"language: {escape(s.language)}</small>{where}{q}{n}</div>")


def fact_html(art: Any, fact: Any, relation: str | None = None) -> str:
    """A fact of the registry with its confidence and its sources."""
    rel = f" <small>({escape(RELATIONS.get(relation, relation))})</small>" if relation else ""
    sources = "".join(source_card_html(art, c.source, c.quote, c.note, c.gloss) for c in fact.sources)
    conf = fact.confidence.replace("_", " ")
    note = f"<br><small>{escape(fact.note)}</small>" if fact.note else ""
    return (f'<div class="kit-fact" style="border-left:4px solid {PALETTE["blue"]};padding:2px 8px;margin:6px 0">'
            f"<b>{escape(fact.statement)}</b>{rel}<br><small>How sure the kit is: <i>{escape(conf)}</i></small>"
            f"{note}{sources}</div>")


@degrade("facts, claims or conflicts this part of the lesson is about", "This part of the lesson is about the case study; facts with their sources can be added to an article in notebook 11.")
def fact_card(art: Any, fact_id: str) -> HtmlView:
    """A fact of the registry with its sources, ready to show in a notebook (a 'source card')."""
    fact = art.fact(fact_id)
    lines = [fact.statement, f"How sure: {fact.confidence.replace('_', ' ')}"]
    for c in fact.sources:
        s = art.source(c.source)
        lines.append(f"- {s.title} ({s.publisher})" + (f": “{c.quote}”" if c.quote else "")
                     + (gloss_text(c.gloss) if c.quote else ""))
    return HtmlView(fact_html(art, fact), "\n".join(lines))


@degrade("facts, claims or conflicts this part of the lesson is about", "This part of the lesson is about the case study; facts with their sources can be added to an article in notebook 11.")
def claim_facts_text(art: Any, claim_id: str) -> str:
    """A claim's assessment and linked facts as plain text, for a checked notebook output.

    Examples
    --------
    >>> from kit import load_article
    >>> claim_facts_text(load_article(), "c-stain").splitlines()[1]
    'Assessment: not checkable (a judgement, not a fact)'
    """
    claim = art.get(claim_id)
    lines = [f"Claim: {claim.anchor}", f"Assessment: {ASSESSMENTS[claim.assessment][1]}"]
    lines += [f"- {rel}: {f.statement}" for f, rel in art.facts_for(claim)]
    return "\n".join(lines)


def claim_card_html(art: Any, claim: Any) -> str:
    """The claim as the student first sees it: the sentence, where it is, whose voice (no verdict)."""
    voice = ("the outlet's own voice (no one is named as its source)" if is_outlet_voice(art, claim)
             else f"attributed to {art.actor(claim.voice).name}")
    p = art.paragraph(claim.paragraph)
    start, end = art.span(claim)
    text = mark_html(p.text, [Span(start, end, claim.id, "claim", PALETTE["orange"])])
    return (f'<div class="kit-claim"><p><b>The claim</b> (paragraph {p.number}, {escape(voice)}; '
            f"kind: {escape(claim.kind)}):</p><blockquote style='margin:4px 0 4px 12px'>{text}</blockquote></div>")


def evidence_html(art: Any, claim: Any) -> str:
    """The kit's assessment of a claim, its note, and every linked fact with its sources."""
    sign, label = ASSESSMENTS[claim.assessment]
    note = f"<p>{escape(claim.note)}</p>" if claim.note else ""
    facts = art.facts_for(claim)
    if facts:
        order = {"contradicts": 0, "completes": 1, "supports": 2}
        body = "".join(fact_html(art, f, rel) for f, rel in sorted(facts, key=lambda t: order.get(t[1], 3)))
    else:
        body = "<p><i>No fact in the kit's registry bears on this claim.</i></p>"
    return (f'<div class="kit-evidence"><p><b>{escape(sign)} The kit\'s assessment: {escape(label)}.</b></p>'
            f"{note}<p>The other tabs (facts and sources):</p>{body}</div>")


VERDICTS: tuple[tuple[str, str], ...] = (
    ("The sources back it up", "supported"),
    ("True, but it leaves something out", "incomplete"),
    ("The sources say otherwise", "contradicted"),
    ("The sources here do not settle it", "unverified"),
    ("It cannot be checked: it is a judgement", "not_checkable"),
)


def verdict_feedback(art: Any, claim_id: str, verdict: Any) -> tuple[bool | None, str]:
    """Compare a student's verdict on a claim with the kit's assessment.

    Returns
    -------
    tuple
        (True, message) when they match, (False, message) when not, (None, message) when no
        verdict was chosen.

    Examples
    --------
    >>> from kit import load_article
    >>> verdict_feedback(load_article(), "c-vote-169-1", "supported")[0]
    False
    """
    claim = art.get(claim_id)
    if not isinstance(verdict, str) or verdict not in ASSESSMENTS:
        return None, "Choose your verdict first, then press the button."
    label = ASSESSMENTS[claim.assessment][1]
    if verdict == claim.assessment:
        return True, f"Your verdict matches the kit's: {label}. Read the sources below to see why."
    near = {frozenset(("supported", "incomplete")): "Close: what the claim says is right, but look at what the facts add.",
            frozenset(("unverified", "not_checkable")): "Close: neither can be settled here, but for different reasons: "
                                                         "a judgement cannot be checked at all, a fact just is not confirmed yet."}
    hint = near.get(frozenset((verdict, claim.assessment)), "Compare your reasons with the sources below.")
    return False, f"The kit's assessment differs: {label}. {hint}"


def _claim_label(art: Any, c: Any) -> str:
    who = "outlet" if is_outlet_voice(art, c) else art.actor(c.voice).name
    return f"p{art.paragraph(c.paragraph).number} · {who} · {_short(c.anchor, 70)}"


def claim_checker(art: Any, claims: Sequence[str] | None = None) -> Any:
    """Widget: pick a claim, give your verdict, then see the kit's assessment with facts and sources.

    The evidence stays hidden until the student has chosen a verdict and pressed the button.
    """
    import ipywidgets as w

    pool = [art.get(c) for c in claims] if claims else list(art.claims)
    pick = w.Dropdown(options=[(_claim_label(art, c), c.id) for c in pool], value=pool[0].id,
                      description="Claim:", layout=w.Layout(width="95%"))
    card = w.HTML()
    verdict = w.RadioButtons(options=list(VERDICTS), value=None, description="Your verdict:",
                             style={"description_width": "initial"}, layout=w.Layout(width="auto"))
    button = w.Button(description="Check my verdict", button_style="primary")
    result, evidence, error = w.HTML(), w.HTML(), w.HTML()

    def show_claim(_change: Any = None) -> None:
        card.value = claim_card_html(art, art.get(pick.value))
        verdict.value = None
        result.value = evidence.value = ""

    def check(_button: Any = None) -> None:
        ok, message = verdict_feedback(art, pick.value, verdict.value)
        mark = {True: "✔", False: "✘", None: ""}[ok]
        result.value = f'<p role="status"><b>{mark}</b> {escape(message)}</p>'
        if ok is not None:
            evidence.value = f'<div role="status">{evidence_html(art, art.get(pick.value))}</div>'

    pick.observe(_guarded(error, show_claim), names="value")
    button.on_click(_guarded(error, check))
    _guarded(error, show_claim)()
    box = w.VBox([pick, card, verdict, button, result, evidence, error])
    return _attach(box, _Parts(pick=pick, card=card, verdict=verdict, button=button, result=result,
                               evidence=evidence, error=error))


def number_card_html(art: Any, number: Any) -> str:
    """A number of the text in context: what it counts, its context, and the facts behind it."""
    p = art.paragraph(number.paragraph)
    start, end = art.span(number)
    text = mark_html(p.text, [Span(start, end, number.id, "number", PALETTE["orange"])])
    approx = " (approximate)" if number.approximate else ""
    facts = "".join(fact_html(art, art.fact(f)) for f in number.facts)
    ctx = f"<p><b>In context:</b> {escape(number.context)}</p>" if number.context else ""
    return (f'<div class="kit-number"><p><b>“{escape(number.anchor)}”</b>{escape(approx)}: {escape(number.counts)}</p>'
            f"{ctx}<details><summary>Where it is (paragraph {p.number})</summary>{text}</details>"
            + (f"<p>Facts behind it:</p>{facts}" if facts else "<p><i>No fact in the registry is linked.</i></p>") + "</div>")


@degrade("numbers with a context or linked facts", "What each figure counts is in the article's data; add a context or a fact to a number to see it here.",
         needs=lambda a: any(n.context or n.facts for n in a.numbers))
def numbers_in_context(art: Any) -> Any:
    """Widget: pick a number of the report and see what it counts and what it leaves out."""
    import ipywidgets as w

    pool = [n for n in art.numbers if n.context or n.facts]
    pick = w.Dropdown(options=[(f"“{n.anchor}” (p{art.paragraph(n.paragraph).number})", n.id) for n in pool],
                      value=pool[0].id, description="Number:")
    view, error = w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        view.value = number_card_html(art, art.get(pick.value))

    run = _guarded(error, show)
    pick.observe(run, names="value")
    run()
    return _attach(w.VBox([pick, view, error]), _Parts(pick=pick, view=view, error=error))


# ------------------------------------------------------------------------------------ 04 framing

FRAMING_CATEGORIES: dict[str, str] = {
    "outlet": "in the outlet's own voice",
    "quote": "inside a direct quote",
    "reported": "in reported speech (someone's view in the outlet's words)",
}


def framing_category(art: Any, term: Any) -> str:
    """Where a framing term sits: the outlet's voice, a direct quote, or reported speech."""
    return FRAMING_CATEGORIES[_framing_key(art, term)]


def _framing_key(art: Any, term: Any) -> str:
    if term.in_quote:
        return "quote"
    return "outlet" if term.voice == art.outlet.id else "reported"


def framing_rows(art: Any, where: str | None = None, kind: str | None = None) -> list[Any]:
    """Framing terms, optionally only those in one place (outlet, quote, reported) or of one kind."""
    return [t for t in art.framing_terms
            if (where is None or _framing_key(art, t) == where) and (kind is None or t.kind == kind)]


def framing_counts(art: Any) -> dict[str, dict[str, int]]:
    """Framing terms by place (outlet, quote, reported) and kind."""
    kinds = list(dict.fromkeys(t.kind for t in art.framing_terms))
    out = {k: {kind: 0 for kind in kinds} for k in FRAMING_CATEGORIES}
    for t in art.framing_terms:
        out[_framing_key(art, t)][t.kind] += 1
    return out


def framing_summary(art: Any) -> str:
    """Framing terms by place and kind, as text, for a checked notebook output."""
    lines = []
    for where, kinds in framing_counts(art).items():
        total = sum(kinds.values())
        detail = ", ".join(f"{n} {k}" for k, n in kinds.items() if n)
        lines.append(f"{FRAMING_CATEGORIES[where]}: {total} ({detail})")
    return "\n".join(lines)


@degrade("framing terms", "Words that frame (evaluative words, labels, spellings) can be added to the article's data.", needs=lambda a: bool(a.framing_terms))
@cached()
def framing_chart(art: Any) -> Chart:
    """Stacked bars: framing terms in the outlet's voice, in quotes and in reported speech, by kind."""
    counts = framing_counts(art)
    places = list(counts)
    kinds = list(next(iter(counts.values())))
    fig = new_figure(8, 3.6)
    ax = fig.add_subplot()
    left = [0] * len(places)
    for j, kind in enumerate(kinds):
        vals = [counts[p][kind] for p in places]
        ax.barh(range(len(places)), vals, left=left, color=_colour(j), hatch=HATCHES[j % len(HATCHES)],
                edgecolor="black", label=kind)
        for i, v in enumerate(vals):
            if v:
                ax.text(left[i] + v / 2, i, str(v), ha="center", va="center",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        left = [a + b for a, b in zip(left, vals)]
    short = {"outlet": "outlet's own voice", "quote": "inside direct quotes", "reported": "reported speech"}
    ax.set_yticks(range(len(places)), [short.get(p, p) for p in places])
    ax.set_xlabel("framing terms")
    ax.set_title("Where the framing words are")
    ax.legend(frameon=False, ncols=len(kinds), loc="upper center", bbox_to_anchor=(0.5, -0.2))
    ax.spines[["top", "right"]].set_visible(False)
    alt = ("Stacked bar chart of framing terms by where they sit and their kind: "
           + "; ".join(f"{FRAMING_CATEGORIES[p]}: {sum(counts[p].values())} ("
                       + ", ".join(f"{n} {k}" for k, n in counts[p].items()) + ")" for p in places) + ".")
    return Chart(fig, alt, data=counts)


def variant_counts(art: Any, words: Sequence[str]) -> dict[str, int]:
    """How often each spelling occurs in the paragraphs, as a whole word or word start
    (``Uyghur`` also counts ``Uyghurs``), ignoring case.

    Examples
    --------
    >>> from kit import load_article
    >>> variant_counts(load_article(), ["Uighur"])["Uighur"]
    2
    """
    text = "\n".join(p.text for p in art.paragraphs)
    return {w: len(re.findall(r"(?<!\w)" + re.escape(w), text, flags=re.IGNORECASE)) for w in words}


def _framing_style(art: Any) -> Callable[[Any], tuple[str, str]]:
    keys = list(FRAMING_CATEGORIES)
    return lambda t: (_colour(keys.index(_framing_key(art, t))), _LINE_STYLES[keys.index(_framing_key(art, t))])


def _artefact_style(a: Any) -> tuple[str, str]:
    return (PALETTE["vermillion"], "solid") if a.certainty == "confirmed" else (PALETTE["blue"], "dashed")


def highlight_html(art: Any, what: str = "framing", where: str | None = None) -> str:
    """Paragraphs with framing terms (or translation artefacts) highlighted, with a list of each.

    Parameters
    ----------
    what : str
        ``"framing"`` or ``"artefacts"``.
    where : str, optional
        framing: ``outlet``, ``quote`` or ``reported``; artefacts: ``confirmed`` or ``likely``.
    """
    if what == "framing":
        recs = framing_rows(art, where)
        style = _framing_style(art)
    elif what == "artefacts":
        recs = [a for a in art.artefacts if where is None or a.certainty == where]
        style = _artefact_style
    else:
        raise ValueError(f"cannot highlight {what!r}; choose framing or artefacts")
    numbered = list(enumerate(recs, 1))
    spans = _spans_for(art, recs, lambda i, r: str(i), style)
    blocks = []
    for p in art.paragraphs:
        if p.id not in spans:
            continue
        items = []
        for i, r in numbered:
            if r.paragraph != p.id:
                continue
            if what == "framing":
                alts = f" Other words: {', '.join(r.alternatives)}." if r.alternatives else ""
                who = art.actor(r.voice).name
                items.append(f"[{i}] “{r.anchor}”: {r.kind}, {framing_category(art, r)} ({who}).{alts}"
                             + (f" {r.note}" if r.note else ""))
            else:
                orig = r.likely_original if isinstance(r.likely_original, str) else "not known (RFA's text not seen here)"
                seen = {"read": " (RFA's own wording, read in its stored page)",
                        "guess": " (a guess: RFA's wording here was not seen)"}.get(r.original_basis, "")
                items.append(f"[{i}] “{r.anchor}”: {r.kind.replace('_', ' ')}, {r.certainty}. "
                             f"Likely original{seen}: {orig.rstrip('.')}. {r.explanation}")
        lis = "".join(f"<li>{escape(t)}</li>" for t in items)
        blocks.append(f'<div class="kit-paragraph" style="margin:6px 0"><small><b>{escape(p.id)}</b></small> '
                      f'{mark_html(p.text, spans[p.id])}<ul style="font-size:0.85em;margin:2px 0">{lis}</ul></div>')
    return "".join(blocks) or "<p>Nothing to highlight with this choice.</p>"


def _highlight_legend(what: str) -> str:
    if what == "framing":
        keys = list(FRAMING_CATEGORIES)
        items = [f"<mark style='background:{_light(_colour(i))};border-bottom:2px {_LINE_STYLES[i]} {_colour(i)}'>"
                 f"{escape(FRAMING_CATEGORIES[k])}</mark>" for i, k in enumerate(keys)]
    else:
        items = [f"<mark style='background:{_light(PALETTE['vermillion'])};border-bottom:2px solid {PALETTE['vermillion']}'>"
                 "confirmed (solid underline)</mark>",
                 f"<mark style='background:{_light(PALETTE['blue'])};border-bottom:2px dashed {PALETTE['blue']}'>"
                 "likely (dashed underline)</mark>"]
    return "<div style='font-size:0.85em;margin:4px 0'>Key: " + " · ".join(items) + "</div>"


def highlighter(art: Any, what: str = "framing") -> Any:
    """Widget: the paragraphs with framing terms or translation artefacts highlighted and explained.

    Parameters
    ----------
    what : str
        ``"framing"`` (filter by the outlet's voice, quotes or reported speech) or
        ``"artefacts"`` (filter by confirmed or likely).
    """
    import ipywidgets as w

    if what == "framing":
        options = [("everywhere", "")] + [(v, k) for k, v in FRAMING_CATEGORIES.items()]
    elif what == "artefacts":
        options = [("all artefacts", ""), ("confirmed only", "confirmed"), ("likely only", "likely")]
    else:
        raise ValueError(f"cannot highlight {what!r}; choose framing or artefacts")
    where = w.Dropdown(options=options, value="", description="Show:", layout=w.Layout(width="auto"))
    legend, view, error = w.HTML(_highlight_legend(what)), w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        view.value = highlight_html(art, what, where.value or None)

    run = _guarded(error, show)
    where.observe(run, names="value")
    run()
    return _attach(w.VBox([where, legend, view, error]), _Parts(where=where, legend=legend, view=view, error=error))


# ------------------------------------------------------------------------------------ 05 provenance

@dataclass(frozen=True)
class Mark:
    """A phrase a student marked as suspect, located in its paragraph."""

    paragraph: str
    phrase: str
    start: int
    end: int


@dataclass(frozen=True)
class HuntResult:
    """How a student's marks compare with the artefacts the data records."""

    hits: tuple[tuple[Mark, str], ...]
    misses: tuple[Mark, ...]
    found: tuple[str, ...]
    not_found: tuple[str, ...]


def locate_mark(art: Any, paragraph: Any, phrase: Any) -> Mark | str:
    """Find a marked phrase in its paragraph; return a :class:`Mark`, or a message saying what to fix."""
    try:
        p = art.paragraph(paragraph)
    except Exception:  # any unknown or odd paragraph reference
        return "Choose a paragraph first."
    phrase = " ".join(str(phrase if phrase is not None else "").split())[:300]
    if len(re.sub(r"\W", "", phrase)) < 2:
        return "Type (or paste) the words that look wrong, at least two letters."
    spots = _find_all(p.text, phrase)
    if not spots:
        return f"“{_short(phrase, 60)}” is not in paragraph {p.number}: copy the words exactly as they are there."
    a, b = spots[0]
    return Mark(p.id, p.text[a:b], a, b)


def score_marks(art: Any, marks: Sequence[Mark]) -> HuntResult:
    """Compare marks with the artefacts: a mark hits an artefact when their spans overlap.

    Examples
    --------
    >>> from kit import load_article
    >>> art = load_article()
    >>> m = locate_mark(art, "p6", "he declared")
    >>> score_marks(art, [m]).found
    ('a-he-declared',)
    """
    hits: list[tuple[Mark, str]] = []
    misses: list[Mark] = []
    found: list[str] = []
    for m in marks:
        hit = [a.id for a in art.artefacts if a.paragraph == m.paragraph
               and m.start < art.span(a)[1] and art.span(a)[0] < m.end]
        if hit:
            hits.extend((m, h) for h in hit)
            found.extend(h for h in hit if h not in found)
        else:
            misses.append(m)
    not_found = tuple(a.id for a in art.artefacts if a.id not in found)
    return HuntResult(tuple(hits), tuple(misses), tuple(a.id for a in art.artefacts if a.id in found), not_found)


def hunt_summary(art: Any, result: HuntResult) -> str:
    """The score of an artefact hunt as one line of text."""
    conf = [a for a in result.found if art.get(a).certainty == "confirmed"]
    return (f"You found {len(result.found)} of the {len(art.artefacts)} artefacts the kit records "
            f"({len(conf)} confirmed, {len(result.found) - len(conf)} likely); "
            + (f"{len(result.misses)} of your marks matched no recorded artefact." if result.misses
               else ("every one of your marks matched a recorded artefact." if result.found else "you made no mark yet.")))


def reveal_html(art: Any, result: HuntResult) -> str:
    """After the hunt: every artefact, whether the student found it, and what the data says."""
    found = set(result.found)
    rows = []
    for a in art.artefacts:
        mark = "✔ found" if a.id in found else "· not marked"
        orig = a.likely_original if isinstance(a.likely_original, str) else "not known (RFA's text was not seen here)"
        orig += {"read": " (RFA's own wording, read in its stored page)",
                 "guess": " (a guess: RFA's wording here was not seen)"}.get(a.original_basis, "")
        src = ", ".join(art.source(s).publisher for s in a.sources) or "inference, no source to compare"
        rows.append(f"<tr><td>{escape(mark)}</td><td>{escape(a.paragraph)}</td><td>“{escape(a.anchor)}”</td>"
                    f"<td>{escape(a.certainty)}</td><td>{escape(a.kind.replace('_', ' '))}</td><td>{escape(orig)}</td>"
                    f"<td>{escape(a.explanation)} <small>({escape(src)})</small></td></tr>")
    misses = "".join(f"<li>{escape(m.paragraph)}: “{escape(m.phrase)}”</li>" for m in result.misses)
    miss_html = (f"<p>Your marks that match no recorded artefact (they may still be odd wording: compare with "
                 f"the notes):</p><ul>{misses}</ul>") if misses else ""
    return (f"<p><b>{escape(hunt_summary(art, result))}</b></p>"
            "<table class='kit-artefacts' style='font-size:0.88em'><tr><th>you</th><th>where</th><th>text as received</th>"
            "<th>certainty</th><th>kind</th><th>likely original</th><th>why</th></tr>" + "".join(rows) + "</table>" + miss_html)


def artefact_hunt(art: Any) -> Any:
    """Widget: read a paragraph, mark the words that look like translation slips, then reveal.

    Nothing about the artefacts is shown before the student presses "Reveal".
    """
    import ipywidgets as w

    pick = w.Dropdown(options=[(f"paragraph {p.number} ({p.role})", p.id) for p in art.paragraphs],
                      value=art.paragraphs[0].id, description="Read:")
    text = w.HTML()
    phrase = w.Text(placeholder="copy the suspect words here", description="Suspect:", layout=w.Layout(width="60%"))
    mark_button = w.Button(description="Mark", tooltip="Add these words to your list")
    clear_button = w.Button(description="Clear my marks")
    reveal_button = w.Button(description="Reveal", button_style="warning", tooltip="Show the artefacts the kit records")
    status, marked, revealed, error = w.HTML(), w.HTML(), w.HTML(), w.HTML()
    marks: list[Mark] = []

    def show_paragraph(_change: Any = None) -> None:
        p = art.paragraph(pick.value)
        mine = [Span(m.start, m.end, "your mark", "you", PALETTE["orange"]) for m in marks if m.paragraph == p.id]
        text.value = f"<blockquote style='margin:4px 0 4px 12px'>{mark_html(p.text, mine)}</blockquote>"

    def show_marks() -> None:
        items = "".join(f"<li>{escape(m.paragraph)}: “{escape(m.phrase)}”</li>" for m in marks)
        marked.value = f"<p>Your marks ({len(marks)}):</p><ul>{items}</ul>" if marks else "<p>No marks yet.</p>"

    def add(_button: Any = None) -> None:
        got = locate_mark(art, pick.value, phrase.value)
        if isinstance(got, str):
            status.value = f"<p role='status'>{escape(got)}</p>"
            return
        if got not in marks:
            marks.append(got)
        status.value = f"<p role='status'>✔ Marked “{escape(got.phrase)}”.</p>"
        phrase.value = ""
        show_marks()
        show_paragraph()

    def clear(_button: Any = None) -> None:
        marks.clear()
        revealed.value = status.value = ""
        show_marks()
        show_paragraph()

    def reveal(_button: Any = None) -> None:
        revealed.value = f"<div role='status'>{reveal_html(art, score_marks(art, marks))}</div>"

    pick.observe(_guarded(error, show_paragraph), names="value")
    mark_button.on_click(_guarded(error, add))
    clear_button.on_click(_guarded(error, clear))
    reveal_button.on_click(_guarded(error, reveal))
    _guarded(error, show_paragraph)()
    show_marks()
    box = w.VBox([pick, text, w.HBox([phrase, mark_button]), status, marked,
                  w.HBox([clear_button, reveal_button]), revealed, error])
    return _attach(box, _Parts(pick=pick, text=text, phrase=phrase, mark_button=mark_button, clear_button=clear_button,
                               reveal_button=reveal_button, status=status, marked=marked, revealed=revealed,
                               error=error, marks=marks))


def artefact_counts(art: Any) -> dict[str, dict[str, int]]:
    """Artefacts by kind and certainty (confirmed, likely)."""
    out: dict[str, dict[str, int]] = {}
    for a in art.artefacts:
        out.setdefault(a.kind, {"confirmed": 0, "likely": 0})[a.certainty] += 1
    return out


@degrade("translation or republication artefacts", "Its chain of versions is shown above.", needs=lambda a: bool(a.artefacts))
def artefact_summary(art: Any) -> str:
    """Artefacts confirmed vs likely, and by kind, as text for a checked notebook output."""
    counts = artefact_counts(art)
    conf = sum(v["confirmed"] for v in counts.values())
    likely = sum(v["likely"] for v in counts.values())
    lines = [f"{conf + likely} artefacts: {conf} confirmed, {likely} likely"]
    lines += [f"{k.replace('_', ' ')}: {v['confirmed']} confirmed, {v['likely']} likely" for k, v in counts.items()]
    return "\n".join(lines)


@degrade("translation or republication artefacts", "Its chain of versions is shown above.", needs=lambda a: bool(a.artefacts))
@cached()
def artefact_chart(art: Any) -> Chart:
    """Stacked bars: translation artefacts by kind, confirmed (solid) and likely (hatched)."""
    counts = artefact_counts(art)
    kinds = list(counts)[::-1]
    fig = new_figure(8, 0.5 * len(kinds) + 1.6)
    ax = fig.add_subplot()
    conf = [counts[k]["confirmed"] for k in kinds]
    likely = [counts[k]["likely"] for k in kinds]
    ax.barh(range(len(kinds)), conf, color=PALETTE["vermillion"], edgecolor="black", label="confirmed")
    ax.barh(range(len(kinds)), likely, left=conf, color=PALETTE["sky"], hatch="//", edgecolor="black", label="likely")
    for i, (c, lk) in enumerate(zip(conf, likely)):
        ax.text(c + lk + 0.1, i, f"{c} confirmed, {lk} likely", va="center")
    ax.set_yticks(range(len(kinds)), [k.replace("_", " ") for k in kinds])
    ax.set_xlim(0, max(c + lk for c, lk in zip(conf, likely)) * 2.2)
    ax.set_xlabel("artefacts")
    ax.set_title("Traces of the round trip through French")
    ax.legend(frameon=False, loc="lower right")
    ax.spines[["top", "right"]].set_visible(False)
    total_c, total_l = sum(conf), sum(likely)
    alt = (f"Stacked bar chart of {total_c + total_l} translation artefacts by kind, {total_c} confirmed and "
           f"{total_l} likely: " + "; ".join(f"{k.replace('_', ' ')}: {counts[k]['confirmed']} confirmed, "
                                              f"{counts[k]['likely']} likely" for k in counts) + ".")
    return Chart(fig, alt, data=counts)


MADE_BY: dict[str, str] = {"author": "written by the outlet", "human_translation": "translated by a person",
                           "machine_translation": "machine translation", "republication": "republished",
                           "unknown": "made by unknown means"}


@cached()
def provenance_chart(art: Any) -> Chart:
    """The chain of versions as boxes and arrows; a box's border is solid when the version is
    confirmed and dashed when it is only inferred or likely."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    versions = list(art.provenance)
    n = len(versions)
    fig = new_figure(2.9 * n + 0.6, 2.6)
    ax = fig.add_subplot()
    ax.set_xlim(0, 3 * n)
    ax.set_ylim(0, 2)
    ax.axis("off")
    for i, v in enumerate(versions):
        x = 3 * i + 0.2
        solid = v.certainty == "confirmed"
        ax.add_patch(FancyBboxPatch((x, 0.35), 2.4, 1.3, boxstyle="round,pad=0.05", linewidth=2,
                                    linestyle="-" if solid else "--", edgecolor="black",
                                    facecolor=_light(_colour(i), 0.6)))
        label = "\n".join(_wrap(v.label, 22))
        ax.text(x + 1.2, 1.15, f"{i + 1}. {label}", ha="center", va="center", fontsize=9, weight="bold")
        ax.text(x + 1.2, 0.6, f"{v.language} · {MADE_BY.get(v.made_by, v.made_by)}\ncertainty: {v.certainty}",
                ha="center", va="center", fontsize=9)
        if i < n - 1:
            ax.add_patch(FancyArrowPatch((x + 2.42, 1.0), (x + 2.98, 1.0), arrowstyle="-|>", mutation_scale=18,
                                         linewidth=1.5, color="black", shrinkA=0, shrinkB=0, zorder=3))
    ax.set_title("The chain of versions: how the text reached us", fontsize=10)
    alt = ("Diagram of the chain of versions, left to right: " + " → ".join(
        f"{i + 1}. {v.label} ({v.language}, {MADE_BY.get(v.made_by, v.made_by)}; certainty: {v.certainty})"
        for i, v in enumerate(versions)) + ". Solid borders mark confirmed versions, dashed borders inferred ones.")
    return Chart(fig, alt, data={"versions": [v.id for v in versions]})


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for wd in words:
        if line and len(line) + 1 + len(wd) > width:
            lines.append(line)
            line = wd
        else:
            line = f"{line} {wd}".strip()
    return lines + ([line] if line else [])


def provenance_summary(art: Any) -> str:
    """The chain of versions, one line each, for a checked notebook output."""
    return "\n".join(f"{i}. {v.label}: {v.language}, {MADE_BY.get(v.made_by, v.made_by)}, {v.certainty}"
                     for i, v in enumerate(art.provenance, 1))


def provenance_table(art: Any) -> HtmlView:
    """The versions with how each was made, how sure the kit is, and where it can be read."""
    rows, lines = [], []
    for i, v in enumerate(art.provenance, 1):
        url = _safe_url(v.url)
        where = f'<a href="{escape(url)}" target="_blank" rel="noopener noreferrer">{escape(url)}</a>' if url else "not found"
        rows.append(f"<tr><td>{i}</td><td><b>{escape(v.label)}</b></td><td>{escape(v.language)}</td>"
                    f"<td>{escape(MADE_BY.get(v.made_by, v.made_by))}</td><td>{escape(v.certainty)}</td>"
                    f"<td>{escape(v.description)}</td><td>{where}</td></tr>")
        lines.append(f"{i}. {v.label} ({v.language}, {MADE_BY.get(v.made_by, v.made_by)}, {v.certainty}): {v.description}")
    html = ("<table class='kit-provenance' style='font-size:0.9em'><tr><th>#</th><th>version</th><th>language</th>"
            "<th>made by</th><th>certainty</th><th>what we know</th><th>where</th></tr>" + "".join(rows) + "</table>")
    return HtmlView(html, "\n".join(lines))


__all__ = [
    "HtmlView", "Span", "mark_html", "role_counts", "words_by_role", "role_summary", "paragraphs_html",
    "paragraph_explorer", "anatomy_chart", "find_in_text", "search_html", "text_search", "quote_rows",
    "quote_table_html", "quotes_per_speaker", "quote_summary", "quote_table", "voice_words", "voice_summary",
    "share_of_voice_chart", "absent_voices", "claim_counts", "claim_summary", "claims_chart", "source_card_html",
    "fact_html", "claim_card_html", "evidence_html", "verdict_feedback", "claim_checker", "number_card_html",
    "numbers_in_context", "framing_rows", "framing_counts", "framing_summary", "framing_chart", "variant_counts",
    "highlight_html", "highlighter", "locate_mark", "score_marks", "hunt_summary", "reveal_html", "artefact_hunt",
    "artefact_counts", "artefact_summary", "artefact_chart", "provenance_chart", "provenance_table",
    "fold_same_length", "framing_category", "is_outlet_voice", "annotation_note", "fact_card", "claim_facts_text",
    "provenance_summary",
]
