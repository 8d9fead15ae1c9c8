//! `umsetzungsmonitor user …`: accounts from the command line (the first admin, above all).

use std::io::{IsTerminal, Read};

use anyhow::{bail, Context};

use super::config::{Config, UserCommand};
use crate::accounts::{backend, repo, service};
use crate::domain::text::{Email, Password};
use crate::editing::form::parse_account_profile;
use crate::error::FieldMap;
use crate::history::repo::Actor;
use crate::runtime::db;

pub async fn run(config: &Config, command: UserCommand) -> anyhow::Result<()> {
    let pool = db::connect(&config.database_url).await?;
    let actor = Actor::command_line();
    match command {
        UserCommand::Add {
            email,
            name,
            organisation,
            role,
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
            let hash = backend::hash_password(&password).await?;
            let Some(id) = service::create(&pool, &actor, &email, &profile, &hash).await? else {
                bail!("Für {} gibt es schon ein Konto.", email.as_str());
            };
            println!(
                "Konto {id} angelegt: {} ({}), Rolle {}.",
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
        UserCommand::Disable { email } => set_disabled(&pool, &actor, &email, true).await?,
        UserCommand::Enable { email } => set_disabled(&pool, &actor, &email, false).await?,
    }
    Ok(())
}

async fn set_disabled(
    pool: &sqlx::SqlitePool,
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
