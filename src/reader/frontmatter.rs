//! YAML front matter: splitting it off the manuscript and mapping it onto [`Metadata`].

use crate::error::{Code, Diagnostics, Error, Location, Result};
use crate::limits::{MAX_FRONT_MATTER_BYTES, MAX_FRONT_MATTER_KEYS, MAX_YAML_NODES};
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
    /// The `cover:` value as written and its line (resolved by the reader, which knows the
    /// folders images may come from).
    pub cover: Option<(String, usize)>,
    /// The file the front matter came from when it is not the manuscript (a sidecar).
    pub cover_file: Option<std::path::PathBuf>,
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
    if yaml.len() > MAX_FRONT_MATTER_BYTES {
        return Err(Error::at_line(
            path,
            yaml_line,
            format!(
                "front matter is larger than inkbind reads ({}); move long text into the story",
                crate::limits::human_bytes(MAX_FRONT_MATTER_BYTES as u64)
            ),
        )
        .code(Code::FrontMatterLimit));
    }
    let syntax_error = |e: serde_yaml_ng::Error| {
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
        .code(Code::FrontMatterSyntax)
    };
    // Count the nodes first, aliases expanded, without building anything: a "billion laughs"
    // of aliases stops at the budget instead of filling memory.
    let nodes = std::cell::Cell::new(0usize);
    if let Err(e) = serde::de::DeserializeSeed::deserialize(
        NodeBudget(&nodes),
        serde_yaml_ng::Deserializer::from_str(yaml),
    ) {
        if nodes.get() > MAX_YAML_NODES {
            return Err(Error::at_line(
                path,
                yaml_line,
                format!(
                    "front matter is too complex (more than {MAX_YAML_NODES} values once YAML aliases are expanded); write the values out plainly"
                ),
            )
            .code(Code::FrontMatterLimit));
        }
        return Err(syntax_error(e));
    }
    let value: Value = serde_yaml_ng::from_str(yaml).map_err(syntax_error)?;
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => return Ok(notes),
        _ => {
            return Err(Error::at_line(
                path,
                yaml_line,
                "front matter must be a YAML mapping of `key: value` lines",
            )
            .code(Code::FrontMatterValue))
        }
    };
    if map.len() > MAX_FRONT_MATTER_KEYS {
        return Err(Error::at_line(
            path,
            yaml_line,
            format!(
                "front matter has {} keys, more than inkbind reads ({MAX_FRONT_MATTER_KEYS}); known keys: {}",
                map.len(),
                KNOWN_KEYS.join(", ")
            ),
        )
        .code(Code::FrontMatterLimit));
    }
    // The line of each top-level key, found in one pass (first occurrence wins).
    let mut key_lines: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, l) in yaml.lines().enumerate() {
        if l.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        if let Some((k, _)) = l.split_once(':') {
            key_lines.entry(k.trim_end()).or_insert(i + yaml_line);
        }
    }
    let key_line = |key: &str| -> usize { key_lines.get(key).copied().unwrap_or(yaml_line) };
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
            .code(Code::FrontMatterValue)
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
                notes.cover = Some((c, line));
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

/// Counts YAML nodes (aliases expanded) and fails past [`MAX_YAML_NODES`]; builds nothing.
struct NodeBudget<'a>(&'a std::cell::Cell<usize>);

impl NodeBudget<'_> {
    fn tick<E: serde::de::Error>(&self) -> std::result::Result<(), E> {
        self.0.set(self.0.get() + 1);
        if self.0.get() > MAX_YAML_NODES {
            Err(E::custom("front matter node budget exceeded"))
        } else {
            Ok(())
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for NodeBudget<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for NodeBudget<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<(), E> {
        self.tick()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
        self.tick()?;
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<(), D::Error> {
        self.tick()?;
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<(), A::Error> {
        self.tick()?;
        while seq.next_element_seed(NodeBudget(self.0))?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<(), A::Error> {
        self.tick()?;
        while map.next_key_seed(NodeBudget(self.0))?.is_some() {
            map.next_value_seed(NodeBudget(self.0))?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(
        self,
        data: A,
    ) -> std::result::Result<(), A::Error> {
        use serde::de::VariantAccess;
        self.tick()?;
        let ((), variant) = data.variant_seed(NodeBudget(self.0))?;
        variant.newtype_variant_seed(NodeBudget(self.0))
    }
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
/// Only years 1 to 9999 are accepted: the date formats of EPUB and PDF have four-digit years.
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let t = if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        dt.timestamp()
    } else {
        let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
        d.and_hms_opt(0, 0, 0)?.and_utc().timestamp()
    };
    (FIRST_DATE..=LAST_DATE).contains(&t).then_some(t)
}

/// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since the Unix epoch: the range
/// of dates every output format can write.
pub const FIRST_DATE: i64 = -62_135_596_800;
pub const LAST_DATE: i64 = 253_402_300_799;

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
