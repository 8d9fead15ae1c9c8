//! `umsetzungsmonitor generate`: a synthetic plan whose history leads to exactly the
//! plan's state, through the app's own write functions.

use crate::common;

use std::collections::HashMap;

use axum::http::StatusCode;
use common::{empty_database, today, TestApp};
use umsetzungsmonitor::plan::{repo, synthetic};
use umsetzungsmonitor::runtime::clock::Clock;
use umsetzungsmonitor::server::generate::{generate, Spec, PLAN_SLUG};

#[tokio::test]
async fn generated_history_ends_in_the_synthetic_plan_and_the_pages_show_it() {
    let (pool, dir) = empty_database().await;
    let spec = Spec {
        packages: 3,
        milestones_per_package: 30,
        history: 3_000,
        seed: 5,
        plans: 1,
    };
    let clock = Clock::fixed(today());
    let summary = generate(&pool, &clock, spec).await.unwrap();
    assert_eq!(summary.packages, 3);
    assert_eq!(summary.milestones, 90);
    assert!(
        (3_000..3_004).contains(&summary.history_entries),
        "{summary}"
    );
    assert!(summary.status_updates > 100, "{summary}");

    // The stored milestones are the synthetic plan, reached through the history.
    let (_, expected) = synthetic::plan(3, 30, today(), 5);
    let expected: HashMap<_, _> = expected
        .into_iter()
        .map(|m| (m.title.clone(), m.schedule))
        .collect();
    let (plan_id, plan) = repo::find_plan(&pool, Some(PLAN_SLUG))
        .await
        .unwrap()
        .unwrap();
    assert!(plan.is_example, "generated data is marked as not real");
    let stored = repo::milestones(&pool, plan_id, false).await.unwrap();
    assert_eq!(stored.len(), expected.len());
    for milestone in &stored {
        assert_eq!(
            Some(&milestone.schedule),
            expected.get(&milestone.title),
            "{}",
            milestone.title
        );
    }

    // History in time order, never after today, and re-baselinings with a reason.
    let out_of_order: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM history_entry a JOIN history_entry b ON b.change_set = a.change_set + 1 \
         WHERE b.recorded_at < a.recorded_at",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(out_of_order, 0);
    let latest: String = sqlx::query_scalar("SELECT max(recorded_at) FROM history_entry")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(latest.as_str() < "2026-11-22", "{latest}");
    let rebaselined: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM history_entry WHERE field = 'demanded_on' AND old_value IS NOT NULL \
         AND comment <> ''",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(rebaselined >= 3, "{rebaselined}");

    // Only into an empty database.
    let again = generate(&pool, &clock, spec).await.unwrap_err();
    assert!(again.to_string().contains("leere Datenbank"), "{again}");

    let app = TestApp::on(pool, dir, None);
    let (status, home) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Synthetischer Maßnahmenplan"));
    let (status, _) = app.get("/synthetisch/pakete/3").await;
    assert_eq!(status, StatusCode::OK);
    let (status, changes) = app.get("/synthetisch/aenderungen").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        changes.contains("Synthetische"),
        "authors' organisations are shown"
    );
}

/// `--plans 3`: three plans of the same size, each with its own data and history.
#[tokio::test]
async fn several_plans_each_get_their_own_data_and_history() {
    let (pool, dir) = empty_database().await;
    let spec = Spec {
        packages: 2,
        milestones_per_package: 10,
        history: 300,
        seed: 11,
        plans: 3,
    };
    let summary = generate(&pool, &Clock::fixed(today()), spec).await.unwrap();
    assert_eq!(summary.milestones, 60, "{summary}");
    let per_plan: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT plan.slug, \
           (SELECT count(*) FROM milestone m JOIN measure_package p ON p.id = m.package_id \
            WHERE p.plan_id = plan.id), \
           (SELECT count(*) FROM history_entry h WHERE h.plan_id = plan.id) \
         FROM plan ORDER BY plan.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let slugs: Vec<&str> = per_plan.iter().map(|(s, _, _)| s.as_str()).collect();
    assert_eq!(slugs, ["synthetisch", "synthetisch-2", "synthetisch-3"]);
    for (slug, milestones, history) in &per_plan {
        assert_eq!(*milestones, 20, "{slug}");
        assert!((300..304).contains(history), "{slug}: {history}");
    }
    // Each plan ends in its own synthetic plan (seed 11, 12, 13).
    for (number, seed) in [(2, 12), (3, 13)] {
        let slug = umsetzungsmonitor::server::generate::plan_slug(number);
        let (plan_id, _) = repo::find_plan(&pool, Some(&slug)).await.unwrap().unwrap();
        let (_, expected) = synthetic::plan(2, 10, today(), seed);
        let mut expected: Vec<_> = expected
            .into_iter()
            .map(|m| (m.title, m.schedule))
            .collect();
        let mut stored: Vec<_> = repo::milestones(&pool, plan_id, false)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.title, m.schedule))
            .collect();
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        stored.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(stored, expected, "{slug}");
    }
    let app = TestApp::on(pool, dir, None);
    let (_, home) = app.get("/").await;
    assert!(
        home.contains("Synthetischer Maßnahmenplan 3"),
        "the list of plans"
    );
    let (status, _) = app.get("/synthetisch-3/aenderungen").await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_large_plan_keeps_its_pages_small_and_its_charts_as_files() {
    let (pool, dir) = empty_database().await;
    let spec = Spec {
        packages: 2,
        milestones_per_package: 160,
        history: 400,
        seed: 7,
        plans: 1,
    };
    generate(&pool, &Clock::fixed(today()), spec).await.unwrap();
    let app = TestApp::on(pool, dir, None);
    let rows = |html: &str| html.matches("<tr").count() - 1; // minus the header row

    // 320 milestones: the schedule is a file and a list of packages, no table inline.
    let (status, schedule) = app.get("/synthetisch/zeitplan").await;
    assert_eq!(status, StatusCode::OK);
    let main = common::main_of(&schedule);
    assert!(
        main.contains(r#"<img src="/synthetisch/grafik/zeitplan.svg""#),
        "{main}"
    );
    assert!(!main.contains("<svg"), "no chart inline");
    assert!(!main.contains("<table"), "no tables inline");
    assert!(main.contains(r#"href="/synthetisch/pakete/2""#));
    assert!(main.contains("160 Meilensteine"), "{main}");
    assert!(schedule.len() < 40_000, "{} bytes", schedule.len());

    // 160 milestones in a package: 50 per page, the timeline as a file.
    let (status, first) = app.get("/synthetisch/pakete/1").await;
    assert_eq!(status, StatusCode::OK);
    let table = first
        .split("milestones\">")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(rows(table), 50);
    assert!(first.contains(r#"<img src="/synthetisch/grafik/pakete/1.svg""#));
    assert!(first.contains("/synthetisch/pakete/1?meilensteine=2#meilensteine-titel"));
    assert!(first.contains("Seite 1 von 4"));
    assert!(first.len() < 150_000, "{} bytes", first.len());
    let (_, last) = app.get("/synthetisch/pakete/1?meilensteine=4").await;
    let table = last
        .split("milestones\">")
        .nth(1)
        .unwrap()
        .split("</table>")
        .next()
        .unwrap();
    assert_eq!(rows(table), 10);
    assert!(last.contains("/synthetisch/pakete/1?meilensteine=3#meilensteine-titel"));
    // A page past the end shows the last one.
    let (status, beyond) = app.get("/synthetisch/pakete/1?meilensteine=99").await;
    assert_eq!(status, StatusCode::OK);
    assert!(beyond.contains("Seite 4 von 4"));
    // The chart files themselves are there.
    let (status, _) = app.get("/synthetisch/grafik/pakete/1.svg").await;
    assert_eq!(status, StatusCode::OK);

    // The meeting page: more than 200 open milestones go one package at a time. (Reopened
    // here behind the app's back: the generated plan has half of them done.)
    sqlx::query("UPDATE milestone SET status = 'offen', completed_on = NULL")
        .execute(&app.pool)
        .await
        .unwrap();
    let open: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT p.number, count(*) FROM milestone m JOIN measure_package p ON p.id = m.package_id \
         WHERE m.status IN ('offen', 'in_arbeit') GROUP BY p.number ORDER BY p.number",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(open.iter().map(|(_, n)| n).sum::<i64>() > 200, "{open:?}");
    let member = app
        .signed_in(umsetzungsmonitor::domain::access::Role::Member, "Mira")
        .await;
    let meeting = app
        .get_as("/synthetisch/bearbeiten/sitzung", Some(&member))
        .await;
    assert_eq!(meeting.status, StatusCode::OK);
    let main = common::main_of(&meeting.body);
    assert!(main.contains("zu viele für eine Tabelle"), "{main}");
    assert_eq!(
        main.matches("class=\"meeting__row").count() as i64,
        open[0].1,
        "the first package's open milestones"
    );
    assert!(
        main.contains("name=\"paket\" value=\"1\""),
        "saving returns to it"
    );
    let second = app
        .get_as("/synthetisch/bearbeiten/sitzung?paket=2", Some(&member))
        .await;
    let main = common::main_of(&second.body);
    assert!(!main.contains("zu viele für eine Tabelle"));
    assert_eq!(
        main.matches("class=\"meeting__row").count() as i64,
        open[1].1
    );
}
