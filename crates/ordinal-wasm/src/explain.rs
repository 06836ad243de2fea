//! Explain and nslookup: the core's explanation as its wire struct, the SVG
//! timeline the core draws (through the page's SVG policy), and nslookup
//! answers with the CLI's text.

use ordinal_core::explain::{self as core_explain, Explanation};
use ordinal_core::render::explain_json::{self, ExplainJson, NslookupJson};
use ordinal_core::render::{explain_text, svg};
use ordinal_core::SourceFile;
use serde::Serialize;

use crate::{svg_policy, Options};

/// What `explain()` returns: `{"json", "svg", "text"?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ExplainOutput {
    /// `ordinal explain --format json`.
    pub json: ExplainJson,
    /// The SVG timeline of `ordinal explain --format svg`, after
    /// [`svg_policy::sanitize`].
    pub svg: String,
    /// How many steps the plan the SVG follows has (the largest over the
    /// StatefulSets drawn): [`Options::step`] goes from 0 to it.
    pub steps: usize,
    /// With [`Options::step`]: the DNS records that exist at that step
    /// (`ordinal_core::explain::records_at`), for the page's DNS table.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub dns_at_step: Option<Vec<explain_json::DnsRecordJson>>,
    /// What `ordinal explain` prints, only when [`Options::text`] asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub text: Option<String>,
}

/// What `nslookup()` returns: `ordinal nslookup --format json` plus `"text"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS), ts(rename = "NslookupResult"))]
pub struct NslookupOutput {
    /// The CLI's JSON shape.
    #[serde(flatten)]
    pub lookup: NslookupJson,
    /// What `ordinal nslookup` prints in text format.
    pub text: String,
}

fn explanation(yaml: &str, options: &Options) -> Explanation {
    let files = [SourceFile::new(options.file_name(), yaml)];
    core_explain::explain(&files, &options.core_options())
}

/// The explanation, its SVG and, on request, its text.
pub fn explain(yaml: &str, options: &Options) -> ExplainOutput {
    let explanation = explanation(yaml, options);
    ExplainOutput {
        json: explain_json::to_json(&explanation),
        svg: svg_policy::sanitize(&svg::render_at(&explanation, options.step)),
        steps: svg::shown_steps(&explanation),
        dns_at_step: options.step.map(|step| {
            core_explain::records_at(&explanation, Some(step)).iter().map(explain_json::dns_record_json).collect()
        }),
        text: rendered_text(options, &explanation),
    }
}

#[cfg(feature = "explain-text")]
fn rendered_text(options: &Options, explanation: &Explanation) -> Option<String> {
    options.text.then(|| explain_text::render(explanation))
}

/// Without the `explain-text` feature (the docs embed) there is no text
/// renderer, so `text` is never filled in.
#[cfg(not(feature = "explain-text"))]
fn rendered_text(_options: &Options, _explanation: &Explanation) -> Option<String> {
    None
}

/// Only the SVG timeline (after [`svg_policy::sanitize`]).
pub fn render_svg(yaml: &str, options: &Options) -> String {
    svg_policy::sanitize(&svg::render_at(&explanation(yaml, options), options.step))
}

/// `ordinal nslookup NAME --from POD --format json`, plus the text the CLI prints.
pub fn nslookup(yaml: &str, options: &Options, query: &str, from: &str) -> NslookupOutput {
    let mut explanation = explanation(yaml, options);
    // At a step, only the names that exist then answer.
    if options.step.is_some() {
        explanation.dns = core_explain::records_at(&explanation, options.step);
    }
    let lookup = core_explain::nslookup(&explanation, query, from);
    NslookupOutput { lookup: explain_json::nslookup_json(&lookup), text: explain_text::render_nslookup(&lookup) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEB: &str = ordinal_core::examples::WEB.yaml;

    #[test]
    fn explain_returns_the_core_shapes() {
        let output = explain(WEB, &Options::default());
        assert_eq!(output.json.statefulsets[0].pods[1].fqdn.as_deref(), Some("web-1.nginx.default.svc.cluster.local"));
        assert!(output.svg.starts_with("<svg"));
        let value = serde_json::to_value(&output).unwrap();
        assert_eq!(value["json"], serde_json::to_value(&output.json).unwrap());
        assert!(value.get("text").is_none(), "text only on request: {value}");
    }

    #[test]
    fn text_is_rendered_only_when_asked() {
        assert_eq!(explain(WEB, &Options::default()).text, None);
        let options = Options::from_json(r#"{"text": true}"#).unwrap();
        let text = explain(WEB, &options).text.expect("text");
        assert!(text.contains("web-1.nginx.default.svc.cluster.local"), "{text}");
    }

    #[test]
    fn replicas_option_reaches_the_explanation() {
        let options = Options::from_json(r#"{"replicas": 5}"#).unwrap();
        let output = explain(WEB, &options);
        assert_eq!(output.json.statefulsets[0].replicas, 5);
        assert_eq!(output.json.statefulsets[0].pods[4].fqdn.as_deref(), Some("web-4.nginx.default.svc.cluster.local"));
        assert!(output.svg.contains("web-4"));
        assert!(!explain(WEB, &Options::default()).svg.contains("web-4"));
        let answer = nslookup(WEB, &options, "web-4.nginx", "web-0").lookup.answer.expect("answer");
        assert_eq!(answer.name, "web-4.nginx.default.svc.cluster.local");
    }

    #[test]
    fn step_option_draws_that_step() {
        let output = explain(WEB, &Options::from_json(r#"{"step": 1}"#).unwrap());
        assert_eq!(output.steps, 2, "the example web: two OrderedReady startup steps");
        assert!(output.svg.contains(r#"data-pod="web-0" data-state="pending""#), "{}", output.svg);
        assert!(output.svg.contains(r#"data-pod="web-1" data-state="absent""#));
        let done = explain(WEB, &Options::default());
        assert!(done.svg.contains(r#"data-pod="web-1" data-state="ready""#));
        assert_eq!(render_svg(WEB, &Options::from_json(r#"{"step": 1}"#).unwrap()), output.svg);
        let dns = output.dns_at_step.expect("DNS at the step");
        assert!(!dns.iter().any(|record| record.name.starts_with("web-0.")), "web-0 is not Ready yet");
        assert!(done.dns_at_step.is_none());
        let at_two = Options::from_json(r#"{"step": 2}"#).unwrap();
        assert!(nslookup(WEB, &at_two, "web-0.nginx", "web-1").lookup.answer.is_some());
        assert!(nslookup(WEB, &at_two, "web-1.nginx", "web-0").lookup.answer.is_none());
    }

    #[test]
    fn nslookup_answers_like_the_cli() {
        let output = nslookup(WEB, &Options::default(), "web-0.nginx", "web-1");
        assert_eq!(output.lookup.query, "web-0.nginx");
        assert_eq!(
            output.lookup.answer.as_ref().map(|a| a.name.as_str()),
            Some("web-0.nginx.default.svc.cluster.local")
        );
        assert!(output.text.contains("web-0.nginx.default.svc.cluster.local"));
        let value = serde_json::to_value(&output).unwrap();
        let mut keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(keys, ["answer", "from", "query", "reason", "text", "tried"]);
    }
}
