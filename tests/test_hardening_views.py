"""Hardening of the views made faster for the benchmark (benchmarks/run.py, widgets).

The vote simulator draws its seat chart as SVG (kit.hemicycle.hemicycle_svg) instead of a
matplotlib PNG: these tests check the SVG says what the matplotlib chart says (same data, same alt
text, one shape per seat, in the group's shape) and that text in it is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from kit.hemicycle import STYLES, SeatChartError, hemicycle, hemicycle_svg
from kit.loader import load_article
from kit.procedure import vote_simulator

NS = "{http://www.w3.org/2000/svg}"
TAGS = {"circle": "circle", "hollow": "circle", "square": "rect", "triangle": "polygon"}


@pytest.mark.parametrize("counts,seats,threshold", [
    ({"for": 169, "against": 1, "abstain": 5}, 577, 86),
    ({"for": 3, "against": 1}, 5, 3),
    ({"for": 0, "against": 0, "abstain": 0}, 1, 1),
    ({"for": 266, "against": 0}, 338, 134),
    ({"for": 86, "against": 1, "abstain": 7}, 141, None),
])
def test_the_svg_seat_chart_says_what_the_png_says(counts: dict[str, int], seats: int, threshold: int | None) -> None:
    png = hemicycle(counts, seats, threshold=threshold, title="T", note="N.")
    svg = hemicycle_svg(counts, seats, threshold=threshold, title="T", note="N.")
    assert svg.alt == png.alt and svg.data == png.data
    root = ET.fromstring(svg.svg)
    shapes = [el for el in root if el.tag in (NS + "circle", NS + "rect", NS + "polygon")][1:]  # [0]: the background
    legend = len(svg.data) - 3  # groups in the legend: every key but seats, threshold, rows
    assert len(shapes) == seats + legend
    for key in ("for", "against", "abstain"):
        if svg.data.get(key):
            colour = STYLES[key].colour
            drawn = [el for el in shapes if el.get("fill") == colour and el.tag == NS + TAGS[STYLES[key].shape]]
            assert len(drawn) == svg.data[key] + 1, key  # its seats and its legend marker
    dashed = [el for el in root if el.tag == NS + "line" and el.get("stroke-dasharray")]
    assert len(dashed) == (2 if threshold else 0)  # the threshold and its legend entry
    assert 'alt="Hemicycle seat chart' in svg.html() and "data:image/svg+xml;base64," in svg.html()


def test_svg_text_is_escaped_and_bad_counts_are_refused() -> None:
    svg = hemicycle_svg({"<b>for</b>": 2}, 3, title='<script>alert("x")</script>')
    ET.fromstring(svg.svg)  # still well-formed XML
    assert "<script>" not in svg.svg and "&lt;script&gt;" in svg.svg
    with pytest.raises(SeatChartError):
        hemicycle_svg({"for": 4}, 3)
    with pytest.raises(SeatChartError):
        hemicycle_svg({"for": 1}, 3, threshold=4)


def test_the_simulator_redraws_with_the_svg_chart() -> None:
    sim = vote_simulator(load_article()).simulator
    first = sim.chart_view.value
    assert "data:image/svg+xml;base64," in first and 'alt="Hemicycle seat chart of 577 seats' in first
    sim.against.value += 1
    assert sim.chart.data["against"] == 2 and sim.chart_view.value != first
    sim.real_button.click()
    assert sim.chart_view.value == first


def test_the_framing_explorer_draws_each_concept_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import kit.comparison_views as cv
    from kit.accounts import load_accounts

    accounts = load_accounts(load_article())
    calls: list[str] = []
    real = cv.framing_chart
    monkeypatch.setattr(cv, "framing_chart", lambda acc, cid: calls.append(cid) or real(acc, cid))
    box = cv.framing_explorer(accounts)
    ids = [c.id for c in accounts.concepts]
    seen = {}
    for cid in ids * 3:
        box.kit.concept.value = cid
        seen.setdefault(cid, box.kit.chart.value)
        assert box.kit.chart.value == seen[cid] and "<img" in seen[cid] and box.kit.error.value == ""
    assert sorted(calls) == sorted(ids), "each concept's chart is drawn once, then reused"
