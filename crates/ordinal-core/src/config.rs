//! `.ordinal.yaml`: which rules run and at what severity.
//!
//! ```yaml
//! namespace: prod            # default namespace for resources without one
//! cluster-domain: cluster.local
//! fail-on: warning           # error | warning | info
//! rules:
//!   missing-resources: off   # off | error | warning | info
//!   pdb-missing: info
//! ```

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::parse::{parse_yaml, Limits, Node};

/// What to do with one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// Do not run it.
    Off,
    /// Run it at this severity.
    Severity(Severity),
}

/// Parsed configuration. Every field is optional so that command-line flags
/// can take precedence over it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// Default namespace.
    pub namespace: Option<String>,
    /// Cluster DNS domain.
    pub cluster_domain: Option<String>,
    /// Lowest severity that makes the CLI exit 1.
    pub fail_on: Option<Severity>,
    /// Per-rule settings.
    pub rules: BTreeMap<String, RuleSetting>,
}

/// A configuration file Ordinal cannot use.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ConfigError {
    /// Not YAML.
    #[error("line {line}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// Parser message.
        message: String,
    },
    /// A key or value Ordinal does not know.
    #[error("{0}")]
    Invalid(String),
}

impl Config {
    /// Parse a configuration file.
    pub fn from_yaml(text: &str) -> Result<Config, ConfigError> {
        let parsed = parse_yaml(text, Limits::default());
        if let Some(problem) = parsed.problems.first() {
            let line = text[..problem.span.start.min(text.len())].matches('\n').count() + 1;
            return Err(ConfigError::Syntax { line, message: problem.message.clone() });
        }
        let mut config = Config::default();
        let Some(root) = parsed.documents.into_iter().find_map(|d| d.root) else { return Ok(config) };
        if root.is_null() {
            return Ok(config);
        }
        let entries =
            root.entries().ok_or_else(|| ConfigError::Invalid("the configuration must be a mapping".into()))?;
        for entry in entries {
            let key = entry.key_text().unwrap_or_default();
            match key.as_str() {
                "namespace" => config.namespace = Some(string_value(&entry.value, &key)?),
                "cluster-domain" => config.cluster_domain = Some(string_value(&entry.value, &key)?),
                "fail-on" => {
                    let value = string_value(&entry.value, &key)?;
                    config.fail_on = Some(Severity::parse(&value).ok_or_else(|| {
                        ConfigError::Invalid(format!("fail-on: `{value}` is not error, warning or info"))
                    })?);
                }
                "rules" => {
                    let Some(rules) = entry.value.entries() else {
                        if entry.value.is_null() {
                            continue;
                        }
                        return Err(ConfigError::Invalid("rules: expected a mapping of rule id to setting".into()));
                    };
                    for rule in rules {
                        let id = rule.key_text().unwrap_or_default();
                        if crate::rules::find(&id).is_none() {
                            return Err(ConfigError::Invalid(format!("rules: unknown rule `{id}`")));
                        }
                        config.rules.insert(id.clone(), rule_setting(&rule.value, &id)?);
                    }
                }
                other => return Err(ConfigError::Invalid(format!("unknown key `{other}`"))),
            }
        }
        Ok(config)
    }

    /// The severity `id` runs at, or `None` when it is off.
    pub fn severity_of(&self, id: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(id) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(severity)) => Some(*severity),
            None => Some(default),
        }
    }
}

fn string_value(node: &Node, key: &str) -> Result<String, ConfigError> {
    node.as_str().map(str::to_string).ok_or_else(|| ConfigError::Invalid(format!("{key}: expected a string")))
}

/// `off` is a YAML 1.1 boolean, so `false` means off too.
fn rule_setting(node: &Node, id: &str) -> Result<RuleSetting, ConfigError> {
    let text = node.as_scalar().map(|s| s.text.as_str()).unwrap_or_default();
    match text {
        "off" | "false" | "disable" | "disabled" => Ok(RuleSetting::Off),
        "on" | "true" => Err(ConfigError::Invalid(format!("rules.{id}: use a severity (error, warning, info) or off"))),
        other => Severity::parse(other)
            .map(RuleSetting::Severity)
            .ok_or_else(|| ConfigError::Invalid(format!("rules.{id}: `{other}` is not off, error, warning or info"))),
    }
}
