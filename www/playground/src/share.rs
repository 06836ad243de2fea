//! Share links: the manifest and the settings, as JSON, deflated and
//! base64url-encoded into the URL fragment (`#s=...`). The fragment never
//! reaches a server, so nothing leaves the browser.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The fragment key.
pub const PREFIX: &str = "s=";

/// Decompressed share states larger than this are refused.
pub const MAX_STATE_BYTES: usize = 4 << 20;

/// Everything a share link restores.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SharedState {
    /// The manifest.
    pub yaml: String,
    /// Default namespace.
    pub namespace: String,
    /// Cluster domain.
    pub cluster_domain: String,
    /// Explain: as if `spec.replicas` were this many (absent in links made
    /// before the control existed, which then load with the manifest's value).
    pub replicas: Option<i32>,
    /// Explain: scale to this many pods.
    pub scale_to: Option<i32>,
    /// Explain: show the rolling update.
    pub update: bool,
}

/// Encode `state` as a URL fragment body, `s=<data>`.
pub fn encode(state: &SharedState) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let compressed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Decode a fragment (with or without the leading `#`); `None` when it is
/// not a share link or is damaged.
pub fn decode(fragment: &str) -> Option<SharedState> {
    let data = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(PREFIX)?;
    let compressed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).ok()?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_STATE_BYTES).ok()?;
    serde_json::from_slice(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_compresses() {
        let state = SharedState {
            yaml: "apiVersion: apps/v1\nkind: StatefulSet\n# é 😀 <script>\n".repeat(20),
            namespace: "prod".into(),
            cluster_domain: "example.org".into(),
            replicas: Some(4),
            scale_to: Some(5),
            update: true,
        };
        let fragment = encode(&state);
        assert!(fragment.starts_with("s="));
        assert!(fragment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)), "{fragment}");
        assert!(fragment.len() < state.yaml.len() / 4);
        assert_eq!(decode(&format!("#{fragment}")), Some(state.clone()));
        assert_eq!(decode(&fragment), Some(state));
    }

    #[test]
    fn links_made_before_the_replicas_control_still_load() {
        let old = br#"{"yaml":"a: 1\n","namespace":"prod","cluster_domain":"","scale_to":3,"update":true}"#;
        let fragment = format!("#s={}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(old, 9)));
        let state = decode(&fragment).expect("old link decodes");
        assert_eq!((state.yaml.as_str(), state.replicas, state.scale_to), ("a: 1\n", None, Some(3)));
    }

    #[test]
    fn damaged_or_foreign_fragments_decode_to_none() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#rule-yaml-syntax"), None);
        assert_eq!(decode("#s=!!!"), None);
        assert_eq!(decode("#s=AAAA"), None);
        let bomb = vec![b' '; MAX_STATE_BYTES + 10];
        let fragment = format!("s={}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9)));
        assert_eq!(decode(&fragment), None);
    }
}
