//! The story model: what a manuscript *means*, independent of any output format.
//!
//! Readers (`crate::reader`) build a [`Story`]; renderers (`crate::render`) consume it.
//! Nothing in here knows about XHTML, EPUB or PDF.

use serde::Serialize;
use std::path::PathBuf;

/// A whole story: metadata, an optional author's note before and after, and chapters.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Story {
    pub meta: Metadata,
    /// Author's notes shown before the first chapter (front matter `notes:`).
    pub front_notes: Vec<Note>,
    pub chapters: Vec<Chapter>,
    /// Author's notes shown after the last chapter (front matter `end_notes:`).
    pub end_notes: Vec<Note>,
}

/// Bibliographic and fan-work metadata.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// BCP 47 language tag; always set (defaults to `en`).
    pub language: String,
    /// Publication date as written (`YYYY-MM-DD` or a full RFC 3339 timestamp).
    pub date: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub rights: Option<String>,
    pub series: Option<String>,
    pub series_index: Option<f64>,
    /// Each fandom on its own (`fandom: A, B` gives two; archive tags never hold commas).
    pub fandoms: Vec<String>,
    pub rating: Option<String>,
    pub warnings: Vec<String>,
    pub relationships: Vec<String>,
    pub characters: Vec<String>,
    /// Cover image, resolved relative to the manuscript.
    pub cover: Option<PathBuf>,
    /// An explicit identifier (ISBN, URN, URL); otherwise one is derived from the content.
    pub identifier: Option<String>,
    /// Where the story was first published (an `http(s)` URL).
    pub source: Option<String>,
    /// Whether the work is finished.
    pub status: Option<Status>,
    /// When the work was last updated, as written (`YYYY-MM-DD` or RFC 3339).
    pub updated: Option<String>,
}

/// Completion status of a work (front matter `status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Complete,
    InProgress,
}

impl Status {
    /// Reads the words authors and archives use: `complete`/`completed`/`finished`, and
    /// `in progress`/`in-progress`/`wip`/`ongoing`/`incomplete`.
    pub fn parse(s: &str) -> Option<Status> {
        let k: String = s
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match k.as_str() {
            "complete" | "completed" | "finished" | "done" => Some(Status::Complete),
            "inprogress" | "wip" | "ongoing" | "incomplete" | "workinprogress" | "unfinished" => {
                Some(Status::InProgress)
            }
            _ => None,
        }
    }
}

impl Metadata {
    /// True when any fan-work field is present (they are shown on the title page).
    pub fn is_fan_work(&self) -> bool {
        !self.fandoms.is_empty()
            || self.rating.is_some()
            || !self.relationships.is_empty()
            || !self.characters.is_empty()
            || !self.warnings.is_empty()
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Chapter {
    /// The heading as written; `None` for an untitled chapter (a story without headings).
    pub title: Option<Vec<Inline>>,
    pub blocks: Vec<Block>,
    /// 1-based source line of the heading (or of the first block).
    pub line: usize,
}

/// Block-level content of a chapter.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
        line: usize,
    },
    /// A heading inside a chapter (level 2 = first sub-level).
    Heading {
        level: u8,
        content: Vec<Inline>,
        line: usize,
    },
    Letter(Letter),
    SceneBreak(SceneBreak),
    Note(Note),
    /// A quotation that is not a letter (an inscription, lines of a song…).
    Quote {
        blocks: Vec<Block>,
        line: usize,
    },
    Image(Image),
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Paragraph { line, .. }
            | Block::Heading { line, .. }
            | Block::Quote { line, .. } => *line,
            Block::Letter(l) => l.line,
            Block::SceneBreak(b) => b.line,
            Block::Note(n) => n.line,
            Block::Image(i) => i.line,
        }
    }
}

/// A letter (or note, or diary entry) inside the story. Every part is optional.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Letter {
    /// Whom the letter is directed to, above it (`To Mr HENRY DAVIS, Bookseller, in London.`).
    pub superscription: Option<Vec<Inline>>,
    /// A place/date line before the salutation (`Harrow Point, 3rd March`).
    pub dateline: Option<Vec<Inline>>,
    /// An inside address: the addressee's name (and address) under the date, above the
    /// salutation (`MRS. JUDY ABBOTT PENDLETON,`).
    pub address: Option<Vec<Inline>>,
    /// `Dear Marianne,`
    pub salutation: Option<Vec<Inline>>,
    pub body: Vec<Block>,
    /// `Yours ever,`
    pub valediction: Option<Vec<Inline>>,
    /// `Tom`
    pub signature: Option<Vec<Inline>>,
    /// The signer's title, department or firm on a line under the signature
    /// (`Compliance & Risk, Floor 9`, `for Varrick, Marsh & Pryor, solicitors`).
    pub role: Option<Vec<Inline>>,
    /// Paragraphs after the signature (`P.S. …`).
    pub postscript: Vec<Vec<Inline>>,
    pub line: usize,
    /// Last source line of the letter (for `inspect`).
    pub end_line: usize,
    /// How many paragraphs of the manuscript the letter spans (a `Love, Tom` line is one
    /// paragraph of the source but two parts of the letter).
    pub source_paragraphs: usize,
    /// Why the reader decided this is a letter (shown by `inspect --explain`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Letter {
    /// Number of paragraphs the letter spans (dateline, salutation, body, valediction, signature, P.S.).
    pub fn paragraph_count(&self) -> usize {
        self.superscription.is_some() as usize
            + self.dateline.is_some() as usize
            + self.address.is_some() as usize
            + self.salutation.is_some() as usize
            + self.body.len()
            + self.valediction.is_some() as usize
            + self.signature.is_some() as usize
            + self.role.is_some() as usize
            + self.postscript.len()
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SceneBreak {
    /// A label such as `Three days later`.
    pub label: Option<Vec<Inline>>,
    pub line: usize,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// An author's note: set apart from the story, never mixed into it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Note {
    pub blocks: Vec<Block>,
    pub line: usize,
    /// Last source line of the note (for `inspect`; 0 when unknown).
    #[serde(skip_serializing_if = "is_zero")]
    pub end_line: usize,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Image {
    /// Resolved path of the image file.
    pub path: PathBuf,
    pub alt: String,
    pub line: usize,
}

/// Inline content. Text is already typographically cleaned (curly quotes, dashes, ellipses).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "content", rename_all = "snake_case")]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Code(String),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    /// Underlined, struck, superscript, subscript or small text (from raw HTML's `<u>`,
    /// `<s>`, `<sup>`, `<sub>`, `<small>`).
    Styled {
        style: SpanStyle,
        content: Vec<Inline>,
    },
    LineBreak,
}

/// The inline styles a book keeps besides emphasis and strong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanStyle {
    Underline,
    Strike,
    Superscript,
    Subscript,
    Small,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Plain text of a run of inlines (line breaks become spaces).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Link { content: c, .. }
            | Inline::Styled { content: c, .. } => push_plain(c, out),
            Inline::LineBreak => out.push(' '),
        }
    }
}

/// Plain text keeping line breaks (hard and soft) as `\n`.
pub fn plain_text_lines(inlines: &[Inline]) -> String {
    split_at_line_breaks(inlines)
        .iter()
        .map(|p| plain_text(p))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Splits a run of inlines at its line breaks, hard (`LineBreak`) or soft (a `\n` inside text,
/// as readers leave them until [`normalize_soft_breaks`]). Used to split `Yours,\nTom`.
pub fn split_at_line_breaks(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    let mut parts: Vec<Vec<Inline>> = vec![Vec::new()];
    for i in inlines {
        match i {
            Inline::LineBreak => parts.push(Vec::new()),
            Inline::Text(t) if t.contains('\n') => {
                for (k, piece) in t.split('\n').enumerate() {
                    if k > 0 {
                        parts.push(Vec::new());
                    }
                    if !piece.is_empty() {
                        parts
                            .last_mut()
                            .expect("never empty")
                            .push(Inline::Text(piece.into()));
                    }
                }
            }
            other => parts.last_mut().expect("never empty").push(other.clone()),
        }
    }
    parts.retain(|p| !plain_text(p).trim().is_empty());
    parts
}

/// Turns soft line breaks (`\n` in text) into spaces and runs of spaces into one (as a
/// browser shows them; a dropped HTML element or a pasted double space leaves such runs),
/// everywhere in a run.
pub fn normalize_soft_breaks(inlines: &mut [Inline]) {
    for i in inlines {
        match i {
            Inline::Text(t) if t.contains('\n') || t.contains("  ") => {
                let mut out = String::with_capacity(t.len());
                for c in t.chars().map(|c| if c == '\n' { ' ' } else { c }) {
                    if !(c == ' ' && out.ends_with(' ')) {
                        out.push(c);
                    }
                }
                *t = out;
            }
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Link { content: c, .. }
            | Inline::Styled { content: c, .. } => normalize_soft_breaks(c),
            _ => {}
        }
    }
}

/// Turns soft line breaks into spaces throughout a block (readers call this last).
pub fn normalize_block(b: &mut Block) {
    let norm = |v: &mut Option<Vec<Inline>>| {
        if let Some(v) = v.as_mut() {
            normalize_soft_breaks(v)
        }
    };
    match b {
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
            normalize_soft_breaks(content)
        }
        Block::Letter(l) => {
            norm(&mut l.superscription);
            norm(&mut l.dateline);
            norm(&mut l.address);
            norm(&mut l.salutation);
            norm(&mut l.valediction);
            norm(&mut l.signature);
            norm(&mut l.role);
            l.body.iter_mut().for_each(normalize_block);
            l.postscript
                .iter_mut()
                .for_each(|p| normalize_soft_breaks(p));
        }
        Block::SceneBreak(s) => norm(&mut s.label),
        Block::Note(n) => n.blocks.iter_mut().for_each(normalize_block),
        Block::Quote { blocks, .. } => blocks.iter_mut().for_each(normalize_block),
        Block::Image(_) => {}
    }
}

/// Takes an untitled opening chapter made only of author's notes (the notes belong before
/// the story) and returns its notes.
pub fn take_leading_notes(chapters: &mut Vec<Chapter>) -> Vec<Note> {
    let only_notes = chapters.len() > 1
        && chapters[0].title.is_none()
        && chapters[0]
            .blocks
            .iter()
            .all(|b| matches!(b, Block::Note(_)));
    if !only_notes {
        return Vec::new();
    }
    chapters
        .remove(0)
        .blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Note(n) => Some(n),
            _ => None,
        })
        .collect()
}

/// Calls `f` on every block of the story, nested ones included (in letters, notes, quotes).
pub fn walk_blocks<'a>(story: &'a Story, f: &mut dyn FnMut(&'a Block)) {
    fn walk<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
        for b in blocks {
            f(b);
            match b {
                Block::Letter(l) => walk(&l.body, f),
                Block::Note(n) => walk(&n.blocks, f),
                Block::Quote { blocks, .. } => walk(blocks, f),
                _ => {}
            }
        }
    }
    for n in story.front_notes.iter().chain(&story.end_notes) {
        walk(&n.blocks, f);
    }
    for c in &story.chapters {
        walk(&c.blocks, f);
    }
}

/// Calls `f` on every run of inlines (paragraphs, headings, chapter titles, letter parts,
/// scene-break labels) with its source line.
pub fn walk_runs(story: &Story, f: &mut dyn FnMut(&[Inline], usize)) {
    for c in &story.chapters {
        if let Some(t) = &c.title {
            f(t, c.line);
        }
    }
    walk_blocks(story, &mut |b| match b {
        Block::Paragraph { content, line } | Block::Heading { content, line, .. } => {
            f(content, *line)
        }
        Block::Letter(l) => {
            for part in [
                &l.superscription,
                &l.dateline,
                &l.address,
                &l.salutation,
                &l.valediction,
                &l.signature,
                &l.role,
            ]
            .into_iter()
            .flatten()
            {
                f(part, l.line);
            }
            for p in &l.postscript {
                f(p, l.line);
            }
        }
        Block::SceneBreak(s) => {
            if let Some(label) = &s.label {
                f(label, s.line);
            }
        }
        _ => {}
    });
}

/// Calls `f` on every block of the story, mutably, nested ones included (each after the
/// block that holds it).
pub fn walk_blocks_mut(story: &mut Story, f: &mut dyn FnMut(&mut Block)) {
    fn walk(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
        for b in blocks {
            f(b);
            match b {
                Block::Letter(l) => walk(&mut l.body, f),
                Block::Note(n) => walk(&mut n.blocks, f),
                Block::Quote { blocks, .. } => walk(blocks, f),
                _ => {}
            }
        }
    }
    for n in story
        .front_notes
        .iter_mut()
        .chain(story.end_notes.iter_mut())
    {
        walk(&mut n.blocks, f);
    }
    for c in &mut story.chapters {
        walk(&mut c.blocks, f);
    }
}

/// The runs of inlines a block holds itself (not those of the blocks nested in it), with
/// their source line.
fn own_runs_mut(b: &mut Block, f: &mut dyn FnMut(&mut Vec<Inline>, usize)) {
    match b {
        Block::Paragraph { content, line } | Block::Heading { content, line, .. } => {
            f(content, *line)
        }
        Block::Letter(l) => {
            let line = l.line;
            for part in [
                &mut l.superscription,
                &mut l.dateline,
                &mut l.address,
                &mut l.salutation,
                &mut l.valediction,
                &mut l.signature,
                &mut l.role,
            ]
            .into_iter()
            .flatten()
            {
                f(part, line);
            }
            l.postscript.iter_mut().for_each(|p| f(p, line));
        }
        Block::SceneBreak(s) => {
            if let Some(label) = s.label.as_mut() {
                f(label, s.line);
            }
        }
        Block::Note(_) | Block::Quote { .. } | Block::Image(_) => {}
    }
}

/// Calls `f` on every run of inlines, mutably, with its source line (chapter titles,
/// paragraphs, headings, letter parts, scene-break labels, in notes too).
pub fn walk_runs_mut(story: &mut Story, f: &mut dyn FnMut(&mut Vec<Inline>, usize)) {
    for c in &mut story.chapters {
        let line = c.line;
        if let Some(t) = c.title.as_mut() {
            f(t, line);
        }
    }
    walk_blocks_mut(story, &mut |b| own_runs_mut(b, f));
}

/// Calls `f` on every string of the story's text (not its metadata): inline text, code,
/// link addresses, image alternative text.
pub fn walk_text_mut(story: &mut Story, f: &mut dyn FnMut(&mut String)) {
    fn run(inlines: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => f(t),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Styled { content: c, .. } => {
                    run(c, f)
                }
                Inline::Link { url, content } => {
                    f(url);
                    run(content, f)
                }
                Inline::LineBreak => {}
            }
        }
    }
    walk_runs_mut(story, &mut |r, _| run(r, f));
    walk_blocks_mut(story, &mut |b| {
        if let Block::Image(i) = b {
            f(&mut i.alt)
        }
    });
}

/// Number of characters of plain text in a run (without building it).
pub fn plain_len(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Code(t) => t.chars().count(),
            Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Link { content: c, .. }
            | Inline::Styled { content: c, .. } => plain_len(c),
            Inline::LineBreak => 1,
        })
        .sum()
}

impl Story {
    /// Every block of the story in reading order, with the chapter index (notes are `None`).
    pub fn word_count(&self) -> usize {
        let mut n = 0;
        for c in &self.chapters {
            for b in &c.blocks {
                n += block_words(b);
            }
        }
        n
    }
}

fn block_words(b: &Block) -> usize {
    let words = |i: &[Inline]| plain_text(i).split_whitespace().count();
    match b {
        Block::Paragraph { content, .. } | Block::Heading { content, .. } => words(content),
        Block::Letter(l) => {
            l.superscription.as_deref().map_or(0, words)
                + l.dateline.as_deref().map_or(0, words)
                + l.address.as_deref().map_or(0, words)
                + l.salutation.as_deref().map_or(0, words)
                + l.body.iter().map(block_words).sum::<usize>()
                + l.valediction.as_deref().map_or(0, words)
                + l.signature.as_deref().map_or(0, words)
                + l.role.as_deref().map_or(0, words)
                + l.postscript.iter().map(|p| words(p)).sum::<usize>()
        }
        Block::SceneBreak(s) => s.label.as_deref().map_or(0, words),
        Block::Note(n) => n.blocks.iter().map(block_words).sum(),
        Block::Quote { blocks, .. } => blocks.iter().map(block_words).sum(),
        Block::Image(_) => 0,
    }
}
