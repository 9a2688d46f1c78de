"""No file brings a lesson down, and no Save loses work (issue 14).

Each test reproduces one way a hostile or careless user broke the kit, and checks what they now
see. Everything that could hang or exhaust memory if it regressed runs in a child process with a
time limit and a memory limit, so a regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kit.editions import answer_key_markdown
from kit.editions import build as build_editions
from kit.exercises import Exercise, Option
from kit.files import atomic_write, read_bytes
from kit.loader import check, data_dir
from kit.progress import ProgressStore
from kit.results import MAX_CHART_BARS, combine
from kit.review import MAX_VERSIONS, Review, ReviewError, first_draft
from kit.scaffold import Options, build_draft, write_draft
from kit.validation import schema_problems
from kit.yamlio import read_document

ROOT = Path(__file__).resolve().parents[1]
CASE = "rfa-2022-01-20-france-assembly-uyghur"
POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs, fork and /dev/zero are POSIX")
REPORT = ("Council backs cycle lane\n\n"
          "The town council approved the plan on Tuesday by 14 votes to 9.\n\n"
          "\"This lane will make the street safer for every child,\" said Councillor Maya Okafor.\n\n"
          "\"Nobody asked the shop owners before the map was drawn,\" he said.")
BOMB = "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
               for p, c in zip([""] + list("abcdefgh"), "abcdefghi", strict=True))  # 9**9 strings from ~400 bytes


def _child(code: str, *, seconds: float = 60, memory_mb: int = 1500, env: dict[str, str] | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python with a time and an address-space limit (a regression fails, not hangs)."""
    limit = memory_mb * 1024 * 1024

    def limits() -> None:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=seconds, preexec_fn=limits if os.name == "posix" else None,
                          env={**os.environ, **(env or {})}, cwd=cwd or ROOT)


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root, ignore=shutil.ignore_patterns("versions", ".*"))
    return root


def _draft(root: Path, aid: str = "lane") -> Path:
    return write_draft(build_draft(REPORT, Options(id=aid, outlet="Town News", nature="fictional")), root / "articles")


# ------------------------------------------------------------------------------ 1. the alias bomb

def test_the_bomb_is_a_400_byte_file() -> None:
    assert len(BOMB) < 500 and BOMB.count("*") == 72


@pytest.mark.parametrize("kind", ["article", "facts", "acts", "sources"])
def test_an_alias_bomb_in_one_draft_is_refused_while_the_other_lessons_load(tmp_path: Path, kind: str) -> None:
    root = _data_copy(tmp_path)
    draft = _draft(root)
    if kind != "article":
        (draft / f"{kind}.yaml").write_text(BOMB, encoding="utf-8")
    else:
        (draft / "article.yaml").write_text(BOMB, encoding="utf-8")
    run = _child(f"""
        import json, time
        from kit.loader import load
        t = time.monotonic()
        lib = load({str(root)!r}, skip_broken=True)
        print(json.dumps({{"ids": lib.ids, "broken": [[n, [str(p) for p in ps]] for n, ps in lib.broken],
                           "seconds": time.monotonic() - t}}))
    """, seconds=60, memory_mb=1500)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert CASE in out["ids"], "the other lessons still load"
    assert [n for n, _ in out["broken"]] == ["lane"]
    message = " ".join(out["broken"][0][1])
    assert "YAML alias" in message and f"{kind}.yaml" in message, message


def test_the_bomb_in_validate_is_a_message_not_a_memory_error(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(BOMB, encoding="utf-8")
    run = _child(f"""
        from pathlib import Path
        from kit.yamlio import read_document
        doc, lines, problems = read_document(Path({str(tmp_path / 'bomb.yaml')!r}), "bomb.yaml")
        print(doc, [str(p) for p in problems])
    """, seconds=30, memory_mb=800)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "None" in run.stdout and "bomb.yaml:2: uses a YAML alias" in run.stdout


def test_an_alias_anywhere_is_refused_with_its_line(tmp_path: Path) -> None:
    p = tmp_path / "sources.yaml"
    p.write_text("schema_version: 1\nsources:\n  - &s {id: a, title: t}\n  - *s\n", encoding="utf-8")
    doc, _, problems = read_document(p, "sources.yaml")
    assert doc is None and len(problems) == 1 and "alias" in problems[0].message


# ------------------------------------------------------------------------------ 10. duplicate keys

def test_a_duplicate_key_is_an_error_naming_both_lines(tmp_path: Path) -> None:
    p = tmp_path / "acts.yaml"
    p.write_text("schema_version: 1\nacts:\n  - id: a\n    seats: 577\n    body: x\n    seats: 5\n", encoding="utf-8")
    doc, _, problems = read_document(p, "acts.yaml")
    assert doc is None
    assert [str(x) for x in problems] == [
        "acts.yaml:6: gives the key 'seats' twice in the same mapping, on lines 4 and 6; "
        "YAML would silently keep only the last: keep one"]
    j = tmp_path / "acts.json"
    j.write_text('{"schema_version": 1, "schema_version": 2}', encoding="utf-8")
    assert "twice" in read_document(j, "acts.json")[2][0].message


# ------------------------------------------------------------------------------ 5. deep nesting

@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_nesting_a_thousand_levels_deep_is_a_message(tmp_path: Path, suffix: str) -> None:
    p = tmp_path / f"facts{suffix}"
    p.write_text('{"schema_version": 1, "facts": ' + "[" * 1000 + "]" * 1000 + "}", encoding="utf-8")
    doc, _, problems = read_document(p, p.name)
    assert doc is None and "nest" in problems[0].message and problems[0].file == p.name


def test_the_validator_answers_a_deep_document_with_a_message() -> None:
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    problems = schema_problems({"schema_version": 1, "facts": deep}, "facts", "facts.yaml", {})
    assert problems and all(p.file == "facts.yaml" for p in problems)


def test_deep_progress_and_results_json_are_set_aside(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "progress.json").write_text(deep, encoding="utf-8")
    store = ProgressStore(tmp_path)
    assert "damaged" in store.notice and store.all() == {}
    (tmp_path / "r.json").write_text(deep, encoding="utf-8")
    res = combine(tmp_path / "r.json")
    assert res.problems == [(str(tmp_path / "r.json"), "not readable as JSON (cut short or edited?)")]


# ------------------------------------------------------------------------------ 5, 6. special files

def _special(kind: str, at: Path) -> None:
    """Replace ``at`` by a special file: a FIFO, a link to /dev/zero, a link loop, a dangling link, a folder."""
    if at.exists() or at.is_symlink():
        at.unlink()
    if kind == "fifo":
        os.mkfifo(at)
    elif kind == "zero":
        at.symlink_to("/dev/zero")
    elif kind == "loop":
        at.symlink_to(at.name)
    elif kind == "dangling":
        at.symlink_to("nowhere-at-all.yaml")
    else:
        at.mkdir()


SPECIALS = ["fifo", "zero", "loop", "dangling"]
WORDS = {"fifo": "named pipe (FIFO)", "zero": "is a device", "loop": "leads back to itself",
         "dangling": "which does not exist"}


@POSIX
@pytest.mark.parametrize("special", SPECIALS)
def test_special_files_as_every_kind_of_input_give_a_message_within_seconds(tmp_path: Path, special: str) -> None:
    root = _data_copy(tmp_path)
    ex = tmp_path / "exercises"
    shutil.copytree(root / "exercises", ex)
    progress = tmp_path / "progress"
    progress.mkdir()
    results = tmp_path / "results"
    results.mkdir()
    report = tmp_path / "report.txt"
    # one kind of input at a time, each in its own copy, all checked by one child process
    copies = {}
    for what in ("text", "article", "facts", "sources", "exercises"):
        d = tmp_path / f"copy-{what}"
        shutil.copytree(root, d, symlinks=True)
        copies[what] = d
    _special(special, copies["text"] / "articles" / CASE / "text.txt")
    _special(special, copies["article"] / "articles" / CASE / "article.yaml")
    _special(special, copies["facts"] / "articles" / CASE / "facts.yaml")
    _special(special, copies["sources"] / "sources.yaml")
    _special(special, copies["exercises"] / "exercises" / "01-anatomy-of-a-report.yaml")
    _special(special, progress / "progress.json")
    _special(special, results / "kit-results-fox.json")
    _special(special, report)
    run = _child(f"""
        import json
        from pathlib import Path
        from kit.errors import DataError
        from kit.exercises import load_exercises
        from kit.loader import check, load
        from kit.progress import ProgressStore
        from kit.results import combine
        from kit.scaffold import ScaffoldError, read_report
        out = {{}}
        for what in ("text", "article", "facts", "sources"):
            problems, _ = check({str(tmp_path)!r} + "/copy-" + what)
            out[what] = [str(p) for p in problems]
        try:
            load_exercises(Path({str(tmp_path)!r}) / "copy-exercises" / "exercises", check_about=False)
            out["exercises"] = []
        except DataError as exc:
            out["exercises"] = [str(p) for p in exc.problems]
        store = ProgressStore(Path({str(progress)!r}))
        store.record_attempt("ex01-x", "1", True)
        out["progress"] = [store.notice]
        out["results"] = [why for _, why in combine({str(results / "kit-results-fox.json")!r}).problems]
        try:
            read_report({str(report)!r})
            out["report"] = []
        except ScaffoldError as exc:
            out["report"] = [str(exc)]
        print(json.dumps(out))
    """, seconds=60, memory_mb=1500)
    assert run.returncode == 0, run.stderr[-3000:]
    out = json.loads(run.stdout)
    word = WORDS[special]
    for what in ("text", "article", "facts", "sources", "exercises", "progress", "results", "report"):
        got = " ".join(out[what])
        assert word in got, (what, out[what])
    assert "Traceback" not in run.stderr


@POSIX
def test_the_reader_refuses_a_fifo_without_blocking_and_dev_zero_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    run = _child(f"""
        from kit.files import read_bytes, InputFileError
        for p in ({str(fifo)!r}, "/dev/zero"):
            try:
                read_bytes(p)
            except InputFileError as e:
                print(e)
    """, seconds=20, memory_mb=600)
    assert run.stdout.splitlines() == ["is a named pipe (FIFO), not a regular file; expected a file saved on disk",
                                       "is a device, not a regular file; expected a file saved on disk"]


# ------------------------------------------------------------------------------ 2, 10. Review.save under kills

KILL_EVENTS = {"open", "os.rename", "os.link", "os.symlink", "os.mkdir", "os.remove", "os.rmdir", "os.chmod",
               "shutil.copyfile", "shutil.rmtree", "ctypes.call_function", "os.truncate", "os.scandir"}


def _writes(event: str, args: tuple[Any, ...]) -> bool:
    if event not in KILL_EVENTS:
        return False
    if event == "open":  # only opens that write
        _path, mode, flags = (tuple(args) + (None, None, None))[:3]
        if isinstance(mode, str):
            return any(c in mode for c in "wax+")
        return isinstance(flags, int) and bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
    return True


def _save_in_child(folder: Path, edit: Callable[[Review], None], kill_at: int | None) -> tuple[int, int]:
    """Fork; the child edits and saves, dying (os._exit) just before its ``kill_at``-th write.
    Returns (status, writes)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(r)
        try:
            session = Review(folder)
            edit(session)
            seen = [0]

            def hook(event: str, args: tuple[Any, ...]) -> None:
                if _writes(event, args):
                    seen[0] += 1
                    if kill_at is not None and seen[0] >= kill_at:
                        os._exit(9)

            sys.addaudithook(hook)
            session.save()
            os.write(w, str(seen[0]).encode())
            os._exit(0)
        except BaseException:
            os._exit(3)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    writes = os.read(r, 100)
    os.close(r)
    return os.waitstatus_to_exitcode(status), int(writes or 0)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _add_fact(r: Review) -> None:
    r.set_speaker(0, "Maya Okafor")
    r.add_fact("The council approved the plan by 14 votes to 9.", "vote", "Minutes of the council", "Larkford council",
               kind="official_record", passage="approved by 14 votes to 9", claim=0, fictional=True)


@POSIX
def test_a_kill_at_every_write_of_save_leaves_the_old_set_or_the_new_one(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    pristine = _draft(root)
    Review(pristine).save()  # a first save: sources/facts do not exist yet, versions/ does
    keep = tmp_path / "pristine"
    shutil.copytree(pristine, keep, symlinks=True)
    old = _snapshot(keep)
    code, writes = _save_in_child(pristine, _add_fact, None)
    assert code == 0 and writes >= 5
    new = _snapshot(pristine)
    assert set(new) == {"article.yaml", "text.txt", "facts.yaml", "sources.yaml"} and new != old
    for n in range(1, writes + 1):
        shutil.rmtree(pristine)
        shutil.copytree(keep, pristine, symlinks=True)
        code, _ = _save_in_child(pristine, _add_fact, n)
        assert code == 9, f"the child was not killed at write {n}"
        problems, arts = check(pristine)
        assert problems == [] and len(arts) == 1, f"kill at write {n}: {problems[:3]}"
        now = _snapshot(pristine)
        assert now in (old, new), f"kill at write {n}: a mix of the old and the new set ({sorted(now)})"
        assert not [p for p in pristine.iterdir() if p.name.endswith(".tmp")], "no temporary file in the folder"
    # what a kill leaves beside the folder is dotted (never read as an article) and the next save removes it
    r = Review(pristine)
    r.set_role(0, "lede" if r.article["paragraphs"][0]["role"] == "headline" else "headline")
    r.save()
    assert not [p for p in (root / "articles").iterdir() if p.name.startswith(".lane.")]


def test_save_keeps_symlinks_as_links_and_file_modes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    folder = _draft(root)
    big = tmp_path / "big"
    big.mkdir()
    (big / "huge.bin").write_bytes(b"x" * 1000)
    (folder / "photos").symlink_to(big, target_is_directory=True)
    os.chmod(folder / "article.yaml", 0o640)
    os.chmod(folder, 0o750)
    r = Review(folder)
    r.set_speaker(0, "Maya Okafor")
    r.save()
    assert (folder / "photos").is_symlink() and os.readlink(folder / "photos") == str(big)
    assert stat.S_IMODE(os.stat(folder / "article.yaml").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o750


def test_versions_are_bounded(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    folder = _draft(root)
    r = Review(folder)
    roles = ["headline", "lede", "body"]
    for i in range(MAX_VERSIONS + 5):
        r.set_role(1, roles[i % 3])
        r.save()
    kept = [p for p in (folder / "versions").iterdir() if p.name.startswith("article.yaml.")]
    assert len(kept) == MAX_VERSIONS


# ------------------------------------------------------------------------------ 3. notebook 11 and the case study

def test_saving_over_a_reviewed_article_needs_a_confirmation_and_unchanged_files_are_not_rewritten(
        tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    folder = root / "articles" / CASE
    before = _snapshot(folder)
    inode = os.stat(folder / "article.yaml").st_ino
    r = Review(folder)
    assert r.save().startswith("Nothing to save"), "opening and saving changes nothing"
    assert _snapshot(folder) == before and os.stat(folder / "article.yaml").st_ino == inode
    r.set_role(0, "headline")
    with pytest.raises(ReviewError, match="marked reviewed.*I mean to change this reviewed article"):
        r.save()
    assert _snapshot(folder) == before, "the shipped case study is untouched"
    assert "Saved" in r.save(overwrite_reviewed=True)
    assert check(folder)[0] == []


def test_the_widget_asks_before_saving_over_a_reviewed_article(tmp_path: Path) -> None:
    from kit.review import review_widget

    folder = _data_copy(tmp_path) / "articles" / CASE
    before = _snapshot(folder)
    ui = review_widget(folder).kit
    assert ui.confirm.layout.display == ""
    ui.session.set_role(0, "headline")
    ui.save_button.click()
    assert "marked reviewed" in ui.message.value and _snapshot(folder) == before
    ui.confirm.value = True
    ui.save_button.click()
    assert "Saved" in ui.message.value


def test_notebook_11_opens_on_a_draft(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kit import loader

    root = _data_copy(tmp_path)
    nb = json.loads((ROOT / "notebooks" / "11-your-own-article.ipynb").read_text(encoding="utf-8"))
    first = next("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "first_draft()" in first
    monkeypatch.setenv("KIT_DATA", str(root))
    monkeypatch.setattr(loader, "_CACHE", {})
    assert first_draft() is None, "the shipped data has no draft: the case study opens, and is guarded"
    _draft(root, "my-draft")
    monkeypatch.setattr(loader, "_CACHE", {})
    assert first_draft() == "my-draft"


def test_notebook_11_validates_only_the_drafts_it_opens_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first cell of lesson 11 costs what it opens: no other article of the library is validated, and
    a broken draft is skipped for the next one (the picker names it as broken)."""
    from kit import loader

    root = _data_copy(tmp_path)
    broken = _draft(root, "a-broken-draft")
    (broken / "article.yaml").write_text((broken / "article.yaml").read_text(encoding="utf-8")
                                         .replace("paragraphs:", "paragraphz:", 1), encoding="utf-8")
    _draft(root, "b-good-draft")
    monkeypatch.setenv("KIT_DATA", str(root))
    monkeypatch.setenv("KIT_DATA_CACHE", str(tmp_path / "cache"))  # no verdict from an earlier test
    monkeypatch.setattr(loader, "_CACHE", {})
    assert first_draft() == "b-good-draft"
    states = {e.name: e.state for e in loader.library().listing}
    assert (states.pop("a-broken-draft"), states.pop("b-good-draft")) == ("broken", "valid")
    assert CASE in states and set(states.values()) == {"unchecked"}, states


# ------------------------------------------------------------------------------ 4. two kernels saving progress

WRITER = """
import sys, time
from pathlib import Path
from kit.progress import ProgressStore
folder, me = Path(sys.argv[1]), sys.argv[2]
while not (folder / "go").exists():
    time.sleep(0.001)
store = ProgressStore(folder)
for i in range(100):
    store.record_attempt("ex00-shared", str(i), False)
    store.record_hint("ex00-" + me, i)
print(store.notice)
"""


def test_two_processes_saving_progress_100_times_each_lose_nothing(tmp_path: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), me], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT) for me in ("a", "b")]
    (tmp_path / "go").write_text("")
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert all(o.strip() == "" for o, _ in outs), outs
    doc = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))["exercises"]
    assert doc["ex00-shared"]["attempts"] == 200
    assert doc["ex00-a"]["hints_seen"] == 99 and doc["ex00-b"]["hints_seen"] == 99
    assert sorted(p.name for p in tmp_path.iterdir()) == ["go", "progress.json"], "no lock or temporary file left"


def test_a_temporary_file_a_killed_kernel_left_is_removed_at_the_next_save(tmp_path: Path) -> None:
    (tmp_path / ".progress.json.abc.tmp").write_text("{half", encoding="utf-8")
    ProgressStore(tmp_path).record_attempt("ex00-a", "1", True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.json"]


def test_hand_edited_progress_values_are_read_as_nothing(tmp_path: Path) -> None:
    from kit.exercises import ExerciseWidget, load_exercises

    (tmp_path / "progress.json").write_text(json.dumps({"format": 1, "exercises": {
        "ex01-x": {"attempts": "x", "hints_seen": "many", "solved": "yes"},
        "ex01-y": {"attempts": 1e308, "hints_seen": -4, "last_answer": {"a": [1]}}}}), encoding="utf-8")
    store = ProgressStore(tmp_path)
    assert store.record_attempt("ex01-x", "1", False)["attempts"] == 1
    assert store.record_hint("ex01-y", 1)["hints_seen"] == 1
    from kit.results import results_document
    doc = results_document("fox", store)
    assert doc["exercises"] == {} or all(isinstance(r["attempts"], int) for r in doc["exercises"].values())
    pool = load_exercises(check_about=False)
    ex = next(iter(pool.values()))
    store._memory["exercises"][ex.id] = {"attempts": "x", "hints_seen": "x", "last_answer": None}
    ExerciseWidget(ex, store=store)  # restoring a hand-edited record does not raise


# ------------------------------------------------------------------------------ 5. `$` in chart text

def test_dollar_pairs_in_chart_text_are_drawn_as_written() -> None:
    from kit.display import Chart, new_figure

    fig = new_figure()
    ax = fig.add_subplot()
    ax.barh([0, 1], [1, 2])
    ax.set_yticks([0, 1], ["costs $5 and $6", r"a $\frac{1$ slip"])
    ax.set_title("between $x and $y")
    chart = Chart(fig, "Two bars.")
    assert chart.png().startswith(b"\x89PNG")  # a ValueError from the TeX parser before
    assert all(not t.get_parse_math() for t in fig.findobj(lambda o: hasattr(o, "get_parse_math")))


# ------------------------------------------------------------------------------ 7. editions keep a teacher's files

def _small_notebooks(tmp_path: Path) -> Path:
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for p in sorted((ROOT / "notebooks").glob("0[01]-*.ipynb")):
        shutil.copy(p, nbs / p.name)
    return nbs


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_editions_rebuild_keeps_a_teachers_files_and_refuses_over_a_students_work(tmp_path: Path) -> None:
    nbs = _small_notebooks(tmp_path)
    out = tmp_path / "build"
    build_editions(out, notebooks=nbs)
    (out / "teacher" / "my-notes.md").write_text("Period 3 needs more time on lesson 1.", encoding="utf-8")
    (out / "student" / "notebooks" / "Untitled.ipynb").write_text("{}", encoding="utf-8")
    if os.name == "posix":
        os.mkfifo(out / "student" / "pipe")  # carried over, never opened (opening it would hang)
    build_editions(out, notebooks=nbs)
    if os.name == "posix":
        assert stat.S_ISFIFO(os.lstat(out / "student" / "pipe").st_mode)
        (out / "student" / "pipe").unlink()
    assert (out / "teacher" / "my-notes.md").read_text(encoding="utf-8") == "Period 3 needs more time on lesson 1."
    assert (out / "student" / "notebooks" / "Untitled.ipynb").read_text(encoding="utf-8") == "{}"
    worked = next((out / "student" / "notebooks").glob("01-*.ipynb"))
    worked.write_text(worked.read_text(encoding="utf-8").replace('"outputs": []', '"outputs": [ ]', 1),
                      encoding="utf-8")
    before = _tree(out)
    with pytest.raises(FileExistsError, match=f"student/notebooks/{worked.name} .*changed.*nothing was changed"):
        build_editions(out, notebooks=nbs)
    assert _tree(out) == before, "a refused rebuild changes nothing"
    assert sorted(p.name for p in out.iterdir()) == ["student", "teacher"], "no scratch folder left"


def test_an_editions_refusal_never_empties_the_student_edition(tmp_path: Path) -> None:
    nbs = _small_notebooks(tmp_path)
    out = tmp_path / "build"
    build_editions(out, notebooks=nbs)
    shutil.rmtree(out / "teacher")
    (out / "teacher").mkdir()
    (out / "teacher" / "lesson-plans.docx").write_bytes(b"mine")
    before = _tree(out)
    with pytest.raises(FileExistsError, match="was not made by .*nothing was changed"):
        build_editions(out, notebooks=nbs)
    assert _tree(out) == before


def test_exercise_text_is_escaped_in_the_teacher_edition_markdown() -> None:
    ex = Exercise("ex00-x", "choice", "Which <b>one</b>?", ("p1",), "00-x", "f",
                  options=(Option("a", "<img src=x onerror=alert(1)>", True, "*yes* $5 and $6"),
                           Option("b", "[link](javascript:alert(1))", False, "no")),
                  explanation="`code` & <script>alert(1)</script>")
    md = answer_key_markdown(ex)
    assert not re.search(r"(?<!\\)[<$`*\[]", md.split("\n", 1)[1].replace("**Answer:**", "").replace("**Why:**", ""))
    assert "\\<img src=x onerror=alert(1)\\>" in md and "&amp;" in md


# ------------------------------------------------------------------------------ 8. formula cells in class.csv

def _results_file(folder: Path, name: str, nickname: str, student: str) -> Path:
    doc = {"format": "kit-results/1", "student": student, "nickname": nickname, "exported": "2026-01-01T10:00:00",
           "exercises": {"ex01-a": {"notebook": "01", "attempts": 1, "first_try_correct": True, "solved": True}}}
    p = folder / name
    p.write_text(json.dumps(doc), encoding="utf-8")
    return p


def test_formula_cells_in_class_csv_are_neutralised(tmp_path: Path) -> None:
    _results_file(tmp_path, '=HYPERLINK("http-evil","x").json', "Fox", "a" * 16)
    _results_file(tmp_path, "b.json", "-2+3", "b" * 16)
    _results_file(tmp_path, "c.json", "@SUM(A1)", "c" * 16)
    res = combine(tmp_path)
    out = res.write_csv(tmp_path / "out" / "class.csv")
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    cells = [v for r in rows for v in r.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    assert "'=HYPERLINK(\"http-evil\",\"x\").json" in cells and "'-23" in cells, cells
    assert "@SUM(A1)" not in cells  # cleaned to a safe nickname or neutralised


# ------------------------------------------------------------------------------ 9. size caps

def test_a_billion_seats_is_refused_by_the_schema_and_the_vote_tools(tmp_path: Path) -> None:
    from kit.votes import TooLargeCountError, make_vote

    root = _data_copy(tmp_path)
    acts = root / "articles" / CASE / "acts.yaml"
    text = acts.read_text(encoding="utf-8")
    assert "seats: 577" in text
    acts.write_text(text.replace("seats: 577", "seats: 1000000000", 1), encoding="utf-8")
    problems, _ = check(root)
    assert any("1000000000 is too large; expected at most 10,000" in str(p) and "acts.yaml" in p.file for p in problems)
    with pytest.raises(TooLargeCountError, match="at most 10,000"):
        make_vote(taking_part=10, against=1, abstain=1, seats=10**9)


def test_a_results_file_with_15000_exercises_is_set_aside_and_the_chart_is_capped(tmp_path: Path) -> None:
    big = {"format": "kit-results/1", "student": "d" * 16, "nickname": "x", "exported": "",
           "exercises": {f"ex01-e{i}": {"attempts": 1, "solved": True} for i in range(15000)}}
    (tmp_path / "big.json").write_text(json.dumps(big, separators=(",", ":")), encoding="utf-8")
    res = combine(tmp_path / "big.json")
    assert res.problems == [(str(tmp_path / "big.json"), "lists 15,000 exercises; a results file holds at most 500")]
    many = tmp_path / "many"
    many.mkdir()
    for s in range(3):
        doc = dict(big, student=f"{s:016x}", exercises={f"ex0{s + 1}-e{i}": {"attempts": 1, "first_try_correct": True,
                                                                              "solved": True} for i in range(400)})
        (many / f"{s}.json").write_text(json.dumps(doc), encoding="utf-8")
    chart = combine(many).chart()
    assert len(chart.data["exercises"]) == MAX_CHART_BARS and "more exercises are in the table" in chart.alt


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    p = tmp_path / "article.yaml"
    with open(p, "wb") as fh:
        fh.truncate(50_000_000)  # sparse: costs nothing on disk
    doc, _, problems = read_document(p, "article.yaml")
    assert doc is None and "50.0 MB, larger than the 20.0 MB" in problems[0].message
    results = tmp_path / "r.json"
    with open(results, "wb") as fh:
        fh.truncate(2_000_000)
    assert "larger than the 1.0 MB" in combine(results).problems[0][1]


# ------------------------------------------------------------------------------ 10. modes, escapes, pipes

def test_saved_files_keep_their_mode_and_new_ones_get_the_umask(tmp_path: Path) -> None:
    p = tmp_path / "a.json"
    p.write_text("{}")
    os.chmod(p, 0o644)
    atomic_write(p, "[]")
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o644
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "b.json", "{}")
        folder = _draft(tmp_path / "d")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "b.json").st_mode) == 0o640
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o750


def test_terminal_escapes_in_file_names_are_not_echoed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kit.__main__ import main

    bad = tmp_path / "data" / "articles" / "x\x1b]0;owned\x07\x1b[2J"
    bad.mkdir(parents=True)
    (bad / "article.yaml").write_text("id: 1\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and out.count("\\x1b[2J") >= 2, out[:300]


def test_results_combine_piped_into_head_ends_without_a_traceback(tmp_path: Path) -> None:
    _results_file(tmp_path, "a.json", "Fox", "a" * 16)
    proc = subprocess.Popen([sys.executable, "-m", "kit", "results", "combine", str(tmp_path), "--out",
                             str(tmp_path / "class.csv")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| head -0`: the reader is gone before the first line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0 and "Traceback" not in err and "BrokenPipe" not in err, err


def test_a_stray_temporary_file_from_a_kill_is_not_carried_into_the_next_save(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    folder = _draft(root)
    (folder / ".article.yaml.abc123.tmp").write_text("half", encoding="utf-8")
    r = Review(folder)
    r.set_role(0, "headline")
    r.save()
    assert not list(folder.glob(".*.tmp"))


def test_read_bytes_reads_a_regular_file_and_a_link_to_one(tmp_path: Path) -> None:
    p = tmp_path / "x"
    p.write_bytes(b"abc")
    (tmp_path / "y").symlink_to("x")
    assert read_bytes(p) == b"abc" == read_bytes(tmp_path / "y")


def test_a_save_interrupted_between_two_renames_is_put_back_at_the_next_listing(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 2 where folders cannot be exchanged in one step (macOS, Windows): a crash after the old
    folder was renamed aside and before the new one moved in leaves no article folder; the next
    listing puts the old, whole set back."""
    import kit.files as files
    from kit.loader import catalogue

    root = _data_copy(tmp_path)
    arts = root / "articles"
    name = "town-larkford-cycle-lane-fictional"
    new = arts / f".{name}.review-x"
    shutil.copytree(arts / name, new)
    monkeypatch.setattr(files, "_exchange", lambda a, b: False)  # as on a system without RENAME_EXCHANGE
    real_replace = os.replace
    calls: list[str] = []

    def crash_on_second(src: Any, dst: Any) -> None:
        calls.append(str(dst))
        if len(calls) == 2:
            raise KeyboardInterrupt("killed between the two renames")
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        files.swap_folders(new, arts / name)
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert not (arts / name).exists()  # the state a kill leaves
    assert name in [a.id for a in catalogue(root).articles]
    problems, _ = check(arts / name)
    assert problems == []
    assert not any(p.name.startswith(f".{name}.old-") for p in arts.iterdir())
