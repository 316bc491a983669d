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

/// Bounding box of a shape: (x0, y0, x1, y1).
fn bounds(shape: &Shape) -> (f32, f32, f32, f32) {
    match shape {
        Shape::Circle { cx, cy, r } => (cx - r, cy - r, cx + r, cy + r),
        Shape::Polygon(pts) => pts.iter().fold(
            (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
            |(a, b, c, d), &(x, y)| (a.min(x), b.min(y), c.max(x), d.max(y)),
        ),
    }
}

fn inside(shape: &Shape, x: f32, y: f32) -> bool {
    match shape {
        Shape::Circle { cx, cy, r } => (x - cx).powi(2) + (y - cy).powi(2) <= r * r,
        Shape::Polygon(pts) => {
            // Even-odd ray casting; the shapes are convex and simple.
            let mut c = false;
            let n = pts.len();
            for i in 0..n {
                let (xi, yi) = pts[i];
                let (xj, yj) = pts[(i + n - 1) % n];
                if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
                    c = !c;
                }
            }
            c
        }
    }
}

/// Renders the ornament as grey+alpha pixels (black ink, anti-aliased by 4×4 supersampling).
pub fn render(height_px: u32) -> image::GrayAlphaImage {
    let h = height_px.max(4);
    let w = (h as f32 * WIDTH).round() as u32;
    let shapes = shapes();
    let boxes: Vec<(f32, f32, f32, f32)> = shapes.iter().map(bounds).collect();
    let scale = 1.0 / h as f32;
    const SS: u32 = 4;
    let mut near = Vec::with_capacity(shapes.len());
    image::GrayAlphaImage::from_fn(w, h, |px, py| {
        // Only the shapes whose bounding box meets this pixel are sampled: most of the
        // ornament's box is empty paper.
        let (x0, y0) = (px as f32 * scale, py as f32 * scale);
        let (x1, y1) = (x0 + scale, y0 + scale);
        near.clear();
        near.extend(
            shapes
                .iter()
                .zip(&boxes)
                .filter(|(_, b)| b.0 <= x1 && x0 <= b.2 && b.1 <= y1 && y0 <= b.3)
                .map(|(s, _)| s),
        );
        if near.is_empty() {
            return image::LumaA([0, 0]);
        }
        // A pixel whose four corners lie in one shape lies wholly in it (the shapes are
        // convex): full ink without sampling. Only the pixels along the edges are sampled.
        let corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)];
        if near
            .iter()
            .any(|s| corners.iter().all(|&(x, y)| inside(s, x, y)))
        {
            return image::LumaA([0, 255]);
        }
        let mut hits = 0u32;
        for sy in 0..SS {
            for sx in 0..SS {
                let x = (px as f32 + (sx as f32 + 0.5) / SS as f32) * scale;
                let y = (py as f32 + (sy as f32 + 0.5) / SS as f32) * scale;
                if near.iter().any(|s| inside(s, x, y)) {
                    hits += 1;
                }
            }
        }
        let a = (hits * 255 / (SS * SS)) as u8;
        image::LumaA([0, a])
    })
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
