"""What the lesson views share: labels, colours, highlighting, and the parts of a widget.

Every module of :mod:`kit.views` builds on these; none of them shows anything by itself.
Colour never carries meaning alone: every highlight also has a label, a sign or a line style.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from ..article import Article
from ..counting import framing_place
from ..display import SEQUENCE, escape, guarded, style_widget, tint
from ..model import Artefact, Caption, Claim, FramingTerm, Number, Quote, record

# A record anchored in a paragraph (its ``anchor`` is a stretch of the paragraph's text).
Annotation = Quote | Claim | Number | FramingTerm | Artefact | Caption
A = TypeVar("A", Quote, Claim, Number, FramingTerm, Artefact, Caption)

ASSESSMENTS: dict[str, tuple[str, str]] = {
    "supported": ("✔", "supported by the sources"),
    "incomplete": ("◐", "true but incomplete"),
    "contradicted": ("✘", "contradicted by the sources"),
    "unverified": ("?", "not confirmed by the sources in the kit"),
    "not_checkable": ("—", "not checkable (a judgement, not a fact)"),
}


FRAMING_CATEGORIES: dict[str, str] = {
    "outlet": "in the outlet's own voice",
    "quote": "inside a direct quote",
    "reported": "in reported speech (someone's view in the outlet's words)",
}


# What a view needs, and what the student reads instead when the article lacks it (kit.choose.degrade).
FACTS_NEEDED = ("facts, claims or conflicts this part of the lesson is about",
                "This part of the lesson is about the case study; facts with their sources can be added to an article "
                "in notebook 11.")
VOTE_NEEDED = ("counted vote with its tally", "The vote views need the tally of a vote and its source.")
ACTS_NEEDED = ("acts of parliaments or governments recorded",
               "This part of the lesson compares the acts the case study lists.")
ACCOUNTS_NEEDED = ("other accounts of the same event recorded",
                   "Lessons 09 and 10 compare several sources' accounts of one event; this article has none recorded.")

# How the kit knows an artefact's likely original wording, said after it.
ORIGINAL_BASIS: dict[str, str] = {"read": " (RFA's own wording, read in its stored page)",
                                  "guess": " (a guess: RFA's wording here was not seen)"}


HATCHES = ("", "//", "\\\\", "xx", "..", "++", "--", "oo")


LINE_STYLES = ("solid", "dashed", "dotted", "double")


def series_colour(i: int) -> str:
    """The ``i``-th colour of the kit's colour-blind-safe sequence (repeating)."""
    return SEQUENCE[i % len(SEQUENCE)]


def percent(part: float, whole: float) -> str:
    """``part`` as a share of ``whole``, one decimal (``"0%"`` of nothing).

    >>> percent(1, 3), percent(1, 0)
    ('33.3%', '0%')
    """
    return f"{100 * part / whole:.1f}%" if whole else "0%"


class Parts:
    """The parts of a widget, for tests."""

    def __init__(self, **parts: Any) -> None:
        self.__dict__.update(parts)


def attach_parts(box: Any, parts: Parts) -> Any:
    """Keep a widget's parts reachable as ``box.kit`` (for tests) and add the kit's stylesheet last."""
    box.kit = parts
    box.children = (*box.children, style_widget())  # last, so the parts keep their places
    return box


def show_on_change(error: Any, show: Callable[..., None], *controls: Any) -> None:
    """Run ``show`` now and each time one of ``controls`` changes value; an error is shown in ``error``."""
    run = guarded(error, show)
    for control in controls:
        control.observe(run, names="value")
    run()


@record
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
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        starting = [s for s in spans if s.start == a]
        out.extend(f'<sup style="font-size:0.7em;font-weight:bold">[{escape(s.label)}]</sup>' for s in starting)
        piece = escape(text[a:b])
        if covering:
            top = covering[-1]
            title = escape(", ".join(s.key for s in covering))
            piece = (f'<mark title="{title}" style="background:{tint(top.colour)};color:inherit;'
                     f'border-bottom:2px {top.line} {top.colour};padding:0 1px">{piece}</mark>')
        out.append(piece)
    return "".join(out)


def spans_for(art: Article, records: Iterable[A], label: Callable[[int, A], str],
              style: Callable[[A], tuple[str, str]]) -> dict[str, list[Span]]:
    """The highlights of ``records`` by paragraph id, each labelled ``label(number, record)``."""
    out: dict[str, list[Span]] = {}
    for i, rec in enumerate(records, 1):
        start, end = art.span(rec)
        colour, line = style(rec)
        out.setdefault(rec.paragraph, []).append(Span(start, end, rec.id, label(i, rec), colour, line))
    return out


def framing_category(art: Article, term: FramingTerm) -> str:
    """Where a framing term sits: the outlet's voice, a direct quote, or reported speech."""
    return FRAMING_CATEGORIES[framing_place(art, term)]
