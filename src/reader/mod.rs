//! Manuscript readers: turn a file into a [`Story`].

pub mod detect;
pub mod encoding;
pub mod frontmatter;
pub mod inline;
pub mod letter;
pub mod markdown;
pub mod plaintext;
pub mod recognise;

pub use plaintext::{DetectOptions, Override, OverrideKind};

use crate::error::{Diagnostics, Error, Location, Result};
use crate::model::{Block, Story};
use std::path::Path;

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
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::at_file(path, io_reason(&e)))?;
    decode_utf8(path, &bytes)
}

/// A short, human reason for an I/O error ("no such file", "permission denied").
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ if e.raw_os_error() == Some(21) => "is a folder, not a file".into(),
        _ => e.to_string(),
    }
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
            ))
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
    let bytes = opts
        .loader
        .read(path)
        .map_err(|e| Error::at_file(path, io_reason(&e)))?;
    if let Some(kind) = foreign_document(path, &bytes) {
        return Err(Error::at_file(path, kind.advice()));
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
        .find(|p| loader.is_file(p))
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
        let bytes = opts
            .loader
            .read(&side)
            .map_err(|e| Error::at_file(&side, io_reason(&e)))?;
        let yaml = decode_utf8(&side, &bytes)?;
        note_sources = frontmatter::parse(&side, &yaml, 1, &mut story.meta, diag)?;
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
    if let Some((text, line)) = note_sources.notes {
        story
            .front_notes
            .insert(0, markdown::read_note(path, &text, line, &lang, diag)?);
    }
    if let Some((text, line)) = note_sources.end_notes {
        story
            .end_notes
            .push(markdown::read_note(path, &text, line, &lang, diag)?);
    }
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
    if let Some((text, line)) = note_sources.notes {
        story
            .front_notes
            .push(markdown::read_note(path, &text, line, &lang, diag)?);
    }
    story.front_notes.extend(body.leading_notes);
    if let Some((text, line)) = note_sources.end_notes {
        story
            .end_notes
            .push(markdown::read_note(path, &text, line, &lang, diag)?);
    }
    if story.meta.title.is_empty() {
        if let Some(t) = body.title_from_heading {
            story.meta.title = t;
        }
    }
    finish(path, &mut story, opts, diag)?;
    Ok(story)
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

/// Every figure of the story names a file the loader has.
fn check_images(path: &Path, story: &Story, loader: &dyn crate::loader::Loader) -> Result<()> {
    fn walk(blocks: &[Block], f: &mut dyn FnMut(&crate::model::Image) -> Result<()>) -> Result<()> {
        for b in blocks {
            match b {
                Block::Image(i) => f(i)?,
                Block::Letter(l) => walk(&l.body, f)?,
                Block::Note(n) => walk(&n.blocks, f)?,
                Block::Quote { blocks, .. } => walk(blocks, f)?,
                _ => {}
            }
        }
        Ok(())
    }
    let mut check = |i: &crate::model::Image| {
        if loader.is_file(&i.path) {
            Ok(())
        } else {
            Err(Error::at_line(
                path,
                i.line,
                format!("image file not found: {}", i.path.display()),
            ))
        }
    };
    for n in story.front_notes.iter().chain(&story.end_notes) {
        walk(&n.blocks, &mut check)?;
    }
    for c in &story.chapters {
        walk(&c.blocks, &mut check)?;
    }
    Ok(())
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
            )));
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
    check_images(path, story, &*opts.loader)?;
    if let Some(cover) = &story.meta.cover {
        if !opts.loader.is_file(cover) {
            return Err(Error::at_file(
                path,
                format!("cover image not found: {}", cover.display()),
            ));
        }
    }
    let has_text = story
        .chapters
        .iter()
        .any(|c| c.blocks.iter().any(|b| !matches!(b, Block::SceneBreak(_))));
    if !has_text {
        return Err(Error::at_file(
            path,
            "the manuscript is empty: it has no story text to convert",
        ));
    }
    Ok(())
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
