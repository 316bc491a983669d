//! From files on disk to files on disk: input discovery, output naming and atomic writes.

use crate::error::{Code, Diagnostics, Error, Result};
use crate::reader::{self, ReadOptions};
use crate::render::{self, BuildInfo};
use rayon::prelude::*;
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
            let g = globset::Glob::new(p).map_err(|e| {
                Error::plain(format!("--exclude `{p}`: {}", e.kind())).code(Code::BadOption)
            })?;
            b.add(g);
        }
        let set = b
            .build()
            .map_err(|e| Error::plain(format!("--exclude: {e}")).code(Code::BadOption))?;
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
    expand_inputs_reporting(inputs, exclude, &mut Vec::new())
}

/// [`expand_inputs`], telling in `skipped` which folder entries were left out and why
/// (a symlink leading out of the folder or round in a loop, a FIFO or device named like a
/// manuscript). Folder traversal never opens anything but folders.
pub fn expand_inputs_reporting(
    inputs: &[PathBuf],
    exclude: &Exclude,
    skipped: &mut Vec<String>,
) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let before = out.len();
            let root = input.canonicalize().map_err(|e| {
                Error::at_file(
                    input,
                    format!("cannot read folder: {}", crate::limits::io_reason(&e)),
                )
                .code(Code::Unreadable)
            })?;
            let mut visited = std::collections::HashSet::from([root.clone()]);
            let mut walker = Walker {
                given: input,
                root: &root,
                exclude,
                visited: &mut visited,
                out: &mut out,
                skipped,
            };
            walker.walk()?;
            if out.len() == before {
                return Err(Error::at_file(
                    input,
                    format!(
                        "folder has no manuscripts (looked for *.{})",
                        reader::EXTENSIONS.join(", *.")
                    ),
                )
                .code(Code::NoManuscripts));
            }
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

/// Most folders visited under one input folder (a guard against pathological trees).
const MAX_FOLDERS: usize = 10_000;

/// The search of one input folder.
struct Walker<'a> {
    /// The folder as given on the command line (`--exclude` globs match below it).
    given: &'a Path,
    /// The same folder, symlinks resolved: nothing outside it is followed.
    root: &'a Path,
    exclude: &'a Exclude,
    visited: &'a mut std::collections::HashSet<PathBuf>,
    out: &'a mut Vec<PathBuf>,
    skipped: &'a mut Vec<String>,
}

impl Walker<'_> {
    fn walk(&mut self) -> Result<()> {
        // An explicit stack of entries still to look at (in reverse sorted order): the depth
        // of the folder tree never grows the call stack, and the order is the sorted
        // depth-first one.
        let mut stack = self.entries(self.given)?;
        stack.reverse();
        while let Some(p) = stack.pop() {
            let is_link = std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            // stat, never open: a FIFO is only looked at.
            let Ok(meta) = std::fs::metadata(&p) else {
                if is_link {
                    self.skipped.push(format!(
                        "{}: a broken symlink or a symlink loop, skipped",
                        p.display()
                    ));
                }
                continue;
            };
            if is_link
                && !p
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(self.root))
            {
                self.skipped.push(format!(
                    "{}: a symlink leading out of {}, skipped",
                    p.display(),
                    self.given.display()
                ));
                continue;
            }
            if meta.is_dir() {
                let real = p.canonicalize().unwrap_or_else(|_| p.clone());
                if self.visited.contains(&real) {
                    self.skipped.push(format!(
                        "{}: a folder already searched (symlink loop), skipped",
                        p.display()
                    ));
                    continue;
                }
                if self.visited.len() >= MAX_FOLDERS {
                    return Err(Error::at_file(
                        self.given,
                        format!(
                            "more than {MAX_FOLDERS} folders to search; name the folders to convert"
                        ),
                    )
                    .code(Code::TooMany));
                }
                self.visited.insert(real);
                let mut inner = self.entries(&p)?;
                inner.reverse();
                stack.extend(inner);
            } else if is_manuscript_name(&p) {
                if meta.is_file() {
                    self.out.push(p);
                } else {
                    self.skipped.push(format!(
                        "{}: {}, not a file, skipped",
                        p.display(),
                        crate::limits::kind_of(&meta)
                    ));
                }
            }
        }
        Ok(())
    }

    /// A folder's entries, sorted, hidden ones (`.name`) and excluded ones left out.
    fn entries(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                Error::at_file(
                    dir,
                    format!("cannot read folder: {}", crate::limits::io_reason(&e)),
                )
                .code(Code::Unreadable)
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                !p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
            })
            .filter(|p| {
                !self
                    .exclude
                    .excludes(p.strip_prefix(self.given).unwrap_or(p))
            })
            .collect();
        entries.sort();
        Ok(entries)
    }
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
    // The formats are made side by side (the EPUB and the PDF share nothing but the story):
    // a single story's build takes the time of its slowest format, not of them all. Errors
    // and warnings are reported in the order of the targets, as before.
    let rendered: Vec<Result<(Vec<u8>, Option<crate::typeset::layout::Stats>)>> = targets
        .par_iter()
        .map(|(format, _)| match format {
            Format::Epub => render::epub::render(&story, &info).map(|b| (b, None)),
            Format::Kepub => render::epub::render_kepub(&story, &info).map(|b| (b, None)),
            Format::Pdf => render_pdf(&story, &info, pdf).map(|(b, s)| (b, Some(s))),
        })
        .collect();
    let mut outputs = Vec::new();
    for ((_, dest), result) in targets.iter().zip(rendered) {
        let (bytes, stats) = result.map_err(|e| with_input(e, input))?;
        if let Some(stats) = stats {
            warn_missing_glyphs(&stats, input, &mut report.diagnostics);
            if pdf.stats {
                report.stats.push((dest.clone(), stats));
            }
        }
        outputs.push((dest, bytes));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> =
        outputs.into_iter().map(|(d, b)| (d.clone(), b)).collect();
    let written: Vec<PathBuf> = files.iter().map(|(d, _)| d.clone()).collect();
    if pdf.depfiles {
        if let Some((_, first)) = targets.first() {
            let text = depfile(&written, &dependencies(input, &story))
                .map_err(|e| with_input(e, input))?;
            files.push((first.with_extension("d"), text.into_bytes()));
        }
    }
    let sources = dependencies(input, &story);
    for (dest, _) in &files {
        refuse_overwriting(dest, &sources)?;
    }
    write_all_atomically(&files)?;
    report.written = written;
    Ok(report)
}

/// Typesets `story` and writes its PDF.
pub fn render_pdf(
    story: &crate::model::Story,
    info: &BuildInfo,
    pdf: &PdfOptions,
) -> Result<(Vec<u8>, crate::typeset::layout::Stats)> {
    let (doc, stats) = crate::typeset::layout::typeset(story, info, &pdf.setup, pdf.fonts())?;
    let bytes = crate::pdf::write_pdf_owned(doc).map_err(|e| {
        Error::plain(format!(
            "internal error (could not write the PDF: {e}); this is a bug in inkbind — please report it with this input"
        ))
        .code(Code::Internal)
    })?;
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

/// Refuses to write `dest` when it is one of `sources` (the same file, however named):
/// an output never replaces an input.
pub fn refuse_overwriting(dest: &Path, sources: &[PathBuf]) -> Result<()> {
    for src in sources {
        if same_file(dest, src) {
            return Err(Error::at_file(
                src,
                format!(
                    "the output {} would replace this input; choose another --out-dir or -o",
                    dest.display()
                ),
            )
            .code(Code::OutputIsInput));
        }
    }
    Ok(())
}

/// True when `a` and `b` name the same file (symlinks and hard links included); a path that
/// does not exist yet is compared by its resolved folder and name.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    let resolve = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(p.file_name()?))
    };
    matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
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

/// A Makefile dependency rule (`targets: prerequisites`), then an empty rule for each
/// prerequisite but the first (the manuscript, which the Makefile's own pattern rule names),
/// as `cc -MP` does: a cover or image deleted later makes the book rebuild (and fail, naming
/// it) instead of stopping make with "No rule to make target".
///
/// Each name is escaped for GNU make: `$` doubled, spaces, `#` and `:` backslashed, `%` too
/// in targets (where it would make a pattern rule). A name make cannot hold safely (a
/// control character such as a tab or newline, `;`, `=`, a wildcard `*?[]`, `|`, `\\`, or a
/// name that is not UTF-8) is an error: the depfile would run commands or break every later
/// `make`.
pub fn depfile(targets: &[PathBuf], deps: &[PathBuf]) -> Result<String> {
    let esc = |p: &PathBuf, target: bool| -> Result<String> {
        let refuse = |what: &str| {
            Error::at_file(
                p,
                format!("a file name with {what} cannot go into a Makefile depfile; rename the file or drop --depfile"),
            )
            .code(Code::Depfile)
        };
        let s = p
            .to_str()
            .ok_or_else(|| refuse("bytes that are not UTF-8"))?;
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '$' => out.push_str("$$"),
                ' ' | '#' | ':' => {
                    out.push('\\');
                    out.push(c);
                }
                '%' if target => out.push_str("\\%"),
                ';' | '=' | '*' | '?' | '[' | ']' | '|' | '\\' => {
                    return Err(refuse(&format!("`{c}`")))
                }
                c if c.is_control() => return Err(refuse("a control character (tab, newline…)")),
                c => out.push(c),
            }
        }
        Ok(out)
    };
    let join = |list: &[PathBuf], target: bool| -> Result<String> {
        Ok(list
            .iter()
            .map(|p| esc(p, target))
            .collect::<Result<Vec<_>>>()?
            .join(" "))
    };
    let mut s = format!("{}: {}\n", join(targets, true)?, join(deps, false)?);
    for d in deps.iter().skip(1) {
        // An empty rule: here the name is a target.
        s.push_str(&format!("\n{}:\n", esc(d, true)?));
    }
    Ok(s)
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

/// Prefix of our temporary files: `.inkbind-<pid>-<random>.part` in the output folder.
pub const TEMP_PREFIX: &str = ".inkbind-";
/// Suffix of our temporary files.
pub const TEMP_SUFFIX: &str = ".part";

/// Temporary files being written now, removed by [`remove_temp_files`] on Ctrl-C or kill.
static IN_FLIGHT: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn in_flight() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the temporary files this process is writing (called from the signal handler of
/// the command line before it exits).
pub fn remove_temp_files() {
    for p in in_flight().drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// Writes `bytes` to a temporary file in the destination folder, then renames it into place:
/// a failure never leaves a half-written output, and an existing file is replaced whole.
pub fn write_atomically(dest: &Path, bytes: &[u8]) -> Result<()> {
    write_all_atomically(&[(dest.to_path_buf(), bytes.to_vec())])
}

/// Writes every `(destination, bytes)` to a temporary file beside it (fsynced), and only
/// when all were written renames them into place: a failure (disk full, a folder where a
/// file should go) leaves every existing output untouched and no temporary file behind.
/// Stale temporary files of ours, left by a killed build, are swept from each folder.
pub fn write_all_atomically(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let folder_of = |dest: &Path| match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    for (dest, _) in files {
        let dir = folder_of(dest);
        std::fs::create_dir_all(&dir).map_err(|e| {
            Error::at_file(
                &dir,
                format!(
                    "cannot create output folder: {}",
                    crate::limits::io_reason(&e)
                ),
            )
            .code(Code::OutputWrite)
        })?;
        if let Ok(m) = std::fs::metadata(dest) {
            if !m.is_file() {
                return Err(Error::at_file(
                    dest,
                    format!(
                        "cannot write the output here: it is {}",
                        crate::limits::kind_of(&m)
                    ),
                )
                .code(Code::OutputWrite));
            }
        }
        sweep_stale_temp_files(&dir);
    }
    let mut temps = Vec::new();
    for (dest, bytes) in files {
        match write_temp(&folder_of(dest), dest, bytes) {
            Ok(t) => temps.push(t),
            Err(e) => {
                drop(temps); // removes the temporary files already written
                in_flight().retain(|p| p.exists());
                return Err(e);
            }
        }
    }
    for (tmp, (dest, _)) in temps.into_iter().zip(files) {
        let path = tmp.path().to_path_buf();
        tmp.persist(dest).map_err(|e| {
            Error::at_file(
                dest,
                format!("cannot write: {}", crate::limits::io_reason(&e.error)),
            )
            .code(Code::OutputWrite)
        })?;
        in_flight().retain(|p| *p != path);
        // The rename is durable once the folder is synced.
        if let Ok(d) = std::fs::File::open(folder_of(dest)) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

fn write_temp(dir: &Path, dest: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        // tempfile creates 0600 files; an output is an ordinary document (umask applies).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        Error::at_file(
            dir,
            format!(
                "cannot write in output folder: {}",
                crate::limits::io_reason(&e)
            ),
        )
        .code(Code::OutputWrite)
    })?;
    in_flight().push(tmp.path().to_path_buf());
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| {
            Error::at_file(
                dest,
                format!("cannot write: {}", crate::limits::io_reason(&e)),
            )
            .code(Code::OutputWrite)
        })?;
    Ok(tmp)
}

/// Removes `.inkbind-<pid>-….part` files in `dir` whose process is gone (a build that was
/// killed); a build still running keeps its files.
pub fn sweep_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|r| r.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let stale = match pid {
            Some(pid) => pid != std::process::id() && !process_alive(pid),
            // An older name without a pid: stale when untouched for an hour.
            None => e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600),
        };
        if stale && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // Signal 0 checks existence; EPERM means it exists but is not ours.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}
