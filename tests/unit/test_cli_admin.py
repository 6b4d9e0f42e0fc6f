"""The `csods` admin commands: a stable interface for IT scripts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ADMIN = "it-manager-pass-0001"
ROOT = Path(__file__).resolve().parents[2]


def _code() -> str:
    """The recovery code ``init`` printed (the db fixture's output)."""
    return _CODES[-1]


_CODES: list[str] = []


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
       capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("CSODS_PASSWORD", ADMIN)
    path = tmp_path / "unit.db"
    assert main(["init", "--db", str(path), "--admin", "admin"]) == 0
    _CODES.append(capsys.readouterr().out.split("RECOVERY CODE")[1].splitlines()[1].strip())
    return path


def test_init_prints_the_recovery_code_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CSODS_PASSWORD", ADMIN)
    assert main(["init", "--db", str(tmp_path / "u.db"), "--admin", "admin"]) == 0
    out = capsys.readouterr().out
    assert "RECOVERY CODE" in out
    code = out.split("RECOVERY CODE")[1].splitlines()[1].strip()
    assert len(code.replace("-", "")) == 32
    assert code not in (tmp_path / "u.db.keys").read_text()
    # A second init on the same path is refused, leaving the unit intact.
    assert main(["init", "--db", str(tmp_path / "u.db"), "--admin", "admin"]) == 1
    assert "refusing to overwrite" in capsys.readouterr().err


def _add_supervisor(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sam, prepared by the administrator and approved with the recovery code; sam types
    the same password as the administrator's so CSODS_PASSWORD serves both."""
    monkeypatch.setenv("CSODS_THEIR_PASSWORD", ADMIN)
    assert main(["user", "add", "sam", "--role", "supervisor", "--db", str(db),
                 "--user", "admin"]) == 0
    monkeypatch.setenv("CSODS_RECOVERY_CODE", _code())
    assert main(["user", "approve", "sam", "--db", str(db), "--recovery"]) == 0


def test_verify_passes_on_a_new_unit(db: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _add_supervisor(db, monkeypatch)
    capsys.readouterr()
    assert main(["verify", "--db", str(db), "--user", "sam"]) == 0
    out = capsys.readouterr().out
    assert out.count("PASS") == 7 and "chain head" in out


def test_verify_needs_a_supervisor(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Administrators hold no key to the database: they are told whom to ask."""
    assert main(["verify", "--db", str(db), "--user", "admin"]) == 1
    assert "--user SUPERVISOR" in capsys.readouterr().err


def test_verify_fails_naming_each_problem(db: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    _add_supervisor(db, monkeypatch)
    data = bytearray(db.read_bytes())
    data[-100] ^= 0x10
    db.write_bytes(bytes(data))
    assert main(["verify", "--db", str(db), "--user", "sam"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "PROBLEM:" in out


def test_user_commands(db: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CSODS_THEIR_PASSWORD", "officer-password-9")
    args = ["--db", str(db), "--user", "admin"]
    add = ["user", "add", "olive", "--role", "officer", "--display-name", "PC Olive Ashdown"]
    assert main([*add, *args]) == 0
    assert "olive chooses their own password" in capsys.readouterr().out
    # Two people: the recovery code (no supervisor yet) approves what the admin prepared.
    recovery = ["--db", str(db), "--recovery"]
    monkeypatch.setenv("CSODS_RECOVERY_CODE", _code())
    assert main(["user", "approve", "olive", *recovery]) == 0
    assert main(["user", "list", *args]) == 0
    assert "olive" in capsys.readouterr().out
    assert main(["user", "reset-password", "olive", *args]) == 0
    assert main(["user", "set-role", "olive", "--role", "supervisor", *args]) == 1  # one at a time
    assert main(["user", "approve", "olive", *recovery]) == 0
    assert main(["user", "set-role", "olive", "--role", "supervisor", *args]) == 0
    assert main(["user", "approve", "olive", *recovery]) == 0
    # The administrator's part (disable); the rekey needs the key: they are told the command.
    assert main(["user", "disable", "olive", "--rekey", *args]) == 0
    told = capsys.readouterr().out
    assert "Disabled olive" in told and "NOT re-encrypted" in told
    assert f"csods rekey --db {db} --user SUPERVISOR" in told
    _add_supervisor(db, monkeypatch)
    supervisor = ["--db", str(db), "--user", "sam"]
    assert main(["rekey", *supervisor]) == 0
    assert "re-encrypted" in capsys.readouterr().out
    assert main(["verify", *supervisor]) == 0


def test_approval_takes_the_persons_password_never_the_administrators(
        db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`user add` asks the administrator for no password; `user approve` asks for the
    person's (CSODS_THEIR_PASSWORD, else typed twice at a terminal), never taking the
    administrator's CSODS_NEW_PASSWORD."""
    from app.security import keyfile as kf
    from app.security import slots
    from app.security.crypto import DecryptionFailed

    monkeypatch.setenv("CSODS_NEW_PASSWORD", "admin-had-this-in-mind")
    admin = ["--db", str(db), "--user", "admin"]
    assert main(["user", "add", "pat", "--role", "officer", *admin]) == 0
    assert "You do not know it, and must not" in capsys.readouterr().out
    monkeypatch.setenv("CSODS_RECOVERY_CODE", _code())
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    assert main(["user", "approve", "pat", "--db", str(db), "--recovery"]) == 1
    assert "CSODS_THEIR_PASSWORD" in capsys.readouterr().err
    assert "pat" not in kf.load(kf.keyfile_path(db)).slots  # nothing approved
    monkeypatch.setenv("CSODS_THEIR_PASSWORD", "typed-this-herself-7")
    assert main(["user", "approve", "pat", "--db", str(db), "--recovery"]) == 0
    assert "Ask pat to type the password" in capsys.readouterr().out
    keyfile = kf.load(kf.keyfile_path(db))
    with pytest.raises(DecryptionFailed):
        slots.open_slot(keyfile, "pat", keyfile.slots["pat"], "admin-had-this-in-mind")
    assert slots.open_slot(keyfile, "pat", keyfile.slots["pat"],
                           "typed-this-herself-7").db_keys


def test_backup_and_restore_commands(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    _add_supervisor(db, monkeypatch)
    args = ["--db", str(db), "--user", "admin"]
    out_file = tmp_path / "backups" / "b1.db"
    assert main(["backup", *args, "--out", str(out_file)]) == 0  # a copy of the files
    assert out_file.exists() and Path(f"{out_file}.keys").exists()
    assert main(["backup", *args, "--out", str(out_file)]) == 1  # never overwrites
    assert main(["restore", *args, "--from", str(out_file)]) == 1  # restoring needs the key
    supervisor = ["--db", str(db), "--user", "sam"]
    assert main(["restore", *supervisor, "--from", str(out_file)]) == 0
    assert "restored" in capsys.readouterr().out
    assert main(["rekey", *supervisor]) == 0
    assert main(["verify", *supervisor]) == 0


def test_user_mistakes_are_one_line_without_traceback(db: Path) -> None:
    env = {**os.environ, "CSODS_PASSWORD": "wrong-password-000", "PYTHONPATH": str(ROOT)}
    cases = [
        ["verify", "--db", str(db), "--user", "admin"],
        ["verify", "--db", str(db.with_name("missing.db")), "--user", "admin"],
        ["user", "add", "--db", str(db), "--user", "admin"],
    ]
    for argv in cases:
        run = subprocess.run([sys.executable, "-m", "ui.entry", *argv], capture_output=True,
                             text=True, env=env, cwd=ROOT, stdin=subprocess.DEVNULL)
        assert run.returncode != 0
        assert "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_password_prompt_needs_a_terminal(db: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("CSODS_PASSWORD")
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    assert main(["verify", "--db", str(db), "--user", "admin"]) == 1
    assert "CSODS_PASSWORD" in capsys.readouterr().err


def test_schema_command_prints_every_field_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from app.domain.forms import all_forms

    assert main(["schema", "--json"]) == 0
    schema = json.loads(capsys.readouterr().out)
    printed = {s["stage"] if "stage" in s else s["title"]: s for s in schema["stages"]}
    assert len(printed) == len(all_forms()) == 7
    text = json.dumps(schema, ensure_ascii=False)
    for form in all_forms():
        for field in form.fields():
            assert f'"{field.id}"' in text
    assert "¶" in text and schema["form_version"] >= 1
    assert main(["schema"]) == 0
    assert "Initial contact" in capsys.readouterr().out


def test_help_lists_the_self_test(capsys: pytest.CaptureFixture[str]) -> None:
    # The README tells IT to run `csods --self-test`; `csods --help` did not mention it.
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "--self-test" in capsys.readouterr().out
