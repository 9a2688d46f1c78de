"""Notebook 02, who is speaking: the quotes, whose words fill the report, and the voices it leaves out.

>>> from kit import load_article
>>> quote_summary(load_article()).splitlines()[0].split(":")[0]
'Dilnur Reyhan'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..article import Article
from ..chartcache import cached
from ..choose import degrade
from ..controls import widgets
from ..counting import quote_rows, quotes_per_speaker
from ..display import Chart, HtmlView, escape, new_figure, short
from .base import HATCHES, Parts, attach_parts, percent, series_colour, show_on_change

GROUP_LABELS: dict[str, str] = {
    "outlet": "The outlet's own voice", "activist": "Activists", "legislator": "Legislators",
    "government": "Governments", "researcher": "Researchers", "official_body": "Official bodies", "other": "Others",
}


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


def quote_summary(art: Article) -> str:
    """Quotes per speaker as text, most quoted first, for a checked notebook output."""
    per = quotes_per_speaker(art)
    order = sorted(per, key=lambda n: -per[n]["total"])
    return "\n".join(f"{n}: {per[n]['total']} ({per[n]['direct']} direct, {per[n]['indirect']} indirect)"
                     for n in order)


@degrade("quotes", "Every word of it is in the outlet's own voice; the share-of-voice chart below shows it.",
         needs=lambda a: bool(a.quotes))
def quote_table(art: Article) -> Any:
    """Widget: every quote in a table, filterable by speaker and by direct/indirect."""
    w = widgets()

    speaker = w.Dropdown(options=[("everyone", "")] + [(a.name, a.id) for a in art.speakers()], value="",
                         description="Speaker:")
    mode = w.Dropdown(options=[("direct and indirect", ""), ("direct only", "direct"), ("indirect only", "indirect")],
                      value="", description="Kind:")
    count, view, error = w.HTML(), w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        rows = quote_rows(art, speaker.value or None, mode.value or None)
        count.value = f"<p role='status'><b>{len(rows)}</b> quote{'s' if len(rows) != 1 else ''} shown.</p>"
        view.value = quote_table_html(rows)

    show_on_change(error, show, speaker, mode)
    box = w.VBox([w.HBox([speaker, mode]), count, view, error])
    return attach_parts(box, Parts(speaker=speaker, mode=mode, count=count, view=view, error=error))


def voice_words(art: Article) -> list[tuple[str, str, int]]:
    """(group, label, words) for every family of voices the data knows, largest first.

    A group with no words in direct quotes is kept, with 0, when one of the data's absent voices
    belongs to it (for example a researcher): a voice the report does not give.
    """
    words = art.words_by_group()
    absent = {a.group for a in art.absent_voices()}
    groups = [g for g in dict.fromkeys(["outlet"] + [a.group for a in art.actors]) if words.get(g) or g in absent]
    out = []
    for g in groups:
        speakers = [a.name for a in art.speakers()
                    if a.group == g and any(q.mode == "direct" for q in art.quotes_by(a.id))]
        label = GROUP_LABELS.get(g, g) + (f" ({', '.join(speakers)})" if speakers and g != "outlet" else "")
        if g == "outlet":
            label += f" ({art.outlet.name})"
        out.append((g, label, int(words.get(g, 0))))
    return sorted(out, key=lambda t: -t[2])


def voice_summary(art: Article, shares: bool = True) -> str:
    """Words by voice as text, with shares (or without: for a student to work them out), for a checked output."""
    rows = voice_words(art)
    total = sum(n for _, _, n in rows)
    return "\n".join(f"{label}: {n} words" + (f" ({percent(n, total)})" if shares else "") for _, label, n in rows)


@cached()
def share_of_voice_chart(art: Article) -> Chart:
    """Bar chart: words in the outlet's own voice and in each family of quoted voices."""
    rows = voice_words(art)
    total = sum(n for _, _, n in rows)
    fig = new_figure(8, 0.55 * len(rows) + 1.4)
    ax = fig.add_subplot()
    for i, (_group, _label, n) in enumerate(rows[::-1]):
        k = len(rows) - 1 - i  # the row's place, largest first
        ax.barh(i, n, color=series_colour(k), hatch=HATCHES[k % len(HATCHES)], edgecolor="black")
        ax.text(n + total * 0.01, i, f"{n} words ({percent(n, total)})", va="center")
    ax.set_yticks(range(len(rows)), [short(label, 60) for _, label, _ in rows[::-1]])
    ax.set_xlim(0, max(n for _, _, n in rows) * 1.45)
    ax.set_xlabel("words")
    ax.set_title("Share of voice: whose words fill the report?")
    ax.spines[["top", "right"]].set_visible(False)
    alt = (f"Bar chart of the report's {total} words by voice (words in direct quotes count for the speaker's group; "
           "every other word is the outlet's): "
           + "; ".join(f"{label}: {n} words, {percent(n, total)}" for _, label, n in rows) + ".")
    return Chart(fig, alt, data={g: n for g, _, n in rows})


def absent_voices(art: Article) -> HtmlView:
    """The people the data records as part of the event but not named or quoted in the report."""
    items, lines = [], []
    for a in art.absent_voices():
        src = ", ".join(art.source(s).publisher for s in a.sources)
        items.append(f"<li><b>{escape(a.name)}</b> ({escape(GROUP_LABELS.get(a.group, a.group).lower())}): "
                     f"{escape(a.description)}" + (f" <small>Sources: {escape(src)}.</small>" if src else "") + "</li>")
        lines.append(f"- {a.name}: {a.description}")
    html = f"<div class='kit-absent'><p><b>Not heard in the report:</b></p><ul>{''.join(items)}</ul></div>"
    return HtmlView(html, "Not heard in the report:\n" + "\n".join(lines))
