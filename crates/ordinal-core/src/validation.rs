//! The API server's format checks for names, labels, ports and enum values,
//! ported from `k8s.io/apimachinery/pkg/util/validation/validation.go` and
//! the value sets of `pkg/apis/core/validation` and `pkg/apis/apps/validation`.
//!
//! Each check returns the problems it finds as short lowercase phrases, the
//! way apimachinery returns a list of messages (an empty list means valid).

/// Maximum length of a DNS-1123 or DNS-1035 label (`DNS1123LabelMaxLength`).
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// Maximum length of a DNS-1123 subdomain (`DNS1123SubdomainMaxLength`).
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// Maximum length of a label value and of a qualified name's name part.
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;
/// Maximum length of an IANA service name (`IsValidPortName`).
pub const PORT_NAME_MAX_LENGTH: usize = 15;

/// `IsDNS1123Label`: at most 63 characters of `[a-z0-9-]`, starting and
/// ending with a letter or digit.
pub fn dns1123_label(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        problems.push(too_long(DNS1123_LABEL_MAX_LENGTH));
    }
    if !is_dns1123_label_shape(value) {
        problems.push(
            "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
                .into(),
        );
    }
    problems
}

/// `metadata.generateName` checked as the name function does with
/// `prefix` true (apimachinery `validation/objectmeta.go`
/// `ValidateObjectMetaAccessor`, `maskTrailingDash`): a trailing `-` is
/// allowed, since the API server appends random characters.
pub fn dns1123_label_prefix(value: &str) -> Vec<String> {
    let masked = match value.strip_suffix('-') {
        Some(rest) if !rest.is_empty() => format!("{rest}a"),
        _ => value.to_string(),
    };
    dns1123_label(&masked)
}

/// `IsDNS1123Subdomain`: at most 253 characters of dot-separated DNS-1123
/// label shapes (each part `[a-z0-9]([-a-z0-9]*[a-z0-9])?`).
pub fn dns1123_subdomain(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if value.len() > DNS1123_SUBDOMAIN_MAX_LENGTH {
        problems.push(too_long(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if !value.split('.').all(is_dns1123_label_shape) {
        problems.push(
            "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
                .into(),
        );
    }
    problems
}

/// `IsDNS1035Label`: like a DNS-1123 label, but must start with a letter.
pub fn dns1035_label(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if value.len() > DNS1123_LABEL_MAX_LENGTH {
        problems.push(too_long(DNS1123_LABEL_MAX_LENGTH));
    }
    let starts_with_letter = value.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    if !starts_with_letter || !is_dns1123_label_shape(value) {
        problems.push(
            "must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
                .into(),
        );
    }
    problems
}

/// `IsQualifiedName`: a label or annotation key, `[prefix/]name` where the
/// optional prefix is a DNS-1123 subdomain and the name is at most 63
/// characters of `[-A-Za-z0-9_.]` with alphanumeric ends.
pub fn qualified_name(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                problems.push("prefix part must be non-empty".into());
            } else {
                problems.extend(dns1123_subdomain(prefix).into_iter().map(|problem| format!("prefix part {problem}")));
            }
            *name
        }
        _ => {
            problems.push(
                "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'"
                    .into(),
            );
            return problems;
        }
    };
    if name.is_empty() {
        problems.push("name part must be non-empty".into());
    } else {
        if name.len() > LABEL_VALUE_MAX_LENGTH {
            problems.push(format!("name part {}", too_long(LABEL_VALUE_MAX_LENGTH)));
        }
        if !is_label_value_shape(name) {
            problems.push(
                "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                    .into(),
            );
        }
    }
    problems
}

/// `IsValidLabelValue`: empty, or at most 63 characters of `[-A-Za-z0-9_.]`
/// with alphanumeric ends.
pub fn label_value(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if value.len() > LABEL_VALUE_MAX_LENGTH {
        problems.push(too_long(LABEL_VALUE_MAX_LENGTH));
    }
    if !value.is_empty() && !is_label_value_shape(value) {
        problems.push(
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                .into(),
        );
    }
    problems
}

/// `IsValidPortName`: an IANA service name, 1 to 15 characters of
/// `[a-z0-9-]` with at least one letter and no leading, trailing or double
/// hyphen.
pub fn port_name(value: &str) -> Vec<String> {
    let mut problems = Vec::new();
    if value.is_empty() || value.len() > PORT_NAME_MAX_LENGTH {
        problems.push(format!("must be no more than {PORT_NAME_MAX_LENGTH} characters"));
    }
    if !value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        problems.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !value.bytes().any(|b| b.is_ascii_lowercase()) {
        problems.push("must contain at least one letter (a-z)".into());
    }
    if value.contains("--") {
        problems.push("must not contain consecutive hyphens".into());
    }
    if value.starts_with('-') || value.ends_with('-') {
        problems.push("must not begin or end with a hyphen".into());
    }
    problems
}

/// `IsValidPortNum`: 1 to 65535.
pub fn port_number(value: i64) -> Vec<String> {
    if (1..=65535).contains(&value) {
        Vec::new()
    } else {
        vec!["must be between 1 and 65535, inclusive".into()]
    }
}

/// A resource quantity in nano-units (`1` is 1e9, `1m` is 1e6), saturating
/// at the bounds of `i128`; precise enough to compare requests and limits.
pub type NanoQuantity = i128;

/// `resource.ParseQuantity`: `<signed number><suffix>` where the suffix is
/// a binary SI suffix (`Ki` .. `Ei`), a decimal SI suffix (`n`, `u`, `m`,
/// none, `k`, `M`, `G`, `T`, `P`, `E`) or a decimal exponent (`e3`, `E-2`).
/// `None` when the text is not a quantity (`1GB`, `1 core`, `1K`).
pub fn parse_quantity(text: &str) -> Option<NanoQuantity> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let number_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(number_end);
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if (whole.is_empty() && fraction.is_empty()) || fraction.contains('.') {
        return None;
    }
    let (exp10, exp2): (i32, u32) = match suffix {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        exponent => {
            let digits = exponent.strip_prefix(['e', 'E'])?;
            let unsigned = digits.strip_prefix(['+', '-']).unwrap_or(digits);
            if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) || unsigned.len() > 4 {
                return None;
            }
            (digits.parse().ok()?, 0)
        }
    };
    let mut value: i128 = 0;
    for digit in whole.bytes().chain(fraction.bytes()) {
        value = value.saturating_mul(10).saturating_add(i128::from(digit - b'0'));
    }
    let scale = exp10 + 9 - i32::try_from(fraction.len()).unwrap_or(i32::MAX);
    value = if scale >= 0 {
        value.saturating_mul(10_i128.checked_pow(scale.unsigned_abs()).unwrap_or(i128::MAX))
    } else {
        10_i128.checked_pow(scale.unsigned_abs()).map_or(0, |divisor| value / divisor)
    };
    value = value.saturating_mul(1_i128 << exp2);
    Some(if negative { -value } else { value })
}

/// A closed set of values a field accepts, with where the API server
/// enforces it. Kubernetes' OpenAPI schema types these fields as plain
/// strings, so the sets live here.
#[derive(Debug)]
pub struct EnumField {
    /// The accepted values.
    pub values: &'static [&'static str],
    /// The validation function that enforces them.
    pub source: &'static str,
}

/// `spec.podManagementPolicy` (a StatefulSet).
pub const POD_MANAGEMENT_POLICY: EnumField =
    EnumField { values: &["OrderedReady", "Parallel"], source: "apps/validation ValidateStatefulSetSpec" };
/// `spec.updateStrategy.type` (a StatefulSet).
pub const STATEFULSET_UPDATE_STRATEGY: EnumField =
    EnumField { values: &["RollingUpdate", "OnDelete"], source: "apps/validation ValidateStatefulSetSpec" };
/// `spec.persistentVolumeClaimRetentionPolicy.whenDeleted` and `.whenScaled`.
pub const PVC_RETENTION_POLICY: EnumField = EnumField {
    values: &["Retain", "Delete"],
    source: "apps/validation ValidatePersistentVolumeClaimRetentionPolicyType",
};
/// `spec.type` (a Service).
pub const SERVICE_TYPE: EnumField = EnumField {
    values: &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    source: "core/validation ValidateService (supportedServiceType)",
};
/// `protocol` of Service and container ports.
pub const PROTOCOL: EnumField = EnumField {
    values: &["TCP", "UDP", "SCTP"],
    source: "core/validation validateServicePort, validateContainerPorts (supportedPortProtocols)",
};
/// `spec.sessionAffinity` (a Service).
pub const SESSION_AFFINITY: EnumField = EnumField {
    values: &["ClientIP", "None"],
    source: "core/validation ValidateService (supportedSessionAffinityType)",
};
/// `spec.externalTrafficPolicy` (a Service).
pub const EXTERNAL_TRAFFIC_POLICY: EnumField =
    EnumField { values: &["Cluster", "Local"], source: "core/validation validateServiceExternalTrafficPolicy" };
/// `spec.internalTrafficPolicy` (a Service).
pub const INTERNAL_TRAFFIC_POLICY: EnumField =
    EnumField { values: &["Cluster", "Local"], source: "core/validation validateServiceInternalTrafficFieldsValue" };
/// `spec.trafficDistribution` (a Service). `PreferSameZone` and
/// `PreferSameNode` came with the `PreferSameTrafficDistribution` feature
/// gate (beta and on by default in 1.34, GA and locked on in 1.35).
pub const TRAFFIC_DISTRIBUTION: EnumField = EnumField {
    values: &["PreferClose", "PreferSameZone", "PreferSameNode"],
    source: "core/validation validateServiceTrafficDistribution",
};
/// `spec.ipFamilyPolicy` (a Service).
pub const IP_FAMILY_POLICY: EnumField = EnumField {
    values: &["SingleStack", "PreferDualStack", "RequireDualStack"],
    source: "core/validation ValidateServiceClusterIPsRelatedFields",
};
/// `spec.ipFamilies[*]` (a Service).
pub const IP_FAMILY: EnumField = EnumField { values: &["IPv4", "IPv6"], source: "core/validation validateIPFamilies" };
/// `imagePullPolicy` of a container.
pub const IMAGE_PULL_POLICY: EnumField =
    EnumField { values: &["Always", "IfNotPresent", "Never"], source: "core/validation validatePullPolicy" };
/// `terminationMessagePolicy` of a container.
pub const TERMINATION_MESSAGE_POLICY: EnumField =
    EnumField { values: &["File", "FallbackToLogsOnError"], source: "core/validation validateContainerCommon" };
/// `spec.template.spec.dnsPolicy`.
pub const DNS_POLICY: EnumField = EnumField {
    values: &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    source: "core/validation validateDNSPolicy",
};
/// `accessModes[*]` of a PersistentVolumeClaim (spec).
pub const ACCESS_MODE: EnumField = EnumField {
    values: &["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"],
    source: "core/validation ValidatePersistentVolumeClaimSpec (supportedAccessModes)",
};
/// `volumeMode` of a PersistentVolumeClaim (spec).
pub const VOLUME_MODE: EnumField = EnumField {
    values: &["Block", "Filesystem"],
    source: "core/validation ValidatePersistentVolumeClaimSpec (supportedVolumeModes)",
};

/// `spec.unhealthyPodEvictionPolicy` (a PodDisruptionBudget); no default is
/// written, so an empty string is rejected too.
pub const UNHEALTHY_POD_EVICTION_POLICY: EnumField = EnumField {
    values: &["IfHealthyBudget", "AlwaysAllow"],
    source: "policy/validation ValidatePodDisruptionBudgetSpec (supportedUnhealthyPodEvictionPolicies)",
};

/// `spec.template.spec.tolerations[*].operator`; an empty value means
/// `Equal` (no default is written, the validation treats `""` as `Equal`).
pub const TOLERATION_OPERATOR: EnumField =
    EnumField { values: &["Equal", "Exists"], source: "core/validation ValidateTolerations" };
/// `spec.template.spec.tolerations[*].effect` when set; empty matches every effect.
pub const TAINT_EFFECT: EnumField = EnumField {
    values: &["NoSchedule", "PreferNoSchedule", "NoExecute"],
    source: "core/validation validateTaintEffect",
};
/// `whenUnsatisfiable` of a topology spread constraint; required, no default.
pub const WHEN_UNSATISFIABLE: EnumField = EnumField {
    values: &["DoNotSchedule", "ScheduleAnyway"],
    source: "core/validation ValidateWhenUnsatisfiable (supportedScheduleActions)",
};
/// `nodeAffinityPolicy` and `nodeTaintsPolicy` of a topology spread constraint.
pub const NODE_INCLUSION_POLICY: EnumField = EnumField {
    values: &["Honor", "Ignore"],
    source: "core/validation validateNodeInclusionPolicy (supportedPodTopologySpreadNodePolicies)",
};
/// `scheme` of a probe's `httpGet` (after defaulting: empty becomes `HTTP`).
pub const HTTP_SCHEME: EnumField =
    EnumField { values: &["HTTP", "HTTPS"], source: "core/validation validateHTTPGetAction (supportedHTTPSchemes)" };
/// `operator` of a node selector requirement (`matchExpressions` of node affinity).
pub const NODE_SELECTOR_OPERATOR: EnumField = EnumField {
    values: &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"],
    source: "core/validation ValidateNodeSelectorRequirement",
};

/// `IsHTTPHeaderName`: one or more of `[-A-Za-z0-9]`.
pub fn http_header_name(value: &str) -> Vec<String> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        Vec::new()
    } else {
        vec!["a valid HTTP header must consist of alphanumeric characters or '-'".into()]
    }
}

impl EnumField {
    /// True when `value` is accepted.
    pub fn accepts(&self, value: &str) -> bool {
        self.values.contains(&value)
    }

    /// The accepted value `value` was probably meant to be: same letters in
    /// another case, or within two edits of it.
    pub fn suggestion(&self, value: &str) -> Option<&'static str> {
        if let Some(exact) = self.values.iter().find(|candidate| candidate.eq_ignore_ascii_case(value)) {
            return Some(exact);
        }
        let lower = value.to_ascii_lowercase();
        let mut close: Vec<(usize, &'static str)> = self
            .values
            .iter()
            .map(|candidate| (strsim::levenshtein(&candidate.to_ascii_lowercase(), &lower), *candidate))
            .filter(|(distance, candidate)| *distance <= 2 && *distance < candidate.len() / 2)
            .collect();
        crate::order::sort(&mut close);
        // Two equally close values (`IPv5`: `IPv4` or `IPv6`?) make a guess.
        match close.as_slice() {
            [(best, candidate), (next, _), ..] if best < next => Some(candidate),
            [(_, candidate)] => Some(candidate),
            _ => None,
        }
    }

    /// The values as `` `a`, `b` or `c` ``.
    pub fn describe(&self) -> String {
        let quoted: Vec<String> = self.values.iter().map(|value| format!("`{value}`")).collect();
        match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => quoted.join(""),
        }
    }
}

fn too_long(max: usize) -> String {
    format!("must be no more than {max} characters")
}

fn is_dns1123_label_shape(value: &str) -> bool {
    let bytes = value.as_bytes();
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => alnum(first) && alnum(last) && bytes.iter().all(|b| alnum(b) || *b == b'-'),
        _ => false,
    }
}

fn is_label_value_shape(value: &str) -> bool {
    let bytes = value.as_bytes();
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests;
