"""A hemicycle seat chart for a chamber of any size (1 to several thousand seats).

Seats sit on concentric half-rings and are filled from the left, one group after another, so a
group's share of the chamber reads as a wedge. Each position has its own colour *and* its own
shape (filled circle, square, triangle, hollow circle), hatching when the seats are big enough
to show it, and a legend with the counts, so colour is never the only cue. An optional dashed
line marks the seat a group must reach (the majority threshold).

>>> chart = hemicycle({"for": 3, "against": 1}, seats=5, threshold=3)
>>> chart.data["for"], chart.data["absent"], chart.data["threshold"]
(3, 1, 3)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .chartcache import cached
from .choose import degrade
from .display import PALETTE, SEQUENCE, Chart, escape, new_figure
from .model import record
from .views.base import VOTE_NEEDED
from .votes import Outcome

__all__ = ["SeatStyle", "STYLES", "SeatChartError", "SvgChart", "seat_layout", "hemicycle", "hemicycle_svg",
           "vote_chart"]

INNER = 0.4  # inner radius of the hemicycle, the outer one being 1


class SeatChartError(ValueError):
    """Counts that cannot be drawn (negative, more than the seats, a threshold off the chart)."""


@record
class SeatStyle:
    """How one group's seats look: label, colour, shape, hatching."""

    label: str
    colour: str
    shape: str  # circle | square | triangle | hollow | diamond
    hatch: str = ""
    shape_name: str = ""


STYLES: dict[str, SeatStyle] = {
    "for": SeatStyle("For", PALETTE["blue"], "circle", "", "filled circles"),
    "against": SeatStyle("Against", PALETTE["vermillion"], "square", "xxx", "squares"),
    "abstain": SeatStyle("Abstained", PALETTE["orange"], "triangle", "...", "triangles"),
    "absent": SeatStyle("Did not take part", PALETTE["grey"], "hollow", "", "hollow circles"),
}
_EXTRA_SHAPES = ("diamond", "circle", "square", "triangle")
_MARKERS = {"circle": "o", "square": "s", "triangle": "^", "hollow": "o", "diamond": "D"}


def _rows_for(n: int) -> int:
    """Fewest rows whose capacity holds ``n`` seats."""
    k = 1
    while sum(_row_capacity(n_rows=k)) < n:
        k += 1
    return k


def _row_capacity(n_rows: int) -> list[int]:
    thickness = (1 - INNER) / n_rows
    radii = [INNER + thickness * (i + 0.5) for i in range(n_rows)]
    return [int(math.pi * r / thickness) + 1 for r in radii]


@lru_cache(maxsize=32)
def seat_layout(n: int) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...], float]:
    """Seat centres for ``n`` seats, ordered from the left end of the arc to the right.

    Returns
    -------
    tuple
        ``(x, y, angle, seat_radius)``: x and y of every seat, the angle of each seat in radians
        (pi at the far left, 0 at the far right), and the radius a seat can be drawn with.

    Examples
    --------
    >>> x, y, a, r = seat_layout(577)
    >>> len(x), round(a[0], 3), round(a[-1], 3)
    (577, 3.142, 0.0)
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise SeatChartError(f"a seat chart needs a whole number of seats, at least 1 (got {n!r})")
    k = _rows_for(n)
    thickness = (1 - INNER) / k
    radii = [INNER + thickness * (i + 0.5) for i in range(k)]
    caps = _row_capacity(k)
    total = sum(caps)
    # Share the seats among rows in proportion to their length (largest remainder).
    exact = [n * c / total for c in caps]
    per_row = [min(c, int(e)) for c, e in zip(caps, exact, strict=True)]
    order = sorted(range(k), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    i = 0
    while sum(per_row) < n:
        row = order[i % k]
        if per_row[row] < caps[row]:
            per_row[row] += 1
        i += 1
    seats: list[tuple[float, float, float]] = []
    spacing = thickness
    for r, m in zip(radii, per_row, strict=True):
        if m == 0:
            continue
        if m == 1:
            angles = [math.pi / 2]
        else:
            angles = [math.pi * (1 - j / (m - 1)) for j in range(m)]
            spacing = min(spacing, math.pi * r / (m - 1))
        seats.extend((a, r, 0.0) for a in angles)
    seats.sort(key=lambda s: (-s[0], s[1]))
    xs = tuple(r * math.cos(a) for a, r, _ in seats)
    ys = tuple(r * math.sin(a) for a, r, _ in seats)
    angles_out = tuple(a for a, _, _ in seats)
    return xs, ys, angles_out, 0.42 * spacing


def _shape_vertices(shape: str, xs: Any, ys: Any, r: float) -> Any:
    """Polygon vertices, shape (n, k, 2), for seats of one shape (vectorised)."""
    import numpy as np  # heavy third-party: numpy

    if shape in ("circle", "hollow"):
        t = np.linspace(0, 2 * np.pi, 17)[:-1]
        unit = np.stack([np.cos(t), np.sin(t)], axis=1)
    elif shape == "square":
        unit = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]]) * 0.85
    elif shape == "triangle":
        unit = np.array([[-1.0, -0.75], [1.0, -0.75], [0.0, 1.0]]) * 1.05
    else:  # diamond
        unit = np.array([[0, -1], [1, 0], [0, 1], [-1, 0]]) * 1.1
    centres = np.stack([np.asarray(xs), np.asarray(ys)], axis=1)
    return centres[:, None, :] + unit[None, :, :] * r


def _style(key: str, i: int) -> SeatStyle:
    if key in STYLES:
        return STYLES[key]
    shape = _EXTRA_SHAPES[i % len(_EXTRA_SHAPES)]
    return SeatStyle(key, SEQUENCE[i % len(SEQUENCE)], shape, "", shape + "s")


def _check_counts(counts: Mapping[str, Any], seats: int | None) -> tuple[dict[str, int], int]:
    clean: dict[str, int] = {}
    for key, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise SeatChartError(f"the count for {key!r} must be a whole number of seats, 0 or more (got {value!r})")
        clean[str(key)] = value
    filled = sum(clean.values())
    if seats is None:
        seats = filled
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise SeatChartError(f"a seat chart needs at least 1 seat (got {seats!r})")
    if filled > seats:
        raise SeatChartError(f"the groups fill {filled} seats but the chamber has only {seats}")
    clean["absent"] = clean.get("absent", 0) + seats - filled
    return clean, seats


@cached()
def hemicycle(counts: Mapping[str, int], seats: int | None = None, *, threshold: int | None = None,
              threshold_label: str = "needed", threshold_short: str = "", title: str = "", note: str = "",
              width: float = 7.0, height: float = 4.4) -> Chart:
    """Draw a hemicycle with one block of seats per group, filled from the left.

    Parameters
    ----------
    counts : mapping of str to int
        Seats per group in the order to fill them. The keys ``for``, ``against``, ``abstain`` and
        ``absent`` get the kit's styles; any other key is drawn with its own colour and shape.
    seats : int, optional
        Seats in the chamber; seats not in any group are drawn as ``absent`` (did not take part).
        Defaults to the sum of the counts.
    threshold : int, optional
        Mark the seat the first group must reach: a dashed line after that many seats.
    threshold_label : str
        What the threshold means, for the alt text (and the legend unless ``threshold_short``).
    threshold_short : str, optional
        A shorter text for the legend.
    title, note : str
        A title, and a sentence added to the alt text (e.g. where the numbers come from).

    Returns
    -------
    Chart
        ``.data`` holds ``seats``, each group's count, ``threshold`` and ``rows``.

    Raises
    ------
    SeatChartError
        For negative counts, groups larger than the chamber, or a threshold outside 1..seats.
    """
    from matplotlib.collections import PolyCollection  # heavy third-party: matplotlib
    from matplotlib.lines import Line2D  # heavy third-party: matplotlib

    clean, n = _check_counts(counts, seats)
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int)
                                  or not 1 <= threshold <= n):
        raise SeatChartError(f"the threshold must be a seat number from 1 to {n} (got {threshold!r})")
    xs, ys, angles, r = seat_layout(n)
    fig = new_figure(width, height)
    fig.set_layout_engine("none")  # a fixed layout: one drawing pass per PNG (the simulator redraws often)
    ax = fig.add_axes((0.02, 0.16, 0.96, 0.76 if title else 0.82))
    ax.set_aspect("equal")
    ax.axis("off")
    hatching = n <= 150
    handles = []
    start = 0
    described = []
    for i, (key, count) in enumerate(clean.items()):
        style = _style(key, i)
        label = f"{style.label}: {count}"
        if count:
            sl = slice(start, start + count)
            verts = _shape_vertices(style.shape, xs[sl], ys[sl], r)
            hollow = style.shape == "hollow"
            coll = PolyCollection(
                verts, facecolors="white" if hollow else style.colour,
                edgecolors=style.colour if hollow else "white",
                linewidths=max(0.4, min(1.2, 60 * r)) if hollow else 0.3,
                hatch=style.hatch if hatching else None)
            ax.add_collection(coll)
        start += count
        handles.append(Line2D([], [], linestyle="", marker=_MARKERS[style.shape], markersize=9,
                              markerfacecolor="white" if style.shape == "hollow" else style.colour,
                              markeredgecolor=style.colour, label=label))
        described.append(f"{count} {style.label.lower()} ({style.shape_name})")
    if threshold is not None:
        if threshold < n:
            a = (angles[threshold - 1] + angles[threshold]) / 2
        else:  # every seat is needed: the line goes after the last one
            a = max(0.0, angles[-1] - (angles[-2] - angles[-1]) / 2) if n > 1 else 0.0
        c, s = math.cos(a), math.sin(a)
        r0, r1 = INNER - 0.06, 1.06
        ax.plot([r0 * c, r1 * c], [r0 * s, r1 * s], color=PALETTE["black"], linestyle="--", linewidth=1.6)
        ax.annotate(str(threshold), (1.1 * c, 1.1 * s), ha="center", va="center", fontsize=10, fontweight="bold")
        handles.append(Line2D([], [], color=PALETTE["black"], linestyle="--",
                              label=threshold_short or f"Seat {threshold}: {threshold_label}"))
    first_key = next(iter(clean))
    ax.text(0, 0.02, f"{clean[first_key]} {_style(first_key, 0).label.lower()}", ha="center", va="bottom",
            fontsize=12, fontweight="bold")
    ax.text(0, -0.01, f"of {n} seat{'s' if n != 1 else ''}", ha="center", va="top", fontsize=9)
    ax.set_xlim(-1.15, 1.15)
    ax.set_ylim(-0.12, 1.16)
    fig.legend(handles=handles, loc="lower center", ncol=min(3, len(handles)), frameon=False, fontsize=9)
    if title:
        ax.set_title(title, fontsize=12)
    alt = _alt(n, described, threshold, threshold_label, note)
    data: dict[str, Any] = {"seats": n, **clean, "threshold": threshold, "rows": _rows_for(n)}
    return Chart(fig, alt, data)


def _alt(n: int, described: list[str], threshold: int | None, threshold_label: str, note: str) -> str:
    alt = (f"Hemicycle seat chart of {n} seat{'s' if n != 1 else ''}, filled from the left: "
           + ", ".join(described) + ".")
    if threshold is not None:
        alt += f" A dashed line after seat {threshold} marks: {threshold_label}."
    if note:
        alt += " " + note
    return alt


class SvgChart(Chart):
    """A chart drawn directly as SVG text, for views that redraw on every event (the vote simulator).

    A :class:`kit.display.Chart` whose drawing is ``svg`` (no matplotlib figure): the same texts,
    ``data`` and HTML. Drawing 577 seats this way takes a few milliseconds; matplotlib takes about 100.
    """

    def __init__(self, svg: str, alt: str, data: dict[str, Any]) -> None:
        super().__init__(None, alt, data)
        self.svg = svg
        self.set_svg(svg)


def _svg_shape(shape: str, x: float, y: float, r: float, colour: str) -> str:
    if shape in ("circle", "hollow"):
        fill = "white" if shape == "hollow" else colour
        stroke = f' stroke="{colour}" stroke-width="1"' if shape == "hollow" else ""
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"{stroke}/>'
    if shape == "square":
        h = 0.85 * r
        return f'<rect x="{x - h:.1f}" y="{y - h:.1f}" width="{2 * h:.1f}" height="{2 * h:.1f}" fill="{colour}"/>'
    pts: tuple[tuple[float, float], ...]
    if shape == "triangle":
        k = 1.05 * r
        pts = ((x - k, y + 0.75 * k), (x + k, y + 0.75 * k), (x, y - k))
    else:  # diamond
        k = 1.1 * r
        pts = ((x, y - k), (x + k, y), (x, y + k), (x - k, y))
    return f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in pts)}" fill="{colour}"/>'


def hemicycle_svg(counts: Mapping[str, int], seats: int | None = None, *, threshold: int | None = None,
                  threshold_label: str = "needed", threshold_short: str = "", title: str = "", note: str = "",
                  width: int = 620) -> SvgChart:
    """The same seat chart as :func:`hemicycle` (shapes, colours, threshold, legend, alt text), as SVG.

    >>> c = hemicycle_svg({"for": 3, "against": 1}, seats=5, threshold=3)
    >>> c.data["absent"], c.svg.count("<circle"), c.svg.count("<rect")
    (1, 6, 3)

    Raises
    ------
    SeatChartError
        As :func:`hemicycle`.
    """
    clean, n = _check_counts(counts, seats)
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int)
                                  or not 1 <= threshold <= n):
        raise SeatChartError(f"the threshold must be a seat number from 1 to {n} (got {threshold!r})")
    xs, ys, angles, r = seat_layout(n)
    scale = width / 2.3
    top = 28 if title else 6
    plot_h = 1.28 * scale

    def px(x: float, y: float) -> tuple[float, float]:
        return (x + 1.15) * scale, top + (1.16 - y) * scale

    legend_rows = (len(clean) + (threshold is not None) + 2) // 3
    height = int(top + plot_h + 22 * legend_rows + 8)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">',
             f'<rect width="{width}" height="{height}" fill="white"/>']
    if title:
        parts.append(f'<text x="{width / 2:.1f}" y="20" text-anchor="middle" font-size="15">{escape(title)}</text>')
    seat_r = r * scale
    start = 0
    legend = []
    described = []
    for i, (key, count) in enumerate(clean.items()):
        style = _style(key, i)
        for j in range(start, start + count):
            x, y = px(xs[j], ys[j])
            parts.append(_svg_shape(style.shape, x, y, seat_r, style.colour))
        start += count
        legend.append((style, f"{style.label}: {count}"))
        described.append(f"{count} {style.label.lower()} ({style.shape_name})")
    if threshold is not None:
        if threshold < n:
            a = (angles[threshold - 1] + angles[threshold]) / 2
        else:
            a = max(0.0, angles[-1] - (angles[-2] - angles[-1]) / 2) if n > 1 else 0.0
        c, s = math.cos(a), math.sin(a)
        (x0, y0), (x1, y1) = px((INNER - 0.06) * c, (INNER - 0.06) * s), px(1.06 * c, 1.06 * s)
        parts.append(f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="black" '
                     f'stroke-width="2" stroke-dasharray="7,4"/>')
        tx, ty = px(1.1 * c, 1.1 * s)
        parts.append(f'<text x="{tx:.1f}" y="{ty + 5:.1f}" text-anchor="middle" font-size="13" '
                     f'font-weight="bold">{threshold}</text>')
    first = next(iter(clean))
    cx, cy = px(0, 0)
    parts.append(f'<text x="{cx:.1f}" y="{cy - 6:.1f}" text-anchor="middle" font-size="16" font-weight="bold">'
                 f'{clean[first]} {escape(_style(first, 0).label.lower())}</text>')
    parts.append(f'<text x="{cx:.1f}" y="{cy + 12:.1f}" text-anchor="middle" font-size="13">'
                 f'of {n} seat{"s" if n != 1 else ""}</text>')
    items: list[tuple[SeatStyle | None, str]] = list(legend)
    if threshold is not None:
        items.append((None, threshold_short or f"Seat {threshold}: {threshold_label}"))
    col_w = width / 3
    for k, (marker, label) in enumerate(items):
        lx, ly = 14 + col_w * (k % 3), top + plot_h + 14 + 22 * (k // 3)
        if marker is None:
            parts.append(f'<line x1="{lx - 8:.1f}" y1="{ly:.1f}" x2="{lx + 8:.1f}" y2="{ly:.1f}" stroke="black" '
                         f'stroke-width="2" stroke-dasharray="5,3"/>')
        else:
            parts.append(_svg_shape(marker.shape, lx, ly, 6, marker.colour))
        parts.append(f'<text x="{lx + 14:.1f}" y="{ly + 4:.1f}" font-size="13">{escape(label)}</text>')
    parts.append("</svg>")
    alt = _alt(n, described, threshold, threshold_label, note)
    return SvgChart("".join(parts), alt, {"seats": n, **clean, "threshold": threshold, "rows": _rows_for(n)})


@degrade(*VOTE_NEEDED)
def vote_chart(result: Outcome, title: str = "", width: float = 7.0, height: float = 4.4, svg: bool = False) -> Chart:
    """The seat chart of a vote outcome (:class:`kit.votes.Outcome`), threshold marked.

    ``svg=True`` draws it as an :class:`SvgChart` (same data and alt text, a few milliseconds instead
    of about 100 for the PNG), for views that redraw on every event.

    >>> from kit.votes import make_vote, outcome
    >>> c = vote_chart(outcome(make_vote(175, 1, 5, 577), "cast"))
    >>> c.data["for"], c.data["absent"], c.data["threshold"], c.data["adopted"]
    (169, 402, 86, True)
    """
    v = result.vote
    verdict = "adopted" if result.adopted else "rejected"
    args: dict[str, Any] = dict(
        threshold=result.required,
        threshold_label=f"{result.required} votes for needed ({result.rule.label}, the kit's arithmetic)",
        threshold_short=f"Needed to adopt: {result.required}",
        title=title,
        note=f"With {v.for_} for, the text is {verdict} under this rule.")
    counts = {"for": v.for_, "against": v.against, "abstain": v.abstain}
    chart = (hemicycle_svg(counts, v.seats, width=int(width * 100), **args) if svg
             else hemicycle(counts, v.seats, width=width, height=height, **args))
    chart.data.update({"rule": result.rule.id, "required": result.required, "adopted": result.adopted,
                       "cast": v.cast, "taking_part": v.taking_part})
    return chart
