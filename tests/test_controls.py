"""kit.controls: widgets that share one layout and one style model (issue 17: fewer models per lesson)."""

from __future__ import annotations

from typing import Any

import ipywidgets
import pytest
from ipywidgets.widgets.widget import _instances

from kit.controls import Controls, SharedModelError, widgets
from kit.exercises import exercise, load_exercises


def _models() -> set[str]:
    return set(_instances)


def _made(build: Any) -> tuple[Any, int]:
    before = _models()
    made = build()
    return made, len(_models() - before)


def test_plain_widgets_share_one_layout_and_one_style_per_style_class() -> None:
    w = widgets()
    a, b = w.HTML("a"), w.HTML("b")
    c, d = w.Button(description="c"), w.Button(description="d")
    assert a.layout is b.layout is c.layout
    assert a.style is b.style and c.style is d.style and a.style is not c.style
    assert isinstance(a, ipywidgets.HTML) and isinstance(c, ipywidgets.Button)
    assert isinstance(c.style, ipywidgets.ButtonStyle)
    # two more widgets of a kind already made cost two models, not six
    _, n = _made(lambda: (w.HTML("e"), w.Button(description="f")))
    assert n == 2


def test_a_layout_given_is_the_widgets_own_and_can_change() -> None:
    w = widgets()
    mine = w.Button(description="x", layout=w.Layout(display="none"))
    assert mine.layout is not w.HTML("y").layout
    mine.layout.display = ""
    assert mine.layout.display == ""


def test_a_shared_layout_or_style_refuses_to_change() -> None:
    w = widgets()
    plain = w.HTML("z")
    with pytest.raises(SharedModelError, match="shared by many widgets"):
        plain.layout.display = "none"
    with pytest.raises(SharedModelError):
        plain.style.font_size = "30px"
    assert plain.layout.display is None and w.HTML("again").layout.display is None


def test_shared_layouts_and_styles_by_settings() -> None:
    w = widgets()
    one, two = (w.Checkbox(description=t, layout=w.shared_layout(width="auto")) for t in "ab")
    assert one.layout is two.layout and one.layout.width == "auto"
    assert w.shared_layout(width="auto") is not w.shared_layout(width="50%")
    first, second = (w.Dropdown(options=["x"], style={"description_width": "initial"}) for _ in range(2))
    assert first.style is second.style and first.style.description_width == "initial"
    assert first.style is not w.Dropdown(options=["x"]).style


def test_a_closed_shared_model_is_made_again() -> None:
    controls = Controls(ipywidgets)
    old = controls.HTML("a").layout
    old.close()
    fresh = controls.HTML("b")
    assert fresh.layout is not old and fresh.layout.comm is not None


def test_names_that_are_not_widget_classes_are_ipywidgets_own() -> None:
    w = widgets()
    assert w.Layout is ipywidgets.Layout and w.Widget is ipywidgets.Widget and w.jsdlink is ipywidgets.jsdlink


@pytest.mark.parametrize(("kind", "most"), [("choice", 9), ("number", 9), ("text", 9)])
def test_an_exercise_costs_few_widget_models(kind: str, most: int, tmp_path: Any) -> None:
    """Was 42 models for a choice exercise (issue 17): each part's layout and style are shared, the
    "mine makes these points" pair is made when a written answer is first checked, and the hints, answer,
    progress line and error share one HTML widget."""
    from kit.progress import ProgressStore

    ex_id = next(i for i, e in load_exercises().items() if e.type == kind)
    exercise(ex_id, store=ProgressStore(tmp_path))  # the shared models exist from here on
    box, n = _made(lambda: exercise(ex_id, store=ProgressStore(tmp_path)))
    assert n <= most, f"a {kind} exercise made {n} widget models"
    built = box.kit
    assert built.covers_button is None, "made when a written answer is first checked"
    if kind == "text":
        built.input.value = "The report leaves out the Chinese government's own answer to the accusation."
        built.check_button.click()
        assert built.covers_button is not None and built.covers_button.layout.display == ""
        pair = box.children[box.children.index(built.feedback) + 1]
        assert list(pair.children) == [built.covers_button, built.misses_button]
        built.covers_button.click()
        assert built.covers_button.layout.display == "none" and "making its points" in built.status.value


def test_a_box_shows_a_sentence_not_the_repr_of_its_widgets(monkeypatch: pytest.MonkeyPatch) -> None:
    from IPython.core.formatters import DisplayFormatter

    from kit.controls import PLAIN_TEXT

    w = widgets()
    box = w.VBox([w.HTML("<b>Self-check</b>"), w.Button(description="Check")])

    def no_repr(self: Any) -> str:
        raise AssertionError("the repr of the whole tree was built")

    monkeypatch.setattr(ipywidgets.Widget, "__repr__", no_repr)
    data, _ = DisplayFormatter().format(box)
    assert data["text/plain"] == PLAIN_TEXT and "<b>" not in PLAIN_TEXT
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id
    assert set(data) == {"text/plain", "application/vnd.jupyter.widget-view+json"}
    plain = ipywidgets.VBox([])  # not made by the kit: ipywidgets' own text form
    monkeypatch.undo()
    assert DisplayFormatter().format(plain)[0]["text/plain"].startswith("VBox(")


@pytest.mark.parametrize("kind", ["choice", "multiple", "number", "text"])
def test_an_exercise_sends_its_parts_once(kind: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each part is made with its final state: no change is sent to the page after it is made
    (a hint button relabelled, a class added: each was one more message per self-check)."""
    from kit.progress import ProgressStore

    sent: list[tuple[str, Any]] = []
    real = ipywidgets.Widget.send_state

    def count(self: Any, key: Any = None) -> None:
        sent.append((type(self).__name__, key))
        real(self, key)

    ex_id = next(i for i, e in load_exercises().items() if e.type == kind)
    exercise(ex_id, store=ProgressStore(tmp_path))
    monkeypatch.setattr(ipywidgets.Widget, "send_state", count)
    box = exercise(ex_id, store=ProgressStore(tmp_path))
    assert sent == [], sent
    assert "kit-exercise" in box._dom_classes
    box.kit.hint_button.click()  # a change the student makes is sent
    assert sent
