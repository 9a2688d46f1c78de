#!/usr/bin/env python3
"""Publish the student edition as a git branch of its own, for an nbgitpuller link.

    python3 tasks.py publish-student                 build the edition, commit it to branch `student`
    python3 tasks.py publish-student --branch class-3b --message "Lesson 07 fixed"
    git push origin student                          then the class's link pulls the new version

What it does: runs ``python -m kit editions`` into a temporary folder, then commits the student
edition (its ``notebooks/``, ``exercises/``, ``README.md`` and ``kit-edition.json``) as the whole
tree of the branch, on top of the branch's last commit. The working tree, the index and the branch
you are on are never touched (git plumbing with a temporary index). History only moves forward, as
nbgitpuller needs: never force-push this branch. Nothing is committed when the edition did not
change (the self-checks' answers are sealed with fresh random salts at every build; those alone
never make a new commit).

Only the Python standard library and the ``git`` command are used.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BRANCH = "student"


class PublishError(RuntimeError):
    """A step failed; the message says which, and nothing was changed."""


def _git(repo: Path, *args: str, env: dict[str, str] | None = None, text_in: str | None = None) -> str:
    proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          input=text_in, env=env)
    if proc.returncode != 0:
        raise PublishError(f"git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout.strip()


def build_student_edition(out: Path, notebooks: Path | None = None, python: str = sys.executable) -> Path:
    """Run ``python -m kit editions --out OUT`` and return ``OUT/student``."""
    cmd = [python, "-m", "kit", "editions", "--out", str(out)]
    if notebooks is not None:
        cmd += ["--notebooks", str(notebooks)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise PublishError(f"kit editions failed:\n{proc.stderr.strip() or proc.stdout.strip()}")
    return out / "student"


def _tree_of(repo: Path, folder: Path) -> str:
    """The git tree of a folder's files, written into ``repo``'s object store."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, GIT_INDEX_FILE=str(Path(tmp) / "index"))
        _git(repo, f"--work-tree={folder}", "add", "--all", "--force", ".", env=env)
        return _git(repo, "write-tree", env=env)


def _without_salts(repo: Path, tree: str) -> str:
    """What a tree holds apart from the self-checks' sealed answers, which every build salts anew."""
    import yaml  # installed with the kit

    lines = []
    for line in _git(repo, "ls-tree", "-r", tree).splitlines():
        meta, path = line.split("\t", 1)
        if path.startswith("exercises/") and path.endswith(".yaml"):
            doc = yaml.safe_load(_git(repo, "cat-file", "-p", meta.split()[2])) or {}
            for ex in doc.get("exercises", []) if isinstance(doc, dict) else []:
                if isinstance(ex, dict):
                    ex.pop("sealed", None)
            lines.append(f"{path} {yaml.safe_dump(doc, sort_keys=True)}")
        else:
            lines.append(line)
    return "\n".join(lines)


def publish(repo: Path, edition: Path, branch: str = DEFAULT_BRANCH, message: str | None = None) -> str | None:
    """Commit ``edition`` as the whole tree of ``branch`` in ``repo``; return the new commit, or
    None when the edition is the same as the branch's last commit."""
    if not (edition / "kit-edition.json").is_file() or not (edition / "notebooks").is_dir():
        raise PublishError(f"{edition} is not a student edition (no kit-edition.json or notebooks/)")
    ref = f"refs/heads/{branch}"
    tree = _tree_of(repo, edition)
    parent = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", ref],
                            capture_output=True, text=True).stdout.strip()
    if parent:
        old_tree = _git(repo, "rev-parse", f"{parent}^{{tree}}")
        if old_tree == tree or _without_salts(repo, old_tree) == _without_salts(repo, tree):
            return None
    body = message or f"Student edition built from {_git(repo, 'rev-parse', '--short', 'HEAD')}"
    args = ["commit-tree", tree, "-m", body]
    if parent:
        args += ["-p", parent]
    env = dict(os.environ)
    env.setdefault("GIT_AUTHOR_NAME", "kit publish-student")
    env.setdefault("GIT_AUTHOR_EMAIL", "kit@localhost")
    env.setdefault("GIT_COMMITTER_NAME", env["GIT_AUTHOR_NAME"])
    env.setdefault("GIT_COMMITTER_EMAIL", env["GIT_AUTHOR_EMAIL"])
    commit = _git(repo, *args, env=env)
    _git(repo, "update-ref", ref, commit, *([parent] if parent else []))
    return commit


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Publish the student edition as a git branch for nbgitpuller.")
    parser.add_argument("--branch", default=DEFAULT_BRANCH, help=f"branch to commit to (default: {DEFAULT_BRANCH})")
    parser.add_argument("--repo", default=str(ROOT), help="the git repository to commit into (default: this one)")
    parser.add_argument("--notebooks", default=None, help="the lesson notebooks (default: the kit's notebooks/)")
    parser.add_argument("--message", default=None, help="the commit message")
    args = parser.parse_args(argv)
    repo = Path(args.repo).resolve()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            edition = build_student_edition(Path(tmp) / "build",
                                            Path(args.notebooks).resolve() if args.notebooks else None)
            commit = publish(repo, edition, args.branch, args.message)
    except PublishError as exc:
        print(f"publish-student: {exc}", file=sys.stderr)
        return 1
    if commit is None:
        print(f"Branch '{args.branch}' already holds this student edition: nothing to publish.")
    else:
        print(f"Published the student edition as commit {commit[:10]} on branch '{args.branch}'.\n"
              f"Next: git push origin {args.branch}   (never force-push it: nbgitpuller needs history "
              "that only moves forward)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
