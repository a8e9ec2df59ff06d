"""Making text that came from a file safe to show: one line, no control characters, bounded.

Names, answers, file names and excerpts in errors can hold anything a file can: escape
sequences that would move a terminal's cursor or retitle its window, newlines that would
split an error line in two, or 200 KB in one value. `shown` is the one way such text reaches
a terminal, a markdown or HTML file, a CI annotation or an error line; JSON output stays
lossless and never goes through it.
"""

from __future__ import annotations

import re
import unicodedata

from rolefit.core.i18n import ENGLISH, Translator, whole

# About one terminal line and a half: long enough for any real name or answer.
SHOWN_LIMIT = 200
# A whole message (an error line, a warning): its values are already cut to SHOWN_LIMIT, so
# only a bug in building one could make it longer; this is the last line of defence.
MESSAGE_LIMIT = 2000
# The terminal widths rolefit believes (COLUMNS, or what the terminal says). Narrower, Rich
# and typer print a column of letters or nothing; wider (COLUMNS=3000000), every line of a
# card is padded to megabytes. Outside them the width is taken as unknown: 80 columns.
NARROWEST_TERMINAL = 20
WIDEST_TERMINAL = 1000

# Line breaks of every kind, folded into one space so that a value stays on its line.
_LINE_BREAKS = r"\r\n|[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
# C0 and C1 controls, DEL, the bidirectional overrides and isolates that can make text read
# differently from what it is (CVE-2021-42574), lone surrogates, and the noncharacters that
# XML (an SVG) cannot hold.
_UNSAFE = (
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    r"\ufdd0-\ufdef\ufffe\uffff]"
)
# A lone surrogate: what no UTF-8 text holds.
SURROGATES = r"[\ud800-\udfff]"
# Every character these patterns match is one that `str.isprintable` refuses (a control, a
# format character, a line or paragraph separator, a surrogate, an unassigned code point;
# tests/test_safe_text.py checks each), so printable text, nearly all text, is safe as it is
# and is never searched. The patterns are compiled (by `re`, which keeps them) the first time
# some text is not printable: compiling them was most of the cost of importing this module,
# which every command pays, and most commands never meet such text.


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(value: object, limit: int = SHOWN_LIMIT, tr: Translator = ENGLISH) -> str:
    """`value` as one safe line: breaks and tabs folded, controls escaped (`\\x1b`), cut at `limit`.

    A cut value ends with an ellipsis and says how long it was, so nobody mistakes it for
    the whole: in the words of `tr`, the reader's language (English for messages).
    """
    text = value if isinstance(value, str) else str(value)
    cut = len(text) > limit
    head = text[:limit] if cut else text
    safe = head if head.isprintable() else _made_safe(head)
    if not cut:
        return safe
    # Translators: a value cut short, then its whole length in characters (always many).
    return tr.gettext("{text}… ({count} characters)").format(text=safe, count=whole(len(text), tr))


def _made_safe(text: str) -> str:
    return re.sub(_UNSAFE, _escaped, re.sub(_LINE_BREAKS, " ", text))


def has_unsafe(text: str) -> bool:
    """Whether `text` holds a control character, a bidirectional override or a lone surrogate."""
    return not text.isprintable() and re.search(_UNSAFE, text) is not None


def has_surrogate(text: str) -> bool:
    """Whether `text` holds a lone surrogate (U+D800-U+DFFF), which is not text: a file name
    that is not UTF-8, or an escape like `\\udcff` that some parser let through."""
    return not text.isprintable() and re.search(SURROGATES, text) is not None


def name_slug(name: str | None, limit: int = 30) -> str:
    """`Zoë O'Brien` → `zoe-o-brien`: lowercase ascii letters, digits and dashes, at most
    `limit`; what a person's name adds to a file name (the quiz's answers, an export)."""
    if not name:
        return ""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:limit].rstrip("-")
