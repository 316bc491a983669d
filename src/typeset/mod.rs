//! The typesetter: story → neutral pages of positioned glyphs, rules and shapes. It knows
//! nothing of PDF; `crate::pdf` writes its pages.

pub mod font;
pub mod hyphenate;
pub mod layout;
pub mod linebreak;
pub mod page;
pub mod preset;
pub mod text;

/// One line of figures about a typeset PDF.
pub fn stats_line(path: &std::path::Path, s: &layout::Stats) -> String {
    let mut r = s.space_ratios.clone();
    r.sort_by(f32::total_cmp);
    let q = |p: f32| {
        r.get(((r.len() as f32 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(1.0)
    };
    format!(
        "{}: {} pages, {} lines ({} justified), {} overfull, {} hyphenated line ends (at most {} in a row), \
word space ×{:.2}–×{:.2} (median ×{:.2}, p95 ×{:.2}), {} widows, {} orphans",
        path.display(),
        s.pages,
        s.lines,
        s.justified_lines,
        s.overfull_lines,
        s.hyphenated_lines,
        s.max_consecutive_hyphens,
        q(0.0),
        q(1.0),
        q(0.5),
        q(0.95),
        s.widows,
        s.orphans
    )
}
