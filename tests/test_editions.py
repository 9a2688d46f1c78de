"""The two editions (kit.editions, ``python -m kit editions``).

- The student edition holds no answer: every file in it is searched for every answer in the
  exercise data (numbers in their formatted forms, correct options, option feedback, model
  answers, explanations, the answer lines of the challenges) and for solution cells.
- Its self-checks still work: on the same inputs the sealed check gives the same verdict as the
  full one, and a right answer unseals the explanation.
- The teacher edition has every solution and, after each self-check, its answer key, generated
  from the exercise data; ``answer-key.md`` has all of them.
- Both editions run under nbval (in a subprocess, from a temporary build).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit.editions import build, exercise_ids_in, judge_sealed, seal, student_notebook, unseal
from kit.errors import DataError
from kit.exercises import Exercise, exercises_dir, format_number, judge, load_exercises, with_unit

ROOT = Path(__file__).resolve().parents[1]
ALL = load_exercises()
JUNK = [None, "", "   ", "x" * 10_000, "9" * 10_000, "1,800,000", "30.3%", "30,3 %", "12 million", "-5", "1e400",
        "nan", "169 to 1", ["a", "b"], ["a"], [], {"a": 1}, "🙂", 42, 3.5, float("nan"), True, object(),
        "<script>alert(1)</script>", "a, b", "A", "(b)", "１２", "\x00"]


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editions")
    build(out)
    return out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------------------------ no answers

def _answers() -> list[tuple[str, str, bool]]:
    """(exercise id, text, may_be_an_option_text) for every answer in the data.

    Small whole numbers are searched with their unit ('7 paragraphs'): a bare '7' is also a
    paragraph number in the options, so searching it would test nothing.
    """
    out: list[tuple[str, str, bool]] = []
    for ex in ALL.values():
        if ex.type == "number":
            assert ex.answer is not None
            forms = {ex.answer_text(), with_unit(ex.answer, ex.unit)}
            if not float(ex.answer).is_integer() or abs(ex.answer) >= 100:
                forms |= {format_number(ex.answer), repr(ex.answer), str(ex.answer)}
            out += [(ex.id, f, False) for f in forms if f]
        elif ex.type in ("choice", "multiple"):
            out += [(ex.id, o.text, True) for o in ex.correct_options]
            out += [(ex.id, o.feedback, False) for o in ex.options]
            out.append((ex.id, ex.answer_text(), len(ex.correct_options) == 1))
        else:
            out.append((ex.id, ex.model_answer, False))
        if ex.explanation:
            out.append((ex.id, ex.explanation, False))
    return out


ANSWERS = _answers()


def _contains(text: str, needle: str) -> bool:
    if re.fullmatch(r"[\d.,]+", needle):  # a number: not inside a longer number or an id
        return re.search(r"(?<![\w.,])" + re.escape(needle) + r"(?![\w]|[.,]\d)", text) is not None
    # whole words: 'Paragraph 1' is not in 'Paragraph 11', nor 'he said' in 'she said'
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text) is not None


def _searchable(path: Path) -> str:
    """The file's text; in a student exercise file, without the options' texts (they are the choices
    every student must see) and without the opaque hashes and sealed blobs (checked separately)."""
    text = path.read_text(encoding="utf-8")
    if path.parent.name == "exercises" and path.suffix == ".yaml":
        doc = yaml.safe_load(text)
        for ex in doc["exercises"]:
            ex.pop("options", None)
            ex["sealed"] = {k: v for k, v in ex["sealed"].items() if k in ("mistakes", "groups")}
            for m in ex["sealed"].get("mistakes", []):
                m.pop("value")
            for g in ex["sealed"].get("groups", []):
                g.pop("keys")
        return json.dumps(doc, ensure_ascii=False)
    if path.suffix == ".ipynb":  # the JSON escapes quotes; search the cells' text
        nb = json.loads(text)
        return "\n".join("".join(c["source"]) for c in nb["cells"]) + json.dumps(nb["metadata"])
    return text


def test_the_answer_list_covers_every_exercise() -> None:
    assert {ex_id for ex_id, _, _ in ANSWERS} == set(ALL)
    assert all(text.strip() for _, text, _ in ANSWERS)
    assert {ALL[i].type for i, _, _ in ANSWERS} == {"number", "choice", "multiple", "text"}


def test_the_search_finds_an_answer_that_is_there(editions: Path, tmp_path: Path) -> None:
    """The search itself works: an answer pasted into a copy of a student file is found."""
    ex_id, needle, _ = next(a for a in ANSWERS if ALL[a[0]].type == "number")
    victim = tmp_path / "exercises" / "01-x.yaml"
    victim.parent.mkdir()
    src = editions / "student" / "exercises" / "01-anatomy-of-a-report.yaml"
    doc = yaml.safe_load(src.read_text(encoding="utf-8"))
    doc["exercises"][0]["hints"] = [f"It is {needle}."]
    victim.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert _contains(_searchable(victim), needle)


def test_no_student_file_contains_any_answer(editions: Path) -> None:
    student = editions / "student"
    files = _files(student)
    assert {p.suffix for p in files} >= {".ipynb", ".yaml", ".md", ".json"}
    found = []
    for path in files:
        text = _searchable(path)
        raw = path.read_text(encoding="utf-8")
        options_shown = path.parent.name == "exercises"  # the choices themselves are in these files
        for ex_id, needle, option in ANSWERS:
            if (option and len(needle.split()) < 3 and path.suffix == ".ipynb"
                    and not path.name.startswith(ex_id[2:4] + "-")):
                continue  # a two-word option ('he said') is an answer only in its own lesson
            if _contains(text, needle) or (len(needle) > 12 and needle in raw and not (option and options_shown)):
                found.append(f"{path.relative_to(student)}: {ex_id}: {needle[:60]!r}")
    assert found == []


def test_student_options_say_nothing_about_which_is_right(editions: Path) -> None:
    for path in sorted((editions / "student" / "exercises").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["edition"] == "student"
        for ex in doc["exercises"]:
            full = ALL[ex["id"]]
            assert {o["id"] for o in ex.get("options", [])} == {o.id for o in full.options}
            assert all(set(o) == {"id", "text"} for o in ex.get("options", [])), ex["id"]
            assert not {"answer", "model_answer", "explanation", "rubric", "mistakes", "tolerance"} & set(ex)
            assert re.fullmatch(r"[A-Za-z0-9+/=]+", ex["sealed"]["reveal"])


def test_student_notebooks_have_no_solution_no_written_answer_no_output(editions: Path) -> None:
    sources = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    made = sorted((editions / "student" / "notebooks").glob("*.ipynb"))
    assert [p.name for p in made] == [p.name for p in sources]
    for src, path in zip(sources, made, strict=True):
        nb = json.loads(path.read_text(encoding="utf-8"))
        original = json.loads(src.read_text(encoding="utf-8"))
        for c in nb["cells"]:
            assert "solution" not in c.get("metadata", {}).get("tags", []), path.name
            assert "BEGIN SOLUTION" not in "".join(c["source"]), path.name
            assert not re.search(r"<summary>[^<]*answer", "".join(c["source"]), re.IGNORECASE), path.name
            if c["cell_type"] == "code":
                assert c["outputs"] == [] and c["execution_count"] is None, path.name
        # nothing else went missing: every self-check is still there
        assert exercise_ids_in(nb) == exercise_ids_in(original)
        for c in original["cells"]:
            for m in re.finditer(r"<details>\s*<summary>([^<]*answer[^<]*)</summary>(.*?)</details>",
                                 "".join(c["source"]), re.DOTALL | re.IGNORECASE):
                body = m.group(2).strip()
                assert body and body not in path.read_text(encoding="utf-8")


def test_student_notebook_keeps_hints_and_drops_answers() -> None:
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source":
                     "Q?\n<details><summary>Show a hint</summary>Look left.</details>\n"
                     "<details><summary>Show an answer</summary>It is 42.</details>"},
                    {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": "x = 42", "outputs": [],
                     "execution_count": None},
                    {"cell_type": "code", "metadata": {"tags": ["nbval-check-output"]}, "source": "print(1)",
                     "outputs": [{"output_type": "stream", "name": "stdout", "text": "1\n"}], "execution_count": 3}],
          "metadata": {"widgets": {"state": {}}}, "nbformat": 4, "nbformat_minor": 5}
    out, solutions, answers = student_notebook(nb)
    text = json.dumps(out)
    assert (solutions, answers) == (1, 1)
    assert "Look left." in text and "It is 42" not in text and "x = 42" not in text
    assert out["cells"][1]["id"] == "kit-student-edition" and "Student edition" in out["cells"][1]["source"]
    assert out["cells"][2]["outputs"] == [] and "tags" not in out["cells"][2]["metadata"]
    assert "widgets" not in out["metadata"]
    assert nb["cells"][1]["metadata"]["tags"] == ["solution"]  # the source is not changed


# ------------------------------------------------------------------------------------ checks still work

def _student_pool(editions: Path) -> dict[str, Exercise]:
    return load_exercises(editions / "student" / "exercises")


def _inputs(ex: Exercise) -> list[Any]:
    xs: list[Any] = list(JUNK)
    if ex.type == "number":
        assert ex.answer is not None
        a, t = ex.answer, ex.tolerance
        xs += [a, a + t, a - t, a + t + 0.01, a - t - 0.01, a + 1, a - 1, a * 10, a / 100, -a, str(a),
               format_number(a), with_unit(a, ex.unit), f"about {format_number(a)}"]
        xs += [m.value for m in ex.mistakes] + [m.value + (m.tolerance or 0) / 2 for m in ex.mistakes]
    elif ex.type in ("choice", "multiple"):
        ids = [o.id for o in ex.options]
        xs += ids + [o.text for o in ex.options] + [o.text.upper() for o in ex.options]
        right = [o.id for o in ex.correct_options]
        xs += [[i] for i in ids] + [ids, ids[:2], right, right + [o.id for o in ex.options if not o.correct][:1]]
        xs.append(", ".join(o.id for o in ex.correct_options))
    else:
        firsts = [g.keywords[0] for g in ex.rubric]
        lasts = [g.keywords[-1] for g in ex.rubric]
        xs += [" ".join(firsts), " and ".join(lasts), firsts[0], "x" + firsts[0], " ".join(k.upper() for k in firsts),
               ex.model_answer, "Nothing relevant here at all.", " ".join(firsts) + " " + "z" * 6000]
    return xs


@pytest.mark.parametrize("ex_id", sorted(ALL))
def test_the_sealed_check_gives_the_full_check_s_verdict(editions: Path, ex_id: str) -> None:
    full = ALL[ex_id]
    sealed = _student_pool(editions)[ex_id]
    assert sealed.sealed is not None and full.sealed is None
    for x in _inputs(full):
        want, got = judge(full, x), judge(sealed, x)
        assert got.correct == want.correct and got.kind == want.kind, (ex_id, x, want.message, got.message)
        if want.correct is not False:  # right answers, notes and text comparisons: word for word the same
            assert got.message == want.message, (ex_id, x)
        if got.correct is True and full.explanation:
            assert full.explanation in got.message


def test_a_wrong_number_gets_the_mistake_feedback_without_the_answer(editions: Path) -> None:
    full = next(e for e in ALL.values() if e.type == "number" and e.mistakes)
    sealed = _student_pool(editions)[full.id]
    fb = judge(sealed, full.mistakes[0].value)
    assert fb.correct is False and full.mistakes[0].feedback in fb.message
    assert full.answer_text() not in fb.message


def test_seal_opens_only_with_its_key() -> None:
    blob = seal(b"k" * 32, "the answer")
    assert unseal(b"k" * 32, blob) == "the answer"
    assert unseal(b"j" * 32, blob) is None
    assert unseal(b"k" * 32, "not base64!") is None
    assert unseal(b"k" * 32, "") is None


def test_the_student_widget_says_to_ask_the_teacher(editions: Path, tmp_path: Path) -> None:
    from kit.exercises import exercise
    from kit.progress import ProgressStore

    pool = _student_pool(editions)
    w = exercise("ex07-turnout", store=ProgressStore(tmp_path), exercises=pool).kit
    w.answer_button.click()
    assert "ask your teacher" in w.answer.value.lower()
    assert "answer_shown" not in ProgressStore(tmp_path).get("ex07-turnout")
    w.input.value = format_number(ALL["ex07-turnout"].answer or 0)
    w.check_button.click()
    assert "Right" in w.feedback.value and w.error.value == ""


def test_judge_sealed_survives_a_damaged_record() -> None:
    ex = Exercise("ex00-x", "number", "?", ("p1",), "00-x", "f", sealed={"salt": "zz", "decimals": "x"})
    fb = judge(ex, "3")
    assert fb.correct is None and "damaged" in fb.message
    for kind in ("choice", "multiple", "text"):
        broken = Exercise("ex00-y", kind, "?", ("p1",), "00-x", "f",
                          sealed={"groups": [{"keys": [{"d": 1, "s": "zz"}]}]})
        assert judge_sealed(broken, "a").correct in (False, None)


def test_the_edition_folder_is_found_from_the_notebooks_folder(editions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIT_EXERCISES", raising=False)
    monkeypatch.chdir(editions / "student" / "notebooks")
    assert exercises_dir() == editions / "student" / "exercises"
    monkeypatch.chdir(editions / "teacher" / "notebooks")
    assert exercises_dir() == ROOT / "data" / "exercises"
    monkeypatch.setenv("KIT_EXERCISES", str(editions / "student" / "exercises"))
    assert exercises_dir() == editions / "student" / "exercises"


# ------------------------------------------------------------------------------------ teacher edition

def test_teacher_notebooks_have_each_answer_key_after_its_exercise(editions: Path) -> None:
    for src in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        nb = json.loads((editions / "teacher" / "notebooks" / src.name).read_text(encoding="utf-8"))
        original = json.loads(src.read_text(encoding="utf-8"))
        codes = [c for c in original["cells"] if c["cell_type"] == "code"]
        assert [c for c in nb["cells"] if c["cell_type"] == "code"] == codes  # same code, outputs, solutions
        cells = nb["cells"]
        for i, c in enumerate(cells):
            for ex_id in exercise_ids_in({"cells": [c]}):
                key = "".join(cells[i + 1]["source"])
                assert key.startswith(f"#### Answer key: {ex_id}"), (src.name, ex_id)
                assert ALL[ex_id].answer_text() in key
        ids = [c.get("id") for c in cells]
        assert len(ids) == len(set(ids)) and None not in ids


def test_answer_key_page_lists_every_exercise(editions: Path) -> None:
    page = (editions / "teacher" / "answer-key.md").read_text(encoding="utf-8")
    for ex in ALL.values():
        assert f"Answer key: {ex.id} " in page
        assert ex.answer_text() in page
        if ex.explanation:
            assert ex.explanation in page


# ------------------------------------------------------------------------------------ the command

def test_build_stops_on_bad_exercise_data_and_writes_nothing(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "data" / "exercises_invalid" / "choice-two-correct"
    with pytest.raises(DataError):
        build(tmp_path / "out", exercises=bad)
    assert not (tmp_path / "out").exists()


def test_build_never_deletes_a_folder_it_did_not_make(tmp_path: Path) -> None:
    mine = tmp_path / "student"
    mine.mkdir()
    (mine / "essay.txt").write_text("my work", encoding="utf-8")
    with pytest.raises(FileExistsError):
        build(tmp_path)
    assert (mine / "essay.txt").read_text(encoding="utf-8") == "my work"


def test_command_line_builds_and_reports_bad_data(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run([sys.executable, "-m", "kit", "editions", "--out", str(tmp_path / "b")], capture_output=True,
                        text=True, env=env, cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "Student edition" in ok.stdout and (tmp_path / "b" / "teacher" / "answer-key.md").is_file()
    bad = ROOT / "tests" / "data" / "exercises_invalid" / "unknown-field"
    run = subprocess.run([sys.executable, "-m", "kit", "editions", "--out", str(tmp_path / "c"),
                          "--exercises", str(bad)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr and "03-demo.yaml" in run.stderr


# ------------------------------------------------------------------------------------ nbval

# Every student notebook (solution cells removed, answers sealed: the new ways to break); of the
# teacher edition, the notebooks with checked outputs and solutions (its code is the source's).
TEACHER_NBVAL = ("00-start-here.ipynb", "07-reading-a-vote.ipynb")


def test_both_editions_run_under_nbval(editions: Path) -> None:
    targets = [str(p) for p in sorted((editions / "student" / "notebooks").glob("*.ipynb"))]
    targets += [str(editions / "teacher" / "notebooks" / n) for n in TEACHER_NBVAL]
    env = {**os.environ, "KIT_PROGRESS_DIR": str(editions / "progress")}
    env.pop("KIT_EXERCISES", None)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval-lax",
                          "--nbval-current-env", "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
                          "-o", "addopts=", "--rootdir", str(editions), *targets],
                         capture_output=True, text=True, cwd=editions, env=env, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert " passed" in run.stdout
