#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    umsetzungsmonitor::server::cli::run().await
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser side starts in `lib.rs` (`hydrate`); there is no client-side main.
}
