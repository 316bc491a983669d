//! Page content: neutral page items -> PDF content stream bytes.
//!
//! The streams are written here directly rather than through printpdf's `Op` list: building
//! one `Op` (and one `String`) per glyph and having printpdf re-encode them through lopdf's
//! generic object writer took a third of the time of the whole PDF step (callgrind, see
//! `benches/typeset.rs`). The operators are the same ones printpdf would write (`BT`/`ET`,
//! `Tf`, `Tm`, `TJ`, `BDC`/`EMC`, `re`/`m`/`l`/`c`/`h`/`f`, `cm`/`Do`), with two savings:
//! consecutive glyphs without an adjustment share one string, and glyph codes are written as
//! literal strings (2 bytes a glyph) instead of hex (4 bytes a glyph).
//!
//! Coordinates: the page model has its origin top-left with y down; PDF user space has it
//! bottom-left with y up, so every y becomes `height - y`. Numbers are rounded to 1/1000 pt
//! (TJ adjustments to whole 1/1000 em) to keep the content streams small.

use std::collections::HashMap;

use printpdf::{XObject, XObjectId};

use super::fonts::PreparedFont;
use super::{images, PdfError};
use crate::typeset::page::{Glyph, Item, Page, PathSeg, StructElem, Tag, TextRun};

/// The images of a document, de-duplicated by content, decoded before the pages are written
/// (so the pages can be written in parallel). A decoding failure is kept and reported by the
/// page that shows the image, so errors come in page order whatever the order of the work.
#[derive(Default)]
pub(crate) struct ImageRegistry {
    by_hash: HashMap<[u8; 20], Result<XObjectId, String>>,
    pub list: Vec<(XObjectId, XObject)>,
}

impl ImageRegistry {
    /// Registers every image the pages show, in page order (the order gives the resource
    /// names `Im0`, `Im1`, ...). Images with an empty or invalid box are not shown and not
    /// registered.
    pub fn for_pages(pages: &[Page]) -> Self {
        let mut reg = ImageRegistry::default();
        for page in pages {
            for item in &page.items {
                if let Item::Image {
                    data,
                    pixels,
                    x,
                    y,
                    width,
                    height,
                } = item
                {
                    if shown_image(&[*x, *y, *width, *height]) {
                        reg.add(data, pixels.as_deref());
                    }
                }
            }
        }
        reg
    }

    fn add(&mut self, data: &[u8], pixels: Option<&image::DynamicImage>) {
        let hash = sha1_smol::Sha1::from(data).digest().bytes();
        if self.by_hash.contains_key(&hash) {
            return;
        }
        let entry = images::to_xobject(data, pixels).map(|xobj| {
            let id = XObjectId(format!("Im{}", self.list.len()));
            self.list.push((id.clone(), xobj));
            id
        });
        self.by_hash.insert(hash, entry);
    }

    fn get(&self, page: usize, data: &[u8]) -> Result<XObjectId, PdfError> {
        let hash = sha1_smol::Sha1::from(data).digest().bytes();
        match self.by_hash.get(&hash) {
            Some(Ok(id)) => Ok(id.clone()),
            Some(Err(reason)) => Err(PdfError::Image {
                page,
                reason: reason.clone(),
            }),
            None => Err(PdfError::Image {
                page,
                reason: "image was not registered before the pages were written".into(),
            }),
        }
    }
}

/// An image box that is drawn: finite, within range, not empty.
fn shown_image(b: &[f32; 4]) -> bool {
    b.iter().all(|v| v.is_finite() && v.abs() <= MAX_COORD) && b[2] > 0.0 && b[3] > 0.0
}

/// Largest deviation from the typeset glyph position left uncorrected, in 1/1000 em
/// (0.01 pt at 10 pt): sub-unit kerning and width rounding are absorbed until they add up.
const TJ_TOLERANCE: f64 = 1.0;

/// Coordinates beyond this are nonsense for a page (and would overflow the 1/1000 rounding).
const MAX_COORD: f32 = 1.0e6;

fn finite(page: usize, what: &'static str, vals: &[f32]) -> Result<(), PdfError> {
    if vals.iter().all(|v| v.is_finite() && v.abs() <= MAX_COORD) {
        Ok(())
    } else {
        Err(PdfError::InvalidNumber { page, what })
    }
}

/// Rounds to 1/1000 (the precision every number in the streams is written with).
fn r3(v: f32) -> f32 {
    let r = (v * 1000.0).round() / 1000.0;
    if r == 0.0 {
        0.0 // no "-0"
    } else {
        r
    }
}

/// Writes `v` with at most three decimals and no trailing zeros ("12.5", "-3", "0.001").
/// `v` must be finite and within `MAX_COORD` (checked by the callers).
fn num(out: &mut Vec<u8>, v: f64) {
    let milli = (v * 1000.0).round() as i64;
    if milli < 0 {
        out.push(b'-');
    }
    let m = milli.unsigned_abs();
    int(out, m / 1000);
    let mut frac = m % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let s = [
            b'0' + (frac / 100 % 10) as u8,
            b'0' + (frac / 10 % 10) as u8,
            b'0' + (frac % 10) as u8,
        ];
        out.extend_from_slice(&s[3 - digits..]);
    }
}

/// Writes a non-negative integer.
fn int(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends the 2-byte code of a glyph inside a literal string, escaping the bytes a literal
/// string cannot hold as they are (parentheses, backslash, and end-of-line bytes, which a
/// reader would normalise).
fn push_code(out: &mut Vec<u8>, code: u16) {
    for b in code.to_be_bytes() {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
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

/// `/Span <</ActualText <FEFF...>>> BDC`: what extractors should read for the glyphs up to
/// the matching `EMC`; with an MCID when the span is itself content of a structure element.
fn begin_actual_text(out: &mut Vec<u8>, text: &str, mcid: Option<usize>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(b"/Span <<");
    if let Some(k) = mcid {
        out.extend_from_slice(b"/MCID ");
        int(out, k as u64);
    }
    out.extend_from_slice(b"/ActualText<");
    for b in utf16be(text) {
        out.push(HEX[(b >> 4) as usize]);
        out.push(HEX[(b & 15) as usize]);
    }
    out.extend_from_slice(b">>> BDC\n");
}

struct PageBuilder<'a> {
    page_no: usize,
    height: f32,
    fonts: &'a [Option<PreparedFont>],
    out: Vec<u8>,
    in_text: bool,
    /// (font index, size) last set with Tf inside the current text object.
    cur_font: Option<(usize, f32)>,
    /// The document's structure; empty for an untagged document (marks are ignored).
    structure: &'a [StructElem],
    /// The tag the next drawn item belongs to (the last `Item::Mark`).
    pending: Tag,
    /// The marked-content sequence open in the stream, if any.
    open: Option<Tag>,
    /// Structure element of each marked-content id (MCID) of the page, in order.
    mcids: Vec<usize>,
}

impl PageBuilder<'_> {
    /// Makes sure what is drawn next sits in the marked-content sequence of its tag: a tagged
    /// PDF has every mark on the page either in a structure element (`/P <</MCID n>> BDC`) or
    /// in an `/Artifact` sequence. Sequences enclose whole text objects (never cross BT/ET).
    fn enter(&mut self) {
        if self.structure.is_empty() || self.open == Some(self.pending) {
            return;
        }
        self.end_text();
        if self.open.is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
        match self.pending {
            Tag::Artifact => self.out.extend_from_slice(b"/Artifact BMC\n"),
            Tag::Content(e) => {
                let role = self.structure[e].role.name();
                self.out.push(b'/');
                self.out.extend_from_slice(role.as_bytes());
                self.out.extend_from_slice(b" <</MCID ");
                int(&mut self.out, self.mcids.len() as u64);
                self.out.extend_from_slice(b">> BDC\n");
                self.mcids.push(e);
            }
        }
        self.open = Some(self.pending);
    }

    /// Closes the text object and the marked-content sequence at the end of the page.
    fn finish(&mut self) {
        self.end_text();
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.out.extend_from_slice(b"BT\n");
            self.in_text = true;
            self.cur_font = None;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.extend_from_slice(b"ET\n");
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

        let baseline = r3(self.height - run.y);
        if run.actual_text.as_deref() == Some("") && is_hyphen_only(font, &run.glyphs) {
            // A typeset line-end hyphen marked "no text". An empty /ActualText would hide it,
            // but then extractors see the word split over two lines ("congratulat\ned"); a
            // plain '-' at the end of a line is what they recognise and remove when they join
            // the word back (poppler/pdftotext, pdf.js search, Acrobat). So: written as is.
            self.ready(run.font, font, size);
            self.show(font, size, run.x, baseline, &run.glyphs);
            return Ok(());
        }
        match &run.actual_text {
            Some(actual) => self.show_as(actual, run, font, size, baseline, &run.glyphs),
            None => {
                let mut i = 0;
                while i < run.glyphs.len() {
                    let seg = next_segment(font, &run.glyphs, i);
                    let glyphs = &run.glyphs[i..seg.end];
                    match &seg.actual_text {
                        Some(actual) => self.show_as(actual, run, font, size, baseline, glyphs),
                        None => {
                            self.ready(run.font, font, size);
                            self.show(font, size, run.x, baseline, glyphs);
                        }
                    }
                    i = seg.end;
                }
            }
        }
        Ok(())
    }

    /// Makes the stream ready to show glyphs of `font` at `size`: in the right marked-content
    /// sequence, inside a text object, with the font set.
    fn ready(&mut self, index: usize, font: &PreparedFont, size: f32) {
        self.enter();
        self.begin_text();
        if self.cur_font != Some((index, size)) {
            self.out.push(b'/');
            self.out.extend_from_slice(font.id.0.as_bytes());
            self.out.push(b' ');
            num(&mut self.out, size as f64);
            self.out.extend_from_slice(b" Tf\n");
            self.cur_font = Some((index, size));
        }
    }

    /// Shows glyphs that stand for `actual` in an `/ActualText` span. Inside a structure
    /// element's sequence the span is not nested but gets an MCID of its own (of the same
    /// element): poppler ends an MCID's text at the first EMC inside it, so a nested span
    /// would cut the rest of the paragraph out of the structure's text.
    fn show_as(
        &mut self,
        actual: &str,
        run: &TextRun,
        font: &PreparedFont,
        size: f32,
        baseline: f32,
        glyphs: &[Glyph],
    ) {
        if !self.structure.is_empty() && self.pending == Tag::Artifact {
            // An artifact is not read as text: no span needed.
            self.ready(run.font, font, size);
            self.show(font, size, run.x, baseline, glyphs);
            return;
        }
        let element = match self.pending {
            Tag::Content(e) if !self.structure.is_empty() => Some(e),
            _ => None,
        };
        let Some(e) = element else {
            self.ready(run.font, font, size);
            begin_actual_text(&mut self.out, actual, None);
            self.show(font, size, run.x, baseline, glyphs);
            self.out.extend_from_slice(b"EMC\n");
            return;
        };
        self.end_text();
        if self.open.take().is_some() {
            self.out.extend_from_slice(b"EMC\n");
        }
        begin_actual_text(&mut self.out, actual, Some(self.mcids.len()));
        self.mcids.push(e);
        self.open = Some(Tag::Content(e));
        self.ready(run.font, font, size); // in the span's sequence already: BT and Tf only
        self.show(font, size, run.x, baseline, glyphs);
        self.end_text();
        self.out.extend_from_slice(b"EMC\n");
        // What follows of the element goes into a new sequence (opened by `ready`).
        self.open = None;
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
        let out = &mut self.out;
        out.extend_from_slice(b"1 0 0 1 ");
        num(out, r3(origin as f32) as f64);
        out.push(b' ');
        num(out, baseline as f64);
        out.extend_from_slice(b" Tm\n[(");
        let mut pen = 0.0f64; // where the viewer's pen is, in 1/1000 em from `origin`
        for (i, g) in glyphs.iter().enumerate() {
            let (code, advance) = font.code_and_advance(g.id);
            push_code(out, code);
            pen += advance;
            if let Some(next) = glyphs.get(i + 1) {
                let target = (run_x as f64 + next.x as f64 - origin) * scale;
                let diff = pen - target;
                let adj = diff.round();
                if diff.abs() > TJ_TOLERANCE && adj != 0.0 {
                    // A positive number moves the next glyph left (ISO 32000-1, 9.4.3).
                    out.extend_from_slice(b")");
                    int_signed(out, adj as i64);
                    out.push(b'(');
                    pen -= adj;
                }
            }
        }
        out.extend_from_slice(b")] TJ\n");
    }

    fn rule(&mut self, x: f32, y: f32, width: f32, thickness: f32) -> Result<(), PdfError> {
        finite(self.page_no, "rule", &[x, y, width, thickness])?;
        if width <= 0.0 || thickness <= 0.0 {
            return Ok(());
        }
        self.enter();
        self.end_text();
        let out = &mut self.out;
        out.extend_from_slice(b"q\n0 g\n");
        for v in [x, self.height - y - thickness, width, thickness] {
            num(out, r3(v) as f64);
            out.push(b' ');
        }
        out.extend_from_slice(b"re\nf\nQ\n");
        Ok(())
    }

    fn fill(&mut self, segs: &[PathSeg]) -> Result<(), PdfError> {
        for seg in segs {
            match *seg {
                PathSeg::MoveTo(x, y) | PathSeg::LineTo(x, y) => {
                    finite(self.page_no, "path", &[x, y])?
                }
                PathSeg::CubicTo(x1, y1, x2, y2, x, y) => {
                    finite(self.page_no, "path", &[x1, y1, x2, y2, x, y])?
                }
                PathSeg::Close => {}
            }
        }
        // Subpaths of fewer than two points draw nothing and are left out; a segment without
        // a current point continues from the last subpath start (as after `h`).
        let h = self.height;
        let mut body: Vec<u8> = Vec::new();
        let mut cur: Vec<u8> = Vec::new();
        let mut points = 0usize;
        let mut start: Option<(f32, f32)> = None;
        let pt = |out: &mut Vec<u8>, x: f32, y: f32| {
            num(out, r3(x) as f64);
            out.push(b' ');
            num(out, r3(h - y) as f64);
            out.push(b' ');
        };
        let flush = |cur: &mut Vec<u8>, points: &mut usize, body: &mut Vec<u8>| {
            if *points >= 2 {
                body.extend_from_slice(cur);
                body.extend_from_slice(b"h\n");
            }
            cur.clear();
            *points = 0;
        };
        for seg in segs {
            match *seg {
                PathSeg::MoveTo(x, y) => {
                    flush(&mut cur, &mut points, &mut body);
                    pt(&mut cur, x, y);
                    cur.extend_from_slice(b"m\n");
                    points = 1;
                    start = Some((x, y));
                }
                PathSeg::LineTo(x, y) => {
                    if points == 0 {
                        let (sx, sy) = start.unwrap_or((x, y));
                        pt(&mut cur, sx, sy);
                        cur.extend_from_slice(b"m\n");
                        points = 1;
                        start = Some((sx, sy));
                    }
                    pt(&mut cur, x, y);
                    cur.extend_from_slice(b"l\n");
                    points += 1;
                }
                PathSeg::CubicTo(x1, y1, x2, y2, x, y) => {
                    if points == 0 {
                        let (sx, sy) = start.unwrap_or((x1, y1));
                        pt(&mut cur, sx, sy);
                        cur.extend_from_slice(b"m\n");
                        points = 1;
                        start = Some((sx, sy));
                    }
                    pt(&mut cur, x1, y1);
                    pt(&mut cur, x2, y2);
                    pt(&mut cur, x, y);
                    cur.extend_from_slice(b"c\n");
                    points += 3;
                }
                PathSeg::Close => flush(&mut cur, &mut points, &mut body),
            }
        }
        flush(&mut cur, &mut points, &mut body);
        if body.is_empty() {
            return Ok(());
        }
        self.enter();
        self.end_text();
        self.out.extend_from_slice(b"q\n0 g\n");
        self.out.extend_from_slice(&body);
        self.out.extend_from_slice(b"f\nQ\n");
        Ok(())
    }

    /// The image space is the unit square; the matrix scales it to the size in points.
    fn image(&mut self, id: &XObjectId, x: f32, y: f32, width: f32, height: f32) {
        self.enter();
        self.end_text();
        let out = &mut self.out;
        out.extend_from_slice(b"q\n");
        for v in [width, 0.0, 0.0, height, x, self.height - y - height] {
            num(out, r3(v) as f64);
            out.push(b' ');
        }
        out.extend_from_slice(b"cm\n/");
        out.extend_from_slice(id.0.as_bytes());
        out.extend_from_slice(b" Do\nQ\n");
    }
}

/// Writes an integer that may be negative.
fn int_signed(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    int(out, v.unsigned_abs());
}

/// True when every glyph of the run maps to a hyphen in the ToUnicode CMap.
fn is_hyphen_only(font: &PreparedFont, glyphs: &[Glyph]) -> bool {
    glyphs
        .iter()
        .all(|g| matches!(font.unicode_of(g.id), "-" | "\u{2010}"))
}

/// A stretch of a run that is written with one TJ, optionally inside an ActualText span.
struct Segment {
    end: usize,
    actual_text: Option<String>,
}

/// End of the cluster starting at `i`: a glyph with text plus the following glyphs whose
/// text is "".
fn cluster_end(glyphs: &[Glyph], i: usize) -> usize {
    let mut end = i + 1;
    while end < glyphs.len() && glyphs[end].text.is_empty() {
        end += 1;
    }
    end
}

/// True when the ToUnicode text of the cluster's glyphs, joined, is the typeset text.
fn cluster_maps_to_itself(font: &PreparedFont, cluster: &[Glyph]) -> bool {
    let mut typed = cluster.iter().flat_map(|g| g.text.bytes());
    let mut mapped = cluster.iter().flat_map(|g| font.unicode_of(g.id).bytes());
    loop {
        match (typed.next(), mapped.next()) {
            (None, None) => return true,
            (a, b) if a == b => {}
            _ => return false,
        }
    }
}

/// The stretch of a run starting at glyph `i`: either clusters whose ToUnicode text already
/// equals the typeset text, or clusters that need /ActualText (a glyph used elsewhere with
/// another text, a cluster of several glyphs, a glyph whose text is "" ...), as many as
/// follow in a row.
fn next_segment(font: &PreparedFont, glyphs: &[Glyph], i: usize) -> Segment {
    let mut end = cluster_end(glyphs, i);
    let plain = cluster_maps_to_itself(font, &glyphs[i..end]);
    let mut actual = (!plain).then(|| glyphs[i..end].iter().map(|g| &*g.text).collect::<String>());
    while end < glyphs.len() {
        let next = cluster_end(glyphs, end);
        if cluster_maps_to_itself(font, &glyphs[end..next]) != plain {
            break;
        }
        if let Some(a) = actual.as_mut() {
            a.extend(glyphs[end..next].iter().map(|g| &*g.text));
        }
        end = next;
    }
    Segment {
        end,
        actual_text: actual,
    }
}

/// A page's content stream and the structure element of each of its MCIDs.
pub(crate) struct PageContent {
    pub stream: Vec<u8>,
    /// `stream` is Flate-compressed.
    pub compressed: bool,
    pub mcids: Vec<usize>,
}

/// Writes the content stream of one page.
pub(crate) fn page_stream(
    page_no: usize,
    page: &Page,
    fonts: &[Option<PreparedFont>],
    structure: &[StructElem],
    images: &ImageRegistry,
) -> Result<PageContent, PdfError> {
    let mut b = PageBuilder {
        structure,
        pending: Tag::Artifact,
        open: None,
        mcids: Vec::new(),
        page_no,
        height: page.height,
        fonts,
        out: Vec::with_capacity(16 * 1024),
        in_text: false,
        cur_font: None,
    };
    for item in &page.items {
        match item {
            Item::Mark(tag) => {
                if let Tag::Content(e) = *tag {
                    if e >= structure.len() && !structure.is_empty() {
                        return Err(PdfError::InvalidPage {
                            page: page_no,
                            reason: format!(
                                "content marked as structure element #{e}, but there are {}",
                                structure.len()
                            ),
                        });
                    }
                }
                b.pending = *tag;
            }
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
                ..
            } => {
                finite(page_no, "image box", &[*x, *y, *width, *height])?;
                if *width <= 0.0 || *height <= 0.0 {
                    continue;
                }
                let id = images.get(page_no, data)?;
                b.image(&id, *x, *y, *width, *height);
            }
        }
    }
    b.finish();
    Ok(PageContent {
        stream: b.out,
        compressed: false,
        mcids: b.mcids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_three_decimals_at_most_and_no_trailing_zeros() {
        for (v, want) in [
            (0.0, "0"),
            (-0.0004, "0"),
            (12.5, "12.5"),
            (-3.0, "-3"),
            (0.001, "0.001"),
            (171.2994, "171.299"),
            (-0.25, "-0.25"),
            (999_999.999_6, "1000000"),
            (10.05, "10.05"),
        ] {
            let mut out = Vec::new();
            num(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{v}");
        }
        let mut out = Vec::new();
        int_signed(&mut out, -38);
        int_signed(&mut out, 0);
        assert_eq!(out, b"-380");
    }

    #[test]
    fn glyph_codes_escape_what_a_literal_string_cannot_hold() {
        let mut out = Vec::new();
        for code in [0x0012, 0x2829, 0x5C0D, 0x0A41] {
            push_code(&mut out, code);
        }
        assert_eq!(out, b"\x00\x12\\(\\)\\\\\\r\\nA");
    }
}
