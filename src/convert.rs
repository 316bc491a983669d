//! The library's entry point: a manuscript held in memory becomes EPUB and PDF bytes.

use crate::build::{with_input, PdfOptions};
use crate::error::{Error, Result, Warning};
use crate::loader::{default_loader, Loader};
use crate::reader::{self, ReadOptions};
use crate::render::{self, BuildInfo};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// EPUB 3 (passes epubcheck).
    Epub,
    /// A typeset PDF (tagged, fonts embedded).
    Pdf,
    /// Kobo's kepub: the EPUB with `koboSpan`s, written as `name.kepub.epub`.
    Kepub,
}

impl Format {
    /// The file extension: `epub`, `pdf` or `kepub.epub`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Kepub => "kepub.epub",
        }
    }
}

/// A PDF font family given as files (read through the [`Loader`]): `.ttf` or `.otf`.
/// Styles left out are set in the regular face (with a warning); characters the family lacks
/// are set in the bundled Gentium Book Plus.
#[derive(Clone, Debug, Default)]
pub struct FontFiles {
    pub regular: PathBuf,
    pub italic: Option<PathBuf>,
    pub bold: Option<PathBuf>,
    pub bold_italic: Option<PathBuf>,
}

/// How a manuscript is converted. Start from [`Options::default`] (EPUB and PDF, A5, the
/// bundled fonts, files on disk) and change what you need.
///
/// ```
/// use inkbind::{Format, MemoryLoader, Options};
/// let options = Options::default()
///     .formats(&[Format::Pdf])
///     .page("ereader-6")
///     .author("A. Writer") // overrides the manuscript's author
///     .loader(MemoryLoader::new().with_time(1_767_225_600));
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct Options {
    formats: Vec<Format>,
    page: String,
    margin: Option<String>,
    fonts: Option<FontFiles>,
    title: Option<String>,
    author: Option<String>,
    language: Option<String>,
    loader: Arc<dyn Loader>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            formats: vec![Format::Epub, Format::Pdf],
            page: "a5".into(),
            margin: None,
            fonts: None,
            title: None,
            author: None,
            language: None,
            loader: default_loader(),
        }
    }
}

impl Options {
    /// Which outputs to make (default: both).
    pub fn formats(mut self, formats: &[Format]) -> Self {
        self.formats = formats.to_vec();
        self
    }

    /// The PDF page: `a5` (default), `a4`, `letter`, `trade`, `6x9`, `ereader-6`,
    /// `ereader-7`, `ereader-10`, or a size such as `148x210mm`.
    pub fn page(mut self, page: &str) -> Self {
        self.page = page.into();
        self
    }

    /// The PDF margins, all four (`15mm`, `0.6in`, `40pt`), instead of the page's own.
    pub fn margin(mut self, margin: &str) -> Self {
        self.margin = Some(margin.into());
        self
    }

    /// The PDF font family (default: the bundled Gentium Book Plus).
    pub fn fonts(mut self, fonts: FontFiles) -> Self {
        self.fonts = Some(fonts);
        self
    }

    /// The title, instead of the manuscript's.
    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The author, instead of the manuscript's.
    pub fn author(mut self, author: &str) -> Self {
        self.author = Some(author.into());
        self
    }

    /// The language (a BCP 47 tag such as `en`, `fr`), instead of the manuscript's.
    pub fn language(mut self, language: &str) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Where covers, images, sidecar metadata and fonts are read, and the clock (default:
    /// [`FsLoader`](crate::FsLoader), files on disk and `SOURCE_DATE_EPOCH`).
    pub fn loader(mut self, loader: impl Loader + 'static) -> Self {
        self.loader = Arc::new(loader);
        self
    }
}

/// The outputs of one conversion.
#[derive(Clone, Debug, Default)]
pub struct Book {
    /// The EPUB, when asked for.
    pub epub: Option<Vec<u8>>,
    /// The PDF, when asked for.
    pub pdf: Option<Vec<u8>>,
    /// The Kobo kepub, when asked for.
    pub kepub: Option<Vec<u8>>,
    /// What is worth telling the user (an unknown front matter key, a dropped scene break…).
    pub warnings: Vec<Warning>,
}

/// Converts manuscripts with one set of [`Options`]; the page and fonts are checked and
/// parsed once, so a shelf of books reuses them. Share it between threads freely.
///
/// ```
/// use inkbind::{Converter, Format, Options};
/// let converter = Converter::new(Options::default().formats(&[Format::Epub]))?;
/// let shelf = [
///     ("one.md", "# One\n\nThe first story begins and ends here."),
///     ("two.txt", "It rained all week.\n\nThen the sun came out over the harbour.\n"),
/// ];
/// for (name, text) in shelf {
///     let book = converter.convert(name, text.as_bytes())?;
///     assert!(book.epub.is_some() && book.pdf.is_none());
/// }
/// # Ok::<(), inkbind::Error>(())
/// ```
pub struct Converter {
    formats: Vec<Format>,
    read: ReadOptions,
    pdf: PdfOptions,
    font_warnings: Vec<String>,
}

impl Converter {
    /// Checks the options (page, margin, language) and reads the font files, if any.
    pub fn new(options: Options) -> Result<Self> {
        let mut setup = crate::typeset::preset::lookup(&options.page)?;
        if let Some(m) = &options.margin {
            setup = crate::typeset::preset::with_margin(setup, m)?;
        }
        let mut pdf = PdfOptions::new(setup);
        let mut font_warnings = Vec::new();
        if let Some(f) = &options.fonts {
            let (fonts, warnings) = crate::typeset::font::Fonts::from_files(
                [
                    Some(f.regular.clone()),
                    f.italic.clone(),
                    f.bold.clone(),
                    f.bold_italic.clone(),
                ],
                &f.regular.display().to_string(),
                &*options.loader,
            )?;
            pdf = pdf.with_fonts(fonts);
            font_warnings = warnings;
        }
        let read = ReadOptions {
            loader: options.loader.clone(),
            title: options.title,
            author: options.author,
            language: options.language,
            ..ReadOptions::default()
        };
        Ok(Converter {
            formats: options.formats,
            read,
            pdf,
            font_warnings,
        })
    }

    /// Converts one manuscript. `name` is its file name: `.txt` (or `.text`) is read as
    /// plain text, anything else as Markdown; errors and warnings name it; the cover, images
    /// and sidecar metadata it names are looked for beside it, through the loader.
    /// `text` is its content (UTF-8; plain text may also be UTF-16 or Windows-1252).
    pub fn convert(&self, name: impl AsRef<Path>, text: &[u8]) -> Result<Book> {
        let path = name.as_ref();
        let mut diagnostics = crate::error::Diagnostics::default();
        for w in &self.font_warnings {
            diagnostics.warn(crate::error::Location::default(), w.clone());
        }
        if let Some(kind) = reader::foreign_document(path, text) {
            return Err(Error::at_file(path, kind.advice()));
        }
        let story = reader::read_bytes(path, text, &self.read, &mut diagnostics)
            .map_err(|e| with_input(e, path))?;
        let info = BuildInfo::for_story(&story, Some(path), self.read.loader.clone())
            .map_err(|e| with_input(e, path))?;
        let mut book = Book::default();
        for format in &self.formats {
            match format {
                Format::Epub => {
                    book.epub =
                        Some(render::epub::render(&story, &info).map_err(|e| with_input(e, path))?)
                }
                Format::Pdf => {
                    let (bytes, stats) = crate::build::render_pdf(&story, &info, &self.pdf)
                        .map_err(|e| with_input(e, path))?;
                    crate::build::warn_missing_glyphs(&stats, path, &mut diagnostics);
                    book.pdf = Some(bytes);
                }
                Format::Kepub => {
                    book.kepub = Some(
                        render::epub::render_kepub(&story, &info)
                            .map_err(|e| with_input(e, path))?,
                    )
                }
            }
        }
        book.warnings = diagnostics.warnings;
        Ok(book)
    }
}

/// Converts one manuscript held in memory into the formats of `options`.
///
/// ```
/// let manuscript = "---\ntitle: The Keeper\nauthor: A. Writer\ndate: 2026-03-01\n---\n\n\
///                   # One\n\nThe lamp was lit at dusk.\n";
/// let book = inkbind::convert("keeper.md", manuscript.as_bytes(), &inkbind::Options::default())?;
/// assert!(book.epub.unwrap().starts_with(b"PK"));
/// assert!(book.pdf.unwrap().starts_with(b"%PDF-"));
/// # Ok::<(), inkbind::Error>(())
/// ```
pub fn convert(name: impl AsRef<Path>, text: &[u8], options: &Options) -> Result<Book> {
    Converter::new(options.clone())?.convert(name, text)
}
