"""`csods document`: produce any document headless (an explicit, audited save)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.io import out, password
from app.documents.model import DocumentKind
from app.services.documents import save_pdf
from app.services.unit import login


def cmd_document(args: argparse.Namespace) -> int:
    with login(Path(args.db), args.user, password(f"Password for {args.user}: ")) as session:
        path = save_pdf(session, args.case, DocumentKind(args.kind), Path(args.out),
                        blank=args.blank)
    out(f"Wrote {DocumentKind(args.kind).title.lower()} to {path} (the save is audited).")
    out("This file is not encrypted: store it as OFFICIAL-SENSITIVE and delete it when done.")
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("document", help="write a case document (PDF) to a file")
    p.add_argument("--db", default=db, help="unit database file")
    p.add_argument("--user", required=True, help="your user name")
    p.add_argument("--case", help="case reference (omit with --blank)")
    p.add_argument("--kind", required=True, choices=[k.value for k in DocumentKind])
    p.add_argument("--blank", action="store_true", help="an empty form to fill in by hand")
    p.add_argument("--out", required=True, help="the PDF file to write (must not exist)")
    p.set_defaults(func=cmd_document)
