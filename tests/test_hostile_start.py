"""Text from a data file is escaped wherever notebook 00's views turn it into HTML.

The fixture tests/data/hostile/ carries script, event handlers, javascript: links and stray closing
tags in every text field; the real-browser test loads the same fixture in JupyterLab.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import load
from kit.start import article_card, fact_explorer
from kit.views.shared import fact_card_html

from hostile_views import assert_inert  # the shared auditor (tests/hostile_views.py)

HOSTILE = Path(__file__).parent / "data" / "hostile"


@pytest.fixture(scope="module")
def art():  # type: ignore[no-untyped-def]
    return load(HOSTILE).article("hostile")


def test_the_checker_catches_raw_markup() -> None:
    for bad in ("<p><script>x</script></p>", "<img src=x onerror=alert(1)>", "<a href='javascript:x'>a</a>",
                "<p>a</table></p>"):
        with pytest.raises(AssertionError):
            assert_inert(bad)
    assert_inert("<p>&lt;script&gt; onerror=&quot;x&quot;</p>")


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
    # a dropdown's labels are plain text in the page (never parsed as HTML), so they keep the raw characters
    assert box.children[0].options[0][0].startswith("The council voted <script>")
