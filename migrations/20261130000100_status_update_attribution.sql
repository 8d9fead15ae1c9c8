-- A status update keeps the organisation (and the person) that posted it, as they were named
-- then: renaming an account's organisation later must not rewrite past public attributions.
-- Filled from the update's own history entry (written in the same save, with the same
-- snapshot), else from the account as it is now.
ALTER TABLE status_update ADD COLUMN organisation TEXT NOT NULL DEFAULT '' CHECK (length(organisation) <= 200);
ALTER TABLE status_update ADD COLUMN author_name TEXT NOT NULL DEFAULT '' CHECK (length(author_name) <= 200);

UPDATE status_update SET
    organisation = coalesce(
        (SELECT h.organisation FROM history_entry h
          WHERE h.entity = 'status_update' AND h.entity_id = status_update.id
          ORDER BY h.id LIMIT 1),
        (SELECT a.organisation FROM account a WHERE a.id = status_update.account_id),
        ''),
    author_name = coalesce(
        (SELECT h.actor_name FROM history_entry h
          WHERE h.entity = 'status_update' AND h.entity_id = status_update.id
          ORDER BY h.id LIMIT 1),
        (SELECT a.display_name FROM account a WHERE a.id = status_update.account_id),
        '');
