"""Text from a data file is escaped wherever notebook 00's views turn it into HTML.

The fixture tests/data/hostile/ carries script, event handlers, javascript: links and stray closing
tags in every text field; the real-browser test loads the same fixture in JupyterLab.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import load
from kit.start import article_card, fact_card_html, fact_explorer

HOSTILE = Path(__file__).parent / "data" / "hostile"
DANGEROUS = ("<script", "onerror=", "<svg", "javascript:", "</table>", "<img src=x")


def assert_inert(html: str) -> None:
    found = [d for d in DANGEROUS if d in html]
    assert found == [], f"unescaped markup from the data: {found}"


@pytest.fixture(scope="module")
def art():  # type: ignore[no-untyped-def]
    return load(HOSTILE).article("hostile")


def test_the_checker_catches_raw_markup() -> None:
    with pytest.raises(AssertionError):
        assert_inert("<p><script>x</script></p>")


def test_article_card(art) -> None:  # type: ignore[no-untyped-def]
    bundle = article_card(art)._repr_mimebundle_()
    assert_inert(bundle["text/html"])
    assert "&lt;script&gt;window.__kitHacked=6&lt;/script&gt;Council backs" in bundle["text/html"]


def test_fact_card_and_explorer(art) -> None:  # type: ignore[no-untyped-def]
    html = fact_card_html(art, art.fact("tally"))
    assert_inert(html)
    assert "&lt;/table&gt;&lt;img src=x onerror=&quot;window.__kitHacked=21&quot;&gt;" in html
    box = fact_explorer(art, art.facts)
    assert_inert(box.children[1].value)
    assert_inert(str(box.children[0].options))
