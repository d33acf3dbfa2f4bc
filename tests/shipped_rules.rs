//! Every shipped rule file loads, and each is complete: every event names its fields or
//! a reason, every area has paths, and no id is used twice.

use std::collections::BTreeSet;
use std::path::Path;

use logcov::config::{self, ConfigSource};

fn shipped() -> config::RuleSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hannibal");
    let source = ConfigSource {
        load_rules: true,

        config_file: Some(root.join("logcov.toml")),
        fallback_root: root,
    };
    match config::load(&source) {
        Ok(rules) => rules,
        Err(errors) => panic!("the shipped rules do not load: {:?}", errors.errors),
    }
}

#[test]
fn every_rule_file_is_an_area() {
    let rules = shipped();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let files = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert_eq!(rules.areas.len(), files);
    assert!(
        rules.areas.len() >= 24,
        "23 areas and the Python service, found {}",
        rules.areas.len()
    );
}

#[test]
fn every_event_names_fields_or_a_reason() {
    for area in &shipped().areas {
        assert!(!area.events.is_empty(), "area `{}` has no events", area.id);
        for event in &area.events {
            let has_reason = event
                .reason
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty());
            assert!(
                !event.fields.is_empty() || has_reason,
                "{}/{} has neither fields nor a reason",
                area.id,
                event.id
            );
            assert!(
                !event.description.trim().is_empty(),
                "{}/{} has no description",
                area.id,
                event.id
            );
        }
    }
}

#[test]
fn every_area_has_paths_and_a_target() {
    for area in &shipped().areas {
        assert!(
            !area.path_globs.is_empty(),
            "area `{}` has no paths",
            area.id
        );
        assert!(
            area.target == 100.0 || area.target == 90.0,
            "area `{}` has target {}",
            area.id,
            area.target
        );
    }
}

#[test]
fn ids_are_unique() {
    let rules = shipped();
    let mut areas = BTreeSet::new();
    for area in &rules.areas {
        assert!(
            areas.insert(area.id.clone()),
            "duplicate area id `{}`",
            area.id
        );
        let mut events = BTreeSet::new();
        for event in &area.events {
            assert!(
                events.insert(event.id.clone()),
                "duplicate event id `{}/{}`",
                area.id,
                event.id
            );
        }
    }
}
