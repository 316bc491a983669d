//! Neutral pages: everything positioned, in PostScript points, origin at the TOP-LEFT of the page, y growing DOWN.
use std::sync::Arc;

/// One font face used by the document: the raw font file (TrueType/OpenType, or a collection).
#[derive(Clone, Debug)]
pub struct FontFace {
    pub data: super::font::FontData,
    /// Face index in a collection (0 for a plain `.ttf`/`.otf`).
    pub index: u32,
    /// PostScript-style name, e.g. "CharisSIL-Italic" (used as the PDF /BaseFont after the subset tag).
    pub name: String,
}

/// Document metadata for the PDF Info dictionary and the catalog.
#[derive(Clone, Debug, Default)]
pub struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// BCP 47 language tag, e.g. "en-GB".
    pub language: String,
    /// Seconds since the Unix epoch; also used as ModDate. 0 means "unknown": no dates are written.
    pub created_unix: i64,
}

/// One bookmark.
#[derive(Clone, Debug)]
pub struct OutlineItem {
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Target position on that page, from the top.
    pub y: f32,
}

#[derive(Clone, Debug)]
pub struct Document {
    pub fonts: Vec<FontFace>,
    pub pages: Vec<Page>,
    /// In reading order.
    pub outline: Vec<OutlineItem>,
    pub info: DocInfo,
    /// The logical structure (a tagged PDF), in reading order; `Item::Mark` ties page content
    /// to it. Empty: an untagged document.
    pub structure: Vec<StructElem>,
}

/// What a structure element is (ISO 32000-1, 14.8.4 standard structure types, plus two of
/// ours that the writer maps onto `Div`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Document,
    Sect,
    Div,
    H1,
    H2,
    H3,
    P,
    BlockQuote,
    Figure,
    /// A letter inside the story.
    Letter,
    /// An author's note.
    AuthorsNote,
}

impl Role {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H1 => "H1",
            Role::H2 => "H2",
            Role::H3 => "H3",
            Role::P => "P",
            Role::BlockQuote => "BlockQuote",
            Role::Figure => "Figure",
            Role::Letter => "Letter",
            Role::AuthorsNote => "AuthorsNote",
        }
    }
}

/// One node of the logical structure.
#[derive(Clone, Debug, PartialEq)]
pub struct StructElem {
    pub role: Role,
    /// Index of the parent element; `None` only for the root.
    pub parent: Option<usize>,
    /// Alternative text (figures).
    pub alt: Option<String>,
}

/// What the page items after an `Item::Mark` belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// Not part of the text: running heads, folios, ornaments.
    Artifact,
    /// Content of `Document::structure[i]`.
    Content(usize),
}

#[derive(Clone, Debug)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug)]
pub enum Item {
    Text(TextRun),
    /// A horizontal rule: top-left corner x,y.
    Rule {
        x: f32,
        y: f32,
        width: f32,
        thickness: f32,
    },
    /// A filled shape (non-zero winding), in page coordinates (used for ornaments drawn as vectors).
    Fill(Vec<PathSeg>),
    /// The items that follow (up to the next mark) belong to this part of the structure.
    Mark(Tag),
    /// An encoded PNG or JPEG image placed with its top-left corner at x,y and the given size in points.
    Image {
        data: Arc<Vec<u8>>,
        /// The image decoded, when the typesetter has it (it decodes every figure to size
        /// it): the writer then does not decode `data` again. `None`: the writer decodes it.
        pixels: Option<Arc<image::DynamicImage>>,
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
}

#[derive(Clone, Copy, Debug)]
pub enum PathSeg {
    MoveTo(f32, f32),
    LineTo(f32, f32),
    CubicTo(f32, f32, f32, f32, f32, f32),
    Close,
}

#[derive(Clone, Debug)]
pub struct TextRun {
    /// Index into `Document::fonts`.
    pub font: usize,
    /// Font size in points.
    pub size: f32,
    /// Start of the baseline.
    pub x: f32,
    pub y: f32,
    pub glyphs: Vec<Glyph>,
    /// When Some, the run is wrapped in a marked-content span with /ActualText (e.g. Some("") for a
    /// typeset hyphen at a line end, so copied text joins the word back).
    ///
    /// Exception: `Some("")` on a run whose glyphs are all hyphens is written as a plain "-",
    /// because extractors (pdftotext, pdf.js, Acrobat) join a word only when the line ends in
    /// a real hyphen; an empty /ActualText leaves "congratulat" / "ed" on two lines.
    pub actual_text: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Glyph {
    /// Glyph id in the ORIGINAL font (the writer subsets and remaps).
    pub id: u16,
    /// Offset of this glyph's origin from the run's x, in points (includes kerning and justification).
    pub x: f32,
    /// Unicode text of the cluster this glyph starts ("fi" for an fi-ligature, " " for a space glyph);
    /// "" for further glyphs of the same cluster.
    pub text: std::sync::Arc<str>,
}
