"""Notebook 11's review widget lists kit new's guesses least certain first, and says how sure each was."""

from __future__ import annotations

import shutil
from pathlib import Path

from kit.loader import data_dir
from kit.review import review_widget
from kit.scaffold import Options, build_draft, write_draft

REPORT = ("Council backs library plan\n\n"
          "“We will keep the library open every day of the week,” said Mayor Ana Lopes.\n\n"
          "The council said the plan would cost 300,000 euros and that 12 jobs would be created.\n\n"
          "“It rained all week and nobody could get to the library at all.”\n\n"
          "Some 2,500 people use it.")


def _widget(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    folder = write_draft(build_draft(REPORT, Options(id="library", outlet="Town News", nature="fictional")),
                         root / "articles")
    return review_widget(folder).kit


def test_the_least_certain_guess_comes_first_and_moves_down_once_reviewed(tmp_path: Path) -> None:
    ui = _widget(tmp_path)
    conf = {r["target"]: r["confidence"] for r in ui.session.review_items}
    order = [v for _, v in ui.quote_pick.options]
    assert conf["quotes[2].speaker"] < conf["quotes[1].speaker"] < conf["quotes[0].speaker"]
    assert order == [2, 1, 0]  # the quote with no attribution first, though it comes last in the text
    assert "not sure" in ui.quote_pick.options[0][0] and "[to review, sure]" in ui.quote_pick.options[-1][0]
    nums = [v for _, v in ui.number_pick.options]
    assert [conf[f"numbers[{i}].counts"] for i in nums] == sorted(conf[f"numbers[{i}].counts"] for i in nums)
    ui.quote_pick.value = 2
    assert "How sure the tool was: not sure" in ui.quote_text.value
    ui.new_speaker.value = "A resident"
    ui.quote_ok.click()
    assert [v for _, v in ui.quote_pick.options][-1] == 2  # reviewed: listed last, without a mark
    assert "to review" not in ui.quote_pick.options[-1][0]
