"""Results a teacher collects (kit.results): export from the progress store, combine a class's files.

The class test generates 30 files with a seeded generator: good exports (some from the real export
path), the same file handed in twice, an older export by a student who exported again, and
broken files of several kinds. Combining them must give exactly the table the generator expects,
name every file it set aside, and lose no good file.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kit.progress import ProgressStore
from kit.results import FORMAT, clean_nickname, combine, export_results, export_widget, results_document

ROOT = Path(__file__).resolve().parents[1]
EX_IDS = ["ex01-paragraphs", "ex01-lede", "ex02-indirect", "ex03-census", "ex07-turnout", "ex07-cast", "ex09-distance"]


def _record(rng: random.Random) -> dict[str, Any]:
    attempts = rng.randint(1, 5)
    first = rng.random() < 0.5
    solved = first or rng.random() < 0.7
    return {"notebook": "00", "attempts": attempts, "first_try_correct": first, "solved": solved,
            "hints_seen": rng.randint(0, 2), "answer_shown": rng.random() < 0.2, "minutes": round(rng.uniform(0, 9), 1)}


def _doc(rng: random.Random, student: str, nickname: str, exported: str) -> dict[str, Any]:
    ids = rng.sample(EX_IDS, rng.randint(1, len(EX_IDS)))
    return {"format": FORMAT, "student": student, "nickname": nickname, "exported": exported,
            "exercises": {i: _record(rng) | {"notebook": i[2:4]} for i in sorted(ids)}}


def make_class(folder: Path, seed: int = 20220120) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Write 30 files; return the good documents by the label the table should use, and the bad names."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    good: dict[str, dict[str, Any]] = {}
    bad: set[str] = set()
    nicknames = ["fox", "owl", "", "lynx", "fox", "heron", "", "otter", "wren", "ibis", "moth", "newt", "kite",
                 "seal", "yak", "crow", "mole", "vole", "hare", "toad", "orca"]
    seen: dict[str, int] = {}
    for n, nick in enumerate(nicknames):  # 21 good exports
        sid = f"{rng.getrandbits(64):016x}"
        doc = _doc(rng, sid, nick, f"2024-03-0{1 + n % 9}T10:{n:02d}:00+0100")
        base = nick or f"anonymous-{sid[:4]}"
        seen[base] = seen.get(base, 0) + 1
        label = base if seen[base] == 1 else f"{base} ({seen[base]})"
        name = f"{n:02d}-{nick or 'anon'}.json"
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
        good[label] = doc | {"_file": name}
    # one export through the real code path (a progress store, the export function)
    store = ProgressStore(folder.parent / "progress-real")
    store.record_attempt("ex07-cast", "175", False)
    store.record_attempt("ex07-cast", "170", True)
    store.record_hint("ex01-lede", 1)
    store.record_attempt("ex01-lede", "a", True)
    real = export_results("real kid", folder=folder.parent / "export", store=store)
    shutil.copy(real, folder / "22-real.json")
    good["real kid"] = json.loads(real.read_text(encoding="utf-8")) | {"_file": "22-real.json"}
    # the same files handed in twice (sorted after their originals)
    shutil.copy(folder / "03-lynx.json", folder / "z1-lynx-again.json")
    shutil.copy(folder / "22-real.json", folder / "z2-real-again.json")
    bad |= {"z1-lynx-again.json", "z2-real-again.json"}
    # an older export by 'otter' (same student id, earlier time, different content): set aside
    otter = json.loads((folder / "07-otter.json").read_text(encoding="utf-8"))
    older = otter | {"exported": "2024-02-01T09:00:00+0100", "exercises": {"ex01-lede": _record(rng)}}
    (folder / "z3-otter-old.json").write_text(json.dumps(older), encoding="utf-8")
    bad.add("z3-otter-old.json")
    # broken files
    text = json.dumps(_doc(rng, "f" * 16, "cut", "2024-03-01T10:00:00+0100"))
    (folder / "b1-cut-short.json").write_text(text[: len(text) // 2], encoding="utf-8")
    (folder / "b2-not-json.json").write_text("my results: I did them all!", encoding="utf-8")
    (folder / "b3-progress-file.json").write_text(json.dumps({"format": 1, "exercises": {}}), encoding="utf-8")
    evil = _doc(rng, "e" * 16, "evil", "2024-03-01T10:00:00+0100")
    evil["exercises"][next(iter(evil["exercises"]))]["attempts"] = "three"
    (folder / "b4-bad-attempts.json").write_text(json.dumps(evil), encoding="utf-8")
    (folder / "b5-binary.json").write_bytes(b"\xff\xfe\x00garbage")
    bad |= {"b1-cut-short.json", "b2-not-json.json", "b3-progress-file.json", "b4-bad-attempts.json",
            "b5-binary.json"}
    assert len(list(folder.iterdir())) == 30
    return good, bad


@pytest.fixture()
def klass(tmp_path: Path) -> tuple[Path, dict[str, dict[str, Any]], set[str]]:
    folder = tmp_path / "class"
    good, bad = make_class(folder)
    return folder, good, bad


def test_combining_thirty_files_gives_the_right_table(klass: tuple[Path, dict[str, dict[str, Any]], set[str]]) -> None:
    folder, good, bad = klass
    res = combine(folder)
    assert sorted(res.students) == sorted(good)
    assert sorted(Path(u).name for u in res.used) == sorted(d["_file"] for d in good.values())
    expected = sorted((label, ex_id, rec["attempts"], rec["first_try_correct"], rec["solved"])
                      for label, doc in good.items() for ex_id, rec in doc["exercises"].items())
    got = sorted((r["student"], r["exercise"], r["attempts"], r["first_try_correct"], r["solved"]) for r in res.rows)
    assert got == expected
    assert sorted(Path(name).name for name, _ in res.problems) == sorted(bad)
    report = res.report()
    for name in bad:
        assert name in report


def test_each_bad_file_gets_its_reason(klass: tuple[Path, dict[str, dict[str, Any]], set[str]]) -> None:
    folder, _good, _bad = klass
    why = {Path(n).name: w for n, w in combine(folder).problems}
    assert "same file as" in why["z1-lynx-again.json"] and "03-lynx.json" in why["z1-lynx-again.json"]
    assert "older export" in why["z3-otter-old.json"] and "07-otter.json" in why["z3-otter-old.json"]
    assert "JSON" in why["b1-cut-short.json"] and "JSON" in why["b2-not-json.json"] and "JSON" in why["b5-binary.json"]
    assert "not a kit results file" in why["b3-progress-file.json"]
    assert "attempts" in why["b4-bad-attempts.json"]


def test_the_later_export_wins_whatever_the_file_order(tmp_path: Path) -> None:
    rng = random.Random(1)
    old = _doc(rng, "a" * 16, "sam", "2024-01-01T10:00:00+0100")
    new = _doc(rng, "a" * 16, "sam", "2024-02-01T10:00:00+0100")
    (tmp_path / "1-new.json").write_text(json.dumps(new), encoding="utf-8")
    (tmp_path / "2-old.json").write_text(json.dumps(old), encoding="utf-8")
    res = combine(tmp_path)
    assert [Path(u).name for u in res.used] == ["1-new.json"]
    assert [Path(n).name for n, _ in res.problems] == ["2-old.json"]


def test_csv_and_chart(klass: tuple[Path, dict[str, dict[str, Any]], set[str]], tmp_path: Path) -> None:
    folder, good, _bad = klass
    res = combine([folder])
    path = res.write_csv(tmp_path / "class.csv")
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == sum(len(d["exercises"]) for d in good.values()) == len(res.rows)
    chart = res.chart()
    line = res.by_exercise()[0]
    assert f"{line['exercise']}: {line['first_try_correct']} right first time" in chart.alt
    assert chart.png()[:4] == b"\x89PNG"
    assert "<script" not in res.table().html


def test_command_line_combines_and_names_bad_files(klass: tuple[Path, dict[str, dict[str, Any]], set[str]],
                                                   tmp_path: Path) -> None:
    folder, good, bad = klass
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "kit", "results", "combine", str(folder), "--out",
                          str(tmp_path / "c.csv"), "--chart", str(tmp_path / "c.png")],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert all(name in run.stdout for name in bad)
    assert f"{len(good)} students" in run.stdout
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"
    empty = subprocess.run([sys.executable, "-m", "kit", "results", "combine", str(tmp_path / "nothing")],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert empty.returncode == 1 and "no such file" in empty.stdout and "Traceback" not in empty.stderr


# ------------------------------------------------------------------------------------ export

def test_export_holds_no_answers_and_no_name(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p")
    store.record_attempt("ex07-cast", "a secret answer 175", False)
    store.record_attempt("ex07-cast", "170", True)
    path = export_results("Blue Fox", folder=tmp_path / "out", store=store)
    text = path.read_text(encoding="utf-8")
    assert "secret" not in text and "170" not in text.replace(path.name, "")
    doc = json.loads(text)
    assert doc["nickname"] == "Blue Fox" and path.name == "kit-results-blue-fox.json"
    rec = doc["exercises"]["ex07-cast"]
    assert (rec["attempts"], rec["first_try_correct"], rec["solved"]) == (2, False, True)
    again = results_document("", store)
    assert again["student"] == doc["student"] and again["nickname"] == ""


def test_nicknames_are_cleaned() -> None:
    assert clean_nickname("<script>x</script>") == "scriptxscript"
    assert clean_nickname("a" * 100) == "a" * 40
    assert clean_nickname(42) == ""


def test_export_widget_writes_the_file_and_offers_a_download(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p")
    store.record_attempt("ex01-lede", "a", True)
    w = export_widget(store=store, folder=tmp_path / "out").kit
    w.nickname.value = "<b>owl</b>"
    w.button.click()
    assert (tmp_path / "out" / "kit-results-bowlb.json").is_file()
    assert "download=" in w.result.value and "data:application/json;base64," in w.result.value
    assert "<b>owl" not in w.result.value


def test_export_widget_shows_an_error_instead_of_raising(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    w = export_widget(store=ProgressStore(tmp_path / "p"), folder=blocker / "sub").kit
    w.button.click()
    assert 'role="alert"' in w.result.value and "tell your teacher" in w.result.value
