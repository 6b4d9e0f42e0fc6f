"""Child process for the kill test: writes rows forever, printing each committed id."""

from __future__ import annotations

import sys
from pathlib import Path

from app.domain.enums import AuditAction
from app.services.unit import login
from app.storage import settings_repo


def main() -> None:
    db, user, password, start = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    session = login(db, user, password)
    print("ready", flush=True)
    i = start
    while True:
        with session.transaction() as conn:
            settings_repo.put(conn, f"kill-test-{i}", "x" * (1 + i % 500))
            session.audit(conn, AuditAction.ALTER, entity=f"setting:kill-test-{i}")
        print(i, flush=True)
        i += 1


if __name__ == "__main__":
    main()
