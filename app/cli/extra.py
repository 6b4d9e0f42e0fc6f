"""Commands beyond administration: schema, demo, documents."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.io import out


def cmd_schema(args: argparse.Namespace) -> int:
    from app.domain.forms import schema_as_dict

    schema = schema_as_dict()
    if args.json:
        out(json.dumps(schema, indent=2, ensure_ascii=False))
    else:
        for stage in schema["stages"]:
            out(f"{stage['title']}: {sum(len(s['fields']) for s in stage['sections'])} fields")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo import create_demo, refuse_existing, report_lines

    refuse_existing(Path(args.db))
    out(f"Creating a demo unit with {args.cases} synthetic cases at {args.db} ...")
    result = create_demo(Path(args.db), cases=args.cases, seed=args.seed)
    for line in report_lines(result):
        out(line)
    return 0


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("schema", help="print the form schema of every stage")
    p.add_argument("--json", action="store_true", help="the whole schema as JSON")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("demo", help="create a demo unit of synthetic cases and print its logins")
    p.add_argument("--db", required=True, help="where to create the demo unit (must not exist)")
    p.add_argument("--cases", type=int, default=120, help="number of cases (default 120)")
    p.add_argument("--seed", type=int, default=None,
                   help="random seed, to make the same demo again (default: random)")
    p.set_defaults(func=cmd_demo)
