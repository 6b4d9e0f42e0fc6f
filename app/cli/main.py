"""Argument parsing and error handling for `csods <command>`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from app.cli import admin
from app.cli.io import err
from app.errors import CsodsError
from app.paths import default_db


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="csods",
        description="CSODS Case Manager. With no command, opens the application window.",
        epilog="csods --self-test checks this installation (encrypted unit, case round trip, "
               "audit chain, PDF, Qt) and exits 0 when every check passes.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    admin.add_parsers(sub, str(default_db()))
    _add_optional(sub)
    return parser


def _add_optional(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Commands from later parts of the app register themselves here."""
    from app.cli import copies_cmd, documents_cmd, extra, figures_cmd, settings_cmd

    extra.add_parsers(sub, str(default_db()))
    copies_cmd.add_parsers(sub, str(default_db()))
    documents_cmd.add_parsers(sub, str(default_db()))
    figures_cmd.add_parsers(sub, str(default_db()))
    settings_cmd.add_parsers(sub, str(default_db()))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("csods-case-manager")
    except PackageNotFoundError:
        return "development"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except CsodsError as exc:
        err(f"csods: {exc}")
        return 1
    except ValueError as exc:  # e.g. a bad enum value typed on the command line
        err(f"csods: {exc}")
        return 2
    except KeyboardInterrupt:
        err("csods: interrupted")
        return 130
    except OSError as exc:
        err(f"csods: {_os_error_text(exc, args)}")
        return 1
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback (may hold data)
        err(f"csods: the command failed unexpectedly ({type(exc).__name__}); nothing more "
            "is shown because details could contain case data. Tell your administrator.")
        return 1




def _os_error_text(exc: OSError, args: argparse.Namespace) -> str:
    """Name the cause (a full disk names the folder: the file written, else --out, else
    the unit's); never a bare "No space left on device ()"."""
    import errno
    from pathlib import Path

    from app.file_faults import Cause, FileFault, os_error_sentence

    named = os_error_sentence(exc)
    if named:
        return named
    target = exc.filename or getattr(args, "out", None) or getattr(args, "db", None)
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) and target:
        return str(FileFault(Cause.DISK_FULL, Path(str(target))))
    where = f" ({exc.filename})" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"
