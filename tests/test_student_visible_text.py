"""Nothing internal reaches a student (issue 12, item 1).

Everything a lesson can show is collected and read the way a student would read it:

* every lesson (notebooks 00-11) is run on each shipped article, and every output it displays
  (plain text, HTML stripped of its tags, the HTML widgets inside widgets) is kept (the run is the
  session's one, shared with tests/test_every_lesson_on_every_article.py: tests/lesson_run.py);
* every card a widget shows only after a choice (each claim with its evidence and the feedback on
  each verdict, each fact, number, account, act, conflict, restoration) is rendered directly;
* every exercise's prompt, options, feedback, hints, model answer and explanation;
* every prose field of the data (notes, reasons, statements, explanations...), since views show them.

The text fails on a file name (``verified-facts.md``, ``article.yaml``), a code name (``kit.x``, a
snake_case function name, ``f()``), a data id in brackets or bare (``(see be-wording)``,
``fr-abstainers``), an unfilled ``{placeholder}`` or a garbled join (``recorded.md does``,
``. .``). Each finding names where it was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from lesson_run import ShellCell, strip_html

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
LESSONS = sorted((ROOT / "notebooks").glob("[01][0-9]-*.ipynb"))
ARTICLES = sorted(p.name for p in (DATA / "articles").iterdir() if p.is_dir() and not p.name.startswith((".", "_")))

# Prose fields of the data files (what views print); ids, anchors, URLs and codes are not prose.
PROSE_KEYS = {"note", "reason", "statement", "explanation", "description", "about", "advice", "construction_note",
              "counts", "context", "describes", "label", "where", "rights", "prompt", "text", "feedback",
              "model_answer", "hints", "missing", "stage", "proposer", "body", "jurisdiction",
              "title", "publisher", "outlet", "name", "headline", "deck", "independence"}
# Fields whose text is copied from a source or the article (checked elsewhere for being exact).
COPIED_KEYS = {"anchor", "quote", "passage", "as", "term", "words", "wording_quote", "recitals", "likely_original"}

FILE_NAME = re.compile(r"[\w-]+\.(?:md|ya?ml|txt|py|json|ipynb|csv|cfg|toml)\b", re.I)
CODE_NAME = re.compile(r"\bkit\.\w+|\b[a-z]+_[a-z0-9_]+\b|\b\w+\(\)")
PLACEHOLDER = re.compile(r"\{[a-z0-9]+(?:-[a-z0-9]+)+(?::\w+)?\}")
BRACKETED_ID = re.compile(r"\((?:see |conflict |cf\. )?[a-z0-9]+(?:-[a-z0-9]+){1,}(?:,\s*[a-z0-9-]+)*\)")
GARBLED = [re.compile(p) for p in (r"\w\.(?:md|yaml|txt|py)\s+\w", r"(?<!\.)\.[ \t]+\.(?!\.)", r"(?<!\.)\.\.(?!\.)\s",
                                   r"[a-z]{3,}\.[A-Z][a-z]", r"\w[ \t]+,", r"\bnan\b")]


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def known_ids() -> set[str]:
    """Every id the data defines that looks like an id (lower-case words joined by hyphens)."""
    ids: set[str] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif key == "id" and isinstance(node, str) and "-" in node:
            ids.add(node)

    for path in sorted(DATA.rglob("*.yaml")):
        walk(_yaml(path))
    return ids


IDS = known_ids()
# Ids that are also ordinary words or paragraph labels a student may see (checked to be few).
WORD_IDS = {i for i in IDS if re.fullmatch(r"p\d+", i)}
BARE_ID = re.compile(r"(?<![\w/.-])(?:" + "|".join(re.escape(i) for i in sorted(IDS - WORD_IDS, key=len, reverse=True))
                     + r")(?![\w/-])")


def problems_in(text: str, prose: bool = True, internal: bool = True) -> list[str]:
    """What in a piece of student-visible text is internal or garbled (empty when clean).

    ``internal=False`` checks only placeholders and garbled joins: lesson 11 is where students
    make their own article's folder and files, so it names them on purpose.
    """
    found: list[str] = []
    text = re.sub(r"https?://\S+", " ", text)  # an address is shown as an address
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)  # a comment is not shown
    for m in PLACEHOLDER.finditer(text):
        found.append(f"unfilled placeholder {m.group()!r}")
    if prose:
        for pat in GARBLED:
            for m in pat.finditer(text):
                found.append(f"garbled join {text[max(0, m.start() - 25):m.end() + 25]!r}")
    if not internal:
        return sorted(set(found))
    for m in FILE_NAME.finditer(text):
        found.append(f"file name {m.group()!r}")
    for m in CODE_NAME.finditer(text):
        found.append(f"code name {m.group()!r}")
    for m in BRACKETED_ID.finditer(text):
        inner = re.sub(r"^\((?:see |conflict |cf\. )?|\)$", "", m.group())
        if any(part.strip() in IDS for part in inner.split(",")):
            found.append(f"id in brackets {m.group()!r}")
    for m in BARE_ID.finditer(text):
        found.append(f"bare id {m.group()!r}")
    return sorted(set(found))


# ------------------------------------------------------------------------------ the data's prose

def data_prose() -> Iterator[tuple[str, str]]:
    """(where, text) for every prose field of every data file.

    The article's paragraphs and the constructed accounts' texts (whose {fact-id} placeholders are
    filled when shown) are checked as rendered, by the card and lesson tests below.
    """
    def walk(node: Any, where: str, key: str = "", section: str = "") -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            label = node.get("id", "")
            for k, v in node.items():
                if k not in COPIED_KEYS:
                    yield from walk(v, f"{where}/{label}" if label else where, k, section)
        elif isinstance(node, list):
            for v in node:
                yield from walk(v, where, "" if key == "about" else key, key if isinstance(v, dict) else section)
        elif (isinstance(node, str) and key in PROSE_KEYS
              and not (key == "text" and section in ("paragraphs", "accounts"))):
            yield f"{where}.{key}", node

    for path in sorted(DATA.rglob("*.yaml")):
        yield from walk(_yaml(path), str(path.relative_to(ROOT)))


def case_study_texts() -> set[str]:
    """The article texts themselves (as received): their artefacts are the lesson, not a defect."""
    texts: set[str] = set()
    for a in ARTICLES:
        for name in ("text.txt", "restored.txt"):
            p = DATA / "articles" / a / name
            if p.exists():
                texts.update(t for t in p.read_text(encoding="utf-8").split("\n") if t.strip())
        doc = _yaml(DATA / "articles" / a / "article.yaml")
        for name, section in doc.items():
            if isinstance(section, list):
                texts.update(r["anchor"] if name != "artefacts" else "\0" + r["anchor"]
                             for r in section if isinstance(r, dict) and isinstance(r.get("anchor"), str))
    return texts


# ------------------------------------------------------------------------------ what lessons show

def lesson_texts(cells: list[ShellCell]) -> list[str]:
    """Every text a lesson displayed in a run (tests/lesson_run.py): its markdown, and per code cell
    what it printed, its outputs' plain text and HTML, and the texts of the widget, view or chart it
    returned (a widget's repr is not shown, so it is left out)."""
    shown: list[str] = []
    for cell in cells:
        if cell.cell_type == "markdown":
            shown.append(cell.source)
            continue
        if cell.cell_type != "code":
            continue
        stdout = cell.stdout
        if cell.value_is_widget:
            stdout = re.sub(r"Out\[\d+\]: .*", "", stdout, flags=re.S)  # a widget's repr, not what is drawn
        shown.append(stdout)
        for data in cell.outputs or []:
            if "application/vnd.jupyter.widget-view+json" not in data:  # a widget's repr is not shown
                shown.append(data.get("text/plain", ""))
            if "text/html" in data:
                shown.append(strip_html(data["text/html"]))
        shown.extend(cell.widget_texts or [])
        if cell.value_html is not None:
            shown.append(strip_html(cell.value_html))
        if cell.chart_table is not None:
            # where the chart cannot be drawn (a browser-only site), its numbers are shown as this table
            shown.append(cell.chart_table)
    return shown


def hidden_cards(article: str) -> list[tuple[str, str]]:
    """What widgets show only after a choice: every claim, fact, number, account, act, conflict."""
    from kit import procedure
    from kit.loader import load_article
    from kit.views import anatomy, claims

    art = load_article(article)
    out: list[tuple[str, str]] = []

    def add(where: str, view: Any) -> None:
        if isinstance(view, str):
            out.append((where, strip_html(view)))
        else:  # an HtmlView: both what is drawn and the plain text a screen reader or test gets
            out.extend([(where, strip_html(view.html)), (f"{where} (text)", view.text)])

    for c in art.claims:
        add(f"claim {c.id}", claims.claim_card_html(art, c))
        add(f"claim {c.id} evidence", claims.evidence_html(art, c))
        for _label, verdict in claims.VERDICTS:
            add(f"claim {c.id} verdict {verdict}", claims.verdict_feedback(art, c.id, verdict)[1])
        add(f"claim {c.id} card", procedure.claim_card(art, c.id))
    for f in art.facts:
        add(f"fact {f.id}", claims.fact_html(art, f))
    for n in art.numbers:
        add(f"number {n.id}", claims.number_card_html(art, n))
    for kind in ("quotes", "claims", "numbers", "framing_terms", "artefacts", "captions"):
        for rec in getattr(art, kind):
            add(f"{kind} {rec.id}", anatomy.annotation_note(art, rec))
    for cf in art.conflicts:
        add(f"conflict {cf.id}", procedure.conflict_card(art, cf.id))
    if art.acts:
        add("acts table", procedure.acts_table(art, notes=True))
    accounts_file = DATA / "articles" / article / "accounts.yaml"
    if accounts_file.exists():
        from kit.accounts import load_accounts
        from kit.comparison_views import account_html, restored_changes_html
        accounts = load_accounts(art)
        for a in accounts.accounts:
            add(f"account {a.id}", account_html(a, art))
        add("restorations", restored_changes_html(art))
    return out


def exercise_texts() -> list[tuple[str, str]]:
    from kit.exercises import feedback_html, judge, load_exercises

    out: list[tuple[str, str]] = []
    for ex in load_exercises().values():
        out += [(f"{ex.id} prompt", ex.prompt), (f"{ex.id} explanation", ex.explanation),
                (f"{ex.id} answer", ex.answer_text())]
        out += [(f"{ex.id} hint", h) for h in ex.hints]
        out += [(f"{ex.id} option {o.id}", t) for o in ex.options for t in (o.text, o.feedback)]
        out += [(f"{ex.id} mistake", m.feedback) for m in ex.mistakes]
        out += [(f"{ex.id} rubric", r.missing) for r in ex.rubric]
        for o in ex.options:
            answer = o.id if ex.type == "choice" else [o.id]
            out.append((f"{ex.id} judged {o.id}", strip_html(feedback_html(judge(ex, answer)))))
    return out


# ------------------------------------------------------------------------------ the tests

def test_the_checks_can_fail() -> None:
    """Each kind of defect the issue names is caught (the checks are not vacuous)."""
    assert problems_in("Brussels' address not recorded.md does not discuss its legal effect")
    assert any("file name" in p for p in problems_in("as verified-facts.md says"))
    assert any("code name" in p for p in problems_in("made by kit.accounts.restore_text"))
    assert any("code name" in p for p in problems_in("call restore_text() first"))
    assert any("id in brackets" in p for p in problems_in("Belgium's wording (see be-wording) differs"))
    assert any("bare id" in p for p in problems_in("Names in fr-abstainers."))
    assert any("placeholder" in p for p in problems_in("The vote was {fr-vote-for} for"))
    assert any("garbled" in p for p in problems_in("on its website. . Then"))
    assert not problems_in("The Assemblée nationale adopted it on 20 January 2022 (169 for, 1 against).")


def test_data_prose_names_nothing_internal() -> None:
    bad = [f"{where}: {p}" for where, text in data_prose() for p in problems_in(text)]
    assert not bad, "\n".join(bad)


def test_exercises_name_nothing_internal() -> None:
    bad = [f"{where}: {p}" for where, text in exercise_texts() for p in problems_in(text)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("article", ARTICLES)
def test_cards_shown_after_a_choice_name_nothing_internal(article: str) -> None:
    texts = case_study_texts()
    bad = [f"{where}: {p}" for where, text in hidden_cards(article)
           for p in problems_in(_without(text, texts))]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("article", ARTICLES)
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_shows_nothing_internal(lesson: Path, article: str,
                                       lesson_in_shell: Callable[..., list[ShellCell]]) -> None:
    texts = case_study_texts()
    bad = [f"{lesson.name} on {article}: {p}" for text in lesson_texts(lesson_in_shell(lesson, article))
           for p in problems_in(_without(_markdown_prose(text), texts), internal=not lesson.name.startswith("11-"))]
    assert not bad, "\n".join(sorted(set(bad)))


def _without(text: str, texts: set[str]) -> str:
    """The text with the article's own paragraphs (and long pieces of them) taken out."""
    for t in sorted(texts, key=len, reverse=True):
        artefact = t.startswith("\0")  # an artefact's own words (a stray break is the lesson)
        t = t.lstrip("\0")
        if (artefact or len(t) >= 20) and t in text:
            text = text.replace(t, "\n")
    return text


def _markdown_prose(text: str) -> str:
    """Markdown without its links' targets and code spans (a link to 04-words-that-frame.ipynb is
    how notebooks point to the next lesson; the student sees the link text)."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return re.sub(r"`[^`]*`", " ", text)


def constructed_markers() -> set[str]:
    """Words only the texts written for teaching use: their labels' key words, and every term a
    constructed account uses that the case study itself does not."""
    from kit.accounts import load_accounts
    from kit.loader import load_article

    art = load_article("rfa-2022-01-20-france-assembly-uyghur")
    marks = {"restored version", "wire-style", "framed for the resolution", "framed against the resolution"}
    for a in load_accounts(art).accounts:
        if a.constructed:
            marks |= {t.term.lower() for t in a.terms
                      if t.term.lower() not in art.text.lower() and not re.search(r"[{\d]", t.term)}
    return marks


def test_exercises_that_quote_a_constructed_text_say_so() -> None:
    """An exercise quoting a text written for teaching sets the flag that shows it on screen."""
    from kit.exercises import load_exercises

    marks = constructed_markers()
    assert "so-called genocide" in marks and "restored version" in marks
    bad = []
    for ex in load_exercises().values():
        text = " ".join([ex.prompt, ex.explanation, ex.model_answer, *ex.hints,
                         *(o.text + " " + o.feedback for o in ex.options)]).lower()
        hits = sorted(m for m in marks if m in text)
        if hits and not ex.constructed:
            bad.append(f"{ex.id}: quotes a constructed text ({', '.join(hits)}) but is not flagged constructed")
    assert not bad, "\n".join(bad)
