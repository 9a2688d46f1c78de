"""One invalid fixture per kind of breakage; each test pins the whole message a teacher would read.

Each folder in tests/data/invalid/ holds the file(s) that replace their namesakes in the small
valid data folder tests/data/valid/ (a fictional council vote).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kit import DataError, check, load

HERE = Path(__file__).parent / "data"
ART = "articles/tiny/article.yaml"

EXPECTED = {
    "missing-field": [f"{ART}:1: missing required field 'status' ('reviewed' when a person has checked every "
                      "annotation; 'draft' when some were guessed by a tool and still need review.)"],
    "unknown-field": [
        f"{ART}:25: quotes[0]: missing required field 'speaker' (Actor id of the speaker.)",
        f"{ART}:25: quotes[0]: unknown field 'speakr'; did you mean 'speaker'? Expected fields: anchor, id, "
        "language_spoken, mode, note, paragraph, speaker, speech_verb, translated",
    ],
    "bad-enum": [f"{ART}:25: quotes[0].mode: 'quoted' is not one of the allowed values: 'direct', 'indirect'"],
    "wrong-type": [f"{ART}:36: numbers[0].value: 'seven' is text; expected a number (The figure as a number.)"],
    "yes-unquoted": [f"{ART}:25: quotes[0].translated: False is not one of the allowed values: 'yes', 'no', "
                     "'likely', 'unknown' (YAML reads yes/no/true/false as true/false: put the word in quotes)"],
    "bad-date": [f"{ART}:10: metadata.published: '4 March 2024' does not have the expected form: A date as "
                 "YYYY-MM-DD, or YYYY-MM / YYYY when only that much is known."],
    "anchor-not-found": [f"{ART}:29: claims[0].anchor: 'The council voted 8 to 2' is not in paragraph p1; copy it "
                         "exactly, with the same quotation marks and apostrophes"],
    "anchor-wrong-paragraph": [f"{ART}:25: quotes[0].anchor: '“It is a good day,”' is not in paragraph p1; "
                               "it is in p2"],
    "unknown-actor": [f"{ART}:25: quotes[0].speaker: 'ana-ruis' is not a known actor; did you mean 'ana-ruiz'? "
                      "(known: ana-ruiz, gazette)"],
    "duplicate-id": [f"{ART}:36: numbers[0].id: duplicate id 'c1'; it is already used by claims[0]"],
    "unknown-fact": [f"{ART}:34: claims[0].facts[0].fact: 'tally-2024' is not a known fact (in facts.yaml); did you "
                     "mean 'tally'? (known: tally)"],
    "paragraph-mismatch": [f"{ART}:19: paragraphs[0].text: does not match articles/tiny/text.txt at character 28: "
                           "the file has 'Monday.\\n\\n“It is a good day,” s', the paragraph has 'Tuesday.\\n\\n'; "
                           "the paragraphs must rebuild the text exactly"],
    "paragraphs-missing": [
        f"{ART}:18: paragraphs: the paragraphs end at character 37 but articles/tiny/text.txt has 71 characters; "
        "the rest is missing",
        f"{ART}:24: quotes[0].paragraph: 'p2' is not a known paragraph (known: p1)",
    ],
    "truncated": [f"{ART}:22: is not valid YAML: found unexpected end of stream (is the file cut off, or is a quote "
                  "or bracket left open?)"],
    "not-utf8": [f"{ART}:6: is not valid UTF-8 (byte 134); save it as UTF-8"],
    "empty": [f"{ART}: is empty; expected a YAML or JSON document"],
    "missing-text-file": [f"{ART}:15: text.file: 'story.txt' was not found beside {ART}; expected the text file there"],
    "unknown-source": ["articles/tiny/facts.yaml:7: facts[0].sources[0].source: 'minutes-2024' is not a known "
                       "source; did you mean 'minutes'? (known: minutes)"],
    "tally-too-large": ["articles/tiny/acts.yaml:13: acts[0].tally: for + against + abstain (9) "
                        "is more than voting (8)"],
    "absent-without-reason": ["articles/tiny/acts.yaml:14: acts[0].seats: missing required field 'reason' (What was "
                              "searched or why it does not apply.)"],
}


def broken_folder(tmp_path: Path, name: str) -> Path:
    """A copy of the valid data folder with the named fixture's files dropped in."""
    root = tmp_path / "data"
    shutil.copytree(HERE / "valid", root)
    for f in (HERE / "invalid" / name).iterdir():
        shutil.copy(f, root / "articles" / "tiny" / f.name)
    return root


def test_every_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in (HERE / "invalid").iterdir()) == sorted(EXPECTED)


def test_the_valid_fixture_is_valid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE / "valid")
    problems, articles = check(".")
    assert problems == [] and [a.id for a in articles] == ["tiny"]
    assert load(".").article("tiny").numbers[0].value == 7


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture_message(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = broken_folder(tmp_path, name)
    monkeypatch.chdir(root)
    problems, articles = check(".")
    assert [str(p) for p in problems] == EXPECTED[name]
    assert articles == []
    with pytest.raises(DataError) as info:
        load(".")
    n = len(EXPECTED[name])
    head = f"{n} problem{'s' if n > 1 else ''} in the data:"
    assert str(info.value) == "\n".join([head] + [f"  {m}" for m in EXPECTED[name]])
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("name", ["truncated", "unknown-actor", "not-utf8"])
def test_cli_reports_without_traceback(name: str, tmp_path: Path) -> None:
    root = broken_folder(tmp_path, name)
    for target in (root, root / "articles" / "tiny" / "article.yaml"):
        run = subprocess.run([sys.executable, "-m", "kit", "validate", str(target)], capture_output=True, text=True,
                             cwd=root, env={"PYTHONPATH": str(Path(__file__).parents[1]), "PATH": "/usr/bin:/bin"})
        assert run.returncode == 1
        assert "Traceback" not in run.stdout + run.stderr
        assert EXPECTED[name][0] in run.stdout


def test_problems_from_several_files_are_all_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = broken_folder(tmp_path, "unknown-source")
    shutil.copy(HERE / "invalid" / "bad-enum" / "article.yaml", root / "articles" / "tiny" / "article.yaml")
    monkeypatch.chdir(root)
    problems, _ = check(".")
    assert [str(p) for p in problems] == EXPECTED["bad-enum"] + EXPECTED["unknown-source"]
