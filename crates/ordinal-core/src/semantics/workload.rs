//! Labels that pods carry beyond their template's: the ones the API server
//! or a workload controller sets on every pod it creates.

/// What a workload's pods carry besides their template's labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ControllerLabels {
    /// Labels whose value the manifest determines (a template value of the same key wins).
    pub known: Vec<(&'static str, String)>,
    /// Labels set to a value only the cluster knows (a hash, a UID): a
    /// selector on one of them may or may not match, so it is not held against the workload.
    pub unknown: &'static [&'static str],
}

/// `pod-template-hash`, set on a Deployment's ReplicaSets and pods.
/// Source: pkg/apis/apps/v1 `DefaultDeploymentUniqueLabelKey`, pkg/controller/deployment/sync.go `getNewReplicaSet`.
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";

/// `controller-revision-hash`, set on the pods of StatefulSets and DaemonSets.
/// Source: pkg/apis/apps/v1 `ControllerRevisionHashLabelKey`;
/// pkg/controller/statefulset/stateful_set_utils.go `newVersionedStatefulSetPod`,
/// pkg/controller/daemon/util `CreatePodTemplate`.
pub const CONTROLLER_REVISION_HASH_LABEL: &str = "controller-revision-hash";

/// Every label of [`ControllerLabels::unknown`] of any kind.
pub const CLUSTER_VALUED_LABELS: &[&str] = &[
    POD_TEMPLATE_HASH_LABEL,
    CONTROLLER_REVISION_HASH_LABEL,
    "pod-template-generation",
    JOB_NAME_LABELS[0],
    JOB_NAME_LABELS[1],
    JOB_UID_LABELS[0],
    JOB_UID_LABELS[1],
    "batch.kubernetes.io/job-completion-index",
];

const JOB_NAME_LABELS: [&str; 2] = ["job-name", "batch.kubernetes.io/job-name"];
const JOB_UID_LABELS: [&str; 2] = ["controller-uid", "batch.kubernetes.io/controller-uid"];

/// The labels the controller of `kind` (as written in `kind:`) adds to the
/// pods of workload `name`. A Job without `manualSelector: true` gets
/// `job-name` and `batch.kubernetes.io/job-name` set to its name and the two
/// controller-uid labels; a CronJob's Jobs are named `<name>-<scheduled
/// time>`, so their names are unknown too.
/// Source: pkg/registry/batch/job/strategy.go `generateSelector`;
/// pkg/controller/cronjob/utils.go `getJobFromTemplate2` (`getJobName`);
/// pkg/controller/daemon/util/daemonset_util.go `CreatePodTemplate`
/// (`pod-template-generation`); pkg/controller/job/indexed_job_utils.go
/// (`batch.kubernetes.io/job-completion-index`).
pub fn controller_labels(kind: &str, name: &str, manual_selector: bool) -> ControllerLabels {
    const DEPLOYMENT: &[&str] = &[POD_TEMPLATE_HASH_LABEL];
    const REVISIONED: &[&str] = &[CONTROLLER_REVISION_HASH_LABEL];
    const DAEMON: &[&str] = &[CONTROLLER_REVISION_HASH_LABEL, "pod-template-generation"];
    const JOB: &[&str] = &[JOB_UID_LABELS[0], JOB_UID_LABELS[1], "batch.kubernetes.io/job-completion-index"];
    const CRON_JOB: &[&str] = &[
        JOB_NAME_LABELS[0],
        JOB_NAME_LABELS[1],
        JOB_UID_LABELS[0],
        JOB_UID_LABELS[1],
        "batch.kubernetes.io/job-completion-index",
    ];
    match kind {
        "Deployment" => ControllerLabels { known: Vec::new(), unknown: DEPLOYMENT },
        "StatefulSet" => ControllerLabels { known: Vec::new(), unknown: REVISIONED },
        "DaemonSet" => ControllerLabels { known: Vec::new(), unknown: DAEMON },
        "Job" if !manual_selector => ControllerLabels {
            known: JOB_NAME_LABELS.iter().map(|key| (*key, name.to_string())).collect(),
            unknown: JOB,
        },
        "Job" => ControllerLabels { known: Vec::new(), unknown: JOB },
        "CronJob" => ControllerLabels { known: Vec::new(), unknown: CRON_JOB },
        _ => ControllerLabels::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_labelled_with_their_name_unless_the_selector_is_manual() {
        let job = controller_labels("Job", "migrate", false);
        assert_eq!(
            job.known,
            vec![("job-name", "migrate".to_string()), ("batch.kubernetes.io/job-name", "migrate".to_string())]
        );
        assert!(controller_labels("Job", "migrate", true).known.is_empty());
        assert!(controller_labels("CronJob", "report", false).unknown.contains(&"job-name"));
        assert_eq!(controller_labels("Pod", "debug", false), ControllerLabels::default());
        for kind in ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"] {
            for key in controller_labels(kind, "x", false).unknown {
                assert!(CLUSTER_VALUED_LABELS.contains(key), "{kind}: {key}");
            }
        }
    }
}
