//! What the linking half reads of a resource's tree.
//!
//! Once a file's own rules have run (`check_local`), its trees are needed
//! only for what the [`Rule::check_linked`](super::Rule::check_linked) hooks,
//! the topology and suppression read from them: the spans they point at,
//! the annotations that silence them, and the untyped kinds' pod labels and
//! replica bounds. [`linked_fields`] names those fields, so that `lint` and
//! the CLI can free everything else of a file while the other files are
//! still being parsed (`lint::keep_linked_fields`). A linking rule that
//! reads a field not named here points at its parent's key instead; the
//! tests in `tests/local_and_linked.rs` lint every fixture and real manifest
//! both ways and fail on any difference.

use crate::kinds::{self, PodSource};
use crate::model::kube::{Container, ObjectMeta};
use crate::model::{Resource, Typed};
use crate::parse::Keep;
use crate::suppression::IGNORE_ANNOTATION;

/// The fields of `resource` that linking reads.
pub(crate) fn linked_fields(resource: &Resource) -> &'static [Keep] {
    match kinds::pod_source(resource.api_version.as_deref(), resource.kind.as_deref()) {
        Some(PodSource::Pod) => LINKED_POD_FIELDS,
        _ => LINKED_FIELDS,
    }
}

/// Every field a linking rule, the topology or suppression reads from the
/// tree (what they read of the typed model is [`keep_linked_typed`]'s
/// business). Each mapping kept keeps its first entry's key too, where a
/// fix inserts a field.
const LINKED_FIELDS: &[Keep] = &[
    Keep::whole("apiVersion"),
    // `Resource::head_span`, where a finding on the resource as a whole points.
    Keep::whole("kind"),
    Keep::fields("metadata", METADATA),
    Keep::fields("spec", SPEC),
];

/// [`LINKED_FIELDS`] of a bare Pod, whose own labels are its pod labels
/// (`Resource::workload_pod_labels`).
const LINKED_POD_FIELDS: &[Keep] = &[
    Keep::whole("apiVersion"),
    Keep::whole("kind"),
    Keep::fields(
        "metadata",
        &[
            Keep::whole("name"),
            Keep::whole("namespace"),
            Keep::whole("labels"),
            Keep::fields("annotations", &[Keep::whole(IGNORE_ANNOTATION)]),
        ],
    ),
];

const METADATA: &[Keep] =
    &[Keep::whole("name"), Keep::whole("namespace"), Keep::fields("annotations", &[Keep::whole(IGNORE_ANNOTATION)])];

const SPEC: &[Keep] = &[
    // StatefulSet: service-not-found, service-not-headless, publish-not-ready-addresses,
    // service-selects-no-pods, service-target-port-not-found (the `containers` key).
    Keep::whole("serviceName"),
    Keep::whole("replicas"),
    Keep::fields("template", POD_TEMPLATE),
    // Service and PodDisruptionBudget: their selectors, ports, addresses and budgets.
    Keep::whole("selector"),
    Keep::whole("ports"),
    Keep::whole("clusterIP"),
    Keep::whole("clusterIPs"),
    Keep::whole("type"),
    Keep::whole("publishNotReadyAddresses"),
    Keep::whole("minAvailable"),
    Keep::whole("maxUnavailable"),
    // Other workloads' pod labels (`Resource::workload_pod_labels`).
    Keep::whole("manualSelector"),
    Keep::fields("jobTemplate", &[Keep::fields("spec", &[Keep::fields("template", POD_TEMPLATE)])]),
    // HorizontalPodAutoscaler and KEDA ScaledObject (`Resource::autoscaler`, pdb-blocks-eviction).
    Keep::whole("scaleTargetRef"),
    Keep::whole("minReplicas"),
    Keep::whole("maxReplicas"),
    Keep::whole("metrics"),
    Keep::whole("minReplicaCount"),
    Keep::whole("maxReplicaCount"),
];

/// A pod template: its labels, and where its containers are.
const POD_TEMPLATE: &[Keep] =
    &[Keep::fields("metadata", &[Keep::whole("labels")]), Keep::fields("spec", &[Keep::span("containers")])];

/// Drop from a typed object what linking does not read. No linking rule
/// reads an object's own metadata (its name and namespace are the
/// `Resource`'s, the ignore annotation is kept with the spans). A
/// StatefulSet's pod template keeps only its containers' names, ports and
/// restart policies (a sidecar's ports serve a Service's `targetPort` too:
/// `semantics::pod::service_target_port`); its labels, selector and the
/// fields the defaults read (`Effective`) stay.
pub(crate) fn keep_linked_typed(typed: &mut Typed) {
    let metadata = match typed {
        Typed::StatefulSet(sts) => &mut sts.metadata,
        Typed::Service(service) => &mut service.metadata,
        Typed::PersistentVolumeClaim(claim) => &mut claim.metadata,
        Typed::PodDisruptionBudget(pdb) => &mut pdb.metadata,
        Typed::Other => return,
    };
    *metadata = ObjectMeta::default();
    let Typed::StatefulSet(sts) = typed else { return };
    let Some(pod) = sts.spec.template.spec.as_mut() else { return };
    pod.affinity = None;
    pod.topology_spread_constraints = None;
    pod.volumes = None;
    for container in pod.containers.iter_mut().chain(pod.init_containers.iter_mut().flatten()) {
        *container = Container {
            name: std::mem::take(&mut container.name),
            ports: container.ports.take(),
            restart_policy: container.restart_policy.take(),
            ..Container::default()
        };
    }
}
