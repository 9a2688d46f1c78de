"""The restored text says what is known and what is guessed (issue 12, item 5)."""

from __future__ import annotations

import re
from pathlib import Path

from kit.accounts import restorations, restored_path
from kit.comparison_views import restored_changes_html
from kit.loader import load_article

ROOT = Path(__file__).resolve().parents[1]
ART = load_article("rfa-2022-01-20-france-assembly-uyghur")


def test_every_restoration_says_whether_it_was_read_or_guessed() -> None:
    for a in ART.artefacts:
        if a.certainty == "confirmed" and isinstance(a.likely_original, str):
            assert a.original_basis in ("read", "guess"), f"{a.id}: no original_basis"
            if a.original_basis == "read":
                assert "rfa-original" in a.sources, (f"{a.id}: read in RFA's page, "
                                                     "but RFA's page is not among its sources")


def test_a_guess_is_bracketed_and_a_read_wording_is_not() -> None:
    text = restored_path(ART).read_text(encoding="utf-8")
    rs = restorations(ART)
    assert any(r.guess for r in rs) and any(not r.guess for r in rs)
    for r in rs:
        assert (f"[{r.after}]" in text) == r.guess, r.artefact


def test_the_visible_rfa_wordings_are_restored() -> None:
    """Section 4.3 of the fact-check: where RFA's excerpt shows its words, the restored text has them."""
    text = restored_path(ART).read_text(encoding="utf-8")
    for rfa in ("Lawmakers voted 169-1 in favor of a nonbinding resolution", "take measures", "but supported by",
                "parliaments in Canada", "Republic on the Move Party", "France joins the U.S.", "labor forced"):
        assert rfa in text, rfa


def test_the_restored_column_is_labelled_constructed_wherever_shown() -> None:
    view = restored_changes_html(ART)
    assert "Restored (constructed)" in view.html and "constructed for teaching" in view.text
    assert "a guess by the project" in view.html and "read in its stored page" in view.html
    nb = (ROOT / "notebooks" / "10-side-by-side.ipynb").read_text(encoding="utf-8")
    assert "restored_changes_html(art)" in nb and re.search(r"guess\*\*", nb)
