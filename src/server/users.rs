//! `umsetzungsmonitor user …`: accounts from the command line (the first admin, above all).

use std::io::{IsTerminal, Read};

use anyhow::{bail, Context};

use super::config::{Config, UserCommand};
use crate::accounts::{backend, repo, service};
use crate::domain::text::{Email, Password};
use crate::editing::form::parse_account_profile;
use crate::error::FieldMap;
use crate::history::repo::Actor;

/// The plans named by `--plan` (ids); without any, the database's only plan. A site
/// administrator needs none.
async fn plans_for(
    pool: &crate::runtime::db::Pool,
    slugs: &[String],
    role: crate::domain::access::Role,
) -> anyhow::Result<Vec<i64>> {
    let slugs: Vec<&str> = slugs
        .iter()
        .flat_map(|s| s.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if slugs.is_empty() {
        if role == crate::domain::access::Role::Admin {
            return Ok(Vec::new());
        }
        return match crate::plan::repo::only_plan(pool).await? {
            Some((id, _)) => Ok(vec![id]),
            None if crate::plan::repo::count_plans(pool).await? == 0 => {
                bail!("Noch kein Plan: erst einen Katalog einlesen (umsetzungsmonitor import DATEI.toml), dann das Konto mit --plan anlegen.")
            }
            None => bail!("Die Datenbank hat mehrere Pläne: bitte mit --plan KENNUNG angeben, in welchem die Rolle gilt."),
        };
    }
    let mut ids = Vec::new();
    for slug in slugs {
        let (id, _) = crate::plan::repo::find_plan(pool, Some(slug))
            .await?
            .with_context(|| format!("Kein Plan mit der Kennung „{slug}“."))?;
        ids.push(id);
    }
    Ok(ids)
}

async fn plans_text(pool: &crate::runtime::db::Pool, ids: &[i64]) -> anyhow::Result<String> {
    let mut slugs = Vec::new();
    for (id, info, _) in crate::plan::repo::all_plans(pool).await? {
        if ids.contains(&id) {
            slugs.push(info.slug);
        }
    }
    Ok(slugs.join(", "))
}

pub async fn run(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let pool = super::verify::open(&config.database_url).await?;
    let actor = Actor::command_line();
    match command {
        UserCommand::Add {
            email,
            name,
            organisation,
            role,
            plans,
        } => {
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
            let values = FieldMap::from([
                ("display_name".to_owned(), name),
                ("organisation".to_owned(), organisation),
                ("role".to_owned(), role),
            ]);
            let profile = parse_account_profile(&values, crate::language::Locale::de).map_err(
                |rejection| {
                    let problems: Vec<String> = rejection
                        .errors
                        .iter()
                        .map(|(field, message)| format!("{field}: {message}"))
                        .collect();
                    anyhow::anyhow!("{}", problems.join("; "))
                },
            )?;
            let (password, generated) = match password_from_stdin()? {
                Some(given) => (given, false),
                None => (generate_password(), true),
            };
            let password =
                Password::parse(&password).map_err(|e| anyhow::anyhow!("Passwort: {e}"))?;
            let plan_ids = plans_for(&pool, &plans, profile.role).await?;
            let hash = backend::hash_password(&password).await?;
            let Some(id) =
                service::create(&pool, &actor, &email, &profile, &plan_ids, &hash).await?
            else {
                bail!("Für {} gibt es schon ein Konto.", email.as_str());
            };
            let scope = if profile.role == crate::domain::access::Role::Admin {
                "Website-Administration".to_owned()
            } else {
                format!("in {}", plans_text(&pool, &plan_ids).await?)
            };
            println!(
                "Konto {id} angelegt: {} ({}), Rolle {} {scope}.",
                email.as_str(),
                profile.organisation.as_str(),
                profile.role.code()
            );
            if generated {
                println!("Passwort (wird nur jetzt angezeigt): {}", password.expose());
            }
        }
        UserCommand::List => {
            let accounts = repo::list(&pool).await?;
            if accounts.is_empty() {
                println!("Noch keine Konten. Das erste Admin-Konto: umsetzungsmonitor user add --role admin …");
            }
            for row in accounts {
                let state = if row.disabled_at.is_some() {
                    "gesperrt"
                } else {
                    "aktiv"
                };
                println!(
                    "{:>4}  {:<32}  {:<14}  {:<8}  {} ({})",
                    row.id, row.email, row.role, state, row.display_name, row.organisation
                );
            }
        }
        UserCommand::Role { email, plan, role } => {
            let account = repo::find_by_email(&pool, &email)
                .await?
                .with_context(|| format!("Kein Konto für {email}."))?;
            let (plan_id, _) = crate::plan::repo::find_plan(&pool, Some(&plan))
                .await?
                .with_context(|| format!("Kein Plan mit der Kennung „{plan}“."))?;
            let role = match role.trim() {
                "keine" | "none" => None,
                other => Some(crate::domain::access::Role::parse(other).with_context(|| {
                    format!("Unbekannte Rolle „{other}“: member, administration, admin oder keine.")
                })?),
            };
            service::set_plan_role(&pool, &actor, account.id, plan_id, role).await?;
            match role {
                Some(role) => println!("{email}: Rolle {} in {plan}.", role.code()),
                None => println!("{email}: keine Rolle mehr in {plan}."),
            }
        }
        UserCommand::Disable { email } => set_disabled(&pool, &actor, &email, true).await?,
        UserCommand::Enable { email } => set_disabled(&pool, &actor, &email, false).await?,
    }
    Ok(())
}

async fn set_disabled(
    pool: &crate::runtime::db::Pool,
    actor: &Actor,
    email: &str,
    disabled: bool,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email: {e}"))?;
    let Some(row) = repo::find_by_email(pool, email.as_str()).await? else {
        bail!("Kein Konto für {}.", email.as_str());
    };
    match service::set_disabled(pool, actor, row.id, disabled).await? {
        service::ProfileOutcome::Saved if disabled => {
            println!(
                "Konto {} gesperrt; seine Sitzungen sind beendet.",
                email.as_str()
            )
        }
        service::ProfileOutcome::Saved => println!("Konto {} entsperrt.", email.as_str()),
        service::ProfileOutcome::NotFound => bail!("Kein Konto für {}.", email.as_str()),
        service::ProfileOutcome::LastAdmin => {
            bail!("Das letzte aktive Admin-Konto kann nicht gesperrt werden.")
        }
    }
    Ok(())
}

/// The first line of standard input when something is piped in; `None` on a terminal
/// or when nothing arrives.
fn password_from_stdin() -> anyhow::Result<Option<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut input = String::new();
    stdin
        .lock()
        .read_to_string(&mut input)
        .context("Standardeingabe lässt sich nicht lesen")?;
    let line = input
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_owned();
    Ok((!line.is_empty()).then_some(line))
}

/// 20 random characters without look-alikes (0/O, 1/l/I), in groups of five.
fn generate_password() -> String {
    use rand::seq::IndexedRandom;
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..4)
        .map(|_| {
            (0..5)
                .map(|_| *ALPHABET.choose(&mut rng).expect("alphabet is not empty") as char)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::generate_password;

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let a = generate_password();
        let b = generate_password();
        assert_eq!(a.len(), 23);
        assert_ne!(a, b);
        assert!(crate::domain::text::Password::parse(&a).is_ok());
    }
}
