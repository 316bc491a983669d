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

fn range(
    list: &[V],
    start: usize,
    end: usize,
    opening: bool,
    bookmark: Option<String>,
) -> PageRange {
    PageRange {
        start,
        end,
        opening,
        bookmark,
        full: end < list.len() && !matches!(list[end], V::NewPage { .. }),
    }
}

/// Splits the vertical list into pages (ranges of indices).
pub fn paginate(list: &[V], body_height: f32) -> Vec<PageRange> {
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
                    pages.push(range(list, start, i, opening, bookmark.take()));
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
        pages.push(range(list, start, j, opening, bookmark.take()));
        opening = false;
        start = j;
        h = 0.0;
        i = j;
    }
    if start < list.len() {
        pages.push(range(list, start, list.len(), opening, bookmark.take()));
    }
    pages
}

/// Where a page's items start, from the top of the text block, once a full page has been
/// justified to its foot (`full`): the room left under the last line (at most
/// `style.max_fill_leadings` leadings, else the page stays as it is) goes first to the gaps
/// inside the page (scene breaks, letters, headings), each growing by at most
/// `style.gap_growth` of itself, then evenly between all items. Trailing gaps do not count.
pub fn place_items(
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
}
