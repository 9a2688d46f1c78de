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

from kit import chartcache, doccache, loader
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


# ---------------------------------------------------------------- documents read and checked once (kit.doccache)

EXERCISES = ROOT / "data" / "exercises"


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """An empty data cache; counts of the real YAML reads and schema checks behind kit.doccache."""
    from kit import validation, yamlio

    monkeypatch.setenv("KIT_DATA_CACHE", str(tmp_path / "verdicts"))
    doccache.clear_memory()
    calls: dict[str, list[str]] = {"parsed": [], "checked": []}
    real_read, real_check = yamlio.read_document, validation.schema_problems

    def read(path: Path, label: str) -> object:
        calls["parsed"].append(label)
        return real_read(path, label)

    def check(doc: object, kind: str, label: str, lines: dict[tuple[object, ...], int]) -> object:
        calls["checked"].append(label)
        return real_check(doc, kind, label, lines)

    monkeypatch.setattr(yamlio, "read_document", read)
    monkeypatch.setattr(validation, "schema_problems", check)
    return calls


def _read_and_check(path: Path, kind: str = "exercises") -> tuple[object, dict[tuple[object, ...], int], list[object]]:
    doc, lines, problems = doccache.read_document(path, path.name)
    if doc is not None:
        problems = problems + doccache.schema_problems(doc, kind, path.name, lines)
    return doc, lines, problems


def test_a_document_is_parsed_and_checked_once_per_content(docs: dict[str, list[str]], tmp_path: Path) -> None:
    from kit.validation import schema_problems
    from kit.yamlio import read_document

    src = tmp_path / "01-demo.yaml"
    shutil.copyfile(EXERCISES / "01-anatomy-of-a-report.yaml", src)
    first = _read_and_check(src)
    doccache.clear_memory()  # as a new kernel would: only the files are left
    second = _read_and_check(src)
    assert docs == {"parsed": [src.name], "checked": [src.name]}, "the second reading came from the cache"
    doc, lines, problems = read_document(src, src.name)
    assert first == second == (doc, lines, problems)
    assert problems == schema_problems(doc, "exercises", src.name, lines) == []
    docs["parsed"].pop(), docs["checked"].pop()  # those two were the reference, read directly
    # a changed file is parsed and checked again
    src.write_text(src.read_text(encoding="utf-8").replace("type: number", "type: nmber", 1), encoding="utf-8")
    third = _read_and_check(src)
    assert docs["parsed"] == [src.name] * 2 and docs["checked"] == [src.name] * 2
    assert third[2] and "nmber" in str(third[2][0]), "the changed file's problem is reported"
    doccache.clear_memory()
    assert _read_and_check(src)[2] == third[2] and len(docs["parsed"]) == 2, "a broken file costs its parse once"


def test_a_new_kit_version_reads_again(docs: dict[str, list[str]], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "02-demo.yaml"
    shutil.copyfile(EXERCISES / "02-who-is-speaking.yaml", src)
    _read_and_check(src)
    monkeypatch.setattr(doccache, "kit_version", lambda: "src-0000000000000000")
    doccache.clear_memory()
    _read_and_check(src)
    assert len(docs["parsed"]) == 2 and len(docs["checked"]) == 2
    assert {p.parts[-3] for p in _entries(Path(os.environ["KIT_DATA_CACHE"]))} >= {"src-0000000000000000"}


def test_a_document_changed_after_reading_is_checked_again(docs: dict[str, list[str]], tmp_path: Path) -> None:
    src = tmp_path / "03-demo.yaml"
    shutil.copyfile(EXERCISES / "03-claims-and-evidence.yaml", src)
    _read_and_check(src)
    doccache.clear_memory()
    doc, lines, _ = doccache.read_document(src, src.name)
    assert isinstance(doc, dict)
    doc["exercises"][0]["type"] = "shouted"
    problems = doccache.schema_problems(doc, "exercises", src.name, lines)
    assert len(docs["checked"]) == 2 and problems and "shouted" in str(problems[0]), \
        "no stale verdict for a changed document"
    other, other_lines, _ = doccache.read_document(src, src.name)
    assert doccache.schema_problems(other, "exercises", src.name, {}) == [] and len(docs["checked"]) == 3, \
        "a verdict is used only with the line map read with the document"


@pytest.mark.parametrize("damage", ["truncated", "not json", "wrong key", "lines damaged", "verdict damaged"])
def test_a_damaged_document_entry_is_ignored_and_replaced(docs: dict[str, list[str]], tmp_path: Path,
                                                          damage: str) -> None:
    src = tmp_path / "04-demo.yaml"
    shutil.copyfile(EXERCISES / "04-words-that-frame.yaml", src)
    good = _read_and_check(src)
    entries = _entries(Path(os.environ["KIT_DATA_CACHE"]))
    [reading] = [p for p in entries if p.stem.count(".") == 0]
    [verdict] = [p for p in entries if p.stem.count(".") == 1]
    target = verdict if damage == "verdict damaged" else reading
    raw = target.read_text(encoding="utf-8")
    entry = json.loads(raw)
    broken = {"truncated": raw[: len(raw) // 2], "not json": "\x00\xff garbage",
              "wrong key": json.dumps(dict(entry, key="0" * 64)),
              "lines damaged": json.dumps(dict(entry, lines=[[["a"], 1, 2]])),
              "verdict damaged": json.dumps(dict(entry, problems=[["x", 1]]))}[damage]
    target.write_text(broken, encoding="utf-8")
    doccache.clear_memory()
    before = doccache.STATS["damaged"]
    assert _read_and_check(src) == good
    assert doccache.STATS["damaged"] == before + 1
    assert len(docs["parsed" if target is reading else "checked"]) == 2
    assert json.loads(target.read_text(encoding="utf-8")) == entry, "the damaged entry was replaced by a whole one"


def test_a_document_json_cannot_hold_is_read_each_time(docs: dict[str, list[str]], tmp_path: Path) -> None:
    src = tmp_path / "x.yaml"
    src.write_text("counts:\n  1: one\n  2: two\n", encoding="utf-8")  # numbers as keys: JSON would make them text
    for _ in range(2):
        doc, lines, problems = doccache.read_document(src, src.name)
        assert doc == {"counts": {1: "one", 2: "two"}} and lines[("counts", "2")] == 3 and problems == []
    assert len(docs["parsed"]) == 2 and not _entries(Path(os.environ["KIT_DATA_CACHE"]))


def test_the_cache_turned_off_reads_every_time(docs: dict[str, list[str]], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIT_DATA_CACHE", "off")
    src = tmp_path / "05-demo.yaml"
    shutil.copyfile(EXERCISES / "05-translation-and-provenance.yaml", src)
    assert _read_and_check(src) == _read_and_check(src)
    assert len(docs["parsed"]) == 2 and len(docs["checked"]) == 2


LESSON_DATA = textwrap.dedent("""
    import sys, time
    start_at = float(sys.argv[1])
    while time.time() < start_at:
        time.sleep(0.005)
    from kit import doccache
    from kit.accounts import load_accounts
    from kit.exercises import load_exercises
    exercises = load_exercises()
    accounts = load_accounts()
    print(len(exercises), len(accounts.accounts), doccache.STATS["read_hits"], doccache.STATS["verdict_hits"],
          sorted(m for m in ("fastjsonschema", "jsonschema") if m in sys.modules))
""")


def test_two_kernels_filling_the_document_cache_at_once_corrupt_nothing(tmp_path: Path) -> None:
    import time

    env = dict(os.environ, KIT_DATA_CACHE=str(tmp_path / "verdicts"), KIT_CHART_CACHE=str(tmp_path / "charts"),
               PYTHONPATH=str(ROOT))
    go = str(time.time() + 6)
    procs = [subprocess.Popen([sys.executable, "-c", LESSON_DATA, go], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT / "notebooks") for _ in range(2)]
    outs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert outs[0][0].split()[:2] == outs[1][0].split()[:2], "both kernels got every exercise and account"
    assert not [p for p in (tmp_path / "verdicts").rglob("*") if p.name.endswith(".tmp")]
    written = [p for p in _entries(tmp_path / "verdicts") if "documents" in p.parts]
    assert len(written) >= 2 * len(list(EXERCISES.glob("*.yaml")))
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # every entry whole
    # a third kernel reads every document from the cache and compiles no schema
    third = subprocess.run([sys.executable, "-c", LESSON_DATA, "0"], env=env, capture_output=True, text=True,
                           timeout=240, cwd=ROOT / "notebooks")
    assert third.returncode == 0, third.stderr
    n_ex, n_acc, hits, verdicts, schema_modules = third.stdout.split(maxsplit=4)
    assert third.stdout.split()[:2] == outs[0][0].split()[:2]
    assert int(hits) == len(written) // 2 == int(verdicts) and schema_modules.strip() == "[]", third.stdout


def test_the_review_widget_reads_each_article_file_once_per_content(docs: dict[str, list[str]],
                                                                    tmp_path: Path) -> None:
    """Lesson 11's review session parses the article's YAML once; a later kernel takes it from the cache,
    and a saved change is read again."""
    from kit.review import Review
    from kit.scaffold import Options, build_draft, write_draft

    folder = write_draft(build_draft('"We will build it," said Mayor Ana Lopes.', Options(id="cached-review")),
                         tmp_path / "articles")
    Review(folder)
    parsed = sorted(docs["parsed"])
    assert parsed and all(label.endswith(".yaml") for label in parsed)
    doccache.clear_memory()  # a new kernel
    review = Review(folder)
    assert sorted(docs["parsed"]) == parsed, "the second session read every file from the cache"
    review.set_speaker(0, "ana-lopes")
    assert review.save().startswith("Saved")
    Review(folder)
    assert len(docs["parsed"]) > len(parsed), "the saved article is read again"


def test_the_kit_version_is_the_documented_fingerprint() -> None:
    """The version keys every cache, and the no-server site's charts drawn at build time: it must be
    the sha256 its docstring describes, whatever way it is computed."""
    import hashlib

    from kit import diskcache

    here = Path(diskcache.__file__).resolve().parent
    files = sorted((p for p in here.rglob("*") if p.is_file() and p.suffix in (".py", ".json")
                    and not {"__pycache__", "_charts", "_data"} & set(p.relative_to(here).parts)),
                   key=lambda p: p.relative_to(here).as_posix())
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(here).as_posix().encode("utf-8") + b"\0")
        h.update(p.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    assert len(files) > 30 and any("/" in p.relative_to(here).as_posix() for p in files)  # kit/views, kit/schema
    diskcache.kit_version.cache_clear()
    assert diskcache.kit_version() == "src-" + h.hexdigest()[:16]


@pytest.mark.parametrize("rest", [
    " reviewed", " draft", " real", " fictional", " rfa-2022-01-20-france-assembly-uyghur",
    ' "French Parliament calls Uyghur persecution a genocide"', " 'single quoted, with: colon'",
    " Town News: a headline", " yes", " No", " null", " ~", " true", " 2022-01-20", " 169", " 1e3",
    " a # comment", ' "esc\\"aped"', r' "tab\t"', " 'it''s'", " [a, b]", " {a: 1}", " &anchor x", " !!str x",
    " *alias", " plain with trailing   ", " Paris (France), 20 January", " l'Assemblée nationale",
])
def test_a_header_value_read_without_yaml_is_what_yaml_reads(rest: str) -> None:
    """The article menu reads id, status, nature and headline from their own lines; a plain or simply
    quoted value is taken as it is, anything else goes to YAML: both must give the same text."""
    from kit.loader import _plain_value
    from kit.yamlio import parse_document

    plain = _plain_value(rest)
    if plain is not None:
        value, _, problems = parse_document(f"v:{rest}", "header")
        assert not problems and value["v"] == plain, (rest, value, plain)


def test_every_shipped_article_header_reads_the_same_with_and_without_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    from kit import loader

    for folder in sorted((ROOT / "data" / "articles").iterdir()):
        text = (folder / "article.yaml").read_text(encoding="utf-8")
        fast = loader._scan_header(text)
        with monkeypatch.context() as m:
            m.setattr(loader, "_plain_value", lambda rest: None)
            slow = loader._scan_header(text)
        assert fast is not None and fast == slow, folder.name
