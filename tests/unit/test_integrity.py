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
    integrity.keygen(tmp_path / "keys", unencrypted=True)
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
    assert "changed: csods/csods" in problems
    assert "missing: csods/_internal/resources/schedule34a.json" in problems
    assert "not in the signed manifest: csods/_internal/evil.so" in problems
    assert integrity.main(["verify", "--bundle", str(bundle), "--public-key", str(public)]) == 1


def test_edited_manifest_breaks_the_signature(signed: tuple[ModuleType, Path, Path]) -> None:
    integrity, bundle, public = signed
    manifest = bundle.with_name("csods.sha256")
    manifest.write_text(manifest.read_text().replace("0", "1", 1))
    assert "signature is not valid" in integrity.verify(bundle, public)[0]


def test_another_key_does_not_verify(signed: tuple[ModuleType, Path, Path],
                                     tmp_path: Path) -> None:
    integrity, bundle, _ = signed
    integrity.keygen(tmp_path / "other", unencrypted=True)
    assert integrity.verify(bundle, tmp_path / "other" / "signing-key.pub.pem")


def test_file_name_with_a_newline_cannot_forge_another_files_line(
        signed: tuple[ModuleType, Path, Path]) -> None:
    """Regression: a file named 'x\\n<good digest>  csods' used to mask a changed csods.

    Every path now starts with 'csods/' and a name cannot hold '/', so the forged line can
    only name a file that does not exist; the name is refused all the same."""
    import hashlib

    integrity, bundle, public = signed
    exe = bundle / "csods"
    good = hashlib.sha256(exe.read_bytes()).hexdigest()
    exe.write_bytes(b"\x7fELF tampered")
    json_file = bundle / "_internal" / "resources" / "schedule34a.json"
    forged = json_file.with_name(f"schedule34a.json\n{good}  csods")
    forged.write_bytes(json_file.read_bytes())
    problems = integrity.verify(bundle, public)
    assert "changed: csods/csods" in problems
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
    assert any("outside the bundle: csods/_internal/libx.so" in p for p in problems)


def test_repeated_manifest_line_is_a_problem(tmp_path: Path) -> None:
    integrity = _integrity()
    line = "0" * 64 + "  csods/csods"
    found, problems = integrity._parse(f"# file\t0755\tcsods/csods\n{line}\n{line}\n")
    assert found["csods/csods"].digest == "0" * 64 and problems


def _fingerprint_of(public: Path) -> str:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_public_key(public.read_bytes())
    return str(_integrity().fingerprint(key))


def test_keygen_and_verify_print_the_fingerprint(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    integrity = _integrity()
    printed = integrity.keygen(tmp_path / "keys", unencrypted=True)
    assert printed in capsys.readouterr().out
    assert len(printed.replace(" ", "")) == 64
    bundle = tmp_path / "csods"
    bundle.mkdir()
    (bundle / "csods").write_bytes(b"x")
    integrity.sign(bundle, tmp_path / "keys" / "signing-key.pem")
    public = tmp_path / "keys" / "signing-key.pub.pem"
    capsys.readouterr()
    assert integrity.main(["verify", "--bundle", str(bundle), "--public-key", str(public),
                           "--fingerprint", printed.upper().replace(" ", ":")]) == 0
    assert printed in capsys.readouterr().out


def test_bundle_re_signed_with_another_key_fails_with_the_recorded_fingerprint(
        signed: tuple[ModuleType, Path, Path], tmp_path: Path) -> None:
    """The attacker swaps files, manifest, signature and public key: only the fingerprint
    obtained by another route (the change ticket) catches it."""
    integrity, bundle, public = signed
    recorded = _fingerprint_of(public)
    (bundle / "csods").write_bytes(b"\x7fELF malicious")
    integrity.keygen(tmp_path / "attacker", unencrypted=True)
    integrity.sign(bundle, tmp_path / "attacker" / "signing-key.pem")
    attacker_public = tmp_path / "attacker" / "signing-key.pub.pem"
    assert integrity.verify(bundle, attacker_public) == []  # why the fingerprint matters
    problems = integrity.verify(bundle, attacker_public, recorded)
    assert problems and "not the expected one" in problems[0]
    assert integrity.main(["verify", "--bundle", str(bundle), "--public-key",
                           str(attacker_public), "--fingerprint", recorded]) == 1


def test_keygen_refuses_an_unprotected_private_key_unless_told(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    integrity = _integrity()
    monkeypatch.delenv("CSODS_SIGNING_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    with pytest.raises(SystemExit, match="refusing to write an unprotected private key"):
        integrity.main(["keygen", "--out", str(tmp_path / "keys")])
    assert not (tmp_path / "keys" / "signing-key.pem").exists()
    assert integrity.main(["keygen", "--out", str(tmp_path / "plain"), "--unencrypted"]) == 0
    assert b"ENCRYPTED" not in (tmp_path / "plain" / "signing-key.pem").read_bytes()
    monkeypatch.setenv("CSODS_SIGNING_PASSPHRASE", "correct horse battery")
    assert integrity.main(["keygen", "--out", str(tmp_path / "protected")]) == 0
    assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / "protected" / "signing-key.pem").read_bytes()
    bundle = tmp_path / "csods"
    bundle.mkdir()
    (bundle / "csods").write_bytes(b"x")
    integrity.sign(bundle, tmp_path / "protected" / "signing-key.pem")
    assert integrity.verify(bundle, tmp_path / "protected" / "signing-key.pub.pem") == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
@pytest.mark.parametrize("bits", [0o4755, 0o2755, 0o757])
def test_set_id_or_world_writable_entries_fail(signed: tuple[ModuleType, Path, Path],
                                               bits: int) -> None:
    integrity, bundle, public = signed
    (bundle / "csods").chmod(bits)
    problems = integrity.verify(bundle, public)
    assert any("unsafe permissions" in p and p.endswith("csods/csods") for p in problems)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_permissions_are_signed(signed: tuple[ModuleType, Path, Path], tmp_path: Path) -> None:
    integrity, bundle, public = signed
    exe = bundle / "csods"
    exe.chmod(0o755)
    integrity.sign(bundle, tmp_path / "keys" / "signing-key.pem")
    exe.chmod(0o700)  # unpacked with a stricter umask: still what was signed, or less
    assert integrity.verify(bundle, public) == []
    exe.chmod(0o775)
    assert "permissions widened: csods/csods is 0775, signed 0755" in integrity.verify(bundle,
                                                                                      public)
    with pytest.raises(SystemExit, match="unsafe permissions"):
        exe.chmod(0o777)
        integrity.manifest_for(bundle)


def test_empty_folders_are_signed(signed: tuple[ModuleType, Path, Path], tmp_path: Path) -> None:
    integrity, bundle, public = signed
    (bundle / "_internal" / "plugins").mkdir()
    integrity.sign(bundle, tmp_path / "keys" / "signing-key.pem")
    assert integrity.verify(bundle, public) == []
    (bundle / "_internal" / "plugins").rmdir()
    (bundle / "_internal" / "extra").mkdir()
    problems = integrity.verify(bundle, public)
    assert "missing: csods/_internal/plugins" in problems
    assert "not in the signed manifest: csods/_internal/extra" in problems


@pytest.mark.skipif(sys.platform == "win32", reason="the bundle has no links on Windows")
def test_link_inside_the_bundle_and_its_target_are_signed(
        signed: tuple[ModuleType, Path, Path], tmp_path: Path) -> None:
    integrity, bundle, public = signed
    (bundle / "_internal" / "libx.so.1").write_bytes(b"lib one")
    (bundle / "_internal" / "libx.so.2").write_bytes(b"lib two")
    (bundle / "_internal" / "libx.so").symlink_to("libx.so.1")
    integrity.sign(bundle, tmp_path / "keys" / "signing-key.pem")
    assert integrity.verify(bundle, public) == []
    (bundle / "_internal" / "libx.so").unlink()
    (bundle / "_internal" / "libx.so").symlink_to("libx.so.2")
    assert any(p.startswith("changed link: csods/_internal/libx.so")
               for p in integrity.verify(bundle, public))


@pytest.mark.skipif(sys.platform == "win32" or not __import__("shutil").which("sha256sum"),
                    reason="needs GNU sha256sum and links (Linux)")
def test_documented_sha256sum_line_works_beside_the_bundle(
        signed: tuple[ModuleType, Path, Path], tmp_path: Path) -> None:
    """INSTALL: `sha256sum -c csods.sha256` in the folder that holds csods/, links included."""
    import subprocess

    integrity, bundle, _ = signed
    (bundle / "_internal" / "libx.so.1").write_bytes(b"lib one")
    (bundle / "_internal" / "libx.so").symlink_to("libx.so.1")
    (bundle / "_internal" / "empty").mkdir()
    integrity.sign(bundle, tmp_path / "keys" / "signing-key.pem")
    run = subprocess.run(["sha256sum", "-c", "csods.sha256"], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "csods/_internal/libx.so: OK" in run.stdout and "WARNING" not in run.stderr
    (bundle / "_internal" / "libx.so.1").write_bytes(b"lib changed")
    run = subprocess.run(["sha256sum", "-c", "csods.sha256"], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1 and "csods/_internal/libx.so: FAILED" in run.stdout
