//! The book: story blocks → a vertical list of lines and spaces → pages.
//!
//! Pagination keeps at least two lines of a paragraph together at the foot and at the head of
//! a page (no widows or orphans), keeps headings, scene-break ornaments and their labels with
//! the text that follows, and starts every chapter on a new page, sunk below the top.
//!
//! Alongside the lines it builds the logical structure of the book (`Document::structure`:
//! sections, headings, paragraphs, letters, notes, figures) and marks each page's content
//! with the element it belongs to, or as an artifact (running heads, folios, ornaments).

use super::font::{Fonts, Style};
use super::page::{self, Document, Glyph, OutlineItem, PathSeg, Role, StructElem, Tag, TextRun};
use super::preset::PageSetup;
use super::text::{Align, ParaSpec, Run, SetLine, Setter, LINE_BREAK};
use crate::i18n;
use crate::model::{plain_text, Block, Inline, Letter, Metadata, Story};
use crate::render::BuildInfo;
use std::sync::Arc;

/// Figures about the typeset book, for tests, benchmarks and `--stats`.
#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub pages: usize,
    pub lines: usize,
    pub justified_lines: usize,
    pub overfull_lines: usize,
    pub hyphenated_lines: usize,
    pub max_consecutive_hyphens: usize,
    /// Inter-word space of each justified line, relative to the natural space (1.0).
    pub space_ratios: Vec<f32>,
    pub widows: usize,
    pub orphans: usize,
    /// Characters the chosen font lacked (set in the bundled family instead).
    pub missing_glyphs: Vec<(char, bool)>,
}

/// One entry of the vertical list.
#[derive(Clone, Debug)]
enum V {
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
    },
    Space(f32),
    Ornament {
        height: f32,
    },
    Image {
        data: Arc<Vec<u8>>,
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
    fn height(&self) -> f32 {
        match self {
            V::Line { height, .. } => *height,
            V::Space(h) | V::Sink(h) => *h,
            V::Ornament { height } => *height,
            V::Image { height, .. } => *height,
            V::NewPage { .. } => 0.0,
        }
    }
    fn keeps_with_next(&self) -> bool {
        match self {
            V::Line { keep_with_next, .. } => *keep_with_next,
            V::Ornament { .. } | V::Sink(_) => true,
            _ => false,
        }
    }
}

/// The typesetter's proportions in one place: multiples of the body size (em) or leading,
/// or shares of the measure. Every page preset uses [`BookStyle::BOOK`]; its page geometry
/// and type size live in [`PageSetup`].
#[derive(Clone, Debug, PartialEq)]
pub struct BookStyle {
    /// Inset of letters and quotations on each side, in em…
    pub inset_em: f32,
    /// …but never more than this share of the measure, so a narrow e-reader page keeps a
    /// full line inside a letter (the EPUB caps its inset the same way).
    pub inset_max_share: f32,
    /// Words set in small capitals after a chapter opening or a scene break.
    pub lead_in_words: usize,
    /// A full page whose last line ends short of the foot by at most this many leadings
    /// (widow and orphan control, a scene break kept with its lines) is justified to the
    /// foot: the gaps around breaks, letters and headings open first, then the lines.
    pub max_fill_leadings: f32,
    /// How much each vertical gap may grow, as a multiple of itself, before lines do.
    pub gap_growth: f32,
    /// Space around scene breaks, letters, quotations and sub-headings, in leadings.
    pub block_gap: f32,
    /// Space between a letter's parts (dateline, salutation, valediction, P.S.), in leadings.
    pub letter_part_gap: f32,
    /// How far a chapter opening is sunk, as a share of the text block's height.
    pub chapter_sink: f32,
    /// A chapter title's size, in em of the body.
    pub chapter_title_scale: f32,
    /// Space under a chapter title, in leadings.
    pub after_chapter_title: f32,
    /// The scene-break ornament's height, in em of the body.
    pub ornament_em: f32,
}

impl BookStyle {
    pub const BOOK: BookStyle = BookStyle {
        inset_em: 1.5,
        inset_max_share: 0.06,
        lead_in_words: crate::typography::LEAD_IN_WORDS,
        max_fill_leadings: 3.0,
        gap_growth: 1.0,
        block_gap: 0.5,
        letter_part_gap: 0.25,
        chapter_sink: 0.18,
        chapter_title_scale: 1.5,
        after_chapter_title: 2.0,
        ornament_em: 0.8,
    };

    /// The inset of a letter or quotation for a body size and measure.
    pub fn inset(&self, size: f32, measure: f32) -> f32 {
        (self.inset_em * size).min(self.inset_max_share * measure)
    }
}

struct Builder<'a> {
    style: BookStyle,
    setter: Setter<'a>,
    setup: &'a PageSetup,
    /// Figures, read and decoded once per conversion.
    assets: &'a crate::assets::Assets,
    list: Vec<V>,
    stats: Stats,
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
            Inline::Link { content, .. } => runs(content, style, out),
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
        f(self);
        self.group = outer;
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
        let mut consecutive = 0;
        for (index, line) in lines.into_iter().enumerate() {
            self.stats.lines += 1;
            if line.overfull {
                self.stats.overfull_lines += 1;
            }
            if line.hyphenated {
                self.stats.hyphenated_lines += 1;
                consecutive += 1;
                self.stats.max_consecutive_hyphens =
                    self.stats.max_consecutive_hyphens.max(consecutive);
            } else {
                consecutive = 0;
            }
            if line.justified && align == Align::Justify {
                self.stats.justified_lines += 1;
                let r = line.ratio;
                let k = if r >= 0.0 {
                    1.0 + r * super::text::SPACE_STRETCH
                } else {
                    1.0 + r * super::text::SPACE_SHRINK
                };
                self.stats.space_ratios.push(k);
            }
            self.list.push(V::Line {
                line,
                x,
                height,
                index,
                count,
                keep_with_next,
                tag,
            });
        }
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
        for b in blocks {
            match b {
                Block::Paragraph { content, .. } => {
                    self.body_para(content, indent_next, lead_in);
                    indent_next = true;
                    lead_in = false;
                    continue;
                }
                Block::Heading { content, .. } => {
                    let lead = self.lead();
                    self.list.push(V::Space(lead));
                    let size = self.size() * 1.1;
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
                    self.list.push(V::Ornament { height: lead });
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
        let inset = self.inset();
        let m = self.measure() - 2.0 * inset;
        let it = Style::Italic;
        self.list.push(V::Space(lead * self.style.block_gap));
        if let Some(d) = &l.dateline {
            self.para(
                text_runs(d, it),
                size,
                lead,
                inset,
                m,
                0.0,
                Align::Right,
                true,
            );
        }
        if let Some(s) = &l.salutation {
            self.para(
                text_runs(s, it),
                size,
                lead,
                inset,
                m,
                0.0,
                Align::Left,
                true,
            );
        }
        let mut first = true;
        for b in &l.body {
            match b {
                Block::Paragraph { content, .. } => {
                    let ind = if first { 0.0 } else { size };
                    self.para(
                        text_runs(content, it),
                        size,
                        lead,
                        inset,
                        m,
                        ind,
                        Align::Justify,
                        false,
                    );
                    first = false;
                }
                other => self.blocks(std::slice::from_ref(other), false),
            }
        }
        if let Some(v) = &l.valediction {
            self.list.push(V::Space(lead * self.style.letter_part_gap));
            self.para(
                text_runs(v, it),
                size,
                lead,
                inset,
                m,
                0.0,
                Align::Right,
                true,
            );
        }
        if let Some(s) = &l.signature {
            self.para(
                text_runs(s, it),
                size,
                lead,
                inset,
                m,
                0.0,
                Align::Right,
                false,
            );
        }
        for p in &l.postscript {
            self.list.push(V::Space(lead * self.style.letter_part_gap));
            self.para(
                text_runs(p, it),
                size,
                lead,
                inset,
                m,
                0.0,
                Align::Justify,
                false,
            );
        }
        self.list.push(V::Space(lead * self.style.block_gap));
    }

    /// An author's note inside a chapter: set apart, smaller, labelled.
    fn inline_note(&mut self, blocks: &[Block]) {
        let lead = self.lead();
        let size = self.size() * 0.9;
        let small_lead = lead * 0.9;
        let inset = self.size();
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
        self.list.push(V::Sink(th * 0.12));
        let size = self.size() * 0.92;
        let lead = self.lead() * 0.92;
        let (big, big_lead) = (self.size() * 1.1, self.lead() * 1.3);
        self.as_role(Role::H2, |b| {
            b.centred(label, Style::Regular, big, big_lead, true, true)
        });
        self.list.push(V::Space(self.lead()));
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
                    self.list.push(V::Space(lead * 0.4));
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
        let max_h = self.setup.text_height() * 0.5;
        // Fit the measure and half the page; never enlarge past 150 pixels an inch.
        let k = (max_w / w).min(max_h / h).min(72.0 / 150.0);
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
            self.list.push(V::Sink(th * 0.12));
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
            self.centred(label, Style::Regular, size * 1.05, lead * 1.4, true, true);
            if let Some(V::Line { line, .. }) = self.list.last_mut() {
                self.setter
                    .end_with_space(line, Style::Regular, size * 1.05);
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
                big * 1.25,
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

/// Where a page break may fall before `list[i]`.
fn break_allowed_before(list: &[V], i: usize) -> bool {
    if i == 0 {
        return false;
    }
    // The previous item that is not a space decides keep-with-next.
    let prev = list[..i].iter().rev().find(|v| !matches!(v, V::Space(_)));
    if prev.is_some_and(V::keeps_with_next) {
        return false;
    }
    match &list[i] {
        V::Line { index, count, .. } => *index == 0 || (*index >= 2 && count - index >= 2),
        _ => true,
    }
}

/// Splits the vertical list into pages (ranges of indices).
fn paginate(list: &[V], body_height: f32) -> Vec<(usize, usize, bool, Option<String>)> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut opening = false;
    let mut bookmark = None;
    let mut h = 0.0;
    let mut i = 0;
    let eps = 0.01;
    while i < list.len() {
        match &list[i] {
            V::NewPage {
                opening: o,
                bookmark: b,
            } => {
                if i > start {
                    pages.push((start, i, opening, bookmark.take()));
                }
                start = i + 1;
                opening = *o;
                bookmark = b.clone();
                h = 0.0;
                i += 1;
                continue;
            }
            V::Space(_) if i == start => {
                // No space at the top of a page.
                start += 1;
                i += 1;
                continue;
            }
            _ => {}
        }
        let ih = list[i].height();
        if h + ih <= body_height + eps || i == start {
            h += ih;
            i += 1;
            continue;
        }
        // Overflow: break at the latest allowed point on this page.
        let mut j = i;
        while j > start + 1 && !break_allowed_before(list, j) {
            j -= 1;
        }
        if j <= start + 1 && !break_allowed_before(list, j) {
            j = i; // nothing allowed: break here rather than run off the page
        }
        pages.push((start, j, opening, bookmark.take()));
        opening = false;
        start = j;
        h = 0.0;
        i = j;
    }
    if start < list.len() {
        pages.push((start, list.len(), opening, bookmark.take()));
    }
    pages
}

/// Where a page's items start, from the top of the text block, once a full page has been
/// justified to its foot (`full`): the room left under the last line (at most
/// `style.max_fill_leadings` leadings, else the page stays as it is) goes first to the gaps
/// inside the page (scene breaks, letters, headings), each growing by at most
/// `style.gap_growth` of itself, then evenly between all items. Trailing gaps do not count.
fn place_items(
    items: &[V],
    body_height: f32,
    full: bool,
    leading: f32,
    style: &BookStyle,
) -> Vec<f32> {
    let mut ys = Vec::with_capacity(items.len());
    let last = items.iter().rposition(|v| !matches!(v, V::Space(_)));
    let content: f32 = last.map_or(0.0, |k| items[..=k].iter().map(V::height).sum());
    let room = body_height - content;
    let fill = full
        && last.is_some_and(|k| k > 0)
        && room > 0.01
        && room <= style.max_fill_leadings * leading;
    let (mut gap_share, mut even) = (0.0, 0.0);
    if fill {
        let k = last.unwrap_or(0);
        let gaps: f32 = items[..k]
            .iter()
            .filter_map(|v| match v {
                V::Space(h) => Some(*h),
                _ => None,
            })
            .sum();
        let from_gaps = (gaps * style.gap_growth).min(room);
        gap_share = if gaps > 0.0 { from_gaps / gaps } else { 0.0 };
        even = (room - from_gaps) / k as f32;
    }
    let mut y = 0.0;
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            y += even;
        }
        ys.push(y);
        y += v.height();
        if let V::Space(h) = v {
            y += h * gap_share;
        }
    }
    ys
}

fn ornament_paths(cx: f32, cy: f32, height: f32) -> Vec<page::Item> {
    let w = height * crate::ornament::WIDTH;
    let x0 = cx - w / 2.0;
    let y0 = cy - height / 2.0;
    let tx = |x: f32| x0 + x * height;
    let ty = |y: f32| y0 + y * height;
    let mut out = Vec::new();
    for s in crate::ornament::shapes() {
        let mut p = Vec::new();
        match s {
            crate::ornament::Shape::Polygon(pts) => {
                for (k, (x, y)) in pts.iter().enumerate() {
                    p.push(if k == 0 {
                        PathSeg::MoveTo(tx(*x), ty(*y))
                    } else {
                        PathSeg::LineTo(tx(*x), ty(*y))
                    });
                }
            }
            crate::ornament::Shape::Circle { cx, cy, r } => {
                let (cx, cy, r) = (tx(cx), ty(cy), r * height);
                let k = 0.552_284_8 * r;
                p.push(PathSeg::MoveTo(cx + r, cy));
                p.push(PathSeg::CubicTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r));
                p.push(PathSeg::CubicTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy));
                p.push(PathSeg::CubicTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r));
                p.push(PathSeg::CubicTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy));
            }
        }
        p.push(PathSeg::Close);
        out.push(page::Item::Fill(p));
    }
    out
}

/// Turns a set line into text runs at (x, baseline).
fn line_runs(line: &SetLine, x: f32, baseline: f32, out: &mut Vec<page::Item>) {
    let mut cur: Option<TextRun> = None;
    for g in &line.glyphs {
        let gx = x + line.offset + g.x;
        let same = cur.as_ref().is_some_and(|r| {
            r.font == g.face
                && (r.size - g.size).abs() < 0.001
                && r.actual_text.is_some() == g.inserted
        });
        if !same {
            if let Some(r) = cur.take() {
                out.push(page::Item::Text(r));
            }
            cur = Some(TextRun {
                font: g.face,
                size: g.size,
                x: gx,
                y: baseline,
                glyphs: Vec::new(),
                actual_text: g.inserted.then(String::new),
            });
        }
        let r = cur.as_mut().expect("set above");
        r.glyphs.push(Glyph {
            id: g.id,
            x: gx - r.x,
            text: g.text.clone(),
        });
    }
    if let Some(r) = cur {
        out.push(page::Item::Text(r));
    }
}

/// Sets one line of running head or folio text, centred on `cx`.
fn small_line(
    setter: &mut Setter,
    text: &str,
    style: Style,
    small_caps: bool,
    size: f32,
    cx: f32,
    baseline: f32,
    out: &mut Vec<page::Item>,
) {
    let spec = ParaSpec {
        runs: vec![Run {
            text: text.to_string(),
            style,
            small_caps,
        }],
        size,
        measure: 10_000.0,
        indent: 0.0,
        align: Align::Left,
        hyphenate: false,
    };
    if let Some(l) = setter.set(&spec).into_iter().next() {
        line_runs(&l, cx - l.width / 2.0, baseline, out);
    }
}

fn title_page(b: &mut Builder, meta: &Metadata, counts: i18n::Counts) {
    let th = b.setup.text_height();
    let size = b.size();
    let lead = b.lead();
    b.list.push(V::Sink(th * 0.22));
    b.group = b.elem(Role::Sect, 0);
    let big = size * 2.1;
    let m = b.measure();
    b.as_role(Role::H1, |b| {
        b.para(
            plain_runs(&meta.title, Style::Bold),
            big,
            big * 1.2,
            0.0,
            m,
            0.0,
            Align::Center,
            true,
        )
    });
    if let Some(s) = &meta.subtitle {
        b.list.push(V::Space(lead * 0.5));
        b.para(
            plain_runs(s, Style::Italic),
            size * 1.2,
            lead * 1.3,
            0.0,
            b.measure(),
            0.0,
            Align::Center,
            true,
        );
    }
    b.list.push(V::Space(lead * 1.5));
    if !meta.authors.is_empty() {
        b.para(
            plain_runs(&meta.authors.join(", "), Style::Regular),
            size * 1.25,
            lead * 1.4,
            0.0,
            b.measure(),
            0.0,
            Align::Center,
            false,
        );
    }
    let rows = i18n::work_rows(meta, b.labels, Some(counts));
    if !rows.is_empty() {
        b.list.push(V::Space(lead * 3.0));
        let small = size * 0.85;
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
                lead * 0.9,
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
        b.list.push(V::Sink(th * 0.12));
        if let Some(d) = summary {
            for p in d.split("\n\n").filter(|p| !p.trim().is_empty()) {
                b.para(
                    plain_runs(p.trim(), Style::Italic),
                    size * 0.95,
                    lead * 0.95,
                    0.0,
                    b.measure(),
                    0.0,
                    Align::Justify,
                    false,
                );
                b.list.push(V::Space(lead * 0.5));
            }
        }
        if let Some(r) = rights {
            b.list.push(V::Space(lead * 2.0));
            b.para(
                plain_runs(&r, Style::Regular),
                size * 0.8,
                lead * 0.85,
                0.0,
                b.measure(),
                0.0,
                Align::Center,
                false,
            );
        }
    }
}

/// Typesets a story into neutral pages.
pub fn typeset(
    story: &Story,
    info: &BuildInfo,
    setup: &PageSetup,
    fonts: &Fonts,
) -> crate::error::Result<(Document, Stats)> {
    let meta = &story.meta;
    let mut b = Builder {
        style: BookStyle::BOOK,
        setter: Setter::new(fonts, &meta.language),
        setup,
        assets: &info.assets,
        list: Vec::new(),
        stats: Stats::default(),
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
        let heading = ch.title.is_some() || story.chapters.len() > 1;
        b.chapter_title(ch.title.as_deref(), &meta.title, heading);
        b.blocks(&ch.blocks, true);
    }
    b.note_pages(&story.end_notes);
    if let Some(e) = b.errors.into_iter().next() {
        return Err(e);
    }

    // Screens keep the folio inside the page: the text block is a line and a half shorter.
    let folio_room = if setup.facing {
        0.0
    } else {
        setup.leading * 1.5
    };
    let body_h = setup.text_height() - folio_room;
    let pages = paginate(&b.list, body_h);

    let mut doc_pages = Vec::with_capacity(pages.len());
    let mut outline = Vec::new();
    let author = meta.authors.join(", ");
    let head_size = setup.size * 0.85;
    for (pi, (start, end, opening, bookmark)) in pages.iter().enumerate() {
        let number = pi + 1;
        let recto = number % 2 == 1;
        let (left, right) = if setup.facing && !recto {
            (setup.outer, setup.inner)
        } else {
            (setup.inner, setup.outer)
        };
        let _ = right;
        let mut items = Vec::new();
        let mut y = setup.top;
        if let Some(t) = bookmark {
            outline.push(OutlineItem {
                title: t.clone(),
                page: pi,
                y: setup.top,
            });
        }
        // Widow/orphan audit.
        let lines: Vec<(usize, usize)> = b.list[*start..*end]
            .iter()
            .filter_map(|v| match v {
                V::Line { index, count, .. } => Some((*index, *count)),
                _ => None,
            })
            .collect();
        if let Some(&(i, n)) = lines.first() {
            if n > 1 && i > 0 && n - i < 2 {
                b.stats.widows += 1;
            }
        }
        if let Some(&(i, n)) = lines.last() {
            if n > 1 && i + 1 < n && i < 1 {
                b.stats.orphans += 1;
            }
        }
        // Each item is preceded by a mark when it belongs elsewhere than the previous one.
        let mut tag: Option<Tag> = None;
        let mut mark = |items: &mut Vec<page::Item>, t: Tag| {
            if tag != Some(t) {
                items.push(page::Item::Mark(t));
                tag = Some(t);
            }
        };
        // A page is full when the next one does not start a new chapter or section.
        let full = *end < b.list.len() && !matches!(b.list[*end], V::NewPage { .. });
        let ys = place_items(&b.list[*start..*end], body_h, full, setup.leading, &b.style);
        let top = y;
        for (v, dy) in b.list[*start..*end].iter().zip(ys) {
            y = top + dy;
            match v {
                V::Line {
                    line,
                    x,
                    height,
                    tag,
                    ..
                } => {
                    mark(&mut items, Tag::Content(*tag));
                    // Baseline near the bottom of the line box, on the body grid.
                    let baseline = y + height * 0.78;
                    line_runs(line, left + x, baseline, &mut items);
                }
                V::Ornament { height } => {
                    mark(&mut items, Tag::Artifact);
                    let h = setup.size * b.style.ornament_em;
                    items.extend(ornament_paths(
                        left + setup.text_width() / 2.0,
                        y + height * 0.5,
                        h,
                    ));
                }
                V::Image {
                    data,
                    width,
                    height,
                    tag,
                } => {
                    mark(&mut items, Tag::Content(*tag));
                    items.push(page::Item::Image {
                        data: data.clone(),
                        x: left + (setup.text_width() - width) / 2.0,
                        y,
                        width: *width,
                        height: *height,
                    });
                }
                _ => {}
            }
        }
        // Running head and folio.
        mark(&mut items, Tag::Artifact);
        let cx = left + setup.text_width() / 2.0;
        let front_matter = pi == 0 || (*opening && bookmark.is_none());
        if setup.facing && !opening && !front_matter {
            let head = if recto { &meta.title } else { &author };
            let base = setup.top - setup.leading * 1.6;
            small_line(
                &mut b.setter,
                head,
                Style::Regular,
                true,
                head_size,
                cx,
                base,
                &mut items,
            );
        }
        // Folio: in the bottom margin on print pages, inside the text area on screens.
        if !front_matter {
            let base = if setup.facing {
                setup.height - setup.bottom + setup.leading * 1.8
            } else {
                setup.height - setup.bottom - setup.leading * 0.3
            };
            let folio = number.to_string();
            small_line(
                &mut b.setter,
                &folio,
                Style::Regular,
                false,
                head_size,
                cx,
                base,
                &mut items,
            );
        }
        doc_pages.push(page::Page {
            width: setup.width,
            height: setup.height,
            items,
        });
    }
    b.stats.pages = doc_pages.len();
    b.stats.missing_glyphs = b.setter.missing.clone();

    let fonts_out = fonts
        .faces
        .iter()
        .map(|f| page::FontFace {
            data: f.shared.clone(),
            index: f.index,
            name: f.name.clone(),
        })
        .collect();
    let keywords = i18n::subjects(meta, b.labels);
    let doc = Document {
        fonts: fonts_out,
        pages: doc_pages,
        outline,
        info: page::DocInfo {
            title: meta.title.clone(),
            author,
            subject: meta.description.clone().unwrap_or_default(),
            keywords,
            language: meta.language.clone(),
            created_unix: info.modified_unix,
        },
        structure: b.structure,
    };
    Ok((doc, b.stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drawn item of height `h` (an ornament stands in for a line: both are placed alike).
    fn line(h: f32) -> V {
        V::Ornament { height: h }
    }

    /// A glyph as placed: absolute x, its text, font index, size, glyph id.
    type PlacedGlyph = (f32, std::sync::Arc<str>, usize, f32, u16);

    /// The text lines of a typeset page, as glyphs (absolute x, text, font, size) grouped by
    /// baseline; running heads and folios (artifacts) left out.
    fn body_lines(page: &page::Page) -> Vec<(f32, Vec<PlacedGlyph>)> {
        let mut lines: Vec<(f32, Vec<_>)> = Vec::new();
        let mut artifact = false;
        for item in &page.items {
            match item {
                page::Item::Mark(t) => artifact = *t == Tag::Artifact,
                page::Item::Text(r) if !artifact => {
                    let at = lines.iter().position(|(y, _)| (y - r.y).abs() < 0.01);
                    let line = match at {
                        Some(k) => &mut lines[k].1,
                        None => {
                            lines.push((r.y, Vec::new()));
                            &mut lines.last_mut().unwrap().1
                        }
                    };
                    for g in &r.glyphs {
                        line.push((r.x + g.x, g.text.clone(), r.font, r.size, g.id));
                    }
                }
                _ => {}
            }
        }
        for (_, l) in &mut lines {
            l.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        lines
    }

    /// Every sample on every page preset: no word space inside a line is set
    /// below ¾ of the space glyph's natural advance — measured on the positioned glyphs the
    /// PDF writer receives, letters included — and every full page (one not followed by a
    /// chapter opening) ends on the same baseline as the fullest page.
    #[test]
    fn device_pages_keep_word_spaces_and_end_on_one_baseline() {
        let fonts = crate::typeset::font::Fonts::bundled();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut samples: Vec<_> = std::fs::read_dir(root.join("stories"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        samples.sort();
        let (mut filled, mut unfilled) = (0, 0);
        for &preset in crate::typeset::preset::NAMES {
            let setup = crate::typeset::preset::lookup(preset).unwrap();
            for md in &samples {
                let mut diag = crate::error::Diagnostics::default();
                let story =
                    crate::reader::read_manuscript(md, &Default::default(), &mut diag).unwrap();
                let info = BuildInfo::fixed(uuid::Uuid::nil(), 0);
                let (doc, _) = typeset(&story, &info, &setup, &fonts).unwrap();
                let (mut spaces, mut worst) = (0, f32::MAX);
                let mut last_baselines = Vec::new();
                let openings: std::collections::HashSet<usize> =
                    doc.outline.iter().map(|o| o.page).collect();
                for (pi, page) in doc.pages.iter().enumerate() {
                    let lines = body_lines(page);
                    for (_, line) in &lines {
                        for w in line.windows(2) {
                            let (x, text, font, size, id) = &w[0];
                            if &**text != " " {
                                continue;
                            }
                            let face = &fonts.faces[*font];
                            let natural = face
                                .hb()
                                .glyph_hor_advance(ttf_parser::GlyphId(*id))
                                .unwrap() as f32
                                * size
                                / face.upem;
                            let ratio = (w[1].0 - x) / natural;
                            worst = worst.min(ratio);
                            spaces += 1;
                        }
                    }
                    let full = pi + 1 < doc.pages.len() && !openings.contains(&(pi + 1)) && pi > 0;
                    if let (true, Some((y, _))) = (full, lines.last()) {
                        last_baselines.push((pi + 1, *y));
                    }
                }
                let name = md.file_name().unwrap().to_string_lossy();
                assert!(spaces > 500, "{preset} {name}: {spaces} spaces measured");
                assert!(
                    worst >= 0.75 - 1e-3,
                    "{preset} {name}: a word space set at {worst:.3}× its natural width"
                );
                // Pages left short by more than the style fills (a paragraph that cannot be
                // split kept with a letter) are counted, not filled: feathering them would
                // open every line visibly. All others end on the foot's baseline.
                let foot = last_baselines.iter().map(|(_, y)| *y).fold(0.0, f32::max);
                let limit = BookStyle::BOOK.max_fill_leadings * setup.leading;
                for (page, y) in &last_baselines {
                    if foot - y > limit {
                        eprintln!(
                            "{preset} {name}: page {page} ends {:.1} pt short (not filled)",
                            foot - y
                        );
                        unfilled += 1;
                        continue;
                    }
                    assert!(
                        (foot - y).abs() < 0.5,
                        "{preset} {name}: full page {page} ends at {y:.1} pt, others at {foot:.1}"
                    );
                    filled += 1;
                }
            }
        }
        // Pages still short (listed above; this count also holds front-matter pages the
        // outline cannot tell from full ones) stay a small minority.
        assert!(
            unfilled * 10 <= filled,
            "{unfilled} short pages, {filled} full ones"
        );
    }

    #[test]
    fn inset_is_em_based_with_a_cap_on_narrow_measures() {
        let s = BookStyle::BOOK;
        assert_eq!(s.inset(10.0, 400.0), 15.0, "1.5 em on a wide measure");
        assert!(
            (s.inset(11.0, 229.0) - 0.06 * 229.0).abs() < 1e-4,
            "capped at 6%"
        );
    }

    #[test]
    fn a_full_page_is_justified_to_its_foot_gaps_first() {
        let s = BookStyle::BOOK;
        // Ten lines of 14 pt, a scene-break gap of 7 pt: 147 pt on a 168 pt page (21 pt short).
        let mut items: Vec<V> = (0..5).map(|_| line(14.0)).collect();
        items.push(V::Space(7.0));
        items.extend((0..5).map(|_| line(14.0)));
        let ys = place_items(&items, 168.0, true, 14.0, &s);
        let bottom = ys.last().unwrap() + 14.0;
        assert!(
            (bottom - 168.0).abs() < 1e-3,
            "last line ends at the foot: {bottom}"
        );
        // The gap doubled (7 → 14); the 14 pt left spread over the 10 other steps.
        assert!((ys[6] - ys[5] - 14.0 - 1.4).abs() < 1e-3, "{ys:?}");
        assert!((ys[1] - ys[0] - 14.0 - 1.4).abs() < 1e-3, "{ys:?}");
        // A page that ends a chapter, or one far too short, stays as set.
        let plain = place_items(&items, 168.0, false, 14.0, &s);
        assert!((plain.last().unwrap() - 133.0).abs() < 1e-3);
        let short = place_items(&items, 400.0, true, 14.0, &s);
        assert_eq!(short, plain);
    }

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
}
