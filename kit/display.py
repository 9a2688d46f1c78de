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
            error.value = (f'<div role="alert" style="color:{PALETTE["vermillion"]}">Something went wrong '
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
            import matplotlib  # heavy: imported on the first drawing, as in new_figure
            from matplotlib.text import Text

            # Data text is drawn as written: "$5 and $6" is not TeX (it raised, or garbled the label).
            for t in self.figure.findobj(Text):
                t.set_parse_math(False)
            buf = io.BytesIO()
            with matplotlib.rc_context({"text.parse_math": False}):  # tick labels made while drawing, too
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
