//! PDF writer: neutral pages (`crate::typeset::page`) -> PDF bytes, with printpdf 0.12.
//!
//! What printpdf does here: the Type0 / CIDFontType2 font dictionaries with `/W` widths and
//! the `/ToUnicode` CMap (from the per-glyph text we attach to every `Codepoint`), image
//! XObjects, page objects and resources, and the object graph (as a `lopdf::Document`).
//!
//! What this module does itself, because printpdf 0.12 without its heavy `text_layout` feature
//! cannot: subsetting (with `subsetter`, glyph ids renumbered; printpdf is handed the subset as a
//! ready-made `ParsedFont`), the `ABCDEF+` subset tag, choosing the text of each glyph and
//! `/ActualText` spans for the exceptions, the page content streams (`content.rs`: written
//! directly, TJ adjustments from the typeset glyph positions), JPEG
//! pass-through, and — on the `lopdf::Document` printpdf builds — the Info dictionary, `/Lang`,
//! the outline and a content-derived file `/ID` (see `meta.rs`), and the structure tree of a
//! tagged PDF (`tags.rs`).
//!
//! Output is byte-for-byte reproducible: no clock, no random ids.

mod content;
mod fonts;
pub(crate) mod images;
mod meta;
mod tags;

use std::fmt;

use rayon::prelude::*;

use printpdf::{PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, PdfWarnMsg, Pt, Rect};

use crate::typeset::page::Document;

/// Largest page side PDF viewers are required to handle (200 in).
const MAX_PAGE_SIDE: f32 = 14_400.0;

/// Why a document could not be written.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PdfError {
    /// The document has no pages.
    EmptyDocument,
    /// A page has an unusable size.
    InvalidPage { page: usize, reason: String },
    /// A text run refers to a font that `Document::fonts` does not have.
    FontIndex {
        page: usize,
        font: usize,
        available: usize,
    },
    /// A font file cannot be parsed or subset.
    Font {
        font: usize,
        name: String,
        reason: String,
    },
    /// A glyph id is not in the font.
    GlyphOutOfRange {
        font: usize,
        name: String,
        glyph: u16,
        num_glyphs: u16,
    },
    /// A coordinate or size is NaN, infinite or beyond ±1,000,000 pt (or a font size is not
    /// positive).
    InvalidNumber { page: usize, what: &'static str },
    /// An image cannot be decoded or is not PNG/JPEG.
    Image { page: usize, reason: String },
    /// An outline entry points nowhere.
    Outline { index: usize, reason: String },
    /// The logical structure (tagged PDF) does not hold together.
    Structure(String),
    /// printpdf / lopdf failed to produce the file.
    Serialize(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::EmptyDocument => write!(f, "the document has no pages"),
            PdfError::InvalidPage { page, reason } => write!(f, "page {}: {reason}", page + 1),
            PdfError::FontIndex { page, font, available } => write!(
                f,
                "page {}: text uses font #{font}, but the document has {available} font(s)",
                page + 1
            ),
            PdfError::Font { font, name, reason } => write!(f, "font #{font} ({name}): {reason}"),
            PdfError::GlyphOutOfRange { font, name, glyph, num_glyphs } => write!(
                f,
                "font #{font} ({name}): glyph id {glyph} does not exist (the font has {num_glyphs} glyphs)"
            ),
            PdfError::InvalidNumber { page, what } => write!(f, "page {}: invalid {what}", page + 1),
            PdfError::Image { page, reason } => write!(f, "page {}: image: {reason}", page + 1),
            PdfError::Outline { index, reason } => write!(f, "outline entry #{}: {reason}", index + 1),
            PdfError::Structure(reason) => write!(f, "document structure: {reason}"),
            PdfError::Serialize(reason) => write!(f, "cannot write the PDF: {reason}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Writes `doc` as a PDF. The same `Document` always gives the same bytes.
pub fn write_pdf(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let contents = page_contents(doc)?;
    assemble(doc, contents)
}

/// [`write_pdf`] for a document that is not needed afterwards: each page's items (every
/// glyph of the book) are freed once the page streams are written, before the file is
/// assembled. Same bytes.
pub(crate) fn write_pdf_owned(mut doc: Document) -> Result<Vec<u8>, PdfError> {
    let contents = page_contents(&doc)?;
    for page in &mut doc.pages {
        page.items = Vec::new();
    }
    assemble(&doc, contents)
}

/// The prepared fonts, the images and the compressed content stream of every page.
struct Contents {
    fonts: Vec<Option<fonts::PreparedFont>>,
    images: content::ImageRegistry,
    streams: Vec<content::PageContent>,
}

fn page_contents(doc: &Document) -> Result<Contents, PdfError> {
    if doc.pages.is_empty() {
        return Err(PdfError::EmptyDocument);
    }
    for (i, page) in doc.pages.iter().enumerate() {
        let ok = |v: f32| (1.0..=MAX_PAGE_SIDE).contains(&v);
        if !ok(page.width) || !ok(page.height) {
            return Err(PdfError::InvalidPage {
                page: i,
                reason: format!(
                    "size {} x {} pt is outside 1..{MAX_PAGE_SIDE} pt",
                    page.width, page.height
                ),
            });
        }
    }

    let fonts = fonts::prepare_fonts(doc)?;
    let images = content::ImageRegistry::for_pages(&doc.pages);
    // The pages are written and compressed in parallel, each independently of the others (the
    // same bytes whatever the number of threads); only compressed streams are kept. Errors
    // are reported for the first page that has one, as if written in order.
    let streams: Vec<Result<content::PageContent, PdfError>> = doc
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut c = content::page_stream(i, page, &fonts, &doc.structure, &images)?;
            if let Some(small) = Deflater::with(|z| z.deflate(&c.stream)) {
                c.stream = small;
                c.compressed = true;
            }
            Ok(c)
        })
        .collect();
    let streams = streams.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Contents {
        fonts,
        images,
        streams,
    })
}

/// The PDF file: printpdf's object graph, the page streams, structure, metadata.
fn assemble(doc: &Document, contents: Contents) -> Result<Vec<u8>, PdfError> {
    let Contents {
        fonts,
        images,
        mut streams,
    } = contents;
    // printpdf writes the page tree, the font dictionaries (from the glyph set of each font,
    // shown by the first page's operations), the image XObjects and the resources. The page
    // content streams are then replaced by the ones written above.
    let mut pages: Vec<PdfPage> = doc
        .pages
        .iter()
        .map(|page| {
            let bx = Rect::from_wh(Pt(page.width), Pt(page.height));
            PdfPage {
                media_box: bx.clone(),
                trim_box: bx.clone(),
                crop_box: bx,
                ops: Vec::new(),
            }
        })
        .collect();
    pages[0].ops = fonts
        .iter()
        .flatten()
        .flat_map(|f| f.glyph_set_ops())
        .collect();

    let mut pdf = PdfDocument::new(&doc.info.title);
    for font in fonts.into_iter().flatten() {
        pdf.resources
            .fonts
            .map
            .insert(font.id, printpdf::PdfFont::new(font.parsed));
    }
    for (id, xobject) in images.list {
        pdf.resources.xobjects.map.insert(id, xobject);
    }
    pdf.pages = pages;

    let opts = PdfSaveOptions {
        optimize: false,     // compressed below, after the document-level fixes
        subset_fonts: false, // already subset; printpdf cannot subset without `text_layout`
        secure: true,
        image_optimization: None, // no lossy re-encoding, no resizing
    };
    let mut warnings: Vec<PdfWarnMsg> = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Serialize(w.msg.clone()));
    }
    let mcids: Vec<Vec<usize>> = streams
        .iter_mut()
        .map(|c| std::mem::take(&mut c.mcids))
        .collect();
    set_page_contents(&mut lo, streams)?;
    tags::add_structure(&mut lo, doc, &mcids)?;

    meta::finish(&mut lo, doc)?;
    compress_streams(&mut lo);
    let mut bytes = Vec::new();
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(200)
        .compression_level(6)
        .build();
    lo.save_with_options(&mut bytes, save)
        .map_err(|e| PdfError::Serialize(e.to_string()))?;
    meta::stamp_id(&mut bytes)?;
    Ok(bytes)
}

/// Puts each page's content stream in place of the one printpdf wrote.
fn set_page_contents(
    lo: &mut lopdf::Document,
    streams: Vec<content::PageContent>,
) -> Result<(), PdfError> {
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    if page_ids.len() != streams.len() {
        return Err(PdfError::Serialize(format!(
            "printpdf wrote {} pages for {} typeset pages",
            page_ids.len(),
            streams.len()
        )));
    }
    for (page_id, content) in page_ids.into_iter().zip(streams) {
        let contents = lo
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(|e| PdfError::Serialize(format!("page without a content stream: {e}")))?;
        match lo.get_object_mut(contents) {
            Ok(lopdf::Object::Stream(stream)) => {
                stream.dict.remove(b"Filter");
                stream.set_content(content.stream);
                if content.compressed {
                    stream.dict.set("Filter", "FlateDecode");
                }
            }
            _ => return Err(PdfError::Serialize("page content is not a stream".into())),
        }
    }
    Ok(())
}

/// Flate compression at level 6: on font subsets and page contents within a percent or two
/// of lopdf's own level 9 at a fraction of the time. One compressor is reset and reused:
/// setting one up clears some 300 KB of tables, which for a short story cost as much as
/// compressing its pages. Faster levels were measured and not taken: level 2 (zlib-rs's
/// deflate_fast) saves about a quarter of the deflate work — 4 % of a short story's PDF —
/// for PDFs 6 % (story) to 11 % (novel) larger; level 1 makes them 30–45 % larger.
struct Deflater(flate2::Compress);

impl Deflater {
    fn new() -> Self {
        Deflater(flate2::Compress::new(flate2::Compression::new(6), true))
    }

    /// Runs `f` with this thread's compressor, set up on the thread's first use and kept
    /// (a shelf's worth of stories and every page of a book share a handful of them).
    fn with<R>(f: impl FnOnce(&mut Deflater) -> R) -> R {
        thread_local! {
            static Z: std::cell::RefCell<Deflater> = std::cell::RefCell::new(Deflater::new());
        }
        Z.with(|z| f(&mut z.borrow_mut()))
    }

    /// The compressed data, if compressing saves more than the `/Filter` entry costs.
    fn deflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        self.0.reset();
        // Deflate never grows data by more than ~0.03% plus a few header bytes.
        let mut c = Vec::with_capacity(data.len() + data.len() / 1000 + 64);
        let done = self
            .0
            .compress_vec(data, &mut c, flate2::FlushCompress::Finish);
        (matches!(done, Ok(flate2::Status::StreamEnd)) && c.len() + 19 < data.len()).then_some(c)
    }
}

/// Flate-compresses every stream that allows it and is not compressed yet.
fn compress_streams(lo: &mut lopdf::Document) {
    Deflater::with(|z| compress_all(z, lo))
}

fn compress_all(z: &mut Deflater, lo: &mut lopdf::Document) {
    for object in lo.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
                continue;
            }
            if let Some(c) = z.deflate(&stream.content) {
                stream.dict.set("Filter", "FlateDecode");
                stream.set_content(c);
            }
        }
    }
}
