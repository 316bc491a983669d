//! Text that will land in XML, zip entries and PDF strings: code points no format can hold
//! are removed, and link addresses are checked and normalised (an invalid address would
//! make epubcheck reject the book).

use crate::error::{Diagnostics, Location};
use crate::model::{Inline, Story};
use std::path::Path;

/// Removes the code points XML 1.0 forbids (C0 controls other than tab and line feed) and
/// those readers cannot show (C1 controls, non-characters) from every text of the story.
/// Returns how many were removed.
pub fn sanitize_story(story: &mut Story) -> usize {
    let mut removed = 0;
    let mut fix = |s: &mut String| {
        if s.chars().any(is_forbidden) {
            let before = s.chars().count();
            s.retain(|c| !is_forbidden(c));
            removed += before - s.chars().count();
        }
    };
    let m = &mut story.meta;
    fix(&mut m.title);
    fix(&mut m.language);
    for v in [
        &mut m.subtitle,
        &mut m.date,
        &mut m.description,
        &mut m.rights,
        &mut m.series,
        &mut m.rating,
        &mut m.identifier,
        &mut m.source,
        &mut m.updated,
    ]
    .into_iter()
    .flatten()
    {
        fix(v);
    }
    for list in [
        &mut m.authors,
        &mut m.fandoms,
        &mut m.tags,
        &mut m.warnings,
        &mut m.relationships,
        &mut m.characters,
    ] {
        list.iter_mut().for_each(&mut fix);
    }
    crate::model::walk_text_mut(story, &mut |s| fix(s));
    removed
}

/// A code point that must not reach XML or a PDF string.
pub fn is_forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || (u & 0xFFFE) == 0xFFFE
}

/// A web or mail address a reader can follow, normalised (percent-encoded, host checked),
/// or `None`. Only `http`, `https` and `mailto` are kept: other schemes (`javascript:`,
/// `data:`, `file:`) and relative links are never links in the book.
pub fn safe_url(raw: &str) -> Option<String> {
    let u = url::Url::parse(raw.trim()).ok()?;
    match u.scheme() {
        "http" | "https" => {
            let host = u.host_str()?;
            if host.is_empty() || host.ends_with('.') && host.len() == 1 {
                return None;
            }
        }
        "mailto" => {
            let p = u.path();
            if !p.contains('@') || p.starts_with('@') || p.ends_with('@') {
                return None;
            }
        }
        _ => return None,
    }
    let s = u.to_string();
    // The WHATWG serialisation percent-encodes what XML and epubcheck refuse; be sure.
    (!s.contains(['"', '<', '>', '\\', ' ', '`', '{', '}', '|', '^'])).then_some(s)
}

/// Normalises every link of the story: a valid web or mail address is kept (in its
/// normalised form); any other link keeps its text only. A link that looked like a web
/// address but is not valid, or a `javascript:`/`data:` link, is warned about with its line.
pub fn links(path: &Path, story: &mut Story, diag: &mut Diagnostics) {
    let mut warnings = Vec::new();
    crate::model::walk_runs_mut(story, &mut |run, line| {
        fix_links(run, line, &mut warnings);
    });
    for (line, msg) in warnings {
        diag.warn(Location::line(path, line), msg);
    }
}

fn fix_links(run: &mut Vec<Inline>, line: usize, warnings: &mut Vec<(usize, String)>) {
    let mut i = 0;
    while i < run.len() {
        match &mut run[i] {
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Styled { content: c, .. } => {
                fix_links(c, line, warnings)
            }
            Inline::Link { url, content } => {
                fix_links(content, line, warnings);
                match safe_url(url) {
                    Some(u) => *url = u,
                    None => {
                        let lower = url.trim().to_ascii_lowercase();
                        if lower.starts_with("http:")
                            || lower.starts_with("https:")
                            || lower.starts_with("mailto:")
                            || lower.starts_with("javascript:")
                            || lower.starts_with("data:")
                            || lower.starts_with("vbscript:")
                        {
                            warnings.push((
                                line,
                                format!(
                                    "link address `{}` is not a valid web or mail address; its text is kept without the link",
                                    url.chars().take(80).collect::<String>()
                                ),
                            ));
                        }
                        let inner = std::mem::take(content);
                        let n = inner.len();
                        run.splice(i..=i, inner);
                        i += n;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_normalised() {
        assert_eq!(
            safe_url("https://example.com/a b").as_deref(),
            Some("https://example.com/a%20b")
        );
        assert_eq!(
            safe_url("HTTP://Example.COM").as_deref(),
            Some("http://example.com/")
        );
        assert!(safe_url("https://example.com/\"onmouseover=\"x").is_some_and(|u| !u.contains('"')));
        assert_eq!(
            safe_url("mailto:nell@example.org").as_deref(),
            Some("mailto:nell@example.org")
        );
        for bad in [
            "https://",
            "http://exa%zzmple.com",
            "javascript:alert(1)",
            "data:text/html,x",
            "chapter2.md",
            "mailto:",
            "ftp://example.com/x",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn forbidden_code_points() {
        for c in [
            '\u{0}',
            '\u{1}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{fdd0}',
        ] {
            assert!(is_forbidden(c), "{:?}", c);
        }
        for c in ['a', '\t', '\n', 'é', '\u{a0}', '\u{2014}', '\u{1f600}'] {
            assert!(!is_forbidden(c), "{:?}", c);
        }
    }
}
