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
//!
//! Inputs of ordinary size get exactly the shape above. When a run's budget
//! ([`MAX_TOTAL_PODS`](crate::explain::MAX_TOTAL_PODS) pods,
//! [`MAX_DNS_VALUES`](crate::explain::MAX_DNS_VALUES) DNS values,
//! [`MAX_ENDPOINTS`](crate::explain::MAX_ENDPOINTS) endpoints) or the
//! per-StatefulSet [`MAX_PODS`](crate::explain::MAX_PODS) cuts the output,
//! two fields say so, and only then:
//! - `"listed_pods": N` on a StatefulSet whose `"pods"` (and plans) list only
//!   the first N of its `"replicas"`;
//! - `"notes": ["..."]` at the top level, one sentence per budget that left
//!   something out (later pods, DNS records, Service endpoints).

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
            if let (true, Some(map)) = ((sts.pods.len() as i64) < sts.replicas, object.as_object_mut()) {
                map.insert("listed_pods".into(), json!(sts.pods.len()));
            }
            object
        })
        .collect();
    let dns: Vec<Value> = explanation
        .dns
        .iter()
        .map(|record| json!({"name": record.name, "type": record.record_type.as_str(), "values": record.values}))
        .collect();
    let mut value = json!({"statefulsets": statefulsets, "dns": dns});
    if let (false, Some(map)) = (explanation.notes.is_empty(), value.as_object_mut()) {
        map.insert("notes".into(), json!(explanation.notes));
    }
    value
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
