//! Font preparation: collect the glyphs each face uses, subset the face with `subsetter`
//! (glyph ids are renumbered), choose the text every glyph stands for in the ToUnicode CMap,
//! and wrap the subset in a printpdf `ParsedFont` so printpdf writes the Type0/CIDFontType2
//! dictionaries, `/W` widths and `/ToUnicode` for it.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, FontId, FontMetrics, FontType, Op, ParsedFont, PdfFontHandle, PdfFontMetricsStub,
    Pt, TextItem,
};

use super::PdfError;
use crate::typeset::page::{Document, FontFace, Item};

/// One face that is actually used on some page, ready to hand to printpdf.
pub(crate) struct PreparedFont {
    /// Resource name in the PDF (`/F0`, `/F1`, ... by face index).
    pub id: FontId,
    /// The subset face as printpdf sees it (bytes = subset program, glyph ids = NEW ids,
    /// metrics in 1000 units per em).
    pub parsed: ParsedFont,
    /// Original glyph id -> glyph id in the subset.
    pub remap: BTreeMap<u16, u16>,
    /// The remap and the ToUnicode text of every glyph ("" = unmapped), dense by original glyph id, for the per-glyph lookups of the
    /// content streams: (subset glyph id, `/W` advance in 1/1000 em, ToUnicode text).
    dense: Vec<(u16, f64, Box<str>)>,
}

impl PreparedFont {
    fn new(
        id: FontId,
        parsed: ParsedFont,
        remap: BTreeMap<u16, u16>,
        to_unicode: BTreeMap<u16, String>,
    ) -> Self {
        let len = remap.keys().next_back().map_or(0, |&g| g as usize + 1);
        let mut dense = vec![(0u16, 0.0f64, Box::<str>::default()); len];
        for (&old, &new) in &remap {
            let text = to_unicode.get(&old).map(String::as_str).unwrap_or("");
            dense[old as usize] = (new, advance_1000(&parsed, new), text.into());
        }
        PreparedFont {
            id,
            parsed,
            remap,
            dense,
        }
    }

    /// ToUnicode text of an original glyph id.
    pub fn unicode_of(&self, old: u16) -> &str {
        self.dense.get(old as usize).map_or("", |d| &d.2)
    }

    /// Glyph id in the subset (= the 2-byte code in the content stream, Identity-H) and
    /// natural advance in 1/1000 em of an original glyph id.
    pub fn code_and_advance(&self, old: u16) -> (u16, f64) {
        self.dense
            .get(old as usize)
            .map_or((0, 0.0), |d| (d.0, d.1))
    }

    /// printpdf operations that show every glyph of the subset once, with its ToUnicode text.
    /// printpdf derives the `/W` widths and the `/ToUnicode` CMap of a font from the glyphs
    /// its operations show; the page streams themselves are written by `content.rs`, so the
    /// glyph set is handed over this way (the operations are not written to the file).
    pub fn glyph_set_ops(&self) -> Vec<Op> {
        let codepoints = self
            .remap
            .iter()
            .map(|(&old, &new)| Codepoint {
                gid: new,
                offset: 0.0,
                cid: Some(self.unicode_of(old).to_string()),
            })
            .collect();
        vec![
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.id.clone()),
                size: Pt(10.0),
            },
            Op::ShowText {
                items: vec![TextItem::GlyphIds(codepoints)],
            },
            Op::EndTextSection,
        ]
    }
}

/// Natural advance of a subset glyph in 1/1000 em, computed EXACTLY the way printpdf computes
/// the `/W` entry (`serialize.rs: get_scaled_glyph_width`, f32 maths truncated to an integer).
/// TJ adjustments must be relative to the width the viewer uses, so both sides have to agree
/// to the last unit.
fn advance_1000(parsed: &ParsedFont, new_gid: u16) -> f64 {
    let upm = parsed.pdf_font_metrics.units_per_em as f32;
    match parsed.glyph_widths.get(&new_gid) {
        Some(&w) if upm > 0.0 => (w as f32 * 1000.0 / upm) as i64 as f64,
        _ => 0.0,
    }
}

/// Per face: original glyph id -> (text -> number of occurrences).
type Usage = BTreeMap<u16, BTreeMap<std::sync::Arc<str>, usize>>;

/// Prepares every face that is used by at least one text run. Returns one slot per
/// `Document::fonts` entry (`None` = unused, not embedded).
pub(crate) fn prepare_fonts(doc: &Document) -> Result<Vec<Option<PreparedFont>>, PdfError> {
    // Counted densely by glyph id first (this visits every glyph of the book; a map lookup
    // and a string comparison per glyph cost as much as writing the page streams), then
    // handed on as the ordered `Usage`. Glyph texts are shared strings, so a pointer
    // comparison almost always finds the text's slot.
    type Dense = Vec<Option<Vec<(std::sync::Arc<str>, usize)>>>;
    let mut dense: Vec<Option<Dense>> = (0..doc.fonts.len()).map(|_| None).collect();
    for (page_no, page) in doc.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            if run.glyphs.is_empty() {
                continue;
            }
            let slot = dense.get_mut(run.font).ok_or(PdfError::FontIndex {
                page: page_no,
                font: run.font,
                available: doc.fonts.len(),
            })?;
            let d = slot.get_or_insert_with(Vec::new);
            for g in &run.glyphs {
                let i = g.id as usize;
                if i >= d.len() {
                    d.resize(i + 1, None);
                }
                let texts = d[i].get_or_insert_with(Vec::new);
                if g.text.is_empty() {
                    continue;
                }
                match texts
                    .iter_mut()
                    .find(|(t, _)| std::sync::Arc::ptr_eq(t, &g.text) || **t == *g.text)
                {
                    Some((_, n)) => *n += 1,
                    None => texts.push((g.text.clone(), 1)),
                }
            }
        }
    }
    let usage = dense.into_iter().map(|d| {
        d.map(|d| {
            let mut u = Usage::new();
            for (gid, texts) in d.into_iter().enumerate() {
                let Some(texts) = texts else { continue };
                let counts = u.entry(gid as u16).or_default();
                for (t, n) in texts {
                    *counts.entry(t).or_insert(0) += n;
                }
            }
            u
        })
    });

    let mut out = Vec::with_capacity(doc.fonts.len());
    for (index, (face, usage)) in doc.fonts.iter().zip(usage).enumerate() {
        out.push(match usage {
            Some(u) => Some(prepare_face(index, face, &u)?),
            None => None,
        });
    }
    Ok(out)
}

fn font_err(index: usize, face: &FontFace, reason: impl Into<String>) -> PdfError {
    PdfError::Font {
        font: index,
        name: face.name.clone(),
        reason: reason.into(),
    }
}

fn prepare_face(index: usize, face: &FontFace, usage: &Usage) -> Result<PreparedFont, PdfError> {
    let data: &[u8] = &face.data;
    let ttf = ttf_parser::Face::parse(data, face.index)
        .map_err(|e| font_err(index, face, format!("cannot parse font: {e}")))?;
    let num_glyphs = ttf.number_of_glyphs();
    if let Some((&bad, _)) = usage.range(num_glyphs..).next() {
        return Err(PdfError::GlyphOutOfRange {
            font: index,
            name: face.name.clone(),
            glyph: bad,
            num_glyphs,
        });
    }
    let raw = ttf.raw_face();
    if raw.table(ttf_parser::Tag::from_bytes(b"glyf")).is_none()
        && raw.table(ttf_parser::Tag::from_bytes(b"CFF ")).is_none()
    {
        return Err(font_err(
            index,
            face,
            "no TrueType or CFF outlines (CFF2 is not supported)",
        ));
    }

    // --- ToUnicode: the most frequent non-empty text per glyph; the font's own cmap for glyphs
    // that only ever occur as a cluster continuation. Ties go to the smallest string so the
    // choice does not depend on anything but the document.
    let mut to_unicode: BTreeMap<u16, String> = BTreeMap::new();
    let mut need_cmap: BTreeSet<u16> = BTreeSet::new();
    for (&gid, texts) in usage {
        let best = texts
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(t, _)| t.clone());
        match best {
            Some(t) => {
                to_unicode.insert(gid, t.to_string());
            }
            None => {
                need_cmap.insert(gid);
            }
        }
    }
    if !need_cmap.is_empty() {
        let mut found: BTreeMap<u16, char> = BTreeMap::new();
        if let Some(cmap) = ttf.tables().cmap {
            for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                sub.codepoints(|cp| {
                    if let (Some(g), Some(ch)) = (sub.glyph_index(cp), char::from_u32(cp)) {
                        if need_cmap.contains(&g.0) {
                            let e = found.entry(g.0).or_insert(ch);
                            if ch < *e {
                                *e = ch;
                            }
                        }
                    }
                });
            }
        }
        for gid in need_cmap {
            let text = found.get(&gid).map(|c| c.to_string()).unwrap_or_default();
            to_unicode.insert(gid, text);
        }
    }

    // --- Subset. Requested glyphs are renumbered in ascending order (1, 2, ...; .notdef stays 0);
    // composite components are appended by the subsetter after them.
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = BTreeMap::new();
    for &gid in usage.keys() {
        remap.insert(gid, remapper.remap(gid));
    }
    let program = std::panic::catch_unwind(|| subsetter::subset(data, face.index, &remapper))
        .map_err(|_| font_err(index, face, "font subsetter panicked (malformed font?)"))?
        .map_err(|e| font_err(index, face, format!("cannot subset font: {e}")))?;

    // --- Metrics, read from the original face (the subset drops OS/2). They are handed to
    // printpdf already scaled to 1000 units per em and ROUNDED: printpdf derives each `/W` width
    // as `(width * 1000 / units_per_em) as i64`, which truncates; with font units of 2048/em that
    // loses up to one unit per glyph, always in the same direction, and every line would need a
    // TJ correction every few glyphs. Pre-scaled, the division is exact.
    let upm = ttf.units_per_em();
    let to1000 = |v: f32| (v * 1000.0 / upm as f32).round();
    let advance = |gid: u16| {
        let w = ttf.glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0);
        to1000(w as f32).clamp(0.0, u16::MAX as f32) as u16
    };
    let mut glyph_widths = BTreeMap::new();
    glyph_widths.insert(0u16, advance(0));
    for (&old, &new) in &remap {
        glyph_widths.insert(new, advance(old));
    }
    let scaled = |v: i16| to1000(v as f32).clamp(i16::MIN as f32, i16::MAX as f32) as i16;
    let bbox = ttf.global_bounding_box();
    let (caret_rise, caret_run) = ttf
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"hhea"))
        .filter(|t| t.len() >= 22)
        .map(|t| {
            (
                i16::from_be_bytes([t[18], t[19]]),
                i16::from_be_bytes([t[20], t[21]]),
            )
        })
        .unwrap_or((1, 0));
    let weight = if ttf.tables().os2.is_some() {
        ttf.weight().to_number()
    } else {
        0
    };

    // --- Name: `TAG+BaseName`, the tag derived from the face and the glyph set (ISO 32000-1 9.6.4).
    let base = pdf_font_name(face, &ttf, index);
    let tag = subset_tag(&base, face, usage.keys().copied());
    let parsed = ParsedFont {
        original_bytes: program,
        font_index: 0,
        font_name: Some(format!("{tag}+{base}")),
        codepoint_to_glyph: BTreeMap::new(),
        glyph_widths,
        units_per_em: 1000,
        font_metrics: FontMetrics {
            ascent: scaled(ttf.ascender()),
            descent: scaled(ttf.descender()),
        },
        font_type: if ttf.tables().cff.is_some() {
            FontType::OpenTypeCFF(())
        } else {
            FontType::TrueType
        },
        pdf_font_metrics: PdfFontMetricsStub {
            units_per_em: 1000,
            x_min: scaled(bbox.x_min),
            y_min: scaled(bbox.y_min),
            x_max: scaled(bbox.x_max),
            y_max: scaled(bbox.y_max),
            caret_slope_rise: caret_rise,
            caret_slope_run: caret_run,
            us_weight_class: weight,
        },
    };

    Ok(PreparedFont::new(
        FontId(format!("F{index}")),
        parsed,
        remap,
        to_unicode,
    ))
}

/// A PDF name token for the face: the given name, else the font's PostScript name, restricted
/// to characters that need no escaping.
fn pdf_font_name(face: &FontFace, ttf: &ttf_parser::Face, index: usize) -> String {
    let clean = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .take(100)
            .collect()
    };
    let given = clean(&face.name);
    if !given.is_empty() {
        return given;
    }
    let ps = ttf
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .map(|s| clean(&s))
        .unwrap_or_default();
    if ps.is_empty() {
        format!("Font{index}")
    } else {
        ps
    }
}

/// Six upper-case letters derived from the face and the glyph set (deterministic).
fn subset_tag(base: &str, face: &FontFace, glyphs: impl Iterator<Item = u16>) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(base.as_bytes());
    h.update(&face.index.to_be_bytes());
    h.update(&(face.data.len() as u64).to_be_bytes());
    for g in glyphs {
        h.update(&g.to_be_bytes());
    }
    let digest = h.digest().bytes();
    digest[..6]
        .iter()
        .map(|b| (b'A' + b % 26) as char)
        .collect()
}
