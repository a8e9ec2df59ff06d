"""Frozen records: rolefit's frozen dataclasses, made without compiling code at import.

Why. On Python 3.11, `@dataclass(frozen=True)` writes the source of six methods for every class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`) and compiles each
with `exec`: about 3.6 million instructions a class, twice what a pydantic model costs.
`rolefit score` imports eight of them before it can answer, which was a sixth of its own
start-up (`benchmarks/startup.py`). `@record` makes the same class from one shared, already
compiled implementation of each method that reads the class's fields.

What stays the same. It is a dataclass (`dataclasses.fields`, `replace`, `asdict` and
`is_dataclass` work, and type checkers read it as a frozen one); `field(...)` takes the same
`default`, `default_factory`, `init`, `repr`, `compare` and `hash` arguments; `__post_init__`
runs after the fields are set; equality compares the compared fields of two objects of the
same class, hashing hashes them, `repr` lists the shown ones; assigning or deleting a field
raises `FrozenInstanceError`. A method the class writes itself (`__repr__`, `__eq__`,
`__hash__`) is kept, as dataclasses keeps it. tests/test_records.py holds each record against a
real frozen dataclass. What differs: `__dataclass_params__` describes only the fields-only
dataclass underneath (so a standard dataclass cannot inherit from a record: make the child a
record too); there are no `InitVar` or keyword-only fields (the latter are refused when the
class is made); an instance's `__dict__` lists keyword arguments in the order they were given.
"""

from __future__ import annotations

import dataclasses
import inspect
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

R = TypeVar("R", bound=type)

_PLAN = "__record_plan__"
# How a signature shows a parameter without a default, and one made by a default_factory
# (as dataclasses shows it).
_NONE = inspect.Parameter.empty
_FACTORY: Any = type("_HAS_DEFAULT_FACTORY_CLASS", (), {"__repr__": lambda self: "<factory>"})()


class _Plan:
    """What the shared methods need to know of one record class, worked out once.

    (A plain class: as a dataclass it would cost what this module saves.)
    """

    __slots__ = (
        "compared",
        "defaults",
        "factories",
        "fields",
        "hashed",
        "late",
        "owner",
        "parameters",
        "positional",
        "post_init",
        "shown",
        "types",
    )

    def __init__(self, cls: type) -> None:
        fields = dataclasses.fields(cls)
        positional: list[str] = []
        self.defaults: dict[str, Any] = {}
        self.factories: dict[str, Callable[[], Any]] = {}
        late: list[tuple[str, Callable[[], Any]]] = []  # init=False fields with a default
        for field in fields:
            if field.kw_only is True:
                raise TypeError(f"{cls.__name__}.{field.name}: a record has no keyword-only fields")
            has_default = field.default is not dataclasses.MISSING
            factory = field.default_factory
            if not field.init:
                if has_default:
                    late.append((field.name, _constant(field.default)))
                elif factory is not dataclasses.MISSING:
                    late.append((field.name, factory))
                continue
            if has_default:
                self.defaults[field.name] = field.default
            elif factory is not dataclasses.MISSING:
                self.factories[field.name] = factory
            elif self.defaults or self.factories:
                raise TypeError(f"non-default argument {field.name!r} follows default argument")
            positional.append(field.name)
        self.owner = cls
        self.fields = frozenset(f.name for f in fields)
        self.positional = tuple(positional)  # the __init__ parameters, in order
        self.parameters = frozenset(positional)
        self.late = tuple(late)
        self.compared = tuple(f.name for f in fields if f.compare)
        self.hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
        self.shown = tuple(f.name for f in fields if f.repr)
        self.post_init = hasattr(cls, "__post_init__")
        self.types = {f.name: f.type for f in fields}

    def signature(self) -> inspect.Signature:
        parameter = inspect.Parameter
        return inspect.Signature(
            [
                parameter(
                    name,
                    parameter.POSITIONAL_OR_KEYWORD,
                    default=self.defaults.get(name, _FACTORY if name in self.factories else _NONE),
                    annotation=self.types[name],
                )
                for name in self.positional
            ],
            return_annotation=None,
        )


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: R) -> R:
    """`cls` as a frozen dataclass (see the module's docstring)."""
    # Without a docstring dataclasses would write one from the signature of object's
    # __init__; it is written below from the record's own, as dataclasses writes it.
    undocumented = not cls.__doc__
    cls.__doc__ = cls.__doc__ or cls.__name__
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the fields: no code made
    plan = _Plan(cls)
    setattr(cls, _PLAN, plan)
    # What `help()`, editors and hypothesis's `builds` read in place of the shared __init__'s
    # `(*args, **kwargs)`: the parameters a dataclass's __init__ would have.
    signature = plan.signature()
    setattr(cls, "__signature__", signature)  # noqa: B010 (no attribute a type declares)
    if undocumented:
        cls.__doc__ = cls.__name__ + str(signature).replace(" -> None", "")
    own = vars(cls)
    for name in ("__setattr__", "__delattr__"):
        if name in own:
            raise TypeError(f"cannot overwrite attribute {name} in class {cls.__name__}")
    cls.__setattr__ = _setattr  # type: ignore[assignment]
    cls.__delattr__ = _delattr  # type: ignore[assignment]
    for name, method in (("__init__", _init), ("__repr__", _repr), ("__eq__", _eq)):
        if name not in own:
            setattr(cls, name, method)
    # As dataclasses does for eq=True, frozen=True: a __hash__ written in the class stays;
    # the one Python sets to None beside a class's own __eq__ does not.
    if own.get("__hash__", None) is None:
        cls.__hash__ = _hash  # type: ignore[assignment]
    return cls


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    plan: _Plan = getattr(self, _PLAN)
    names = plan.positional
    if len(args) > len(names):
        raise TypeError(f"{plan.owner.__qualname__}.__init__() {_too_many(plan, len(args))}")
    values = dict(zip(names, args, strict=False))
    for name, value in kwargs.items():
        if name in values:
            raise TypeError(
                f"{plan.owner.__qualname__}.__init__() got multiple values for argument {name!r}"
            )
        if name not in plan.parameters:
            raise TypeError(
                f"{plan.owner.__qualname__}.__init__() got an unexpected keyword argument {name!r}"
            )
        values[name] = value
    if len(values) < len(names):
        missing = []
        for name in names:
            if name in values:
                continue
            if name in plan.defaults:
                values[name] = plan.defaults[name]
            elif name in plan.factories:
                values[name] = plan.factories[name]()
            else:
                missing.append(name)
        if missing:
            raise TypeError(f"{plan.owner.__qualname__}.__init__() {_missing(missing)}")
    for name, make in plan.late:
        values[name] = make()
    # Straight into the instance's dictionary: __setattr__ refuses, as in a frozen dataclass.
    vars(self).update(values)
    if plan.post_init:
        self.__post_init__()


# Python's own words for a call with the wrong arguments, as a dataclass's __init__ says them.
def _too_many(plan: _Plan, given: int) -> str:
    takes = len(plan.positional) + 1
    least = takes - len(plan.defaults) - len(plan.factories)
    counted = f"from {least} to {takes}" if least < takes else str(takes)
    noun = "argument" if takes == 1 and least == takes else "arguments"
    was = "was" if given + 1 == 1 else "were"
    return f"takes {counted} positional {noun} but {given + 1} {was} given"


def _missing(names: list[str]) -> str:
    quoted = [repr(name) for name in names]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = f"{', '.join(quoted[:-1])}, and {quoted[-1]}"
    noun = "argument" if len(quoted) == 1 else "arguments"
    return f"missing {len(quoted)} required positional {noun}: {listed}"


def _setattr(self: Any, name: str, value: Any) -> None:
    plan: _Plan = getattr(self, _PLAN)
    if type(self) is plan.owner or name in plan.fields:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _delattr(self: Any, name: str) -> None:
    plan: _Plan = getattr(self, _PLAN)
    if type(self) is plan.owner or name in plan.fields:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _eq(self: Any, other: object) -> object:  # bool, or NotImplemented
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = getattr(self, _PLAN).compared
    same: bool = tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return same


def _hash(self: Any) -> int:
    return hash(tuple(getattr(self, n) for n in getattr(self, _PLAN).hashed))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in getattr(self, _PLAN).shown)
    return f"{self.__class__.__qualname__}({shown})"
