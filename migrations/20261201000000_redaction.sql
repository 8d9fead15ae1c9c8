-- Redaction: text posted by mistake (personal data in a note or a status update) is removed
-- from the record and from every history entry that holds it, and replaced by a notice
-- ("entfernt am 30.11.2026 (Grund)"). The redaction itself is a change set of the history
-- (field 'redaction', the reason as comment), so the public sees that and why something was
-- removed, never what.
--
-- For a history that is later hash-chained: an entry keeps its place, its change set and
-- all its other columns; only the value sides that held the removed text change, and
-- `redaction_id` says so. A chain that commits to each value with a salt can keep the
-- commitment of a redacted value and drop its text and salt; `redaction_id` names the
-- entries whose published text is the notice instead of the committed value.
CREATE TABLE redaction (
    id           INTEGER PRIMARY KEY,
    -- The history change set that records this redaction.
    change_set   INTEGER NOT NULL,
    recorded_at  TEXT    NOT NULL,
    account_id   INTEGER REFERENCES account (id) ON DELETE RESTRICT,
    entity       TEXT    NOT NULL
                 CHECK (entity IN ('plan', 'package', 'milestone', 'status_update')),
    entity_id    INTEGER NOT NULL,
    field        TEXT    NOT NULL CHECK (length(field) BETWEEN 1 AND 64),
    reason       TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 300),
    -- What stands in place of the removed text, in the record and in the history.
    replacement  TEXT    NOT NULL CHECK (length(replacement) BETWEEN 1 AND 400)
) STRICT;

CREATE INDEX redaction_by_entity ON redaction (entity, entity_id);

ALTER TABLE history_entry ADD COLUMN redaction_id INTEGER REFERENCES redaction (id);
ALTER TABLE status_update ADD COLUMN redaction_id INTEGER REFERENCES redaction (id);

-- The append-only rule with its one exception. An entry may change only by a recorded
-- redaction of the same record: every column stays as it was except the value sides,
-- which may only become that redaction's notice, and `redaction_id`, which names it.
-- As before this holds for every program that writes through SQLite while the trigger
-- exists, not against someone who can rewrite the file (see 20261130000000).
DROP TRIGGER history_entry_is_append_only_update;

CREATE TRIGGER history_entry_is_append_only_update BEFORE UPDATE ON history_entry
WHEN NOT (
    NEW.redaction_id IS NOT NULL
    AND NEW.redaction_id IS NOT OLD.redaction_id
    AND NEW.id = OLD.id
    AND NEW.change_set = OLD.change_set
    AND NEW.recorded_at = OLD.recorded_at
    AND NEW.account_id IS OLD.account_id
    AND NEW.actor_name = OLD.actor_name
    AND NEW.organisation = OLD.organisation
    AND NEW.plan_id IS OLD.plan_id
    AND NEW.package_id IS OLD.package_id
    AND NEW.entity = OLD.entity
    AND NEW.entity_id = OLD.entity_id
    AND NEW.field = OLD.field
    AND NEW.comment = OLD.comment
    AND NEW.visibility = OLD.visibility
    AND EXISTS (
        SELECT 1 FROM redaction r
        WHERE r.id = NEW.redaction_id
          AND r.entity = OLD.entity
          AND r.entity_id = OLD.entity_id
          AND (NEW.old_value IS OLD.old_value OR NEW.old_value IS r.replacement)
          AND (NEW.new_value IS OLD.new_value OR NEW.new_value IS r.replacement)
          AND EXISTS (
              SELECT 1 FROM history_entry h
              WHERE h.change_set = r.change_set AND h.field = 'redaction'
                AND h.entity = r.entity AND h.entity_id = r.entity_id))
)
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only (only a recorded redaction may replace a value)');
END;
