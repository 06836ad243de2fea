use super::{LinkedFacts, Reporter, Rule, Workspace};
use crate::parse::PathSegment::Key;
use crate::topology::{MAX_CANDIDATES, MAX_LINKS};

super::declare_rule! {
    /// ## What it flags
    /// A StatefulSet whose pods more than 32 Services, or more than 32
    /// PodDisruptionBudgets, of its namespace select; or one whose pod
    /// template shares a label pair with more than 1,024 Services and PDBs
    /// of its namespace, so many that Ordinal compared only the first of
    /// them. Ordinal links each StatefulSet to the first 32 of each kind
    /// in input order, and checks it against those only.
    ///
    /// ## Why it matters
    /// Kubernetes has no such limit: the EndpointSlice controller adds the
    /// pods to every Service that selects them, and every PDB that selects
    /// them counts at each eviction (the Eviction API refuses an eviction
    /// when any of them would be violated). Ordinal stops so that its work
    /// and its report stay in proportion to the input: without a limit, N
    /// Services and N StatefulSets that all select each other made N² links
    /// and findings, and a 5 MB file of 10,000 of each exhausted 24 GB.
    ///
    /// So this finding says that the others were left out: the rules that
    /// conclude from what does not select the pods (`pdb-missing`,
    /// `pdb-selector-mismatch`) say nothing about this StatefulSet, and the
    /// ones that check each Service or PDB (`service-target-port-not-found`,
    /// `pdb-blocks-eviction`) check the first 32. Real workloads are
    /// selected by a few Services (a headless one, a client one, one for
    /// metrics) and one PDB; dozens are usually one selector that is far too
    /// broad, such as a shared `app.kubernetes.io/part-of` label alone.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata: {name: svc-0}
    /// spec: {selector: {tier: db}}   # and 32 more like it
    /// ---
    /// kind: StatefulSet
    /// metadata: {name: db}
    /// spec:
    ///   template:
    ///     metadata: {labels: {tier: db}}
    /// ```
    ///
    /// ## Fix
    /// Give the Services and PDBs selectors that name the workload they are
    /// for (`app.kubernetes.io/name` and `app.kubernetes.io/instance`), or
    /// suppress this finding if the breadth is meant.
    ///
    /// ## Source
    /// Ordinal's own limits, `topology::MAX_LINKS` and
    /// `topology::MAX_CANDIDATES` (crates/ordinal-core/src/topology.rs).
    /// Kubernetes: pkg/controller/endpointslice (every Service whose
    /// selector matches a pod gets its endpoint) and
    /// pkg/registry/core/pod/storage/eviction.go (an eviction is checked
    /// against every PDB that selects the pod).
    pub struct TooManySelectors {
        id: "too-many-selectors",
        severity: Warning,
        summary: "so many Services or PodDisruptionBudgets select a StatefulSet's pods that Ordinal checks only the first",
    }
}

impl Rule for TooManySelectors {
    fn links(&self) -> bool {
        true
    }

    fn check_linked(&self, _ctx: &Workspace<'_>, facts: &LinkedFacts<'_>, report: &mut Reporter<'_>) {
        let Some(links) = facts.links() else { return };
        let cut = links.cut;
        if !cut.any() {
            return;
        }
        let resource = facts.resource;
        let name = resource.name.as_deref().unwrap_or("<unnamed>");
        let namespace = &resource.namespace;
        let mut what = Vec::new();
        if cut.services {
            what.push(format!("more than {MAX_LINKS} Services"));
        }
        if cut.pdbs {
            what.push(format!("more than {MAX_LINKS} PodDisruptionBudgets"));
        }
        let message = if what.is_empty() {
            format!(
                "more than {MAX_CANDIDATES} Services and PodDisruptionBudgets in namespace `{namespace}` share a label with the pods of StatefulSet `{name}`; Ordinal compared the first {MAX_CANDIDATES} and left the rest out of its checks"
            )
        } else {
            let each = if what.len() > 1 { " of each" } else { "" };
            format!(
                "{} in namespace `{namespace}` select the pods of StatefulSet `{name}`; Ordinal checks it against the first {MAX_LINKS}{each} in input order and leaves the rest out",
                what.join(" and ")
            )
        };
        report
            .report(resource.span(&[Key("spec"), Key("template"), Key("metadata"), Key("labels")]), message)
            .help("give each Service and PodDisruptionBudget a selector that names the workload it is for (`app.kubernetes.io/name`, `app.kubernetes.io/instance`); checks that need every one of them, such as `pdb-missing`, say nothing about this StatefulSet");
    }
}
