//! The state of every pod, its claims and its DNS names at each step of a
//! plan, computed on demand from the plan's steps so that nothing per step
//! and per pod is stored (an `OrderedReady` startup of 1,000 pods has 1,000
//! steps, and a table of every pod at every step would cost pods²).
//!
//! A step's moment is "while the step waits": its action is done and the
//! controller waits for what [`Step::waits_for`](super::Step) says.
//! Sources (kubernetes/kubernetes unless noted):
//! - `pkg/controller/statefulset/stateful_set_control.go` `updateStatefulSet`:
//!   a created pod is Pending until `isRunningAndReady`; `processCondemned`
//!   deletes condemned pods (highest ordinal first); the rolling update loop
//!   deletes the pods whose index is at least `partition`, highest first, and
//!   `newVersionedStatefulSetPod` recreates them at the update revision, while
//!   the pods below the partition keep the current revision. `OnDelete`
//!   returns before that loop.
//! - `pkg/controller/statefulset/stateful_pod_control.go`
//!   `ClaimsMatchRetentionPolicy`: with `whenScaled: Delete` a condemned
//!   pod's claims get an owner reference to the pod, so the garbage collector
//!   deletes them with it; with `Retain` (the default,
//!   [`crate::semantics::statefulset::Effective`]) they are kept.
//! - kubernetes/dns `docs/specification.md` §2.4.1: a headless Service's A
//!   set, each per-pod A record and each SRV target exist only for ready
//!   endpoints; the EndpointSlice controller marks a not-ready pod ready when
//!   the Service sets `publishNotReadyAddresses`
//!   (`pkg/controller/util/endpoint` `ShouldPodBeInEndpoints`). A Service with
//!   a cluster IP resolves whatever its endpoints (§2.3.1).

use super::{Plan, PodIdentity, StatefulSetExplanation, UpdateStrategy};

/// Which plan of a StatefulSet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanKind {
    /// [`StatefulSetExplanation::startup`].
    Startup,
    /// [`StatefulSetExplanation::scale`].
    Scale,
    /// [`StatefulSetExplanation::scale_down`].
    ScaleDown,
    /// [`StatefulSetExplanation::rolling_update`].
    Update,
}

impl PlanKind {
    /// The label faces show for the plan.
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::Startup => "startup",
            PlanKind::Scale => "scale",
            PlanKind::ScaleDown => "scale-down",
            PlanKind::Update => "update",
        }
    }

    /// The plan of `sts`, when it has one.
    pub fn plan(self, sts: &StatefulSetExplanation) -> Option<&Plan> {
        match self {
            PlanKind::Startup => Some(&sts.startup),
            PlanKind::Scale => sts.scale.as_ref(),
            PlanKind::ScaleDown => Some(&sts.scale_down),
            PlanKind::Update => Some(&sts.rolling_update),
        }
    }

    /// The plan a picture follows: the update when asked for, else the
    /// scale when asked for, else the startup.
    pub fn shown(sts: &StatefulSetExplanation, show_update: bool) -> PlanKind {
        if show_update {
            PlanKind::Update
        } else if sts.scale.is_some() {
            PlanKind::Scale
        } else {
            PlanKind::Startup
        }
    }
}

/// A pod's state at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodState {
    /// Not created yet, or deleted.
    Absent,
    /// Created and not yet Running and Ready.
    Pending,
    /// Running and Ready.
    Ready,
}

impl PodState {
    /// `absent`, `pending` or `ready`.
    pub fn as_str(self) -> &'static str {
        match self {
            PodState::Absent => "absent",
            PodState::Pending => "pending",
            PodState::Ready => "ready",
        }
    }
}

/// A pod's revision during a rolling update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revision {
    /// The revision before the template change.
    Current,
    /// The revision of the new template.
    Updated,
}

impl Revision {
    /// `current` or `updated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Revision::Current => "current",
            Revision::Updated => "updated",
        }
    }
}

/// What has happened to a pod's claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimFate {
    /// The claims exist.
    Kept,
    /// The pod was removed by a scale-down with `whenScaled: Delete`.
    Deleted,
}

impl ClaimFate {
    /// `kept` or `deleted`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimFate::Kept => "kept",
            ClaimFate::Deleted => "deleted",
        }
    }
}

/// One pod of a plan: the StatefulSet's pods, then for a scale-up the pods it adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanPod {
    /// Pod name.
    pub name: String,
    /// Ordinal.
    pub ordinal: i64,
    /// `ordinal - ordinals.start`.
    pub index: i64,
    /// PVC names.
    pub pvcs: Vec<String>,
    /// The per-pod DNS name, when the pod has one.
    pub fqdn: Option<String>,
}

/// A pod at one moment of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PodAtStep {
    /// Absent, pending or ready.
    pub state: PodState,
    /// In the update plan only: the pod's revision.
    pub revision: Option<Revision>,
    /// In the update plan only: the pod keeps the current revision because
    /// its index is below `partition`.
    pub kept_by_partition: bool,
    /// Its claims.
    pub claims: ClaimFate,
    /// Its per-pod DNS name resolves (it has one and the pod is published).
    pub resolves: bool,
}

/// A plan with the pods it concerns, to ask what each looks like at a step.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    /// The StatefulSet.
    pub sts: &'a StatefulSetExplanation,
    /// Which plan.
    pub kind: PlanKind,
    /// The plan.
    pub plan: &'a Plan,
    /// The pods, in ordinal order.
    pub pods: Vec<PlanPod>,
    /// For each pod, the number (1-based) of the step acting on it.
    acted_at: Vec<Option<usize>>,
}

impl<'a> Timeline<'a> {
    /// The timeline of plan `kind` of `sts`, when it has that plan.
    pub fn new(sts: &'a StatefulSetExplanation, kind: PlanKind) -> Option<Timeline<'a>> {
        let plan = kind.plan(sts)?;
        let mut pods: Vec<PlanPod> = sts.pods.iter().map(plan_pod).collect();
        let mut acted_at = vec![None; pods.len()];
        let prefix = format!("{}-", sts.name);
        for (number, step) in plan.steps.iter().enumerate() {
            for name in &step.pods {
                // Every pod is named `<sts>-<ordinal>` (`getPodName`), so the
                // ordinal gives the position without a lookup by name.
                let Some(ordinal) = name.strip_prefix(&prefix).and_then(|rest| rest.parse::<i64>().ok()) else {
                    continue;
                };
                let Ok(position) = usize::try_from(ordinal - sts.start_ordinal) else { continue };
                while pods.len() <= position {
                    pods.push(new_pod(sts, pods.len()));
                    acted_at.push(None);
                }
                acted_at[position] = Some(number + 1);
            }
        }
        Some(Timeline { sts, kind, plan, pods, acted_at })
    }

    /// How many steps the plan has.
    pub fn steps(&self) -> usize {
        self.plan.steps.len()
    }

    /// The pod at `position` while step `at` waits: 0 is before the plan,
    /// past the last step is when the plan is done and every pod settled.
    pub fn pod(&self, position: usize, at: usize) -> PodAtStep {
        let acted = self.acted_at.get(position).copied().flatten();
        let existed = position < self.sts.pods.len();
        let index = self.pods.get(position).map_or(0, |pod| pod.index);
        let mut revision = None;
        let mut kept_by_partition = false;
        let mut claims = ClaimFate::Kept;
        let state = match (self.kind, acted) {
            (PlanKind::Update, acted) => {
                kept_by_partition = match self.sts.update_strategy {
                    UpdateStrategy::RollingUpdate { partition, .. } => index < partition,
                    UpdateStrategy::OnDelete => false,
                };
                let (state, updated) = match acted {
                    Some(step) if at == step => (PodState::Pending, true),
                    Some(step) => (PodState::Ready, at > step),
                    None => (PodState::Ready, false),
                };
                revision = Some(if updated { Revision::Updated } else { Revision::Current });
                state
            }
            (PlanKind::ScaleDown, Some(step)) | (PlanKind::Scale, Some(step)) if existed => {
                if at >= step {
                    if self.sts.retention.when_scaled == "Delete" {
                        claims = ClaimFate::Deleted;
                    }
                    PodState::Absent
                } else {
                    PodState::Ready
                }
            }
            (_, Some(step)) => match at.cmp(&step) {
                std::cmp::Ordering::Less => PodState::Absent,
                std::cmp::Ordering::Equal => PodState::Pending,
                std::cmp::Ordering::Greater => PodState::Ready,
            },
            (_, None) if existed => PodState::Ready,
            (_, None) => PodState::Absent,
        };
        let published = match state {
            PodState::Ready => true,
            PodState::Pending => self.sts.service.publish_not_ready_addresses,
            PodState::Absent => false,
        };
        let resolves = published && self.pods.get(position).is_some_and(|pod| pod.fqdn.is_some());
        PodAtStep { state, revision, kept_by_partition, claims, resolves }
    }

    /// Whether the plan removes the pod at `position` (a scale-down), so
    /// that its claims' fate is worth showing.
    pub fn removes(&self, position: usize) -> bool {
        matches!(self.kind, PlanKind::Scale | PlanKind::ScaleDown)
            && position < self.sts.pods.len()
            && self.acted_at.get(position).copied().flatten().is_some()
    }

    /// Whether the governing Service's own name (its A set, and its SRV
    /// records) resolves at step `at`: when any of its per-pod names does.
    pub fn service_resolves(&self, at: usize) -> bool {
        (0..self.pods.len()).any(|position| self.pod(position, at).resolves)
    }

    /// The pods at step `at` as runs of consecutive pods in the same state,
    /// as (first position, last position, state): a handful per step
    /// whatever the number of pods.
    pub fn runs(&self, at: usize) -> Vec<(usize, usize, PodAtStep)> {
        let mut runs: Vec<(usize, usize, PodAtStep)> = Vec::new();
        for position in 0..self.pods.len() {
            let pod = self.pod(position, at);
            match runs.last_mut() {
                Some((_, last, state)) if *state == pod => *last = position,
                _ => runs.push((position, position, pod)),
            }
        }
        runs
    }
}

fn plan_pod(pod: &PodIdentity) -> PlanPod {
    PlanPod {
        name: pod.name.clone(),
        ordinal: pod.ordinal,
        index: pod.index,
        pvcs: pod.pvcs.clone(),
        fqdn: pod.fqdn.clone(),
    }
}

/// A pod a scale-up adds, named as the controller names it
/// (`getPodName`, `getPersistentVolumeClaimName`) and given the per-pod
/// DNS name the listed pods have.
fn new_pod(sts: &StatefulSetExplanation, position: usize) -> PlanPod {
    let index = i64::try_from(position).unwrap_or(i64::MAX);
    let ordinal = sts.start_ordinal.saturating_add(index);
    let name = format!("{}-{ordinal}", sts.name);
    let first = sts.pods.first();
    let pvcs = first
        .map(|pod| {
            pod.pvcs
                .iter()
                .filter_map(|pvc| {
                    let claim = pvc.strip_suffix(&format!("-{}-{}", sts.name, pod.ordinal))?;
                    Some(format!("{claim}-{name}"))
                })
                .collect()
        })
        .unwrap_or_default();
    let fqdn = first.and_then(|pod| {
        let domain = pod.fqdn.as_ref()?.strip_prefix(&pod.hostname.to_ascii_lowercase())?;
        let fqdn = format!("{}{domain}", name.to_ascii_lowercase());
        super::is_valid_dns_name(&fqdn).then_some(fqdn)
    });
    PlanPod { name, ordinal, index, pvcs, fqdn }
}

/// The DNS records that exist at step `at` of each StatefulSet's shown plan
/// ([`PlanKind::shown`]; `None`: when the plans are done, which is
/// [`Explanation::dns`](super::Explanation) as it is): a pod's per-pod A
/// record, its address in a headless Service's A set and its SRV targets
/// exist only while the pod is published (Ready, or created and the Service
/// sets `publishNotReadyAddresses`; DNS spec §2.4.1). Records of Services
/// with a cluster IP and ExternalName Services do not depend on the pods.
pub fn records_at(explanation: &super::Explanation, at: Option<usize>) -> Vec<super::DnsRecord> {
    let Some(at) = at else { return explanation.dns.clone() };
    // Each pod's state, by pod name and by per-pod DNS name.
    let mut states: std::collections::HashMap<String, PodState> = std::collections::HashMap::new();
    for sts in &explanation.statefulsets {
        let Some(timeline) = Timeline::new(sts, PlanKind::shown(sts, explanation.show_update)) else { continue };
        let at = at.min(timeline.steps() + 1);
        for (position, pod) in timeline.pods.iter().enumerate() {
            let state = timeline.pod(position, at).state;
            if let Some(fqdn) = &pod.fqdn {
                states.insert(fqdn.clone(), state);
            }
            states.insert(pod.name.clone(), state);
        }
    }
    let publishes = |service: &str| {
        explanation
            .services
            .iter()
            .any(|svc| svc.publish_not_ready_addresses && service == format!("{}/{}", svc.namespace, svc.name))
    };
    let published = |key: &str, publish: bool| match states.get(key) {
        Some(PodState::Ready) | None => true,
        Some(PodState::Pending) => publish,
        Some(PodState::Absent) => false,
    };
    let mut records = Vec::new();
    for record in &explanation.dns {
        let publish = publishes(&record.service);
        let values: Vec<String> = record
            .values
            .iter()
            .filter(|value| {
                if let Some(pod) = value.strip_prefix('<').and_then(|rest| rest.strip_suffix(" IP>")) {
                    published(pod, publish)
                } else if record.record_type == super::RecordType::Srv {
                    value.split_once(' ').is_none_or(|(_, target)| published(target, publish))
                } else {
                    true
                }
            })
            .cloned()
            .collect();
        if !values.is_empty() {
            records.push(super::DnsRecord { values, ..record.clone() });
        }
    }
    records
}
