//! Page content: neutral page items -> printpdf `Op`s.
//!
//! Coordinates: the page model has its origin top-left with y down; PDF user space has it
//! bottom-left with y up, so every y becomes `height - y`. Numbers are rounded to 1/1000 pt
//! (TJ adjustments to whole 1/1000 em) to keep the content streams small.

use std::collections::HashMap;

use printpdf::{
    Codepoint, Color, DictItem, Greyscale, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, Rect, TextItem, TextMatrix, WindingOrder, XObject, XObjectId,
    XObjectTransform,
};

use super::fonts::PreparedFont;
use super::{images, PdfError};
use crate::typeset::page::{Glyph, Item, Page, PathSeg, TextRun};

/// Images seen so far, de-duplicated by content.
#[derive(Default)]
pub(crate) struct ImageRegistry {
    by_hash: HashMap<[u8; 20], XObjectId>,
    pub list: Vec<(XObjectId, XObject)>,
}

impl ImageRegistry {
    fn get_or_add(&mut self, page: usize, data: &[u8]) -> Result<XObjectId, PdfError> {
        let hash = sha1_smol::Sha1::from(data).digest().bytes();
        if let Some(id) = self.by_hash.get(&hash) {
            return Ok(id.clone());
        }
        let xobj = images::to_xobject(data).map_err(|reason| PdfError::Image { page, reason })?;
        let id = XObjectId(format!("Im{}", self.list.len()));
        self.by_hash.insert(hash, id.clone());
        self.list.push((id.clone(), xobj));
        Ok(id)
    }
}

/// Largest deviation from the typeset glyph position left uncorrected, in 1/1000 em
/// (0.01 pt at 10 pt): sub-unit kerning and width rounding are absorbed until they add up.
const TJ_TOLERANCE: f64 = 1.0;

fn r3(v: f32) -> f32 {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 {
        0.0 // no "-0"
    } else {
        r
    }
}

/// Coordinates beyond this are nonsense for a page (and would overflow the 1/1000 rounding).
const MAX_COORD: f32 = 1.0e6;

fn finite(page: usize, what: &'static str, vals: &[f32]) -> Result<(), PdfError> {
    if vals.iter().all(|v| v.is_finite() && v.abs() <= MAX_COORD) {
        Ok(())
    } else {
        Err(PdfError::InvalidNumber { page, what })
    }
}

fn black() -> Color {
    Color::Greyscale(Greyscale {
        percent: 0.0,
        icc_profile: None,
    })
}

/// UTF-16BE with BOM, the encoding PDF text strings use for non-ASCII text.
pub(crate) fn utf16be(text: &str) -> Vec<u8> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

fn begin_actual_text(text: &str) -> Op {
    let mut map = std::collections::BTreeMap::new();
    map.insert(
        "ActualText".to_string(),
        DictItem::String {
            data: utf16be(text),
            literal: false,
        },
    );
    Op::BeginMarkedContentWithProperties {
        tag: "Span".to_string(),
        properties: DictItem::Dict { map },
    }
}

struct PageBuilder<'a> {
    page_no: usize,
    height: f32,
    fonts: &'a [Option<PreparedFont>],
    ops: Vec<Op>,
    in_text: bool,
    /// (font index, size) last set with Tf inside the current text object.
    cur_font: Option<(usize, f32)>,
}

impl PageBuilder<'_> {
    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
            self.cur_font = None;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    fn text_run(&mut self, run: &TextRun) -> Result<(), PdfError> {
        let page = self.page_no;
        finite(page, "text run position or size", &[run.x, run.y, run.size])?;
        if run
            .glyphs
            .iter()
            .any(|g| !(g.x.is_finite() && g.x.abs() <= MAX_COORD))
        {
            return Err(PdfError::InvalidNumber {
                page,
                what: "glyph offset",
            });
        }
        if run.glyphs.is_empty() {
            return Ok(());
        }
        let size = r3(run.size);
        if size <= 0.0 {
            return Err(PdfError::InvalidNumber {
                page,
                what: "font size (must be > 0)",
            });
        }
        let font =
            self.fonts
                .get(run.font)
                .and_then(Option::as_ref)
                .ok_or(PdfError::FontIndex {
                    page,
                    font: run.font,
                    available: self.fonts.len(),
                })?;

        self.begin_text();
        if self.cur_font != Some((run.font, size)) {
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(font.id.clone()),
                size: Pt(size),
            });
            self.cur_font = Some((run.font, size));
        }

        let baseline = r3(self.height - run.y);
        if run.actual_text.as_deref() == Some("") && is_hyphen_only(font, &run.glyphs) {
            // A typeset line-end hyphen marked "no text". An empty /ActualText would hide it,
            // but then extractors see the word split over two lines ("congratulat\ned"); a
            // plain '-' at the end of a line is what they recognise and remove when they join
            // the word back (poppler/pdftotext, pdf.js search, Acrobat). So: written as is.
            self.show(font, size, run.x, baseline, &run.glyphs);
            return Ok(());
        }
        match &run.actual_text {
            Some(actual) => {
                self.ops.push(begin_actual_text(actual));
                self.show(font, size, run.x, baseline, &run.glyphs);
                self.ops.push(Op::EndMarkedContent);
            }
            None => {
                for seg in segments(font, &run.glyphs) {
                    let glyphs = &run.glyphs[seg.start..seg.end];
                    match &seg.actual_text {
                        Some(actual) => {
                            self.ops.push(begin_actual_text(actual));
                            self.show(font, size, run.x, baseline, glyphs);
                            self.ops.push(Op::EndMarkedContent);
                        }
                        None => self.show(font, size, run.x, baseline, glyphs),
                    }
                }
            }
        }
        Ok(())
    }

    /// `Tm` at the first glyph, then one TJ whose numbers move every following glyph from its
    /// natural position (the `/W` advance) to its typeset position. A number is written only
    /// when the viewer's pen would be more than `TJ_TOLERANCE` off, rounded to whole units
    /// against the pen position the viewer actually reaches, so errors never accumulate.
    fn show(
        &mut self,
        font: &PreparedFont,
        size: f32,
        run_x: f32,
        baseline: f32,
        glyphs: &[Glyph],
    ) {
        let Some(first) = glyphs.first() else { return };
        let origin = run_x as f64 + first.x as f64;
        let scale = 1000.0 / size as f64;
        let mut pen = 0.0f64; // where the viewer's pen is, in 1/1000 em from `origin`
        let mut codepoints = Vec::with_capacity(glyphs.len());
        for (i, g) in glyphs.iter().enumerate() {
            let gid = font.new_gid(g.id);
            pen += font.advance_1000(gid);
            let mut offset = 0.0f32;
            if let Some(next) = glyphs.get(i + 1) {
                let target = (run_x as f64 + next.x as f64 - origin) * scale;
                let diff = pen - target;
                let adj = diff.round();
                if diff.abs() > TJ_TOLERANCE && adj != 0.0 {
                    offset = adj as f32;
                    pen -= adj;
                }
            }
            codepoints.push(Codepoint {
                gid,
                offset,
                cid: Some(font.unicode_of(g.id).to_string()),
            });
        }
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(r3(origin as f32)), Pt(baseline)),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        });
    }

    fn rule(&mut self, x: f32, y: f32, width: f32, thickness: f32) -> Result<(), PdfError> {
        finite(self.page_no, "rule", &[x, y, width, thickness])?;
        if width <= 0.0 || thickness <= 0.0 {
            return Ok(());
        }
        self.end_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: black() });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(r3(x)),
                y: Pt(r3(self.height - y - thickness)),
                width: Pt(r3(width)),
                height: Pt(r3(thickness)),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
        Ok(())
    }

    fn fill(&mut self, segs: &[PathSeg]) -> Result<(), PdfError> {
        let h = self.height;
        let pt = |x: f32, y: f32, bezier: bool| LinePoint {
            p: Point {
                x: Pt(r3(x)),
                y: Pt(r3(h - y)),
            },
            bezier,
        };
        let mut rings: Vec<PolygonRing> = Vec::new();
        let mut cur: Vec<LinePoint> = Vec::new();
        let mut start: Option<(f32, f32)> = None; // first point of the current subpath
        let flush = |cur: &mut Vec<LinePoint>, rings: &mut Vec<PolygonRing>| {
            if cur.len() >= 2 {
                rings.push(PolygonRing {
                    points: std::mem::take(cur),
                });
            } else {
                cur.clear();
            }
        };
        for seg in segs {
            match *seg {
                PathSeg::MoveTo(x, y) => {
                    finite(self.page_no, "path", &[x, y])?;
                    flush(&mut cur, &mut rings);
                    cur.push(pt(x, y, false));
                    start = Some((x, y));
                }
                PathSeg::LineTo(x, y) => {
                    finite(self.page_no, "path", &[x, y])?;
                    if cur.is_empty() {
                        // No current point: continue from the last subpath start (as after `h`),
                        // or start the subpath here.
                        let (sx, sy) = start.unwrap_or((x, y));
                        cur.push(pt(sx, sy, false));
                        start = Some((sx, sy));
                    }
                    cur.push(pt(x, y, false));
                }
                PathSeg::CubicTo(x1, y1, x2, y2, x, y) => {
                    finite(self.page_no, "path", &[x1, y1, x2, y2, x, y])?;
                    if cur.is_empty() {
                        let (sx, sy) = start.unwrap_or((x1, y1));
                        cur.push(pt(sx, sy, false));
                        start = Some((sx, sy));
                    }
                    cur.push(pt(x1, y1, true));
                    cur.push(pt(x2, y2, true));
                    cur.push(pt(x, y, false));
                }
                PathSeg::Close => flush(&mut cur, &mut rings),
            }
        }
        flush(&mut cur, &mut rings);
        if rings.is_empty() {
            return Ok(());
        }
        self.end_text();
        self.ops.push(Op::SaveGraphicsState);
        self.ops.push(Op::SetFillColor { col: black() });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
        self.ops.push(Op::RestoreGraphicsState);
        Ok(())
    }

    fn image(&mut self, id: XObjectId, x: f32, y: f32, width: f32, height: f32) {
        self.end_text();
        self.ops.push(Op::UseXobject {
            id,
            transform: XObjectTransform {
                translate_x: Some(Pt(r3(x))),
                translate_y: Some(Pt(r3(self.height - y - height))),
                rotate: None,
                scale_x: Some(r3(width)),
                scale_y: Some(r3(height)),
                dpi: None,
                // The image space is the unit square; scale_x/scale_y are the size in points.
                no_auto_scale: true,
            },
        });
    }
}

/// True when every glyph of the run maps to a hyphen in the ToUnicode CMap.
fn is_hyphen_only(font: &PreparedFont, glyphs: &[Glyph]) -> bool {
    glyphs
        .iter()
        .all(|g| matches!(font.unicode_of(g.id), "-" | "\u{2010}"))
}

/// A stretch of a run that is written with one TJ, optionally inside an ActualText span.
struct Segment {
    start: usize,
    end: usize,
    actual_text: Option<String>,
}

/// Splits a run into stretches whose ToUnicode text already equals the typeset text and
/// stretches that need /ActualText (a glyph used elsewhere with another text, a cluster of
/// several glyphs, a glyph whose text is "" ...). A cluster is a glyph with text plus the
/// following glyphs whose text is "".
fn segments(font: &PreparedFont, glyphs: &[Glyph]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut end = i + 1;
        while end < glyphs.len() && glyphs[end].text.is_empty() {
            end += 1;
        }
        let typed: String = glyphs[i..end].iter().map(|g| &*g.text).collect();
        let mapped: String = glyphs[i..end]
            .iter()
            .map(|g| font.unicode_of(g.id))
            .collect();
        let actual = (typed != mapped).then_some(typed);
        match (out.last_mut(), actual) {
            (Some(last), None) if last.actual_text.is_none() => last.end = end,
            (Some(last), Some(t)) if last.actual_text.is_some() => {
                last.end = end;
                if let Some(a) = last.actual_text.as_mut() {
                    a.push_str(&t);
                }
            }
            (_, actual_text) => out.push(Segment {
                start: i,
                end,
                actual_text,
            }),
        }
        i = end;
    }
    out
}

/// Builds the operations of one page.
pub(crate) fn page_ops(
    page_no: usize,
    page: &Page,
    fonts: &[Option<PreparedFont>],
    images: &mut ImageRegistry,
) -> Result<Vec<Op>, PdfError> {
    let mut b = PageBuilder {
        page_no,
        height: page.height,
        fonts,
        ops: Vec::new(),
        in_text: false,
        cur_font: None,
    };
    for item in &page.items {
        match item {
            Item::Text(run) => b.text_run(run)?,
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => b.rule(*x, *y, *width, *thickness)?,
            Item::Fill(segs) => b.fill(segs)?,
            Item::Image {
                data,
                x,
                y,
                width,
                height,
            } => {
                finite(page_no, "image box", &[*x, *y, *width, *height])?;
                if *width <= 0.0 || *height <= 0.0 {
                    continue;
                }
                let id = images.get_or_add(page_no, data)?;
                b.image(id, *x, *y, *width, *height);
            }
        }
    }
    b.end_text();
    Ok(b.ops)
}
