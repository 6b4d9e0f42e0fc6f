"""The CLI names a full disk even when the OS error carries no file name (#13 item 10):
never a bare "No space left on device ()"."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from tests.conftest import SUPERVISOR_PW, TestUnit


def test_a_full_disk_without_a_file_name_is_named(
        unit: TestUnit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The OS says only "No space left on device" (a write on an open file, no name):
    the CLI names the disk holding the folder being written."""
    import errno

    from app.services import maintenance

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(maintenance, "key_holder_copy", full)
    monkeypatch.setenv("CSODS_PASSWORD", SUPERVISOR_PW)
    out = tmp_path / "backups" / "b.db"
    assert main(["backup", "--db", str(unit.db), "--out", str(out), "--user", "sam"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"csods: The disk holding {out.parent} is full, so nothing could be saved. "
                   "Free some disk space (or ask IT to), then try again. The database is not "
                   "damaged."), err
