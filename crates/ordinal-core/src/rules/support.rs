//! Helpers several topology and practice rules share: the governing Service
//! and near-miss PDBs of a StatefulSet, the containers of the pod template with
//! their paths, and a safe way to add an entry to a YAML mapping. Kubernetes
//! facts themselves (defaults, headless Services) come from
//! [`crate::semantics`].

use crate::model::LabelMap;

use crate::model::kube::Container;
use crate::model::kube::StatefulSet;
use crate::semantics::selector;
use crate::semantics::service::{cluster_ip_mode, ClusterIpMode};

use super::{LinkedFacts, Workspace};
use crate::diagnostic::Edit;
use crate::model::Resource;
use crate::parse::PathSegment::{self, Index, Key};
use crate::source::Span;
use crate::topology;

/// The path of `spec.updateStrategy.rollingUpdate.partition`.
pub(crate) const PARTITION_PATH: &[PathSegment<'static>] =
    &[Key("spec"), Key("updateStrategy"), Key("rollingUpdate"), Key("partition")];

/// The governing Service of `resource` (a StatefulSet), when it is among the inputs.
pub(crate) fn governing_service<'a>(ctx: &'a Workspace<'_>, facts: &LinkedFacts<'_>) -> Option<&'a Resource> {
    facts.links()?.governing_service.and_then(|index| ctx.resources.get(index).copied())
}

/// The governing Service of `resource` when it is headless and selects the
/// StatefulSet's pods: the case in which per-pod DNS records exist at all.
/// Rules about those records stay quiet otherwise, because
/// `service-not-headless` and `service-selector-mismatch` report the cause.
pub(crate) fn working_governing_service<'a>(ctx: &'a Workspace<'_>, facts: &LinkedFacts<'_>) -> Option<&'a Resource> {
    let links = facts.links()?;
    let index = links.governing_service?;
    let service = ctx.resources.get(index).copied()?;
    let headless =
        service.as_service().is_some_and(|svc| cluster_ip_mode(svc.spec.as_ref()) == ClusterIpMode::Headless);
    // Asked of the selector rather than of `selecting_services`, which a
    // limit may cut short (`topology::MAX_LINKS`).
    (headless && topology::service_selects(service, facts.template_labels())).then_some(service)
}

/// Which list of the pod template a container is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContainerList {
    /// `spec.template.spec.containers`.
    Containers,
    /// `spec.template.spec.initContainers`.
    InitContainers,
}

impl ContainerList {
    /// The field name.
    #[cfg_attr(not(feature = "pod-template-rules"), allow(dead_code))]
    pub(crate) fn key(self) -> &'static str {
        match self {
            ContainerList::Containers => "containers",
            ContainerList::InitContainers => "initContainers",
        }
    }
}

/// A container of the pod template and where it is.
pub(crate) struct TemplateContainer<'a> {
    /// Its list.
    pub list: ContainerList,
    /// Its index in the list.
    #[cfg_attr(not(feature = "pod-template-rules"), allow(dead_code))]
    pub index: usize,
    /// The container.
    pub container: &'a Container,
}

impl TemplateContainer<'_> {
    /// The path of `field` inside this container (empty `field` = the container itself).
    #[cfg_attr(not(feature = "pod-template-rules"), allow(dead_code))]
    pub(crate) fn path<'f>(&self, field: &[PathSegment<'f>]) -> Vec<PathSegment<'f>> {
        let mut path = vec![Key("spec"), Key("template"), Key("spec"), Key(self.list.key()), Index(self.index)];
        path.extend_from_slice(field);
        path
    }

    /// A sidecar: an init container with `restartPolicy: Always`, which runs
    /// beside the main containers and counts for pod readiness.
    pub(crate) fn is_sidecar(&self) -> bool {
        self.list == ContainerList::InitContainers && self.container.restart_policy.as_deref() == Some("Always")
    }
}

/// Every container (`containers` first, then `initContainers`) of the pod template.
pub(crate) fn template_containers(sts: &StatefulSet) -> Vec<TemplateContainer<'_>> {
    let Some(pod) = sts.spec.template.spec.as_ref() else { return Vec::new() };
    let main = pod.containers.iter().enumerate().map(|(index, container)| TemplateContainer {
        list: ContainerList::Containers,
        index,
        container,
    });
    let init = pod.init_containers.iter().flatten().enumerate().map(|(index, container)| TemplateContainer {
        list: ContainerList::InitContainers,
        index,
        container,
    });
    main.chain(init).collect()
}

/// Format a label map as `a=b, c=d`.
pub(crate) fn format_labels(labels: &LabelMap) -> String {
    labels.iter().map(|(key, value)| format!("{key}={value}")).collect::<Vec<_>>().join(", ")
}

/// An edit that adds `entry` (e.g. `clusterIP: None`) as the first entry
/// of the mapping at `path` of `resource`, in the mapping's own style: a new line with the same
/// indentation for a block mapping, `entry, ` for a flow mapping. `None`
/// when the mapping is empty or laid out in a way the edit could break.
pub(crate) fn insert_first_entry(
    text: &str,
    resource: &Resource,
    path: &[PathSegment<'_>],
    entry: &str,
) -> Option<Edit> {
    insert_before_first_key(text, resource.value_span(path)?, resource.first_key_start(path)?, entry)
}

/// [`insert_first_entry`] into the mapping at `mapping` whose first key starts at `start`.
fn insert_before_first_key(text: &str, mapping: Span, start: usize, entry: &str) -> Option<Edit> {
    let before = text.get(..start)?;
    if text.get(mapping.start..)?.starts_with('{') {
        return Some(Edit { span: Span::empty(start), replacement: format!("{entry}, ") });
    }
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let indent = &before[line_start..];
    if !indent.chars().all(|c| c == ' ') {
        return None;
    }
    // The new line ends the way the line it splits off from does, so a
    // CRLF file stays CRLF.
    let newline = if before[..line_start].ends_with("\r\n") { "\r\n" } else { "\n" };
    Some(Edit { span: Span::empty(start), replacement: format!("{entry}{newline}{indent}") })
}

/// PodDisruptionBudgets in the namespace of `resource` (a StatefulSet) that
/// look meant for it but do not select its pods: their selector shares a
/// `key: value` with the pod template labels, or their name is the
/// StatefulSet's name or starts with it and a dash. A PDB that selects the
/// pods of another StatefulSet among the inputs is that one's, not a near miss.
pub(crate) fn near_miss_pdbs<'a>(ctx: &'a Workspace<'_>, facts: &LinkedFacts<'_>) -> Vec<&'a Resource> {
    // Once a limit has cut some StatefulSet's PDBs, one counted as
    // unclaimed may select that StatefulSet's pods: no PDB is a near miss.
    if facts.links().is_none() || ctx.topology.pdbs_cut {
        return Vec::new();
    }
    let resource = facts.resource;
    let labels = facts.template_labels();
    let sts_name = resource.name.as_deref().unwrap_or_default();
    // Only the unclaimed PDBs that share a label or the name's prefix,
    // indexed by the topology: a scan of the namespace's PDBs here was
    // quadratic in the namespace's size.
    ctx.topology
        .unclaimed_pdbs_near(&resource.namespace, sts_name, labels)
        .into_iter()
        .filter_map(|index| {
            let other = ctx.resources.get(index).copied()?;
            let pdb = other.as_pdb()?;
            let selector = pdb.spec.as_ref().and_then(|spec| spec.selector.as_ref());
            let shares_label = selector.is_some_and(|selector| {
                let in_match_labels =
                    selector.match_labels.iter().flatten().any(|(key, value)| labels.get(key) == Some(value));
                let in_expressions = selector
                    .match_expressions
                    .iter()
                    .flatten()
                    .any(|expr| expr.operator == "In" && selector::requirement_matches(expr, labels));
                in_match_labels || in_expressions
            });
            let pdb_name = other.name.as_deref().unwrap_or_default();
            let named_for = !sts_name.is_empty()
                && (pdb_name == sts_name || pdb_name.strip_prefix(sts_name).is_some_and(|rest| rest.starts_with('-')));
            (shares_label || named_for).then_some(other)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_yaml, Limits, Node};

    fn spec_of(text: &str) -> Node {
        let parsed = parse_yaml(text, Limits::default());
        let root = parsed.documents.into_iter().next().and_then(|d| d.root).expect("a document");
        root.get("spec").cloned().expect("a spec")
    }

    /// [`insert_before_first_key`] into a mapping node.
    fn insert_into(text: &str, mapping: &Node, entry: &str) -> Option<Edit> {
        let first = mapping.entries()?.first()?;
        insert_before_first_key(text, mapping.span(), first.key.span().start, entry)
    }

    fn insert(text: &str, entry: &str) -> Option<String> {
        let edit = insert_into(text, &spec_of(text), entry)?;
        let mut fixed = text.to_string();
        fixed.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        Some(fixed)
    }

    #[test]
    fn inserts_into_a_block_mapping_with_its_indentation() {
        let text = "kind: Service\nspec:\n    selector: {app: web}\n";
        assert_eq!(
            insert(text, "clusterIP: None").as_deref(),
            Some("kind: Service\nspec:\n    clusterIP: None\n    selector: {app: web}\n")
        );
    }

    #[test]
    fn inserts_with_the_line_ending_of_the_file() {
        let text = "kind: Service\r\nspec:\r\n  selector: {app: web}\r\n";
        assert_eq!(
            insert(text, "clusterIP: None").as_deref(),
            Some("kind: Service\r\nspec:\r\n  clusterIP: None\r\n  selector: {app: web}\r\n")
        );
    }

    #[test]
    fn inserts_into_a_flow_mapping() {
        let text = "{\"kind\": \"Service\", \"spec\": {\"selector\": {\"app\": \"web\"}}}\n";
        assert_eq!(
            insert(text, "clusterIP: None").as_deref(),
            Some("{\"kind\": \"Service\", \"spec\": {clusterIP: None, \"selector\": {\"app\": \"web\"}}}\n")
        );
    }

    #[test]
    fn declines_empty_mappings_and_keys_that_share_a_line() {
        assert_eq!(insert("spec: {}\n", "clusterIP: None"), None);
        // A compact mapping in a sequence: the first key shares its line with `- `.
        let text = "items:\n- spec:\n  - a: 1\n";
        let parsed = parse_yaml(text, Limits::default());
        let root = parsed.documents.into_iter().next().and_then(|d| d.root).expect("a document");
        let item = root.get("items").and_then(|items| items.items()).and_then(|items| items.first()).cloned();
        let Some(item) = item else { panic!("an item") };
        assert!(insert_into(text, &item, "x: 1").is_none());
    }
}
