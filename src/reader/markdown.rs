//! Markdown manuscripts: pulldown-cmark events → a small block tree → the story model.
//!
//! The conventions (documented in the README):
//! * `#` headings start chapters; if the manuscript opens with a single top-level heading
//!   followed by deeper ones, that heading is the story title and the next level are chapters.
//! * A thematic break (`***`, `---`, `* * *`) is a scene break; a short one-line paragraph
//!   right after it (`*Two days later*`) is its label.
//! * A blockquote that reads as a letter is a letter. `> [!letter]` forces it, `> [!quote]`
//!   prevents it, `> [!note]` makes the blockquote an author's note.

use super::html;
use super::letter::build_letter;
use crate::error::{Code, Diagnostics, Error, Location, Result};
use crate::limits::MAX_NESTING;
use crate::model::{
    normalize_block, normalize_soft_breaks, plain_text, Block, Chapter, Image, Inline, Note,
    SceneBreak,
};
use crate::typography::Smartener;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;
use std::path::Path;

/// A parsed Markdown block, before story structure is applied.
#[derive(Clone, Debug)]
enum Md {
    Para(Vec<Inline>, usize),
    Heading(u8, Vec<Inline>, usize),
    Rule(usize),
    Quote(Vec<Md>, usize, usize),
    Image(String, String, usize),
}

/// What the Markdown body yields: the untitled opening (if any) and chapters.
pub struct Body {
    pub title_from_heading: Option<String>,
    pub chapters: Vec<Chapter>,
    /// Notes that stood alone before the first chapter.
    pub leading_notes: Vec<Note>,
}

struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(text: &str, first_line: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, first_line }
    }
    fn line(&self, offset: usize) -> usize {
        let idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        idx + self.first_line
    }
}

struct Events<'a> {
    items: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    lines: LineIndex,
    smart: Smartener,
    /// Warnings found while parsing (raw HTML dropped), with their line.
    warnings: Vec<(usize, String)>,
    /// Open `<em>`/`<b>` elements of inline HTML (bounded like any nesting).
    html_depth: usize,
}

impl<'a> Events<'a> {
    fn peek(&self) -> Option<&Event<'a>> {
        self.items.get(self.pos).map(|(e, _)| e)
    }
    fn next(&mut self) -> Option<(Event<'a>, usize)> {
        let (e, r) = self.items.get(self.pos)?.clone();
        self.pos += 1;
        Some((e, self.lines.line(r.start)))
    }
    fn end_line(&self) -> usize {
        self.items
            .get(self.pos.saturating_sub(1))
            .map_or(self.lines.first_line, |(_, r)| {
                self.lines.line(r.end.saturating_sub(1))
            })
    }
}

fn options() -> Options {
    // Smart punctuation is ours (crate::typography): language-aware quotes, `--` as em dash.
    Options::ENABLE_STRIKETHROUGH
}

/// Parses Markdown text into blocks (used for the body and for front matter notes).
/// Containers and spans nested deeper than [`MAX_NESTING`] are refused (the block tree is
/// built recursively, so depth must be bounded).
fn parse_md(
    path: &Path,
    text: &str,
    first_line: usize,
    language: &str,
) -> Result<(Vec<Md>, Vec<(usize, String)>)> {
    let lines = LineIndex::new(text, first_line);
    let mut items = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(Error::at_line(
                        path,
                        lines.line(range.start),
                        format!(
                            "blockquotes, lists, links or emphasis nested more than {MAX_NESTING} deep; inkbind does not set deeper nesting"
                        ),
                    )
                    .code(Code::TooDeep));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        items.push((event, range));
    }
    let mut ev = Events {
        items,
        pos: 0,
        lines,
        smart: Smartener::new(language),
        warnings: Vec::new(),
        html_depth: 0,
    };
    let blocks = parse_blocks(&mut ev);
    Ok((blocks, ev.warnings))
}

fn is_inline_start(e: &Event) -> bool {
    match e {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineMath(_) => true,
        Event::Start(t) => matches!(
            t,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        _ => false,
    }
}

/// Parses blocks until the end of the enclosing container (or the end of input).
fn parse_blocks(ev: &mut Events) -> Vec<Md> {
    let mut out = Vec::new();
    loop {
        let Some(peeked) = ev.peek() else { break };
        if matches!(peeked, Event::End(_)) {
            break;
        }
        if is_inline_start(peeked) {
            // Tight list items: inline content straight in the container.
            let line = ev.lines.line(ev.items[ev.pos].1.start);
            let inl = parse_inlines(ev, None);
            push_para(&mut out, inl, line);
            continue;
        }
        let (event, line) = ev.next().expect("peeked");
        match event {
            Event::Start(Tag::Paragraph) => {
                let inl = parse_inlines(ev, Some(TagEnd::Paragraph));
                push_para(&mut out, inl, line);
            }
            Event::Start(Tag::Heading { level, .. }) => {
                // Trimmed: a dropped HTML tag at either end leaves a space.
                let inl = trim_inlines(parse_inlines(ev, Some(TagEnd::Heading(level))));
                out.push(Md::Heading(heading_level(level), inl, line));
            }
            Event::Rule => out.push(Md::Rule(line)),
            Event::Start(Tag::BlockQuote(_)) => {
                let inner = parse_blocks(ev);
                ev.next(); // End(BlockQuote)
                out.push(Md::Quote(inner, line, ev.end_line()));
            }
            Event::Start(Tag::List(start)) => {
                let mut n = start;
                while let Some(Event::Start(Tag::Item)) = ev.peek() {
                    let (_, item_line) = ev.next().expect("peeked");
                    let mut inner = parse_blocks(ev);
                    ev.next(); // End(Item)
                    let marker = match n.as_mut() {
                        Some(k) => {
                            let m = format!("{k}. ");
                            *k += 1;
                            m
                        }
                        None => "• ".to_string(),
                    };
                    if let Some(Md::Para(c, _)) = inner.first_mut() {
                        c.insert(0, Inline::Text(marker));
                    } else {
                        inner.insert(0, Md::Para(vec![Inline::Text(marker)], item_line));
                    }
                    out.extend(inner);
                }
                ev.next(); // End(List)
            }
            Event::Start(Tag::CodeBlock(_)) => {
                let mut code = String::new();
                while let Some((e, _)) = ev.next() {
                    match e {
                        Event::Text(t) => code.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                for (i, l) in code.trim_end().lines().enumerate() {
                    out.push(Md::Para(vec![Inline::Code(l.to_string())], line + 1 + i));
                }
            }
            Event::Start(Tag::HtmlBlock) => {
                let mut html = String::new();
                while let Some((e, _)) = ev.next() {
                    match e {
                        Event::Html(t) | Event::Text(t) => html.push_str(&t),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                // Reduced to the allow-list (see `html`): never printed as markup.
                html_block(ev, &html, line, &mut out);
            }
            Event::Start(_) => {
                // Tables, footnote definitions, metadata blocks: keep their text as paragraphs.
                let inner = parse_blocks(ev);
                ev.next();
                out.extend(inner);
            }
            _ => {}
        }
    }
    out
}

fn push_para(out: &mut Vec<Md>, inl: Vec<Inline>, line: usize) {
    // A paragraph that is just one image is an image block.
    if let [Inline::Link { url, content }] = inl.as_slice() {
        if url.starts_with("\u{0}img:") {
            out.push(Md::Image(
                url["\u{0}img:".len()..].to_string(),
                plain_text(content),
                line,
            ));
            return;
        }
    }
    let inl: Vec<Inline> = inl
        .into_iter()
        .map(|i| match i {
            // Inline images inside text: keep their alt text.
            Inline::Link { url, content } if url.starts_with("\u{0}img:") => {
                Inline::Text(plain_text(&content))
            }
            other => other,
        })
        .collect();
    if !plain_text(&inl).trim().is_empty() {
        out.push(Md::Para(inl, line));
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Parses inline events until `end` (or, for implicit paragraphs, until a block event).
fn parse_inlines(ev: &mut Events, end: Option<TagEnd>) -> Vec<Inline> {
    parse_inlines_until(ev, end, None)
}

/// [`parse_inlines`], inside an inline HTML element (`<em>`) when `html_close` names it: it
/// then also stops at `</em>`, and at the end of the enclosing Markdown element without
/// consuming it.
fn parse_inlines_until(
    ev: &mut Events,
    end: Option<TagEnd>,
    html_close: Option<&str>,
) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    if html_close.is_none() && matches!(end, Some(TagEnd::Paragraph) | Some(TagEnd::Heading(_))) {
        ev.smart.reset();
    }
    loop {
        if end.is_none() {
            match ev.peek() {
                Some(e) if is_inline_start(e) => {}
                _ => return out,
            }
        }
        if html_close.is_some() && matches!(ev.peek(), Some(Event::End(_)) | None) {
            return out;
        }
        let Some((event, _)) = ev.next() else {
            return out;
        };
        match event {
            Event::End(e) if Some(e) == end => return out,
            Event::End(_) => return out,
            Event::Text(t) => {
                let t = ev.smart.convert(&t);
                push_text(&mut out, &t)
            }
            Event::Code(t) => {
                ev.smart.saw_other();
                out.push(Inline::Code(t.to_string()))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => push_text(&mut out, &t),
            Event::SoftBreak => {
                ev.smart.convert(" ");
                push_text(&mut out, "\n")
            }
            Event::HardBreak => out.push(Inline::LineBreak),
            Event::InlineHtml(h) => {
                let line = ev.lines.line(ev.items[ev.pos - 1].1.start);
                for (_, tok) in super::html::tokens(&h) {
                    match tok {
                        html::Tok::Close(name) if Some(name.as_str()) == html_close => return out,
                        html::Tok::Open {
                            name,
                            attrs,
                            closed,
                        } => {
                            if let Some(inl) =
                                inline_html_open(ev, &name, &attrs, closed, end, line)
                            {
                                out.push(inl);
                            }
                        }
                        // Text inside an inline HTML event is markup-like text (`<` not a tag).
                        html::Tok::Text(t) => push_text(&mut out, &t),
                        html::Tok::Close(_) | html::Tok::Skip => {}
                    }
                }
            }
            Event::FootnoteReference(r) => push_text(&mut out, &format!("[{r}]")),
            Event::Start(Tag::Emphasis) => {
                out.push(Inline::Emphasis(parse_inlines(ev, Some(TagEnd::Emphasis))))
            }
            Event::Start(Tag::Strong) => {
                out.push(Inline::Strong(parse_inlines(ev, Some(TagEnd::Strong))))
            }
            Event::Start(Tag::Strikethrough) => {
                out.extend(parse_inlines(ev, Some(TagEnd::Strikethrough)))
            }
            Event::Start(Tag::Superscript) => {
                out.extend(parse_inlines(ev, Some(TagEnd::Superscript)))
            }
            Event::Start(Tag::Subscript) => out.extend(parse_inlines(ev, Some(TagEnd::Subscript))),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let content = parse_inlines(ev, Some(TagEnd::Link));
                out.push(Inline::Link {
                    url: dest_url.to_string(),
                    content,
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let alt = parse_inlines(ev, Some(TagEnd::Image));
                out.push(Inline::Link {
                    url: format!("\u{0}img:{}", as_str(&dest_url)),
                    content: alt,
                });
            }
            Event::Start(_) => {
                // Unexpected nesting: flatten its text.
                out.extend(parse_inlines(ev, None));
            }
            _ => {}
        }
    }
}

/// An inline HTML start tag: emphasis and strong wrap what follows up to their end tag; a
/// dropped element's content is skipped; other tags vanish (with a warning when the author
/// should know).
fn inline_html_open(
    ev: &mut Events,
    name: &str,
    attrs: &[(String, String)],
    closed: bool,
    end: Option<TagEnd>,
    line: usize,
) -> Option<Inline> {
    if let Some(why) = html::attribute_problem(attrs) {
        ev.warnings
            .push((line, format!("HTML <{name}> has {why}: attributes dropped")));
    }
    match html::kind(name) {
        html::Kind::Wrap(wrap) if !closed && ev.html_depth < MAX_NESTING => {
            ev.html_depth += 1;
            let inner = parse_inlines_until(ev, end, Some(name));
            ev.html_depth -= 1;
            Some(wrap.around(inner))
        }
        html::Kind::LineBreak => Some(Inline::LineBreak),
        html::Kind::DropWithContent => {
            ev.warnings.push((
                line,
                format!("HTML <{name}> dropped with its content (not allowed in a book)"),
            ));
            if !closed {
                skip_inline_element(ev, name);
            }
            None
        }
        html::Kind::DropVoid => {
            let hint = if name == "img" {
                "; write images as ![alt](file.png)"
            } else {
                ""
            };
            ev.warnings.push((
                line,
                format!("HTML <{name}> dropped (not allowed in a book){hint}"),
            ));
            None
        }
        html::Kind::Unknown => {
            ev.warnings.push((
                line,
                format!("HTML <{name}> is not supported: its tags are dropped, its text kept"),
            ));
            None
        }
        _ => None,
    }
}

/// Skips inline events up to the end tag `</name>` (or the end of the Markdown element,
/// which is left for the caller).
fn skip_inline_element(ev: &mut Events, name: &str) {
    let close = format!("</{name}");
    while let Some(e) = ev.peek() {
        match e {
            Event::End(_) => return,
            Event::InlineHtml(h) if h.to_ascii_lowercase().starts_with(&close) => {
                ev.next();
                return;
            }
            _ if !is_inline_start(e) => return,
            _ => {
                ev.next();
            }
        }
    }
}

/// A block of raw HTML, reduced to the allow-list: paragraphs (split at block elements),
/// emphasis, strong, line breaks, `<hr>` as a scene break. Iterative: a stack of open
/// elements, bounded by [`MAX_NESTING`].
fn html_block(ev: &mut Events, source: &str, line: usize, out: &mut Vec<Md>) {
    // Frames: (element name, what it wraps in, inlines); the root's wrap is never used.
    type Frame = (String, html::Wrap, Vec<Inline>);
    let mut stack: Vec<Frame> = vec![(String::new(), html::Wrap::Emphasis, Vec::new())];
    let mut skipping: Option<String> = None;
    let line_of = |offset: usize| line + source[..offset].matches('\n').count();
    // Closes the open elements down to `depth` frames.
    let close_to = |stack: &mut Vec<Frame>, depth: usize| {
        while stack.len() > depth.max(1) {
            let (_, wrap, inner) = stack.pop().expect("len > 1");
            stack.last_mut().expect("root").2.push(wrap.around(inner));
        }
    };
    let mut para_line = line;
    let flush = |stack: &mut Vec<Frame>, out: &mut Vec<Md>, at: usize| {
        close_to(stack, 1);
        let inl = std::mem::take(&mut stack[0].2);
        if !plain_text(&inl).trim().is_empty() {
            out.push(Md::Para(trim_inlines(inl), at));
        }
    };
    ev.smart.reset();
    for (offset, tok) in html::tokens(source) {
        if let Some(name) = &skipping {
            if matches!(&tok, html::Tok::Close(n) if n == name) {
                skipping = None;
            }
            continue;
        }
        match tok {
            html::Tok::Text(t) => {
                let text = t.replace(['\n', '\t'], " ");
                let text = ev.smart.convert(&text);
                if stack.len() == 1 && plain_text(&stack[0].2).trim().is_empty() {
                    para_line = line_of(offset);
                }
                push_text(&mut stack.last_mut().expect("root").2, &text);
            }
            html::Tok::Open {
                name,
                attrs,
                closed,
            } => {
                let at = line_of(offset);
                if let Some(why) = html::attribute_problem(&attrs) {
                    ev.warnings
                        .push((at, format!("HTML <{name}> has {why}: attributes dropped")));
                }
                match html::kind(&name) {
                    html::Kind::Wrap(wrap) => {
                        if !closed && stack.len() <= MAX_NESTING {
                            stack.push((name, wrap, Vec::new()));
                        }
                    }
                    html::Kind::LineBreak => {
                        stack.last_mut().expect("root").2.push(Inline::LineBreak)
                    }
                    html::Kind::Rule => {
                        flush(&mut stack, out, para_line);
                        out.push(Md::Rule(at));
                    }
                    html::Kind::Block => flush(&mut stack, out, para_line),
                    html::Kind::Transparent => {}
                    html::Kind::DropWithContent => {
                        ev.warnings.push((
                            at,
                            format!(
                                "HTML <{name}> dropped with its content (not allowed in a book)"
                            ),
                        ));
                        if !closed {
                            skipping = Some(name);
                        }
                    }
                    html::Kind::DropVoid => {
                        let hint = if name == "img" {
                            "; write images as ![alt](file.png)"
                        } else {
                            ""
                        };
                        ev.warnings.push((
                            at,
                            format!("HTML <{name}> dropped (not allowed in a book){hint}"),
                        ));
                    }
                    html::Kind::Unknown => ev.warnings.push((
                        at,
                        format!(
                            "HTML <{name}> is not supported: its tags are dropped, its text kept"
                        ),
                    )),
                }
            }
            html::Tok::Close(name) => match html::kind(&name) {
                html::Kind::Wrap(_) => {
                    // Close it (and anything left open inside it).
                    if let Some(k) = stack.iter().rposition(|(n, _, _)| *n == name) {
                        if k > 0 {
                            close_to(&mut stack, k);
                        }
                    }
                }
                html::Kind::Block => flush(&mut stack, out, para_line),
                _ => {}
            },
            html::Tok::Skip => {}
        }
    }
    flush(&mut stack, out, para_line);
}

/// Trims spaces at the start and end of a run (HTML source indentation, a dropped tag).
fn trim_inlines(mut inl: Vec<Inline>) -> Vec<Inline> {
    // An emphasis left empty (an unclosed or bare `<b>`) holds nothing to show.
    inl.retain(|i| {
        !matches!(i, Inline::Emphasis(c) | Inline::Strong(c) | Inline::Styled { content: c, .. }
            if plain_text(c).trim().is_empty())
    });
    if let Some(Inline::Text(t)) = inl.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Inline::Text(t)) = inl.last_mut() {
        *t = t.trim_end().to_string();
    }
    inl.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    inl
}

fn as_str<'a>(s: &'a CowStr<'a>) -> &'a str {
    s.as_ref()
}

fn push_text(out: &mut Vec<Inline>, t: &str) {
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(t);
    } else {
        out.push(Inline::Text(t.to_string()));
    }
}

/// Converts the Markdown body into chapters.
pub fn read_body(
    path: &Path,
    text: &str,
    first_line: usize,
    language: &str,
    diag: &mut Diagnostics,
) -> Result<Body> {
    let (nodes, warnings) = parse_md(path, text, first_line, language)?;
    for (line, w) in warnings {
        diag.warn(Location::line(path, line), w);
    }

    // Which heading level starts chapters?
    let levels: Vec<u8> = nodes
        .iter()
        .filter_map(|n| match n {
            Md::Heading(l, _, _) => Some(*l),
            _ => None,
        })
        .collect();
    let mut title_from_heading = None;
    let mut nodes = nodes;
    let mut chapter_level = levels.iter().copied().min().unwrap_or(1);
    if let Some(Md::Heading(l, content, _)) = nodes.first() {
        let top_count = levels.iter().filter(|x| **x == *l).count();
        let deeper = levels.iter().filter(|x| **x > *l).copied().min();
        if *l == chapter_level && top_count == 1 && deeper.is_some() {
            title_from_heading = Some(plain_text(content).replace('\n', " "));
            chapter_level = deeper.unwrap_or(chapter_level + 1);
            nodes.remove(0);
        }
    }

    let mut chapters: Vec<Chapter> = Vec::new();
    let mut current = Chapter {
        title: None,
        blocks: Vec::new(),
        line: first_line,
    };
    let mut started = false;
    let mut iter = nodes.into_iter().peekable();
    // Whether the last break swallowed one after it (warned about once per run).
    let mut merged_run = false;
    while let Some(node) = iter.next() {
        match node {
            Md::Heading(level, content, line) if level <= chapter_level => {
                if started || !current.blocks.is_empty() {
                    chapters.push(std::mem::take(&mut current));
                }
                current = Chapter {
                    title: Some(content),
                    blocks: Vec::new(),
                    line,
                };
                started = true;
            }
            Md::Heading(level, content, line) => current.blocks.push(Block::Heading {
                level: (level - chapter_level + 1).max(2),
                content,
                line,
            }),
            Md::Rule(line) => {
                // A break right at a chapter start is dropped: the chapter opening is a break.
                let mut brk = SceneBreak {
                    label: None,
                    line,
                    reason: "thematic break".into(),
                };
                if let Some(Md::Para(content, _)) = iter.peek() {
                    if is_break_label(content) {
                        let mut label = content.clone();
                        strip_whole_emphasis(&mut label);
                        brk.label = Some(label);
                        brk.reason = "thematic break followed by a short one-line label".into();
                        iter.next();
                    }
                }
                if current.blocks.is_empty() && brk.label.is_none() {
                    diag.warn(
                        Location::line(path, line),
                        "scene break at the start of a chapter ignored",
                    );
                    continue;
                }
                // Breaks in a row with nothing between are one break (as in plain text): the
                // first keeps its place and takes the first label.
                // (Two labels are two breaks: no label is lost.)
                if let Some(Block::SceneBreak(prev)) = current
                    .blocks
                    .last_mut()
                    .filter(|b| matches!(b, Block::SceneBreak(p) if p.label.is_none() || brk.label.is_none()))
                {
                    if prev.label.is_none() {
                        prev.label = brk.label;
                    }
                    if !merged_run {
                        diag.warn(
                            Location::line(path, line),
                            "scene breaks in a row with nothing between them read as one",
                        );
                        merged_run = true;
                    }
                    continue;
                }
                merged_run = false;
                current.blocks.push(Block::SceneBreak(brk));
            }
            other => {
                let block = convert_block(path, other, diag)?;
                current.blocks.push(block);
            }
        }
    }
    if started || !current.blocks.is_empty() {
        chapters.push(current);
    }
    // A scene break as the very last block of a chapter separates nothing.
    for ch in &mut chapters {
        if let Some(Block::SceneBreak(b)) = ch.blocks.last() {
            if b.label.is_none() {
                diag.warn(
                    Location::line(path, b.line),
                    "scene break at the end of a chapter ignored",
                );
                ch.blocks.pop();
            }
        }
    }

    // An untitled opening made only of author's notes belongs before the story.
    let mut leading_notes = crate::model::take_leading_notes(&mut chapters);

    for ch in &mut chapters {
        if let Some(t) = ch.title.as_mut() {
            normalize_soft_breaks(t);
        }
        for b in &mut ch.blocks {
            normalize_block(b);
        }
    }
    for n in &mut leading_notes {
        for b in &mut n.blocks {
            normalize_block(b);
        }
    }
    Ok(Body {
        title_from_heading,
        chapters,
        leading_notes,
    })
}

/// Parses a Markdown snippet (front matter `notes:`) into blocks.
pub fn read_note(
    path: &Path,
    text: &str,
    line: usize,
    language: &str,
    diag: &mut Diagnostics,
) -> Result<Note> {
    let mut blocks = Vec::new();
    let (nodes, warnings) = parse_md(path, text, line, language)?;
    for (line, w) in warnings {
        diag.warn(Location::line(path, line), w);
    }
    for node in nodes {
        let mut b = match node {
            Md::Heading(_, content, line) => Block::Paragraph { content, line },
            Md::Rule(line) => Block::SceneBreak(SceneBreak {
                label: None,
                line,
                reason: String::new(),
            }),
            other => convert_block(path, other, diag)?,
        };
        normalize_block(&mut b);
        blocks.push(b);
    }
    Ok(Note {
        blocks,
        line,
        end_line: 0,
        reason: "front matter".into(),
    })
}

/// Explicit blockquote markers: `[!letter]`, `[!quote]`, `[!note]` as the first text.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Marker {
    Letter,
    Quote,
    Note,
}

fn take_marker(nodes: &mut Vec<Md>) -> Option<Marker> {
    let Some(Md::Para(content, _)) = nodes.first_mut() else {
        return None;
    };
    let Some(Inline::Text(t)) = content.first_mut() else {
        return None;
    };
    let trimmed = t.trim_start();
    let lower = trimmed.to_ascii_lowercase();
    let (marker, len) = [
        ("[!letter]", Marker::Letter),
        ("[!quote]", Marker::Quote),
        ("[!note]", Marker::Note),
        ("[!authors-note]", Marker::Note),
    ]
    .iter()
    .find(|(m, _)| lower.starts_with(m))
    .map(|(m, k)| (*k, m.len()))?;
    let rest = trimmed[len..].trim_start().to_string();
    *t = rest;
    if plain_text(content).trim().is_empty() {
        nodes.remove(0);
    } else if let Some(Inline::Text(t)) = content.first_mut() {
        if t.is_empty() {
            content.remove(0);
        }
    }
    Some(marker)
}

fn convert_block(path: &Path, node: Md, diag: &mut Diagnostics) -> Result<Block> {
    Ok(match node {
        Md::Para(content, line) => Block::Paragraph { content, line },
        Md::Heading(level, content, line) => Block::Heading {
            level,
            content,
            line,
        },
        Md::Rule(line) => Block::SceneBreak(SceneBreak {
            label: None,
            line,
            reason: "thematic break".into(),
        }),
        Md::Image(url, alt, line) => {
            // Checked (exists, inside the manuscript's folder, a file) by the reader's
            // `finish`, which knows the folders images may come from.
            let resolved =
                super::Boundary::joinable(path, &url, &Location::line(path, line), "image")?;
            Block::Image(Image {
                path: resolved,
                alt,
                line,
            })
        }
        Md::Quote(mut inner, line, end_line) => {
            let marker = take_marker(&mut inner);
            let mut blocks = Vec::new();
            for n in inner {
                blocks.push(convert_block(path, n, diag)?);
            }
            match marker {
                Some(Marker::Note) => Block::Note(Note {
                    blocks,
                    line,
                    end_line,
                    reason: "marked `[!note]`".into(),
                }),
                Some(Marker::Quote) => Block::Quote { blocks, line },
                Some(Marker::Letter) => Block::Letter(
                    build_letter(blocks, true, end_line).expect("forced letters always build"),
                ),
                None => match build_letter(blocks.clone(), false, end_line) {
                    Some(l) => Block::Letter(l),
                    None => Block::Quote { blocks, line },
                },
            }
        }
    })
}

/// Is this paragraph (right after a scene break) the break's label? A single short line:
/// wholly emphasised, or without sentence punctuation and not dialogue.
pub fn is_break_label(content: &[Inline]) -> bool {
    let text = plain_text(content);
    let t = text.trim();
    if t.is_empty()
        || t.contains('\n')
        || t.chars().count() > 60
        || t.split_whitespace().count() > 8
    {
        return false;
    }
    let whole_emph = matches!(content, [Inline::Emphasis(_)] | [Inline::Strong(_)]);
    if whole_emph {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    let last = t.chars().last().unwrap_or(' ');
    !matches!(first, '"' | '“' | '‘' | '\'' | '«' | '—' | '-')
        && !matches!(
            last,
            '.' | '!' | '?' | '…' | '"' | '”' | '’' | '»' | ',' | ';' | ':'
        )
        && first.is_uppercase()
}

fn strip_whole_emphasis(content: &mut Vec<Inline>) {
    if let [Inline::Emphasis(inner)] | [Inline::Strong(inner)] = content.as_slice() {
        *content = inner.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> (Body, Diagnostics) {
        let mut d = Diagnostics::default();
        let b = read_body(Path::new("t.md"), md, 1, "en", &mut d).unwrap();
        (b, d)
    }

    #[test]
    fn labels() {
        let t = |s: &str| vec![Inline::Text(s.into())];
        assert!(is_break_label(&t("Three days later")));
        assert!(is_break_label(&[Inline::Emphasis(t("Two days later."))]));
        assert!(!is_break_label(&t("“No.”")));
        assert!(!is_break_label(&t("She ran.")));
        assert!(!is_break_label(&t("and then")));
        assert!(!is_break_label(&t(
            "Meanwhile the harbour master had been counting the boats again"
        )));
    }

    #[test]
    fn breaks_in_a_row_are_one() {
        let breaks = |md: &str| -> Vec<Option<String>> {
            let (b, _) = body(md);
            b.chapters[0]
                .blocks
                .iter()
                .filter_map(|x| match x {
                    Block::SceneBreak(s) => Some(s.label.as_ref().map(|l| plain_text(l))),
                    _ => None,
                })
                .collect()
        };
        let many = format!("Start.\n\n{}End.\n", "***\n\n".repeat(3000));
        assert_eq!(breaks(&many), [None]);
        assert_eq!(
            breaks("A.\n\n***\n\n***\n\nLater\n\nB.\n"),
            [Some("Later".into())]
        );
        // Two labels are two breaks.
        assert_eq!(
            breaks("A.\n\n***\n\nLater\n\n***\n\nEarlier\n\nB.\n"),
            [Some("Later".into()), Some("Earlier".into())]
        );
    }

    #[test]
    fn single_h1_is_title_when_h2_chapters_follow() {
        let (b, _) = body("# The Book\n\n## One\n\nText.\n\n## Two\n\nMore.\n");
        assert_eq!(b.title_from_heading.as_deref(), Some("The Book"));
        assert_eq!(b.chapters.len(), 2);
    }

    #[test]
    fn soft_breaks_become_spaces_outside_letters() {
        let (b, _) = body("One line\nand the next.\n");
        match &b.chapters[0].blocks[0] {
            Block::Paragraph { content, .. } => {
                assert_eq!(plain_text(content), "One line and the next.")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn markers() {
        let (b, _) = body("Text.\n\n> [!note]\n> Thanks for reading.\n\n> [!quote]\n> Dear John,\n>\n> Yours,\n> Me\n");
        let kinds: Vec<&str> = b.chapters[0]
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { .. } => "p",
                Block::Note(_) => "note",
                Block::Quote { .. } => "quote",
                Block::Letter(_) => "letter",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["p", "note", "quote"]);
    }
}
