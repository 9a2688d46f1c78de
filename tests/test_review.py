"""kit.review: edits are checked, saving is atomic and keeps the previous version, bad input loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kit.loader import check, data_dir
from kit.review import Review, ReviewError, review_widget
from kit.scaffold import Options, build_draft, write_draft

REPORT = ("Council backs cycle lane\n\n"
          "The town council approved the plan on Tuesday by 14 votes to 9.\n\n"
          "\"This lane will make the street safer for every child,\" said Councillor Maya Okafor.\n\n"
          "\"Nobody asked the shop owners before the map was drawn,\" he said.")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A fresh draft in a data folder that has the shared bibliography."""
    root = tmp_path / "data"
    (root / "articles").mkdir(parents=True)
    shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    return write_draft(build_draft(REPORT, Options(id="lane", outlet="Town News", nature="fictional")),
                       root / "articles")


def test_review_then_save_keeps_the_previous_version_and_validates(folder: Path) -> None:
    before = (folder / "article.yaml").read_text(encoding="utf-8")
    r = Review(folder)
    assert r.set_speaker(1, "Tom Reed") == "Quote 2: speaker set to Tom Reed."
    r.set_number(0, "Councillors who voted for the plan.", "votes")
    r.add_fact("The council voted 14 to 9 for the plan.", "vote", "Minutes of the meeting (fictional)",
               "Town council (fictional)", kind="official_record", date="2024-03-12", passage="For 14, against 9.",
               claim=0, fictional=True)
    message = r.save()
    assert message.startswith("Saved lane (still a draft") and "Checked again after saving: valid." in message
    versions = list((folder / "versions").iterdir())
    assert [v.read_text(encoding="utf-8") for v in versions] == [before]
    problems, arts = check(folder)
    assert problems == []
    art = arts[0]
    assert art.actor(art.quotes[1].speaker).name == "Tom Reed"
    assert art.numbers[0].counts == "Councillors who voted for the plan."
    assert art.facts[0].sources[0].quote == "For 14, against 9."
    assert art.source(art.facts[0].sources[0].source).note.startswith("FICTIONAL")
    assert "quotes[1].speaker" not in {i.target for i in art.review}
    assert not any(f.name.startswith(".") for f in folder.iterdir()), "no temporary file left behind"


def test_accepting_every_guess_makes_the_article_reviewed(folder: Path) -> None:
    r = Review(folder)
    for item in r.review_items:
        r.accept(item["target"])
    assert "reviewed: every guess has been checked" in r.save()
    _, arts = check(folder)
    assert arts[0].status == "reviewed" and arts[0].review == ()
    assert not any(q.note.startswith("Guessed") for q in arts[0].quotes)


@pytest.mark.parametrize(("value", "message"), [
    ("", "is empty"), ("   ", "is empty"), ("x" * 5_000_000, "characters long; at most"),
    ("name\x00with\x01nul", "control character"), (b"\x89PNG\r\n", "binary data"),
])
def test_bad_input_gets_a_message_and_changes_nothing(folder: Path, value: object, message: str) -> None:
    r = Review(folder)
    r.set_number(0, "Votes for.", "votes")  # an earlier edit that must survive
    speaker = r.article["quotes"][0]["speaker"]
    with pytest.raises(ReviewError, match=message):
        r.set_speaker(0, value)
    assert r.article["quotes"][0]["speaker"] == speaker
    assert r.article["numbers"][0]["counts"] == "Votes for."


def test_markup_is_kept_as_literal_text(folder: Path) -> None:
    r = Review(folder)
    r.set_speaker(0, "<b>Maya</b> <script>alert(1)</script>")
    r.save()
    _, arts = check(folder)
    assert arts[0].actor(arts[0].quotes[0].speaker).name == "<b>Maya</b> <script>alert(1)</script>"


def test_a_save_that_would_not_validate_writes_nothing_and_keeps_the_edits(folder: Path) -> None:
    before = (folder / "article.yaml").read_bytes()
    r = Review(folder)
    r.set_number(0, "Votes for.", "votes")
    r.article["quotes"][0]["anchor"] = "words that are not in the paragraph"  # an edit made by hand, wrong
    with pytest.raises(ReviewError, match="Not saved: .*Your edits are kept here"):
        r.save()
    assert (folder / "article.yaml").read_bytes() == before
    assert not (folder / "versions").exists()
    assert r.article["numbers"][0]["counts"] == "Votes for."


def test_a_folder_that_cannot_be_written_loses_nothing(folder: Path) -> None:
    r = Review(folder)
    r.set_number(0, "Votes for.", "votes")
    (folder / "versions").write_text("a file where the versions folder should go", encoding="utf-8")
    before = (folder / "article.yaml").read_bytes()
    with pytest.raises(ReviewError, match="your edits are kept here"):
        r.save()
    assert (folder / "article.yaml").read_bytes() == before
    assert r.article["numbers"][0]["counts"] == "Votes for."


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"url": "www.example.org"}, "should start with http"), ({"date": "12/03/2024"}, "YYYY-MM-DD"),
    ({"kind": "blog"}, "kind of source"), ({"claim": 99}, "no claim number 99"),
])
def test_bad_facts_are_refused(folder: Path, kwargs: dict[str, object], message: str) -> None:
    r = Review(folder)
    with pytest.raises(ReviewError, match=message):
        r.add_fact("A fact.", "vote", "A source", "A publisher", **kwargs)  # type: ignore[arg-type]
    assert "facts" not in r.docs


def test_the_widget_reviews_and_saves_headlessly(folder: Path) -> None:
    box = review_widget(folder)
    ui = box.kit
    assert "guess(es) left to review" in ui.status.value
    ui.quote_pick.value = 1
    ui.new_speaker.value = "Tom Reed"
    ui.quote_ok.click()
    assert "speaker set to Tom Reed" in ui.message.value
    ui.number_pick.value = 0
    ui.counts.value = ""  # bad input: a message, nothing lost
    ui.number_ok.click()
    assert "is empty" in ui.message.value
    ui.counts.value = "Councillors who voted for the plan."
    ui.value.value = "fourteen"
    ui.number_ok.click()
    assert "is not a number" in ui.message.value
    ui.value.value = "14"
    ui.number_ok.click()
    ui.save_button.click()
    assert "Saved lane" in ui.message.value
    _, arts = check(folder)
    assert arts[0].actor(arts[0].quotes[1].speaker).name == "Tom Reed"
    assert arts[0].numbers[0].counts == "Councillors who voted for the plan."


def test_the_widget_shows_markup_escaped(folder: Path) -> None:
    ui = review_widget(folder).kit
    ui.new_speaker.value = "<img src=x onerror=alert(1)>"
    ui.quote_ok.click()
    assert "<img" not in ui.message.value and "&lt;img" in ui.message.value
    assert "<img" not in ui.quote_text.value


def test_an_unknown_article_gives_a_message() -> None:
    with pytest.raises(ReviewError, match="make a draft first"):
        review_widget("no-such-article")
