-- Scheme fidelity (issue 11). A case closed as "disclosed" whose stage 6 records that the
-- recipient refused the undertaking and the police did not go ahead was no disclosure:
-- it moves to the route "disclosure_not_made" (guidance ¶5.6.21). The audit trail is
-- hash-chained in Python, so each re-routed case is noted here and the registered
-- post-migration step (app/storage/post_migration.py) writes its audit row and clears
-- the note, in one transaction.

CREATE TABLE migration_audit_notes (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL,
    case_ref TEXT NOT NULL,
    detail   TEXT NOT NULL
);

CREATE TEMP TABLE rerouted AS
SELECT c.id AS case_id, c.reference AS case_ref
FROM cases c JOIN stage_records s ON s.case_id = c.id AND s.stage = 6
WHERE c.route = 'disclosed'
  AND json_extract(s.data, '$.undertaking_signed') = 0
  AND json_extract(s.data, '$.proceed_despite_refusal') = 0
  AND json_type(s.data, '$.undertaking_signed') = 'false'
  AND json_type(s.data, '$.proceed_despite_refusal') = 'false';

UPDATE cases SET route = 'disclosure_not_made'
WHERE id IN (SELECT case_id FROM rerouted);

-- The closure record carries the route too; its summary (as submitted to the force
-- intelligence system) is kept word for word, with the correction added below it.
UPDATE stage_records
SET data = json_set(data, '$.route', 'disclosure_not_made',
                    '$.summary', coalesce(json_extract(data, '$.summary'), '')
                    || char(10) || char(10)
                    || 'Correction (software update, schema 7): the route was recorded as '
                    || '"Disclosed", but the recipient refused the undertaking and the '
                    || 'police did not go ahead, so no disclosure was made. Route now: '
                    || 'Disclosure decided but not made (¶5.6.21).')
WHERE stage = 7
  AND case_id IN (SELECT case_id FROM rerouted)
  AND json_extract(data, '$.route') = 'disclosed';

INSERT INTO migration_audit_notes (case_id, case_ref, detail)
SELECT case_id, case_ref,
       'route corrected by software update (schema 7): Disclosed → Disclosure decided but '
       || 'not made; the undertaking was refused and the police did not go ahead (¶5.6.21)'
FROM rerouted;

DROP TABLE rerouted;
