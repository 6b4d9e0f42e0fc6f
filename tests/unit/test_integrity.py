"""Bundle manifest and signature: any changed byte, missing or extra file fails."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _integrity() -> ModuleType:
    spec = importlib.util.spec_from_file_location("integrity", ROOT / "packaging" / "integrity.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["integrity"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def signed(tmp_path: Path) -> tuple[ModuleType, Path, Path]:
    integrity = _integrity()
    bundle = tmp_path / "csods"
    (bundle / "_internal" / "resources").mkdir(parents=True)
    (bundle / "csods").write_bytes(b"\x7fELF binary")
    (bundle / "_internal" / "resources" / "schedule34a.json").write_text("{}")
    integrity.keygen(tmp_path / "keys")
    integrity.sign(bundle, tmp_path / "keys" / "signing-key.pem")
    return integrity, bundle, tmp_path / "keys" / "signing-key.pub.pem"


def test_untouched_bundle_verifies(signed: tuple[ModuleType, Path, Path]) -> None:
    integrity, bundle, public = signed
    assert integrity.verify(bundle, public) == []
    assert integrity.main(["verify", "--bundle", str(bundle), "--public-key", str(public)]) == 0


def test_changed_byte_missing_and_extra_files_fail(signed: tuple[ModuleType, Path, Path]) -> None:
    integrity, bundle, public = signed
    exe = bundle / "csods"
    data = bytearray(exe.read_bytes())
    data[3] ^= 1
    exe.write_bytes(bytes(data))
    (bundle / "_internal" / "resources" / "schedule34a.json").unlink()
    (bundle / "_internal" / "evil.so").write_bytes(b"x")
    problems = integrity.verify(bundle, public)
    assert "changed: csods" in problems
    assert "missing: _internal/resources/schedule34a.json" in problems
    assert "not in the signed manifest: _internal/evil.so" in problems
    assert integrity.main(["verify", "--bundle", str(bundle), "--public-key", str(public)]) == 1


def test_edited_manifest_breaks_the_signature(signed: tuple[ModuleType, Path, Path]) -> None:
    integrity, bundle, public = signed
    manifest = bundle.with_name("csods.sha256")
    manifest.write_text(manifest.read_text().replace("0", "1", 1))
    assert "signature is not valid" in integrity.verify(bundle, public)[0]


def test_another_key_does_not_verify(signed: tuple[ModuleType, Path, Path],
                                     tmp_path: Path) -> None:
    integrity, bundle, _ = signed
    integrity.keygen(tmp_path / "other")
    assert integrity.verify(bundle, tmp_path / "other" / "signing-key.pub.pem")


def test_file_name_with_a_newline_cannot_forge_another_files_line(
        signed: tuple[ModuleType, Path, Path]) -> None:
    """Regression: a file named 'x\\n<good digest>  csods' used to mask a changed csods."""
    import hashlib

    integrity, bundle, public = signed
    exe = bundle / "csods"
    good = hashlib.sha256(exe.read_bytes()).hexdigest()
    exe.write_bytes(b"\x7fELF tampered")
    json_file = bundle / "_internal" / "resources" / "schedule34a.json"
    forged = json_file.with_name(f"schedule34a.json\n{good}  csods")
    forged.write_bytes(json_file.read_bytes())
    problems = integrity.verify(bundle, public)
    assert "changed: csods" in problems
    assert any("control characters" in p for p in problems)
    with pytest.raises(SystemExit, match="cannot sign"):
        integrity.manifest_for(bundle)


def test_symlink_out_of_the_bundle_is_refused(signed: tuple[ModuleType, Path, Path],
                                              tmp_path: Path) -> None:
    integrity, bundle, public = signed
    outside = tmp_path / "outside.so"
    outside.write_bytes(b"unverified code")
    (bundle / "_internal" / "libx.so").symlink_to(outside)
    problems = integrity.verify(bundle, public)
    assert any("outside the bundle: _internal/libx.so" in p for p in problems)


def test_repeated_manifest_line_is_a_problem(tmp_path: Path) -> None:
    integrity = _integrity()
    line = "0" * 64 + "  csods"
    found, problems = integrity._parse(f"{line}\n{line}\n")
    assert found == {"csods": "0" * 64} and problems
