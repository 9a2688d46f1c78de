"""Views shown in more than one lesson: the text search (01, 02), the highlighter (04, 05) and the
fact explorer (00, 06).

Each takes a :class:`kit.article.Article`; widget factories return an ipywidgets widget without
displaying it, with their parts as ``widget.kit`` (for tests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..article import Article
from ..controls import widgets
from ..counting import Hit, find_in_text, framing_place, framing_rows
from ..display import PALETTE, escape, link_html, quote_html, short, style_widget, tint
from ..model import Artefact, Fact, FramingTerm
from .base import (
    FRAMING_CATEGORIES,
    LINE_STYLES,
    ORIGINAL_BASIS,
    Parts,
    Span,
    attach_parts,
    framing_category,
    mark_html,
    series_colour,
    show_on_change,
    spans_for,
)


def search_html(art: Article, term: str) -> str:
    """Search results as HTML: each hit highlighted in its paragraph."""
    if not str(term).strip():
        return "<p>Type a word or phrase to find it in the report.</p>"
    hits = find_in_text(art, term)
    if not hits:
        return f"<p>“{escape(short(str(term), 60))}” does not occur in the report.</p>"
    by_part: dict[str, list[Hit]] = {}
    for h in hits:
        by_part.setdefault(h.part, []).append(h)
    rows = []
    for part, hs in by_part.items():
        spans = [Span(h.start, h.end, part, str(i), PALETTE["orange"]) for i, h in enumerate(hs, 1)]
        where = ("headline (from RFA's page)" if part == "headline"
                 else "deck" if part == "deck" else f"{part} ({hs[0].role})")
        rows.append(f"<li><b>{escape(where)}</b>: {mark_html(hs[0].text, spans)}</li>")
    n = len(hits)
    return (f"<p>{n} occurrence{'s' if n != 1 else ''} in {len(by_part)} part{'s' if len(by_part) != 1 else ''} "
            f"of the report:</p><ul>{''.join(rows)}</ul>")


def text_search(art: Article, term: str = "") -> Any:
    """Widget: type a word, see where the report uses it (headline included)."""
    w = widgets()

    box_in = w.Text(value=term, placeholder="a word or phrase, e.g. parliament", description="Find:")
    view, error = w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        view.value = search_html(art, box_in.value)

    show_on_change(error, show, box_in)
    return attach_parts(w.VBox([box_in, view, error]), Parts(input=box_in, view=view, error=error))


def _framing_style(art: Article) -> Callable[[FramingTerm], tuple[str, str]]:
    keys = list(FRAMING_CATEGORIES)
    return lambda t: (series_colour(keys.index(framing_place(art, t))), LINE_STYLES[keys.index(framing_place(art, t))])


def _artefact_style(a: Artefact) -> tuple[str, str]:
    return (PALETTE["vermillion"], "solid") if a.certainty == "confirmed" else (PALETTE["blue"], "dashed")


def _framing_item(art: Article, i: int, r: FramingTerm) -> str:
    alts = f" Other words: {', '.join(r.alternatives)}." if r.alternatives else ""
    who = art.actor(r.voice).name
    return (f"[{i}] “{r.anchor}”: {r.kind}, {framing_category(art, r)} ({who}).{alts}"
            + (f" {r.note}" if r.note else ""))


def _artefact_item(i: int, r: Artefact) -> str:
    orig = r.likely_original if isinstance(r.likely_original, str) else "not known (RFA's text not seen here)"
    return (f"[{i}] “{r.anchor}”: {r.kind.replace('_', ' ')}, {r.certainty}. "
            f"Likely original{ORIGINAL_BASIS.get(r.original_basis, '')}: {orig.rstrip('.')}. {r.explanation}")


def highlight_html(art: Article, what: str = "framing", where: str | None = None) -> str:
    """Paragraphs with framing terms (or translation artefacts) highlighted, with a list of each.

    Parameters
    ----------
    what : str
        ``"framing"`` or ``"artefacts"``.
    where : str, optional
        framing: ``outlet``, ``quote`` or ``reported``; artefacts: ``confirmed`` or ``likely``.
    """
    spans: dict[str, list[Span]]
    items: list[tuple[str, str]]  # (paragraph id, the line under it)
    if what == "framing":
        terms = framing_rows(art, where)
        spans = spans_for(art, terms, lambda i, r: str(i), _framing_style(art))
        items = [(r.paragraph, _framing_item(art, i, r)) for i, r in enumerate(terms, 1)]
    elif what == "artefacts":
        artefacts = [a for a in art.artefacts if where is None or a.certainty == where]
        spans = spans_for(art, artefacts, lambda i, r: str(i), _artefact_style)
        items = [(r.paragraph, _artefact_item(i, r)) for i, r in enumerate(artefacts, 1)]
    else:
        raise ValueError(f"cannot highlight {what!r}; choose framing or artefacts")
    blocks = []
    for p in art.paragraphs:
        if p.id not in spans:
            continue
        lis = "".join(f"<li>{escape(t)}</li>" for pid, t in items if pid == p.id)
        blocks.append(f'<div class="kit-paragraph" style="margin:6px 0"><small><b>{escape(p.id)}</b></small> '
                      f'{mark_html(p.text, spans[p.id])}<ul style="font-size:0.85em;margin:2px 0">{lis}</ul></div>')
    return "".join(blocks) or "<p>Nothing to highlight with this choice.</p>"


def _highlight_legend(what: str) -> str:
    if what == "framing":
        keys = list(FRAMING_CATEGORIES)
        items = [f"<mark style='background:{tint(series_colour(i))};"
                 f"border-bottom:2px {LINE_STYLES[i]} {series_colour(i)}'>"
                 f"{escape(FRAMING_CATEGORIES[k])}</mark>" for i, k in enumerate(keys)]
    else:
        items = [f"<mark style='background:{tint(PALETTE['vermillion'])};"
                 f"border-bottom:2px solid {PALETTE['vermillion']}'>"
                 "confirmed (solid underline)</mark>",
                 f"<mark style='background:{tint(PALETTE['blue'])};border-bottom:2px dashed {PALETTE['blue']}'>"
                 "likely (dashed underline)</mark>"]
    return "<div style='font-size:0.85em;margin:4px 0'>Key: " + " · ".join(items) + "</div>"


def highlighter(art: Article, what: str = "framing") -> Any:
    """Widget: the paragraphs with framing terms or translation artefacts highlighted and explained.

    Parameters
    ----------
    what : str
        ``"framing"`` (filter by the outlet's voice, quotes or reported speech) or
        ``"artefacts"`` (filter by confirmed or likely).
    """
    w = widgets()

    if what == "framing":
        options = [("everywhere", "")] + [(v, k) for k, v in FRAMING_CATEGORIES.items()]
    elif what == "artefacts":
        options = [("all artefacts", ""), ("confirmed only", "confirmed"), ("likely only", "likely")]
    else:
        raise ValueError(f"cannot highlight {what!r}; choose framing or artefacts")
    where = w.Dropdown(options=options, value="", description="Show:", layout=w.shared_layout(width="auto"))
    legend, view, error = w.HTML(_highlight_legend(what)), w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        view.value = highlight_html(art, what, where.value or None)

    show_on_change(error, show, where)
    return attach_parts(w.VBox([where, legend, view, error]), Parts(where=where, legend=legend, view=view, error=error))


# ------------------------------------------------------------------------------------ facts (00, 06)

def fact_card_html(art: Article, fact: Fact) -> str:
    """A fact with its confidence and every source, as escaped HTML."""
    rows = []
    for c in fact.sources:
        s = art.source(c.source)
        quote = (f"<blockquote style='margin:2px 0 2px 12px'>{quote_html(c.quote, c.gloss)}</blockquote>" if c.quote
                 else "")
        title = link_html(s.url, s.title) if isinstance(s.url, str) else f"{escape(s.title)} (address not recorded)"
        rows.append(f"<li>{title} ({escape(s.publisher)}){quote}</li>")
    label = fact.confidence.replace("_", " ")
    return (f"<div class='kit-fact' style='border-left:4px solid {PALETTE['blue']};padding:4px 10px'>"
            f"<p><b>{escape(fact.statement)}</b></p><p>How sure: <i>{escape(label)}</i></p>"
            f"<p>Sources:</p><ul>{''.join(rows)}</ul></div>")


def fact_explorer(art: Article, facts: Sequence[Fact]) -> Any:
    """A dropdown of facts; choosing one shows it with its sources (notebooks 00 and 06).

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the dropdown, ``children[1]`` the HTML card.
    """
    w = widgets()

    options = [(short(f.statement, 90), f.id) for f in facts]
    pick = w.Dropdown(options=options, description="Fact:", layout=w.shared_layout(width="95%"))
    card = w.HTML()

    def show(change: Any = None) -> None:
        try:
            card.value = fact_card_html(art, art.fact(pick.value))
        except Exception as exc:  # shown to the student, never raised into the page
            card.value = f"<p>Could not show this fact: {escape(exc)}</p>"

    pick.observe(show, names="value")
    show()
    return w.VBox([pick, card, style_widget()])
