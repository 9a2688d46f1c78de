"""Views for the parliamentary-procedure lessons (notebooks 06-08).

- the real vote's numbers, each with the fact it comes from (:func:`vote_facts_text`);
- a vote simulator widget that redraws the seat chart (:func:`vote_simulator`);
- the acts on a timeline (:func:`acts_timeline`) and in a table (:func:`acts_table`), both read
  from ``art.acts_by_date()``; a disputed date is shown as a dispute, never as one date;
- facts with their sources (:func:`fact_cards`).

Every figure comes from the data; the majority a rule requires is the kit's arithmetic
(:mod:`kit.votes`), and is labelled so wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from typing import Any

from .article import Article
from .chartcache import cached
from .choose import degrade
from .controls import widgets
from .display import (
    INK,
    PALETTE,
    Chart,
    HtmlView,
    escape,
    icon,
    link_html,
    new_figure,
    quote_html,
    style_widget,
)
from .hemicycle import vote_chart
from .model import Absent, Act, Citation, Conflict, Source, Tally, record
from .views.base import ACTS_NEEDED, FACTS_NEEDED, VOTE_NEEDED
from .views.shared import fact_explorer as shared_fact_explorer
from .votes import RULES, Outcome, UnknownCountError, VoteError, make_vote, outcome, vote_from_act

__all__ = [
    "REAL_VOTE", "format_date", "real_vote", "vote_facts_text", "VoteSimulator", "vote_simulator",
    "ActRow", "act_rows", "acts_table", "acts_timeline", "timeline_dates_text", "fact_cards", "HtmlView",
    "compare_rules_text", "conflict_card", "claim_card", "fact_explorer", "acts_by_wording_text",
]

REAL_VOTE = "fr-2022-01-20"  # the act the case study reports
ARITHMETIC_NOTE = ("The votes needed are the kit's arithmetic under the rule you choose: "
                   "no source reports a required majority for this vote.")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def format_date(value: str) -> str:
    """A data date (YYYY-MM-DD, YYYY-MM or YYYY) in words.

    >>> format_date("2021-06-10"), format_date("2021-06"), format_date("2021")
    ('10 June 2021', 'June 2021', '2021')
    """
    parts = value.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return value




# ------------------------------------------------------------------ the real vote
@degrade(*VOTE_NEEDED)
def real_vote(art: Article, act_id: str = REAL_VOTE, rule_id: str = "cast") -> Outcome:
    """The outcome of a recorded vote of the data under one rule (default: majority of votes cast).

    >>> from kit import load_article
    >>> o = real_vote(load_article())
    >>> o.for_, o.cast, o.required, o.adopted
    (169, 170, 86, True)
    """
    return outcome(vote_from_act(art.get(act_id)), rule_id)


_VOTE_FACTS = (
    ("Votes for", "fr-vote-for"),
    ("Votes against", "fr-vote-against"),
    ("Abstentions", "fr-vote-abstain"),
    ("Deputies taking part (votants)", "fr-vote-voting"),
    ("Votes cast (suffrages exprimés)", "fr-vote-cast"),
    ("Seats in the Assemblée", "fr-seats"),
)


def _who(source: Source) -> str:
    """A source's publisher, with the outlet it relays when it is a copy ("RFI via vipeoples.net")."""
    return f"{source.original} via {source.publisher}" if source.original else source.publisher


def _fact_number(art: Article, fact_id: str) -> int:
    value = art.fact(fact_id).value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"fact {fact_id} has no numeric value (got {value!r})")
    return int(value)


@degrade(*VOTE_NEEDED)
def vote_facts_text(art: Article) -> str:
    """The real vote's six numbers, one per line, each with its fact and how sure it is.

    Single-source figures are flagged, and each number is cross-checked with the act's tally.
    """
    lines = []
    for label, fid in _VOTE_FACTS:
        fact = art.fact(fid)
        n = _fact_number(art, fid)
        sure = {"confirmed": "confirmed by 2+ sources", "single_source": "ONE source only",
                "derived": "derived"}.get(fact.confidence, fact.confidence.replace("_", " "))
        extra = ""
        if fact.confidence == "single_source":
            pubs = ", ".join(_who(art.source(c.source)) for c in fact.sources)
            extra = f" [{pubs}]"
        lines.append(f"{label}: {n}  ({sure}{extra})")
    v = vote_from_act(art.get(REAL_VOTE))
    lines.append(f"Check: {v.for_} + {v.against} = {v.cast} cast; "
                 f"{v.cast} + {v.abstain} = {v.taking_part} taking part.")
    return "\n".join(lines)


# ------------------------------------------------------------------ the simulator
class VoteSimulator:
    """The simulator's state and widgets; :func:`vote_simulator` returns its ``.widget``.

    Attributes a test (or a curious student) can use: ``attendance``, ``against``, ``abstain``
    (BoundedIntText number fields), ``rule`` (Dropdown), ``real_button`` (Button), ``verdict`` (HTML with the
    outcome), ``chart_view`` (HTML with the seat chart), ``errors`` (Output), and after each
    update ``outcome`` (:class:`kit.votes.Outcome` or None when the numbers are impossible),
    ``chart`` (the last seat chart, a :class:`kit.hemicycle.SvgChart`) and ``timings`` (seconds per update).
    """

    def __init__(self, art: Article, act_id: str = REAL_VOTE) -> None:
        w = widgets()

        self.act = art.get(act_id)
        self.real = vote_from_act(self.act)
        seats = self.real.known_seats
        self.date_text = format_date(self.act.date) if isinstance(self.act.date, str) else "the real vote"
        self.sources = [art.source(c.source) for c in self.act.sources]
        cast_fact = art.fact("fr-vote-cast") if act_id == REAL_VOTE else None
        self.cast_single_source = ""
        if cast_fact is not None and cast_fact.confidence == "single_source":
            self.cast_single_source = ", ".join(_who(art.source(c.source)) for c in cast_fact.sources)
        style = {"description_width": "15em"}
        layout = w.shared_layout(width="24em")

        # Number fields, not sliders: a field is named by its label (a screen reader says "of whom
        # vote against, 1"), is one tab stop, and takes the arrow keys and typed numbers; an
        # ipywidgets slider has an unnamed handle and a separate editable readout.
        def field(desc: str, tip: str) -> Any:
            return w.BoundedIntText(min=0, max=seats, description=desc, tooltip=tip, continuous_update=True,
                                    style=style, layout=layout)

        self.attendance = field("Members taking part", f"0 to {seats}; arrow keys change it by one")
        self.against = field("of whom vote against", "Arrow keys change it by one")
        self.abstain = field("of whom abstain", "Arrow keys change it by one")
        self.rule = w.Dropdown(options=[(r.label, r.id) for r in RULES.values()], value="cast",
                               description="Majority rule", style=style, layout=w.shared_layout(width="34em"))
        self.real_button = w.Button(description=f"Real vote of {self.date_text}",
                                    layout=w.shared_layout(width="auto", align_self="flex-start"),
                                    tooltip="Put back the numbers of the real vote, from the data")
        self.verdict = w.HTML()
        self.chart_view = w.HTML(layout=w.shared_layout(flex="1 1 420px", min_width="320px"))
        self.errors = w.Output()
        self.outcome: Outcome | None = None
        self.chart: Chart | None = None  # the last seat chart (an SvgChart)
        self.timings: list[float] = []
        self._quiet = False
        for control in (self.attendance, self.against, self.abstain, self.rule):
            control.observe(self._on_change, names="value")
        self.real_button.on_click(self._on_real)
        # Controls and outcome on the left, the seat chart on the right: both in view at once on a
        # laptop screen (1366 x 900); on a narrow window the chart wraps below.
        controls = w.VBox([self.attendance, self.against, self.abstain, self.rule, self.real_button,
                           self.verdict], layout=w.shared_layout(flex="0 1 34em", min_width="22em"))
        self.widget = w.VBox([
            style_widget(),
            w.HTML("<b>Vote simulator</b>: change the numbers and the rule; the outcome and the seat chart follow."),
            w.HBox([controls, self.chart_view], layout=w.shared_layout(flex_flow="row wrap", align_items="flex-start",
                                                                 grid_gap="12px")),
            self.errors])
        self.widget.simulator = self
        self.restore_real()

    # -- callbacks: thin wrappers that never raise into the page
    def _on_change(self, change: Any = None) -> None:
        if not self._quiet:
            self.update()

    def _on_real(self, button: Any = None) -> None:
        self.restore_real()

    def restore_real(self) -> None:
        """Set every control to the real vote's values from the data, then redraw once."""
        self._quiet = True
        try:
            self.attendance.value = self.real.taking_part
            self.against.value = self.real.against
            self.abstain.value = self.real.abstain
            self.rule.value = "cast"
        finally:
            self._quiet = False
        self.update()

    def is_real(self) -> bool:
        """True when the controls show the real vote's numbers."""
        return (self.attendance.value, self.against.value, self.abstain.value) == (
            self.real.taking_part, self.real.against, self.real.abstain)

    def update(self) -> None:
        """Recompute the outcome and redraw; impossible numbers give a message, not an error."""
        started = time.perf_counter()
        self.errors.outputs = ()
        try:
            vote = make_vote(self.attendance.value, self.against.value, self.abstain.value, self.real.known_seats)
            result = outcome(vote, self.rule.value)
        except VoteError as exc:
            self.outcome = None
            self.verdict.value = (f"<div role='status' style='border-left:6px solid {PALETTE['vermillion']};"
                                  "padding:4px 10px'>"
                                  f"<b>{icon('warning')}These numbers cannot happen:</b> {escape(exc)}.<br>"
                                  f"Change a number, or press the real-vote button.</div>")
            self.chart_view.value = ""
            self.timings.append(time.perf_counter() - started)
            return
        except Exception as exc:  # anything unexpected is shown, never raised into the page
            self.outcome = None
            self.errors.append_stdout(f"Something went wrong: {exc}\n")
            return
        self.outcome = result
        real = self.is_real()
        title = f"{self.act.body}, {'real vote' if real else 'simulated vote'}"
        # SVG, not a matplotlib PNG: a redraw costs a few ms instead of ~100 (benchmarks/run.py, widgets)
        # 520 px: not scaled down beside the controls
        chart = vote_chart(result, title=title, width=5.2, height=3.9, svg=True)
        self.chart = chart
        self.verdict.value = self._verdict_html(result, real)
        self.chart_view.value = chart.html()
        self.timings.append(time.perf_counter() - started)

    def _verdict_html(self, o: Outcome, real: bool) -> str:
        v = o.vote
        mark = f"{icon('tick')}ADOPTED" if o.adopted else f"{icon('cross')}REJECTED"
        colour = PALETTE["blue"] if o.adopted else PALETTE["vermillion"]
        rows = [("For", v.for_), ("Against", v.against), ("Abstentions", v.abstain),
                ("Taking part", v.taking_part), ("Votes cast (for + against)", v.cast), ("Seats", v.seats),
                ("Turnout", f"{o.turnout:.1%}" if o.turnout is not None else "unknown"),
                (f"Votes for needed ({o.rule.label})", o.required)]
        table = "".join(f"<tr><th scope='row' style='text-align:left;font-weight:normal;padding:1px 8px 1px 0'>"
                        f"{escape(k)}</th><td style='text-align:right'><b>{escape(val)}</b></td></tr>"
                        for k, val in rows)
        if real:
            src = "; ".join(f"{s.publisher}" for s in self.sources)
            origin = f"These are the real figures of {escape(self.date_text)}, from the data (sources: {escape(src)})."
            if self.cast_single_source:
                origin += (f" The figure of {v.cast} votes cast is reported by one source only "
                           f"({escape(self.cast_single_source)}); "
                           f"it equals {v.for_} + {v.against}.")
        else:
            origin = "Simulated numbers: this is not what happened."
        return (f"<div role='status' style='border-left:6px solid {colour};padding:4px 10px'>"
                f"<p style='font-size:1.2em;margin:2px 0;color:{INK['blue'] if o.adopted else INK['vermillion']}'>"
                f"<b>{mark}</b></p>"
                f"<p style='margin:2px 0'>{escape(o.summary())}</p>"
                f"<table>{table}</table>"
                f"<p style='margin:2px 0'><i>{escape(o.rule.explanation)}</i></p>"
                f"<p style='margin:2px 0'><i>{escape(ARITHMETIC_NOTE)}</i></p>"
                f"<p style='margin:2px 0'>{origin}</p></div>")


@degrade(*VOTE_NEEDED)
def vote_simulator(art: Article, act_id: str = REAL_VOTE) -> Any:
    """A vote simulator for a recorded vote of the data whose chamber size is known.

    Number fields for attendance, votes against and abstentions, a majority-rule dropdown, and a button
    that restores the real vote. Returns the widget (not displayed); its ``.simulator`` attribute
    is the :class:`VoteSimulator` behind it.
    """
    return VoteSimulator(art, act_id).widget


# ------------------------------------------------------------------ acts: rows, table, timeline
_DECIDED = {
    "recorded_vote": "recorded vote (a count was published)",
    "vote_by_party": "vote by party (no head count published)",
    "unopposed_no_division": "agreed without opposition (no division or count in the sources seen)",
    "executive_decision": "a government's decision, not a vote",
}
_WORDING = {
    "genocide": "genocide",
    "serious_risk_of_genocide": "serious risk of genocide",
    "assessment_requested": "asks the government to assess",
    "crimes_against_humanity": "crimes against humanity",
    "other": "another question (see the act's own words)",
}
_CHAMBER = {"lower": "lower house", "upper": "upper house only", "unicameral": "single chamber",
            "not_applicable": "no chamber"}


@record
class ActRow:
    """One act in plain words, ready for a table, a chart or a test."""

    id: str
    who: str
    branch: str
    chamber: str
    kind: str
    date_text: str
    dates: tuple[str, ...]  # one date, or every date claimed when sources disagree
    disputed: bool
    binding: str
    wording: str
    wording_quote: str
    decided_by: str
    decided_by_text: str
    tally: str
    sources: tuple[tuple[str, str, str, str, str], ...]  # (publisher, title, url, quote, English gloss)
    named_in_article: bool
    note: str


def _tally_text(tally: Tally | Absent) -> str:
    if isinstance(tally, Absent):
        return f"no count ({tally.reason})"
    text = f"{tally.for_}-{tally.against}"
    if tally.abstain is not None:
        text += f", {tally.abstain} abstention{'s' if tally.abstain != 1 else ''}"
    if tally.voting is not None:
        text += f" ({tally.voting} taking part)"
    return text


def _binding_text(value: bool | Absent) -> str:
    if isinstance(value, Absent):
        return "not stated in the sources"
    return "yes" if value else "no"


def act_rows(art: Article) -> tuple[ActRow, ...]:
    """Every act in date order, in plain words (a disputed date lists every date claimed)."""
    rows = []
    for act in art.acts_by_date():
        rows.append(_row(art, act))
    return tuple(rows)


def _row(art: Article, act: Act) -> ActRow:
    if isinstance(act.date, str):
        dates: tuple[str, ...] = (act.date,)
        date_text, disputed = format_date(act.date), False
    elif act.date_conflict:
        conflict: Conflict = art.get(act.date_conflict)
        dates = tuple(sorted(p.value for p in conflict.positions))
        date_text = "disputed: " + " or ".join(format_date(d) for d in dates) + " (sources disagree)"
        disputed = True
    else:
        dates, date_text, disputed = (), f"date unknown ({act.date.reason})", False
    sources = []
    for c in act.sources:
        src = art.source(c.source)
        sources.append((src.publisher, src.title, src.url if isinstance(src.url, str) else "", c.quote, c.gloss))
    return ActRow(
        id=act.id, who=f"{act.jurisdiction}: {act.body}", branch=act.branch,
        chamber=_CHAMBER.get(act.chamber, act.chamber), kind=act.kind.replace("_", " "),
        date_text=date_text, dates=dates, disputed=disputed, binding=_binding_text(act.binding),
        wording=_WORDING.get(act.wording, act.wording), wording_quote=act.wording_quote,
        decided_by=act.decided_by, decided_by_text=_DECIDED.get(act.decided_by, act.decided_by),
        tally=_tally_text(act.tally), sources=tuple(sources), named_in_article=act.named_in_article, note=act.note)


@degrade(*ACTS_NEEDED)
def acts_table(art: Article, ids: Iterable[str] | None = None, notes: bool = False) -> HtmlView:
    """The acts as an HTML table (every data text escaped), with their sources.

    Parameters
    ----------
    ids : iterable of str, optional
        Only these acts (in date order); all of them by default.
    notes : bool
        Add the data's notes (nuances a reader needs) under each act.
    """
    wanted = None if ids is None else set(ids)
    rows = [r for r in act_rows(art) if wanted is None or r.id in wanted]
    if wanted is not None and len(rows) != len(wanted):
        missing = wanted - {r.id for r in rows}
        raise KeyError(f"no act {', '.join(sorted(missing))}; the acts are: {', '.join(r.id for r in act_rows(art))}")
    # Four columns that fit a laptop screen; the rest of each act (branch, kind, binding, the act's
    # own words, every source with its quote, the note) is one "Details and sources" away.
    head = ("Date", "Who", "What it says", "How decided")
    cell = "border-bottom:1px solid #767676;vertical-align:top;text-align:left;padding:6px 8px"
    widths = ("15%", "25%", "32%", "28%")
    html = ["<table class='kit-acts' style='border-collapse:collapse;width:100%;max-width:72em'>",
            "<tr>" + "".join(f"<th scope='col' style='border-bottom:2px solid #333;text-align:left;padding:4px 8px;"
                             f"width:{wd}'>{h}</th>" for h, wd in zip(head, widths, strict=True)) + "</tr>"]
    text = []
    for r in rows:
        date_cell = escape(r.date_text)
        if r.disputed:
            date_cell = f"<b>{icon('warning')}{date_cell}</b>"
        srcs = "".join(
            f"<li>{link_html(url, pub)}"
            + (f": {quote_html(quote, gloss)}" if quote else "") + "</li>"
            for pub, _title, url, quote, gloss in r.sources)
        facts = (f"<li>Branch: {escape(r.branch)}</li><li>Kind of act: {escape(r.kind)}</li>"
                 f"<li>Binding? {escape(r.binding)}</li>"
                 + (f"<li>The act's words: <q>{escape(r.wording_quote)}</q></li>" if r.wording_quote else ""))
        note = f"<p style='margin:4px 0'>Note: {escape(r.note)}</p>" if notes and r.note else ""
        count, why = r.tally, ""
        if r.tally.startswith("no count (") and r.tally.endswith(")"):  # the reason goes with the details
            count, why = "no count", r.tally[len("no count ("):-1]
        if why:
            facts += f"<li>Why no count: {escape(why)}</li>"
        details = (f"<details style='margin-top:4px'><summary>Details and sources ({len(r.sources)})</summary>"
                   f"<ul style='margin:4px 0;padding-left:1.2em'>{facts}</ul>{note}"
                   f"<p style='margin:4px 0 0'>Sources:</p><ul style='margin:0;padding-left:1.2em'>{srcs}</ul>"
                   "</details>")
        cells = (date_cell, f"<b>{escape(r.who)}</b><br>{escape(r.chamber)}",
                 escape(r.wording) + details, escape(r.decided_by_text) + f"<br>Count: {escape(count)}")
        html.append("<tr>" + "".join(f"<td style='{cell}'>{c}</td>" for c in cells) + "</tr>")
        text.append(f"{r.date_text} | {r.who} | {r.branch} | {r.kind} | binding: {r.binding} | {r.wording} | "
                    f"{r.decided_by_text} | {r.tally} | sources: {', '.join(s[0] for s in r.sources)}")
    html.append("</table>")
    return HtmlView("".join(html), "\n".join(text))


@degrade(*ACTS_NEEDED)
def timeline_dates_text(art: Article) -> str:
    """One line per act: its date as the data gives it (a dispute stays a dispute) and who acted."""
    return "\n".join(f"{r.date_text}: {r.who}" for r in act_rows(art))


_TIMELINE_COLOUR = {"genocide": PALETTE["blue"], "serious_risk_of_genocide": PALETTE["orange"],
                    "assessment_requested": PALETTE["purple"], "crimes_against_humanity": PALETTE["green"]}
_TIMELINE_MARKER = {"recorded_vote": ("o", True), "vote_by_party": ("s", True),
                    "unopposed_no_division": ("o", False), "executive_decision": ("D", True)}


@degrade(*ACTS_NEEDED)
@cached()
def acts_timeline(art: Article) -> Chart:
    """The acts on a timeline: colour *and* label for the wording, shape for how it was decided.

    A disputed date is drawn as a bar between the dates claimed, with a warning in its label.
    """
    from matplotlib.dates import DateFormatter, MonthLocator  # heavy third-party: matplotlib
    from matplotlib.lines import Line2D  # heavy third-party: matplotlib

    rows = act_rows(art)
    acts = {a.id: a for a in art.acts}
    fig = new_figure(9.5, 0.62 * len(rows) + 2.4)
    ax = fig.add_subplot()

    def as_date(text: str) -> dt.date:
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    all_dates = [as_date(d) for r in rows for d in r.dates]
    lo, hi = min(all_dates), max(all_dates)
    span = (hi - lo).days or 1
    mid = lo + (hi - lo) / 2
    data_rows = []
    for y, r in enumerate(rows):
        act = acts[r.id]
        colour = _TIMELINE_COLOUR.get(act.wording, PALETTE["grey"])
        marker, filled = _TIMELINE_MARKER.get(act.decided_by, ("o", True))
        ds = [as_date(d) for d in r.dates]
        if len(ds) > 1:
            ax.plot([ds[0], ds[-1]], [y, y], color=colour, linewidth=4, solid_capstyle="butt")
            ax.annotate("?", (ds[0] + (ds[-1] - ds[0]) / 2, y), xytext=(0, 9), textcoords="offset points",
                        ha="center", va="bottom", fontsize=11, fontweight="bold")
        ax.plot(ds, [y] * len(ds), linestyle="", marker=marker, markersize=10, color=colour,
                markerfacecolor=colour if filled else "white", markeredgewidth=2)
        count = r.tally if not r.tally.startswith("no count") else "no count"
        label = f"{r.who}\n{r.date_text} · {r.wording} · {count}"
        left = ds[0] > mid
        ax.annotate(label, (ds[0] if left else ds[-1], y), xytext=(-10 if left else 10, 0),
                    textcoords="offset points", ha="right" if left else "left", va="center", fontsize=9,
                    linespacing=1.3)
        # shown as the chart's table where it cannot be drawn: the words a student reads, not ids
        data_rows.append({"date": r.date_text, "who": r.who, "wording": _WORDING.get(act.wording, act.wording),
                          "decided": r.decided_by_text})
    ax.set_yticks([])
    pad = dt.timedelta(days=int(span * 0.04) + 5)
    ax.set_xlim(lo - pad, hi + pad)
    ax.set_ylim(len(rows) - 0.4, -0.8)
    ax.xaxis.set_major_locator(MonthLocator(bymonth=(1, 4, 7, 10)))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(DateFormatter("%b %Y"))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#dddddd")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title("The acts named in the report, in date order", fontsize=11)
    used_w = [w for w in _TIMELINE_COLOUR if any(a.wording == w for a in art.acts)]
    used_d = [d for d in _TIMELINE_MARKER if any(a.decided_by == d for a in art.acts)]
    handles = [Line2D([], [], color=_TIMELINE_COLOUR[w], linewidth=6, label=f"Wording: {_WORDING[w]}")
               for w in used_w]
    handles += [Line2D([], [], linestyle="", marker=_TIMELINE_MARKER[d][0], markersize=9, color="#333333",
                       markerfacecolor="#333333" if _TIMELINE_MARKER[d][1] else "white", markeredgewidth=2,
                       label=_DECIDED[d]) for d in used_d]
    if any(r.disputed for r in rows):
        handles.append(Line2D([], [], color="#333333", linewidth=4, marker="$?$", markersize=9,
                              label="? and a bar: sources disagree on the date"))
    fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize=9.5)
    alt = (f"Timeline of {len(rows)} acts, in date order: "
           + "; ".join(f"{r.date_text}, {r.who}, {r.kind}, wording: {r.wording}, {r.decided_by_text}, "
                       f"{'count ' + r.tally if not r.tally.startswith('no count') else 'no count'}"
                       for r in rows) + ".")
    return Chart(fig, alt, {"acts": data_rows})


# ------------------------------------------------------------------ facts with sources
@degrade(*FACTS_NEEDED)
def fact_cards(art: Article, ids: Iterable[str]) -> HtmlView:
    """Facts with how sure they are and every source (title, publisher, link, quoted passage)."""
    html, text = [], []
    for fid in ids:
        f = art.fact(fid)
        sure = f.confidence.replace("_", " ")
        items = []
        for c in f.sources:
            s = art.source(c.source)
            link = link_html(s.url, s.title)
            quote = f"<br>{quote_html(c.quote, c.gloss)}" if c.quote else ""
            items.append(f"<li>{link} ({escape(s.publisher)}){quote}</li>")
        flag = f" {icon('warning')}one source only" if f.confidence == "single_source" else ""
        note = f"<small>Note: {escape(f.note)}</small>" if f.note else ""
        html.append(f"<div style='border-left:4px solid {PALETTE['blue']};padding:4px 10px;margin:6px 0'>"
                    f"<b>{escape(f.statement)}</b><br><small>How sure: <i>{escape(sure)}</i>{flag}</small>"
                    f"<ul style='margin:2px 0'>{''.join(items)}</ul>{note}</div>")
        text.append(f"{f.statement} [{sure}; sources: {', '.join(art.source(c.source).publisher for c in f.sources)}]")
    return HtmlView("".join(html), "\n".join(text))


def _source_items(art: Article, citations: Iterable[Citation]) -> str:
    items = []
    for c in citations:
        s = art.source(c.source)
        link = link_html(s.url, s.publisher)
        items.append(f"<li>{link}" + (f": {quote_html(c.quote, c.gloss)}" if c.quote else "")
                     + (f" <small>({escape(c.note)})</small>" if c.note else "") + "</li>")
    return f"<ul style='margin:2px 0'>{''.join(items)}</ul>"


@degrade(*FACTS_NEEDED)
def fact_explorer(art: Article, ids: Iterable[str]) -> Any:
    """A dropdown of the given facts; choosing one shows it with its sources (see :mod:`kit.views.shared`)."""
    return shared_fact_explorer(art, tuple(art.fact(i) for i in ids))


@degrade(*VOTE_NEEDED)
def compare_rules_text(art: Article, act_id: str = REAL_VOTE) -> str:
    """The votes needed under every rule for a recorded vote, one line per rule (the kit's arithmetic)."""
    lines = ["Votes for needed under each rule (the kit's arithmetic; no source reports the required majority):"]
    for r in RULES.values():
        try:
            o = real_vote(art, act_id, r.id)
        except UnknownCountError as exc:
            lines.append(f"{r.label}: cannot be computed ({exc})")
            continue
        verdict = "adopted" if o.adopted else "rejected"
        lines.append(f"{r.label}: {o.required} votes for needed -> {o.for_} for: {verdict}")
    return "\n".join(lines)


@degrade(*FACTS_NEEDED)
def conflict_card(art: Article, conflict_id: str) -> HtmlView:
    """A disagreement between sources, shown as a disagreement: each position with its sources."""
    c: Conflict = art.get(conflict_id)
    values = [format_date(p.value) if _looks_like_date(p.value) else p.value for p in c.positions]
    html = [f"<div style='border-left:6px solid {PALETTE['orange']};padding:4px 10px'>",
            f"<b>{icon('warning')}Sources disagree:</b> {escape(c.about)}<ol>"]
    for value, p in zip(values, c.positions, strict=True):
        html.append(f"<li><b>{escape(value)}</b>{_source_items(art, p.sources)}</li>")
    html.append(f"</ol><p>Status: <i>{escape(c.status)}</i>. Advice: {escape(c.advice)}</p></div>")
    text = (f"Sources disagree: {c.about} " + " / ".join(
        f"{v} ({', '.join(art.source(s.source).publisher for s in p.sources)})"
        for v, p in zip(values, c.positions, strict=True))
        + f". Status: {c.status}. Advice: {c.advice}")
    return HtmlView("".join(html), text)


def _looks_like_date(value: str) -> bool:
    return re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value) is not None


_RELATION = {"supports": "supports it", "completes": "completes it (the claim leaves something out)",
             "contradicts": "contradicts it"}


@degrade(*FACTS_NEEDED)
def claim_card(art: Article, claim_id: str) -> HtmlView:
    """A claim of the report, quoted, with the kit's assessment and the facts it was checked against."""
    claim = art.get(claim_id)
    rows, text = [], [f"The report says: \"{claim.anchor}\" Assessment: {claim.assessment.replace('_', ' ')}."]
    for fact, relation in art.facts_for(claim):
        rows.append(f"<li><b>{escape(_RELATION.get(relation, relation))}</b>: {escape(fact.statement)}"
                    f"{_source_items(art, fact.sources)}</li>")
        text.append(f"- {relation}: {fact.statement}")
    html = (f"<div style='border-left:6px solid {PALETTE['sky']};padding:4px 10px'>"
            f"<p>The report says: <q>{escape(claim.anchor)}</q></p>"
            f"<p>Assessment: <b>{escape(claim.assessment.replace('_', ' '))}</b></p>"
            + (f"<p><small>{escape(claim.note)}</small></p>" if claim.note else "")
            + f"<p>Checked against:</p><ul>{''.join(rows)}</ul></div>")
    return HtmlView(html, "\n".join(text))


@degrade(*ACTS_NEEDED)
def acts_by_wording_text(art: Article) -> str:
    """The acts grouped by what they found, each with who acted and how: the raw material for an
    accurate version of the report's list."""
    groups: dict[str, list[str]] = {}
    for r in act_rows(art):
        how = r.decided_by_text.split(" (")[0].split(":")[0]
        groups.setdefault(r.wording, []).append(f"{r.who} ({r.branch}, {r.date_text}; {how})")
    return "\n".join(f"{wording}:\n" + "\n".join(f"  - {line}" for line in lines) for wording, lines in groups.items())


@degrade("act of this name recorded", "This part of the lesson is about the act the case study reports.")
def act_body(art: Article, act_id: str) -> str:
    """The body (chamber, government) that made an act, read from the data.

    Examples
    --------
    >>> from kit import load_article
    >>> act_body(load_article(), "fr-2022-01-20")
    'Assemblée nationale'
    """
    act = art.get(act_id)
    if not isinstance(act, Act):
        raise KeyError(f"{act_id!r} is not an act")
    return act.body
