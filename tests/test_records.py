"""kit.model.record: the same records as ``@dataclass(frozen=True)``, with shared eq/hash/repr (issue 17)."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import dataclass, field

import pytest

import kit.accounts
import kit.exercises
import kit.model
from kit.model import record


def _pair() -> tuple[type, type]:
    @dataclass(frozen=True)
    class Standard:
        a: int
        b: str = field(default="", compare=False)
        c: tuple[int, ...] = field(default=(), repr=False)
        d: float = field(default=0.0, hash=False)

    @record
    class Shared:
        a: int
        b: str = field(default="", compare=False)
        c: tuple[int, ...] = field(default=(), repr=False)
        d: float = field(default=0.0, hash=False)

    return Standard, Shared


SAMPLES = [(1, "x", (1,), 0.5), (1, "y", (1,), 0.5), (1, "x", (2,), 0.5), (2, "x", (1,), 0.5),
           (1, "x", (1,), float("nan")), (1, "x", (1,), 1.5)]


@pytest.mark.parametrize("i", range(len(SAMPLES)))
@pytest.mark.parametrize("j", range(len(SAMPLES)))
def test_equality_hash_and_repr_are_the_standard_dataclasses(i: int, j: int) -> None:
    standard, shared = _pair()
    s1, s2 = standard(*SAMPLES[i]), standard(*SAMPLES[j])
    r1, r2 = shared(*SAMPLES[i]), shared(*SAMPLES[j])
    assert (r1 == r2) == (s1 == s2) and (r1 != r2) == (s1 != s2)
    assert (hash(r1) == hash(r2)) == (hash(s1) == hash(s2))
    assert repr(r1).replace("Shared", "Standard") == repr(s1)


def test_a_record_is_a_frozen_dataclass_that_pickles_and_replaces() -> None:
    _, shared = _pair()
    r = shared(1, "x")
    assert dataclasses.is_dataclass(r) and r.__dataclass_params__.frozen  # kit.chartcache memoises on it
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.a = 2  # type: ignore[misc]
    assert dataclasses.replace(r, a=3).a == 3
    tally = kit.model.Tally(for_=169, against=1, abstain=5)
    assert pickle.loads(pickle.dumps(tally)) == tally
    assert (r == (1, "x")) is False and r.__eq__((1, "x")) is NotImplemented


def test_a_method_the_class_defines_itself_stays() -> None:
    @record
    class Own:
        a: int

        def __repr__(self) -> str:
            return "mine"

        def __eq__(self, other: object) -> bool:
            return True

    assert repr(Own(1)) == "mine" and Own(1) == Own(2)
    assert hash(Own(1)) == hash(Own(1))  # an __eq__ of its own: the hash is still the fields'


@pytest.mark.parametrize("module", [kit.model, kit.accounts, kit.exercises])
def test_every_record_class_is_frozen_with_field_equality(module: object) -> None:
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass)
               if dataclasses.is_dataclass(c) and c.__module__ == module.__name__]  # type: ignore[attr-defined]
    assert classes
    for cls in classes:
        if cls.__dataclass_params__.frozen:
            assert cls.__eq__ is not object.__eq__ and cls.__hash__ is not None, cls.__name__


@pytest.mark.parametrize("module", [kit.model, kit.accounts, kit.exercises])
def test_field_types_are_read_as_typing_reads_them(module: object) -> None:
    """record_from converts each field by its type, read from its annotation once per text; the types
    must be the ones typing.get_type_hints gives."""
    from typing import get_type_hints

    from kit.model import _hint

    classes = [c for _, c in inspect.getmembers(module, inspect.isclass)
               if dataclasses.is_dataclass(c) and c.__module__ == module.__name__]  # type: ignore[attr-defined]
    checked = 0
    for cls in classes:
        hints = get_type_hints(cls)
        for f in dataclasses.fields(cls):
            assert _hint(cls, f) == hints[f.name], (cls.__name__, f.name)
            checked += 1
    assert checked > 20
