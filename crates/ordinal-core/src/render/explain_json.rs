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
//! `"step_states"` gives, per plan, the pods at each moment: entry 0 is before
//! the plan, entry `k` while step `k` waits. Each moment is a list of runs of
//! consecutive pods in the same state, `{"first", "last", "count", "state",
//! "resolves", "revision"?, "kept_by_partition"?, "claims"?}`, so it stays a
//! handful of runs per step whatever the number of pods
//! ([`crate::explain::Timeline`]).
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
//!
//! Every struct lists its fields in alphabetical order because that is the
//! order the output has always had (it was built as `serde_json` maps, which
//! sort their keys): the bytes of the output are part of the stable shape.
//! The structs own their strings, so that the WASM face can hand them to the
//! playground after the explanation is gone.

use serde::Serialize;

use crate::explain::{
    AttemptOutcome, ClaimFate, DnsRecord, Explanation, Nslookup, PlanKind, StatefulSetExplanation, Timeline,
};

/// `ordinal explain --format json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Explanation"))]
pub struct ExplainJson {
    /// Every DNS record once all pods are Running and Ready.
    pub dns: Vec<DnsRecordJson>,
    /// One sentence per run budget that left something out; only when one did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<String>>"))]
    pub notes: Vec<String>,
    /// Every StatefulSet, in input order.
    pub statefulsets: Vec<StatefulSetJson>,
}

/// One StatefulSet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "StatefulSetExplanation"))]
pub struct StatefulSetJson {
    /// How many of `replicas` the pods and plans list, only when a budget cut them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = "number"))]
    pub listed_pods: Option<usize>,
    /// `metadata.name`.
    pub name: String,
    /// Effective namespace.
    pub namespace: String,
    /// `OrderedReady` or `Parallel`.
    #[cfg_attr(feature = "ts", ts(type = r#""OrderedReady" | "Parallel""#))]
    pub pod_management_policy: String,
    /// The pods, in ordinal order.
    pub pods: Vec<PodJson>,
    /// Replicas explained (the manifest's, or the what-if value).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub replicas: i64,
    /// Waves of pod names of the rolling update: each inner list goes together.
    pub rolling_update: Vec<Vec<String>>,
    /// Waves of pod names of the scale to the requested size (only when a
    /// scale target was given).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub scale: Option<Vec<Vec<String>>>,
    /// Waves of pod names of a scale-down to zero.
    pub scale_down: Vec<Vec<String>>,
    /// The governing Service.
    pub service: ServiceJson,
    /// Waves of pod names of the startup from nothing.
    pub startup: Vec<Vec<String>>,
    /// The pods at each moment of each plan.
    pub step_states: StepStatesJson,
}

/// The pods at each moment of each plan: entry 0 before the plan, entry `k`
/// while step `k` waits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "StepStates"))]
pub struct StepStatesJson {
    /// The rolling update (every pod at the current revision when `OnDelete`).
    pub rolling_update: Vec<Vec<PodRunJson>>,
    /// The scale to the requested size, only when a scale target was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub scale: Option<Vec<Vec<PodRunJson>>>,
    /// The scale-down to zero.
    pub scale_down: Vec<Vec<PodRunJson>>,
    /// The startup from nothing.
    pub startup: Vec<Vec<PodRunJson>>,
}

/// Consecutive pods (in ordinal order) in the same state at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "PodRun"))]
pub struct PodRunJson {
    /// For pods a scale-down removed and that have claims: `kept` or
    /// `deleted`, per `persistentVolumeClaimRetentionPolicy.whenScaled`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = r#""kept" | "deleted""#))]
    pub claims: Option<String>,
    /// How many pods.
    pub count: usize,
    /// The first pod's name.
    pub first: String,
    /// In the update plan: true for pods the partition keeps at the current revision.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<bool>"))]
    pub kept_by_partition: bool,
    /// The last pod's name.
    pub last: String,
    /// Whether their per-pod DNS names resolve.
    pub resolves: bool,
    /// In the update plan: `current` or `updated`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional, type = r#""current" | "updated""#))]
    pub revision: Option<String>,
    /// `absent`, `pending` (created, not yet Ready) or `ready`.
    #[cfg_attr(feature = "ts", ts(type = r#""absent" | "pending" | "ready""#))]
    pub state: String,
}

/// The governing Service of a StatefulSet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "GoverningService"))]
pub struct ServiceJson {
    /// Whether a Service of that name exists in the namespace.
    pub found: bool,
    /// Whether it is headless (`clusterIP: None`).
    pub headless: bool,
    /// `spec.serviceName`, or null when unset.
    pub name: Option<String>,
}

/// One pod.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Pod"))]
pub struct PodJson {
    /// The pod's DNS name, or null when no headless governing Service gives it one.
    pub fqdn: Option<String>,
    /// `hostname` (the pod name).
    pub hostname: String,
    /// Pod name.
    pub name: String,
    /// Ordinal.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub ordinal: i64,
    /// The PersistentVolumeClaims it mounts, one per volume claim template.
    pub pvcs: Vec<String>,
}

/// A DNS record set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DnsRecord"))]
pub struct DnsRecordJson {
    /// Fully qualified name, without the trailing dot.
    pub name: String,
    /// `A`, `SRV` or `CNAME`.
    #[serde(rename = "type")]
    pub record_type: String,
    /// Addresses, SRV `<port> <target>` or the CNAME target.
    pub values: Vec<String>,
}

/// `ordinal nslookup NAME --from POD --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Nslookup"))]
pub struct NslookupJson {
    /// The record that answered, or null.
    pub answer: Option<DnsRecordJson>,
    /// The pod it was asked from, as given.
    pub from: String,
    /// The name as asked.
    pub query: String,
    /// Why this answer (or none).
    pub reason: String,
    /// The names the resolver sends, in order (names after the answer are
    /// not sent and not listed).
    pub tried: Vec<String>,
}

/// The wire value of `explanation`.
pub fn to_json(explanation: &Explanation) -> ExplainJson {
    ExplainJson {
        dns: explanation.dns.iter().map(dns_record_json).collect(),
        notes: explanation.notes.clone(),
        statefulsets: explanation.statefulsets.iter().map(statefulset_json).collect(),
    }
}

/// The explanation as pretty-printed JSON: what [`write`] writes.
pub fn render(explanation: &Explanation) -> String {
    let mut text = Vec::new();
    // Serialising plain structs of strings and numbers into memory cannot
    // fail, and serde_json writes UTF-8.
    match write(&mut text, explanation) {
        Ok(()) => String::from_utf8(text).unwrap_or_default(),
        Err(_) => "{}\n".into(),
    }
}

/// Write the explanation as pretty-printed JSON, the shape of [`to_json`]'s
/// value, each StatefulSet's wire value built only as it is written: the
/// value of a big explanation and its text were each several times the
/// input (32,000 StatefulSets: 36 MB of JSON, held in a string that doubled
/// as it grew).
pub fn write(mut writer: impl std::io::Write, explanation: &Explanation) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut writer, &Streamed(explanation)).map_err(std::io::Error::from)?;
    writer.write_all(b"\n")
}

/// [`ExplainJson`], serialised from the explanation as it is written.
struct Streamed<'a>(&'a Explanation);

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let explanation = self.0;
        // The same fields, names, order and skipping as `ExplainJson`'s derive.
        let fields = if explanation.notes.is_empty() { 2 } else { 3 };
        let mut json = serializer.serialize_struct("ExplainJson", fields)?;
        json.serialize_field("dns", &Each(&explanation.dns, dns_record_json))?;
        if !explanation.notes.is_empty() {
            json.serialize_field("notes", &explanation.notes)?;
        }
        json.serialize_field("statefulsets", &Each(&explanation.statefulsets, statefulset_json))?;
        json.end()
    }
}

/// A list serialised as `convert` makes each item's wire value, one at a time.
struct Each<'a, T, J>(&'a [T], fn(&T) -> J);

impl<T, J: Serialize> Serialize for Each<'_, T, J> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

/// The wire value of an nslookup result.
pub fn nslookup_json(lookup: &Nslookup) -> NslookupJson {
    NslookupJson {
        answer: lookup.answer.as_ref().map(dns_record_json),
        from: lookup.from.clone(),
        query: lookup.query.clone(),
        reason: lookup.reason.clone(),
        tried: lookup
            .tried
            .iter()
            .filter(|attempt| attempt.outcome != AttemptOutcome::NotSent)
            .map(|attempt| attempt.name.clone())
            .collect(),
    }
}

/// An nslookup result as pretty-printed JSON.
pub fn render_nslookup(lookup: &Nslookup) -> String {
    pretty(&nslookup_json(lookup))
}

fn statefulset_json(sts: &StatefulSetExplanation) -> StatefulSetJson {
    StatefulSetJson {
        listed_pods: ((sts.pods.len() as i64) < sts.replicas).then_some(sts.pods.len()),
        name: sts.name.clone(),
        namespace: sts.namespace.clone(),
        pod_management_policy: sts.pod_management_policy.as_str().to_string(),
        pods: sts
            .pods
            .iter()
            .map(|pod| PodJson {
                fqdn: pod.fqdn.clone(),
                hostname: pod.hostname.clone(),
                name: pod.name.clone(),
                ordinal: pod.ordinal,
                pvcs: pod.pvcs.clone(),
            })
            .collect(),
        replicas: sts.replicas,
        rolling_update: sts.rolling_update.pod_lists(),
        scale: sts.scale.as_ref().map(|scale| scale.pod_lists()),
        scale_down: sts.scale_down.pod_lists(),
        service: ServiceJson {
            found: sts.service.found,
            headless: sts.service.headless,
            name: sts.service.name.clone(),
        },
        startup: sts.startup.pod_lists(),
        step_states: StepStatesJson {
            rolling_update: plan_states(sts, PlanKind::Update).unwrap_or_default(),
            scale: plan_states(sts, PlanKind::Scale),
            scale_down: plan_states(sts, PlanKind::ScaleDown).unwrap_or_default(),
            startup: plan_states(sts, PlanKind::Startup).unwrap_or_default(),
        },
    }
}

fn plan_states(sts: &StatefulSetExplanation, kind: PlanKind) -> Option<Vec<Vec<PodRunJson>>> {
    let timeline = Timeline::new(sts, kind)?;
    let name = |position: usize| timeline.pods.get(position).map(|pod| pod.name.clone()).unwrap_or_default();
    Some(
        (0..=timeline.steps())
            .map(|at| {
                timeline
                    .runs(at)
                    .into_iter()
                    .map(|(first, last, pod)| PodRunJson {
                        claims: (timeline.removes(first)
                            && pod.state == crate::explain::PodState::Absent
                            && (first..=last).any(|p| timeline.pods.get(p).is_some_and(|pod| !pod.pvcs.is_empty())))
                        .then(|| if pod.claims == ClaimFate::Deleted { "deleted" } else { "kept" }.to_string()),
                        count: last - first + 1,
                        first: name(first),
                        kept_by_partition: pod.kept_by_partition,
                        last: name(last),
                        resolves: pod.resolves,
                        revision: pod.revision.map(|revision| revision.as_str().to_string()),
                        state: pod.state.as_str().to_string(),
                    })
                    .collect()
            })
            .collect(),
    )
}

/// The wire value of one DNS record set.
pub fn dns_record_json(record: &DnsRecord) -> DnsRecordJson {
    DnsRecordJson {
        name: record.name.clone(),
        record_type: record.record_type.as_str().to_string(),
        values: record.values.clone(),
    }
}

fn pretty<T: Serialize>(value: &T) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
