-- The contact log of a case (every attempt to reach the applicant, recipient, subject
-- or an agency) and its free-text dated notes (issue 15 items 2 and 3).
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    at           TEXT NOT NULL,
    method       TEXT NOT NULL,
    party        TEXT NOT NULL,
    party_detail TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    recorded_at  TEXT NOT NULL,
    recorded_by  INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX contacts_by_case ON contacts (case_id, at);

CREATE TABLE case_notes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    noted_at    TEXT NOT NULL,
    text        TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX case_notes_by_case ON case_notes (case_id, noted_at);
