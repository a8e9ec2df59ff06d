"""Designed pages and pictures: the result page, the SVG card and the cohort page.

Structure and safety are checked in Python (a parser, WCAG's formula written out here);
where Chromium or rsvg-convert is installed the pages are also rendered: at 360 px nothing
scrolls sideways, and the result prints on one A4 and one Letter page.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolefit.cli import app
from rolefit.core.answers import AnswerSheet
from rolefit.core.bank import Bank
from rolefit.core.cohort import ItemPlan, summarise
from rolefit.core.cohort_report import CohortReport
from rolefit.core.result import Result
from rolefit.core.scoring import score
from rolefit.files.banks import BankFiles, load_bank
from rolefit.files.catalogs import translator
from rolefit.files.submissions import find_submissions, score_files
from rolefit.render import design
from rolefit.render.charts import Spread, spreads
from rolefit.render.cohort_page import cohort_page
from rolefit.render.cohort_picture import cohort_svg
from rolefit.render.page import result_page
from rolefit.render.picture import result_svg
from tests.chromium import CHROMIUM, HEADLESS_ARGS
from tests.conftest import EXAMPLE_ANSWERS, ROOT
from tests.helpers import score_answers

WORKSHOP = ROOT / "examples" / "workshop"
SVG = "{http://www.w3.org/2000/svg}"
RSVG = shutil.which("rsvg-convert")
runner = CliRunner()


@pytest.fixture(scope="module")
def result(bank: Bank, example_sheet: AnswerSheet) -> Result:
    return score(bank, example_sheet)


@pytest.fixture(scope="module")
def cohort() -> CohortReport:
    bank = load_bank(
        BankFiles(WORKSHOP / "bank" / "questions.yaml", WORKSHOP / "bank" / "scoring.yaml")
    )
    plan = ItemPlan.of(bank)
    files = find_submissions([WORKSHOP / "answers"]).files
    return summarise(bank, plan, score_files(bank, plan, files, workers=1))


# --- WCAG contrast, written out independently of the renderers ----------------------------


def luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_wcag_s_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("ink", "ground"), design.TEXT_ON)
def test_every_text_colour_reaches_4_5_to_1_on_its_background(ink: str, ground: str) -> None:
    assert contrast(ink, ground) >= 4.5


def text_colours_of_svg(svg: str) -> set[str]:
    return set(re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})"', svg))


def test_the_card_draws_text_only_in_colours_checked_for_contrast(result: Result) -> None:
    checked = {ink for ink, ground in design.TEXT_ON if ground == design.PAPER}
    assert text_colours_of_svg(result_svg(result)) <= checked


def test_the_pages_style_text_only_in_colours_checked_for_contrast(
    result: Result, cohort: CohortReport
) -> None:
    checked = {ink for ink, _ in design.TEXT_ON}
    for page in (result_page(result), cohort_page(cohort)):
        style = page[page.index("<style>") : page.index("</style>")]
        colours = set(re.findall(r"(?<![-\w])color:(#[0-9a-f]{6})", style))
        assert colours <= checked
        assert text_colours_of_svg(page) <= checked


# --- Structure --------------------------------------------------------------------------


class Outline(HTMLParser):
    """The tags, the title and every attribute that could load something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.title = ""
        self.loads: list[str] = []
        self.metas: list[dict[str, str | None]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title" and len(self.tags) < 10
        if tag == "meta":
            self.metas.append(dict(attrs))
        for name, value in attrs:
            if name in {"src", "href", "srcset", "action", "xlink:href", "poster", "data"}:
                self.loads.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    return parser


def assert_self_contained(page: str) -> None:
    found = outline(page)
    assert found.loads == []
    assert "<script" not in page and "<link" not in page and "<iframe" not in page
    assert "url(" not in page and "@import" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_the_result_page_is_a_complete_document_with_a_title_and_a_viewport(
    result: Result,
) -> None:
    page = result_page(result)
    found = outline(page)
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in page
    assert "Alex Rivera" in found.title and result.headline in found.title
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in found.metas
    assert found.tags.count("h1") == 1 and found.tags.count("main") == 1
    assert {"header", "section", "footer", "svg"} <= set(found.tags)


def test_the_result_page_asks_for_nothing_outside_itself(result: Result) -> None:
    assert_self_contained(result_page(result))


def test_the_result_page_has_a_print_stylesheet(result: Result) -> None:
    assert "@media print" in result_page(result)


def test_the_result_page_charts_carry_numbers_and_an_axis(result: Result) -> None:
    page = result_page(result)
    charts = re.findall(r"<svg class=\"chart\".*?</svg>", page, flags=re.S)
    assert len(charts) == 2  # the gauge and the dimensions
    for chart in charts:
        assert "% product" in chart and "% program" in chart  # the axis's two ends
        assert ">50<" in chart and ">100<" in chart
    placed = [d for d in result.dimensions if not d.shared]
    numbers = re.findall(r">(\d+ % (?:product|program)|50 / 50|left out)<", charts[1])
    assert len(numbers) == len(placed)


def test_shared_foundations_leave_the_dimension_chart_for_readiness(result: Result) -> None:
    page = result_page(result)
    chart = re.findall(r"<svg class=\"chart\".*?</svg>", page, flags=re.S)[1]
    assert "Shared foundations" not in chart
    readiness = page[page.index('id="ready"') :]
    assert "Shared foundations" in readiness


def test_text_from_the_answers_file_is_escaped_in_the_page(
    bank: Bank, example_sheet: AnswerSheet
) -> None:
    evil = "<script>alert(1)</script>\x1b[2J"
    page = result_page(score(bank, dataclasses.replace(example_sheet, respondent=evil)))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page and "\x1b" not in page


def test_the_card_is_light_with_a_number_on_every_bar_and_text_of_14_px_or_more(
    result: Result,
) -> None:
    svg = result_svg(result)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    background = root.find(f"{SVG}rect")
    assert background is not None and background.get("fill") == design.PAPER
    sizes = [float(text.get("font-size", "0")) for text in root.iter(f"{SVG}text")]
    assert min(sizes) >= 14
    texts = [text.text or "" for text in root.iter(f"{SVG}text")]
    placed = [d for d in result.dimensions if not d.shared]
    numbers = [t for t in texts if re.fullmatch(r"\d+ % (product|program)|50 / 50|left out", t)]
    assert len(numbers) == len(placed) + 1  # and one above the gauge's dot
    assert_self_contained(svg)


def test_the_card_uses_nothing_librsvg_draws_differently(result: Result) -> None:
    svg = result_svg(result)
    for feature in ("<style", "dominant-baseline", "filter", "<foreignObject", "textLength"):
        assert feature not in svg


def test_the_cohort_page_shows_the_verdicts_the_spread_and_a_row_per_person(
    cohort: CohortReport,
) -> None:
    page = cohort_page(cohort)
    found = outline(page)
    assert page.startswith("<!DOCTYPE html>") and found.title
    assert_self_contained(page)
    assert found.tags.count("svg") == 3  # verdicts, histogram, dimensions
    people = page[page.index('id="people"') : page.index("</section>", page.index('id="people"'))]
    assert people.count("<tr>") == cohort.count + 1  # and the header
    assert "Worth a conversation" in page


def test_the_cohort_page_has_the_flags_and_the_item_and_scale_analysis(
    cohort: CohortReport,
) -> None:
    page = cohort_page(cohort)
    headings = re.findall(r"<h2 id=\"[a-z]+\">([^<]+)</h2>", page)
    assert "Flags seen" in headings
    assert "Items and scales" in headings


def test_the_cohort_picture_names_whom_to_talk_to_and_everyone(cohort: CohortReport) -> None:
    root = ET.fromstring(cohort_svg(cohort))
    texts = [text.text or "" for text in root.iter(f"{SVG}text")]
    assert "Worth a conversation" in texts and "People" in texts
    for row in cohort.respondents:
        assert any(row.source.rsplit("/", 1)[-1] in line for line in texts), row.source


def test_the_cohort_picture_is_an_svg_that_parses(cohort: CohortReport) -> None:
    root = ET.fromstring(cohort_svg(cohort))
    sizes = [float(text.get("font-size", "0")) for text in root.iter(f"{SVG}text")]
    assert min(sizes) >= 14


def test_both_pictures_name_the_language_they_are_written_in(
    cohort: CohortReport, result: Result
) -> None:
    # A screen reader reads a picture's title and text in the language the picture names.
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert ET.fromstring(cohort_svg(cohort)).get(lang) == "en"
    assert ET.fromstring(cohort_svg(cohort, translator("de"))).get(lang) == "de"
    assert ET.fromstring(result_svg(result, translator("de"))).get(lang) == "de"


def test_a_long_dimension_name_wraps_beside_its_numbers_instead_of_running_under_them() -> None:
    label = "Commercial ownership: pricing, forecasting, profitability"
    note = "n 30 · alpha -0.11"
    drawing = spreads([Spread(label, 50.0, 5.0, note, (1, 2, 3))], width=360, size=14)
    texts = ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{drawing.body}</svg>')
    lines = [(float(t.get("y", "0")), t.text or "") for t in texts.iter(f"{SVG}text")]
    note_y = next(y for y, text in lines if text == note)
    label_lines = [text for _, text in lines if text and text in label]
    assert " ".join(label_lines) == label and len(label_lines) > 1
    beside_note = [text for y, text in lines if y == note_y and text != note]
    assert beside_note == [label_lines[0]]
    assert design.text_width(label_lines[0], 14) + design.text_width(note, 14) < 360


# --- Formats from the command line ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.html", "<!DOCTYPE html>"), ("r.svg", "<svg"), ("r.md", "# "), ("r.json", "{")],
)
def test_score_writes_the_format_the_output_file_names(
    tmp_path: Path, name: str, start: str
) -> None:
    target = tmp_path / name
    code = runner.invoke(app, ["score", str(EXAMPLE_ANSWERS), "-o", str(target)]).exit_code
    assert code == 0
    assert target.read_text().startswith(start)


def test_a_format_that_contradicts_the_output_file_is_refused_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "a.html"
    result = runner.invoke(
        app, ["score", str(EXAMPLE_ANSWERS), "-o", str(target), "--format", "markdown"]
    )
    assert result.exit_code == 2
    assert "does not match" in result.stderr and len(result.stderr.splitlines()) == 1
    assert not target.exists()


@pytest.mark.parametrize("format", ["html", "svg", "markdown", "json", "text"])
def test_report_writes_every_format(format: str) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            str(WORKSHOP / "answers"),
            "--questions",
            str(WORKSHOP / "bank" / "questions.yaml"),
            "--scoring",
            str(WORKSHOP / "bank" / "scoring.yaml"),
            "--format",
            format,
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "Amara" in result.stdout or format == "svg"


# --- Rendered for real ------------------------------------------------------------------


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                CHROMIUM,
                "--headless",
                *HEADLESS_ARGS,
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


@needs_chromium
@pytest.mark.parametrize("which", ["result", "result in German", "cohort", "cohort in German"])
def test_at_360_pixels_nothing_scrolls_sideways_not_even_a_table(
    tmp_path: Path, result: Result, cohort: CohortReport, which: str
) -> None:
    page = {
        "result": lambda: result_page(result),
        "result in German": lambda: result_page(result, translator("de")),
        "cohort": lambda: cohort_page(cohort),
        # German's column titles are longer than English's: a table of them is the widest.
        "cohort in German": lambda: cohort_page(cohort, translator("de")),
    }[which]()
    (tmp_path / "page.html").write_text(page)
    # Headless windows are at least 500 px wide, so the page goes in a 360-px frame, and a
    # probe of the test's own (the page itself has no script) reads the page's scroll width
    # and how far the widest of its tables reaches past the box that would let it scroll.
    frame = (
        '<!DOCTYPE html><title>probe</title><iframe id="f" src="page.html" '
        'style="width:360px;height:800px;border:0"></iframe><script>'
        "document.getElementById('f').addEventListener('load',e=>{"
        "const d=e.target.contentDocument;"
        "const past=[...d.querySelectorAll('.scroll')].map(s=>s.scrollWidth-s.clientWidth);"
        "document.title='W'+d.documentElement.scrollWidth+' P'+Math.max(0,...past)})</script>"
    )
    (tmp_path / "frame.html").write_text(frame)
    done = chromium(
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        (tmp_path / "frame.html").as_uri(),
    )
    found = re.search(r"<title>W(\d+) P(\d+)</title>", done.stdout)
    assert found is not None, done.stderr[-500:]
    page_width, table_past = int(found.group(1)), int(found.group(2))
    assert page_width <= 360
    assert table_past == 0


@needs_chromium
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_result_prints_on_one_page(tmp_path: Path, result: Result, paper: str) -> None:
    path = tmp_path / "page.html"
    path.write_text(result_page(result).replace("@page{size:auto", f"@page{{size:{paper}"))
    pdf = tmp_path / "page.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    pages = re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())
    assert len(pages) == 1


@needs_chromium
def test_a_result_without_a_verdict_prints_on_one_page(tmp_path: Path, bank: Bank) -> None:
    straight = {
        q.id: "agree" for q in bank.form(short=False) if q.type == "likert" and q.kind != "skill"
    }
    undetermined = score_answers(bank, straight, "Sam")
    assert undetermined.verdict == "undetermined"
    path = tmp_path / "page.html"
    path.write_text(result_page(undetermined).replace("@page{size:auto", "@page{size:Letter"))
    pdf = tmp_path / "page.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", path.as_uri())
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) == 1


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert is not installed (librsvg2-bin)")
def test_librsvg_draws_the_card_at_its_natural_size(tmp_path: Path, result: Result) -> None:
    svg = tmp_path / "card.svg"
    svg.write_text(result_svg(result))
    png = tmp_path / "card.png"
    assert RSVG is not None
    subprocess.run([RSVG, str(svg), "-o", str(png)], check=True, timeout=60)
    header = png.read_bytes()[:24]
    width = int.from_bytes(header[16:20], "big")
    assert header.startswith(b"\x89PNG") and width == 720


# DejaVu Sans advances (in ems) of the letters of "Programmmanagement", from the font's tables.
DEJAVU_EMS = {"P": 0.603, "r": 0.411, "o": 0.612, "g": 0.635, "a": 0.613, "m": 0.974}
DEJAVU_EMS |= {"n": 0.634, "e": 0.615, "t": 0.392}


def test_a_word_of_wide_letters_is_laid_out_at_least_as_wide_as_it_is_drawn() -> None:
    word = "Programmmanagement"
    drawn = sum(DEJAVU_EMS[letter] for letter in word) * 16
    assert design.text_width(word, 16) >= drawn


def test_a_long_chart_title_in_the_cohort_picture_wraps_inside_it(cohort: CohortReport) -> None:
    from rolefit.files.catalogs import translator

    root = ET.fromstring(cohort_svg(cohort, translator("de")))  # German titles run longest
    width = float(root.get("width", "0"))
    for text in root.iter(f"{SVG}text"):
        size = float(text.get("font-size", "0"))
        if text.get("font-weight") == "bold" and size == 19:
            x = float(text.get("x", "0"))
            assert x + design.text_width(text.text or "", size) <= width
