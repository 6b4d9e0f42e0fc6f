-- Derived columns for fast case lists at 100,000 cases. They are a projection of
-- the stage records, rebuilt by the services in the same transaction as every change
-- (app/services/indexing.py) and fully on sign-in when the projection version changes.
ALTER TABLE cases ADD COLUMN next_due TEXT;
ALTER TABLE cases ADD COLUMN next_kind TEXT;
ALTER TABLE cases ADD COLUMN applicant_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN subject_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN assigned_username TEXT NOT NULL DEFAULT '';
-- The sequence number at the end of the reference ("42" finds CSO/2026/00042).
ALTER TABLE cases ADD COLUMN ref_seq INTEGER;
ALTER TABLE case_people ADD COLUMN surname_norm TEXT NOT NULL DEFAULT '';

-- One index per sortable column, over live (not disposed) cases; the rowid (case id)
-- is the tie-breaker, so "ORDER BY col, id LIMIT n OFFSET m" walks the index.
CREATE INDEX live_by_due ON cases (next_due IS NULL, next_due) WHERE erased_at IS NULL;
CREATE INDEX live_by_reference ON cases (reference) WHERE erased_at IS NULL;
CREATE INDEX live_by_applicant ON cases (applicant_surname) WHERE erased_at IS NULL;
CREATE INDEX live_by_subject ON cases (subject_surname) WHERE erased_at IS NULL;
CREATE INDEX live_by_contact ON cases (contact_at) WHERE erased_at IS NULL;
CREATE INDEX live_by_assignee_name ON cases (assigned_username) WHERE erased_at IS NULL;
-- Deadline-state filters are ranges of next_due.
CREATE INDEX live_by_next_due ON cases (next_due) WHERE erased_at IS NULL;
-- The common filters, already in the default (most urgent first) order.
CREATE INDEX live_stage_due ON cases (current_stage, next_due IS NULL, next_due)
    WHERE erased_at IS NULL;
CREATE INDEX live_status_due ON cases (status, next_due IS NULL, next_due)
    WHERE erased_at IS NULL;
CREATE INDEX live_assignee_due ON cases (assigned_to, next_due IS NULL, next_due)
    WHERE erased_at IS NULL;
CREATE INDEX live_route_due ON cases (route, next_due IS NULL, next_due)
    WHERE erased_at IS NULL;
CREATE INDEX live_signoff_due ON cases (signoff, next_due IS NULL, next_due)
    WHERE erased_at IS NULL;
CREATE INDEX live_by_ref_seq ON cases (ref_seq) WHERE erased_at IS NULL;
CREATE INDEX case_people_by_surname ON case_people (surname_norm, case_id);
