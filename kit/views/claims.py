"""Notebook 03, claims and evidence: the claims by what the sources say, the claim checker (verdict
first, evidence after), source cards and the report's numbers in context.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..article import Article
from ..chartcache import cached
from ..choose import degrade
from ..controls import widgets
from ..counting import claim_counts, is_outlet_voice
from ..display import (
    PALETTE,
    Chart,
    HtmlView,
    escape,
    gloss_text,
    guarded,
    icon,
    link_html,
    new_figure,
    quote_html,
    safe_url,
    short,
)
from ..model import Claim, Fact, Number
from .base import ASSESSMENTS, FACTS_NEEDED, Parts, Span, attach_parts, mark_html, series_colour, show_on_change

RELATIONS: dict[str, str] = {"supports": "supports the claim", "completes": "adds what the claim leaves out",
                             "contradicts": "contradicts the claim"}


def claim_summary(art: Article) -> str:
    """Claims by assessment and voice as text, for a checked notebook output."""
    counts = claim_counts(art)
    own = sum(v["outlet"] for v in counts.values())
    other = sum(v["attributed"] for v in counts.values())
    checkable = sum(1 for c in art.claims if c.checkable)
    lines = [f"{own + other} claims: {own} in the outlet's own voice, {other} attributed to someone; "
             f"{checkable} checkable"]
    lines += [f"{ASSESSMENTS[k][1]}: {v['outlet']} outlet, {v['attributed']} attributed" for k, v in counts.items()]
    return "\n".join(lines)


@cached()
def claims_chart(art: Article) -> Chart:
    """Grouped bars: claims by assessment, the outlet's own voice beside attributed voices."""
    counts = claim_counts(art)
    keys = list(counts)
    fig = new_figure(8, 4)
    ax = fig.add_subplot()
    width = 0.38
    series = (("outlet", "outlet's own voice", ""), ("attributed", "attributed to someone", "//"))
    for j, (who, label, hatch) in enumerate(series):
        xs = [i + (j - 0.5) * width for i in range(len(keys))]
        vals = [counts[k][who] for k in keys]
        ax.bar(xs, vals, width, label=label, color=series_colour(j), hatch=hatch, edgecolor="black")
        for x, v in zip(xs, vals, strict=True):
            ax.text(x, v + 0.2, str(v), ha="center")
    ax.set_xticks(range(len(keys)), [f"{ASSESSMENTS[k][0]} {k.replace('_', ' ')}" for k in keys])
    ax.set_ylabel("claims")
    ax.set_title("Claims in the report, by what the sources say")
    ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    alt = ("Grouped bar chart of the report's claims by assessment, outlet's own voice vs attributed: "
           + "; ".join(f"{k.replace('_', ' ')}: {counts[k]['outlet']} outlet, {counts[k]['attributed']} attributed"
                       for k in keys) + ".")
    return Chart(fig, alt, data=counts)


def source_card_html(art: Article, source_id: str, quote: str = "", note: str = "", gloss: str = "") -> str:
    """One source as a card (the 'other tab' a fact-checker would open): title, publisher, date,
    kind, language, address, and the short passage the fact rests on."""
    s = art.source(source_id)
    url = safe_url(s.url)
    title = link_html(url, s.title)
    date = s.date if isinstance(s.date, str) else "date not recorded"
    where = f"<br><small>{escape(url)}</small>" if url else "<br><small>(address not recorded)</small>"
    q = f'<blockquote style="margin:2px 0 2px 10px">{quote_html(quote, gloss)}</blockquote>' if quote else ""
    n = f"<br><small><i>{escape(note)}</i></small>" if note else ""
    return (f'<div class="kit-source" style="border:1px solid #bbb;padding:3px 8px;margin:3px 0">'
            f"{icon('document')}{title}<br><small>{escape(s.publisher)} · {escape(date)} · "
            f"{escape(s.kind.replace('_', ' '))} · "
            f"language: {escape(s.language)}</small>{where}{q}{n}</div>")


def fact_html(art: Article, fact: Fact, relation: str | None = None) -> str:
    """A fact of the registry with its confidence and its sources."""
    rel = f" <small>({escape(RELATIONS.get(relation, relation))})</small>" if relation else ""
    sources = "".join(source_card_html(art, c.source, c.quote, c.note, c.gloss) for c in fact.sources)
    conf = fact.confidence.replace("_", " ")
    note = f"<br><small>{escape(fact.note)}</small>" if fact.note else ""
    return (f'<div class="kit-fact" style="border-left:4px solid {PALETTE["blue"]};padding:2px 8px;margin:6px 0">'
            f"<b>{escape(fact.statement)}</b>{rel}<br><small>How sure the kit is: <i>{escape(conf)}</i></small>"
            f"{note}{sources}</div>")


@degrade(*FACTS_NEEDED)
def fact_card(art: Article, fact_id: str) -> HtmlView:
    """A fact of the registry with its sources, ready to show in a notebook (a 'source card')."""
    fact = art.fact(fact_id)
    lines = [fact.statement, f"How sure: {fact.confidence.replace('_', ' ')}"]
    for c in fact.sources:
        s = art.source(c.source)
        lines.append(f"- {s.title} ({s.publisher})" + (f": “{c.quote}”" if c.quote else "")
                     + (gloss_text(c.gloss) if c.quote else ""))
    return HtmlView(fact_html(art, fact), "\n".join(lines))


@degrade(*FACTS_NEEDED)
def claim_facts_text(art: Article, claim_id: str) -> str:
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


def claim_card_html(art: Article, claim: Claim) -> str:
    """The claim as the student first sees it: the sentence, where it is, whose voice (no verdict)."""
    voice = ("the outlet's own voice (no one is named as its source)" if is_outlet_voice(art, claim)
             else f"attributed to {art.actor(claim.voice).name}")
    p = art.paragraph(claim.paragraph)
    start, end = art.span(claim)
    text = mark_html(p.text, [Span(start, end, claim.id, "claim", PALETTE["orange"])])
    return (f'<div class="kit-claim"><p><b>The claim</b> (paragraph {p.number}, {escape(voice)}; '
            f"kind: {escape(claim.kind)}):</p><blockquote style='margin:4px 0 4px 12px'>{text}</blockquote></div>")


def evidence_html(art: Article, claim: Claim) -> str:
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


def verdict_feedback(art: Article, claim_id: str, verdict: Any) -> tuple[bool | None, str]:
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
    near = {frozenset(("supported", "incomplete")):
            "Close: what the claim says is right, but look at what the facts add.",
            frozenset(("unverified", "not_checkable")):
            "Close: neither can be settled here, but for different reasons: "
            "a judgement cannot be checked at all, a fact just is not confirmed yet."}
    hint = near.get(frozenset((verdict, claim.assessment)), "Compare your reasons with the sources below.")
    return False, f"The kit's assessment differs: {label}. {hint}"


def _claim_label(art: Article, c: Claim) -> str:
    who = "outlet" if is_outlet_voice(art, c) else art.actor(c.voice).name
    return f"p{art.paragraph(c.paragraph).number} · {who} · {short(c.anchor, 70)}"


def claim_checker(art: Article, claims: Sequence[str] | None = None) -> Any:
    """Widget: pick a claim, give your verdict, then see the kit's assessment with facts and sources.

    The evidence stays hidden until the student has chosen a verdict and pressed the button.
    """
    w = widgets()

    pool = [art.get(c) for c in claims] if claims else list(art.claims)
    pick = w.Dropdown(options=[(_claim_label(art, c), c.id) for c in pool], value=pool[0].id,
                      description="Claim:", layout=w.shared_layout(width="95%"))
    card = w.HTML()
    verdict = w.RadioButtons(options=list(VERDICTS), value=None, description="Your verdict:",
                             style={"description_width": "initial"}, layout=w.shared_layout(width="auto"))
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

    pick.observe(guarded(error, show_claim), names="value")
    button.on_click(guarded(error, check))
    guarded(error, show_claim)()
    box = w.VBox([pick, card, verdict, button, result, evidence, error])
    return attach_parts(box, Parts(pick=pick, card=card, verdict=verdict, button=button, result=result,
                               evidence=evidence, error=error))


def number_card_html(art: Article, number: Number) -> str:
    """A number of the text in context: what it counts, its context, and the facts behind it."""
    p = art.paragraph(number.paragraph)
    start, end = art.span(number)
    text = mark_html(p.text, [Span(start, end, number.id, "number", PALETTE["orange"])])
    approx = " (approximate)" if number.approximate else ""
    facts = "".join(fact_html(art, art.fact(f)) for f in number.facts)
    ctx = f"<p><b>In context:</b> {escape(number.context)}</p>" if number.context else ""
    return (f'<div class="kit-number"><p><b>“{escape(number.anchor)}”</b>{escape(approx)}: {escape(number.counts)}</p>'
            f"{ctx}<details><summary>Where it is (paragraph {p.number})</summary>{text}</details>"
            + (f"<p>Facts behind it:</p>{facts}" if facts else "<p><i>No fact in the registry is linked.</i></p>")
            + "</div>")


@degrade("numbers with a context or linked facts",
         "What each figure counts is in the article's data; add a context or a fact to a number to see it here.",
         needs=lambda a: any(n.context or n.facts for n in a.numbers))
def numbers_in_context(art: Article) -> Any:
    """Widget: pick a number of the report and see what it counts and what it leaves out."""
    w = widgets()

    pool = [n for n in art.numbers if n.context or n.facts]
    pick = w.Dropdown(options=[(f"“{n.anchor}” (p{art.paragraph(n.paragraph).number})", n.id) for n in pool],
                      value=pool[0].id, description="Number:")
    view, error = w.HTML(), w.HTML()

    def show(_change: Any = None) -> None:
        view.value = number_card_html(art, art.get(pick.value))

    show_on_change(error, show, pick)
    return attach_parts(w.VBox([pick, view, error]), Parts(pick=pick, view=view, error=error))
