//! `core/v1`: pod templates, Services and PersistentVolumeClaims.

use crate::model::labels::SortedMap;
use crate::model::LabelMap;

use super::read::kube_object;
use serde_json::Value;

use super::meta::{IntOrString, LabelSelector, ObjectMeta, Quantity};

kube_object! {
    /// `PodTemplateSpec`.
    pub struct PodTemplateSpec {
        metadata: Option<ObjectMeta> = "metadata",
        spec: Option<PodSpec> = "spec",
    }
}

kube_object! {
    /// `PodSpec`.
    pub struct PodSpec {
        containers: Vec<Container> = "containers",
        init_containers: Option<Vec<Container>> = "initContainers",
        affinity: Option<Affinity> = "affinity",
        topology_spread_constraints: Option<Vec<TopologySpreadConstraint>> = "topologySpreadConstraints",
        volumes: Option<Vec<Volume>> = "volumes",
    }
}

kube_object! {
    /// `Volume`, by name (its source does not matter to the rules).
    pub struct Volume {
        name: String = "name",
    }
}

kube_object! {
    /// `Container`.
    pub struct Container {
        name: String = "name",
        image: Option<String> = "image",
        ports: Option<Vec<ContainerPort>> = "ports",
        env: Option<Vec<EnvVar>> = "env",
        // Boxed: a probe is four JSON values, 128 bytes, and three of them
        // inline made a container 616 bytes, most of it empty.
        liveness_probe: Option<Box<Probe>> = "livenessProbe",
        readiness_probe: Option<Box<Probe>> = "readinessProbe",
        startup_probe: Option<Box<Probe>> = "startupProbe",
        restart_policy: Option<String> = "restartPolicy",
        resources: Option<ResourceRequirements> = "resources",
        volume_mounts: Option<Vec<VolumeMount>> = "volumeMounts",
        volume_devices: Option<Vec<VolumeDevice>> = "volumeDevices",
    }
}

kube_object! {
    /// `ContainerPort`.
    pub struct ContainerPort {
        name: Option<String> = "name",
        container_port: i32 = "containerPort",
        protocol: Option<String> = "protocol",
    }
}

kube_object! {
    /// `EnvVar`. `valueFrom` stays JSON: only its presence matters.
    pub struct EnvVar {
        name: String = "name",
        value: Option<String> = "value",
        value_from: Option<Value> = "valueFrom",
    }
}

kube_object! {
    /// `Probe`. The handlers stay JSON: rules only compare them.
    pub struct Probe {
        exec: Option<Value> = "exec",
        http_get: Option<Value> = "httpGet",
        tcp_socket: Option<Value> = "tcpSocket",
        grpc: Option<Value> = "grpc",
    }
}

kube_object! {
    /// `VolumeMount`.
    pub struct VolumeMount {
        name: String = "name",
        mount_path: String = "mountPath",
    }
}

kube_object! {
    /// `VolumeDevice`.
    pub struct VolumeDevice {
        name: String = "name",
        device_path: String = "devicePath",
    }
}

kube_object! {
    /// `Affinity` (only pod anti-affinity matters for spreading replicas).
    pub struct Affinity {
        pod_anti_affinity: Option<PodAntiAffinity> = "podAntiAffinity",
    }
}

kube_object! {
    /// `PodAntiAffinity`.
    pub struct PodAntiAffinity {
        required_during_scheduling_ignored_during_execution: Option<Vec<PodAffinityTerm>> = "requiredDuringSchedulingIgnoredDuringExecution",
        preferred_during_scheduling_ignored_during_execution: Option<Vec<WeightedPodAffinityTerm>> = "preferredDuringSchedulingIgnoredDuringExecution",
    }
}

kube_object! {
    /// `PodAffinityTerm`.
    pub struct PodAffinityTerm {
        label_selector: Option<LabelSelector> = "labelSelector",
        topology_key: String = "topologyKey",
        namespaces: Option<Vec<String>> = "namespaces",
        namespace_selector: Option<LabelSelector> = "namespaceSelector",
    }
}

kube_object! {
    /// `WeightedPodAffinityTerm`.
    pub struct WeightedPodAffinityTerm {
        weight: i32 = "weight",
        pod_affinity_term: PodAffinityTerm = "podAffinityTerm",
    }
}

kube_object! {
    /// `TopologySpreadConstraint`.
    pub struct TopologySpreadConstraint {
        label_selector: Option<LabelSelector> = "labelSelector",
        topology_key: String = "topologyKey",
        max_skew: i32 = "maxSkew",
        when_unsatisfiable: String = "whenUnsatisfiable",
    }
}

kube_object! {
    /// `v1` Service.
    pub struct Service {
        metadata: ObjectMeta = "metadata",
        spec: Option<ServiceSpec> = "spec",
    }
}

kube_object! {
    /// `ServiceSpec`.
    pub struct ServiceSpec {
        type_: Option<String> = "type",
        cluster_ip: Option<String> = "clusterIP",
        cluster_ips: Option<Vec<String>> = "clusterIPs",
        external_name: Option<String> = "externalName",
        selector: Option<LabelMap> = "selector",
        ports: Option<Vec<ServicePort>> = "ports",
        publish_not_ready_addresses: Option<bool> = "publishNotReadyAddresses",
        session_affinity: Option<String> = "sessionAffinity",
    }
}

kube_object! {
    /// `ServicePort`.
    pub struct ServicePort {
        name: Option<String> = "name",
        port: i32 = "port",
        target_port: Option<IntOrString> = "targetPort",
        protocol: Option<String> = "protocol",
        node_port: Option<i32> = "nodePort",
    }
}

kube_object! {
    /// `v1` PersistentVolumeClaim (also a StatefulSet's `volumeClaimTemplates` entry).
    pub struct PersistentVolumeClaim {
        metadata: ObjectMeta = "metadata",
        spec: Option<PersistentVolumeClaimSpec> = "spec",
    }
}

kube_object! {
    /// `PersistentVolumeClaimSpec`.
    pub struct PersistentVolumeClaimSpec {
        access_modes: Option<Vec<String>> = "accessModes",
        resources: Option<VolumeResourceRequirements> = "resources",
        storage_class_name: Option<String> = "storageClassName",
    }
}

kube_object! {
    /// `ResourceRequirements` of a container.
    pub struct ResourceRequirements {
        requests: Option<SortedMap<Quantity>> = "requests",
        limits: Option<SortedMap<Quantity>> = "limits",
    }
}

kube_object! {
    /// `VolumeResourceRequirements`.
    pub struct VolumeResourceRequirements {
        requests: Option<SortedMap<Quantity>> = "requests",
        limits: Option<SortedMap<Quantity>> = "limits",
    }
}

#[cfg(test)]
mod size_tests {
    /// A linking run keeps every StatefulSet's containers (cut to names and
    /// ports: `rules::keep_linked_typed`) and an explanation keeps them
    /// whole, so their size is paid once per container of the input.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_container_is_240_bytes() {
        assert_eq!(std::mem::size_of::<super::Probe>(), 128);
        assert_eq!(std::mem::size_of::<super::Container>(), 240);
    }
}
