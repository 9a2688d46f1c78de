"""Review a draft article: accept or correct each guess, add facts with sources, save safely.

A :class:`Review` holds the article's data as plain dicts while a person works on it. Every change
is checked before it is made (a clear message, nothing changed, when the input is bad), and
:meth:`Review.save` writes only data that validates: the files are written beside the old ones
and swapped in with ``os.replace``; the previous version of each file is first copied to
``versions/<file>.<timestamp>`` in the article's folder; if validation fails nothing is written and
the edits stay in the session. :func:`review_widget` puts this in a notebook.
"""

from __future__ import annotations

import copy
import datetime as _dt
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from .controls import widgets
from .display import PALETTE, escape, short, style_widget
from .doccache import read_document  # parsed once per content (issue 17), as kit.yamlio reads it
from .errors import DataError
from .files import atomic_write, swap_folders
from .loader import check, data_dir, forget_libraries, library
from .scaffold import GUESSED, UNKNOWN_SPEAKER, dump_yaml, slug

MAX_FIELD = 2000
TOPICS = ("vote", "procedure", "text", "actors", "reaction", "recognition", "context", "article")
SOURCE_KINDS = ("official_record", "primary", "news", "copy", "reference")
ACTOR_KINDS = ("person", "organisation", "government", "legislature", "party", "outlet", "group", "anonymous",
               "document")
GROUPS = ("outlet", "legislator", "government", "activist", "researcher", "official_body", "other")
CLAIM_KINDS = ("fact", "estimate", "evaluation", "prediction")


class ReviewError(ValueError):
    """An edit or a save that could not be made; the message says why and what to do."""


def clean_text(value: Any, what: str, *, required: bool = True, limit: int = MAX_FIELD) -> str:
    """A field's text, checked: not empty (when required), not too long, no control characters.

    Markup is kept as literal text (every view escapes it).

    Examples
    --------
    >>> clean_text("  Maya Okafor ", "name")
    'Maya Okafor'
    >>> try:
    ...     clean_text("", "name")
    ... except ReviewError as e:
    ...     print(e)
    The name is empty; type it in.
    """
    if value is None:
        value = ""
    if isinstance(value, bytes):
        raise ReviewError(f"The {what} is binary data, not text; type or paste text.")
    text = str(value).strip()
    if required and not text:
        raise ReviewError(f"The {what} is empty; type it in.")
    if len(text) > limit:
        raise ReviewError(f"The {what} is {len(text):,} characters long; at most {limit:,} fit here. Shorten it.")
    bad = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]
    if bad:
        raise ReviewError(f"The {what} contains {len(bad)} control character(s) (binary data?); type or paste "
                          "plain text.")
    return text


def _number(value: Any, what: str) -> float | int:
    text = clean_text(value, what, limit=40).replace(",", "").replace("\u00a0", "").replace(" ", "")
    try:
        f = float(text)
    except ValueError:
        raise ReviewError(f"The {what} {text!r} is not a number; type digits such as 1200000 or 62.5.") from None
    if f != f or f in (float("inf"), float("-inf")):
        raise ReviewError(f"The {what} must be a finite number.")
    return int(f) if f == int(f) else f


class Review:
    """A review session on one article folder.

    Examples
    --------
    >>> import tempfile, pathlib, shutil
    >>> from kit.loader import data_dir
    >>> from kit.scaffold import Options, build_draft, write_draft
    >>> root = pathlib.Path(tempfile.mkdtemp()) / "data"
    >>> root.mkdir()
    >>> _ = shutil.copy(data_dir() / "sources.yaml", root / "sources.yaml")
    >>> draft = build_draft('"We will build it," said Mayor Ana Lopes.', Options(id="demo"))
    >>> folder = write_draft(draft, root / "articles")
    >>> r = Review(folder)
    >>> r.set_speaker(0, "ana-lopes")
    'Quote 1: speaker set to Ana Lopes.'
    >>> r.save().startswith("Saved")
    True
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.docs: dict[str, dict[str, Any]] = {}
        for stem in ("article", "facts", "sources"):
            p = self.folder / f"{stem}.yaml"
            if p.is_file():
                doc, _lines, problems = read_document(p, str(p))
                if problems:
                    raise ReviewError(f"{p} cannot be read: {problems[0]}. Fix it by hand, or run: "
                                      f"python -m kit validate {self.folder}")
                self.docs[stem] = doc
        if "article" not in self.docs:
            raise ReviewError(f"{self.folder} has no article.yaml; make a draft with: python -m kit new REPORT.txt")
        self.article = self.docs["article"]
        self.changed = False
        self._saved = copy.deepcopy(self.docs)  # what the files hold: only a real change is written
        self._saved_status = self.article.get("status")

    # ---- what is left
    @property
    def review_items(self) -> list[dict[str, str]]:
        """The guesses still to review."""
        return list(self.article.get("review", []))

    def _done(self, *targets: str) -> None:
        items = [r for r in self.article.get("review", []) if r["target"] not in targets]
        self.article["review"] = items
        self.changed = True

    def _unmark(self, rec: dict[str, Any], key: str) -> None:
        if str(rec.get(key, "")).startswith(GUESSED):
            rec.pop(key)

    def actor_ids(self) -> list[str]:
        """The ids of the article's actors."""
        return [a["id"] for a in self.article["actors"]]

    def actor_name(self, actor_id: str) -> str:
        """An actor's name from its id."""
        return str(next((a["name"] for a in self.article["actors"] if a["id"] == actor_id), actor_id))

    def add_actor(self, name: Any, kind: str = "person", group: str = "other", description: Any = "") -> str:
        """Add an actor (or return the id of the one with that name); return its id."""
        name = clean_text(name, "name", limit=200)
        if kind not in ACTOR_KINDS:
            raise ReviewError(f"The kind {kind!r} is not one of: {', '.join(ACTOR_KINDS)}.")
        if group not in GROUPS:
            raise ReviewError(f"The group {group!r} is not one of: {', '.join(GROUPS)}.")
        for a in self.article["actors"]:
            if a["name"].casefold() == name.casefold():
                return str(a["id"])
        aid = slug(name, "actor")
        while aid in self.actor_ids():
            aid += "-2"
        desc = (clean_text(description, "description", required=False)
                or "Added in review; role and affiliation to be described.")
        self.article["actors"].append({"id": aid, "name": name, "kind": kind, "description": desc, "group": group,
                                       "in_article": True})
        self.changed = True
        return aid

    def update_actor(self, actor_id: str, name: Any = None, kind: str | None = None, group: str | None = None,
                     description: Any = None) -> str:
        """Correct an actor's name, kind, group or description, and mark the guess reviewed."""
        if actor_id not in self.actor_ids():
            raise ReviewError(f"There is no actor {actor_id!r}; the actors are: {', '.join(self.actor_ids())}.")
        i = self.actor_ids().index(actor_id)
        a = self.article["actors"][i]
        if kind is not None and kind not in ACTOR_KINDS:
            raise ReviewError(f"The kind {kind!r} is not one of: {', '.join(ACTOR_KINDS)}.")
        if group is not None and group not in GROUPS:
            raise ReviewError(f"The group {group!r} is not one of: {', '.join(GROUPS)}.")
        new_name = clean_text(name, "name", limit=200) if name is not None else None
        new_desc = clean_text(description, "description") if description is not None else None
        if new_name is not None:
            a["name"] = new_name
        if new_desc is not None:
            a["description"] = new_desc
        if kind is not None:
            a["kind"] = kind
        if group is not None:
            a["group"] = group
        self._done(f"actors[{i}]")
        return f"Actor {a['name']} updated."

    def _actor(self, who: Any) -> str:
        name = clean_text(who, "speaker", limit=200)
        if name in self.actor_ids():
            return name
        return self.add_actor(name)

    def _index(self, section: str, i: Any) -> dict[str, Any]:
        items = self.article.get(section, [])
        if not isinstance(i, int) or not 0 <= i < len(items):
            raise ReviewError(f"There is no {section[:-1]} number {i!r}; the article has {len(items)}.")
        rec: dict[str, Any] = items[i]
        return rec

    # ---- the edits
    def set_speaker(self, i: int, who: Any, verb: Any = None) -> str:
        """Accept or correct a quote's speaker (an actor id, or a new name, which adds an actor)."""
        q = self._index("quotes", i)
        q["speaker"] = self._actor(who)
        if verb is not None and str(verb).strip():
            q["speech_verb"] = clean_text(verb, "speech verb", limit=60)
        self._unmark(q, "note")
        self._done(f"quotes[{i}].speaker", f"quotes[{i}].mode")
        self._drop_unused_placeholder()
        return f"Quote {i + 1}: speaker set to {self.actor_name(q['speaker'])}."

    def set_voice(self, i: int, who: Any, kind: str | None = None) -> str:
        """Accept or correct a claim's voice (and its kind: fact, estimate, evaluation, prediction)."""
        c = self._index("claims", i)
        c["voice"] = self._actor(who)
        if kind is not None:
            if kind not in CLAIM_KINDS:
                raise ReviewError(f"The kind {kind!r} is not one of: {', '.join(CLAIM_KINDS)}.")
            c["kind"] = kind
        self._unmark(c, "note")
        self._done(f"claims[{i}].voice")
        return f"Claim {i + 1}: voice set to {self.actor_name(c['voice'])}."

    def set_number(self, i: int, counts: Any, unit: Any = None, value: Any = None,
                   approximate: bool | None = None) -> str:
        """Accept or correct what a number counts, its unit and value."""
        n = self._index("numbers", i)
        new_counts = clean_text(counts, "meaning of the number (what it counts)", limit=500)
        new_unit = clean_text(unit, "unit", limit=60) if unit is not None else None
        new_value = _number(value, "value") if value is not None and str(value).strip() else None
        n["counts"] = new_counts
        if new_unit is not None:
            n["unit"] = new_unit
        if new_value is not None:
            n["value"] = new_value
        if approximate is not None:
            n["approximate"] = bool(approximate)
        self._unmark(n, "context")
        self._done(f"numbers[{i}].counts")
        return f"Number {i + 1} ({n['anchor']}): counts {new_counts}"

    def accept(self, target: str) -> str:
        """Accept a guess as it stands (for example ``paragraphs[3].role``)."""
        if target not in [r["target"] for r in self.review_items]:
            raise ReviewError(f"{target!r} is not on the list left to review.")
        m = re.match(r"(quotes|claims|numbers)\[(\d+)\]", target)
        if m:
            rec = self.article[m.group(1)][int(m.group(2))]
            self._unmark(rec, "context" if m.group(1) == "numbers" else "note")
        self._done(target)
        return f"Accepted: {target}."

    def set_role(self, i: int, role: str) -> str:
        """Correct a paragraph's role."""
        roles = ("headline", "lede", "body", "quote", "background", "reaction", "caption", "credit")
        if role not in roles:
            raise ReviewError(f"The role {role!r} is not one of: {', '.join(roles)}.")
        self._index("paragraphs", i)["role"] = role
        self._done(f"paragraphs[{i}].role")
        return f"Paragraph {i + 1}: role set to {role}."

    def add_fact(self, statement: Any, topic: str, source_title: Any, publisher: Any, *, kind: str = "primary",
                 url: Any = None, date: Any = None, passage: Any = None, note: Any = None, claim: int | None = None,
                 relation: str = "supports", fictional: bool = False) -> str:
        """Add a fact with its source to the article's facts registry (and link it to a claim)."""
        statement = clean_text(statement, "fact", limit=1000)
        if topic not in TOPICS:
            raise ReviewError(f"The topic {topic!r} is not one of: {', '.join(TOPICS)}.")
        if kind not in SOURCE_KINDS:
            raise ReviewError(f"The kind of source {kind!r} is not one of: {', '.join(SOURCE_KINDS)}.")
        title = clean_text(source_title, "source's title", limit=300)
        publisher = clean_text(publisher, "source's publisher", limit=200)
        url_text = clean_text(url, "address", required=False, limit=500)
        if url_text and not re.match(r"^https?://", url_text):
            raise ReviewError(f"The address {url_text!r} should start with http:// or https://.")
        date_text = clean_text(date, "date", required=False, limit=10)
        if date_text and not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", date_text):
            raise ReviewError(f"The date {date_text!r} should be written YYYY-MM-DD.")
        passage_text = clean_text(passage, "passage", required=False, limit=1000)
        note_text = clean_text(note, "note", required=False, limit=1000)
        if relation not in ("supports", "completes", "contradicts"):
            raise ReviewError("The relation should be supports, completes or contradicts.")
        if claim is not None:
            self._index("claims", claim)
        sources = self.docs.setdefault("sources", {"schema_version": 1, "sources": []})
        sid = next((s["id"] for s in sources["sources"] if s["title"] == title and s["publisher"] == publisher), None)
        if sid is None:
            sid = f"{self.article['id'][:30]}-{slug(title, 'source')[:30]}".strip("-")
            while any(s["id"] == sid for s in sources["sources"]):
                sid += "-2"
            src: dict[str, Any] = {"id": sid, "title": title, "publisher": publisher,
                                   "url": url_text or {"absent": "not_applicable" if fictional else "not_found",
                                                       "reason": ("A fictional source: it exists only in this kit."
                                                                  if fictional else "No address was given in review.")},
                                   "date": date_text or {"absent": "not_found",
                                                         "reason": "No date was given in review."},
                                   "kind": kind, "language": self.article["metadata"]["language"].split("-")[0]}
            if fictional:
                src["note"] = ("FICTIONAL: written for teaching together with the fictional article; no such "
                               "document exists.")
            sources["sources"].append(src)
        facts = self.docs.setdefault("facts", {"schema_version": 1, "facts": []})
        fid = f"f-{slug(statement, 'fact')[:40]}".strip("-")
        while any(f["id"] == fid for f in facts["facts"]):
            fid += "-2"
        cite: dict[str, Any] = {"source": sid}
        if passage_text:
            cite["quote"] = passage_text
        fact: dict[str, Any] = {"id": fid, "statement": statement, "topic": topic, "confidence": "single_source",
                                "sources": [cite]}
        if note_text or fictional:
            fact["note"] = (("FICTIONAL. " if fictional else "") + note_text).strip()
        facts["facts"].append(fact)
        if claim is not None:
            c = self._index("claims", claim)
            c.setdefault("facts", []).append({"fact": fid, "relation": relation})
            if relation == "supports" and c.get("assessment") == "unverified":
                c["assessment"] = "supported"
        self.changed = True
        return f"Fact {fid} added, with its source {sid}."

    def _drop_unused_placeholder(self) -> None:
        used = ({q["speaker"] for q in self.article.get("quotes", [])}
                | {c["voice"] for c in self.article.get("claims", [])})
        if UNKNOWN_SPEAKER not in used:
            self.article["actors"] = [a for a in self.article["actors"] if a["id"] != UNKNOWN_SPEAKER]

    # ---- saving
    def _texts(self) -> dict[str, str]:
        if not self.article.get("review"):
            self.article["status"] = "reviewed"
            self.article.pop("review", None)
        out = {"article.yaml": dump_yaml(self.article)}
        for stem in ("facts", "sources"):
            if stem in self.docs:
                out[f"{stem}.yaml"] = dump_yaml(self.docs[stem])
        return out

    def save(self, *, overwrite_reviewed: bool = False) -> str:
        """Validate, keep the previous version, and replace the files as one set; return what happened.

        The new set is built in a folder beside the article's (unchanged files hard-linked, symbolic
        links copied as links, never followed), checked, then swapped in with one rename, so after
        a crash at any instant the folder holds either the old set or the new one. Only files whose
        content changed are rewritten; each one's previous version goes to ``versions/`` (the last
        :data:`MAX_VERSIONS` of each file are kept).

        Parameters
        ----------
        overwrite_reviewed : bool
            Needed to save over an article whose files say ``status: reviewed`` (a person checked
            every annotation; the case study is one): without it, nothing is written.

        Raises
        ------
        ReviewError
            When the edited data does not validate (nothing is written; the edits stay here), the
            article is reviewed and ``overwrite_reviewed`` is not given, or the folder cannot be
            written.
        """
        aid = self.article["id"]
        texts = self._texts()
        changed = {name: text for name, text in texts.items() if self.docs[name[:-5]] != self._saved.get(name[:-5])}
        if not changed:
            self.changed = False
            return f"Nothing to save: {aid}'s files already hold these data; no file was rewritten."
        if self._saved_status == "reviewed" and not overwrite_reviewed:
            raise ReviewError(f"Not saved: {aid} is marked reviewed (a person has checked every annotation), and "
                              "saving would rewrite its data files. To change it anyway, tick \"I mean to change this "
                              "reviewed article\" and save again. Your edits are kept here.")
        real = Path(os.path.realpath(self.folder))
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        _remove_strays(real)
        try:
            scratch = Path(tempfile.mkdtemp(prefix=f".{real.name}.review-", dir=real.parent))
        except OSError as exc:
            raise ReviewError(f"Could not write beside {self.folder} ({exc.strerror or exc}); nothing was saved, "
                              "your edits are kept here.") from None
        try:
            stage = scratch / real.name
            _mirror(real, stage)
            versions = stage / "versions"
            versions.mkdir(exist_ok=True)
            for name, text in changed.items():
                old = stage / name
                if os.path.lexists(old):
                    os.replace(old, versions / f"{name}.{stamp}")  # the old file itself, by its link
                atomic_write(old, text, mode=_mode_of(real / name))
            _prune_versions(versions, tuple(changed))
            problems, _ = check(stage)
            if problems:
                listed = "; ".join(p.message if hasattr(p, "message") else str(p) for p in problems[:5])
                raise ReviewError(f"Not saved: the edited data has {len(problems)} problem(s): {listed}. "
                                  "Your edits are kept here; correct them and save again.")
            aside = swap_folders(stage, real)
        except OSError as exc:
            shutil.rmtree(scratch, ignore_errors=True)
            raise ReviewError(f"Could not write {self.folder} ({exc.strerror or exc}); nothing was saved, "
                              "your edits are kept here.") from None
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        shutil.rmtree(scratch, ignore_errors=True)
        if aside is not None and aside.parent != scratch:
            shutil.rmtree(aside, ignore_errors=True)
        forget_libraries()
        self._saved = copy.deepcopy(self.docs)
        self._saved_status = self.article.get("status")
        problems, arts = check(self.folder)
        self.changed = False
        left = len(self.review_items)
        state = ("reviewed: every guess has been checked" if not left
                 else f"still a draft, {left} item(s) left to review")
        files = ", ".join(sorted(changed))
        if problems:  # pragma: no cover - validated above; only a change made meanwhile by someone else gets here
            return f"Saved {aid}, but the check after saving found {len(problems)} problem(s): {problems[0]}"
        return (f"Saved {aid} ({state}): {files} rewritten; the previous version is in versions/. "
                "Checked again after saving: valid.")


MAX_VERSIONS = 10
"""How many previous versions of each file ``versions/`` keeps."""


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(os.lstat(path).st_mode) if not os.path.islink(path) else None
    except OSError:
        return None


def _mirror(src: Path, dst: Path) -> None:
    """Rebuild folder ``src`` at ``dst``: files hard-linked (copied where links fail), symlinks as symlinks.

    Nothing is followed: a symbolic link to a large folder costs one link, not a copy of it.
    """
    os.mkdir(dst)
    shutil.copystat(src, dst, follow_symlinks=False)
    for entry in os.scandir(src):
        if entry.name.startswith(".") and entry.name.endswith(".tmp"):
            continue  # a temporary file an interrupted write left behind
        target = dst / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry.path), target)
        elif entry.is_dir(follow_symlinks=False):
            _mirror(Path(entry.path), target)
        elif entry.is_file(follow_symlinks=False):
            try:
                os.link(entry.path, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(entry.path, target, follow_symlinks=False)
        elif stat.S_ISFIFO(entry.stat(follow_symlinks=False).st_mode):
            os.mkfifo(target, stat.S_IMODE(entry.stat(follow_symlinks=False).st_mode))
        # a socket or a device in an article folder is not data: it is left out


def _prune_versions(versions: Path, names: tuple[str, ...]) -> None:
    """Keep the newest :data:`MAX_VERSIONS` of each file in ``versions/`` (the stamps sort by time)."""
    for name in names:
        olds = sorted(p for p in versions.iterdir()
                      if p.name.startswith(f"{name}.") and p.name[len(name) + 1:][:1].isdigit())
        for p in olds[:-MAX_VERSIONS]:
            p.unlink()


def _remove_strays(folder: Path) -> None:
    """Remove what an interrupted save of ``folder`` left beside it (its scratch folders, dotted)."""
    try:
        strays = [p for p in folder.parent.iterdir()
                  if p.name.startswith((f".{folder.name}.review-", f".{folder.name}.old-")) and p.is_dir()]
    except OSError:
        return
    for p in strays:
        shutil.rmtree(p, ignore_errors=True)


def first_draft() -> str | None:
    """The id of the first article of the kit's data still marked draft, or None (notebook 11 opens on it).

    Examples
    --------
    >>> first_draft() is None or isinstance(first_draft(), str)
    True
    """
    try:
        lib = library()
    except Exception:  # a broken shared bibliography: the lesson's own loading says so
        return None
    # the listing says which articles are drafts without building any; only those are validated,
    # in order, until one is valid (a broken draft is skipped, as before)
    for entry in lib.listing:
        if entry.status == "draft" and entry.state != "broken":
            try:
                return lib.article(entry.name).id
            except DataError:  # a broken draft: the next one, and the picker names this one as broken
                continue
    return None


# ------------------------------------------------------------------ the widget

def _sureness(confidence: float | None) -> str:
    """A guess's confidence in words, for the list of guesses (the least certain are listed first)."""
    if confidence is None:
        return "not recorded"
    return "not sure" if confidence < 0.4 else "fairly sure" if confidence < 0.7 else "sure"


def review_widget(article: Any) -> Any:
    """A notebook widget to review a draft: quotes' speakers, claims' voices, numbers' meanings, facts.

    Parameters
    ----------
    article : Article, str or Path
        The article (or its id, or its folder).

    Returns
    -------
    ipywidgets.VBox
        With ``.kit``, the object holding the session and every control (for tests).
    """
    return ReviewWidget(article).box


class ReviewWidget:
    """The controls of :func:`review_widget`; callbacks are thin and show errors in the widget."""

    def __init__(self, article: Any) -> None:
        w = widgets()

        self._escape = escape
        folder = _folder_of(article)
        self.session = Review(folder)
        a = self.session.article
        self.status = w.HTML()
        self.message = w.HTML()
        # quotes
        self.quote_pick = w.Dropdown(description="Quote:", layout=w.shared_layout(width="95%"))
        self.quote_text = w.HTML()
        self.speaker = w.Dropdown(description="Speaker:")
        self.new_speaker = w.Text(description="or new:", placeholder="a name not in the list")
        self.quote_ok = w.Button(description="Save this speaker", button_style="primary")
        # claims
        self.claim_pick = w.Dropdown(description="Claim:", layout=w.shared_layout(width="95%"))
        self.claim_text = w.HTML()
        self.voice = w.Dropdown(description="Voice:")
        self.new_voice = w.Text(description="or new:", placeholder="a name not in the list")
        self.claim_kind = w.Dropdown(description="Kind:", options=list(CLAIM_KINDS))
        self.claim_ok = w.Button(description="Save this voice", button_style="primary")
        # numbers
        self.number_pick = w.Dropdown(description="Number:", layout=w.shared_layout(width="95%"))
        self.number_text = w.HTML()
        self.counts = w.Text(description="Counts:", layout=w.shared_layout(width="95%"))
        self.unit = w.Text(description="Unit:")
        self.value = w.Text(description="Value:")
        self.number_ok = w.Button(description="Save this meaning", button_style="primary")
        # facts
        self.fact = w.Textarea(description="Fact:", placeholder="One checkable statement",
                               layout=w.shared_layout(width="95%"))
        self.topic = w.Dropdown(description="Topic:", options=list(TOPICS), value="context")
        self.src_title = w.Text(description="Source:", placeholder="title of the document",
                                layout=w.shared_layout(width="95%"))
        self.src_publisher = w.Text(description="Publisher:")
        self.src_kind = w.Dropdown(description="Kind:", options=list(SOURCE_KINDS), value="primary")
        self.src_url = w.Text(description="Address:", placeholder="https://...")
        self.src_date = w.Text(description="Date:", placeholder="YYYY-MM-DD")
        self.passage = w.Textarea(description="Passage:", placeholder="the short passage the fact rests on")
        self.fact_claim = w.Dropdown(description="Claim:")
        self.fictional = w.Checkbox(description="the source is fictional (written for teaching)",
                                    value=a["nature"]["kind"] == "fictional", indent=False,
                                    layout=w.shared_layout(width="auto"))
        self.fact_ok = w.Button(description="Add this fact", button_style="primary")
        self.save_button = w.Button(description="Save to the data file", button_style="success", icon="save",
                                    layout=w.shared_layout(width="auto", align_self="flex-start"))

        self.quote_pick.observe(lambda c: self._guard(self._show_quote), names="value")
        self.claim_pick.observe(lambda c: self._guard(self._show_claim), names="value")
        self.number_pick.observe(lambda c: self._guard(self._show_number), names="value")
        self.quote_ok.on_click(lambda b: self._guard(self.on_quote))
        self.claim_ok.on_click(lambda b: self._guard(self.on_claim))
        self.number_ok.on_click(lambda b: self._guard(self.on_number))
        self.fact_ok.on_click(lambda b: self._guard(self.on_fact))
        self.save_button.on_click(lambda b: self._guard(self.on_save))

        tabs = w.Tab(children=[
            w.VBox([self.quote_pick, self.quote_text, w.HBox([self.speaker, self.new_speaker]), self.quote_ok]),
            w.VBox([self.claim_pick, self.claim_text, w.HBox([self.voice, self.new_voice]), self.claim_kind,
                    self.claim_ok]),
            w.VBox([self.number_pick, self.number_text, self.counts, w.HBox([self.unit, self.value]), self.number_ok]),
            w.VBox([self.fact, self.topic, self.src_title, w.HBox([self.src_publisher, self.src_kind]),
                    w.HBox([self.src_url, self.src_date]), self.passage, self.fact_claim, self.fictional,
                    self.fact_ok]),
        ])
        for i, title in enumerate(("Quotes: speaker", "Claims: voice", "Numbers: meaning", "Facts and sources")):
            tabs.set_title(i, title)
        self.tabs = tabs
        for button in (self.quote_ok, self.claim_ok, self.number_ok, self.fact_ok):
            # the whole label, never "Save this spe...", and as wide as its label, not the whole column
            button.layout = w.shared_layout(width="auto", align_self="flex-start")
        # a reviewed article (the case study is one) is saved over only when this is ticked
        self.confirm = w.Checkbox(description="I mean to change this reviewed article", value=False, indent=False,
                                  layout=w.Layout(display="" if self.session._saved_status == "reviewed" else "none"))
        self.box = w.VBox([self.status, tabs, self.confirm, self.save_button, self.message, style_widget()])
        self.box.kit = self
        self._refresh()

    # ---- display
    def _guard(self, fn: Any) -> None:
        try:
            fn()
        except ReviewError as exc:
            self._say(str(exc), ok=False)
        except Exception as exc:  # never raised into the page; the edits stay in the session
            self._say(f"Something went wrong ({type(exc).__name__}: {exc}); your edits are kept, nothing was saved.",
                      ok=False)

    def _say(self, text: str, ok: bool = True) -> None:
        colour = PALETTE["green"] if ok else PALETTE["vermillion"]
        self.message.value = (f"<p role='status' style='border-left:6px solid {colour};padding:4px 8px'>"
                              f"{self._escape(text)}</p>")

    def _actor_options(self) -> list[tuple[str, str]]:
        return [(f"{a['name']} ({a['kind']})", a["id"]) for a in self.session.article["actors"]]

    def _confidence(self, target: str) -> float | None:
        """How sure kit new was of a guess still to review (None when reviewed, or not recorded)."""
        item = next((r for r in self.session.review_items if r["target"] == target), None)
        if item is None:
            return None
        c: object = item.get("confidence", 0.5)
        return float(c) if isinstance(c, (int, float)) else 0.5

    def _pending(self, target: str) -> str:
        if not any(r["target"] == target for r in self.session.review_items):
            return ""
        return f" [to review, {_sureness(self._confidence(target))}]"

    def _least_certain_first(self, section: str, field: str) -> list[int]:
        """Indexes of a section's records: guesses to review, least certain first, then the reviewed ones."""
        recs = self.session.article.get(section, [])

        def key(i: int) -> tuple[int, float, int]:
            c = self._confidence(f"{section}[{i}].{field}")
            return (1, 0.0, i) if c is None else (0, c, i)
        return sorted(range(len(recs)), key=key)

    def _refresh(self) -> None:
        a = self.session.article
        left = len(self.session.review_items)
        unsaved = " Unsaved edits." if self.session.changed else ""
        self.status.value = (f"<p><b>{self._escape(a['metadata']['headline'])}</b> ({self._escape(a['id'])}): "
                             f"{left} guess(es) left to review.{unsaved}</p>")
        actors = self._actor_options()
        self.speaker.options = actors
        self.voice.options = actors
        keep_q, keep_c, keep_n = self.quote_pick.value, self.claim_pick.value, self.number_pick.value
        quotes, claims, numbers = a.get("quotes", []), a.get("claims", []), a.get("numbers", [])
        self.quote_pick.options = [(f"{i + 1}. {short(quotes[i]['anchor'], 70)}"
                                    f"{self._pending(f'quotes[{i}].speaker')}", i)
                                   for i in self._least_certain_first("quotes", "speaker")]
        self.claim_pick.options = [(f"{i + 1}. {short(claims[i]['anchor'], 70)}"
                                    f"{self._pending(f'claims[{i}].voice')}", i)
                                   for i in self._least_certain_first("claims", "voice")]
        self.number_pick.options = [(f"{i + 1}. {numbers[i]['anchor']} (paragraph {numbers[i]['paragraph'][1:]})"
                                     f"{self._pending(f'numbers[{i}].counts')}", i)
                                    for i in self._least_certain_first("numbers", "counts")]
        self.fact_claim.options = [("(no claim)", -1)] + [(f"{i + 1}. {short(c['anchor'], 50)}", i)
                                                          for i, c in enumerate(a.get("claims", []))]
        for pick, keep in ((self.quote_pick, keep_q), (self.claim_pick, keep_c), (self.number_pick, keep_n)):
            values = [v for _, v in pick.options]
            if keep in values:
                pick.value = keep
            elif values:
                pick.value = values[0]
        self._show_quote()
        self._show_claim()
        self._show_number()

    def _context(self, rec: dict[str, Any]) -> str:
        para = next(p for p in self.session.article["paragraphs"] if p["id"] == rec["paragraph"])
        text, anchor = para["text"], rec["anchor"]
        at = text.find(anchor)
        e = self._escape
        if at < 0:
            return f"<p>{e(text)}</p>"
        return (f"<p style='color:#333'><small>paragraph {e(rec['paragraph'][1:])}</small> {e(text[:at])}"
                f"<mark style='background:#F0E442'>{e(anchor)}</mark>{e(text[at + len(anchor):])}</p>")

    def _reason(self, target: str) -> str:
        r = next((r["reason"] for r in self.session.review_items if r["target"] == target), "")
        if not r:
            return "<p><i>Reviewed.</i></p>"
        how = _sureness(self._confidence(target))
        return f"<p><i>{self._escape(r)}</i><br><small>How sure the tool was: {how}.</small></p>"

    def _show_quote(self) -> None:
        i = self.quote_pick.value
        if i is None:
            self.quote_text.value = "<p>This article has no quotes to review.</p>"
            return
        q = self.session.article["quotes"][i]
        self.quote_text.value = self._context(q) + self._reason(f"quotes[{i}].speaker")
        self.speaker.value = q["speaker"]

    def _show_claim(self) -> None:
        i = self.claim_pick.value
        if i is None:
            self.claim_text.value = "<p>This article has no claims to review.</p>"
            return
        c = self.session.article["claims"][i]
        self.claim_text.value = self._context(c) + self._reason(f"claims[{i}].voice")
        self.voice.value = c["voice"]
        self.claim_kind.value = c["kind"]

    def _show_number(self) -> None:
        i = self.number_pick.value
        if i is None:
            self.number_text.value = "<p>This article has no numbers to review.</p>"
            return
        n = self.session.article["numbers"][i]
        self.number_text.value = self._context(n) + self._reason(f"numbers[{i}].counts")
        self.counts.value = n["counts"]
        self.unit.value = n["unit"]
        self.value.value = str(n["value"])

    # ---- actions
    def on_quote(self) -> None:
        if self.quote_pick.value is None:
            raise ReviewError("There is no quote to review.")
        who = self.new_speaker.value if self.new_speaker.value.strip() else self.speaker.value
        msg = self.session.set_speaker(self.quote_pick.value, who)
        self.new_speaker.value = ""
        self._refresh()
        self._say(msg + " Save when you are done.")

    def on_claim(self) -> None:
        if self.claim_pick.value is None:
            raise ReviewError("There is no claim to review.")
        who = self.new_voice.value if self.new_voice.value.strip() else self.voice.value
        msg = self.session.set_voice(self.claim_pick.value, who, self.claim_kind.value)
        self.new_voice.value = ""
        self._refresh()
        self._say(msg + " Save when you are done.")

    def on_number(self) -> None:
        if self.number_pick.value is None:
            raise ReviewError("There is no number to review.")
        msg = self.session.set_number(self.number_pick.value, self.counts.value, self.unit.value, self.value.value)
        self._refresh()
        self._say(msg + " Save when you are done.")

    def on_fact(self) -> None:
        claim = self.fact_claim.value if self.fact_claim.value is not None and self.fact_claim.value >= 0 else None
        msg = self.session.add_fact(self.fact.value, self.topic.value, self.src_title.value, self.src_publisher.value,
                                    kind=self.src_kind.value, url=self.src_url.value, date=self.src_date.value,
                                    passage=self.passage.value, claim=claim, fictional=self.fictional.value)
        self.fact.value = self.passage.value = ""
        self._refresh()
        self._say(msg + " Save when you are done.")

    def on_save(self) -> None:
        msg = self.session.save(overwrite_reviewed=bool(self.confirm.value))
        self.confirm.value = False
        self.confirm.layout.display = "" if self.session._saved_status == "reviewed" else "none"
        self._refresh()
        self._say(msg)


def _folder_of(article: Any) -> Path:
    if isinstance(article, Path) or (isinstance(article, str) and ("/" in article or os.sep in article)):
        return Path(article)
    aid = article if isinstance(article, str) else getattr(article, "id", None)
    if not isinstance(aid, str):
        raise ReviewError("Give the article, its id or its folder.")
    folder = data_dir() / "articles" / aid
    if not folder.is_dir():
        raise ReviewError(f"There is no folder {folder}; make a draft first with: python -m kit new REPORT.txt")
    return folder
