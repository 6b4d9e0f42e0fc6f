"""`csods copies`: the copies of the unit kept on this workstation."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.io import out
from app.services.unit_copies import list_copies


def cmd_copies(args: argparse.Namespace) -> int:
    copies = list_copies(Path(args.db))
    if not copies:
        out("No copies of the unit in its folder (pre-migration, replaced or backups).")
        return 0
    for copy in copies:
        keys = "with its key file" if copy.has_keys else "NO key file (cannot be opened)"
        out(f"{copy.kind:<14} {copy.db}  ({keys})")
    out("Restore one with: csods restore --from PATH --user NAME. "
        "A rekey re-encrypts these copies; a pre-migration or replaced copy it cannot open "
        "is removed, a backup it cannot open is named for you to delete. Backups kept "
        "elsewhere are not followed: destroy them as your backup policy says.")
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("copies", help="list the copies of the unit in its folder "
                       "(pre-migration, replaced, backups)")
    p.add_argument("--db", default=db, help="unit database file")
    p.set_defaults(func=cmd_copies)
