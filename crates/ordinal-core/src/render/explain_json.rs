//! The JSON wire shape of `ordinal explain --format json` and
//! `ordinal nslookup --format json`. Stable: the playground and embed read it.
//!
//! ```json
//! {"statefulsets": [{"name", "namespace", "replicas", "pod_management_policy",
//!   "service": {"name", "headless", "found"},
//!   "pods": [{"ordinal", "name", "hostname", "fqdn" | null, "pvcs": [...]}],
//!   "startup": [[...], ...], "scale_down": [[...], ...], "rolling_update": [[...], ...]}],
//!  "dns": [{"name", "type", "values": [...]}]}
//! ```
//! A `"scale"` list of steps is added to a StatefulSet only when a scale target was given.

use serde_json::{json, Value};

use crate::explain::{AttemptOutcome, Explanation, Nslookup};

/// The explanation as a JSON value.
pub fn to_value(explanation: &Explanation) -> Value {
    let statefulsets: Vec<Value> = explanation
        .statefulsets
        .iter()
        .map(|sts| {
            let mut object = json!({
                "name": sts.name,
                "namespace": sts.namespace,
                "replicas": sts.replicas,
                "pod_management_policy": sts.pod_management_policy.as_str(),
                "service": {
                    "name": sts.service.name,
                    "headless": sts.service.headless,
                    "found": sts.service.found,
                },
                "pods": sts.pods.iter().map(|pod| json!({
                    "ordinal": pod.ordinal,
                    "name": pod.name,
                    "hostname": pod.hostname,
                    "fqdn": pod.fqdn,
                    "pvcs": pod.pvcs,
                })).collect::<Vec<_>>(),
                "startup": sts.startup.pod_lists(),
                "scale_down": sts.scale_down.pod_lists(),
                "rolling_update": sts.rolling_update.pod_lists(),
            });
            if let (Some(scale), Some(map)) = (&sts.scale, object.as_object_mut()) {
                map.insert("scale".into(), json!(scale.pod_lists()));
            }
            object
        })
        .collect();
    let dns: Vec<Value> = explanation
        .dns
        .iter()
        .map(|record| json!({"name": record.name, "type": record.record_type.as_str(), "values": record.values}))
        .collect();
    json!({"statefulsets": statefulsets, "dns": dns})
}

/// The explanation as pretty-printed JSON.
pub fn render(explanation: &Explanation) -> String {
    pretty(&to_value(explanation))
}

/// An nslookup result as a JSON value:
/// `{"query", "from", "tried": [...], "answer": {"name", "type", "values"} | null, "reason"}`.
/// `tried` lists the names the resolver sends, in order (names after the
/// answer are not sent and not listed).
pub fn nslookup_value(lookup: &Nslookup) -> Value {
    let tried: Vec<&str> = lookup
        .tried
        .iter()
        .filter(|attempt| attempt.outcome != AttemptOutcome::NotSent)
        .map(|attempt| attempt.name.as_str())
        .collect();
    let answer = lookup
        .answer
        .as_ref()
        .map(|record| json!({"name": record.name, "type": record.record_type.as_str(), "values": record.values}));
    json!({"query": lookup.query, "from": lookup.from, "tried": tried, "answer": answer, "reason": lookup.reason})
}

/// An nslookup result as pretty-printed JSON.
pub fn render_nslookup(lookup: &Nslookup) -> String {
    pretty(&nslookup_value(lookup))
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
