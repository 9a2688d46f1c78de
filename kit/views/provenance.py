"""Notebook 05, translation and provenance: the artefact hunt (marks first, reveal after), the
artefacts by kind and certainty, and the chain of versions the text went through.
"""

from __future__ import annotations

import re
from typing import Any

from ..article import Article
from ..chartcache import cached
from ..choose import degrade
from ..controls import widgets
from ..counting import HuntResult, Mark, artefact_counts, find_all, score_marks
from ..display import PALETTE, Chart, HtmlView, escape, guarded, link_html, new_figure, safe_url, short, tint
from .base import ORIGINAL_BASIS, Parts, Span, attach_parts, mark_html, series_colour

_ARTEFACTS_NEEDED = ("translation or republication artefacts", "Its chain of versions is shown above.")


def locate_mark(art: Article, paragraph: Any, phrase: Any) -> Mark | str:
    """Find a marked phrase in its paragraph; return a :class:`Mark`, or a message saying what to fix."""
    try:
        p = art.paragraph(paragraph)
    except Exception:  # any unknown or odd paragraph reference
        return "Choose a paragraph first."
    phrase = " ".join(str(phrase if phrase is not None else "").split())[:300]
    if len(re.sub(r"\W", "", phrase)) < 2:
        return "Type (or paste) the words that look wrong, at least two letters."
    spots = find_all(p.text, phrase)
    if not spots:
        return f"“{short(phrase, 60)}” is not in paragraph {p.number}: copy the words exactly as they are there."
    a, b = spots[0]
    return Mark(p.id, p.text[a:b], a, b)


def hunt_summary(art: Article, result: HuntResult) -> str:
    """The score of an artefact hunt as one line of text."""
    conf = [a for a in result.found if art.get(a).certainty == "confirmed"]
    return (f"You found {len(result.found)} of the {len(art.artefacts)} artefacts the kit records "
            f"({len(conf)} confirmed, {len(result.found) - len(conf)} likely); "
            + (f"{len(result.misses)} of your marks matched no recorded artefact." if result.misses
               else ("every one of your marks matched a recorded artefact." if result.found
                     else "you made no mark yet.")))


def reveal_html(art: Article, result: HuntResult) -> str:
    """After the hunt: every artefact, whether the student found it, and what the data says."""
    found = set(result.found)
    rows = []
    for a in art.artefacts:
        mark = "✔ found" if a.id in found else "· not marked"
        orig = a.likely_original if isinstance(a.likely_original, str) else "not known (RFA's text was not seen here)"
        orig += ORIGINAL_BASIS.get(a.original_basis, "")
        src = ", ".join(art.source(s).publisher for s in a.sources) or "inference, no source to compare"
        rows.append(f"<tr><td>{escape(mark)}</td><td>{escape(a.paragraph)}</td><td>“{escape(a.anchor)}”</td>"
                    f"<td>{escape(a.certainty)}</td><td>{escape(a.kind.replace('_', ' '))}</td><td>{escape(orig)}</td>"
                    f"<td>{escape(a.explanation)} <small>({escape(src)})</small></td></tr>")
    misses = "".join(f"<li>{escape(m.paragraph)}: “{escape(m.phrase)}”</li>" for m in result.misses)
    miss_html = (f"<p>Your marks that match no recorded artefact (they may still be odd wording: compare with "
                 f"the notes):</p><ul>{misses}</ul>") if misses else ""
    return (f"<p><b>{escape(hunt_summary(art, result))}</b></p>"
            "<table class='kit-artefacts' style='font-size:0.88em'><tr><th>you</th><th>where</th>"
            "<th>text as received</th><th>certainty</th><th>kind</th><th>likely original</th><th>why</th></tr>"
            + "".join(rows) + "</table>" + miss_html)


def artefact_hunt(art: Article) -> Any:
    """Widget: read a paragraph, mark the words that look like translation slips, then reveal.

    Nothing about the artefacts is shown before the student presses "Reveal".
    """
    w = widgets()

    pick = w.Dropdown(options=[(f"paragraph {p.number} ({p.role})", p.id) for p in art.paragraphs],
                      value=art.paragraphs[0].id, description="Read:")
    text = w.HTML()
    phrase = w.Text(placeholder="copy the suspect words here", description="Suspect:",
                    layout=w.shared_layout(width="60%"))
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

    pick.observe(guarded(error, show_paragraph), names="value")
    mark_button.on_click(guarded(error, add))
    clear_button.on_click(guarded(error, clear))
    reveal_button.on_click(guarded(error, reveal))
    guarded(error, show_paragraph)()
    show_marks()
    box = w.VBox([pick, text, w.HBox([phrase, mark_button]), status, marked,
                  w.HBox([clear_button, reveal_button]), revealed, error])
    return attach_parts(box, Parts(pick=pick, text=text, phrase=phrase, mark_button=mark_button,
                                   clear_button=clear_button,
                               reveal_button=reveal_button, status=status, marked=marked, revealed=revealed,
                               error=error, marks=marks))


@degrade(*_ARTEFACTS_NEEDED, needs=lambda a: bool(a.artefacts))
def artefact_summary(art: Article) -> str:
    """Artefacts confirmed vs likely, and by kind, as text for a checked notebook output."""
    counts = artefact_counts(art)
    conf = sum(v["confirmed"] for v in counts.values())
    likely = sum(v["likely"] for v in counts.values())
    lines = [f"{conf + likely} artefacts: {conf} confirmed, {likely} likely"]
    lines += [f"{k.replace('_', ' ')}: {v['confirmed']} confirmed, {v['likely']} likely" for k, v in counts.items()]
    return "\n".join(lines)


@degrade(*_ARTEFACTS_NEEDED, needs=lambda a: bool(a.artefacts))
@cached()
def artefact_chart(art: Article) -> Chart:
    """Stacked bars: translation artefacts by kind, confirmed (solid) and likely (hatched)."""
    counts = artefact_counts(art)
    kinds = list(counts)[::-1]
    fig = new_figure(8, 0.5 * len(kinds) + 1.6)
    ax = fig.add_subplot()
    conf = [counts[k]["confirmed"] for k in kinds]
    likely = [counts[k]["likely"] for k in kinds]
    ax.barh(range(len(kinds)), conf, color=PALETTE["vermillion"], edgecolor="black", label="confirmed")
    ax.barh(range(len(kinds)), likely, left=conf, color=PALETTE["sky"], hatch="//", edgecolor="black", label="likely")
    for i, (c, lk) in enumerate(zip(conf, likely, strict=True)):
        ax.text(c + lk + 0.1, i, f"{c} confirmed, {lk} likely", va="center")
    ax.set_yticks(range(len(kinds)), [k.replace("_", " ") for k in kinds])
    ax.set_xlim(0, max(c + lk for c, lk in zip(conf, likely, strict=True)) * 2.2)
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
def provenance_chart(art: Article) -> Chart:
    """The chain of versions as boxes and arrows; a box's border is solid when the version is
    confirmed and dashed when it is only inferred or likely."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # heavy third-party: matplotlib

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
                                    facecolor=tint(series_colour(i), 0.6)))
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
    return Chart(fig, alt, data={"versions": [v.label for v in versions]})


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for wd in words:
        if line and len(line) + 1 + len(wd) > width:
            lines.append(line)
            line = wd
        else:
            line = f"{line} {wd}".strip()
    return lines + ([line] if line else [])


def provenance_summary(art: Article) -> str:
    """The chain of versions, one line each, for a checked notebook output."""
    return "\n".join(f"{i}. {v.label}: {v.language}, {MADE_BY.get(v.made_by, v.made_by)}, {v.certainty}"
                     for i, v in enumerate(art.provenance, 1))


def provenance_table(art: Article) -> HtmlView:
    """The versions with how each was made, how sure the kit is, and where it can be read."""
    rows, lines = [], []
    for i, v in enumerate(art.provenance, 1):
        url = safe_url(v.url)
        where = link_html(url, url) if url else "not found"
        rows.append(f"<tr><td>{i}</td><td><b>{escape(v.label)}</b></td><td>{escape(v.language)}</td>"
                    f"<td>{escape(MADE_BY.get(v.made_by, v.made_by))}</td><td>{escape(v.certainty)}</td>"
                    f"<td>{escape(v.description)}</td><td>{where}</td></tr>")
        lines.append(f"{i}. {v.label} ({v.language}, {MADE_BY.get(v.made_by, v.made_by)}, {v.certainty}): "
                     f"{v.description}")
    html = ("<table class='kit-provenance' style='font-size:0.9em'><tr><th>#</th><th>version</th><th>language</th>"
            "<th>made by</th><th>certainty</th><th>what we know</th><th>where</th></tr>" + "".join(rows) + "</table>")
    return HtmlView(html, "\n".join(lines))
