"""The no-server edition (``python3 tasks.py lite``) in a real Chromium, with no network beyond 127.0.0.1.

The site is built once for the module (``tasks.py lite --out`` a temporary folder; ``KIT_LITE_SITE``
names one built earlier instead), served by ``python -m http.server`` on 127.0.0.1 and opened in
Debian's Chromium with a fresh profile. Every request to another host is aborted, and listed as a
problem by ``problems()``, so a site that reaches for a CDN or PyPI fails here.

For every lesson of the student edition, in one tab: run all cells (no error output, every widget
rendered, no console error); the lesson's main interaction (tests/browser/interactions.py); one
self-check answered and checked; the tab reloaded (a new Python in the browser), the cells run
again, and the answer found in the self-check, read back from the browser's storage.

What was measured (cold start to the first output, run-all times, a widget callback's latency in
the page, the site's size) is written to test-artifacts/lite-measurements.json; the goals are in
docs/lite.md and checked by reading that file, not asserted here.
"""
from __future__ import annotations

import json
import os
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .interactions import INTERACTIONS, WAIT_MS, _expect, button
from .lab import ARTIFACTS, NOTEBOOK_GLOB, launch_chromium
from .lite import LitePage, StaticServer, built_site

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Locator

pytestmark = [
    pytest.mark.browser,
    # Not yet part of the default suite: all twelve lessons in the site take 10-14 minutes on two
    # cores (two Pyodide starts per lesson) and had not all passed in one run when this landed.
    # Run it with KIT_LITE_BROWSER=1 (KIT_LITE_SITE=build/lite reuses a site already built).
    pytest.mark.skipif(os.environ.get("KIT_LITE_BROWSER") != "1",
                       reason="the JupyterLite browser test is opt-in: set KIT_LITE_BROWSER=1 (see docs/lite.md)"),
]

ROOT = Path(__file__).resolve().parents[2]
MEASUREMENTS = ARTIFACTS / "lite-measurements.json"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob(NOTEBOOK_GLOB))
EXERCISE_CALL = re.compile(r"""\bexercise\(\s*["'](ex[\w-]+)["']""")
CALLBACK_SAMPLES = 24  # a multiple of 2, 3 and 4: the menu ends where it started


@dataclass
class Site:
    folder: Path
    server: StaticServer
    context: BrowserContext
    measured: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(browser_ready: None, playwright_driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("lite")
    folder = built_site(work / "site")
    files = [p for p in folder.rglob("*") if p.is_file()]
    with StaticServer(folder, work / "http-server.log") as server:
        context = launch_chromium(playwright_driver, work / "chromium-profile")
        found = Site(folder, server, context, {"site_bytes": sum(p.stat().st_size for p in files),
                                              "site_files": len(files), "lessons": {}})
        try:
            yield found
        finally:
            context.close()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            MEASUREMENTS.write_text(json.dumps(found.measured, indent=1) + "\n", encoding="utf-8")


@dataclass
class Run:
    name: str
    lite: LitePage
    problems: list[str]
    error: str = ""


@pytest.fixture(scope="module", params=LESSONS, ids=lambda n: n[:-6])
def run(request: pytest.FixtureRequest, site: Site) -> Iterator[Run]:
    """One lesson opened and run in a fresh tab of the site."""
    name: str = request.param
    page = site.context.new_page()
    lite = LitePage(page, site.server)  # type: ignore[arg-type]  # duck-typed: url() is all it needs
    try:
        try:
            lite.open_and_run(name)
            result = Run(name, lite, lite.problems())
        except Exception as exc:  # a timeout: every test of the lesson reports it
            result = Run(name, lite, [], error=f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
        site.measured["lessons"][name] = dict(lite.timings)
        lite.screenshot(f"lite-{name[:-6]}")
        yield result
    finally:
        page.close()


def _ran(run: Run) -> None:
    if run.error:
        pytest.fail(f"{run.name} could not be run in the no-server site: {run.error}", pytrace=False)


def test_lesson_runs_offline(run: Run) -> None:
    _ran(run)
    assert not run.problems, f"{run.name} in the no-server site:\n" + "\n".join(run.problems)
    # Every chart of a shipped article was drawn at build time: none falls back to its table.
    page = run.lite.page
    drawn = page.locator(".jp-Notebook figure.kit-chart img").count()
    as_table = page.locator(".jp-Notebook figure.kit-chart-text").count()
    assert as_table == 0, (f"{run.name}: {as_table} chart(s) shown as a table (not in the site's chart cache) "
                           f"and {drawn} drawn")


def test_main_interaction_offline(run: Run, site: Site) -> None:
    _ran(run)
    if run.name.startswith("00"):
        site.measured["callback_ms"] = _callback_latency(run.lite)
    interact = INTERACTIONS.get(run.name[:2])
    assert interact is not None, f"{run.name} has no main interaction in tests/browser/interactions.py"
    try:
        action = interact(run.lite)
    finally:
        run.lite.screenshot(f"lite-{run.name[:-6]}-interaction")
    run.lite.wait_for_idle()
    new = [p for p in run.lite.problems() if p not in run.problems]
    assert not new, f"{run.name}, after {action}:\n" + "\n".join(new)


def test_answer_kept_after_reload(run: Run) -> None:
    _ran(run)
    cells = json.loads((ROOT / "notebooks" / run.name).read_text(encoding="utf-8"))["cells"]
    source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    if not EXERCISE_CALL.search(source):
        pytest.skip(f"{run.name} has no self-check")
    page = run.lite.page
    boxes = page.locator(".jp-Notebook .kit-exercise")
    _expect()(boxes.first).to_be_visible(timeout=WAIT_MS)
    # A self-check not already answered by the lesson's interaction.
    index = next((i for i in range(boxes.count()) if boxes.nth(i).locator(".kit-feedback").count() == 0), None)
    assert index is not None, f"{run.name}: every self-check already has feedback before any answer"
    box = boxes.nth(index)
    box.scroll_into_view_if_needed()
    _expect()(box).to_contain_text("Self-check", timeout=WAIT_MS)  # drawn once scrolled into view
    exercise_id = _exercise_id(box, EXERCISE_CALL.findall(source))
    given = _answer(box, exercise_id)
    button(box, "Check").click()
    try:
        _expect()(box.locator(".kit-feedback")).to_be_visible(timeout=WAIT_MS)
    except AssertionError:
        pytest.fail(f"{run.name}: no feedback after Check on {exercise_id} (answer {given!r}); the self-check shows: "
                    f"{' '.join((box.text_content() or '').split())[:600]!r}", pytrace=False)
    run.lite.wait_for_idle()
    before = " ".join((box.text_content() or "").split())[:600]

    run.lite.reload_and_run()
    again = page.locator(".jp-Notebook .kit-exercise").filter(has_text=_prompt(exercise_id)).first
    again.scroll_into_view_if_needed()
    try:
        _expect()(again.locator(".kit-feedback")).to_be_visible(timeout=WAIT_MS)
    except AssertionError:
        pytest.fail(f"{run.name}: after a reload the self-check {exercise_id} has no feedback, so the answer was not "
                    f"kept; it shows: {' '.join((again.text_content() or '').split())[:600]!r}; before the reload it "
                    f"showed: {before!r}", pytrace=False)
    assert _read_back(again, exercise_id) == given, (
        f"{run.name}: after a reload the self-check {exercise_id} shows {_read_back(again, exercise_id)!r}, "
        f"not the answer given before it ({given!r})")
    problems = [p for p in run.lite.problems() if p not in run.problems]
    assert not problems, f"{run.name} after the reload:\n" + "\n".join(problems)


def test_every_lesson_is_in_the_site(site: Site) -> None:
    shipped = sorted(p.name for p in (site.folder / "files" / "student" / "notebooks").glob(NOTEBOOK_GLOB))
    assert shipped == LESSONS, f"the site's student edition has {shipped}, the kit has {LESSONS}"
    landing = (site.folder / "index.html").read_text(encoding="utf-8")
    assert "student/notebooks/00-" in landing and "stay in this browser" in landing


# ------------------------------------------------------------------ helpers


def _prompt(exercise_id: str) -> str:
    from kit.exercises import get_exercise

    return " ".join(str(get_exercise(exercise_id).prompt).split())


def _exercise_id(box: Locator, ids: list[str]) -> str:
    """Which of the lesson's exercises a self-check box is, by its prompt (the page shows no id)."""
    shown = " ".join((box.text_content() or "").replace("\xa0", " ").split())
    found = [i for i in ids if _prompt(i) in shown]
    assert found, f"the self-check {shown[:200]!r} is none of the lesson's exercises {ids}"
    return found[0]


def _kind(exercise_id: str) -> str:
    from kit.exercises import get_exercise

    return str(get_exercise(exercise_id).type)


def _answer(box: Locator, exercise_id: str) -> str:
    """Answer as a student would, by mouse or keyboard; returns what was given, as _read_back reads it."""
    kind = _kind(exercise_id)
    if kind == "choice":
        label = box.locator(".widget-radio-box label").first
        label.click()
        return (label.text_content() or "").strip()
    if kind == "multiple":
        box.locator(".widget-checkbox input").first.check()
        return "first ticked"
    field_ = box.locator(".widget-text input, .widget-textarea textarea").first
    text = "7" if kind == "number" else "The outlet's own voice names no source."
    field_.fill(text)
    field_.press("Tab")  # the value reaches the kernel when the field loses focus, as for a student
    return text


def _read_back(box: Locator, exercise_id: str) -> str:
    kind = _kind(exercise_id)
    if kind == "choice":
        checked = box.locator(".widget-radio-box label").filter(has=box.page.locator("input:checked"))
        return (checked.first.text_content() or "").strip() if checked.count() else ""
    if kind == "multiple":
        return "first ticked" if box.locator(".widget-checkbox input").first.is_checked() else ""
    return str(box.locator(".widget-text input, .widget-textarea textarea").first.input_value())


_JS_CALLBACK = """async ([n]) => {
  // The "Fact:" menu of lesson 00: time from a change of the menu to the new card in the page.
  const menus = Array.from(document.querySelectorAll('.jp-Notebook .widget-dropdown'))
    .filter((d) => (d.querySelector('label') || {}).textContent === 'Fact:');
  const select = menus[0].querySelector('select');
  const area = menus[0].closest('.jp-OutputArea-output');
  const card = () => Array.from(area.querySelectorAll('.widget-html')).map((e) => e.textContent).join('|');
  const times = [];
  for (let i = 0; i < n; i++) {
    const before = card();
    const started = performance.now();
    select.selectedIndex = (select.selectedIndex + 1) % Math.min(select.options.length, 4);
    select.dispatchEvent(new Event('change', {bubbles: true}));
    await new Promise((resolve, reject) => {
      const give_up = setTimeout(() => reject(new Error('no new card within 10 s')), 10000);
      const check = () => { if (card() !== before) { clearTimeout(give_up); resolve(); }
                            else requestAnimationFrame(check); };
      check();
    });
    times.push(performance.now() - started);
  }
  return times;
}"""


def _callback_latency(lite: LitePage) -> dict[str, float]:
    """A widget callback's round trip in the page: menu changed -> the kernel's new card shown."""
    times = sorted(lite.page.evaluate(_JS_CALLBACK, [CALLBACK_SAMPLES]))
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"samples": len(times), "median": statistics.median(times), "p95": p95, "max": times[-1]}
