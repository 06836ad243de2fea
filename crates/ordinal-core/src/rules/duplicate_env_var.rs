use std::collections::HashMap;

use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::{Index, Key};
use crate::semantics::pod;

super::declare_rule! {
    /// ## What it flags
    /// A container whose `env` lists the same name twice, where the later
    /// entry replaces the earlier one: it has a `valueFrom`, or its `value`
    /// does not refer to the earlier one as `$(NAME)`. A repeat that extends
    /// the earlier value (`PATH: $(PATH):/opt/bin`) is deliberate and not
    /// flagged, as the API server does not warn about it either. Init
    /// containers are checked too.
    ///
    /// ## Why it matters
    /// The API server accepts the container, with a warning most tools do
    /// not show. The process sees only the last value, so whoever edits the
    /// first entry changes nothing; and because `env` entries merge by name,
    /// `kubectl apply` (client- or server-side) may drop one of the two
    /// definitions on a later update, silently changing the configuration
    /// of a running member.
    ///
    /// ## Example
    /// ```yaml
    /// env:
    ///   - {name: HEAP_SIZE, value: 1g}
    ///   - {name: HEAP_SIZE, value: 4g}   # the 1g above is dead
    /// ```
    ///
    /// ## Fix
    /// Keep one entry per name, with the value you mean.
    ///
    /// ## Source
    /// pkg/api/pod/warnings.go `warningsForPodSpecAndMeta` ("duplicate
    /// containers[*].env": "hides previous definition of %q, which may be
    /// dropped when using apply"); kube-score `environment-variable-key-duplication`
    /// (score/score_test.go `TestPodEnvDuplicated`) and kube-linter
    /// pkg/templates/duplicatenvvar/template_test.go.
    pub struct DuplicateEnvVar {
        id: "duplicate-env-var",
        severity: Warning,
        summary: "a container defines an environment variable twice and the later definition hides the earlier",
    }
}

impl Rule for DuplicateEnvVar {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if facts.statefulset().is_none() {
            return;
        }
        for template_container in facts.containers() {
            let container = template_container.container;
            let Some(env) = container.env.as_deref() else { continue };
            // The entry each name last had, which a repeat hides.
            let mut previous: HashMap<&str, usize> = HashMap::new();
            for (index, var) in env.iter().enumerate() {
                let Some(earlier) = previous.insert(var.name.as_str(), index) else { continue };
                if !pod::env_repeat_warned(var) {
                    continue;
                }
                report
                    .report(
                        resource.span(&template_container.path(&[Key("env"), Index(index), Key("name")])),
                        format!(
                            "container `{}` defines `{}` again, hiding the earlier definition",
                            container.name, var.name
                        ),
                    )
                    .help("keep one entry per name: the process sees only the last, and `kubectl apply` may drop one of them")
                    .label(
                        resource.span(&template_container.path(&[Key("env"), Index(earlier), Key("name")])),
                        "previously defined here",
                    );
            }
        }
    }
}
