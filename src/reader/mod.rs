//! Manuscript readers: turn a file into a [`Story`].

pub mod detect;
pub mod encoding;
pub mod frontmatter;
pub mod html;
pub mod inline;
pub mod letter;
pub mod markdown;
pub mod plaintext;
pub mod recognise;
pub mod sanitize;

pub use plaintext::{DetectOptions, Override, OverrideKind};

use crate::error::{Code, Diagnostics, Error, Location, Result};
use crate::limits;
use crate::model::{Block, Story};
use std::path::{Path, PathBuf};

/// Settings from the command line that override or complete the manuscript.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// Where sidecar metadata, covers and images are looked for (files on disk by default).
    pub loader: std::sync::Arc<dyn crate::loader::Loader>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub language: Option<String>,
    /// Plain-text detectors (which run, overrides).
    pub detect: DetectOptions,
    /// Run the plain-text detectors on Markdown too (`--detect`).
    pub detect_in_markdown: bool,
    /// Shelf-wide defaults (`inkbind.toml`): used where the manuscript gives no value.
    pub defaults: MetaDefaults,
    /// Folders besides the manuscript's own that covers, images and sidecar metadata may be
    /// read from (`--allow-dir`).
    pub allow_dirs: Vec<PathBuf>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            loader: crate::loader::default_loader(),
            title: None,
            author: None,
            language: None,
            detect: DetectOptions::default(),
            detect_in_markdown: false,
            defaults: MetaDefaults::default(),
            allow_dirs: Vec::new(),
        }
    }
}

/// Metadata a manuscript's front matter overrides (from a shelf's `inkbind.toml`).
#[derive(Clone, Debug, Default)]
pub struct MetaDefaults {
    pub author: Option<String>,
    pub language: Option<String>,
    pub rights: Option<String>,
}

/// The manuscript formats inkbind reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    PlainText,
}

/// Manuscript file extensions picked up when a folder is given.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "mdown", "mkd", "txt", "text"];

pub fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Format::PlainText),
        e if EXTENSIONS.contains(&e) => Some(Format::Markdown),
        _ => None,
    }
}

/// Reads and decodes a manuscript file: UTF-8 (a BOM is dropped), line ends normalised.
/// Folders, FIFOs and devices are refused, and so is a file over
/// [`limits::MAX_MANUSCRIPT_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = limits::read_regular(path, limits::MAX_MANUSCRIPT_BYTES, "manuscript")?;
    decode_utf8(path, &bytes)
}

pub use crate::limits::io_reason;

/// The folders a manuscript may read covers, images and its sidecar from: its own folder
/// and any `--allow-dir`, symlinks resolved. Remote URLs are never fetched.
#[derive(Clone, Debug)]
pub struct Boundary {
    roots: Vec<PathBuf>,
    loader: std::sync::Arc<dyn crate::loader::Loader>,
}

impl Boundary {
    pub fn new(manuscript: &Path, opts: &ReadOptions) -> Self {
        let base = match manuscript.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let roots = std::iter::once(base)
            .chain(opts.allow_dirs.iter().map(PathBuf::as_path))
            .filter_map(|p| opts.loader.real_path(p).ok())
            .collect();
        Boundary {
            roots,
            loader: opts.loader.clone(),
        }
    }

    /// Resolves a file named in the manuscript (`written`, at `at`) relative to the
    /// manuscript's folder, and checks it: not a URL, exists, inside the boundary once
    /// symlinks are resolved, a regular file. `what` is "cover image", "image"…
    pub fn resolve(
        &self,
        manuscript: &Path,
        written: &str,
        at: &Location,
        what: &str,
    ) -> Result<PathBuf> {
        let joined = Self::joinable(manuscript, written, at, what)?;
        self.check(&joined, at, what)?;
        Ok(joined)
    }

    /// The path `written` names relative to the manuscript's folder, unchecked; a URL or an
    /// empty name is an error.
    pub fn joinable(
        manuscript: &Path,
        written: &str,
        at: &Location,
        what: &str,
    ) -> Result<PathBuf> {
        let err = |code: Code, msg: String| Error::new(at.clone(), msg).code(code);
        if is_url(written) {
            return Err(err(
                Code::ImageRemote,
                format!("{what} `{written}` is remote; inkbind only embeds local files (download it next to the manuscript)"),
            ));
        }
        if written.trim().is_empty() || written.contains('\0') {
            return Err(err(Code::ImageMissing, format!("{what} has no file name")));
        }
        let base = match manuscript.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Ok(base.join(written))
    }

    /// Checks that `path` (already joined to the manuscript's folder) is a regular file
    /// inside the boundary (symlinks resolved by the loader).
    pub fn check(&self, path: &Path, at: &Location, what: &str) -> Result<()> {
        let err = |code: Code, msg: String| Error::new(at.clone(), msg).code(code);
        let real = self.loader.real_path(path).map_err(|e| {
            let code = if e.kind() == std::io::ErrorKind::NotFound {
                Code::ImageMissing
            } else {
                Code::Unreadable
            };
            err(
                code,
                format!("{what} not found: {} ({})", path.display(), io_reason(&e)),
            )
        })?;
        if !self.roots.iter().any(|r| real.starts_with(r)) {
            return Err(err(
                Code::OutsideBoundary,
                format!(
                    "{what} {} is outside the manuscript's folder (it resolves to {}); move it into the folder, or allow its folder with --allow-dir",
                    path.display(),
                    real.display()
                ),
            ));
        }
        if !self.loader.is_file(path) {
            let kind = std::fs::metadata(&real)
                .map(|m| limits::kind_of(&m))
                .unwrap_or("missing");
            let code = if kind == "missing" {
                Code::ImageMissing
            } else {
                Code::NotAFile
            };
            return Err(err(
                code,
                format!("{what} {} is {kind}, not a file", path.display()),
            ));
        }
        Ok(())
    }
}

/// `http://…`, `data:…`, `file:…`: anything with a URL scheme other than a Windows drive.
fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let lower = scheme.to_ascii_lowercase();
    rest.starts_with("//")
        || matches!(
            lower.as_str(),
            "http" | "https" | "ftp" | "file" | "data" | "javascript" | "mailto" | "blob"
        )
}

fn decode_utf8(path: &Path, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(normalize_newlines(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err(Error::at_line(
                path,
                line,
                format!(
                    "not valid UTF-8 (byte 0x{:02X} at offset {at}); save the manuscript as UTF-8",
                    bytes[at]
                ),
            )
            .code(Code::Encoding))
        }
    }
}

fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Reads a manuscript of any supported format (by extension; Markdown when unknown).
pub fn read_manuscript(path: &Path, opts: &ReadOptions, diag: &mut Diagnostics) -> Result<Story> {
    // Folders, FIFOs and devices refused without blocking; the size capped.
    let bytes = opts
        .loader
        .read_limited(path, limits::MAX_MANUSCRIPT_BYTES)
        .map_err(|e| limits::io_error(path, "manuscript", limits::MAX_MANUSCRIPT_BYTES, &e))?;
    if let Some(kind) = foreign_document(path, &bytes) {
        return Err(Error::at_file(path, kind.advice()).code(Code::NotAManuscript));
    }
    read_bytes(path, &bytes, opts, diag)
}

/// Reads a manuscript already in memory; `path` tells its format (by extension: Markdown
/// when unknown), names it in messages and anchors the files it names.
pub fn read_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<Story> {
    match format_of(path) {
        Some(Format::PlainText) => read_plain_text(path, bytes, opts, diag),
        _ => {
            let text = decode_utf8(path, bytes)?;
            read_markdown(path, &text, opts, diag)
        }
    }
}

/// A document format inkbind does not read (yet), told by its first bytes or its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Foreign {
    /// A Word document (`.docx`).
    Docx,
    /// A Word 97–2003 document (`.doc`).
    Doc,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// Rich Text Format.
    Rtf,
    /// A finished EPUB.
    Epub,
    /// A PDF.
    Pdf,
    /// Any other ZIP archive.
    Zip,
}

impl Foreign {
    /// What to tell the user: what the file is and how to get a manuscript out of it.
    pub fn advice(self) -> &'static str {
        match self {
            Foreign::Docx | Foreign::Doc => {
                "this is a Word document, which inkbind does not read yet: in Word choose \
                 File > Save As > Plain Text (.txt) with Unicode (UTF-8) encoding, and convert \
                 the .txt file"
            }
            Foreign::Odt => {
                "this is an OpenDocument text, which inkbind does not read yet: in LibreOffice \
                 choose File > Save As > Text (.txt) with UTF-8, and convert the .txt file"
            }
            Foreign::Rtf => {
                "this is an RTF document, which inkbind does not read yet: save it as plain \
                 text (.txt, UTF-8) and convert that"
            }
            Foreign::Epub => {
                "this is already an EPUB book: inkbind makes books from manuscripts (.md, .txt), \
                 it does not convert books"
            }
            Foreign::Pdf => {
                "this is a PDF, which inkbind does not read: copy its text into a .txt file and \
                 convert that"
            }
            Foreign::Zip => {
                "this is a ZIP archive, not a manuscript: unpack it and convert the .md or \
                 .txt files inside"
            }
        }
    }
}

/// Recognises a document that is not a manuscript (Word, OpenDocument, RTF, EPUB, PDF, ZIP),
/// first by its signature, then by its extension.
pub fn foreign_document(path: &Path, bytes: &[u8]) -> Option<Foreign> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    let by_ext = match ext.as_deref() {
        Some("docx" | "docm" | "dotx") => Some(Foreign::Docx),
        Some("doc") => Some(Foreign::Doc),
        Some("odt" | "fodt") => Some(Foreign::Odt),
        Some("rtf") => Some(Foreign::Rtf),
        Some("epub") => Some(Foreign::Epub),
        Some("pdf") => Some(Foreign::Pdf),
        Some("zip") => Some(Foreign::Zip),
        _ => None,
    };
    let head = &bytes[..bytes.len().min(4096)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if head.starts_with(b"PK\x03\x04") {
        return Some(if has(b"application/epub+zip") {
            Foreign::Epub
        } else if has(b"application/vnd.oasis.opendocument") {
            Foreign::Odt
        } else if has(b"word/") || has(b"[Content_Types].xml") {
            Foreign::Docx
        } else {
            by_ext.unwrap_or(Foreign::Zip)
        });
    }
    if head.starts_with(b"%PDF-") {
        return Some(Foreign::Pdf);
    }
    if head.starts_with(b"{\\rtf") {
        return Some(Foreign::Rtf);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Foreign::Doc);
    }
    // A text file named .pdf or .docx is still not worth guessing at.
    by_ext
}

/// The sidecar metadata file of a plain-text manuscript: `story.yaml` or `story.yml`.
pub fn sidecar_path(path: &Path, loader: &dyn crate::loader::Loader) -> Option<std::path::PathBuf> {
    ["yaml", "yml"]
        .iter()
        .map(|e| path.with_extension(e))
        // Anything there counts (not only a file): a FIFO or folder named `story.yaml` is then
        // refused with an error rather than silently ignored.
        .find(|p| loader.exists(p))
}

/// Reads a plain-text manuscript: any encoding we know, optional front matter or sidecar
/// YAML for metadata, structure found by the detectors.
pub fn read_plain_text(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<Story> {
    let (text, enc) = plaintext::decode(path, bytes, diag);
    diag.encoding = Some(enc.name());
    let mut story = Story::default();
    let split = frontmatter::split(&text);
    let mut note_sources = frontmatter::NoteSources::default();
    if let Some(yaml) = split.yaml {
        note_sources = frontmatter::parse(path, yaml, split.yaml_line, &mut story.meta, diag)?;
    } else if let Some(side) = sidecar_path(path, &*opts.loader) {
        Boundary::new(path, opts).check(&side, &Location::file(&side), "sidecar metadata")?;
        let max = limits::MAX_FRONT_MATTER_BYTES as u64;
        let bytes = opts
            .loader
            .read_limited(&side, max)
            .map_err(|e| limits::io_error(&side, "sidecar metadata", max, &e))?;
        let yaml = decode_utf8(&side, &bytes)?;
        note_sources = frontmatter::parse(&side, &yaml, 1, &mut story.meta, diag)?;
        note_sources.cover_file = Some(side);
    }
    let lang = working_language(&mut story, opts);
    let mut chapters =
        plaintext::read_body(path, split.body, split.body_line, &lang, &opts.detect, diag);
    for c in &mut chapters {
        if let Some(t) = c.title.as_mut() {
            crate::model::normalize_soft_breaks(t);
        }
        c.blocks.iter_mut().for_each(crate::model::normalize_block);
    }
    // Notes before the first chapter heading (and nothing else there) go before the story;
    // notes after the last chapter's story text go after it.
    story
        .front_notes
        .extend(crate::model::take_leading_notes(&mut chapters));
    // Notes opening the first chapter come before the story; notes closing the last
    // chapter come after it.
    if let Some(first) = chapters.first_mut() {
        while matches!(first.blocks.first(), Some(Block::Note(_))) && first.blocks.len() > 1 {
            if let Block::Note(n) = first.blocks.remove(0) {
                story.front_notes.push(n);
            }
        }
    }
    if let Some(last) = chapters.last_mut() {
        let mut tail = Vec::new();
        while matches!(last.blocks.last(), Some(Block::Note(_))) && last.blocks.len() > 1 {
            if let Some(Block::Note(n)) = last.blocks.pop() {
                tail.push(n);
            }
        }
        tail.reverse();
        story.end_notes.extend(tail);
    }
    story.chapters = chapters;
    if let Some((text, line)) = note_sources.notes.take() {
        story
            .front_notes
            .insert(0, markdown::read_note(path, &text, line, &lang, diag)?);
    }
    if let Some((text, line)) = note_sources.end_notes.take() {
        story
            .end_notes
            .push(markdown::read_note(path, &text, line, &lang, diag)?);
    }
    resolve_cover(path, &mut story, &note_sources, opts)?;
    finish(path, &mut story, opts, diag)?;
    Ok(story)
}

/// Reads Markdown text (with optional YAML front matter) that came from `path`.
pub fn read_markdown(
    path: &Path,
    text: &str,
    opts: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<Story> {
    let split = frontmatter::split(text);
    let mut story = Story::default();
    let mut note_sources = frontmatter::NoteSources::default();
    if let Some(yaml) = split.yaml {
        note_sources = frontmatter::parse(path, yaml, split.yaml_line, &mut story.meta, diag)?;
    }
    let lang = working_language(&mut story, opts);
    let mut body = markdown::read_body(path, split.body, split.body_line, &lang, diag)?;
    if opts.detect_in_markdown {
        for c in &mut body.chapters {
            c.blocks = plaintext::detect_blocks(
                path,
                std::mem::take(&mut c.blocks),
                &lang,
                &opts.detect,
                diag,
            );
        }
    }
    story.chapters = body.chapters;
    if let Some((text, line)) = note_sources.notes.take() {
        story
            .front_notes
            .push(markdown::read_note(path, &text, line, &lang, diag)?);
    }
    story.front_notes.extend(body.leading_notes);
    if let Some((text, line)) = note_sources.end_notes.take() {
        story
            .end_notes
            .push(markdown::read_note(path, &text, line, &lang, diag)?);
    }
    if story.meta.title.is_empty() {
        if let Some(t) = body.title_from_heading {
            story.meta.title = t;
        }
    }
    resolve_cover(path, &mut story, &note_sources, opts)?;
    finish(path, &mut story, opts, diag)?;
    Ok(story)
}

/// Resolves the front matter `cover:` within the manuscript's [`Boundary`]; errors name the
/// file and line of the `cover:` key.
fn resolve_cover(
    path: &Path,
    story: &mut Story,
    sources: &frontmatter::NoteSources,
    opts: &ReadOptions,
) -> Result<()> {
    if let Some((written, line)) = &sources.cover {
        let file = sources.cover_file.as_deref().unwrap_or(path);
        let at = Location::line(file, *line);
        let resolved = Boundary::new(path, opts).resolve(path, written, &at, "cover image")?;
        image_bytes(&*opts.loader, &resolved, &at, "cover image")?;
        story.meta.cover = Some(resolved);
    }
    Ok(())
}

/// The language the body is read in: `--language`, else the front matter's, else English.
fn working_language(story: &mut Story, opts: &ReadOptions) -> String {
    if let Some(l) = &opts.language {
        story.meta.language = l.clone();
    }
    if story.meta.language.is_empty() {
        if let Some(l) = &opts.defaults.language {
            story.meta.language = l.clone();
        }
    }
    if story.meta.language.is_empty() {
        "en".to_string()
    } else {
        story.meta.language.clone()
    }
}

/// Applies command-line overrides and defaults, and rejects empty stories.
fn finish(
    path: &Path,
    story: &mut Story,
    opts: &ReadOptions,
    diag: &mut Diagnostics,
) -> Result<()> {
    if let Some(t) = &opts.title {
        story.meta.title = t.clone();
    }
    if let Some(a) = &opts.author {
        story.meta.authors = vec![a.clone()];
    }
    if story.meta.authors.is_empty() {
        story.meta.authors.extend(opts.defaults.author.clone());
    }
    if story.meta.rights.is_none() {
        story.meta.rights.clone_from(&opts.defaults.rights);
    }
    if let Some(l) = &opts.language {
        if !frontmatter::is_language_tag(l) {
            return Err(Error::plain(format!(
                "--language `{l}` is not a language tag like `en` or `fr`"
            ))
            .code(Code::BadOption));
        }
        story.meta.language = l.clone();
    }
    if story.meta.title.trim().is_empty() {
        story.meta.title = title_from_file_name(path);
        diag.warn(
            Location::file(path),
            format!(
                "no title given; using `{}` from the file name",
                story.meta.title
            ),
        );
    }
    if story.meta.language.is_empty() {
        story.meta.language = "en".into();
    }
    let lang = story.meta.language.clone();
    let smart = |s: &mut String| *s = crate::typography::smarten(s, &lang);
    let m = &mut story.meta;
    smart(&mut m.title);
    m.subtitle.iter_mut().for_each(smart);
    m.description.iter_mut().for_each(smart);
    m.authors.iter_mut().for_each(smart);
    drop_empty_headings(story);
    check_limits(path, story)?;
    let boundary = Boundary::new(path, opts);
    let mut outside = Ok(());
    crate::model::walk_blocks(story, &mut |b| {
        if let (Block::Image(i), Ok(())) = (b, &outside) {
            outside = boundary.check(&i.path, &Location::line(path, i.line), "image");
        }
    });
    outside?;
    check_images(path, story, &*opts.loader)?;
    sanitize::links(path, story, diag);
    let removed = sanitize::sanitize_story(story);
    if removed > 0 {
        diag.warn(
            Location::file(path),
            format!("{removed} control or non-character code point(s) removed: XML forbids them and readers cannot show them"),
        );
    }
    let has_text = story
        .chapters
        .iter()
        .any(|c| c.blocks.iter().any(|b| !matches!(b, Block::SceneBreak(_))));
    if !has_text {
        return Err(Error::at_file(
            path,
            "the manuscript is empty: it has no story text to convert",
        )
        .code(Code::Empty));
    }
    Ok(())
}

/// A heading with no text (`# <b></b>`, `# *`) titles nothing: the chapter is untitled (it
/// takes the book's title where a title is needed) and an empty sub-heading is dropped.
fn drop_empty_headings(story: &mut Story) {
    let empty = |c: &[crate::model::Inline]| crate::model::plain_text(c).trim().is_empty();
    for c in &mut story.chapters {
        if c.title.as_deref().is_some_and(empty) {
            c.title = None;
        }
        c.blocks
            .retain(|b| !matches!(b, Block::Heading { content, .. } if empty(content)));
    }
    for n in story
        .front_notes
        .iter_mut()
        .chain(story.end_notes.iter_mut())
    {
        n.blocks
            .retain(|b| !matches!(b, Block::Heading { content, .. } if empty(content)));
    }
}

/// Refuses a story past the limits of [`limits`]: chapters, paragraph and metadata lengths.
fn check_limits(path: &Path, story: &Story) -> Result<()> {
    if story.chapters.len() > limits::MAX_CHAPTERS {
        return Err(Error::at_file(
            path,
            format!(
                "{} chapters, more than inkbind makes into one book ({}); split the story",
                story.chapters.len(),
                limits::MAX_CHAPTERS
            ),
        )
        .code(Code::TooMany));
    }
    let m = &story.meta;
    let short = [
        ("title", Some(&m.title)),
        ("subtitle", m.subtitle.as_ref()),
        ("series", m.series.as_ref()),
        ("rating", m.rating.as_ref()),
        ("identifier", m.identifier.as_ref()),
        ("date", m.date.as_ref()),
        ("updated", m.updated.as_ref()),
        ("source", m.source.as_ref()),
    ];
    let lists = [
        ("author", &m.authors),
        ("fandom", &m.fandoms),
        ("tags", &m.tags),
        ("warnings", &m.warnings),
        ("relationships", &m.relationships),
        ("characters", &m.characters),
    ];
    let too_long = |key: &str, max: usize| {
        Error::at_file(
            path,
            format!("the {key} is longer than inkbind accepts ({max} characters); shorten it"),
        )
        .code(Code::TooLong)
    };
    for (key, v) in short {
        if v.is_some_and(|v| v.chars().count() > limits::MAX_META_CHARS) {
            return Err(too_long(key, limits::MAX_META_CHARS));
        }
    }
    for (key, v) in lists {
        if v.len() > limits::MAX_META_CHARS
            || v.iter().any(|s| s.chars().count() > limits::MAX_META_CHARS)
        {
            return Err(too_long(key, limits::MAX_META_CHARS));
        }
    }
    for (key, v) in [("description", &m.description), ("rights", &m.rights)] {
        if v.as_ref()
            .is_some_and(|v| v.chars().count() > limits::MAX_META_TEXT_CHARS)
        {
            return Err(too_long(key, limits::MAX_META_TEXT_CHARS));
        }
    }
    let mut long = None;
    crate::model::walk_runs(story, &mut |run, line| {
        if long.is_none() && crate::model::plain_len(run) > limits::MAX_PARAGRAPH_CHARS {
            long = Some(line);
        }
    });
    if let Some(line) = long {
        return Err(Error::at_line(
            path,
            line,
            format!(
                "a paragraph longer than inkbind sets ({} characters); break it into paragraphs",
                limits::MAX_PARAGRAPH_CHARS
            ),
        )
        .code(Code::TooLong));
    }
    Ok(())
}

/// Counts the book's images and adds up their decoded size from their headers, before any
/// is decoded: too many, too large, or not an image at all is an error naming the line.
fn check_images(path: &Path, story: &Story, loader: &dyn crate::loader::Loader) -> Result<()> {
    let mut seen: Vec<(&Path, usize)> = Vec::new();
    crate::model::walk_blocks(story, &mut |b| {
        if let Block::Image(i) = b {
            if !seen.iter().any(|(p, _)| *p == i.path.as_path()) {
                seen.push((i.path.as_path(), i.line));
            }
        }
    });
    if seen.len() > limits::MAX_IMAGES {
        return Err(Error::at_line(
            path,
            seen[limits::MAX_IMAGES].1,
            format!(
                "more than {} images in one book; use fewer",
                limits::MAX_IMAGES
            ),
        )
        .code(Code::TooMany));
    }
    let mut total = 0u64;
    for (img, line) in seen {
        let at = Location::line(path, line);
        total += image_bytes(loader, img, &at, "image")?;
        if total > limits::MAX_TOTAL_IMAGE_BYTES {
            return Err(Error::new(
                at,
                format!(
                    "the images up to {} would take more than {} decoded; use fewer or smaller images",
                    img.display(),
                    limits::human_bytes(limits::MAX_TOTAL_IMAGE_BYTES)
                ),
            )
            .code(Code::ImageTooLarge));
        }
    }
    Ok(())
}

/// Memory an image will take decoded (4 bytes a pixel), from its header alone; an image
/// that is not one, or is past the size limits, is an error at `at`.
fn image_bytes(
    loader: &dyn crate::loader::Loader,
    img: &Path,
    at: &Location,
    what: &str,
) -> Result<u64> {
    let max = limits::MAX_IMAGE_FILE_BYTES;
    let bytes = loader.read_limited(img, max).map_err(|e| {
        let mut err = limits::io_error(img, what, max, &e);
        err.location = at.clone();
        err.message = format!("{}: {}", img.display(), err.message);
        err
    })?;
    let (w, h) = limits::image_dimensions(&bytes).map_err(|e| {
        Error::new(
            at.clone(),
            format!("{what} {} cannot be used: {e}", img.display()),
        )
        .code(Code::ImageInvalid)
    })?;
    limits::check_image_size(w, h).map_err(|e| {
        Error::new(at.clone(), format!("{what} {}: {e}", img.display())).code(Code::ImageTooLarge)
    })?;
    Ok(w as u64 * h as u64 * 4)
}

/// `the-lighthouse_letters.md` → `The Lighthouse Letters`.
pub fn title_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("Untitled");
    let words: Vec<String> = stem
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        })
        .collect();
    if words.is_empty() {
        "Untitled".into()
    } else {
        words.join(" ")
    }
}

/// A part of a letter written on several lines (a message's header lines, a title over a
/// firm), each line read by `inl`, with a line break between them.
pub(crate) fn line_by_line(
    text: &str,
    inl: &mut impl FnMut(&str) -> Vec<crate::model::Inline>,
) -> Vec<crate::model::Inline> {
    let mut out = Vec::new();
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push(crate::model::Inline::LineBreak);
        }
        out.extend(inl(line));
    }
    out
}
