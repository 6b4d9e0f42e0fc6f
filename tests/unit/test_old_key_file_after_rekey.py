"""A key file older than the database (copied back after a rekey) is named as such,
not reported as a damaged database (#13 item 10: honest failure messages)."""

from __future__ import annotations

import shutil

import pytest

from app.errors import DatabaseError
from app.security import keyfile as kf
from app.services import rekey
from app.services.unit import login
from tests.conftest import OFFICER_PW, TestUnit


def test_old_key_file_after_rekey_says_the_key_file_is_older(unit: TestUnit) -> None:
    keys = kf.keyfile_path(unit.db)
    old = keys.with_name("old-copy.keys")
    shutil.copy2(keys, old)
    with unit.supervisor() as sam:
        rekey.rekey(sam)
    shutil.copy2(old, keys)  # someone restores the key file on its own
    keys.with_name(keys.name + ".prev").unlink(missing_ok=True)
    with pytest.raises(DatabaseError) as caught:
        login(unit.db, "olive", OFFICER_PW, unit.clock)
    message = str(caught.value)
    assert "key file (unit.db.keys) is older than the database" in message
    assert "re-encrypted" in message
    assert "same backup" in message
    assert "may be damaged or replaced" not in message
