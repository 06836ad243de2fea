//! `.ordinal.yaml`, and the settings that override it: which rules run and
//! at what severity, and the defaults for namespace, cluster domain and
//! `fail-on`. [`Config::resolve`] turns them into the one [`Options`] every
//! entry point takes.
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
pub use crate::options::RuleSetting;
use crate::options::{normalize_domain, Options, DEFAULT_NAMESPACE};
use crate::parse::{parse_yaml, Limits, Node};

/// Settings from one place: `.ordinal.yaml`, command-line flags or the
/// options a page passes. Every field is optional so that one layer can
/// override another ([`Config::or`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
                        // `off` is a YAML 1.1 boolean: its text is what was meant.
                        let setting = rule.value.as_scalar().map(|s| &*s.text).unwrap_or_default();
                        config.set_rule(&id, setting)?;
                    }
                }
                other => return Err(ConfigError::Invalid(format!("unknown key `{other}`"))),
            }
        }
        Ok(config)
    }

    /// These settings, with `lower` filling in what they leave unset (flags
    /// `.or(file)`); rule settings are merged, these winning per rule.
    pub fn or(mut self, lower: Config) -> Config {
        self.namespace = self.namespace.or(lower.namespace);
        self.cluster_domain = self.cluster_domain.or(lower.cluster_domain);
        self.fail_on = self.fail_on.or(lower.fail_on);
        for (id, setting) in lower.rules {
            self.rules.entry(id).or_insert(setting);
        }
        self
    }

    /// The options of a run: these settings over the defaults. A blank
    /// namespace or cluster domain means the default, as an empty field in
    /// the playground does.
    pub fn resolve(&self) -> Options {
        let defaults = Options::default();
        let namespace = self.namespace.as_deref().map(str::trim).filter(|ns| !ns.is_empty());
        Options {
            namespace: namespace.unwrap_or(DEFAULT_NAMESPACE).to_string(),
            cluster_domain: self.cluster_domain.as_deref().map_or(defaults.cluster_domain.clone(), normalize_domain),
            rules: self.rules.clone(),
            fail_on: self.fail_on.unwrap_or(defaults.fail_on),
            ..defaults
        }
    }

    /// Set rule `id` from its written setting, checking both.
    pub fn set_rule(&mut self, id: &str, setting: &str) -> Result<(), ConfigError> {
        if !crate::rules::is_known(id) {
            return Err(ConfigError::Invalid(format!("rules: unknown rule `{id}`")));
        }
        let setting = match setting {
            "on" | "true" => {
                return Err(ConfigError::Invalid(format!("rules.{id}: use a severity (error, warning, info) or off")))
            }
            other => RuleSetting::parse(other).ok_or_else(|| {
                ConfigError::Invalid(format!("rules.{id}: `{other}` is not off, error, warning or info"))
            })?,
        };
        self.rules.insert(id.to_string(), setting);
        Ok(())
    }
}

fn string_value(node: &Node, key: &str) -> Result<String, ConfigError> {
    node.as_str().map(str::to_string).ok_or_else(|| ConfigError::Invalid(format!("{key}: expected a string")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_blank_values_mean_the_defaults() {
        let file = Config::from_yaml(
            "namespace: prod\ncluster-domain: Example.Org.\nrules:\n  pdb-missing: off\n  missing-resources: info\n",
        )
        .unwrap();
        let mut flags = Config { namespace: Some("qa".into()), ..Config::default() };
        flags.set_rule("pdb-missing", "warning").unwrap();
        let options = flags.or(file).resolve();
        assert_eq!(options.namespace, "qa");
        assert_eq!(options.cluster_domain, "example.org");
        assert_eq!(options.rules.get("pdb-missing"), Some(&RuleSetting::Severity(Severity::Warning)));
        assert_eq!(options.severity_of("missing-resources", Severity::Warning), Some(Severity::Info));
        let blank = Config { namespace: Some(" ".into()), cluster_domain: Some(String::new()), ..Config::default() };
        let options = blank.resolve();
        assert_eq!((options.namespace.as_str(), options.cluster_domain.as_str()), ("default", "cluster.local"));
    }

    #[test]
    fn rule_settings_are_spelled_the_same_in_the_file_and_in_flags() {
        for off in ["off", "false", "disable", "disabled"] {
            let file = Config::from_yaml(&format!("rules:\n  pdb-missing: {off}\n")).unwrap();
            let mut flags = Config::default();
            flags.set_rule("pdb-missing", off).unwrap();
            assert_eq!(file.rules, flags.rules, "{off}");
            assert_eq!(file.resolve().severity_of("pdb-missing", Severity::Info), None);
        }
        assert!(Config::default().set_rule("no-such-rule", "off").is_err());
        assert!(Config::default().set_rule("pdb-missing", "on").is_err());
        assert!(Config::from_yaml("rules:\n  pdb-missing: true\n").is_err());
    }

    #[test]
    fn an_opt_in_rule_runs_only_when_the_configuration_names_it() {
        let meta = crate::rules::find("minimum-three-replicas").unwrap().meta();
        assert!(!meta.enabled_by_default);
        let two = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: etcd}\nspec:\n  serviceName: etcd\n  replicas: 2\n  selector: {matchLabels: {app: etcd}}\n  template:\n    metadata: {labels: {app: etcd}}\n    spec: {containers: [{name: etcd, image: etcd:3.5}]}\n";
        let files = [crate::SourceFile::new("etcd.yaml", two)];
        let found = |config: &Config| {
            crate::lint(&files, &config.resolve())
                .diagnostics
                .iter()
                .filter(|diagnostic| diagnostic.rule == "minimum-three-replicas")
                .map(|diagnostic| diagnostic.severity)
                .collect::<Vec<_>>()
        };
        assert_eq!(found(&Config::default()), []);
        assert_eq!(Config::default().resolve().rule_severity(meta), None);
        let file = Config::from_yaml("rules:\n  minimum-three-replicas: warning\n").unwrap();
        assert_eq!(found(&file), [Severity::Warning]);
        let file = Config::from_yaml("rules:\n  minimum-three-replicas: error\n").unwrap();
        assert_eq!(found(&file), [Severity::Error]);
        let mut flags = Config::default();
        flags.set_rule("minimum-three-replicas", "info").unwrap();
        assert_eq!(found(&flags), [Severity::Info]);
        let off = Config::from_yaml("rules:\n  minimum-three-replicas: off\n").unwrap();
        assert_eq!(found(&off), []);
        // Every other rule stays on by default.
        let on = crate::rules::RULES.iter().filter(|rule| rule.meta().enabled_by_default).count();
        assert_eq!(on + 1, crate::rules::RULES.len());
    }
}
