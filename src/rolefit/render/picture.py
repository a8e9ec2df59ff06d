"""A picture of the result card: the same Rich renderable, recorded and exported as SVG or HTML.

Rich's SVG declares its Fira Code font with `url(...)`s on a font CDN, so opening the file
offline (or in a sandboxed viewer) would try the network. Those urls are stripped: the SVG keeps
`local("FiraCode-...")`, which uses the font when it is installed, and falls back to a list of
monospace fonts every system has one of.

The card has made the text from files safe to show already (`shown`); the pictures add one
guarantee of their own format: no character that XML cannot hold (a C0 control, U+FFFE,
U+FFFF, a lone surrogate) is written raw, whatever its source, so the SVG always parses.
"""

from __future__ import annotations

import io
import re

from rich.console import Console

from rolefit.core.result import Result
from rolefit.render.card import result_card

PICTURE_WIDTH = 80
FONT_STACK = '"Fira Code", Menlo, "DejaVu Sans Mono", Consolas, "Liberation Mono", monospace'

_REMOTE_URL = re.compile(r"""\s*,?\s*url\(\s*["']?(?:https?:)?//[^)]*\)(?:\s*format\([^)]*\))?""")
_RICH_FONT_FAMILY = re.compile(r"font-family:\s*Fira Code,\s*monospace")
# Characters outside XML 1.0's Char production (tab, line feed and carriage return are allowed).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _recorded(result: Result, width: int) -> Console:
    # no_color=False and a fixed colour system: a picture keeps the card's colours whatever
    # NO_COLOR or the current terminal say; they only govern what is printed to a terminal.
    console = Console(
        record=True,
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        color_system="truecolor",
        no_color=False,
    )
    console.print(result_card(result))
    return console


def card_svg(result: Result, width: int = PICTURE_WIDTH) -> str:
    """The card as a self-contained SVG that renders without network access."""
    svg = _recorded(result, width).export_svg(title="rolefit")
    return xml_safe(offline_svg(svg))


def card_html(result: Result, width: int = PICTURE_WIDTH) -> str:
    """The card as a standalone HTML page (inline styles, no external files)."""
    return xml_safe(_recorded(result, width).export_html(inline_styles=True))


def offline_svg(svg: str) -> str:
    """Drop every remote font url and name local monospace fonts to fall back on."""
    svg = _REMOTE_URL.sub("", svg)
    return _RICH_FONT_FAMILY.sub(f"font-family: {FONT_STACK}", svg)


def xml_safe(markup: str) -> str:
    """Show each character XML cannot hold as its escape (`\\x1b`, `\\uffff`), never raw."""
    return _NOT_XML.sub(_escaped, markup)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
