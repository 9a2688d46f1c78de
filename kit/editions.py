"""Two editions from one source: ``python -m kit editions --out build/``.

The lesson notebooks and ``data/exercises`` are the one source. This module writes:

``build/student/``
    the notebooks without solution cells, without the answers of the challenges
    (``<details>`` blocks whose summary says "answer") and without stored outputs, plus the
    exercise files with every answer taken out (``exercises/NN-*.yaml``, see below), a README
    for students and ``kit-edition.json``, which tells :func:`kit.exercises.exercises_dir` to
    read the student exercises when a notebook runs in ``build/student/notebooks/``.
``build/teacher/``
    the notebooks with their solutions, the checked outputs and, after every self-check, the
    answer key of that exercise; ``answer-key.md`` for every notebook; a README for teachers.
    Both are generated from ``data/exercises``, never copied by hand.

How the student edition checks answers without holding them
-----------------------------------------------------------
The student exercise files keep what a student sees before answering (prompt, options, unit,
hints) and drop the answer, which options are right, the feedback per option, the model answer
and the explanation. Instead, each exercise carries a random salt and:

* number, choice, multiple: the salted SHA-256 hash of the right answer (a number is compared on a
  grid of its decimals, so the tolerance still works: every grid point within the tolerance of
  what the student typed is hashed and compared), and hashes of the likely wrong numbers with
  their feedback;
* text: the salted hash of every rubric keyword, so the widget can still say which key idea is
  missing;
* all types: the feedback, the answer and the explanation, *sealed* (XOR with a SHA-256 key
  stream) under a key that only the right answer gives (for a text answer, one keyword of every
  rubric idea). A student who answers right sees the explanation at once; "Show answer" says to
  ask the teacher.

This keeps the answers out of the files: nothing in them can be read as the answer. It is not
cryptography against a determined programmer: the answers are short (a number, one option of
four), so a script that tries every candidate recovers them, just as clicking every option in
the widget does. Self-checks are for learning; marks come from the open answers a teacher reads.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import nbformat  # the notebook file format's reference package (JupyterLab saves through it)
import yaml

from .exercises import EDITION_MARKER as MARKER
from .exercises import (
    Exercise,
    Option,
    canon_number,
    canon_options,
    digest,
    exercise_files,
    exercises_dir,
    fold,
    format_number,
    judge,
    judge_sealed,
    load_exercises,
    number_grid,
    option_lines,
    seal,
    seal_key,
    text_key,
    unseal,
    with_unit,
)
from .files import read_text, swap_folders
from .yamlio import read_document

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
_SCRATCH = re.compile(r"^(Untitled|draft)|-[Cc]opy")
_EXERCISE_CALL = re.compile(r"""\bexercise\(\s*["'](ex\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*)["']""")
_DETAILS = re.compile(r"<details>\s*<summary>(.*?)</summary>(.*?)</details>", re.DOTALL | re.IGNORECASE)
STUDENT_BANNER = ("> **Student edition.** Work out each self-check's answer yourself: the answers are not in "
                  "this copy. Press **Check** to see how you did, **Hint** when you are stuck.")
TEACHER_BANNER = ("> **Teacher edition.** Solutions and the answer key of every self-check are shown "
                  "inline. Do not share this copy with students; give them the student edition "
                  "(`python3 tasks.py lab --student`). The lesson plan is in `docs/teacher-guide/`.")
STUDENT_ANSWER_NOTE = ("*Answer: compare yours with a partner's, then with your teacher "
                       "(the answers are in the teacher edition).*")


# ------------------------------------------------------------------------------------ sealing

# The hashing and sealing primitives and the judge of sealed exercises live in kit.exercises, next
# to the plain judge: one judge, one table of wording, for both editions. This module only writes.
_key = seal_key
_grid = number_grid
_canon_number = canon_number
_canon_options = canon_options


def _decimals(*values: float) -> int:
    """How many decimals it takes to write every value exactly (at most 6)."""
    most = 0
    for v in values:
        exp = Decimal(repr(float(v))).normalize().as_tuple().exponent
        most = max(most, -exp if isinstance(exp, int) and exp < 0 else 0)
    return min(most, 6)


def seal_exercise(d: Mapping[str, Any], salt: str | None = None) -> dict[str, Any]:
    """The student form of one exercise (a record of the full file), with every answer sealed.

    Parameters
    ----------
    d : mapping
        One exercise as written in ``data/exercises`` (already validated).
    salt : str, optional
        Hexadecimal salt; a fresh random one when left out.

    Examples
    --------
    >>> s = seal_exercise({"id": "ex00-n", "type": "number", "prompt": "How many?", "about": ["p1"],
    ...                    "answer": 170, "explanation": "169 + 1."}, salt="ab" * 8)
    >>> sorted(s), "170" in json.dumps(s)
    (['about', 'id', 'prompt', 'sealed', 'type'], False)
    """
    salt = salt or secrets.token_hex(8)
    ex_id, kind = d["id"], d["type"]
    out: dict[str, Any] = {k: d[k] for k in ("id", "type", "prompt", "about")}
    for k in ("unit", "hints", "constructed"):
        if k in d:
            out[k] = d[k]
    sealed: dict[str, Any] = {"salt": salt}
    explanation = d.get("explanation", "")
    if kind == "number":
        answer, tol = float(d["answer"]), float(d.get("tolerance", 0.0))
        mistakes = d.get("mistakes", [])
        dec = _decimals(answer, tol, *(m["value"] for m in mistakes), *(m.get("tolerance", tol) for m in mistakes))
        if len(_grid(answer, tol, dec)) == 0:
            raise ValueError(f"{ex_id}: the tolerance {tol} is too wide for the student edition's check")
        canon = _canon_number(round(answer * 10 ** dec))
        text = with_unit(answer, d.get("unit", "")) + (f" (give or take {format_number(tol)})" if tol else "")
        sealed.update(decimals=dec, tolerance=tol, answer=digest(salt, ex_id, canon),
                      mistakes=[{"value": digest(salt, ex_id, _canon_number(round(float(m["value"]) * 10 ** dec))),
                                 "tolerance": float(m.get("tolerance", tol)), "feedback": m["feedback"]}
                                for m in mistakes])
        if d.get("unit") == "%":
            sealed["percent_slip"] = True
        reveal = {"answer": text, "explanation": explanation}
    elif kind in ("choice", "multiple"):
        out["options"] = [{"id": o["id"], "text": o["text"]} for o in d["options"]]
        right = [o for o in d["options"] if o["correct"]]
        canon = _canon_options([o["id"] for o in right])
        sealed["answer"] = digest(salt, ex_id, canon)
        reveal = {"lines": option_lines(kind, [Option(o["id"], o["text"], True, o["feedback"]) for o in right]),
                  "answer": "; ".join(o["text"] for o in right), "explanation": explanation}
    else:
        # Which key points an answer shows is found by hashing its words; the model answer is sealed
        # under a key every student gets by writing a sentence: it is shown for comparison, not earned.
        groups = []
        for gi, g in enumerate(d["rubric"]):
            words = sorted({fold(k) for k in g["keywords"] if fold(k)})
            group: dict[str, Any] = {"missing": g["missing"], "lengths": sorted({len(w) for w in words}),
                                     "keys": [{"d": digest(salt, ex_id, f"t{gi}:{w}")} for w in words]}
            if g.get("point"):
                group["point"] = g["point"]
            groups.append(group)
        sealed["groups"] = groups
        sealed["reveal"] = seal(text_key(salt, ex_id),
                                json.dumps({"model_answer": d["model_answer"], "explanation": explanation}))
        out["sealed"] = sealed
        return out
    sealed["reveal"] = seal(_key(salt, ex_id, canon), json.dumps(reveal))
    out["sealed"] = sealed
    return out


# ------------------------------------------------------------------------------------ answer key

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>~$])")


def md_text(text: Any) -> str:
    """Exercise text as literal Markdown: no tag, link, emphasis or math is made from it.

    Each line of the answer key starts with the kit's own markup and newlines become spaces, so
    only the characters that act inside a line are escaped.

    Examples
    --------
    >>> print(md_text("<img src=x onerror=alert(1)> *a* $5 & [b](c)"))
    \\<img src=x onerror=alert(1)\\> \\*a\\* \\$5 &amp; \\[b\\](c)
    """
    return _MD_SPECIAL.sub(r"\\\1", str(text).replace("&", "&amp;")).replace("\n", " ")


def answer_key_markdown(ex: Exercise, heading: str = "####") -> str:
    """The answer key of one exercise, as markdown, from the exercise data.

    Examples
    --------
    >>> from kit.exercises import Exercise
    >>> print(answer_key_markdown(Exercise("ex00-x", "number", "How many?", ("p1",), "00-x", "f", answer=170)))
    #### Answer key: ex00-x (number)
    <BLANKLINE>
    **Answer:** 170
    """
    lines = [f"{heading} Answer key: {ex.id} ({ex.type})", ""]
    if ex.type == "number":
        lines.append(f"**Answer:** {md_text(ex.answer_text())}")
        for m in ex.mistakes:
            lines.append(f"- likely slip {md_text(with_unit(m.value, ex.unit))}: {md_text(m.feedback)}")
    elif ex.type in ("choice", "multiple"):
        lines.append(f"**Answer:** {md_text(ex.answer_text())}")
        lines.append("")
        for o in ex.options:
            lines.append(f"- {'✔' if o.correct else '✘'} ({o.id}) {md_text(o.text)}: {md_text(o.feedback)}")
    else:
        lines.append(f"**Model answer:** {md_text(ex.model_answer)}")
        lines.append("")
        lines.append("The self-check never marks a text answer: it tells the student which of these ideas it can "
                     "see (one keyword of each), shows the model answer and asks the student to compare:")
        for g in ex.rubric:
            point = f"{md_text(g.point)}: " if g.point else ""
            lines.append(f"- {point}{md_text(', '.join(g.keywords))} (if missing: {md_text(g.missing)})")
    if ex.explanation:
        lines += ["", f"**Why:** {md_text(ex.explanation)}"]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ notebooks

def notebooks_in(folder: Path) -> list[Path]:
    """The lesson notebooks of a folder (``NN-slug.ipynb``; scratch copies left out)."""
    return sorted(p for p in folder.glob(NOTEBOOK_GLOB) if not _SCRATCH.search(p.name))


def _source(cell: Mapping[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _tags(cell: Mapping[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _md(text: str, cell_id: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": text}


def exercise_ids_in(nb: Mapping[str, Any]) -> list[str]:
    """The exercise ids a notebook's code cells call, in order."""
    return [m for c in nb.get("cells", []) if c.get("cell_type") == "code" for m in _EXERCISE_CALL.findall(_source(c))]


def _strip_answers(markdown: str) -> tuple[str, int]:
    """Replace ``<details>`` blocks that hold an answer (their summary says so); hints stay."""
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        if "answer" in m.group(1).lower():
            count += 1
            return STUDENT_ANSWER_NOTE
        return m.group(0)

    return _DETAILS.sub(repl, markdown), count


@dataclass
class EditionReport:
    """What a build did, for the command line and the tests."""

    student: Path
    teacher: Path
    notebooks: list[str] = field(default_factory=list)
    exercises: int = 0
    solution_cells: int = 0
    answer_blocks: int = 0
    keys_inline: int = 0
    notices: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines for the teacher."""
        out = [f"Student edition: {self.student}  ({len(self.notebooks)} notebooks; {self.solution_cells} solution "
               f"cells and {self.answer_blocks} written answers removed; {self.exercises} self-checks with their "
               "answers sealed)",
               f"Teacher edition: {self.teacher}  ({len(self.notebooks)} notebooks with solutions; {self.keys_inline} "
               "answer keys inline; all of them in answer-key.md)"]
        out += [f"Note: {n}" for n in self.notices]
        return "\n".join(out)


def student_notebook(nb: Mapping[str, Any]) -> tuple[dict[str, Any], int, int]:
    """The student form of a notebook: no solution cells, no written answers, no outputs.

    Returns the notebook, the number of solution cells removed and of answer blocks removed.
    """
    out = copy.deepcopy(dict(nb))
    cells: list[dict[str, Any]] = []
    solutions = answers = 0
    for c in out.get("cells", []):
        if "solution" in _tags(c):
            solutions += 1
            continue
        c = dict(c)
        if c.get("cell_type") == "markdown":
            text, n = _strip_answers(_source(c))
            answers += n
            c["source"] = text
        if c.get("cell_type") == "code":
            c["outputs"], c["execution_count"] = [], None
            tags = [t for t in _tags(c) if t != "nbval-check-output"]  # no stored output to compare with
            c["metadata"] = {k: v for k, v in c.get("metadata", {}).items() if k != "tags"}
            if tags:
                c["metadata"]["tags"] = tags
        cells.append(c)
    if cells:
        cells.insert(1, _md(STUDENT_BANNER, "kit-student-edition"))
    out["cells"] = cells
    meta = dict(out.get("metadata", {}))
    meta.pop("widgets", None)
    meta["kit_edition"] = "student"
    out["metadata"] = meta
    return out, solutions, answers


def teacher_notebook(nb: Mapping[str, Any], exercises: Mapping[str, Exercise]) -> tuple[dict[str, Any], int]:
    """The teacher form: everything the source has, a banner, and each self-check's answer key after it."""
    out = copy.deepcopy(dict(nb))
    cells: list[dict[str, Any]] = []
    keys = 0
    for i, c in enumerate(out.get("cells", [])):
        cells.append(c)
        if i == 0:
            cells.append(_md(TEACHER_BANNER, "kit-teacher-edition"))
        if c.get("cell_type") == "code":
            for ex_id in _EXERCISE_CALL.findall(_source(c)):
                if ex_id in exercises:
                    keys += 1
                    cells.append(_md(answer_key_markdown(exercises[ex_id]), f"kit-key-{keys}-{ex_id}"[:64]))
    out["cells"] = cells
    meta = dict(out.get("metadata", {}))
    meta["kit_edition"] = "teacher"
    out["metadata"] = meta
    return out, keys


# ------------------------------------------------------------------------------------ building

def _write_json(path: Path, doc: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _write_notebook(path: Path, nb: Mapping[str, Any], drop_timing: bool = True) -> None:
    """Write a notebook exactly as JupyterLab saves it (nbformat's canonical form).

    nbgitpuller merges a teacher's update into the student's copy with ``git merge -Xours``. If the
    file on disk differed in form from what JupyterLab writes (sources as one string instead of a
    list of lines, stale execution timestamps), the student's first save would rewrite every cell,
    and the teacher's later change to *any* cell would silently lose to the student's copy. In the
    canonical form a save touches only the cells the student changed or ran. ``drop_timing``
    removes the author's execution timestamps (JupyterLab drops them when a cell runs); the teacher
    edition keeps them with its checked outputs.
    """
    doc = nbformat.from_dict(copy.deepcopy(dict(nb)))  # type: ignore[no-untyped-call]
    for cell in doc.cells if drop_timing else ():
        cell.metadata.pop("execution", None)
    nbformat.validate(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        nbformat.write(doc, handle, version=4)  # type: ignore[no-untyped-call]


def _fresh(folder: Path) -> None:
    """Refuse a folder this command did not make (it lacks the marker); nothing is changed here."""
    if folder.exists() and not (folder / MARKER).is_file():
        raise FileExistsError(f"{folder} exists and was not made by 'python -m kit editions'; "
                              "choose another --out folder (nothing was changed)")


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _walk(folder: Path) -> dict[str, Path]:
    """Every file and symbolic link under ``folder`` by relative POSIX path (links are not followed)."""
    out: dict[str, Path] = {}
    stack = [folder]
    while stack:
        d = stack.pop()
        for entry in os.scandir(d):
            p = Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                stack.append(p)
            else:
                out[p.relative_to(folder).as_posix()] = p
    return out


def _record_files(folder: Path) -> None:
    """Write into the edition's marker the hash of every file the build wrote (to tell them from others later)."""
    marker = folder / MARKER
    doc = json.loads(read_text(marker))
    doc["files"] = {rel: _sha(p) for rel, p in sorted(_walk(folder).items()) if rel != MARKER}
    _write_json(marker, doc)


def _carry_over(old: Path, new: Path) -> list[str]:
    """Bring into the new build ``new`` the files of ``old`` that the kit did not write; return the conflicts.

    A file the kit wrote and nobody changed since (its hash is the one in the old marker) is the
    kit's, and is replaced. Any other file (a student's worked notebook, a teacher's notes) is
    kept: hard-linked into the new build at the same place, or, where the new build writes a file
    of that name, listed as a conflict (and the build refused).
    """
    if not old.is_dir():
        return []
    try:
        written = json.loads(read_text(old / MARKER)).get("files")
    except (OSError, ValueError, AttributeError):
        written = None
    fresh = _walk(new)
    conflicts: list[str] = []
    for rel, path in sorted(_walk(old).items()):
        if rel == MARKER:
            continue
        if not isinstance(written, dict):  # built by an older kit, which kept no list: its names are the kit's
            ours = rel in fresh or rel.split("/")[0] == "exercises" or rel in ("README.md", "answer-key.md")
        else:
            regular = not path.is_symlink() and path.is_file()  # a FIFO a student made is never opened
            ours = rel in written and regular and _sha(path) == written[rel]
        if ours:
            continue
        if rel in fresh:
            conflicts.append(f"{old.name}/{rel}")
            continue
        target = new / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), target)
        else:
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
    return conflicts


_STUDENT_README = """# Student edition

Open `notebooks/00-start-here.ipynb` and work through the lessons your teacher gives you.

- First type a nickname (not your real name) in notebook 00's "Who is working?" step: your answers
  are kept under it, so on a shared computer the next student starts afresh.
- The self-checks tell you at once whether a number or a choice is right. When it is, the
  explanation appears. The answers themselves are not in this copy: "Show answer" tells you to ask
  your teacher.
- A written answer is never marked right by the computer: it says which key points it can see,
  shows a model answer, and you compare the two and say whether yours makes the same points.
- Hints are there before you need the answer: press **Hint**.
- At the end of notebook 00 you can export your results (which exercises you tried, how many
  attempts, whether the first one was right) as a small file to hand in. It carries only the
  nickname you type, never your name.

Made by `python -m kit editions` from the kit's lessons; do not edit it by hand.
"""

_TEACHER_README = """# Teacher edition

- `notebooks/`: every lesson with its solution cells, its written answers and, after each
  self-check, the answer key of that exercise (generated from `data/exercises`, the one source of
  the answers).
- `answer-key.md`: every self-check of every notebook in one page, to print.
- The lesson plans are in the kit's `docs/teacher-guide/`.
- Give students the student edition (the folder next to this one); collect their result files
  and combine them with `python -m kit results combine FOLDER --out class.csv`.

Made by `python -m kit editions`; do not edit it by hand: change the lessons or the exercise data
and build again.
"""


def build(out: str | Path, notebooks: str | Path | None = None, exercises: str | Path | None = None,
          salt: Callable[[], str] | None = None) -> EditionReport:
    """Build the student and the teacher edition under ``out``.

    Parameters
    ----------
    out : path
        The folder to write ``student/`` and ``teacher/`` into (only those two are replaced).
    notebooks : path, optional
        The lesson notebooks; the repository's ``notebooks/`` by default.
    exercises : path, optional
        The exercise files; ``data/exercises`` of the kit's data by default.
    salt : callable, optional
        Gives each exercise's salt (random by default; tests pass a fixed one).

    Raises
    ------
    DataError
        When the exercise data is not valid (nothing is written).
    FileExistsError
        When ``out/student`` or ``out/teacher`` exists and was not made by this command.
    """

    nb_dir = Path(notebooks) if notebooks is not None else Path(__file__).resolve().parent.parent / "notebooks"
    ex_dir = Path(exercises) if exercises is not None else exercises_dir()
    pool = load_exercises(ex_dir)  # validates everything first: a broken file stops the build here
    paths = notebooks_in(nb_dir)
    out = Path(out)
    report = EditionReport(out / "student", out / "teacher", [p.name for p in paths], len(pool))
    sources = {p.name: json.loads(read_text(p)) for p in paths}
    used = {i for nb in sources.values() for i in exercise_ids_in(nb)}
    unknown = sorted(used - set(pool))
    if unknown:
        report.notices.append(f"notebooks call exercises that the data does not have: {', '.join(unknown)}")

    # Built in a fresh folder beside the editions and swapped in at the end: a refusal or a crash
    # leaves the old editions as they were, and files the kit did not write are kept.
    final_student, final_teacher = report.student, report.teacher
    _fresh(final_student)
    _fresh(final_teacher)
    out.mkdir(parents=True, exist_ok=True)
    for stray in out.glob(".kit-editions-*"):  # left by a build that was killed
        shutil.rmtree(stray, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix=".kit-editions-", dir=out))
    try:
        report.student, report.teacher = stage / "student", stage / "teacher"
        _build_into(report, ex_dir, pool, sources, salt)
        conflicts = _carry_over(final_student, report.student) + _carry_over(final_teacher, report.teacher)
        if conflicts:
            shown = ", ".join(conflicts[:5]) + (f" and {len(conflicts) - 5} more" if len(conflicts) > 5 else "")
            raise FileExistsError(f"{shown} in {out} changed after 'python -m kit editions' wrote it (a student's "
                                  "work, a teacher's notes?); move it out of the way or build into another --out "
                                  "folder (nothing was changed)")
        for new, final in ((report.student, final_student), (report.teacher, final_teacher)):
            aside = swap_folders(new, final)
            if aside is not None and stage not in aside.parents:
                shutil.rmtree(aside, ignore_errors=True)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        report.student, report.teacher = final_student, final_teacher
    return report


def _build_into(report: EditionReport, ex_dir: Path, pool: Mapping[str, Exercise], sources: Mapping[str, Any],
                salt: Callable[[], str] | None) -> None:
    """Write both editions into ``report.student`` and ``report.teacher`` (fresh folders)."""
    report.student.mkdir()
    report.teacher.mkdir()

    for path in exercise_files(ex_dir):
        doc, _lines, _problems = read_document(path, path.name)
        if not isinstance(doc, dict):  # pragma: no cover - load_exercises validated it
            continue
        student = {"schema_version": doc["schema_version"], "edition": "student", "notebook": doc["notebook"]}
        if "article" in doc:
            student["article"] = doc["article"]
        student["exercises"] = [seal_exercise(d, salt() if salt else None) for d in doc["exercises"]]
        target = report.student / "exercises" / (path.stem + ".yaml")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("# Student edition, written by `python -m kit editions`: answers sealed; do not edit.\n"
                          + yaml.safe_dump(student, allow_unicode=True, sort_keys=False, width=100),
                          encoding="utf-8")
    for name, nb in sources.items():
        snb, sol, ans = student_notebook(nb)
        report.solution_cells += sol
        report.answer_blocks += ans
        _write_notebook(report.student / "notebooks" / name, snb)
        tnb, keys = teacher_notebook(nb, pool)
        report.keys_inline += keys
        _write_notebook(report.teacher / "notebooks" / name, tnb, drop_timing=False)
    by_nb: dict[str, list[Exercise]] = {}
    for ex in pool.values():
        by_nb.setdefault(ex.notebook, []).append(ex)
    key = ["# Answer key", "", "Generated by `python -m kit editions` from `data/exercises`; do not edit.", ""]
    for nb_name in sorted(by_nb):
        key += [f"## {nb_name}", ""]
        for ex in by_nb[nb_name]:
            key += [f"**{ex.id}**: {md_text(ex.prompt)}", "", answer_key_markdown(ex, "###"), ""]
    (report.teacher / "answer-key.md").write_text("\n".join(key), encoding="utf-8")
    (report.student / "README.md").write_text(_STUDENT_README, encoding="utf-8")
    (report.teacher / "README.md").write_text(_TEACHER_README, encoding="utf-8")
    _write_json(report.student / MARKER, {"edition": "student", "exercises": "exercises"})
    _write_json(report.teacher / MARKER, {"edition": "teacher"})
    _self_check(report.student / "exercises", pool)
    _record_files(report.student)
    _record_files(report.teacher)


def _self_check(folder: Path, pool: Mapping[str, Exercise]) -> None:
    """Every sealed exercise accepts its right answer, with the explanation; the build fails otherwise."""

    sealed = load_exercises(folder, check_about=False)
    for ex_id, full in pool.items():
        st = sealed[ex_id]
        if full.type == "number":
            right: Any = full.answer
        elif full.type in ("choice", "multiple"):
            right = [o.id for o in full.correct_options]
            right = right[0] if full.type == "choice" else right
        else:
            right = "My answer is this: " + " and ".join(g.keywords[0] for g in full.rubric) + "."
        fb = judge(st, right)
        if full.type == "text":
            if fb.kind != "compare" or full.model_answer not in fb.message or "What it cannot see" in fb.message:
                raise RuntimeError(f"{ex_id}: the student edition's check does not see the rubric ({fb.message})")
            continue
        if fb.correct is not True or (full.explanation and full.explanation not in fb.message):
            raise RuntimeError(f"{ex_id}: the student edition's check does not accept the right answer ({fb.message})")


__all__ = ["build", "seal_exercise", "judge_sealed", "seal", "unseal", "digest", "answer_key_markdown",
           "student_notebook", "teacher_notebook", "exercise_ids_in", "notebooks_in", "EditionReport", "MARKER"]
