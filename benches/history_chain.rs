//! What the history's hash chain costs (issue 21): hashing one entry, sealing it in a
//! save (the lookup of the chain's last hash included), a whole save of ten fields, and
//! checking the whole chain as every start and `verify` do, on the large data set
//! (13 packages × 200 milestones, 100,000 history entries, made by `generate`).
//! Run with `cargo bench --features ssr --bench history_chain`.

mod common;

use std::time::{Duration, Instant};

use umsetzungsmonitor::domain::chain::{self, Before, Sealed};
use umsetzungsmonitor::history::chain as stored;
use umsetzungsmonitor::history::model::EntityKind;
use umsetzungsmonitor::history::repo::{Actor, ChangeSet, Entry, Scope, Visibility};
use umsetzungsmonitor::runtime::clock::Clock;
use umsetzungsmonitor::server::generate::{self, Spec};

use common::{measure, report};

/// One entry's hashing as a save does it: five commitments and the entry's hash.
fn hash_one_entry(n: usize) -> usize {
    let salt = "0123456789abcdef0123456789abcdef";
    let new = format!("2026-09-{:02}", n % 28 + 1);
    let actor = chain::commitment(salt, "Erika Mustermann");
    let organisation = chain::commitment(salt, "Potsdam! bekennt Farbe");
    let old = chain::commitment(salt, "2026-06-30");
    let new = chain::commitment(salt, &new);
    let comment = chain::commitment(salt, "Die Stelle ist erst ab September besetzt.");
    let before = Before {
        hash: chain::GENESIS.to_owned(),
        change_set: Some(41),
    };
    let hash = chain::entry_hash(
        &before,
        &Sealed {
            chain: 1,
            change_set: 42,
            recorded_at: "2026-11-21T10:05:00.000Z",
            package_id: Some(3),
            entity: "milestone",
            entity_id: 31,
            field: "forecast_on",
            visibility: "public",
            reason_category: Some("personal"),
            actor: &actor,
            organisation: &organisation,
            old: Some(&old),
            new: Some(&new),
            comment: &comment,
        },
    );
    hash.map_or(0, |h| h.len())
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("kette.sqlite").display()
    );
    let clock = Clock::fixed(chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("day"));

    let mut n = 0;
    report(
        "hash one entry (5 commitments + entry)",
        0,
        measure(Duration::from_secs(2), || {
            n += 1;
            hash_one_entry(n)
        }),
    );

    let pool = runtime
        .block_on(umsetzungsmonitor::server::verify::open(&url))
        .expect("database");
    let started = Instant::now();
    let summary = runtime
        .block_on(generate::generate(
            &pool,
            &clock,
            Spec {
                packages: 13,
                milestones_per_package: 200,
                history: 100_000,
                seed: 1,
                plans: 1,
            },
        ))
        .expect("generated");
    println!(
        "generate (every entry sealed as it is written): {summary} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (plan_id, package_id, milestone_id): (i64, i64, i64) = runtime
        .block_on(
            sqlx::query_as(
                "SELECT p.id, k.id, m.id FROM plan p JOIN measure_package k ON k.plan_id = p.id \
                 JOIN milestone m ON m.package_id = k.id ORDER BY m.id LIMIT 1",
            )
            .fetch_one(&pool),
        )
        .expect("a milestone");

    // Sealing a save's first entry inside its transaction: reading the chain's last hash
    // and the hashing (the further entries of a save follow the one before, unread).
    let mut tx = runtime.block_on(pool.begin()).expect("transaction");
    report(
        "seal a save's first entry (100,000 before it)",
        0,
        measure(Duration::from_secs(2), || {
            let seal = runtime
                .block_on(stored::seal(
                    &mut tx,
                    None,
                    &stored::Unsealed {
                        plan_id: Some(plan_id),
                        change_set: 1_000_000,
                        recorded_at: "2026-11-21T10:05:00.000Z",
                        package_id: Some(package_id),
                        entity: "milestone",
                        entity_id: milestone_id,
                        field: "forecast_on",
                        visibility: "public",
                        reason_category: None,
                        texts: [
                            Some("Erika Mustermann"),
                            Some("Potsdam! bekennt Farbe"),
                            Some("2026-06-30"),
                            Some("2026-09-30"),
                            Some("Die Stelle ist erst ab September besetzt."),
                        ],
                    },
                ))
                .expect("sealed");
            seal.chain_hash.len()
        }),
    );
    runtime.block_on(tx.rollback()).expect("rollback");

    // A whole save of ten fields: the change set, ten sealed entries, the record, the commit.
    let actor = Actor::command_line();
    report(
        "save of 10 history entries (sealed, committed)",
        0,
        measure(Duration::from_secs(3), || {
            runtime.block_on(async {
                let mut tx = pool.begin().await.expect("transaction");
                let set = ChangeSet::begin(&mut tx, actor.clone(), &clock)
                    .await
                    .expect("change set");
                for field in 0..10 {
                    set.record(
                        &mut tx,
                        Entry {
                            scope: Scope {
                                plan_id: Some(plan_id),
                                package_id: Some(package_id),
                            },
                            entity: EntityKind::Milestone,
                            entity_id: milestone_id,
                            field: ["public_note", "internal_note"][field % 2],
                            old: Some("vorher"),
                            new: Some("nachher"),
                            comment: "",
                            visibility: [Visibility::Public, Visibility::Internal][field % 2],
                        },
                    )
                    .await
                    .expect("recorded");
                }
                sqlx::query(
                    "UPDATE milestone SET public_note = 'nachher', internal_note = 'nachher' \
                     WHERE id = ?",
                )
                .bind(milestone_id)
                .execute(&mut *tx)
                .await
                .expect("the record says what its history says");
                tx.commit().await.expect("commit");
            });
            10
        }),
    );

    // What every start, `restore` and `verify` do: check every chain and record.
    report(
        "verify the whole history (≈100,000 entries)",
        0,
        measure(Duration::from_secs(10), || {
            let found = runtime.block_on(stored::verify(&pool)).expect("verified");
            assert!(found.is_intact(), "{:?}", found.breaks);
            found.chains.iter().map(|c| c.entries as usize).sum()
        }),
    );
    report(
        "seal entries from before the chain (none left)",
        0,
        measure(Duration::from_secs(1), || {
            runtime
                .block_on(stored::seal_earlier_entries(&pool))
                .expect("sealed") as usize
        }),
    );
}
