//! From files on disk to files on disk: input discovery, output naming and atomic writes.

use crate::error::{Diagnostics, Error, Result};
use crate::reader::{self, ReadOptions};
use crate::render::{self, BuildInfo};
use std::io::Write;
use std::path::{Path, PathBuf};

pub use crate::convert::Format;

/// How PDFs are typeset.
pub struct PdfOptions {
    pub setup: crate::typeset::preset::PageSetup,
    /// The font family, parsed on first use: an EPUB-only build never loads a font.
    fonts: std::sync::OnceLock<crate::typeset::font::Fonts>,
    /// Print typographic figures for each PDF.
    pub stats: bool,
    /// Write a Makefile dependency file (`DIR/<stem>.d`) beside each manuscript's outputs.
    pub depfiles: bool,
}

impl PdfOptions {
    /// `setup`, set in the bundled Gentium Book Plus.
    pub fn new(setup: crate::typeset::preset::PageSetup) -> Self {
        PdfOptions {
            setup,
            fonts: std::sync::OnceLock::new(),
            stats: false,
            depfiles: false,
        }
    }

    /// Sets the books in `fonts` instead of the bundled family.
    pub fn with_fonts(self, fonts: crate::typeset::font::Fonts) -> Self {
        let cell = std::sync::OnceLock::new();
        let _ = cell.set(fonts);
        PdfOptions {
            fonts: cell,
            ..self
        }
    }

    /// The font family (the bundled one unless another was given).
    pub fn fonts(&self) -> &crate::typeset::font::Fonts {
        self.fonts.get_or_init(crate::typeset::font::Fonts::bundled)
    }

    pub fn a5() -> Self {
        PdfOptions::new(crate::typeset::preset::lookup("a5").expect("a5 is a preset"))
    }
}

/// File names (any case, any extension) that a folder holds beside its manuscripts but that
/// are not stories: `README.md`, `LICENSE.txt`, `CHANGELOG.md` and their kin.
pub const NOT_MANUSCRIPTS: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "changes",
    "copying",
    "contributing",
    "authors",
    "notice",
    "todo",
];

/// Which files in an input folder are left out: `--exclude` globs, matched against the path
/// below the folder (`drafts/*`) and against the file or folder name (`*-draft.md`).
#[derive(Clone, Debug, Default)]
pub struct Exclude {
    globs: Option<globset::GlobSet>,
}

impl Exclude {
    /// Compiles the globs; a malformed one is an error naming it.
    pub fn new(patterns: &[String]) -> Result<Self> {
        if patterns.is_empty() {
            return Ok(Exclude::default());
        }
        let mut b = globset::GlobSetBuilder::new();
        for p in patterns {
            let g = globset::Glob::new(p)
                .map_err(|e| Error::plain(format!("--exclude `{p}`: {}", e.kind())))?;
            b.add(g);
        }
        let set = b
            .build()
            .map_err(|e| Error::plain(format!("--exclude: {e}")))?;
        Ok(Exclude { globs: Some(set) })
    }

    fn excludes(&self, relative: &Path) -> bool {
        let Some(set) = &self.globs else {
            return false;
        };
        set.is_match(relative) || relative.file_name().is_some_and(|n| set.is_match(n))
    }
}

/// Whether a file found in a folder is a manuscript: a manuscript extension, not hidden, not
/// a README/LICENSE/CHANGELOG.
pub fn is_manuscript_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if name.starts_with('.') || reader::format_of(path).is_none() {
        return false;
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    !NOT_MANUSCRIPTS.contains(&stem.as_str())
}

/// Expands the command-line inputs: files are taken as given (any extension), folders are
/// searched recursively for manuscripts (`.md`, `.markdown`, `.txt`, …, see
/// [`is_manuscript_name`]), in sorted order, leaving out what `exclude` matches.
pub fn expand_inputs(inputs: &[PathBuf], exclude: &Exclude) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let before = out.len();
            walk(input, input, exclude, &mut out)?;
            if out.len() == before {
                return Err(Error::at_file(
                    input,
                    format!(
                        "folder has no manuscripts (looked for *.{})",
                        reader::EXTENSIONS.join(", *.")
                    ),
                ));
            }
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

fn walk(root: &Path, dir: &Path, exclude: &Exclude, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::at_file(dir, format!("cannot read folder: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .filter(|p| !exclude.excludes(p.strip_prefix(root).unwrap_or(p)))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, exclude, out)?;
        } else if is_manuscript_name(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Where one input's outputs go.
pub fn output_path(input: &Path, out_dir: &Path, format: Format) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "story".into());
    let mut name = stem;
    name.push(".");
    name.push(format.extension());
    out_dir.join(name)
}

/// The outcome of converting one manuscript.
#[derive(Debug, Default)]
pub struct Report {
    pub written: Vec<PathBuf>,
    pub diagnostics: Diagnostics,
    /// Typographic figures of each PDF (when asked for).
    pub stats: Vec<(PathBuf, crate::typeset::layout::Stats)>,
}

/// Converts one manuscript into `format`, written to `dest`.
pub fn build_one(input: &Path, dest: &Path, format: Format, opts: &ReadOptions) -> Result<Report> {
    build_story(
        input,
        &[(format, dest.to_path_buf())],
        opts,
        &PdfOptions::a5(),
    )
}

/// Converts one manuscript into each `(format, destination)`; the manuscript is read once.
/// Every output is rendered before any is written, so a failure writes nothing.
pub fn build_story(
    input: &Path,
    targets: &[(Format, PathBuf)],
    opts: &ReadOptions,
    pdf: &PdfOptions,
) -> Result<Report> {
    let mut report = Report::default();
    let story = reader::read_manuscript(input, opts, &mut report.diagnostics)
        .map_err(|e| with_input(e, input))?;
    let info = BuildInfo::for_story(&story, Some(input), opts.loader.clone())
        .map_err(|e| with_input(e, input))?;
    let mut outputs = Vec::new();
    for (format, dest) in targets {
        let bytes = match format {
            Format::Epub => {
                render::epub::render(&story, &info).map_err(|e| with_input(e, input))?
            }
            Format::Kepub => {
                render::epub::render_kepub(&story, &info).map_err(|e| with_input(e, input))?
            }
            Format::Pdf => {
                let (bytes, stats) =
                    render_pdf(&story, &info, pdf).map_err(|e| with_input(e, input))?;
                warn_missing_glyphs(&stats, input, &mut report.diagnostics);
                if pdf.stats {
                    report.stats.push((dest.clone(), stats));
                }
                bytes
            }
        };
        outputs.push((dest, bytes));
    }
    for (dest, bytes) in outputs {
        write_atomically(dest, &bytes)?;
        report.written.push(dest.to_path_buf());
    }
    if pdf.depfiles {
        if let Some((_, first)) = targets.first() {
            let d = first.with_extension("d");
            write_atomically(
                &d,
                depfile(&report.written, &dependencies(input, &story)).as_bytes(),
            )?;
        }
    }
    Ok(report)
}

/// Typesets `story` and writes its PDF.
pub fn render_pdf(
    story: &crate::model::Story,
    info: &BuildInfo,
    pdf: &PdfOptions,
) -> Result<(Vec<u8>, crate::typeset::layout::Stats)> {
    let (doc, stats) = crate::typeset::layout::typeset(story, info, &pdf.setup, pdf.fonts())?;
    let bytes = crate::pdf::write_pdf(&doc)
        .map_err(|e| Error::plain(format!("could not write the PDF: {e}")))?;
    Ok((bytes, stats))
}

/// Warns about characters the fonts lack: set in the bundled family, or nowhere at all.
pub fn warn_missing_glyphs(
    stats: &crate::typeset::layout::Stats,
    input: &Path,
    diagnostics: &mut Diagnostics,
) {
    let name = |found: bool| {
        stats
            .missing_glyphs
            .iter()
            .filter(|(_, f)| *f == found)
            .map(|(c, _)| format!("`{c}` (U+{:04X})", *c as u32))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (fell_back, nowhere) = (name(true), name(false));
    if !fell_back.is_empty() {
        diagnostics.warn(
            crate::error::Location::file(input),
            format!("the font lacks {fell_back}: set in Gentium Book Plus instead"),
        );
    }
    if !nowhere.is_empty() {
        diagnostics.warn(
            crate::error::Location::file(input),
            format!("no font has a glyph for {nowhere}: it prints as a blank box"),
        );
    }
}

/// Every file an output was made from: the manuscript, its sidecar metadata, its cover and
/// the images it shows.
pub fn dependencies(input: &Path, story: &crate::model::Story) -> Vec<PathBuf> {
    fn images(blocks: &[crate::model::Block], out: &mut Vec<PathBuf>) {
        use crate::model::Block;
        for b in blocks {
            match b {
                Block::Image(i) => out.push(i.path.clone()),
                Block::Letter(l) => images(&l.body, out),
                Block::Note(n) => images(&n.blocks, out),
                Block::Quote { blocks, .. } => images(blocks, out),
                _ => {}
            }
        }
    }
    let mut deps = vec![input.to_path_buf()];
    if reader::format_of(input) == Some(reader::Format::PlainText) {
        deps.extend(reader::sidecar_path(input, &crate::loader::FsLoader));
    }
    deps.extend(story.meta.cover.iter().cloned());
    for n in story.front_notes.iter().chain(&story.end_notes) {
        images(&n.blocks, &mut deps);
    }
    for c in &story.chapters {
        images(&c.blocks, &mut deps);
    }
    deps.dedup();
    deps
}

/// A Makefile dependency rule (`targets: prerequisites`), spaces in names escaped, then an
/// empty rule for each prerequisite but the first (the manuscript, which the Makefile's own
/// pattern rule names), as `cc -MP` does: a cover or image deleted later makes the book
/// rebuild (and fail, naming it) instead of stopping make with "No rule to make target".
pub fn depfile(targets: &[PathBuf], deps: &[PathBuf]) -> String {
    let esc = |p: &PathBuf| p.display().to_string().replace(' ', "\\ ");
    let mut s = format!(
        "{}: {}\n",
        targets.iter().map(esc).collect::<Vec<_>>().join(" "),
        deps.iter().map(esc).collect::<Vec<_>>().join(" ")
    );
    for d in deps.iter().skip(1) {
        s.push_str(&format!("\n{}:\n", esc(d)));
    }
    s
}

/// Makes sure an error names the manuscript being converted (a cover or image error names
/// the image file; the manuscript is added to the message).
pub(crate) fn with_input(mut e: Error, input: &Path) -> Error {
    match &e.location.file {
        None => e.location.file = Some(input.to_path_buf()),
        Some(f) if f != input => {
            e.message = format!("{} (in {})", e.message, input.display());
        }
        _ => {}
    }
    e
}

/// Writes `bytes` to a temporary file in the destination folder, then renames it into place:
/// a failure never leaves a half-written output, and an existing file is replaced whole.
pub fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::at_file(&dir, format!("cannot create output folder: {e}")))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".inkbind-").suffix(".part");
    #[cfg(unix)]
    {
        // tempfile creates 0600 files; an output is an ordinary document (umask applies).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(&dir)
        .map_err(|e| Error::at_file(&dir, format!("cannot write in output folder: {e}")))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::at_file(dest, format!("cannot write: {e}")))?;
    tmp.persist(dest)
        .map_err(|e| Error::at_file(dest, format!("cannot write: {}", e.error)))?;
    Ok(())
}
