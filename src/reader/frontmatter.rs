//! YAML front matter: splitting it off the manuscript and mapping it onto [`Metadata`].

use crate::error::{Diagnostics, Error, Location, Result};
use crate::model::Metadata;
use serde_yaml_ng::Value;
use std::path::Path;

/// Every key the front matter understands (aliases included). Anything else is warned about.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "author",
    "authors",
    "language",
    "lang",
    "date",
    "description",
    "summary",
    "tags",
    "rights",
    "series",
    "series_index",
    "fandom",
    "rating",
    "warnings",
    "relationships",
    "characters",
    "cover",
    "identifier",
    "source",
    "status",
    "published",
    "updated",
    "notes",
    "end_notes",
];

/// Front matter split from the body.
pub struct Split<'a> {
    /// The YAML text, if the manuscript has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// The Markdown body.
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `---\n…\n---` (or `...`) front matter from the top of a manuscript.
pub fn split(text: &str) -> Split<'_> {
    let none = Split {
        yaml: None,
        yaml_line: 1,
        body: text,
        body_line: 1,
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return none;
    }
    let mut pos = first_end + 1;
    let mut line = 2;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = text[pos..end].trim_end();
        if l == "---" || l == "..." {
            let yaml = &text[first_end + 1..pos];
            let body_start = (end + 1).min(text.len());
            return Split {
                yaml: Some(yaml),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            };
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
        line += 1;
    }
    // An opening `---` with no closing one: not front matter (it is a thematic break).
    none
}

/// Raw front matter fields that are Markdown (author's notes), with their source line.
#[derive(Default)]
pub struct NoteSources {
    pub notes: Option<(String, usize)>,
    pub end_notes: Option<(String, usize)>,
}

/// Parses the YAML and fills `meta`. Unknown keys produce warnings; bad YAML is an error
/// with the line and column in the manuscript.
pub fn parse(
    path: &Path,
    yaml: &str,
    yaml_line: usize,
    meta: &mut Metadata,
    diag: &mut Diagnostics,
) -> Result<NoteSources> {
    let mut notes = NoteSources::default();
    if yaml.trim().is_empty() {
        return Ok(notes);
    }
    let value: Value = serde_yaml_ng::from_str(yaml).map_err(|e| {
        let (line, col) = e
            .location()
            .map(|l| (Some(l.line() + yaml_line - 1), Some(l.column())))
            .unwrap_or((None, None));
        Error::new(
            Location {
                file: Some(path.to_path_buf()),
                line,
                column: col,
            },
            format!(
                "invalid YAML front matter: {}",
                strip_location(&e.to_string())
            ),
        )
    })?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok(notes),
        _ => {
            return Err(Error::at_line(
                path,
                yaml_line,
                "front matter must be a YAML mapping of `key: value` lines",
            ))
        }
    };
    let key_line = |key: &str| -> usize {
        yaml.lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map_or(yaml_line, |i| i + yaml_line)
    };
    for (k, v) in map {
        let Some(key) = k.as_str().map(str::to_owned) else {
            diag.warn(
                Location::line(path, yaml_line),
                "ignoring a front matter key that is not text",
            );
            continue;
        };
        let line = key_line(&key);
        let bad = |what: &str| {
            Error::at_line(
                path,
                line,
                format!("front matter key `{key}` must be {what}"),
            )
        };
        match key.as_str() {
            "title" => meta.title = scalar(&v).ok_or_else(|| bad("text"))?,
            "subtitle" => meta.subtitle = Some(scalar(&v).ok_or_else(|| bad("text"))?),
            "author" | "authors" => meta.authors = list(&v).ok_or_else(|| bad("text or a list"))?,
            "language" | "lang" => {
                let lang = scalar(&v).ok_or_else(|| bad("a language tag like `en`"))?;
                if !is_language_tag(&lang) {
                    return Err(bad("a BCP 47 language tag like `en`, `en-GB` or `fr`"));
                }
                meta.language = lang;
            }
            "date" | "published" => {
                let d = date(&v)
                    .ok_or_else(|| bad("a date like 2026-03-01 or 2026-03-01T12:00:00Z"))?;
                if meta.date.as_ref().is_some_and(|old| *old != d) {
                    diag.warn(
                        Location::line(path, line),
                        format!("`{key}` gives a second publication date; the later line wins (`date` and `published` are the same key)"),
                    );
                }
                meta.date = Some(d);
            }
            "updated" => {
                meta.updated = Some(
                    date(&v)
                        .ok_or_else(|| bad("a date like 2026-03-01 or 2026-03-01T12:00:00Z"))?,
                )
            }
            "source" => {
                let url = scalar(&v).ok_or_else(|| bad("the URL of the original"))?;
                let l = url.to_ascii_lowercase();
                if !(l.starts_with("https://") || l.starts_with("http://"))
                    || url.contains(char::is_whitespace)
                {
                    return Err(bad(
                        "an http(s) URL, such as https://archiveofourown.org/works/123",
                    ));
                }
                meta.source = Some(url);
            }
            "status" => {
                let s = scalar(&v).ok_or_else(|| bad("`complete` or `in progress`"))?;
                meta.status = Some(crate::model::Status::parse(&s).ok_or_else(|| {
                    bad("`complete` or `in progress` (also: completed, wip, ongoing)")
                })?);
            }
            "description" | "summary" => {
                meta.description = Some(scalar(&v).ok_or_else(|| bad("text"))?)
            }
            "tags" => meta.tags = tag_list(&v).ok_or_else(|| bad("a list"))?,
            "rights" => meta.rights = Some(scalar(&v).ok_or_else(|| bad("text"))?),
            "series" => meta.series = Some(scalar(&v).ok_or_else(|| bad("text"))?),
            "series_index" => {
                meta.series_index = Some(
                    v.as_f64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                        .ok_or_else(|| bad("a number"))?,
                )
            }
            "fandom" => meta.fandoms = tag_list(&v).ok_or_else(|| bad("text or a list"))?,
            "rating" => meta.rating = Some(scalar(&v).ok_or_else(|| bad("text"))?),
            "warnings" => meta.warnings = tag_list(&v).ok_or_else(|| bad("a list"))?,
            "relationships" => meta.relationships = tag_list(&v).ok_or_else(|| bad("a list"))?,
            "characters" => meta.characters = tag_list(&v).ok_or_else(|| bad("a list"))?,
            "cover" => {
                let c = scalar(&v).ok_or_else(|| bad("a path to an image"))?;
                let base = path.parent().unwrap_or(Path::new("."));
                meta.cover = Some(base.join(c));
            }
            "identifier" => meta.identifier = Some(scalar(&v).ok_or_else(|| bad("text"))?),
            "notes" => notes.notes = Some((scalar(&v).ok_or_else(|| bad("text"))?, line)),
            "end_notes" => notes.end_notes = Some((scalar(&v).ok_or_else(|| bad("text"))?, line)),
            other => diag.warn(
                Location::line(path, line),
                format!(
                    "unknown front matter key `{other}` ignored (known keys: {})",
                    KNOWN_KEYS.join(", ")
                ),
            ),
        }
    }
    Ok(notes)
}

fn strip_location(msg: &str) -> String {
    // serde_yaml appends " at line X column Y"; we report the manuscript line ourselves.
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Sequence(items) => items.iter().map(scalar).collect(),
        Value::Null => Some(Vec::new()),
        other => scalar(other).map(|s| vec![s]),
    }
}

/// A date value (YAML may already have read `2026-03-01` as text; a bare number is not one).
fn date(v: &Value) -> Option<String> {
    let d = scalar(v)?;
    parse_date(&d).map(|_| d)
}

/// A list of archive tags: a YAML list, or one line of comma-separated tags as archives print
/// them (`Sherlock (TV), Elementary`: archive tags never hold commas). Empty entries and
/// repeats are dropped.
fn tag_list(v: &Value) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for item in list(v)? {
        for t in item.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if !out.iter().any(|o| o == t) {
                out.push(t.to_string());
            }
        }
    }
    Some(out)
}

/// A loose BCP 47 check: letters, digits and hyphens, starting with a 2–3 letter code.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Parses `YYYY-MM-DD` or an RFC 3339 timestamp to seconds since the Unix epoch.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.timestamp());
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n");
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unterminated_front_matter_is_body() {
        let s = split("---\nNot yaml\n");
        assert!(s.yaml.is_none());
    }

    #[test]
    fn bad_yaml_reports_manuscript_line() {
        let mut m = Metadata::default();
        let mut d = Diagnostics::default();
        let err = parse(
            Path::new("s.md"),
            "title: A\nauthor: [unclosed\n",
            2,
            &mut m,
            &mut d,
        )
        .err()
        .expect("must fail");
        assert_eq!(err.location.file.as_deref(), Some(Path::new("s.md")));
        assert!(err.location.line.unwrap() >= 3, "{err}");
        assert!(err.to_string().contains("invalid YAML"), "{err}");
    }

    #[test]
    fn unknown_key_warns_with_line() {
        let mut m = Metadata::default();
        let mut d = Diagnostics::default();
        parse(
            Path::new("s.md"),
            "title: A\ncolour: blue\n",
            2,
            &mut m,
            &mut d,
        )
        .unwrap();
        assert_eq!(m.title, "A");
        assert_eq!(d.warnings.len(), 1);
        assert_eq!(d.warnings[0].location.line, Some(3));
        assert!(d.warnings[0].message.contains("colour"));
    }

    #[test]
    fn fan_work_keys_split_into_tags_and_new_keys_parse() {
        let mut m = Metadata::default();
        let mut d = Diagnostics::default();
        parse(
            Path::new("s.md"),
            "fandom: Harrow Point (Radio), The Tides\nrelationships: [Nell/Marianne, \"Tom & Nell\"]\n\
characters: Nell Aske, Tom Bray, Nell Aske\nstatus: WIP\nsource: https://example.org/works/1\n\
published: 2026-01-02\nupdated: 2026-02-03\n",
            2,
            &mut m,
            &mut d,
        )
        .unwrap();
        assert_eq!(m.fandoms, ["Harrow Point (Radio)", "The Tides"]);
        assert_eq!(m.relationships, ["Nell/Marianne", "Tom & Nell"]);
        assert_eq!(m.characters, ["Nell Aske", "Tom Bray"], "repeats dropped");
        assert_eq!(m.status, Some(crate::model::Status::InProgress));
        assert_eq!(m.source.as_deref(), Some("https://example.org/works/1"));
        assert_eq!(m.date.as_deref(), Some("2026-01-02"));
        assert_eq!(m.updated.as_deref(), Some("2026-02-03"));
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn bad_status_source_and_updated_are_errors_on_their_line() {
        for (yaml, key) in [
            ("title: A\nstatus: maybe\n", "status"),
            ("title: A\nsource: not a url\n", "source"),
            ("title: A\nupdated: last week\n", "updated"),
        ] {
            let mut m = Metadata::default();
            let err = parse(
                Path::new("s.md"),
                yaml,
                2,
                &mut m,
                &mut Diagnostics::default(),
            )
            .err()
            .unwrap_or_else(|| panic!("{key} must fail"));
            assert_eq!(err.location.line, Some(3), "{err}");
            assert!(err.to_string().contains(key), "{err}");
        }
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "en-GB", "fr", "zh-Hant-TW", "gsw"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english language", "en_GB", "12"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
