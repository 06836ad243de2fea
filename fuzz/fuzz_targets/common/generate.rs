//! Structure-aware inputs: `arbitrary` bytes → a StatefulSet/Service/PDB
//! manifest whose fields take values from small pools of valid and
//! near-valid strings, so that mutations reach the rules instead of the
//! YAML parser's error paths.

use libfuzzer_sys::arbitrary::{Result, Unstructured};

const NAMES: &[&str] = &[
    "web",
    "nginx",
    "db",
    "web-0",
    "Web",
    "web_1",
    "-web",
    "web-",
    "a",
    "",
    "zk",
    "zk-hs",
    "kafka.headless",
    "x234567890123456789012345678901234567890123456789012345678901234",
    "web-statefulset-with-a-rather-long-name-that-is-close-to-the-limit",
];
const NAMESPACES: &[&str] = &["default", "prod", "Prod", "kube-system", "", "a.b"];
const LABEL_KEYS: &[&str] = &["app", "app.kubernetes.io/name", "tier", "role", "App", "-bad", "a/b/c", "k8s.io/"];
const LABEL_VALUES: &[&str] = &["web", "db", "nginx", "zk", "", "Web", "-x", "v1.2", "web ", "'quoted'"];
const PORT_NAMES: &[&str] = &["http", "web", "tcp-client", "HTTP", "http_2", "a-very-long-port-name", "", "80"];
const PORTS: &[&str] = &["80", "8080", "0", "65535", "65536", "-1", "\"80\"", "http", "2181", "9092"];
const REPLICAS: &[&str] = &["0", "1", "2", "3", "5", "-1", "100000", "\"3\"", "null", "2147483648", "1.5"];
const STARTS: &[&str] = &["0", "1", "5", "-1", "\"1\"", "2147483647", "null"];
const CLUSTER_IPS: &[&str] = &["None", "\"\"", "10.0.0.1", "none", "10.0.0.300", "fd00::1", "[None]"];
const STRATEGIES: &[&str] = &["RollingUpdate", "OnDelete", "Rolling", "rollingupdate", ""];
const PARTITIONS: &[&str] = &["0", "1", "3", "-1", "10", "\"2\""];
const MAX_UNAVAILABLE: &[&str] = &["1", "0", "50%", "\"1\"", "0%", "101%", "-1"];
const POLICIES: &[&str] = &["OrderedReady", "Parallel", "parallel", ""];
const PVC_POLICIES: &[&str] = &["Retain", "Delete", "delete", ""];
const STORAGE: &[&str] = &["1Gi", "10G", "0", "-1Gi", "1.5Ti", "lots", "\"1Gi\""];
const ACCESS_MODES: &[&str] = &["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod", "ReadOnlyMany", "rwo"];
const API_VERSIONS: &[&str] = &["apps/v1", "apps/v1beta2", "v1", "policy/v1", "policy/v1beta1", ""];
const MIN_AVAILABLE: &[&str] = &["1", "2", "50%", "0", "\"1\"", "-1"];
const EXTRA: &[&str] = &[
    "# ordinal-ignore\n",
    "# ordinal-ignore: service-not-found\n",
    "metadata: {}\n",
    "spec: null\n",
    "  hostname: web\n",
    "  subdomain: nginx\n",
    "&a x: *a\n",
    "? [a]\n: b\n",
];

/// Appends YAML to a string from fuzzer choices.
struct Writer<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    out: String,
}

impl Writer<'_, '_> {
    fn pick(&mut self, pool: &[&str]) -> Result<String> {
        // Mostly a pool value; sometimes a short arbitrary string, so that
        // the fuzzer can still invent values of its own.
        if self.u.ratio(1u8, 16u8)? {
            let len = self.u.int_in_range(0..=12)?;
            let bytes = self.u.bytes(len)?;
            let text: String = String::from_utf8_lossy(bytes).chars().filter(|c| !c.is_control()).collect();
            return Ok(format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")));
        }
        Ok((*self.u.choose(pool)?).to_string())
    }

    fn line(&mut self, indent: usize, key: &str, pool: &[&str]) -> Result<()> {
        // Each optional field is present about three times in four.
        if self.u.ratio(3u8, 4u8)? {
            let value = self.pick(pool)?;
            self.out.push_str(&format!("{:indent$}{key}: {value}\n", ""));
        }
        Ok(())
    }

    fn labels(&mut self, indent: usize, key: &str) -> Result<()> {
        let count = self.u.int_in_range(0..=3)?;
        if count == 0 && self.u.arbitrary()? {
            return Ok(());
        }
        self.out.push_str(&format!("{:indent$}{key}:\n", ""));
        for _ in 0..count {
            let (k, v) = (self.pick(LABEL_KEYS)?, self.pick(LABEL_VALUES)?);
            self.out.push_str(&format!("{:w$}{k}: {v}\n", "", w = indent + 2));
        }
        if count == 0 {
            self.out.truncate(self.out.len() - 1);
            self.out.push_str(" {}\n");
        }
        Ok(())
    }

    fn metadata(&mut self) -> Result<()> {
        self.out.push_str("metadata:\n");
        self.line(2, "name", NAMES)?;
        self.line(2, "namespace", NAMESPACES)?;
        if self.u.ratio(1u8, 3u8)? {
            self.labels(2, "labels")?;
        }
        Ok(())
    }

    fn ports(&mut self, indent: usize, container: bool) -> Result<()> {
        let count = self.u.int_in_range(0..=3)?;
        if count == 0 {
            return Ok(());
        }
        self.out.push_str(&format!("{:indent$}ports:\n", ""));
        for _ in 0..count {
            let name = self.pick(PORT_NAMES)?;
            self.out.push_str(&format!("{:indent$}- name: {name}\n", ""));
            let key = if container { "containerPort" } else { "port" };
            self.line(indent + 2, key, PORTS)?;
            if !container {
                self.line(indent + 2, "targetPort", PORTS)?;
            }
            if self.u.ratio(1u8, 4u8)? {
                self.line(indent + 2, "protocol", &["TCP", "UDP", "SCTP", "tcp"])?;
            }
        }
        Ok(())
    }

    fn statefulset(&mut self) -> Result<()> {
        let api = self.pick(API_VERSIONS)?;
        self.out.push_str(&format!("apiVersion: {api}\nkind: StatefulSet\n"));
        self.metadata()?;
        self.out.push_str("spec:\n");
        self.line(2, "serviceName", NAMES)?;
        self.line(2, "replicas", REPLICAS)?;
        self.line(2, "podManagementPolicy", POLICIES)?;
        self.line(2, "minReadySeconds", &["0", "10", "-5"])?;
        if self.u.ratio(1u8, 2u8)? {
            self.out.push_str("  ordinals:\n");
            self.line(4, "start", STARTS)?;
        }
        if self.u.ratio(3u8, 4u8)? {
            self.out.push_str("  selector:\n");
            self.labels(4, "matchLabels")?;
            if self.u.ratio(1u8, 6u8)? {
                let key = self.pick(LABEL_KEYS)?;
                let op = self.pick(&["In", "NotIn", "Exists", "DoesNotExist", "in"])?;
                let value = self.pick(LABEL_VALUES)?;
                self.out.push_str(&format!(
                    "    matchExpressions:\n    - {{key: {key}, operator: {op}, values: [{value}]}}\n"
                ));
            }
        }
        if self.u.ratio(1u8, 2u8)? {
            self.out.push_str("  updateStrategy:\n");
            self.line(4, "type", STRATEGIES)?;
            if self.u.ratio(1u8, 2u8)? {
                self.out.push_str("    rollingUpdate:\n");
                self.line(6, "partition", PARTITIONS)?;
                self.line(6, "maxUnavailable", MAX_UNAVAILABLE)?;
            }
        }
        if self.u.ratio(1u8, 4u8)? {
            self.out.push_str("  persistentVolumeClaimRetentionPolicy:\n");
            self.line(4, "whenDeleted", PVC_POLICIES)?;
            self.line(4, "whenScaled", PVC_POLICIES)?;
        }
        if self.u.ratio(7u8, 8u8)? {
            self.out.push_str("  template:\n    metadata:\n");
            self.labels(6, "labels")?;
            self.out.push_str("    spec:\n");
            self.line(6, "hostname", NAMES)?;
            self.line(6, "subdomain", NAMES)?;
            let containers = self.u.int_in_range(0..=2)?;
            self.out.push_str("      containers:\n");
            for _ in 0..containers {
                let name = self.pick(NAMES)?;
                self.out.push_str(&format!("      - name: {name}\n        image: nginx\n"));
                self.ports(8, true)?;
                if self.u.ratio(1u8, 3u8)? {
                    let volume = self.pick(NAMES)?;
                    self.out
                        .push_str(&format!("        volumeMounts:\n        - {{name: {volume}, mountPath: /data}}\n"));
                }
            }
            if containers == 0 {
                self.out.truncate(self.out.len() - 1);
                self.out.push_str(" []\n");
            }
        }
        let claims = self.u.int_in_range(0..=2)?;
        if claims > 0 {
            self.out.push_str("  volumeClaimTemplates:\n");
            for _ in 0..claims {
                let name = self.pick(NAMES)?;
                self.out.push_str(&format!("  - metadata:\n      name: {name}\n    spec:\n"));
                let mode = self.pick(ACCESS_MODES)?;
                self.out.push_str(&format!("      accessModes: [{mode}]\n"));
                if self.u.ratio(3u8, 4u8)? {
                    let size = self.pick(STORAGE)?;
                    self.out.push_str(&format!("      resources:\n        requests:\n          storage: {size}\n"));
                }
            }
        }
        Ok(())
    }

    fn service(&mut self) -> Result<()> {
        let api = self.pick(&["v1", "apps/v1", ""])?;
        self.out.push_str(&format!("apiVersion: {api}\nkind: Service\n"));
        self.metadata()?;
        self.out.push_str("spec:\n");
        self.line(2, "clusterIP", CLUSTER_IPS)?;
        if self.u.ratio(1u8, 6u8)? {
            let ip = self.pick(CLUSTER_IPS)?;
            self.out.push_str(&format!("  clusterIPs: [{ip}]\n"));
        }
        self.line(2, "type", &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "clusterip"])?;
        self.line(2, "publishNotReadyAddresses", &["true", "false", "\"true\"", "yes"])?;
        self.labels(2, "selector")?;
        self.ports(2, false)?;
        Ok(())
    }

    fn pdb(&mut self) -> Result<()> {
        let api = self.pick(&["policy/v1", "policy/v1beta1", "v1"])?;
        self.out.push_str(&format!("apiVersion: {api}\nkind: PodDisruptionBudget\n"));
        self.metadata()?;
        self.out.push_str("spec:\n");
        if self.u.arbitrary()? {
            self.line(2, "minAvailable", MIN_AVAILABLE)?;
        } else {
            self.line(2, "maxUnavailable", MAX_UNAVAILABLE)?;
        }
        if self.u.ratio(3u8, 4u8)? {
            self.out.push_str("  selector:\n");
            self.labels(4, "matchLabels")?;
        }
        Ok(())
    }
}

/// A manifest of up to eight StatefulSet, Service and PDB documents.
pub fn manifest(u: &mut Unstructured<'_>) -> Result<String> {
    let mut writer = Writer { u, out: String::new() };
    let documents = writer.u.int_in_range(1..=8)?;
    for index in 0..documents {
        if index > 0 {
            writer.out.push_str("---\n");
        }
        match writer.u.int_in_range(0..=9)? {
            0..=3 => writer.statefulset()?,
            4..=7 => writer.service()?,
            _ => writer.pdb()?,
        }
        if writer.u.ratio(1u8, 16u8)? {
            let extra = writer.pick(EXTRA)?;
            writer.out.push_str(&extra);
        }
    }
    Ok(writer.out)
}
