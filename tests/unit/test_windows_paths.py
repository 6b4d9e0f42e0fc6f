"""Windows code paths that can be tested on Linux: the per-user folder under
%LOCALAPPDATA%, and the key file replaced even while an antivirus briefly holds it."""

from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

import pytest

from app import paths
from app.security import keyfile as keyfile_module


def test_default_unit_is_under_localappdata_on_windows() -> None:
    environ = {"LOCALAPPDATA": r"C:\Users\pc1234\AppData\Local"}
    assert paths.default_unit_db("win32", environ) == PureWindowsPath(
        r"C:\Users\pc1234\AppData\Local\CSODS Case Manager\unit.db")


def test_windows_without_localappdata_uses_the_profile_folder() -> None:
    environ = {"USERPROFILE": r"C:\Users\pc1234"}
    assert paths.user_data_folder("win32", environ) == PureWindowsPath(
        r"C:\Users\pc1234\AppData\Local\CSODS Case Manager")


def test_csods_db_wins_everywhere() -> None:
    environ = {"LOCALAPPDATA": r"C:\Users\x\AppData\Local", "CSODS_DB": "/srv/csods/unit.db"}
    assert paths.default_unit_db("win32", environ) == Path("/srv/csods/unit.db")


def test_linux_default_is_the_xdg_data_folder(monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert paths.default_unit_db("linux", {}) == tmp_path / "CSODS Case Manager" / "unit.db"


def test_the_machine_wide_unit_file_is_under_programdata_on_windows() -> None:
    environ = {"PROGRAMDATA": r"D:\ProgramData"}
    assert paths.machine_unit_file("win32", environ) == PureWindowsPath(
        r"D:\ProgramData\CSODS Case Manager\unit-path.txt")
    assert paths.machine_unit_file("linux", {}) == Path("/etc/csods/unit-path.txt")


def test_a_second_account_finds_the_unit_it_set_for_every_account(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 14 item 6: a shortcut cannot set a variable, so IT names the unit once for
    the workstation; every account (not only the one that set it up) opens it."""
    config = tmp_path / "unit-path.txt"
    config.write_text("\ufeff# set by IT, change ticket 4411\n\nD:\\CSODS\\unit.db\n",
                      encoding="utf-8")
    monkeypatch.setattr(paths, "machine_unit_file", lambda *_a, **_k: config)
    second = {"LOCALAPPDATA": r"C:\Users\pc5678\AppData\Local"}
    assert paths.default_unit_db("win32", second) == Path(r"D:\CSODS\unit.db")
    with_env = {**second, "CSODS_DB": "/srv/csods/unit.db"}
    assert paths.default_unit_db("win32", with_env) == Path("/srv/csods/unit.db")  # still wins
    config.write_text("# nothing set yet\n", encoding="utf-8")
    assert paths.default_unit_db("win32", second) == PureWindowsPath(
        r"C:\Users\pc5678\AppData\Local\CSODS Case Manager\unit.db")
    config.unlink()
    assert paths.machine_unit("win32", second) is None


def _held_for(attempts: int, calls: list[tuple[str, str]]) -> object:
    real_replace = os.replace

    def replace(src: str, dst: str) -> None:
        calls.append((str(src), str(dst)))
        if len(calls) <= attempts:
            raise PermissionError(13, "The process cannot access the file because it is"
                                      " being used by another process")
        real_replace(src, dst)

    return replace


def _keyfile() -> keyfile_module.KeyFile:
    from app.security.crypto import KdfParams

    return keyfile_module.KeyFile(unit_id="unit-1", kdf=KdfParams(1, 8, 1))


def test_key_file_replace_is_retried_while_the_file_is_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str]] = []
    pauses: list[float] = []
    monkeypatch.setattr(keyfile_module.os, "replace", _held_for(3, calls))
    monkeypatch.setattr(keyfile_module.time, "sleep", pauses.append)
    path = tmp_path / "unit.db.keys"
    keyfile_module.save(path, _keyfile())
    assert keyfile_module.load(path).unit_id == "unit-1"
    assert len(calls) == 4 and pauses == [0.05, 0.1, 0.2]
    assert pauses == sorted(pauses)
    assert not list(tmp_path.glob("*.tmp"))


def test_key_file_held_too_long_fails_and_leaves_the_old_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "unit.db.keys"
    keyfile_module.save(path, _keyfile())
    before = path.read_bytes()
    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(keyfile_module.os, "replace", _held_for(10_000, calls))
    monkeypatch.setattr(keyfile_module.time, "sleep", lambda _s: None)
    changed = _keyfile()
    changed.unit_id = "unit-2"
    with pytest.raises(PermissionError):
        keyfile_module.save(path, changed)
    assert path.read_bytes() == before
    assert len(calls) == len(keyfile_module.REPLACE_DELAYS) + 1
    assert not list(tmp_path.glob("*.tmp"))
