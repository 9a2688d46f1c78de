"""Results a teacher can collect: a student exports a small file, a teacher combines a class's files.

A student's file (``kit-results-NICKNAME.json``) holds, for each self-check tried: the notebook,
the number of attempts, whether the first attempt was right, whether it was solved, hints seen,
whether the answer was shown, and the minutes between first seeing it and solving it (or the
last attempt). It holds no answers and no name: only a nickname the student chooses (or none)
and a random id that stays the same on that computer, so that a second export replaces the first.
The mapping from nicknames to names stays with the teacher.

``python -m kit results combine FILES_OR_FOLDERS --out class.csv`` (or :func:`combine` in a
notebook) reads every file, reports the files it cannot use by name (not JSON, not a results
file, cut short, the same file twice, an older export of the same student) and keeps every good
one: one row per student and exercise, a summary per exercise, and a chart.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .chartcache import cached
from .controls import widgets
from .display import PALETTE, Chart, HtmlView, escape, new_figure
from .files import InputFileError, atomic_write, printable, read_bytes
from .progress import ProgressStore, count, current_nickname, looks_like_real_name, student_id

FORMAT = "kit-results/1"
MAX_BYTES = 1_000_000
MAX_NICKNAME = 40
MAX_EXERCISES = 500
"""The most self-checks one results file may list (the kit has a few dozen)."""
MAX_CHART_BARS = 60
"""The most exercises the class chart draws (the table and the CSV keep every one)."""
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("student", "exercise", "notebook", "attempts", "first_try_correct", "solved", "hints_seen",
           "answer_shown", "minutes", "file")
_EX_ID = re.compile(r"^ex\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_NICK_OK = re.compile(r"[^\w .'-]", re.UNICODE)


# ------------------------------------------------------------------------------------ export

def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ tab or CR gets a leading ``'``.

    This is OWASP's rule against CSV injection; numbers and true/false are kept as they are.

    Examples
    --------
    >>> print(spreadsheet_safe('=HYPERLINK("http://x")'), spreadsheet_safe("-Fox"), spreadsheet_safe(3))
    '=HYPERLINK("http://x") '-Fox 3
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def clean_nickname(text: Any) -> str:
    """A nickname as it is stored: single spaces, no symbols, at most 40 characters.

    Examples
    --------
    >>> clean_nickname("  Blue   Fox <3 "), clean_nickname(None)
    ('Blue Fox 3', '')
    """
    if not isinstance(text, str):
        return ""
    return " ".join(_NICK_OK.sub("", text).split())[:MAX_NICKNAME]


def _student_id(folder: Path) -> str:
    """A random id kept next to the progress file, so re-exports from one computer are recognised."""
    return student_id(folder)


def _seconds(start: Any, end: Any) -> float | None:
    try:
        a = time.mktime(time.strptime(str(start)[:19], "%Y-%m-%dT%H:%M:%S"))
        b = time.mktime(time.strptime(str(end)[:19], "%Y-%m-%dT%H:%M:%S"))
    except (ValueError, OverflowError):
        return None
    return max(0.0, b - a)


def results_document(nickname: str = "", store: ProgressStore | None = None) -> dict[str, Any]:
    """The results file's content, from the student's stored progress (no answers, no name).

    Examples
    --------
    >>> import tempfile
    >>> s = ProgressStore(Path(tempfile.mkdtemp()))
    >>> _ = s.record_attempt("ex07-cast", "175", False); _ = s.record_attempt("ex07-cast", "170", True)
    >>> doc = results_document("fox", s)
    >>> doc["exercises"]["ex07-cast"]["attempts"], doc["exercises"]["ex07-cast"]["first_try_correct"]
    (2, False)
    """
    store = store if store is not None else ProgressStore()
    exercises: dict[str, dict[str, Any]] = {}
    for ex_id, rec in sorted(store.all().items()):
        if not _EX_ID.match(ex_id) or not isinstance(rec, dict):
            continue
        end = rec.get("solved_at") or rec.get("updated")
        secs = _seconds(rec.get("first_seen"), end)
        exercises[ex_id] = {
            "notebook": ex_id[2:4],
            "attempts": count(rec.get("attempts")),
            "first_try_correct": (rec.get("first_try_correct") if isinstance(rec.get("first_try_correct"), bool)
                                  else None),
            "solved": bool(rec.get("solved", False)),
            "hints_seen": count(rec.get("hints_seen")),
            "answer_shown": bool(rec.get("answer_shown", False)),
            "minutes": None if secs is None else round(secs / 60, 1),
        }
    nick = clean_nickname(nickname)
    if looks_like_real_name(nick):  # the file must not carry a name: a real-looking one is left out
        nick = ""
    return {"format": FORMAT, "student": _student_id(store.folder), "nickname": nick,
            "exported": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "exercises": exercises}


def export_results(nickname: str = "", folder: str | Path | None = None, store: ProgressStore | None = None) -> Path:
    """Write the results file (atomically) and return its path.

    Parameters
    ----------
    nickname : str
        What the teacher will see instead of a name; may be empty.
    folder : path, optional
        Where to write; the current folder (the notebook's) by default.
    store : ProgressStore, optional
        The progress to export; the student's own by default.
    """
    doc = results_document(nickname, store)
    slug = re.sub(r"[^a-z0-9]+", "-", doc["nickname"].lower()).strip("-") or "anonymous"
    target_dir = Path(folder) if folder is not None else Path.cwd()
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / f"kit-results-{slug}.json"
    return atomic_write(path, json.dumps(doc, ensure_ascii=False, indent=1))


class ExportWidget:
    """A nickname box, an "Export my results" button and a download link; see :func:`export_widget`."""

    def __init__(self, store: ProgressStore | None = None, folder: str | Path | None = None) -> None:
        w = widgets()

        self.store, self.folder = store, folder
        self.intro = w.HTML("<p style='margin:0'><b>Hand in your results</b>: which self-checks you tried, "
                            "how many attempts, whether the first one was right. No answers and no name go in "
                            "the file: type a nickname your teacher knows you by, or leave it empty.</p>")
        self.nickname = w.Text(value=current_nickname(), placeholder="a nickname, not your real name",
                               description="Nickname",
                               layout=w.shared_layout(width="24em"))
        self.button = w.Button(description="Export my results", button_style="primary",
                               tooltip="Write a small results file to hand in")
        self.result = w.HTML("")
        self.button.on_click(self._guard)
        self.box = w.VBox([self.intro, w.HBox([self.nickname, self.button]), self.result],
                          layout=w.shared_layout(border="1px solid #ccc", padding="6px", margin="6px 0"),
                          _dom_classes=("kit-results-export",))

    def _guard(self, _button: Any = None) -> None:
        try:
            self.on_export()
        except Exception as exc:  # shown, never raised into the notebook
            self.result.value = (f'<div role="alert">The results could not be exported ({escape(type(exc).__name__)}: '
                                 f'{escape(str(exc)[:200])}). Your progress is kept; please tell your teacher.</div>')

    def on_export(self) -> None:
        """Write the file and show a summary and a download link."""
        left_out = looks_like_real_name(clean_nickname(self.nickname.value))
        path = export_results(self.nickname.value, self.folder, self.store)
        raw = path.read_bytes()
        doc = json.loads(raw.decode("utf-8"))
        n = len(doc["exercises"])
        solved = sum(1 for r in doc["exercises"].values() if r["solved"])
        b64 = base64.b64encode(raw).decode("ascii")
        who = f"nickname “{escape(doc['nickname'])}”" if doc["nickname"] else "no nickname"
        self.result.value = (
            f'<div role="status">Saved <code>{escape(path.name)}</code> ({who}): {n} self-check'
            f'{"s" if n != 1 else ""} tried, {solved} solved. '
            f'<a download="{escape(path.name)}" href="data:application/json;base64,{b64}">Download it</a>, '
            f'or find it in the file browser next to this notebook, and hand it in as your teacher asks.</div>')
        if left_out:
            self.result.value += ('<div role="alert">Your nickname looks like a real name, so it was left out of the '
                                  'file. Type a nickname such as “blue fox 7” and export again.</div>')


def export_widget(store: ProgressStore | None = None, folder: str | Path | None = None) -> Any:
    """The export widget, not displayed (a notebook shows it as the cell's value).

    The builder is reachable as ``widget.kit`` (for tests).
    """
    built = ExportWidget(store, folder)
    box = built.box
    box.kit = built
    return box


# ------------------------------------------------------------------------------------ combine

@dataclass
class ClassResults:
    """A class's results: the rows, the files used and the files set aside (with why)."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    used: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def students(self) -> list[str]:
        """The students' labels, in file order."""
        return list(dict.fromkeys(r["student"] for r in self.rows))

    def by_exercise(self) -> list[dict[str, Any]]:
        """One line per exercise: students who tried it, right first time, solved, median attempts."""
        out: dict[str, list[dict[str, Any]]] = {}
        for r in self.rows:
            out.setdefault(r["exercise"], []).append(r)
        lines = []
        for ex_id in sorted(out):
            rs = out[ex_id]
            lines.append({"exercise": ex_id, "students": len(rs),
                          "first_try_correct": sum(1 for r in rs if r["first_try_correct"] is True),
                          "solved": sum(1 for r in rs if r["solved"]),
                          "median_attempts": statistics.median(r["attempts"] for r in rs)})
        return lines

    def report(self) -> str:
        """What was read and what was set aside, by file name."""
        out = [f"{len(self.used)} result file{'s' if len(self.used) != 1 else ''} used, "
               f"{len(self.students)} student{'s' if len(self.students) != 1 else ''}, {len(self.rows)} rows."]
        if self.problems:
            out.append(f"{len(self.problems)} file{'s' if len(self.problems) != 1 else ''} set aside:")
            out += [f"  {printable(name)}: {why}" for name, why in self.problems]
        return "\n".join(out)

    def write_csv(self, path: str | Path) -> Path:
        """The rows as CSV (one row per student and exercise)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.StringIO(newline="")
        writer = csv.DictWriter(buf, fieldnames=COLUMNS)
        writer.writeheader()
        for r in self.rows:
            writer.writerow({k: ("" if r[k] is None else spreadsheet_safe(r[k])) for k in COLUMNS})
        return atomic_write(path, buf.getvalue())

    def table(self) -> HtmlView:
        """The summary per exercise as an escaped table."""
        lines = self.by_exercise()
        head = "".join(f"<th style='text-align:left'>{escape(h)}</th>" for h in
                       ("exercise", "students", "right first time", "solved", "median attempts"))
        body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{escape(v)}</td>" for v in
                                        (ln["exercise"], ln["students"], ln["first_try_correct"], ln["solved"],
                                         ln["median_attempts"])) + "</tr>" for ln in lines)
        text = "\n".join(f"{ln['exercise']}: {ln['students']} tried, {ln['first_try_correct']} right first time, "
                         f"{ln['solved']} solved" for ln in lines)
        return HtmlView(f"<table><tr>{head}</tr>{body}</table>", text or "No results.")

    @cached()
    def chart(self) -> Chart:
        """Per exercise: right first time, solved later, not solved (bars with hatching and labels)."""
        every = self.by_exercise()
        lines = every[:MAX_CHART_BARS]
        fig = new_figure(7, max(2.0, 0.32 * len(lines) + 1.2))
        ax = fig.add_subplot()
        names = [ln["exercise"] for ln in lines]
        first = [ln["first_try_correct"] for ln in lines]
        later = [ln["solved"] - ln["first_try_correct"] for ln in lines]
        never = [ln["students"] - ln["solved"] for ln in lines]
        y = list(range(len(lines)))
        ax.barh(y, first, color=PALETTE["blue"], label="right first time")
        ax.barh(y, later, left=first, color=PALETTE["orange"], hatch="..", label="solved after more tries")
        ax.barh(y, never, left=[a + b for a, b in zip(first, later, strict=True)], color=PALETTE["grey"], hatch="//",
                label="not solved")
        ax.set_yticks(y, names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("students")
        more = len(every) - len(lines)
        ax.set_title("Self-checks across the class" + (f" (the first {len(lines)} of {len(every)} exercises; "
                                                        "the table has them all)" if more else ""), fontsize=10)
        if lines:
            ax.legend(loc="lower right", fontsize=8)
        parts = [f"{n}: {a} right first time, {b} solved later, {c} not solved" for n, a, b, c in
                 zip(names, first, later, never, strict=True)]
        alt = ("Bar chart of the class's self-checks, one bar per exercise. " + "; ".join(parts) + "."
               + (f" {more} more exercises are in the table, not in the chart." if more else "")
               if parts else "No results to chart.")
        return Chart(fig, alt, {"exercises": lines})


def _files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():  # anything not a folder is handed to the reader, which says why it cannot use it
            found += sorted(q for q in p.rglob("*.json") if not q.is_dir() and not q.name.startswith("."))
        elif os.path.lexists(p):
            found.append(p)
        else:
            missing.append((str(p), "no such file or folder"))
    return list(dict.fromkeys(found)), missing


def _problem(doc: Any) -> str:
    """Why a parsed document is not a results file, or ''."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return "not a kit results file (no 'format: kit-results/1')"
    if not isinstance(doc.get("student"), str) or not doc["student"]:
        return "the student id is missing"
    if not isinstance(doc.get("exercises"), dict):
        return "the list of exercises is missing"
    if len(doc["exercises"]) > MAX_EXERCISES:
        return f"lists {len(doc['exercises']):,} exercises; a results file holds at most {MAX_EXERCISES}"
    for ex_id, rec in doc["exercises"].items():
        if not isinstance(ex_id, str) or not _EX_ID.match(ex_id):
            return f"{str(ex_id)[:30]!r} is not an exercise id"
        if not isinstance(rec, dict):
            return f"{ex_id}: the record is not a set of fields"
        a = rec.get("attempts")
        if isinstance(a, bool) or not isinstance(a, int) or a < 0:
            return f"{ex_id}: attempts must be a whole number"
        if rec.get("first_try_correct") not in (True, False, None) or not isinstance(rec.get("solved"), bool):
            return f"{ex_id}: first_try_correct and solved must be true or false"
    return ""


def combine(paths: Iterable[str | Path] | str | Path) -> ClassResults:
    """Combine a class's results files (files or folders of them) into one table.

    Never raises on a bad file: each one is listed in ``problems`` with the reason, and every good
    file is kept. The same file handed in twice is counted once; of two exports by the same
    student (same id), the later one is kept.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, problems = _files(paths)
    seen_hash: dict[str, str] = {}
    latest: dict[str, tuple[str, Path, dict[str, Any]]] = {}
    for path in files:
        name = str(path)
        try:
            raw = read_bytes(path, MAX_BYTES)  # the size is checked while reading, not after
        except InputFileError as exc:
            problems.append((name, str(exc)))
            continue
        except OSError as exc:
            problems.append((name, f"cannot be read ({exc.strerror or exc})"))
            continue
        h = hashlib.sha256(raw).hexdigest()
        if h in seen_hash:
            problems.append((name, f"the same file as {seen_hash[h]} (counted once)"))
            continue
        seen_hash[h] = name
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            problems.append((name, "not readable as JSON (cut short or edited?)"))
            continue
        why = _problem(doc)
        if why:
            problems.append((name, why))
            continue
        sid = doc["student"]
        if sid in latest:
            old_stamp, old_path, _ = latest[sid]
            stamp = str(doc.get("exported", ""))
            newer, older = ((path, old_path) if stamp >= old_stamp else (old_path, path))
            problems.append((str(older), f"an older export by the same student as {newer} (the later one is used)"))
            if stamp >= old_stamp:
                latest[sid] = (stamp, path, doc)
            continue
        latest[sid] = (str(doc.get("exported", "")), path, doc)
    out = ClassResults(problems=problems)
    labels: dict[str, int] = {}
    for sid, (_stamp, path, doc) in sorted(latest.items(), key=lambda kv: str(kv[1][1])):
        nick = clean_nickname(doc.get("nickname")) or f"anonymous-{sid[:4]}"
        labels[nick] = labels.get(nick, 0) + 1
        label = nick if labels[nick] == 1 else f"{nick} ({labels[nick]})"
        out.used.append(str(path))
        for ex_id, rec in sorted(doc["exercises"].items()):
            minutes = rec.get("minutes")
            out.rows.append({"student": label, "exercise": ex_id, "notebook": ex_id[2:4],
                             "attempts": rec["attempts"], "first_try_correct": rec.get("first_try_correct"),
                             "solved": rec["solved"],
                             "hints_seen": rec.get("hints_seen") if isinstance(rec.get("hints_seen"), int) else None,
                             "answer_shown": bool(rec.get("answer_shown", False)),
                             "minutes": (minutes if isinstance(minutes, (int, float)) and not isinstance(minutes, bool)
                                         else None),
                             "file": path.name})
    return out


__all__ = ["export_results", "export_widget", "results_document", "combine", "ClassResults", "clean_nickname",
           "ExportWidget", "FORMAT", "spreadsheet_safe"]
