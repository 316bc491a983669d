//! XHTML content documents for the EPUB: one per chapter, plus cover, title page and notes.

use crate::i18n::Labels;
use crate::model::{
    plain_text, Block, Chapter, Inline, Letter, Metadata, Note, SceneBreak, SpanStyle,
};
use std::fmt::Write;

/// Escapes text for XHTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 forbids (C0 controls except tab/newline/CR).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The image resources a document refers to, collected while rendering.
#[derive(Default)]
pub struct Ctx<'a> {
    pub labels: Option<&'a Labels>,
    /// Maps a story image (by index in `images`) to its href inside the EPUB.
    pub image_hrefs: Vec<(std::path::PathBuf, String)>,
    /// Ids of sub-headings in this chapter: (id, title).
    pub subheadings: Vec<(String, String)>,
    pub chapter_no: usize,
    /// The story has a single chapter.
    pub only_chapter: bool,
}

pub fn document(lang: &str, title: &str, body_attrs: &str, body: &str) -> String {
    document_with(lang, title, "", body_attrs, body)
}

/// [`document`] with attributes on the `html` element too (the cover page's class).
fn document_with(
    lang: &str,
    title: &str,
    html_attrs: &str,
    body_attrs: &str,
    body: &str,
) -> String {
    let lang = escape(lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<!DOCTYPE html>\n\
<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
epub:prefix=\"z3998: http://www.daisy.org/z3998/2012/vocab/structure/#\" xml:lang=\"{lang}\" lang=\"{lang}\"{html_attrs}>\n\
<head>\n<meta charset=\"utf-8\"/>\n<title>{}</title>\n\
<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n\
<body{body_attrs}>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

pub fn inlines(out: &mut String, content: &[Inline]) {
    for i in content {
        match i {
            Inline::Text(t) => out.push_str(&escape(t)),
            Inline::Emphasis(c) => {
                out.push_str("<em>");
                inlines(out, c);
                out.push_str("</em>");
            }
            Inline::Strong(c) => {
                out.push_str("<strong>");
                inlines(out, c);
                out.push_str("</strong>");
            }
            Inline::Code(t) => {
                let _ = write!(out, "<code>{}</code>", escape(t));
            }
            Inline::Styled { style, content } => {
                let tag = match style {
                    SpanStyle::Underline => "u",
                    SpanStyle::Strike => "s",
                    SpanStyle::Superscript => "sup",
                    SpanStyle::Subscript => "sub",
                    SpanStyle::Small => "small",
                };
                let _ = write!(out, "<{tag}>");
                inlines(out, content);
                let _ = write!(out, "</{tag}>");
            }
            Inline::Link { url, content } => {
                if is_external(url) {
                    let _ = write!(out, "<a href=\"{}\">", escape(url));
                    inlines(out, content);
                    out.push_str("</a>");
                } else {
                    // Relative links would point outside the book: keep their text only.
                    inlines(out, content);
                }
            }
            Inline::LineBreak => out.push_str("<br/>"),
        }
    }
}

fn is_external(url: &str) -> bool {
    let l = url.to_ascii_lowercase();
    (l.starts_with("https://") || l.starts_with("http://") || l.starts_with("mailto:"))
        && !url.contains(char::is_whitespace)
}

fn para(out: &mut String, class: Option<&str>, epub_type: Option<&str>, content: &[Inline]) {
    out.push_str("<p");
    if let Some(c) = class {
        let _ = write!(out, " class=\"{c}\"");
    }
    if let Some(t) = epub_type {
        let _ = write!(out, " epub:type=\"{t}\"");
    }
    out.push('>');
    inlines(out, content);
    out.push_str("</p>\n");
}

/// Renders a list of blocks. `noindent_first` marks the first paragraph unindented.
pub fn blocks(out: &mut String, list: &[Block], ctx: &mut Ctx, noindent_first: bool) {
    let mut noindent = noindent_first;
    let mut after_break = false;
    // Before the first block of the story (notes aside), a break needs no ornament: the
    // chapter's opening already is one; its label (`Five years later`) still shows.
    let mut opening = noindent_first;
    for b in list {
        opening &= matches!(b, Block::Note(_) | Block::SceneBreak(_));
        match b {
            Block::Paragraph { content, .. } if after_break => {
                // The first words after a scene break in small capitals, as in the PDF.
                let (lead, rest) = split_words(content, crate::typography::LEAD_IN_WORDS);
                out.push_str("<p class=\"noindent\"><span class=\"lead-in\">");
                inlines(out, &lead);
                out.push_str("</span>");
                inlines(out, &rest);
                out.push_str("</p>\n");
                noindent = false;
                after_break = false;
                continue;
            }
            Block::Paragraph { content, .. } => {
                para(out, noindent.then_some("noindent"), None, content);
                noindent = false;
                continue;
            }
            Block::SceneBreak(s) => {
                scene_break(out, s, ctx, !opening);
                noindent = true;
                after_break = true;
                continue;
            }
            Block::Heading { level, content, .. } => {
                let lvl = (*level).clamp(2, 3);
                let id = format!("c{}-s{}", ctx.chapter_no, ctx.subheadings.len() + 1);
                ctx.subheadings.push((id.clone(), plain_text(content)));
                let _ = write!(out, "<h{lvl} id=\"{id}\">");
                inlines(out, content);
                let _ = writeln!(out, "</h{lvl}>");
            }
            Block::Letter(l) => letter(out, l, ctx),
            Block::Note(n) => note(out, n, ctx, "section"),
            Block::Quote { blocks: inner, .. } => {
                out.push_str("<blockquote class=\"quote\">\n");
                blocks(out, inner, ctx, true);
                out.push_str("</blockquote>\n");
            }
            Block::Image(img) => {
                let href = ctx
                    .image_hrefs
                    .iter()
                    .find(|(p, _)| p == &img.path)
                    .map(|(_, h)| h.clone())
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<div class=\"figure\"><img src=\"{}\" alt=\"{}\"/></div>",
                    escape(&href),
                    escape(&img.alt)
                );
            }
        }
        noindent = true;
        after_break = false;
    }
}

/// Splits inline content after its first `n` words (a word ends at white space), keeping
/// emphasis around both halves.
pub fn split_words(content: &[Inline], n: usize) -> (Vec<Inline>, Vec<Inline>) {
    fn go(
        content: &[Inline],
        seen: &mut usize,
        in_word: &mut bool,
        n: usize,
    ) -> (Vec<Inline>, Vec<Inline>) {
        let (mut lead, mut rest) = (Vec::new(), Vec::new());
        for i in content {
            if *seen >= n {
                rest.push(i.clone());
                continue;
            }
            match i {
                Inline::Text(t) => {
                    let mut cut = None;
                    for (at, c) in t.char_indices() {
                        if c.is_whitespace() {
                            if *in_word {
                                *seen += 1;
                                *in_word = false;
                                if *seen >= n {
                                    cut = Some(at);
                                    break;
                                }
                            }
                        } else {
                            *in_word = true;
                        }
                    }
                    match cut {
                        Some(at) => {
                            lead.push(Inline::Text(t[..at].to_string()));
                            rest.push(Inline::Text(t[at..].to_string()));
                        }
                        None => lead.push(i.clone()),
                    }
                }
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Styled { content: c, .. } => {
                    let (a, b) = go(c, seen, in_word, n);
                    let wrap = |v: Vec<Inline>| match i {
                        Inline::Emphasis(_) => Inline::Emphasis(v),
                        Inline::Styled { style, .. } => Inline::Styled {
                            style: *style,
                            content: v,
                        },
                        _ => Inline::Strong(v),
                    };
                    if !a.is_empty() {
                        lead.push(wrap(a));
                    }
                    if !b.is_empty() {
                        rest.push(wrap(b));
                    }
                }
                Inline::LineBreak => {
                    if *in_word {
                        *seen += 1;
                        *in_word = false;
                    }
                    if *seen >= n {
                        rest.push(i.clone());
                    } else {
                        lead.push(i.clone());
                    }
                }
                _ => {
                    *in_word = true;
                    lead.push(i.clone());
                }
            }
        }
        (lead, rest)
    }
    go(content, &mut 0, &mut false, n)
}

fn letter(out: &mut String, l: &Letter, ctx: &mut Ctx) {
    out.push_str("<blockquote class=\"letter\" epub:type=\"z3998:letter\">\n");
    if let Some(d) = &l.superscription {
        para(out, Some("superscription"), None, d);
    }
    if let Some(d) = &l.dateline {
        para(out, Some("dateline"), Some("z3998:dateline"), d);
    }
    if let Some(d) = &l.address {
        para(out, Some("address"), None, d);
    }
    if let Some(s) = &l.salutation {
        para(out, Some("salutation"), Some("z3998:salutation"), s);
    }
    blocks(out, &l.body, ctx, true);
    if let Some(v) = &l.valediction {
        para(out, Some("valediction"), Some("z3998:valediction"), v);
    }
    if let Some(s) = &l.signature {
        para(out, Some("signature"), Some("z3998:signature"), s);
    }
    if let Some(s) = &l.role {
        para(out, Some("role"), None, s);
    }
    for p in &l.postscript {
        para(out, Some("postscript"), Some("z3998:postscript"), p);
    }
    out.push_str("</blockquote>\n");
}

fn scene_break(out: &mut String, s: &SceneBreak, ctx: &Ctx, with_ornament: bool) {
    if !with_ornament && s.label.is_none() {
        return;
    }
    let label = ctx.labels.map_or("Scene break", |l| l.scene_break);
    out.push_str("<div class=\"scene-break\">\n");
    if with_ornament {
        ornament(out, label);
    }
    if let Some(text) = &s.label {
        para(out, Some("break-label"), None, text);
    }
    out.push_str("</div>\n");
}

/// The scene-break ornament as inline SVG: filled with `currentColor`, so it takes the text
/// colour in every theme (dark, sepia, inverted), sized by its attributes (6em × 1em) when
/// the book's CSS is off, and announced by screen readers as a separator named `label`.
fn ornament(out: &mut String, label: &str) {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let d = PATH.get_or_init(crate::ornament::svg_path);
    let w = crate::ornament::WIDTH;
    let label = escape(label);
    let _ = writeln!(
        out,
        "<p class=\"ornament\" role=\"separator\" aria-label=\"{label}\">\
<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ornament\" aria-hidden=\"true\" \
width=\"{w}em\" height=\"1em\" viewBox=\"0 0 {w} 1\" fill=\"currentColor\">\
<path d=\"{d}\"/></svg></p>"
    );
}

/// An author's note. `tag` is `section` (inside a chapter) or the whole document's section.
fn note(out: &mut String, n: &Note, ctx: &mut Ctx, tag: &str) {
    let label = ctx.labels.map_or("Author’s note", |l| l.authors_note);
    let _ = writeln!(
        out,
        "<{tag} class=\"authors-note\" aria-label=\"{}\">",
        escape(label)
    );
    let _ = writeln!(out, "<p class=\"note-label\">{}</p>", escape(label));
    blocks(out, &n.blocks, ctx, true);
    let _ = writeln!(out, "</{tag}>");
}

/// A chapter document. Returns the XHTML; sub-headings are left in `ctx.subheadings`.
pub fn chapter(meta: &Metadata, ch: &Chapter, ctx: &mut Ctx) -> String {
    let mut body = String::new();
    let title_text = ch
        .title
        .as_ref()
        .map(|t| plain_text(t))
        .unwrap_or_else(|| meta.title.clone());
    let id = format!("c{}", ctx.chapter_no);
    if ch.title.is_none() && ctx.only_chapter {
        // A story in one untitled chapter: the title page has just shown the title, so the
        // text starts without repeating it; the section is still named for screen readers.
        let _ = writeln!(
            body,
            "<section class=\"chapter untitled\" epub:type=\"chapter\" role=\"doc-chapter\" aria-label=\"{}\">",
            escape(&meta.title)
        );
    } else {
        let _ = writeln!(
            body,
            "<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\" aria-labelledby=\"{id}\">"
        );
        let _ = write!(body, "<h1 id=\"{id}\">");
        match &ch.title {
            Some(t) => inlines(&mut body, t),
            None => body.push_str(&escape(&meta.title)),
        }
        body.push_str("</h1>\n");
    }
    blocks(&mut body, &ch.blocks, ctx, true);
    body.push_str("</section>\n");
    document(
        &meta.language,
        &title_text,
        " epub:type=\"bodymatter\"",
        &body,
    )
}

/// A document holding author's notes before or after the story.
pub fn notes_document(meta: &Metadata, notes: &[Note], ctx: &mut Ctx, after: bool) -> String {
    let label = ctx.labels.map_or("Author’s note", |l| l.authors_note);
    let (etype, role) = if after {
        ("afterword", "doc-afterword")
    } else {
        ("preface", "doc-preface")
    };
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<section class=\"authors-note\" epub:type=\"{etype}\" role=\"{role}\" aria-label=\"{}\">",
        escape(label)
    );
    let _ = writeln!(body, "<p class=\"note-label\">{}</p>", escape(label));
    for n in notes {
        blocks(&mut body, &n.blocks, ctx, true);
    }
    body.push_str("</section>\n");
    let matter = if after { "backmatter" } else { "frontmatter" };
    document(
        &meta.language,
        label,
        &format!(" epub:type=\"{matter}\""),
        &body,
    )
}

/// The cover page: the image in an SVG wrapper whose `preserveAspectRatio` keeps its
/// proportions on every reader, including those without `object-fit` (Adobe RMSDK), as
/// calibre and Standard Ebooks do. `width`/`height` are the image's pixel size.
pub fn cover_document(meta: &Metadata, href: &str, size: (u32, u32), labels: &Labels) -> String {
    let alt = if meta.authors.is_empty() {
        format!("{}: {}", labels.cover, meta.title)
    } else {
        format!(
            "{}: {} {} {}",
            labels.cover,
            meta.title,
            labels.by,
            meta.authors.join(", ")
        )
    };
    let (w, h) = (size.0.max(1), size.1.max(1));
    let alt = escape(&alt);
    let body = format!(
        "<section epub:type=\"cover\" class=\"cover\">\n\
<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
version=\"1.1\" class=\"cover\" width=\"100%\" height=\"100%\" viewBox=\"0 0 {w} {h}\" \
preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"{alt}\">\
<title>{alt}</title><image width=\"{w}\" height=\"{h}\" xlink:href=\"{}\"/></svg>\n\
</section>\n",
        escape(href),
    );
    document_with(
        &meta.language,
        labels.cover,
        " class=\"cover\"",
        " class=\"cover\"",
        &body,
    )
}

pub fn title_page(
    meta: &Metadata,
    labels: &Labels,
    counts: crate::i18n::Counts,
    description: Option<&str>,
) -> String {
    let mut b = String::new();
    b.push_str("<section class=\"titlepage\" epub:type=\"titlepage\">\n");
    let _ = writeln!(b, "<h1 class=\"title\">{}</h1>", escape(&meta.title));
    if let Some(s) = &meta.subtitle {
        let _ = writeln!(b, "<p class=\"subtitle\">{}</p>", escape(s));
    }
    if !meta.authors.is_empty() {
        let _ = writeln!(
            b,
            "<p class=\"author\">{}</p>",
            escape(&meta.authors.join(", "))
        );
    }
    let rows = crate::i18n::work_rows(meta, labels, Some(counts));
    if !rows.is_empty() {
        b.push_str("<dl class=\"workmeta\">\n");
        for (k, v) in rows {
            let v = if is_external(&v) {
                format!("<a href=\"{0}\">{0}</a>", escape(&v))
            } else {
                escape(&v)
            };
            let _ = writeln!(b, "<dt>{}</dt><dd>{v}</dd>", escape(k));
        }
        b.push_str("</dl>\n");
    }
    if let Some(d) = description {
        b.push_str("<div class=\"summary\">\n");
        for p in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(b, "<p>{}</p>", escape(p.trim()));
        }
        b.push_str("</div>\n");
    }
    if let Some(r) = &meta.rights {
        let _ = writeln!(b, "<p class=\"rights\">{}</p>", escape(r));
    }
    b.push_str("</section>\n");
    document(
        &meta.language,
        &meta.title,
        " epub:type=\"frontmatter\"",
        &b,
    )
}
