"""Command line: ``python -m kit validate PATH``.

Prints a readable report and exits 0 when the data is valid, 1 when it has problems, 2 on a usage
error. Never prints a traceback for bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from .loader import check, check_companions, data_dir


def _validate(path: str) -> int:
    problems, articles = check(path)
    problems = problems + check_companions(path, articles)
    if problems:
        files = Counter(p.file for p in problems)
        print(f"{path}: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}:")
        for p in problems:
            print(f"  {p}")
        print("Fix these and run the check again: python -m kit validate " + path)
        return 1
    for a in articles:
        c = a.counts()
        status = "reviewed" if a.status == "reviewed" else f"DRAFT, {len(a.review)} item(s) left to review"
        print(f"{a.id}: valid ({status}, {a.nature.kind})")
        print("  " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in c.items()))
        for item in a.review:
            print(f"  to review: {item.target}: {item.reason}")
    if not articles:
        print(f"{path}: valid")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m kit", description="Tools for the teaching kit's data.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    v = sub.add_parser("validate", help="check a data folder, an article folder or one data file")
    v.add_argument("path", nargs="?", default=None, help=f"what to check (default: {data_dir()})")
    args = parser.parse_args(argv)
    if args.command == "validate":
        try:
            return _validate(args.path or str(data_dir()))
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:  # output piped into `head` and cut off
            return 0
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
