//! Configuration, from command-line flags or environment variables.

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};

use super::clock::Clock;

#[derive(Debug, Parser)]
#[command(
    name = "umsetzungsmonitor",
    version,
    about = "Öffentliches Monitoring von Maßnahmenplänen"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Startet den Webserver (Standard, wenn kein Befehl angegeben ist).
    Serve,
    /// Liest einen Maßnahmenkatalog (TOML) ein; erneutes Einlesen aktualisiert, statt zu verdoppeln.
    Import {
        /// Pfad zur Katalogdatei, z. B. catalogue/beispiel-potsdam.toml
        file: PathBuf,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Config {
    /// SQLite-Datenbank: Dateipfad oder `sqlite://`-URL; wird bei Bedarf angelegt.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://umsetzungsmonitor.sqlite",
        global = true
    )]
    pub database_url: String,
    /// Adresse, auf der der Server lauscht (Standard: aus LEPTOS_SITE_ADDR, sonst 127.0.0.1).
    #[arg(long, env = "ADDRESS", global = true)]
    pub address: Option<IpAddr>,
    /// Port, auf dem der Server lauscht (Standard: aus LEPTOS_SITE_ADDR, sonst 3000).
    #[arg(long, env = "PORT", global = true)]
    pub port: Option<u16>,
    /// Kennung des Plans, den die öffentlichen Seiten zeigen (Standard: der erste Plan).
    #[arg(long, env = "UMSETZUNGSMONITOR_PLAN", global = true)]
    pub plan: Option<String>,
    /// Zeitzone, deren Kalender bestimmt, welcher Tag „heute“ ist.
    #[arg(
        long,
        env = "UMSETZUNGSMONITOR_TIMEZONE",
        default_value = "Europe/Berlin",
        global = true
    )]
    pub timezone: Tz,
    /// Dieses Datum (JJJJ-MM-TT) als „heute“ verwenden (für Tests und Vorführungen).
    #[arg(long, env = "UMSETZUNGSMONITOR_TODAY", global = true)]
    pub today: Option<NaiveDate>,
}

impl Config {
    pub fn clock(&self) -> Clock {
        match self.today {
            Some(date) => Clock::Fixed(date),
            None => Clock::System(self.timezone),
        }
    }
}
