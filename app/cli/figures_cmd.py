"""`csods figures`: the annual return (Home Office + FOI figures) for IT scripts."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.io import out, password
from app.services.annual_return import YearBasis, annual_return, return_csv, return_json
from app.services.unit import login


def cmd_figures(args: argparse.Namespace) -> int:
    if not 2000 <= args.year <= 2100:
        raise ValueError(f"--year {args.year} is not a year between 2000 and 2100")
    basis = YearBasis.CALENDAR if args.calendar else YearBasis.FINANCIAL
    with login(Path(args.db), args.user, password(f"Password for {args.user}: ")) as session:
        ret = annual_return(session, args.year, basis)
        text = return_csv(session, ret) if args.format == "csv" else return_json(session, ret)
    out(text.rstrip("\n"))
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("figures", help="print the annual return for a year (figures only)",
                       description="The annual return for a year: applications, how many "
                       "concerned registered sex offenders, disclosures, and the FOI figures. "
                       "--year 2024 means the financial year 1 April 2024 – 31 March 2025 "
                       "unless --calendar is given. Printing it is audited.")
    p.add_argument("--db", default=db, help="unit database file")
    p.add_argument("--user", required=True, help="your user name (a supervisor)")
    p.add_argument("--year", required=True, type=int, help="the year, e.g. 2024")
    p.add_argument("--calendar", action="store_true",
                   help="the calendar year instead of the financial year (April–March)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.set_defaults(func=cmd_figures)


