//! Cover images: the author's picture made e-reader friendly, or a typographic cover drawn
//! from the metadata so every book has one.

use crate::assets::Assets;
use crate::error::{Error, Result};
use crate::model::Metadata;
use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{DynamicImage, GrayImage, ImageFormat, Luma, RgbImage};
use std::io::Cursor;
use std::path::Path;

/// Covers taller than this are scaled down (e-readers show at most ~1600 px).
pub const MAX_HEIGHT: u32 = 1600;

/// An encoded cover ready to embed.
#[derive(Clone, Debug)]
pub struct Cover {
    pub bytes: Vec<u8>,
    pub media_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
    /// True for a cover we drew ourselves.
    pub generated: bool,
}

/// Decodes the author's cover image, flattens transparency onto white, scales it down to at
/// most [`MAX_HEIGHT`] pixels tall and re-encodes it (PNG stays PNG, anything else → JPEG).
pub fn from_file(path: &Path, assets: &Assets, what: &str) -> Result<Cover> {
    let picture = assets.picture(path, what)?;
    let format = picture.format;
    let img = (*picture.image).clone();
    let img = flatten(img);
    let img = if img.height() > MAX_HEIGHT {
        let w = ((img.width() as u64 * MAX_HEIGHT as u64) / img.height() as u64).max(1) as u32;
        image::imageops::thumbnail(&img, w, MAX_HEIGHT)
    } else {
        img
    };
    let (width, height) = img.dimensions();
    let mut out = Vec::new();
    let (media_type, extension) = if format == ImageFormat::Png {
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|e| Error::internal(path, format!("cannot encode {what}: {e}")))?;
        ("image/png", "png")
    } else {
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
        img.write_with_encoder(enc)
            .map_err(|e| Error::internal(path, format!("cannot encode {what}: {e}")))?;
        ("image/jpeg", "jpg")
    };
    Ok(Cover {
        bytes: out,
        media_type,
        extension,
        width,
        height,
        generated: false,
    })
}

/// Composites any transparency onto white (e-ink readers show transparent pixels black).
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8(); // a move for RGB8, a conversion otherwise
    }
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut rgb = Vec::with_capacity(w as usize * h as usize * 3);
    for p in rgba.as_raw().chunks_exact(4) {
        let a = p[3] as u32;
        let mix = |c: u8| ((c as u32 * a + 255 * (255 - a)) / 255) as u8;
        rgb.extend_from_slice(&[mix(p[0]), mix(p[1]), mix(p[2])]);
    }
    RgbImage::from_raw(w, h, rgb).expect("3 bytes for each of w * h pixels")
}

const W: u32 = 1200;
const H: u32 = 1600;
/// Paper and ink of the generated cover: grey levels, since e-ink screens are grey and one
/// byte per pixel is a third of the work of RGB at every step (drawing, filtering, deflate).
const PAPER: u8 = 244;
const INK: u8 = 27;

/// Draws a typographic cover: title, author and the ornament inside a double rule, once, at
/// its final size, in grey, written as a PNG with fast compression (a flat page of paper
/// deflates well at any level; the fast level makes it several times cheaper).
pub fn generate(meta: &Metadata) -> Cover {
    let mut img = GrayImage::from_pixel(W, H, Luma([PAPER]));
    // Double frame.
    frame(&mut img, 56, 7);
    frame(&mut img, 78, 2);

    let regular = FontRef::try_from_slice(crate::fonts::REGULAR).expect("bundled font parses");
    let italic = FontRef::try_from_slice(crate::fonts::ITALIC).expect("bundled font parses");
    let bold = FontRef::try_from_slice(crate::fonts::BOLD).expect("bundled font parses");

    // Title: the largest size (down to 60 px) at which it fits in four lines.
    let title = if meta.title.trim().is_empty() {
        "Untitled"
    } else {
        meta.title.trim()
    };
    let max_w = 940.0;
    let mut size = 150.0;
    let mut lines = wrap(&bold, size, title, max_w);
    while (lines.len() > 4 || widest(&bold, size, &lines) > max_w) && size > 60.0 {
        size -= 6.0;
        lines = wrap(&bold, size, title, max_w);
    }
    let line_h = size * 1.18;
    let block_h = line_h * lines.len() as f32;
    let mut y = 560.0 - block_h / 2.0 + size * 0.8;
    for l in &lines {
        draw_centered(&mut img, &bold, size, l, y);
        y += line_h;
    }
    if let Some(sub) = &meta.subtitle {
        for l in wrap(&italic, 54.0, sub, max_w).iter().take(2) {
            y += 10.0;
            draw_centered(&mut img, &italic, 54.0, l, y);
            y += 64.0;
        }
    }

    // Ornament.
    // Drawn once per process: every generated cover of a shelf has the same ornament.
    static ORNAMENT: std::sync::OnceLock<image::GrayAlphaImage> = std::sync::OnceLock::new();
    let orn = ORNAMENT.get_or_init(|| crate::ornament::render(64));
    let ox = (W - orn.width()) / 2;
    let oy = (y as u32 + 90).min(1080);
    for (x, yy, p) in orn.enumerate_pixels() {
        let a = p.0[1] as u32;
        if a > 0 {
            blend(&mut img, ox + x, oy + yy, a);
        }
    }

    // Author(s).
    let authors = meta.authors.join(" & ");
    let mut ay = 1300.0;
    let mut asize = 76.0;
    let mut alines = wrap(&italic, asize, &authors, max_w);
    while alines.len() > 2 && asize > 40.0 {
        asize -= 6.0;
        alines = wrap(&italic, asize, &authors, max_w);
    }
    for l in &alines {
        draw_centered(&mut img, &italic, asize, l, ay);
        ay += asize * 1.2;
    }
    // Series or fandom, small, at the foot.
    let fandom = (!meta.fandoms.is_empty()).then(|| meta.fandoms.join(", "));
    let foot = match (&meta.series, &fandom) {
        (Some(s), _) => Some(match meta.series_index {
            Some(i) => format!("{s} · {i}"),
            None => s.clone(),
        }),
        (None, Some(f)) => Some(f.clone()),
        _ => None,
    };
    if let Some(f) = foot {
        if let Some(l) = wrap(&regular, 40.0, &f, max_w).first() {
            draw_centered(&mut img, &regular, 40.0, l, 1480.0);
        }
    }

    let mut bytes = Vec::new();
    let encoder = PngEncoder::new_with_quality(&mut bytes, CompressionType::Fast, FilterType::Up);
    img.write_with_encoder(encoder)
        .expect("encoding a PNG in memory cannot fail");
    Cover {
        bytes,
        media_type: "image/png",
        extension: "png",
        width: W,
        height: H,
        generated: true,
    }
}

/// A rectangular rule `t` pixels thick, `inset` pixels in from the page's edges.
fn frame(img: &mut GrayImage, inset: u32, t: u32) {
    let (x0, x1, y0, y1) = (inset, W - inset, inset, H - inset);
    fill(img, x0, y0, x1, y0 + t);
    fill(img, x0, y1 - t, x1, y1);
    fill(img, x0, y0, x0 + t, y1);
    fill(img, x1 - t, y0, x1, y1);
}

/// Paints the rectangle `[x0, x1) × [y0, y1)` in ink, a row slice at a time.
fn fill(img: &mut GrayImage, x0: u32, y0: u32, x1: u32, y1: u32) {
    let w = img.width() as usize;
    let raw: &mut [u8] = img;
    for y in y0..y1 {
        let row = y as usize * w;
        raw[row + x0 as usize..row + x1 as usize].fill(INK);
    }
}

/// Lays ink of coverage `a` (0–255) over the pixel at (x, y).
fn blend(img: &mut GrayImage, x: u32, y: u32, a: u32) {
    if x >= W || y >= H {
        return;
    }
    let p = &mut img.get_pixel_mut(x, y).0[0];
    *p = ((*p as u32 * (255 - a) + INK as u32 * a) / 255) as u8;
}

fn text_width(font: &FontRef, size: f32, text: &str) -> f32 {
    let sf = font.as_scaled(PxScale::from(size));
    let mut w = 0.0;
    let mut prev = None;
    for c in text.chars() {
        let id = sf.glyph_id(c);
        if let Some(p) = prev {
            w += sf.kern(p, id);
        }
        w += sf.h_advance(id);
        prev = Some(id);
    }
    w
}

fn widest(font: &FontRef, size: f32, lines: &[String]) -> f32 {
    lines
        .iter()
        .map(|l| text_width(font, size, l))
        .fold(0.0, f32::max)
}

/// Greedy word wrap, then balanced: lines of similar length look better on a cover.
fn wrap(font: &FontRef, size: f32, text: &str, max_w: f32) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let greedy = |limit: f32| {
        let mut lines: Vec<String> = Vec::new();
        let mut cur = String::new();
        for w in &words {
            let cand = if cur.is_empty() {
                w.to_string()
            } else {
                format!("{cur} {w}")
            };
            if !cur.is_empty() && text_width(font, size, &cand) > limit {
                lines.push(std::mem::replace(&mut cur, w.to_string()));
            } else {
                cur = cand;
            }
        }
        lines.push(cur);
        lines
    };
    let base = greedy(max_w);
    // Narrow the measure while the line count stays the same, to balance the lines.
    let mut best = base.clone();
    let mut limit = max_w;
    while limit > max_w * 0.5 {
        limit -= 20.0;
        let l = greedy(limit);
        if l.len() != base.len() {
            break;
        }
        best = l;
    }
    best
}

fn draw_centered(img: &mut GrayImage, font: &FontRef, size: f32, text: &str, baseline: f32) {
    let scale = PxScale::from(size);
    let sf = font.as_scaled(scale);
    let mut x = (W as f32 - text_width(font, size, text)) / 2.0;
    let mut prev = None;
    for c in text.chars() {
        let id = sf.glyph_id(c);
        if let Some(p) = prev {
            x += sf.kern(p, id);
        }
        let glyph = id.with_scale_and_position(scale, ab_glyph::point(x, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let b = outline.px_bounds();
            outline.draw(|gx, gy, c| {
                let px = b.min.x as i32 + gx as i32;
                let py = b.min.y as i32 + gy as i32;
                if px >= 0 && py >= 0 {
                    blend(
                        img,
                        px as u32,
                        py as u32,
                        (c.clamp(0.0, 1.0) * 255.0) as u32,
                    );
                }
            });
        }
        x += sf.h_advance(id);
        prev = Some(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_assets() -> Assets {
        Assets::new(crate::loader::default_loader())
    }

    #[test]
    fn generated_cover_is_an_opaque_png_with_ink() {
        let meta = Metadata {
            title: "The Long Way Round the Lighthouse".into(),
            authors: vec!["Ada Quill".into()],
            ..Default::default()
        };
        let c = generate(&meta);
        let img = image::load_from_memory(&c.bytes).unwrap();
        assert_eq!((img.width(), img.height()), (1200, 1600));
        assert!(!img.color().has_alpha());
        assert_eq!(img.color(), image::ColorType::L8, "a grey cover");
        let grey = img.to_luma8();
        let dark = grey.pixels().filter(|p| p.0[0] < 100).count();
        assert!(dark > 10_000, "title, author and frame are drawn: {dark}");
    }

    #[test]
    fn author_cover_is_scaled_and_flattened() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.png");
        let img = image::RgbaImage::from_pixel(400, 2000, image::Rgba([0, 0, 0, 0]));
        img.save(&p).unwrap();
        let c = from_file(&p, &test_assets(), "cover image").unwrap();
        assert_eq!(c.height, MAX_HEIGHT);
        assert_eq!(c.width, 320);
        let back = image::load_from_memory(&c.bytes).unwrap();
        assert!(!back.color().has_alpha());
        assert_eq!(back.to_rgb8().get_pixel(0, 0).0, [255, 255, 255]);
    }

    #[test]
    fn undecodable_cover_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("broken.jpg");
        std::fs::write(&p, b"not an image at all").unwrap();
        let e = from_file(&p, &test_assets(), "cover image")
            .unwrap_err()
            .to_string();
        assert!(e.contains("broken.jpg"), "{e}");
    }
}
