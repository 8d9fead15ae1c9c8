//! Several plans in one site (issue 18): each under its own slug, rights granted per plan,
//! the old addresses redirecting, the site's list of plans.

use axum::http::{header, StatusCode};
use umsetzungsmonitor::accounts::service;
use umsetzungsmonitor::domain::access::Role;
use umsetzungsmonitor::history::repo::Actor;

use crate::common::endpoints::{self, Endpoint, POST_ENDPOINTS};
use crate::common::{self, Session, TestApp, PLAN, SLUG};

const OTHER: &str = "zweiter-plan";

/// A second plan beside the example: two packages, three milestones.
const OTHER_CATALOGUE: &str = r#"
[plan]
kennung = "zweiter-plan"
titel = "Aktionsplan Integration (Test)"
traeger = "Stadt Zweitstadt"
beispiel = true

[[paket]]
nummer = 1
titel = "Wege ins Bleiberecht"
zusammenfassung = "Beratung zu Bleiberechtsoptionen."

[[paket.meilenstein]]
kennung = "z1.1"
titel = "Beratungsstelle eröffnet"
soll = 2025-06-30
status = "offen"

[[paket.meilenstein]]
kennung = "z1.2"
titel = "Zweitstadt-Konzept beschlossen"
soll = 2024-01-31
status = "erledigt"
erledigt_am = 2024-03-15

[[paket]]
nummer = 2
titel = "Sprachmittlung"

[[paket.meilenstein]]
kennung = "z2.1"
titel = "Dolmetscherpool eingerichtet"
soll = 2027-01-31
"#;

async fn two_plans() -> TestApp {
    let app = TestApp::with_example().await;
    umsetzungsmonitor::catalogue::import_text(
        &app.pool,
        "zweiter-plan.toml",
        OTHER_CATALOGUE,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
    )
    .await
    .expect("second plan imports");
    app
}

/// Saves Potsdam's milestone 2.3 under a new title through the form endpoint; must succeed.
async fn save_own_milestone(app: &TestApp, title: &str, session: &Session) {
    let own = endpoints::milestone_id(app, "2.3").await;
    let saved = app
        .post_as(
            Endpoint::SaveMilestone.path(),
            &endpoints::pairs(&endpoints::milestone_form(
                own,
                endpoints::version(app, own).await,
                title,
            )),
            Some(session),
        )
        .await;
    assert!(saved.status.is_success(), "{}", saved.body);
}

async fn plan_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM plan WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Signs in an account with `role` in plan `slug` only (for `Role::Admin`: the plan's
/// admin, not a site administrator).
async fn signed_in_to(app: &TestApp, role: Role, name: &str, slug: &str) -> Session {
    let (email, password) = app.account_in(Role::Member, name, &[slug]).await;
    if role != Role::Member {
        let account: i64 = sqlx::query_scalar("SELECT id FROM account WHERE email = $1")
            .bind(&email)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        let plan = plan_id(app, slug).await;
        assert!(service::set_plan_role(
            &app.pool,
            &Actor::command_line(),
            account,
            plan,
            Some(role)
        )
        .await
        .unwrap());
    }
    app.login(&email, &password).await
}

/// Every write, pointed at the other plan's objects (its slug, its milestones, its history).
async fn body_for_other_plan(
    app: &TestApp,
    endpoint: Endpoint,
    target_account: i64,
) -> Vec<(String, String)> {
    let mut fields = endpoint.body(app, 0, target_account).await;
    let other_milestone = endpoints::milestone_id(app, "z1.1").await;
    let other_version = endpoints::version(app, other_milestone).await;
    for (key, value) in fields.iter_mut() {
        match key.as_str() {
            "plan" => *value = OTHER.to_owned(),
            "id" if matches!(
                endpoint,
                Endpoint::SaveMilestone | Endpoint::MoveMilestone | Endpoint::ChangeDemandedDate
            ) =>
            {
                *value = other_milestone.to_string()
            }
            "version"
                if matches!(
                    endpoint,
                    Endpoint::SaveMilestone | Endpoint::ChangeDemandedDate
                ) =>
            {
                *value = other_version.to_string()
            }
            "version" if endpoint == Endpoint::SavePackageTexts => {
                let v: i64 = sqlx::query_scalar(
                    "SELECT p.version FROM measure_package p JOIN plan ON plan.id = p.plan_id \
                     WHERE plan.slug = $1 AND p.number = 1",
                )
                .bind(OTHER)
                .fetch_one(&app.pool)
                .await
                .unwrap();
                *value = v.to_string();
            }
            "eintrag" => {
                let entry: i64 = sqlx::query_scalar(
                    "SELECT h.id FROM history_entry h JOIN plan ON plan.id = h.plan_id \
                     WHERE plan.slug = $1 AND h.field = 'summary' LIMIT 1",
                )
                .bind(OTHER)
                .fetch_one(&app.pool)
                .await
                .unwrap();
                *value = entry.to_string();
            }
            _ => {}
        }
    }
    fields
}

#[tokio::test]
async fn a_working_group_of_one_plan_cannot_write_to_another() {
    let app = two_plans().await;
    let member = signed_in_to(&app, Role::Member, "Mitglied", SLUG).await;
    let administration = signed_in_to(&app, Role::Administration, "Verwaltung", SLUG).await;
    let plan_admin = signed_in_to(&app, Role::Admin, "Planadmin", SLUG).await;
    let (target_email, _) = app.account_in(Role::Member, "Ziel", &[OTHER]).await;
    let target: i64 = sqlx::query_scalar("SELECT id FROM account WHERE email = $1")
        .bind(&target_email)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    for endpoint in POST_ENDPOINTS {
        let fields = body_for_other_plan(&app, endpoint, target).await;
        for (who, session) in [
            ("member", &member),
            ("administration", &administration),
            ("plan admin", &plan_admin),
        ] {
            let history = app.count("history_entry").await;
            let milestones = app.count("milestone").await;
            let updates = app.count("status_update").await;
            let accounts = app.count("account").await;
            let answer = app
                .post_as(endpoint.path(), &endpoints::pairs(&fields), Some(session))
                .await;
            assert_eq!(
                answer.status,
                StatusCode::FORBIDDEN,
                "{endpoint:?} as {who} of the first plan on the second: {}",
                answer.body
            );
            assert_eq!(
                app.count("history_entry").await,
                history,
                "{endpoint:?} {who}"
            );
            assert_eq!(
                app.count("milestone").await,
                milestones,
                "{endpoint:?} {who}"
            );
            assert_eq!(
                app.count("status_update").await,
                updates,
                "{endpoint:?} {who}"
            );
            assert_eq!(app.count("account").await, accounts, "{endpoint:?} {who}");
        }
    }
    // The same people may work in their own plan.
    save_own_milestone(&app, "Im eigenen Plan", &member).await;
    // Pages: the other plan's editing is refused, its internal notes stay hidden.
    let page = app
        .get_as(&format!("/{OTHER}/bearbeiten/pakete/1"), Some(&member))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN, "{}", page.body);
    let page = app
        .get_as(&format!("/{OTHER}/bearbeiten"), Some(&member))
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let own_page = app
        .get_as(&format!("{PLAN}/bearbeiten/pakete/2"), Some(&member))
        .await;
    assert_eq!(own_page.status, StatusCode::OK);
    // A site administrator may write everywhere.
    let site_admin = app.signed_in(Role::Admin, "Seitenadmin").await;
    let fields = body_for_other_plan(&app, Endpoint::SaveMilestone, target).await;
    let saved = app
        .post_as(
            Endpoint::SaveMilestone.path(),
            &endpoints::pairs(&fields),
            Some(&site_admin),
        )
        .await;
    assert!(saved.status.is_success(), "{}", saved.body);
}

#[tokio::test]
async fn ids_of_one_plan_under_another_plans_address_do_not_exist() {
    let app = two_plans().await;
    let admin = app.signed_in(Role::Admin, "Admina").await;
    let other_milestone = endpoints::milestone_id(&app, "z1.1").await;
    let own_milestone = endpoints::milestone_id(&app, "2.3").await;
    for (path, expected) in [
        (
            format!("{PLAN}/bearbeiten/meilensteine/{other_milestone}"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/{OTHER}/bearbeiten/meilensteine/{own_milestone}"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/{OTHER}/bearbeiten/meilensteine/{other_milestone}"),
            StatusCode::OK,
        ),
        (format!("/{OTHER}/pakete/3"), StatusCode::NOT_FOUND),
        (format!("/{OTHER}/pakete/2"), StatusCode::OK),
        (
            format!("/{OTHER}/grafik/pakete/3.svg"),
            StatusCode::NOT_FOUND,
        ),
        ("/kein-plan/zeitplan".to_owned(), StatusCode::NOT_FOUND),
        ("/kein-plan".to_owned(), StatusCode::NOT_FOUND),
        (
            "/kein-plan/export/meilensteine.csv".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/api/bearbeiten/meilenstein?plan={SLUG}&id={other_milestone}"),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let answer = app.get_as(&path, Some(&admin)).await;
        assert_eq!(answer.status, expected, "{path}");
    }
    // A package number of the first plan posted with the second plan's slug: that plan's
    // package 12 does not exist.
    let answer = app
        .post_as(
            Endpoint::PostStatusUpdate.path(),
            &[
                ("plan", OTHER),
                ("package", "12"),
                ("occurred_on", "20.11.2026"),
                ("body", "Sitzung"),
                ("link", ""),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.body);
}

#[tokio::test]
async fn old_addresses_redirect_to_the_plans_new_ones() {
    let app = two_plans().await;
    let other_milestone = endpoints::milestone_id(&app, "z1.1").await;
    for (old, new) in [
        ("/pakete/3".to_owned(), format!("{PLAN}/pakete/3")),
        ("/zeitplan".to_owned(), format!("{PLAN}/zeitplan")),
        (
            "/aenderungen?seite=2".to_owned(),
            format!("{PLAN}/aenderungen?seite=2"),
        ),
        ("/berichte".to_owned(), format!("{PLAN}/berichte")),
        (
            "/grafik/zeitplan.svg?stand=2025-01-01".to_owned(),
            format!("{PLAN}/grafik/zeitplan.svg?stand=2025-01-01"),
        ),
        (
            "/export/meilensteine.csv".to_owned(),
            format!("{PLAN}/export/meilensteine.csv"),
        ),
        (
            "/feeds/termine.ics".to_owned(),
            format!("{PLAN}/feeds/termine.ics"),
        ),
        (
            "/feeds/aenderungen.atom".to_owned(),
            format!("{PLAN}/feeds/aenderungen.atom"),
        ),
        (
            "/api/v1/plan.json".to_owned(),
            format!("{PLAN}/api/v1/plan.json"),
        ),
        (
            "/bearbeiten/pakete/2".to_owned(),
            format!("{PLAN}/bearbeiten/pakete/2"),
        ),
        (
            format!("/bearbeiten/meilensteine/{other_milestone}"),
            format!("/{OTHER}/bearbeiten/meilensteine/{other_milestone}"),
        ),
    ] {
        let (status, headers, _) = app.download(&old, None).await;
        assert_eq!(status, StatusCode::MOVED_PERMANENTLY, "{old}");
        assert_eq!(headers[header::LOCATION], new.as_str(), "{old}");
        // The new address answers.
        let (status, _, _) = app.download(&new, None).await;
        assert!(
            status == StatusCode::OK || new.contains("/bearbeiten"),
            "{new}: {status}"
        );
    }
    let (status, headers, _) = app.download(&format!("{PLAN}/"), None).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(headers[header::LOCATION], PLAN);
    // iCal UIDs stay what they were.
    let (_, _, ics) = app
        .download(&format!("{PLAN}/feeds/termine.ics"), None)
        .await;
    let ics = String::from_utf8(ics).unwrap();
    let first = endpoints::milestone_id(&app, "2.3").await;
    assert!(
        ics.contains(&format!("UID:meilenstein-{first}@{SLUG}.umsetzungsmonitor")),
        "{ics}"
    );
}

#[tokio::test]
async fn the_start_page_lists_the_plans_and_each_plan_has_its_own_pages() {
    let app = TestApp::with_example().await;
    // One plan: `/` is its dashboard.
    let (_, home) = app.get("/").await;
    assert!(home.contains("Umsetzung der Handlungsempfehlungen der AG Ausländerbehörde"));
    assert!(
        home.contains(&format!(r#"href="{PLAN}/pakete/1""#)),
        "{home}"
    );
    let app = two_plans().await;
    let (status, home) = app.get("/").await;
    assert_eq!(status, StatusCode::OK);
    let main = common::main_of(&home);
    assert!(main.contains("<h1>Maßnahmenpläne</h1>"), "{main}");
    assert!(main.contains(&format!(r#"href="{PLAN}""#)), "{main}");
    assert!(main.contains(&format!(r#"href="/{OTHER}""#)), "{main}");
    assert!(main.contains("Aktionsplan Integration (Test)"));
    assert!(main.contains("Stadt Zweitstadt"));
    assert!(main.contains("1 Meilenstein überfällig."), "{main}");
    // Each plan's pages show that plan only.
    let (status, other) = app.get(&format!("/{OTHER}")).await;
    assert_eq!(status, StatusCode::OK);
    let other_main = common::main_of(&other);
    assert!(other_main.contains("Wege ins Bleiberecht"));
    assert!(!other_main.contains("Leitbild und Leitsatz"));
    assert!(
        other.contains(&format!(r#"href="/{OTHER}/zeitplan""#)),
        "nav of the plan"
    );
    for page in ["/zeitplan", "/aenderungen", "/berichte", "/pakete/1"] {
        let (status, body) = app.get(&format!("/{OTHER}{page}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(!body.contains("Leitbild und Leitsatz"), "{page}");
    }
    // Exports of a plan contain that plan only.
    let (_, _, csv) = app
        .download(&format!("/{OTHER}/export/meilensteine.csv"), None)
        .await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("Beratungsstelle eröffnet"));
    assert_eq!(
        csv.lines().count(),
        4,
        "a header and three milestones: {csv}"
    );
    let (_, _, csv) = app
        .download(&format!("{PLAN}/export/meilensteine.csv"), None)
        .await;
    let csv = String::from_utf8(csv).unwrap();
    assert!(!csv.contains("Beratungsstelle eröffnet"));
    let (_, _, json) = app
        .download(&format!("/{OTHER}/api/v1/plan.json"), None)
        .await;
    let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(json["plan"]["slug"], OTHER);
    assert_eq!(json["packages"].as_array().unwrap().len(), 2);
    // The site's list and feed cover both.
    let (status, _, list) = app.download("/api/v1/plaene.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_slice(&list).unwrap();
    let slugs: Vec<&str> = list["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, [SLUG, OTHER]);
    assert_eq!(list["plans"][1]["milestones"], 3);
    assert_eq!(
        list["plans"][1]["plan_json"],
        format!("https://monitor.example.org/{OTHER}/api/v1/plan.json")
    );
    let (status, _, feed) = app.download("/feeds/alle-plaene.atom", None).await;
    assert_eq!(status, StatusCode::OK);
    let feed = String::from_utf8(feed).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert!(titles
        .iter()
        .any(|t| t.starts_with("Aktionsplan Integration (Test): ")));
}

#[tokio::test]
async fn a_site_administrator_grants_roles_per_plan() {
    let app = two_plans().await;
    let admin = app.signed_in(Role::Admin, "Admina").await;
    let created = app
        .post_as(
            "/api/verwaltung/konto-anlegen",
            &[
                ("email", "neu@zweitstadt.test"),
                ("display_name", "Neue Person"),
                ("organisation", "Flüchtlingsrat"),
                ("role", "member"),
                ("plan", OTHER),
                ("password", "ein-sehr-langes-passwort"),
            ],
            Some(&admin),
        )
        .await;
    assert!(
        created.status.is_success() || created.status.is_redirection(),
        "{}",
        created.body
    );
    let grants: Vec<(String, String)> = sqlx::query_as(
        "SELECT plan.slug, plan_role.role FROM plan_role JOIN plan ON plan.id = plan_role.plan_id \
         JOIN account ON account.id = plan_role.account_id WHERE account.email = 'neu@zweitstadt.test'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(grants, [(OTHER.to_owned(), "member".to_owned())]);
    // Without a plan, with several plans: the form says which field is missing.
    let refused = app
        .post_as(
            "/api/verwaltung/konto-anlegen",
            &[
                ("email", "ohne@zweitstadt.test"),
                ("display_name", "Ohne Plan"),
                ("organisation", "Flüchtlingsrat"),
                ("role", "member"),
                ("password", "ein-sehr-langes-passwort"),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("Bitte den Plan wählen"),
        "{}",
        refused.body
    );
    // A role in the first plan too, then none in the second.
    let id: i64 = sqlx::query_scalar("SELECT id FROM account WHERE email = 'neu@zweitstadt.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let id_text = id.to_string();
    for (plan, role) in [(SLUG, "administration"), (OTHER, "keine")] {
        let answer = app
            .post_as(
                "/api/verwaltung/plan-rolle",
                &[("id", &id_text), ("plan", plan), ("role", role)],
                Some(&admin),
            )
            .await;
        assert!(
            answer.status.is_success() || answer.status.is_redirection(),
            "{}",
            answer.body
        );
    }
    let grants: Vec<(String, String)> = sqlx::query_as(
        "SELECT plan.slug, plan_role.role FROM plan_role JOIN plan ON plan.id = plan_role.plan_id \
         WHERE plan_role.account_id = $1",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(grants, [(SLUG.to_owned(), "administration".to_owned())]);
    let recorded: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM history_entry WHERE entity = 'account' AND entity_id = $1 AND field = 'plan_role'",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(recorded, 3, "granted, granted, taken away");
    // Only a site administrator may.
    let plan_admin = signed_in_to(&app, Role::Admin, "Planadmin", SLUG).await;
    let answer = app
        .post_as(
            "/api/verwaltung/plan-rolle",
            &[("id", &id_text), ("plan", SLUG), ("role", "admin")],
            Some(&plan_admin),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let page = app
        .get_as(&format!("/verwaltung/konten/{id}"), Some(&admin))
        .await;
    assert!(page.body.contains("Rollen je Plan"), "{}", page.body);
}

#[tokio::test]
async fn the_plan_commands_list_rename_and_archive_and_an_archived_plan_takes_no_changes() {
    use umsetzungsmonitor::catalogue::repo::{change_plan, PlanChange};
    use umsetzungsmonitor::history::repo::ChangeSet;
    let app = two_plans().await;
    let clock = umsetzungsmonitor::runtime::clock::Clock::fixed(common::today());
    let other = plan_id(&app, OTHER).await;
    let change = |change: PlanChange<'static>| {
        let pool = app.pool.clone();
        async move {
            let mut tx = umsetzungsmonitor::runtime::db::begin_write(&pool)
                .await
                .unwrap();
            let changes = ChangeSet::begin(&mut tx, Actor::command_line(), &clock)
                .await
                .unwrap();
            let changed = change_plan(&mut tx, &changes, other, change).await.unwrap();
            tx.commit().await.unwrap();
            changed
        }
    };
    assert!(
        change(PlanChange::Rename {
            title: "Aktionsplan Integration 2022 bis 2026",
            title_en: None
        })
        .await
    );
    assert!(change(PlanChange::Archive(true)).await);
    assert!(!change(PlanChange::Archive(true)).await, "archived already");
    // Readable, with a notice; its history says so.
    let (status, page) = app.get(&format!("/{OTHER}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Aktionsplan Integration 2022 bis 2026"));
    assert!(page.contains("Dieser Plan ist archiviert"), "{page}");
    let (_, changes) = app.get(&format!("/{OTHER}/aenderungen")).await;
    assert!(changes.contains("Archiviert"), "{changes}");
    // No more changes, not even by a site administrator; the other plan goes on.
    let admin = app.signed_in(Role::Admin, "Admina").await;
    let fields = body_for_other_plan(&app, Endpoint::SaveMilestone, 0).await;
    let history = app.count("history_entry").await;
    let refused = app
        .post_as(
            Endpoint::SaveMilestone.path(),
            &endpoints::pairs(&fields),
            Some(&admin),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("Archived"), "{}", refused.body);
    let refused = app
        .post_as(
            Endpoint::PostStatusUpdate.path(),
            &[
                ("plan", OTHER),
                ("package", "1"),
                ("occurred_on", "20.11.2026"),
                ("body", "Sitzung"),
                ("link", ""),
            ],
            Some(&admin),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(app.count("history_entry").await, history, "nothing stored");
    save_own_milestone(&app, "Weiter", &admin).await;
    // Undone, it takes changes again.
    assert!(change(PlanChange::Archive(false)).await);
    let fields = body_for_other_plan(&app, Endpoint::SaveMilestone, 0).await;
    let saved = app
        .post_as(
            Endpoint::SaveMilestone.path(),
            &endpoints::pairs(&fields),
            Some(&admin),
        )
        .await;
    assert!(saved.status.is_success(), "{}", saved.body);
}

#[tokio::test]
async fn the_comparison_shows_every_plan_with_figures_a_chart_and_a_table() {
    let app = two_plans().await;
    let (status, page) = app.get("/vergleich").await;
    assert_eq!(status, StatusCode::OK);
    let main = common::main_of(&page);
    assert!(main.contains("<h1>Die Pläne im Vergleich</h1>"), "{main}");
    assert!(main.contains("role=\"img\""), "the chart is inline");
    assert!(main.contains("<caption>Kennzahlen je Plan</caption>"));
    // The second plan: 3 milestones, 1 done (late: 2024-01-31 → 2024-03-15, 44 days),
    // 1 overdue (2025-06-30).
    assert!(
        main.contains("Aktionsplan Integration (Test): 33 % erledigt, 0 % fristgerecht."),
        "{main}"
    );
    assert!(main.contains("44 Tage später"), "{main}");
    assert!(main.contains(&format!(r#"href="/{OTHER}""#)));
    let (status, headers, svg) = app.download("/grafik/vergleich.svg", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("Aktionsplan Integration (Test)"));
    let (_, _, english) = app.download("/grafik/vergleich.svg?sprache=en", None).await;
    let english = String::from_utf8(english).unwrap();
    assert!(english.contains("Share of milestones done and done on time per plan"));
}

#[tokio::test]
async fn a_fresh_site_starts_with_the_four_example_programmes() {
    let (pool, dir) = common::empty_database().await;
    let clock = umsetzungsmonitor::runtime::clock::Clock::fixed(common::today());
    let reports = umsetzungsmonitor::catalogue::load_examples_if_empty(&pool, &clock)
        .await
        .unwrap();
    assert_eq!(reports.len(), 4);
    let plans: Vec<(String, i64)> = sqlx::query_as(
        "SELECT plan.slug, count(p.id) FROM plan JOIN measure_package p ON p.plan_id = plan.id \
         WHERE plan.is_example GROUP BY plan.id, plan.slug ORDER BY plan.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        plans,
        [
            (SLUG.to_owned(), 13),
            ("dresden-aktionsplan-integration".to_owned(), 4),
            ("niedersachsen-willkommenskultur".to_owned(), 9),
            ("magdeburg-willkommensbehoerde".to_owned(), 5),
        ]
    );
    assert!(
        umsetzungsmonitor::catalogue::load_examples_if_empty(&pool, &clock)
            .await
            .unwrap()
            .is_empty(),
        "only into an empty database"
    );
    let app = TestApp::on(pool, dir, None);
    let (_, home) = app.get("/").await;
    for (slug, _) in &plans {
        assert!(home.contains(&format!(r#"href="/{slug}""#)), "{slug}");
        let (status, _) = app.get(&format!("/{slug}/zeitplan")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
    }
    // The old addresses lead to Potsdam, the first plan.
    let (status, headers, _) = app.download("/pakete/1", None).await;
    assert_eq!(status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(
        headers[header::LOCATION],
        format!("{PLAN}/pakete/1").as_str()
    );
}

#[tokio::test]
async fn a_plan_uses_its_own_words_on_pages_charts_and_exports() {
    let app = TestApp::empty().await;
    let (name, text) = umsetzungsmonitor::catalogue::EXAMPLE_CATALOGUES[3];
    umsetzungsmonitor::catalogue::import_text(
        &app.pool,
        name,
        text,
        &umsetzungsmonitor::runtime::clock::Clock::fixed(common::today()),
    )
    .await
    .unwrap();
    let plan = "/magdeburg-willkommensbehoerde";
    let (_, dashboard) = app.get(plan).await;
    let main = common::main_of(&dashboard);
    assert!(main.contains(">Teilprojekte</h2>"), "{main}");
    assert!(main.contains("Teilprojekt 1"), "{main}");
    assert!(!main.contains("Paket"), "{main}");
    let (_, package) = app.get(&format!("{plan}/pakete/2")).await;
    let main = common::main_of(&package);
    assert!(
        main.contains("<span class=\"eyebrow\">Teilprojekt 2</span>"),
        "{main}"
    );
    assert!(main.contains("Meilensteine von Teilprojekt 2"), "{main}");
    let (_, schedule) = app.get(&format!("{plan}/zeitplan")).await;
    assert!(
        schedule.contains("Zeitplan aller Teilprojekte"),
        "chart title"
    );
    let (_, english) = app
        .get_as(&format!("{plan}/grafik/zeitplan.svg?sprache=en"), None)
        .await
        .body
        .split_once("<desc")
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .unwrap();
    assert!(
        english.starts_with(" id=\"grafik-zeitplan-beschreibung\">5 sub-projects:"),
        "{english}"
    );
    let (_, changes) = app.get(&format!("{plan}/aenderungen")).await;
    assert!(
        changes.contains("(Teilprojekt 1) angelegt"),
        "history headings"
    );
    let (_, _, ics) = app
        .download(&format!("{plan}/feeds/termine.ics"), None)
        .await;
    assert!(String::from_utf8(ics).unwrap().contains("(Teilprojekt "));
    let (_, _, atom) = app
        .download(&format!("{plan}/feeds/aenderungen.atom"), None)
        .await;
    assert!(String::from_utf8(atom)
        .unwrap()
        .contains("(Teilprojekt 1) angelegt"));
}

/// Magdeburg's example brings its past: the plan opens on `verlauf_ab`, every step is a
/// save on its own day, and the as-of views show the plan as it stood then.
#[tokio::test]
async fn an_example_with_a_recorded_past_shows_it_in_the_as_of_views() {
    use umsetzungsmonitor::catalogue::{self, EXAMPLE_CATALOGUES};
    let app = TestApp::empty().await;
    let clock = umsetzungsmonitor::runtime::clock::Clock::fixed(common::today());
    let (name, text) = EXAMPLE_CATALOGUES[3];
    let report = catalogue::import_text(&app.pool, name, text, &clock)
        .await
        .unwrap();
    let (start, saves) = report.recorded_past.expect("a past");
    assert_eq!(start.to_string(), "2014-01-15");
    assert_eq!(report.milestones.created, 16);
    assert!(
        report.to_string().contains("Verlauf ab 15.01.2014"),
        "{report}"
    );
    // Each save on its day, in the order of the days, all before the import.
    let sets: Vec<(i64, String)> = sqlx::query_as(
        "SELECT change_set, min(recorded_at) FROM history_entry GROUP BY change_set ORDER BY change_set",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(sets.len(), saves + 1, "the opening save and one per step");
    // Recorded at the time of day the import ran, on the step's day in Berlin (in UTC
    // that can be the evening before).
    let local_day = |at: &str| {
        chrono::DateTime::parse_from_rfc3339(at)
            .unwrap()
            .with_timezone(&chrono_tz::Europe::Berlin)
            .date_naive()
            .to_string()
    };
    assert_eq!(local_day(&sets[0].1), "2014-01-15", "{sets:?}");
    assert!(sets.windows(2).all(|w| w[0].1 <= w[1].1), "{sets:?}");
    assert!(sets.last().unwrap().1.as_str() < "2026-01-01", "{sets:?}");

    let plan = "/magdeburg-willkommensbehoerde";
    let json = |query: &'static str| {
        let app = &app;
        async move {
            let (status, _, bytes) = app
                .download(&format!("{plan}/api/v1/plan.json{query}"), None)
                .await;
            assert_eq!(status, StatusCode::OK, "{query}");
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap()
        }
    };
    let milestone = |doc: &serde_json::Value, key: &str| {
        doc["packages"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| p["milestones"].as_array().unwrap().clone())
            .find(|m| m["key"] == key)
    };
    // 1 March 2020: the leadership training still due on 30 June 2020 (moved in April),
    // the online signpost in progress with its first forecast, the communication
    // concept not yet recorded; only the status updates of before.
    let then = json("?stand=2020-03-01").await;
    assert_eq!(then["rebuilt_from_history"], true);
    let training = milestone(&then, "md-1.3").unwrap();
    assert_eq!(training["demanded_on"], "2020-06-30");
    assert_eq!(training["work_status"], "offen");
    let signpost = milestone(&then, "md-3.2").unwrap();
    assert_eq!(signpost["work_status"], "in_arbeit");
    assert_eq!(signpost["forecast_on"], "2021-03-31");
    assert_eq!(signpost["completed_on"], serde_json::Value::Null);
    assert!(milestone(&then, "md-1.4").is_none());
    let updates: Vec<String> = then["packages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["status_updates"].as_array().unwrap().clone())
        .map(|u| u["occurred_on"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(updates, ["2016-12-05"]);
    // A year later the move of the demanded date is there, with its reason.
    let later = json("?stand=2021-03-01").await;
    assert_eq!(
        milestone(&later, "md-1.3").unwrap()["demanded_on"],
        "2020-12-31"
    );
    assert!(later["rebaselinings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["reason"].as_str().unwrap().starts_with("Pandemie")));
    // Today the file's present stands, as without a past.
    let now = json("").await;
    let signpost = milestone(&now, "md-3.2").unwrap();
    assert_eq!(signpost["completed_on"], "2021-05-17");
    // Before the past began: not yet recorded.
    let (status, _, _) = app
        .download(&format!("{plan}/api/v1/plan.json?stand=2013-12-31"), None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // The history page names who recorded a step.
    let (_, history) = app.get(&format!("{plan}/aenderungen")).await;
    assert!(history.contains("Kommunales Gebäudemanagement"), "history");

    // Importing the same file again changes nothing and records nothing.
    let entries = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM history_entry")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = entries().await;
    let again = catalogue::import_text(&app.pool, name, text, &clock)
        .await
        .unwrap();
    assert_eq!(
        again.recorded_past, None,
        "the past goes into a new plan only"
    );
    assert_eq!(again.milestones.unchanged, 16, "{again}");
    assert_eq!(entries().await, before);
}

#[tokio::test]
async fn backup_and_restore_keep_every_plan_its_roles_and_its_state() {
    use umsetzungsmonitor::server::backup;
    let (pool, dir) = common::sqlite_database().await;
    let clock = umsetzungsmonitor::runtime::clock::Clock::fixed(common::today());
    umsetzungsmonitor::catalogue::load_examples_if_empty(&pool, &clock)
        .await
        .unwrap();
    let app = TestApp::on(pool, dir, None);
    app.account_in(Role::Member, "Mitglied", &["magdeburg-willkommensbehoerde"])
        .await;
    sqlx::query("UPDATE plan SET archived_at = '2026-11-21T10:00:00.000Z' WHERE slug = $1")
        .bind("dresden-aktionsplan-integration")
        .execute(&app.pool)
        .await
        .unwrap();
    let state = |pool: umsetzungsmonitor::runtime::db::Pool| async move {
        sqlx::query_as::<_, (String, umsetzungsmonitor::runtime::db::Flag, i64, i64)>(
            "SELECT plan.slug, plan.archived_at IS NOT NULL, \
             (SELECT count(*) FROM measure_package p WHERE p.plan_id = plan.id), \
             (SELECT count(*) FROM plan_role r WHERE r.plan_id = plan.id) \
             FROM plan ORDER BY plan.id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let before = state(app.pool.clone()).await;
    assert_eq!(before.len(), 4);
    let target = app.dir.path().join("sicherung.sqlite");
    backup::backup(&app.pool, &target).await.unwrap();
    let restored_path = app.dir.path().join("wiederhergestellt.sqlite");
    backup::restore(&restored_path, &target, false)
        .await
        .unwrap();
    let restored = umsetzungsmonitor::runtime::db::connect(restored_path.to_str().unwrap())
        .await
        .unwrap();
    assert_eq!(state(restored.clone()).await, before);
    // The restored database serves every plan.
    let restored_dir = tempfile::tempdir().unwrap();
    let restored_app = TestApp::on(restored, restored_dir, None);
    for (slug, ..) in &before {
        let (status, _) = restored_app.get(&format!("/{slug}")).await;
        assert_eq!(status, StatusCode::OK, "{slug}");
    }
}
