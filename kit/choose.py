"""Choosing the article a lesson runs on: one parameter, one dropdown, one banner.

Every lesson's setup cell holds ``ARTICLE = None`` and calls :func:`chosen_article`. The article
is, in order: the ``ARTICLE`` parameter when it is set; the choice made in the dropdown
(:func:`article_picker`) earlier in this session; the ``KIT_ARTICLE`` environment variable (the
tests run every lesson on every article this way); the kit's case study.

A wrong id never stops a lesson: the case study is used and the picker says why.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar, cast

from .article import Article
from .controls import widgets
from .display import PALETTE, HtmlView, escape, style_widget
from .errors import DataError
from .loader import library, load_article

F = TypeVar("F", bound=Callable[..., Any])

ENV = "KIT_ARTICLE"
_STATE: dict[str, Any] = {"choice": None, "explicit": False, "warning": ""}


def _library_ids() -> tuple[str, ...]:
    return library().ids


def chosen_id(parameter: str | None = None) -> str | None:
    """The id asked for: the parameter, else this session's dropdown choice, else ``KIT_ARTICLE``."""
    if parameter:
        return parameter
    return _STATE["choice"] or os.environ.get(ENV) or None


def chosen_article(parameter: str | None = None) -> Article:
    """The article this lesson runs on (see the module's docstring for the order).

    Examples
    --------
    >>> chosen_article().id
    'rfa-2022-01-20-france-assembly-uyghur'
    >>> chosen_article("no-such-article").id
    'rfa-2022-01-20-france-assembly-uyghur'
    >>> _STATE["warning"][:34]
    "There is no article 'no-such-artic"
    """
    _STATE["explicit"] = bool(parameter)
    _STATE["warning"] = ""
    wanted = chosen_id(parameter)
    if wanted is None:
        return load_article()
    try:
        return load_article(wanted)
    except KeyError:
        ids = _library_ids()
        _STATE["warning"] = (f"There is no article {wanted!r} in the data, so this lesson uses the case study. "
                             f"The articles are: {', '.join(ids)}.")
        return load_article()
    except DataError as exc:
        _STATE["warning"] = (f"The files of the article {wanted!r} have {len(exc.problems)} problem(s), so this lesson "
                             "uses the case study. Run python -m kit validate data/ to see what to fix.")
        return load_article()


def is_default(art: Article) -> bool:
    """Whether ``art`` is the kit's case study (the article the lessons were written about)."""
    return art.id == load_article().id


def banner(art: Article) -> HtmlView:
    """What a reader must know about the chosen article: draft, fictional, not the case study.

    Examples
    --------
    >>> print(banner(chosen_article()))
    This lesson uses: French Parliament calls Uyghur persecution a genocide (Radio Free Asia).
    """
    lines: list[tuple[str, str]] = []  # (colour, text)
    if _STATE["warning"]:
        lines.append((PALETTE["vermillion"], _STATE["warning"]))
    if art.status == "draft":
        lines.append((PALETTE["vermillion"],
                      f"DRAFT: the annotations of this article were guessed by a tool and {len(art.review)} item(s) "
                      "are not reviewed yet. Treat the quotes, speakers, numbers and claims below as unchecked guesses "
                      "(review them in notebook 11)."))
    if art.nature.kind in ("fictional", "constructed"):
        lines.append((PALETTE["orange"], f"{art.nature.kind.upper()}: {art.nature.note}"))
    if not is_default(art):
        lines.append((PALETTE["blue"],
                      "This lesson was written about the case study. Where this article lacks what a part of the "
                      "lesson needs (a vote, facts with sources, other accounts, a translation...), that part says "
                      "so. The self-check questions stay about the case study."))
    head = f"This lesson uses: {art.metadata.headline} ({art.metadata.outlet})."
    html = [f"<p style='margin:2px 0'><b>{escape(head)}</b></p>"]
    for colour, text in lines:
        html.append(f"<p class='kit-banner' style='border-left:6px solid {colour};padding:4px 8px;margin:4px 0;"
                    f"background:#f7f7f7'>{escape(text)}</p>")
    return HtmlView("".join(html), "\n".join([head] + [t for _, t in lines]))


def article_picker(art: Article) -> Any:
    """A dropdown of every article in the data, with the banner of the chosen one.

    Choosing another article records the choice for this session; running the lesson again from
    the top (Run > Run All Cells) then uses it. The widget's ``kit_message`` child tells the
    reader what to do.

    Returns
    -------
    ipywidgets.VBox
        ``children``: the dropdown, the banner (HTML), the message (HTML).
    """
    w = widgets()

    lib = library()
    options = []
    for e in lib.listing:  # what the start of each file says; an article is validated when chosen
        if e.state == "broken":
            continue
        tags = [t for t in ("DRAFT" if e.status == "draft" else "",
                            e.nature.upper() if e.nature not in ("real", "") else "") if t]
        headline = e.headline or e.name
        label = headline if len(headline) <= 70 else headline[:67] + "..."
        options.append((f"{label}{' [' + ', '.join(tags) + ']' if tags else ''}", e.name))
    if art.id not in [v for _, v in options]:
        options.insert(0, (art.metadata.headline, art.id))
    pick = w.Dropdown(options=options, value=art.id, description="Article:", layout=w.shared_layout(width="95%"))
    info = w.HTML(banner(art).html)
    message = w.HTML()
    if lib.broken:  # a half-edited article is left out of the menu, and the teacher is told why
        names = ", ".join(escape(name) for name, _ in lib.broken)
        info.value += (f"<p>Left out of this menu because their files have problems: {names}. "
                       "Run <code>python -m kit validate data/</code> to see what to fix.</p>")

    def changed(change: Any) -> None:
        try:
            new = change["new"]
            chosen = lib.article(new)  # validated now if it was not yet; a broken one is refused here
            _STATE["choice"] = new
            info.value = banner(chosen).html
            if new == art.id:
                message.value = ""
            elif _STATE["explicit"]:
                message.value = (f"<p>The setup cell sets <code>ARTICLE</code> itself; set it to "
                                 f"<code>{escape(repr(new))}</code> (or to <code>None</code> to use this menu) and "
                                 "run the lesson again from the top.</p>")
            else:
                message.value = ("<p role='status'><b>Now run the lesson again from the top</b> (menu Run &gt; "
                                 "Run All Cells): every "
                                 f"view below will use &ldquo;{escape(chosen.metadata.headline)}&rdquo;.</p>")
        except DataError as exc:
            message.value = (f"<p>This article cannot be used: its files have {len(exc.problems)} problem(s). "
                             "Run <code>python -m kit validate data/</code> to see what to fix; the lesson keeps "
                             "its current article.</p>")
        except Exception as exc:  # shown in the widget, never raised into the page
            message.value = f"<p>Could not choose this article: {escape(exc)}</p>"

    pick.observe(changed, names="value")
    box = w.VBox([pick, info, message, style_widget()])
    box.kit_message = message
    return box


class Missing(HtmlView):
    """What a view returns when the article lacks its material: a plain message.

    It stands in for whatever the view would have returned, so the cells that use the result
    (``sim.outcome.summary()``, ``for f in matrix.only_in(...)``) show the message instead of
    failing: any public attribute is the message again, calling it returns it, iterating over it
    gives nothing, and a view given it returns it.

    Examples
    --------
    >>> m = Missing("<p>none</p>", "none")
    >>> print(m.simulator.outcome.summary()), list(m)
    none
    (None, [])
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Missing:
        return self

    def __iter__(self) -> Any:
        return iter(())

    def __neg__(self) -> Missing:
        return self


def missing(what: str, art: Article, instead: str = "", reason: str = "") -> Missing:
    """The plain message a view shows when the article lacks what it needs.

    Examples
    --------
    >>> m = missing("counted vote", chosen_article(), "Read the report's own words on the vote.")
    >>> print(m)  # doctest: +NORMALIZE_WHITESPACE
    This article (French Parliament calls Uyghur persecution a genocide) has no counted vote.
    Read the report's own words on the vote.
    """
    text = f"This article ({art.metadata.headline}) has no {what}." + (f" {instead}" if instead else "")
    # The technical reason is kept for whoever reads the page source, never shown to a student.
    detail = f"<!-- {escape(reason).replace('--', '- -')} -->" if reason else ""
    html = (f"<p class='kit-missing' style='border-left:6px solid {PALETTE['grey']};padding:4px 8px;"
            f"background:#f7f7f7'>{escape(text)}{detail}</p>")
    return Missing(html, text)


def degrade(what: str, instead: str = "", needs: Callable[[Article], bool] | None = None) -> Callable[[F], F]:
    """Make a lesson view say plainly what is missing instead of failing on an article without it.

    The wrapped view returns a :class:`Missing` message when it is given one (the result of an
    earlier view that had nothing to show), when ``needs(article)`` is false, or when it raises a
    ``KeyError``, ``ValueError`` or ``DataError`` on an article other than the case study. On the
    case study, the lessons' own article, errors are raised as before, so that no bug hides.
    """
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            values = list(args) + list(kwargs.values())
            for v in values:
                if isinstance(v, Missing):
                    return v
            art = next((v for v in values if isinstance(v, Article)), None)
            if art is not None and needs is not None and not needs(art) and not is_default(art):
                return missing(what, art, instead)
            try:
                return fn(*args, **kwargs)
            except (KeyError, ValueError, DataError) as exc:
                if art is None or is_default(art):
                    raise
                reason = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
                return missing(what, art, instead, reason.splitlines()[0] if reason else "")
        return cast(F, inner)
    return wrap

