"""The hemicycle seat chart (kit.hemicycle): any size, counts in .data, alt text with the numbers."""

from __future__ import annotations

import math

import pytest

from kit.display import PALETTE, Chart
from kit.hemicycle import STYLES, SeatChartError, hemicycle, seat_layout, vote_chart
from kit.votes import make_vote, outcome


@pytest.mark.parametrize("n", [1, 2, 5, 12, 38, 141, 577, 1000, 2500])
def test_layout_has_one_seat_per_member_ordered_left_to_right(n):
    xs, ys, angles, r = seat_layout(n)
    assert len(xs) == len(ys) == len(angles) == n
    assert list(angles) == sorted(angles, reverse=True)  # filled from the left
    assert all(y >= -1e-9 for y in ys) and r > 0
    # no two seats overlap: centres at least two seat radii apart (checked on a sample for big n)
    pts = list(zip(xs, ys, strict=True))[:: max(1, n // 300)]
    closest = min((math.dist(p, q) for i, p in enumerate(pts) for q in pts[i + 1:]), default=2 * r)
    assert closest >= 2 * r * 0.99


def test_real_vote_chart_data_and_alt_text():
    chart = vote_chart(outcome(make_vote(175, 1, 5, 577), "cast"))
    assert isinstance(chart, Chart)
    assert {k: chart.data[k] for k in ("seats", "for", "against", "abstain", "absent", "threshold")} == {
        "seats": 577, "for": 169, "against": 1, "abstain": 5, "absent": 402, "threshold": 86}
    assert chart.data["adopted"] is True and chart.data["rule"] == "cast"
    for number in ("577 seats", "169 for", "1 against", "5 abstained", "402 did not take part", "seat 86",
                   "the kit's arithmetic"):
        assert number in chart.alt, number
    assert chart._repr_mimebundle_()["text/plain"] == chart.alt
    assert chart.png().startswith(b"\x89PNG")


def test_colour_is_never_the_only_cue():
    shapes = [s.shape for s in STYLES.values()]
    assert len(set(shapes)) == len(shapes)  # every position has its own shape
    assert all(s.colour in PALETTE.values() for s in STYLES.values())
    chart = hemicycle({"for": 3, "against": 1, "abstain": 1}, seats=6, threshold=4)
    labels = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert labels[:4] == ["For: 3", "Against: 1", "Abstained: 1", "Did not take part: 1"]
    assert "Seat 4" in labels[4]
    assert "(squares)" in chart.alt and "(triangles)" in chart.alt


def test_chamber_of_one_and_of_1000():
    one = hemicycle({"for": 1}, seats=1, threshold=1)
    assert one.data["seats"] == 1 and one.data["for"] == 1 and one.data["absent"] == 0
    assert "1 seat," in one.alt
    big = vote_chart(outcome(make_vote(900, 100, 50, 1000), "members"))
    assert (big.data["for"], big.data["threshold"], big.data["adopted"]) == (750, 501, True)


def test_other_groups_get_their_own_style():
    chart = hemicycle({"Group A": 10, "Group B": 5}, seats=20)
    assert chart.data["Group A"] == 10 and chart.data["absent"] == 5
    assert "10 group a" in chart.alt


@pytest.mark.parametrize("counts,seats,threshold,message", [
    ({"for": -1}, 5, None, "must be a whole number of seats"),
    ({"for": 6}, 5, None, "fill 6 seats but the chamber has only 5"),
    ({"for": 1}, 0, None, "at least 1 seat"),
    ({"for": 1}, 5, 6, "threshold must be a seat number from 1 to 5"),
    ({"for": 1.5}, 5, None, "must be a whole number of seats"),
])
def test_bad_counts_raise_a_clear_error(counts, seats, threshold, message):
    with pytest.raises(SeatChartError, match=message):
        hemicycle(counts, seats, threshold=threshold)


def test_drawing_leaves_no_pyplot_state():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    vote_chart(outcome(make_vote(10, 2, 1, 12), "cast")).png()
    assert plt.get_fignums() == before
