//! `umsetzungsmonitor plan …`: the site's plans from the command line (a site
//! administrator's work; every change is recorded in the plan's public history).

use anyhow::{bail, Context};

use super::config::{Config, PlanCommand};
use crate::catalogue::repo::{change_plan, PlanChange};
use crate::domain::schedule::totals;
use crate::domain::text::Title;
use crate::history::repo::{Actor, ChangeSet};
use crate::plan::repo;
use crate::runtime::db::begin_write;

pub async fn run(config: &Config, command: PlanCommand) -> anyhow::Result<()> {
    let pool = super::verify::open(&config.database_url).await?;
    let clock = config.clock();
    match command {
        PlanCommand::List => {
            let plans = repo::all_plans(&pool).await?;
            if plans.is_empty() {
                println!("Noch kein Plan. Einlesen: umsetzungsmonitor import DATEI.toml");
            }
            for (plan_id, info, archived) in plans {
                let packages = repo::package_numbers(&pool, plan_id).await?.len();
                let milestones = repo::milestones(&pool, plan_id, false).await?;
                let figures = totals(milestones.iter().map(|m| &m.schedule), clock.today());
                let mut flags = Vec::new();
                if info.is_example {
                    flags.push("Beispiel");
                }
                if archived {
                    flags.push("archiviert");
                }
                println!(
                    "{:<36}  {:>3} Pakete  {:>5} Meilensteine  {:>3} % erledigt  {:>4} überfällig  {}{}",
                    info.slug,
                    packages,
                    figures.progress.total,
                    figures.progress.percent(),
                    figures.overdue,
                    info.title,
                    if flags.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", flags.join(", "))
                    }
                );
            }
        }
        PlanCommand::Rename {
            slug,
            title,
            title_en,
        } => {
            let title = Title::parse(&title).map_err(|e| anyhow::anyhow!("--titel: {e}"))?;
            let title_en = title_en
                .map(|t| Title::parse(&t).map_err(|e| anyhow::anyhow!("--titel-en: {e}")))
                .transpose()?;
            let change = PlanChange::Rename {
                title: title.as_str(),
                title_en: title_en.as_ref().map(Title::as_str),
            };
            if apply(&pool, &clock, &slug, change).await? {
                println!("Plan {slug} heißt jetzt „{}“.", title.as_str());
            } else {
                println!("Plan {slug}: unverändert.");
            }
        }
        PlanCommand::Archive { slug, undo } => {
            if apply(&pool, &clock, &slug, PlanChange::Archive(!undo)).await? {
                if undo {
                    println!(
                        "Plan {slug} ist nicht mehr archiviert und nimmt wieder Änderungen an."
                    );
                } else {
                    println!("Plan {slug} ist archiviert: lesbar, ohne weitere Änderungen.");
                }
            } else {
                println!("Plan {slug}: unverändert.");
            }
        }
    }
    Ok(())
}

async fn apply(
    pool: &crate::runtime::db::Pool,
    clock: &crate::runtime::clock::Clock,
    slug: &str,
    change: PlanChange<'_>,
) -> anyhow::Result<bool> {
    let Some((plan_id, _)) = repo::find_plan(pool, Some(slug)).await? else {
        bail!("Kein Plan mit der Kennung „{slug}“ (umsetzungsmonitor plan list zeigt alle).");
    };
    let mut tx = begin_write(pool).await?;
    let changes = ChangeSet::begin(&mut tx, Actor::command_line(), clock)
        .await
        .context("Änderung beginnen")?;
    let changed = change_plan(&mut tx, &changes, plan_id, change).await?;
    tx.commit().await?;
    Ok(changed)
}
