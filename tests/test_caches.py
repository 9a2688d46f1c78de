"""The chart cache (kit.chartcache) and the content-keyed library (kit.loader): drawn once, validated
once, redrawn or revalidated when an input changes, safe when damaged or filled by two kernels at once,
readable where matplotlib is absent; the article list reads only what the picker shows."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kit import chartcache, loader
from kit.display import NOT_DRAWN, Chart
from kit.views import anatomy

ROOT = Path(__file__).resolve().parents[1]
TINY = Path(__file__).parent / "data" / "valid"


@pytest.fixture
def caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Empty chart and data caches, and a copy of the small valid data set, for one test."""
    monkeypatch.setenv("KIT_CHART_CACHE", str(tmp_path / "charts"))
    monkeypatch.setenv("KIT_DATA_CACHE", str(tmp_path / "verdicts"))
    chartcache.clear_memory()
    loader._CACHE.clear()
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    return data


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.json"))


def _draws(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every time a chart is really drawn (its figure turned into SVG)."""
    drawn: list[str] = []
    real = Chart.svg_text

    def counting(self: Chart) -> str:
        if self._svg is None:
            drawn.append(self.short_alt)
        return real(self)

    monkeypatch.setattr(Chart, "svg_text", counting)
    return drawn


def test_a_chart_is_drawn_once_and_read_back_equal(caches: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _draws(monkeypatch)
    art = loader.load_article("tiny", path=caches)
    first = anatomy.anatomy_chart(art)
    html = first.html()
    chartcache.clear_memory()  # as a new kernel would: only the file is left
    again = anatomy.anatomy_chart(loader.catalogue(caches).article("tiny"))
    assert drawn == [first.short_alt], "the second call read the stored chart instead of drawing"
    assert again.html() == html and again.data == first.data and again.description == first.description
    assert again._figure is None and again.figure is not None, "the figure is drawn again only when asked for"
    assert len(_entries(Path(os.environ["KIT_CHART_CACHE"]))) == 1


def test_a_changed_data_file_redraws(caches: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _draws(monkeypatch)
    anatomy.anatomy_chart(loader.load_article("tiny", path=caches)).html()
    art_file = caches / "articles" / "tiny" / "article.yaml"
    text = art_file.read_text(encoding="utf-8")
    assert "headline:" in text
    art_file.write_text(text.replace("headline: ", "headline: Changed ", 1), encoding="utf-8")
    loader._CACHE.clear()
    changed = loader.load_article("tiny", path=caches)
    assert changed.metadata.headline.startswith("Changed")
    anatomy.anatomy_chart(changed).html()
    assert len(drawn) == 2, "a changed data file must give another key"
    assert len(_entries(Path(os.environ["KIT_CHART_CACHE"]))) == 2


def test_a_new_kit_version_redraws(caches: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _draws(monkeypatch)
    art = loader.load_article("tiny", path=caches)
    anatomy.anatomy_chart(art).html()
    chartcache.clear_memory()
    monkeypatch.setattr(chartcache, "kit_version", lambda: "src-0000000000000000")
    anatomy.anatomy_chart(art).html()
    assert len(drawn) == 2
    assert {p.parts[-3] for p in _entries(Path(os.environ["KIT_CHART_CACHE"]))} >= {"src-0000000000000000"}


@pytest.mark.parametrize("damage", ["truncated", "not json", "wrong key", "svg replaced by a number"])
def test_a_damaged_entry_is_ignored_and_replaced(caches: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    drawn = _draws(monkeypatch)
    art = loader.load_article("tiny", path=caches)
    good = anatomy.anatomy_chart(art).html()
    [path] = _entries(Path(os.environ["KIT_CHART_CACHE"]))
    raw = path.read_text(encoding="utf-8")
    entry = json.loads(raw)
    broken = {"truncated": raw[: len(raw) // 2], "not json": "\x00\xff garbage",
              "wrong key": json.dumps(dict(entry, key="0" * 64)),
              "svg replaced by a number": json.dumps(dict(entry, svg=3))}[damage]
    path.write_text(broken, encoding="utf-8")
    chartcache.clear_memory()
    before = chartcache.stats()["damaged"]
    assert anatomy.anatomy_chart(art).html() == good
    assert len(drawn) == 2 and chartcache.stats()["damaged"] == before + 1
    assert json.loads(path.read_text(encoding="utf-8")) == entry, "the damaged entry was replaced by a whole one"


FILL = textwrap.dedent("""
    import sys, time
    from kit import chartcache, loader, procedure, start
    from kit.views import anatomy, claims, framing
    start_at = float(sys.argv[1])
    art = loader.load_article()
    while time.time() < start_at:
        time.sleep(0.005)
    for f in (anatomy.anatomy_chart, claims.claims_chart, framing.framing_chart, start.vote_chart):
        f(art).html()
    print(chartcache.stats()["stored"])
""")


def test_two_kernels_filling_the_cache_at_once_corrupt_nothing(tmp_path: Path) -> None:
    import time

    env = dict(os.environ, KIT_CHART_CACHE=str(tmp_path / "charts"), KIT_DATA_CACHE=str(tmp_path / "verdicts"),
               PYTHONPATH=str(ROOT))
    go = str(time.time() + 6)
    procs = [subprocess.Popen([sys.executable, "-c", FILL, go], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    entries = _entries(tmp_path / "charts")
    assert len(entries) == 4 and not [p for p in (tmp_path / "charts").rglob("*") if p.name.endswith(".tmp")]
    for path in entries:
        entry = json.loads(path.read_text(encoding="utf-8"))
        assert chartcache._valid(entry, path.stem), path
    # a third kernel finds every chart and draws none
    third = subprocess.run([sys.executable, "-c", FILL, "0"], env=env, capture_output=True, text=True, timeout=240)
    assert third.returncode == 0 and third.stdout.strip() == "0", third.stderr


NO_MPL = textwrap.dedent("""
    import sys
    sys.modules["matplotlib"] = None  # as in a browser-only site: neither can be imported
    sys.modules["numpy"] = None
    from kit import loader, procedure, start
    from kit.views import anatomy, provenance
    from kit.hemicycle import vote_chart
    art = loader.load_article()
    shown = [f(art) for f in (anatomy.anatomy_chart, start.vote_chart, provenance.provenance_chart)]
    shown.append(vote_chart(procedure.real_vote(art)))
    for c in shown:
        html = c.html()
        print("svg" if "data:image/svg+xml;base64," in html else "table" if "kit-chart-data" in html else "none",
              "|", c._repr_mimebundle_()["text/plain"][:40])
    assert not [m for m in sys.modules if m.split(".")[0] in ("matplotlib", "numpy") and sys.modules[m] is not None]
""")


def test_cached_charts_show_where_matplotlib_is_absent_and_others_show_their_numbers(tmp_path: Path) -> None:
    env = dict(os.environ, KIT_CHART_CACHE=str(tmp_path / "charts"), KIT_DATA_CACHE=str(tmp_path / "verdicts"),
               PYTHONPATH=str(ROOT))
    fill = "from kit import loader; from kit.views import anatomy; anatomy.anatomy_chart(loader.load_article()).html()"
    assert subprocess.run([sys.executable, "-c", fill], env=env, timeout=240).returncode == 0
    run = subprocess.run([sys.executable, "-c", NO_MPL], env=env, capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr
    kinds = [line.split(" | ")[0] for line in run.stdout.splitlines()]
    assert kinds == ["svg", "table", "table", "table"], run.stdout
    assert all(len(line.split(" | ")[1]) > 20 for line in run.stdout.splitlines()), "the description is the plain text"


def test_a_chart_not_drawn_says_so_and_gives_its_numbers() -> None:
    c = Chart(None, "Bar chart of two things: 3 apples and 4 pears.", {"apples": 3, "pears": 4})
    html = c.html()
    assert not c.drawn and NOT_DRAWN in html and ">3</td>" in html and ">4</td>" in html
    assert "3 apples and 4 pears" in html and "<img" not in html


def test_alt_caption_and_description_are_distinct() -> None:
    c = Chart(None, "Bar chart of the vote: 169 for, 1 against. Most seats did not vote.")
    c.set_svg('<svg width="10pt" height="10pt"></svg>')
    html = c.html()
    assert c.short_alt == "Bar chart of the vote" and c.caption == "169 for, 1 against."
    assert 'alt="Bar chart of the vote"' in html and "<figcaption" in html and "<summary>Description</summary>" in html
    assert "Most seats did not vote." in html and 'width:13px;max-width:100%' in html
    explicit = Chart(None, "Seat chart", description="577 seats: 169 for.", caption="How the seats voted")
    assert (explicit.short_alt, explicit.caption, explicit.description) == ("Seat chart", "How the seats voted",
                                                                            "577 seats: 169 for.")


def test_chart_data_reads_back_with_its_types() -> None:
    data = {"terms": [("a", "b", 1)], "counts": {"x": {"y": 2}}, 3: None, "share": 0.5}
    assert chartcache.decode(json.loads(json.dumps(chartcache.encode(data)))) == data
    with pytest.raises(chartcache.Uncacheable):
        chartcache.encode({"x": object()})


# ---------------------------------------------------------------- the library


def _many(tmp_path: Path, n: int) -> Path:
    root = tmp_path / "many"
    (root / "articles").mkdir(parents=True)
    shutil.copyfile(TINY / "sources.yaml", root / "sources.yaml")
    for k in range(n):
        dest = root / "articles" / f"tiny-{k:02d}"
        shutil.copytree(TINY / "articles" / "tiny", dest)
        art = dest / "article.yaml"
        art.write_text(art.read_text(encoding="utf-8").replace("id: tiny", f"id: tiny-{k:02d}", 1), encoding="utf-8")
    return root


def test_listing_the_articles_validates_none(caches: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _many(tmp_path, 5)
    headline = loader.load(TINY).article("tiny").metadata.headline
    checked: list[Path] = []
    real = loader._load_folder

    def counting(folder: Path, *args: object, **kwargs: object) -> object:
        checked.append(folder)
        return real(folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_load_folder", counting)
    lib = loader.catalogue(root)
    assert [e.state for e in lib.listing] == ["unchecked"] * 5 and checked == []
    assert {e.headline for e in lib.listing} == {headline}
    assert lib.article("tiny-03").id == "tiny-03" and [f.name for f in checked] == ["tiny-03"]
    # a new session: the verdict is remembered by content, nothing is validated again
    assert loader.catalogue(root).listing[3].state == "valid"
    loader.catalogue(root).article("tiny-03")
    assert [f.name for f in checked] == ["tiny-03"]
    # a changed file is validated again
    (root / "articles" / "tiny-03" / "text.txt").write_text("changed", encoding="utf-8")
    lib = loader.catalogue(root)
    assert lib.listing[3].state == "unchecked"
    with pytest.raises(loader.DataError):
        lib.article("tiny-03")
    assert [f.name for f in checked] == ["tiny-03", "tiny-03"]
    assert loader.catalogue(root).listing[3].state == "broken", "a broken article is named without its cost again"


def test_a_damaged_verdict_is_ignored(caches: Path, tmp_path: Path) -> None:
    root = _many(tmp_path, 1)
    loader.load(root)
    verdicts = [p for p in _entries(Path(os.environ["KIT_DATA_CACHE"])) if not p.name.endswith(".docs.json")]
    assert verdicts
    for p in verdicts:
        p.write_text('{"format": 1, "key": "x", "problems": "none"', encoding="utf-8")
    for p in Path(os.environ["KIT_DATA_CACHE"]).rglob("*.docs.json"):
        p.write_text("[]", encoding="utf-8")
    assert loader.catalogue(root).listing[0].state == "unchecked"
    assert loader.load(root).article("tiny-00").id == "tiny-00"
    assert loader.catalogue(root).listing[0].state == "valid"


def test_load_reports_the_same_problems_cold_and_warm(caches: Path, tmp_path: Path) -> None:
    root = _many(tmp_path, 2)
    art = root / "articles" / "tiny-01" / "article.yaml"
    art.write_text(art.read_text(encoding="utf-8").replace("mode: direct", "mode: shouted"), encoding="utf-8")
    with pytest.raises(loader.DataError) as cold:
        loader.load(root)
    with pytest.raises(loader.DataError) as warm:
        loader.load(root)
    assert warm.value.problems == cold.value.problems and "shouted" in str(warm.value)
