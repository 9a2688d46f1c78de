"""A class on a real JupyterHub: log in, follow the teacher's nbgitpuller link, work, get an update.

One hub for the module (tests/hub/harness.py): JupyterHub with configurable-http-proxy, a shared
password, local single-user servers and jupyterhub-idle-culler. The teacher's remote is a bare git
repository with the *student edition* on branch ``student``, published by tools/publish_student.py.
Three students (N=3):

1. a student in Debian's Chromium follows the link, logs in through the form, lands on notebook 00,
   runs it and uses its fact menu; opens notebook 07, runs it, answers a self-check (the student
   edition's sealed check says "Right"), adds a note of their own and saves;
2. two more students log in and pull through nbgitpuller's own event stream;
3. the teacher changes two lessons and publishes again; the first student follows the link again:
   their note, outputs and self-check progress are kept *and* the teacher's changes arrive (the
   editions are written in nbformat's canonical form, so JupyterLab's save does not rewrite every
   cell and nbgitpuller's ``-Xours`` merge does not drop the teacher's change);
4. the student opens lesson 03 through Voila on their server: no code, no request off the machine;
5. the browser closes; the idle culler stops every server;
6. the hub stops, and no process of the run is left.

Screenshots: test-artifacts/screenshots/hub-*.png.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import nbformat
import pytest

from browser.interactions import INTERACTIONS, button, exercise_box
from browser.lab import _JS_RUN_ALL, _JS_RUN_FINISHED, SCREENSHOTS, LabPage

from .harness import ROOT, ClassHub, follow_pull, publish_lessons, pull_link, teacher_remote
from .voila import VoilaPage

pytestmark = pytest.mark.hub
STUDENTS = ["ada", "bao", "chen"]  # N=3: one in Chromium, two through the API
BRANCH = "student"
LANDING = "notebooks/00-start-here.ipynb"
TEACHER_CHANGES = {  # notebook: (start of the markdown cell the teacher changes, the sentence added)
    "07-reading-a-vote.ipynb": ("### Who voted against", "Teacher's update: compare these names with the tally."),
    "03-claims-and-evidence.ipynb": ("## Whose claim is it?", "Teacher's update: keep your verdicts for Friday."),
}
STUDENT_NOTE = "# my own note: 289 members took part"
WAIT_MS = 240_000  # a spawn on a loaded 2-core machine


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"hub-{name}.png"))


def _wait_notebook(page: Any, path: str) -> None:
    page.wait_for_function(
        """(path) => { const app = window.jupyterapp; const w = app && app.shell.currentWidget;
          if (!w || !w.context || w.context.path !== path || !w.sessionContext) return false;
          const k = w.sessionContext.session && w.sessionContext.session.kernel;
          return w.context.isReady && !!k && k.status === 'idle' && k.connectionStatus === 'connected'; }""",
        arg=path, timeout=WAIT_MS, polling=500)


def _run_all(lab: LabPage) -> None:
    lab.page.evaluate(_JS_RUN_ALL)
    lab.page.wait_for_function(_JS_RUN_FINISHED, timeout=WAIT_MS, polling=250)
    lab.wait_for_widgets()


@pytest.fixture(scope="module")
def classroom(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The teacher's remote with the first student edition, and the hub; both gone afterwards."""
    work = tmp_path_factory.mktemp("classroom")
    remote = teacher_remote(work)
    teacher_notebooks = work / "teacher-notebooks"
    shutil.copytree(ROOT / "notebooks", teacher_notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    publish_lessons(remote, teacher_notebooks, work / "build", "First lessons")
    # A server idle for 20 s is culled (step 4 waits for that); one culled while another student
    # works is started again by the link, as on a real hub.
    hub = ClassHub(work / "hub", cull_timeout=20, cull_every=5, activity_interval=5)
    try:
        hub.start()
        yield {"hub": hub, "remote": remote, "repo_url": remote.as_uri(), "work": work,
               "teacher_notebooks": teacher_notebooks}
    finally:
        hub.stop()
        left = hub.our_processes()
        assert not left, f"processes of the hub run still alive after stop: {left}"


def test_a_class_pulls_works_and_gets_the_teachers_update(classroom: dict[str, Any], chromium: Any) -> None:
    hub: ClassHub = classroom["hub"]
    url = classroom["repo_url"]
    link = hub.url + pull_link(url, BRANCH, LANDING)
    first = STUDENTS[0]

    # 1. The first student, in the browser: the link, the login form, notebook 00.
    page = chromium.new_page()
    lab = LabPage(page, None)  # type: ignore[arg-type]  (only the page is used)
    page.goto(link, timeout=WAIT_MS)
    page.fill("#username_input", first)
    page.fill("#password_input", hub.password)
    page.click("#login_submit")
    _wait_notebook(page, f"lessons/{LANDING}")
    assert f"/user/{first}/lab/tree/lessons/{LANDING}" in page.url, page.url
    _run_all(lab)
    _shot(page, "00-landed-and-run")
    assert not lab.problems(), "notebook 00 on the hub:\n" + "\n".join(lab.problems())
    INTERACTIONS["00"](lab)

    # ...then notebook 07: a self-check answered, a note of their own, saved.
    from kit.exercises import format_number, get_exercise

    seven = "lessons/notebooks/07-reading-a-vote.ipynb"
    page.goto(f"{hub.url}/user/{first}/lab/tree/{seven}", timeout=WAIT_MS)
    _wait_notebook(page, seven)
    _run_all(lab)
    assert not lab.problems(), "notebook 07 on the hub:\n" + "\n".join(lab.problems())
    cast = get_exercise("ex07-cast")
    box = exercise_box(page, cast.id)
    box.locator(".widget-text input").fill(format_number(cast.answer))
    button(box, "Check").click()
    box.locator(".kit-feedback", has_text="Right").wait_for(timeout=30_000)
    page.evaluate("""() => { const app = window.jupyterapp; const nb = app.shell.currentWidget.content;
                             nb.activeCellIndex = nb.widgets.length - 1;
                             return app.commands.execute('notebook:insert-cell-below'); }""")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:enter-edit-mode')")
    page.keyboard.type(STUDENT_NOTE)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    on_disk = hub.home(first) / seven
    hub.wait_until("the student's save reaches the disk", lambda: STUDENT_NOTE in on_disk.read_text("utf-8"), 60)
    _shot(page, "07-answered-and-saved")
    page.close()

    # 2. Two more students log in and pull (nbgitpuller's event stream, as its status page reads it).
    for name in STUDENTS[1:]:
        session = hub.login(name)
        hub.api("POST", f"users/{name}/server")
        hub.wait_until(f"{name}'s server", lambda name=name: hub.server_running(name), 240)
        follow_pull(session, hub, name, url, BRANCH)
        assert (hub.home(name) / "lessons" / LANDING).is_file()
        assert (hub.home(name) / "lessons" / "kit-edition.json").is_file(), "not the student edition"

    # 3. The teacher changes two lessons and publishes; the first student follows the link again.
    for notebook, (start, sentence) in TEACHER_CHANGES.items():
        path = classroom["teacher_notebooks"] / notebook
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "markdown" and c.source.startswith(start))
        cell.source += "\n\n" + sentence
        nbformat.write(nb, path)
    publish_lessons(classroom["remote"], classroom["teacher_notebooks"], classroom["work"] / "build2",
                    "Two lessons updated")
    page = chromium.new_page()
    lab = LabPage(page, None)  # type: ignore[arg-type]
    page.goto(link, timeout=WAIT_MS)  # still logged in (cookie); the server may have been culled
    _wait_notebook(page, f"lessons/{LANDING}")
    _shot(page, "00-after-update")
    page.close()

    # The same lesson as a page without code, through Voila on the student's own server (the link
    # docs/jupyterhub.md gives): the kit's template, so no code and no request off the machine.
    view = VoilaPage(chromium.new_page())
    try:
        view.open_url(f"{hub.url}/user/{first}/voila/render/lessons/notebooks/03-claims-and-evidence.ipynb")
        _shot(view.page, "voila-03")
        code = [line.strip() for c in nbformat.read(hub.home(first) / "lessons/notebooks/03-claims-and-evidence.ipynb",
                                                    as_version=4).cells
                if c.cell_type == "code" for line in c.source.splitlines() if len(line.strip()) > 12]
        problems = view.problems(code)
        assert not problems, "Voila on the hub:\n" + "\n".join(problems)
        assert view.page.locator("#rendered_cells .jupyter-widgets").count() > 0
    finally:
        view.page.close()

    mine = nbformat.read(on_disk, as_version=4)
    sources = [c.source for c in mine.cells]
    assert STUDENT_NOTE in sources, "the student's own note was lost by the update pull"
    assert any(c.get("outputs") for c in mine.cells if c.cell_type == "code"), "the student's outputs were lost"
    for notebook, (_start, sentence) in TEACHER_CHANGES.items():
        text = (hub.home(first) / "lessons" / "notebooks" / notebook).read_text(encoding="utf-8")
        assert sentence in text, (f"the teacher's change to {notebook} did not reach the student who had "
                                  "worked in it (nbgitpuller's merge kept the student's copy)")
    progress = list((hub.home(first) / ".kit-progress").glob("*"))
    assert any(cast.id in p.read_text(encoding="utf-8") for p in progress if p.is_file()), \
        f"the self-check progress is gone: {progress}"

    # 4. Nobody is working now: the culler stops every server.
    hub.wait_until("the idle culler stopping every server",
                   lambda: not any(hub.user(n).get("servers") for n in STUDENTS), 240, every=3)
    assert "culler" in hub.log_tail(400).lower() or "idle-culler" in json.dumps(hub.api("GET", "services"))
