//! Raw HTML in Markdown, reduced to an allow-list: `i`/`em` become emphasis, `b`/`strong`
//! strong, `br` a line break, `hr` a scene break, block elements (`p`, `div`, `center`…)
//! paragraph boundaries; `u s sup sub span small` and other harmless inline elements keep
//! their text. Everything else is dropped with a warning naming the line — `script`,
//! `style`, `iframe` and the like with their content, event attributes (`onclick=`),
//! `javascript:`/`data:` addresses. Nothing of the markup is ever printed as text, and
//! nothing of it reaches the book unescaped.

use crate::model::{Inline, SpanStyle};

/// One piece of an HTML fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// `<name attrs>` (lower-cased name); `closed` for `<br/>`.
    Open {
        name: String,
        /// Attribute names (lower-cased) and values, character references decoded.
        attrs: Vec<(String, String)>,
        closed: bool,
    },
    /// `</name>`
    Close(String),
    /// Text between tags, character references decoded.
    Text(String),
    /// A comment, doctype or processing instruction: never shown.
    Skip,
}

/// Splits an HTML fragment into tags and text, with the byte offset of each piece, using
/// html5gum's WHATWG tokenizer (character references, attribute quoting, comments, and the
/// raw-text content of `script`/`style`/`textarea` as a browser reads them). A `<` that
/// does not start a tag is text. Linear in the input.
pub fn tokens(s: &str) -> Vec<(usize, Tok)> {
    use html5gum::{DefaultEmitter, Token, Tokenizer};
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let mut out: Vec<(usize, Tok)> = Vec::new();
    for token in Tokenizer::new_with_emitter(s, emitter) {
        let Ok(token) = token;
        let (at, tok) = match token {
            Token::StartTag(t) => (
                t.span.start,
                Tok::Open {
                    name: lossy(&t.name).to_ascii_lowercase(),
                    attrs: t
                        .attributes
                        .iter()
                        .map(|(k, v)| (lossy(k).to_ascii_lowercase(), lossy(&v.value)))
                        .collect(),
                    closed: t.self_closing,
                },
            ),
            Token::EndTag(t) => (
                t.span.start,
                Tok::Close(lossy(&t.name).to_ascii_lowercase()),
            ),
            Token::String(t) => {
                let text = lossy(&t.value);
                // The tokenizer may hand one run of text over in pieces: join them.
                if let Some((_, Tok::Text(prev))) = out.last_mut() {
                    prev.push_str(&text);
                    continue;
                }
                (t.span.start, Tok::Text(text))
            }
            Token::Comment(t) => (t.span.start, Tok::Skip),
            Token::Doctype(t) => (t.span.start, Tok::Skip),
            Token::Error(_) => continue,
        };
        out.push((at.min(s.len()), tok));
    }
    out
}

/// Attributes that hold an address a reader could follow or fetch.
fn is_address(name: &str) -> bool {
    matches!(
        name,
        "href"
            | "src"
            | "srcset"
            | "action"
            | "formaction"
            | "poster"
            | "background"
            | "cite"
            | "data"
            | "xlink:href"
            | "longdesc"
            | "lowsrc"
            | "dynsrc"
            | "manifest"
    )
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// What an element wraps its content in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrap {
    Emphasis,
    Strong,
    Styled(SpanStyle),
}

impl Wrap {
    pub fn around(self, content: Vec<Inline>) -> Inline {
        match self {
            Wrap::Emphasis => Inline::Emphasis(content),
            Wrap::Strong => Inline::Strong(content),
            Wrap::Styled(style) => Inline::Styled { style, content },
        }
    }
}

/// What an element becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Emphasis, strong, underline, strike, superscript, subscript, small: kept as such.
    Wrap(Wrap),
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
        "i" | "em" | "cite" | "dfn" | "var" => Kind::Wrap(Wrap::Emphasis),
        "b" | "strong" => Kind::Wrap(Wrap::Strong),
        "u" | "ins" => Kind::Wrap(Wrap::Styled(SpanStyle::Underline)),
        "s" | "strike" | "del" => Kind::Wrap(Wrap::Styled(SpanStyle::Strike)),
        "sup" => Kind::Wrap(Wrap::Styled(SpanStyle::Superscript)),
        "sub" => Kind::Wrap(Wrap::Styled(SpanStyle::Subscript)),
        "small" => Kind::Wrap(Wrap::Styled(SpanStyle::Small)),
        "br" => Kind::LineBreak,
        "hr" => Kind::Rule,
        "p" | "div" | "center" | "blockquote" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li"
        | "ul" | "ol" | "dl" | "dt" | "dd" | "section" | "article" | "header" | "footer"
        | "aside" | "main" | "nav" | "figure" | "figcaption" | "table" | "tr" | "td" | "th"
        | "thead" | "tbody" | "tfoot" | "caption" | "pre" | "address" | "details" | "summary" => {
            Kind::Block
        }
        "span" | "a" | "abbr" | "mark" | "q" | "kbd" | "code" | "samp" | "time" | "bdi" | "bdo"
        | "big" | "tt" | "font" | "wbr" | "ruby" | "rt" | "rp" | "data" | "label" => {
            Kind::Transparent
        }
        "script" | "style" | "iframe" | "object" | "embed" | "template" | "noscript"
        | "textarea" | "title" | "svg" | "math" | "applet" | "frameset" | "frame" | "noembed"
        | "noframes" | "xmp" | "select" | "head" | "canvas" | "video" | "audio" | "form"
        | "button" | "plaintext" | "option" | "datalist" | "output" | "dialog" | "portal"
        | "slot" | "picture" | "map" => Kind::DropWithContent,
        "img" | "input" | "link" | "meta" | "base" | "source" | "track" | "area" | "param"
        | "col" | "colgroup" | "keygen" | "image" => Kind::DropVoid,
        _ => Kind::Unknown,
    }
}

/// Why an element's attributes are worth a warning: event handlers, script or data
/// addresses (all attributes are dropped anyway; these are the ones the author should know
/// about).
pub fn attribute_problem(attrs: &[(String, String)]) -> Option<&'static str> {
    if attrs.iter().any(|(k, _)| k.starts_with("on")) {
        return Some("an event handler attribute");
    }
    let address = |scheme: &str| {
        attrs.iter().filter(|(k, _)| is_address(k)).any(|(_, v)| {
            let v: String = v
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect();
            v.to_ascii_lowercase().starts_with(scheme)
        })
    };
    if address("javascript:") || address("vbscript:") {
        Some("a javascript: address")
    } else if address("data:") {
        Some("a data: address")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> Vec<String> {
        tokens(s)
            .into_iter()
            .map(|(_, t)| match t {
                Tok::Open { name, closed, .. } => {
                    format!("<{name}{}>", if closed { "/" } else { "" })
                }
                Tok::Close(n) => format!("</{n}>"),
                Tok::Text(s) => s,
                Tok::Skip => "skip".into(),
            })
            .collect()
    }

    #[test]
    fn tokenizes_tags_text_and_declarations() {
        assert_eq!(
            show("a<b class=\"x>y\">c</B><!-- no --><!DOCTYPE x>d < e<br/>"),
            ["a", "<b>", "c", "</b>", "skip", "skip", "d < e", "<br/>"]
        );
        // Script content is raw text, up to its own end tag, as a browser reads it.
        assert_eq!(
            show("<script>if (a<b) x()</script>z"),
            ["<script>", "if (a<b) x()", "</script>", "z"]
        );
    }

    #[test]
    fn offsets_point_at_each_piece() {
        let src = "ab\n<em>c</em>";
        let at: Vec<usize> = tokens(src).into_iter().map(|(k, _)| k).collect();
        assert_eq!(at, [0, 3, 7, 8]);
    }

    #[test]
    fn entities_and_attributes() {
        assert_eq!(
            show("a &amp; b &#8212; &#x2014; &mdash; &bogus;"),
            ["a & b — — — &bogus;"]
        );
        let attrs = |s: &str| match tokens(s).remove(0).1 {
            Tok::Open { attrs, .. } => attrs,
            t => panic!("{t:?}"),
        };
        assert_eq!(
            attribute_problem(&attrs("<img src=x onerror=\"alert(1)\">")),
            Some("an event handler attribute")
        );
        assert_eq!(
            attribute_problem(&attrs("<a href=\" JavaScript:x\">")),
            Some("a javascript: address")
        );
        assert_eq!(
            attribute_problem(&attrs("<a href=\"java&#x09;script:x\">")),
            Some("a javascript: address")
        );
        assert_eq!(
            attribute_problem(&attrs("<img src=\"data:image/png;base64,AA\">")),
            Some("a data: address")
        );
        assert_eq!(
            attribute_problem(&attrs("<span class=\"online\" title=\"data: none\">")),
            None
        );
        assert_eq!(kind("script"), Kind::DropWithContent);
        assert_eq!(kind("center"), Kind::Block);
        assert_eq!(kind("u"), Kind::Wrap(Wrap::Styled(SpanStyle::Underline)));
        assert_eq!(kind("span"), Kind::Transparent);
    }
}
