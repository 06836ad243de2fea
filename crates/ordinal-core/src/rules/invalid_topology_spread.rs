use super::invalid_affinity::{check_label_keys, check_label_selector, field, int_of, string_items};
use super::paths::select;
use super::repeats::FirstSeen;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::Node;
use crate::validation::{self, EnumField};

super::declare_rule! {
    /// ## What it flags
    /// A pod template `topologySpreadConstraints` entry the API server
    /// rejects:
    /// - `maxSkew` below 1;
    /// - an empty `topologyKey`;
    /// - a `whenUnsatisfiable` other than `DoNotSchedule` or
    ///   `ScheduleAnyway`;
    /// - two constraints with the same `topologyKey` and
    ///   `whenUnsatisfiable`;
    /// - `minDomains` below 1, or set with `whenUnsatisfiable` other than
    ///   `DoNotSchedule`;
    /// - a `nodeAffinityPolicy` or `nodeTaintsPolicy` other than `Honor` or
    ///   `Ignore`;
    /// - `matchLabelKeys` without a `labelSelector`, with an invalid key, or
    ///   with a key the `labelSelector` already uses;
    /// - an invalid `labelSelector`.
    ///
    /// ## Why it matters
    /// The API server rejects the whole StatefulSet, so no pod is created
    /// or updated.
    ///
    /// ## Example
    /// ```yaml
    /// topologySpreadConstraints:
    /// - maxSkew: 1
    ///   topologyKey: topology.kubernetes.io/zone
    ///   whenUnsatisfiable: ScheduleAnyway
    ///   minDomains: 3        # only with DoNotSchedule
    ///   labelSelector:
    ///     matchLabels: {app: db}
    /// ```
    ///
    /// ## Fix
    /// Use `maxSkew` of at least 1, one constraint per topology key and
    /// mode, `minDomains` only with `DoNotSchedule`, and list in
    /// `matchLabelKeys` only keys the selector does not name. Not fixed
    /// automatically.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go
    /// `validateTopologySpreadConstraints` (`ValidateMaxSkew`,
    /// `ValidateTopologyKey`, `ValidateWhenUnsatisfiable`,
    /// `ValidateSpreadConstraintNotRepeat`, `validateMinDomains`,
    /// `validateNodeInclusionPolicy`,
    /// `validateMatchLabelKeysInTopologySpread`, and apimachinery
    /// `ValidateLabelSelector` since a created template gets no
    /// `AllowInvalidTopologySpreadConstraintLabelSelector` leniency).
    pub struct InvalidTopologySpread {
        id: "invalid-topology-spread",
        severity: Error,
        summary: "a pod template's topology spread constraint is invalid",
    }
}

impl Rule for InvalidTopologySpread {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        let mut pairs = FirstSeen::new();
        for constraint in select(&resource.root, "spec.template.spec.topologySpreadConstraints[]") {
            let node = constraint.node;
            if node.entries().is_none() {
                continue;
            }
            let path = &constraint.path;
            let text = |key: &str| node.get(key).and_then(Node::as_str).unwrap_or_default();
            // Missing required fields (`maxSkew`, `topologyKey`,
            // `whenUnsatisfiable`) are `missing-required-field`'s.
            if let Some((span, value)) = field(node, "maxSkew").and_then(|(span, n)| Some((span, int_of(n)?))) {
                if value < 1 {
                    report
                        .report(span, format!("`maxSkew: {value}` in `{path}` must be greater than zero"))
                        .help("`maxSkew: 1` spreads the pods as evenly as possible");
                }
            }
            if let Some((span, _)) = field(node, "topologyKey").filter(|_| text("topologyKey").is_empty()) {
                report
                    .report(span, format!("`topologyKey` in `{path}` can not be empty"))
                    .help("name the node label to spread over, e.g. `topology.kubernetes.io/zone`");
            }
            let when = text("whenUnsatisfiable");
            if let Some((span, _)) = field(node, "whenUnsatisfiable") {
                check_enum(&validation::WHEN_UNSATISFIABLE, "whenUnsatisfiable", when, span, path, report);
            }
            for policy in ["nodeAffinityPolicy", "nodeTaintsPolicy"] {
                if let Some((span, value)) = field(node, policy).filter(|(_, n)| !n.is_null()) {
                    let written = value.as_str().unwrap_or_default();
                    check_enum(&validation::NODE_INCLUSION_POLICY, policy, written, span, path, report);
                }
            }
            if let Some((span, value)) = field(node, "minDomains").filter(|(_, n)| !n.is_null()) {
                if let Some(number) = int_of(value).filter(|number| *number < 1) {
                    report
                        .report(span, format!("`minDomains: {number}` in `{path}` must be greater than zero"))
                        .help("use at least 1, or remove `minDomains`");
                }
                if when != "DoNotSchedule" {
                    report
                        .report(span, format!("`minDomains` in `{path}` can only be used with `whenUnsatisfiable: DoNotSchedule`, not {when:?}"))
                        .help("remove `minDomains`, or use `whenUnsatisfiable: DoNotSchedule`");
                }
            }
            let selector = node.get("labelSelector").filter(|selector| !selector.is_null());
            check_label_keys(node, "matchLabelKeys", selector.is_some(), path, report);
            if let Some(selector) = selector {
                let mut used: Vec<String> = selector
                    .get("matchLabels")
                    .and_then(Node::entries)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|entry| entry.key_text())
                    .collect();
                used.extend(
                    selector
                        .get("matchExpressions")
                        .and_then(Node::items)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|expression| expression.get("key").and_then(Node::as_str).map(str::to_string)),
                );
                for (key, span) in string_items(node, "matchLabelKeys") {
                    if used.iter().any(|used_key| used_key == key) {
                        report
                            .report(span, format!("`{key}` in `{path}` is in both `matchLabelKeys` and `labelSelector`"))
                            .help("drop the key from `matchLabelKeys` (the selector already fixes it) or from the selector");
                    }
                }
                check_label_selector(selector, &format!("{path}.labelSelector"), report);
            }
            if node.get("topologyKey").is_some() && node.get("whenUnsatisfiable").is_some() {
                let key = (text("topologyKey").to_string(), when.to_string());
                if let Some((first, repeat)) = pairs.repeat_of(key, constraint.clone()) {
                    let at = |node: &Node| field(node, "topologyKey").map_or(node.span(), |(span, _)| span);
                    report
                        .report(
                            at(repeat.node),
                            format!(
                                "`{}` repeats `topologyKey: {}` with `whenUnsatisfiable: {}` of `{}`",
                                repeat.path,
                                text("topologyKey"),
                                when,
                                first.path
                            ),
                        )
                        .help("merge the two constraints: each topology key and mode may appear once")
                        .label(at(first.node), "first constraint");
                }
            }
        }
    }
}

fn check_enum(
    values: &EnumField,
    name: &str,
    written: &str,
    span: crate::source::Span,
    path: &str,
    report: &mut Reporter<'_>,
) {
    if values.accepts(written) {
        return;
    }
    let help = values
        .suggestion(written)
        .map_or_else(|| format!("use {}", values.describe()), |s| format!("did you mean `{s}`?"));
    report.report(span, format!("`{name}: {written:?}` in `{path}` is not {}", values.describe())).help(help);
}
