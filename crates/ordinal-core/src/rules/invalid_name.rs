use super::paths::{select, Located, CONTAINER_LISTS};
use super::repeats::FirstSeen;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::model::Resource;
use crate::parse::PathSegment::Key;
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// Names the API server rejects, and names used twice where they must be
    /// unique:
    /// - a StatefulSet's `metadata.name` that is not a DNS-1123 label (at
    ///   most 63 characters of `a-z`, `0-9` and `-`, alphanumeric at both ends);
    /// - a Service's `metadata.name` that is not a DNS-1123 label (a name that
    ///   is one but starts with a digit is `service-name-starts-with-digit`);
    /// - a `metadata.namespace` that is not a DNS-1123 label (an empty one is
    ///   the request's namespace, as when it is left out);
    /// - a `metadata.generateName` that is not a DNS-1123 label once a
    ///   trailing `-` is allowed, and an object with neither `name` nor
    ///   `generateName` (`ValidateObjectMeta`, `maskTrailingDash`);
    /// - a StatefulSet `spec.serviceName` that is set but not a DNS-1123 label;
    /// - container, init container, volume and `volumeClaimTemplates` names
    ///   that are not DNS-1123 labels, and container and volume names that
    ///   repeat (container names must be unique across init and regular
    ///   containers; a repeated claim template name is
    ///   `volume-claim-template-conflict`, which the API server accepts).
    ///
    /// ## Why it matters
    /// Object names become DNS names: pods are `web-0.web.ns.svc`, and a
    /// Service name becomes environment variables and a DNS label, so the
    /// API server refuses anything that cannot be one. Container and volume
    /// names are keys that mounts, probes and `kubectl logs -c` look up.
    /// A StatefulSet's pod template (with each claim template added as a
    /// volume) is validated like a pod since Kubernetes 1.34; on older
    /// servers the StatefulSet is accepted but every pod creation fails.
    ///
    /// ## Example
    /// ```yaml
    /// kind: Service
    /// metadata:
    ///   name: web_api     # `_` is not allowed in a DNS label
    /// ```
    ///
    /// ## Fix
    /// Rename with lowercase letters, digits and `-`, and update every
    /// reference (volume mounts, `serviceName`).
    ///
    /// ## Source
    /// pkg/apis/apps/validation: `ValidateStatefulSet` validates
    /// `metadata.name` with `ValidateStatefulSetName`, which is
    /// `NameIsDNSLabel` (older releases used `NameIsDNSSubdomain`, but pods
    /// named after such a StatefulSet could not be created: pod hostnames
    /// are DNS labels; kubernetes/kubernetes PR 114172);
    /// `ValidateStatefulSetSpec` checks a non-empty `serviceName` with
    /// `NameIsDNSLabel`, because it becomes each pod's `subdomain`
    /// (kubernetes/kubernetes PR 130233, which also made it optional); and
    /// `ValidatePodTemplateSpecForStatefulSet` validates the pod template
    /// with the claim templates added as volumes
    /// (kubernetes/kubernetes PR 131790).
    /// pkg/apis/core/validation: `ValidateService` checks new Service names
    /// with `NameIsDNSLabel` when `RelaxedServiceNameValidation` is on
    /// (KEP-5311, beta and on by default since kubernetes/kubernetes PR
    /// 136389) and with `NameIsDNS1035Label` before; `ValidateObjectMeta` checks the namespace with
    /// `ValidateNamespaceName`; `validateContainers` / `validateInitContainers`
    /// (`ValidateDNS1123Label`, duplicate names across both lists) and
    /// `ValidateVolumes`.
    /// apiserver pkg/registry/rest/create.go `BeforeCreate`: `ValidNamespace`
    /// gives an object with an empty namespace the request's.
    /// apimachinery `IsDNS1123Label`, `IsDNS1035Label`.
    pub struct InvalidName {
        id: "invalid-name",
        severity: Error,
        summary: "a name is not a valid DNS label or is used twice",
    }
}

impl Rule for InvalidName {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let root = &resource.root;
        let is_statefulset = resource.as_statefulset().is_some();
        if !is_statefulset && resource.as_service().is_none() {
            return;
        }
        for namespace in select(root, "metadata.namespace") {
            // An empty namespace is the request's: the registry's
            // `rest.BeforeCreate` (`ValidNamespace`) fills it in before validation.
            if namespace.str().is_some_and(|text| !text.is_empty()) {
                check(&namespace, "namespace", report);
            }
        }
        check_generate_name(resource, report);
        if !is_statefulset {
            for name in select(root, "metadata.name") {
                check(&name, "Service name", report);
            }
            return;
        }
        for name in select(root, "metadata.name") {
            check(&name, "StatefulSet name", report);
        }
        for service_name in select(root, "spec.serviceName") {
            if service_name.str().is_some_and(|name| !name.is_empty()) {
                check(&service_name, "`serviceName`", report);
            }
        }
        let containers: Vec<Located<'_>> =
            CONTAINER_LISTS.iter().flat_map(|list| select(root, &format!("{list}.name"))).collect();
        check_all(&containers, "container name", report);
        check_all(&select(root, "spec.template.spec.volumes[].name"), "volume name", report);
        // Claim templates of one name collapse into one volume
        // (`volumesToAddForTemplates` is a map), so a repeat is not rejected:
        // it is `volume-claim-template-conflict`'s warning.
        for name in select(root, "spec.volumeClaimTemplates[].metadata.name") {
            check(&name, "volume claim template name", report);
        }
    }
}

/// Check each name's format, then report every repeat of an earlier name.
fn check_all(names: &[Located<'_>], what: &str, report: &mut Reporter<'_>) {
    let mut seen = FirstSeen::new();
    for located in names {
        let Some(name) = located.str() else { continue };
        if !check(located, what, report) {
            continue;
        }
        if let Some((first, _)) = seen.repeat_of(name, located) {
            report
                .report(
                    located.node.span(),
                    format!("{what} `{name}` is used twice (`{}` and `{}`)", first.path, located.path),
                )
                .help(format!("rename one of them: {what}s must be unique"))
                .label(first.node.span(), "first used here");
        }
    }
}

/// Report `located` if it is not a DNS-1123 label; true when it is one.
fn check(located: &Located<'_>, what: &str, report: &mut Reporter<'_>) -> bool {
    let Some(name) = located.str() else { return true };
    let problems = validation::dns1123_label(name);
    if problems.is_empty() {
        return true;
    }
    let shown = if name.is_empty() { "\"\"".to_string() } else { name.to_string() };
    let mut help =
        "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit".to_string();
    if let Some(suggestion) = suggest(name) {
        help = format!("{help}, e.g. `{suggestion}`");
    }
    report
        .report(located.node.span(), format!("{what} `{shown}` is not a valid DNS-1123 label: {}", problems.join("; ")))
        .help(help);
    false
}

/// `ValidateObjectMeta`: `generateName` is a name prefix, and one of the
/// two is required (on create the registry turns `generateName` into `name`).
fn check_generate_name(resource: &Resource, report: &mut Reporter<'_>) {
    let generate_name = select(&resource.root, "metadata.generateName");
    let given = |located: &[Located<'_>]| located.first().and_then(Located::str).is_some_and(|text| !text.is_empty());
    if let Some(prefix) = generate_name.first().filter(|_| given(&generate_name)) {
        let problems = validation::dns1123_label_prefix(prefix.str().unwrap_or_default());
        if !problems.is_empty() {
            let message = format!(
                "`generateName` `{}` is not a valid name prefix: {}",
                prefix.str().unwrap_or_default(),
                problems.join("; ")
            );
            report
                .report(prefix.node.span(), message)
                .help("use at most 63 lowercase letters, digits and '-', starting with a letter or digit");
        }
    } else if resource.root.get("metadata").is_some() && select(&resource.root, "metadata.name").is_empty() {
        // Without `metadata` at all, `missing-required-field` reports it.
        let span = resource.span(&[Key("metadata"), Key("name")]);
        report.report(span, "`metadata.name` or `metadata.generateName` is required").help("name the object");
    }
}

/// A valid name close to `name`: lowercased, with other characters turned
/// into `-` and the ends trimmed to fit.
fn suggest(name: &str) -> Option<String> {
    let mapped: String =
        name.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let mut candidate = mapped.trim_matches('-').to_string();
    candidate.truncate(63);
    let candidate = candidate.trim_end_matches('-').to_string();
    (validation::dns1123_label(&candidate).is_empty() && candidate != name).then_some(candidate)
}
