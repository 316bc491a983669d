//! Everything a conversion reads besides the manuscript text — sidecar metadata, covers,
//! images — and the clock, reached through one [`Loader`] the caller can replace.
//!
//! [`FsLoader`] (the default) reads files on disk and takes the time from
//! `SOURCE_DATE_EPOCH` and file modification times; [`MemoryLoader`] serves files from a map
//! held in memory, for programs that embed inkbind and have no files at all.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where a conversion reads files and the time from.
///
/// Paths are those the manuscript names, joined to the manuscript's folder
/// (`covers/c.png` in `shelf/story.md` is asked for as `shelf/covers/c.png`).
pub trait Loader: Send + Sync {
    /// The bytes of the file at `path`.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;

    /// Whether `path` names a readable file.
    fn is_file(&self, path: &Path) -> bool;

    /// Whether anything (a file, folder, FIFO…) is at `path`, without opening it.
    fn exists(&self, path: &Path) -> bool {
        self.is_file(path)
    }

    /// Reads a whole file of at most `max` bytes: longer is an error of kind `FileTooLarge`,
    /// and anything but a regular file (a FIFO, a device, a folder) an error of kind
    /// `InvalidInput`, returned without blocking.
    fn read_limited(&self, path: &Path, max: u64) -> io::Result<Vec<u8>> {
        let bytes = self.read(path)?;
        if bytes.len() as u64 > max {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "file too large",
            ));
        }
        Ok(bytes)
    }

    /// The path with symlinks resolved (for the folder boundary of covers and images); by
    /// default the path with `.` and `..` folded.
    fn real_path(&self, path: &Path) -> io::Result<PathBuf> {
        Ok(normal(path))
    }

    /// When the file at `path` was last changed, in seconds since the Unix epoch: the date
    /// of a book whose front matter gives none. `None` when unknown.
    fn modified(&self, _path: &Path) -> Option<i64> {
        None
    }

    /// A build date that overrides every other (`SOURCE_DATE_EPOCH` for [`FsLoader`]), in
    /// seconds since the Unix epoch; an error message when it is set but is not a number.
    fn fixed_time(&self) -> Result<Option<i64>, String> {
        Ok(None)
    }
}

impl std::fmt::Debug for dyn Loader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Loader")
    }
}

/// The loader used when none is given: files on disk.
pub fn default_loader() -> Arc<dyn Loader> {
    Arc::new(FsLoader)
}

/// Files on disk; the time from `SOURCE_DATE_EPOCH`, else file modification times.
#[derive(Clone, Copy, Debug, Default)]
pub struct FsLoader;

impl Loader for FsLoader {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        crate::limits::read_regular_io(path, u64::MAX)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn exists(&self, path: &Path) -> bool {
        std::fs::metadata(path).is_ok()
    }

    fn read_limited(&self, path: &Path, max: u64) -> io::Result<Vec<u8>> {
        crate::limits::read_regular_io(path, max)
    }

    fn real_path(&self, path: &Path) -> io::Result<PathBuf> {
        path.canonicalize()
    }

    fn modified(&self, path: &Path) -> Option<i64> {
        let m = std::fs::metadata(path).ok()?.modified().ok()?;
        let d = m.duration_since(std::time::UNIX_EPOCH).ok()?;
        i64::try_from(d.as_secs()).ok()
    }

    fn fixed_time(&self) -> Result<Option<i64>, String> {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Ok(v) if !v.trim().is_empty() => {
                v.trim().parse::<i64>().map(Some).map_err(|_| {
                    format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{v}`")
                })
            }
            _ => Ok(None),
        }
    }
}

/// Files held in memory, by path; a fixed clock. Nothing is read from disk.
///
/// ```
/// use inkbind::MemoryLoader;
/// let loader = MemoryLoader::new()
///     .with_file("covers/lighthouse.png", vec![0x89, b'P', b'N', b'G'])
///     .with_time(1_767_225_600);
/// # let _ = loader;
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemoryLoader {
    files: BTreeMap<PathBuf, Arc<[u8]>>,
    time: Option<i64>,
}

impl MemoryLoader {
    /// An empty set of files and no clock (books are dated by their front matter `date`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the file at `path`.
    pub fn with_file(mut self, path: impl Into<PathBuf>, bytes: impl Into<Arc<[u8]>>) -> Self {
        self.insert(path, bytes);
        self
    }

    /// Adds (or replaces) the file at `path`.
    pub fn insert(&mut self, path: impl Into<PathBuf>, bytes: impl Into<Arc<[u8]>>) {
        self.files.insert(normal(&path.into()), bytes.into());
    }

    /// Dates every book at `unix_seconds` (like `SOURCE_DATE_EPOCH`).
    pub fn with_time(mut self, unix_seconds: i64) -> Self {
        self.time = Some(unix_seconds);
        self
    }
}

/// `a/./b` and `./a/b` name the same file as `a/b`; `a/x/../b` as `a/b`.
fn normal(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    out
}

impl Loader for MemoryLoader {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files
            .get(&normal(path))
            .map(|b| b.to_vec())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files.contains_key(&normal(path))
    }

    fn fixed_time(&self) -> Result<Option<i64>, String> {
        Ok(self.time)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_loader_finds_files_however_the_path_is_spelled() {
        let l = MemoryLoader::new().with_file("shelf/covers/c.png", vec![1, 2, 3]);
        assert_eq!(
            l.read(Path::new("./shelf/x/../covers/c.png")).unwrap(),
            [1, 2, 3]
        );
        assert!(l.is_file(Path::new("shelf/./covers/c.png")));
        assert!(!l.is_file(Path::new("shelf/covers/d.png")));
        let e = l.read(Path::new("nope")).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::NotFound);
        assert_eq!(l.fixed_time(), Ok(None));
        assert_eq!(l.with_time(5).fixed_time(), Ok(Some(5)));
    }
}
