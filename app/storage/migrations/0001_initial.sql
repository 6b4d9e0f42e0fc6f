-- Unit database, schema 1. Portable SQL: no SQLite-only tricks beyond triggers.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'administrator')),
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL,
    disabled_at  TEXT
);

-- DPA 2018 s.62 log: append-only, each row chained to the previous by SHA-256.
CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT,
    action        TEXT NOT NULL,
    entity        TEXT,
    case_ref      TEXT,
    justification TEXT,
    recipient     TEXT,
    detail        TEXT,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_by_case ON audit (case_ref);
CREATE INDEX audit_by_actor ON audit (actor);
CREATE INDEX audit_by_time ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TABLE reference_sequences (
    scope TEXT PRIMARY KEY,
    last  INTEGER NOT NULL
);

CREATE TABLE cases (
    id            INTEGER PRIMARY KEY,
    reference     TEXT NOT NULL UNIQUE,
    contact_at    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users (id),
    assigned_to   INTEGER REFERENCES users (id),
    current_stage INTEGER NOT NULL CHECK (current_stage BETWEEN 1 AND 7),
    status        TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    route         TEXT,
    closed_at     TEXT,
    signoff       TEXT NOT NULL DEFAULT 'none'
                  CHECK (signoff IN ('none', 'awaiting', 'approved', 'returned')),
    erased_at     TEXT
);
CREATE INDEX cases_by_status ON cases (status, current_stage);
CREATE INDEX cases_by_assignee ON cases (assigned_to);
CREATE INDEX cases_by_contact ON cases (contact_at);

CREATE TABLE stage_records (
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    stage        INTEGER NOT NULL CHECK (stage BETWEEN 1 AND 7),
    form_version INTEGER NOT NULL,
    data         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'complete')),
    updated_at   TEXT NOT NULL,
    updated_by   INTEGER NOT NULL REFERENCES users (id),
    completed_at TEXT,
    completed_by INTEGER REFERENCES users (id),
    PRIMARY KEY (case_id, stage)
);

-- Search index of the people named in a case, rebuilt from the stage records.
CREATE TABLE case_people (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    surname   TEXT NOT NULL DEFAULT '',
    forenames TEXT NOT NULL DEFAULT '',
    name_norm TEXT NOT NULL DEFAULT '',
    phonetic  TEXT NOT NULL DEFAULT '',
    dob       TEXT
);
CREATE INDEX case_people_by_case ON case_people (case_id);
CREATE INDEX case_people_by_name ON case_people (name_norm, case_id);
CREATE INDEX case_people_by_phonetic ON case_people (phonetic, case_id);

-- Blocking keys for repeat-subject matching (app/domain/matching.py).
CREATE TABLE subject_keys (
    key     TEXT NOT NULL,
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    PRIMARY KEY (key, case_id)
);
CREATE INDEX subject_keys_by_case ON subject_keys (case_id);

CREATE TABLE subject_matches (
    case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    other_case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    score         REAL NOT NULL,
    reasons       TEXT NOT NULL,
    found_at      TEXT NOT NULL,
    PRIMARY KEY (case_id, other_case_id)
);

CREATE TABLE risk_records (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    stage       INTEGER NOT NULL,
    data        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX risk_records_by_case ON risk_records (case_id);

CREATE TABLE extensions (
    id                INTEGER PRIMARY KEY,
    case_id           INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    new_due           TEXT NOT NULL,
    reason            TEXT NOT NULL,
    applicant_told_on TEXT NOT NULL,
    recorded_at       TEXT NOT NULL,
    recorded_by       INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX extensions_by_case ON extensions (case_id);

CREATE TABLE signoffs (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    outcome  TEXT NOT NULL CHECK (outcome IN ('approved', 'returned')),
    comment  TEXT NOT NULL DEFAULT '',
    at       TEXT NOT NULL,
    by_user  INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX signoffs_by_case ON signoffs (case_id);
