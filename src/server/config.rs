//! Configuration, from command-line flags or environment variables.

use std::net::IpAddr;
use std::path::PathBuf;

use chrono::NaiveDate;
use chrono_tz::Tz;
use clap::{Args, Parser, Subcommand};

use crate::runtime::clock::Clock;

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
    /// Liest einen Maßnahmenkatalog (TOML) ein; erneutes Einlesen aktualisiert, statt zu
    /// verdoppeln. Werte, die seit dem letzten Einlesen in der Anwendung geändert wurden,
    /// bleiben (und werden gemeldet), außer mit --ueberschreiben.
    Import {
        /// Pfad zur Katalogdatei, z. B. catalogue/beispiel-potsdam.toml
        file: PathBuf,
        /// Auch Werte ersetzen, die seit dem letzten Einlesen in der Anwendung geändert wurden
        #[arg(long = "ueberschreiben", alias = "overwrite")]
        overwrite: bool,
        /// Öffentliche Begründung für geänderte Soll-Termine (Pflicht, wenn sich einer ändert)
        #[arg(long = "begruendung", alias = "reason", value_name = "TEXT")]
        reason: Option<String>,
        /// Nur die Abweichungen zeigen, nichts speichern
        #[arg(long = "probelauf", alias = "dry-run")]
        dry_run: bool,
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
        /// Verlaufseinträge je Plan (mindestens; die genaue Zahl wird ausgegeben)
        #[arg(long, default_value_t = 100_000)]
        history: u64,
        /// Startwert des Zufallsgenerators: gleicher Wert, gleiche Daten
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Anzahl der Pläne dieser Größe (synthetisch, synthetisch-2, …), jeder mit eigenem
        /// Verlauf
        #[arg(long, default_value_t = 1)]
        plans: u32,
    },
    /// Prüft die Hash-Kette der Historie: jede Änderung, jeden Wert gegen seine Festlegung
    /// und jeden Datensatz gegen den letzten Eintrag seiner Historie. Mit --gegen auch, ob
    /// die Historie einen früher veröffentlichten Stand fortsetzt.
    Verify {
        /// Ein veröffentlichter Stand („Änderung:Prüfsumme“, z. B. 812:3f…a9) oder eine
        /// Datei, die einen enthält (historie.json, plan.json, CSV, Atom)
        #[arg(long = "gegen", alias = "against", value_name = "STAND-ODER-DATEI")]
        against: Option<String>,
    },
    /// Zieht alles in eine andere, neue Datenbank um: SQLite → PostgreSQL oder zurück.
    /// Pläne, Konten und die Historie mit ihrer Reihenfolge und Hash-Kette werden in einer
    /// Transaktion kopiert und vor dem Abschluss geprüft (Zeilen je Tabelle, Kette, Stände).
    /// Sitzungen bleiben zurück: alle melden sich danach neu an. Vorher alle Server beenden.
    MigrateDatabase {
        /// Die bisherige Datenbank, z. B. sqlite://umsetzungsmonitor.sqlite
        #[arg(long = "from", alias = "von", value_name = "ADRESSE")]
        from: String,
        /// Die neue, leere Datenbank, z. B. postgres://monitor@localhost/monitor
        #[arg(long = "to", alias = "nach", value_name = "ADRESSE")]
        to: String,
    },
    /// Konten der Arbeitsgruppe verwalten.
    #[command(subcommand)]
    User(UserCommand),
    /// Die Pläne der Website: auflisten, umbenennen, archivieren.
    #[command(subcommand)]
    Plan(PlanCommand),
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Listet alle Pläne mit Kennung, Titel, Umfang und Zustand.
    List,
    /// Gibt einem Plan einen neuen Titel (die Kennung und damit seine Adressen bleiben).
    Rename {
        /// Kennung des Plans
        slug: String,
        /// Der neue Titel
        #[arg(long = "titel")]
        title: String,
        /// Der neue englische Titel (optional)
        #[arg(long = "titel-en")]
        title_en: Option<String>,
    },
    /// Archiviert einen Plan: er bleibt lesbar und nimmt keine Änderungen mehr an.
    Archive {
        /// Kennung des Plans
        slug: String,
        /// Die Archivierung aufheben
        #[arg(long = "aufheben")]
        undo: bool,
    },
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
        /// admin (Website-Administration: alle Pläne, alle Konten), member oder
        /// administration (in den Plänen nach --plan)
        #[arg(long)]
        role: String,
        /// Kennung des Plans, in dem die Rolle gilt (mehrfach möglich). Ohne Angabe: der
        /// einzige Plan der Datenbank.
        #[arg(long = "plan")]
        plans: Vec<String>,
    },
    /// Gibt einem Konto eine Rolle in einem Plan oder nimmt sie ihm (--role keine).
    Role {
        #[arg(long)]
        email: String,
        /// Kennung des Plans
        #[arg(long)]
        plan: String,
        /// member, administration, admin (des Plans) oder keine
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
        alias = "database",
        env = "DATABASE_URL",
        default_value = "sqlite://umsetzungsmonitor.sqlite",
        global = true
    )]
    pub database_url: String,
    /// Startet den Server auch, wenn die Hash-Kette der Historie gebrochen ist (nur zur
    /// Untersuchung; `verify` nennt die Stelle)
    #[arg(
        long = "trotz-gebrochener-kette",
        alias = "allow-broken-chain",
        global = true
    )]
    pub allow_broken_chain: bool,
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
    /// Sitzungs-Cookie nur über HTTPS senden. Standard: an, außer der Server lauscht nur
    /// auf der eigenen Maschine (127.0.0.1, ::1), etwa zum Ausprobieren ohne HTTPS.
    #[arg(
        long,
        env = "UMSETZUNGSMONITOR_SECURE_COOKIES",
        global = true,
        action = clap::ArgAction::Set
    )]
    pub secure_cookies: Option<bool>,
    /// Reverse-Proxys, deren X-Forwarded-For den Client nennt (Adressen oder Netze, durch
    /// Kommas getrennt, z. B. 127.0.0.1,::1). Ohne diese Angabe zählt die Adresse der
    /// Verbindung, und X-Forwarded-For wird nicht beachtet.
    #[arg(
        long = "vertrauenswuerdige-proxies",
        env = "UMSETZUNGSMONITOR_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_parser = crate::accounts::address::parse_proxy,
        global = true
    )]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Öffentliche Adresse der Seite (z. B. https://monitor.example.org) für Links in
    /// Feeds, Kalendern und Berichten. Pflicht, wenn der Server nicht nur auf der eigenen
    /// Maschine lauscht; sonst aus dem Host der Anfrage.
    #[arg(long, env = "UMSETZUNGSMONITOR_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Angaben des Betreibers für Impressum, Datenschutz und Barrierefreiheit (TOML; Vorlage:
    /// catalogue/betreiber.beispiel.toml). Ohne diese Datei zeigen die Seiten Platzhalter.
    #[arg(long = "betreiber", env = "UMSETZUNGSMONITOR_BETREIBER", global = true)]
    pub operator_file: Option<std::path::PathBuf>,
    /// Arbeitsspeicher für fertige öffentliche Seiten, Grafiken und Exporte (MB, alle
    /// Kodierungen zusammen); 0 schaltet den Zwischenspeicher ab.
    #[arg(
        long = "seiten-cache-mb",
        env = "UMSETZUNGSMONITOR_PAGE_CACHE_MB",
        default_value_t = 32,
        global = true
    )]
    pub page_cache_mb: usize,
}

/// Settings that follow from where the server listens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exposure {
    pub secure_cookies: bool,
    pub public_url: Option<String>,
}

impl Config {
    /// Secure cookies unless listening on loopback only, and a public address required
    /// outside loopback: otherwise links in feeds, calendars and reports would follow
    /// whatever `Host` a request names.
    pub fn exposure(&self, listen: std::net::IpAddr) -> Result<Exposure, String> {
        let loopback = listen.is_loopback();
        let public_url = self
            .public_url
            .as_deref()
            .map(|url| url.trim().trim_end_matches('/').to_owned())
            .filter(|url| !url.is_empty());
        if let Some(url) = &public_url {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(format!(
                    "UMSETZUNGSMONITOR_PUBLIC_URL „{url}“ muss mit https:// (oder http://) beginnen"
                ));
            }
        } else if !loopback {
            return Err(format!(
                "Der Server soll auf {listen} lauschen, also von anderen Rechnern erreichbar sein: \
                 dafür bitte die öffentliche Adresse angeben (UMSETZUNGSMONITOR_PUBLIC_URL oder \
                 --public-url, z. B. https://monitor.example.org; README, „Betrieb“)."
            ));
        }
        Ok(Exposure {
            secure_cookies: self.secure_cookies.unwrap_or(!loopback),
            public_url,
        })
    }

    pub fn clock(&self) -> Clock {
        Clock {
            timezone: self.timezone,
            fixed_today: self.today,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str]) -> Config {
        let mut argv = vec!["umsetzungsmonitor"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(argv).unwrap().config
    }

    #[test]
    fn on_loopback_defaults_suit_a_trial_without_https() {
        let exposure = config(&[]).exposure("127.0.0.1".parse().unwrap()).unwrap();
        assert_eq!(
            exposure,
            Exposure {
                secure_cookies: false,
                public_url: None
            }
        );
    }

    #[test]
    fn reachable_from_outside_needs_the_public_address_and_gets_secure_cookies() {
        let outside = "0.0.0.0".parse().unwrap();
        let refused = config(&[]).exposure(outside).unwrap_err();
        assert!(
            refused.contains("UMSETZUNGSMONITOR_PUBLIC_URL"),
            "{refused}"
        );
        let exposure = config(&["--public-url", "https://monitor.example.org/"])
            .exposure(outside)
            .unwrap();
        assert!(exposure.secure_cookies);
        assert_eq!(
            exposure.public_url.as_deref(),
            Some("https://monitor.example.org")
        );
        let plain = config(&[
            "--public-url",
            "http://lan.test",
            "--secure-cookies",
            "false",
        ])
        .exposure(outside)
        .unwrap();
        assert!(!plain.secure_cookies, "an explicit choice wins");
        assert!(config(&["--public-url", "monitor.example.org"])
            .exposure(outside)
            .is_err());
    }
}
