//! Share links: a scenario packed into a URL fragment, `#s=` followed by URL-safe base64 (no
//! padding) of a version byte and the raw-deflated scenario JSON.
//!
//! [`decode`] is total: any input gives a scenario or a [`DecodeError`], never a panic, and the
//! sizes it accepts are bounded so a hostile link cannot exhaust memory.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::decompress_to_vec_with_limit;
use thiserror::Error;

use crate::scenario::{Scenario, ScenarioError};

/// The first byte of every payload; a future format gets a new byte.
const CODEC_VERSION: u8 = 1;
/// The key of the scenario in the fragment.
pub const FRAGMENT_KEY: &str = "s=";
/// Longest payload accepted, in base64 characters.
const MAX_ENCODED: usize = 256 * 1024;
/// Largest scenario JSON accepted after inflating.
const MAX_JSON: usize = 4 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("the link holds no scenario (expected a fragment like #s=...)")]
    Empty,
    #[error("the link is too long ({0} characters) to be a Synod scenario")]
    TooLong(usize),
    /// Characters a link cannot hold, or a code of the wrong length: `at` is the 1-based position
    /// of the first bad character in the link's code (after `s=`), if the decoder names one.
    #[error("the link is damaged: {}", match at {
        Some(at) => format!("character {at} of its code cannot be part of a Synod link (was the link changed or cut short when it was copied?)"),
        None => "its code has the wrong length (was the link cut short when it was copied?)".to_string(),
    })]
    Base64 { at: Option<usize>, detail: String },
    #[error("the link was made by a newer or unknown format (version byte {0})")]
    Version(u8),
    #[error("the link is damaged or truncated: its compressed data does not inflate")]
    Inflate,
    #[error("the link's scenario is not UTF-8 text")]
    Utf8,
    #[error("the link's scenario is invalid: {0}")]
    Scenario(ScenarioError),
}

impl DecodeError {
    /// The decoder's own words, for a "details" toggle under the plain message.
    pub fn details(&self) -> Option<String> {
        match self {
            DecodeError::Base64 { detail, .. } => Some(format!("base64: {detail}")),
            DecodeError::Scenario(error) => error.details(),
            _ => None,
        }
    }
}

/// The fragment (without `#`) that encodes `scenario`.
pub fn encode(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).expect("scenarios serialize to JSON");
    let mut bytes = vec![CODEC_VERSION];
    bytes.extend(compress_to_vec(&json, 9));
    format!("{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Reads a scenario from a fragment, a whole URL, or a bare payload.
pub fn decode(input: &str) -> Result<Scenario, DecodeError> {
    let payload = payload_of(input.trim());
    if payload.is_empty() {
        return Err(DecodeError::Empty);
    }
    if payload.len() > MAX_ENCODED {
        return Err(DecodeError::TooLong(payload.len()));
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|e| DecodeError::Base64 {
            at: match e {
                base64::DecodeError::InvalidByte(offset, _)
                | base64::DecodeError::InvalidLastSymbol(offset, _) => Some(offset + 1),
                _ => None,
            },
            detail: e.to_string().trim_end_matches('.').to_string(),
        })?;
    let (&version, compressed) = bytes.split_first().ok_or(DecodeError::Empty)?;
    if version != CODEC_VERSION {
        return Err(DecodeError::Version(version));
    }
    let json =
        decompress_to_vec_with_limit(compressed, MAX_JSON).map_err(|_| DecodeError::Inflate)?;
    let text = String::from_utf8(json).map_err(|_| DecodeError::Utf8)?;
    Scenario::from_json(&text).map_err(DecodeError::Scenario)
}

/// The scenario payload within a URL or fragment: the value of `s=` among `&`-separated keys
/// after the last `#`, or the whole input when it has no such key.
fn payload_of(input: &str) -> &str {
    let fragment = input.rsplit_once('#').map_or(input, |(_, f)| f);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix(FRAGMENT_KEY))
        .unwrap_or(fragment)
}
