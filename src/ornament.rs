//! The scene-break ornament, drawn by us as vector shapes so it never depends on a font's
//! `❦` glyph (Kobo's Adobe engine and Kindle lack it in most fonts).
//!
//! One geometry serves every output: the EPUB gets it as inline SVG filled with
//! `currentColor` (so it takes the text colour in any reader theme, dark or inverted), the
//! PDF the shapes themselves as filled paths, and the generated cover a raster of it.

/// Width / height of the ornament's box, in ornament units (the box is `WIDTH` × 1).
pub const WIDTH: f32 = 6.0;

/// A filled shape in ornament units: x in `0..WIDTH`, y in `0..1` growing down.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Polygon(Vec<(f32, f32)>),
    Circle { cx: f32, cy: f32, r: f32 },
}

/// The ornament: a dot, a tapering spindle, a lozenge, a spindle, a dot.
pub fn shapes() -> Vec<Shape> {
    let spindle = |x0: f32, x1: f32| {
        let mid = (x0 + x1) / 2.0;
        Shape::Polygon(vec![(x0, 0.5), (mid, 0.43), (x1, 0.5), (mid, 0.57)])
    };
    vec![
        Shape::Circle {
            cx: 0.45,
            cy: 0.5,
            r: 0.14,
        },
        spindle(0.8, 2.45),
        Shape::Polygon(vec![(3.0, 0.04), (3.46, 0.5), (3.0, 0.96), (2.54, 0.5)]),
        spindle(3.55, 5.2),
        Shape::Circle {
            cx: 5.55,
            cy: 0.5,
            r: 0.14,
        },
    ]
}

/// Where the horizontal line at height `y` crosses a shape: its left and right ends (the
/// shapes are convex, so one interval), or `None` when it misses.
fn span(shape: &Shape, y: f32) -> Option<(f32, f32)> {
    match shape {
        Shape::Circle { cx, cy, r } => {
            let d = r * r - (y - cy) * (y - cy);
            (d > 0.0).then(|| (cx - d.sqrt(), cx + d.sqrt()))
        }
        Shape::Polygon(pts) => {
            let n = pts.len();
            let mut ends: Option<(f32, f32)> = None;
            for i in 0..n {
                let (xi, yi) = pts[i];
                let (xj, yj) = pts[(i + n - 1) % n];
                if (yi > y) != (yj > y) {
                    let x = (xj - xi) * (y - yi) / (yj - yi) + xi;
                    ends = Some(ends.map_or((x, x), |(a, b)| (a.min(x), b.max(x))));
                }
            }
            ends.filter(|(a, b)| b > a)
        }
    }
}

/// Adds `weight` times the part of each pixel of `row` that `[x0, x1)` covers.
fn add_span(row: &mut [f32], x0: f32, x1: f32, weight: f32) {
    let (x0, x1) = (x0.max(0.0), x1.min(row.len() as f32));
    if x1 <= x0 {
        return;
    }
    let (i0, i1) = (x0 as usize, x1 as usize);
    if i0 == i1 {
        row[i0] += (x1 - x0) * weight;
        return;
    }
    row[i0] += (i0 as f32 + 1.0 - x0) * weight;
    for px in &mut row[i0 + 1..i1] {
        *px += weight;
    }
    if let Some(px) = row.get_mut(i1) {
        *px += (x1 - i1 as f32) * weight;
    }
}

/// Renders the ornament as grey+alpha pixels (black ink), anti-aliased: each pixel row is
/// sampled on four lines, and along each line a pixel's ink is the part of it the shapes
/// cover — a few intervals a line instead of a test per sample and pixel.
pub fn render(height_px: u32) -> image::GrayAlphaImage {
    let h = height_px.max(4);
    let w = (h as f32 * WIDTH).round() as u32;
    let shapes = shapes();
    let scale = h as f32;
    const SUB_ROWS: u32 = 4;
    let weight = 1.0 / SUB_ROWS as f32;
    let mut ink = vec![0f32; w as usize * h as usize];
    for (py, row) in ink.chunks_exact_mut(w as usize).enumerate() {
        for sy in 0..SUB_ROWS {
            let y = (py as f32 + (sy as f32 + 0.5) / SUB_ROWS as f32) / scale;
            for shape in &shapes {
                if let Some((x0, x1)) = span(shape, y) {
                    add_span(row, x0 * scale, x1 * scale, weight);
                }
            }
        }
    }
    let pixels = ink
        .iter()
        .flat_map(|&a| [0, (a.clamp(0.0, 1.0) * 255.0).round() as u8])
        .collect();
    image::GrayAlphaImage::from_raw(w, h, pixels).expect("two bytes for each of w * h pixels")
}

/// The ornament as SVG path data in ornament units (`viewBox="0 0 6 1"`), one subpath per
/// shape: polygons as `M…L…Z`, circles as two arcs.
pub fn svg_path() -> String {
    use std::fmt::Write;
    let n = |v: f32| {
        let s = format!("{v:.3}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s.is_empty() || s == "-" {
            "0".to_string()
        } else {
            s.to_string()
        }
    };
    let mut d = String::new();
    for shape in shapes() {
        match shape {
            Shape::Polygon(pts) => {
                for (i, (x, y)) in pts.iter().enumerate() {
                    let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { "L" }, n(*x), n(*y));
                }
                d.push('Z');
            }
            Shape::Circle { cx, cy, r } => {
                let _ = write!(
                    d,
                    "M{} {}A{r} {r} 0 1 0 {} {}A{r} {r} 0 1 0 {} {}Z",
                    n(cx - r),
                    n(cy),
                    n(cx + r),
                    n(cy),
                    n(cx - r),
                    n(cy),
                    r = n(r)
                );
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ornament_has_ink_in_the_middle_and_none_at_the_edges() {
        let img = render(40);
        assert_eq!(img.width(), 240);
        let centre = img.get_pixel(120, 20).0[1];
        assert_eq!(centre, 255, "the lozenge is solid");
        assert_eq!(img.get_pixel(120, 0).0[1], 0, "top edge is clear");
        assert_eq!(img.get_pixel(239, 20).0[1], 0, "right edge is clear");
        // Symmetric left/right.
        for x in 0..120 {
            assert_eq!(
                img.get_pixel(x, 20).0[1],
                img.get_pixel(239 - x, 20).0[1],
                "x={x}"
            );
        }
    }

    #[test]
    fn svg_path_has_one_subpath_per_shape_inside_the_box() {
        let d = svg_path();
        assert_eq!(d.matches('Z').count(), shapes().len());
        let numbers: Vec<f32> = d
            .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect();
        assert!(numbers.iter().all(|v| (0.0..=WIDTH).contains(v)), "{d}");
    }
}
