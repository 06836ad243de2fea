//! What Kubernetes will do with a StatefulSet: its pods and their identity,
//! the order in which the controller creates, deletes and updates them, the
//! DNS records that exist for every Service, and how a name looked up from a
//! pod is resolved.
//!
//! [`explain`] builds an [`Explanation`] from source files; the renderers in
//! [`crate::render`] turn it into text, JSON and SVG. Nothing here does I/O.
//!
//! Sources followed (kubernetes/kubernetes unless noted):
//! - `pkg/controller/statefulset/stateful_set_utils.go`: `getPodName`,
//!   `getPersistentVolumeClaimName`, `getStartOrdinal`/`getEndOrdinal`,
//!   `updateIdentity`, `isRunningAndReady`, `isRunningAndAvailable`,
//!   `getStatefulSetMaxUnavailable`, `newVersionedStatefulSetPod`.
//! - `pkg/controller/statefulset/stateful_set_control.go`: `updateStatefulSet`
//!   (creation, scale-down and the rolling update loop),
//!   `updateStatefulSetAfterInvariantEstablished` (maxUnavailable),
//!   `processReplica` and `processCondemned`.
//! - kubernetes/dns `docs/specification.md` (records per Service kind).
//! - Kubernetes docs, "StatefulSets" (the Stable Network ID table) and
//!   "DNS for Services and Pods" (pod `resolv.conf`).

mod dns;
mod nslookup;
mod order;
mod steps;

use crate::model::LabelMap;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::kube::{FromNode, PodSpec, Service, StatefulSet};
use crate::parse::PathSegment::Key;
use crate::parse::{Keep, Node, NodeValue, Resolved};

use crate::analysis::analyze_file_keeping;
use crate::kinds::{self, Kind};
use crate::model::Resource;
use crate::options::normalize_domain;
use crate::options::Options;
use crate::semantics::selector;
use crate::semantics::service::{self as service_semantics, cluster_ip_mode, ClusterIpMode, TargetPort};
use crate::semantics::statefulset::{self, Effective};
use crate::source::SourceFile;
use crate::topology::Topology;

pub use crate::semantics::statefulset::PodManagementPolicy;
pub use nslookup::{nslookup, Attempt, AttemptOutcome, Nslookup};
pub use order::change_rollout;
pub use steps::{records_at, ClaimFate, PlanKind, PlanPod, PodAtStep, PodState, Revision, Timeline};

/// The most pods listed per StatefulSet; larger sets are cut (with a note)
/// so that a typo like `replicas: 3000000` cannot exhaust memory.
pub const MAX_PODS: i64 = 1000;

/// The most pods listed in one run, across every StatefulSet and the new
/// pods of a `--scale-to` plan. Each listed pod costs a few steps and DNS
/// records, so this bounds the work and memory of a run by a constant
/// whatever the input says: 40 StatefulSets of `replicas: 1000` in 10 KB of
/// YAML would otherwise list 40,000 pods. Pods past it are not listed, and
/// the StatefulSet and the run say so in a note.
pub const MAX_TOTAL_PODS: usize = 10_000;

/// The most DNS record values listed in one run. Every Service that selects
/// the same pods lists them again, so without a cap the DNS table grows with
/// Services × pods. Records past it are not listed, and the run says so.
pub const MAX_DNS_VALUES: usize = 50_000;

/// The most Service endpoints gathered in one run, counting each selected
/// pod and each (Service, StatefulSet) pair examined, for the same reason as
/// [`MAX_DNS_VALUES`]. Governing Services are linked outside this budget, so
/// per-pod names never depend on it.
pub const MAX_ENDPOINTS: usize = 50_000;

pub use crate::semantics::statefulset::{POD_INDEX_LABEL, POD_NAME_LABEL};

/// Everything [`explain`] found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Explanation {
    /// The cluster domain used.
    pub cluster_domain: String,
    /// Whether the rolling update plan was asked for.
    pub show_update: bool,
    /// One entry per StatefulSet, in input order.
    pub statefulsets: Vec<StatefulSetExplanation>,
    /// Every Service, in input order.
    pub services: Vec<ServiceInfo>,
    /// The DNS records that exist once every pod is Running and Ready.
    pub dns: Vec<DnsRecord>,
    /// Remarks on the whole run: what a budget ([`MAX_TOTAL_PODS`],
    /// [`MAX_DNS_VALUES`], [`MAX_ENDPOINTS`]) left out. Empty for inputs of
    /// ordinary size.
    pub notes: Vec<String>,
}

/// The explanation of one StatefulSet.
#[derive(Debug, Clone, PartialEq)]
pub struct StatefulSetExplanation {
    /// `metadata.name` (`<unnamed>` when missing).
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// `spec.replicas` (default 1).
    pub replicas: i64,
    /// `spec.ordinals.start` (default 0).
    pub start_ordinal: i64,
    /// `spec.podManagementPolicy`.
    pub pod_management_policy: PodManagementPolicy,
    /// `spec.minReadySeconds`.
    pub min_ready_seconds: i64,
    /// `spec.updateStrategy`.
    pub update_strategy: UpdateStrategy,
    /// The governing Service named by `spec.serviceName`.
    pub service: GoverningService,
    /// `spec.persistentVolumeClaimRetentionPolicy`.
    pub retention: RetentionPolicy,
    /// The pods, in ordinal order.
    pub pods: Vec<PodIdentity>,
    /// Creating every pod from nothing.
    pub startup: Plan,
    /// From `replicas` down to 0.
    pub scale_down: Plan,
    /// From `replicas` to [`Options::scale_to`], when asked.
    pub scale: Option<Plan>,
    /// After a change to the pod template.
    pub rolling_update: Plan,
    /// Things the reader should know (defaults applied, input cut, …).
    pub notes: Vec<String>,
    /// The PodDisruptionBudgets whose selector selects the pods (the topology's links).
    pub pdbs: Vec<PdbInfo>,
}

/// A PodDisruptionBudget that covers a StatefulSet's pods, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdbInfo {
    /// `metadata.name`.
    pub name: String,
    /// `spec.minAvailable`, as written.
    pub min_available: Option<String>,
    /// `spec.maxUnavailable`, as written.
    pub max_unavailable: Option<String>,
}

/// `spec.updateStrategy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateStrategy {
    /// The controller replaces pods from the highest ordinal down.
    RollingUpdate {
        /// `rollingUpdate.partition`: pods whose index is below it keep the old revision.
        partition: i64,
        /// `rollingUpdate.maxUnavailable` resolved to a pod count (at least 1).
        max_unavailable: i64,
    },
    /// Pods change only when someone deletes them.
    OnDelete,
}

/// The governing Service of a StatefulSet and whether it can give pods names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoverningService {
    /// `spec.serviceName`, when set and non-empty.
    pub name: Option<String>,
    /// A Service with that name exists in the StatefulSet's namespace.
    pub found: bool,
    /// That Service is headless (`clusterIP: None`).
    pub headless: bool,
    /// That Service sets `publishNotReadyAddresses: true`.
    pub publish_not_ready_addresses: bool,
    /// That Service's selector selects the pods.
    pub selects_pods: bool,
    /// Why pods have no per-pod DNS name, when they have none.
    pub reason: Option<String>,
}

/// What happens to the PVCs of a pod. Source: Kubernetes docs "StatefulSets",
/// PersistentVolumeClaim retention (both default to `Retain`), enforced by
/// `ClaimsMatchRetentionPolicy` / `UpdatePodClaimForRetentionPolicy` in
/// `pkg/controller/statefulset/stateful_pod_control.go`, which give the PVCs
/// owner references so that the garbage collector deletes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// `whenDeleted`: `Retain` (default) or `Delete`.
    pub when_deleted: String,
    /// `whenScaled`: `Retain` (default) or `Delete`.
    pub when_scaled: String,
}

/// The identity of one pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodIdentity {
    /// The ordinal in the pod name.
    pub ordinal: i64,
    /// `ordinal - ordinals.start`: what `partition` is compared with.
    pub index: i64,
    /// `<sts>-<ordinal>`.
    pub name: String,
    /// `spec.hostname` (the pod name).
    pub hostname: String,
    /// `spec.subdomain` (the StatefulSet's `serviceName`).
    pub subdomain: Option<String>,
    /// `<hostname>.<service>.<ns>.svc.<domain>`, when that record exists.
    pub fqdn: Option<String>,
    /// Labels of the pod template, shared by every pod of the StatefulSet
    /// (a copy per pod would cost pods × labels); [`PodIdentity::labels`]
    /// adds the ones the controller sets.
    pub template_labels: Arc<LabelMap>,
    /// PVC names, one per volumeClaimTemplate.
    pub pvcs: Vec<String>,
}

impl PodIdentity {
    /// The value of the pod's label `key`: the controller's pod-name and
    /// pod-index labels win over the template's (`updateIdentity`).
    pub fn label(&self, key: &str) -> Option<String> {
        match key {
            POD_NAME_LABEL => Some(self.name.clone()),
            POD_INDEX_LABEL => Some(self.ordinal.to_string()),
            _ => self.template_labels.get(key).cloned(),
        }
    }

    /// Every label of the pod: the template's plus the ones the controller adds.
    pub fn labels(&self) -> LabelMap {
        let mut labels = (*self.template_labels).clone();
        labels.insert(POD_NAME_LABEL.into(), self.name.clone());
        labels.insert(POD_INDEX_LABEL.into(), self.ordinal.to_string());
        labels
    }
}

/// A sequence of controller steps.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// What the plan is, e.g. "scale from 3 to 5".
    pub title: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Remarks that apply to the whole plan.
    pub notes: Vec<String>,
}

impl Plan {
    /// The pod names of each step (the JSON shape).
    pub fn pod_lists(&self) -> Vec<Vec<String>> {
        self.steps.iter().map(|step| step.pods.clone()).collect()
    }
}

/// What a step does to its pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepAction {
    /// Create the pods.
    Create,
    /// Delete the pods.
    Delete,
    /// Delete the pods and create them again at the update revision.
    Update,
}

impl StepAction {
    /// A verb for text output.
    pub fn verb(self) -> &'static str {
        match self {
            StepAction::Create => "create",
            StepAction::Delete => "delete",
            StepAction::Update => "update",
        }
    }
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What happens.
    pub action: StepAction,
    /// The pods it happens to, by name.
    pub pods: Vec<String>,
    /// What the controller waits for before the next step.
    pub waits_for: String,
    /// For startup steps: which names resolve while the controller waits.
    pub dns: Option<StepDns>,
}

/// DNS while one startup step waits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepDns {
    /// Per-pod names that resolve.
    pub resolvable: NameList,
    /// Per-pod names of this step's pods that do not resolve yet, because
    /// the pods are not ready and the Service does not publish not-ready addresses.
    pub pending: NameList,
    /// The governing Service's own name, when the pods have per-pod names.
    pub service_name: Option<String>,
    /// The pods that name answers with (none: NXDOMAIN).
    pub service_answers: NameList,
}

/// Names in ordinal order, kept in constant space: step `k` of an
/// `OrderedReady` startup resolves the names of the `k - 1` pods before it,
/// and storing each list whole would cost pods² per StatefulSet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameList {
    /// Every name when there are at most [`NameList::FULL`]; otherwise the
    /// first and the last, and the ones between are summarised by `count`.
    pub shown: Vec<String>,
    /// How many names there are in all.
    pub count: usize,
}

impl NameList {
    /// Lists up to this long are kept whole.
    pub const FULL: usize = 10;

    /// The list of `count` names, where `name(i)` is the `i`-th; only the
    /// names that are kept are built.
    pub fn build(count: usize, mut name: impl FnMut(usize) -> String) -> NameList {
        let shown =
            if count <= NameList::FULL { (0..count).map(&mut name).collect() } else { vec![name(0), name(count - 1)] };
        NameList { shown, count }
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// True when names between the first and the last are left out.
    pub fn is_summarised(&self) -> bool {
        self.count > self.shown.len()
    }
}

/// How a Service is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceKind {
    /// A virtual IP (`ClusterIP`, `NodePort`, `LoadBalancer`); `ip` is the
    /// `spec.clusterIP` when written, else allocated by the API server.
    ClusterIp {
        /// The written `spec.clusterIP`.
        ip: Option<String>,
    },
    /// `clusterIP: None`: the name lists the endpoints.
    Headless,
    /// `type: ExternalName`: a CNAME.
    ExternalName {
        /// `spec.externalName`.
        target: Option<String>,
    },
    /// The API server rejects the Service's cluster IP fields, so it never
    /// exists and has no records ([`crate::semantics::service::ClusterIpMode::Rejected`]).
    Rejected {
        /// The API server's complaint.
        reason: String,
    },
}

/// A port of a Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicePort {
    /// `name`, when set.
    pub name: Option<String>,
    /// `protocol`, lowercase (`tcp` by default).
    pub protocol: String,
    /// `port`.
    pub port: i32,
    /// The port on the pods: `targetPort` resolved through the pod template's
    /// named container ports, defaulting to `port`.
    pub endpoint_port: i32,
}

/// A Service as DNS sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// How it resolves.
    pub kind: ServiceKind,
    /// `publishNotReadyAddresses`.
    pub publish_not_ready_addresses: bool,
    /// Ports.
    pub ports: Vec<ServicePort>,
    /// `spec.selector` (empty when unset); it selects pods only when not
    /// empty and the Service is not an ExternalName Service.
    pub selector: LabelMap,
    /// The pods it selects, as (StatefulSet index, pod index), within the
    /// run's [`MAX_ENDPOINTS`].
    pub endpoints: Vec<(usize, usize)>,
    /// `<name>.<ns>.svc.<domain>`.
    pub fqdn: String,
}

/// DNS record types Ordinal models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Service location.
    Srv,
    /// Alias.
    Cname,
}

impl RecordType {
    /// The type as DNS spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Srv => "SRV",
            RecordType::Cname => "CNAME",
        }
    }
}

/// A DNS record set: one name and type with all its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DnsRecord {
    /// Fully qualified name, without the trailing dot.
    pub name: String,
    /// Type.
    pub record_type: RecordType,
    /// Values: addresses (pod IPs are shown as `<web-0 IP>`), SRV
    /// `<port> <target>`, or the CNAME target.
    pub values: Vec<String>,
    /// The Service it comes from, as `<ns>/<name>`.
    pub service: String,
}

/// Explain every StatefulSet and Service in `files`.
pub fn explain(files: &[SourceFile], options: &Options) -> Explanation {
    let resources: Vec<Resource> = files
        .iter()
        .enumerate()
        .flat_map(|(id, file)| analyze_file_keeping(id, file, options, keep_explained).resources)
        .collect();
    explain_resources(&resources.iter().collect::<Vec<_>>(), options)
}

/// Explain already analysed resources.
pub fn explain_resources(resources: &[&Resource], options: &Options) -> Explanation {
    let domain = normalize_domain(&options.cluster_domain);
    let topology = Topology::build(resources);
    let mut budget = Budget::default();
    let is_statefulset = |resource: &Resource| resource.kind.as_deref() == Some(Kind::StatefulSet.name());
    // Sized once: an explanation is over 500 bytes, and these lists grown
    // by doubling held up to twice the StatefulSets of a big input.
    let count = resources.iter().filter(|resource| is_statefulset(resource)).count();
    let mut statefulsets = Vec::with_capacity(count);
    let mut templates = Vec::with_capacity(count);
    for (index, resource) in resources.iter().enumerate() {
        if !is_statefulset(resource) {
            continue;
        }
        let sts = statefulset_of(resource);
        let mut base = identity(resource, &sts, options.replicas, &mut budget);
        // The topology links typed StatefulSets to their governing Service;
        // one rebuilt from the tree is linked by name the same way.
        base.governing_resource = match topology.links(index) {
            Some(links) => links.governing_service,
            None => {
                base.explanation.service.name.as_deref().and_then(|name| topology.service(&resource.namespace, name))
            }
        };
        base.explanation.pdbs = topology
            .links(index)
            .map(|links| links.pdbs.iter().filter_map(|&pdb| pdb_info(resources.get(pdb)?)).collect())
            .unwrap_or_default();
        if topology.links(index).is_some_and(|links| links.cut.pdbs_partial()) {
            base.explanation.notes.push(format!(
                "so many PodDisruptionBudgets select its pods that only the first {} are listed (`too-many-selectors`)",
                base.explanation.pdbs.len()
            ));
        }
        // Borrowed from the typed model where there is one: a copy of every
        // pod template was the largest thing an explanation of many small
        // StatefulSets held.
        templates.push(match sts {
            Cow::Borrowed(sts) => {
                sts.spec.template.spec.as_ref().map_or_else(|| Cow::Owned(PodSpec::default()), Cow::Borrowed)
            }
            Cow::Owned(sts) => Cow::Owned(sts.spec.template.spec.unwrap_or_default()),
        });
        statefulsets.push(base);
    }
    let statefulset_index = StatefulSetIndex::build(&statefulsets);
    let mut services = Vec::new();
    let mut service_by_resource = HashMap::new();
    for (index, resource) in resources.iter().enumerate() {
        if let Some(svc) = resource.as_service() {
            // A second Service with the same name and namespace would replace
            // the first in a cluster; like the topology, keep the first.
            if let Some(first) = resource.name.as_deref().and_then(|name| topology.service(&resource.namespace, name)) {
                if first != index {
                    continue;
                }
            }
            service_by_resource.insert(index, services.len());
            services.push(service_info(
                resource,
                svc,
                &statefulsets,
                &statefulset_index,
                &templates,
                &domain,
                &mut budget,
            ));
        }
    }
    // The indexes served the Services; the plans and DNS records below are
    // the largest part of an explanation, so they go first.
    drop(statefulset_index);
    drop(templates);
    // Collected in place: the explanations take over the bases' list, so
    // the two are never held at once.
    let explained: Vec<StatefulSetExplanation> = statefulsets
        .into_iter()
        .map(|base| {
            let service = base
                .governing_resource
                .and_then(|index| service_by_resource.get(&index))
                .and_then(|i| services.get(*i));
            finish(base, service, options, &mut budget)
        })
        .collect();
    drop(service_by_resource);
    let dns = dns::records(&explained, &services, &mut budget);
    Explanation {
        cluster_domain: domain,
        show_update: options.update,
        statefulsets: explained,
        services,
        dns,
        notes: budget.notes,
    }
}

fn pdb_info(resource: &Resource) -> Option<PdbInfo> {
    let spec = resource.as_pdb()?.spec.as_ref();
    let written = |value: Option<&crate::model::kube::IntOrString>| {
        value.map(|value| match value {
            crate::model::kube::IntOrString::Int(number) => number.to_string(),
            crate::model::kube::IntOrString::String(text) => text.clone(),
        })
    };
    Some(PdbInfo {
        name: resource.name.clone().unwrap_or_else(|| "<unnamed>".into()),
        min_available: written(spec.and_then(|spec| spec.min_available.as_ref())),
        max_unavailable: written(spec.and_then(|spec| spec.max_unavailable.as_ref())),
    })
}

/// True when every dot-separated label of `name` is 1..=63 bytes and the
/// whole name is at most 253 bytes (RFC 1035 §2.3.4).
pub fn is_valid_dns_name(name: &str) -> bool {
    name.len() <= 253 && name.split('.').all(|label| !label.is_empty() && label.len() <= 63)
}

/// The StatefulSet before its Service is known.
struct Base {
    explanation: StatefulSetExplanation,
    /// Resource index of the governing Service.
    governing_resource: Option<usize>,
    /// The pod template's labels (shared with every pod).
    template_labels: Arc<LabelMap>,
}

/// What is left of a run's budgets ([`MAX_TOTAL_PODS`], [`MAX_ENDPOINTS`],
/// [`MAX_DNS_VALUES`]) and the notes saying what each left out.
struct Budget {
    pods: usize,
    endpoints: usize,
    dns_values: usize,
    notes: Vec<String>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { pods: MAX_TOTAL_PODS, endpoints: MAX_ENDPOINTS, dns_values: MAX_DNS_VALUES, notes: Vec::new() }
    }
}

impl Budget {
    /// Take up to `wanted` pods; the run gets one note the first time pods are refused.
    fn take_pods(&mut self, wanted: usize) -> usize {
        let granted = wanted.min(self.pods);
        if granted < wanted && self.pods == granted {
            self.note(format!(
                "pods are listed only up to {MAX_TOTAL_PODS} in all (across every StatefulSet and scale plan); later pods are left out"
            ));
        }
        self.pods -= granted;
        granted
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// StatefulSets by namespace, by template label and by name, so that
/// finding the pods a Service selects looks only at the StatefulSets that
/// can match instead of every StatefulSet for every Service.
struct StatefulSetIndex<'a> {
    by_label: HashMap<(&'a str, &'a str, &'a str), Vec<usize>>,
    by_name: HashMap<(&'a str, &'a str), Vec<usize>>,
    by_namespace: HashMap<&'a str, Vec<usize>>,
}

impl<'a> StatefulSetIndex<'a> {
    fn build(statefulsets: &'a [Base]) -> StatefulSetIndex<'a> {
        let mut index =
            StatefulSetIndex { by_label: HashMap::new(), by_name: HashMap::new(), by_namespace: HashMap::new() };
        for (position, base) in statefulsets.iter().enumerate() {
            let sts = &base.explanation;
            let namespace = sts.namespace.as_str();
            index.by_namespace.entry(namespace).or_default().push(position);
            index.by_name.entry((namespace, sts.name.as_str())).or_default().push(position);
            for (key, value) in base.template_labels.iter() {
                index.by_label.entry((namespace, key.as_str(), value.as_str())).or_default().push(position);
            }
        }
        index
    }

    /// StatefulSets (in input order) whose pods `selector` may select: a
    /// pod carries every template label, so any template pair of the
    /// selector narrows the search; a pod-name pair names the StatefulSet.
    fn candidates(&self, namespace: &'a str, selector: &'a LabelMap) -> &[usize] {
        let found = if let Some((key, value)) =
            selector.iter().find(|(key, _)| key.as_str() != POD_NAME_LABEL && key.as_str() != POD_INDEX_LABEL)
        {
            self.by_label.get(&(namespace, key.as_str(), value.as_str()))
        } else if let Some((sts_name, _)) = selector.get(POD_NAME_LABEL).and_then(|pod| pod.rsplit_once('-')) {
            self.by_name.get(&(namespace, sts_name))
        } else {
            self.by_namespace.get(namespace)
        };
        found.map_or(&[], Vec::as_slice)
    }
}

/// The positions in `pods` (the listed pods of StatefulSet `sts_name`, in
/// ordinal order) of the pods `selector` selects.
fn selected_positions(
    selector: &LabelMap,
    sts_name: &str,
    pods: &[PodIdentity],
    template_labels: &LabelMap,
) -> Range<usize> {
    let Some(first) = pods.first().map(|pod| pod.ordinal) else { return 0..0 };
    let listed = first..first.saturating_add(pods.len() as i64);
    let chosen = selector::selected_ordinals(selector, sts_name, template_labels, listed);
    let position = |ordinal: i64| usize::try_from(ordinal - first).unwrap_or(0);
    position(chosen.start)..position(chosen.end)
}

/// Cut `resource` down to what [`explain_resources`] reads of it, for a
/// caller that explains and does nothing else with the resources ([`explain`]
/// itself, and `ordinal explain` and `nslookup`, through
/// `analyze_file_keeping`): the typed
/// model stays whole; of the tree, a typed StatefulSet keeps the two fields
/// [`statefulset_of`] reads leniently, the kinds the topology reads from the
/// tree (untyped workloads' pod labels, autoscalers' bounds, a StatefulSet
/// of another API group) keep all of it, and every other kind none of it.
/// Schema findings are dropped. `tests/explain_render.rs` checks that the
/// explanation is the same with and without the cut.
pub fn keep_explained(resource: &mut Resource) {
    resource.schema_findings = Vec::new();
    let (api_version, kind) = (resource.api_version.as_deref(), resource.kind.as_deref());
    let read_from_the_tree = kind == Some(Kind::StatefulSet.name())
        || kinds::pod_source(api_version, kind).is_some()
        || kinds::autoscaler_kind(api_version, kind).is_some();
    if resource.as_statefulset().is_some() {
        resource.root.retain(EXPLAINED_STATEFULSET_FIELDS);
    } else if !read_from_the_tree {
        resource.root.value = NodeValue::Mapping(Box::default());
    }
}

/// The fields of a typed StatefulSet's tree that [`statefulset_of`] reads.
const EXPLAINED_STATEFULSET_FIELDS: &[Keep] =
    &[Keep::fields("spec", &[Keep::whole("replicas"), Keep::fields("ordinals", &[Keep::whole("start")])])];

/// The typed StatefulSet (one of another API group, which the schema pass
/// skips, is read from the tree the same way), with `replicas` and
/// `ordinals.start` read leniently: the schema pass drops ill-typed values
/// such as `replicas: "3"`, and the pods the author meant should still show.
fn statefulset_of(resource: &Resource) -> Cow<'_, StatefulSet> {
    let mut sts = match resource.as_statefulset() {
        Some(sts) => Cow::Borrowed(sts),
        None => Cow::Owned(StatefulSet::from_node(&resource.root).unwrap_or_default()),
    };
    if sts.spec.replicas.is_none() {
        if let Some(replicas) = lenient_int(resource.node(&[Key("spec"), Key("replicas")])) {
            sts.to_mut().spec.replicas = Some(clamp_i32(replicas));
        }
    }
    if sts.spec.ordinals.as_ref().and_then(|ordinals| ordinals.start).is_none() {
        if let Some(start) = lenient_int(resource.node(&[Key("spec"), Key("ordinals"), Key("start")])) {
            sts.to_mut().spec.ordinals =
                Some(crate::model::kube::StatefulSetOrdinals { start: Some(clamp_i32(start)) });
        }
    }
    sts
}

fn lenient_int(node: Option<&Node>) -> Option<i64> {
    let scalar = node?.as_scalar()?;
    match scalar.resolved() {
        Resolved::Int(value) => Some(value),
        Resolved::Str => scalar.text.trim().parse().ok(),
        _ => None,
    }
}

fn clamp_i32(value: i64) -> i32 {
    value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32
}

/// Pods, labels and PVCs. Source: `stateful_set_utils.go` `getPodName`
/// (`<sts>-<ordinal>`), `getPersistentVolumeClaimName`
/// (`<claim>-<sts>-<ordinal>`), `getStartOrdinal`/`getEndOrdinal`
/// (`start .. start+replicas-1`), `initIdentity` (hostname = pod name,
/// subdomain = `serviceName`) and `updateIdentity` (the pod-name and
/// pod-index labels).
fn identity(resource: &Resource, sts: &StatefulSet, replicas_override: Option<i32>, budget: &mut Budget) -> Base {
    let spec = &sts.spec;
    let effective = Effective::of(sts);
    let mut notes = Vec::new();
    let name = resource.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| {
        notes.push("the StatefulSet has no `metadata.name`; the API server rejects it".into());
        "<unnamed>".into()
    });
    let mut replicas = i64::from(replicas_override.unwrap_or(effective.replicas));
    if let Some(what_if) = replicas_override {
        let manifest = match effective.replicas_written {
            true => effective.replicas.to_string(),
            false => format!("{} (not set)", effective.replicas),
        };
        notes.push(format!("explained as if `replicas` were {what_if} (the manifest says {manifest})"));
        if what_if < 0 {
            notes.push(format!("the replicas override {what_if} is negative (treated as 0)"));
            replicas = 0;
        }
    } else if !effective.replicas_written {
        notes.push(format!("`replicas` is not set, so it defaults to {}", effective.replicas));
    }
    if replicas < 0 {
        notes.push(format!("`replicas: {replicas}` is negative; the API server rejects it (treated as 0)"));
        replicas = 0;
    }
    let mut start_ordinal = i64::from(effective.start);
    if start_ordinal < 0 {
        notes.push(format!("`ordinals.start: {start_ordinal}` is negative; the API server rejects it (treated as 0)"));
        start_ordinal = 0;
    }
    let wanted = replicas.min(MAX_PODS);
    let listed = i64::try_from(budget.take_pods(usize::try_from(wanted).unwrap_or(0))).unwrap_or(0);
    if wanted < replicas && listed == wanted {
        notes.push(format!("only the first {MAX_PODS} of {replicas} pods are listed"));
    } else if listed < replicas {
        notes.push(format!(
            "only the first {listed} of {replicas} pods are listed: a run lists at most {MAX_TOTAL_PODS} pods in all"
        ));
    }
    let pod_management_policy = effective.pod_management_policy;
    if let Some(other) = effective.unknown_pod_management_policy {
        notes.push(format!(
            "unknown `podManagementPolicy: {other}`; the API server rejects it (read as {})",
            pod_management_policy.as_str()
        ));
    }
    let update_strategy = update_strategy(&effective, replicas, &mut notes);
    let min_ready_seconds = i64::from(spec.min_ready_seconds.unwrap_or(0).max(0));
    let retention =
        RetentionPolicy { when_deleted: effective.when_deleted.into(), when_scaled: effective.when_scaled.into() };
    let service_name = spec.service_name.clone().filter(|n| !n.is_empty());
    let template_labels =
        Arc::new(spec.template.metadata.as_ref().and_then(|metadata| metadata.labels.clone()).unwrap_or_default());
    let claim_names: Vec<String> = spec
        .volume_claim_templates
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|claim| claim.metadata.name.clone().unwrap_or_else(|| "<unnamed>".into()))
        .collect();
    let pods = (0..listed)
        .map(|index| {
            let ordinal = start_ordinal + index;
            let pod_name = format!("{name}-{ordinal}");
            PodIdentity {
                ordinal,
                index,
                hostname: pod_name.clone(),
                subdomain: service_name.clone(),
                fqdn: None,
                template_labels: Arc::clone(&template_labels),
                pvcs: claim_names.iter().map(|claim| format!("{claim}-{name}-{ordinal}")).collect(),
                name: pod_name,
            }
        })
        .collect();
    Base {
        explanation: StatefulSetExplanation {
            name,
            namespace: resource.namespace.clone(),
            replicas,
            start_ordinal,
            pod_management_policy,
            min_ready_seconds,
            update_strategy,
            service: GoverningService {
                name: service_name.clone(),
                found: false,
                headless: false,
                publish_not_ready_addresses: false,
                selects_pods: false,
                reason: None,
            },
            retention,
            pods,
            startup: Plan::default(),
            scale_down: Plan::default(),
            scale: None,
            rolling_update: Plan::default(),
            notes,
            pdbs: Vec::new(),
        },
        governing_resource: None,
        template_labels,
    }
}

/// Source: `stateful_set_control.go` (`updateMin` = partition) with the
/// defaults and `getStatefulSetMaxUnavailable` of [`Effective`].
fn update_strategy(effective: &Effective<'_>, replicas: i64, notes: &mut Vec<String>) -> UpdateStrategy {
    if !effective.is_rolling_update() {
        return UpdateStrategy::OnDelete;
    }
    let partition = i64::from(effective.partition).max(0);
    let max_unavailable = effective.max_unavailable_pods(replicas).unwrap_or_else(|text| {
        notes.push(format!("`maxUnavailable: {text}` is neither a number nor a percentage (read as 1)"));
        1
    });
    UpdateStrategy::RollingUpdate { partition, max_unavailable }
}

fn service_info(
    resource: &Resource,
    svc: &Service,
    statefulsets: &[Base],
    index: &StatefulSetIndex<'_>,
    templates: &[Cow<'_, PodSpec>],
    domain: &str,
    budget: &mut Budget,
) -> ServiceInfo {
    let name = resource.name.clone().unwrap_or_else(|| "<unnamed>".into());
    let spec = svc.spec.clone().unwrap_or_default();
    let kind = match cluster_ip_mode(Some(&spec)) {
        ClusterIpMode::Headless => ServiceKind::Headless,
        ClusterIpMode::Virtual(ip) => ServiceKind::ClusterIp { ip: ip.map(str::to_string) },
        ClusterIpMode::ExternalName => {
            ServiceKind::ExternalName { target: spec.external_name.clone().filter(|t| !t.is_empty()) }
        }
        ClusterIpMode::Rejected(problem) => ServiceKind::Rejected { reason: problem.describe() },
    };
    let selector = spec.selector.clone().unwrap_or_default();
    let mut endpoints = Vec::new();
    let mut first_template = None;
    if !selector.is_empty() && matches!(kind, ServiceKind::ClusterIp { .. } | ServiceKind::Headless) {
        for &sts_index in index.candidates(&resource.namespace, &selector) {
            let base = &statefulsets[sts_index];
            let selected =
                selected_positions(&selector, &base.explanation.name, &base.explanation.pods, &base.template_labels);
            // Each pair examined costs at least one unit, so that many
            // Services over many StatefulSets stay bounded even when they
            // select nothing.
            let cost = selected.len().max(1);
            if cost > budget.endpoints {
                budget.endpoints = 0;
                budget.note(format!(
                    "Service endpoints are gathered only up to {MAX_ENDPOINTS} in all; the DNS records of later Services may lack some pods"
                ));
                break;
            }
            budget.endpoints -= cost;
            if !selected.is_empty() {
                first_template.get_or_insert(sts_index);
            }
            endpoints.extend(selected.map(|pod_index| (sts_index, pod_index)));
        }
    }
    let ports = spec
        .ports
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|port| ServicePort {
            name: port.name.clone().filter(|n| !n.is_empty()),
            protocol: service_semantics::protocol(port).to_ascii_lowercase(),
            port: port.port,
            endpoint_port: endpoint_port(
                port,
                first_template.and_then(|i| templates.get(i)).map(|template| &**template),
            ),
        })
        .collect();
    ServiceInfo {
        fqdn: format!("{}.{}.svc.{domain}", name.to_ascii_lowercase(), resource.namespace.to_ascii_lowercase()),
        name,
        namespace: resource.namespace.clone(),
        kind,
        publish_not_ready_addresses: spec.publish_not_ready_addresses.unwrap_or(false),
        ports,
        selector,
        endpoints,
    }
}

/// The port number EndpointSlices carry: `targetPort` (a number, or a named
/// container port of the pod template), defaulting to `port`.
/// Source: `pkg/api/v1/pod` `FindPort`, used by the EndpointSlice controller.
fn endpoint_port(port: &crate::model::kube::ServicePort, template: Option<&crate::model::kube::PodSpec>) -> i32 {
    match service_semantics::target_port(port) {
        // A negative number is rejected by the API server; show `port`.
        TargetPort::Number(number) if number > 0 => number,
        TargetPort::Number(_) => port.port,
        TargetPort::Name(name) => template
            .into_iter()
            .flat_map(|spec| spec.containers.iter())
            .flat_map(|container| container.ports.as_deref().unwrap_or_default())
            .find(|container_port| container_port.name.as_deref() == Some(name))
            .map_or(port.port, |container_port| container_port.container_port),
    }
}

/// Link a StatefulSet to its Service, give its pods their names and plan its order.
fn finish(base: Base, service: Option<&ServiceInfo>, options: &Options, budget: &mut Budget) -> StatefulSetExplanation {
    let mut sts = base.explanation;
    sts.service.found = service.is_some();
    // The governing Service's selection is computed here rather than read
    // from its endpoints, which a budget may have cut.
    let selected = match service {
        Some(svc) if !svc.selector.is_empty() && !matches!(svc.kind, ServiceKind::ExternalName { .. }) => {
            selected_positions(&svc.selector, &sts.name, &sts.pods, &base.template_labels)
        }
        _ => 0..0,
    };
    if let Some(svc) = service {
        sts.service.headless = svc.kind == ServiceKind::Headless;
        sts.service.publish_not_ready_addresses = svc.publish_not_ready_addresses;
        // When a budget left pods out, whether the selector selects the
        // StatefulSet's pods is decided over all its replicas, not the listed ones.
        sts.service.selects_pods = if (sts.pods.len() as i64) < sts.replicas {
            let replicas = sts.start_ordinal..sts.start_ordinal.saturating_add(sts.replicas);
            !svc.selector.is_empty()
                && !selector::selected_ordinals(&svc.selector, &sts.name, &base.template_labels, replicas).is_empty()
                && !matches!(svc.kind, ServiceKind::ExternalName { .. })
        } else {
            !selected.is_empty()
        };
    }
    sts.service.reason = governing_reason(&sts, service);
    if sts.service.reason.is_none() {
        for (pod_index, pod) in sts.pods.iter_mut().enumerate() {
            if let Some(svc) = service.filter(|_| selected.contains(&pod_index)) {
                let fqdn = format!("{}.{}", pod.hostname.to_ascii_lowercase(), svc.fqdn);
                if is_valid_dns_name(&fqdn) {
                    pod.fqdn = Some(fqdn);
                }
            }
        }
        if sts.pods.iter().any(|pod| pod.fqdn.is_none()) {
            sts.service.reason = Some(if sts.pods.iter().any(|pod| pod.hostname.len() > 63) {
                "a pod name is longer than 63 characters, which is not a valid hostname (the API server rejects the pod)"
                    .into()
            } else {
                "some pods are not selected by the Service or their name is not a valid DNS name".into()
            });
        }
    }
    order::plan(&mut sts, options.scale_to, budget);
    sts
}

/// Why pods of `sts` get no per-pod DNS name. Source: the EndpointSlice
/// controller sets an endpoint's hostname only when the pod's
/// `spec.subdomain` equals the Service name in the same namespace
/// (`pkg/controller/util/endpoint` `ShouldSetHostname`), and DNS serves
/// `<hostname>.<service>` only for headless Services (DNS spec §2.4.1).
fn governing_reason(sts: &StatefulSetExplanation, service: Option<&ServiceInfo>) -> Option<String> {
    // Longer names are no DNS label at all; the per-pod check below says so.
    let length = sts.name.chars().count();
    if !statefulset::revision_label_fits(&sts.name) && length <= crate::validation::LABEL_VALUE_MAX_LENGTH {
        return Some(format!(
            "the name has {length} characters, so the pods' `controller-revision-hash` label can exceed 63 characters and the controller cannot create them"
        ));
    }
    let Some(name) = sts.service.name.as_deref() else {
        return Some("`serviceName` is not set, so the pods have no subdomain and no per-pod DNS name".into());
    };
    let Some(svc) = service else {
        return Some(format!(
            "no Service `{name}` in namespace `{}`, so no per-pod DNS name exists until it is created",
            sts.namespace
        ));
    };
    match &svc.kind {
        ServiceKind::ClusterIp { .. } => Some(format!(
            "Service `{name}` has a cluster IP (it is not headless), so per-pod names like `{}-{}.{name}` do not exist",
            sts.name, sts.start_ordinal
        )),
        ServiceKind::ExternalName { .. } => {
            Some(format!("Service `{name}` is an ExternalName Service, so it has no per-pod names"))
        }
        ServiceKind::Rejected { reason } => Some(format!(
            "the API server rejects Service `{name}` ({reason}), so it does not exist and the pods have no per-pod DNS names"
        )),
        ServiceKind::Headless if !sts.service.selects_pods => Some(format!(
            "the selector of Service `{name}` does not match the pod template labels, so it has no endpoints for these pods"
        )),
        ServiceKind::Headless => None,
    }
}
