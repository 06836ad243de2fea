//! The settings of one run, shared by lint, explain and nslookup in every
//! face. Each face resolves them once ([`crate::Config::resolve`]: flags or
//! page options over `.ordinal.yaml` over these defaults) and passes the
//! same [`Options`] to every entry point, so that `ordinal lint`,
//! `ordinal explain` and the playground agree on the namespace, the cluster
//! domain and the rules.

use std::collections::BTreeMap;

use crate::diagnostic::{RuleMeta, Severity};
use crate::parse::Limits;

pub use crate::semantics::{DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE};

/// What to do with one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    /// Do not run it.
    Off,
    /// Run it at this severity.
    Severity(Severity),
}

impl RuleSetting {
    /// Read a setting as `.ordinal.yaml` and the page options spell it:
    /// `off` (also `false`, `disable`, `disabled`, because `off` is a YAML
    /// 1.1 boolean and people write the others) or a severity.
    pub fn parse(text: &str) -> Option<RuleSetting> {
        match text {
            "off" | "false" | "disable" | "disabled" => Some(RuleSetting::Off),
            other => Severity::parse(other).map(RuleSetting::Severity),
        }
    }
}

/// Everything that shapes one run, resolved.
#[derive(Debug, Clone)]
pub struct Options {
    /// Namespace of resources that do not set one.
    pub namespace: String,
    /// The cluster's DNS domain, normalised by [`normalize_domain`].
    pub cluster_domain: String,
    /// Rule settings by rule id; rules not listed run at their default severity.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Lowest severity that makes a run fail (the CLI's exit code 1).
    pub fail_on: Severity,
    /// Parser limits.
    pub limits: Limits,
    /// Explain as if every StatefulSet's `spec.replicas` were this many
    /// (what-if); a negative value is treated as 0.
    pub replicas: Option<i32>,
    /// Explain: also plan a scale from `replicas` to this many pods.
    pub scale_to: Option<i32>,
    /// Explain: show the rolling update plan in text and SVG (JSON always has it).
    pub update: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            namespace: DEFAULT_NAMESPACE.into(),
            cluster_domain: DEFAULT_CLUSTER_DOMAIN.into(),
            rules: BTreeMap::new(),
            fail_on: Severity::Error,
            limits: Limits::default(),
            replicas: None,
            scale_to: None,
            update: false,
        }
    }
}

impl Options {
    /// The severity rule `id` runs at (its `default` unless configured), or
    /// `None` when it is off.
    pub fn severity_of(&self, id: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(id) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(severity)) => Some(*severity),
            None => Some(default),
        }
    }

    /// The severity the rule of `meta` runs at, or `None` when it is off:
    /// configured, else its default, and an opt-in rule
    /// (`enabled_by_default: false`) is off unless configured.
    pub fn rule_severity(&self, meta: &RuleMeta) -> Option<Severity> {
        match self.rules.get(meta.id) {
            None if !meta.enabled_by_default => None,
            _ => self.severity_of(meta.id, meta.severity),
        }
    }
}

/// A cluster domain as DNS compares it: lowercase, without leading or
/// trailing dots; the default when nothing is left.
pub fn normalize_domain(domain: &str) -> String {
    let trimmed = domain.trim().trim_matches('.').to_ascii_lowercase();
    if trimmed.is_empty() {
        DEFAULT_CLUSTER_DOMAIN.into()
    } else {
        trimmed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_off_and_each_severity() {
        for off in ["off", "false", "disable", "disabled"] {
            assert_eq!(RuleSetting::parse(off), Some(RuleSetting::Off), "{off}");
        }
        assert_eq!(RuleSetting::parse("warn"), Some(RuleSetting::Severity(Severity::Warning)));
        assert_eq!(RuleSetting::parse("info"), Some(RuleSetting::Severity(Severity::Info)));
        assert_eq!(RuleSetting::parse("on"), None);
    }

    #[test]
    fn domains_are_compared_normalised() {
        assert_eq!(normalize_domain(" Example.Org. "), "example.org");
        assert_eq!(normalize_domain("."), DEFAULT_CLUSTER_DOMAIN);
    }
}
