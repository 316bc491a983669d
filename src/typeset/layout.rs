//! The book, stage by stage: [`collect`](super::collect) the story into a vertical list of
//! lines and gaps, [`paginate`](super::paginate) it (keeps, widows and orphans, full pages
//! justified to one foot), [`compose`](super::compose) the neutral pages with running heads
//! and folios.
//!
//! Pagination keeps at least two lines of a paragraph together at the foot and at the head of
//! a page (no widows or orphans), keeps headings, scene-break ornaments and their labels with
//! the text that follows, and starts every chapter on a new page, sunk below the top.
//!
//! Alongside the lines the collector builds the logical structure of the book
//! (`Document::structure`: sections, headings, paragraphs, letters, notes, figures); the
//! composer marks each page's content with the element it belongs to, or as an artifact
//! (running heads, folios, ornaments).

use super::collect::{collect, V};
use super::compose::{body_height, compose, Composed, Heads};
use super::font::Fonts;
use super::page::{self, Document};
use super::paginate::paginate;
use super::preset::PageSetup;
use super::text::Setter;
use crate::i18n;
use crate::model::Story;
use crate::render::BuildInfo;

pub use super::style::BookStyle;

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

/// Typesets a story into neutral pages.
pub fn typeset(
    story: &Story,
    info: &BuildInfo,
    setup: &PageSetup,
    fonts: &Fonts,
) -> crate::error::Result<(Document, Stats)> {
    let meta = &story.meta;
    let setter = Setter::new(fonts, &meta.language);
    let author = meta.authors.join(", ");
    let heads = Heads {
        title: &meta.title,
        author: &author,
    };
    let body_h = body_height(setup);
    // Every chapter starts on a new page, so the book is paginated and composed a chapter at
    // a time (the same pages as all at once) and each chapter's set lines are dropped as
    // soon as its pages are made: memory holds the pages, not every line of the book too.
    let mut out = Composed::default();
    let mut flush = |list: &mut Vec<V>, setter: &mut Setter, stats: &mut Stats| {
        let pages = paginate(list, body_h);
        compose(list, &pages, setup, &heads, setter, stats, &mut out);
        list.clear();
    };
    let mut c = collect(story, setup, setter, &info.assets, &mut flush)?;
    flush(&mut c.list, &mut c.setter, &mut c.stats);
    let Composed {
        pages: doc_pages,
        outline,
    } = out;
    c.stats.pages = doc_pages.len();
    c.stats.missing_glyphs = c.setter.missing.clone();

    let fonts_out = fonts
        .faces
        .iter()
        .map(|f| page::FontFace {
            data: f.shared.clone(),
            index: f.index,
            name: f.name.clone(),
        })
        .collect();
    let keywords = i18n::subjects(meta, i18n::labels(&meta.language));
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
        structure: c.structure,
    };
    Ok((doc, c.stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A glyph as placed: absolute x, its text, font index, size, glyph id.
    type PlacedGlyph = (f32, std::sync::Arc<str>, usize, f32, u16);

    /// The text lines of a typeset page, as glyphs (absolute x, text, font, size) grouped by
    /// baseline; running heads and folios (artifacts) left out.
    fn body_lines(page: &page::Page) -> Vec<(f32, Vec<PlacedGlyph>)> {
        let mut lines: Vec<(f32, Vec<_>)> = Vec::new();
        let mut artifact = false;
        for item in &page.items {
            match item {
                page::Item::Mark(t) => artifact = *t == page::Tag::Artifact,
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
}
