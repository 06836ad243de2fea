//! Reading the options a page sends as JSON.
//!
//! JSON is YAML, so the core's own parser reads them: a JSON decoder (serde
//! and serde_json's deserializer) would cost the docs embed about 8 KB of
//! its 250 KB gzipped budget for a handful of keys.

use ordinal_core::parse::{parse_yaml, Limits, Node, NodeValue, Resolved, Scalar};

use crate::Options;

/// Parse options sent as JSON; an empty string means the defaults. Unknown
/// keys and values of the wrong type are errors, so that a typo in a page
/// does not pass silently.
pub fn from_json(text: &str) -> Result<Options, String> {
    if text.trim().is_empty() {
        return Ok(Options::default());
    }
    let parsed = parse_yaml(text, Limits::default());
    let mut documents = parsed.documents.into_iter();
    let document = documents.next().ok_or("invalid options: no JSON object")?;
    if let Some(problem) = parsed.problems.first().or(document.problems.first()) {
        return Err(format!("invalid options: {}", problem.message));
    }
    if documents.next().is_some() {
        return Err("invalid options: more than one JSON value".into());
    }
    let root = document.root.ok_or("invalid options: no JSON object")?;
    let entries = root.entries().ok_or("invalid options: expected a JSON object")?;
    let mut options = Options::default();
    for entry in entries {
        let key = entry.key_text().unwrap_or_default();
        let value = &entry.value;
        match key.as_str() {
            "namespace" => options.config.namespace = string(&key, value)?,
            "cluster_domain" | "clusterDomain" | "cluster-domain" => {
                options.config.cluster_domain = string(&key, value)?
            }
            "replicas" => options.replicas = int(&key, value)?,
            "scale_to" | "scaleTo" | "scale-to" => options.scale_to = int(&key, value)?,
            "update" => options.update = boolean(&key, value)?.unwrap_or(false),
            "text" => options.text = boolean(&key, value)?.unwrap_or(false),
            "file" => options.file = string(&key, value)?,
            "step" => {
                options.step = int(&key, value)?
                    .map(|step| usize::try_from(step).map_err(|_| wrong(&key, "at least 0")))
                    .transpose()?
            }
            "rules" => {
                if value.is_null() {
                    continue;
                }
                let rules = value.entries().ok_or_else(|| wrong(&key, "an object"))?;
                for rule in rules {
                    let id = rule.key_text().unwrap_or_default();
                    let setting = rule.value.as_str().ok_or_else(|| wrong(&format!("rules.{id}"), "a string"))?;
                    options.config.set_rule(&id, setting).map_err(|error| format!("invalid options: {error}"))?;
                }
            }
            other => return Err(format!("invalid options: unknown field `{other}`")),
        }
    }
    Ok(options)
}

fn wrong(key: &str, expected: &str) -> String {
    format!("invalid options: `{key}` must be {expected}")
}

fn string(key: &str, value: &Node) -> Result<Option<String>, String> {
    if value.is_null() {
        return Ok(None);
    }
    value.as_str().map(|text| Some(text.to_string())).ok_or_else(|| wrong(key, "a string"))
}

fn int(key: &str, value: &Node) -> Result<Option<i32>, String> {
    match value.as_scalar().map(Scalar::resolved) {
        Some(Resolved::Null) => Ok(None),
        Some(Resolved::Int(number)) => i32::try_from(number).map(Some).map_err(|_| wrong(key, "a 32-bit integer")),
        _ => Err(wrong(key, "an integer")),
    }
}

fn boolean(key: &str, value: &Node) -> Result<Option<bool>, String> {
    match &value.value {
        NodeValue::Scalar(scalar) => match scalar.resolved() {
            Resolved::Null => Ok(None),
            Resolved::Bool(flag) => Ok(Some(flag)),
            _ => Err(wrong(key, "true or false")),
        },
        _ => Err(wrong(key, "true or false")),
    }
}

#[cfg(test)]
mod tests {
    use super::from_json;

    #[test]
    fn reads_every_key_in_both_spellings() {
        let options = from_json(
            r#"{"namespace": "prod", "clusterDomain": "example.org", "replicas": 4, "scale_to": 6,
                "update": true, "text": true, "rules": {"pdb-missing": "off"}, "file": "a.yaml", "step": 2}"#,
        )
        .unwrap();
        assert_eq!(options.config.namespace.as_deref(), Some("prod"));
        assert_eq!(options.config.cluster_domain.as_deref(), Some("example.org"));
        assert_eq!((options.replicas, options.scale_to, options.update, options.text), (Some(4), Some(6), true, true));
        assert_eq!(options.config.rules.get("pdb-missing"), Some(&ordinal_core::config::RuleSetting::Off));
        assert_eq!(options.file.as_deref(), Some("a.yaml"));
        assert_eq!(options.step, Some(2));
        assert_eq!(from_json(r#"{"cluster-domain": "x.org", "scaleTo": null}"#).unwrap().scale_to, None);
        assert_eq!(from_json("  ").unwrap(), crate::Options::default());
    }

    #[test]
    fn rejects_what_json_options_cannot_mean() {
        for (text, message) in [
            (r#"{"colour": 1}"#, "unknown field `colour`"),
            (r#"{"replicas": "3"}"#, "`replicas` must be an integer"),
            (r#"{"replicas": 1.5}"#, "`replicas` must be an integer"),
            (r#"{"replicas": 99999999999}"#, "`replicas` must be a 32-bit integer"),
            (r#"{"update": "yes"}"#, "`update` must be true or false"),
            (r#"{"namespace": 7}"#, "`namespace` must be a string"),
            (r#"{"step": -1}"#, "`step` must be at least 0"),
            (r#"{"rules": {"pdb-missing": 0}}"#, "`rules.pdb-missing` must be a string"),
            (r#"[1, 2]"#, "expected a JSON object"),
            (r#"{"namespace": "#, "invalid options:"),
        ] {
            let error = from_json(text).unwrap_err();
            assert!(error.starts_with("invalid options:") && error.contains(message), "{text}: {error}");
        }
    }
}
