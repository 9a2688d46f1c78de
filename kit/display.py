"""Shared building blocks for charts and HTML views: palette, escaping, charts with alt text.

Every chart the kit draws is returned as a :class:`Chart`, which shows as a crisp SVG image with a
short ``alt`` text, a visible caption and the long description (every number in words) in a
``<details>``; its plain-text form is the description itself (so a screen reader, nbval and a
student without images all get the numbers). Charts are kept by :mod:`kit.chartcache`, so one
whose inputs have not changed is not drawn again.
"""

from __future__ import annotations

import base64
import contextlib
import html
import importlib.util
import io
import re
from collections.abc import Callable, Iterator
from typing import Any

from .controls import widgets

# Okabe & Ito's palette, safe for the common forms of colour blindness.
PALETTE: dict[str, str] = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
SEQUENCE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


# ------------------------------------------------------------------ contrast (WCAG 2.1)
def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (or ``#rgb``).

    >>> luminance("#ffffff"), luminance("#000")
    (1.0, 0.0)
    """
    h = colour.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"not a colour of the form #rrggbb: {colour!r}")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21 (text needs 4.5, UI parts 3).

    >>> round(contrast("#E69F00", "#ffffff"), 2), round(contrast("#000000", "#ffffff"), 1)
    (2.25, 21.0)
    """
    hi, lo = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _mix(colour: str, towards: str, share: float) -> str:
    a, b = colour.lstrip("#"), towards.lstrip("#")
    return "#" + "".join(f"{round(int(a[i:i + 2], 16) * (1 - share) + int(b[i:i + 2], 16) * share):02x}"
                         for i in (0, 2, 4))


def readable(colour: str, background: str = "#ffffff", minimum: float = 4.5) -> str:
    """``colour`` itself when it reaches ``minimum`` contrast on ``background``, else the colour
    darkened (or lightened, on a dark background) by the least step that does: Okabe-Ito's orange,
    sky blue and vermillion are too light for text on white.

    >>> readable("#0072B2"), readable("#E69F00")
    ('#0072B2', '#9c6c00')
    >>> contrast(readable("#E69F00"), "#ffffff") >= 4.5
    True
    """
    towards = "#000000" if luminance(background) > 0.18 else "#ffffff"
    for step in range(0, 101, 2):
        candidate = colour if step == 0 else _mix(colour, towards, step / 100)
        if contrast(candidate, background) >= minimum:
            return candidate
    return towards


def tint(hex_colour: str, amount: float = 0.7) -> str:
    """A lighter tint of ``#rrggbb`` (``amount`` of the way to white), so dark text stays readable on it.

    >>> tint("#000000"), tint("#0072B2", 0.5)
    ('#b2b2b2', '#80b8d8')
    """
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on a coloured fill (a label on a bar or a seat).

    >>> text_on("#0072B2"), text_on("#E69F00")
    ('#ffffff', '#000000')
    """
    return "#ffffff" if contrast("#ffffff", fill) >= contrast("#000000", fill) else "#000000"


# Text colours for the palette's colours on white (at least 4.5:1): use INK[name] for words,
# PALETTE[name] for fills, bars and borders.
INK: dict[str, str] = {name: readable(colour) for name, colour in PALETTE.items()}

# Button colours (white text on them, at least 4.5:1). JupyterLab's own warning orange (2.7:1),
# info blue (3.9:1) and success green (4.1:1) are too light for white words.
BUTTON_COLOURS: dict[str, str] = {
    "primary": "#1565c0",
    "success": "#2e7d32",
    "info": "#01579b",
    "warning": "#a14a00",
    "danger": "#b71c1c",
}
FOCUS_RING = "#0b57d0"  # 6.4:1 on white, drawn 3 px wide outside the control
MUTED_TEXT = "#555555"  # secondary text, 7.5:1 on white

# The kit's stylesheet, included (once per widget, harmless when repeated) by every widget the
# kit shows. It applies inside cell outputs only and never restyles JupyterLab itself.
_OUT = ".jp-OutputArea-output"
KIT_CSS = "".join(
    [f"{_OUT} .jupyter-button.mod-{style}:not(:disabled){{background-color:{colour};color:#ffffff}}"
     for style, colour in BUTTON_COLOURS.items()]
    + [f"{_OUT} :is(button,select,input,textarea,a,summary,[tabindex]):focus,"
       f"{_OUT} .noUi-handle:focus{{outline:3px solid {FOCUS_RING} !important;outline-offset:2px !important;"
       f"box-shadow:none}}",
       # ipywidgets draws option labels and descriptions in grey on grey when hovered: keep them dark
       f"{_OUT} .widget-label,{_OUT} .widget-radio-box label,{_OUT} .widget-checkbox label{{color:#1a1a1a}}",
       f"{_OUT} .kit-chart details summary{{cursor:pointer;color:{INK['blue']}}}",
       # tab names and button labels whole, never cut to "Save to the da..."
       f"{_OUT} .jupyter-widget-tab>.lm-TabBar .lm-TabBar-tab{{flex:0 0 auto !important;min-width:0;max-width:none;"
       f"color:#333333}}",  # JupyterLab's inactive tab names are 4.4:1 on their grey
       f"{_OUT} .jupyter-button{{overflow:visible}}",
       # paragraphs in HTML widgets at 1.5 line spacing, not one line per 28 px control height
       f"{_OUT} .widget-html>.widget-html-content{{line-height:1.5}}",
       # the kit's tables read left to right (JupyterLab right-aligns table cells)
       f"{_OUT} :is(table[class^='kit-'],table[class*=' kit-']) :is(td,th){{text-align:left;vertical-align:top}}",
       # a description label longer than ipywidgets' default 80 px grows instead of being cut to "substituti..."
       f"{_OUT} .widget-inline-hbox .widget-label{{min-width:var(--jp-widgets-inline-label-width);width:auto;"
       f"text-overflow:clip;overflow:visible}}"])


# Icons drawn as small SVG images (no emoji font needed, and no live markup in the page: an
# ``<img>`` of a data address). Decorative by default (empty alt: the words next to them say the
# same thing); give ``label`` when the icon stands alone.
_ICON_PATHS: dict[str, str] = {  # drawing elements only (polygon, line, rect, circle)
    "warning": '<polygon points="8,1 15.5,14.5 0.5,14.5" fill="#8a5f00"/>'
               '<rect x="7.1" y="5.5" width="1.8" height="5" fill="#fff"/>'
               '<rect x="7.1" y="11.6" width="1.8" height="1.7" fill="#fff"/>',
    "tick": '<line x1="2" y1="8.5" x2="6" y2="12.5" stroke="#1a1a1a" stroke-width="2.4"/>'
            '<line x1="6" y1="12.5" x2="14" y2="3.5" stroke="#1a1a1a" stroke-width="2.4"/>',
    "cross": '<line x1="3" y1="3" x2="13" y2="13" stroke="#1a1a1a" stroke-width="2.4"/>'
             '<line x1="13" y1="3" x2="3" y2="13" stroke="#1a1a1a" stroke-width="2.4"/>',
    "document": '<polygon points="3,1 10,1 13,4 13,15 3,15" fill="#fff" stroke="#1a1a1a" stroke-width="1.4"/>'
                '<line x1="5" y1="7" x2="11" y2="7" stroke="#1a1a1a" stroke-width="1.2"/>'
                '<line x1="5" y1="9.5" x2="11" y2="9.5" stroke="#1a1a1a" stroke-width="1.2"/>'
                '<line x1="5" y1="12" x2="9" y2="12" stroke="#1a1a1a" stroke-width="1.2"/>',
    "hint": '<circle cx="8" cy="6.5" r="4.5" fill="#fff" stroke="#1a1a1a" stroke-width="1.5"/>'
            '<line x1="6" y1="12.5" x2="10" y2="12.5" stroke="#1a1a1a" stroke-width="1.5"/>'
            '<line x1="6.5" y1="14.8" x2="9.5" y2="14.8" stroke="#1a1a1a" stroke-width="1.5"/>',
}


def icon(name: str, label: str = "") -> str:
    """A 1em SVG icon as an ``<img>``, decorative (``alt=""``) unless ``label`` is given.

    >>> 'alt=""' in icon("tick"), 'alt="Warning"' in icon("warning", "Warning")
    (True, True)
    """
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">{_ICON_PATHS[name]}</svg>'
    b64 = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img class="kit-icon" src="data:image/svg+xml;base64,{b64}" alt="{escape(label)}" '
            f'style="width:1em;height:1em;vertical-align:-0.125em;margin-right:0.25em"/>')


def style_html() -> str:
    """The kit's stylesheet as an HTML ``<style>`` element (see :data:`KIT_CSS`)."""
    return f"<style>{KIT_CSS}</style>"


def style_widget() -> Any:
    """An empty-looking HTML widget that carries :data:`KIT_CSS`; put it first in a widget box."""
    w = widgets()

    return w.HTML(style_html(), layout=w.shared_layout(display="none"), _dom_classes=("kit-style",))


def escape(text: Any) -> str:
    """Escape any value for HTML text or attributes.

    Examples
    --------
    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


def safe_url(url: Any) -> str | None:
    """An address that is safe to link (http or https only), else ``None``.

    >>> safe_url("https://example.org"), safe_url("javascript:alert(1)"), safe_url(None)
    ('https://example.org', None, None)
    """
    return url if isinstance(url, str) and re.match(r"https?://", url) else None


def link_html(url: Any, text: Any) -> str:
    """``text``, escaped, as a link that opens in a new tab when ``url`` is http(s); else the text alone.

    >>> link_html("https://example.org", "<b>a</b>")
    "<a href='https://example.org' target='_blank' rel='noopener noreferrer'>&lt;b&gt;a&lt;/b&gt;</a>"
    >>> link_html("javascript:alert(1)", "a")
    'a'
    """
    address = safe_url(url)
    if address is None:
        return escape(text)
    return f"<a href='{escape(address)}' target='_blank' rel='noopener noreferrer'>{escape(text)}</a>"


class HtmlView:
    """Rich output: escaped HTML in a notebook, plain text everywhere else (tests, nbval, screen readers).

    Examples
    --------
    >>> v = HtmlView("<b>169</b>", "169")
    >>> str(v), v._repr_mimebundle_()["text/html"]
    ('169', '<b>169</b>')
    """

    def __init__(self, html: str, text: str) -> None:
        self.html, self.text = html, text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html, "text/plain": self.text}

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def short(text: Any, limit: int = 80) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``limit`` characters with "…".

    A value that is not text is shown as Python writes it (``repr``), so ``None`` stays visible.

    >>> short("a  long   line", 8), short("a long line", 20), short(None)
    ('a long …', 'a long line', 'None')
    """
    line = " ".join((text if isinstance(text, str) else repr(text)).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def guarded(error: Any, fn: Any) -> Any:
    """Wrap a widget callback so an error is shown in ``error`` (an HTML widget) instead of raised.

    Examples
    --------
    >>> class Box: value = ""
    >>> box = Box()
    >>> guarded(box, lambda: 1 / 0)()
    >>> "ZeroDivisionError" in box.value
    True
    """
    def run(*args: Any) -> None:
        try:
            error.value = ""
            fn(*args)
        except Exception as exc:  # shown to the student, never raised into the notebook
            detail = short(str(exc), 200)
            error.value = (f'<div role="alert" style="color:{INK["vermillion"]}">Something went wrong '
                           f"({escape(type(exc).__name__)}: {escape(detail)}). Please tell your teacher.</div>")
    return run


def matplotlib_available() -> bool:
    """Whether matplotlib can be imported here (found without importing it; not in a browser-only site)."""
    global _MPL
    if _MPL is None:
        try:
            _MPL = importlib.util.find_spec("matplotlib") is not None
        except (ImportError, ValueError):  # blocked (sys.modules entry None) or broken
            _MPL = False
    return _MPL


_MPL: bool | None = None


class _Null:
    """Stands in for a matplotlib figure where matplotlib is absent: every call does nothing.

    A chart function then still computes its numbers and its description, and the
    :class:`Chart` shows them as a table and text instead of a drawing.
    """

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self

    def __getitem__(self, key: Any) -> Any:
        return self

    def __setitem__(self, key: Any, value: Any) -> None:
        pass

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __bool__(self) -> bool:
        return False

    def __format__(self, spec: str) -> str:
        return ""

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def _same(self, *other: Any) -> Any:
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same
    __floordiv__ = __rfloordiv__ = __pow__ = __rpow__ = __neg__ = __pos__ = __abs__ = __matmul__ = _same


def new_figure(width: float = 7.0, height: float = 4.0) -> Any:
    """A matplotlib figure that is not registered with pyplot (no global state, no leak).

    Where matplotlib is absent (a browser-only site), a stand-in on which drawing does nothing.
    """
    if not matplotlib_available():
        return _Null()
    from matplotlib.figure import Figure  # heavy third-party package: imported when a chart is drawn

    return Figure(figsize=(width, height), layout="constrained")


# How charts become SVG: text drawn as outlines, so that a chart looks the same on every machine
# whatever its fonts (a <text> label takes the reader's font, whose width can overflow its box);
# ASCII hyphens for minus signs; no date and fixed ids, so the same chart gives the same bytes.
# Measured 2026-12-01 on six of the case study's charts (the four bar charts, the timeline, the
# 577-seat hemicycle): 787 KB as SVG with outlines, 567 KB with <text>, 894 KB as PNG at 2x; drawing
# time about the same for the three (3-5 s in all on a busy 2-core machine; the cache makes it once).
SVG_RC: dict[str, Any] = {"svg.fonttype": "path", "svg.hashsalt": "kit-chart", "axes.unicode_minus": False}


@contextlib.contextmanager
def plain_text(figure: Any) -> Iterator[None]:
    """Draw ``figure`` with every text as written: "$5 and $6" is not TeX (it raised, or garbled the label)."""
    import matplotlib  # heavy third-party package: only when a chart is actually drawn
    from matplotlib.text import Text  # heavy third-party: matplotlib

    for t in figure.findobj(Text):
        t.set_parse_math(False)
    with matplotlib.rc_context({"text.parse_math": False}):  # tick labels made while drawing, too
        yield


def render_svg(figure: Any) -> str:
    """A matplotlib figure as SVG text (see :data:`SVG_RC`), text drawn as written."""
    import matplotlib  # heavy third-party package: only when a chart is actually drawn

    buf = io.StringIO()
    with plain_text(figure), matplotlib.rc_context(SVG_RC):  # type: ignore[arg-type]
        figure.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


_SENTENCE_END = re.compile(r"(?<=[^\s\d.][a-z)\]\"\u201d\u2019%])[.!?](?=\s+\S|$)")


def _first_sentence(text: str) -> tuple[str, str]:
    """Split ``text`` after its first sentence: (sentence, the rest)."""
    m = _SENTENCE_END.search(text)
    if m is None:
        return text.strip(), ""
    return text[:m.end()].strip(), text[m.end():].strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def chart_texts(alt: str, description: str | None = None) -> tuple[str, str]:
    """The short alt text and the visible caption of a chart, from the texts it was given.

    With an explicit ``description``, ``alt`` is already the short text and the caption is the
    description's first sentence (when it is not the alt text again). With only ``alt`` (the kit's
    older charts pass one long text with every number), the short alt text is the part of its first
    sentence before the colon (what the chart is) and the caption is the rest of that sentence (what
    it shows); the whole text stays the long description.

    Examples
    --------
    >>> chart_texts("Bar chart of the vote: 169 for, 1 against. Most seats did not vote.")
    ('Bar chart of the vote', '169 for, 1 against.')
    >>> chart_texts("One bar of height 1.")
    ('One bar of height 1.', '')
    >>> chart_texts("Seat chart", "577 seats: 169 for. The rest did not vote.")
    ('Seat chart', '577 seats: 169 for.')
    """
    alt = " ".join(alt.split())
    if description is not None:
        first, _ = _first_sentence(" ".join(description.split()))
        return _shorten(alt, 150), ("" if first.rstrip(".") == alt.rstrip(".") else first)
    first, rest = _first_sentence(alt)
    head, colon, tail = first.partition(":")
    if colon and 2 <= len(head.split()) <= 24 and tail.strip():
        tail = tail.strip()
        return head.strip(), _shorten(tail[0].upper() + tail[1:], 320)
    short = _shorten(first, 150)
    caption = _first_sentence(rest)[0] if rest else ""
    return short, _shorten(caption, 320)


def _label(key: Any) -> str:
    return str(key).replace("_", " ")


def _cell(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)}: {_cell(v)}" for k, v in value.items())
    return "none" if value is None else str(value)


def data_table(data: dict[str, Any], limit: int = 60) -> str:
    """A chart's numbers as a plain escaped HTML table (shown where the chart cannot be drawn).

    Examples
    --------
    >>> ">169</td>" in data_table({"for": 169, "against": 1})
    True
    """
    if not data:
        return ""
    style = "border-collapse:collapse;margin:4px 0;font-size:0.95em"
    td = "style='border:1px solid #767676;padding:2px 6px;text-align:left'"
    values = list(data.values())
    if (all(isinstance(v, dict) for v in values)
            and all(not isinstance(x, (dict, list)) for v in values for x in v.values())):
        cols: list[Any] = []
        for v in values:
            cols += [k for k in v if k not in cols]
        head = "<tr><th></th>" + "".join(f"<th scope='col' {td}>{escape(_label(c))}</th>" for c in cols) + "</tr>"
        rows = "".join(f"<tr><th scope='row' {td}>{escape(_label(k))}</th>"
                       + "".join(f"<td {td}>{escape(_cell(v.get(c)))}</td>" for c in cols) + "</tr>"
                       for k, v in list(data.items())[:limit])
        return f"<table class='kit-chart-data' style='{style}'>{head}{rows}</table>"
    parts = []
    for k, v in data.items():
        if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
            cols = list(v[0])
            head = "".join(f"<th scope='col' {td}>{escape(_label(c))}</th>" for c in cols)
            body = "".join("<tr>" + "".join(f"<td {td}>{escape(_cell(x.get(c)))}</td>" for c in cols) + "</tr>"
                           for x in v[:limit])
            parts.append(f"<table class='kit-chart-data' style='{style}'><caption style='text-align:left'>"
                         f"{escape(_label(k))}</caption><tr>{head}</tr>{body}</table>")
    simple = [(k, v) for k, v in data.items()
              if not (isinstance(v, list) and v and all(isinstance(x, dict) for x in v))]
    if simple:
        rows = "".join(f"<tr><th scope='row' {td}>{escape(_label(k))}</th><td {td}>{escape(_cell(v))}</td></tr>"
                       for k, v in simple[:limit])
        parts.insert(0, f"<table class='kit-chart-data' style='{style}'>{rows}</table>")
    return "".join(parts)


_SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="([\d.]+)(pt|px)?"[^>]*?\sheight="([\d.]+)(pt|px)?"', re.S)


def svg_size(svg: str) -> tuple[int, int] | None:
    """The width and height of an SVG in CSS pixels, from its root element (None when not given).

    Examples
    --------
    >>> svg_size('<svg width="576pt" height="172.8pt" viewBox="0 0 576 172.8">')
    (768, 230)
    """
    m = _SVG_SIZE.search(svg[:2000])
    if m is None:
        return None
    scale = 96 / 72 if (m.group(2) or "px") == "pt" else 1.0
    return round(float(m.group(1)) * scale), round(float(m.group(3)) * scale)


NOT_DRAWN = ("The chart itself cannot be drawn in this version of the kit: its numbers are in the table "
             "and in words below.")


class Chart:
    """A chart with its texts: a short alt text, a visible caption and a long description.

    It shows as ``<figure class="kit-chart">``: the chart as crisp SVG in an ``<img>`` whose
    ``alt`` is the short text, the caption below it, and the long description (every number in
    words) in a ``<details>``. Its plain-text form is the description, so a screen reader, nbval and
    a student without images all get the numbers. Where matplotlib is absent and the chart was not
    found in the chart cache (:mod:`kit.chartcache`), it shows a note, its numbers as a table and
    its description instead.

    Parameters
    ----------
    figure : matplotlib.figure.Figure or None
        The drawn figure (``None`` for a chart read from the cache, drawn again only if asked for).
    alt : str
        Without ``description``: one text that states what the chart shows, numbers included (the
        short alt text and the caption are taken from its first sentence). With ``description``:
        the short alt text itself.
    data : dict, optional
        The numbers behind the chart, for tests and for a table view.
    description : str, optional
        The long description; by default ``alt``.
    caption : str, optional
        The visible caption; by default derived (see :func:`chart_texts`).

    Examples
    --------
    >>> fig = new_figure(); ax = fig.add_subplot(); _ = ax.bar(["a"], [1])
    >>> c = Chart(fig, "Bar chart of one thing: one bar of height 1.")
    >>> c._repr_mimebundle_()["text/plain"], c.short_alt, c.caption
    ('Bar chart of one thing: one bar of height 1.', 'Bar chart of one thing', 'One bar of height 1.')
    >>> c.svg_text().startswith("<?xml")
    True
    """

    def __init__(self, figure: Any, alt: str, data: dict[str, Any] | None = None, *,
                 description: str | None = None, caption: str | None = None) -> None:
        if not alt or not alt.strip():
            raise ValueError("a chart needs alt text that says what it shows")
        self._figure = figure
        self._redraw: Callable[[], Any] | None = None
        self.alt = alt
        self.description = description if description is not None and description.strip() else alt
        short, derived = chart_texts(alt, description)
        self.short_alt = short
        self.caption = derived if caption is None else caption
        self.data = dict(data or {})
        self._svg: str | None = None
        self._png: bytes | None = None

    @property
    def figure(self) -> Any:
        """The matplotlib figure (a chart read from the cache is drawn again when this is asked for)."""
        if self._figure is None and self._redraw is not None:
            self._figure = self._redraw().figure
        return self._figure

    @property
    def ax(self) -> Any:
        """The first axes of the figure."""
        return self.figure.axes[0]

    @property
    def drawn(self) -> bool:
        """Whether there is a drawing to show (false where matplotlib is absent and nothing was cached)."""
        return self._svg is not None or (self._figure is not None and not isinstance(self._figure, _Null))

    @property
    def drawn_with(self) -> str:
        """Which matplotlib drew the chart (recorded in the cache)."""
        if not matplotlib_available():
            return ""
        import matplotlib  # heavy third-party: matplotlib (already imported when a figure exists)

        return f"matplotlib {matplotlib.__version__}"

    def set_svg(self, svg: str, redraw: Callable[[], Any] | None = None) -> None:
        """Use ``svg`` as the drawing (a chart from the cache); ``redraw`` makes the figure if asked for."""
        self._svg, self._redraw = svg, redraw

    def svg_text(self) -> str:
        """The chart as SVG text (drawn once)."""
        if self._svg is None:
            self._svg = render_svg(self.figure)
        return self._svg

    def png(self) -> bytes:
        """The chart as a PNG at twice the screen resolution (drawn once)."""
        if self._png is None:
            buf = io.BytesIO()
            with plain_text(self.figure):
                self.figure.savefig(buf, format="png", dpi=200)
            self._png = buf.getvalue()
        return self._png

    def html(self) -> str:
        """The chart as an HTML figure: the image with its short alt text, the caption, the description."""
        caption = (f'<figcaption style="font-size:0.95em;color:#333;margin:4px 0">{escape(self.caption)}</figcaption>'
                   if self.caption else "")
        if not self.drawn:
            return (f'<figure class="kit-chart kit-chart-text" style="margin:0.5em 0">'
                    f'<p class="kit-chart-note" style="margin:4px 0;color:#333"><i>{escape(NOT_DRAWN)}</i></p>'
                    f'{data_table(self.data)}{caption}'
                    f'<p style="font-size:0.95em;color:#333;margin:4px 0">{escape(self.description)}</p></figure>')
        svg = self.svg_text()
        b64 = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        size = svg_size(svg)
        dims = (f' width="{size[0]}" height="{size[1]}" '
                f'style="width:{size[0]}px;max-width:100%;height:auto;display:block"'
                if size else ' style="max-width:100%;height:auto;display:block"')
        return (f'<figure class="kit-chart" style="margin:0.5em 0">'
                f'<img alt="{escape(self.short_alt)}" src="data:image/svg+xml;base64,{b64}"{dims}/>'
                f'{caption}<details style="font-size:0.95em;color:#333"><summary>Description</summary>'
                f'<p style="margin:4px 0">{escape(self.description)}</p></details></figure>')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html(), "text/plain": self.description}

    def __repr__(self) -> str:
        return self.description


def quote_html(quote: str, gloss: str = "") -> str:
    """A quoted passage as escaped HTML, with its English gloss when it is in another language.

    Examples
    --------
    >>> quote_html("sans portée contraignante", "without binding force")
    "<q>sans portée contraignante</q> <small>(English, the kit's gloss: without binding force)</small>"
    """
    return f"<q>{escape(quote)}</q>{gloss_html(gloss)}"


GLOSS_LABEL = "English, the kit's gloss: "  # how every view labels a translation the kit wrote


def gloss_html(gloss: str) -> str:
    """An English gloss the kit wrote, labelled as such, as small escaped HTML; ``""`` when there is none.

    >>> gloss_html("<one> against")
    " <small>(English, the kit's gloss: &lt;one&gt; against)</small>"
    """
    return f" <small>({GLOSS_LABEL}{escape(gloss)})</small>" if gloss else ""


def gloss_text(gloss: str) -> str:
    """An English gloss the kit wrote, labelled as such, as plain text; ``""`` when there is none.

    >>> gloss_text("one against")
    " (English, the kit's gloss: one against)"
    """
    return f" ({GLOSS_LABEL}{gloss})" if gloss else ""
