-- Derived columns for fast case lists at 100,000 cases. They are a projection of
-- the stage records, rebuilt by the services in the same transaction as every change
-- (app/services/indexing.py) and fully on sign-in when the projection version changes.
ALTER TABLE cases ADD COLUMN next_due TEXT;
ALTER TABLE cases ADD COLUMN next_kind TEXT;
ALTER TABLE cases ADD COLUMN applicant_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN subject_surname TEXT NOT NULL DEFAULT '';
ALTER TABLE case_people ADD COLUMN surname_norm TEXT NOT NULL DEFAULT '';

-- One index per sortable column, over live (not disposed) cases; the rowid (case id)
-- is the tie-breaker, so "ORDER BY col, id LIMIT n OFFSET m" walks the index.
CREATE INDEX live_by_due ON cases (next_due IS NULL, next_due) WHERE erased_at IS NULL;
CREATE INDEX live_by_reference ON cases (reference) WHERE erased_at IS NULL;
CREATE INDEX live_by_stage ON cases (current_stage) WHERE erased_at IS NULL;
CREATE INDEX live_by_route ON cases (route) WHERE erased_at IS NULL;
CREATE INDEX live_by_status ON cases (status) WHERE erased_at IS NULL;
CREATE INDEX live_by_applicant ON cases (applicant_surname) WHERE erased_at IS NULL;
CREATE INDEX live_by_subject ON cases (subject_surname) WHERE erased_at IS NULL;
CREATE INDEX live_by_contact ON cases (contact_at) WHERE erased_at IS NULL;
CREATE INDEX live_by_assignee ON cases (assigned_to) WHERE erased_at IS NULL;
-- Covering index for counting what a filter matches.
CREATE INDEX live_counts ON cases (status, current_stage, next_due, assigned_to, route)
    WHERE erased_at IS NULL;
CREATE INDEX case_people_by_surname ON case_people (surname_norm, case_id);
