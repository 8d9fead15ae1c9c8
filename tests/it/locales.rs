//! The translation files stay complete: every German UI text has its English counterpart
//! and the other way round, no text is empty, and both name the same `{{ values }}`.
//! (`leichte_sprache` is German only: Leichte Sprache is a form of German.)

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

const GERMAN_ONLY: [&str; 1] = ["leichte_sprache"];

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, value, out);
            }
        }
        Value::String(text) => out.push((prefix.to_owned(), text.clone())),
        other => out.push((prefix.to_owned(), other.to_string())),
    }
}

fn texts(language: &str, namespace: &str) -> Vec<(String, String)> {
    let path = Path::new("locales")
        .join(language)
        .join(format!("{namespace}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    flatten("", &json, &mut out);
    out
}

fn namespaces() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir("locales/de")
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}"))
        .map(|(name, _)| name.trim().to_owned())
        .collect()
}

#[test]
fn every_namespace_is_compiled_in() {
    let build = fs::read_to_string("build.rs").unwrap();
    for namespace in namespaces() {
        assert!(
            build.contains(&format!("\"{namespace}\"")),
            "{namespace} missing in build.rs"
        );
        assert!(Path::new("locales/en")
            .join(format!("{namespace}.json"))
            .exists());
    }
}

#[test]
fn german_and_english_have_the_same_texts() {
    let mut problems = Vec::new();
    for namespace in namespaces() {
        let german = texts("de", &namespace);
        let english = texts("en", &namespace);
        for (key, text) in german.iter().chain(&english) {
            if text.trim().is_empty() {
                problems.push(format!("{namespace}.{key}: empty"));
            }
        }
        if GERMAN_ONLY.contains(&namespace.as_str()) {
            assert!(
                english.is_empty(),
                "{namespace} is German only; keep en/{namespace}.json empty"
            );
            continue;
        }
        let german_keys: BTreeSet<_> = german.iter().map(|(k, _)| k.clone()).collect();
        let english_keys: BTreeSet<_> = english.iter().map(|(k, _)| k.clone()).collect();
        for key in german_keys.difference(&english_keys) {
            problems.push(format!("{namespace}.{key}: no English text"));
        }
        for key in english_keys.difference(&german_keys) {
            problems.push(format!("{namespace}.{key}: English only"));
        }
        for (key, de_text) in &german {
            if let Some((_, en_text)) = english.iter().find(|(k, _)| k == key) {
                if placeholders(de_text) != placeholders(en_text) {
                    problems.push(format!("{namespace}.{key}: different {{{{ values }}}}"));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "translation files disagree:\n{}",
        problems.join("\n")
    );
}
