"""The loader finds its data from anywhere, reads YAML and JSON alike, and gives immutable records."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kit import Absent, DataError, check, data_dir, load, load_article

ROOT = Path(__file__).resolve().parents[1]
VALID = Path(__file__).parent / "data" / "valid"


def test_data_dir_is_the_repository_data() -> None:
    assert data_dir() == ROOT / "data"


def test_kit_data_env_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_DATA", str(VALID))
    assert data_dir() == VALID.resolve()
    assert load().ids == ("tiny",)


def test_data_found_from_any_working_directory(tmp_path: Path) -> None:
    code = "import kit; print(kit.load_article().id)"
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "rfa-2022-01-20-france-assembly-uyghur"


def test_json_files_load_like_yaml(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    art = root / "articles" / "tiny" / "article.yaml"
    doc = yaml.safe_load(art.read_text(encoding="utf-8"))
    art.unlink()
    (art.with_suffix(".json")).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load(root).article("tiny").quotes[0].speaker == "ana-ruiz"


def test_broken_json_names_the_line(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    (root / "articles" / "tiny" / "article.yaml").unlink()
    (root / "articles" / "tiny" / "article.json").write_text('{\n  "id": "tiny",\n  "status": \n}', encoding="utf-8")
    problems, _ = check(root)
    assert len(problems) == 1
    assert problems[0].line == 4 and "is not valid JSON" in problems[0].message


def test_records_are_immutable() -> None:
    art = load_article()
    with pytest.raises(dataclasses.FrozenInstanceError):
        art.quotes[0].speaker = "someone"  # type: ignore[misc]
    assert isinstance(art.quotes, tuple)


def test_nonexistent_path_is_one_clear_problem(tmp_path: Path) -> None:
    problems, _ = check(tmp_path / "nope")
    assert [p.message for p in problems] == ["does not exist; expected a data folder, an article folder or a data file"]


def test_folder_without_articles(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="has no articles/ folder"):
        load(tmp_path)


def test_unknown_article_id_lists_known_ones() -> None:
    with pytest.raises(KeyError, match="rfa-2022-01-20-france-assembly-uyghur"):
        load().article("nope")


def test_absent_is_falsy_and_explains_itself() -> None:
    a = Absent("not_found", "no source")
    assert not a and str(a) == "(not found: no source)"


def test_cli_valid_data_exits_zero() -> None:
    run = subprocess.run([sys.executable, "-m", "kit", "validate", "data"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "rfa-2022-01-20-france-assembly-uyghur: valid (reviewed, real)" in run.stdout


def test_cli_without_command_shows_help() -> None:
    run = subprocess.run([sys.executable, "-m", "kit"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 2 and "validate" in run.stdout


def test_cli_single_file(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "kit", "validate", str(VALID / "sources.yaml")], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0 and "valid" in run.stdout


def test_import_kit_stays_light() -> None:
    code = "import sys, kit; print(sorted(m for m in ('jsonschema', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stdout + run.stderr


def _data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(ROOT / "data", root)
    return root


def test_validate_reports_a_broken_accounts_file(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    acc = root / "articles" / "rfa-2022-01-20-france-assembly-uyghur" / "accounts.yaml"
    acc.write_text(acc.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 7", 1),
                   encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kit", "validate", str(root)], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert "accounts.yaml:" in run.stdout and "schema_version" in run.stdout


def test_validate_reports_a_broken_exercise_file(tmp_path: Path) -> None:
    root = _data_copy(tmp_path)
    ex = root / "exercises" / "07-reading-a-vote.yaml"
    ex.write_text(ex.read_text(encoding="utf-8") + "\n  - {id: broken\n", encoding="utf-8")
    for target in (root, ex):
        run = subprocess.run([sys.executable, "-m", "kit", "validate", str(target)], capture_output=True, text=True,
                             cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
        assert "07-reading-a-vote.yaml" in run.stdout, run.stdout


def _two_articles(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(VALID, root)
    shutil.copytree(root / "articles" / "tiny", root / "articles" / "broken")
    art = root / "articles" / "broken" / "article.yaml"
    art.write_text(art.read_text(encoding="utf-8").replace("id: tiny", "id: broken", 1)
                   .replace("mode: direct", "mode: shouted"), encoding="utf-8")
    return root


def test_a_broken_article_stops_a_strict_load(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="'shouted' is not one of the allowed values"):
        load(_two_articles(tmp_path))


def test_a_broken_article_does_not_stop_the_others(tmp_path: Path) -> None:
    root = _two_articles(tmp_path)
    lib = load(root, skip_broken=True)
    assert lib.ids == ("tiny",) and [name for name, _ in lib.broken] == ["broken"]
    assert load_article("tiny", path=root).id == "tiny"
    with pytest.raises(DataError, match="shouted"):
        load_article("broken", path=root)


def test_a_broken_bibliography_stops_everything(tmp_path: Path) -> None:
    root = _two_articles(tmp_path)
    (root / "sources.yaml").write_text("schema_version: 1\nsources: [", encoding="utf-8")
    with pytest.raises(DataError, match="is not valid YAML"):
        load(root, skip_broken=True)


def test_default_article_is_the_case_study_whatever_the_order() -> None:
    assert load().article().id == "rfa-2022-01-20-france-assembly-uyghur"


def test_the_article_menu_says_which_articles_were_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The menu lists the folders without validating them; once an article is found broken (chosen,
    or validated by `kit validate`), the menu leaves it out and names it, in later sessions too."""
    from kit import loader
    from kit.choose import article_picker

    monkeypatch.setenv("KIT_DATA_CACHE", str(tmp_path / "cache"))
    root = _two_articles(tmp_path)
    monkeypatch.setenv("KIT_DATA", str(root))
    loader.forget_libraries()
    box = article_picker(load_article("tiny"))
    assert [v for _, v in box.children[0].options] == ["broken", "tiny"]
    box.children[0].value = "broken"
    assert "cannot be used: its files have 1 problem(s)" in box.kit_message.value
    loader.forget_libraries()  # a new session: the verdict is read back, not computed again
    box = article_picker(load_article("tiny"))
    assert [v for _, v in box.children[0].options] == ["tiny"]
    assert "Left out of this menu because their files have problems: broken." in box.children[1].value


