//! How resources relate: which Service governs which StatefulSet, and which
//! Services and PodDisruptionBudgets select its pods, namespace by namespace.

use crate::model::LabelMap;
use std::borrow::Cow;

use std::collections::HashMap;
use std::ops::Range;

use crate::kinds;
use crate::semantics::autoscaling;
use crate::semantics::selector::{
    label_selector_is_empty, label_selector_matches, map_selector_matches, selected_ordinals,
};
use crate::semantics::service;
use crate::semantics::statefulset::{Effective, POD_INDEX_LABEL, POD_NAME_LABEL};
use crate::semantics::workload;

use crate::model::Resource;

/// Links of one StatefulSet to the Services and PDBs around it.
#[derive(Debug, Clone, Default)]
pub struct StatefulSetLinks {
    /// Index of the StatefulSet in the resource list.
    pub statefulset: usize,
    /// The Service named by `spec.serviceName` in the same namespace.
    pub governing_service: Option<usize>,
    /// Services in the namespace whose selector matches the pod template.
    pub selecting_services: Vec<usize>,
    /// PodDisruptionBudgets in the namespace whose selector matches the pod template.
    pub pdbs: Vec<usize>,
    /// What of these lists a limit cut short ([`MAX_LINKS`], [`MAX_CANDIDATES`]).
    pub cut: LinksCut,
}

/// At most this many Services, and apart from them this many PDBs, are
/// linked to one StatefulSet: the first in input order. Every linked pair
/// can make findings (a Service port per pair, a budget per pair), so
/// without a limit, N Services and N StatefulSets that all select each
/// other made N² links and findings: a 5 MB file of 10,000 of each took
/// 24 GB before it was killed.
pub const MAX_LINKS: usize = 32;

/// At most this many candidates (the Services and PDBs of its namespace that
/// share a label pair with its pod template) are compared with one
/// StatefulSet's labels, which bounds the work of linking by the input
/// whatever the selectors share. Real manifests compare a handful.
pub const MAX_CANDIDATES: usize = 1024;

/// At most this many PDBs that look meant for a StatefulSet but do not
/// select its pods are named for it ([`Topology::unclaimed_pdbs_near`]).
pub const MAX_NEAR_MISSES: usize = 8;

/// Which of a StatefulSet's links a limit cut short. The lists then hold
/// part of what selects its pods, so a rule that concludes from an absence
/// (no PDB selects it) says nothing, and `too-many-selectors` says why.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinksCut {
    /// More than [`MAX_LINKS`] Services select its pods.
    pub services: bool,
    /// More than [`MAX_LINKS`] PDBs select its pods.
    pub pdbs: bool,
    /// More than [`MAX_CANDIDATES`] candidates were left to compare.
    pub candidates: bool,
}

impl LinksCut {
    /// Whether the Services or PDBs linked may be fewer than select its pods.
    pub fn any(self) -> bool {
        self.services || self.pdbs || self.candidates
    }

    /// Whether the PDBs linked may be fewer than select its pods.
    pub fn pdbs_partial(self) -> bool {
        self.pdbs || self.candidates
    }
}

/// Resource indices by namespace, then name: looked up by borrowed names,
/// without building a key.
#[derive(Debug, Clone, Default)]
pub struct NamesByNamespace(HashMap<String, HashMap<String, usize>>);

impl NamesByNamespace {
    /// Record `index` under `namespace`/`name` unless one is there already.
    fn insert_first(&mut self, namespace: &str, name: &str, index: usize) {
        let names = match self.0.get_mut(namespace) {
            Some(names) => names,
            None => self.0.entry(namespace.to_string()).or_default(),
        };
        if !names.contains_key(name) {
            names.insert(name.to_string(), index);
        }
    }

    /// The index recorded under `namespace`/`name`.
    pub fn get(&self, namespace: &str, name: &str) -> Option<usize> {
        self.0.get(namespace)?.get(name).copied()
    }
}

/// The relationships among all linted resources.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    /// One entry per typed StatefulSet, in input order.
    pub statefulsets: Vec<StatefulSetLinks>,
    /// Services by namespace → name → resource index (first one wins).
    pub services_by_name: NamesByNamespace,
    /// PodDisruptionBudgets by namespace → resource indices, in input order.
    pub pdbs_by_namespace: HashMap<String, Vec<usize>>,
    /// Resource indices of the PDBs that select some StatefulSet's pods, sorted.
    pub claimed_pdbs: Vec<usize>,
    /// The same with one entry per StatefulSet a PDB selects, sorted, so
    /// that counting them is a binary search rather than a scan of every
    /// StatefulSet (which made `pdb-blocks-eviction` quadratic).
    pdb_claims: Vec<usize>,
    /// The PDBs that select no StatefulSet's pods, indexed for
    /// [`Topology::unclaimed_pdbs_near`] (a scan of the namespace's PDBs per
    /// StatefulSet made `pdb-missing` and `pdb-selector-mismatch` quadratic).
    unclaimed: UnclaimedPdbs,
    /// The HorizontalPodAutoscaler or KEDA ScaledObject that scales each
    /// StatefulSet, by namespace → StatefulSet name → resource index (first one wins).
    pub statefulset_autoscalers: NamesByNamespace,
    /// How many workloads (StatefulSets, and the kinds of [`kinds::pod_source`]) the resources hold.
    pub workloads: usize,
    /// Services with a selector that selects no pod of any workload in their
    /// namespace, in input order.
    pub services_without_pods: Vec<DanglingService>,
    /// Whether a limit cut the PDBs linked to some StatefulSet, so that a
    /// PDB counted as claimed by none may be claimed after all.
    pub pdbs_cut: bool,
    /// The Services of each name that some StatefulSet's `serviceName`
    /// names but that are not in its namespace, by name (resource indices
    /// in input order): `service-not-found` names their namespaces.
    services_elsewhere: HashMap<String, Vec<usize>>,
}

/// PDBs that select no StatefulSet's pods, by namespace.
#[derive(Debug, Clone, Default)]
struct UnclaimedPdbs {
    /// namespace → label key → value → resource indices: the PDB's
    /// `matchLabels` pairs and the values of its `In` expressions.
    by_label: HashMap<String, HashMap<String, HashMap<String, Vec<usize>>>>,
    /// namespace → (name, resource index), sorted by name.
    by_name: HashMap<String, Vec<(String, usize)>>,
}

impl UnclaimedPdbs {
    fn build(resources: &[&Resource], claimed: &[usize]) -> UnclaimedPdbs {
        let mut unclaimed = UnclaimedPdbs::default();
        for (index, resource) in resources.iter().enumerate() {
            let Some(pdb) = resource.as_pdb() else { continue };
            if claimed.binary_search(&index).is_ok() {
                continue;
            }
            let namespace = &resource.namespace;
            if let Some(name) = &resource.name {
                unclaimed.by_name.entry(namespace.clone()).or_default().push((name.clone(), index));
            }
            let Some(selector) = pdb.spec.as_ref().and_then(|spec| spec.selector.as_ref()) else { continue };
            let pairs = selector.match_labels.iter().flatten();
            let expressions = selector.match_expressions.iter().flatten().filter(|expr| expr.operator == "In");
            let in_values =
                expressions.flat_map(|expr| expr.values.iter().flatten().map(move |value| (&expr.key, value)));
            for (key, value) in pairs.chain(in_values) {
                let by_key = unclaimed.by_label.entry(namespace.clone()).or_default();
                push_one(by_key.entry(key.clone()).or_default(), value.clone(), index);
            }
        }
        for names in unclaimed.by_name.values_mut() {
            crate::order::sort(names);
        }
        unclaimed
    }
}

/// A Service whose selector selects no pod of the linted workloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingService {
    /// Resource index of the Service.
    pub service: usize,
    /// A StatefulSet whose template labels the selector matches, but whose
    /// pods' own `statefulset.kubernetes.io/pod-name` or
    /// `apps.kubernetes.io/pod-index` label it does not (an ordinal beyond
    /// the replicas), with the ordinals its pods have.
    pub statefulset: Option<(usize, Range<i64>)>,
    /// A workload in another namespace whose pods the selector would select.
    pub elsewhere: Option<usize>,
    /// A StatefulSet this Service governs (`spec.serviceName`), if any.
    pub governs: Option<usize>,
}

/// The pods of one workload as selectors see them.
struct Pods<'a> {
    index: usize,
    namespace: &'a str,
    labels: Cow<'a, LabelMap>,
    /// For a StatefulSet: its name and the ordinals of its pods, whose
    /// controller-set pod-name and pod-index labels differ per pod.
    statefulset: Option<(&'a str, Range<i64>)>,
    /// Labels the controller sets to values only the cluster knows.
    unknown: &'static [&'static str],
}

impl Pods<'_> {
    /// Whether `selector` selects at least one of these pods. A selector of
    /// template labels only selects a StatefulSet's pods whenever it runs
    /// any, so its replica count matters only for the per-pod labels.
    fn selected_by(&self, selector: &LabelMap) -> bool {
        let known;
        let selector = if selector.keys().any(|key| self.unknown.contains(&key.as_str())) {
            known = LabelMap::from_iter(
                selector
                    .iter()
                    .filter(|(key, _)| !self.unknown.contains(&key.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            &known
        } else {
            selector
        };
        match &self.statefulset {
            Some((name, ordinals)) if selector.keys().any(|key| is_per_pod(key)) => {
                !selected_ordinals(selector, name, &self.labels, ordinals.clone()).is_empty()
            }
            _ => map_selector_matches(selector, &self.labels),
        }
    }
}

/// The labels the StatefulSet controller sets on each pod, with a value of its own.
fn is_per_pod(key: &str) -> bool {
    key == POD_NAME_LABEL || key == POD_INDEX_LABEL
}

/// Candidates scanned for the "pods in another namespace" hint of one Service.
const ELSEWHERE_SCAN_LIMIT: usize = 64;

impl Topology {
    /// Link `resources`. Services and PDBs are indexed by one of their
    /// selector's label pairs, so linking stays linear in the number of
    /// resources rather than StatefulSets × Services.
    pub fn build(resources: &[&Resource]) -> Topology {
        let mut services_by_name = NamesByNamespace::default();
        let mut services_by_label: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        let mut pdbs_by_label: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        let mut pdbs_to_scan: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut pdbs_by_namespace: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, resource) in resources.iter().enumerate() {
            let namespace = resource.namespace.as_str();
            if let Some(svc) = resource.as_service() {
                if let Some(name) = &resource.name {
                    services_by_name.insert_first(namespace, name, index);
                }
                let selector = svc.spec.as_ref().and_then(|spec| spec.selector.as_ref());
                if let Some((key, value)) = selector.and_then(|selector| selector.iter().next()) {
                    push_one(&mut services_by_label, (namespace, key, value), index);
                }
            } else if let Some(pdb) = resource.as_pdb() {
                pdbs_by_namespace.entry(resource.namespace.clone()).or_default().push(index);
                let match_labels = pdb
                    .spec
                    .as_ref()
                    .and_then(|spec| spec.selector.as_ref())
                    .and_then(|selector| selector.match_labels.as_ref());
                match match_labels.and_then(|labels| labels.iter().next()) {
                    Some((key, value)) => push_one(&mut pdbs_by_label, (namespace, key, value), index),
                    None => pdbs_to_scan.entry(namespace).or_default().push(index),
                }
            }
        }
        let mut statefulsets = Vec::new();
        let mut missing_services: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, resource) in resources.iter().enumerate() {
            let Some(sts) = resource.as_statefulset() else { continue };
            let namespace = resource.namespace.as_str();
            let labels = pod_template_labels(resource);
            let service_name = sts.spec.service_name.as_deref().filter(|name| !name.is_empty());
            let governing_service = service_name.and_then(|name| services_by_name.get(namespace, name));
            if let (Some(name), None) = (service_name, governing_service) {
                missing_services.entry(name).or_default();
            }
            let mut selecting_services = Vec::new();
            let mut pdbs = Vec::new();
            let mut cut = LinksCut::default();
            let mut candidates = 0;
            let mut compare = || {
                candidates += 1;
                candidates <= MAX_CANDIDATES
            };
            // Each bucket is in input order, so once one has given one match
            // more than the limit, none of its later ones can be among the
            // first MAX_LINKS: the scan of that bucket stops there.
            let mut scan = |bucket: &[usize], selects: &dyn Fn(&Resource) -> bool, found: &mut Vec<usize>| {
                let mut matched = 0;
                for &candidate in bucket {
                    if matched > MAX_LINKS || !compare() {
                        break;
                    }
                    if selects(resources[candidate]) {
                        found.push(candidate);
                        matched += 1;
                    }
                }
            };
            let service_selects_pods = |service: &Resource| service_selects(service, &labels);
            let pdb_selects_pods = |pdb: &Resource| pdb_selects(pdb, &labels);
            for (key, value) in &labels {
                let label = (namespace, key.as_str(), value.as_str());
                let services = services_by_label.get(&label).map_or(&[][..], Vec::as_slice);
                scan(services, &service_selects_pods, &mut selecting_services);
                let label_pdbs = pdbs_by_label.get(&label).map_or(&[][..], Vec::as_slice);
                scan(label_pdbs, &pdb_selects_pods, &mut pdbs);
            }
            let unindexed_pdbs = pdbs_to_scan.get(namespace).map_or(&[][..], Vec::as_slice);
            scan(unindexed_pdbs, &pdb_selects_pods, &mut pdbs);
            cut.candidates = candidates > MAX_CANDIDATES;
            crate::order::sort(&mut selecting_services);
            crate::order::sort(&mut pdbs);
            cut.services = selecting_services.len() > MAX_LINKS;
            cut.pdbs = pdbs.len() > MAX_LINKS;
            if cut.any() {
                // Each list held up to MAX_CANDIDATES before the cut.
                selecting_services.truncate(MAX_LINKS);
                selecting_services.shrink_to_fit();
                pdbs.truncate(MAX_LINKS);
                pdbs.shrink_to_fit();
            }
            statefulsets.push(StatefulSetLinks {
                statefulset: index,
                governing_service,
                selecting_services,
                pdbs,
                cut,
            });
        }
        let pdbs_cut = statefulsets.iter().any(|links| links.cut.pdbs_partial());
        for (index, resource) in resources.iter().enumerate() {
            if resource.as_service().is_none() {
                continue;
            }
            if let Some(found) = resource.name.as_deref().and_then(|name| missing_services.get_mut(name)) {
                found.push(index);
            }
        }
        let services_elsewhere = missing_services
            .into_iter()
            .filter(|(_, found)| !found.is_empty())
            .map(|(name, found)| (name.to_string(), found))
            .collect();
        // Each StatefulSet's `pdbs` is sorted; a PDB counts once per StatefulSet.
        let mut pdb_claims: Vec<usize> = statefulsets
            .iter()
            .flat_map(|links| {
                links
                    .pdbs
                    .iter()
                    .enumerate()
                    .filter(|(i, pdb)| *i == 0 || links.pdbs[i - 1] != **pdb)
                    .map(|(_, pdb)| *pdb)
            })
            .collect();
        crate::order::sort(&mut pdb_claims);
        let mut claimed_pdbs = pdb_claims.clone();
        claimed_pdbs.dedup();
        let unclaimed = UnclaimedPdbs::build(resources, &claimed_pdbs);
        let statefulset_autoscalers = statefulset_autoscalers(resources);
        let pods = workload_pods(resources, &statefulset_autoscalers);
        let mut services_without_pods = services_without_pods(resources, &pods);
        let governed: HashMap<usize, usize> =
            statefulsets.iter().rev().filter_map(|links| Some((links.governing_service?, links.statefulset))).collect();
        for dangling in &mut services_without_pods {
            dangling.governs = governed.get(&dangling.service).copied();
        }
        Topology {
            statefulsets,
            services_by_name,
            pdbs_by_namespace,
            claimed_pdbs,
            pdb_claims,
            unclaimed,
            statefulset_autoscalers,
            workloads: pods.len(),
            services_without_pods,
            pdbs_cut,
            services_elsewhere,
        }
    }

    /// The Service at resource index `index`, when its selector selects no pod of the linted workloads.
    pub fn dangling_service(&self, index: usize) -> Option<&DanglingService> {
        let position = self.services_without_pods.binary_search_by_key(&index, |dangling| dangling.service).ok()?;
        self.services_without_pods.get(position)
    }

    /// The autoscaler (HorizontalPodAutoscaler or ScaledObject) of StatefulSet `name` in `namespace`.
    pub fn statefulset_autoscaler(&self, namespace: &str, name: &str) -> Option<usize> {
        self.statefulset_autoscalers.get(namespace, name)
    }

    /// How many StatefulSets' pods the PDB at resource index `index` selects.
    pub fn statefulsets_selected_by_pdb(&self, index: usize) -> usize {
        self.pdb_claims.partition_point(|&pdb| pdb <= index) - self.pdb_claims.partition_point(|&pdb| pdb < index)
    }

    /// Whether the PDB at resource index `index` selects some StatefulSet's pods.
    pub fn pdb_is_claimed(&self, index: usize) -> bool {
        self.claimed_pdbs.binary_search(&index).is_ok()
    }

    /// The PDBs of `namespace` that select no StatefulSet's pods and either
    /// share a `key: value` with `labels` (a `matchLabels` pair, or an `In`
    /// expression's value) or are named `name` or `name-…`: the candidates
    /// for a PDB that looks meant for the StatefulSet `name` whose pod
    /// template has `labels`. Sorted resource indices, each once.
    ///
    /// At most [`MAX_NEAR_MISSES`], the first in input order of those found
    /// among the first [`MAX_CANDIDATES`] of each label pair and name: many
    /// PDBs near many StatefulSets otherwise made a finding per pair.
    pub fn unclaimed_pdbs_near(&self, namespace: &str, name: &str, labels: &LabelMap) -> Vec<usize> {
        let mut found = Vec::new();
        if let Some(by_key) = self.unclaimed.by_label.get(namespace) {
            for (key, value) in labels {
                let near = by_key.get(key).and_then(|by_value| by_value.get(value)).into_iter().flatten();
                found.extend(near.take(MAX_CANDIDATES));
            }
        }
        if let Some(names) = self.unclaimed.by_name.get(namespace).filter(|_| !name.is_empty()) {
            let exact = names.partition_point(|(other, _)| other.as_str() < name);
            let named = names[exact..].iter().take_while(|(other, _)| other == name);
            found.extend(named.take(MAX_CANDIDATES).map(|(_, index)| *index));
            let prefix = format!("{name}-");
            let start = names.partition_point(|(other, _)| other.as_str() < prefix.as_str());
            let prefixed = names[start..].iter().take_while(|(other, _)| other.starts_with(&prefix));
            found.extend(prefixed.take(MAX_CANDIDATES).map(|(_, index)| *index));
        }
        crate::order::sort(&mut found);
        found.dedup();
        found.truncate(MAX_NEAR_MISSES);
        found
    }

    /// The links of the StatefulSet at resource index `index`.
    pub fn links(&self, index: usize) -> Option<&StatefulSetLinks> {
        let position = self.statefulsets.binary_search_by_key(&index, |links| links.statefulset).ok()?;
        self.statefulsets.get(position)
    }

    /// The Service named `name` in `namespace`.
    pub fn service(&self, namespace: &str, name: &str) -> Option<usize> {
        self.services_by_name.get(namespace, name)
    }

    /// The Services named `name` in any namespace, in input order, when a
    /// StatefulSet's `serviceName` names `name` and its namespace has none.
    pub fn services_named_elsewhere(&self, name: &str) -> &[usize] {
        self.services_elsewhere.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Autoscalers whose scale target is a StatefulSet, by (namespace, name).
fn statefulset_autoscalers(resources: &[&Resource]) -> NamesByNamespace {
    let mut found = NamesByNamespace::default();
    for (index, resource) in resources.iter().enumerate() {
        let Some(autoscaler) = resource.autoscaler() else { continue };
        let Some(target) = autoscaling::scale_target(&autoscaler) else { continue };
        if target.kind == kinds::Kind::StatefulSet.name() {
            found.insert_first(&resource.namespace, target.name, index);
        }
    }
    found
}

/// Every workload's pods: StatefulSets with their ordinals (up to the
/// autoscaler's maximum when one scales it), and the other pod sources.
fn workload_pods<'a>(resources: &[&'a Resource], autoscalers: &NamesByNamespace) -> Vec<Pods<'a>> {
    let mut pods = Vec::new();
    for (index, resource) in resources.iter().enumerate() {
        let namespace = resource.namespace.as_str();
        if let Some(sts) = resource.as_statefulset() {
            let effective = Effective::of(sts);
            let name = resource.name.as_deref().unwrap_or_default();
            let autoscaled = autoscalers
                .get(namespace, name)
                .and_then(|autoscaler| resources[autoscaler].autoscaler())
                .and_then(|autoscaler| autoscaling::max_replicas(&autoscaler));
            let count = i64::from(effective.replicas.max(autoscaled.unwrap_or(0)).max(0));
            let start = i64::from(effective.start);
            let labels = sts.spec.template.metadata.as_ref().and_then(|metadata| metadata.labels.as_ref());
            let labels = labels.map_or_else(|| Cow::Owned(LabelMap::new()), Cow::Borrowed);
            let unknown = workload::controller_labels(kinds::Kind::StatefulSet.name(), name, false).unknown;
            pods.push(Pods { index, namespace, labels, statefulset: Some((name, start..start + count)), unknown });
        } else if let Some(template) = resource.workload_pod_labels() {
            let kind = resource.kind.as_deref().unwrap_or_default();
            let name = resource.name.as_deref().unwrap_or_default();
            let controller = workload::controller_labels(kind, name, template.manual_selector);
            let mut labels = template.labels;
            for (key, value) in controller.known {
                if !labels.contains_key(key) {
                    labels.insert(key.to_string(), value);
                }
            }
            pods.push(Pods {
                index,
                namespace,
                labels: Cow::Owned(labels),
                statefulset: None,
                unknown: controller.unknown,
            });
        }
    }
    pods
}

/// The Services whose selector selects none of `pods` in their namespace.
/// Workloads are indexed by each label, so each Service looks only at the
/// workloads that carry one of its selector's pairs.
fn services_without_pods(resources: &[&Resource], pods: &[Pods<'_>]) -> Vec<DanglingService> {
    let mut by_label: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
    let mut by_label_any_namespace: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut workloads_by_namespace: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut statefulsets_by_name: HashMap<(&str, &str), usize> = HashMap::new();
    for (position, workload) in pods.iter().enumerate() {
        workloads_by_namespace.entry(workload.namespace).or_default().push(position);
        if let Some((name, _)) = &workload.statefulset {
            statefulsets_by_name.entry((workload.namespace, name)).or_insert(position);
        }
        for (key, value) in workload.labels.iter() {
            // The controller overwrites these on every pod of a StatefulSet.
            if workload.statefulset.is_some() && is_per_pod(key) {
                continue;
            }
            push_one(&mut by_label, (workload.namespace, key, value), position);
            push_one(&mut by_label_any_namespace, (key, value), position);
        }
    }
    let mut dangling = Vec::new();
    for (index, resource) in resources.iter().enumerate() {
        let Some(spec) = resource.as_service().and_then(|svc| svc.spec.as_ref()) else { continue };
        if service::service_type(Some(spec)) == "ExternalName" {
            continue;
        }
        let Some(selector) = spec.selector.as_ref().filter(|selector| !selector.is_empty()) else { continue };
        let namespace = resource.namespace.as_str();
        let per_pod = |key: &String| is_per_pod(key);
        let mut candidates: Vec<usize> = Vec::new();
        // One past the limit, to tell a full bucket from a cut one.
        const LIMIT: usize = MAX_CANDIDATES + 1;
        let cluster_valued = |key: &String| workload::CLUSTER_VALUED_LABELS.contains(&key.as_str());
        // Every candidate carries each looked-up pair, so the rarest pair gives the fewest.
        let lookup = selector
            .iter()
            .filter(|(key, _)| !per_pod(key) && !cluster_valued(key))
            .min_by_key(|(key, value)| bucket(&by_label, (namespace, key, value)).len());
        let pod_name = selector.get(POD_NAME_LABEL);
        match (lookup, pod_name) {
            (Some((key, value)), _) => candidates.extend(bucket(&by_label, (namespace, key, value)).iter().take(LIMIT)),
            // A pod name names its StatefulSet, `<name>-<ordinal>`; other kinds carry it only as written.
            (None, Some(value)) => {
                let owner = value.rsplit_once('-').and_then(|(name, _)| statefulsets_by_name.get(&(namespace, name)));
                candidates.extend(owner);
                candidates.extend(bucket(&by_label, (namespace, POD_NAME_LABEL, value)).iter().take(LIMIT));
            }
            // Only labels the controllers set: every workload of the namespace may carry them.
            (None, None) => candidates.extend(workloads_by_namespace.get(namespace).into_iter().flatten().take(LIMIT)),
        }
        // Past the limit a match may lie among the candidates left out, so
        // the Service is not called dangling.
        if candidates.len() > MAX_CANDIDATES || candidates.iter().any(|&position| pods[position].selected_by(selector))
        {
            continue;
        }
        let statefulset = candidates.iter().find_map(|&position| {
            let (_, ordinals) = pods[position].statefulset.as_ref()?;
            let template_only = LabelMap::from_iter(
                selector.iter().filter(|(key, _)| !per_pod(key)).map(|(k, v)| (k.clone(), v.clone())),
            );
            let names_pods = template_only.len() < selector.len();
            (names_pods && map_selector_matches(&template_only, &pods[position].labels))
                .then(|| (pods[position].index, ordinals.clone()))
        });
        let elsewhere = lookup.and_then(|(key, value)| {
            let others = by_label_any_namespace.get(&(key.as_str(), value.as_str()))?;
            others
                .iter()
                .take(ELSEWHERE_SCAN_LIMIT)
                .map(|&position| &pods[position])
                .find(|workload| workload.namespace != namespace && workload.selected_by(selector))
                .map(|workload| workload.index)
        });
        dangling.push(DanglingService { service: index, statefulset, elsewhere, governs: None });
    }
    dangling
}

/// The workloads indexed under one (namespace, key, value).
fn bucket<'m, 'k>(
    map: &'m HashMap<(&'k str, &'k str, &'k str), Vec<usize>>,
    key: (&'k str, &'k str, &'k str),
) -> &'m [usize] {
    map.get(&key).map_or(&[], Vec::as_slice)
}

/// The labels of a StatefulSet's pod template.
pub fn pod_template_labels(resource: &Resource) -> LabelMap {
    resource
        .as_statefulset()
        .and_then(|sts| sts.spec.template.metadata.as_ref())
        .and_then(|metadata| metadata.labels.clone())
        .unwrap_or_default()
}

/// Whether the Service selects a pod with `labels`: a Service without a
/// selector, or with an empty one, selects none (its endpoints are managed
/// by hand).
pub fn service_selects(resource: &Resource, labels: &LabelMap) -> bool {
    let selector = resource.as_service().and_then(|svc| svc.spec.as_ref()?.selector.as_ref());
    selector.is_some_and(|selector| !selector.is_empty() && map_selector_matches(selector, labels))
}

/// Whether the PDB selects a pod with `labels`; an empty selector depends on
/// the API version ([`kinds::pdb_empty_selector_selects_all`]).
fn pdb_selects(resource: &Resource, labels: &LabelMap) -> bool {
    let Some(pdb) = resource.as_pdb() else { return false };
    let Some(selector) = pdb.spec.as_ref().and_then(|spec| spec.selector.as_ref()) else {
        return false;
    };
    if label_selector_is_empty(selector) {
        return kinds::pdb_empty_selector_selects_all(resource.api_version.as_deref());
    }
    label_selector_matches(selector, labels)
}

/// Add `item` to the list under `key`, a list of one where it is the first:
/// most labels select one thing, and a list grown from nothing has room for
/// four, in maps with an entry per label of every resource.
fn push_one<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<usize>>, key: K, item: usize) {
    map.entry(key).or_insert_with(|| Vec::with_capacity(1)).push(item);
}
