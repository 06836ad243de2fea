//! The texts that nearly every manifest repeats, so a tree borrows them
//! instead of allocating a copy per scalar.
//!
//! A tree holds one `String` per scalar, and most scalars are a handful of
//! field names and values (`name`, `metadata`, `apiVersion`, `v1`, `TCP`).
//! Borrowing those from this list saves an allocation each, which is a
//! sizeable part of what the kept trees of many small resources cost
//! (`cargo xtask bench`'s memory column). The list is a cache, not a fact
//! about Kubernetes: a text missing from it is copied, with the same result.
//! The WASM builds leave it out for the docs embed's size budget.

/// Defines [`common_text`] and the list it matches, from one list.
macro_rules! common_texts {
    ($($text:literal),* $(,)?) => {
        /// Every text [`common_text`] borrows, for its tests.
        #[cfg(test)]
        const COMMON_TEXTS: &[&str] = &[$($text),*];

        /// `text` as a `'static` string when it is one of the common texts.
        #[cfg(not(target_arch = "wasm32"))]
        pub(super) fn common_text(text: &str) -> Option<&'static str> {
            match text {
                $($text => Some($text),)*
                _ => None,
            }
        }
    };
}

/// Nothing is borrowed in WASM: see the module's docs.
#[cfg(target_arch = "wasm32")]
pub(super) fn common_text(_text: &str) -> Option<&'static str> {
    None
}

common_texts! {
    // Every object.
    "apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations", "spec",
    "status", "data", "items", "uid", "creationTimestamp", "generation", "resourceVersion",
    "ownerReferences", "finalizers",
    // Common apiVersions and kinds.
    "v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1",
    "rbac.authorization.k8s.io/v1", "List", "StatefulSet", "Service", "Deployment", "DaemonSet",
    "ReplicaSet", "Pod", "Job", "CronJob", "ConfigMap", "Secret", "PersistentVolumeClaim",
    "PodDisruptionBudget", "HorizontalPodAutoscaler", "ServiceAccount", "Role", "RoleBinding",
    "ClusterRole", "ClusterRoleBinding", "NetworkPolicy", "Ingress",
    // Common labels.
    "app", "component", "role", "tier", "app.kubernetes.io/name", "app.kubernetes.io/instance",
    "app.kubernetes.io/component", "app.kubernetes.io/part-of", "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by", "helm.sh/chart", "kubernetes.io/hostname",
    "topology.kubernetes.io/zone",
    // Workload and pod specs.
    "replicas", "selector", "matchLabels", "matchExpressions", "key", "operator", "values",
    "In", "NotIn", "Exists", "template", "serviceName", "podManagementPolicy", "OrderedReady",
    "Parallel", "updateStrategy", "type", "RollingUpdate", "OnDelete", "rollingUpdate",
    "partition", "maxUnavailable", "maxSurge", "minReadySeconds", "revisionHistoryLimit",
    "volumeClaimTemplates", "persistentVolumeClaimRetentionPolicy", "whenDeleted", "whenScaled",
    "Retain", "Delete", "ordinals", "start", "containers", "initContainers", "image",
    "imagePullPolicy", "Always", "IfNotPresent", "Never", "command", "args", "env", "envFrom",
    "value", "valueFrom", "fieldRef", "fieldPath", "secretKeyRef", "configMapKeyRef",
    "metadata.name", "metadata.namespace", "status.podIP", "ports", "containerPort", "protocol",
    "TCP", "UDP", "port", "targetPort", "nodePort", "http", "https", "grpc", "metrics",
    "resources", "requests", "limits", "cpu", "memory", "storage", "volumeMounts", "mountPath",
    "subPath", "readOnly", "volumes", "emptyDir", "configMap", "secret", "secretName",
    "persistentVolumeClaim", "claimName", "accessModes", "ReadWriteOnce", "ReadWriteMany",
    "storageClassName", "livenessProbe", "readinessProbe", "startupProbe", "httpGet", "tcpSocket",
    "exec", "path", "scheme", "HTTP", "initialDelaySeconds", "periodSeconds", "timeoutSeconds",
    "failureThreshold", "successThreshold", "securityContext", "runAsUser", "runAsGroup",
    "runAsNonRoot", "fsGroup", "readOnlyRootFilesystem", "allowPrivilegeEscalation",
    "capabilities", "drop", "ALL", "serviceAccountName", "terminationGracePeriodSeconds",
    "affinity", "podAntiAffinity", "podAffinity", "nodeAffinity", "topologyKey",
    "labelSelector", "podAffinityTerm", "weight", "preferredDuringSchedulingIgnoredDuringExecution",
    "requiredDuringSchedulingIgnoredDuringExecution", "tolerations", "effect", "nodeSelector",
    "topologySpreadConstraints", "maxSkew", "whenUnsatisfiable", "restartPolicy",
    "lifecycle", "preStop", "priorityClassName",
    // Services.
    "clusterIP", "clusterIPs", "None", "ClusterIP", "NodePort", "LoadBalancer",
    "publishNotReadyAddresses", "sessionAffinity", "ipFamilies", "ipFamilyPolicy",
    // Disruption budgets and autoscalers.
    "minAvailable", "scaleTargetRef", "minReplicas", "maxReplicas",
    // Values many fields share.
    "true", "false", "default", "/bin/sh", "-c", "sh",
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn borrows_every_listed_text_and_nothing_else() {
        for (index, text) in COMMON_TEXTS.iter().enumerate() {
            assert_eq!(common_text(text), Some(*text));
            assert!(!COMMON_TEXTS[..index].contains(text), "{text} is listed twice");
        }
        for text in ["", "Name", "name ", "apps/v2", "StatefulSets", "nginx"] {
            assert_eq!(common_text(text), None, "{text}");
        }
    }
}
