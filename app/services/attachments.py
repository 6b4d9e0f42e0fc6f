"""Attaching scanned documents (e.g. the signed Appendix F form) to a case."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PureWindowsPath

from app.domain import text_policy
from app.domain.enums import AuditAction
from app.errors import InvalidInput, NotFound
from app.services.authz import Permission, authorise
from app.services.case_file import open_for
from app.services.read_types import copy_row
from app.services.session import Session
from app.storage import attachments_repo, cases_repo

MAX_BYTES = 25 * 1024 * 1024
MAX_DESCRIPTION = 500
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


@dataclass(frozen=True)
class Attachment:
    """A file attached to a case (its bytes come separately, from ``read_attachment``)."""

    id: int
    case_id: int
    filename: str
    media_type: str
    description: str
    sha256: str
    size: int
    added_at: str
    added_by: str


def media_type_of(data: bytes) -> str | None:
    """Recognise a file by its first bytes, not its name."""
    for magic, media_type in _SIGNATURES:
        if data.startswith(magic):
            return media_type
    return None


def add_attachment(session: Session, reference: str, filename: str, data: bytes,
                   description: str = "") -> Attachment:
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "attach a file", change=True)
    media_type = media_type_of(data)
    if media_type is None:
        raise InvalidInput("Attach a PDF or an image (PNG, JPEG or TIFF) of the scanned form.")
    if len(data) > MAX_BYTES:
        raise InvalidInput("The file is larger than 25 MiB; scan at a lower resolution.")
    name = PureWindowsPath(filename).name.strip() or "attachment"  # handles / and \\
    # Control and format characters (incl. right-to-left overrides that make
    # "scan\u202efdp.exe" read as "scanexe.pdf") have no place in a shown name.
    if len(name) > 200 or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name):
        raise InvalidInput("The file name is too long or contains control characters.")
    text_policy.require(name, "The file name", text_policy.Limit.FILE_NAME)
    text_policy.require(description, "The description", MAX_DESCRIPTION, multiline=True)
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(f"The description is too long (at most {MAX_DESCRIPTION}).")
    digest = hashlib.sha256(data).hexdigest()
    with session.transaction() as conn:
        new_id = attachments_repo.insert(conn, case.id, name, media_type, description.strip(),
                                         digest, data, session.clock.now(), session.user.id)
        session.audit(conn, AuditAction.COLLECT, entity=f"case:{case.id}/attachment:{new_id}",
                      case_ref=case.reference, detail=f"file attached ({media_type}, "
                      f"{len(data)} bytes, sha256 {digest[:16]}…)")
    found = attachments_repo.get(session.conn, new_id)
    assert found is not None
    return copy_row(Attachment, found[0])


def list_attachments(session: Session, reference: str) -> list[Attachment]:
    authorise(session, Permission.WORK_CASE, case_ref=reference)
    case = open_for(session, reference, "list attachments")
    rows = attachments_repo.for_case(session.conn, case.id)
    session.record(AuditAction.CONSULT, entity=f"case:{case.id}/attachments",
                   case_ref=case.reference, detail=f"attachment list viewed ({len(rows)})")
    return [copy_row(Attachment, row) for row in rows]


def read_attachment(session: Session, attachment_id: int) -> tuple[Attachment, bytes]:
    """The file's bytes (checked against their SHA-256); viewing is audited."""
    authorise(session, Permission.WORK_CASE)
    found = attachments_repo.get(session.conn, attachment_id)
    if found is None:
        raise NotFound("There is no such attachment.")
    row, data = found
    case_row = cases_repo.case_by_id(session.conn, row.case_id)
    assert case_row is not None
    case = open_for(session, case_row.reference, "view an attachment")
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise InvalidInput("The attachment does not match its recorded fingerprint.")
    session.record(AuditAction.CONSULT, entity=f"case:{case.id}/attachment:{row.id}",
                   case_ref=case.reference, detail="attachment viewed")
    return copy_row(Attachment, row), data


