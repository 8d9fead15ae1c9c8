//! The history's hash chain (issue 21): an untouched history verifies, a published digest
//! stays a prefix of later saves, and every change past the app is found and named.

use axum::http::StatusCode;
use std::process::Command;

use crate::common::endpoints::{milestone_id, save_title};
use crate::common::{drop_history_trigger, TestApp, SLUG};
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::domain::chain::{against, Against, BreakKind, Digest256, Side};
use umsetzungsmonitor::history::chain::{self, Findings};

async fn plan_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM plan WHERE slug = $1")
        .bind(SLUG)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Three saves of milestone 1.4 by a member; returns the change sets they made.
async fn three_saves(app: &TestApp) -> Vec<i64> {
    let ada = app.signed_in(Role::Member, "Ada").await;
    let mut sets = Vec::new();
    for title in ["Erste Fassung", "Zweite Fassung", "Dritte Fassung"] {
        save_title(app, &ada, "1.4", title).await;
        sets.push(
            sqlx::query_scalar("SELECT max(change_set) FROM history_entry")
                .fetch_one(&app.pool)
                .await
                .unwrap(),
        );
    }
    sets
}

async fn findings(app: &TestApp) -> Findings {
    chain::verify(&app.pool).await.unwrap()
}

/// Runs SQL as someone with the file would (sqlite3): without the append-only triggers.
async fn behind_the_apps_back(app: &TestApp, sql: &str) {
    for trigger in [
        "history_entry_is_append_only_update",
        "history_entry_is_append_only_delete",
    ] {
        drop_history_trigger(&app.pool, trigger).await;
    }
    sqlx::query(sql).execute(&app.pool).await.unwrap();
}

fn verify_command(app: &TestApp, against: Option<&str>) -> (bool, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_umsetzungsmonitor"));
    command
        .env("RUST_LOG", "warn")
        .arg("--database")
        .arg(app.database_url())
        .arg("verify");
    if let Some(against) = against {
        command.args(["--gegen", against]);
    }
    run(&mut command)
}

/// Runs `command`: whether it succeeded, and what it said on stdout and stderr.
fn run(command: &mut Command) -> (bool, String) {
    let output = command.output().expect("the command runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn an_untouched_history_verifies_and_extends_what_was_published_before() {
    let app = TestApp::with_example().await;
    let plan = plan_id(&app).await;
    let published = chain::head(&app.pool, plan, None).await.unwrap().unwrap();
    let sets = three_saves(&app).await;

    let found = findings(&app).await;
    assert!(found.is_intact(), "{:?} {:?}", found.breaks, found.records);
    let verified = found.chain(plan).expect("the plan's chain verified");
    assert_eq!(verified.head.change_set, sets[2]);
    assert_eq!(
        Some(&verified.head),
        chain::head(&app.pool, plan, None).await.unwrap().as_ref()
    );
    let old = Digest256::parse(&published.digest()).unwrap();
    assert_eq!(against(&verified.ends, &old), Against::Extends);

    // The command line says the same, given the digest or a file holding it.
    let (ok, said) = verify_command(&app, Some(&published.digest()));
    assert!(ok, "{said}");
    assert!(said.contains("ist enthalten"), "{said}");
    assert!(said.contains("Die Historie ist unverändert."), "{said}");
    let file = app.dir.path().join("alter-bericht.csv");
    std::fs::write(
        &file,
        format!("…;Stand der Historie\n…;{}\n", published.digest()),
    )
    .unwrap();
    let (ok, said) = verify_command(&app, Some(file.to_str().unwrap()));
    assert!(ok, "{said}");
    // A digest that was never published is not extended.
    let forged = format!("{}:{}", published.change_set, "ab".repeat(32));
    let (ok, said) = verify_command(&app, Some(&forged));
    assert!(!ok, "{said}");
    assert!(
        said.contains(&format!("Änderung {}", published.change_set)),
        "{said}"
    );
}

#[tokio::test]
async fn a_rewritten_value_is_found_at_its_change_set() {
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    behind_the_apps_back(
        &app,
        &format!(
            "UPDATE history_entry SET new_value = 'Geschönte Fassung' \
             WHERE change_set = {} AND field = 'title'",
            sets[1]
        ),
    )
    .await;
    let found = findings(&app).await;
    let broken = found.breaks.first().expect("found");
    assert_eq!(broken.change_set, sets[1]);
    assert_eq!(broken.kind, BreakKind::ValueChanged(Side::New));
    let (ok, said) = verify_command(&app, None);
    assert!(!ok);
    assert!(said.contains(&format!("Änderung {}", sets[1])), "{said}");
}

#[tokio::test]
async fn a_rewritten_value_with_a_fresh_commitment_breaks_the_chain() {
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    // Whoever rewrites a value and its commitment still cannot make the hash fit.
    behind_the_apps_back(
        &app,
        &format!(
            "UPDATE history_entry SET new_value = 'X', salt_new = 's', \
             commit_new = '{}' WHERE change_set = {} AND field = 'title'",
            umsetzungsmonitor::domain::chain::commitment("s", "X"),
            sets[1]
        ),
    )
    .await;
    let broken = findings(&app).await.breaks.first().cloned().expect("found");
    assert_eq!(
        (broken.change_set, broken.kind),
        (sets[1], BreakKind::HashDiffers)
    );
}

#[tokio::test]
async fn a_deleted_change_set_is_found_where_the_chain_resumes() {
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    behind_the_apps_back(
        &app,
        &format!("DELETE FROM history_entry WHERE change_set = {}", sets[1]),
    )
    .await;
    let found = findings(&app).await;
    let broken = found.breaks.first().expect("found");
    assert_eq!(
        (broken.change_set, &broken.kind),
        (sets[2], &BreakKind::HashDiffers)
    );
}

#[tokio::test]
async fn reordered_change_sets_are_found() {
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    behind_the_apps_back(
        &app,
        &format!(
            "UPDATE history_entry SET change_set = CASE change_set WHEN {a} THEN {b} ELSE {a} END \
             WHERE change_set IN ({a}, {b})",
            a = sets[0],
            b = sets[1]
        ),
    )
    .await;
    let broken = findings(&app).await.breaks.first().cloned().expect("found");
    assert_eq!(broken.change_set, sets[0]);
    assert_eq!(broken.kind, BreakKind::HashDiffers);
}

#[tokio::test]
async fn a_milestone_edited_past_the_app_is_found_and_named() {
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    let id = milestone_id(&app, "1.4").await;
    sqlx::query("UPDATE milestone SET title = 'Still und leise geändert' WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let found = findings(&app).await;
    assert!(found.breaks.is_empty(), "the history itself is untouched");
    assert_eq!(found.records.len(), 1, "{:?}", found.records);
    let record = &found.records[0];
    assert_eq!(
        (record.entity, record.entity_id, record.field),
        ("milestone", id, "title")
    );
    assert_eq!(record.change_set, sets[2]);
    let (ok, said) = verify_command(&app, None);
    assert!(!ok);
    assert!(
        said.contains(&format!("milestone {id}, Feld „title“")),
        "{said}"
    );
}

#[tokio::test]
async fn the_server_refuses_to_start_on_a_broken_chain_unless_told_to() {
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    behind_the_apps_back(
        &app,
        &format!("DELETE FROM history_entry WHERE change_set = {}", sets[0]),
    )
    .await;
    app.pool.close().await;
    let output = Command::new(env!("CARGO_BIN_EXE_umsetzungsmonitor"))
        .env("RUST_LOG", "warn")
        .env("PORT", "0")
        .arg("--database")
        .arg(app.database_url())
        .arg("serve")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("Hash-Kette der Historie ist gebrochen"),
        "{err}"
    );
    assert!(err.contains(&format!("Änderung {}", sets[1])), "{err}");
}

#[tokio::test]
async fn internal_values_are_committed_with_their_own_salts() {
    let app = TestApp::with_example().await;
    three_saves(&app).await;
    // Every value has its own salt: knowing a public value's salt tells nothing of a name.
    let (actor, organisation, note): (String, String, String) = sqlx::query_as(
        "SELECT salt_actor, salt_organisation, salt_new FROM history_entry \
         WHERE field = 'internal_note' ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_ne!(actor, organisation);
    assert_ne!(actor, note);
    // And the database refuses an entry that is not sealed.
    let unsealed = sqlx::query(
        "INSERT INTO history_entry (change_set, recorded_at, actor_name, organisation, entity, \
         entity_id, field, new_value) VALUES (999, '2026-11-21T10:00:00Z', 'x', 'y', 'plan', 1, 'title', 'z')",
    )
    .execute(&app.pool)
    .await;
    assert!(unsealed.is_err());
}

#[tokio::test]
async fn a_history_from_before_the_chain_is_sealed_once_in_order_and_then_continued() {
    use sqlx::migrate::Migrator;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("alt.sqlite");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    // The database as the version before the chain left it, with two saves.
    {
        let all = sqlx::migrate!();
        let before: Vec<_> = all
            .migrations
            .iter()
            .filter(|m| m.version < 20261207000000)
            .cloned()
            .collect();
        let old = Migrator {
            migrations: std::borrow::Cow::Owned(before),
            ..Migrator::DEFAULT
        };
        // Opened, not migrated (the old migrations run below).
        let pool = umsetzungsmonitor::runtime::db::open(&url, 1).await.unwrap();
        old.run(&pool).await.unwrap();
        for (set, name) in [(1, "Erste"), (2, "Zweite")] {
            sqlx::query(
                "INSERT INTO history_entry (change_set, recorded_at, actor_name, organisation, \
                 entity, entity_id, field, new_value, visibility) \
                 VALUES ($1, '2026-11-20T10:00:00Z', 'Kommandozeile', 'Betrieb', 'account', 1, \
                 'display_name', $2, 'admin')",
            )
            .bind(set)
            .bind(name)
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;
    }
    let pool = umsetzungsmonitor::server::verify::open(file.to_str().unwrap())
        .await
        .unwrap();
    let found = chain::verify(&pool).await.unwrap();
    assert!(found.is_intact(), "{:?}", found.breaks);
    let sealed = found.chain(0).expect("the accounts' chain");
    assert_eq!((sealed.entries, sealed.head.change_set), (2, 2));
    // Opening again seals nothing more and changes nothing.
    let head = sealed.head.clone();
    pool.close().await;
    let pool = umsetzungsmonitor::server::verify::open(file.to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(
        chain::head(&pool, 0, None).await.unwrap(),
        Some(head.clone())
    );
    // An unsealed entry written afterwards is not sealed by the next opening: it is a break.
    sqlx::query("DROP TRIGGER history_entry_is_sealed")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO history_entry (change_set, recorded_at, actor_name, organisation, entity, \
         entity_id, field, new_value, visibility) \
         VALUES (3, '2026-11-21T10:00:00Z', 'x', 'y', 'account', 1, 'display_name', 'z', 'admin')",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let pool = umsetzungsmonitor::server::verify::open(file.to_str().unwrap())
        .await
        .unwrap();
    let broken = chain::verify(&pool).await.unwrap().breaks;
    assert_eq!(
        broken.first().map(|b| (b.change_set, b.kind.clone())),
        Some((3, BreakKind::Unsealed))
    );
}

/// Every page of the plan's `historie.json`, `per_page` entries each, saved as files (as a
/// reader would keep them).
async fn history_pages(app: &TestApp, per_page: u32) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for page in 1.. {
        let (status, body) = app
            .get(&format!(
                "/{SLUG}/api/v1/historie.json?seite={page}&je_seite={per_page}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let file = app.dir.path().join(format!("historie-{page}.json"));
        std::fs::write(&file, &body).unwrap();
        files.push(file);
        let document: serde_json::Value = serde_json::from_str(&body).unwrap();
        if document["next"].is_null() {
            break;
        }
    }
    files
}

/// Runs the independent verifier (`docs/historie_pruefen.py`) on `files`.
fn python_verifier(files: &[std::path::PathBuf], args: &[&str]) -> (bool, String) {
    run(Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/docs/historie_pruefen.py"
        ))
        .args(args)
        .args(files))
}

#[tokio::test]
async fn the_independent_verifier_recomputes_the_published_history_and_its_digests() {
    let app = TestApp::with_example().await;
    let plan = plan_id(&app).await;
    let published = chain::head(&app.pool, plan, None).await.unwrap().unwrap();
    let sets = three_saves(&app).await;
    let head = chain::head(&app.pool, plan, None).await.unwrap().unwrap();

    let files = history_pages(&app, 100).await;
    assert!(files.len() >= 3, "several pages: {}", files.len());
    let (ok, said) = python_verifier(&files, &["--stand", &published.digest()]);
    assert!(ok, "{said}");
    assert!(said.contains(&format!("Stand {}", head.digest())), "{said}");
    assert!(said.contains("ist enthalten"), "{said}");
    // A later page alone verifies from the hash it names.
    let (ok, said) = python_verifier(&files[1..2], &[]);
    assert!(ok, "{said}");
    // A digest that was never published is refused, naming its change set.
    let forged = format!("{}:{}", sets[0], "ab".repeat(32));
    let (ok, said) = python_verifier(&files, &["--stand", &forged]);
    assert!(!ok, "{said}");
    assert!(
        said.contains(&format!("weicht ab bei Änderung {}", sets[0])),
        "{said}"
    );
    // Pages out of step do not chain.
    let (ok, said) = python_verifier(&[files[0].clone(), files[2].clone()], &[]);
    assert!(!ok, "{said}");

    // Names and internal values appear only as commitments.
    let secrets: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT actor_name FROM history_entry WHERE plan_id = $1 \
         UNION SELECT DISTINCT new_value FROM history_entry \
         WHERE plan_id = $1 AND field = 'internal_note' AND new_value IS NOT NULL",
    )
    .bind(plan)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(secrets
        .iter()
        .any(|(s,)| s == "Nur intern: Rückruf bei Frau M. ausstehend."));
    let mut all = String::new();
    for file in &files {
        all.push_str(&std::fs::read_to_string(file).unwrap());
    }
    for (secret,) in &secrets {
        assert!(
            !all.contains(&serde_json::to_string(secret).unwrap()),
            "{secret} is public"
        );
    }
    let (ok, said) = python_verifier(&files, &[]);
    assert!(ok, "{said}");
}

#[tokio::test]
async fn the_independent_verifier_names_the_change_set_of_every_tampering() {
    // What someone with the file does (SQL from the three saves' change sets), and which
    // of the three the verifier must name.
    type Tampering = (&'static str, fn(&[i64]) -> String, usize);
    let tamperings: [Tampering; 4] = [
        (
            "rewritten value",
            |s| {
                format!(
                    "UPDATE history_entry SET new_value = 'Geschönt' \
                     WHERE change_set = {} AND field = 'title'",
                    s[1]
                )
            },
            1,
        ),
        (
            "rewritten value and commitment",
            |s| {
                format!(
                    "UPDATE history_entry SET new_value = 'X', salt_new = 's', commit_new = '{}' \
                     WHERE change_set = {} AND field = 'title'",
                    umsetzungsmonitor::domain::chain::commitment("s", "X"),
                    s[1]
                )
            },
            1,
        ),
        (
            "deleted change set",
            |s| format!("DELETE FROM history_entry WHERE change_set = {}", s[1]),
            2,
        ),
        (
            "reordered change sets",
            |s| {
                format!(
                    "UPDATE history_entry SET change_set = CASE change_set WHEN {a} THEN {b} \
                     ELSE {a} END WHERE change_set IN ({a}, {b})",
                    a = s[0],
                    b = s[1]
                )
            },
            0,
        ),
    ];
    for (what, sql, named) in tamperings {
        let app = TestApp::with_example().await;
        let sets = three_saves(&app).await;
        behind_the_apps_back(&app, &sql(&sets)).await;
        let files = history_pages(&app, 500).await;
        let (ok, said) = python_verifier(&files, &[]);
        assert!(!ok, "{what}: {said}");
        assert!(
            said.contains(&format!("GEBROCHEN bei Änderung {}", sets[named])),
            "{what}: {said}"
        );
    }

    // A milestone edited past the app: plan.json no longer says what the history says.
    let app = TestApp::with_example().await;
    let sets = three_saves(&app).await;
    let id = milestone_id(&app, "1.4").await;
    sqlx::query("UPDATE milestone SET title = 'Still und leise geändert' WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let files = history_pages(&app, 500).await;
    let (status, plan_json) = app.get(&format!("/{SLUG}/api/v1/plan.json")).await;
    assert_eq!(status, StatusCode::OK);
    let plan_file = app.dir.path().join("plan.json");
    std::fs::write(&plan_file, plan_json).unwrap();
    let (ok, said) = python_verifier(&files, &["--plan", plan_file.to_str().unwrap()]);
    assert!(!ok, "{said}");
    assert!(
        said.contains(&format!(
            "Meilenstein {id}, Feld „title“: plan.json weicht vom letzten Eintrag der Historie ab (Änderung {})",
            sets[2]
        )),
        "{said}"
    );
}
