"""Commands for IT and administrators: init, users, verify, backup, restore, rekey."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.io import UsageError, err, new_password, out, password
from app.domain.enums import Role
from app.services import lockouts, maintenance, unit_verify, users
from app.services.session import Session
from app.services.unit import login
from app.services.unit_copies import CopiesAfterRekey
from app.services.unit_create import create_unit
from app.settings import BACKUP_PASSWORD, NEW_PASSWORD, PASSWORD, RECOVERY_CODE, THEIR_PASSWORD

if TYPE_CHECKING:
    from app.services.approvals import PendingAccount


def _session(args: argparse.Namespace) -> Session:
    return login(Path(args.db), args.user, password(f"Password for {args.user}: "))


def cmd_init(args: argparse.Namespace) -> int:
    pw = new_password(f"New password for {args.admin}: ", PASSWORD)
    unit = create_unit(
        Path(args.db),
        admin_username=args.admin,
        admin_password=pw,
        admin_display_name=args.display_name or args.admin,
        unit_name=args.unit_name,
        case_prefix=args.prefix,
    )
    out(f"Created unit database {unit.db_path}")
    out(f"Key file            {unit.db_path}.keys")
    out("")
    out("RECOVERY CODE (shown once; print or write it down and keep it in the unit safe):")
    out(f"    {unit.recovery_code}")
    out("It opens the database if every administrator password is lost.")
    return 0


def cmd_user(args: argparse.Namespace) -> int:
    if args.action in ("approve", "pending", "refuse"):
        return _cmd_approvals(args)
    if not args.user:
        raise UsageError(f"'user {args.action}' needs --user (an administrator; for "
                         "disable, an administrator or a supervisor).")
    with _session(args) as session:
        if args.action == "list":
            for acc in users.list_users(session):
                state = "active" if acc.active else f"disabled {acc.disabled_at}"
                out(f"{acc.username:<20} {acc.role.value:<14} {state:<28} {acc.display_name}")
            return 0
        if args.action == "locked":
            for locked in lockouts.locked_accounts(session):
                out(f"{locked.username:<20} locked until {locked.until:%Y-%m-%d %H:%M} UTC")
            return 0
        if not args.name:
            raise UsageError(f"'user {args.action}' needs the user name.")
        if args.action == "add":
            if not args.role:
                raise UsageError("'user add' needs --role officer|supervisor|administrator.")
            role = Role(args.role)
            pw = (new_password(f"Password for the new administrator {args.name}: ",
                               NEW_PASSWORD) if role is Role.ADMINISTRATOR else None)
            users.add_user(session, args.name, args.display_name or args.name, role, pw)
            out(f"Prepared {args.name} ({args.role}); a supervisor must approve it "
                f"('csods user approve {args.name} --user SUPERVISOR') before it can sign in.")
            if pw is None:
                out(_CHOOSES_OWN.format(name=args.name))
        elif args.action == "disable":
            _disable(session, args)
        elif args.action == "unlock":
            lockouts.clear_lockout(session, args.name)
            out(f"Sign-in lock cleared for {args.name}.")
        elif args.action == "reset-password":
            pw = (new_password(f"New password for {args.name}: ", NEW_PASSWORD)
                  if users.is_administrator(session, args.name) else None)
            users.reset_password(session, args.name, pw)
            out(f"Password reset prepared for {args.name}; it works once a supervisor "
                "approves it.")
            if pw is None:
                out(_CHOOSES_OWN.format(name=args.name))
        elif args.action == "set-role":
            if not args.role:
                raise UsageError("'user set-role' needs --role.")
            users.set_role(session, args.name, Role(args.role))
            out(f"Role {args.role} prepared for {args.name}; it applies once a supervisor "
                "approves it.")
    return 0


def _disable(session: Session, args: argparse.Namespace) -> None:
    """An administrator or a supervisor disables; ``--rekey`` re-encrypts at once, which
    needs the database key: a supervisor's. An administrator is told what to run next."""
    users.disable_user(session, args.name)
    out(f"Disabled {args.name}; their key slot is deleted.")
    if args.rekey and not session.keyless:
        _rekeyed(maintenance.rekey(session))
        return
    if args.rekey:
        out("NOT re-encrypted: administrators hold no key to the database.")
    out(f"A supervisor must now run:  csods rekey --db {args.db} --user SUPERVISOR")
    out("(A supervisor can do both in one step: csods user disable NAME --rekey --user "
        "SUPERVISOR.)")


_CHOOSES_OWN = ("{name} chooses their own password: a supervisor approves it with {name} "
               "present, who types it then ('csods user approve {name} --user SUPERVISOR'). "
               "You do not know it, and must not.")


def _their_password(db: Path, name: str) -> str | None:
    """The password the person approved types at the approver's side (twice), when the
    approval makes their keys; CSODS_THEIR_PASSWORD gives it without a terminal."""
    from app.services import approvals

    if not approvals.needs_new_password(db, name):
        return None
    out(f"Ask {name} to type the password they will use; you must not know it.")
    return new_password(f"{name}'s new password: ", THEIR_PASSWORD)


def _shown(item: PendingAccount, args: argparse.Namespace) -> PendingAccount:
    """Say what is approved; bind it with --role, or ask at a terminal. Without a
    terminal (CSODS_* variables) the approval is bound to what was printed here."""
    out(f"{item.username}: {item.kind}, {item.role.value} ({item.display_name}); "
        f"prepared by {item.prepared_by} at {item.prepared_at}")
    if args.role and args.role != item.role.value:
        raise UsageError(f"What was prepared for {item.username} is {item.role.value}, not "
                         f"{args.role}; nothing was changed — look again.")
    if (not args.role and sys.stdin.isatty()
            and input("Approve this? [y/N] ").strip().lower() not in ("y", "yes")):
        raise UsageError("Not approved; nothing was changed.")
    return item


def _cmd_approvals(args: argparse.Namespace) -> int:
    """The second person: a supervisor (``--user``) or the recovery code (``--recovery``)."""
    from app.services import approvals

    if args.action in ("approve", "refuse") and not args.name:
        raise UsageError(f"'user {args.action}' needs the user name.")
    if args.recovery:
        if args.action != "approve":
            raise UsageError("--recovery is only for 'user approve'.")
        shown = _shown(approvals.pending_in_file(Path(args.db), args.name), args)
        code = password("Recovery code: ", RECOVERY_CODE)
        approvals.approve_with_recovery_code(Path(args.db), code, args.name,
                                             _their_password(Path(args.db), args.name),
                                             shown=shown)
        out(f"Approved {args.name} with the unit recovery code.")
        return 0
    if not args.user:
        raise UsageError(f"'user {args.action}' needs --user (a supervisor) or --recovery.")
    with _session(args) as session:
        if args.action == "pending":
            for item in approvals.pending_accounts(session):
                out(f"{item.username:<20} {item.role.value:<14} {item.kind:<16} "
                    f"prepared by {item.prepared_by} at {item.prepared_at}")
            for name in approvals.unreadable_pending(session):
                out(f"{name:<20} cannot be read (the key file may have been altered); "
                    f"refuse it: csods user refuse {name}")
            return 0
        if args.action == "refuse":
            approvals.refuse(session, args.name)
            out(f"Refused what was prepared for {args.name}; nothing was changed.")
            return 0
        shown = _shown(approvals.pending_for(session, args.name), args)
        approvals.approve(session, args.name, _their_password(Path(args.db), args.name),
                          shown=shown)
    out(f"Approved {args.name}; the database key is sealed to their slot.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    pw = password(f"Password for {args.user}: ")
    if args.backup:  # read-only; audited in the live unit (--db)
        report = unit_verify.verify_backup(Path(args.db), Path(args.backup), args.user, pw,
                                           backup_password=BACKUP_PASSWORD.get())
    else:
        report = unit_verify.verify_file(Path(args.db), args.user, pw)
    if report.key_file_note:
        err(f"csods: {report.key_file_note}")
    for name, ok in report.checks:
        out(f"{'PASS' if ok else 'FAIL'}  {name}")
    out(f"audit rows: {report.audit_rows}   chain head: {report.chain_head}")
    if report.witnessed:
        out(f"highest witnessed head: {report.witnessed}")
    if report.unsigned_before_signing:
        out(f"unsigned rows written before signed audit rows began: "
            f"{report.unsigned_before_signing}")
    for problem in report.problems:
        out(f"PROBLEM: {problem}")
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    with _session(args) as session:
        dest = maintenance.backup(session, Path(args.out))
    out(f"Encrypted backup written to {dest} (with {dest.name}.keys).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    pw = password(f"Password for {args.user}: ")
    # The backup may hold an older password; CSODS_BACKUP_PASSWORD gives it when it differs.
    backup_pw = BACKUP_PASSWORD.get()
    report, kept = maintenance.restore(Path(args.db), Path(args.source), args.user, pw,
                                       backup_password=backup_pw)
    out(f"Backup verified ({report.audit_rows} audit rows) and restored to {args.db}.")
    out(f"The previous files are kept in {kept}.")
    return 0


def cmd_rekey(args: argparse.Namespace) -> int:
    with _session(args) as session:
        copies = maintenance.rekey(session)
    return _rekeyed(copies)


def _rekeyed(copies: CopiesAfterRekey) -> int:
    out("Database re-encrypted under a new key; every active user's slot re-sealed.")
    if copies.reencrypted or copies.removed:
        out(f"Copies beside the unit: {copies.reencrypted} re-encrypted, {copies.removed} "
            "removed ('csods copies' lists them).")
    for path in copies.cannot_follow:
        out(f"CANNOT FOLLOW (under an older key; delete it): {path}")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    """Set a new password for a user with the recovery code from the unit safe."""
    code = password("Recovery code: ", RECOVERY_CODE)
    from app.services.recovery import recover_password

    pw = new_password(f"New password for {args.user}: ", NEW_PASSWORD)
    recover_password(Path(args.db), code, args.user, pw)
    out(f"New password set for {args.user} using the recovery code.")
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("init", help="create a new unit database")
    p.add_argument("--db", default=db)
    p.add_argument("--admin", required=True, help="user name of the first administrator")
    p.add_argument("--display-name", default="")
    p.add_argument("--unit-name", default="Public Protection Unit")
    p.add_argument("--prefix", default="CSO", help="case reference prefix")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "user", help="manage user accounts (administrator; supervisor to approve)",
        description="add NAME, list, disable NAME, reset-password NAME, set-role NAME "
        "(prepared by an administrator; an officer or supervisor is given no password; a "
        "supervisor may also disable NAME, with --rekey); pending lists what awaits "
        "approval; approve NAME (a supervisor, or --recovery; shows what is approved and "
        "asks, or --role binds it; the person types their own password, or "
        "CSODS_THEIR_PASSWORD); refuse NAME removes what was prepared; locked lists the "
        "names locked after too many failed sign-ins; unlock NAME clears that lock (audited).")
    p.add_argument("action", choices=["add", "list", "disable", "reset-password", "set-role",
                                      "pending", "approve", "refuse", "locked", "unlock"])
    p.add_argument("name", nargs="?")
    p.add_argument("--role", choices=[r.value for r in Role])
    p.add_argument("--display-name", default="")
    p.add_argument("--rekey", action="store_true",
                   help="with disable, run by a supervisor: re-encrypt at once (an "
                   "administrator is told what the supervisor must run)")
    p.add_argument("--recovery", action="store_true",
                   help="with approve: approve with the unit recovery code (CSODS_RECOVERY_CODE)")
    p.add_argument("--db", default=db, help="unit database file")
    p.add_argument("--user", help="your user name (administrator; supervisor to approve)")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("verify", help="check the audit chain and the encrypted file")
    _common(p, db)
    p.add_argument("--backup", help="check this backup instead, read-only (audited in --db)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("rekey", help="re-encrypt the database under a new key")
    _common(p, db)
    p.set_defaults(func=cmd_rekey)

    p = sub.add_parser("backup", help="write an encrypted copy of the unit")
    _common(p, db)
    p.add_argument("--out", required=True)
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="replace the unit with a verified backup")
    _common(p, db)
    p.add_argument("--from", dest="source", required=True)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("recover", help="new password for a user, using the recovery code")
    _common(p, db)
    p.set_defaults(func=cmd_recover)


def _common(p: argparse.ArgumentParser, db: str) -> None:
    p.add_argument("--db", default=db, help="unit database file")
    p.add_argument("--user", required=True, help="your user name")
