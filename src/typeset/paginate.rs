//! Stage two of the typesetter, **paginate**: the vertical list → pages (ranges of the
//! list), and where each entry of a page sits from the top of its text block.
//!
//! Breaks honour the keeps (a heading, an ornament, a letter's salutation or valediction
//! stays with what follows) and widow and orphan control (at least two lines of a paragraph
//! at the foot and at the head of a page); every chapter starts a new page.

use super::collect::V;
use super::style::BookStyle;

/// One page: the entries `list[start..end]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PageRange {
    pub start: usize,
    pub end: usize,
    /// A chapter opening or a front-matter page: no running head.
    pub opening: bool,
    /// The bookmark that points at this page.
    pub bookmark: Option<String>,
    /// More of the same chapter follows on the next page: this page is justified to the foot.
    pub full: bool,
    /// A full page left short by more than the style fills: no breaking of its chapter
    /// could bring it to the foot.
    pub short: bool,
}

/// Where a page break may fall before `list[i]`: not after an entry kept with the next (a
/// heading, an ornament, a chapter's sink, a salutation), and inside a paragraph, a letter,
/// a quotation or a note only with at least `min_lines` of it on each side.
fn break_allowed_before(list: &[V], i: usize, min_lines: usize) -> bool {
    if i == 0 {
        return false;
    }
    // The previous item that is not a space decides keep-with-next.
    let prev = list[..i].iter().rev().find(|v| !matches!(v, V::Space(_)));
    if prev.is_some_and(V::keeps_with_next) {
        return false;
    }
    let V::Line {
        index,
        count,
        block,
        ..
    } = &list[i]
    else {
        return true;
    };
    let splits = |index: usize, count: usize| index >= min_lines && count - index >= min_lines;
    if *index > 0 && !splits(*index, *count) {
        return false;
    }
    // Inside a letter, quotation or note: as many of its lines on each side.
    let same_block =
        |v: &V| matches!(v, V::Line { block: Some(b), .. } if Some(b.id) == block.map(|b| b.id));
    match block {
        Some(b) if b.index > 0 && prev.is_some_and(same_block) => splits(b.index, b.count),
        _ => true,
    }
}

/// The page geometry pagination works to.
#[derive(Clone, Copy, Debug)]
pub struct Frame<'s> {
    /// Height of the text block the entries fill.
    pub body_height: f32,
    /// The body's baseline-to-baseline distance.
    pub leading: f32,
    pub style: &'s BookStyle,
}

/// What a candidate page holds, for judging it.
#[derive(Clone, Copy, Debug, Default)]
struct Fill {
    /// Height of the entries up to the last one that is not a gap.
    content: f32,
    /// The gaps between them (trailing gaps do not count).
    gaps: f32,
    /// Steps between entries (the last one's index from the first).
    steps: usize,
}

/// How the room left on a page is taken up (see [`place_items`]).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Justify {
    /// Exactly full, or the page ends its chapter: as set.
    AsSet,
    /// The gaps grow (or shrink, when negative) by this share of themselves, and each step
    /// between entries opens by `even` points.
    Stretch { gap_share: f32, even: f32 },
    /// Too short to justify without opening the lines visibly: as set, short.
    Short,
    /// Too long even with the gaps shrunk: as set, running past the foot.
    Overfull,
}

impl Frame<'_> {
    /// How a page holding `f` is justified; `full` when more of its chapter follows.
    fn justify(&self, f: &Fill, full: bool) -> Justify {
        let room = self.body_height - f.content;
        if room < -0.01 {
            let shrink = f.gaps * self.style.gap_shrink;
            return if f.gaps > 0.0 && -room <= shrink + 0.01 {
                Justify::Stretch {
                    gap_share: room / f.gaps,
                    even: 0.0,
                }
            } else {
                Justify::Overfull
            };
        }
        if !full || room <= 0.01 {
            return Justify::AsSet;
        }
        if f.steps == 0 || room > self.style.max_fill_leadings * self.leading {
            return Justify::Short;
        }
        let from_gaps = (f.gaps * self.style.gap_growth).min(room);
        Justify::Stretch {
            gap_share: if f.gaps > 0.0 {
                from_gaps / f.gaps
            } else {
                0.0
            },
            even: (room - from_gaps) / f.steps as f32,
        }
    }

    /// What a page costs: nothing when it is exactly full or ends its chapter; a little for
    /// gaps opened or closed, more for lines spread apart (the square of how far each step
    /// opens, so that the spreading is shared between pages); a short or an overfull page
    /// costs more than any justified one, and more the shorter it is.
    fn cost(&self, f: &Fill, full: bool) -> f64 {
        let lead = self.leading as f64;
        let room = (self.body_height - f.content) as f64;
        match self.justify(f, full) {
            Justify::AsSet => 0.0,
            Justify::Stretch { gap_share, even } => {
                let gaps = (gap_share * f.gaps) as f64 / lead;
                let lines = even as f64 / lead;
                gaps * gaps + 1e4 * lines * lines * f.steps as f64
            }
            Justify::Short => 1e8 + 1e6 * (room / lead).powi(2),
            Justify::Overfull => 1e12 + 1e6 * (room / lead).powi(2),
        }
    }
}

/// Splits the vertical list into pages. Each chapter (the entries between two page starts)
/// is broken as a whole: of all the ways to break it where keeps, widow and orphan control
/// allow, the one whose pages need the least vertical justification, so that every page but
/// the chapter's last ends on the foot's baseline — a page that would fall short gives or
/// takes lines from the pages before it rather than ending high. Only where no such
/// breaking exists (a block that cannot be split, taller than the room any breaking
/// leaves) does a page end short; a block taller than a whole page is broken where it
/// overflows.
pub fn paginate(list: &[V], frame: &Frame) -> Vec<PageRange> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut opening = false;
    let mut bookmark = None;
    for (i, v) in list
        .iter()
        .enumerate()
        .chain([(list.len(), &V::Space(0.0))])
    {
        let next = match v {
            V::NewPage {
                opening: o,
                bookmark: b,
            } => Some((*o, b.clone())),
            _ if i == list.len() => Some((false, None)),
            _ => None,
        };
        let Some((o, b)) = next else { continue };
        for (k, (a, z)) in break_chapter(list, start, i, frame).into_iter().enumerate() {
            let first = k == 0;
            let full = z < i;
            pages.push(PageRange {
                start: a,
                end: z,
                opening: first && opening,
                bookmark: if first { bookmark.take() } else { None },
                full,
                short: full && frame.justify(&fill_of(&list[a..z]), true) == Justify::Short,
            });
        }
        start = i + 1;
        opening = o;
        bookmark = b;
    }
    pages
}

/// The first entry at or after `i` that is not a gap (no gap at the top of a page).
fn skip_gaps(list: &[V], mut i: usize, end: usize) -> usize {
    while i < end && matches!(list[i], V::Space(_)) {
        i += 1;
    }
    i
}

/// Breaks one chapter, `list[start..end]`, into pages (ranges), by dynamic programming over
/// the break points: `best[p]` is the cheapest breaking of `list[start..p]` with a page
/// starting at `p`.
fn break_chapter(list: &[V], start: usize, end: usize, frame: &Frame) -> Vec<(usize, usize)> {
    let start = skip_gaps(list, start, end);
    if start >= end {
        return Vec::new();
    }
    let n = end - start;
    // best[p - start] = (cost, where the page ending at p started).
    let mut best: Vec<(f64, usize)> = vec![(f64::INFINITY, usize::MAX); n + 1];
    best[0] = (0.0, start);
    let min_lines = frame.style.min_lines_at_break;
    for p in start..end {
        let (base, _) = best[p - start];
        if !base.is_finite() {
            continue;
        }
        let top = skip_gaps(list, p, end);
        let mut relax = |z: usize, cost: f64| {
            let slot = &mut best[z - start];
            if base + cost < slot.0 {
                *slot = (base + cost, p);
            }
        };
        if top == end {
            relax(end, 0.0);
            continue;
        }
        let mut fill = Fill::default();
        let mut pending = 0.0;
        let mut broke = false;
        let mut j = top;
        loop {
            if j == end {
                relax(end, frame.cost(&fill, false));
                break;
            }
            if j > top && break_allowed_before(list, j, min_lines) {
                relax(j, frame.cost(&fill, true));
                broke = true;
            }
            let v = &list[j];
            let mut next = fill;
            if let V::Space(h) = v {
                pending += h;
            } else {
                next.content += pending + v.height();
                next.gaps += pending;
                next.steps = j - top;
                pending = 0.0;
            }
            if j > top && frame.justify(&next, true) == Justify::Overfull {
                if !broke {
                    // Nothing may break on this page: break where it overflows.
                    relax(j, frame.cost(&fill, true));
                }
                break;
            }
            fill = next;
            j += 1;
        }
    }
    let mut ranges = Vec::new();
    let mut z = end;
    while z > start {
        let p = best[z - start].1;
        ranges.push((skip_gaps(list, p, end), z));
        z = p;
    }
    ranges.reverse();
    ranges
}

/// What a page of `items` holds.
fn fill_of(items: &[V]) -> Fill {
    let mut fill = Fill::default();
    if let Some(k) = items.iter().rposition(|v| !matches!(v, V::Space(_))) {
        fill.content = items[..=k].iter().map(V::height).sum();
        fill.gaps = items[..k]
            .iter()
            .filter_map(|v| match v {
                V::Space(h) => Some(*h),
                _ => None,
            })
            .sum();
        fill.steps = k;
    }
    fill
}

/// How far a full page ends short of the foot, in points (0 for any other page).
pub fn shortfall(list: &[V], page: &PageRange, frame: &Frame) -> f32 {
    if page.short {
        frame.body_height - fill_of(&list[page.start..page.end]).content
    } else {
        0.0
    }
}

/// Where a page's entries start, from the top of the text block. A full page (`full`:
/// more of its chapter follows) is justified to the foot: the room left under the last
/// line (at most `style.max_fill_leadings` leadings, else the page stays short) goes first
/// to the gaps inside the page (scene breaks, letters, headings), each growing by at most
/// `style.gap_growth` of itself, then evenly between all entries. A page a little too long
/// closes its gaps, each by at most `style.gap_shrink` of itself. Trailing gaps do not
/// count.
pub fn place_items(items: &[V], frame: &Frame, full: bool) -> Vec<f32> {
    let (gap_share, even) = match frame.justify(&fill_of(items), full) {
        Justify::Stretch { gap_share, even } => (gap_share, even),
        _ => (0.0, 0.0),
    };
    let mut ys = Vec::with_capacity(items.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A drawn item of height `h` (an ornament stands in for a line: both are placed alike).
    fn line(h: f32) -> V {
        V::Ornament { height: h }
    }

    #[test]
    fn a_full_page_is_justified_to_its_foot_gaps_first() {
        let s = BookStyle::BOOK;
        // Ten lines of 14 pt, a scene-break gap of 7 pt: 147 pt on a 168 pt page (21 pt short).
        let mut items: Vec<V> = (0..5).map(|_| line(14.0)).collect();
        items.push(V::Space(7.0));
        items.extend((0..5).map(|_| line(14.0)));
        let frame = |h| Frame {
            body_height: h,
            leading: 14.0,
            style: &s,
        };
        let ys = place_items(&items, &frame(168.0), true);
        let bottom = ys.last().unwrap() + 14.0;
        assert!(
            (bottom - 168.0).abs() < 1e-3,
            "last line ends at the foot: {bottom}"
        );
        // The gap doubled (7 → 14); the 14 pt left spread over the 10 other steps.
        assert!((ys[6] - ys[5] - 14.0 - 1.4).abs() < 1e-3, "{ys:?}");
        assert!((ys[1] - ys[0] - 14.0 - 1.4).abs() < 1e-3, "{ys:?}");
        // A page that ends a chapter, or one far too short, stays as set.
        let plain = place_items(&items, &frame(168.0), false);
        assert!((plain.last().unwrap() - 133.0).abs() < 1e-3);
        let short = place_items(&items, &frame(400.0), true);
        assert_eq!(short, plain);
    }

    /// A paragraph of `n` lines of 14 pt (structure element `tag`).
    fn para(n: usize, tag: usize, keep: bool) -> Vec<V> {
        (0..n)
            .map(|index| V::Line {
                line: crate::typeset::text::SetLine {
                    glyphs: Vec::new(),
                    offset: 0.0,
                    width: 0.0,
                    ratio: 0.0,
                    hyphenated: false,
                    overfull: false,
                    justified: false,
                },
                x: 0.0,
                height: 14.0,
                index,
                count: n,
                keep_with_next: keep,
                tag,
                block: None,
            })
            .collect()
    }

    fn ten_lines(style: &BookStyle) -> Frame<'_> {
        Frame {
            body_height: 140.0,
            leading: 14.0,
            style,
        }
    }

    #[test]
    fn a_page_short_before_a_block_takes_lines_from_the_page_before() {
        let s = BookStyle::BOOK;
        // 16 lines, then a heading kept with a three-line paragraph (4 lines that cannot be
        // split), then 10 more. Filling each page in turn leaves the second page 6 lines
        // long before the block: 4 lines short, past the 3 the style fills.
        let mut list = para(16, 1, false);
        list.extend(para(1, 2, true));
        list.extend(para(3, 3, false));
        list.extend(para(10, 4, false));
        let frame = ten_lines(&s);
        let pages = paginate(&list, &frame);
        assert!(pages.iter().all(|p| !p.short), "{pages:?}");
        let last = pages.len() - 1;
        for p in &pages[..last] {
            let lines = p.end - p.start;
            assert!(p.full && (7..=10).contains(&lines), "{pages:?}");
        }
        // The heading is never the last line of a page, no paragraph leaves one line alone.
        for p in &pages {
            assert!(!list[p.end - 1].keeps_with_next(), "{p:?}");
            assert!(break_allowed_before(&list, p.start, 2) || p.start == 0);
        }
        assert_eq!(pages.last().unwrap().end, list.len());
    }

    #[test]
    fn widows_orphans_and_blocks_keep_two_lines_a_side() {
        let mut list = para(5, 1, false);
        assert!(!break_allowed_before(&list, 1, 2), "an orphan");
        assert!(break_allowed_before(&list, 2, 2));
        assert!(break_allowed_before(&list, 3, 2));
        assert!(!break_allowed_before(&list, 4, 2), "a widow");
        // Three one-line paragraphs of one letter: the letter keeps two lines a side.
        let mut letter = [para(1, 2, false), para(1, 3, false), para(1, 4, false)].concat();
        for (index, v) in letter.iter_mut().enumerate() {
            if let V::Line { block, .. } = v {
                *block = Some(crate::typeset::collect::InBlock {
                    id: 9,
                    index,
                    count: 3,
                });
            }
        }
        list.extend(letter);
        assert!(break_allowed_before(&list, 5, 2), "before the letter");
        assert!(!break_allowed_before(&list, 6, 2), "one line of it left");
        assert!(!break_allowed_before(&list, 7, 2), "one line of it carried");
    }

    #[test]
    fn a_page_a_little_long_closes_its_gaps() {
        let s = BookStyle::BOOK;
        // 9 lines and two gaps of 6 pt: 138 pt on a 140 pt page fits; with 9 pt gaps (144 pt)
        // the gaps close by 4 pt of their 18 (a third may go).
        let mut list = para(3, 1, false);
        list.push(V::Space(9.0));
        list.extend(para(3, 2, false));
        list.push(V::Space(9.0));
        list.extend(para(3, 3, false));
        list.extend(para(4, 4, false));
        let frame = ten_lines(&s);
        let pages = paginate(&list, &frame);
        assert_eq!(pages[0].end, 11, "{pages:?}");
        let ys = place_items(&list[..11], &frame, true);
        assert!((ys[10] + 14.0 - 140.0).abs() < 1e-3, "{ys:?}");
    }
}
