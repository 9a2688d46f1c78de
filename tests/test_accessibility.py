"""Accessibility that can be checked without a browser: the contrast of every text and button
colour the kit uses, the focus ring, the JupyterLab keyboard settings, and charts that read well
on a laptop (every label at least 11 px at the width a 1366-px screen gives a notebook output, and
nothing drawn outside the figure: no cut legend, no truncated label).

The browser half (axe-core, contrast and focus measured in the page, keyboard-only journeys) is in
tests/browser/test_notebooks_in_browser.py and tests/browser/a11y.py.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kit import load_article
from kit.accounts import load_accounts
from kit.display import BUTTON_COLOURS, FOCUS_RING, INK, KIT_CSS, MUTED_TEXT, PALETTE, contrast, readable, text_on

ROOT = Path(__file__).resolve().parents[1]
OUTPUT_WIDTH_PX = 880  # a notebook output's width in JupyterLab at 1366 x 900, file browser open
MIN_TEXT_PX = 11.0


# ---------------------------------------------------------------- colours

def test_contrast_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#E69F00", "#ffffff") < 3  # Okabe-Ito orange cannot be text on white
    assert contrast(readable("#E69F00"), "#ffffff") >= 4.5
    assert text_on(PALETTE["vermillion"]) == "#000000"  # white on vermillion is 3.9:1


@pytest.mark.parametrize("style", sorted(BUTTON_COLOURS))
def test_button_colours_read_with_white_text(style: str) -> None:
    colour = BUTTON_COLOURS[style]
    assert contrast("#ffffff", colour) >= 4.5, f"{style} button {colour}: {contrast('#ffffff', colour):.2f}:1"
    assert f".jupyter-button.mod-{style}:not(:disabled){{background-color:{colour};color:#ffffff}}" in KIT_CSS


def test_text_colours_and_focus_ring() -> None:
    for name, colour in INK.items():
        assert contrast(colour, "#ffffff") >= 4.5, f"INK[{name!r}] {colour}"
    assert contrast(MUTED_TEXT, "#ffffff") >= 4.5
    ring = re.search(r":focus\{outline:(\d+)px solid (#[0-9a-fA-F]{6})", KIT_CSS)
    assert ring, "no focus ring in the kit's stylesheet"
    assert int(ring.group(1)) >= 2 and ring.group(2) == FOCUS_RING
    assert contrast(FOCUS_RING, "#ffffff") >= 3 and contrast(FOCUS_RING, "#f5f5f5") >= 3


_STYLE_ATTR = re.compile(r"""style=(?:\\?["'])([^"']*)""")
_TEXT_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b")


def _text_colours() -> list[tuple[str, str, str]]:
    """(where, text colour, background) for every literal text colour in the kit's HTML styles."""
    found = []
    for path in sorted((ROOT / "kit").glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for style in _STYLE_ATTR.findall(line) or ([line] if "color:" in line else []):
                if re.search(r"background(?:-color)?:\s*\{", style):
                    continue  # a background computed in code: measured in the browser instead
                back = _BACKGROUND.search(style)
                for colour in _TEXT_COLOUR.findall(style):
                    found.append((f"{path.name}:{number}", colour, back.group(1) if back else "#ffffff"))
    return found


def test_every_literal_text_colour_in_the_kit_reads() -> None:
    found = _text_colours()
    assert len(found) >= 5, f"the scan found only {found}: is the pattern still right?"
    bad = [f"{where}: {fg} on {bg} = {contrast(fg, bg):.2f}:1" for where, fg, bg in found if contrast(fg, bg) < 4.5]
    assert not bad, "text colours under 4.5:1:\n" + "\n".join(bad)


def test_matrix_and_seat_labels_read_on_their_fills() -> None:
    from kit.comparison_views import STATUS_STYLE

    for status, (_words, _sign, fill, _hatch, ink) in STATUS_STYLE.items():
        ink_hex = {"white": "#ffffff", "black": "#000000"}.get(ink, ink)
        assert contrast(ink_hex, fill) >= 4.5, f"{status}: {ink} on {fill}"


# ---------------------------------------------------------------- keyboard settings for JupyterLab

def _tasks() -> Any:
    sys.path.insert(0, str(ROOT))
    try:
        import tasks
    finally:
        sys.path.remove(str(ROOT))
    return tasks


def test_lab_override_covers_every_command_mode_shortcut_of_the_installed_jupyterlab() -> None:
    tasks = _tasks()
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    if not schemas.is_dir():
        pytest.skip(f"JupyterLab's schemas are not installed in {sys.prefix}")
    installed = set()
    for path in schemas.rglob("*.json"):
        for s in json.loads(path.read_text(encoding="utf-8")).get("jupyter.lab.shortcuts", []):
            if s.get("selector") == tasks.NOTEBOOK_COMMAND_MODE and s.get("keys") and all(s["keys"]):
                installed.add((s["command"], tuple(s["keys"])))
    assert installed, "no command-mode shortcut found: has JupyterLab changed its selectors?"
    covered = set(tasks.COMMAND_MODE_SHORTCUTS)
    assert installed <= covered, ("JupyterLab shortcuts that would still fire inside outputs; add them to "
                                  f"tasks.py COMMAND_MODE_SHORTCUTS: {sorted(installed - covered)}")
    entries = tasks.LAB_SETTINGS_OVERRIDES["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    disabled = {tuple(e["keys"]) for e in entries if e.get("disabled")}
    assert {keys for _, keys in installed} <= disabled
    rebound = {(e["command"], tuple(e["keys"])) for e in entries if not e.get("disabled")}
    assert rebound == covered
    assert all(e["selector"].endswith(":not(.jp-OutputArea-output *)") for e in entries if not e.get("disabled"))


def test_the_environment_has_the_override() -> None:
    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not path.is_file():
        pytest.skip(f"no overrides.json in {sys.prefix} (not an environment made by tasks.py)")
    written = json.loads(path.read_text(encoding="utf-8"))
    expected = _tasks().LAB_SETTINGS_OVERRIDES["@jupyterlab/shortcuts-extension:shortcuts"]
    assert written.get("@jupyterlab/shortcuts-extension:shortcuts") == expected, "run `python3 tasks.py test` once"


# ---------------------------------------------------------------- charts at laptop width

def _charts() -> list[tuple[str, Callable[[], Any]]]:
    from kit import comparison_views as cv
    from kit import procedure, start
    from kit.views import anatomy, claims, framing, provenance, voices

    art = load_article()
    accounts = load_accounts(art)
    return [
        ("00 vote chart", lambda: start.vote_chart(art)),
        ("01 anatomy", lambda: anatomy.anatomy_chart(art)),
        ("02 share of voice", lambda: voices.share_of_voice_chart(art)),
        ("03 claims", lambda: claims.claims_chart(art)),
        ("04 framing", lambda: framing.framing_chart(art)),
        ("05 artefacts", lambda: provenance.artefact_chart(art)),
        ("05 provenance", lambda: provenance.provenance_chart(art)),
        ("07 seat chart", lambda: procedure.vote_chart(procedure.real_vote(art), title="real vote")),
        ("08 timeline", lambda: procedure.acts_timeline(art)),
        ("09 facts matrix", lambda: cv.matrix_chart(cv.fact_matrix(accounts))),
        ("09 framing", lambda: cv.framing_chart(accounts, accounts.concepts[0].id)),
    ]


def legibility_problems(figure: Any) -> list[str]:
    """Text under 11 px once the figure is scaled to a laptop's output width, or drawn outside it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    width_px = figure.get_figwidth() * 96
    scale = min(1.0, OUTPUT_WIDTH_PX / width_px)
    box = figure.bbox
    # tick labels of ticks outside an axis's view limits exist but are never drawn
    drawn_ticks, all_ticks = set(), set()
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                all_ticks.update({id(tick.label1), id(tick.label2)})
            if not (ax.axison and axis.get_visible()):
                continue
            for tick in axis._update_ticks():
                drawn_ticks.update({id(tick.label1), id(tick.label2)})
    problems = []
    for text in figure.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        if id(text) in all_ticks and id(text) not in drawn_ticks:
            continue
        shown = text.get_fontsize() * 96 / 72 * scale
        label = " ".join(text.get_text().split())[:50]
        if shown < MIN_TEXT_PX:
            problems.append(f"{label!r}: {shown:.1f} px at laptop width")
        ext = text.get_window_extent(renderer)
        if ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1 or ext.y0 < box.y0 - 1 or ext.y1 > box.y1 + 1:
            problems.append(f"{label!r}: drawn outside the figure (cut off)")
    for legend in figure.legends + [ax.get_legend() for ax in figure.axes if ax.get_legend()]:
        ext = legend.get_window_extent(renderer)
        if ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1 or ext.y0 < box.y0 - 1 or ext.y1 > box.y1 + 1:
            problems.append("the legend is partly outside the figure")
    return problems


def test_legibility_check_catches_small_and_cut_text() -> None:
    from kit.display import new_figure

    fig = new_figure(8, 2)
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "tiny", fontsize=6)
    ax.legend(handles=ax.plot([0, 1], [0, 1], label="cut")[:1], loc="upper center", bbox_to_anchor=(0.5, -0.9))
    found = legibility_problems(fig)
    assert any("'tiny'" in p for p in found) and any("legend" in p for p in found), found


@pytest.mark.parametrize("name", [n for n, _ in _charts()])
def test_chart_reads_at_laptop_width(name: str) -> None:
    chart = dict(_charts())[name]()
    figure = chart.figure
    if figure is None or not hasattr(figure, "canvas"):
        pytest.skip("an SVG drawn without matplotlib (checked in the browser)")
    problems = legibility_problems(figure)
    assert not problems, f"{name}:\n" + "\n".join(problems)
