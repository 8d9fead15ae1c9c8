//! Compiles the UI texts in `locales/<language>/<namespace>.json` into the `i18n` module
//! (leptos_i18n). Translators edit those JSON files only; a missing or misspelt key fails
//! the build instead of showing a blank on a page.

use std::path::PathBuf;

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

/// German first: it is the default and the fallback language.
const LOCALES: [&str; 2] = ["de", "en"];
/// One file per capability, so a translator finds the texts of one page together.
const NAMESPACES: [&str; 18] = [
    "rahmen",
    "rechtliches",
    "leichte_sprache",
    "status",
    "uebersicht",
    "paket",
    "zeitplan",
    "aenderungen",
    "anmelden",
    "berichte",
    "formular",
    "bearbeiten",
    "verwaltung",
    "vergleich",
    "sitzung",
    "tabelle",
    "kennzahlen",
    "pruefung",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let config = Config::new(LOCALES[0])
        .and_then(|c| c.add_locales(&LOCALES[1..]))
        .and_then(|c| c.add_namespaces(NAMESPACES))
        .expect("valid i18n configuration")
        // `leichte_sprache` is German only; `tests/it/locales.rs` checks that every other
        // German text has its English counterpart, and names the missing keys.
        .parse_options(
            ParseOptions::new()
                .suppress_key_warnings(true)
                // `t_string!` with `{{ values }}`: attributes and the exports need plain strings.
                .interpolate_display(true),
        );
    let translations = TranslationsInfos::parse(config).expect("readable locales/ files");
    translations.rerun_if_locales_changed();
    translations.emit_diagnostics();
    translations
        .generate_i18n_module(out_dir.join("i18n"))
        .expect("i18n module written");
}
