"""The unit's letterhead (force, unit, address, telephone, logo) used on every document."""

from __future__ import annotations

import base64

from app import settings
from app.documents.model import Letterhead
from app.domain.enums import AuditAction
from app.errors import InvalidInput
from app.services.authz import Permission, authorise
from app.services.session import Session
from app.storage import settings_repo

MAX_LOGO_BYTES = 1024 * 1024
_TEXT_LIMITS = {"force_name": 120, "unit_name": 120, "address": 400, "telephone": 40,
                "email": 120}


def letterhead(session: Session) -> Letterhead:
    """Any signed-in user may read it: it is printed on every page."""
    conn = session.conn
    logo = settings_repo.read(conn, settings.LETTERHEAD_LOGO)
    return Letterhead(
        force_name=settings_repo.read(conn, settings.LETTERHEAD_FORCE_NAME),
        unit_name=settings_repo.read(conn, settings.UNIT_NAME),
        address=settings_repo.read(conn, settings.LETTERHEAD_ADDRESS),
        telephone=settings_repo.read(conn, settings.LETTERHEAD_TELEPHONE),
        email=settings_repo.read(conn, settings.LETTERHEAD_EMAIL),
        logo_png=base64.b64decode(logo) if logo else None,
    )


def update_letterhead(session: Session, *, force_name: str, unit_name: str, address: str,
                      telephone: str, email: str = "", logo_png: bytes | None = None,
                      remove_logo: bool = False) -> Letterhead:
    """Administrator: change the letterhead; the change is audited."""
    authorise(session, Permission.UNIT_SETTINGS)
    values = {"force_name": force_name.strip(), "unit_name": unit_name.strip(),
              "address": address.strip(), "telephone": telephone.strip(),
              "email": email.strip()}
    for key, limit in _TEXT_LIMITS.items():
        if len(values[key]) > limit:
            raise InvalidInput(f"The {key.replace('_', ' ')} is too long (at most {limit}).")
        if any(ord(ch) < 32 and ch != "\n" for ch in values[key]):
            raise InvalidInput(f"The {key.replace('_', ' ')} contains control characters.")
    for key in ("force_name", "unit_name", "telephone"):
        if not values[key]:
            raise InvalidInput(f"The {key.replace('_', ' ')} is required on every document.")
    if logo_png is not None:
        if not logo_png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise InvalidInput("The logo must be a PNG image.")
        if len(logo_png) > MAX_LOGO_BYTES:
            raise InvalidInput("The logo must be at most 1 MiB.")
    with session.transaction() as conn:
        settings_repo.write(conn, settings.LETTERHEAD_FORCE_NAME, values["force_name"])
        settings_repo.write(conn, settings.UNIT_NAME, values["unit_name"])
        settings_repo.write(conn, settings.LETTERHEAD_ADDRESS, values["address"])
        settings_repo.write(conn, settings.LETTERHEAD_TELEPHONE, values["telephone"])
        settings_repo.write(conn, settings.LETTERHEAD_EMAIL, values["email"])
        if logo_png is not None:
            settings_repo.write(conn, settings.LETTERHEAD_LOGO, base64.b64encode(logo_png).decode())
        elif remove_logo:
            settings_repo.remove(conn, settings.LETTERHEAD_LOGO)
        session.audit(conn, AuditAction.ALTER, entity="unit-settings",
                      detail="document letterhead changed")
    return letterhead(session)
