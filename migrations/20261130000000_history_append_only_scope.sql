-- What the append-only triggers on history_entry guarantee, said precisely (the comment in
-- 20261121120000 claimed more; applied migrations cannot be edited, so it is corrected here).
--
-- The triggers refuse every UPDATE and DELETE of a history entry made through SQLite, by this
-- app and by anyone else who opens the file with sqlite3 or another program, as long as the
-- triggers exist. They do not protect against someone who can write the database file: such a
-- person can drop the triggers, change the history and create them again, or edit the file's
-- bytes directly. Proof against that needs the history's hashes published outside the file
-- (hash-chained change sets; planned).
--
-- The triggers themselves are unchanged; they are created again here so that this comment
-- stands beside them in the schema.
DROP TRIGGER history_entry_is_append_only_update;
DROP TRIGGER history_entry_is_append_only_delete;

-- Refuses changes made through SQLite (see above); not a protection of the file itself.
CREATE TRIGGER history_entry_is_append_only_update BEFORE UPDATE ON history_entry
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only');
END;

CREATE TRIGGER history_entry_is_append_only_delete BEFORE DELETE ON history_entry
BEGIN
    SELECT RAISE(ABORT, 'history_entry is append-only');
END;
