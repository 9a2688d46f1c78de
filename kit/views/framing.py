"""Notebook 04, words that frame: where the framing words sit (the outlet's voice, quotes, reported
speech) and of what kind. The highlighter it shows lives in :mod:`kit.views.shared` (05 uses it
too), the counts in :mod:`kit.counting` (``framing_counts``, ``variant_counts``).

A new chart for this lesson goes here: a function of the article, decorated with ``@cached()``,
that returns a :class:`kit.display.Chart` whose alt text states every number.
"""

from __future__ import annotations

from ..article import Article
from ..chartcache import cached
from ..choose import degrade
from ..counting import framing_counts
from ..display import Chart, new_figure
from .base import FRAMING_CATEGORIES, HATCHES, series_colour


def framing_summary(art: Article) -> str:
    """Framing terms by place and kind, as text, for a checked notebook output."""
    lines = []
    for where, kinds in framing_counts(art).items():
        total = sum(kinds.values())
        detail = ", ".join(f"{n} {k}" for k, n in kinds.items() if n)
        lines.append(f"{FRAMING_CATEGORIES[where]}: {total} ({detail})")
    return "\n".join(lines)


@degrade("framing terms", "Words that frame (evaluative words, labels, spellings) can be added to the article's data.",
         needs=lambda a: bool(a.framing_terms))
@cached()
def framing_chart(art: Article) -> Chart:
    """Stacked bars: framing terms in the outlet's voice, in quotes and in reported speech, by kind."""
    counts = framing_counts(art)
    places = list(counts)
    kinds = list(next(iter(counts.values())))
    fig = new_figure(8, 3.6)
    ax = fig.add_subplot()
    left = [0] * len(places)
    for j, kind in enumerate(kinds):
        vals = [counts[p][kind] for p in places]
        ax.barh(range(len(places)), vals, left=left, color=series_colour(j), hatch=HATCHES[j % len(HATCHES)],
                edgecolor="black", label=kind)
        for i, v in enumerate(vals):
            if v:
                ax.text(left[i] + v / 2, i, str(v), ha="center", va="center",
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        left = [a + b for a, b in zip(left, vals, strict=True)]
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
