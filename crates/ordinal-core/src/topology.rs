//! How resources relate: which Service governs which StatefulSet, and which
//! Services and PodDisruptionBudgets select its pods, namespace by namespace.

use std::collections::{BTreeMap, HashMap};

use crate::kinds;
use crate::semantics::selector::{label_selector_is_empty, label_selector_matches, map_selector_matches};

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
}

/// The relationships among all linted resources.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    /// One entry per typed StatefulSet, in input order.
    pub statefulsets: Vec<StatefulSetLinks>,
    /// Services by (namespace, name) → resource index (first one wins).
    pub services_by_name: BTreeMap<(String, String), usize>,
    /// PodDisruptionBudgets by namespace → resource indices, in input order.
    pub pdbs_by_namespace: HashMap<String, Vec<usize>>,
    /// Resource indices of the PDBs that select some StatefulSet's pods, sorted.
    pub claimed_pdbs: Vec<usize>,
}

impl Topology {
    /// Link `resources`. Services and PDBs are indexed by one of their
    /// selector's label pairs, so linking stays linear in the number of
    /// resources rather than StatefulSets × Services.
    pub fn build(resources: &[Resource]) -> Topology {
        let mut services_by_name = BTreeMap::new();
        let mut services_by_label: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        let mut pdbs_by_label: HashMap<(&str, &str, &str), Vec<usize>> = HashMap::new();
        let mut pdbs_to_scan: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut pdbs_by_namespace: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, resource) in resources.iter().enumerate() {
            let namespace = resource.namespace.as_str();
            if let Some(svc) = resource.as_service() {
                if let Some(name) = &resource.name {
                    services_by_name.entry((resource.namespace.clone(), name.clone())).or_insert(index);
                }
                let selector = svc.spec.as_ref().and_then(|spec| spec.selector.as_ref());
                if let Some((key, value)) = selector.and_then(|selector| selector.iter().next()) {
                    services_by_label.entry((namespace, key, value)).or_default().push(index);
                }
            } else if let Some(pdb) = resource.as_pdb() {
                pdbs_by_namespace.entry(resource.namespace.clone()).or_default().push(index);
                let match_labels = pdb
                    .spec
                    .as_ref()
                    .and_then(|spec| spec.selector.as_ref())
                    .and_then(|selector| selector.match_labels.as_ref());
                match match_labels.and_then(|labels| labels.iter().next()) {
                    Some((key, value)) => pdbs_by_label.entry((namespace, key, value)).or_default().push(index),
                    None => pdbs_to_scan.entry(namespace).or_default().push(index),
                }
            }
        }
        let mut statefulsets = Vec::new();
        for (index, resource) in resources.iter().enumerate() {
            let Some(sts) = resource.as_statefulset() else { continue };
            let namespace = resource.namespace.as_str();
            let labels = pod_template_labels(resource);
            let governing_service = sts
                .spec
                .service_name
                .as_deref()
                .filter(|name| !name.is_empty())
                .and_then(|name| services_by_name.get(&(resource.namespace.clone(), name.to_string())).copied());
            let mut selecting_services = Vec::new();
            let mut pdbs = Vec::new();
            for (key, value) in &labels {
                let label = (namespace, key.as_str(), value.as_str());
                for &candidate in services_by_label.get(&label).into_iter().flatten() {
                    let selector =
                        resources[candidate].as_service().and_then(|svc| svc.spec.as_ref()?.selector.as_ref());
                    if selector.is_some_and(|selector| map_selector_matches(selector, &labels)) {
                        selecting_services.push(candidate);
                    }
                }
                for &candidate in pdbs_by_label.get(&label).into_iter().flatten() {
                    if pdb_selects(&resources[candidate], &labels) {
                        pdbs.push(candidate);
                    }
                }
            }
            for &candidate in pdbs_to_scan.get(namespace).into_iter().flatten() {
                if pdb_selects(&resources[candidate], &labels) {
                    pdbs.push(candidate);
                }
            }
            selecting_services.sort_unstable();
            pdbs.sort_unstable();
            statefulsets.push(StatefulSetLinks { statefulset: index, governing_service, selecting_services, pdbs });
        }
        let mut claimed_pdbs: Vec<usize> = statefulsets.iter().flat_map(|links| links.pdbs.iter().copied()).collect();
        claimed_pdbs.sort_unstable();
        claimed_pdbs.dedup();
        Topology { statefulsets, services_by_name, pdbs_by_namespace, claimed_pdbs }
    }

    /// Whether the PDB at resource index `index` selects some StatefulSet's pods.
    pub fn pdb_is_claimed(&self, index: usize) -> bool {
        self.claimed_pdbs.binary_search(&index).is_ok()
    }

    /// The links of the StatefulSet at resource index `index`.
    pub fn links(&self, index: usize) -> Option<&StatefulSetLinks> {
        let position = self.statefulsets.binary_search_by_key(&index, |links| links.statefulset).ok()?;
        self.statefulsets.get(position)
    }

    /// The Service named `name` in `namespace`.
    pub fn service(&self, namespace: &str, name: &str) -> Option<usize> {
        self.services_by_name.get(&(namespace.to_string(), name.to_string())).copied()
    }
}

/// The labels of a StatefulSet's pod template.
pub fn pod_template_labels(resource: &Resource) -> BTreeMap<String, String> {
    resource
        .as_statefulset()
        .and_then(|sts| sts.spec.template.metadata.as_ref())
        .and_then(|metadata| metadata.labels.clone())
        .unwrap_or_default()
}

/// Whether the PDB selects a pod with `labels`; an empty selector depends on
/// the API version ([`kinds::pdb_empty_selector_selects_all`]).
fn pdb_selects(resource: &Resource, labels: &BTreeMap<String, String>) -> bool {
    let Some(pdb) = resource.as_pdb() else { return false };
    let Some(selector) = pdb.spec.as_ref().and_then(|spec| spec.selector.as_ref()) else {
        return false;
    };
    if label_selector_is_empty(selector) {
        return kinds::pdb_empty_selector_selects_all(resource.api_version.as_deref());
    }
    label_selector_matches(selector, labels)
}
