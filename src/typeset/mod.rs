//! The typesetter: story → neutral pages of positioned glyphs, rules and shapes. It knows
//! nothing of PDF; `crate::pdf` writes its pages.

pub mod collect;
pub mod compose;
pub mod font;
pub mod hyphenate;
pub mod layout;
pub mod linebreak;
pub mod page;
pub mod paginate;
pub mod preset;
pub mod style;
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

/// A text dump of typeset pages — one line per baseline with its rounded position — for
/// golden tests and for reading a layout without a PDF viewer.
pub fn dump(doc: &page::Document) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (pi, p) in doc.pages.iter().enumerate() {
        let _ = writeln!(
            out,
            "== page {} ({:.0}×{:.0} pt)",
            pi + 1,
            p.width,
            p.height
        );
        // (y, x, text) per baseline, in reading order.
        let mut lines: Vec<(f32, f32, String)> = Vec::new();
        let mut ornaments: Vec<f32> = Vec::new();
        for item in &p.items {
            match item {
                page::Item::Text(r) => {
                    let text: String = if r.actual_text.as_deref() == Some("") {
                        "-".to_string()
                    } else {
                        r.glyphs.iter().map(|g| &*g.text).collect()
                    };
                    match lines.iter_mut().find(|l| (l.0 - r.y).abs() < 0.5) {
                        Some(l) => {
                            l.1 = l.1.min(r.x);
                            l.2.push_str(&text);
                        }
                        None => lines.push((r.y, r.x, text)),
                    }
                }
                page::Item::Fill(segs) => {
                    if let Some(page::PathSeg::MoveTo(_, y)) = segs.first() {
                        if !ornaments.iter().any(|o| (o - y).abs() < 20.0) {
                            ornaments.push(*y);
                        }
                    }
                }
                _ => {}
            }
        }
        for y in ornaments {
            lines.push((y, 0.0, "❦ (ornament)".into()));
        }
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (y, x, t) in lines {
            let _ = writeln!(out, "y{:>4.0} x{:>3.0} {}", y, x, t.trim_end());
        }
    }
    out
}
