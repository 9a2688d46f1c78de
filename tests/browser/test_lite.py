"""The no-server edition (``python3 tasks.py lite``) in a real Chromium, with no network beyond 127.0.0.1.

The site is built by ``tasks.py lite`` into build/lite (nothing is done when nothing it is made of
changed since the last build; ``KIT_LITE_SITE`` names a site built elsewhere instead), served by
``python -m http.server`` on 127.0.0.1 and opened in Debian's Chromium with a fresh profile. Every
request to another host is aborted and listed as a problem by ``problems()``, so a site that
reaches for a CDN or PyPI fails here.

The lessons are visited in order, each in a new tab on the site (a new page: nothing that was in
the previous tab's memory, its Python included, survives; the browser's storage does). One start of
Python in the browser per lesson does everything:

1. run all cells: no error output, every widget rendered, no console error, no chart shown as a table;
2. the lesson's main interaction (tests/browser/interactions.py);
3. one self-check answered (by mouse or keyboard, as a student does) and checked;
4. the *previous* lesson, whose tab has been closed, opened again on this tab's Python: its setup
   cell and the self-check answered there are run, and the self-check shows the answer given in
   the closed tab, read back from the browser's storage (the reload that a student makes).

``test_answer_kept_after_reload`` reports step 4 per lesson; for the last lesson with a
self-check, or a lesson run alone (``-k``), it opens a new tab itself. The export of results
(lesson 00's widget) is tried in the last lesson's tab, after every answer; the teacher edition's
copy of lesson 07 is run in lesson 06's tab, on its Python (one start of Pyodide fewer), and
reported by ``test_teacher_edition_runs``.

What was measured (cold start to the first output, run-all times, a widget callback's latency in
the page, the site's size) is written to test-artifacts/lite-measurements.json; the goals are in
docs/lite.md and checked by reading that file, not asserted here.

``KIT_LITE_BROWSER=0`` skips this module (for a machine without Python 3.12+, which the build
tools need); CI never sets it.
"""
from __future__ import annotations

import base64
import json
import os
import re
import statistics
import time
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
    pytest.mark.skipif(os.environ.get("KIT_LITE_BROWSER") == "0",
                       reason="KIT_LITE_BROWSER=0: the JupyterLite browser test is skipped (see docs/lite.md)"),
]

ROOT = Path(__file__).resolve().parents[2]
MEASUREMENTS = ARTIFACTS / "lite-measurements.json"
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob(NOTEBOOK_GLOB))
EXERCISE_CALL = re.compile(r"""\bexercise\(\s*["'](ex[\w-]+)["']""")
CALLBACK_SAMPLES = 24  # a multiple of 2, 3 and 4: the menu ends where it started
STUDENT = "student/notebooks"


def _exercises_of(name: str) -> list[str]:
    cells = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    return EXERCISE_CALL.findall("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))


WITH_SELF_CHECKS = [n for n in LESSONS if _exercises_of(n)]


@dataclass
class Answer:
    """A self-check answered in a lesson's tab, and what became of it once that tab was closed."""

    lesson: str
    exercise_id: str
    given: str
    shown: str  # the self-check's text after Check, for the failure message
    kept: str | None = None  # "" once found kept in a later tab; else what went wrong


@dataclass
class Site:
    folder: Path
    server: StaticServer
    context: BrowserContext
    measured: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    visited: set[str] = field(default_factory=set)
    teacher: dict[str, Any] | None = None  # the teacher edition's run in the tab of TEACHER_TAB

    def tab(self) -> LitePage:
        return LitePage(self.context.new_page(), self.server)  # type: ignore[arg-type]  # url() is all it needs


@pytest.fixture(scope="module")
def site(browser_ready: None, playwright_driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("lite")
    started = time.monotonic()
    folder = built_site(work / "lite-build.log")
    files = [p for p in folder.rglob("*") if p.is_file()]
    with StaticServer(folder, work / "http-server.log") as server:
        context = launch_chromium(playwright_driver, work / "chromium-profile")
        found = Site(folder, server, context, {"site_bytes": sum(p.stat().st_size for p in files),
                                              "site_files": len(files),
                                              "build_or_check_s": round(time.monotonic() - started, 1),
                                              "lessons": {}})
        try:
            yield found
        finally:
            context.close()
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            MEASUREMENTS.write_text(json.dumps(found.measured, indent=1) + "\n", encoding="utf-8")


# ------------------------------------------------------------------ the tour of the lessons


@pytest.mark.parametrize("name", LESSONS, ids=[n[:2] for n in LESSONS])
def test_lesson_in_the_site(site: Site, name: str) -> None:
    """One tab, one Python: run all, the main interaction, one self-check, the previous lesson's answer."""
    started = time.monotonic()
    site.visited.add(name)
    lite = site.tab()
    timings: dict[str, Any] = site.measured["lessons"].setdefault(name, {})
    try:
        try:
            lite.open_and_run(name)
        finally:
            timings.update(lite.timings)
            lite.screenshot(f"lite-{name[:-6]}")
        timings["kernels_in_tab"] = lite.kernels()["running"]
        _check_ran(lite, name)
        if name.startswith("00"):
            site.measured["callback_ms"] = _callback_latency(lite)
        _interact(lite, name)
        if _exercises_of(name):
            site.answers[name] = _answer_one(lite, name)
        timings["lesson_done_s"] = round(time.monotonic() - started, 1)
    finally:  # whatever became of this lesson: the steps that need only this tab's Python
        try:
            if lite.ready():
                _previous_answer_kept(site, lite, name)
                if name == LESSONS[-1]:
                    _export_results(site, lite)
                if name == TEACHER_TAB:
                    _teacher_edition_in_tab(site, lite)
        finally:
            timings["tab_s"] = round(time.monotonic() - started, 1)
            _close(lite)


@pytest.mark.parametrize("name", WITH_SELF_CHECKS, ids=[n[:2] for n in WITH_SELF_CHECKS])
def test_answer_kept_after_reload(site: Site, name: str) -> None:
    """The self-check answered in a lesson's tab shows that answer in a later tab (read from storage)."""
    answer = site.answers.get(name)
    if answer is None:
        if name in site.visited:
            pytest.fail(f"{name}: no self-check was answered, since test_lesson_in_the_site failed first",
                        pytrace=False)
        lite = site.tab()  # the lesson was not visited in this run (-k): answer it in a tab of its own
        try:
            lite.open_and_run(name)
            _check_ran(lite, name)
            answer = site.answers[name] = _answer_one(lite, name)
        finally:
            _close(lite)
    if answer.kept is None:  # no later tab opened it (the last lesson with a self-check, or -k)
        lite = site.tab()
        try:
            lite.open_and_run(name, run_all=False)
            answer.kept = _found_kept(lite, answer)
        finally:
            _close(lite)
    assert answer.kept == "", answer.kept


def test_every_lesson_is_in_the_site(site: Site) -> None:
    shipped = sorted(p.name for p in (site.folder / "files" / STUDENT).glob(NOTEBOOK_GLOB))
    assert shipped == LESSONS, f"the site's student edition has {shipped}, the kit has {LESSONS}"
    teacher = sorted(p.name for p in (site.folder / "files" / "teacher" / "notebooks").glob(NOTEBOOK_GLOB))
    assert teacher == LESSONS, f"the site's teacher edition has {teacher}, the kit has {LESSONS}"
    landing = (site.folder / "index.html").read_text(encoding="utf-8")
    assert "student/notebooks/00-" in landing and "teacher/notebooks/00-" in landing
    assert "stay in this browser" in landing


TEACHER_LESSON = next((n for n in LESSONS if n.startswith("07")), WITH_SELF_CHECKS[-1])
# The tab whose Python runs the teacher's copy: the lesson before it. Not the same lesson's tab:
# JupyterLite finds a notebook's session by file name, so the teacher's 07 opened where the
# student's 07 is open gets no kernel; the previous lesson's tab has opened no file of that name.
TEACHER_TAB = LESSONS[max(LESSONS.index(TEACHER_LESSON) - 1, 0)]


def test_teacher_edition_runs(site: Site) -> None:
    """The teacher edition's copy of a lesson runs in the site and shows its answer keys inline.

    It runs on the Python of the previous lesson's tab (one start of Pyodide fewer), opened and run
    there by :func:`_teacher_edition_in_tab`; run without that tab (``-k``), in a tab of its own.
    """
    if site.teacher is None:
        if TEACHER_TAB in site.visited:
            pytest.fail(f"the teacher's {TEACHER_LESSON} was to run in the tab of {TEACHER_TAB}, "
                        "which was never ready (test_lesson_in_the_site failed first)", pytrace=False)
        lite = site.tab()
        try:
            lite.open_and_run(TEACHER_LESSON, folder="teacher/notebooks")
            lite.screenshot(f"lite-teacher-{TEACHER_LESSON[:-6]}")
            _check_ran(lite, f"teacher/{TEACHER_LESSON}")
            keys = _answer_keys(lite)
        finally:
            _close(lite)
    else:
        assert not site.teacher.get("error"), site.teacher.get("error")
        keys = site.teacher["keys"]
    assert keys >= len(set(_exercises_of(TEACHER_LESSON))), (
        f"the teacher's {TEACHER_LESSON} shows {keys} answer key(s) for "
        f"{len(set(_exercises_of(TEACHER_LESSON)))} self-checks")


def _answer_keys(lite: LitePage) -> int:
    return lite.page.locator(".jp-Notebook .jp-MarkdownCell", has_text="Answer key").count()


def _teacher_edition_in_tab(site: Site, lite: LitePage) -> None:
    """The teacher's copy of TEACHER_LESSON opened on this tab's Python, run all and checked as a lesson
    is (only what its run adds to the tab's console counts); reported by test_teacher_edition_runs."""
    result: dict[str, Any] = {}
    site.teacher = result
    path = f"teacher/notebooks/{TEACHER_LESSON}"
    mark = lite.mark()
    step = "opening it on the tab's Python"
    try:
        lite.open_on_kernel(path, lite.kernels()["current"])
        step = "running all its cells"
        lite.run_all_in_front()
        step = "checking it"
        lite.screenshot(f"lite-teacher-{TEACHER_LESSON[:-6]}")
        _check_ran(lite, f"teacher/{TEACHER_LESSON}", since=mark)
        result["keys"] = _answer_keys(lite)
    except AssertionError as exc:
        result["error"] = str(exc)
    except Exception as exc:  # a timeout
        result["error"] = (f"the teacher's {TEACHER_LESSON} in the tab of {TEACHER_TAB}, {step}: "
                           f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        lite.screenshot(f"lite-teacher-{TEACHER_LESSON[:-6]}")
    finally:
        lite.close_notebook(path)


# ------------------------------------------------------------------ steps


def _close(lite: LitePage) -> None:
    try:
        lite.close_notebooks()
    except Exception:  # a tab that never loaded JupyterLite has nothing to close
        pass
    lite.page.close()


def _check_ran(lite: LitePage, name: str, since: tuple[int, int] | None = None) -> None:
    problems = lite.problems() if since is None else lite.problems_since(since)
    assert not problems, f"{name} in the no-server site:\n" + "\n".join(problems)
    # Every chart of a shipped article was drawn at build time: none falls back to its table.
    drawn = lite.page.locator(".jp-Notebook figure.kit-chart img").count()
    as_table = lite.page.locator(".jp-Notebook figure.kit-chart-text").count()
    assert as_table == 0, (f"{name}: {as_table} chart(s) shown as a table (not in the site's chart cache) "
                           f"and {drawn} drawn")


def _interact(lite: LitePage, name: str) -> None:
    interact = INTERACTIONS.get(name[:2])
    assert interact is not None, f"{name} has no main interaction in tests/browser/interactions.py"
    before = lite.problems()
    try:
        action = interact(lite)
        lite.wait_for_idle()
    finally:
        lite.screenshot(f"lite-{name[:-6]}-interaction")
    new = [p for p in lite.problems() if p not in before]
    assert not new, f"{name}, after {action}:\n" + "\n".join(new)


def _answer_one(lite: LitePage, name: str) -> Answer:
    """Answer a self-check that the interaction left alone; Check must give feedback."""
    ids = _exercises_of(name)
    boxes = lite.page.locator(".jp-Notebook .kit-exercise")
    _expect()(boxes.first).to_be_visible(timeout=WAIT_MS)
    index = next((i for i in range(boxes.count()) if boxes.nth(i).locator(".kit-feedback").count() == 0), None)
    assert index is not None, f"{name}: every self-check already has feedback before any answer"
    box = boxes.nth(index)
    box.scroll_into_view_if_needed()
    _expect()(box).to_contain_text("Self-check", timeout=WAIT_MS)  # drawn once scrolled into view
    exercise_id = _exercise_id(box, ids)
    given = _answer(box, exercise_id)
    button(box, "Check").click()
    try:
        _expect()(box.locator(".kit-feedback")).to_be_visible(timeout=WAIT_MS)
    except AssertionError:
        pytest.fail(f"{name}: no feedback after Check on {exercise_id} (answer {given!r}); the self-check shows: "
                    f"{_text(box)!r}", pytrace=False)
    lite.wait_for_idle()
    problems = lite.problems()
    assert not problems, f"{name}, after answering {exercise_id}:\n" + "\n".join(problems)
    return Answer(name, exercise_id, given, _text(box))


def _previous_answer_kept(site: Site, lite: LitePage, name: str) -> None:
    """In this tab, open the lesson answered in an earlier (closed) tab on this tab's kernel."""
    earlier = [a for a in site.answers.values() if a.kept is None and a.lesson != name]
    if not earlier or not lite.kernels().get("current"):
        return
    kernel = lite.kernels()["current"]
    for answer in earlier:
        path = f"{STUDENT}/{answer.lesson}"
        try:
            lite.open_on_kernel(path, kernel)
            answer.kept = _found_kept(lite, answer)
        except Exception as exc:  # reported by test_answer_kept_after_reload
            answer.kept = (f"{answer.lesson}: reopening it in the tab of {name} failed: "
                           f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        finally:
            lite.close_notebook(path)


def _found_kept(lite: LitePage, answer: Answer) -> str:
    """Run the lesson's setup cell and the self-check's cell; "" when it shows the answer given before."""
    ran = lite.run_cells(rf"""\bexercise\(\s*["']{re.escape(answer.exercise_id)}["']""")
    if len(ran) < 2:
        return f"{answer.lesson}: no cell calls exercise({answer.exercise_id!r}) in the site's copy"
    problems = [p for p in lite.problems() if "never ran" not in p]  # only two cells were meant to run
    if problems:
        return f"{answer.lesson}, opened again:\n" + "\n".join(problems)
    again = lite.page.locator(".jp-Notebook .kit-exercise").filter(has_text=_prompt(answer.exercise_id)).first
    again.scroll_into_view_if_needed()
    # After a restart the kit puts the last answer back in its box with one status line ("Your progress:
    # ... 1 attempt"), and no verdict: a stale "Right"/"Not quite" is not shown again.
    try:
        _expect()(again).to_contain_text(re.compile(r"Your progress: .*\b1 attempt\b"), timeout=WAIT_MS)
    except AssertionError:
        return (f"{answer.lesson}: in a new tab the self-check {answer.exercise_id} does not show the attempt made "
                f"before, so the answer was not kept; it shows: {_text(again)!r}; in the tab where it was answered "
                f"it showed: {answer.shown!r}")
    shown = _read_back(again, answer.exercise_id)
    if shown != answer.given:
        return (f"{answer.lesson}: in a new tab the self-check {answer.exercise_id} shows {shown!r}, not the answer "
                f"given before ({answer.given!r})")
    return ""


def _export_results(site: Site, lite: LitePage) -> None:
    """Lesson 00's export widget, after every answer: a file named in the page, downloadable, listing them."""
    kernel = lite.kernels().get("current")
    start = next(n for n in LESSONS if n.startswith("00"))
    path = f"{STUDENT}/{start}"
    result: dict[str, Any] = {}
    site.measured["export"] = result
    try:
        lite.open_on_kernel(path, kernel)
        lite.run_cells(r"\bexport_widget\(")
        box = lite.page.locator(".jp-Notebook .kit-results-export").first
        box.scroll_into_view_if_needed()
        button(box, "Export my results").click()
        status = box.locator("[role=status], [role=alert]").first
        _expect()(status).to_be_visible(timeout=WAIT_MS)
        result["shown"] = _text(status)
        link = box.locator("a[download]").first
        href = link.get_attribute("href") or ""
        result["link"] = href[:40]
        if href.startswith("data:application/json;base64,"):
            doc = json.loads(base64.b64decode(href.split(",", 1)[1]))
            result["exercises"] = sorted(doc.get("exercises", {}))
        lite.screenshot("lite-export")
    except Exception as exc:  # reported by test_results_export
        result["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def test_results_export(site: Site) -> None:
    """The export widget in the site writes the results file and offers it as a download (data: link)."""
    result = site.measured.get("export")
    if result is None:
        pytest.skip(f"the export is tried in the tab of {LESSONS[-1]}, which did not run")
    assert "error" not in result, f"exporting results in the no-server site failed: {result['error']}"
    assert result.get("link", "").startswith("data:application/json;base64,"), result
    answered = sorted(a.exercise_id for a in site.answers.values())
    assert set(answered) <= set(result.get("exercises", [])), (
        f"the exported file lists {result.get('exercises')}, not every self-check answered ({answered})")
    assert re.search(rf"\b{len(result['exercises'])} self-checks? tried", result["shown"]), result["shown"]


# ------------------------------------------------------------------ helpers


def _text(box: Locator) -> str:
    return " ".join((box.text_content() or "").split())[:600]


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
