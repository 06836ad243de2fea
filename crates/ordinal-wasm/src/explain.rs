//! Explain and nslookup: the core's explanation as its JSON shape, the SVG
//! timeline the core draws, and nslookup answers as JSON and CLI text.

use ordinal_core::explain::{self as core_explain, ExplainOptions, Explanation};
use ordinal_core::render::{explain_json, explain_text, svg};
use ordinal_core::SourceFile;
use serde_json::{json, Value};

use crate::Options;

impl Options {
    /// The core's explain options.
    pub fn explain_options(&self) -> ExplainOptions {
        let mut options = ExplainOptions::default();
        if let Some(namespace) = self.namespace.as_deref().filter(|ns| !ns.trim().is_empty()) {
            options.namespace = namespace.trim().to_string();
        }
        if let Some(domain) = self.cluster_domain.as_deref().filter(|d| !d.trim().is_empty()) {
            options.cluster_domain = domain.trim().to_string();
        }
        options.replicas = self.replicas;
        options.scale_to = self.scale_to;
        options.update = self.update;
        options
    }
}

fn explanation(yaml: &str, options: &Options) -> Explanation {
    let files = [SourceFile::new(options.file.as_deref().unwrap_or(crate::DEFAULT_FILE_NAME), yaml)];
    core_explain::explain(&files, &options.explain_options())
}

/// `{"json": <ordinal explain --format json>, "svg": "<svg ...>", "text": <ordinal explain>}`.
pub fn explain(yaml: &str, options: &Options) -> Value {
    let explanation = explanation(yaml, options);
    json!({
        "json": explain_json::to_value(&explanation),
        "svg": svg::render(&explanation),
        "text": explain_text::render(&explanation),
    })
}

/// Only the SVG timeline.
pub fn render_svg(yaml: &str, options: &Options) -> String {
    svg::render(&explanation(yaml, options))
}

/// `ordinal nslookup NAME --from POD --format json`, plus `"text"`: what the
/// CLI prints in text format.
pub fn nslookup(yaml: &str, options: &Options, query: &str, from: &str) -> Value {
    let explanation = explanation(yaml, options);
    let lookup = core_explain::nslookup(&explanation, query, from);
    let mut value = explain_json::nslookup_value(&lookup);
    if let Some(map) = value.as_object_mut() {
        map.insert("text".into(), explain_text::render_nslookup(&lookup).into());
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = ordinal_core::examples::WEB.yaml;

    #[test]
    fn explain_returns_the_core_shapes() {
        let value = explain(WEB, &Options::default());
        assert_eq!(value["json"]["statefulsets"][0]["pods"][1]["fqdn"], "web-1.nginx.default.svc.cluster.local");
        assert!(value["svg"].as_str().unwrap().contains("<svg"));
        assert!(value["text"].as_str().unwrap().contains("web-1"));
    }

    #[test]
    fn replicas_option_reaches_the_explanation() {
        let options = Options::from_json(r#"{"replicas": 5}"#).unwrap();
        let value = explain(WEB, &options);
        assert_eq!(value["json"]["statefulsets"][0]["replicas"], 5);
        assert_eq!(value["json"]["statefulsets"][0]["pods"][4]["fqdn"], "web-4.nginx.default.svc.cluster.local");
        assert!(value["svg"].as_str().unwrap().contains("web-4"));
        assert!(!explain(WEB, &Options::default())["svg"].as_str().unwrap().contains("web-4"));
        assert_eq!(
            nslookup(WEB, &options, "web-4.nginx", "web-0")["answer"]["name"],
            "web-4.nginx.default.svc.cluster.local"
        );
    }

    #[test]
    fn nslookup_answers_like_the_cli() {
        let value = nslookup(WEB, &Options::default(), "web-0.nginx", "web-1");
        assert_eq!(value["query"], "web-0.nginx");
        assert_eq!(value["answer"]["name"], "web-0.nginx.default.svc.cluster.local");
        assert!(value["text"].as_str().unwrap().contains("web-0.nginx.default.svc.cluster.local"));
    }
}
