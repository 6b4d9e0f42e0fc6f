"""Run in a child process: sign in to a unit and hold it open until stdin closes."""

from __future__ import annotations

import sys
from pathlib import Path

from app.services.unit import login


def main() -> None:
    db, user, password = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    with login(db, user, password):
        print("ready", flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    main()
