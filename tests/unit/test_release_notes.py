"""The build's release notes: glibc minimum and host libraries read from the ELF files."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF (Linux) only")


def _notes() -> ModuleType:
    spec = importlib.util.spec_from_file_location("release_notes",
                                                  ROOT / "packaging" / "release_notes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _an_extension_module() -> Path:
    import _ctypes

    return Path(_ctypes.__file__)


def test_reads_glibc_versions_and_needed_libraries_of_a_real_elf() -> None:
    notes = _notes()
    info = notes.read_elf(_an_extension_module().read_bytes())
    assert info is not None
    assert any(lib == "libc.so.6" and ver.startswith("GLIBC_2.") for lib, ver in info.versions)
    if shutil.which("objdump"):
        dump = subprocess.run(["objdump", "-p", str(_an_extension_module())],
                              capture_output=True, text=True, check=True).stdout
        needed = [line.split()[1] for line in dump.splitlines()
                  if line.strip().startswith("NEEDED")]
        assert info.needed == needed


def test_not_an_elf_file_is_ignored() -> None:
    assert _notes().read_elf(b"MZ\x90\x00 a Windows program" + b"\0" * 64) is None


def test_notes_name_the_minimum_and_the_host_libraries(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    notes = _notes()
    bundle = tmp_path / "csods"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy(_an_extension_module(), bundle / "_internal" / "ext.so")
    (bundle / "_internal" / "data.json").write_text("{}")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert notes.main([str(bundle), "1.2.3", "abc123"]) == 0
    text = (bundle / "RELEASE-NOTES.txt").read_text()
    minimum, host, _ = notes.scan(bundle)
    assert minimum is not None and f"Minimum glibc: {minimum} " in text
    assert "libc.so.6" in host and "  libc.so.6" in text
    assert "abc123 (2026-09-21)" in text and "CSODS Case Manager 1.2.3" in text
