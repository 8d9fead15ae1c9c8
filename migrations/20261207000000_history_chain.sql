-- A history that anyone can prove unaltered (issue 21): every history entry commits to its
-- values with salts and carries the running hash of its plan's chain. The algorithm is
-- described in docs/historie-pruefen.md and implemented in src/domain/chain.rs (and, to
-- prove the description complete, in docs/historie_pruefen.py).
--
-- Per value (the actor's name, the organisation, the old and the new value, the comment):
-- `salt_*` is 32 hex digits of randomness, `commit_*` is SHA-256 over salt, ':' and the value
-- (NULL for an absent value). A redaction replaces the value's text and drops its salt; the
-- commitment stays, so the chain still verifies. `chain_hash` is the chain's hash after this
-- entry. Entries recorded before this migration are sealed once, in order, when the app
-- first opens the database (history::chain::seal_earlier_entries): SQLite has no SHA-256.
ALTER TABLE history_entry ADD COLUMN salt_actor TEXT;
ALTER TABLE history_entry ADD COLUMN salt_organisation TEXT;
ALTER TABLE history_entry ADD COLUMN salt_old TEXT;
ALTER TABLE history_entry ADD COLUMN salt_new TEXT;
ALTER TABLE history_entry ADD COLUMN salt_comment TEXT;
ALTER TABLE history_entry ADD COLUMN commit_actor TEXT;
ALTER TABLE history_entry ADD COLUMN commit_organisation TEXT;
ALTER TABLE history_entry ADD COLUMN commit_old TEXT;
ALTER TABLE history_entry ADD COLUMN commit_new TEXT;
ALTER TABLE history_entry ADD COLUMN commit_comment TEXT;
ALTER TABLE history_entry ADD COLUMN chain_hash TEXT;

-- A plan's chain in order (entries of no plan, the accounts, form chain 0).
CREATE INDEX history_chain ON history_entry (coalesce(plan_id, 0), change_set, id);

-- Which entries predate the chain: change sets up to `sealed_through` may be sealed after
-- they were written, once; every later entry must be sealed when it is written.
CREATE TABLE history_chain_start (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    sealed_through  INTEGER NOT NULL,
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

INSERT INTO history_chain_start (id, sealed_through)
SELECT 1, coalesce(max(change_set), 0) FROM history_entry;

-- A new entry arrives sealed.
CREATE TRIGGER history_entry_is_sealed BEFORE INSERT ON history_entry
WHEN NEW.chain_hash IS NULL
  OR NEW.commit_actor IS NULL OR NEW.commit_organisation IS NULL OR NEW.commit_comment IS NULL
  OR (NEW.old_value IS NULL) IS NOT (NEW.commit_old IS NULL)
  OR (NEW.new_value IS NULL) IS NOT (NEW.commit_new IS NULL)
BEGIN
    SELECT RAISE(ABORT, 'history_entry must be sealed (commitments and chain hash)');
END;

-- The append-only rule with two exceptions: a recorded redaction (20261201000000), which now
-- also drops the salt of the value it replaces and keeps every commitment and the chain
-- hash; and the one-time sealing of an entry written before the chain, which adds salts,
-- commitments and the chain hash and changes nothing else.
DROP TRIGGER history_entry_is_append_only_update;

CREATE TRIGGER history_entry_is_append_only_update BEFORE UPDATE ON history_entry
WHEN NOT (
    NEW.id = OLD.id
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
    AND NEW.reason_category IS OLD.reason_category
    AND ((
        -- A recorded redaction.
        NEW.redaction_id IS NOT NULL
        AND NEW.redaction_id IS NOT OLD.redaction_id
        AND OLD.chain_hash IS NOT NULL
        AND NEW.chain_hash IS OLD.chain_hash
        AND NEW.commit_actor IS OLD.commit_actor
        AND NEW.commit_organisation IS OLD.commit_organisation
        AND NEW.commit_old IS OLD.commit_old
        AND NEW.commit_new IS OLD.commit_new
        AND NEW.commit_comment IS OLD.commit_comment
        AND NEW.salt_actor IS OLD.salt_actor
        AND NEW.salt_organisation IS OLD.salt_organisation
        AND NEW.salt_comment IS OLD.salt_comment
        AND EXISTS (
            SELECT 1 FROM redaction r
            WHERE r.id = NEW.redaction_id
              AND r.entity = OLD.entity
              AND r.entity_id = OLD.entity_id
              AND ((NEW.old_value IS OLD.old_value AND NEW.salt_old IS OLD.salt_old)
                   OR (NEW.old_value IS r.replacement AND NEW.salt_old IS NULL))
              AND ((NEW.new_value IS OLD.new_value AND NEW.salt_new IS OLD.salt_new)
                   OR (NEW.new_value IS r.replacement AND NEW.salt_new IS NULL))
              AND EXISTS (
                  SELECT 1 FROM history_entry h
                  WHERE h.change_set = r.change_set AND h.field = 'redaction'
                    AND h.entity = r.entity AND h.entity_id = r.entity_id))
    ) OR (
        -- The one-time sealing of an entry from before the chain.
        OLD.chain_hash IS NULL
        AND NEW.chain_hash IS NOT NULL
        AND NEW.old_value IS OLD.old_value
        AND NEW.new_value IS OLD.new_value
        AND NEW.redaction_id IS OLD.redaction_id
        AND OLD.change_set <= (SELECT sealed_through FROM history_chain_start WHERE id = 1)
    ))
)
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only (only a recorded redaction may replace a value)');
END;

CREATE TRIGGER history_chain_start_is_fixed_update BEFORE UPDATE ON history_chain_start
BEGIN
    SELECT RAISE(ABORT, 'history_chain_start is fixed');
END;

CREATE TRIGGER history_chain_start_is_fixed_delete BEFORE DELETE ON history_chain_start
BEGIN
    SELECT RAISE(ABORT, 'history_chain_start is fixed');
END;
