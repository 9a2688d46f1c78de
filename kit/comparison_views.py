"""Views for comparing accounts of one event: the facts matrix, whom each quotes, the words each
uses, and a side-by-side comparison of two texts.

Everything here reads :mod:`kit.accounts` and :mod:`kit.compare`; nothing parses files. Every
piece of data text is escaped on its way into HTML, every chart is a :class:`kit.display.Chart`
with alt text that states its content, and accounts the project wrote carry their
``[constructed for teaching]`` mark wherever they appear.

>>> from kit.loader import load_article
>>> from kit.accounts import load_accounts
>>> m = fact_matrix(load_accounts(load_article()))
>>> m.status("rfa-case-study", "fr-vote-abstain")
'omitted'
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from .accounts import CONSTRUCTED_MARK, Account, Accounts, TermUse, load_accounts, restorations
from .article import Article
from .chartcache import cached
from .choose import Missing, degrade
from .compare import LEGEND_HTML, WordDiff, columns_html, diff_words, inline_html
from .controls import widgets
from .display import (
    PALETTE,
    Chart,
    HtmlView,
    escape,
    gloss_html,
    gloss_text,
    guarded,
    link_html,
    new_figure,
    text_on,
    tint,
)
from .model import record
from .views.base import ACCOUNTS_NEEDED, Parts, attach_parts, show_on_change

# ------------------------------------------------------------------ the accounts a lesson compares

_accounts = degrade("other accounts of the same event recorded",
                    "Lessons 09 and 10 compare several sources' accounts of one event; this article has none recorded."
                    )(load_accounts)


def chosen_accounts(art: Article) -> Accounts | Missing:
    """The other accounts of the event of ``art`` (:func:`kit.accounts.load_accounts`), or a plain
    message when an article other than the case study has none (lessons 09 and 10 then say so).

    Examples
    --------
    >>> from kit.choose import chosen_article
    >>> len(chosen_accounts(chosen_article()).accounts) > 1
    True
    """
    return _accounts(art)


# status -> (words, sign, fill colour, hatch, text colour)
STATUS_STYLE: dict[str, tuple[str, str, str, str, str]] = {
    # the text colour is the one of black and white that reads better on the fill (text_on)
    "reported": ("reported", "✓", PALETTE["blue"], "", text_on(PALETTE["blue"])),
    "omitted": ("omitted", "–", PALETTE["orange"], "//", text_on(PALETTE["orange"])),
    "contradicted": ("contradicted", "✗", PALETTE["vermillion"], "xx", text_on(PALETTE["vermillion"])),
    "not_seen": ("not seen (only part was available)", "?", "#f2f2f2", "..", "#444444"),
}
VOICE_STYLE: dict[str, tuple[str, str, str]] = {  # voice -> (words, fill colour, hatch)
    "own": ("in the account's own voice", PALETTE["sky"], ""),
    "quoted": ("inside a quote", PALETTE["orange"], "//"),
    "attributed": ("attributed to someone", PALETTE["green"], ".."),
}




def _badge(account: Account) -> str:
    """The visible constructed mark (with the note as a tooltip), or nothing."""
    if not account.constructed:
        return ""
    return (f" <span class='kit-constructed' title='{escape(account.construction_note)}' "
            f"style='border:1px solid {PALETTE['black']};padding:0 4px;font-size:0.85em'>"
            "constructed for teaching</span>")


def _quoted(words: str) -> str:
    """Words in quotation marks, unless they already carry their own."""
    return words if words[:1] in "\"“‘«'" else f"“{words}”"


def _name_html(account: Account) -> str:
    return f"<b>{escape(account.label)}</b>{_badge(account)}"


# ---------------------------------------------------------------- the facts matrix

@record
class FactMatrix:
    """Which account reports, omits or contradicts which fact (or was only partly seen).

    Attributes
    ----------
    accounts : tuple of Account
        The rows, in the data's order.
    facts : tuple of (fact id, label)
        The columns.
    cells : dict
        ``(account id, fact id) -> status``.
    """

    accounts: tuple[Account, ...]
    facts: tuple[tuple[str, str], ...]
    cells: dict[tuple[str, str], str]

    def status(self, account_id: str, fact_id: str) -> str:
        """One cell."""
        return self.cells[(account_id, fact_id)]

    def counts(self, account_id: str) -> dict[str, int]:
        """How many facts of each status one account has."""
        out = {s: 0 for s in STATUS_STYLE}
        for fid, _ in self.facts:
            out[self.cells[(account_id, fid)]] += 1
        return out

    def reporters(self, fact_id: str) -> tuple[Account, ...]:
        """Accounts that report a fact."""
        return tuple(a for a in self.accounts if self.cells[(a.id, fact_id)] == "reported")

    def only_in(self, account_id: str) -> tuple[str, ...]:
        """Facts that this account reports and no other account does."""
        return tuple(fid for fid, _ in self.facts
                     if [a.id for a in self.reporters(fid)] == [account_id])

    def label(self, fact_id: str) -> str:
        """A fact's short label."""
        return dict(self.facts)[fact_id]

    def summary(self) -> str:
        """One line per account with its counts: plain text for checked notebook outputs."""
        lines = []
        for a in self.accounts:
            c = self.counts(a.id)
            lines.append(f"{a.display_label}: reported {c['reported']}, omitted {c['omitted']}, "
                         f"contradicted {c['contradicted']}, not seen {c['not_seen']}")
        return "\n".join(lines)


@degrade(*ACCOUNTS_NEEDED)
def fact_matrix(accounts: Accounts, include: Sequence[str] | None = None) -> FactMatrix:
    """Build the facts-by-account matrix (all accounts but the restored version, unless ``include``).

    Parameters
    ----------
    accounts : Accounts
        From :func:`kit.accounts.load_accounts`.
    include : sequence of str, optional
        Account ids to show, in this order.

    Raises
    ------
    KeyError
        For an unknown account id.
    """
    rows = tuple(accounts.get(i) for i in include) if include else accounts.in_matrix()
    facts = tuple((c.fact, c.label) for c in accounts.compared)
    cells = {(a.id, fid): a.status(fid) for a in rows for fid, _ in facts}
    return FactMatrix(rows, facts, cells)


def matrix_html(matrix: FactMatrix) -> HtmlView:
    """The matrix as an escaped HTML table: each cell has a sign and a word as well as a colour."""
    head = "".join(f"<th style='writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;"
                   f"padding:2px'>{escape(label)}</th>" for _, label in matrix.facts)
    rows = []
    for a in matrix.accounts:
        cells = []
        for fid, _label in matrix.facts:
            entry = a.entry(fid)
            words, sign, fill, _, ink = STATUS_STYLE[entry.status]
            tip = (words + (f": {entry.as_}{gloss_text(entry.gloss)}" if entry.as_ else "")
                   + (f" ({entry.note})" if entry.note else ""))
            cells.append(f"<td title='{escape(tip)}' style='background:{fill};color:{ink};text-align:center;"
                         f"border:1px solid #fff;padding:2px 4px'>{sign}<span style='font-size:0.7em'> "
                         f"{escape(words.split(' ')[0])}</span></td>")
        rows.append(f"<tr><th style='text-align:left;padding:2px 6px;font-weight:normal'>{_name_html(a)}</th>"
                    f"{''.join(cells)}</tr>")
    key = " ".join(f"<span style='background:{fill};color:{ink};padding:0 4px'>{sign} {escape(words)}</span>"
                   for words, sign, fill, _, ink in STATUS_STYLE.values())
    html = (f"<div class='kit-matrix'><p style='font-size:0.9em'>Key: {key}. Hover a cell for the account's words.</p>"
            f"<table style='border-collapse:collapse;font-size:0.85em'><tr><th></th>{head}</tr>{''.join(rows)}"
            "</table></div>")
    return HtmlView(html, matrix.summary())


def _alt_for_matrix(matrix: FactMatrix) -> str:
    parts = [f"Grid of {len(matrix.accounts)} accounts (rows) by {len(matrix.facts)} facts (columns). "
             "Each cell shows whether the account reports the fact (tick, solid blue), omits it (dash, orange, "
             "striped), contradicts it (cross, vermillion, cross-hatched), or whether only part of the account "
             "was available and that part does not have it (question mark, grey, dotted)."]
    for a in matrix.accounts:
        c = matrix.counts(a.id)
        parts.append(f"{a.display_label}: reports {c['reported']}, omits {c['omitted']}, contradicts "
                     f"{c['contradicted']}, not seen {c['not_seen']}.")
    return " ".join(parts)


def _wrapped_label(account: Account, width: int) -> str:
    """An account's label wrapped for a chart, its "[constructed for teaching]" mark on a line of its own."""
    label = account.display_label
    mark = f" {CONSTRUCTED_MARK}"
    if account.constructed and label.endswith(mark):
        return textwrap.fill(label[:-len(mark)], width) + "\n" + CONSTRUCTED_MARK
    return textwrap.fill(label, width)


@degrade(*ACCOUNTS_NEEDED)
@cached()
def matrix_chart(matrix: FactMatrix) -> Chart:
    """The matrix as a grid chart: colour, hatching and a sign in every cell; constructed rows marked."""
    from matplotlib.patches import Patch, Rectangle  # heavy third-party: matplotlib

    # Facts are the rows (short labels, read left to right) and accounts the columns, their names
    # upright-rotated at the top of the grid, next to it; every label at least 10 pt (13 px).
    n_facts, n_accounts = len(matrix.facts), len(matrix.accounts)
    col_labels = [_wrapped_label(a, 26) for a in matrix.accounts]
    longest = max((len(label) for label in col_labels for label in label.splitlines()), default=10)
    fig = new_figure(min(9.6, 2.9 + 0.46 * n_accounts), 1.6 + 0.34 * n_facts + 0.075 * longest)
    ax = fig.add_subplot()
    for r, (fid, _) in enumerate(matrix.facts):
        for col, a in enumerate(matrix.accounts):
            words, sign, fill, hatch, ink = STATUS_STYLE[matrix.cells[(a.id, fid)]]
            ax.add_patch(Rectangle((col, r), 1, 1, facecolor=fill, hatch=hatch, edgecolor="white", linewidth=1.5))
            ax.text(col + 0.5, r + 0.5, sign, ha="center", va="center", color=ink, fontsize=11, fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": fill, "edgecolor": "none"} if hatch else None)
    ax.set_xlim(0, n_accounts)
    ax.set_ylim(n_facts, 0)
    ax.xaxis.tick_top()
    ax.set_xticks([c + 0.5 for c in range(n_accounts)], labels=col_labels, rotation=90, ha="center",
                  va="bottom", fontsize=9.5, parse_math=False, linespacing=1.0)
    ax.set_yticks([r + 0.5 for r in range(n_facts)], labels=[label for _, label in matrix.facts],
                  fontsize=10.5, parse_math=False)
    for tick, a in zip(ax.get_xticklabels(), matrix.accounts, strict=False):
        if a.constructed:
            tick.set_fontstyle("italic")
    ax.tick_params(length=0, pad=4)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("Which account reports which fact (accounts across, facts down)", fontsize=11.5, loc="left")
    handles = [Patch(facecolor=fill, hatch=hatch, edgecolor="#666666", label=f"{sign} {words}")
               for words, sign, fill, hatch, _ in STATUS_STYLE.values()]
    fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize=10.5)
    # shown as the table where the chart cannot be drawn: one row per account, by the label students read
    # (rows, not a mapping by label: two accounts a teacher labelled alike must not merge)
    data = {"accounts": [{"account": a.display_label, **matrix.counts(a.id)} for a in matrix.accounts]}
    return Chart(fig, _alt_for_matrix(matrix), data=data)


# ---------------------------------------------------------------- predicting before revealing

def prediction_feedback(matrix: FactMatrix, fact_id: str, chosen: Sequence[str]) -> HtmlView:
    """Compare a student's guess of which accounts report a fact with what the data says.

    Unknown ids in ``chosen`` are ignored; the answer lists every account with its status.
    """
    label = matrix.label(fact_id)
    truth = {a.id for a in matrix.reporters(fact_id)}
    picked = {c for c in chosen if any(a.id == c for a in matrix.accounts)}
    hits, missed, wrong = truth & picked, truth - picked, picked - truth
    items, lines = [], []
    for a in matrix.accounts:
        status = matrix.cells[(a.id, fact_id)]
        words, sign, *_ = STATUS_STYLE[status]
        not_there = {"omitted": "it leaves this out", "contradicted": "it contradicts this",
                     "not_seen": "not in the part that was seen"}
        mark = ("you were right" if a.id in hits else "you missed this one" if a.id in missed
                else not_there.get(status, "") if a.id in wrong else "")
        entry = a.entry(fact_id)
        extra = f" — “{escape(entry.as_)}”{gloss_html(entry.gloss)}" if entry.as_ and status == "reported" else ""
        items.append(f"<li>{sign} {_name_html(a)}: {escape(words)}{extra}"
                     + (f" <i>({escape(mark)})</i>" if mark else "") + "</li>")
        lines.append(f"{sign} {a.display_label}: {words}" + (f" ({mark})" if mark else ""))
    head = (f"You picked {len(picked)}; {len(truth)} account(s) report “{label}”. "
            f"Right: {len(hits)}, missed: {len(missed)}, picked but not reporting: {len(wrong)}.")
    html = f"<div class='kit-reveal'><p>{escape(head)}</p><ul>{''.join(items)}</ul></div>"
    return HtmlView(html, head + "\n" + "\n".join(lines))


TICK_FIRST = "Tick your guess first (as many accounts as you think), then press Reveal."


class TickList:
    """A column of labelled checkboxes whose ``value`` is the tuple of ticked ids (like a
    multiple-selection list's), for a guess among several items."""

    def __init__(self, options: Sequence[tuple[str, str]]) -> None:
        w = widgets()

        self.ids = tuple(i for _, i in options)
        self.boxes = tuple(w.Checkbox(value=False, description=label, indent=False,
                                      layout=w.shared_layout(width="auto")) for label, _ in options)
        # in columns as wide as the labels allow: 15 accounts take 8 rows, not 15, on a laptop
        self.box = w.GridBox(list(self.boxes), layout=w.shared_layout(
            margin="0 0 6px 12px", grid_template_columns="repeat(auto-fill, minmax(24em, 1fr))"))

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(i for i, b in zip(self.ids, self.boxes, strict=True) if b.value)

    @value.setter
    def value(self, ids: Sequence[str]) -> None:
        wanted = set(ids)
        for i, b in zip(self.ids, self.boxes, strict=True):
            b.value = i in wanted


@degrade(*ACCOUNTS_NEEDED)
def predict_reporters(matrix: FactMatrix, fact_id: str | None = None) -> Any:
    """Widget: pick a fact, tick the accounts you think report it, then press "Reveal".

    Returns
    -------
    ipywidgets.VBox
        ``.kit.fact``, ``.kit.guess``, ``.kit.reveal`` (button) and ``.kit.view`` (HTML).
    """
    w = widgets()

    fact = w.Dropdown(options=[(label, fid) for fid, label in matrix.facts],
                      value=fact_id or matrix.facts[0][0], description="Fact:", style={"description_width": "initial"})
    # One checkbox per account (Tab to it, Space to tick), not a multiple-selection list, which
    # needs Ctrl + click or Ctrl + Space that nobody guesses.
    guess = TickList([(a.display_label, a.id) for a in matrix.accounts])
    reveal = w.Button(description="Reveal", button_style="info", tooltip="Show what the data says")
    view, error = w.HTML(f"<p role='status'><i>{escape(TICK_FIRST)}</i></p>"), w.HTML()

    def show(_: Any = None) -> None:
        view.value = f"<div role='status'>{prediction_feedback(matrix, fact.value, list(guess.value)).html}</div>"

    def reset(_: Any = None) -> None:
        view.value = f"<p role='status'><i>{escape(TICK_FIRST)}</i></p>"

    reveal.on_click(guarded(error, show))
    fact.observe(guarded(error, reset), names="value")
    ask = w.HTML("<p style='margin:6px 0 2px'><b>Reported by:</b> which accounts report this fact?</p>")
    return attach_parts(w.VBox([fact, ask, guess.box, reveal, view, error]),
                        Parts(fact=fact, guess=guess, reveal=reveal, view=view, error=error))


# ---------------------------------------------------------------- quotes and terms

@degrade(*ACCOUNTS_NEEDED)
def quotes_html(accounts: Accounts) -> HtmlView:
    """Whom each account quotes (direct or reported speech), escaped."""
    rows, lines = [], []
    for a in accounts.in_matrix():
        who = [f"{escape(q.who)} <small>({escape(q.mode)})</small>"
               + (f": {escape(_quoted(q.words))}{gloss_html(q.gloss)}" if q.words else "")
               for q in a.quotes]
        rows.append(f"<tr><td style='text-align:left;vertical-align:top;padding:2px 6px'>{_name_html(a)}</td>"
                    f"<td style='text-align:left;vertical-align:top;padding:2px 6px'>"
                    f"{'; '.join(who) or '<i>nobody in the part seen</i>'}</td></tr>")
        said = [q.who + (f": {_quoted(q.words)}{gloss_text(q.gloss)}" if q.words else "") for q in a.quotes]
        lines.append(f"{a.display_label}: {'; '.join(said) or 'nobody in the part seen'}")
    html = ("<table class='kit-quotes' style='border-collapse:collapse'><tr><th style='text-align:left'>Account</th>"
            f"<th style='text-align:left'>Quotes</th></tr>{''.join(rows)}</table>")
    return HtmlView(html, "\n".join(lines))


def terms_for(accounts: Accounts, concept_id: str) -> list[tuple[Account, str, str, str]]:
    """``(account, term, voice, speaker)`` for one concept, in the accounts' order."""
    return [(a, t.term, t.voice, t.speaker) for a, t in _term_uses(accounts, concept_id)]


def _term_uses(accounts: Accounts, concept_id: str) -> list[tuple[Account, TermUse]]:
    """``(account, term use)`` for one concept, in the accounts' order (with the kit's glosses)."""
    accounts.concept(concept_id)  # raises KeyError with the known concepts
    return [(a, t) for a in accounts.accounts for t in a.terms if t.concept == concept_id]


def _speaker_text(t: TermUse) -> str:
    return t.speaker + gloss_text(t.speaker_gloss) if t.speaker else ""


def terms_html(accounts: Accounts, concept_id: str) -> HtmlView:
    """The words each account uses for one concept, with whose voice they are in, escaped."""
    concept = accounts.concept(concept_id)
    rows, lines = [], [concept.label]
    for a, t in _term_uses(accounts, concept_id):
        words, fill, _ = VOICE_STYLE[t.voice]
        speaker = _speaker_text(t)
        who = f" ({escape(t.speaker)}{gloss_html(t.speaker_gloss)})" if t.speaker else ""
        rows.append(f"<tr><td style='text-align:left;vertical-align:top;padding:2px 6px'>{_name_html(a)}</td>"
                    f"<td style='text-align:left;vertical-align:top;padding:2px 6px;border-left:6px solid {fill}'>"
                    f"“{escape(t.term)}”"
                    f"{gloss_html(t.gloss)}</td>"
                    f"<td style='text-align:left;vertical-align:top;padding:2px 6px'>{escape(words)}{who}</td></tr>")
        lines.append(f"{a.display_label}: “{t.term}”{gloss_text(t.gloss)} "
                     f"({words}{' — ' + speaker if speaker else ''})")
    note = f"<p style='font-size:0.9em'>{escape(concept.note)}</p>" if concept.note else ""
    html = (f"<div class='kit-terms'><p><b>{escape(concept.label)}</b></p>{note}"
            f"<table style='border-collapse:collapse'>{''.join(rows)}</table></div>")
    return HtmlView(html, "\n".join(lines))


@degrade(*ACCOUNTS_NEEDED)
@cached()
def framing_chart(accounts: Accounts, concept_id: str) -> Chart:
    """For one concept, the words each account uses, as labelled boxes styled by whose voice they are in.

    Raises
    ------
    KeyError
        For an unknown concept (the message lists the known ones).
    """
    from matplotlib.patches import Patch, Rectangle  # heavy third-party: matplotlib

    concept = accounts.concept(concept_id)
    uses = _term_uses(accounts, concept_id)
    rows = [(a, t.term + gloss_text(t.gloss), t.voice, _speaker_text(t)) for a, t in uses]
    # the words (with the kit's gloss), then whose voice they are in: both wrapped, never cut short
    wrapped = [textwrap.fill(f"“{t.term}”{gloss_text(t.gloss)}", 58) + "\n"
               + textwrap.fill(f"[{VOICE_STYLE[t.voice][0]}{': ' + _speaker_text(t) if t.speaker else ''}]", 70)
               for _, t in uses]
    heights = [0.35 + 0.22 * (w.count("\n") - 1) for w in wrapped]
    total = sum(heights) + 0.2 * len(rows)
    fig = new_figure(9.5, max(2.0, 1.2 + total * 0.75))
    ax = fig.add_subplot()
    y = 0.0
    centres = []
    for (_a, _, voice, _), text, h in zip(rows, wrapped, heights, strict=True):
        _, fill, hatch = VOICE_STYLE[voice]
        ax.add_patch(Rectangle((0, y), 1, h, facecolor=tint(fill, 0.75), edgecolor="#555555"))
        ax.add_patch(Rectangle((0, y), 0.04, h, facecolor=fill, hatch=hatch, edgecolor="#555555"))
        ax.text(0.055, y + h / 2, text, va="center", ha="left", fontsize=9,
                parse_math=False)
        centres.append(y + h / 2)
        y += h + 0.2
    ax.set_xlim(0, 1)
    ax.set_ylim(max(y, 0.5), 0)
    ax.set_xticks([])
    ax.set_yticks(centres, labels=[a.display_label.replace(" [constructed", "\n[constructed") for a, *_ in rows],
                  fontsize=9, parse_math=False)
    for tick, (a, *_) in zip(ax.get_yticklabels(), rows, strict=False):
        if a.constructed:
            tick.set_fontstyle("italic")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(concept.label, fontsize=10, parse_math=False)
    handles = [Patch(facecolor=fill, hatch=hatch, edgecolor="#555555", label=words)
               for words, fill, hatch in VOICE_STYLE.values()]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.06), ncol=3, frameon=False, fontsize=9.5)
    if rows:
        listing = "; ".join(f"{a.display_label}: “{term}” ({VOICE_STYLE[voice][0]}{', ' + speaker if speaker else ''})"
                            for a, term, voice, speaker in rows)
        alt = f"{concept.label}. The words each account uses, {len(rows)} in all. {listing}."
    else:
        alt = f"{concept.label}. No account in the data has words for this."
    return Chart(fig, alt, data={"concept": concept.label,
                                  "terms": [(a.display_label, t.term, VOICE_STYLE[t.voice][0]) for a, t in uses]})


@degrade(*ACCOUNTS_NEEDED)
def framing_explorer(accounts: Accounts, concept_id: str | None = None) -> Any:
    """Widget: choose a concept, see the words each account uses for it (chart and table).

    Returns
    -------
    ipywidgets.VBox
        ``.kit.concept`` (dropdown), ``.kit.chart`` and ``.kit.table`` (HTML).
    """
    w = widgets()

    concept = w.Dropdown(options=[(c.label, c.id) for c in accounts.concepts],
                         value=concept_id or accounts.concepts[0].id,
                         description="Compare:", style={"description_width": "initial"},
                         layout=w.shared_layout(width="95%"))
    chart, table, error = w.HTML(), w.HTML(), w.HTML()
    drawn: dict[str, str] = {}  # the data do not change: a concept's chart is drawn once (~0.1-0.3 s), then reused

    def show(_: Any = None) -> None:
        if concept.value not in drawn:
            drawn[concept.value] = framing_chart(accounts, concept.value).html()
        chart.value = drawn[concept.value]
        table.value = terms_html(accounts, concept.value).html

    show_on_change(error, show, concept)
    return attach_parts(w.VBox([concept, chart, table, error]),
                        Parts(concept=concept, chart=chart, table=table, error=error))


# ---------------------------------------------------------------- one account, and the official record

def _source_line(art: Article, source_id: str) -> str:
    s = art.source(source_id)
    title = link_html(s.url, s.title)
    date = s.date if isinstance(s.date, str) else "date not recorded"
    return f"{title} — {escape(s.publisher)}, {escape(date)}"


def account_html(account: Account, art: Article) -> HtmlView:
    """One account: what it is, its sources, its short passage, the facts it reports, whom it quotes."""
    parts = [f"<p>{_name_html(account)}</p>"]
    lines = [account.display_label]
    if account.constructed:
        parts.append(f"<p style='border-left:4px solid {PALETTE['black']};padding-left:6px'>"
                     f"<b>Constructed for teaching:</b> {escape(account.construction_note)}</p>")
        lines.append(f"Constructed for teaching: {account.construction_note}")
    if account.note:
        parts.append(f"<p>{escape(account.note)}</p>")
    if account.sources:
        parts.append("<p>Sources:</p><ul>" + "".join(f"<li>{_source_line(art, s)}</li>" for s in account.sources)
                     + "</ul>")
        lines.append("Sources: " + ", ".join(art.source(s).publisher for s in account.sources))
    if account.passage:
        parts.append(f"<blockquote>“{escape(account.passage)}”{gloss_html(account.passage_gloss)}</blockquote>")
        lines.append(f"Passage: “{account.passage}”{gloss_text(account.passage_gloss)}")
    reported = [f for f in account.facts if f.status == "reported"]
    if reported:
        parts.append("<p>Reports:</p><ul>" + "".join(
            f"<li>{escape(art.fact(f.fact).statement)}"
            + (f" — <i>“{escape(f.as_)}”</i>{gloss_html(f.gloss)}" if f.as_ else "") + "</li>"
            for f in reported) + "</ul>")
        lines += [f"Reports: {art.fact(f.fact).statement}" + (f" “{f.as_}”{gloss_text(f.gloss)}" if f.as_ else "")
                  for f in reported]
    return HtmlView("<div class='kit-account'>" + "".join(parts) + "</div>", "\n".join(lines))


@degrade(*ACCOUNTS_NEEDED)
def record_html(accounts: Accounts, art: Article, account_id: str = "assemblee-record") -> HtmlView:
    """The legislature's own record: title, recitals, sitting, and the count with where it comes from."""
    rec = accounts.get(account_id)
    title = art.fact("fr-title")
    tally = art.fact("fr-vote-tally")
    title_gloss = next((c.gloss for c in title.sources if c.gloss), "")  # the kit's gloss of the title's source
    glosses = rec.recital_glosses or ("",) * len(rec.recitals)
    lines = [rec.display_label, f"Title: {title.value}{gloss_text(title_gloss)}",
             *[f"Recital: {r}{gloss_text(g)}" for r, g in zip(rec.recitals, glosses, strict=False)]]
    parts = [f"<p>{_name_html(rec)}</p>", f"<p><b>Title:</b> <i>{escape(title.value)}</i>{gloss_html(title_gloss)}</p>"]
    if rec.recitals:
        parts.append("<p><b>Recitals (as far as they were seen):</b></p><ul>"
                     + "".join(f"<li>{escape(r)}{gloss_html(g)}</li>"
                               for r, g in zip(rec.recitals, glosses, strict=False)) + "</ul>")
    if rec.passage:
        parts.append(f"<p><b>The sitting:</b> “{escape(rec.passage)}”{gloss_html(rec.passage_gloss)}</p>")
        lines.append(f"Sitting: {rec.passage}{gloss_text(rec.passage_gloss)}")
    press = ", ".join(art.source(c.source).publisher for c in tally.sources)
    parts.append(f"<p><b>The count:</b> {escape(tally.statement)} <i>Seen in the press ({escape(press)}), not in "
                 "the Assemblée's own vote page, which was not among the stored sources.</i></p>")
    lines.append(f"Count: {tally.statement} (from the press: {press})")
    if rec.note:
        parts.append(f"<p style='font-size:0.9em'>{escape(rec.note)}</p>")
    return HtmlView("<div class='kit-record'>" + "".join(parts) + "</div>", "\n".join(lines))


@degrade(*ACCOUNTS_NEEDED)
def account_explorer(accounts: Accounts, art: Article, account_id: str | None = None) -> Any:
    """Widget: choose an account to read its card.

    Returns
    -------
    ipywidgets.VBox
        ``.kit.account`` (dropdown) and ``.kit.view`` (HTML).
    """
    w = widgets()

    choice = w.Dropdown(options=[(a.display_label, a.id) for a in accounts.in_matrix()],
                        value=account_id or accounts.in_matrix()[0].id, description="Account:",
                        style={"description_width": "initial"}, layout=w.shared_layout(width="95%"))
    view, error = w.HTML(), w.HTML()

    def show(_: Any = None) -> None:
        view.value = account_html(accounts.get(choice.value), art).html

    show_on_change(error, show, choice)
    return attach_parts(w.VBox([choice, view, error]), Parts(account=choice, view=view, error=error))


# ---------------------------------------------------------------- side by side

@degrade(*ACCOUNTS_NEEDED)
def compare_accounts(accounts: Accounts, left: str, right: str) -> WordDiff:
    """The word-level comparison of two accounts' texts (a full text, else the short passage).

    Raises
    ------
    KeyError
        For an unknown account.
    ValueError
        When an account has no text to compare.
    """
    a, b = accounts.get(left), accounts.get(right)
    for acc in (a, b):
        if not acc.comparable_text:
            raise ValueError(f"{acc.display_label} has no text or passage in the data to compare")
    return diff_words(a.comparable_text, b.comparable_text)


@degrade(*ACCOUNTS_NEEDED)
def comparison_html(accounts: Accounts, left: str, right: str, view: str = "columns", counts: bool = True) -> HtmlView:
    """Two accounts side by side (``view="columns"``) or as one marked-up text (``"inline"``), escaped.

    ``counts=False`` leaves the line of counts out of the HTML (the widget shows it above).
    """
    a, b = accounts.get(left), accounts.get(right)
    diff = compare_accounts(accounts, left, right)
    notes = "".join(f"<p style='border-left:4px solid {PALETTE['black']};padding-left:6px;font-size:0.9em'>"
                    f"<b>{escape(x.label)}</b> is constructed for teaching: {escape(x.construction_note)}</p>"
                    for x in (a, b) if x.constructed)
    partial = "".join(f"<p style='font-size:0.9em'><i>{escape(x.label)}: only a short passage is in the data; "
                      "the comparison covers that passage, not the whole report.</i></p>"
                      for x in (a, b) if not x.text)
    glossed = "".join(f"<p style='font-size:0.9em'>{escape(x.label)}:{gloss_html(x.passage_gloss)}</p>"
                      for x in (a, b) if not x.text and x.passage_gloss)
    line = f"<p role='status'><b>{escape(diff.summary())}</b></p>" if counts else ""
    body = (columns_html(diff, a.display_label, b.display_label) if view == "columns"
            else f"<p>{_name_html(a)} → {_name_html(b)}</p>" + inline_html(diff))
    html = f"<div class='kit-side-by-side'>{notes}{partial}{line}{LEGEND_HTML}{body}{glossed}</div>"
    text = f"{a.display_label} -> {b.display_label}: {diff.summary()}"
    return HtmlView(html, text)




@degrade(*ACCOUNTS_NEEDED)
def side_by_side(accounts: Accounts, left: str | None = None, right: str | None = None) -> Any:
    """Widget: choose two accounts; see their texts aligned, changes marked and counted.

    Parameters
    ----------
    accounts : Accounts
        From :func:`kit.accounts.load_accounts`.
    left, right : str, optional
        Account ids to start with (the case study and its restored version by default).

    Returns
    -------
    ipywidgets.VBox
        ``.kit.left`` and ``.kit.right`` (dropdowns), ``.kit.view`` (toggle), ``.kit.counts`` and
        ``.kit.output`` (HTML), ``.kit.error`` (HTML shown when something goes wrong).
    """
    w = widgets()

    options = [(a.display_label, a.id) for a in accounts.with_text()]
    ids = [i for _, i in options]
    first = left or ("rfa-case-study" if "rfa-case-study" in ids else ids[0])
    second = right or ("rfa-restored" if "rfa-restored" in ids else ids[-1])
    lay = w.shared_layout(width="48%")
    style = {"description_width": "initial"}
    left_w = w.Dropdown(options=options, value=first, description="First:", style=style, layout=lay)
    right_w = w.Dropdown(options=options, value=second, description="Second:", style=style, layout=lay)
    mode = w.ToggleButtons(options=[("Side by side", "columns"), ("One text", "inline")], value="columns")
    counts, output, error = w.HTML(), w.HTML(), w.HTML()

    def show(_: Any = None) -> None:
        view = comparison_html(accounts, left_w.value, right_w.value, mode.value, counts=False)
        counts.value = f"<p role='status'><b>{escape(view.text)}</b></p>"
        output.value = view.html

    show_on_change(error, show, left_w, right_w, mode)
    return attach_parts(w.VBox([w.HBox([left_w, right_w]), mode, counts, output, error]),
                        Parts(left=left_w, right=right_w, view=mode, counts=counts, output=output, error=error))


@degrade("restored version of its text",
         "Lesson 10 compares the text as received with a restored version; this article has none.")
def restored_changes_html(art: Article) -> HtmlView:
    """The replacements the restored version makes, one per line: artefact, before, after."""
    rows, lines = [], []
    for r in restorations(art):
        kind = art.get(r.artefact).kind.replace("_", " ")
        basis = ("a guess by the project: the outlet's wording here was not seen" if r.guess
                 else "the outlet's own wording, read in its stored page")
        after = f"[{r.after}]" if r.guess else r.after
        rows.append(f"<tr><td>{escape(r.paragraph)}</td><td>{escape(kind)}</td>"
                    f"<td><del>{escape(r.before)}</del></td><td><ins>{escape(after)}</ins></td><td>{escape(basis)}</td></tr>")
        lines.append(f"{r.paragraph} ({kind}): {r.before} -> {after} ({basis})")
    html = ("<p><i>The restored column is constructed for teaching: written by the project, not published by "
            "anyone.</i></p><table class='kit-restorations'><tr><th>Paragraph</th><th>Kind</th><th>As received</th>"
            f"<th>Restored (constructed)</th><th>Where the restored words come from</th></tr>{''.join(rows)}</table>")
    lines.insert(0, "The restored column is constructed for teaching: written by the project, not published by anyone.")
    return HtmlView(html, "\n".join(lines))


__all__ = ["FactMatrix", "HtmlView", "STATUS_STYLE", "VOICE_STYLE", "account_explorer", "account_html",
           "chosen_accounts", "compare_accounts", "comparison_html", "fact_matrix", "framing_chart", "framing_explorer",
           "matrix_chart", "matrix_html", "predict_reporters", "prediction_feedback", "quotes_html",
           "record_html", "restored_changes_html", "side_by_side", "terms_for", "terms_html"]
