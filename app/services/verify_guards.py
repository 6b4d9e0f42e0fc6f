"""What ``csods verify`` checks before it reads (or writes) anything in the unit.

Like sign-in, verify refuses a key slot that does not match its pin in the database
(a key file altered to swap in another key), and a database written by a newer
version of the application, which it leaves untouched (no audit row, no migration).
"""

from __future__ import annotations

from app.services import slot_pins
from app.storage import migrate
from app.storage.connection import Connection


def check_before_verify(conn: Connection, username: str, public: bytes) -> None:
    """Raise SchemaTooNew or KeyFileError; writes nothing."""
    migrate.check_not_newer(conn)
    slot_pins.require_read_only(conn, username, public)
