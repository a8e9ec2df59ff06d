"""The bank cache: the same bank as a check would build, faster, and never a way in."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rolefit.errors import BankError
from rolefit.files import bankcache, banks, reading
from rolefit.files.banks import BankFiles, load_bank
from tests.conftest import EXAMPLE_ANSWERS, MINI_QUESTIONS, MINI_SCORING


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache of this test's own: `XDG_CACHE_HOME` set, the banks' folder returned."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "rolefit" / "banks"


@pytest.fixture
def mini(tmp_path: Path) -> BankFiles:
    """A copy of the small test bank that a test may edit."""
    files = BankFiles(tmp_path / "questions.yaml", tmp_path / "scoring.yaml")
    shutil.copy(MINI_QUESTIONS, files.questions)
    shutil.copy(MINI_SCORING, files.scoring)
    return files


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.pickle")) if cache.is_dir() else []


def key_of(files: BankFiles) -> str:
    key = bankcache.key_of(
        [
            (reading.parser_of(path), reading.read_text(path))
            for path in (files.questions, files.scoring)
        ]
    )
    assert key is not None
    return key


def key(*texts: str) -> str | None:
    return bankcache.key_of([("yaml", text) for text in texts])


def refuse_to_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make checking a bank fail, so that a bank loaded afterwards must come from the cache."""

    def no_check(*_: Any, **__: Any) -> Any:
        raise AssertionError("the bank was checked again")

    monkeypatch.setattr(banks, "build_bank", no_check)


class Planted:
    """A pickle that runs a command when loaded, as a hostile cache file would."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_checked_bank_is_kept_and_the_next_load_skips_the_check(
    cache: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_bank(mini)
    assert [entry.name for entry in entries(cache)] == [key_of(mini) + ".pickle"]
    refuse_to_check(monkeypatch)
    assert load_bank(mini) == first


def test_the_cached_bank_has_the_same_tables_as_a_checked_one(cache: Path) -> None:
    checked = load_bank(BankFiles.bundled())
    cached = bankcache.recall(key_of(BankFiles.bundled()))
    assert cached is not None and cached is not checked
    assert cached == checked
    for table in ("questions", "by_id", "section_of", "dimensions", "option_ids", "items"):
        assert getattr(cached, table) == getattr(checked, table), table
    assert cached.scale_position == checked.scale_position
    assert cached.languages == checked.languages


def test_the_cache_folder_and_its_files_are_private(cache: Path, mini: BankFiles) -> None:
    load_bank(mini)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert entries(cache)[0].stat().st_mode & 0o777 == 0o600


def test_an_edited_bank_is_checked_again(cache: Path, mini: BankFiles) -> None:
    load_bank(mini)
    text = mini.questions.read_text()
    mini.questions.write_text(text.replace("type: likert", "type: slider", 1))
    with pytest.raises(BankError, match="slider"):
        load_bank(mini)


def test_a_bank_with_problems_is_not_kept_and_is_reported_every_time(
    cache: Path, mini: BankFiles
) -> None:
    mini.scoring.write_text("dimensions: []\n")
    for _ in range(2):
        with pytest.raises(BankError):
            load_bank(mini)
    assert entries(cache) == []


def test_the_key_changes_with_either_file_and_with_rolefit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = key("questions", "scoring")
    assert key("questions", "scoring") == first
    assert key("questions ", "scoring") != first
    assert key("questions", "scoring ") != first
    # the texts are delimited: moving a character from one file to the other is a new key
    assert key("question", "sscoring") != first
    assert bankcache.key_of([("json", "questions"), ("yaml", "scoring")]) != first
    monkeypatch.setattr(bankcache, "__version__", "99.0")
    assert key("questions", "scoring") != first


def test_a_bank_read_as_json_is_checked_as_json_even_after_the_same_text_as_yaml(
    cache: Path, mini: BankFiles
) -> None:
    load_bank(mini)
    as_json = BankFiles(mini.questions.with_suffix(".json"), mini.scoring)
    shutil.copy(mini.questions, as_json.questions)  # YAML text, not JSON
    with pytest.raises(BankError, match="JSON"):
        load_bank(as_json)


def test_without_a_listable_install_there_is_no_cache(
    cache: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(bankcache, "_CODE", (tmp_path / "inside-a-zip",))
    assert load_bank(mini).id == "mini"
    assert entries(cache) == []


def test_the_key_changes_when_a_module_of_the_code_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "core"
    package.mkdir()
    module = package / "models.py"
    module.write_text("A = 1\n")
    os.utime(module, ns=(10**18, 10**18))
    monkeypatch.setattr(bankcache, "_CODE", (package,))
    before = key("questions", "scoring")
    module.write_text("A = 2\n")  # same size: the time tells
    os.utime(module, ns=(10**18 + 1, 10**18 + 1))
    assert key("questions", "scoring") != before


def test_a_corrupt_cache_file_is_a_miss_and_is_replaced(cache: Path, mini: BankFiles) -> None:
    bank = load_bank(mini)
    [entry] = entries(cache)
    entry.write_bytes(b"\x80\x05not a pickle at all")
    assert load_bank(mini) == bank
    assert bankcache.recall(key_of(mini)) == bank


def test_a_truncated_cache_file_is_a_miss(cache: Path, mini: BankFiles) -> None:
    bank = load_bank(mini)
    [entry] = entries(cache)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert bankcache.recall(key_of(mini)) is None
    assert load_bank(mini) == bank


def test_a_planted_pickle_cannot_run_code(cache: Path, mini: BankFiles, tmp_path: Path) -> None:
    load_bank(mini)
    [entry] = entries(cache)
    marker = tmp_path / "ran"
    entry.write_bytes(pickle.dumps(Planted(marker)))
    assert bankcache.recall(key_of(mini)) is None
    assert load_bank(mini).id == "mini"
    assert not marker.exists()


def test_a_pickle_of_something_other_than_a_bank_is_a_miss(cache: Path, mini: BankFiles) -> None:
    bank = load_bank(mini)
    [entry] = entries(cache)
    entry.write_bytes(pickle.dumps(bank.questions_file))  # core data, but not a bank
    assert bankcache.recall(key_of(mini)) is None


def test_a_cache_file_others_may_write_to_is_not_read(
    cache: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_bank(mini)
    [entry] = entries(cache)
    entry.chmod(0o620)
    assert bankcache.recall(key_of(mini)) is None
    refuse_to_check(monkeypatch)
    with pytest.raises(AssertionError, match="checked again"):
        load_bank(mini)


def test_a_cache_folder_others_may_write_to_is_neither_read_nor_written(
    cache: Path, mini: BankFiles
) -> None:
    load_bank(mini)
    cache.chmod(0o777)
    assert bankcache.recall(key_of(mini)) is None
    for entry in entries(cache):
        entry.unlink()
    load_bank(mini)
    assert entries(cache) == []


def test_a_symlink_in_place_of_a_cache_file_is_not_followed(
    cache: Path, mini: BankFiles, tmp_path: Path
) -> None:
    load_bank(mini)
    [entry] = entries(cache)
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert bankcache.recall(key_of(mini)) is None


def test_a_fifo_in_place_of_a_cache_file_is_not_waited_on(cache: Path, mini: BankFiles) -> None:
    cache.mkdir(parents=True, mode=0o700)
    os.mkfifo(cache / (key_of(mini) + ".pickle"))
    assert bankcache.recall(key_of(mini)) is None
    assert load_bank(mini).id == "mini"


def test_a_cache_that_cannot_be_made_changes_nothing(
    tmp_path: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_bank(mini).id == "mini"
    assert load_bank(mini).id == "mini"


def test_without_a_home_folder_there_is_no_cache_and_no_error(
    mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", no_home)
    assert load_bank(mini).id == "mini"
    assert load_bank(mini).id == "mini"


def test_a_folder_above_the_cache_others_may_write_to_means_no_cache(
    tmp_path: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # anyone may rename what is in it, the cache folder too
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "cache"))
    load_bank(mini)
    assert list((shared / "cache" / "rolefit" / "banks").glob("*")) == []


def test_a_sticky_shared_folder_above_the_cache_is_safe(
    tmp_path: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: nobody may move another's entries
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared / "cache"))
    load_bank(mini)
    assert bankcache.recall(key_of(mini)) is not None


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a folder away"
)
def test_as_root_a_cache_under_another_users_folder_is_left_alone(
    tmp_path: Path, mini: BankFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sudo -E rolefit ...`: root must neither trust that user's folders nor fill them with
    files the user could then not replace."""
    home = tmp_path / "someone"
    home.mkdir()
    os.chown(home, 12345, 12345)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    load_bank(mini)
    assert bankcache.recall(key_of(mini)) is None
    assert not list((home / ".cache").rglob("*.pickle"))


def test_only_the_newest_entries_are_kept(cache: Path, mini: BankFiles) -> None:
    cache.mkdir(parents=True, mode=0o700)
    for number in range(bankcache.KEEP + 3):
        old = cache / f"{number:064x}.pickle"
        old.write_bytes(b"old")
        os.utime(old, ns=(number * 10**9, number * 10**9))
    load_bank(mini)
    kept = entries(cache)
    assert len(kept) == bankcache.KEEP
    assert cache / (key_of(mini) + ".pickle") in kept
    assert cache / f"{0:064x}.pickle" not in kept


def rolefit(*args: str, cache_home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rolefit", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
        timeout=60,
        check=False,
    )


def test_score_from_the_cache_prints_what_a_checked_bank_prints(tmp_path: Path) -> None:
    arguments = ("score", str(EXAMPLE_ANSWERS), "--format", "json")
    first = rolefit(*arguments, cache_home=tmp_path)
    second = rolefit(*arguments, cache_home=tmp_path)
    assert first.returncode == second.returncode == 0
    assert second.stdout == first.stdout
    assert len(list((tmp_path / "rolefit" / "banks").glob("*.pickle"))) == 1


def test_score_with_an_unusable_cache_says_nothing_about_it(tmp_path: Path) -> None:
    done = rolefit("score", str(EXAMPLE_ANSWERS), "--format", "json", cache_home=Path("/dev/null"))
    assert done.returncode == 0
    assert done.stderr == ""
