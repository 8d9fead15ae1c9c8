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
    /// Sichert die Datenbank im laufenden Betrieb in eine neue Datei (VACUUM INTO).
    Backup {
        /// Zieldatei, z. B. sicherung-2026-11-21.sqlite (darf noch nicht existieren)
        file: PathBuf,
    },
    /// Stellt eine Sicherung wieder her; die bisherige Datenbank wird daneben aufbewahrt.
    Restore {
        /// Die Sicherungsdatei
        file: PathBuf,
        /// Auch überschreiben, wenn ein Server die Datenbank gerade nutzt (danach neu starten!)
        #[arg(long)]
        force: bool,
    },
    /// Füllt eine leere Datenbank mit einem großen synthetischen Plan und langer Änderungs-
    /// geschichte (für Messungen und Lasttests; als Beispieldaten gekennzeichnet).
    Generate {
        /// Anzahl der Maßnahmenpakete
        #[arg(long, default_value_t = 13)]
        packages: u32,
        /// Meilensteine je Paket
        #[arg(long, default_value_t = 200)]
        milestones_per_package: u32,
        /// Verlaufseinträge insgesamt (mindestens; die genaue Zahl wird ausgegeben)
        #[arg(long, default_value_t = 100_000)]
        history: u64,
        /// Startwert des Zufallsgenerators: gleicher Wert, gleiche Daten
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Konten der Arbeitsgruppe verwalten.
    #[command(subcommand)]
    User(UserCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Legt ein Konto an. Das Passwort wird von der Standardeingabe gelesen oder, wenn
    /// dort nichts ankommt, erzeugt und einmal angezeigt.
    Add {
        #[arg(long)]
        email: String,
        /// Anzeigename, z. B. „Ada Lovelace“
        #[arg(long)]
        name: String,
        /// Organisation, z. B. „Diakonie Potsdam“
        #[arg(long)]
        organisation: String,
        /// admin, member oder administration
        #[arg(long)]
        role: String,
    },
    /// Listet alle Konten.
    List,
    /// Sperrt ein Konto; seine Sitzungen enden sofort.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Entsperrt ein Konto.
    Enable {
        #[arg(long)]
        email: String,
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
    /// Sitzungs-Cookie nur über HTTPS senden (für den Betrieb hinter HTTPS einschalten).
    #[arg(
        long,
        env = "UMSETZUNGSMONITOR_SECURE_COOKIES",
        global = true,
        default_value_t = false,
        action = clap::ArgAction::Set
    )]
    pub secure_cookies: bool,
    /// Öffentliche Adresse der Seite (z. B. https://monitor.example.org) für Links in
    /// Feeds, Kalendern und Berichten (Standard: aus dem Host der Anfrage).
    #[arg(long, env = "UMSETZUNGSMONITOR_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Angaben des Betreibers für Impressum, Datenschutz und Barrierefreiheit (TOML; Vorlage:
    /// catalogue/betreiber.beispiel.toml). Ohne diese Datei zeigen die Seiten Platzhalter.
    #[arg(long = "betreiber", env = "UMSETZUNGSMONITOR_BETREIBER", global = true)]
    pub operator_file: Option<std::path::PathBuf>,
}

impl Config {
    pub fn clock(&self) -> Clock {
        Clock {
            timezone: self.timezone,
            fixed_today: self.today,
        }
    }
}
