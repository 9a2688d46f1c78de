"""Validate everything in a data folder: the articles, and the files that sit beside them.

:func:`kit.loader.check` validates the articles (their own files and the bibliography) and leaves
out the companions, so that loading an article stays fast. :func:`check_companions` validates
those: each article's ``accounts.yaml`` and the exercises. ``python -m kit validate`` runs
:func:`check_all`, both. This module is lesson plumbing (it sees the accounts, a data module, and
the exercises, which sit above the data).
"""

from __future__ import annotations

import os
from pathlib import Path

from .accounts import check_accounts
from .article import Article
from .errors import DataError, Problem
from .exercises import load_exercises
from .loader import DEFAULT_ARTICLE, check, find_file, ordered


def check_companions(path: str | os.PathLike[str], articles: list[Article]) -> list[Problem]:
    """Validate the files beside the articles: each article's accounts, and the exercises.

    ``path`` is what was validated: a data folder, an article folder or a file; ``articles`` the
    valid articles :func:`kit.loader.check` found there.
    """
    p = Path(path)
    root = p if p.is_dir() else p.parent
    out: list[Problem] = []
    for art in articles:
        folder = root / "articles" / art.id
        acc = find_file(folder if folder.is_dir() else root, "accounts")
        if acc is not None:
            out.extend(check_accounts(acc, art)[0])
    ex_root = root if root.name == "exercises" else root / "exercises"
    if ex_root.is_dir():
        default = next((a for a in articles if a.id == DEFAULT_ARTICLE), None)
        try:
            load_exercises(ex_root, article=default, check_about=default is not None)
        except DataError as exc:
            out.extend(exc.problems)
    return ordered(out)


def check_all(path: str | os.PathLike[str]) -> tuple[list[Problem], list[Article]]:
    """Every problem of a data folder, an article folder or a file (the articles' own files first,
    then their companions), and the valid articles found.

    Examples
    --------
    >>> from kit.loader import data_dir
    >>> problems, articles = check_all(data_dir())
    >>> problems, DEFAULT_ARTICLE in [a.id for a in articles]
    ([], True)
    """
    problems, articles = check(path)
    return problems + check_companions(path, articles), articles


__all__ = ["check_all", "check_companions"]
