//! Renderers: each turns a [`Story`](crate::model::Story) into one output format.

pub mod epub;

use crate::error::{Error, Result};
use crate::model::Story;
use std::path::Path;

/// What every renderer needs besides the story: a stable identifier and a build date,
/// both reproducible (same input ⇒ same bytes).
#[derive(Clone, Debug)]
pub struct BuildInfo {
    pub uuid: uuid::Uuid,
    /// Seconds since the Unix epoch, used as the modification/creation date.
    pub modified_unix: i64,
}

impl BuildInfo {
    /// The identifier comes from front matter `identifier` (a UUID is used as is, anything
    /// else seeds a name-based UUID) or else from the story's content. The date is
    /// `SOURCE_DATE_EPOCH`, else the front matter `date`, else the manuscript's modification
    /// time.
    pub fn for_story(story: &Story, source: Option<&Path>) -> Result<Self> {
        let uuid = match &story.meta.identifier {
            Some(id) => {
                let bare = id.trim().trim_start_matches("urn:uuid:");
                uuid::Uuid::parse_str(bare).unwrap_or_else(|_| {
                    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, id.as_bytes())
                })
            }
            None => {
                let mut key = story.clone();
                key.meta.cover = None;
                let bytes = serde_json::to_vec(&key).map_err(|e| Error::plain(e.to_string()))?;
                uuid::Uuid::new_v5(&INKBIND_NAMESPACE, &bytes)
            }
        };
        let modified_unix = match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(v) if !v.trim().is_empty() => v.trim().parse::<i64>().map_err(|_| {
                Error::plain(format!(
                    "SOURCE_DATE_EPOCH must be a number of seconds, not `{v}`"
                ))
            })?,
            _ => story
                .meta
                .date
                .as_deref()
                .and_then(crate::reader::frontmatter::parse_date)
                .or_else(|| {
                    let m = std::fs::metadata(source?).ok()?.modified().ok()?;
                    let d = m.duration_since(std::time::UNIX_EPOCH).ok()?;
                    Some(d.as_secs() as i64)
                })
                .unwrap_or(0),
        };
        Ok(BuildInfo {
            uuid,
            modified_unix,
        })
    }
}

/// Namespace for content-derived identifiers (a fixed, random-looking UUID of our own).
const INKBIND_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5b1c_9a0e_7d2f_4c61_9e8a_3f0b_6d4e_2a17);
