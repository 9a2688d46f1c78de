"""Shared building blocks for charts and HTML views: palette, escaping, charts with alt text.

Every chart the kit draws is returned as a :class:`Chart`, which shows as a PNG with an ``alt``
attribute and a visible text description, and whose plain-text form is the description itself (so
a screen reader, nbval and a student without images all get the numbers).
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

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
               '<rect x="7.1" y="5.5" width="1.8" height="5" fill="#fff"/><rect x="7.1" y="11.6" width="1.8" height="1.7" fill="#fff"/>',
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
    import ipywidgets as w  # heavy third-party package, imported when a widget is built

    return w.HTML(style_html(), layout=w.Layout(display="none"), _dom_classes=("kit-style",))


def escape(text: Any) -> str:
    """Escape any value for HTML text or attributes.

    Examples
    --------
    >>> escape('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    """
    return html.escape(str(text), quote=True)


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
            detail = " ".join(str(exc).split())
            detail = detail if len(detail) <= 200 else detail[:199] + "…"
            error.value = (f'<div role="alert" style="color:{INK["vermillion"]}">Something went wrong '
                           f"({escape(type(exc).__name__)}: {escape(detail)}). Please tell your teacher.</div>")
    return run


def new_figure(width: float = 7.0, height: float = 4.0) -> Any:
    """A matplotlib figure that is not registered with pyplot (no global state, no leak)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


class Chart:
    """A matplotlib figure with its alt text.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        The drawn figure.
    alt : str
        A description that states what the chart shows, numbers included.
    data : dict, optional
        The numbers behind the chart, for tests and for a table view.

    Examples
    --------
    >>> fig = new_figure(); ax = fig.add_subplot(); _ = ax.bar(["a"], [1])
    >>> c = Chart(fig, "One bar of height 1.")
    >>> c._repr_mimebundle_()["text/plain"]
    'One bar of height 1.'
    """

    def __init__(self, figure: Any, alt: str, data: dict[str, Any] | None = None) -> None:
        if not alt.strip():
            raise ValueError("a chart needs alt text that says what it shows")
        self.figure = figure
        self.alt = alt
        self.data = dict(data or {})
        self._png: bytes | None = None

    @property
    def ax(self) -> Any:
        """The first axes of the figure."""
        return self.figure.axes[0]

    def png(self) -> bytes:
        """The chart as PNG bytes (drawn once)."""
        if self._png is None:
            buf = io.BytesIO()
            self.figure.savefig(buf, format="png", dpi=100)
            self._png = buf.getvalue()
        return self._png

    def html(self) -> str:
        """The chart as an HTML figure: image with alt text, and the description below it."""
        b64 = base64.b64encode(self.png()).decode("ascii")
        return (f'<figure class="kit-chart" style="margin:0">'
                f'<img src="data:image/png;base64,{b64}" alt="{escape(self.alt)}" style="max-width:100%"/>'
                f'<figcaption style="font-size:0.9em;color:#333">{escape(self.alt)}</figcaption></figure>')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self.html(), "text/plain": self.alt}

    def __repr__(self) -> str:
        return self.alt
