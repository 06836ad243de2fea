use super::paths::select;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::{Node, Resolved};
use crate::source::Span;
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// A pod template `affinity` the API server rejects.
    ///
    /// Node affinity:
    /// - `requiredDuringSchedulingIgnoredDuringExecution` with an empty
    ///   `nodeSelectorTerms` list;
    /// - a `matchExpressions` requirement whose operator is not `In`,
    ///   `NotIn`, `Exists`, `DoesNotExist`, `Gt` or `Lt`, that has no
    ///   `values` for `In`/`NotIn`, has `values` for `Exists`/`DoesNotExist`
    ///   or not exactly one value for `Gt`/`Lt`, whose key is not a valid
    ///   label key, or (required terms only) whose values are not valid
    ///   label values;
    /// - a `matchFields` requirement that is not `In`/`NotIn` with exactly
    ///   one value, whose key is not `metadata.name`, or whose value is not a
    ///   valid node name;
    /// - a preferred term whose `weight` is not 1 to 100.
    ///
    /// Pod affinity and anti-affinity terms:
    /// - an empty or invalid `topologyKey`;
    /// - a `namespaces` entry that is not a valid namespace name (so
    ///   `namespaces: [""]` is rejected);
    /// - an invalid `labelSelector` or `namespaceSelector`;
    /// - `matchLabelKeys` or `mismatchLabelKeys` without a `labelSelector`,
    ///   with an invalid key, or a key in both lists;
    /// - a `matchLabelKeys` key that the `labelSelector` already names twice
    ///   (the API server merges `matchLabelKeys` into the selector of each
    ///   pod it creates, never of a template, and refuses a key it would
    ///   find there more than once);
    /// - a preferred term whose `weight` is not 1 to 100.
    ///
    /// ## Why it matters
    /// The API server rejects the whole StatefulSet, so no pod is created
    /// or updated.
    ///
    /// ## Example
    /// ```yaml
    /// affinity:
    ///   podAntiAffinity:
    ///     requiredDuringSchedulingIgnoredDuringExecution:
    ///     - labelSelector:
    ///         matchLabels: {app: db}
    ///       namespaces: [""]          # not a namespace name
    ///       topologyKey: ""           # required
    /// ```
    ///
    /// ## Fix
    /// Name real namespaces (or leave `namespaces` out for the pod's own),
    /// set `topologyKey` (e.g. `kubernetes.io/hostname`), keep weights in
    /// 1..100 and match operators with their values. Not fixed
    /// automatically.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go `validateAffinity`,
    /// `validateNodeAffinity`, `ValidateNodeSelector`,
    /// `ValidateNodeSelectorTerm`, `ValidateNodeSelectorRequirement`,
    /// `ValidateNodeFieldSelectorRequirement`,
    /// `ValidatePreferredSchedulingTerms`, `validatePodAffinity`,
    /// `validatePodAntiAffinity`, `validateWeightedPodAffinityTerms`,
    /// `validatePodAffinityTerm` (`ValidateNamespaceName`,
    /// `ValidatePodAffinityTermSelector`,
    /// `validateMatchLabelKeysAndMismatchLabelKeys`); label selectors by
    /// apimachinery `ValidateLabelSelector`. On create a template gets no
    /// leniency for invalid label values (`AllowInvalidLabelValueInSelector`
    /// and `AllowInvalidLabelValueInRequiredNodeAffinity` are false).
    pub struct InvalidAffinity {
        id: "invalid-affinity",
        severity: Error,
        summary: "a pod template's node or pod (anti-)affinity is invalid",
    }
}

const NODE_AFFINITY: &str = "spec.template.spec.affinity.nodeAffinity";
const REQUIRED_NODE_TERMS: &str =
    "spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[]";
const PREFERRED_NODE_TERMS: &str =
    "spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[]";
const POD_TERMS: [&str; 2] = [
    "spec.template.spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[]",
    "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[]",
];
const WEIGHTED_POD_TERMS: [&str; 2] = [
    "spec.template.spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[]",
    "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[]",
];

impl Rule for InvalidAffinity {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for node_affinity in select(&resource.root, NODE_AFFINITY) {
            let Some(required) = node_affinity.node.get("requiredDuringSchedulingIgnoredDuringExecution") else {
                continue;
            };
            // A missing `nodeSelectorTerms` is `missing-required-field`'s.
            let Some((terms_span, terms)) = field(required, "nodeSelectorTerms") else { continue };
            if terms.items().is_some_and(<[Node]>::is_empty) {
                report
                    .report(terms_span, "`nodeSelectorTerms` must have at least one node selector term")
                    .help("add a term with `matchExpressions`, or remove the required node affinity");
            }
        }
        for term in select(&resource.root, REQUIRED_NODE_TERMS) {
            check_node_selector_term(term.node, &term.path, true, report);
        }
        for term in select(&resource.root, PREFERRED_NODE_TERMS) {
            check_weight(term.node, &term.path, report);
            if let Some(preference) = term.node.get("preference") {
                // Preferred terms may carry invalid label values: a single
                // node cluster can still satisfy them.
                check_node_selector_term(preference, &format!("{}.preference", term.path), false, report);
            }
        }
        for pattern in POD_TERMS {
            for term in select(&resource.root, pattern) {
                check_pod_affinity_term(term.node, &term.path, report);
            }
        }
        for pattern in WEIGHTED_POD_TERMS {
            for term in select(&resource.root, pattern) {
                check_weight(term.node, &term.path, report);
                if let Some(inner) = term.node.get("podAffinityTerm") {
                    check_pod_affinity_term(inner, &format!("{}.podAffinityTerm", term.path), report);
                }
            }
        }
    }
}

/// The entry `key` of mapping `node`: its span from key through value, and
/// the value.
pub(super) fn field<'a>(node: &'a Node, key: &str) -> Option<(Span, &'a Node)> {
    let entry = node.entry(key)?;
    Some((Span::new(entry.key.span().start, entry.value.span().end), &entry.value))
}

/// An integer scalar; other values are left to `invalid-type`.
pub(super) fn int_of(node: &Node) -> Option<i64> {
    match node.as_scalar()?.resolved() {
        Resolved::Int(value) => Some(value),
        Resolved::UInt(value) => Some(i64::try_from(value).unwrap_or(i64::MAX)),
        _ => None,
    }
}

/// The items of the string list at `key`, with their spans.
pub(super) fn string_items<'a>(node: &'a Node, key: &str) -> Vec<(&'a str, Span)> {
    node.get(key)
        .and_then(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| Some((item.as_str()?, item.span())))
        .collect()
}

fn check_weight(term: &Node, path: &str, report: &mut Reporter<'_>) {
    let Some((span, weight)) = field(term, "weight") else { return };
    let Some(value) = int_of(weight) else { return };
    if !(1..=100).contains(&value) {
        report
            .report(span, format!("`weight: {value}` in `{path}` must be in the range 1-100"))
            .help("give each preferred term a weight from 1 to 100");
    }
}

fn check_node_selector_term(term: &Node, path: &str, required: bool, report: &mut Reporter<'_>) {
    for requirement in term.get("matchExpressions").and_then(Node::items).unwrap_or_default() {
        let values = string_items(requirement, "values");
        let count = requirement.get("values").and_then(Node::items).map_or(0, <[Node]>::len);
        if let Some((operator_span, operator)) = field(requirement, "operator") {
            let text = operator.as_str().unwrap_or_default();
            let values_span = field(requirement, "values").map(|(span, _)| span);
            let problem = match text {
                "In" | "NotIn" if count == 0 => Some("needs a non-empty `values` list"),
                "Exists" | "DoesNotExist" if count > 0 => Some("must not have `values`"),
                "Gt" | "Lt" if count != 1 => Some("needs exactly one value"),
                _ => None,
            };
            if !validation::NODE_SELECTOR_OPERATOR.accepts(text) {
                report
                    .report(
                        operator_span,
                        format!(
                            "`operator: {text:?}` in `{path}` is not {}",
                            validation::NODE_SELECTOR_OPERATOR.describe()
                        ),
                    )
                    .help("use a node selector operator");
            } else if let Some(problem) = problem {
                report
                    .report(values_span.unwrap_or(operator_span), format!("operator `{text}` in `{path}` {problem}"))
                    .help("use `In`/`NotIn` with values, `Exists`/`DoesNotExist` without, `Gt`/`Lt` with one integer");
            }
        }
        if let Some((key_span, key)) = field(requirement, "key") {
            check_qualified_key(key.as_str().unwrap_or_default(), key_span, "node label key", path, report);
        }
        if required {
            for (value, span) in values {
                let problems = validation::label_value(value);
                if !problems.is_empty() {
                    report
                        .report(span, format!("value {value:?} in `{path}` is not a valid label value: {}", problems.join("; ")))
                        .help("node label values are at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit");
                }
            }
        }
    }
    for requirement in term.get("matchFields").and_then(Node::items).unwrap_or_default() {
        let count = requirement.get("values").and_then(Node::items).map_or(0, <[Node]>::len);
        if let Some((operator_span, operator)) = field(requirement, "operator") {
            let text = operator.as_str().unwrap_or_default();
            if !matches!(text, "In" | "NotIn") {
                report
                    .report(
                        operator_span,
                        format!("`operator: {text:?}` in `{path}.matchFields` is not `In` or `NotIn`"),
                    )
                    .help("a node field selector supports `In` and `NotIn` only");
            } else if count != 1 {
                let span = field(requirement, "values").map_or(operator_span, |(span, _)| span);
                report
                    .report(span, format!("`matchFields` operator `{text}` in `{path}` needs exactly one value"))
                    .help("name one node");
            }
        }
        if let Some((key_span, key)) = field(requirement, "key") {
            let text = key.as_str().unwrap_or_default();
            if text != "metadata.name" {
                report
                    .report(
                        key_span,
                        format!("`key: {text:?}` in `{path}.matchFields` is not a valid field selector key"),
                    )
                    .help("the only node field selector key is `metadata.name`");
            } else {
                for (value, span) in string_items(requirement, "values") {
                    let problems = validation::dns1123_subdomain(value);
                    if !problems.is_empty() {
                        report
                            .report(
                                span,
                                format!("node name {value:?} in `{path}` is not valid: {}", problems.join("; ")),
                            )
                            .help("a node name is a DNS subdomain: lowercase letters, digits, `-` and `.`");
                    }
                }
            }
        }
    }
}

fn check_pod_affinity_term(term: &Node, path: &str, report: &mut Reporter<'_>) {
    for key in ["labelSelector", "namespaceSelector"] {
        if let Some(selector) = term.get(key) {
            check_label_selector(selector, &format!("{path}.{key}"), report);
        }
    }
    for (name, span) in string_items(term, "namespaces") {
        let problems = validation::dns1123_label(name);
        if !problems.is_empty() {
            report
                .report(
                    span,
                    format!(
                        "namespace {name:?} in `{path}.namespaces` is not a valid namespace name: {}",
                        problems.join("; ")
                    ),
                )
                .help("list existing namespace names, or leave `namespaces` out to mean the pod's own namespace");
        }
    }
    let has_selector = term.get("labelSelector").is_some_and(|selector| !selector.is_null());
    for list in ["matchLabelKeys", "mismatchLabelKeys"] {
        check_label_keys(term, list, has_selector, path, report);
    }
    let mismatch: Vec<&str> = string_items(term, "mismatchLabelKeys").into_iter().map(|(key, _)| key).collect();
    for (key, span) in string_items(term, "matchLabelKeys") {
        if mismatch.contains(&key) {
            report
                .report(span, format!("`{key}` in `{path}` is in both `matchLabelKeys` and `mismatchLabelKeys`"))
                .help("keep the key in one of the two lists");
        }
    }
    // The API server merges `matchLabelKeys` into the selector of a pod,
    // not of a template; what it refuses here is a key listed there and
    // already present twice in the selector (`validateMatchLabelKeysAndMismatchLabelKeys`).
    if let Some(selector) = term.get("labelSelector") {
        let match_keys: Vec<(&str, Span)> = string_items(term, "matchLabelKeys");
        let mut seen: Vec<String> = selector
            .get("matchLabels")
            .and_then(Node::entries)
            .unwrap_or_default()
            .iter()
            .filter_map(|e| e.key_text())
            .collect();
        for expression in selector.get("matchExpressions").and_then(Node::items).unwrap_or_default() {
            let Some(key) = expression.get("key").and_then(Node::as_str) else { continue };
            if let Some((_, span)) = match_keys.iter().find(|(match_key, _)| *match_key == key) {
                if seen.iter().any(|seen_key| seen_key == key) {
                    report
                        .report(*span, format!("`{key}` in `{path}` is in both `matchLabelKeys` and `labelSelector`"))
                        .help("drop the key from `matchLabelKeys` or from the selector");
                }
            }
            seen.push(key.to_string());
        }
    }
    // A missing `topologyKey` is `missing-required-field`'s.
    if let Some((span, key)) = field(term, "topologyKey") {
        let text = key.as_str().unwrap_or_default();
        if text.is_empty() {
            report
                .report(span, format!("`topologyKey` in `{path}` can not be empty"))
                .help("name a node label that defines the topology, e.g. `kubernetes.io/hostname`");
        } else {
            check_qualified_key(text, span, "topologyKey", path, report);
        }
    }
}

/// `validateLabelKeys`: keys need a `labelSelector` and must be label keys.
pub(super) fn check_label_keys(term: &Node, list: &str, has_selector: bool, path: &str, report: &mut Reporter<'_>) {
    let Some((span, keys)) = field(term, list) else { return };
    if keys.items().is_none_or(<[Node]>::is_empty) {
        return;
    }
    if !has_selector {
        report
            .report(span, format!("`{list}` in `{path}` must not be set without a `labelSelector`"))
            .help("add a `labelSelector`, or remove the list");
        return;
    }
    for (key, key_span) in string_items(term, list) {
        check_qualified_key(key, key_span, list, path, report);
    }
}

pub(super) fn check_qualified_key(key: &str, span: Span, what: &str, path: &str, report: &mut Reporter<'_>) {
    let problems = validation::qualified_name(key);
    if !problems.is_empty() {
        report
            .report(span, format!("{what} {key:?} in `{path}` is not a valid label key: {}", problems.join("; ")))
            .help("use an optional DNS subdomain prefix and `/`, then at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit");
    }
}

/// apimachinery `ValidateLabelSelector` (strict label values): label keys
/// and values of `matchLabels`, and each `matchExpressions` requirement's
/// operator, values and key.
pub(super) fn check_label_selector(selector: &Node, path: &str, report: &mut Reporter<'_>) {
    for entry in selector.get("matchLabels").and_then(Node::entries).unwrap_or_default() {
        let Some(key) = entry.key_text() else { continue };
        check_qualified_key(&key, entry.key.span(), "label key", path, report);
        if let Some(value) = entry.value.as_str() {
            check_label_value(value, entry.value.span(), path, report);
        }
    }
    for expression in selector.get("matchExpressions").and_then(Node::items).unwrap_or_default() {
        if let Some((key_span, key)) = field(expression, "key") {
            check_qualified_key(key.as_str().unwrap_or_default(), key_span, "label key", path, report);
        }
        let count = expression.get("values").and_then(Node::items).map_or(0, <[Node]>::len);
        for (value, span) in string_items(expression, "values") {
            check_label_value(value, span, path, report);
        }
        let Some((operator_span, operator)) = field(expression, "operator") else { continue };
        let text = operator.as_str().unwrap_or_default();
        let values_span = field(expression, "values").map(|(span, _)| span);
        let problem = match text {
            "In" | "NotIn" if count == 0 => Some(format!("operator `{text}` needs a non-empty `values` list")),
            "Exists" | "DoesNotExist" if count > 0 => Some(format!("operator `{text}` must not have `values`")),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => None,
            other => Some(format!("operator {other:?} is not `In`, `NotIn`, `Exists` or `DoesNotExist`")),
        };
        if let Some(problem) = problem {
            let span = if matches!(text, "Exists" | "DoesNotExist") {
                values_span.unwrap_or(operator_span)
            } else {
                operator_span
            };
            report
                .report(span, format!("in `{path}`: {problem}"))
                .help("use `In`/`NotIn` with a list of `values`, or `Exists`/`DoesNotExist` without `values`");
        }
    }
}

fn check_label_value(value: &str, span: Span, path: &str, report: &mut Reporter<'_>) {
    let problems = validation::label_value(value);
    if !problems.is_empty() {
        report
            .report(span, format!("label value {value:?} in `{path}` is not valid: {}", problems.join("; ")))
            .help("use at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit (or an empty value)");
    }
}
