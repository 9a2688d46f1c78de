"""Notebook 00's views: the event in a handful of sourced facts, a fact explorer and the vote at a glance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .article import Article
from .chartcache import cached
from .choose import degrade
from .controls import widgets
from .display import PALETTE, Chart, HtmlView, escape, new_figure, text_on
from .model import Absent, Fact
from .progress import (
    ProgressStore,
    current_nickname,
    looks_like_real_name,
    nickname_slug,
    person_dir,
    set_current_nickname,
)
from .views.base import VOTE_NEEDED
from .views.shared import fact_explorer as shared_fact_explorer

# The facts notebook 00 opens with, in reading order; an article without them falls back to its first facts.
KEY_FACTS = ("fr-vote-date", "fr-lower-house", "fr-vote-tally", "fr-non-binding", "fr-reserved-day", "fr-wording")


def key_facts(art: Article, ids: tuple[str, ...] = KEY_FACTS, n: int = 5) -> tuple[Fact, ...]:
    """The event in a handful of facts from the registry.

    Examples
    --------
    >>> from kit import load_article
    >>> [f.id for f in key_facts(load_article())][:2]
    ['fr-vote-date', 'fr-lower-house']
    """
    known = {f.id: f for f in art.facts}
    chosen = [known[i] for i in ids if i in known]
    return tuple(chosen or art.facts[:n])


def vote_numbers(art: Article) -> dict[str, int] | None:
    """For, against, abstained, voting, seats and not voting for the article's main vote (None without one).

    Examples
    --------
    >>> from kit import load_article
    >>> vote_numbers(load_article())
    {'for': 169, 'against': 1, 'abstained': 5, 'voting': 175, 'seats': 577, 'not voting': 402}
    """
    act = art.main_act()
    if act is None or isinstance(act.tally, Absent):
        return None
    t = act.tally
    abstain = t.abstain or 0
    voting = t.voting if t.voting is not None else t.for_ + t.against + abstain
    out = {"for": t.for_, "against": t.against, "abstained": abstain, "voting": voting}
    if not isinstance(act.seats, Absent):
        out["seats"] = act.seats
        out["not voting"] = act.seats - voting
    return out


def vote_summary(art: Article) -> str:
    """One line with the main vote's numbers, for a checked notebook output."""
    v = vote_numbers(art)
    if v is None:
        return "This article reports no counted vote."
    line = f"For {v['for']} | Against {v['against']} | Abstained {v['abstained']} | Voting {v['voting']}"
    return line + (f" of {v['seats']} seats" if "seats" in v else "")


@degrade(*VOTE_NEEDED)
@cached()
def vote_chart(art: Article) -> Chart:
    """A bar showing how every seat of the chamber took part (or not) in the main vote.

    Raises
    ------
    ValueError
        When the article reports no counted vote.
    """
    v = vote_numbers(art)
    act = art.main_act()
    if v is None or act is None:
        raise ValueError("this article reports no counted vote, so there is nothing to chart")
    parts = [("for", PALETTE["blue"], ""), ("against", PALETTE["vermillion"], "xx"),
             ("abstained", PALETTE["orange"], ".."), ("not voting", PALETTE["grey"], "//")]
    parts = [p for p in parts if p[0] in v]
    fig = new_figure(8, 2.6)
    ax = fig.add_subplot()
    left = 0
    for name, colour, hatch in parts:
        ax.barh([0], [v[name]], left=left, color=colour, hatch=hatch, edgecolor="white", label=f"{name}: {v[name]}")
        if v[name] >= 25:
            ax.text(left + v[name] / 2, 0, f"{name}\n{v[name]}", ha="center", va="center", color=text_on(colour),
                    fontsize=11, bbox={"boxstyle": "round,pad=0.2", "facecolor": colour, "edgecolor": "none"})
        left += v[name]
    ax.set_yticks([])
    total = v.get("seats", v["voting"])
    ax.set_xlim(0, total)
    ax.set_xlabel("seats" if "seats" in v else "members voting", fontsize=10.5)
    ax.tick_params(labelsize=10)
    ax.set_title(f"{act.body}, {act.date}: how the seats took part in the vote", fontsize=11.5)
    # the legend is laid out inside the figure, under the axes (constrained layout makes room)
    fig.legend(loc="outside lower center", ncol=len(parts), frameon=False, fontsize=10.5)
    alt = (f"Bar chart of the {act.body} vote of {act.date}: {v['for']} for, {v['against']} against, "
           f"{v['abstained']} abstained"
           + (f", and {v['not voting']} of the {v['seats']} seats did not vote." if "seats" in v else "."))
    return Chart(fig, alt, data=v)


def fact_explorer(art: Article, facts: tuple[Fact, ...] | None = None) -> Any:
    """A dropdown of facts (by default notebook 00's :func:`key_facts`); choosing one shows it with its sources.

    Returns
    -------
    ipywidgets.VBox
        ``children[0]`` is the dropdown, ``children[1]`` the HTML card (see :func:`kit.views.shared.fact_explorer`).
    """
    return shared_fact_explorer(art, facts or key_facts(art))


def article_card(art: Article) -> HtmlView:
    """Headline, outlet, date, credits and the nature of the text, escaped."""
    m = art.metadata
    date = m.published if isinstance(m.published, str) else "date unknown"
    basis = " (read from the web address)" if m.published_basis == "derived" else ""
    credits = "; ".join(f"{c.name} ({c.role})" for c in m.credits)
    html = (f"<div class='kit-article' style='border:1px solid #999;padding:8px 12px'>"
            f"<p style='font-size:1.2em'><b>{escape(m.headline)}</b></p>"
            f"<p>{escape(m.outlet)}, {escape(date)}{escape(basis)}. Credits: {escape(credits)}.</p>"
            f"<p><i>{escape(art.nature.note)}</i></p></div>")
    text = f"{m.headline}\n{m.outlet}, {date}{basis}. Credits: {credits}.\n{art.nature.note}"
    return HtmlView(html, text)


# ------------------------------------------------------------------------------------ who is working

class WhoIsWorking:
    """Notebook 00's "who is working" step: a nickname, "Start", and "Clear my answers".

    Each nickname has its own progress on this computer, so on a shared laptop the next student starts
    afresh; a nickname that looks like a real name is refused. Use :func:`who_is_working`.
    """

    def __init__(self, base: Path | None = None) -> None:
        w = widgets()

        self.base = base
        self.intro = w.HTML("<p style='margin:0'><b>Who is working?</b> Type a nickname (not your real name) and "
                            "press <b>Start</b>. Your answers are kept under it on this computer; the next student "
                            "types their own and starts afresh.</p>")
        self.nickname = w.Text(value=current_nickname(base), placeholder="a nickname, e.g. blue fox 7",
                               description="Nickname", layout=w.shared_layout(width="24em"))
        self.start = w.Button(description="Start", button_style="primary", tooltip="Work under this nickname")
        self.clear = w.Button(description="Clear my answers", tooltip="Forget every answer of this nickname")
        self.confirm = w.Button(description="Yes, clear my answers", button_style="danger",
                                layout=w.Layout(display="none", width="auto"))
        self.status = w.HTML("")
        self.start.on_click(self._guard(self.on_start))
        self.clear.on_click(self._guard(self.on_clear))
        self.confirm.on_click(self._guard(self.on_confirm))
        self.box = w.VBox([self.intro, w.HBox([self.nickname, self.start, self.clear]), self.confirm, self.status],
                          layout=w.shared_layout(border="1px solid #ccc", padding="6px", margin="6px 0"),
                          _dom_classes=("kit-who",))
        who = current_nickname(base)
        if who:
            self.status.value = f"<div role='status'>Working as “{escape(who)}”.</div>"

    def _guard(self, fn: Any) -> Any:
        def run(_button: Any = None) -> None:
            try:
                fn()
            except OSError as exc:
                self.status.value = (f"<div role='alert'>Your nickname could not be saved "
                                     f"({escape(exc.strerror or exc)}); "
                                     "tell your teacher.</div>")
        return run

    def _store(self) -> ProgressStore:
        return ProgressStore(person_dir(current_nickname(self.base), self.base))

    def on_start(self) -> None:
        """Work under the typed nickname (refused when it looks like a real name)."""
        nick = " ".join(self.nickname.value.split())[:40]
        if not nickname_slug(nick):
            self.status.value = "<div role='alert'>Type a nickname first: letters or digits.</div>"
            return
        if looks_like_real_name(nick):
            self.status.value = (f"<div role='alert'>“{escape(nick)}” looks like a real name. Choose a nickname "
                                 "your teacher knows you by, such as “blue fox 7”, so that no name is stored.</div>")
            return
        set_current_nickname(nick, self.base)
        n = len(self._store().all())
        tried = f"{n} self-check{'s' if n != 1 else ''} tried so far" if n else "a fresh start"
        self.confirm.layout.display = "none"
        self.status.value = (f"<div role='status'>Working as “{escape(nick)}”: {tried}. Run the other notebooks "
                             "from the top to use this nickname there too.</div>")

    def on_clear(self) -> None:
        """Ask to confirm before clearing."""
        who = current_nickname(self.base)
        self.confirm.layout.display = ""
        self.status.value = (f"<div role='alert'>Clear every answer of “{escape(who)}”? This cannot be undone.</div>"
                             if who else "<div role='alert'>Clear every answer kept on this computer without a "
                                         "nickname? This cannot be undone.</div>")

    def on_confirm(self) -> None:
        """Clear this nickname's answers."""
        self._store().clear()
        self.confirm.layout.display = "none"
        self.status.value = "<div role='status'>Your answers are cleared.</div>"


def who_is_working(base: Path | None = None) -> Any:
    """The "who is working" widget of notebook 00, not displayed; the builder is ``widget.kit`` (for tests)."""
    built = WhoIsWorking(base)
    box = built.box
    box.kit = built
    return box
