"""Commands beyond administration: schema, demo, documents."""

from __future__ import annotations

import argparse
import json

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


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser], db: str) -> None:
    p = sub.add_parser("schema", help="print the form schema of every stage")
    p.add_argument("--json", action="store_true", help="the whole schema as JSON")
    p.set_defaults(func=cmd_schema)
