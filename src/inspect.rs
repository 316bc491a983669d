//! `inkbind inspect`: the structure found in a manuscript, for people and for programs.

use crate::model::{plain_text, Block, Inline, Story};
use serde::Serialize;
use std::fmt::Write;

/// One structural element, in reading order.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Item {
    /// `chapter`, `note`, `letter`, `scene_break`, `quote`, `heading`, `image`.
    pub kind: &'static str,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    /// Chapter or heading title, break label, first words of a note/letter/quote.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For letters: the first words of the last part (signature or P.S.).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
    /// For letters: which parts were found.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<&'static str>,
    /// Paragraph count (chapters: story paragraphs; letters/notes: their paragraphs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<usize>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Nesting depth (0 = top level of the story, 1 = inside a chapter).
    pub depth: usize,
}

/// The whole summary for one manuscript.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub file: String,
    pub title: String,
    pub authors: Vec<String>,
    pub language: String,
    /// Text encoding found (plain-text manuscripts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub words: usize,
    pub chapters: usize,
    pub letters: usize,
    pub scene_breaks: usize,
    pub notes: usize,
    pub items: Vec<Item>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

fn first_words(inl: &[Inline], n: usize) -> String {
    let t = plain_text(inl);
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut s = words[..words.len().min(n)].join(" ");
    if words.len() > n {
        s.push('…');
    }
    s
}

fn block_first_words(blocks: &[Block], n: usize) -> String {
    for b in blocks {
        if let Block::Paragraph { content, .. } = b {
            return first_words(content, n);
        }
    }
    String::new()
}

pub fn summarize(file: &str, story: &Story, warnings: Vec<String>) -> Summary {
    let mut items = Vec::new();
    for n in &story.front_notes {
        items.push(note_item(n, 0));
    }
    for (i, ch) in story.chapters.iter().enumerate() {
        let paras = ch
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Paragraph { .. }))
            .count();
        items.push(Item {
            kind: "chapter",
            line: ch.line,
            end_line: None,
            text: Some(
                ch.title
                    .as_ref()
                    .map(|t| plain_text(t))
                    .unwrap_or_else(|| format!("(untitled chapter {})", i + 1)),
            ),
            last: None,
            parts: Vec::new(),
            paragraphs: Some(paras),
            reason: String::new(),
            depth: 0,
        });
        block_items(&ch.blocks, 1, &mut items);
    }
    for n in &story.end_notes {
        items.push(note_item(n, 0));
    }
    let count = |k: &str| items.iter().filter(|i| i.kind == k).count();
    Summary {
        file: file.to_string(),
        title: story.meta.title.clone(),
        authors: story.meta.authors.clone(),
        language: story.meta.language.clone(),
        encoding: None,
        words: story.word_count(),
        chapters: story.chapters.len(),
        letters: count("letter"),
        scene_breaks: count("scene_break"),
        notes: count("note"),
        items,
        warnings,
    }
}

fn note_item(n: &crate::model::Note, depth: usize) -> Item {
    Item {
        kind: "note",
        line: n.line,
        end_line: None,
        text: Some(block_first_words(&n.blocks, 6)),
        last: None,
        parts: Vec::new(),
        paragraphs: Some(n.blocks.len()),
        reason: n.reason.clone(),
        depth,
    }
}

fn block_items(blocks: &[Block], depth: usize, items: &mut Vec<Item>) {
    for b in blocks {
        match b {
            Block::Letter(l) => {
                // (part name, first words) in reading order.
                let mut seen: Vec<(&'static str, String)> = Vec::new();
                if let Some(d) = &l.superscription {
                    seen.push(("superscription", first_words(d, 5)));
                }
                if let Some(d) = &l.dateline {
                    seen.push(("dateline", first_words(d, 5)));
                }
                if let Some(d) = &l.address {
                    seen.push(("address", first_words(d, 5)));
                }
                if let Some(s) = &l.salutation {
                    seen.push(("salutation", first_words(s, 5)));
                }
                let body_paras: Vec<String> = l
                    .body
                    .iter()
                    .filter_map(|bb| match bb {
                        Block::Paragraph { content, .. } => Some(first_words(content, 5)),
                        _ => None,
                    })
                    .collect();
                if !l.body.is_empty() {
                    seen.push(("body", body_paras.first().cloned().unwrap_or_default()));
                    if body_paras.len() > 1 {
                        seen.push(("", body_paras.last().cloned().unwrap_or_default()));
                    }
                }
                if let Some(v) = &l.valediction {
                    seen.push(("valediction", first_words(v, 5)));
                }
                if let Some(s) = &l.signature {
                    seen.push(("signature", first_words(s, 5)));
                }
                if let Some(s) = &l.role {
                    seen.push(("role", first_words(s, 5)));
                }
                for p in &l.postscript {
                    seen.push(("postscript", first_words(p, 5)));
                }
                let first = seen.first().map(|(_, w)| w.clone());
                let last = seen.last().map(|(_, w)| w.clone());
                let mut parts: Vec<&'static str> = seen
                    .iter()
                    .map(|(n, _)| *n)
                    .filter(|n| !n.is_empty())
                    .collect();
                parts.dedup();
                items.push(Item {
                    kind: "letter",
                    line: l.line,
                    end_line: Some(l.end_line),
                    text: first,
                    last,
                    parts,
                    paragraphs: Some(l.source_paragraphs),
                    reason: l.reason.clone(),
                    depth,
                });
            }
            Block::SceneBreak(s) => items.push(Item {
                kind: "scene_break",
                line: s.line,
                end_line: None,
                text: s.label.as_ref().map(|l| plain_text(l)),
                last: None,
                parts: Vec::new(),
                paragraphs: None,
                reason: s.reason.clone(),
                depth,
            }),
            Block::Note(n) => items.push(note_item(n, depth)),
            Block::Quote { blocks, line } => items.push(Item {
                kind: "quote",
                line: *line,
                end_line: None,
                text: Some(block_first_words(blocks, 5)),
                last: None,
                parts: Vec::new(),
                paragraphs: Some(blocks.len()),
                reason: String::new(),
                depth,
            }),
            Block::Heading { content, line, .. } => items.push(Item {
                kind: "heading",
                line: *line,
                end_line: None,
                text: Some(plain_text(content)),
                last: None,
                parts: Vec::new(),
                paragraphs: None,
                reason: String::new(),
                depth,
            }),
            Block::Image(img) => items.push(Item {
                kind: "image",
                line: img.line,
                end_line: None,
                text: Some(img.path.display().to_string()),
                last: None,
                parts: Vec::new(),
                paragraphs: None,
                reason: String::new(),
                depth,
            }),
            Block::Paragraph { .. } => {}
        }
    }
}

/// The human-readable form.
pub fn to_text(s: &Summary, explain: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", s.file);
    let _ = writeln!(
        out,
        "  title: {}\n  author: {}\n  language: {}\n  {} words, {} chapters, {} letters, {} scene breaks, {} author's notes",
        s.title,
        if s.authors.is_empty() {
            "(none)".to_string()
        } else {
            s.authors.join(", ")
        },
        match &s.encoding {
            Some(e) => format!("{} (text encoding {e})", s.language),
            None => s.language.clone(),
        },
        s.words,
        s.chapters,
        s.letters,
        s.scene_breaks,
        s.notes
    );
    for i in &s.items {
        let indent = "  ".repeat(i.depth + 1);
        let lines = match i.end_line {
            Some(e) if e != i.line => format!("lines {}-{}", i.line, e),
            _ => format!("line {}", i.line),
        };
        let desc = match i.kind {
            "chapter" => format!(
                "chapter “{}” ({} paragraphs)",
                i.text.as_deref().unwrap_or(""),
                i.paragraphs.unwrap_or(0)
            ),
            "letter" => format!(
                "letter “{}” … “{}” [{}], {} paragraphs",
                i.text.as_deref().unwrap_or(""),
                i.last.as_deref().unwrap_or(""),
                i.parts.join(", "),
                i.paragraphs.unwrap_or(0)
            ),
            "scene_break" => match &i.text {
                Some(l) => format!("scene break, labelled “{l}”"),
                None => "scene break".to_string(),
            },
            "note" => format!("author's note “{}”", i.text.as_deref().unwrap_or("")),
            "quote" => format!("quotation “{}”", i.text.as_deref().unwrap_or("")),
            "heading" => format!("heading “{}”", i.text.as_deref().unwrap_or("")),
            "image" => format!("image {}", i.text.as_deref().unwrap_or("")),
            other => other.to_string(),
        };
        let _ = writeln!(out, "{indent}{lines:<14} {desc}");
        if explain && !i.reason.is_empty() {
            let _ = writeln!(out, "{indent}{:<14}   because: {}", "", i.reason);
        }
    }
    for w in &s.warnings {
        let _ = writeln!(out, "  warning: {w}");
    }
    out
}
