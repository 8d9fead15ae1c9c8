#!/usr/bin/env python3
"""Checks that the SQLite and the PostgreSQL migrations give the same schema (issue 22).

Applies `migrations/*.sql` to a new SQLite file and `migrations/postgres/*.sql` to a new
database on a PostgreSQL cluster that it starts itself in a temporary directory (Debian's
PostgreSQL 15 or newer; as root, the cluster runs as the `postgres` user), then compares:
tables, their columns in order with type, NOT NULL, default and primary key; foreign keys
with their ON DELETE; unique keys; the number of CHECK constraints per table; indexes;
triggers; and what the history's protection does on both (a sealed entry is accepted, an
unsealed one, an update of a value and a delete are refused). Prints every difference and
exits 1 if there is one.

Usage: scripts/compare-schemas.py [--keep]   (--keep leaves the cluster's directory)
"""

import glob
import os
import re
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from postgres import Cluster  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# SQLite's storage classes and the PostgreSQL types that stand for them.
TYPES = {
    "INTEGER": {"bigint"},
    "TEXT": {"text"},
    "REAL": {"double precision"},
    "BLOB": {"bytea"},
}
# Columns whose type differs on purpose: tower-sessions' PostgresStore binds a timestamptz.
OTHER_TYPES = {("session", "expiry_date"): "timestamp with time zone"}
# PostgreSQL has TRUNCATE; SQLite has no such statement to guard against.
ONLY_POSTGRES_TRIGGERS = {("history_entry", "history_entry_is_never_emptied")}
# SQLite's `email ... UNIQUE COLLATE NOCASE` is this index on lower(email) (compared as a key).
ONLY_POSTGRES_INDEXES = {"account_email"}


def sqlite_schema(path):
    db = sqlite3.connect(path)
    for file in sorted(glob.glob(os.path.join(ROOT, "migrations", "*.sql"))):
        db.executescript(open(file, encoding="utf-8").read())
    db.commit()
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '_sqlx%' ORDER BY name")]
    schema = {"tables": {}, "indexes": set(), "triggers": set()}
    for table in tables:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        without_comments = re.sub(r"--[^\n]*", "", sql)
        columns = []
        for _, name, kind, notnull, default, pk in db.execute(f'PRAGMA table_info("{table}")'):
            flag = re.search(rf"\b{name}\b[^,]*CHECK \({name} IN \(0, 1\)\)", without_comments)
            columns.append((name, "BOOLEAN" if flag else kind, bool(notnull or pk),
                            default is not None, pk > 0))
        foreign = {(row[3], row[2], row[4], row[6])
                   for row in db.execute(f'PRAGMA foreign_key_list("{table}")')}
        unique = set()
        for _, index, is_unique, origin, _ in db.execute(f'PRAGMA index_list("{table}")'):
            if is_unique and origin in ("u", "pk"):
                unique.add(tuple(r[2] for r in db.execute(f'PRAGMA index_info("{index}")')))
        # An INTEGER PRIMARY KEY is the rowid: a key without an index of its own.
        primary = tuple(c[0] for c in columns if c[4])
        if primary:
            unique.add(primary)
        checks = len(re.findall(r"\bCHECK\s*\(", without_comments))
        checks -= sum(1 for c in columns if c[1] == "BOOLEAN")
        schema["tables"][table] = {"columns": columns, "foreign": foreign,
                                   "unique": unique, "checks": checks}
    schema["indexes"] = {r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    schema["triggers"] = {tuple(r) for r in db.execute(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")}
    return db, schema


def postgres_schema(cluster, database):
    for file in sorted(glob.glob(os.path.join(ROOT, "migrations", "postgres", "*.sql"))):
        cluster.psql(database, file=file)
    schema = {"tables": {}, "indexes": set(), "triggers": set()}
    tables = [r[0] for r in cluster.rows(database,
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")]
    for table in tables:
        pk = {r[0] for r in cluster.rows(database, f"""
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
            WHERE i.indrelid = '{table}'::regclass AND i.indisprimary""")}
        columns = []
        for name, kind, nullable, default, identity in cluster.rows(database, f"""
                SELECT column_name, data_type, is_nullable, coalesce(column_default, ''),
                       is_identity
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = '{table}'
                ORDER BY ordinal_position"""):
            kind = "BOOLEAN" if kind == "boolean" else kind
            # An identity column is SQLite's INTEGER PRIMARY KEY: no default of its own.
            has_default = bool(default) and identity != "YES"
            columns.append((name, kind, nullable == "NO", has_default, name in pk))
        foreign = {tuple(r) for r in cluster.rows(database, f"""
            SELECT a.attname, c.confrelid::regclass::text, af.attname,
                   CASE c.confdeltype WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                        WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT'
                        ELSE 'NO ACTION' END
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
            WHERE c.conrelid = '{table}'::regclass AND c.contype = 'f'""")}
        unique = set()
        for (definition,) in cluster.rows(database, f"""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i
                WHERE i.indrelid = '{table}'::regclass AND (i.indisunique OR i.indisprimary)"""):
            inside = definition[definition.index("(") + 1:definition.rindex(")")]
            # lower(email): unique whatever the case, as SQLite's COLLATE NOCASE.
            inside = re.sub(r"lower\((\w+)\)", r"\1", inside)
            unique.add(tuple(part.strip() for part in inside.split(",")))
        (checks,), = cluster.rows(database, f"""
            SELECT count(*) FROM pg_constraint
            WHERE conrelid = '{table}'::regclass AND contype = 'c'""")
        schema["tables"][table] = {"columns": columns, "foreign": foreign,
                                   "unique": unique, "checks": int(checks)}
    constraint_indexes = {r[0] for r in cluster.rows(database,
        "SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u')")}
    schema["indexes"] = {r[0] for r in cluster.rows(database,
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")} - constraint_indexes
    schema["triggers"] = {tuple(r) for r in cluster.rows(database,
        "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return schema


def compare(lite, pg):
    differences = []
    for table in sorted(set(lite["tables"]) | set(pg["tables"])):
        a, b = lite["tables"].get(table), pg["tables"].get(table)
        if a is None or b is None:
            differences.append(f"Tabelle {table}: nur in {'PostgreSQL' if a is None else 'SQLite'}")
            continue
        names_a = [c[0] for c in a["columns"]]
        names_b = [c[0] for c in b["columns"]]
        if names_a != names_b:
            differences.append(f"{table}: Spalten {names_a} ≠ {names_b}")
        for ca, cb in zip(a["columns"], b["columns"]):
            if ca[0] != cb[0]:
                continue
            same_type = (ca[1] == cb[1] or cb[1] in TYPES.get(ca[1], set())
                         or OTHER_TYPES.get((table, ca[0])) == cb[1])
            if not same_type or ca[2:] != cb[2:]:
                differences.append(f"{table}.{ca[0]}: SQLite (Typ, NOT NULL, Vorgabe, Schlüssel) "
                                   f"{ca[1:]} ≠ PostgreSQL {cb[1:]}")
        for key in ("foreign", "unique", "checks"):
            if a[key] != b[key]:
                differences.append(f"{table}: {key} SQLite {a[key]} ≠ PostgreSQL {b[key]}")
    for key in ("indexes", "triggers"):
        only_lite = lite[key] - pg[key]
        only_pg = pg[key] - lite[key]
        only_pg -= ONLY_POSTGRES_TRIGGERS if key == "triggers" else ONLY_POSTGRES_INDEXES
        if only_lite or only_pg:
            differences.append(f"{key}: nur SQLite {sorted(only_lite)}, nur PostgreSQL {sorted(only_pg)}")
    return differences


SEALED = ("INSERT INTO history_entry (change_set, recorded_at, actor_name, organisation, entity, "
          "entity_id, field, old_value, new_value, commit_actor, commit_organisation, commit_old, "
          "commit_new, commit_comment, chain_hash) VALUES (1, '2026-12-02T10:00:00.000Z', 'A', "
          "'O', 'milestone', 1, 'title', 'alt', 'neu', 'c', 'c', 'c', 'c', 'c', 'h')")
PROTECTION = [
    ("ein versiegelter Eintrag", SEALED, True),
    ("ein Eintrag ohne Siegel", SEALED.replace(", 'h')", ", NULL)"), False),
    ("ein Wert ändern", "UPDATE history_entry SET new_value = 'anders'", False),
    ("die Kette ändern", "UPDATE history_entry SET chain_hash = 'x'", False),
    ("einen Eintrag löschen", "DELETE FROM history_entry", False),
    ("die Schwärzung als Eintrag", SEALED.replace("1, 'title'", "1, 'redaction'")
     .replace("(1, '2026", "(2, '2026"), True),
    ("die Schwärzung", "INSERT INTO redaction (change_set, recorded_at, entity, entity_id, field, "
     "reason, replacement) VALUES (2, '2026-12-02T11:00:00.000Z', 'milestone', 1, 'title', "
     "'Name einer Person', '[entfernt]')", True),
    ("mit der Schwärzung auch das Siegel ändern",
     "UPDATE history_entry SET new_value = '[entfernt]', salt_new = NULL, commit_new = 'x', "
     "redaction_id = (SELECT max(id) FROM redaction) WHERE change_set = 1", False),
    ("mit der Schwärzung einen anderen Text einsetzen",
     "UPDATE history_entry SET new_value = 'erfunden', salt_new = NULL, "
     "redaction_id = (SELECT max(id) FROM redaction) WHERE change_set = 1", False),
    ("eine erfasste Schwärzung",
     "UPDATE history_entry SET new_value = '[entfernt]', salt_new = NULL, "
     "redaction_id = (SELECT max(id) FROM redaction) WHERE change_set = 1", True),
    ("den Beginn der Kette ändern", "UPDATE history_chain_start SET sealed_through = 9", False),
]


def protection(sqlite_db, cluster, database):
    differences = []
    for what, sql, allowed in PROTECTION:
        try:
            sqlite_db.execute(sql)
            sqlite_db.commit()
            lite = True
        except sqlite3.DatabaseError:
            sqlite_db.rollback()
            lite = False
        pg = cluster.psql(database, sql, check=False).returncode == 0
        if lite != allowed or pg != allowed:
            differences.append(f"Historie, {what}: erwartet {'erlaubt' if allowed else 'abgelehnt'}, "
                               f"SQLite {'erlaubt' if lite else 'abgelehnt'}, "
                               f"PostgreSQL {'erlaubt' if pg else 'abgelehnt'}")
    return differences


def main():
    keep = "--keep" in sys.argv[1:]
    started = time.monotonic()
    cluster = Cluster(keep=keep)
    try:
        cluster.psql("postgres", "CREATE DATABASE schema_check")
        with tempfile.TemporaryDirectory() as scratch:
            sqlite_db, lite = sqlite_schema(os.path.join(scratch, "schema.sqlite"))
            pg = postgres_schema(cluster, "schema_check")
            differences = compare(lite, pg) + protection(sqlite_db, cluster, "schema_check")
            sqlite_db.close()
    finally:
        cluster.stop()
    tables = len(lite["tables"])
    columns = sum(len(t["columns"]) for t in lite["tables"].values())
    if differences:
        print(f"Die Schemata weichen ab ({len(differences)}):")
        for difference in differences:
            print(f"  - {difference}")
        return 1
    print(f"SQLite und PostgreSQL gleich: {tables} Tabellen, {columns} Spalten, "
          f"{len(lite['indexes'])} Indizes, {len(lite['triggers'])} Trigger, "
          f"Schutz der Historie ({len(PROTECTION)} Fälle) – {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
