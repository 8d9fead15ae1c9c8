//! The `umsetzungsmonitor` binary's command line.

use std::process::Command;

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_umsetzungsmonitor"));
    command
        .env("UMSETZUNGSMONITOR_TODAY", "2026-11-21")
        .env("RUST_LOG", "warn");
    command
}

#[test]
fn import_reports_counts_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let run = || {
        binary()
            .env("DATABASE_URL", &db)
            .args(["import", "catalogue/beispiel-potsdam.toml"])
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let out = String::from_utf8(first.stdout).unwrap();
    assert!(out.contains("Maßnahmenpakete: 13 neu"), "{out}");
    assert!(out.contains("Meilensteine: 43 neu"), "{out}");
    let second = run();
    let out = String::from_utf8(second.stdout).unwrap();
    assert!(
        out.contains("Meilensteine: 0 neu, 0 geändert, 43 unverändert"),
        "{out}"
    );
}

#[test]
fn import_of_a_broken_file_fails_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kaputt.toml");
    std::fs::write(
        &file,
        "[plan]\nkennung = \"x\"\ntitel = \"X\"\ntraeger = \"Y\"\n\n[[paket]]\nnummer = 1\ntitel = \"P\"\n\n[[paket.meilenstein]]\nkennung = \"1.1\"\ntitel = \"M\"\nsoll = \"32.01.2021\"\n",
    )
    .unwrap();
    let output = binary()
        .env("DATABASE_URL", dir.path().join("cli.sqlite"))
        .arg("import")
        .arg(&file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("kaputt.toml, Zeile 13"), "{err}");
    assert!(err.contains("Feld „soll“"), "{err}");
    assert!(err.contains("32.01.2021"), "{err}");
}

#[test]
fn import_of_a_missing_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let output = binary()
        .env("DATABASE_URL", dir.path().join("cli.sqlite"))
        .args(["import", "gibt-es-nicht.toml"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.contains("gibt-es-nicht.toml: Datei lässt sich nicht lesen"),
        "{err}"
    );
}

#[test]
fn backup_and_restore_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let copy = dir.path().join("sicherung.sqlite");
    let run = |args: &[&std::ffi::OsStr], database: &std::path::Path| {
        binary()
            .env("DATABASE_URL", database)
            .args(args)
            .output()
            .unwrap()
    };
    let imported = run(
        &[
            "import".as_ref(),
            "catalogue/beispiel-potsdam.toml".as_ref(),
        ],
        &db,
    );
    assert!(imported.status.success());
    let backup = run(&["backup".as_ref(), copy.as_os_str()], &db);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let out = String::from_utf8(backup.stdout).unwrap();
    assert!(out.contains("milestone: 43"), "{out}");
    // A second backup to the same file is refused: nothing is overwritten.
    let again = run(&["backup".as_ref(), copy.as_os_str()], &db);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("gibt es schon"));

    let restored = dir.path().join("neu.sqlite");
    let restore = run(&["restore".as_ref(), copy.as_os_str()], &restored);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    let out = String::from_utf8(restore.stdout).unwrap();
    assert!(out.contains("wiederhergestellt"), "{out}");
    assert!(out.contains("measure_package: 13"), "{out}");

    // The restore kept the chain: the same heads as the original, checked at once.
    let verified = run(&["verify".as_ref()], &db);
    assert!(verified.status.success());
    let heads: Vec<String> = String::from_utf8(verified.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| line.split_once("Stand ").map(|(_, d)| d.to_owned()))
        .collect();
    assert!(!heads.is_empty());
    for head in &heads {
        assert!(out.contains(&format!("Stand {head}")), "{head} in {out}");
    }

    // A backup whose history was rewritten is restored (the file is replaced) but the
    // command fails and says where the chain breaks: the server would not start on it.
    let tampered = dir.path().join("manipuliert.sqlite");
    std::fs::copy(&copy, &tampered).unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            use sqlx::ConnectOptions;
            let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(&tampered)
                .connect()
                .await
                .unwrap();
            for sql in [
                "DROP TRIGGER history_entry_is_append_only_update",
                "UPDATE history_entry SET new_value = 'umgeschrieben' \
                 WHERE id = (SELECT max(id) FROM history_entry WHERE new_value IS NOT NULL)",
            ] {
                sqlx::query(sql).execute(&mut conn).await.unwrap();
            }
        });
    let elsewhere = dir.path().join("noch-einmal.sqlite");
    let refused = run(&["restore".as_ref(), tampered.as_os_str()], &elsewhere);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("Die wiederhergestellte Historie ist gebrochen"),
        "{said}"
    );
    assert!(said.contains("Änderung "), "{said}");
}

#[test]
fn import_refuses_a_moved_demanded_date_without_reason_and_takes_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cli.sqlite");
    let moved = dir.path().join("verschoben.toml");
    let example = std::fs::read_to_string("catalogue/beispiel-potsdam.toml").unwrap();
    std::fs::write(
        &moved,
        example.replacen("soll = 2024-12-31", "soll = 2025-06-30", 1),
    )
    .unwrap();
    let run = |args: &[&str]| {
        binary()
            .env("DATABASE_URL", &db)
            .arg("import")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["catalogue/beispiel-potsdam.toml"]).status.success());
    let refused = run(&[moved.to_str().unwrap()]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("--begruendung"), "{err}");
    let dry = run(&[
        moved.to_str().unwrap(),
        "--probelauf",
        "--begruendung",
        "Neuer Beschluss",
    ]);
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(
        out.starts_with(&format!("{}: Probelauf", moved.display())),
        "{out}"
    );
    assert!(
        out.contains("Feld „demanded_on“: „2024-12-31“ → „2025-06-30“: übernommen"),
        "{out}"
    );
    let done = run(&[moved.to_str().unwrap(), "--begruendung", "Neuer Beschluss"]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let out = String::from_utf8_lossy(&done.stdout);
    assert!(out.contains("Meilensteine: 0 neu, 1 geändert"), "{out}");
}
