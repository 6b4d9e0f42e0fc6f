"""The `csods` console command.

With a sub-command it runs the Qt-free admin/IT commands in ``app.cli``;
with none (or ``--self-test``) it starts the Qt application. Qt is imported
only on that path, so IT scripts never load it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    wants_cli = bool(args) and not args[0].startswith("-")
    if wants_cli or any(a in ("-h", "--help", "--version") for a in args):
        from app.cli import main as cli_main

        return cli_main(args)
    if "--self-test" in args:
        from ui.self_test import main as self_test

        return self_test()
    from ui.app_main import run_gui

    return int(run_gui(args))


if __name__ == "__main__":
    sys.exit(main())
