//! Kobo's kepub flavour of the EPUB (`name.kepub.epub`): every content document gets the
//! `koboSpan` spans Kobo's reader uses for reading position, highlights and page turns, and
//! the `book-columns` / `book-inner` wrappers its stylesheet expects — the same changes
//! calibre's KoboTouchExtended driver and kepubify make. The result is still an EPUB 3 that
//! epubcheck passes.
//!
//! Spans are put around text only, never across an element: a sentence that runs through
//! an `<em>` becomes several spans of one paragraph, as kepubify does. Text inside inline SVG
//! (the ornament, the cover wrapper) and the navigation document are left alone.

use super::package;
use crate::error::Result;

/// Turns an EPUB made by [`super::render`] into a kepub.
pub fn from_epub(epub: &[u8]) -> Result<Vec<u8>> {
    let mut list = package::entries(epub)?;
    for (name, bytes) in &mut list {
        if name.ends_with(".xhtml") && !name.ends_with("nav.xhtml") {
            let text = String::from_utf8_lossy(bytes);
            *bytes = document(&text).into_bytes();
        }
    }
    package::write(&list)
}

/// Elements whose text starts a new Kobo "paragraph" (the first number of a span id).
const BLOCKS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "li", "td", "th",
];

/// Adds the wrappers and spans to one XHTML document (well-formed XML as we write it: no
/// comments, CDATA or processing instructions inside the body).
pub fn document(xhtml: &str) -> String {
    let Some(body_start) = xhtml.find("<body") else {
        return xhtml.to_string();
    };
    let Some(open_end) = xhtml[body_start..].find('>').map(|i| body_start + i + 1) else {
        return xhtml.to_string();
    };
    let Some(body_end) = xhtml.rfind("</body>") else {
        return xhtml.to_string();
    };
    if body_end < open_end {
        return xhtml.to_string();
    }
    let mut out = String::with_capacity(xhtml.len() * 3 / 2);
    out.push_str(&xhtml[..open_end]);
    out.push_str("\n<div id=\"book-columns\"><div id=\"book-inner\">");
    spans(&xhtml[open_end..body_end], &mut out);
    out.push_str("</div></div>\n");
    out.push_str(&xhtml[body_end..]);
    out
}

/// Wraps the sentences of every text node of `body` in numbered `koboSpan` spans.
fn spans(body: &str, out: &mut String) {
    let (mut para, mut seg) = (0usize, 0usize);
    let mut svg_depth = 0usize;
    let mut rest = body;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            let name: String = tag
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == ':')
                .collect();
            let closing = tag.starts_with("</");
            let empty = tag.ends_with("/>");
            if name == "svg" && !empty {
                if closing {
                    svg_depth = svg_depth.saturating_sub(1);
                } else {
                    svg_depth += 1;
                }
            }
            if !closing && BLOCKS.contains(&name.as_str()) {
                para += 1;
                seg = 0;
            }
            out.push_str(tag);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..end];
        rest = &rest[end..];
        if svg_depth > 0 || text.trim().is_empty() {
            out.push_str(text);
            continue;
        }
        if para == 0 {
            para = 1;
        }
        // Leading white space stays outside the first span (it is layout, not text).
        let lead = text.len() - text.trim_start().len();
        out.push_str(&text[..lead]);
        for sentence in sentences(&text[lead..]) {
            seg += 1;
            out.push_str(&format!(
                "<span class=\"koboSpan\" id=\"kobo.{para}.{seg}\">{sentence}</span>"
            ));
        }
    }
}

/// Splits text after each sentence end: `.`, `!`, `?` or `…`, then any closing quotes or
/// brackets, then white space (kept with the sentence it ends).
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len()
                && matches!(
                    chars[j].1,
                    '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '“'
                )
            {
                // An opening quote right after a stop belongs to the next sentence.
                if chars[j].1 == '“' {
                    break;
                }
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            if k > j && k < chars.len() {
                let cut = chars[k].0;
                out.push(&text[start..cut]);
                start = cut;
            }
            i = k.max(i + 1);
            continue;
        }
        i += 1;
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_end_after_stops_and_closing_quotes() {
        assert_eq!(
            sentences("“No.” She ran. Then… nothing? Yes!"),
            ["“No.” ", "She ran. ", "Then… ", "nothing? ", "Yes!"]
        );
        assert_eq!(sentences("one sentence"), ["one sentence"]);
        assert_eq!(sentences("Ends here. "), ["Ends here. "]);
    }

    #[test]
    fn spans_number_paragraphs_and_sentences_and_skip_svg() {
        let doc = "<html><head><title>T. Title.</title></head><body class=\"x\">\n\
<p>One. Two <em>three. Four</em> five.</p>\n<p role=\"separator\"><svg><title>A. B.</title></svg></p>\n\
<h2>Next</h2>\n</body></html>";
        let out = document(doc);
        let parsed = roxmltree::Document::parse(&out).unwrap();
        let ids: Vec<(&str, String)> = parsed
            .descendants()
            .filter(|n| n.attribute("class") == Some("koboSpan"))
            .map(|n| (n.attribute("id").unwrap(), n.text().unwrap().to_string()))
            .collect();
        assert_eq!(
            ids,
            [
                ("kobo.1.1", "One. ".to_string()),
                ("kobo.1.2", "Two ".to_string()),
                ("kobo.1.3", "three. ".to_string()),
                ("kobo.1.4", "Four".to_string()),
                ("kobo.1.5", "five.".to_string()),
                ("kobo.3.1", "Next".to_string()),
            ]
        );
        let inner = parsed
            .descendants()
            .find(|n| n.attribute("id") == Some("book-inner"))
            .unwrap();
        assert_eq!(
            inner.parent().unwrap().attribute("id"),
            Some("book-columns")
        );
        assert!(out.contains("<title>T. Title.</title>"), "head untouched");
    }
}
