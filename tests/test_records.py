"""`@record` behaves as `@dataclass(frozen=True)`: each class here is made twice, once by each,
and the two are held to the same answers."""

# The classes below are made by a decorator chosen at run time, which mypy cannot follow.
# mypy: disable-error-code="call-arg, arg-type"

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from collections.abc import Callable
from functools import cached_property
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolefit.core.records import record

FROZEN = dataclasses.dataclass(frozen=True)
MAKERS = pytest.mark.parametrize("make", [FROZEN, record], ids=["dataclass", "record"])


def point_class(make: Callable[[type], type]) -> Any:
    class Point:
        """A point with a label, tags made per instance, and a hidden cache."""

        x: int
        y: int = 0
        label: str = dataclasses.field(default="", compare=False)
        tags: list[str] = dataclasses.field(default_factory=list, repr=False, hash=False)
        seen: int = dataclasses.field(default=0, init=False, hash=False)

    return make(Point)


Point, TwinPoint = point_class(FROZEN), point_class(record)

values = st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.sampled_from(["", "a", "b"]))


@given(values, values)
def test_equality_and_hashing_match_a_frozen_dataclass(
    first: tuple[int, int, str], second: tuple[int, int, str]
) -> None:
    a, b = Point(*first), Point(*second)
    twin_a, twin_b = TwinPoint(*first), TwinPoint(*second)
    assert (twin_a == twin_b) == (a == b)
    assert (twin_a != twin_b) == (a != b)
    if twin_a == twin_b:
        assert hash(twin_a) == hash(twin_b)


@given(values)
def test_repr_and_asdict_match_a_frozen_dataclass(given_values: tuple[int, int, str]) -> None:
    ours, theirs = TwinPoint(*given_values, tags=["t"]), Point(*given_values, tags=["t"])
    assert repr(ours) == repr(theirs)
    assert dataclasses.asdict(ours) == dataclasses.asdict(theirs)
    assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)


def test_fields_are_those_of_a_frozen_dataclass() -> None:
    def described(cls: Any) -> list[tuple[object, ...]]:
        return [
            (f.name, f.type, f.default, f.init, f.repr, f.compare, f.hash)
            for f in dataclasses.fields(cls)
        ]

    assert TwinPoint.__match_args__ == Point.__match_args__
    assert described(TwinPoint) == described(Point)
    assert dataclasses.is_dataclass(TwinPoint)


def test_the_signature_and_an_absent_docstring_are_a_dataclass_s() -> None:
    def undocumented(make: Callable[[type], Any]) -> Any:
        class Pair:
            left: int
            right: list[int] = dataclasses.field(default_factory=list)
            kept: int = dataclasses.field(default=0, init=False)

        return make(Pair)

    # (Compared as text: a default made by a factory is a private marker of dataclasses.)
    ours, theirs = undocumented(record), undocumented(FROZEN)
    assert str(inspect.signature(ours)) == str(inspect.signature(theirs))
    assert ours.__doc__ == theirs.__doc__
    assert str(inspect.signature(TwinPoint)) == str(inspect.signature(Point))


@given(st.builds(TwinPoint))
def test_hypothesis_builds_records_from_their_signature(point: Any) -> None:
    assert isinstance(point.x, int)


def test_a_record_never_equals_another_class_with_the_same_fields() -> None:
    assert TwinPoint(1) != Point(1)
    assert TwinPoint(1) != (1, 0)


def test_defaults_factories_and_uninitialised_fields_are_filled_as_dataclasses_fills_them() -> None:
    first, second = TwinPoint(1), TwinPoint(1)
    assert (first.y, first.label, first.tags, first.seen) == (0, "", [], 0)
    assert first.tags is not second.tags


@pytest.mark.parametrize(
    "call",
    [
        lambda cls: cls(),
        lambda cls: cls(1, 2, "a", ["t"], 5),
        lambda cls: cls(1, x=2),
        lambda cls: cls(1, z=2),
        lambda cls: cls(1, seen=3),
    ],
    ids=["missing", "too-many", "twice", "unknown", "not-a-parameter"],
)
def test_a_wrong_call_fails_in_the_same_words(call: Callable[[type], object]) -> None:
    with pytest.raises(TypeError) as theirs:
        call(Point)
    with pytest.raises(TypeError) as ours:
        call(TwinPoint)
    assert str(ours.value) == str(theirs.value)


@MAKERS
def test_three_missing_arguments_are_listed_as_python_lists_them(make: Any) -> None:
    @make
    class Box:
        width: int
        height: int
        depth: int

    with pytest.raises(TypeError, match=r"missing 3 required positional arguments: "):
        Box()
    with pytest.raises(TypeError) as error:
        Box()
    assert str(error.value).endswith("'width', 'height', and 'depth'")


@pytest.mark.parametrize("action", ["set", "delete", "set-new"])
def test_fields_cannot_be_changed_or_added(action: str) -> None:
    def act(point: Any) -> None:
        if action == "set":
            point.x = 5
        elif action == "delete":
            del point.x
        else:
            point.extra = 1

    with pytest.raises(dataclasses.FrozenInstanceError) as theirs:
        act(Point(1))
    with pytest.raises(dataclasses.FrozenInstanceError) as ours:
        act(TwinPoint(1))
    assert str(ours.value) == str(theirs.value)


def test_replace_makes_a_new_record_with_the_changes() -> None:
    original = TwinPoint(1, 2, "a")
    moved = dataclasses.replace(original, y=7)
    assert (moved.x, moved.y, moved.label) == (1, 7, "a")
    assert original.y == 2
    with pytest.raises(ValueError, match="init=False"):
        dataclasses.replace(original, seen=1)


@MAKERS
def test_post_init_runs_after_the_fields_are_set(make: Any) -> None:
    @make
    class Span:
        start: int
        end: int
        length: int = dataclasses.field(init=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "length", self.end - self.start)

    assert Span(2, end=5).length == 3


@MAKERS
def test_fields_of_a_parent_come_first(make: Any) -> None:
    @make
    class Base:
        a: int
        b: int = 1

    @make
    class Child(Base):
        c: int = 2

    child = Child(0, 5, 9)
    assert (child.a, child.b, child.c) == (0, 5, 9)
    assert [f.name for f in dataclasses.fields(Child)] == ["a", "b", "c"]
    assert Child(0) != Base(0)


@MAKERS
def test_methods_the_class_writes_itself_are_kept(make: Any) -> None:
    @make
    class Named:
        name: str

        def __repr__(self) -> str:
            return f"<{self.name}>"

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Named) and other.name.lower() == self.name.lower()

        def __hash__(self) -> int:
            return hash(self.name.lower())

    assert repr(Named("A")) == "<A>"
    assert Named("A") == Named("a")
    assert hash(Named("A")) == hash(Named("a"))


@MAKERS
def test_a_class_with_its_own_eq_and_no_hash_gets_the_fields_hash(make: Any) -> None:
    @make
    class Loose:
        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose) and other.name == self.name

    assert hash(Loose("a")) == hash(Loose("a"))


@MAKERS
def test_a_cached_property_still_caches(make: Any) -> None:
    @make
    class Costly:
        n: int

        @cached_property
        def square(self) -> int:
            return self.n * self.n

    costly = Costly(3)
    assert costly.square == 9
    assert vars(costly)["square"] == 9


@record
class Kept:
    """A record at a module's top level, where pickle can find it."""

    name: str
    tags: list[str] = dataclasses.field(default_factory=list)


def test_a_record_survives_pickle_and_copy() -> None:
    original = Kept("a", ["t"])
    for copied in (
        pickle.loads(pickle.dumps(original)),
        copy.copy(original),
        copy.deepcopy(original),
    ):
        assert copied == original
        assert copied.tags == ["t"]
        with pytest.raises(dataclasses.FrozenInstanceError):
            copied.name = "b"  # type: ignore[misc]


def test_a_repr_that_reaches_itself_does_not_recurse() -> None:
    @record
    class Holder:
        items: list[object]

    holder = Holder([])
    holder.items.append(holder)
    assert (
        repr(holder)
        == "test_a_repr_that_reaches_itself_does_not_recurse.<locals>.Holder(items=[...])"
    )


@MAKERS
def test_a_field_without_a_default_after_one_with_is_refused(make: Any) -> None:
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @make
        class Bad:
            a: int = 0
            b: int


def test_a_keyword_only_field_is_refused() -> None:
    with pytest.raises(TypeError, match="keyword-only"):

        @record
        class Bad:
            a: int = dataclasses.field(kw_only=True)


def test_a_class_that_writes_its_own_setattr_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot overwrite attribute __setattr__"):

        @record
        class Bad:
            a: int

            def __setattr__(self, name: str, value: object) -> None:
                pass
