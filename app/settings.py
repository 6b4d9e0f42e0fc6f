"""Every setting, declared once: the unit's own (in its database) and the environment's.

**Unit settings** live in the encrypted database's ``settings`` table, so they travel
with the unit and its backups. Each is a :class:`UnitSetting` (key, default,
description); services read and write them through ``settings_repo`` with the
declared key and default, never a string of their own.

**Environment variables** (``CSODS_*``) are read only through the :class:`EnvVar`
objects here. ``APP_VARIABLES`` are read by the application and the ``csods``
command; ``BUILD_VARIABLES`` only by the scripts in ``packaging/``. Every one is
documented in README.md or packaging/INSTALL.md (tests/unit/test_settings.py checks
both, and that no other ``CSODS_`` name appears in the source).

Workstation preferences (the last user name, window geometry) are not here: they are
Qt's QSettings, see ``ui/prefs.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitSetting:
    """One value kept in the unit's database (``settings`` table)."""

    key: str
    default: str
    description: str


@dataclass(frozen=True)
class EnvVar:
    """One ``CSODS_*`` environment variable."""

    name: str
    description: str

    def get(self) -> str | None:
        """The value when the variable is set (even to ""), else None."""
        return os.environ.get(self.name)


# --- unit settings (in the encrypted database) -------------------------------------

UNIT_ID = UnitSetting("unit_id", "", "Random id of the unit, shared with its key file.")
UNIT_NAME = UnitSetting("unit_name", "Public Protection Unit",
                        "The unit's name: shown at sign-in and printed on every document.")
CASE_PREFIX = UnitSetting("case_prefix", "CSO",
                          "Prefix of case references (\"CSO-2026-0001\"), chosen at set-up.")
CREATED_AT = UnitSetting("created_at", "", "When the unit was created (ISO 8601, UTC).")
LETTERHEAD_FORCE_NAME = UnitSetting("letterhead_force_name", "Police",
                                    "Letterhead: the police force's name.")
LETTERHEAD_ADDRESS = UnitSetting("letterhead_address", "", "Letterhead: postal address.")
LETTERHEAD_TELEPHONE = UnitSetting("letterhead_telephone", "101", "Letterhead: telephone.")
LETTERHEAD_EMAIL = UnitSetting("letterhead_email", "", "Letterhead: e-mail address.")
LETTERHEAD_LOGO = UnitSetting("letterhead_logo", "",
                              "Letterhead: the logo, a PNG of at most 1 MiB, base64; "
                              "empty for none.")
RETENTION_YEARS = UnitSetting("retention_years", "10",
                              "Years a closed case is kept before it is due for review "
                              "(MoPI); a supervisor may set 1 to 100.")
PROJECTION_VERSION = UnitSetting("projection_version", "",
                                 "Version of the case-list index; when it differs from the "
                                 "code's, every case's derived data is rebuilt at sign-in.")
RECOVERY_PUBLIC_KEY = UnitSetting("recovery_public_key", "",
                                  "Public key of the recovery slot, pinned so a tampered key "
                                  "file is detected (base64).")
SLOT_KDF = UnitSetting("slot_kdf", "",
                       "Argon2id cost new key slots are wrapped with (JSON), pinned like the "
                       "recovery key.")
ROOT_PUBLIC_KEY = UnitSetting("root_public_key", "",
                              "Public key of the unit root, which signs account records; its "
                              "private half is sealed to the recovery slot (base64).")
ROOT_SEALED = UnitSetting("root_sealed", "",
                          "The unit root's private half sealed to the recovery slot (JSON), as "
                          "in the key file, so a key file that lost it can be repaired.")
BACKUP_FOLDER = UnitSetting("backup_folder", "",
                            "Folder of the automatic encrypted backup made at every key "
                            "holder's sign-out (absolute path); empty: none is made. Set by a "
                            "supervisor (csods settings backup).")
BACKUP_KEEP = UnitSetting("backup_keep", "14",
                          "How many automatic backups to keep in the backup folder (1 to 365); "
                          "older ones this feature made are removed.")
BACKUP_PROBLEM = UnitSetting("backup_problem", "",
                             "Why the last automatic backup failed (empty when it worked), "
                             "shown at the next sign-in.")

UNIT_SETTINGS: tuple[UnitSetting, ...] = (
    UNIT_ID, UNIT_NAME, CASE_PREFIX, CREATED_AT, LETTERHEAD_FORCE_NAME, LETTERHEAD_ADDRESS,
    LETTERHEAD_TELEPHONE, LETTERHEAD_EMAIL, LETTERHEAD_LOGO, RETENTION_YEARS,
    PROJECTION_VERSION, RECOVERY_PUBLIC_KEY, SLOT_KDF, ROOT_PUBLIC_KEY,
    ROOT_SEALED, BACKUP_FOLDER, BACKUP_KEEP, BACKUP_PROBLEM,
)

# --- environment variables read by the application and the csods command ----------

DB = EnvVar("CSODS_DB",
            "Path of the unit database (unit.db). Default: the unit chosen at first run, "
            "else the per-user data folder (see app/paths.py).")
IDLE_MINUTES = EnvVar("CSODS_IDLE_MINUTES",
                      "Minutes without keyboard or mouse before the window locks "
                      "(default 5; a value that is not a positive number is ignored).")
PASSWORD = EnvVar("CSODS_PASSWORD",
                  "csods: the signing-in user's password, instead of the prompt.")
NEW_PASSWORD = EnvVar("CSODS_NEW_PASSWORD",
                      "csods: a new password (a new administrator, an administrator's reset, "
                      "recovery), instead of typing it twice.")
THEIR_PASSWORD = EnvVar("CSODS_THEIR_PASSWORD",
                        "csods user approve: the password the person being approved types "
                        "at the supervisor's side (a new officer's or supervisor's account, "
                        "or a reset of theirs), instead of typing it twice. They choose it; "
                        "the administrator never knows it.")
BACKUP_PASSWORD = EnvVar("CSODS_BACKUP_PASSWORD",
                         "csods restore: the administrator's password in the backup, when it "
                         "differs from the current one.")
RECOVERY_CODE = EnvVar("CSODS_RECOVERY_CODE",
                       "csods recover: the unit's recovery code, instead of the prompt.")

APP_VARIABLES: tuple[EnvVar, ...] = (
    DB, IDLE_MINUTES, PASSWORD, NEW_PASSWORD, THEIR_PASSWORD, BACKUP_PASSWORD, RECOVERY_CODE,
)

# --- environment variables read only by the packaging scripts ----------------------

BUILD_VARIABLES: tuple[EnvVar, ...] = (
    EnvVar("CSODS_SIGNING_PASSPHRASE",
           "packaging/integrity.py: passphrase of the release signing key, if it has one."),
    EnvVar("CSODS_VENV", "packaging/*.sh: the virtual environment to use (default .venv)."),
    EnvVar("CSODS_DEMO_DIR",
           "packaging/dev.sh demo: folder of the demo unit (default demo-unit)."),
    EnvVar("CSODS_LOCK_TOOLS",
           "packaging/lock.sh: folder of the tools that regenerate the build lock "
           "(default build/lock-tools)."),
    EnvVar("CSODS_SIGN_PFX_PASSWORD",
           "packaging/build.ps1: password of the Authenticode .pfx, when signing from a file."),
)

DEFAULT_IDLE_MINUTES = 5.0


def idle_minutes() -> float:
    """``CSODS_IDLE_MINUTES`` when it is a positive number, else 5."""
    raw = IDLE_MINUTES.get() or ""
    try:
        value = float(raw) if raw else DEFAULT_IDLE_MINUTES
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return value if value > 0 else DEFAULT_IDLE_MINUTES
