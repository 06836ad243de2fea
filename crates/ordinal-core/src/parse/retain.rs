//! Cutting a document tree down to the fields one reader needs, so that the
//! rest can be freed while that reader still has work to do (the linking
//! rules, after each file's own rules have run; see `rules::linked_fields`).

use super::node::{Node, NodeValue};

/// A mapping key to keep, and how much of its value.
#[derive(Debug, Clone, Copy)]
pub struct Keep {
    /// The key.
    pub key: &'static str,
    /// What of its value.
    pub value: KeepValue,
}

/// How much of a kept entry's value stays.
#[derive(Debug, Clone, Copy)]
pub enum KeepValue {
    /// All of it.
    Whole,
    /// Its span and kind only: the children go, so the key and value spans
    /// can still be pointed at.
    Span,
    /// Only these of its entries, when it is a mapping.
    Fields(&'static [Keep]),
}

impl Keep {
    /// Keep `key` with its whole value.
    pub const fn whole(key: &'static str) -> Keep {
        Keep { key, value: KeepValue::Whole }
    }

    /// Keep `key` and the span of its value.
    pub const fn span(key: &'static str) -> Keep {
        Keep { key, value: KeepValue::Span }
    }

    /// Keep `key` and only `fields` of its value.
    pub const fn fields(key: &'static str, fields: &'static [Keep]) -> Keep {
        Keep { key, value: KeepValue::Fields(fields) }
    }
}

impl Node {
    /// Drop every entry of this mapping that `fields` does not name, and the
    /// children of what they keep by span only. Every span that stays is
    /// unchanged, and so is the first entry of each mapping that stays (its
    /// key is where an entry is inserted first: `support::insert_first_entry`),
    /// with its value cut to its span if no field names it.
    pub fn retain(&mut self, fields: &[Keep]) {
        let NodeValue::Mapping(entries) = &mut self.value else { return };
        let mut position = 0;
        let mut kept = std::mem::take(entries).into_vec();
        kept.retain_mut(|entry| {
            let first = position == 0;
            position += 1;
            let keep = entry.key.as_str().and_then(|key| fields.iter().find(|keep| keep.key == key));
            match keep.map(|keep| keep.value) {
                Some(KeepValue::Whole) => true,
                Some(KeepValue::Span) => {
                    entry.value.drop_children();
                    true
                }
                Some(KeepValue::Fields(inner)) => {
                    entry.value.retain(inner);
                    true
                }
                None if first => {
                    entry.value.drop_children();
                    true
                }
                None => false,
            }
        });
        // Copied only when an entry went.
        *entries = kept.into_boxed_slice();
    }

    /// Drop the items or entries of a collection, keeping its span.
    fn drop_children(&mut self) {
        match &mut self.value {
            NodeValue::Mapping(entries) => *entries = Box::default(),
            NodeValue::Sequence(items) => *items = Box::default(),
            NodeValue::Scalar(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_yaml, Limits};

    const KEEP: &[Keep] =
        &[Keep::whole("kind"), Keep::fields("spec", &[Keep::whole("selector"), Keep::span("containers")])];

    fn root(text: &str) -> Node {
        parse_yaml(text, Limits::default()).documents.remove(0).root.unwrap()
    }

    #[test]
    fn keeps_named_fields_and_first_entries_with_their_spans() {
        let text = "apiVersion: v1\nkind: X\ndata: {a: b}\nspec:\n  replicas: 3\n  selector: {app: db}\n  containers:\n  - name: c\n  other: 1\n";
        let mut node = root(text);
        let before = node.clone();
        node.retain(KEEP);
        let keys: Vec<_> = node.entries().unwrap().iter().map(|e| e.key.as_str().unwrap()).collect();
        assert_eq!(keys, ["apiVersion", "kind", "spec"]);
        // apiVersion is the first entry: kept, a scalar stays as it is.
        assert_eq!(node.get("apiVersion").unwrap(), before.get("apiVersion").unwrap());
        let spec = node.get("spec").unwrap();
        let spec_keys: Vec<_> = spec.entries().unwrap().iter().map(|e| e.key.as_str().unwrap()).collect();
        assert_eq!(spec_keys, ["replicas", "selector", "containers"]);
        assert_eq!(spec.get("selector"), before.get("spec").unwrap().get("selector"));
        let containers = spec.get("containers").unwrap();
        assert_eq!(containers.items(), Some(&[][..]));
        assert_eq!(containers.span(), before.get("spec").unwrap().get("containers").unwrap().span());
        assert_eq!(spec.span(), before.get("spec").unwrap().span());
        assert_eq!(node.span(), before.span());
    }

    #[test]
    fn an_unnamed_first_entry_keeps_only_its_span() {
        let mut node = root("data:\n  a: b\nkind: X\n");
        let span = node.get("data").unwrap().span();
        node.retain(KEEP);
        let data = node.get("data").unwrap();
        assert_eq!((data.span(), data.entries().map(<[_]>::len)), (span, Some(0)));
    }
}
