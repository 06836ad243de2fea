use super::paths::{select, CONTAINER_LISTS};
use super::repeats::FirstSeen;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::validation;

super::declare_rule! {
    /// ## What it flags
    /// A container port `name` in a StatefulSet's pod template that is not
    /// an IANA service name (at most 15 characters of `a-z`, `0-9` and `-`,
    /// with at least one letter and no leading, trailing or double hyphen),
    /// or that another port of the same container already uses.
    ///
    /// ## Why it matters
    /// The pod is invalid: the StatefulSet is rejected (Kubernetes 1.34 and
    /// later validate its pod template) or, on older servers, accepted while
    /// every pod creation fails. Services refer to these names through a
    /// string `targetPort`, and probes through `port: http`.
    ///
    /// ## Example
    /// ```yaml
    /// ports:
    /// - name: http_api        # `_` is not allowed
    ///   containerPort: 8080
    /// - name: prometheus-metrics  # 18 characters, at most 15
    ///   containerPort: 9090
    /// ```
    ///
    /// ## Fix
    /// Use a short lowercase name such as `http` or `metrics`, unique within
    /// the container, and update any `targetPort` that refers to it.
    ///
    /// ## Source
    /// pkg/apis/core/validation `validateContainerPorts` (`IsValidPortName`,
    /// `field.Duplicate` for a name repeated within one container), reached
    /// from pkg/apis/apps/validation `ValidatePodTemplateSpecForStatefulSet`
    /// (kubernetes/kubernetes PR 131790).
    pub struct InvalidContainerPort {
        id: "invalid-container-port",
        severity: Error,
        summary: "a container port name is not a valid IANA service name or repeats within the container",
    }
}

impl Rule for InvalidContainerPort {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_statefulset().is_none() {
            return;
        }
        for list in CONTAINER_LISTS {
            for container in select(&resource.root, list) {
                let names = select(container.node, "ports[].name");
                let mut seen = FirstSeen::new();
                for name in &names {
                    let Some(text) = name.str() else { continue };
                    let problems = validation::port_name(text);
                    if !problems.is_empty() {
                        report.report(name.node.span(), format!("container port name `{text}` is not a valid IANA service name: {}", problems.join("; "))).help("use at most 15 lowercase letters, digits and single hyphens, with at least one letter, e.g. `http` or `metrics`");
                    } else if let Some((first, _)) = seen.repeat_of(text, name) {
                        report
                            .report(
                                name.node.span(),
                                format!("container port name `{text}` is used twice in `{}`", container.path),
                            )
                            .help("give each port of a container a unique name")
                            .label(first.node.span(), "first used here");
                    }
                }
            }
        }
    }
}
