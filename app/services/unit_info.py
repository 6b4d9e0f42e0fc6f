"""What the signed-in user may know about the unit itself (name, prefix, file).

Nothing here is case content, so every role may read it; nothing is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app import settings
from app.services.session import Session
from app.storage import settings_repo


@dataclass(frozen=True)
class UnitInfo:
    name: str
    case_prefix: str
    created_at: str
    db_path: Path


def unit_info(session: Session) -> UnitInfo:
    if session.keyless:  # an administrator: the key file's copy (no database key)
        from app.security import keyfile as kf

        keyfile = kf.load(kf.keyfile_path(session.db_path))
        return UnitInfo(keyfile.unit_name, keyfile.case_prefix, "", session.db_path)
    conn = session.conn
    return UnitInfo(
        name=settings_repo.read(conn, settings.UNIT_NAME),
        case_prefix=settings_repo.read(conn, settings.CASE_PREFIX),
        created_at=settings_repo.read(conn, settings.CREATED_AT),
        db_path=session.db_path,
    )
