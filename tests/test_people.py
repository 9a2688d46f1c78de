"""Shared computers (issue 15): who is working, per-person progress, clear my answers, one state per exercise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kit.exercises as kx
from kit.exercises import Exercise, exercise
from kit.progress import (
    ProgressStore,
    active_progress_dir,
    current_nickname,
    exercise_state,
    looks_like_real_name,
    person_dir,
    set_current_nickname,
    state_label,
)
from kit.results import export_results, export_widget, results_document
from kit.start import who_is_working

NUM = Exercise("ex00-share", "number", "What share?", ("fr-turnout",), "00-demo", "f.yaml", answer=30.3, tolerance=0.1,
               unit="%")
POOL = {NUM.id: NUM}


@pytest.fixture()
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KIT_PROGRESS_DIR", str(tmp_path))
    monkeypatch.setattr(kx, "_STORE", None)
    return tmp_path


def _answer(value: str) -> kx.ExerciseWidget:
    w = exercise(NUM.id, exercises=POOL).kit
    w.input.value = value
    w.check_button.click()
    return w


def test_switching_people_switches_progress(base: Path) -> None:
    who = who_is_working().kit
    who.nickname.value = "blue fox 7"
    who.start.click()
    assert "Working as “blue fox 7”" in who.status.value and current_nickname() == "blue fox 7"
    _answer("30.3")
    assert active_progress_dir() == base / "people" / "blue-fox-7"
    who.nickname.value = "green owl"
    who.start.click()
    assert "a fresh start" in who.status.value
    fresh = exercise(NUM.id, exercises=POOL).kit
    assert fresh.input.value == "" and fresh.status.value == ""  # the next student inherits nothing
    who.nickname.value = "blue fox 7"
    who.start.click()
    assert "1 self-check tried so far" in who.status.value
    back = exercise(NUM.id, exercises=POOL).kit
    assert back.input.value == "30.3" and "solved" in back.status.value


def test_a_real_looking_name_is_refused_and_never_exported(base: Path) -> None:
    who = who_is_working().kit
    who.nickname.value = "Marie Dupont 3B"
    who.start.click()
    assert "looks like a real name" in who.status.value and current_nickname() == ""
    store = ProgressStore(base)
    store.record_attempt("ex07-cast", "170", True)
    doc = results_document("Marie Dupont 3B", store)
    assert doc["nickname"] == "" and "Marie" not in json.dumps(doc) and "Dupont" not in json.dumps(doc)
    path = export_results("Marie Dupont 3B", base / "out", store)
    assert "marie" not in path.name and "Dupont" not in path.read_text(encoding="utf-8")
    w = export_widget(store, base / "out").kit
    w.nickname.value = "Marie Dupont 3B"
    w.button.click()
    assert "looks like a real name" in w.result.value
    assert results_document("blue fox", store)["nickname"] == "blue fox"


@pytest.mark.parametrize("name, real", [("Marie Dupont 3B", True), ("Jean-Luc Picard", True), ("Zoe Martin", True),
                                         ("blue fox 7", False), ("Blue Fox", False), ("Fox", False), ("", False)])
def test_names_that_look_real(name: str, real: bool) -> None:
    assert looks_like_real_name(name) is real


def test_clear_my_answers_asks_first_and_clears_only_mine(base: Path) -> None:
    set_current_nickname("owl 1")
    _answer("12")
    set_current_nickname("fox 2")
    _answer("30.3")
    who = who_is_working().kit
    who.clear.click()
    assert "cannot be undone" in who.status.value and ProgressStore(person_dir("fox 2")).all()
    who.confirm.click()
    assert "cleared" in who.status.value and ProgressStore(person_dir("fox 2")).all() == {}
    assert ProgressStore(person_dir("owl 1")).get(NUM.id)["attempts"] == 1


def test_one_state_per_exercise_after_a_restart(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Solved, then a wrong answer, then the answer shown: after a restart one status, no stale verdict."""
    w = _answer("30.3")
    w.input.value = "12"
    w.check_button.click()
    w.answer_button.click()
    monkeypatch.setattr(kx, "_STORE", None)
    again = exercise(NUM.id, exercises=POOL).kit
    assert again.feedback.value == "" and again.answer.value == ""
    assert again.status.value.count("Your progress:") == 1
    assert "solved ✔ (2 attempts)" in again.status.value and "answer shown" not in again.status.value
    shown = {"attempts": 1, "answer_shown": True, "last_correct": False}
    assert exercise_state(shown) == "answer_shown" and state_label(shown) == "answer shown (1 attempt)"
    assert state_label({"attempts": "lots"}) == "not solved yet"  # a bad value is not a crash
