//! The command line: serve the app (default) or import a catalogue.

use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;
use leptos::config::{get_configuration, LeptosOptions};
use tower_sessions::ExpiredDeletion;
use tracing_subscriber::EnvFilter;

use super::config::{Cli, Command, Config};
use super::{backup, generate, routes};
use crate::catalogue::{self, ImportError};
use crate::runtime::state::AppState;

pub async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Import {
            file,
            overwrite,
            reason,
            dry_run,
        } => {
            let options = catalogue::ImportOptions {
                overwrite,
                reason,
                dry_run,
            };
            import(&cli.config, &file, &options).await
        }
        Command::Verify { against } => {
            super::verify::run(&cli.config.database_url, against.as_deref()).await
        }
        Command::User(command) => super::users::run(&cli.config, command).await,
        Command::Plan(command) => super::plans::run(&cli.config, command).await,
        Command::Backup { file } => backup(&cli.config, &file).await,
        Command::MigrateDatabase { from, to } => super::move_database::run(&from, &to).await,
        Command::Restore { file, force } => restore(&cli.config, &file, force).await,
        Command::Generate {
            packages,
            milestones_per_package,
            history,
            seed,
            plans,
        } => {
            let spec = generate::Spec {
                packages,
                milestones_per_package,
                history,
                seed,
                plans,
            };
            generate(&cli.config, spec).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("Fehler: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Leptos settings from the environment (`LEPTOS_*`, set by cargo-leptos in development),
/// with this crate's defaults.
pub fn leptos_options() -> anyhow::Result<LeptosOptions> {
    let mut options = get_configuration(None)
        .context("Leptos-Konfiguration (LEPTOS_*) ist ungültig")?
        .leptos_options;
    if options.output_name.is_empty() {
        options.output_name = env!("CARGO_PKG_NAME").into();
    }
    // scripts/build.sh names the bundle by content and lists the names in the site's
    // hash.txt; Leptos reads it (by a path relative to the binary, or this absolute one).
    let hashes = std::path::Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .join("hash.txt");
    if hashes.is_file() {
        let absolute = std::fs::canonicalize(&hashes).unwrap_or(hashes);
        options.hash_files = true;
        options.hash_file = absolute.to_string_lossy().as_ref().into();
    }
    Ok(options)
}

async fn serve(config: Config) -> anyhow::Result<()> {
    crate::accounts::backend::return_large_blocks_to_the_system();
    let mut leptos_options = leptos_options()?;
    let addr = SocketAddr::new(
        config.address.unwrap_or(leptos_options.site_addr.ip()),
        config.port.unwrap_or(leptos_options.site_addr.port()),
    );
    leptos_options.site_addr = addr;
    let exposure = config.exposure(addr.ip()).map_err(anyhow::Error::msg)?;
    tracing::info!(
        secure_cookies = exposure.secure_cookies,
        public_url = exposure
            .public_url
            .as_deref()
            .unwrap_or("(aus dem Host der Anfrage)"),
        "Sitzungs-Cookie und öffentliche Adresse"
    );
    // Held until the process ends: no restore underneath this one (other instances may
    // share the database).
    let _lock = match backup::database_path(&config.database_url) {
        Ok(path) => Some(backup::ServerLock::share(&path)?),
        Err(_) => None,
    };
    let operator = crate::runtime::operator::Operator::load(config.operator_file.as_deref())?;
    if operator.placeholder {
        tracing::warn!(
            "Impressum, Datenschutz und Barrierefreiheit zeigen Platzhalter: Betreiberdatei mit --betreiber angeben"
        );
    }
    let pool = super::verify::open(&config.database_url).await?;
    super::verify::check_at_start(&pool, config.allow_broken_chain).await?;
    let clock = config.clock();
    for report in catalogue::load_examples_if_empty(&pool, &clock).await? {
        tracing::info!("Leere Datenbank: Beispielkatalog eingelesen. {report}");
    }
    let page_cache = std::sync::Arc::new(super::page_cache::PageCache::new(
        config.page_cache_mb.saturating_mul(1024 * 1024),
    ));
    let state = AppState {
        leptos_options,
        pool,
        clock,
        plan: config.plan,
        login_throttle: Default::default(),
        trusted_proxies: config.trusted_proxies.clone().into(),
        secure_cookies: exposure.secure_cookies,
        public_url: exposure.public_url,
        operator: std::sync::Arc::new(operator),
    };
    // Expired sessions are removed hourly.
    let expired_sessions = tokio::spawn(
        routes::session_store(&state)
            .continuously_delete_expired(tokio::time::Duration::from_secs(3600)),
    );
    let app = routes::router(state, page_cache);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("Adresse {addr} ist nicht verfügbar"))?;
    tracing::info!("Umsetzungsmonitor läuft auf http://{addr}");
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .context("Server beendet mit Fehler");
    expired_sessions.abort();
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("Signal empfangen, Server wird beendet");
}

async fn backup(config: &Config, file: &std::path::Path) -> anyhow::Result<()> {
    let pool = super::verify::open(&config.database_url).await?;
    let counts = backup::backup(&pool, file).await?;
    println!("Gesichert nach {}: {counts}", file.display());
    Ok(())
}

async fn restore(config: &Config, file: &std::path::Path, force: bool) -> anyhow::Result<()> {
    let database = backup::database_path(&config.database_url)?;
    let restored = backup::restore(&database, file, force).await?;
    // Opening migrates a backup from an older version forward.
    let pool = super::verify::open(&config.database_url).await?;
    let findings = crate::history::chain::verify(&pool).await?;
    pool.close().await;
    println!(
        "{} wiederhergestellt aus {}: {}",
        database.display(),
        file.display(),
        restored.counts
    );
    println!(
        "Alle Sitzungen sind beendet ({} in der Sicherung): alle melden sich neu an.",
        restored.sessions_ended
    );
    // The restored history is checked at once: a backup is only as good as its chain.
    for verified in &findings.chains {
        println!(
            "Hash-Kette {}: {} Einträge, Stand {}",
            verified.head.chain,
            verified.entries,
            verified.head.digest()
        );
    }
    for record in &findings.records {
        println!("ABWEICHUNG: {record}");
    }
    if let Some(broken) = findings.breaks.first() {
        anyhow::bail!(
            "Die wiederhergestellte Historie ist gebrochen: {broken}. Der Server startet so nicht; eine andere Sicherung wählen."
        );
    }
    Ok(())
}

async fn generate(config: &Config, spec: generate::Spec) -> anyhow::Result<()> {
    let pool = super::verify::open(&config.database_url).await?;
    let started = std::time::Instant::now();
    let summary = generate::generate(&pool, &config.clock(), spec).await?;
    println!(
        "Erzeugt in {:.1} s: {summary}",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn import(
    config: &Config,
    file: &std::path::Path,
    options: &catalogue::ImportOptions,
) -> anyhow::Result<()> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("{name}: Datei lässt sich nicht lesen"))?;
    let pool = super::verify::open(&config.database_url).await?;
    match catalogue::import_text_with(&pool, &name, &text, &config.clock(), options).await {
        Ok(report) => {
            println!("{name}: {report}");
            Ok(())
        }
        Err(ImportError::Invalid(err)) => Err(anyhow::anyhow!("{err}")),
        Err(err) => Err(err.into()),
    }
}
