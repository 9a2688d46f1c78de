"""Notebook 01, the anatomy of a report: the text paragraph by paragraph, coloured by role or by a
kind of annotation, and the parts of the report as a chart.

>>> from kit import load_article
>>> role_summary(load_article()).splitlines()[0].startswith("lede: 1 paragraph")
True
"""

from __future__ import annotations

from typing import Any

from ..article import Article
from ..chartcache import cached
from ..controls import widgets
from ..counting import is_outlet_voice, role_counts, words_by_role
from ..display import Chart, escape, new_figure, tint
from ..model import Artefact, Claim, FramingTerm, Number, Quote
from .base import (
    ASSESSMENTS,
    HATCHES,
    LINE_STYLES,
    Annotation,
    Parts,
    Span,
    attach_parts,
    framing_category,
    mark_html,
    series_colour,
    show_on_change,
    spans_for,
)

ROLE_LABELS: dict[str, str] = {
    "headline": "headline", "lede": "lede (the opening summary)", "body": "body (more of the news)",
    "quote": "quote (built around someone's words)", "background": "background (context)",
    "reaction": "reaction (what people said about it)", "caption": "photo caption", "credit": "credit line",
}


KIND_LABELS: dict[str, str] = {
    "quotes": "quotes", "claims": "claims", "numbers": "numbers", "framing_terms": "framing terms",
    "artefacts": "translation artefacts", "captions": "captions",
}


def role_summary(art: Article) -> str:
    """One line per role: paragraphs and words, for a checked notebook output."""
    words = words_by_role(art)
    return "\n".join(f"{role}: {n} paragraph{'s' if n != 1 else ''}, {words[role]} words"
                     for role, n in role_counts(art).items())


def _role_colours(art: Article) -> dict[str, tuple[str, str]]:
    roles = list(role_counts(art))
    return {r: (series_colour(i), LINE_STYLES[i % len(LINE_STYLES)]) for i, r in enumerate(roles)}


def paragraphs_html(art: Article, by: str = "role", role: str | None = None) -> str:
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
        spans = spans_for(art, records, lambda i, r: str(i),
                           lambda r: (series_colour(list(KIND_LABELS).index(by)), "solid"))
        for i, rec in enumerate(records, 1):
            notes.setdefault(rec.paragraph, []).append(f"[{i}] {annotation_note(art, rec)}")
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


def annotation_note(art: Article, rec: Annotation) -> str:
    """A one-line plain-text description of an annotation, for lists under the text."""
    if isinstance(rec, Quote):
        return f"{art.actor(rec.speaker).name}, {rec.mode} quote"
    if isinstance(rec, Claim):
        voice = "the outlet's own voice" if is_outlet_voice(art, rec) else f"attributed to {art.actor(rec.voice).name}"
        return f"claim in {voice}; {ASSESSMENTS[rec.assessment][1]}"
    if isinstance(rec, Number):
        return f"{rec.anchor}: {rec.counts}" + (f" {rec.context}" if rec.context else "")
    if isinstance(rec, FramingTerm):
        return f"“{rec.anchor}”: {rec.kind}, {framing_category(art, rec)}"
    if isinstance(rec, Artefact):
        return f"“{rec.anchor}”: {rec.kind.replace('_', ' ')} ({rec.certainty})"
    return f"photo caption, credit {rec.credit}"


def _legend_html(art: Article, by: str) -> str:
    if by == "role":
        items = [f'<span style="border-left:6px {line} {colour};padding:0 6px;margin-right:8px">'
                 f'{escape(ROLE_LABELS.get(r, r))}</span>' for r, (colour, line) in _role_colours(art).items()]
        return "<div style='font-size:0.85em;margin:4px 0'>" + " ".join(items) + "</div>"
    colour = series_colour(list(KIND_LABELS).index(by))
    return (f"<div style='font-size:0.85em;margin:4px 0'><mark style='background:{tint(colour)};"
            f"border-bottom:2px solid {colour}'>highlighted</mark> = {escape(KIND_LABELS[by])}; "
            f"the [number] before each one points to the list under its paragraph.</div>")


def paragraph_explorer(art: Article) -> Any:
    """Widget: the text paragraph by paragraph, coloured by role or by a kind of annotation.

    Returns
    -------
    ipywidgets.VBox
        ``.kit.colour_by`` and ``.kit.role`` are the two menus, ``.kit.view`` the HTML.
    """
    w = widgets()

    colour_by = w.Dropdown(options=[("paragraph role", "role")] + [(v, k) for k, v in KIND_LABELS.items()],
                           value="role", description="Colour by:", style={"description_width": "initial"})
    role = w.Dropdown(options=[("all roles", "")] + [(ROLE_LABELS.get(r, r), r) for r in role_counts(art)],
                      value="", description="Show:", style={"description_width": "initial"})
    legend, view, error = w.HTML(), w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        legend.value = _legend_html(art, colour_by.value)
        view.value = paragraphs_html(art, colour_by.value, role.value or None)

    show_on_change(error, show, colour_by, role)
    box = w.VBox([w.HBox([colour_by, role]), legend, view, error])
    return attach_parts(box, Parts(colour_by=colour_by, role=role, legend=legend, view=view, error=error))


@cached()
def anatomy_chart(art: Article) -> Chart:
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
