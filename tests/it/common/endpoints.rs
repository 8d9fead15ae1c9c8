//! Every state-changing endpoint with a valid request body, for tests that go over all
//! of them (permissions, cross-site refusal, hostile input).

use umsetzungsmonitor::domain::access::Permission;

use super::TestApp;

pub async fn milestone_id(app: &TestApp, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM milestone WHERE import_key = $1")
        .bind(key)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

pub async fn version(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar("SELECT version FROM milestone WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The stored version of package `number`'s texts.
pub async fn package_version(app: &TestApp, number: u32) -> i64 {
    sqlx::query_scalar("SELECT version FROM measure_package WHERE number = $1")
        .bind(i64::from(number))
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The stored version of an account's profile.
pub async fn account_version(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar("SELECT version FROM account WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A complete, valid milestone form.
pub fn milestone_form(id: i64, version: i64, title: &str) -> Vec<(String, String)> {
    [
        ("id", id.to_string()),
        ("version", version.to_string()),
        ("title", title.to_owned()),
        ("description", String::new()),
        ("status", "in_arbeit".to_owned()),
        ("forecast", "30.06.2027".to_owned()),
        // Asked for when the forecast moves later; kept with the move otherwise.
        ("forecast_category", "abhaengigkeit".to_owned()),
        (
            "forecast_reason",
            "Abstimmung mit dem Land steht aus.".to_owned(),
        ),
        ("completed", String::new()),
        ("public_note", "Öffentlich sichtbar.".to_owned()),
        (
            "internal_note",
            "Nur intern: Rückruf bei Frau M. ausstehend.".to_owned(),
        ),
        (
            "evidence",
            "https://www.potsdam.de/weisungen.pdf".to_owned(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Saves a new title for milestone `key` (e.g. "1.4") as `session`, from a form loaded
/// just before; asserts that the save went through.
pub async fn save_title(app: &TestApp, session: &crate::common::Session, key: &str, title: &str) {
    let id = milestone_id(app, key).await;
    let form = milestone_form(id, version(app, id).await, title);
    let saved = app
        .post_as(
            "/api/bearbeiten/meilenstein-speichern",
            &pairs(&form),
            Some(session),
        )
        .await;
    assert_eq!(saved.status, axum::http::StatusCode::OK, "{}", saved.body);
}

pub fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    CreateMilestone,
    SaveMilestone,
    MoveMilestone,
    PostStatusUpdate,
    SavePackageTexts,
    ChangeDemandedDate,
    CreateAccount,
    UpdateAccount,
    DisableAccount,
    SetPassword,
    Redact,
}

pub const POST_ENDPOINTS: [Endpoint; 11] = [
    Endpoint::CreateMilestone,
    Endpoint::SaveMilestone,
    Endpoint::MoveMilestone,
    Endpoint::PostStatusUpdate,
    Endpoint::SavePackageTexts,
    Endpoint::ChangeDemandedDate,
    Endpoint::CreateAccount,
    Endpoint::UpdateAccount,
    Endpoint::DisableAccount,
    Endpoint::SetPassword,
    Endpoint::Redact,
];

impl Endpoint {
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::CreateMilestone => "/api/bearbeiten/meilenstein-anlegen",
            Endpoint::SaveMilestone => "/api/bearbeiten/meilenstein-speichern",
            Endpoint::MoveMilestone => "/api/bearbeiten/meilenstein-verschieben",
            Endpoint::PostStatusUpdate => "/api/bearbeiten/meldung",
            Endpoint::SavePackageTexts => "/api/bearbeiten/paket-texte",
            Endpoint::ChangeDemandedDate => "/api/bearbeiten/soll-termin",
            Endpoint::CreateAccount => "/api/verwaltung/konto-anlegen",
            Endpoint::UpdateAccount => "/api/verwaltung/konto-aendern",
            Endpoint::DisableAccount => "/api/verwaltung/konto-sperren",
            Endpoint::SetPassword => "/api/verwaltung/passwort",
            Endpoint::Redact => "/api/bearbeiten/entfernen-bestaetigen",
        }
    }

    pub fn permission(self) -> Permission {
        match self {
            Endpoint::CreateMilestone | Endpoint::SaveMilestone | Endpoint::MoveMilestone => {
                Permission::EditMilestones
            }
            Endpoint::PostStatusUpdate => Permission::PostStatusUpdates,
            Endpoint::SavePackageTexts => Permission::EditPackages,
            Endpoint::ChangeDemandedDate => Permission::ChangeDemandedDates,
            Endpoint::CreateAccount
            | Endpoint::UpdateAccount
            | Endpoint::DisableAccount
            | Endpoint::SetPassword => Permission::ManageAccounts,
            Endpoint::Redact => Permission::Redact,
        }
    }

    /// A valid request body; `round` keeps repeated requests distinct.
    pub async fn body(
        self,
        app: &TestApp,
        round: usize,
        target_account: i64,
    ) -> Vec<(String, String)> {
        let m = milestone_id(app, "2.3").await;
        let owned = |fields: &[(&str, String)]| {
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        match self {
            Endpoint::CreateMilestone => {
                let mut form = milestone_form(0, 0, &format!("Neuer Meilenstein {round}"));
                form.retain(|(k, _)| k != "id" && k != "version");
                form.push(("plan".into(), super::SLUG.into()));
                form.push(("package".into(), "1".into()));
                form
            }
            Endpoint::SaveMilestone => {
                milestone_form(m, version(app, m).await, &format!("Geändert {round}"))
            }
            Endpoint::MoveMilestone => {
                owned(&[("id", m.to_string()), ("direction", "runter".into())])
            }
            Endpoint::PostStatusUpdate => owned(&[
                ("plan", super::SLUG.into()),
                ("package", "1".into()),
                ("occurred_on", "20.11.2026".into()),
                ("body", format!("Sitzung Nummer {round} fand statt.")),
                ("link", String::new()),
            ]),
            Endpoint::SavePackageTexts => owned(&[
                ("plan", super::SLUG.into()),
                ("package", "1".into()),
                ("version", package_version(app, 1).await.to_string()),
                ("title", format!("Leitbild und Leitsatz ({round})")),
                ("summary", "Zusammenfassung".into()),
                ("goal", "Ziel".into()),
                ("responsible_unit", "Migrationsamt".into()),
                ("source_reference", "Quelle".into()),
            ]),
            Endpoint::ChangeDemandedDate => {
                let d = milestone_id(app, "13.2").await;
                owned(&[
                    ("id", d.to_string()),
                    ("version", version(app, d).await.to_string()),
                    ("demanded", format!("{:02}.12.2027", round + 1)),
                    ("reason", format!("Neu vereinbart in Runde {round}")),
                ])
            }
            Endpoint::CreateAccount => owned(&[
                ("email", format!("neu{round}@konten.test")),
                ("display_name", format!("Neue Person {round}")),
                ("organisation", "Migrationsbeirat".into()),
                ("role", "member".into()),
                ("password", "ein-sehr-langes-passwort".into()),
            ]),
            Endpoint::UpdateAccount => owned(&[
                ("id", target_account.to_string()),
                (
                    "version",
                    account_version(app, target_account).await.to_string(),
                ),
                ("display_name", format!("Zielperson {round}")),
                ("organisation", "Diakonie Potsdam".into()),
                ("role", "member".into()),
            ]),
            Endpoint::DisableAccount => owned(&[
                ("id", target_account.to_string()),
                ("disabled", "false".into()),
            ]),
            Endpoint::SetPassword => owned(&[
                ("id", target_account.to_string()),
                ("password", format!("neues-passwort-runde-{round}")),
            ]),
            Endpoint::Redact => {
                // A package text from the import: removable, and each round another one.
                let entry: i64 = sqlx::query_scalar(
                    "SELECT id FROM history_entry WHERE field = 'summary' ORDER BY id LIMIT 1 \
                     OFFSET $1 % (SELECT count(*) FROM history_entry WHERE field = 'summary')",
                )
                .bind(round as i64)
                .fetch_one(&app.pool)
                .await
                .unwrap();
                owned(&[
                    ("plan", super::SLUG.into()),
                    ("eintrag", entry.to_string()),
                    ("seite", "neu".into()),
                    ("reason", format!("Testrunde {round}")),
                ])
            }
        }
    }
}
