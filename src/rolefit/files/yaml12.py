"""YAML documents built from the parser's events, within limits, and lines found in them.

YAML goes through libyaml's parser (PyYAML's pure-Python one where the C one is missing),
which is not recursive; the documents are then built here from its events, with an explicit
stack instead of PyYAML's recursive composer and constructor. The limits hold by
construction, while building: at most MAX_DEPTH levels of nesting, at most MAX_NODES values
(an alias costs as many as the value it repeats, so a "billion laughs" stops at the budget),
no key written twice in one mapping, keys that are plain values, one document per file.
`<<` is an ordinary key (no merges). What each scalar means and which tags are allowed is
`yamlcore`'s (the YAML 1.2 core schema). `line_of` walks the same events, building nothing.

Every refusal is an InputFileError (exit 2) naming `file:line` and what to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from rolefit.core.text import has_surrogate, shown
from rolefit.errors import InputFileError
from rolefit.files.limits import MAX_DEPTH, MAX_NODES, too_deep
from rolefit.files.yamlcore import MAY_NOT_BE_TEXT, Refused, check_collection_tag, plain, tagged

_Parser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_NO_KEY = object()  # a mapping waiting for its next key


def parse_yaml(text: str, path: Path | str) -> Any:
    parser = None
    try:
        parser = _Parser(text)  # the pure-Python reader checks the characters here already
        return _build(parser, path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or "syntax error"
        if "nesting depth" in problem:  # libyaml's own limit (far past MAX_DEPTH) came first
            raise too_deep(path, line) from None
        raise InputFileError(path, f"invalid YAML: {shown(problem)}", line=line) from None
    except yaml.reader.ReaderError as error:
        # The C parser counts the position in bytes of UTF-8, the Python one in characters.
        if _Parser is yaml.SafeLoader:
            before = text[: error.position]
        else:
            before = text.encode("utf-8")[: error.position].decode("utf-8", "replace")
        character = error.character
        code = character if isinstance(character, int) else ord(str(character)[:1] or "?")
        raise InputFileError(
            path,
            f"invalid YAML: character #x{code:04x} is not allowed ({shown(error.reason)})",
            line=before.count("\n") + 1,
        ) from None
    except yaml.YAMLError as error:
        raise InputFileError(path, f"invalid YAML: {shown(error)}") from None
    finally:
        if parser is not None:
            parser.dispose()


def _build(parser: Any, path: Path | str) -> Any:
    """The one document in the parser's events, or an error naming the line that stopped it."""
    get_event = parser.get_event
    get_event()  # StreamStartEvent
    if isinstance(get_event(), yaml.StreamEndEvent):
        return None  # an empty file
    try:
        return _document(get_event)
    except _Stopped as stop:
        raise _stopped_error(path, stop.reason, stop.line) from None


def _document(get_event: Any) -> Any:
    """The document in the events after its start, built with an explicit stack, within limits.

    A refusal raises `_Stopped` with the line of the event it came at.
    """
    event: Any = None
    document: Any = None
    # The event classes, looked up once: this loop runs for every value of every file.
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    may_not_be_text = MAY_NOT_BE_TEXT

    # The collection being filled and what it is waiting for; the outer ones wait on `stack`.
    top: Any = None  # None: the document itself (no collection open)
    is_map = False
    key: Any = _NO_KEY
    anchor: str | None = None
    first_node = 0  # `nodes` when this collection started
    height = 0  # the deepest nesting below this collection
    stack: list[tuple[Any, bool, Any, str | None, int, int]] = []
    anchors: dict[str, tuple[Any, int, int]] = {}  # value, its nodes, its height
    open_anchors: set[str] = set()
    nodes = 0
    try:
        while True:
            event = get_event()
            kind = event.__class__
            if kind is scalar:
                nodes += 1
                value = event.value
                tag = event.tag
                if tag is not None:
                    value = tagged(value, tag)
                elif not event.style:  # plain: text, unless it starts like something else
                    if not value or value[0] in may_not_be_text:
                        value = plain(value)
                elif event.style == '"' and has_surrogate(value):
                    raise Refused("a lone surrogate escape (\\ud800-\\udfff) is not text")
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, 0)
                if nodes > MAX_NODES:
                    raise _TooMany
            elif kind is mapping_start or kind is sequence_start:
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise _TooDeep
                if is_map and key is _NO_KEY:
                    raise Refused(_COLLECTION_KEY)
                tag = event.tag
                if tag is not None and tag != "!":
                    check_collection_tag(tag, kind is mapping_start)
                stack.append((top, is_map, key, anchor, first_node, height))
                is_map = kind is mapping_start
                top = {} if is_map else []
                key = _NO_KEY
                anchor = event.anchor
                if anchor is not None:
                    open_anchors.add(anchor)
                first_node = nodes - 1
                height = 0
                continue
            elif kind is mapping_end or kind is sequence_end:
                value = top
                done_anchor, done_nodes, done_height = anchor, nodes - first_node, height + 1
                top, is_map, key, anchor, first_node, height = stack.pop()
                if done_anchor is not None:
                    anchors[done_anchor] = (value, done_nodes, done_height)
                    open_anchors.discard(done_anchor)
                if done_height > height:
                    height = done_height
            elif kind is alias:
                name = event.anchor
                if name not in anchors:
                    raise Refused(
                        f"the alias *{shown(name)} is inside the value it repeats"
                        if name in open_anchors
                        else f"the alias *{shown(name)} has no anchor &{shown(name)} before it"
                    )
                value, repeated, repeated_height = anchors[name]
                nodes += repeated
                if nodes > MAX_NODES:
                    raise _TooMany
                if len(stack) + repeated_height > MAX_DEPTH:
                    raise _TooDeep
                if repeated_height > height:
                    height = repeated_height
                if is_map and key is _NO_KEY and repeated_height:
                    raise Refused(_COLLECTION_KEY)
            elif kind is yaml.DocumentEndEvent:
                break
            else:  # pragma: no cover - libyaml sends nothing else inside a document
                raise Refused(f"unexpected {kind.__name__}")
            # A value is done: it goes where the open collection (or the document) wants it.
            if is_map:
                if key is _NO_KEY:
                    if value in top:
                        raise Refused(_duplicate_key(value, top))
                    key = value
                else:
                    top[key] = value
                    key = _NO_KEY
            elif top is not None:
                top.append(value)
            else:
                document = value
        event = get_event()
        if not isinstance(event, yaml.StreamEndEvent):
            raise Refused("a second document starts here; a file holds one document")
    except (Refused, _TooDeep, _TooMany) as reason:
        raise _Stopped(reason, _line(event)) from None
    return document


def _stopped_error(path: Path | str, reason: Exception, line: int | None) -> InputFileError:
    if isinstance(reason, _TooDeep):
        return too_deep(path, line)
    if isinstance(reason, _TooMany):
        return InputFileError(
            path,
            f"holds too many values (over {MAX_NODES:,}, each alias counting as the values it "
            "repeats); refused",
            line=line,
        )
    return InputFileError(path, f"invalid YAML: {reason}", line=line)


def _duplicate_key(key: Any, mapping: dict[Any, Any]) -> str:
    earlier = next(known for known in mapping if known == key)
    if type(earlier) is type(key):
        return f"duplicate key {shown(repr(key))}; each key may appear once"
    # 1 and true, or 1 and 1.0: different in YAML, one and the same key once read.
    return (
        f"the keys {shown(repr(earlier))} and {shown(repr(key))} count as the same key; "
        "quote them to keep them apart"
    )


_COLLECTION_KEY = "a mapping or list used as a key; keys must be plain values such as text"


class _TooDeep(Exception):
    pass


class _TooMany(Exception):
    pass


class _Stopped(Exception):
    """Why building stopped (a `Refused`, `_TooDeep` or `_TooMany`) and at which line."""

    def __init__(self, reason: Exception, line: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


# --- Lines --------------------------------------------------------------------------------


def line_of(text: str, location: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at `location` (keys and list indices), if it exists.

    The line of the deepest step found: of its key in a mapping, of the item in a list. The
    parser's events are walked without building anything, so this costs one pass over the
    text and no recursion, however the text is nested.
    """
    parser = None
    try:
        parser = _Parser(text)
        return _line_in_events(parser.get_event, list(location))
    except yaml.YAMLError:
        return None
    finally:
        if parser is not None:
            parser.dispose()


def _line_in_events(get_event: Any, steps: list[str | int]) -> int | None:
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    event = get_event()
    while not isinstance(event, yaml.DocumentStartEvent):
        if isinstance(event, yaml.StreamEndEvent):
            return None
        event = get_event()
    event = get_event()  # the document's root node
    line = _line(event)
    matched = 0  # steps found so far: `event` is the value at steps[:matched]
    while matched < len(steps):
        if not isinstance(event, starts):
            return line  # a scalar or an alias: nothing to step into
        step = steps[matched]
        is_map = isinstance(event, yaml.MappingStartEvent)
        if not is_map and not isinstance(step, int):
            return line
        index = 0
        found = False
        while True:
            event = get_event()
            if isinstance(event, ends):
                return line  # the step is not there
            if is_map:
                # A key: compare its text; then its value, skipped or stepped into.
                key_line = _line(event)
                hit = isinstance(event, yaml.ScalarEvent) and event.value == str(step)
                _skip(event, get_event, starts, ends)
                event = get_event()
                if hit:
                    line = key_line
                    found = True
                    break
            else:
                if index == step:
                    line = _line(event)
                    found = True
                    break
                index += 1
            _skip(event, get_event, starts, ends)
        if found:
            matched += 1
    return line


def _skip(event: Any, get_event: Any, starts: tuple[type, ...], ends: tuple[type, ...]) -> None:
    """Consume the rest of the node that `event` starts (nothing more for a scalar or alias)."""
    depth = 1 if isinstance(event, starts) else 0
    while depth:
        event = get_event()
        if isinstance(event, starts):
            depth += 1
        elif isinstance(event, ends):
            depth -= 1
