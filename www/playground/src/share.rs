//! Share links: the manifest and the settings, as JSON, deflated and
//! base64url-encoded into the URL fragment (`#s=...`). The fragment never
//! reaches a server, so nothing leaves the browser.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The fragment key.
pub const PREFIX: &str = "s=";

/// Share states larger than this (decompressed) are refused, and
/// inflating stops there: a few kilobytes of fragment can deflate from
/// gigabytes, and the page would otherwise allocate them before it could
/// say anything. 1 MiB of JSON is far more YAML than a shared example needs.
pub const MAX_STATE_BYTES: usize = 1 << 20;

/// Why a fragment does not restore a share state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not a share link (it does not start with `s=`).
    NotAShareLink,
    /// The data is not base64url.
    NotBase64,
    /// The data is not deflate data (a truncated or edited link).
    NotDeflate,
    /// The state would decompress to more than [`MAX_STATE_BYTES`].
    TooLarge,
    /// The decompressed data is not a share state.
    NotAState(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::NotAShareLink => write!(f, "the link has no shared manifest (`#{PREFIX}…`)"),
            ShareError::NotBase64 => write!(f, "the shared manifest in the link is damaged (not base64url)"),
            ShareError::NotDeflate => write!(f, "the shared manifest in the link is damaged (truncated or edited)"),
            ShareError::TooLarge => write!(
                f,
                "the shared manifest is larger than {} MiB once decompressed, so it is not loaded",
                MAX_STATE_BYTES >> 20
            ),
            ShareError::NotAState(why) => write!(f, "the shared manifest in the link is damaged ({why})"),
        }
    }
}

impl std::error::Error for ShareError {}

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
/// not a share link, is damaged or is too large (see [`try_decode`] for why).
pub fn decode(fragment: &str) -> Option<SharedState> {
    try_decode(fragment).ok()
}

/// Decode a fragment (with or without the leading `#`), saying why it does
/// not restore a state. Inflating stops at [`MAX_STATE_BYTES`].
pub fn try_decode(fragment: &str) -> Result<SharedState, ShareError> {
    use miniz_oxide::inflate::{decompress_to_vec_with_limit, TINFLStatus};
    let data = fragment.strip_prefix('#').unwrap_or(fragment).strip_prefix(PREFIX).ok_or(ShareError::NotAShareLink)?;
    let compressed = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| ShareError::NotBase64)?;
    let json = decompress_to_vec_with_limit(&compressed, MAX_STATE_BYTES).map_err(|error| match error.status {
        TINFLStatus::HasMoreOutput => ShareError::TooLarge,
        _ => ShareError::NotDeflate,
    })?;
    serde_json::from_slice(&json).map_err(|error| ShareError::NotAState(error.to_string()))
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
        assert_eq!(try_decode("#rule-yaml-syntax"), Err(ShareError::NotAShareLink));
        assert_eq!(try_decode("#s=!!!"), Err(ShareError::NotBase64));
        assert_eq!(try_decode("#s=AAAA"), Err(ShareError::NotDeflate));
        let not_json = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(b"[1,", 9));
        assert!(matches!(try_decode(&format!("s={not_json}")), Err(ShareError::NotAState(_))));
    }

    #[test]
    fn decompression_stops_at_the_cap_with_a_clear_error() {
        // 64 MiB of spaces deflate to about 64 KB: inflating must stop at
        // the cap instead of allocating it all.
        let bomb = vec![b' '; 64 << 20];
        let fragment = format!("s={}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9)));
        assert!(fragment.len() < 200_000, "{}", fragment.len());
        assert_eq!(decode(&fragment), None);
        let error = try_decode(&fragment).expect_err("too large");
        assert_eq!(error, ShareError::TooLarge);
        assert_eq!(
            error.to_string(),
            "the shared manifest is larger than 1 MiB once decompressed, so it is not loaded"
        );

        // A state just under the cap still loads; one just over it does not.
        let overhead = serde_json::to_vec(&SharedState::default()).expect("json").len();
        let fits = SharedState { yaml: "a".repeat(MAX_STATE_BYTES - overhead), ..SharedState::default() };
        assert_eq!(decode(&encode(&fits)), Some(fits.clone()));
        let over = SharedState { yaml: format!("{}a", fits.yaml), ..SharedState::default() };
        assert_eq!(try_decode(&encode(&over)), Err(ShareError::TooLarge));
    }
}
