-- Optimistic version checks for package texts and account profiles, as milestones have:
-- a form carries the version it was loaded with, a save from an outdated form is refused
-- and shows both versions instead of silently overwriting the other person's save.
ALTER TABLE measure_package ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE account ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
