//! What several rules need to know about one resource, computed at most once
//! per resource however many rules ask: the engine builds one
//! [`ResourceFacts`] per resource and hands it to every rule.

use crate::model::LabelMap;
use std::cell::OnceCell;

use super::support::{template_containers, TemplateContainer};
use crate::model::kube::StatefulSet;
use crate::model::Resource;
use crate::semantics::statefulset::{self, Effective};
use crate::topology::{StatefulSetLinks, Topology};

/// One resource and the facts about it that rules share.
pub struct ResourceFacts<'a> {
    /// The resource being checked.
    pub resource: &'a Resource,
    accepted: OnceCell<Option<&'a StatefulSet>>,
    effective: OnceCell<Option<Effective<'a>>>,
    containers: OnceCell<Vec<TemplateContainer<'a>>>,
}

static NO_LABELS: LabelMap = LabelMap::new();

impl<'a> ResourceFacts<'a> {
    /// The facts of `resource`.
    pub(crate) fn new(resource: &'a Resource) -> Self {
        ResourceFacts { resource, accepted: OnceCell::new(), effective: OnceCell::new(), containers: OnceCell::new() }
    }

    /// The StatefulSet, when the resource is one.
    pub fn statefulset(&self) -> Option<&'a StatefulSet> {
        self.resource.as_statefulset()
    }

    /// The StatefulSet, when the API server would accept it as far as the
    /// practice rules care ([`statefulset::is_accepted`]). Other rules
    /// (`selector-template-mismatch`, `invalid-value`) report the rest;
    /// advice about a StatefulSet the API server rejects is noise.
    pub fn accepted_statefulset(&self) -> Option<&'a StatefulSet> {
        *self.accepted.get_or_init(|| self.statefulset().filter(|sts| statefulset::is_accepted(sts)))
    }

    /// The StatefulSet after the API server's defaulting.
    pub fn effective(&self) -> Option<&Effective<'a>> {
        self.effective.get_or_init(|| self.statefulset().map(Effective::of)).as_ref()
    }

    /// Every container of the pod template (`containers` first, then
    /// `initContainers`); empty for other kinds.
    pub(crate) fn containers(&self) -> &[TemplateContainer<'a>] {
        self.containers.get_or_init(|| self.statefulset().map(template_containers).unwrap_or_default())
    }

    /// The labels of the StatefulSet's pod template (empty when none).
    pub fn template_labels(&self) -> &'a LabelMap {
        self.statefulset()
            .and_then(|sts| sts.spec.template.metadata.as_ref())
            .and_then(|metadata| metadata.labels.as_ref())
            .unwrap_or(&NO_LABELS)
    }
}

/// One resource's facts and its place among the others, for
/// [`super::Rule::check_linked`].
pub struct LinkedFacts<'a> {
    facts: ResourceFacts<'a>,
    /// Its index among the linted resources (the topology's key).
    pub index: usize,
    links: Option<&'a StatefulSetLinks>,
}

impl<'a> LinkedFacts<'a> {
    /// The facts of `resource`, the element at `index` of the linted
    /// resources (the topology's key).
    pub(crate) fn new(resource: &'a Resource, index: usize, topology: &'a Topology) -> Self {
        LinkedFacts { facts: ResourceFacts::new(resource), index, links: topology.links(index) }
    }

    /// The StatefulSet's links to the Services and PDBs around it.
    pub fn links(&self) -> Option<&'a StatefulSetLinks> {
        self.links
    }
}

impl<'a> std::ops::Deref for LinkedFacts<'a> {
    type Target = ResourceFacts<'a>;

    fn deref(&self) -> &ResourceFacts<'a> {
        &self.facts
    }
}
