//! Renderers: each turns a [`Story`](crate::model::Story) into one output format.

pub mod epub;

use crate::error::{Code, Error, Result};
use crate::model::Story;
use std::path::Path;

/// What every renderer needs besides the story: a stable identifier and a build date,
/// both reproducible (same input ⇒ same bytes).
#[derive(Clone, Debug)]
pub struct BuildInfo {
    /// The book's identifier, worked out on first use ([`BuildInfo::uuid`]): only the EPUB
    /// has one, and deriving it from a novel's content costs 5 % of typesetting it.
    uuid: std::sync::OnceLock<uuid::Uuid>,
    /// The front matter `identifier`, if any.
    identifier: Option<String>,
    /// Seconds since the Unix epoch, used as the modification/creation date.
    pub modified_unix: i64,
    /// Covers and figures, read through the conversion's loader and decoded once for all
    /// outputs.
    pub assets: std::sync::Arc<crate::assets::Assets>,
}

impl BuildInfo {
    /// The identifier is worked out when first asked for ([`BuildInfo::uuid`]). The date is
    /// `SOURCE_DATE_EPOCH`, else the front matter `updated`, else `date`/`published`, else
    /// the manuscript's modification time (the first and last through `loader`).
    pub fn for_story(
        story: &Story,
        source: Option<&Path>,
        loader: std::sync::Arc<dyn crate::loader::Loader>,
    ) -> Result<Self> {
        let fixed = loader
            .fixed_time()
            .map_err(|e| Error::plain(e).code(Code::BadOption))?;
        if let Some(t) = fixed {
            if !(0..=crate::reader::frontmatter::LAST_DATE).contains(&t) {
                return Err(Error::plain(format!(
                    "SOURCE_DATE_EPOCH `{t}` is outside the dates an EPUB or PDF can hold (0 to {}, the end of the year 9999)",
                    crate::reader::frontmatter::LAST_DATE
                ))
                .code(Code::BadOption));
            }
        }
        let modified_unix = match fixed {
            Some(t) => t,
            None => story
                .meta
                .updated
                .as_deref()
                .or(story.meta.date.as_deref())
                .and_then(crate::reader::frontmatter::parse_date)
                .or_else(|| loader.modified(source?))
                .unwrap_or(0),
        };
        Ok(BuildInfo {
            uuid: std::sync::OnceLock::new(),
            identifier: story.meta.identifier.clone(),
            modified_unix,
            assets: std::sync::Arc::new(crate::assets::Assets::new(loader)),
        })
    }

    /// The book's identifier: front matter `identifier` (a UUID is used as is, anything else
    /// seeds a name-based UUID), else one derived from `story`'s content — which must be the
    /// story this `BuildInfo` was made for (the answer is kept for later calls).
    pub fn uuid(&self, story: &Story) -> Result<uuid::Uuid> {
        if let Some(u) = self.uuid.get() {
            return Ok(*u);
        }
        let u = match &self.identifier {
            Some(id) => {
                let bare = id.trim().trim_start_matches("urn:uuid:");
                uuid::Uuid::parse_str(bare).unwrap_or_else(|_| {
                    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, id.as_bytes())
                })
            }
            None => uuid::Uuid::new_v5(&INKBIND_NAMESPACE, &content_key(story)?),
        };
        Ok(*self.uuid.get_or_init(|| u))
    }

    /// A fixed identifier and date, files read from disk (for tests and benchmarks).
    pub fn fixed(uuid: uuid::Uuid, modified_unix: i64) -> Self {
        BuildInfo {
            uuid: std::sync::OnceLock::from(uuid),
            identifier: None,
            modified_unix,
            assets: std::sync::Arc::new(
                crate::assets::Assets::new(crate::loader::default_loader()),
            ),
        }
    }
}

/// Namespace for content-derived identifiers (a fixed, random-looking UUID of our own).
/// What the derived identifier is made of: the story's metadata and text, without where
/// things stood in the source (line numbers) or why the reader chose them (reasons), so that
/// moving a paragraph down a line or rewording an explanation never changes a book's identity.
fn content_key(story: &Story) -> Result<Vec<u8>> {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for k in ["reason", "line", "end_line", "source_paragraphs", "cover"] {
                    m.remove(k);
                }
                m.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(story)
        .map_err(|e| Error::plain(e.to_string()).code(Code::Internal))?;
    strip(&mut v);
    serde_json::to_vec(&v).map_err(|e| Error::plain(e.to_string()).code(Code::Internal))
}

const INKBIND_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5b1c_9a0e_7d2f_4c61_9e8a_3f0b_6d4e_2a17);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Chapter, Inline, Story};

    fn story(text: &str, line: usize, reason: &str) -> Story {
        let mut s = Story::default();
        s.meta.title = "T".into();
        s.chapters.push(Chapter {
            title: None,
            line,
            blocks: vec![
                Block::Paragraph {
                    content: vec![Inline::Text(text.into())],
                    line,
                },
                Block::SceneBreak(crate::model::SceneBreak {
                    label: None,
                    line: line + 2,
                    reason: reason.into(),
                }),
            ],
        });
        s
    }

    #[test]
    fn identifier_ignores_lines_and_reasons_but_not_text() {
        let id = |s: &Story| {
            BuildInfo::for_story(s, None, crate::loader::default_loader())
                .unwrap()
                .uuid(s)
                .unwrap()
        };
        let a = id(&story("She ran.", 1, "separator line `***`"));
        assert_eq!(a, id(&story("She ran.", 7, "separator line `* * *`")));
        assert_ne!(a, id(&story("She walked.", 1, "separator line `***`")));
    }
}
