"""A student's exercise progress, kept in a small JSON file that survives a kernel restart.

The file lives in a per-user folder: ``$KIT_PROGRESS_DIR`` when set, else ``~/.kit-progress``.
Every change is written to a temporary file in the same folder and moved over the old file with
:func:`os.replace`, so a crash mid-write never leaves half a file. A file that cannot be read (cut
short, edited by hand, not JSON) is renamed aside, never deleted, and the kit starts afresh with a
message saying where the old file went. Nothing here raises to the student: when the folder cannot
be written, progress is kept in memory and a notice says so.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .files import InputFileError, atomic_write, locked, read_bytes

FORMAT = 1
FILE_NAME = "progress.json"
MAX_ANSWER_CHARS = 500
MAX_FILE_BYTES = 5_000_000
MAX_COUNT = 1_000_000


def progress_dir() -> Path:
    """The folder that holds the progress file.

    Examples
    --------
    >>> import os
    >>> os.environ["KIT_PROGRESS_DIR"] = "/tmp/kit-doctest-progress"
    >>> str(progress_dir())
    '/tmp/kit-doctest-progress'
    >>> del os.environ["KIT_PROGRESS_DIR"]
    """
    env = os.environ.get("KIT_PROGRESS_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".kit-progress"


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _storable(answer: Any) -> Any:
    """An answer as JSON can hold it, cut to a sensible length."""
    if answer is None or isinstance(answer, (bool, int, float)):
        if isinstance(answer, float) and answer != answer:  # NaN is not JSON
            return "nan"
        return answer
    if isinstance(answer, (list, tuple, set, frozenset)):
        items = sorted(answer, key=str) if isinstance(answer, (set, frozenset)) else list(answer)
        return [str(a)[:MAX_ANSWER_CHARS] for a in items[:50]]
    return str(answer)[:MAX_ANSWER_CHARS]


def count(value: Any) -> int:
    """A count from the progress file (attempts, hints seen), 0 when hand-edited into something else.

    Examples
    --------
    >>> count(3), count("x"), count(-2), count(True), count(1e300), count(2.0)
    (3, 0, 0, 0, 0, 2)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0
    if isinstance(value, float) and not (value.is_integer() and 0 <= value <= MAX_COUNT):
        return 0
    return int(value) if 0 <= value <= MAX_COUNT else 0


def _valid(doc: Any) -> bool:
    return (isinstance(doc, dict) and doc.get("format") == FORMAT and isinstance(doc.get("exercises"), dict)
            and all(isinstance(k, str) and isinstance(v, dict) for k, v in doc["exercises"].items()))


class ProgressStore:
    """Read and write one progress file.

    Parameters
    ----------
    folder : Path, optional
        Where the file lives; :func:`progress_dir` when left out.

    Attributes
    ----------
    notice : str
        A message for the student about the file (set aside, not writable), or ``""``.

    Examples
    --------
    >>> import tempfile
    >>> store = ProgressStore(Path(tempfile.mkdtemp()))
    >>> _ = store.record_attempt("ex01-demo", "42", True)
    >>> ProgressStore(store.folder).get("ex01-demo")["attempts"]
    1
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else active_progress_dir()
        self.path = self.folder / FILE_NAME
        self.notice = ""
        self._memory: dict[str, Any] = {"format": FORMAT, "exercises": {}}
        self._writable = True
        self._memory = self._read()

    # ---- reading
    def _read(self) -> dict[str, Any]:
        try:
            raw = read_bytes(self.path, MAX_FILE_BYTES)
        except InputFileError as exc:
            if exc.reason == "was not found":
                return {"format": FORMAT, "exercises": dict(self._memory.get("exercises", {}))}
            self.notice = f"Your saved progress file {exc.reason}, so answers are kept only until the kernel stops."
            self._writable = False
            return self._memory
        except OSError as exc:
            self.notice = (f"Your saved progress could not be read ({exc.strerror or exc}); "
                           "answers are kept only until the kernel stops.")
            self._writable = False
            return self._memory
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            doc = None
        if _valid(doc):
            assert isinstance(doc, dict)
            return doc
        aside = self._set_aside()
        self.notice = ("Your saved progress file was damaged, so the kit started a fresh one. "
                       + (f"The old file was kept as {aside}." if aside else "The old file was left where it was."))
        return {"format": FORMAT, "exercises": dict(self._memory.get("exercises", {}))}

    def _set_aside(self) -> str:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            target = self.path.with_name(f"{FILE_NAME}.damaged-{stamp}" + (f"-{n}" if n else ""))
            if not target.exists():
                try:
                    os.replace(self.path, target)
                except OSError:
                    self._writable = False
                    return ""
                return str(target)
        self._writable = False  # pragma: no cover - 100 damaged files in one second
        return ""

    def all(self) -> dict[str, dict[str, Any]]:
        """Every exercise's record (a copy)."""
        return json.loads(json.dumps(self._memory["exercises"]))  # type: ignore[no-any-return]

    def get(self, exercise_id: str) -> dict[str, Any]:
        """One exercise's record, or an empty dict when the student has not tried it."""
        return dict(self._memory["exercises"].get(exercise_id, {}))

    # ---- writing
    def _locked(self) -> Any:
        """The lock held from re-reading the file to replacing it (two kernels saving at once lose nothing)."""
        if not self._writable:
            return contextlib.nullcontext()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return locked(self.folder)
        except OSError:
            return contextlib.nullcontext()  # a read-only folder: _write says so

    def _update(self, exercise_id: str,
                change: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        try:
            with self._locked():
                # Re-read under the lock so two notebooks open at once do not undo each other's answers.
                if self._writable:
                    fresh = self._read()
                    if self._writable:
                        self._memory = fresh
                rec = dict(self._memory["exercises"].get(exercise_id, {}))
                now = _now()
                rec.setdefault("first_seen", now)
                for key, value in (change(rec) if callable(change) else change).items():
                    if key == "+attempts":
                        rec["attempts"] = count(rec.get("attempts")) + 1
                    else:
                        rec[key] = value
                rec["updated"] = now
                self._memory["exercises"][exercise_id] = rec
                self._write()
        except TimeoutError:
            self._writable = False
            self.notice = ("Another notebook has kept your progress file busy for too long; "
                           "answers are kept only until the kernel stops.")
            return self._update(exercise_id, change)  # in memory only, now
        return dict(rec)

    def _write(self) -> None:
        if not self._writable:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for stray in self.folder.glob(f".{self.path.name}.*.tmp"):  # left by a killed kernel; the lock is ours
                stray.unlink()
            atomic_write(self.path, json.dumps(self._memory, ensure_ascii=False, indent=1, sort_keys=True))
        except OSError as exc:
            self._writable = False
            self.notice = (f"Your progress cannot be saved in {self.folder} ({exc.strerror or exc}); "
                           "answers are kept only until the kernel stops.")

    def record_attempt(self, exercise_id: str, answer: Any, correct: bool | None) -> dict[str, Any]:
        """Record one checked answer (``correct`` None: the answer could not be judged)."""
        def change(rec: dict[str, Any]) -> dict[str, Any]:  # decided on the record as read under the lock
            out: dict[str, Any] = {"last_answer": _storable(answer), "last_correct": correct}
            if correct is None:
                return out
            out["+attempts"] = True
            if "first_try_correct" not in rec:
                out["first_try_correct"] = bool(correct)
            if correct and not rec.get("solved"):
                out["solved"] = True
                out["solved_at"] = _now()
            return out

        return self._update(exercise_id, change)

    def record_hint(self, exercise_id: str, hints_seen: int) -> dict[str, Any]:
        """Record how many hints the student has opened."""
        return self._update(exercise_id,
                            lambda rec: {"hints_seen": max(count(hints_seen), count(rec.get("hints_seen")))})

    def record_answer_shown(self, exercise_id: str) -> dict[str, Any]:
        """Record that the student asked to see the answer."""
        return self._update(exercise_id, {"answer_shown": True})

    def reset(self, exercise_id: str | None = None) -> None:
        """Forget one exercise, or all of them (the file is rewritten, not deleted)."""
        try:
            with self._locked():
                if self._writable:
                    self._memory = self._read()
                if exercise_id is None:
                    self._memory["exercises"] = {}
                else:
                    self._memory["exercises"].pop(exercise_id, None)
                self._write()
        except TimeoutError:
            self.notice = "Another notebook has kept your progress file busy for too long; nothing was reset."


    # ---- text answers and who is working (kit.exercises, notebook 00)
    def record_written(self, exercise_id: str, answer: Any) -> dict[str, Any]:
        """Record a text answer the student wrote and compared with the model answer (never "solved")."""
        return self._update(exercise_id, lambda rec: {"last_answer": _storable(answer), "last_correct": None,
                                                      "written": count(rec.get("written")) + 1})

    def record_self_assessment(self, exercise_id: str, covers: bool) -> dict[str, Any]:
        """Record the student's own verdict on a text answer, after comparing it with the model answer."""
        return self._update(exercise_id, {"self_assessed": "covers" if covers else "misses"})

    def clear(self) -> None:
        """Clear every answer of this student (the file is kept, empty): "Clear my answers"."""
        self.reset()


# ------------------------------------------------------------------------------------ who is working

WHO_FILE = "who.json"
ID_FILE = "results-id.txt"
PEOPLE = "people"
_CLASS_LIKE = re.compile(r"^\d{1,2}[a-z]{0,3}$", re.IGNORECASE)


def nickname_slug(nickname: str) -> str:
    """The folder name of one nickname's progress ('Blue Fox 7' -> 'blue-fox-7').

    Examples
    --------
    >>> nickname_slug("  Blue  Fox 7 "), nickname_slug("Zoé"), nickname_slug("!!")
    ('blue-fox-7', 'zoe', '')
    """
    folded = unicodedata.normalize("NFKD", nickname)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40]


# Common given names (English, French, Spanish, Portuguese, Italian, German, Arabic, Turkish, Chinese
# and Uyghur in Latin letters): a nickname that starts with one, followed by a capitalised word, looks
# like a real name. A heuristic: it warns, it cannot know.
_GIVEN_NAMES = frozenset("""
adam adrien agnes ahmed aicha alain alex alexandre alexis ali alice amelie amina amir ana andre andrea anna
anne antoine antonio arthur aurelie ayse baptiste ben benjamin bernard camille carla carlos caroline catherine
celine charles charlotte chloe christian christine claire clara claude clement daniel david denis diego dilnur
dolkun eliane elias elif elise ella emily emma emmanuel enzo eric ethan eva fatima felix fernando florence
francois frank franck gabriel george georges grace guillaume hamza hannah hans harry helene hugo ibrahim ines
isabelle jack jacques james jan jane jean jeanne jessica joao johann john jonas jose joseph jules julia julie
julien karim kevin laura lea leo leon lina louis louise luca lucas lucie luis lukas manon marc marco maria
marie marine mark martin mathilde matteo maxime mehmet mei michael michel mohamed muhammad nadia nathan nicolas
noah nora olivia oscar paul pauline pedro peter philippe pierre rachel raphael rebecca richard robert romain
rosa rushan samuel sara sarah sebastien sofia sophie stephane sylvie theo thomas tom ugo valentin victor
vincent wang wei william xavier yasmine yusuf zeynep zoe
""".split())


def looks_like_real_name(nickname: str) -> bool:
    """True when a nickname looks like a person's real name: a given name followed by a capitalised word.

    Examples
    --------
    >>> tuple(map(looks_like_real_name, ["Marie Dupont 3B", "Jean-Luc Picard", "zoé martin"]))
    (True, True, True)
    >>> tuple(map(looks_like_real_name, ["Blue Fox", "blue fox 7", "Marie", ""]))
    (False, False, False, False)
    """
    words = [w for w in re.split(r"[\s_.,]+", nickname.strip()) if w and not _CLASS_LIKE.match(w)]
    if len(words) < 2:
        return False
    first = nickname_slug(words[0].split("-")[0])
    second = words[1]
    return first in _GIVEN_NAMES and second.isalpha() and len(second) >= 2


def current_nickname(base: Path | None = None) -> str:
    """The nickname of whoever is working now on this computer, or "" when nobody said."""
    path = (base if base is not None else progress_dir()) / WHO_FILE
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    nick = doc.get("nickname") if isinstance(doc, dict) else None
    return nick if isinstance(nick, str) and nickname_slug(nick) else ""


def person_dir(nickname: str, base: Path | None = None) -> Path:
    """The folder of one person's progress: ``<progress dir>/people/<nickname>``; the base without one."""
    root = base if base is not None else progress_dir()
    slug = nickname_slug(nickname)
    return root / PEOPLE / slug if slug else root


def active_progress_dir() -> Path:
    """The progress folder of whoever is working now (see :func:`set_current_nickname`)."""
    base = progress_dir()
    return person_dir(current_nickname(base), base)


def set_current_nickname(nickname: str, base: Path | None = None) -> Path:
    """Say who is working now; returns that person's progress folder. "" means nobody in particular.

    Raises
    ------
    OSError
        When the progress folder cannot be written.
    """
    root = base if base is not None else progress_dir()
    root.mkdir(parents=True, exist_ok=True)
    atomic_write(root / WHO_FILE, json.dumps({"nickname": nickname.strip()[:40]}, ensure_ascii=False))
    return person_dir(nickname, root)


def student_id(folder: Path) -> str:
    """A random id kept in a progress folder: the same student on every run (results, option order)."""
    path = folder / ID_FILE
    try:
        found = read_bytes(path, 1000).decode("ascii", "replace").strip()
        if re.fullmatch(r"[0-9a-f]{16}", found):
            return found
    except OSError:
        pass
    new = secrets.token_hex(8)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(new + "\n", encoding="utf-8")
    except OSError:
        pass  # not writable: this run still gets an id
    return new


STATE_LABELS = {"new": "", "trying": "not solved yet", "solved": "solved ✔", "answer_shown": "answer shown",
                "written": "answer written: compare it with the model answer",
                "covers": "you compared your answer with the model answer and marked it as making its points",
                "misses": "you compared your answer with the model answer and marked it as missing something"}


def exercise_state(rec: dict[str, Any] | Any) -> str:
    """The one state of an exercise: new, trying, solved, answer_shown, written, covers or misses.

    Examples
    --------
    >>> exercise_state({}), exercise_state({"attempts": 2, "solved": True, "answer_shown": True, "last_correct": False})
    ('new', 'solved')
    """
    if not isinstance(rec, dict) or not rec:
        return "new"
    if rec.get("solved") is True:
        return "solved"
    if rec.get("answer_shown") is True:
        return "answer_shown"
    if rec.get("self_assessed") in ("covers", "misses"):
        return str(rec["self_assessed"])
    if rec.get("written"):
        return "written"
    return "trying" if rec.get("attempts") else "new"


def state_label(rec: dict[str, Any] | Any) -> str:
    """The status line of an exercise, from its one state ("" before any attempt)."""
    state = exercise_state(rec)
    label = STATE_LABELS[state]
    n = count(rec.get("attempts")) if isinstance(rec, dict) else 0
    if n and state in ("trying", "solved", "answer_shown"):
        label = f"{label} ({n} attempt{'s' if n != 1 else ''})"
    return label


__all__ = ["ProgressStore", "progress_dir", "FILE_NAME", "count", "active_progress_dir", "current_nickname",
           "set_current_nickname", "person_dir", "looks_like_real_name", "nickname_slug", "student_id",
           "exercise_state", "state_label", "STATE_LABELS"]
