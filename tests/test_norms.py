"""`rolefit norms build` and `rolefit score --norms`: a percentile against a named group."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from benchmarks.validity import Respondent, new_person
from rolefit.cli import app
from rolefit.core.bank import Bank
from rolefit.core.norms import MIN_GROUP, Norms, percentile
from tests.conftest import EXAMPLE_ANSWERS

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def write_group(folder: Path, bank: Bank, people: int, seed: int = 1) -> Path:
    folder.mkdir()
    rng = random.Random(seed)
    for k in range(people):
        answers = Respondent(bank, new_person(bank, rng), rng).answers()
        plain = {q: list(a) if isinstance(a, tuple) else a for q, a in answers.items()}
        document = {"respondent": f"Person {k}", "bank": "default", "answers": plain}
        (folder / f"p{k:02d}.yaml").write_text(yaml.safe_dump(document))
    return folder


@pytest.fixture(scope="module")
def norms_file(tmp_path_factory: pytest.TempPathFactory, bank: Bank) -> Path:
    folder = write_group(tmp_path_factory.mktemp("norms") / "group", bank, 30)
    target = folder.parent / "norms.yaml"
    code, _, err = run(
        "norms", "build", str(folder), "--group", "the Spring cohort", "-o", str(target)
    )
    assert code == 0, err
    return target


def norms_of(values: list[float]) -> Norms:
    return Norms(group="g", bank_id="b", bank_version="1", n=len(values), product_pct=tuple(values))


def test_the_percentile_is_the_mid_rank_share_of_the_group() -> None:
    norms = norms_of([float(v) for v in range(10, 10 + MIN_GROUP)])
    # 10 values below 20, one equal to it: (10 + 0.5) / 20.
    assert percentile(norms, 20.0) == pytest.approx(100 * 10.5 / MIN_GROUP)
    assert percentile(norms, 0.0) == 0.0
    assert percentile(norms, 100.0) == 100.0


def test_the_norms_file_names_the_group_and_holds_no_names(norms_file: Path) -> None:
    data = yaml.safe_load(norms_file.read_text())
    assert data["group"] == "the Spring cohort"
    assert data["n"] == len(data["product_pct"]) >= MIN_GROUP
    assert "Person" not in norms_file.read_text()


def test_score_with_norms_shows_the_percentile_and_the_group(norms_file: Path) -> None:
    code, out, err = run(
        "score", str(EXAMPLE_ANSWERS), "--norms", str(norms_file), "-f", "markdown"
    )
    assert code == 0, err
    assert "More product-leaning than" in out
    assert "% of the Spring cohort (n = " in out


def test_score_with_norms_puts_the_standing_in_json(norms_file: Path) -> None:
    import json

    code, out, _ = run("score", str(EXAMPLE_ANSWERS), "--norms", str(norms_file), "-f", "json")
    assert code == 0
    standing = json.loads(out)["standing"]
    assert standing["group"] == "the Spring cohort"
    assert 0 <= standing["percentile"] <= 100


def test_a_group_below_the_minimum_is_refused_when_built(tmp_path: Path, bank: Bank) -> None:
    folder = write_group(tmp_path / "small", bank, MIN_GROUP - 5)
    code, _out, err = run("norms", "build", str(folder), "-o", str(tmp_path / "n.yaml"))
    assert code == 2
    assert f"at least {MIN_GROUP} people" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "n.yaml").exists()


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("G\x1b[31m", "--group: holds control"),
        ("G\u202e", "--group: holds control"),
        ("   ", "--group: is empty"),
    ],
)
def test_a_group_name_that_is_no_plain_text_is_refused_in_one_line(
    tmp_path: Path, bank: Bank, group: str, expected: str
) -> None:
    folder = write_group(tmp_path / "g", bank, MIN_GROUP)
    code, _out, err = run(
        "norms", "build", str(folder), "--group", group, "-o", str(tmp_path / "n.yaml")
    )
    assert code == 2
    assert err.startswith(f"rolefit: {expected}")
    assert err.count("\n") == 1
    assert not (tmp_path / "n.yaml").exists()


def test_a_group_name_too_long_for_one_line_is_refused_when_built(
    tmp_path: Path, bank: Bank
) -> None:
    folder = write_group(tmp_path / "g", bank, MIN_GROUP)
    target = tmp_path / "n.yaml"
    code, _out, err = run("norms", "build", str(folder), "--group", "x" * 101, "-o", str(target))
    assert code == 2
    assert err == (
        "rolefit: --group: is 101 characters long; give a name of at most 100 (it is shown in "
        "one line of every result placed in the group)\n"
    )
    assert not target.exists()


def test_a_norms_file_with_a_group_name_too_long_is_refused(
    norms_file: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(norms_file.read_text())
    data["group"] = "x" * 100_000
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    code, out, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(bad), "--brief")
    assert (code, out) == (2, "")
    assert err.startswith(f"rolefit: {bad}") and "group" in err
    assert err.count("\n") == 1


def test_a_long_folder_path_gives_a_default_name_that_fits(tmp_path: Path, bank: Bank) -> None:
    folder = write_group(tmp_path / ("deep-" * 40 + "g\x1b"), bank, MIN_GROUP)
    code, _out, err = run("norms", "build", str(folder), "-o", str(tmp_path / "n.yaml"))
    assert code == 0, err
    group = yaml.safe_load((tmp_path / "n.yaml").read_text())["group"]
    assert group.startswith("the group in ") and len(group) <= 100


def test_the_default_group_name_shows_a_folder_name_safely(tmp_path: Path, bank: Bank) -> None:
    folder = write_group(tmp_path / "g\x1b[31m", bank, MIN_GROUP)
    code, _out, err = run("norms", "build", str(folder), "-o", str(tmp_path / "n.yaml"))
    assert code == 0, err
    group = yaml.safe_load((tmp_path / "n.yaml").read_text())["group"]
    assert "\x1b" not in group
    assert group.endswith("g\\x1b[31m")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"n": 5}, "n:"),
        ({"product_pct": [60.0, 50.0]}, "n ("),
        ({"group": None}, "group:"),
        ({"product_pct": "lots"}, "product_pct:"),
    ],
)
def test_a_bad_norms_file_is_one_line_and_exit_2(
    norms_file: Path, tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    data = yaml.safe_load(norms_file.read_text())
    data.update(change)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    code, out, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(bad))
    assert code == 2
    assert out == ""
    assert err.startswith(f"rolefit: {bad}")
    assert expected in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("field", ["n", "product_pct"])
def test_a_count_written_as_text_or_a_percent_as_true_is_refused(
    norms_file: Path, tmp_path: Path, field: str
) -> None:
    data = yaml.safe_load(norms_file.read_text())
    if field == "n":
        data["n"] = str(data["n"])  # "25": a damaged file, not a number
    else:
        data["product_pct"][0] = True  # true: not 1 %
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data))
    code, _, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(bad))
    assert code == 2
    assert f"{field}" in err and err.count("\n") == 1
    assert "groups under" not in err  # the hint is for a group too small, not a damaged count


def test_a_group_below_the_minimum_in_a_norms_file_says_why(
    norms_file: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(norms_file.read_text())
    data.update(n=5, product_pct=data["product_pct"][:5])
    bad = tmp_path / "small.yaml"
    bad.write_text(yaml.safe_dump(data))
    code, _, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(bad))
    assert code == 2
    assert err.rstrip().endswith(f"(groups under {MIN_GROUP} people are refused)")


def test_norms_of_another_version_of_the_bank_are_used_with_a_warning(
    norms_file: Path, tmp_path: Path
) -> None:
    data = yaml.safe_load(norms_file.read_text())
    data["bank_version"] = "0"
    older = tmp_path / "older.yaml"
    older.write_text(yaml.safe_dump(data))
    code, out, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(older), "-f", "markdown")
    assert code == 0
    assert "More product-leaning than" in out
    assert f"rolefit: warning: {older}: norms of version 0 of the bank" in err


def test_norms_that_are_not_yaml_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("group: [unclosed\n")
    code, _, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(bad))
    assert code == 2
    assert err.count("\n") == 1


def test_norms_of_another_bank_are_refused(norms_file: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(norms_file.read_text())
    data["bank_id"] = "workshop"
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(data))
    code, _, err = run("score", str(EXAMPLE_ANSWERS), "--norms", str(other))
    assert code == 2
    assert "norms of bank 'workshop'" in err


def test_norms_of_a_workshop_store_equal_those_of_its_answers_files(
    tmp_path: Path, bank: Bank
) -> None:
    import json

    from rolefit.core.answers import parse_answers
    from rolefit.core.scoring import score
    from rolefit.render.json import result_json
    from rolefit.store.workshop import WorkshopStore

    folder = write_group(tmp_path / "group", bank, MIN_GROUP)
    with WorkshopStore.open(tmp_path / "workshop.db", create=True) as store:
        store.claim_bank(bank)
        for path in sorted(folder.glob("*.yaml")):
            document = yaml.safe_load(path.read_text())
            result = score(bank, parse_answers(document, bank))
            store.add_response(
                document=json.dumps(document),
                result=result_json(result),
                respondent=document["respondent"],
                form="full",
                via="api",
            )
    built = {}
    for source in (folder, tmp_path / "workshop.db"):
        target = tmp_path / f"{source.name}.norms.yaml"
        code, _, err = run("norms", "build", str(source), "--group", "g", "-o", str(target))
        assert code == 0, err
        built[source.name] = yaml.safe_load(target.read_text())
    assert built["group"]["product_pct"] == built["workshop.db"]["product_pct"]
