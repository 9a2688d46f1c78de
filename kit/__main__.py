"""Command line: ``python -m kit validate PATH``, ``python -m kit new REPORT.txt``,
``python -m kit editions --out build/`` and ``python -m kit results combine FILES --out class.csv``.

Prints a readable report and exits 0 when the data is valid, 1 when it has problems, 2 on a usage
error. Never prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from .checks import check_all
from .editions import build
from .errors import DataError
from .files import printable
from .loader import data_dir
from .results import combine
from .scaffold import Options, ScaffoldError, new_article


def _print(text: object = "", file: TextIO | None = None) -> None:
    """Print a line with any control character of a file name shown as ``\\xNN`` (no terminal escapes)."""
    print("\n".join(printable(line) for line in str(text).split("\n")), file=file)


def _validate(path: str) -> int:
    problems, articles = check_all(path)
    if problems:
        files = Counter(p.file for p in problems)
        _print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {len(files)} "
               f"file{'s' if len(files) != 1 else ''}:")
        for p in problems:
            _print(f"  {p}")
        _print("Fix these and run the check again: python -m kit validate " + path)
        return 1
    for a in articles:
        c = a.counts()
        status = "reviewed" if a.status == "reviewed" else f"DRAFT, {len(a.review)} item(s) left to review"
        _print(f"{a.id}: valid ({status}, {a.nature.kind})")
        _print("  " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in c.items()))
        for item in a.review:
            _print(f"  to review: {item.target}: {item.reason}")
    if not articles:
        _print(f"{path}: valid")
    return 0


def _new(args: argparse.Namespace) -> int:
    out = args.out or str(data_dir() / "articles")
    opts = Options(id=args.id, headline=args.headline, outlet=args.outlet, url=args.url, date=args.date,
                   language=args.language, nature=args.nature)
    try:
        folder, draft = new_article(args.report, out, opts, keep_markup=args.keep_markup)
    except ScaffoldError as exc:
        _print(f"kit new: {exc}", file=sys.stderr)
        return 1
    a = draft.article
    _print(f"Draft written to {folder}/ (article.yaml and text.txt, {len(a['paragraphs'])} paragraphs).")
    _print(f"  guessed: {len(a['quotes'])} quotes, {len(a['numbers'])} numbers, {len(a['claims'])} claims, "
          f"{len(a['actors'])} actors, {len(a['captions'])} captions; {len(a['review'])} items to review.")
    _print(f"Next: review it in notebooks/11-your-own-article.ipynb, or check it with: python -m kit validate {folder}")
    return 0


def _editions(args: argparse.Namespace) -> int:
    try:
        report = build(args.out, notebooks=args.notebooks, exercises=args.exercises)
    except DataError as exc:
        _print(f"The exercise data has problems, so no edition was built:\n{exc}", file=sys.stderr)
        return 1
    except (FileExistsError, OSError) as exc:
        _print(f"kit editions: {exc}", file=sys.stderr)
        return 1
    _print(report.summary())
    return 0


def _results(args: argparse.Namespace) -> int:
    res = combine(args.paths)
    _print(res.report())
    if not res.rows:
        _print("No usable results: nothing written.")
        return 1
    try:
        out = res.write_csv(args.out)
        _print(f"Table written to {out} (one row per student and exercise).")
        if args.chart:
            Path(args.chart).write_bytes(res.chart().png())
            _print(f"Chart written to {args.chart}.")
    except OSError as exc:
        _print(f"kit results: cannot write ({exc})", file=sys.stderr)
        return 1
    for line in res.by_exercise():
        _print(f"  {line['exercise']}: {line['students']} tried, {line['first_try_correct']} right first time, "
              f"{line['solved']} solved, median {line['median_attempts']} attempts")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kit", description="Tools for the teaching kit's data.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    v = sub.add_parser("validate", help="check a data folder, an article folder or one data file")
    v.add_argument("path", nargs="?", default=None, help=f"what to check (default: {data_dir()})")
    n = sub.add_parser("new", help="make a draft article folder from a plain-text report")
    n.add_argument("report", help="the report as a UTF-8 plain-text file")
    n.add_argument("--id", help="the article's id and folder name (default: from the file name)")
    n.add_argument("--headline", help="the headline as published (default: guessed from the text)")
    n.add_argument("--outlet", help="the outlet that published it")
    n.add_argument("--url", help="the address of the published report")
    n.add_argument("--date", help="the publication date, YYYY-MM-DD")
    n.add_argument("--language", default="en", help="the text's language code (default: en)")
    n.add_argument("--nature", default="real", choices=("real", "fictional", "constructed"),
                   help="real: a published report; fictional: an invented event written for teaching")
    n.add_argument("--out", help="the folder of article folders (default: the kit's data/articles)")
    n.add_argument("--keep-markup", action="store_true", help="accept HTML tags as literal text")
    e = sub.add_parser("editions", help="build the student and the teacher edition of the notebooks")
    e.add_argument("--out", default="build", help="folder for student/ and teacher/ (default: build)")
    e.add_argument("--notebooks", default=None, help="the lesson notebooks (default: the kit's notebooks/)")
    e.add_argument("--exercises", default=None, help="the exercise files (default: the kit's data/exercises)")
    r = sub.add_parser("results", help="combine a class's exported results")
    rsub = r.add_subparsers(dest="action", metavar="ACTION")
    rc = rsub.add_parser("combine", help="combine results files (or folders of them) into one table")
    rc.add_argument("paths", nargs="+", help="result files or folders")
    rc.add_argument("--out", default="class.csv", help="the table to write (default: class.csv)")
    rc.add_argument("--chart", default=None, help="also write a PNG chart to this file")
    args = parser.parse_args(argv)
    try:
        return _run(args, parser, r)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and cut off: stop quietly
        try:  # Python flushes stdout again at exit; point it at nothing so that flush cannot fail
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser, r: argparse.ArgumentParser) -> int:
    if args.command == "editions":
        return _editions(args)
    if args.command == "results":
        if args.action == "combine":
            return _results(args)
        r.print_help()
        return 2
    if args.command == "new":
        return _new(args)
    if args.command == "validate":
        return _validate(args.path or str(data_dir()))
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
