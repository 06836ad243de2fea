use super::paths::{replace_scalar, select, Located, CONTAINER_LISTS};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::diagnostic::Applicability;
use crate::model::Resource;
use crate::semantics::{int_or_percent, service};
use crate::validation::{self as v, EnumField};

super::declare_rule! {
    /// ## What it flags
    /// A field whose value the API server does not accept: a value outside a
    /// fixed set (`podManagementPolicy: parallel`, `updateStrategy.type`,
    /// Service `type`, port `protocol`, `sessionAffinity`, traffic and IP
    /// family policies, `trafficDistribution`, `imagePullPolicy`,
    /// `dnsPolicy`, PVC retention policies, `accessModes`, `volumeMode`; for
    /// `internalTrafficPolicy`, `ipFamilyPolicy` and `trafficDistribution`,
    /// which are pointers in Go, an empty string too, since only an absent
    /// field is defaulted), a Service port's `appProtocol` or a
    /// `LoadBalancer`'s `loadBalancerClass` that is not a qualified name
    /// (`HTTP`, `example.com/protocol`), a `ClientIP` session affinity
    /// timeout outside 1-86400 seconds, a negative count
    /// (`replicas`, `minReadySeconds`, `ordinals.start`, `partition`), a
    /// port (or a set `healthCheckNodePort`) outside 1-65535, a `clusterIP` that is not empty, `None` or an
    /// IP address (`none` is not `None`), a `maxUnavailable` that is not a
    /// positive number or a percentage from 1% to 100%, and `rollingUpdate`
    /// under an `OnDelete` strategy.
    /// (A `nodePort` outside the default node port range is
    /// `node-port-out-of-range`.)
    ///
    /// ## Why it matters
    /// `kubectl apply` fails with `Unsupported value` or `Invalid value`, and
    /// the whole manifest is rejected. The enum values are case-sensitive:
    /// `parallel` and `tcp` are errors, not synonyms.
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   podManagementPolicy: parallel   # must be `OrderedReady` or `Parallel`
    ///   replicas: -1                    # must be 0 or more
    /// ```
    ///
    /// ## Fix
    /// Use one of the listed values. When the value is only a case or
    /// spelling slip of a valid one, Ordinal offers the replacement: safe
    /// for a case slip (the value has one reading and the API server
    /// rejects it as written), unsafe for a spelling slip, which is a guess.
    ///
    /// ## Source
    /// pkg/apis/apps/validation: `ValidateStatefulSetSpec`,
    /// `validateRollingUpdateStatefulSet`, `ValidatePositiveIntOrPercent`,
    /// `ValidatePersistentVolumeClaimRetentionPolicyType`.
    /// pkg/apis/core/validation: `ValidateService`, `validateServicePort`,
    /// `validateServiceExternalTrafficPolicy`,
    /// `validateServiceInternalTrafficFieldsValue`,
    /// `ValidateServiceClusterIPsRelatedFields` (IP families, `clusterIP` is
    /// empty, `None` or an IP), `validateClientIPAffinityConfig` (run only
    /// for `sessionAffinity: ClientIP`), `validateLoadBalancerClassField`,
    /// `validateServiceTrafficDistribution` (`PreferSameZone` and
    /// `PreferSameNode` allowed since the `PreferSameTrafficDistribution`
    /// gate, locked on in 1.35; kubernetes/website feature-gates page),
    /// `validateContainerPorts`, `validatePullPolicy`, `validateDNSPolicy`,
    /// `ValidatePersistentVolumeClaimSpec`, `ValidateNonnegativeField`.
    /// apimachinery `IsValidPortNum`, `IsValidPercent` and `IsQualifiedName`.
    /// `maxUnavailable` is checked as a cluster with the
    /// `MaxUnavailableStatefulSet` gate on checks it (1.35.0 to 1.35.3, and
    /// 1.37 on); with the gate off (1.35.4 on, 1.36) the registry drops the
    /// field before validation, so such a cluster accepts and ignores it.
    pub struct InvalidValue {
        id: "invalid-value",
        severity: Error,
        summary: "a field has a value the API server rejects",
    }
}

/// What a field must hold.
enum Check {
    Enum(&'static EnumField),
    /// An enum behind a Go pointer (`*string`): only an absent field is
    /// unset, and an empty string is a value like any other, so it is rejected.
    PointerEnum(&'static EnumField),
    /// `IsQualifiedName` (`ValidateQualifiedName`).
    QualifiedName,
    NonNegative,
    Port,
    /// A port that may be 0 (unset).
    OptionalPort,
    Range(i64, i64),
    /// Empty, `None` or an IP address.
    ClusterIp,
}

const STATEFULSET_FIELDS: &[(&str, Check)] = &[
    ("spec.podManagementPolicy", Check::Enum(&v::POD_MANAGEMENT_POLICY)),
    ("spec.updateStrategy.type", Check::Enum(&v::STATEFULSET_UPDATE_STRATEGY)),
    ("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", Check::Enum(&v::PVC_RETENTION_POLICY)),
    ("spec.persistentVolumeClaimRetentionPolicy.whenScaled", Check::Enum(&v::PVC_RETENTION_POLICY)),
    ("spec.replicas", Check::NonNegative),
    ("spec.minReadySeconds", Check::NonNegative),
    ("spec.ordinals.start", Check::NonNegative),
    ("spec.template.spec.dnsPolicy", Check::Enum(&v::DNS_POLICY)),
    ("spec.volumeClaimTemplates[].spec.accessModes[]", Check::Enum(&v::ACCESS_MODE)),
    ("spec.volumeClaimTemplates[].spec.volumeMode", Check::Enum(&v::VOLUME_MODE)),
];

const CONTAINER_FIELDS: &[(&str, Check)] = &[
    ("imagePullPolicy", Check::Enum(&v::IMAGE_PULL_POLICY)),
    ("terminationMessagePolicy", Check::Enum(&v::TERMINATION_MESSAGE_POLICY)),
    ("ports[].protocol", Check::Enum(&v::PROTOCOL)),
    ("ports[].containerPort", Check::Port),
    ("ports[].hostPort", Check::OptionalPort),
];

const SERVICE_FIELDS: &[(&str, Check)] = &[
    ("spec.type", Check::Enum(&v::SERVICE_TYPE)),
    ("spec.clusterIP", Check::ClusterIp),
    ("spec.clusterIPs[]", Check::ClusterIp),
    ("spec.sessionAffinity", Check::Enum(&v::SESSION_AFFINITY)),
    ("spec.externalTrafficPolicy", Check::Enum(&v::EXTERNAL_TRAFFIC_POLICY)),
    ("spec.internalTrafficPolicy", Check::PointerEnum(&v::INTERNAL_TRAFFIC_POLICY)),
    ("spec.ipFamilyPolicy", Check::PointerEnum(&v::IP_FAMILY_POLICY)),
    ("spec.ipFamilies[]", Check::Enum(&v::IP_FAMILY)),
    ("spec.trafficDistribution", Check::PointerEnum(&v::TRAFFIC_DISTRIBUTION)),
    // `validateServicePort`: `ValidateQualifiedName` on a set `appProtocol`.
    ("spec.ports[].appProtocol", Check::QualifiedName),
    ("spec.ports[].protocol", Check::Enum(&v::PROTOCOL)),
    ("spec.ports[].port", Check::Port),
    // `targetPort: 0` defaults to `port`; a string targetPort is a port
    // name, checked by `invalid-service-port`.
    ("spec.ports[].targetPort", Check::OptionalPort),
    // 0 asks for an allocated port; the default range is `node-port-out-of-range`'s.
    ("spec.ports[].nodePort", Check::OptionalPort),
    // TestValidateServiceCreate "negative healthCheckNodePort field": -1 is rejected, 0 is unset.
    ("spec.healthCheckNodePort", Check::OptionalPort),
];

const PVC_FIELDS: &[(&str, Check)] =
    &[("spec.accessModes[]", Check::Enum(&v::ACCESS_MODE)), ("spec.volumeMode", Check::Enum(&v::VOLUME_MODE))];

impl Rule for InvalidValue {
    fn check_resource(&self, ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let root = &resource.root;
        let fields = if resource.as_statefulset().is_some() {
            check_update_strategy(resource, report);
            for list in CONTAINER_LISTS {
                for container in select(root, list) {
                    for (pattern, check) in CONTAINER_FIELDS {
                        for mut located in select(container.node, pattern) {
                            located.path = container.path.join(&located.path);
                            check_field(ctx, &located, check, report);
                        }
                    }
                }
            }
            STATEFULSET_FIELDS
        } else if let Some(svc) = resource.as_service() {
            let spec = svc.spec.as_ref();
            let mut conditional: Vec<(&str, Check)> = Vec::new();
            // `validateClientIPAffinityConfig` runs only for `ClientIP`; under
            // `None` defaulting drops the config (`session-affinity-config-ignored`).
            if service::session_affinity(spec) == "ClientIP" {
                conditional.push(("spec.sessionAffinityConfig.clientIP.timeoutSeconds", Check::Range(1, 86400)));
            }
            // `validateLoadBalancerClassField` checks the name only for a
            // `LoadBalancer`; on other types the field is forbidden outright,
            // which `service-type-conflict` reports.
            if service::service_type(spec) == "LoadBalancer" {
                conditional.push(("spec.loadBalancerClass", Check::QualifiedName));
            }
            for (pattern, check) in &conditional {
                for located in select(root, pattern) {
                    check_field(ctx, &located, check, report);
                }
            }
            SERVICE_FIELDS
        } else if resource.as_pvc().is_some() {
            PVC_FIELDS
        } else {
            return;
        };
        for (pattern, check) in fields {
            for located in select(root, pattern) {
                check_field(ctx, &located, check, report);
            }
        }
    }
}

fn check_field(ctx: &Context<'_>, located: &Located<'_>, check: &Check, report: &mut Reporter<'_>) {
    let path = &located.path;
    let span = located.node.span();
    let push = |report: &mut Reporter<'_>, message: String, help: String| {
        report.report(span, message).help(help);
    };
    match check {
        Check::Enum(field) | Check::PointerEnum(field) => {
            let Some(value) = located.str() else { return };
            // For a plain string an empty value is how Go spells "unset":
            // defaulting fills it in.
            if (value.is_empty() && matches!(check, Check::Enum(_))) || field.accepts(value) {
                return;
            }
            let message = if value.is_empty() {
                format!("`{path}` is set but empty, which is not a supported value")
            } else {
                format!("unsupported value `{value}` for `{path}`")
            };
            match field.suggestion(value) {
                Some(suggestion) => {
                    // A case slip has one reading; a spelling slip is a guess
                    // at which value was meant.
                    let applicability = if suggestion.eq_ignore_ascii_case(value) {
                        Applicability::Safe
                    } else {
                        Applicability::Unsafe
                    };
                    let fix = replace_scalar(ctx, located.node, suggestion, applicability);
                    report.report(span, message).help(format!("did you mean `{suggestion}`?")).fix_if_any(fix);
                }
                None => {
                    report.report(span, message).help(format!("use {}", field.describe()));
                }
            }
        }
        Check::QualifiedName => {
            let Some(value) = located.str() else { return };
            let problems = v::qualified_name(value);
            if !problems.is_empty() {
                let message = if value.is_empty() {
                    format!("`{path}` is empty, but it must be a qualified name")
                } else {
                    format!("`{path}` is `{value}`, which is not a qualified name: {}", problems.join("; "))
                };
                push(
                    report,
                    message,
                    "use a name such as `HTTP` or `example.com/protocol`: an optional DNS subdomain and `/`, then at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit".into(),
                );
            }
        }
        Check::NonNegative => {
            let Some(value) = located.int() else { return };
            if value < 0 {
                push(
                    report,
                    format!("`{path}` is {value}, but it must be greater than or equal to 0"),
                    format!("set `{path}` to 0 or more"),
                );
            }
        }
        Check::Port | Check::OptionalPort => {
            let Some(value) = located.int() else { return };
            if matches!(check, Check::OptionalPort) && value == 0 {
                return;
            }
            if !v::port_number(value).is_empty() {
                push(
                    report,
                    format!("`{path}` is {value}, but a port number must be between 1 and 65535"),
                    "use a port number from 1 to 65535".into(),
                );
            }
        }
        Check::ClusterIp => {
            let Some(value) = located.str() else { return };
            if value.is_empty() || value == service::CLUSTER_IP_NONE || service::is_ip_address(value) {
                return;
            }
            let message = format!("`{path}` is `{value}`, but it must be empty, `None` or an IP address");
            if value.eq_ignore_ascii_case("none") {
                let fix = replace_scalar(ctx, located.node, "None", Applicability::Safe);
                report.report(span, message).help("did you mean `None`?").fix_if_any(fix);
            } else {
                let help = "write `None` for a headless Service, or leave it out to have an address allocated";
                report.report(span, message).help(help);
            }
        }
        Check::Range(min, max) => {
            let Some(value) = located.int() else { return };
            if !(*min..=*max).contains(&value) {
                push(
                    report,
                    format!("`{path}` is {value}, but it must be from {min} to {max}"),
                    format!("set `{path}` to a value from {min} to {max}"),
                );
            }
        }
    }
}

/// `rollingUpdate` is only allowed with the `RollingUpdate` strategy, and
/// its `maxUnavailable` must be a positive integer or a percentage from 1%
/// to 100%.
fn check_update_strategy(resource: &Resource, report: &mut Reporter<'_>) {
    let root = &resource.root;
    let strategy_type = select(root, "spec.updateStrategy.type").first().and_then(|t| t.str().map(str::to_string));
    if let Some(rolling_update) = select(root, "spec.updateStrategy.rollingUpdate").first() {
        if strategy_type.as_deref() == Some("OnDelete") && !rolling_update.node.is_null() {
            report.report(rolling_update.node.span(), "`spec.updateStrategy.rollingUpdate` is only allowed when `updateStrategy.type` is `RollingUpdate`, not `OnDelete`").help("remove `rollingUpdate` or set `type: RollingUpdate`");
        }
    }
    // `validateRollingUpdateStatefulSet` runs only for the `RollingUpdate`
    // type, which is also the default (an empty type is defaulted first).
    if strategy_type
        .as_deref()
        .is_some_and(|strategy_type| !strategy_type.is_empty() && strategy_type != "RollingUpdate")
    {
        return;
    }
    for located in select(root, "spec.updateStrategy.rollingUpdate.partition") {
        if let Some(value) = located.int().filter(|value| *value < 0) {
            report
                .report(
                    located.node.span(),
                    format!("`{}` is {value}, but it must be greater than or equal to 0", located.path),
                )
                .help("set `partition` to 0 or more");
        }
    }
    for located in select(root, "spec.updateStrategy.rollingUpdate.maxUnavailable") {
        let invalid = match (located.int(), located.str()) {
            (Some(value), _) => (value <= 0).then(|| value.to_string()),
            (_, Some(text)) => {
                let valid = int_or_percent::is_percent_from_1_to_100(text);
                (!valid).then(|| format!("`{text}`"))
            }
            _ => None,
        };
        if let Some(value) = invalid {
            report
                .report(
                    located.node.span(),
                    format!(
                        "`{}` is {value}, but it must be a positive integer or a percentage from 1% to 100%",
                        located.path
                    ),
                )
                .help("set `maxUnavailable` to at least 1 (or `1%`), or remove it to use the default of 1");
        }
    }
}
