//! Stage three of the typesetter, **compose**: paginated entries → neutral pages. Lines
//! become positioned glyph runs, ornaments vector shapes, figures placed images, each marked
//! with the structure element it belongs to; print pages get running heads (author on the
//! verso, title on the recto) and folios in the margin, screen pages a folio inside the page.

use super::collect::V;
use super::font::Style;
use super::layout::Stats;
use super::page::{self, Glyph, OutlineItem, PathSeg, Tag, TextRun};
use super::paginate::{place_items, Frame, PageRange};
use super::preset::PageSetup;
use super::text::{Align, ParaSpec, Run, SetLine, Setter};

/// What the page furniture says: the title on rectos, the author on versos.
pub struct Heads<'t> {
    pub title: &'t str,
    pub author: &'t str,
}

/// The height of the text block that pages are filled to: a screen gives up room at the
/// foot for its folio.
pub fn body_height(setup: &PageSetup) -> f32 {
    let folio_room = if setup.facing {
        0.0
    } else {
        setup.leading * setup.style.screen_folio_room
    };
    setup.text_height() - folio_room
}

/// The frame pagination fills on this page setup.
pub fn frame(setup: &PageSetup) -> Frame<'_> {
    Frame {
        body_height: body_height(setup),
        leading: setup.leading,
        style: &setup.style,
    }
}

/// The pages composed so far, with the outline (one item per bookmarked page).
#[derive(Default)]
pub struct Composed {
    pub pages: Vec<page::Page>,
    pub outline: Vec<OutlineItem>,
}

/// Composes the pages of `list` after those already in `out` (a book may be composed a
/// chapter at a time: page numbers run on). Widows and orphans found on the pages are
/// counted into `stats`.
pub fn compose(
    list: &[V],
    pages: &[PageRange],
    setup: &PageSetup,
    heads: &Heads,
    setter: &mut Setter,
    stats: &mut Stats,
    out: &mut Composed,
) {
    let style = &setup.style;
    let frame = frame(setup);
    let Composed {
        pages: doc_pages,
        outline,
    } = out;
    doc_pages.reserve(pages.len());
    let head_size = setup.size * style.furniture_scale;
    for pr in pages {
        let pi = doc_pages.len();
        let number = pi + 1;
        let recto = number % 2 == 1;
        let left = if setup.facing && !recto {
            setup.outer
        } else {
            setup.inner
        };
        let mut items = Vec::new();
        if let Some(t) = &pr.bookmark {
            outline.push(OutlineItem {
                title: t.clone(),
                page: pi,
                y: setup.top,
            });
        }
        let entries = &list[pr.start..pr.end];
        audit_widows(entries, stats);
        // Each item is preceded by a mark when it belongs elsewhere than the previous one.
        let mut tag: Option<Tag> = None;
        let mut mark = |items: &mut Vec<page::Item>, t: Tag| {
            if tag != Some(t) {
                items.push(page::Item::Mark(t));
                tag = Some(t);
            }
        };
        let ys = place_items(entries, &frame, pr.full);
        for (v, dy) in entries.iter().zip(ys) {
            let y = setup.top + dy;
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
                    let baseline = y + height * style.baseline_share;
                    line_runs(line, left + x, baseline, &mut items);
                }
                V::Ornament { height } => {
                    mark(&mut items, Tag::Artifact);
                    let h = setup.size * style.ornament_em;
                    items.extend(ornament_paths(
                        left + setup.text_width() / 2.0,
                        y + height * 0.5,
                        h,
                    ));
                }
                V::Image {
                    data,
                    pixels,
                    width,
                    height,
                    tag,
                } => {
                    mark(&mut items, Tag::Content(*tag));
                    items.push(page::Item::Image {
                        data: data.clone(),
                        pixels: Some(pixels.clone()),
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
        let front_matter = pi == 0 || (pr.opening && pr.bookmark.is_none());
        if setup.facing && !pr.opening && !front_matter {
            let head = if recto { heads.title } else { heads.author };
            let base = setup.top - setup.leading * style.head_raise;
            small_line(setter, head, true, head_size, cx, base, &mut items);
        }
        // Folio: in the bottom margin on print pages, inside the text area on screens.
        if !front_matter {
            let base = if setup.facing {
                setup.height - setup.bottom + setup.leading * style.folio_drop
            } else {
                setup.height - setup.bottom - setup.leading * style.screen_folio_raise
            };
            let folio = number.to_string();
            small_line(setter, &folio, false, head_size, cx, base, &mut items);
        }
        doc_pages.push(page::Page {
            width: setup.width,
            height: setup.height,
            items,
        });
    }
}

/// Counts a widow (a paragraph's last line alone at the head of the page) and an orphan (its
/// first line alone at the foot) on one page's entries.
fn audit_widows(entries: &[V], stats: &mut Stats) {
    let lines: Vec<(usize, usize)> = entries
        .iter()
        .filter_map(|v| match v {
            V::Line { index, count, .. } => Some((*index, *count)),
            _ => None,
        })
        .collect();
    if let Some(&(i, n)) = lines.first() {
        if n > 1 && i > 0 && n - i < 2 {
            stats.widows += 1;
        }
    }
    if let Some(&(i, n)) = lines.last() {
        if n > 1 && i + 1 < n && i < 1 {
            stats.orphans += 1;
        }
    }
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
pub(super) fn line_runs(line: &SetLine, x: f32, baseline: f32, out: &mut Vec<page::Item>) {
    let same_run = |a: &super::text::LineGlyph, b: &super::text::LineGlyph| {
        a.face == b.face && (a.size - b.size).abs() < 0.001 && a.inserted == b.inserted
    };
    let mut rest = &line.glyphs[..];
    while let Some(first) = rest.first() {
        // A run is the glyphs of one font, size and kind; its vector is sized exactly (every
        // glyph of the book is held in a page until the PDF is written).
        let len = rest.iter().take_while(|g| same_run(first, g)).count();
        let (run, tail) = rest.split_at(len);
        rest = tail;
        let rx = x + line.offset + first.x;
        out.push(page::Item::Text(TextRun {
            font: first.face,
            size: first.size,
            x: rx,
            y: baseline,
            glyphs: run
                .iter()
                .map(|g| Glyph {
                    id: g.id,
                    x: x + line.offset + g.x - rx,
                    text: g.text.clone(),
                })
                .collect(),
            actual_text: first.inserted.then(String::new),
        }));
    }
}

/// Sets one line of running head or folio text, centred on `cx`.
fn small_line(
    setter: &mut Setter,
    text: &str,
    small_caps: bool,
    size: f32,
    cx: f32,
    baseline: f32,
    out: &mut Vec<page::Item>,
) {
    let spec = ParaSpec {
        runs: vec![Run {
            text: text.to_string(),
            style: Style::Regular,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::font::Fonts;

    /// The text of a page's artifacts (running heads, folios) and of its content, with the
    /// baseline of each run.
    type Texts = Vec<(String, f32)>;

    fn texts(page: &page::Page) -> (Texts, Texts) {
        let (mut art, mut body) = (Vec::new(), Vec::new());
        let mut artifact = false;
        for item in &page.items {
            match item {
                page::Item::Mark(t) => artifact = *t == Tag::Artifact,
                page::Item::Text(r) => {
                    let t: String = r.glyphs.iter().map(|g| &*g.text).collect();
                    if artifact { &mut art } else { &mut body }.push((t, r.y));
                }
                _ => {}
            }
        }
        (art, body)
    }

    fn three_pages(preset: &str) -> (PageSetup, Vec<page::Page>, Vec<OutlineItem>) {
        let fonts = Fonts::bundled();
        let setup = crate::typeset::preset::lookup(preset).unwrap();
        let mut setter = Setter::new(&fonts, "en");
        let spec = ParaSpec {
            runs: vec![Run {
                text: "The lamp was lit at dusk.".into(),
                style: Style::Regular,
                small_caps: false,
            }],
            size: setup.size,
            measure: setup.text_width(),
            indent: 0.0,
            align: Align::Justify,
            hyphenate: true,
        };
        let line = setter.set(&spec).remove(0);
        let list: Vec<V> = (0..3)
            .map(|tag| V::Line {
                line: line.clone(),
                x: 0.0,
                height: setup.leading,
                index: 0,
                count: 1,
                keep_with_next: false,
                tag,
                block: None,
            })
            .collect();
        let page = |k: usize, opening: bool, bookmark: Option<&str>| PageRange {
            start: k,
            end: k + 1,
            opening,
            bookmark: bookmark.map(String::from),
            full: false,
            short: false,
        };
        let pages = [
            page(0, false, None),
            page(1, true, Some("One")),
            page(2, false, None),
        ];
        let heads = Heads {
            title: "The Tide Clock",
            author: "Wren Alder",
        };
        let mut stats = Stats::default();
        let mut out = Composed::default();
        compose(
            &list,
            &pages,
            &setup,
            &heads,
            &mut setter,
            &mut stats,
            &mut out,
        );
        (setup, out.pages, out.outline)
    }

    #[test]
    fn print_pages_get_running_heads_and_folios_in_the_margins() {
        let (setup, pages, outline) = three_pages("a5");
        assert_eq!(pages.len(), 3);
        assert_eq!((outline.len(), outline[0].page), (1, 1));
        // The title page: no furniture. The opening: a folio, no head.
        assert!(texts(&pages[0]).0.is_empty());
        let (art, body) = texts(&pages[1]);
        assert_eq!(art.len(), 1, "{art:?}");
        assert_eq!(art[0].0, "2");
        assert!(
            art[0].1 > setup.height - setup.bottom,
            "folio in the foot margin"
        );
        assert_eq!(body[0].0.trim(), "The lamp was lit at dusk.");
        let baseline = setup.top + setup.leading * setup.style.baseline_share;
        assert!((body[0].1 - baseline).abs() < 1e-3);
        // A recto inside the chapter: the title above, in small capitals, over the text.
        let (art, _) = texts(&pages[2]);
        assert_eq!(art.len(), 2, "{art:?}");
        assert!(art[0].1 < setup.top && art[1].0 == "3");
    }

    #[test]
    fn screen_pages_keep_their_folio_inside_and_have_no_heads() {
        let (setup, pages, _) = three_pages("ereader-6");
        let (art, _) = texts(&pages[2]);
        assert_eq!(art.len(), 1, "{art:?}");
        assert_eq!(art[0].0, "3");
        let foot = setup.top + body_height(&setup);
        assert!(art[0].1 > foot && art[0].1 < setup.height - setup.bottom);
    }
}
