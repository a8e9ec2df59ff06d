"""The look shared by the pictures and pages: a light palette, fonts, and safe markup.

Every colour that text is drawn in is listed with the background it sits on in TEXT_ON, so a
test can hold each pair to WCAG's 4.5:1; colours that are never text (bars, bands, rules) need
only stand out from the page, and are kept apart in FILLS.
"""

from __future__ import annotations

import html
import re

INK = "#1b1f24"
MUTED = "#4a5563"
PAPER = "#ffffff"
PANEL = "#f5f7fa"
PRODUCT = "#0b5fa5"
PROGRAM = "#8b2a6f"
PRODUCT_TINT = "#e8f1f9"
PROGRAM_TINT = "#f7eaf3"
WARN = "#7a4a00"
WARN_TINT = "#fff6e5"
# Fills only: never the colour of text.
TRACK = "#e3e8ee"
RULE = "#c9d1da"
BAND_PRODUCT = "#9cc3e6"
BAND_PROGRAM = "#dcaacd"
FILLS = (TRACK, RULE, BAND_PRODUCT, BAND_PROGRAM)

# (text colour, background) for every pair the pages and pictures draw text in.
TEXT_ON: tuple[tuple[str, str], ...] = (
    *(
        (ink, ground)
        for ink in (INK, MUTED, PRODUCT, PROGRAM, WARN)
        for ground in (PAPER, PANEL, PRODUCT_TINT, PROGRAM_TINT, WARN_TINT)
    ),
    (PAPER, PRODUCT),
    (PAPER, PROGRAM),
    (PAPER, INK),
)

# Fonts every system has one of; librsvg and Chromium both find DejaVu Sans on Linux, so a
# picture looks the same in either.
SANS = '"DejaVu Sans", Verdana, "Segoe UI", Arial, Helvetica, sans-serif'
PAGE_SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif'
# A generous average advance of a DejaVu Sans character, in ems, for laying out SVG text
# (SVG does not wrap): estimating wide keeps text inside its box.
CHAR_EM = 0.62

ROLE_COLOUR = {"product": PRODUCT, "program": PROGRAM}
VERDICT_COLOUR = {"product": PRODUCT, "program": PROGRAM, "balanced": INK, "undetermined": MUTED}

# Characters outside XML 1.0's Char production (tab, line feed and carriage return are allowed).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(markup: str) -> str:
    """Show each character XML cannot hold as its escape (`\\x1b`, `\\uffff`), never raw."""
    return _NOT_XML.sub(_escaped, markup)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def esc(text: str) -> str:
    """Text as HTML/SVG character data or an attribute value: never markup."""
    return xml_safe(html.escape(text, quote=True))


# A part of a picture drawn top down: its SVG elements, and where the next part starts.
Drawn = tuple[list[str], float]


def text_line(
    x: float, y: float, text: str, size: float, fill: str = INK, weight: str = "normal"
) -> str:
    """One line of text in a picture, escaped, starting at `x` on the baseline `y`."""
    return (
        f'<text x="{x}" y="{y:.1f}" font-size="{size:g}" fill="{fill}" '
        f'font-weight="{weight}">{esc(text)}</text>'
    )


def svg_card(width: int, height: float, title: str, language: str, parts: list[str]) -> str:
    """A picture as one SVG document: `parts` on a rounded card, with the title and the
    language a screen reader announces it by."""
    return xml_safe(
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height:.0f}" viewBox="0 0 {width} {height:.0f}" '
        f'font-family="{esc(SANS)}" xml:lang="{esc(language)}" role="img" '
        f'aria-label="{esc(title)}">'
        f"<title>{esc(title)}</title>"
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1:.0f}" rx="14" '
        f'fill="{PAPER}" stroke="{RULE}"/>' + "".join(parts) + "</svg>\n"
    )


def labelled_cells(*cells: tuple[str, str]) -> str:
    """Table cells of figures from (value, column title) pairs, both plain text. Each cell
    carries its title, which a narrow screen shows before the value (`table.labelled`)."""
    return "".join(
        f'<td class="num" data-label="{esc(title)}">{esc(value)}</td>' for value, title in cells
    )


_NUMBER_UNIT = re.compile(r"(\d) %")


def unbroken(text: str) -> str:
    """`text` with a number kept on one line with its unit and sign ("68 %", "± 5")."""
    return _NUMBER_UNIT.sub("\\1\u00a0%", text).replace("± ", "±\u00a0")


# The letters DejaVu Sans draws far wider than the average (m is 0.97 em): German words such
# as "Programmmanagement" outgrow an estimate that counts every letter alike.
_WIDE_LETTERS = frozenset("mwMW")
_WIDE_EXTRA_EM = 0.35


def text_width(text: str, size: float) -> float:
    """About how wide `text` is at font size `size` (generous, see CHAR_EM)."""
    wide = sum(1 for character in text if character in _WIDE_LETTERS)
    return (len(text) * CHAR_EM + wide * _WIDE_EXTRA_EM) * size


def wrap(text: str, size: float, width: float) -> list[str]:
    """`text` broken at spaces into lines that fit `width` at font size `size`."""
    most = max(1, int(width / (size * CHAR_EM)))
    lines: list[str] = []
    line = ""
    # A number keeps its unit: "68 %" never breaks between the two.
    for word in _NUMBER_UNIT.sub("\\1\u00a0%", text).split(" "):
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= most or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def plural(count: int, one: str, many: str | None = None) -> str:
    """`1 skill`, `3 skills`: the count with the word in the form it takes."""
    return f"{count} {one if count == 1 else (many or one + 's')}"
