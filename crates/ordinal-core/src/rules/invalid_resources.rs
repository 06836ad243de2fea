use super::paths::{select, CONTAINER_LISTS};
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::{Node, Resolved};
use crate::validation::{self, NanoQuantity};

super::declare_rule! {
    /// ## What it flags
    /// Resource requests and limits in a StatefulSet that the API server
    /// rejects, in every container's `resources` and every claim template's
    /// `spec.resources`:
    /// - a value that is not a Kubernetes quantity (`1GB`, `2 cores`, `1K`:
    ///   the suffixes are `Ki Mi Gi Ti Pi Ei` or `m k M G T P E`);
    /// - a negative value;
    /// - a request larger than the limit for the same resource.
    ///
    /// ## Why it matters
    /// A malformed quantity fails when the manifest is decoded (`quantities
    /// must match the regular expression ...`), and a request above its
    /// limit is `Invalid value: "2Gi": must be less than or equal to memory
    /// limit of 1Gi`. Since Kubernetes 1.34 the StatefulSet is rejected;
    /// older servers accept it and every pod creation fails.
    ///
    /// ## Example
    /// ```yaml
    /// resources:
    ///   requests: {memory: 2Gi}
    ///   limits: {memory: 1GB}   # `GB` is not a suffix; and 2Gi > 1G
    /// ```
    ///
    /// ## Fix
    /// Write quantities as `512Mi`, `2Gi`, `250m` or `1`, and keep each
    /// request at or below its limit.
    ///
    /// ## Source
    /// apimachinery pkg/api/resource `ParseQuantity`; pkg/apis/core/validation
    /// `ValidateResourceRequirements` ("must be less than or equal to %s
    /// limit of %s") and `ValidateResourceQuantityValue` ("must be greater
    /// than or equal to 0"), reached from pkg/apis/apps/validation
    /// `ValidatePodTemplateSpecForStatefulSet` and `ValidateVolumeClaimTemplates`
    /// (kubernetes/kubernetes PRs 131790 and 132212).
    pub struct InvalidResources {
        id: "invalid-resources",
        severity: Error,
        summary: "a resource quantity is malformed or negative, or a request exceeds its limit",
    }
}

impl Rule for InvalidResources {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        let mut owners: Vec<(super::paths::Path<'_>, &Node)> = Vec::new();
        for list in CONTAINER_LISTS {
            for container in select(&resource.root, &format!("{list}.resources")) {
                owners.push((container.path, container.node));
            }
        }
        for template in select(&resource.root, "spec.volumeClaimTemplates[].spec.resources") {
            owners.push((template.path, template.node));
        }
        for (path, resources) in owners {
            check_requirements(&path, resources, report);
        }
    }
}

fn check_requirements(path: &str, resources: &Node, report: &mut Reporter<'_>) {
    let limits: Vec<(String, &Node, Option<NanoQuantity>)> = quantities(path, resources, "limits", report);
    let requests = quantities(path, resources, "requests", report);
    for (name, request_node, request) in &requests {
        let Some(request) = request else { continue };
        let Some((_, limit_node, Some(limit))) = limits.iter().find(|(limit_name, _, _)| limit_name == name) else {
            continue;
        };
        if request > limit {
            let request_text = quantity_text(request_node);
            let limit_text = quantity_text(limit_node);
            report
                .report(
                    request_node.span(),
                    format!("`{path}.requests.{name}` is {request_text}, more than its limit of {limit_text}"),
                )
                .help(format!("lower the `{name}` request to at most {limit_text}, or raise the limit"))
                .label(limit_node.span(), "the limit");
        }
    }
}

/// Every entry of `resources.<field>` with its parsed value, reporting the
/// ones that are not valid quantities or are negative.
fn quantities<'a>(
    path: &str,
    resources: &'a Node,
    field: &str,
    report: &mut Reporter<'_>,
) -> Vec<(String, &'a Node, Option<NanoQuantity>)> {
    let mut found = Vec::new();
    for entry in resources.get(field).and_then(Node::entries).unwrap_or_default() {
        let Some(name) = entry.key_text() else { continue };
        let Some(scalar) = entry.value.as_scalar() else { continue };
        let parsed = match &scalar.resolved() {
            Resolved::Str => validation::parse_quantity(&scalar.text),
            Resolved::Int(value) => Some(i128::from(*value).saturating_mul(1_000_000_000)),
            Resolved::UInt(value) => Some(i128::from(*value).saturating_mul(1_000_000_000)),
            Resolved::Float(value) if value.is_finite() => {
                validation::parse_quantity(&crate::parse::scalar::float_text(*value))
            }
            // Other types are `invalid-type`'s finding.
            _ => continue,
        };
        let full_path = format!("{path}.{field}.{name}");
        match parsed {
            None => {
                report.report(entry.value.span(), format!("`{full_path}` is `{}`, which is not a quantity", scalar.text)).help("write a number with an optional suffix: `Ki`, `Mi`, `Gi`, `Ti` (powers of 1024), `m`, `k`, `M`, `G`, `T` (powers of 1000), e.g. `512Mi` or `250m`");
            }
            Some(value) if value < 0 => {
                report
                    .report(
                        entry.value.span(),
                        format!("`{full_path}` is `{}`, but it must be greater than or equal to 0", scalar.text),
                    )
                    .help("use a positive quantity");
            }
            Some(_) => {}
        }
        found.push((name, &entry.value, parsed));
    }
    found
}

fn quantity_text(node: &Node) -> String {
    node.as_scalar().map_or_else(String::new, |scalar| format!("`{}`", scalar.text))
}
