"""Text from a data file is escaped wherever any view of the kit turns it into HTML.

Every public function of the view modules (kit.choose, kit.start, kit.views.*, kit.counting, kit.procedure,
kit.hemicycle, kit.comparison_views, kit.compare, kit.exercises, kit.review) that makes HTML is built from the hostile
fixture tests/data/hostile/ (script, event handlers, javascript: links and stray closing tags in
every text field, including a hostile accounts.yaml and exercise file), widgets after being driven;
an HTML parser then looks for anything live (tests/hostile_views.py). The real-browser twin is
tests/browser/test_hostile_in_browser.py.
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile_views import NOT_HTML, assert_inert, html_of, live_markup, views

VIEW_MODULES = ("kit.choose", "kit.start", "kit.counting", "kit.views.base", "kit.views.shared", "kit.views.anatomy",
                "kit.views.voices", "kit.views.claims", "kit.views.framing", "kit.views.provenance", "kit.procedure",
                "kit.hemicycle", "kit.comparison_views", "kit.compare", "kit.exercises", "kit.review")


def _render(tmp: Path) -> list[tuple[str, str]]:
    """``(function, html)`` for every view, read at the moment each is built or driven."""
    from kit.progress import ProgressStore

    return [(name, html) for name, view in views(ProgressStore(tmp)) for html in html_of(view)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[str, str]]]:
    with pytest.MonkeyPatch.context() as mp:  # views() points KIT_DATA at the fixture
        mp.setenv("KIT_DATA", "")
        yield _render(tmp_path_factory.mktemp("progress"))


def _public_functions() -> set[str]:
    names = set()
    for module_name in VIEW_MODULES:
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            # functions only: the classes are records, or built by a factory function (VoteSimulator
            # by vote_simulator, ExerciseWidget by exercise)
            if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module_name:
                names.add(f"{module_name}.{name}")
    return names


def test_the_auditor_catches_raw_markup() -> None:
    for bad in ("<p><script>x</script></p>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>a</a>",
                "<p>a</table></p>", "<svg onload=x>", "<b onclick='x'>b</b>", '<img src="x"/>'):
        with pytest.raises(AssertionError):
            assert_inert(bad)
    assert_inert("<p>&lt;script&gt; onerror=&quot;x&quot; &lt;/table&gt;</p>")
    assert_inert('<figure><img src="data:image/png;base64,AAAA" alt="&lt;b&gt;"/><figcaption>x</figcaption></figure>')


def test_every_html_view_is_covered(rendered: list[tuple[str, str]]) -> None:
    covered = {name for name, _ in rendered}
    unknown = covered - _public_functions()
    assert not unknown, f"views() names functions that do not exist: {sorted(unknown)}"
    missing = _public_functions() - covered - set(NOT_HTML)
    assert not missing, ("public functions neither built from the hostile fixture in tests/hostile_views.py views() "
                         f"nor listed in NOT_HTML with a reason: {sorted(missing)}")
    stale = set(NOT_HTML) - _public_functions()
    assert not stale, f"NOT_HTML lists functions that no longer exist: {sorted(stale)}"


def test_no_view_lets_markup_through(rendered: list[tuple[str, str]]) -> None:
    leaks = [f"{name}: {found}" for name, html in rendered if (found := live_markup(html))]
    assert leaks == [], "\n".join(leaks)


def test_the_hostile_text_is_shown_literally(rendered: list[tuple[str, str]]) -> None:
    by_view: dict[str, str] = {}
    for name, html in rendered:
        by_view[name] = by_view.get(name, "") + html
    # the fixture's text reached the views (an empty view would be inert too), escaped; a chart's alt
    # text may hold counts only
    blind = [name for name, html in by_view.items()
             if "kitHacked" not in html and "&lt;" not in html and not html.startswith('<figure class="kit-chart"')]
    assert blind == [], f"views that show none of the hostile text: {blind}"
    joined = "".join(by_view.values())
    for escaped in ("&lt;script&gt;window.__kitHacked=", "&lt;img src=x onerror=&quot;window.__kitHacked=",
                    "&lt;a href=&quot;javascript:window.__kitHacked=", "&lt;/table&gt;", "&lt;svg onload="):
        assert escaped in joined, escaped


def test_removing_escaping_from_any_module_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit can fail: with kit.display.escape replaced by str in every view module, each module
    with views lets markup through and the audit sees it."""
    modules = [importlib.import_module(m) for m in (*VIEW_MODULES, "kit.display")]
    for module in modules:
        if hasattr(module, "escape"):
            monkeypatch.setattr(module, "escape", str)
    monkeypatch.setenv("KIT_DATA", "")
    leaking = {name.rsplit(".", 1)[0] for name, html in _render(tmp_path) if live_markup(html)}
    with_escape = {m.__name__ for m in modules if hasattr(m, "escape") and m.__name__ != "kit.display"}
    assert with_escape - leaking == set(), f"modules whose unescaped views the audit missed: {with_escape - leaking}"
