-- Several plans in one site: roles are granted per plan.
--
-- `account.role` keeps one meaning only: 'admin' is a site administrator (every plan,
-- the accounts, the plans themselves). Every other right comes from `plan_role`: an
-- account is a member of Potsdam, administration in Dresden, admin of one plan (packages,
-- demanded dates, redaction there). For accounts that are not site administrators,
-- `account.role` is the role they were created with and grants nothing by itself.
CREATE TABLE plan_role (
    account_id  INTEGER NOT NULL REFERENCES account (id) ON DELETE RESTRICT,
    plan_id     INTEGER NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
    role        TEXT    NOT NULL CHECK (role IN ('admin', 'member', 'administration')),
    PRIMARY KEY (account_id, plan_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX plan_role_by_plan ON plan_role (plan_id);

-- Existing accounts keep their rights on the plans that exist (before this, one role
-- counted for every plan in the database).
INSERT INTO plan_role (account_id, plan_id, role)
SELECT account.id, plan.id, account.role
FROM account, plan
WHERE account.role <> 'admin';

-- An archived plan stays readable and takes no more changes.
ALTER TABLE plan ADD COLUMN archived_at TEXT;
