//! The changed field paths between two normalised versions.

use serde_json::Value;

use crate::rules::{FieldPath, FieldSegment};

/// Every path where `old` and `new` differ, deepest first found and sorted:
/// a key on one side only, a scalar that changed, or a list whose length
/// changed (lists are compared item by item only when their lengths agree,
/// since an insertion would otherwise mark every later item).
pub fn changed_fields(old: &Value, new: &Value) -> Vec<FieldPath> {
    let mut out = Vec::new();
    // An explicit stack: the trees are bounded by the parser's depth limit,
    // but the core never recurses on input anyway.
    let mut stack: Vec<(Vec<FieldSegment>, &Value, &Value)> = vec![(Vec::new(), old, new)];
    while let Some((path, old, new)) = stack.pop() {
        match (old, new) {
            (Value::Object(old_map), Value::Object(new_map)) => {
                for (key, old_item) in old_map {
                    let mut child = path.clone();
                    child.push(FieldSegment::Key(key.clone()));
                    match new_map.get(key) {
                        Some(new_item) => stack.push((child, old_item, new_item)),
                        None => out.push(FieldPath(child)),
                    }
                }
                for key in new_map.keys().filter(|key| !old_map.contains_key(*key)) {
                    let mut child = path.clone();
                    child.push(FieldSegment::Key(key.clone()));
                    out.push(FieldPath(child));
                }
            }
            (Value::Array(old_items), Value::Array(new_items)) if old_items.len() == new_items.len() => {
                for (index, (old_item, new_item)) in old_items.iter().zip(new_items).enumerate() {
                    let mut child = path.clone();
                    child.push(FieldSegment::Index(index));
                    stack.push((child, old_item, new_item));
                }
            }
            _ if old == new => {}
            _ => out.push(FieldPath(path)),
        }
    }
    crate::order::sort(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_the_changed_leaves() {
        let old = serde_json::json!({"spec": {"replicas": 3, "ports": [{"port": 1}], "a.b/c": 1, "gone": true}});
        let new = serde_json::json!({"spec": {"replicas": 2, "ports": [{"port": 2}], "a.b/c": 2, "added": 1}});
        let fields: Vec<String> = changed_fields(&old, &new).iter().map(ToString::to_string).collect();
        assert_eq!(fields, ["spec[\"a.b/c\"]", "spec.added", "spec.gone", "spec.ports[0].port", "spec.replicas"]);
    }
}
