//! The rules still find some nodes by path, as strings (`select(root,
//! "spec.ports[].nodePort")`, `span_of(resource, "spec.type")`) or as
//! segment lists (`resource.span(&[Key("spec"), Key("serviceName")])`). A
//! misspelt path silently finds nothing, so this test reads every such path
//! in `src/rules/` and checks that it resolves in the schema table:
//! a path starting at `apiVersion`, `metadata` or `spec` from the root of
//! some typed kind, any other (a path inside a container) from some root or
//! from `Container`. A segment that is not a literal (`Key(key)`) matches
//! any key of a map and ends the check inside an object.

use std::path::Path;

use ordinal_core::schema::{object_type, root_type, Shape, Type};

const KINDS: [&str; 4] = ["StatefulSet", "Service", "PersistentVolumeClaim", "PodDisruptionBudget"];

/// One segment of a path found in the source.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Field(String),
    /// `[]` or `Index(..)`: an item of a list.
    Item,
    /// A key that is not a literal.
    AnyKey,
}

/// Whether `path` resolves from `start`.
fn resolves(start: &'static Type, path: &[Segment]) -> bool {
    let mut shape = Shape::Object(u16::MAX);
    let mut current: Option<&'static Type> = Some(start);
    for segment in path {
        match (segment, current, shape) {
            (Segment::Field(name), Some(object), _) => match object.field(name) {
                Some(next) => {
                    shape = next;
                    current = None;
                }
                None => return false,
            },
            (Segment::AnyKey, Some(_), _) => return true,
            (Segment::Field(_) | Segment::AnyKey, None, Shape::Map(value)) => shape = *value,
            (Segment::Item, None, Shape::Array(item)) => shape = *item,
            _ => return false,
        }
        if let Shape::Object(index) = shape {
            current = Some(object_type(index));
        }
    }
    true
}

/// The type of `containers[]` in a StatefulSet's pod template.
fn container_type() -> &'static Type {
    let mut shape = Shape::Object(0);
    let mut object = root_type("StatefulSet").expect("StatefulSet");
    for name in ["spec", "template", "spec", "containers"] {
        shape = object.field(name).expect("a field on the way to containers");
        if let Shape::Object(index) = shape {
            object = object_type(index);
        }
    }
    match shape {
        Shape::Array(Shape::Object(index)) => object_type(*index),
        other => panic!("containers is {other:?}"),
    }
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '[' || c == ']'
}

/// Dotted string paths: literals that are a `select` pattern or start at a
/// root field, e.g. `"spec.ports[].nodePort"`.
fn string_paths(code: &str) -> Vec<Vec<Segment>> {
    let mut paths = Vec::new();
    for (index, literal) in code.split('"').enumerate() {
        // Odd pieces are inside quotes.
        if index % 2 == 0
            || !literal.starts_with(|c: char| c.is_ascii_alphabetic())
            || !literal.chars().all(is_path_char)
        {
            continue;
        }
        let rooted = ["spec.", "metadata.", "apiVersion."].iter().any(|root| literal.starts_with(root));
        if !(rooted || literal.contains("[]")) {
            continue;
        }
        let mut path = Vec::new();
        for part in literal.split('.') {
            match part.strip_suffix("[]") {
                Some(field) => {
                    path.push(Segment::Field(field.to_string()));
                    path.push(Segment::Item);
                }
                None => path.push(Segment::Field(part.to_string())),
            }
        }
        paths.push(path);
    }
    paths
}

/// Segment lists: `&[Key("spec"), Key(key), Index(0)]`, across lines.
fn segment_paths(code: &str) -> Vec<Vec<Segment>> {
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find("&[") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(']') else { break };
        rest = &after[end..];
        let list = &after[..end];
        let items: Vec<&str> = list.split(',').map(str::trim).filter(|item| !item.is_empty()).collect();
        let segment = |item: &str| {
            let item = item.trim_start_matches("crate::parse::PathSegment::").trim_start_matches("PathSegment::");
            if let Some(key) = item.strip_prefix("Key(").and_then(|key| key.strip_suffix(')')) {
                Some(match key.strip_prefix('"').and_then(|key| key.strip_suffix('"')) {
                    Some(literal) => Segment::Field(literal.to_string()),
                    None => Segment::AnyKey,
                })
            } else if item.starts_with("Index(") {
                Some(Segment::Item)
            } else {
                None
            }
        };
        let path: Option<Vec<Segment>> = items.iter().map(|item| segment(item)).collect();
        if let Some(path) = path.filter(|path| matches!(path.first(), Some(Segment::Field(_)))) {
            paths.push(path);
        }
    }
    paths
}

/// The code of a file without comment lines (docs quote YAML paths freely).
fn code_of(text: &str) -> String {
    text.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

fn unresolved(code: &str) -> Vec<Vec<Segment>> {
    let roots: Vec<&'static Type> = KINDS.iter().map(|kind| root_type(kind).expect("a typed kind")).collect();
    let container = container_type();
    string_paths(code)
        .into_iter()
        .chain(segment_paths(code))
        .filter(|path| {
            let rooted = matches!(path.first(), Some(Segment::Field(name)) if ["apiVersion", "metadata", "spec"].contains(&name.as_str()));
            let from_root = roots.iter().any(|root| resolves(root, path));
            !(from_root || (!rooted && resolves(container, path)))
        })
        .collect()
}

#[test]
fn every_path_in_the_rules_resolves_in_the_schema() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("src/rules").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        let code = code_of(&std::fs::read_to_string(&path).expect("read"));
        checked += string_paths(&code).len() + segment_paths(&code).len();
        for bad in unresolved(&code) {
            failures.push(format!("{}: {bad:?}", path.display()));
        }
    }
    assert!(checked > 40, "found only {checked} paths: the scan is broken");
    assert!(failures.is_empty(), "paths that resolve in no schema type:\n{}", failures.join("\n"));
}

#[test]
fn a_misspelt_path_is_caught() {
    let code = r#"let a = select(root, "spec.template.spec.containres[]"); let b = resource.span(&[Key("spec"), Key("servicename")]);
let ok = select(container.node, "volumeMounts[].mountPath"); let ok2 = resource.span(&[Key("spec"), Key("selector"), Key("matchLabels"), Key(key)]);"#;
    let bad = unresolved(code);
    assert_eq!(bad.len(), 2, "{bad:?}");
}
