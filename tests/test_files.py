"""Writing outputs whole or not at all: atomic writes and transactions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from editplan.cli import main
from editplan.errors import OutputError
from editplan.store import files


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.docx"
    with pytest.raises(OutputError, match=r"folder .* does not exist"):
        files.write_atomic(target, b"data")
    assert not (tmp_path / "missing").exists()


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"old and whole")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    # the operating system refusing the rename, as for a file locked by another program
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match="cannot write: Permission denied"):
        files.write_atomic(target, b"new")
    assert target.read_bytes() == b"old and whole"
    assert leftovers(tmp_path) == []


def test_a_reader_of_the_old_file_keeps_reading_it_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.docx"
    target.write_bytes(b"A" * 100_000)
    with target.open("rb") as reader:
        head = reader.read(10)
        files.write_atomic(target, b"B" * 50)
        rest = reader.read()
    # the open file was replaced, not rewritten under the reader's feet
    assert head + rest == b"A" * 100_000
    assert target.read_bytes() == b"B" * 50


def test_a_folder_in_the_way_is_refused_without_leftovers(tmp_path: Path) -> None:
    (tmp_path / "plan.docx").mkdir()
    with pytest.raises(OutputError):
        files.write_atomic(tmp_path / "plan.docx", b"x")
    assert (tmp_path / "plan.docx").is_dir()
    assert leftovers(tmp_path) == []


def test_a_transaction_rolls_back_every_write(tmp_path: Path) -> None:
    kept = tmp_path / "kept.yaml"
    kept.write_text("before\n")
    new = tmp_path / "new.docx"
    transaction = files.Transaction()
    transaction.write(kept, "after\n")
    transaction.write(new, b"doc")
    transaction.rollback()
    assert kept.read_text() == "before\n"
    assert not new.exists()


def test_render_into_a_missing_folder_says_so_and_writes_nothing(
    repo_root: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "plan.docx"
    result = CliRunner().invoke(
        main, ["render", str(repo_root / "plans" / "cb-action-plan.yaml"), "-o", str(target)]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert not (tmp_path / "no").exists()
