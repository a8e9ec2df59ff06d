"""The one way in: every file rolefit reads, read safely, parsed within limits, located by line.

Reading. Only regular files are read. A path is opened without blocking (a FIFO with no
writer cannot hang the open) and the open descriptor, not the path, is checked: a folder, a
FIFO, a socket or a device is refused, whether named directly or through a symlink (symlinks
are followed; what they lead to must be a regular file). A look at the path before opening
it means that a device is not even opened, unless it is swapped in at that very moment. The
size cap is checked on the descriptor before a byte is read, and no more than the cap plus
one byte is read anyway, in case the file grows. Standard input is read with the same cap.

Parsing. YAML goes through libyaml's parser (PyYAML's pure-Python one where the C one is
missing), which is not recursive; the documents are then built here from its events, with an
explicit stack instead of PyYAML's recursive composer and constructor. The limits hold by
construction, while building: at most MAX_DEPTH levels of nesting, at most MAX_NODES values
(an alias costs as many as the value it repeats, so a "billion laughs" stops at the budget),
no key written twice in one mapping, keys that are plain values. Scalars mean what the YAML
1.2 core schema says: `yes`, `on`, `1:30` and `2026-11-22` stay text; `<<` is an ordinary key
(no merges); numbers must be finite. Explicit tags other than the core schema's own are
refused, so nothing in a file ever builds an object or runs. JSON goes through the json
module, with the same limits and refusals (duplicate keys, NaN and Infinity, lone surrogates).

Every refusal is an InputFileError (exit 2) naming `file:line` and what to change, except the
system's own failures (no permission, an I/O error), which are FileSystemError (exit 1).
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from rolefit.core.text import shown
from rolefit.errors import FileSystemError, InputFileError

MAX_FILE_BYTES = 1024 * 1024
# No bank or answers file nests anywhere near this deep; what reads a document later may
# then walk it recursively without a care.
MAX_DEPTH = 64
# Values in one document, counting every value an alias repeats as often as it is repeated.
MAX_NODES = 200_000

STDIN_NAME = "<stdin>"

# --- Reading bytes -----------------------------------------------------------------------

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_OPEN_FLAGS = os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# After the first read (the whole of a file that is as large as fstat said), reads this big.
_CHUNK = 64 * 1024
# What the system refused because of the path or the file itself: bad input, exit 2.
_UNUSABLE = {
    errno.ENOENT,
    errno.ENOTDIR,
    errno.ELOOP,
    errno.ENAMETOOLONG,
    errno.EISDIR,
    errno.ENXIO,
    errno.ENODEV,
    errno.EOVERFLOW,
    errno.EFBIG,
}


def read_text(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, or an error that says why it cannot be read."""
    if str(path) == "-":
        raise InputFileError(path, "standard input cannot be read here; give a file path")
    return decode(read_bytes(path, max_bytes=max_bytes), path, max_bytes=max_bytes)


def read_bytes(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """At most `max_bytes` of a regular file (symlinks followed), or an error saying why not."""
    try:
        # A look before opening, so that a device is never even opened (opening some has
        # effects); the open descriptor's own fstat below is what decides.
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise InputFileError(path, f"{_what_it_is(path, mode)}, not a file; {_GIVE}")
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _refusal(path, error) from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(path, f"{_what_it_is(path, info.st_mode)}, not a file; {_GIVE}")
        if info.st_size > max_bytes:
            raise _too_big(path, f"is {info.st_size:,} bytes", max_bytes)
        if _NONBLOCK:  # a regular file: reads may block on the disk like any other read
            os.set_blocking(handle, True)
        return _read_capped(handle, info.st_size, max_bytes)
    except OSError as error:
        raise _refusal(path, error) from None
    finally:
        os.close(handle)


_GIVE = "give the path of a YAML or JSON file"


def _read_capped(handle: int, size: int, max_bytes: int) -> bytes:
    """Read to the end, but never more than `max_bytes + 1` bytes (the file may have grown)."""
    wanted = max_bytes + 1
    chunks: list[bytes] = []
    total = 0
    request = min(size + 1, wanted)  # the whole file and the end of it, in one read
    while total < wanted:
        chunk = os.read(handle, request)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        request = min(_CHUNK, wanted - total)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _refusal(path: Path | str, error: OSError) -> InputFileError | FileSystemError:
    """One line for what the system refused: the input's fault (exit 2) or the system's (1)."""
    code = error.errno
    if code == errno.ENOENT:
        if os.path.islink(path):
            return InputFileError(path, f"is a symlink to a missing file ({_target(path)})")
        return InputFileError(path, "no such file; check the path")
    if code == errno.ENOTDIR:
        return InputFileError(path, "no such file (a part of the path is not a folder)")
    if code == errno.ELOOP:
        return InputFileError(path, f"is a symlink loop, not a file; {_GIVE}")
    if code == errno.ENAMETOOLONG:
        return InputFileError(path, "the path is too long for the file system; check it")
    if code in (errno.EOVERFLOW, errno.EFBIG):
        return _too_big(path, "is too large", MAX_FILE_BYTES)
    if code in _UNUSABLE:  # EISDIR, ENXIO (a socket), ENODEV: not something to read
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if mode and not stat.S_ISREG(mode):
            return InputFileError(path, f"{_what_it_is(path, mode)}, not a file; {_GIVE}")
    reason = error.strerror or type(error).__name__
    if code in (errno.EACCES, errno.EPERM):
        return FileSystemError(path, f"cannot be read ({reason}); check its permissions")
    return FileSystemError(path, f"cannot be read ({reason})")


def _too_big(path: Path | str, size: str, max_bytes: int) -> InputFileError:
    return InputFileError(path, f"{size}; files over {max_bytes:,} bytes are refused")


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words: "a folder", "a FIFO", "a character device"…"""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISREG(mode):
        return "a file"
    return "a special file"


def _what_it_is(path: Path | str, mode: int) -> str:
    if os.path.islink(path):
        return f"is a symlink to {kind_of(mode)} ({_target(path)})"
    return f"is {kind_of(mode)}"


def _target(path: Path | str) -> str:
    try:
        return shown(os.readlink(path))
    except OSError:
        return "unreadable"


def read_stdin(*, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Standard input's text, read with the same cap as a file (never more than cap + 1)."""
    stream = sys.stdin
    if stream is None or not hasattr(stream, "buffer"):
        raise InputFileError(STDIN_NAME, "standard input is closed; give a file path instead")
    try:
        raw = stream.buffer.read(max_bytes + 1)
    except OSError as error:
        raise FileSystemError(STDIN_NAME, f"cannot be read ({error.strerror})") from None
    if raw is None:  # a non-blocking standard input with nothing in it yet
        raise InputFileError(STDIN_NAME, "has nothing to read yet; give a file path instead")
    return decode(raw, STDIN_NAME, max_bytes=max_bytes)


def decode(raw: bytes, path: Path | str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    if len(raw) > max_bytes:
        raise _too_big(path, "is too large", max_bytes)
    if b"\x00" in raw:
        raise InputFileError(path, "is a binary file (it holds a NUL byte); expected YAML or JSON")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputFileError(
            path,
            f"is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8",
            line=line,
        ) from None


def load(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, str]:
    """Parsed data and the text it came from (kept for line look-ups on error)."""
    text = read_text(path, max_bytes=max_bytes)
    return parse(text, path), text


def parse(text: str, path: Path | str) -> Any:
    """The document in `text`: JSON for a .json file, YAML (1.2 core schema) otherwise."""
    if str(path).endswith(".json"):
        return _parse_json(text, path)
    return _parse_yaml(text, path)


# --- YAML: a document built from the parser's events --------------------------------------

_Parser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_INT = _CORE + "int"
_FLOAT = _CORE + "float"
_BOOL = _CORE + "bool"
_NULL = _CORE + "null"
_MAP = _CORE + "map"
_SEQ = _CORE + "seq"
_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, "!"})

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLS["FALSE"] = False
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_TEXT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
# A plain scalar that may be something other than text starts with one of these.
_MAY_NOT_BE_TEXT = frozenset("0123456789+-.~nNtTfF")
_SURROGATE = re.compile("[\ud800-\udfff]")

# A cohort's files repeat the same few option ids thousands of times; each text is resolved
# once. Only short texts are kept (option ids and numbers; names are rarely repeated).
_resolved: dict[str, Any] = {}
_RESOLVED_CACHE_SIZE = 10_000
_RESOLVED_MAX_LENGTH = 64
_MISSING = object()
_NO_KEY = object()  # a mapping waiting for its next key


class _Refused(Exception):
    """A value the reader refuses; the builder adds the file and line."""


def _plain(text: str) -> Any:
    """What an untagged plain scalar means in the core schema."""
    if text and text[0] not in _MAY_NOT_BE_TEXT:
        return text
    value = _resolved.get(text, _MISSING)
    if value is _MISSING:
        value = _resolve(text)
        if len(text) <= _RESOLVED_MAX_LENGTH and len(_resolved) < _RESOLVED_CACHE_SIZE:
            _resolved[text] = value
    return value


def _resolve(text: str) -> Any:
    if text in _NULLS:
        return None
    boolean = _BOOLS.get(text)
    if boolean is not None:
        return boolean
    number = _number(text)
    return text if number is None else number


def _number(text: str) -> int | float | None:
    """The core schema's int or float `text` stands for, or None if it is not a number."""
    if _DECIMAL.fullmatch(text):
        return _integer(text, 10)
    if _OCTAL.fullmatch(text):
        return _integer(text[2:], 8)
    if _HEX.fullmatch(text):
        return _integer(text[2:], 16)
    if _FLOAT_TEXT.fullmatch(text):
        number = float(text)
        if not math.isfinite(number):
            raise _Refused(f"the number {shown(text)} is too large; numbers must be finite")
        return number
    if _NOT_FINITE.fullmatch(text):
        raise _Refused(
            f"{text} is not a finite number; numbers must be finite (quote it to keep it as text)"
        )
    return None


def _integer(digits: str, base: int) -> int:
    try:
        return int(digits, base)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise _Refused(f"a number of {len(digits):,} digits is too long; quote it") from None


def _tagged(text: str, tag: str) -> Any:
    """A scalar with an explicit tag: only the core schema's tags, and what they can hold."""
    if tag == _STR or tag == "!":
        return text
    if tag not in _SCALAR_TAGS:
        if tag in (_MAP, _SEQ):
            raise _Refused(f"{_short(tag)} cannot tag a plain value ('{shown(text)}'); remove it")
        raise _Refused(_tag_refused(tag))
    value: Any
    if tag == _NULL:
        value = None if text in _NULLS else _MISSING
    elif tag == _BOOL:
        value = _BOOLS.get(text, _MISSING)
    elif tag == _INT:
        value = _number(text) if _DECIMAL.fullmatch(text) or text[:2] in ("0o", "0x") else None
        value = _MISSING if value is None else value
    else:  # a float: an int written as one is a float too
        value = _number(text)
        value = _MISSING if value is None else float(value)
    if value is _MISSING:
        raise _Refused(
            f"a value cannot be read as its type ({_short(tag)} '{shown(text)}'); quote it "
            "to keep it as text, or fix its `!!` tag"
        )
    return value


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _tag_refused(tag: str) -> str:
    return (
        f"the tag {shown(_short(tag))} is not allowed (tags that build objects are not allowed; "
        "only !!str, !!int, !!float, !!bool, !!null, !!map and !!seq); remove it"
    )


def _parse_yaml(text: str, path: Path | str) -> Any:
    parser = None
    try:
        parser = _Parser(text)  # the pure-Python reader checks the characters here already
        return _build(parser, path)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or "syntax error"
        if "nesting depth" in problem:  # libyaml's own limit (far past MAX_DEPTH) came first
            raise _too_deep(path, line) from None
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
    """The one document in the parser's events, built with an explicit stack, within limits."""
    get_event = parser.get_event
    event = get_event()  # StreamStartEvent
    event = get_event()
    if isinstance(event, yaml.StreamEndEvent):
        return None  # an empty file
    document: Any = None
    # The event classes, looked up once: this loop runs for every value of every file.
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    may_not_be_text = _MAY_NOT_BE_TEXT

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
                    value = _tagged(value, tag)
                elif not event.style:  # plain: text, unless it starts like something else
                    if not value or value[0] in may_not_be_text:
                        value = _plain(value)
                elif event.style == '"' and _SURROGATE.search(value):
                    raise _Refused("a lone surrogate escape (\\ud800-\\udfff) is not text")
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1, 0)
                if nodes > MAX_NODES:
                    raise _TooMany
            elif kind is mapping_start or kind is sequence_start:
                nodes += 1
                if len(stack) >= MAX_DEPTH:
                    raise _TooDeep
                if is_map and key is _NO_KEY:
                    raise _Refused(_COLLECTION_KEY)
                tag = event.tag
                if tag is not None and tag != "!":
                    _check_collection_tag(tag, kind is mapping_start)
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
                    raise _Refused(
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
                    raise _Refused(_COLLECTION_KEY)
            elif kind is yaml.DocumentEndEvent:
                break
            else:  # pragma: no cover - libyaml sends nothing else inside a document
                raise _Refused(f"unexpected {kind.__name__}")
            # A value is done: it goes where the open collection (or the document) wants it.
            if is_map:
                if key is _NO_KEY:
                    if value in top:
                        raise _Refused(_duplicate_key(value, top))
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
            raise _Refused("a second document starts here; a file holds one document")
    except _Refused as refusal:
        raise InputFileError(path, f"invalid YAML: {refusal}", line=_line(event)) from None
    except _TooDeep:
        raise _too_deep(path, _line(event)) from None
    except _TooMany:
        raise InputFileError(
            path,
            f"holds too many values (over {MAX_NODES:,}, each alias counting as the values it "
            "repeats); refused",
            line=_line(event),
        ) from None
    return document


def _check_collection_tag(tag: str, is_map: bool) -> None:
    if tag == (_MAP if is_map else _SEQ):
        return
    if tag in _SCALAR_TAGS or tag in (_MAP, _SEQ):
        what = "a mapping" if is_map else "a list"
        raise _Refused(f"{_short(tag)} cannot tag {what}; remove it")
    raise _Refused(_tag_refused(tag))


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


def _too_deep(path: Path | str, line: int | None) -> InputFileError:
    return InputFileError(path, f"is nested too deeply (over {MAX_DEPTH} levels); flatten it", line)


class _TooDeep(Exception):
    pass


class _TooMany(Exception):
    pass


def _line(event: Any) -> int | None:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else None


# --- JSON ----------------------------------------------------------------------------------

# A string (skipped), an opening bracket (group 1) or a closing one (group 2).
_JSON_BRACKETS = re.compile(r'"(?:[^"\\]++|\\.)*+"|([\[{])|([\]}])')
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class _JSONRefused(ValueError):
    """A value the json module reads but rolefit refuses; `token` is its text, to find its line."""

    def __init__(self, message: str, token: str | None = None) -> None:
        super().__init__(message)
        self.token = token


def _parse_json(text: str, path: Path | str) -> Any:
    _check_json_depth(text, path)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as error:
        raise InputFileError(path, f"invalid JSON: {error.msg}", line=error.lineno) from None
    except _JSONRefused as error:
        line = _token_line(text, error.token) if error.token else None
        raise InputFileError(path, f"invalid JSON: {error}", line=line) from None
    except ValueError:  # an integer longer than Python converts
        raise InputFileError(
            path, "invalid JSON: a number is too long; write it with fewer digits"
        ) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise InputFileError(path, f"is nested too deeply (over {MAX_DEPTH} levels)") from None
    if _MAYBE_SURROGATE.search(text) and _has_surrogate(data):
        raise InputFileError(
            path,
            "invalid JSON: a lone surrogate escape (\\ud800-\\udfff) is not text; write the "
            "character itself, or a pair of escapes",
            line=_surrogate_line(text),
        )
    return data


def _check_json_depth(text: str, path: Path | str) -> None:
    """Refuse JSON nested past MAX_DEPTH, counting brackets outside strings only."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for token in _JSON_BRACKETS.finditer(text):
        if token.lastindex == 1:
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(path, text.count("\n", 0, token.start()) + 1)
        elif token.lastindex == 2:
            depth -= 1


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _JSONRefused(f"duplicate key {shown(repr(key))}; each key may appear once")
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise _JSONRefused(f"{name} is not a finite number; numbers must be finite", name)


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _JSONRefused(f"the number {shown(text)} is too large; numbers must be finite", text)
    return number


def _token_line(text: str, token: str) -> int | None:
    """The line of the first `token` outside a string."""
    pattern = re.compile(rf'"(?:[^"\\]++|\\.)*+"|(?<![\w.+-])({re.escape(token)})(?![\w.])')
    for match in pattern.finditer(text):
        if match.group(1):
            return text.count("\n", 0, match.start()) + 1
    return None


def _has_surrogate(data: Any) -> bool:
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return True
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


def _surrogate_line(text: str) -> int | None:
    escapes = re.finditer(
        r"\\u([dD][89a-fA-F][0-9a-fA-F]{2})(\\u[dD][c-fC-F][0-9a-fA-F]{2})?", text
    )
    for match in escapes:
        if match.group(1)[1] in "89abAB" and match.group(2):
            continue  # a high surrogate and its low one: one character
        return text.count("\n", 0, match.start()) + 1
    return None


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
