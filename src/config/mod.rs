//! Configuration: `logcov.toml` discovery, area files, and the validated [`RuleSet`].

pub mod error;
pub mod pattern;
pub mod rules;

use std::path::{Path, PathBuf};

use globset::GlobSet;
use serde::Deserialize;
use toml::Spanned;

pub use error::{ConfigError, ConfigErrors};
pub use rules::{Anchor, Area, Event};

use crate::lang::Level;

pub const CONFIG_FILE: &str = "logcov.toml";

/// The built-in rule set used when a project has no rules of its own.
pub const DEFAULT_RULES: &str = include_str!("default_rules.toml");

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProject {
    rules: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    loggers: Vec<String>,
    max_file_size: Option<u64>,
    #[serde(default)]
    context: Vec<RawContext>,
    #[serde(default)]
    wrapper: Vec<RawWrapper>,
    #[serde(default)]
    checks: std::collections::BTreeMap<String, Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContext {
    name: Spanned<String>,
    description: Option<String>,
    fields: Vec<Spanned<String>>,
    #[serde(default)]
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWrapper {
    name: Spanned<String>,
    fields: Vec<Spanned<String>>,
    level: Option<Spanned<String>>,
}

/// Fields that infrastructure adds to every log line of the code that runs under it.
#[derive(Debug, Clone)]
pub struct Context {
    pub name: String,
    pub description: Option<String>,
    pub fields: Vec<String>,
    paths: Option<GlobSet>,
    exclude: GlobSet,
}

impl Context {
    pub fn applies_to(&self, path: &str) -> bool {
        let included = self.paths.as_ref().is_none_or(|paths| paths.is_match(path));
        included && !self.exclude.is_match(path)
    }
}

/// A function that logs on its caller's behalf with known fields.
#[derive(Debug, Clone)]
pub struct Wrapper {
    pub name: String,
    pub fields: Vec<String>,
    pub level: Level,
}

/// The severity a project gives a built-in check's findings, or `Off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckSetting {
    Off,
    Warning,
    Error,
}

/// Everything the engine needs, validated.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub areas: Vec<Area>,
    pub contexts: Vec<Context>,
    pub wrappers: Vec<Wrapper>,
    pub loggers: Vec<String>,
    pub exclude: GlobSet,
    pub max_file_size: u64,
    pub checks: std::collections::BTreeMap<String, CheckSetting>,
    /// The rule folders the areas were read from; empty for the built-in default set.
    pub rule_dirs: Vec<PathBuf>,
    /// The project root: the directory of `logcov.toml`, else the checked directory.
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
}

pub const DEFAULT_MAX_FILE_SIZE: u64 = 4 * 1024 * 1024;

impl RuleSet {
    pub fn check_setting(&self, code: &str) -> Option<CheckSetting> {
        self.checks.get(code).copied()
    }

    pub fn uses_default_rules(&self) -> bool {
        self.rule_dirs.is_empty()
    }
}

/// Finds `logcov.toml` in `start` or one of its parents.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_file() {
        start.parent()?
    } else {
        start
    };
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// The location of the configuration for one run.
pub struct ConfigSource {
    pub config_file: Option<PathBuf>,
    /// Root to use when there is no config file.
    pub fallback_root: PathBuf,
    /// Whether to load the area files; `inspect` needs only the project file.
    pub load_rules: bool,
}

/// Loads the project file (if any) and every area file it names.
pub fn load(source: &ConfigSource) -> Result<RuleSet, ConfigErrors> {
    let mut errors = Vec::new();
    let (raw, root, config_text) = match &source.config_file {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match toml::from_str::<RawProject>(&text) {
                Ok(raw) => {
                    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
                    (raw, root, Some(text))
                }
                Err(error) => {
                    errors.push(ConfigError::invalid(
                        "configuration",
                        path,
                        &text,
                        error.span(),
                        error.message().to_string(),
                        Some(rules::toml_help(
                            error.message(),
                            "rules exclude loggers max_file_size [[context]] [[wrapper]] [checks]",
                        )),
                    ));
                    return Err(ConfigErrors { errors });
                }
            },
            Err(error) => {
                errors.push(ConfigError::Unreadable {
                    path: path.clone(),
                    cause: error.to_string(),
                });
                return Err(ConfigErrors { errors });
            }
        },
        None => (RawProject::default(), source.fallback_root.clone(), None),
    };
    let config_path = source
        .config_file
        .clone()
        .unwrap_or_else(|| root.join(CONFIG_FILE));
    let text = config_text.as_deref().unwrap_or("");
    let mut report = |span: std::ops::Range<usize>, message: String, help: Option<String>| {
        errors.push(ConfigError::invalid(
            "configuration",
            &config_path,
            text,
            Some(span),
            message,
            help,
        ));
    };

    let exclude = rules::build_globset(&raw.exclude, &mut |span, message| {
        report(span, message, Some(rules::glob_help()));
    });
    let contexts = validate_contexts(&raw.context, &mut report);
    let wrappers = validate_wrappers(&raw.wrapper, &mut report);
    let checks = validate_checks(&raw.checks, &mut report);

    let mut rule_dirs: Vec<PathBuf> = match &raw.rules {
        Some(list) => list.iter().map(|dir| root.join(dir.get_ref())).collect(),
        None if root.join("rules").is_dir() => vec![root.join("rules")],
        None => Vec::new(),
    };
    rule_dirs.dedup();
    if raw.rules.as_ref().is_some_and(Vec::is_empty) {
        let span = text.find("rules").map(|start| start..start + "rules".len());
        errors.push(ConfigError::invalid(
            "configuration",
            &config_path,
            text,
            span,
            "`rules` names no folder".to_string(),
            Some("list the rule folders, such as `rules = [\"rules\"]`, or remove the key to use the built-in rules".into()),
        ));
    }
    let areas = if source.load_rules {
        load_areas(&rule_dirs, &mut errors)
    } else {
        Vec::new()
    };
    check_area_references(&areas, &contexts, &mut errors);

    if !errors.is_empty() {
        return Err(ConfigErrors { errors });
    }
    Ok(RuleSet {
        areas,
        contexts,
        wrappers,
        loggers: raw.loggers,
        exclude,
        max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
        checks,
        rule_dirs,
        root,
        config_file: source.config_file.clone(),
    })
}

type Report<'a> = dyn FnMut(std::ops::Range<usize>, String, Option<String>) + 'a;

fn validate_contexts(raw: &[RawContext], report: &mut Report<'_>) -> Vec<Context> {
    let mut contexts: Vec<Context> = Vec::new();
    for context in raw {
        let name = context.name.get_ref().clone();
        if contexts.iter().any(|c| c.name == name) {
            report(
                context.name.span(),
                format!("duplicate context `{name}`"),
                Some("give each context its own name".into()),
            );
            continue;
        }
        let mut glob_report = |span, message| report(span, message, Some(rules::glob_help()));
        let paths = if context.paths.is_empty() {
            None
        } else {
            Some(rules::build_globset(&context.paths, &mut glob_report))
        };
        let exclude = rules::build_globset(&context.exclude, &mut glob_report);
        contexts.push(Context {
            name,
            description: context.description.clone(),
            fields: context.fields.iter().map(|f| f.get_ref().clone()).collect(),
            paths,
            exclude,
        });
    }
    contexts
}

fn validate_wrappers(raw: &[RawWrapper], report: &mut Report<'_>) -> Vec<Wrapper> {
    let mut wrappers = Vec::new();
    for wrapper in raw {
        let level = match &wrapper.level {
            None => Level::Info,
            Some(level) => Level::parse(level.get_ref()).unwrap_or_else(|| {
                report(
                    level.span(),
                    format!("unknown level `{}`", level.get_ref()),
                    Some("use one of trace, debug, info, warn, error, fatal".into()),
                );
                Level::Info
            }),
        };
        if wrapper.fields.is_empty() {
            report(
                wrapper.name.span(),
                format!("wrapper `{}` lists no fields", wrapper.name.get_ref()),
                Some("list the fields the wrapper logs, such as `fields = [\"provider\", \"latencyMs\"]`".into()),
            );
        }
        wrappers.push(Wrapper {
            name: wrapper.name.get_ref().clone(),
            fields: wrapper.fields.iter().map(|f| f.get_ref().clone()).collect(),
            level,
        });
    }
    wrappers
}

fn validate_checks(
    raw: &std::collections::BTreeMap<String, Spanned<String>>,
    report: &mut Report<'_>,
) -> std::collections::BTreeMap<String, CheckSetting> {
    let mut checks = std::collections::BTreeMap::new();
    for (code, setting) in raw {
        if crate::engine::checks::find(code).is_none() {
            report(
                setting.span(),
                format!("unknown check `{code}`"),
                Some(format!(
                    "known checks: {}",
                    crate::engine::checks::names().join(", ")
                )),
            );
            continue;
        }
        let value = match setting.get_ref().as_str() {
            "off" => CheckSetting::Off,
            "warning" | "warn" => CheckSetting::Warning,
            "error" => CheckSetting::Error,
            other => {
                report(
                    setting.span(),
                    format!("unknown setting `{other}` for check `{code}`"),
                    Some("use \"off\", \"warning\" or \"error\"".into()),
                );
                continue;
            }
        };
        checks.insert(code.clone(), value);
    }
    checks
}

fn load_areas(rule_dirs: &[PathBuf], errors: &mut Vec<ConfigError>) -> Vec<Area> {
    let mut areas = Vec::new();
    if rule_dirs.is_empty() {
        let path = Path::new("<built-in default rules>");
        areas.extend(rules::load_area_file(path, DEFAULT_RULES, errors));
        return areas;
    }
    for dir in rule_dirs {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(error) => {
                errors.push(ConfigError::Unreadable {
                    path: dir.clone(),
                    cause: error.to_string(),
                });
                continue;
            }
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            errors.push(ConfigError::NoRules { path: dir.clone() });
        }
        for file in files {
            match std::fs::read_to_string(&file) {
                Ok(text) => areas.extend(rules::load_area_file(&file, &text, errors)),
                Err(error) => errors.push(ConfigError::Unreadable {
                    path: file,
                    cause: error.to_string(),
                }),
            }
        }
    }
    areas
}

/// Reports duplicate area ids and contexts that no `[[context]]` defines.
fn check_area_references(areas: &[Area], contexts: &[Context], errors: &mut Vec<ConfigError>) {
    for (index, area) in areas.iter().enumerate() {
        if let Some(first) = areas[..index].iter().find(|other| other.id == area.id) {
            let text = std::fs::read_to_string(&area.source).unwrap_or_default();
            let span = text
                .find(&format!("\"{}\"", area.id))
                .map(|start| start..start + area.id.len() + 2);
            errors.push(ConfigError::invalid(
                "rule file",
                &area.source,
                &text,
                span,
                format!(
                    "duplicate area id `{}`, also used in {}",
                    area.id,
                    first.source.display()
                ),
                Some("give each area file its own `id`".into()),
            ));
        }
        let mut reported = std::collections::BTreeSet::new();
        for event in &area.events {
            for name in &event.contexts {
                if !contexts.iter().any(|c| &c.name == name) && reported.insert(name.clone()) {
                    let text = std::fs::read_to_string(&area.source).unwrap_or_default();
                    let span = text
                        .find(&format!("\"{name}\""))
                        .map(|start| start..start + name.len() + 2);
                    errors.push(ConfigError::invalid(
                        "rule file",
                        &area.source,
                        &text,
                        span,
                        format!("context `{name}` is not defined"),
                        Some(format!("define it in logcov.toml with `[[context]] name = \"{name}\"`, or remove it")),
                    ));
                }
            }
        }
    }
}

/// Field specs of a wrapper or context, normalised for matching.
pub fn normalized_names(names: &[String], dotted: bool) -> Vec<String> {
    names
        .iter()
        .map(|name| crate::engine::fields::normalize(name, dotted))
        .collect()
}

/// Expresses `path` relative to `root` without touching the file system: `..` and `.`
/// are resolved lexically, and a path outside the root is returned whole.
pub fn relative_to_root(root: &Path, path: &Path) -> String {
    fn normalize(path: &Path) -> PathBuf {
        let mut out = PathBuf::new();
        for component in path.components() {
            match component {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    }
    let path = normalize(path);
    let root = normalize(root);
    let shown = path.strip_prefix(&root).unwrap_or(&path);
    shown.to_string_lossy().replace('\\', "/")
}
