//! Stage one of the typesetter, **collect**: the story → a vertical list of set lines, gaps,
//! ornaments, figures and page starts ([`V`]), with the book's logical structure built
//! alongside (sections, headings, paragraphs, letters, notes, figures).
//!
//! Lines are broken here (by [`super::text::Setter`]); where pages break is decided by
//! [`super::paginate`], and how pages look by [`super::compose`].

use super::font::Style;
use super::layout::Stats;
use super::page::{Role, StructElem};
use super::preset::PageSetup;
use super::style::BookStyle;
use super::text::{Align, ParaSpec, Run, SetLine, Setter, LINE_BREAK};
use crate::i18n;
use crate::model::{plain_text, Block, Inline, Letter, Metadata, Story};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// One entry of the vertical list.
#[derive(Clone, Debug)]
pub enum V {
    Line {
        line: SetLine,
        /// Left edge of the line's measure, from the text block's left.
        x: f32,
        height: f32,
        /// Line `index` of a paragraph of `count` lines (for widow/orphan control).
        index: usize,
        count: usize,
        keep_with_next: bool,
        /// The structure element the line belongs to.
        tag: usize,
        /// Its place in the letter, quotation or note it is part of (for keeping at least
        /// two of a block's lines on each side of a page break).
        block: Option<InBlock>,
    },
    Space(f32),
    Ornament {
        height: f32,
    },
    Image {
        data: Arc<Vec<u8>>,
        /// The decoded figure (decoded once, by the assets).
        pixels: Arc<image::DynamicImage>,
        width: f32,
        height: f32,
        /// Its `Figure` element.
        tag: usize,
    },
    /// Start a new page; `opening` marks a chapter opening (no running head).
    NewPage {
        opening: bool,
        bookmark: Option<String>,
    },
    /// Space at the top of a chapter opening (kept even at the top of a page).
    Sink(f32),
}

impl V {
    /// The room the entry takes on the page, in points.
    pub fn height(&self) -> f32 {
        match self {
            V::Line { height, .. } => *height,
            V::Space(h) | V::Sink(h) => *h,
            V::Ornament { height } => *height,
            V::Image { height, .. } => *height,
            V::NewPage { .. } => 0.0,
        }
    }
    /// Whether no page may break after this entry.
    pub fn keeps_with_next(&self) -> bool {
        match self {
            V::Line { keep_with_next, .. } => *keep_with_next,
            V::Ornament { .. } | V::Sink(_) => true,
            _ => false,
        }
    }
}

/// How each justified paragraph was set, by its structure element.
pub type Specs = FxHashMap<usize, ParaSpec>;

/// A line's place in a block set apart (a letter, a quotation, an author's note).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InBlock {
    /// The block's structure element.
    pub id: usize,
    /// Line `index` of the block's `count` lines.
    pub index: usize,
    pub count: usize,
}

/// What collecting a story gives: the vertical list and the structure its lines belong to.
pub struct Collected<'a> {
    pub list: Vec<V>,
    /// The logical structure (index 0: the document).
    pub structure: Vec<StructElem>,
    /// How each justified paragraph was set, by its structure element: pagination may
    /// set one again a line longer.
    pub specs: Specs,
    /// The setter, for the page furniture set later (it keeps its shaping caches).
    pub setter: Setter<'a>,
}

/// Figures about the lines of a vertical list (widows and orphans are counted once pages
/// are known).
pub fn line_stats(list: &[V]) -> Stats {
    let mut stats = Stats::default();
    let mut consecutive = 0;
    for v in list {
        let V::Line { line, index, .. } = v else {
            continue;
        };
        if *index == 0 {
            consecutive = 0;
        }
        stats.lines += 1;
        if line.overfull {
            stats.overfull_lines += 1;
        }
        if line.hyphenated {
            stats.hyphenated_lines += 1;
            consecutive += 1;
            stats.max_consecutive_hyphens = stats.max_consecutive_hyphens.max(consecutive);
        } else {
            consecutive = 0;
        }
        if line.justified {
            stats.justified_lines += 1;
            let r = line.ratio;
            stats.space_ratios.push(if r >= 0.0 {
                1.0 + r * super::text::SPACE_STRETCH
            } else {
                1.0 + r * super::text::SPACE_SHRINK
            });
        }
    }
    stats
}

/// The entries of a paragraph's set lines, numbered.
fn paragraph(
    lines: Vec<SetLine>,
    x: f32,
    height: f32,
    keep_with_next: bool,
    tag: usize,
    block: Option<InBlock>,
) -> impl Iterator<Item = V> {
    let count = lines.len();
    lines
        .into_iter()
        .enumerate()
        .map(move |(index, line)| V::Line {
            line,
            x,
            height,
            index,
            count,
            keep_with_next,
            tag,
            block,
        })
}

/// Replaces the lines of paragraph `tag` (its structure element) with `lines`, renumbering
/// them and the lines of the block they are part of. Returns false, changing nothing, when
/// the paragraph has no lines in the list.
pub fn replace_paragraph(list: &mut Vec<V>, tag: usize, lines: Vec<SetLine>) -> bool {
    let Some(first) = list
        .iter()
        .position(|v| matches!(v, V::Line { tag: t, .. } if *t == tag))
    else {
        return false;
    };
    let old = list[first..]
        .iter()
        .take_while(|v| matches!(v, V::Line { tag: t, .. } if *t == tag))
        .count();
    let V::Line {
        x,
        height,
        keep_with_next,
        block,
        ..
    } = list[first].clone()
    else {
        return false;
    };
    let new = paragraph(lines, x, height, keep_with_next, tag, block);
    list.splice(first..first + old, new);
    if let Some(b) = block {
        let mut k = 0;
        let total = list
            .iter()
            .filter(|v| matches!(v, V::Line { block: Some(o), .. } if o.id == b.id))
            .count();
        for v in list.iter_mut() {
            if let V::Line { block: Some(o), .. } = v {
                if o.id == b.id {
                    o.index = k;
                    o.count = total;
                    k += 1;
                }
            }
        }
    }
    true
}

/// Collects a story into its vertical list: the title page and its verso, notes before the
/// story, each chapter on a new page, notes after it. Fails on the first figure that cannot
/// be read.
///
/// `flush` is handed the list whenever it ends where a new page must start (before each
/// chapter and the closing notes), to paginate and compose what it holds and empty it: then
/// only one chapter's lines are alive at a time. What is left at the end is returned.
pub fn collect<'a>(
    story: &Story,
    setup: &'a PageSetup,
    setter: Setter<'a>,
    assets: &'a crate::assets::Assets,
    flush: &mut dyn FnMut(&mut Vec<V>, &mut Specs, &mut Setter<'a>),
) -> crate::error::Result<Collected<'a>> {
    let meta = &story.meta;
    let mut b = Builder {
        style: setup.style.clone(),
        setter,
        setup,
        assets,
        list: Vec::new(),
        specs: FxHashMap::default(),
        labels: i18n::labels(&meta.language),
        errors: Vec::new(),
        structure: vec![StructElem {
            role: Role::Document,
            parent: None,
            alt: None,
        }],
        group: 0,
        role: Role::P,
        fixed: None,
    };
    title_page(&mut b, meta, i18n::Counts::of(story));
    b.note_pages(&story.front_notes);
    for ch in &story.chapters {
        flush(&mut b.list, &mut b.specs, &mut b.setter);
        let heading = ch.title.is_some() || story.chapters.len() > 1;
        b.chapter_title(ch.title.as_deref(), &meta.title, heading);
        b.blocks(&ch.blocks, true);
    }
    flush(&mut b.list, &mut b.specs, &mut b.setter);
    b.note_pages(&story.end_notes);
    if let Some(e) = b.errors.into_iter().next() {
        return Err(e);
    }
    Ok(Collected {
        list: b.list,
        structure: b.structure,
        specs: b.specs,
        setter: b.setter,
    })
}

/// Builds the vertical list; see [`collect`].
struct Builder<'a> {
    style: BookStyle,
    setter: Setter<'a>,
    setup: &'a PageSetup,
    /// Figures, read and decoded once per conversion.
    assets: &'a crate::assets::Assets,
    list: Vec<V>,
    specs: FxHashMap<usize, ParaSpec>,
    labels: &'static i18n::Labels,
    errors: Vec<crate::error::Error>,
    /// The logical structure built alongside the lines (index 0: the document).
    structure: Vec<StructElem>,
    /// The element new paragraphs go into.
    group: usize,
    /// The role of the next paragraphs (each `para` call is one element)...
    role: Role,
    /// ... unless this is set: then lines go into this element (a heading set in two parts).
    fixed: Option<usize>,
}

/// Inline content → styled runs. Emphasis flips italic (so it is roman inside an italic letter).
fn runs(inlines: &[Inline], style: Style, out: &mut Vec<Run>) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => push_run(out, t, style),
            Inline::Emphasis(c) => runs(c, style.flip_italic(), out),
            Inline::Strong(c) => runs(c, style.bold(), out),
            // (the PDF sets underlined, struck, raised, lowered and small text as the text
            // around it: its words are kept, the decoration is not drawn)
            Inline::Link { content, .. } | Inline::Styled { content, .. } => {
                runs(content, style, out)
            }
            Inline::LineBreak => push_run(out, &LINE_BREAK.to_string(), style),
        }
    }
}

fn push_run(out: &mut Vec<Run>, text: &str, style: Style) {
    let text = text.replace('\n', " ");
    match out.last_mut() {
        Some(r) if r.style == style && !r.small_caps => r.text.push_str(&text),
        _ => out.push(Run {
            text,
            style,
            small_caps: false,
        }),
    }
}

fn text_runs(inlines: &[Inline], style: Style) -> Vec<Run> {
    let mut v = Vec::new();
    runs(inlines, style, &mut v);
    v
}

fn plain_runs(text: &str, style: Style) -> Vec<Run> {
    vec![Run {
        text: text.to_string(),
        style,
        small_caps: false,
    }]
}

/// Sets the first `words` words of a paragraph in small capitals (the lead-in after a chapter
/// opening or a scene break).
fn small_caps_lead(runs: Vec<Run>, words: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let mut seen = 0;
    let mut in_word = false;
    for r in runs {
        if seen >= words {
            out.push(r);
            continue;
        }
        let mut lead = String::new();
        let mut rest = String::new();
        for c in r.text.chars() {
            if seen >= words {
                rest.push(c);
                continue;
            }
            if c.is_whitespace() {
                if in_word {
                    seen += 1;
                    in_word = false;
                }
                if seen >= words {
                    rest.push(c);
                    continue;
                }
            } else {
                in_word = true;
            }
            lead.push(c);
        }
        if !lead.is_empty() {
            out.push(Run {
                text: lead,
                style: r.style,
                small_caps: true,
            });
        }
        if !rest.is_empty() {
            out.push(Run {
                text: rest,
                style: r.style,
                small_caps: false,
            });
        }
    }
    out
}

impl<'a> Builder<'a> {
    /// A new structure element under `parent`.
    fn elem(&mut self, role: Role, parent: usize) -> usize {
        self.structure.push(StructElem {
            role,
            parent: Some(parent),
            alt: None,
        });
        self.structure.len() - 1
    }

    /// Runs `f` with paragraphs going into a new `role` container under the current group.
    fn within(&mut self, role: Role, f: impl FnOnce(&mut Self)) {
        let outer = self.group;
        self.group = self.elem(role, outer);
        let first = self.list.len();
        f(self);
        let id = self.group;
        self.group = outer;
        // The block's lines learn their place in it (an inner block keeps its own).
        let count = self.list[first..]
            .iter()
            .filter(|v| matches!(v, V::Line { .. }))
            .count();
        let lines = self.list[first..].iter_mut().filter_map(|v| match v {
            V::Line { block, .. } => Some(block),
            _ => None,
        });
        for (index, block) in lines.enumerate() {
            block.get_or_insert(InBlock { id, index, count });
        }
    }

    /// Runs `f` with its paragraphs tagged `role` (instead of P).
    fn as_role(&mut self, role: Role, f: impl FnOnce(&mut Self)) {
        let outer = self.role;
        self.role = role;
        f(self);
        self.role = outer;
    }

    fn lead(&self) -> f32 {
        self.setup.leading
    }
    fn size(&self) -> f32 {
        self.setup.size
    }
    fn measure(&self) -> f32 {
        self.setup.text_width()
    }
    fn inset(&self) -> f32 {
        self.style.inset(self.size(), self.measure())
    }

    /// Sets a paragraph and appends its lines.
    #[allow(clippy::too_many_arguments)]
    fn para(
        &mut self,
        runs: Vec<Run>,
        size: f32,
        height: f32,
        x: f32,
        measure: f32,
        indent: f32,
        align: Align,
        keep_with_next: bool,
    ) {
        let spec = ParaSpec {
            runs,
            size,
            measure,
            indent,
            align,
            hyphenate: align == Align::Justify,
        };
        let lines = self.setter.set(&spec);
        let count = lines.len();
        let tag = match self.fixed {
            Some(t) => t,
            None if count > 0 => self.elem(self.role, self.group),
            None => 0,
        };
        if align == Align::Justify && self.fixed.is_none() && count > 0 {
            self.specs.insert(tag, spec);
        }
        let lines = paragraph(lines, x, height, keep_with_next, tag, None);
        self.list.extend(lines);
    }

    fn body_para(&mut self, content: &[Inline], indent: bool, lead_in: bool) {
        let mut r = text_runs(content, Style::Regular);
        if lead_in {
            r = small_caps_lead(r, self.style.lead_in_words);
        }
        let size = self.size();
        let ind = if indent { size } else { 0.0 };
        self.para(
            r,
            size,
            self.lead(),
            0.0,
            self.measure(),
            ind,
            Align::Justify,
            false,
        );
    }

    fn centred(
        &mut self,
        text: &str,
        style: Style,
        size: f32,
        height: f32,
        small_caps: bool,
        keep: bool,
    ) {
        let runs = vec![Run {
            text: text.to_string(),
            style,
            small_caps,
        }];
        self.para(
            runs,
            size,
            height,
            0.0,
            self.measure(),
            0.0,
            Align::Center,
            keep,
        );
    }

    fn blocks(&mut self, blocks: &[Block], first_after_opening: bool) {
        let mut indent_next = !first_after_opening;
        let mut lead_in = first_after_opening;
        // Before the first block of the story (notes aside), a break needs no ornament: the
        // chapter's opening already is one; its label still shows.
        let mut opening = first_after_opening;
        for b in blocks {
            opening &= matches!(b, Block::Note(_) | Block::SceneBreak(_));
            match b {
                Block::Paragraph { content, .. } => {
                    self.body_para(content, indent_next, lead_in);
                    indent_next = true;
                    lead_in = false;
                    continue;
                }
                Block::Heading { content, .. } => {
                    let lead = self.lead();
                    self.list.push(V::Space(lead * self.style.before_heading));
                    let size = self.size() * self.style.heading_scale;
                    let r = text_runs(content, Style::Italic);
                    let m = self.measure();
                    self.as_role(Role::H3, |b| {
                        b.para(r, size, lead, 0.0, m, 0.0, Align::Center, true)
                    });
                    self.list.push(V::Space(lead * self.style.block_gap));
                }
                Block::Letter(l) => self.within(Role::Letter, |b| b.letter(l)),
                Block::SceneBreak(s) => {
                    let lead = self.lead();
                    self.list.push(V::Space(lead * self.style.block_gap));
                    if !opening {
                        self.list.push(V::Ornament { height: lead });
                    }
                    if let Some(label) = &s.label {
                        let r = text_runs(label, Style::Italic);
                        let size = self.size();
                        self.para(r, size, lead, 0.0, self.measure(), 0.0, Align::Center, true);
                    }
                    self.list.push(V::Space(lead * self.style.block_gap));
                    lead_in = true;
                    indent_next = false;
                    continue;
                }
                Block::Note(n) => self.within(Role::AuthorsNote, |b| b.inline_note(&n.blocks)),
                Block::Quote { blocks, .. } => {
                    let lead = self.lead();
                    let inset = self.inset();
                    self.list.push(V::Space(lead * self.style.block_gap));
                    self.within(Role::BlockQuote, |b| {
                        for qb in blocks {
                            if let Block::Paragraph { content, .. } = qb {
                                // Verse (lines broken by hand) is set ragged, line for line.
                                let verse = content.iter().any(|i| matches!(i, Inline::LineBreak));
                                let align = if verse { Align::Left } else { Align::Justify };
                                let r = text_runs(content, Style::Regular);
                                let size = b.size();
                                let m = b.measure() - 2.0 * inset;
                                b.para(r, size, lead, inset, m, 0.0, align, false);
                            }
                        }
                    });
                    self.list.push(V::Space(lead * self.style.block_gap));
                }
                Block::Image(img) => self.image(&img.path, &img.alt),
            }
            indent_next = false;
            lead_in = false;
        }
    }

    fn letter(&mut self, l: &Letter) {
        let lead = self.lead();
        let size = self.size();
        self.list.push(V::Space(lead * self.style.block_gap));
        if let Some(d) = &l.superscription {
            self.letter_part(d, 0.0, Align::Left, true);
        }
        if let Some(d) = &l.dateline {
            self.letter_part(d, 0.0, Align::Right, true);
        }
        if let Some(d) = &l.address {
            self.letter_part(d, 0.0, Align::Left, true);
        }
        if let Some(s) = &l.salutation {
            self.letter_part(s, 0.0, Align::Left, true);
        }
        let mut first = true;
        for b in &l.body {
            match b {
                Block::Paragraph { content, .. } => {
                    let ind = if first { 0.0 } else { size };
                    self.letter_part(content, ind, Align::Justify, false);
                    first = false;
                }
                other => self.blocks(std::slice::from_ref(other), false),
            }
        }
        if let Some(v) = &l.valediction {
            self.list.push(V::Space(lead * self.style.letter_part_gap));
            self.letter_part(v, 0.0, Align::Right, true);
        }
        if let Some(s) = &l.signature {
            self.letter_part(s, 0.0, Align::Right, l.role.is_some());
        }
        if let Some(s) = &l.role {
            self.letter_part(s, 0.0, Align::Right, false);
        }
        for p in &l.postscript {
            self.list.push(V::Space(lead * self.style.letter_part_gap));
            self.letter_part(p, 0.0, Align::Justify, false);
        }
        self.list.push(V::Space(lead * self.style.block_gap));
    }

    /// One part of a letter: italic, inset on both sides.
    fn letter_part(&mut self, content: &[Inline], indent: f32, align: Align, keep: bool) {
        let inset = self.inset();
        let m = self.measure() - 2.0 * inset;
        let (size, lead) = (self.size(), self.lead());
        let runs = text_runs(content, Style::Italic);
        self.para(runs, size, lead, inset, m, indent, align, keep);
    }

    /// An author's note inside a chapter: set apart, smaller, labelled.
    fn inline_note(&mut self, blocks: &[Block]) {
        let lead = self.lead();
        let size = self.size() * self.style.inline_note_scale;
        let small_lead = lead * self.style.inline_note_scale;
        let inset = self.size() * self.style.inline_note_inset_em;
        let m = self.measure() - 2.0 * inset;
        self.list.push(V::Space(lead * self.style.block_gap));
        let label = self.labels.authors_note;
        self.as_role(Role::H3, |b| {
            b.centred(label, Style::Regular, size, small_lead, true, true)
        });
        for b in blocks {
            if let Block::Paragraph { content, .. } = b {
                self.para(
                    text_runs(content, Style::Regular),
                    size,
                    small_lead,
                    inset,
                    m,
                    0.0,
                    Align::Justify,
                    false,
                );
            }
        }
        self.list.push(V::Space(lead * self.style.block_gap));
    }

    /// Author's notes on pages of their own, before or after the story.
    fn note_pages(&mut self, notes: &[crate::model::Note]) {
        if notes.is_empty() {
            return;
        }
        let label = self.labels.authors_note;
        self.list.push(V::NewPage {
            opening: true,
            bookmark: Some(label.to_string()),
        });
        self.group = 0;
        self.group = self.elem(Role::AuthorsNote, 0);
        let th = self.setup.text_height();
        self.list.push(V::Sink(th * self.style.plain_sink));
        let size = self.size() * self.style.note_scale;
        let lead = self.lead() * self.style.note_scale;
        let (big, big_lead) = (
            self.size() * self.style.note_title_scale,
            self.lead() * self.style.note_title_leading,
        );
        self.as_role(Role::H2, |b| {
            b.centred(label, Style::Regular, big, big_lead, true, true)
        });
        self.list
            .push(V::Space(self.lead() * self.style.after_note_title));
        let m = self.measure();
        for n in notes {
            for b in &n.blocks {
                if let Block::Paragraph { content, .. } = b {
                    self.para(
                        text_runs(content, Style::Regular),
                        size,
                        lead,
                        0.0,
                        m,
                        0.0,
                        Align::Justify,
                        false,
                    );
                    self.list.push(V::Space(lead * self.style.note_para_gap));
                }
            }
        }
    }

    fn image(&mut self, path: &std::path::Path, alt: &str) {
        let picture = match self.assets.picture(path, "image") {
            Ok(p) => p,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let img = &picture.image;
        let (w, h) = (img.width() as f32, img.height() as f32);
        let max_w = self.measure();
        let max_h = self.setup.text_height() * self.style.figure_max_height;
        // Fit the measure and half the page; never enlarge past the style's pixels an inch.
        let k = (max_w / w)
            .min(max_h / h)
            .min(72.0 / self.style.figure_max_ppi);
        let lead = self.lead();
        let tag = self.elem(Role::Figure, self.group);
        let alt = alt.trim();
        self.structure[tag].alt = Some(if alt.is_empty() {
            path.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        } else {
            alt.to_string()
        });
        self.list.push(V::Space(lead * self.style.block_gap));
        self.list.push(V::Image {
            data: picture.bytes.clone(),
            pixels: picture.image.clone(),
            width: w * k,
            height: h * k,
            tag,
        });
        self.list.push(V::Space(lead * self.style.block_gap));
    }

    /// Opens a chapter: a new page, sunk, with its title. A story in one untitled chapter
    /// (`heading` false) shows no heading: the title page has just given the title.
    fn chapter_title(&mut self, title: Option<&[Inline]>, fallback: &str, heading: bool) {
        let text = title
            .map(plain_text)
            .unwrap_or_else(|| fallback.to_string());
        self.list.push(V::NewPage {
            opening: true,
            bookmark: Some(text.clone()),
        });
        // The chapter's section, and one heading for its label and name.
        self.group = self.elem(Role::Sect, 0);
        if !heading {
            let th = self.setup.text_height();
            self.list.push(V::Sink(th * self.style.plain_sink));
            return;
        }
        let heading = self.elem(Role::H2, self.group);
        self.fixed = Some(heading);
        let th = self.setup.text_height();
        self.list.push(V::Sink(th * self.style.chapter_sink));
        let size = self.size();
        let lead = self.lead();
        // "Chapter One: The Keeper's Log" → a small-caps label over the title.
        let (label, name) = split_chapter_title(&text);
        if let Some(label) = &label {
            self.centred(
                label,
                Style::Regular,
                size * self.style.chapter_label_scale,
                lead * self.style.chapter_label_leading,
                true,
                true,
            );
            if let Some(V::Line { line, .. }) = self.list.last_mut() {
                self.setter.end_with_space(
                    line,
                    Style::Regular,
                    size * self.style.chapter_label_scale,
                );
            }
        }
        if !name.is_empty() {
            let r = match (title, label.is_some()) {
                (Some(t), false) => text_runs(t, Style::Regular),
                _ => plain_runs(&name, Style::Regular),
            };
            let big = size * self.style.chapter_title_scale;
            self.para(
                r,
                big,
                big * self.style.chapter_title_line,
                0.0,
                self.measure(),
                0.0,
                Align::Center,
                true,
            );
        }
        self.fixed = None;
        self.list
            .push(V::Space(lead * self.style.after_chapter_title));
    }
}

/// Splits `Chapter One: The Keeper's Log` into (`Chapter One`, `The Keeper's Log`).
fn split_chapter_title(t: &str) -> (Option<String>, String) {
    let lower = t.to_lowercase();
    let is_label = ["chapter", "part", "book", "chapitre"]
        .iter()
        .any(|p| lower.starts_with(p));
    if is_label {
        for sep in [": ", " — ", " – ", " - ", ". "] {
            if let Some((a, b)) = t.split_once(sep) {
                if a.split_whitespace().count() <= 3 && !b.trim().is_empty() {
                    return (Some(a.trim().to_string()), b.trim().to_string());
                }
            }
        }
        if t.split_whitespace().count() <= 3 {
            return (Some(t.to_string()), String::new());
        }
    }
    (None, t.to_string())
}

fn title_page(b: &mut Builder, meta: &Metadata, counts: i18n::Counts) {
    let st = b.style.clone();
    let th = b.setup.text_height();
    let size = b.size();
    let lead = b.lead();
    b.list.push(V::Sink(th * st.title_sink));
    b.group = b.elem(Role::Sect, 0);
    let big = size * st.title_scale;
    let m = b.measure();
    b.as_role(Role::H1, |b| {
        b.para(
            plain_runs(&meta.title, Style::Bold),
            big,
            big * st.title_line,
            0.0,
            m,
            0.0,
            Align::Center,
            true,
        )
    });
    if let Some(s) = &meta.subtitle {
        b.list.push(V::Space(lead * st.subtitle_gap));
        b.para(
            plain_runs(s, Style::Italic),
            size * st.subtitle_scale,
            lead * st.subtitle_leading,
            0.0,
            b.measure(),
            0.0,
            Align::Center,
            true,
        );
    }
    b.list.push(V::Space(lead * st.author_gap));
    if !meta.authors.is_empty() {
        b.para(
            plain_runs(&meta.authors.join(", "), Style::Regular),
            size * st.author_scale,
            lead * st.author_leading,
            0.0,
            b.measure(),
            0.0,
            Align::Center,
            false,
        );
    }
    let rows = i18n::work_rows(meta, b.labels, Some(counts));
    if !rows.is_empty() {
        b.list.push(V::Space(lead * st.work_rows_gap));
        let small = size * st.work_rows_scale;
        for (k, v) in rows {
            let runs = vec![
                Run {
                    text: format!("{k}: "),
                    style: Style::Italic,
                    small_caps: false,
                },
                Run {
                    text: v,
                    style: Style::Regular,
                    small_caps: false,
                },
            ];
            b.para(
                runs,
                small,
                lead * st.work_rows_leading,
                0.0,
                b.measure(),
                0.0,
                Align::Center,
                false,
            );
        }
    }
    // The verso: summary and rights.
    let summary = meta.description.clone();
    let rights = meta.rights.clone();
    if summary.is_some() || rights.is_some() {
        b.list.push(V::NewPage {
            opening: true,
            bookmark: None,
        });
        b.list.push(V::Sink(th * st.plain_sink));
        if let Some(d) = summary {
            for p in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
                b.para(
                    plain_runs(p.trim(), Style::Italic),
                    size * st.summary_scale,
                    lead * st.summary_scale,
                    0.0,
                    b.measure(),
                    0.0,
                    Align::Justify,
                    false,
                );
                b.list.push(V::Space(lead * st.summary_gap));
            }
        }
        if let Some(r) = rights {
            b.list.push(V::Space(lead * st.rights_gap));
            b.para(
                plain_runs(&r, Style::Regular),
                size * st.rights_scale,
                lead * st.rights_leading,
                0.0,
                b.measure(),
                0.0,
                Align::Center,
                false,
            );
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn chapter_titles_split_into_label_and_name() {
        assert_eq!(
            split_chapter_title("Chapter One: The Keeper’s Log"),
            (Some("Chapter One".into()), "The Keeper’s Log".into())
        );
        assert_eq!(
            split_chapter_title("Chapter 3"),
            (Some("Chapter 3".into()), String::new())
        );
        assert_eq!(
            split_chapter_title("The Drawer"),
            (None, "The Drawer".into())
        );
    }

    #[test]
    fn lead_in_small_caps_covers_three_words() {
        let r = small_caps_lead(plain_runs("The lamp was lit at dusk.", Style::Regular), 3);
        assert_eq!(r[0].text, "The lamp was");
        assert!(r[0].small_caps);
        assert_eq!(r[1].text, " lit at dusk.");
        assert!(!r[1].small_caps);
    }

    /// A story read from Markdown held in memory.
    pub(crate) fn story(md: &str) -> Story {
        let mut diag = crate::error::Diagnostics::default();
        let path = std::path::Path::new("test.md");
        crate::reader::read_markdown(path, md, &Default::default(), &mut diag).unwrap()
    }

    const TWO_CHAPTERS: &str = "---\ntitle: The Tide Clock\nauthor: Wren Alder\n---\n\n\
        # One\n\nEvery house on Quay Street kept two clocks.\n\n\
        > Dear Mabel,\n>\n> The clock is not broken.\n>\n> Yours,\n> Tom\n\n\
        * * *\n\nShe wound it.\n\n# Two\n\nThe harbour filled.\n";

    /// Runs `f` on the whole of [`TWO_CHAPTERS`] collected on A5 (nothing flushed).
    fn with_two_chapters(f: impl FnOnce(&mut Collected)) {
        let fonts = crate::typeset::font::Fonts::bundled();
        let setup = crate::typeset::preset::lookup("a5").unwrap();
        let info = crate::render::BuildInfo::fixed(uuid::Uuid::nil(), 0);
        let st = story(TWO_CHAPTERS);
        let setter = Setter::new(&fonts, "en");
        let mut c = collect(&st, &setup, setter, &info.assets, &mut |_, _, _| {}).unwrap();
        f(&mut c);
    }

    #[test]
    fn a_story_collects_into_openings_lines_and_keeps() {
        with_two_chapters(|c| {
            // The title page, then one opening per chapter, bookmarked with its title.
            let openings: Vec<_> = c
                .list
                .iter()
                .filter_map(|v| match v {
                    V::NewPage {
                        opening: true,
                        bookmark: Some(b),
                    } => Some(b.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(openings, ["One", "Two"]);
            // Each opening is sunk, and its heading is kept with the text under it.
            for (i, v) in c.list.iter().enumerate() {
                if matches!(v, V::NewPage { .. }) {
                    assert!(matches!(c.list[i + 1], V::Sink(_)), "{:?}", c.list[i + 1]);
                    assert!(c.list[i + 2].keeps_with_next());
                }
            }
            // The letter's lines know their place in it; its salutation is kept with its body.
            let letter: Vec<_> = c
                .list
                .iter()
                .filter_map(|v| match v {
                    V::Line {
                        block: Some(b),
                        keep_with_next,
                        ..
                    } => Some((*b, *keep_with_next)),
                    _ => None,
                })
                .collect();
            assert!(letter.len() >= 3, "{letter:?}");
            assert!(letter[0].1, "the salutation keeps with the next line");
            for (k, (b, _)) in letter.iter().enumerate() {
                assert_eq!((b.index, b.count), (k, letter.len()));
            }
            // The scene break: an ornament kept with what follows, gaps around it.
            let orn = c.list.iter().position(|v| matches!(v, V::Ornament { .. }));
            let orn = orn.expect("an ornament");
            assert!(matches!(c.list[orn - 1], V::Space(_)));
            assert!(c.list[orn].keeps_with_next());
            // Justified paragraphs can be set again.
            let stats = line_stats(&c.list);
            assert!(stats.lines >= 8 && stats.overfull_lines == 0, "{stats:?}");
            assert!(!c.specs.is_empty());
        });
    }

    #[test]
    fn a_paragraph_replaced_renumbers_its_lines_and_its_block() {
        with_two_chapters(|c| {
            let (tag, line) = c
                .list
                .iter()
                .find_map(|v| match v {
                    V::Line {
                        tag,
                        line,
                        block: Some(_),
                        index: 0,
                        keep_with_next: false,
                        ..
                    } => Some((*tag, line.clone())),
                    _ => None,
                })
                .unwrap();
            let before = c.list.len();
            assert!(replace_paragraph(
                &mut c.list,
                tag,
                vec![line.clone(), line]
            ));
            assert_eq!(c.list.len(), before + 1);
            let lines: Vec<_> = c
                .list
                .iter()
                .filter_map(|v| match v {
                    V::Line {
                        block: Some(b),
                        tag: t,
                        index,
                        count,
                        ..
                    } => Some((*b, *t == tag, *index, *count)),
                    _ => None,
                })
                .collect();
            for (k, (b, _, _, _)) in lines.iter().enumerate() {
                assert_eq!((b.index, b.count), (k, lines.len()));
            }
            let mine: Vec<_> = lines.iter().filter(|l| l.1).map(|l| (l.2, l.3)).collect();
            assert_eq!(mine, [(0, 2), (1, 2)]);
            assert!(!replace_paragraph(&mut c.list, 999_999, Vec::new()));
        });
    }
}
