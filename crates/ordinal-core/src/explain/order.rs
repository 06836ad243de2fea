//! The order in which the StatefulSet controller creates, deletes and
//! replaces pods.
//!
//! Source: kubernetes/kubernetes `pkg/controller/statefulset/stateful_set_control.go`:
//! - `updateStatefulSet` walks `replicas` (indexed by `ordinal - getStartOrdinal(set)`)
//!   in ascending order through `runForAll`; with `OrderedReady` ("monotonic")
//!   `processReplica` creates the first missing pod and returns, and returns
//!   while a pod is not `isRunningAndReady` or not `isRunningAndAvailable`
//!   (`minReadySeconds`), so each pod waits for all of its predecessors.
//!   With `Parallel` (`allowsBurst`) every missing pod is created in one pass.
//! - Condemned pods (ordinal beyond the end) are sorted by `descendingOrdinal`
//!   and `processCondemned` deletes one per pass in monotonic mode, blocking
//!   while the previous one is terminating; `Parallel` deletes them all.
//! - The rolling update loop runs `for target := len(replicas) - 1; target >= updateMin; target--`
//!   where `updateMin` is `partition` and `target` is the replica *index*,
//!   so `partition` is compared with `ordinal - ordinals.start`.
//!   `updateStatefulSetAfterInvariantEstablished` deletes up to
//!   `maxUnavailable` pods at a time, highest index first.
//! - `OnDelete` returns before the update loop: the controller never deletes
//!   pods for an update.

use super::{
    Budget, NameList, Plan, PodManagementPolicy, StatefulSetExplanation, Step, StepAction, StepDns, UpdateStrategy,
};

/// Fill in the startup, scale-down, scale and rolling update plans.
pub(super) fn plan(sts: &mut StatefulSetExplanation, scale_to: Option<i32>, budget: &mut Budget) {
    let count = sts.pods.len();
    sts.startup = scale_up(sts, 0, count, format!("create {} pod(s) from nothing", count));
    sts.scale_down = scale_down(sts, count, 0, format!("scale from {} to 0", sts.replicas));
    sts.scale = scale_to.map(|target| {
        let target = i64::from(target.max(0));
        let title = format!("scale from {} to {target}", sts.replicas);
        if target >= sts.replicas {
            scale_up_to(sts, target, title, budget)
        } else {
            let keep = usize::try_from(target).unwrap_or(0).min(count);
            scale_down(sts, count, keep, title)
        }
    });
    sts.rolling_update = rolling_update(sts);
}

/// What an `OrderedReady` step waits for after creating `pod`.
fn ready_wait(sts: &StatefulSetExplanation, pod: &str) -> String {
    if sts.min_ready_seconds > 0 {
        format!("`{pod}` Running and Ready, then available for {}s (minReadySeconds)", sts.min_ready_seconds)
    } else {
        format!("`{pod}` Running and Ready")
    }
}

/// Create the pods at positions `from..to` of `sts.pods`.
fn scale_up(sts: &StatefulSetExplanation, from: usize, to: usize, title: String) -> Plan {
    let names: Vec<String> = sts.pods.iter().take(to).skip(from).map(|pod| pod.name.clone()).collect();
    let mut plan = Plan { title, ..Plan::default() };
    if names.is_empty() {
        plan.notes.push("no pods to create".into());
        return plan;
    }
    let names_by_position = PerPodNames::of(sts);
    match sts.pod_management_policy {
        PodManagementPolicy::OrderedReady => {
            for (offset, name) in names.iter().enumerate() {
                let position = from + offset;
                plan.steps.push(Step {
                    action: StepAction::Create,
                    pods: vec![name.clone()],
                    waits_for: ready_wait(sts, name),
                    dns: Some(names_by_position.step_dns(sts, position, position + 1)),
                });
            }
        }
        PodManagementPolicy::Parallel => plan.steps.push(Step {
            action: StepAction::Create,
            waits_for: "nothing: Parallel creates every pod without waiting for any to be Running and Ready".into(),
            dns: Some(names_by_position.step_dns(sts, from, to)),
            pods: names,
        }),
    }
    plan
}

/// Scale up to `target` replicas, which may be beyond the listed pods.
fn scale_up_to(sts: &StatefulSetExplanation, target: i64, title: String, budget: &mut Budget) -> Plan {
    let current = sts.pods.len();
    if target == sts.replicas {
        return Plan { title, steps: Vec::new(), notes: vec!["nothing to do: already at that size".into()] };
    }
    // Build the identities of the extra pods on a copy so that DNS for each
    // new step follows the same rules as for the existing pods.
    let mut grown = sts.clone();
    let first_new = sts.replicas.min(super::MAX_PODS);
    let wanted = target.min(super::MAX_PODS).max(first_new) - first_new;
    let granted = i64::try_from(budget.take_pods(usize::try_from(wanted).unwrap_or(0))).unwrap_or(0);
    let template_labels = sts.pods.first().map(|pod| std::sync::Arc::clone(&pod.template_labels)).unwrap_or_default();
    for index in first_new..first_new + granted {
        let ordinal = sts.start_ordinal + index;
        let name = format!("{}-{ordinal}", sts.name);
        let pvcs = sts
            .pods
            .first()
            .map(|pod| {
                pod.pvcs
                    .iter()
                    .filter_map(|pvc| {
                        let claim = pvc.strip_suffix(&format!("-{}-{}", sts.name, pod.ordinal))?;
                        Some(format!("{claim}-{}-{ordinal}", sts.name))
                    })
                    .collect()
            })
            .unwrap_or_default();
        let fqdn = sts.pods.first().and_then(|pod| {
            let domain = pod.fqdn.as_ref()?.strip_prefix(&pod.hostname.to_ascii_lowercase())?;
            let fqdn = format!("{}{domain}", name.to_ascii_lowercase());
            super::is_valid_dns_name(&fqdn).then_some(fqdn)
        });
        grown.pods.push(super::PodIdentity {
            ordinal,
            index,
            hostname: name.clone(),
            subdomain: sts.service.name.clone(),
            fqdn,
            template_labels: std::sync::Arc::clone(&template_labels),
            pvcs,
            name,
        });
    }
    let mut plan = scale_up(&grown, current, grown.pods.len(), title);
    if granted < wanted {
        plan.notes.push(format!(
            "only the first {granted} of {wanted} new pods are listed: a run lists at most {} pods in all",
            super::MAX_TOTAL_PODS
        ));
    }
    if sts.pod_management_policy == PodManagementPolicy::OrderedReady && current > 0 {
        plan.notes.push(
            "OrderedReady: the existing pods must all be Running and Ready before the first new pod is created".into(),
        );
    }
    if sts.retention.when_scaled == "Retain" && !sts.pods.iter().all(|pod| pod.pvcs.is_empty()) {
        plan.notes.push("PVCs left by an earlier scale-down are reused by the pods with the same ordinals".into());
    }
    plan
}

/// Delete the pods at positions `keep..from` of `sts.pods`, highest ordinal first.
fn scale_down(sts: &StatefulSetExplanation, from: usize, keep: usize, title: String) -> Plan {
    let mut names: Vec<String> = sts.pods.iter().take(from).skip(keep).map(|pod| pod.name.clone()).collect();
    names.reverse();
    let mut plan = Plan { title, ..Plan::default() };
    if names.is_empty() {
        plan.notes.push("no pods to delete".into());
        return plan;
    }
    match sts.pod_management_policy {
        PodManagementPolicy::OrderedReady => {
            for name in &names {
                let remaining = keep > 0 || Some(name) != names.last();
                plan.steps.push(Step {
                    action: StepAction::Delete,
                    pods: vec![name.clone()],
                    waits_for: if remaining {
                        format!("`{name}` fully terminated (and every remaining pod Running and Ready)")
                    } else {
                        format!("`{name}` fully terminated")
                    },
                    dns: None,
                });
            }
        }
        PodManagementPolicy::Parallel => plan.steps.push(Step {
            action: StepAction::Delete,
            waits_for: "nothing: Parallel deletes every pod at once".into(),
            dns: None,
            pods: names,
        }),
    }
    let has_claims = sts.pods.iter().any(|pod| !pod.pvcs.is_empty());
    if has_claims {
        plan.notes.push(if sts.retention.when_scaled == "Delete" {
            "whenScaled: Delete: the PVCs of each removed pod are deleted after the pod".into()
        } else {
            "whenScaled: Retain: the PVCs of removed pods are kept (and reused on scale-up)".into()
        });
    }
    plan
}

/// The rolling update after a change to the pod template.
fn rolling_update(sts: &StatefulSetExplanation) -> Plan {
    let mut plan = Plan { title: "rolling update after a pod template change".into(), ..Plan::default() };
    let (partition, max_unavailable) = match sts.update_strategy {
        UpdateStrategy::OnDelete => {
            plan.title = "OnDelete: no automatic update".into();
            plan.notes.push(
                "the controller does not replace pods after a template change; each pod you delete is recreated at the new revision"
                    .into(),
            );
            return plan;
        }
        UpdateStrategy::RollingUpdate { partition, max_unavailable } => (partition, max_unavailable),
    };
    let mut targets: Vec<&super::PodIdentity> = sts.pods.iter().filter(|pod| pod.index >= partition).collect();
    targets.reverse();
    let kept: Vec<&str> = sts.pods.iter().filter(|pod| pod.index < partition).map(|pod| pod.name.as_str()).collect();
    let chunk = usize::try_from(max_unavailable).unwrap_or(1).max(1);
    for wave in targets.chunks(chunk) {
        let pods: Vec<String> = wave.iter().map(|pod| pod.name.clone()).collect();
        let waits_for = match (wave, sts.pod_management_policy) {
            ([pod], _) => ready_wait(sts, &pod.name),
            (_, PodManagementPolicy::OrderedReady) => {
                let mut ascending: Vec<&str> = pods.iter().map(String::as_str).collect();
                ascending.reverse();
                format!(
                    "the pods are recreated in ordinal order, each Running and Ready{} before the next: `{}`",
                    if sts.min_ready_seconds > 0 { " and available" } else { "" },
                    ascending.join("`, `")
                )
            }
            (_, PodManagementPolicy::Parallel) => format!(
                "all of them Running and Ready{}",
                if sts.min_ready_seconds > 0 {
                    format!(" and available for {}s", sts.min_ready_seconds)
                } else {
                    String::new()
                }
            ),
        };
        plan.steps.push(Step { action: StepAction::Update, pods, waits_for, dns: None });
    }
    if partition > 0 {
        if targets.is_empty() {
            plan.notes.push(format!("partition {partition} is not below replicas {}: no pod is updated", sts.replicas));
        }
        if !kept.is_empty() {
            plan.notes.push(format!(
                "partition {partition}: `{}` keep the current revision (index = ordinal - {} is below {partition}) and are recreated at it if deleted",
                kept.join("`, `"),
                sts.start_ordinal
            ));
        }
    }
    if max_unavailable > 1 {
        plan.notes.push(format!(
            "maxUnavailable {max_unavailable} needs the MaxUnavailableStatefulSet feature gate; without it the controller replaces one pod at a time"
        ));
    }
    plan
}

/// The per-pod names of a StatefulSet's pods, found once per plan so that
/// each startup step describes its DNS in constant time and space rather
/// than listing every name that resolved before it.
struct PerPodNames {
    /// Positions in `pods` of the pods that have a per-pod name, ascending.
    named: Vec<usize>,
    /// The governing Service's own name, when the pods have per-pod names.
    service_name: Option<String>,
}

impl PerPodNames {
    fn of(sts: &StatefulSetExplanation) -> PerPodNames {
        PerPodNames {
            named: sts
                .pods
                .iter()
                .enumerate()
                .filter(|(_, pod)| pod.fqdn.is_some())
                .map(|(position, _)| position)
                .collect(),
            service_name: sts
                .pods
                .iter()
                .find_map(|pod| pod.fqdn.as_deref()?.strip_prefix(&format!("{}.", pod.hostname.to_ascii_lowercase())))
                .map(str::to_string),
        }
    }

    /// Which per-pod names resolve while the pods at `starting_from..starting_to`
    /// are starting and every earlier pod is Running and Ready. A pod is an
    /// endpoint's ready address only when Ready; with `publishNotReadyAddresses`
    /// the EndpointSlice controller publishes it anyway (DNS spec §2.4.1: records
    /// exist for *ready* endpoints).
    fn step_dns(&self, sts: &StatefulSetExplanation, starting_from: usize, starting_to: usize) -> StepDns {
        let ready_to = if sts.service.publish_not_ready_addresses { starting_to } else { starting_from };
        let resolvable = self.positions(0, ready_to);
        let pending = self.positions(ready_to, starting_to);
        let fqdn = |position: usize| sts.pods[position].fqdn.clone().unwrap_or_default();
        StepDns {
            resolvable: NameList::build(resolvable.len(), |i| fqdn(resolvable[i])),
            pending: NameList::build(pending.len(), |i| fqdn(pending[i])),
            service_name: self.service_name.clone(),
            service_answers: NameList::build(resolvable.len(), |i| sts.pods[resolvable[i]].name.clone()),
        }
    }

    /// The named positions in `from..to`.
    fn positions(&self, from: usize, to: usize) -> &[usize] {
        let start = self.named.partition_point(|&position| position < from);
        let end = self.named.partition_point(|&position| position < to).max(start);
        &self.named[start..end]
    }
}

/// What applying a change to a StatefulSet does to its pods, OLD's pods
/// before it and NEW's after (`ordinal diff`). In `updateStatefulSet` the
/// controller first creates the missing pods of NEW in ascending order
/// (`newVersionedStatefulSetPod` gives them the update revision unless their
/// index is below the partition), then deletes the condemned pods of OLD
/// from the highest ordinal down (`processCondemned`), and only then, with
/// `RollingUpdate`, replaces the pods still at the old revision
/// (`updateStatefulSetAfterInvariantEstablished`: highest index first, down
/// to `partition`, `maxUnavailable` at a time). `OnDelete` replaces nothing.
pub fn change_rollout(old: &StatefulSetExplanation, new: &StatefulSetExplanation, template_changed: bool) -> Plan {
    let mut plan = Plan { title: "rollout of the change".into(), ..Plan::default() };
    let old_names: std::collections::HashSet<&str> = old.pods.iter().map(|pod| pod.name.as_str()).collect();
    let new_names: std::collections::HashSet<&str> = new.pods.iter().map(|pod| pod.name.as_str()).collect();
    let created: Vec<&super::PodIdentity> =
        new.pods.iter().filter(|pod| !old_names.contains(pod.name.as_str())).collect();
    let mut condemned: Vec<&super::PodIdentity> =
        old.pods.iter().filter(|pod| !new_names.contains(pod.name.as_str())).collect();
    condemned.reverse();
    let partition = match new.update_strategy {
        UpdateStrategy::RollingUpdate { partition, .. } => partition,
        UpdateStrategy::OnDelete => 0,
    };
    match new.pod_management_policy {
        PodManagementPolicy::OrderedReady => {
            for pod in &created {
                plan.steps.push(Step {
                    action: StepAction::Create,
                    pods: vec![pod.name.clone()],
                    waits_for: ready_wait(new, &pod.name),
                    dns: None,
                });
            }
            for pod in &condemned {
                plan.steps.push(Step {
                    action: StepAction::Delete,
                    pods: vec![pod.name.clone()],
                    waits_for: format!("`{}` fully terminated", pod.name),
                    dns: None,
                });
            }
        }
        PodManagementPolicy::Parallel => {
            if !created.is_empty() {
                plan.steps.push(Step {
                    action: StepAction::Create,
                    pods: created.iter().map(|pod| pod.name.clone()).collect(),
                    waits_for: "nothing: Parallel creates every pod without waiting for any to be Running and Ready"
                        .into(),
                    dns: None,
                });
            }
            if !condemned.is_empty() {
                plan.steps.push(Step {
                    action: StepAction::Delete,
                    pods: condemned.iter().map(|pod| pod.name.clone()).collect(),
                    waits_for: "nothing: Parallel deletes every pod at once".into(),
                    dns: None,
                });
            }
        }
    }
    if !condemned.is_empty() && condemned.iter().any(|pod| !pod.pvcs.is_empty()) {
        plan.notes.push(if new.retention.when_scaled == "Delete" {
            "whenScaled: Delete: the PVCs of each removed pod are deleted after the pod".into()
        } else {
            "whenScaled: Retain: the PVCs of removed pods are kept (and reused on scale-up)".into()
        });
    }
    if template_changed {
        let existing: Vec<&super::PodIdentity> =
            new.pods.iter().filter(|pod| old_names.contains(pod.name.as_str())).collect();
        match new.update_strategy {
            UpdateStrategy::OnDelete => {
                let names: Vec<&str> = existing.iter().map(|pod| pod.name.as_str()).collect();
                if !names.is_empty() {
                    plan.notes.push(format!(
                        "OnDelete: `{}` keep the old revision until each is deleted; a deleted pod is recreated at the new revision",
                        names.join("`, `")
                    ));
                }
            }
            UpdateStrategy::RollingUpdate { partition, max_unavailable } => {
                let fresh: Vec<&str> =
                    created.iter().filter(|pod| pod.index >= partition).map(|pod| pod.name.as_str()).collect();
                if !fresh.is_empty() {
                    plan.notes.push(format!("`{}` are created at the new revision", fresh.join("`, `")));
                }
                let mut targets: Vec<&super::PodIdentity> =
                    existing.iter().copied().filter(|pod| pod.index >= partition).collect();
                targets.reverse();
                let chunk = usize::try_from(max_unavailable).unwrap_or(1).max(1);
                for wave in targets.chunks(chunk) {
                    let pods: Vec<String> = wave.iter().map(|pod| pod.name.clone()).collect();
                    let waits_for = match wave {
                        [pod] => ready_wait(new, &pod.name),
                        _ => format!(
                            "all of them Running and Ready{}",
                            if new.min_ready_seconds > 0 { " and available" } else { "" }
                        ),
                    };
                    plan.steps.push(Step { action: StepAction::Update, pods, waits_for, dns: None });
                }
                if max_unavailable > 1 && targets.len() > 1 {
                    plan.notes.push(format!(
                        "maxUnavailable {max_unavailable} needs the MaxUnavailableStatefulSet feature gate; without it the controller replaces one pod at a time"
                    ));
                }
            }
        }
    }
    if template_changed {
        // Below the partition, existing pods keep the old revision and new
        // ones are created at it.
        let kept: Vec<&str> =
            new.pods.iter().filter(|pod| pod.index < partition).map(|pod| pod.name.as_str()).collect();
        if !kept.is_empty() && matches!(new.update_strategy, UpdateStrategy::RollingUpdate { .. }) {
            plan.notes.push(format!(
                "partition {partition}: `{}` keep the old revision (index = ordinal - {} is below {partition}) and are recreated at it if deleted",
                kept.join("`, `"),
                new.start_ordinal
            ));
        }
    }
    if plan.steps.is_empty() && plan.notes.is_empty() {
        plan.notes.push("no pod is created, deleted or replaced".into());
    }
    plan
}
