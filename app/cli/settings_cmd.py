"""`csods settings backup`: the unit's automatic backup at sign-out (a supervisor)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.io import out, password
from app.services import auto_backup
from app.services.unit import login


def cmd_settings_backup(args: argparse.Namespace) -> int:
    with login(Path(args.db), args.user, password(f"Password for {args.user}: ")) as session:
        if args.folder is None:
            chosen = auto_backup.policy(session)
        else:
            chosen = auto_backup.set_policy(session, args.folder, args.keep)
        problem = auto_backup.last_problem(session)
    if chosen.folder is None:
        out("No automatic backup is made at sign-out.")
    else:
        out(f"At every sign-out an encrypted backup is written to {chosen.folder}; "
            f"the newest {chosen.keep} are kept.")
    if problem:
        out(problem)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("settings", help="unit settings kept in the encrypted database")
    which = p.add_subparsers(dest="setting", metavar="SETTING", required=True)
    b = which.add_parser(
        "backup", help="the automatic encrypted backup at sign-out (a supervisor)",
        description="At every sign-out of a key holder the application writes an encrypted "
        "backup (with its key file) named csods-auto-UNIT-TIME.db to FOLDER and removes "
        "the oldest of those beyond --keep; nothing else in the folder is touched. "
        "Without --folder, shows the setting; --folder \"\" turns it off. Audited.")
    b.add_argument("--db", default=db, help="unit database file")
    b.add_argument("--user", required=True, help="your user name (a supervisor)")
    b.add_argument("--folder", help="full path of the backup folder (\"\" for none)")
    b.add_argument("--keep", type=int, default=auto_backup.DEFAULT_KEEP,
                   help=f"how many backups to keep (default {auto_backup.DEFAULT_KEEP})")
    b.set_defaults(func=cmd_settings_backup)
