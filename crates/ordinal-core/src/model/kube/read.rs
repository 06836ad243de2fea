//! Reading the typed projection straight from a document tree.
//!
//! The reading follows what the schema pass decides: a value of the wrong
//! type reads as absent (the schema pass reports it as `invalid-type`), a
//! missing required field reads as its empty value, and scalars mean what
//! sigs.k8s.io/yaml makes of them (the tree already holds their YAML 1.1
//! resolution). Reading the tree directly, rather than deserializing JSON
//! with serde, skips an intermediate JSON copy of every document and keeps
//! the docs embed small (derived deserializers for these types cost about
//! 25 KB of gzipped WASM). `tests/model_mirror.rs` checks that the result
//! agrees with k8s-openapi's deserializers on the real corpus.

use serde_json::Value;

use crate::parse::{Node, NodeValue, Resolved};

/// A value read from a node; `None` when the node has another type.
pub trait FromNode: Sized {
    /// Read `node`.
    fn from_node(node: &Node) -> Option<Self>;
}

/// How a struct field is read from its (possibly absent) node.
pub trait Field: Sized {
    /// Read the field.
    fn read(node: Option<&Node>) -> Self;
}

impl<T: FromNode> Field for Option<T> {
    fn read(node: Option<&Node>) -> Self {
        node.and_then(T::from_node)
    }
}

/// Required fields: absent or ill-typed reads as the empty value, as the
/// schema pass fills them in.
macro_rules! required_field {
    ($($ty:ty),* $(,)?) => {
        $(impl $crate::model::kube::read::Field for $ty {
            fn read(node: Option<&$crate::parse::Node>) -> Self {
                node.and_then(<$ty as $crate::model::kube::read::FromNode>::from_node).unwrap_or_default()
            }
        })*
    };
}
pub(crate) use required_field;

required_field!(String, i32, Vec<super::Container>);

/// A struct of the projection: its fields with their JSON names, and the
/// [`FromNode`] that reads each one from a mapping.
macro_rules! kube_object {
    ($(#[$meta:meta])* pub struct $name:ident { $($field:ident: $ty:ty = $json:literal,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(#[doc = concat!("`", $json, "`")] pub $field: $ty,)*
        }

        impl $crate::model::kube::read::FromNode for $name {
            fn from_node(node: &$crate::parse::Node) -> Option<Self> {
                let entries = node.entries()?;
                let mut value = $name::default();
                for entry in entries {
                    let Some(key) = $crate::model::kube::read::key(entry) else { continue };
                    match key {
                        $($json => value.$field = $crate::model::kube::read::Field::read(Some(&entry.value)),)*
                        _ => {}
                    }
                }
                Some(value)
            }
        }

        $crate::model::kube::read::required_field!($name);
    };
}
pub(crate) use kube_object;

/// The key of an entry when it is a string, as it is for every field name.
pub(crate) fn key(entry: &crate::parse::Entry) -> Option<&str> {
    match &entry.key.value {
        NodeValue::Scalar(scalar) if scalar.is_str() => Some(&scalar.text),
        _ => None,
    }
}

impl FromNode for String {
    fn from_node(node: &Node) -> Option<Self> {
        node.as_str().map(str::to_string)
    }
}

impl FromNode for bool {
    fn from_node(node: &Node) -> Option<Self> {
        match node.as_scalar()?.resolved() {
            Resolved::Bool(value) => Some(value),
            _ => None,
        }
    }
}

/// Integers as the schema pass reads them: an integral float such as `3.0`
/// is `3` once sigs.k8s.io/yaml has written it as JSON.
impl FromNode for i32 {
    fn from_node(node: &Node) -> Option<Self> {
        let value = crate::schema::as_integer(&node.as_scalar()?.resolved(), crate::schema::Shape::Int32).ok()?;
        i32::try_from(value).ok()
    }
}

/// An ill-typed item reads as the empty value, so that indices still match
/// the document (rules build paths such as `containers[2]` from them).
impl<T: FromNode + Default> FromNode for Vec<T> {
    fn from_node(node: &Node) -> Option<Self> {
        Some(node.items()?.iter().map(|item| T::from_node(item).unwrap_or_default()).collect())
    }
}

/// Go decodes a null map value as the zero value (a label's is the empty
/// string) and rejects other types (reported by the schema pass), so those
/// entries are left out.
impl<T: FromNode + Default> FromNode for crate::model::labels::SortedMap<T> {
    fn from_node(node: &Node) -> Option<Self> {
        let entries = node.entries()?;
        let read = |value: &Node| T::from_node(value).or_else(|| value.is_null().then(T::default));
        Some(entries.iter().filter_map(|entry| Some((entry.key_text()?, read(&entry.value)?))).collect())
    }
}

impl<T: FromNode> FromNode for Box<T> {
    fn from_node(node: &Node) -> Option<Self> {
        T::from_node(node).map(Box::new)
    }
}

/// Free-form values (probe handlers) stay JSON.
impl FromNode for Value {
    fn from_node(node: &Node) -> Option<Self> {
        (!node.is_null()).then(|| node.to_json())
    }
}
