-- Timescale targets as a versioned unit policy (issue 11 item 13). Versions are
-- never edited: a change is a new row. Version 1 is the 2010 circular's maxima
-- (¶5 table, 5.1.13, 5.4.8, 5.6.27) and every existing case keeps it.
CREATE TABLE timescale_policies (
    version               INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL,
    initial_contact_hours INTEGER NOT NULL,
    face_to_face_days     INTEGER NOT NULL,
    risk_assessment_days  INTEGER NOT NULL,
    decision_route_days   INTEGER NOT NULL,
    overall_days          INTEGER NOT NULL,
    reason                TEXT NOT NULL DEFAULT '',
    created_at            TEXT NOT NULL,
    created_by            INTEGER REFERENCES users (id)
);
INSERT INTO timescale_policies (version, name, initial_contact_hours, face_to_face_days,
    risk_assessment_days, decision_route_days, overall_days, reason, created_at, created_by)
VALUES (1, 'Home Office circular 007/2010 maxima', 24, 10, 10, 35, 45,
    'The scheme''s maxima (¶5 table, 5.1.13, 5.4.8, 5.6.27)', '2010-03-01T00:00:00+00:00',
    NULL);
CREATE TRIGGER timescale_policies_no_update BEFORE UPDATE ON timescale_policies
BEGIN
    SELECT RAISE(ABORT, 'a timescale policy version is never edited: add a new one');
END;
CREATE TRIGGER timescale_policies_no_delete BEFORE DELETE ON timescale_policies
BEGIN
    SELECT RAISE(ABORT, 'a timescale policy version is never deleted');
END;

-- The policy version in force when the case was opened (kept for good).
ALTER TABLE cases ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 1;
-- "right_to_ask" (an applicant asked) or "right_to_know" (police-initiated, issue 11 item 14).
ALTER TABLE cases ADD COLUMN case_type TEXT NOT NULL DEFAULT 'right_to_ask'
    CHECK (case_type IN ('right_to_ask', 'right_to_know'));
-- List projection: milestone instants from the recorded event dates (JSON kind -> instant).
ALTER TABLE cases ADD COLUMN milestones TEXT;

-- Safeguarding referrals sent (¶3.6, 5.6.11, 6.3): children's social care / MASH,
-- section 47 strategy discussions, the responding force, probation, others.
CREATE TABLE referrals (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    agency      TEXT NOT NULL,
    agency_name TEXT NOT NULL DEFAULT '',
    sent_on     TEXT NOT NULL,
    reference   TEXT NOT NULL DEFAULT '',
    chase_by    TEXT,
    outcome     TEXT NOT NULL DEFAULT '',
    outcome_on  TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users (id),
    updated_at  TEXT NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX referrals_by_case ON referrals (case_id);
CREATE INDEX referrals_by_chase ON referrals (chase_by) WHERE outcome_on IS NULL;
