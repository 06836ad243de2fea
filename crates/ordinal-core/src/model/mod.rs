//! Typed resources: each YAML document becomes a [`Resource`] that keeps its
//! tree (for spans) beside a typed value (for meaning, see [`kube`]).
//!
//! Only the kinds Ordinal reasons about are typed; every other kind stays a
//! generic object and is never an error.

pub mod kube;
pub mod labels;

use std::sync::{Arc, OnceLock};

use self::kube::{
    FromNode, HorizontalPodAutoscaler, PersistentVolumeClaim, PodDisruptionBudget, ScaledObject, Service, StatefulSet,
    Workload,
};
pub use self::labels::LabelMap;
use crate::kinds::{self, AutoscalerKind, Kind, PodSource};

use crate::diagnostic::{FileId, ResourceRef};
use crate::parse::{Keep, Node, NodeValue, PathSegment, SpanIndex, Text};
use crate::schema::{self, SchemaFinding};
use crate::source::Span;

/// The typed view of a resource.
#[derive(Debug, Clone)]
pub enum Typed {
    /// `apps/v1` StatefulSet (removed beta versions are read as `apps/v1`).
    StatefulSet(Box<StatefulSet>),
    /// `v1` Service.
    Service(Box<Service>),
    /// `v1` PersistentVolumeClaim.
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    /// `policy/v1` PodDisruptionBudget (`policy/v1beta1` read as `policy/v1`).
    PodDisruptionBudget(Box<PodDisruptionBudget>),
    /// Any other kind, or a known kind whose typed form could not be built.
    Other,
}

/// The template labels of a workload Ordinal does not type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkloadPodLabels {
    /// The pod template's labels (a bare Pod's own).
    pub labels: LabelMap,
    /// A Job's `spec.manualSelector: true` (the API server then adds no labels).
    pub manual_selector: bool,
}

/// An object that scales a workload between bounds.
#[derive(Debug, Clone, PartialEq)]
pub enum Autoscaler {
    /// `autoscaling/v1` or `v2` HorizontalPodAutoscaler.
    HorizontalPodAutoscaler(HorizontalPodAutoscaler),
    /// KEDA `keda.sh/v1alpha1` ScaledObject.
    ScaledObject(ScaledObject),
}

impl Autoscaler {
    /// `spec.scaleTargetRef`'s key, the same in both kinds.
    pub const SCALE_TARGET_REF: &'static str = "scaleTargetRef";

    /// The key of the minimum under `spec`: `minReplicas` or `minReplicaCount`.
    pub fn min_field(&self) -> &'static str {
        match self {
            Autoscaler::HorizontalPodAutoscaler(_) => "minReplicas",
            Autoscaler::ScaledObject(_) => "minReplicaCount",
        }
    }

    /// The kind as written in `kind:`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Autoscaler::HorizontalPodAutoscaler(_) => "HorizontalPodAutoscaler",
            Autoscaler::ScaledObject(_) => "ScaledObject",
        }
    }
}

/// The text of a scalar that resolves to a string, shared with the tree.
fn string_text(node: &Node) -> Option<Text> {
    node.as_scalar().filter(|scalar| scalar.is_str()).map(|scalar| scalar.text.clone())
}

/// One Kubernetes object read from one YAML document.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The file it came from.
    pub file: FileId,
    /// Index of the document within the file.
    pub document: usize,
    /// The document tree; diagnostics find their spans here. Once
    /// [`Resource::keep_linked`] has run, only its root's span is left.
    pub root: Node,
    /// `apiVersion` as written (the tree's text: a common one is borrowed,
    /// not copied for each resource).
    pub api_version: Option<Text>,
    /// `kind` as written (the tree's text, like `api_version`).
    pub kind: Option<Text>,
    /// `metadata.name`.
    pub name: Option<String>,
    /// `metadata.namespace`, or the default namespace when absent.
    pub namespace: String,
    /// The typed view.
    pub typed: Typed,
    /// Unknown fields, wrong types and missing required fields.
    pub schema_findings: Vec<SchemaFinding>,
    /// The template the document was rendered from: its `# Source:`
    /// comment (`helm template` output), set by the analysis.
    pub source: Option<Arc<str>>,
    /// [`Resource::shared_reference`], made at the first finding.
    reference: OnceLock<Arc<ResourceRef>>,
    /// What linking reads of the tree, once [`Resource::keep_linked`] has
    /// freed it.
    linked: Option<LinkedTree>,
}

/// What linking reads of a resource's tree: the spans of its fields, and
/// the values it reads from the tree and not from the typed model.
#[derive(Debug, Clone)]
struct LinkedTree {
    spans: SpanIndex,
    /// Boxed, and only when there is one: most resources have none.
    values: Option<Box<LinkedValues>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct LinkedValues {
    pod_labels: Option<WorkloadPodLabels>,
    autoscaler: Option<Autoscaler>,
    /// The one annotation kept, and its value.
    annotation: Option<(&'static str, Box<str>)>,
}

impl Resource {
    /// Build a resource from a document root. Returns `None` for documents
    /// that are not objects (Kubernetes ignores empty documents).
    pub fn from_document(file: FileId, document: usize, root: Node, default_namespace: &str) -> Option<Resource> {
        root.entries()?;
        let api_version = root.get("apiVersion").and_then(string_text);
        let kind = root.get("kind").and_then(string_text);
        let metadata = root.get("metadata");
        let name = metadata.and_then(|m| m.get("name")).and_then(Node::as_str).map(str::to_string);
        let namespace = metadata
            .and_then(|m| m.get("namespace"))
            .and_then(Node::as_str)
            .filter(|ns| !ns.is_empty())
            .unwrap_or(default_namespace)
            .to_string();
        let (schema_findings, typed) = match kind.as_deref().and_then(|kind| schema::validate(kind, &root)) {
            Some(findings) => (findings, build_typed(kind.as_deref(), &root)),
            None => (Vec::new(), Typed::Other),
        };
        Some(Resource {
            file,
            document,
            root,
            api_version,
            kind,
            name,
            namespace,
            typed,
            schema_findings,
            source: None,
            reference: OnceLock::new(),
            linked: None,
        })
    }

    /// The reference used in diagnostics.
    pub fn reference(&self) -> ResourceRef {
        ResourceRef {
            kind: self.kind.as_deref().unwrap_or("<unknown kind>").to_string(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// [`Resource::reference`], made once and shared by every finding about
    /// this resource: a run makes a few findings per resource, and a copy of
    /// the three names in each was a tenth of a big report's memory.
    pub fn shared_reference(&self) -> Arc<ResourceRef> {
        Arc::clone(self.reference.get_or_init(|| Arc::new(self.reference())))
    }

    /// Free the tree but for what linking reads of it: the spans of
    /// `fields` (`rules::linked_fields`), and the values it reads from the
    /// tree rather than the typed model (an untyped workload's pod labels,
    /// an autoscaler, the annotation named `annotation`: suppression's).
    /// From then on the spans and those values are what this resource
    /// answers with; [`Resource::node`] has no tree to read.
    pub fn keep_linked(&mut self, fields: &[Keep], annotation: &'static str) {
        if !cfg!(feature = "lint-in-runs") {
            // What linking reads, as a cut tree (see `Resource::linked`).
            self.root.retain(fields);
            return;
        }
        let values = LinkedValues {
            pod_labels: self.workload_pod_labels(),
            autoscaler: self.autoscaler(),
            annotation: self.annotation(annotation).map(|value| (annotation, Box::from(value))),
        };
        let values = (values != LinkedValues::default()).then(|| Box::new(values));
        let spans = SpanIndex::new(&self.root, fields);
        self.root = Node::new(self.root.span(), NodeValue::Mapping(Box::default()));
        self.linked = Some(LinkedTree { spans, values });
    }

    /// How many fields' spans [`Resource::keep_linked`] kept.
    pub fn kept_spans(&self) -> usize {
        self.linked().map_or(0, |linked| linked.spans.len())
    }

    /// What [`Resource::keep_linked`] kept. The docs embed, built without
    /// `lint-in-runs`, never keeps a resource for linking: with `None` known
    /// there, its build drops the index's code (it took the embed over its
    /// budget).
    fn linked(&self) -> Option<&LinkedTree> {
        if cfg!(feature = "lint-in-runs") {
            self.linked.as_ref()
        } else {
            None
        }
    }

    fn linked_values(&self) -> Option<&LinkedValues> {
        self.linked()?.values.as_deref()
    }

    /// The node at `path`, if present. Not after [`Resource::keep_linked`]:
    /// linking reads spans ([`Resource::value_span`]) and typed values.
    pub fn node(&self, path: &[PathSegment<'_>]) -> Option<&Node> {
        debug_assert!(self.linked().is_none(), "a linked resource has no tree to read at {path:?}");
        self.root.at(path)
    }

    /// The span of the value at `path`, if it is present.
    pub fn value_span(&self, path: &[PathSegment<'_>]) -> Option<Span> {
        match self.linked() {
            Some(linked) => linked.spans.get(path).map(|spans| spans.value),
            None => self.root.at(path).map(Node::span),
        }
    }

    /// Where the first key of the mapping at `path` starts (where an entry
    /// is inserted first), if it is a mapping with an entry.
    pub fn first_key_start(&self, path: &[PathSegment<'_>]) -> Option<usize> {
        match self.linked() {
            Some(linked) => linked.spans.get(path)?.first_key,
            None => self.root.at(path)?.entries()?.first().map(|first| first.key.span().start),
        }
    }

    /// The span of the value at `path`; when it is absent, the key of the
    /// deepest ancestor that exists, so that a "missing field" finding
    /// points at the object that should hold it.
    pub fn span(&self, path: &[PathSegment<'_>]) -> Span {
        if let Some(linked) = self.linked() {
            return linked.spans.span(self.root.span(), path, self.head_span());
        }
        let mut node = &self.root;
        let mut best = self.head_span();
        for segment in path {
            let next = match segment {
                PathSegment::Key(key) => match node.entry(key) {
                    Some(entry) => {
                        best = entry.key.span();
                        Some(&entry.value)
                    }
                    None => None,
                },
                PathSegment::Index(index) => node.items().and_then(|items| items.get(*index)),
            };
            match next {
                Some(next) => node = next,
                None => return best,
            }
        }
        node.span()
    }

    /// The span of the key at the end of `path` (falls back like [`Resource::span`]).
    pub fn key_span(&self, path: &[PathSegment<'_>]) -> Span {
        if let Some((PathSegment::Key(_), _)) = path.split_last() {
            if let Some(spans) = self.linked().and_then(|linked| linked.spans.get(path)) {
                return spans.key;
            }
        }
        if let Some((PathSegment::Key(key), parent)) = path.split_last().filter(|_| self.linked().is_none()) {
            if let Some(entry) = self.root.at(parent).and_then(|parent| parent.entry(key)) {
                return entry.key.span();
            }
        }
        self.span(path)
    }

    /// Where to point for the resource as a whole: its `kind` line, else the
    /// start of the document.
    pub fn head_span(&self) -> Span {
        if let Some(linked) = self.linked() {
            return linked
                .spans
                .get(&[PathSegment::Key("kind")])
                .map(|kind| kind.key.cover(kind.value))
                .unwrap_or(Span::empty(self.root.span().start));
        }
        self.root
            .entry("kind")
            .map(|entry| entry.key.span().cover(entry.value.span()))
            .unwrap_or(Span::empty(self.root.span().start))
    }

    /// The StatefulSet, if this is one.
    pub fn as_statefulset(&self) -> Option<&StatefulSet> {
        match &self.typed {
            Typed::StatefulSet(sts) => Some(sts),
            _ => None,
        }
    }

    /// The Service, if this is one.
    pub fn as_service(&self) -> Option<&Service> {
        match &self.typed {
            Typed::Service(svc) => Some(svc),
            _ => None,
        }
    }

    /// The PodDisruptionBudget, if this is one.
    pub fn as_pdb(&self) -> Option<&PodDisruptionBudget> {
        match &self.typed {
            Typed::PodDisruptionBudget(pdb) => Some(pdb),
            _ => None,
        }
    }

    /// The PersistentVolumeClaim, if this is one.
    pub fn as_pvc(&self) -> Option<&PersistentVolumeClaim> {
        match &self.typed {
            Typed::PersistentVolumeClaim(pvc) => Some(pvc),
            _ => None,
        }
    }

    /// The labels of the pods of a workload Ordinal does not type (Deployment,
    /// DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, a bare
    /// Pod; see [`kinds::pod_source`]), read from the generic tree: empty when
    /// the template has none, `None` for every other kind (StatefulSets
    /// included, which are typed).
    pub fn workload_pod_labels(&self) -> Option<WorkloadPodLabels> {
        let source = kinds::pod_source(self.api_version.as_deref(), self.kind.as_deref())?;
        if self.linked().is_some() {
            return self.linked_values().and_then(|values| values.pod_labels.clone());
        }
        let workload = Workload::from_node(&self.root).unwrap_or_default();
        let manual_selector = workload.spec.as_ref().and_then(|spec| spec.manual_selector).unwrap_or(false);
        let metadata = match source {
            PodSource::Pod => workload.metadata,
            PodSource::Template => workload.spec.and_then(|spec| spec.template).and_then(|template| template.metadata),
            PodSource::CronJob => workload
                .spec
                .and_then(|spec| spec.job_template)
                .and_then(|job| job.spec)
                .and_then(|job| job.template)
                .and_then(|template| template.metadata),
        };
        let labels = metadata.and_then(|metadata| metadata.labels).unwrap_or_default();
        Some(WorkloadPodLabels { labels, manual_selector })
    }

    /// The HorizontalPodAutoscaler or KEDA ScaledObject this is, read from the generic tree.
    pub fn autoscaler(&self) -> Option<Autoscaler> {
        if self.linked().is_some() {
            return self.linked_values().and_then(|values| values.autoscaler.clone());
        }
        let autoscaler = match kinds::autoscaler_kind(self.api_version.as_deref(), self.kind.as_deref())? {
            AutoscalerKind::HorizontalPodAutoscaler => {
                Autoscaler::HorizontalPodAutoscaler(HorizontalPodAutoscaler::from_node(&self.root).unwrap_or_default())
            }
            AutoscalerKind::ScaledObject => {
                Autoscaler::ScaledObject(ScaledObject::from_node(&self.root).unwrap_or_default())
            }
        };
        Some(autoscaler)
    }

    /// An annotation's value (after [`Resource::keep_linked`], only the
    /// one it kept).
    pub fn annotation(&self, key: &str) -> Option<&str> {
        if self.linked().is_some() {
            let (kept, value) = self.linked_values()?.annotation.as_ref()?;
            return (*kept == key).then_some(&**value);
        }
        self.root.at(&[PathSegment::Key("metadata"), PathSegment::Key("annotations"), PathSegment::Key(key)])?.as_str()
    }
}

/// The typed view of a document of a known kind. The removed beta
/// versions (already reported by `removed-api-version`) are read like their
/// `v1` successors, so that every other rule still works.
fn build_typed(kind: Option<&str>, root: &Node) -> Typed {
    let typed = match kind.and_then(Kind::from_name) {
        Some(Kind::StatefulSet) => StatefulSet::from_node(root).map(|v| Typed::StatefulSet(Box::new(v))),
        Some(Kind::Service) => Service::from_node(root).map(|v| Typed::Service(Box::new(v))),
        Some(Kind::PersistentVolumeClaim) => {
            PersistentVolumeClaim::from_node(root).map(|v| Typed::PersistentVolumeClaim(Box::new(v)))
        }
        Some(Kind::PodDisruptionBudget) => {
            PodDisruptionBudget::from_node(root).map(|v| Typed::PodDisruptionBudget(Box::new(v)))
        }
        None => None,
    };
    typed.unwrap_or(Typed::Other)
}
