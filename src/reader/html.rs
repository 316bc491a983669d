//! Raw HTML in Markdown, reduced to an allow-list: `i`/`em` become emphasis, `b`/`strong`
//! strong, `br` a line break, `hr` a scene break, block elements (`p`, `div`, `center`…)
//! paragraph boundaries; `u s sup sub span small` and other harmless inline elements keep
//! their text. Everything else is dropped with a warning naming the line — `script`,
//! `style`, `iframe` and the like with their content, event attributes (`onclick=`),
//! `javascript:`/`data:` addresses. Nothing of the markup is ever printed as text, and
//! nothing of it reaches the book unescaped.

/// One piece of an HTML fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok<'a> {
    /// `<name attrs>` (lower-cased name); `closed` for `<br/>`.
    Open {
        name: String,
        attrs: &'a str,
        closed: bool,
    },
    /// `</name>`
    Close(String),
    /// Text between tags, entities not yet decoded.
    Text(&'a str),
    /// A comment, doctype, processing instruction or CDATA section: never shown.
    Skip,
}

/// Splits an HTML fragment into tags and text, with the byte offset of each piece. A `<`
/// that does not start a tag is text. Linear, no recursion.
pub fn tokens(s: &str) -> Vec<(usize, Tok<'_>)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &s[i..];
        let (len, tok) = if rest.starts_with("<!--") {
            let end = rest[4..].find("-->").map_or(rest.len(), |e| e + 7);
            (end, Tok::Skip)
        } else if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").map_or(rest.len(), |e| e + 3);
            (end, Tok::Skip)
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            // A doctype (with an internal subset `[...]`) or processing instruction.
            (skip_declaration(rest), Tok::Skip)
        } else if let Some(t) = tag(rest) {
            t
        } else {
            i += 1;
            continue;
        };
        if text_start < i {
            out.push((text_start, Tok::Text(&s[text_start..i])));
        }
        out.push((i, tok));
        i += len;
        text_start = i;
    }
    if text_start < s.len() {
        out.push((text_start, Tok::Text(&s[text_start..])));
    }
    out
}

/// Length of `<!…>` or `<?…>`, counting a bracketed internal subset.
fn skip_declaration(rest: &str) -> usize {
    let mut depth = 0usize;
    for (k, c) in rest.char_indices().skip(2) {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '>' if depth == 0 => return k + 1,
            _ => {}
        }
    }
    rest.len()
}

/// Parses `<name …>` or `</name>` at the start of `rest`: (length, token).
fn tag(rest: &str) -> Option<(usize, Tok<'_>)> {
    let closing = rest.as_bytes().get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let name_len = rest[name_start..]
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-')
        .count();
    if name_len == 0 || !rest.as_bytes()[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
    // The end: the first `>` outside a quoted attribute value.
    let mut quote = None;
    let mut end = None;
    for (k, c) in rest.char_indices().skip(name_start + name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(k);
                break;
            }
            (None, '<') => return None,
            _ => {}
        }
    }
    let end = end?;
    let inner = &rest[name_start + name_len..end];
    let tok = if closing {
        Tok::Close(name)
    } else {
        Tok::Open {
            name,
            attrs: inner.trim_end_matches('/').trim(),
            closed: inner.trim_end().ends_with('/'),
        }
    };
    Some((end + 1, tok))
}

/// What an element becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Emphasis,
    Strong,
    LineBreak,
    /// `hr`: a scene break.
    Rule,
    /// Starts or ends a paragraph (`p`, `div`, `center`, headings, list items, tables…).
    Block,
    /// Harmless inline markup: the tags go, the text stays.
    Transparent,
    /// Dropped with everything inside it (`script`, `style`, `iframe`…), with a warning.
    DropWithContent,
    /// An element with no text of its own that is dropped (`img`, `input`…), with a warning.
    DropVoid,
    /// Anything else: the tags go (with a warning), the text stays.
    Unknown,
}

pub fn kind(name: &str) -> Kind {
    match name {
        "i" | "em" | "cite" | "dfn" | "var" => Kind::Emphasis,
        "b" | "strong" => Kind::Strong,
        "br" => Kind::LineBreak,
        "hr" => Kind::Rule,
        "p" | "div" | "center" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "section" | "article" | "header"
        | "footer" | "aside" | "main" | "nav" | "figure" | "figcaption" | "table" | "tr"
        | "td" | "th" | "thead" | "tbody" | "tfoot" | "caption" | "pre" | "address"
        | "details" | "summary" => Kind::Block,
        "u" | "s" | "sup" | "sub" | "span" | "small" | "a" | "abbr" | "mark" | "q" | "del"
        | "ins" | "kbd" | "code" | "samp" | "time" | "bdi" | "bdo" | "big" | "tt" | "strike"
        | "font" | "wbr" | "ruby" | "rt" | "rp" | "data" | "label" => Kind::Transparent,
        "script" | "style" | "iframe" | "object" | "embed" | "template" | "noscript"
        | "textarea" | "title" | "svg" | "math" | "applet" | "frameset" | "frame"
        | "noembed" | "noframes" | "xmp" | "select" | "head" | "canvas" | "video" | "audio"
        | "form" | "button" | "plaintext" | "option" | "datalist" | "output" | "dialog"
        | "portal" | "slot" | "picture" | "map" => Kind::DropWithContent,
        "img" | "input" | "link" | "meta" | "base" | "source" | "track" | "area" | "param"
        | "col" | "colgroup" | "keygen" | "image" => Kind::DropVoid,
        _ => Kind::Unknown,
    }
}

/// Why an element's attributes are worth a warning: event handlers, script or data
/// addresses (all attributes are dropped anyway; these are the ones the author should know
/// about).
pub fn attribute_problem(attrs: &str) -> Option<&'static str> {
    let lower = attrs.to_ascii_lowercase();
    let event = lower
        .split(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '/')
        .any(|w| w.starts_with("on") && w.contains('='));
    if event {
        Some("an event handler attribute")
    } else if lower.contains("javascript:") || lower.contains("vbscript:") {
        Some("a javascript: address")
    } else if lower.contains("data:") {
        Some("a data: address")
    } else {
        None
    }
}

/// Decodes character references (`&amp;`, `&#8212;`, `&#x2014;`, and the common named
/// ones); an unknown one stays as written, a reference to a code point XML forbids is
/// dropped.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest[1..].find(';').map(|e| e + 1).filter(|e| *e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.map(|n| {
                char::from_u32(n)
                    .filter(|c| !super::sanitize::is_forbidden(*c))
                    .map(String::from)
                    .unwrap_or_default()
            })
        } else {
            named_entity(name).map(str::to_string)
        };
        match decoded {
            Some(d) => {
                out.push_str(&d);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "laquo" => "«",
        "raquo" => "»",
        "copy" => "©",
        "eacute" => "é",
        "egrave" => "è",
        "agrave" => "à",
        "ccedil" => "ç",
        "uuml" => "ü",
        "ouml" => "ö",
        "auml" => "ä",
        "szlig" => "ß",
        "shy" => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_tags_text_and_declarations() {
        let t = tokens("a<b class=\"x>y\">c</B><!-- no --><!DOCTYPE x [<!ENTITY e \"f\">]>d < e<br/>");
        let names: Vec<String> = t
            .iter()
            .map(|(_, t)| match t {
                Tok::Open { name, closed, .. } => format!("<{name}{}>", if *closed { "/" } else { "" }),
                Tok::Close(n) => format!("</{n}>"),
                Tok::Text(s) => s.to_string(),
                Tok::Skip => "skip".into(),
            })
            .collect();
        assert_eq!(names, ["a", "<b>", "c", "</b>", "skip", "skip", "d < e", "<br/>"]);
    }

    #[test]
    fn entities_and_attributes() {
        assert_eq!(decode_entities("a &amp; b &#8212; &#x2014; &bogus; &#0; &"), "a & b — — &bogus;  &");
        assert_eq!(attribute_problem("src=x onerror=\"alert(1)\""), Some("an event handler attribute"));
        assert_eq!(attribute_problem("href=\"JavaScript:x\""), Some("a javascript: address"));
        assert_eq!(attribute_problem("class=\"online\""), None);
        assert_eq!(kind("script"), Kind::DropWithContent);
        assert_eq!(kind("center"), Kind::Block);
        assert_eq!(kind("u"), Kind::Transparent);
    }
}
