//! Errors and warnings that name the file and, where known, the line.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in the user's input something happened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(path: &Path) -> Self {
        Location {
            file: Some(path.to_path_buf()),
            line: None,
            column: None,
        }
    }
    pub fn line(path: &Path, line: usize) -> Self {
        Location {
            file: Some(path.to_path_buf()),
            line: Some(line),
            column: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.file {
            Some(p) => write!(f, "{}", p.display())?,
            None => write!(f, "<input>")?,
        }
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        Ok(())
    }
}

/// A stable error code: scripts and services may match on it (the message wording may change).
/// `inkbind` prints it as `error[E…]:`; the README lists every code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// E100 — an input cannot be read (missing, permission denied).
    Unreadable,
    /// E101 — an input is a folder, FIFO, device or socket where a file was expected.
    NotAFile,
    /// E102 — a file is larger than inkbind reads (manuscript, sidecar, image, font).
    TooLarge,
    /// E103 — the manuscript is not valid UTF-8.
    Encoding,
    /// E104 — the manuscript has no story text.
    Empty,
    /// E105 — a folder input holds no manuscripts (or loops through symlinks).
    NoManuscripts,
    /// E106 — the input is another kind of document (Word, PDF, EPUB, ZIP…), not a manuscript.
    NotAManuscript,
    /// E110 — invalid YAML front matter (syntax).
    FrontMatterSyntax,
    /// E111 — a front matter value has the wrong type or form.
    FrontMatterValue,
    /// E112 — front matter too large or too complex (size, keys, aliases).
    FrontMatterLimit,
    /// E120 — nesting deeper than inkbind accepts (blockquotes, lists, emphasis, links).
    TooDeep,
    /// E121 — a paragraph, heading or title longer than inkbind accepts.
    TooLong,
    /// E122 — too many chapters, blocks or images in one book.
    TooMany,
    /// E130 — a cover or image file does not exist.
    ImageMissing,
    /// E131 — a cover, image or sidecar lies outside the allowed folders.
    OutsideBoundary,
    /// E132 — a cover or image cannot be decoded (not PNG/JPEG, damaged).
    ImageInvalid,
    /// E133 — an image is too large (dimensions, decoded memory, total per book).
    ImageTooLarge,
    /// E134 — an image is a remote URL (never fetched).
    ImageRemote,
    /// E140 — a font folder or font file cannot be used.
    Font,
    /// E150 — an output cannot be written (folder, permission, disk full).
    OutputWrite,
    /// E151 — an output would replace an input.
    OutputIsInput,
    /// E152 — a file name cannot be written into a Makefile depfile.
    Depfile,
    /// E153 — two inputs would write the same output.
    OutputCollision,
    /// E160 — an option or environment value is invalid (`--language`, `--page`,
    /// `SOURCE_DATE_EPOCH`…).
    BadOption,
    /// E161 — a shelf configuration (`inkbind.toml`) is invalid: syntax, an unknown key, a
    /// value of the wrong type or form.
    BadConfig,
    /// E900 — an internal failure: a bug in inkbind, please report it with the input.
    Internal,
}

impl Code {
    /// Every code, in the order the README lists them.
    pub const ALL: &'static [Code] = &[
        Code::Unreadable,
        Code::NotAFile,
        Code::TooLarge,
        Code::Encoding,
        Code::Empty,
        Code::NoManuscripts,
        Code::NotAManuscript,
        Code::FrontMatterSyntax,
        Code::FrontMatterValue,
        Code::FrontMatterLimit,
        Code::TooDeep,
        Code::TooLong,
        Code::TooMany,
        Code::ImageMissing,
        Code::OutsideBoundary,
        Code::ImageInvalid,
        Code::ImageTooLarge,
        Code::ImageRemote,
        Code::Font,
        Code::OutputWrite,
        Code::OutputIsInput,
        Code::Depfile,
        Code::OutputCollision,
        Code::BadOption,
        Code::BadConfig,
        Code::Internal,
    ];

    /// The stable code (`E120`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unreadable => "E100",
            Code::NotAFile => "E101",
            Code::TooLarge => "E102",
            Code::Encoding => "E103",
            Code::Empty => "E104",
            Code::NoManuscripts => "E105",
            Code::NotAManuscript => "E106",
            Code::FrontMatterSyntax => "E110",
            Code::FrontMatterValue => "E111",
            Code::FrontMatterLimit => "E112",
            Code::TooDeep => "E120",
            Code::TooLong => "E121",
            Code::TooMany => "E122",
            Code::ImageMissing => "E130",
            Code::OutsideBoundary => "E131",
            Code::ImageInvalid => "E132",
            Code::ImageTooLarge => "E133",
            Code::ImageRemote => "E134",
            Code::Font => "E140",
            Code::OutputWrite => "E150",
            Code::OutputIsInput => "E151",
            Code::Depfile => "E152",
            Code::OutputCollision => "E153",
            Code::BadOption => "E160",
            Code::BadConfig => "E161",
            Code::Internal => "E900",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure that stops one input from being converted.
#[derive(Debug)]
pub struct Error {
    pub location: Location,
    pub message: String,
    /// What kind of failure this is (stable across versions).
    pub code: Code,
}

impl Error {
    /// An error with the generic code [`Code::Unreadable`]; set the right one with
    /// [`Error::code`].
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Error {
            location,
            message: message.into(),
            code: Code::Unreadable,
        }
    }
    /// Sets the error's stable code.
    pub fn code(mut self, code: Code) -> Self {
        self.code = code;
        self
    }
    /// An internal failure (a bug): says so, and which input triggered it.
    pub fn internal(path: &Path, what: impl fmt::Display) -> Self {
        Error::at_file(
            path,
            format!(
                "internal error ({what}); this is a bug in inkbind — please report it with this input"
            ),
        )
        .code(Code::Internal)
    }
    pub fn at_file(path: &Path, message: impl Into<String>) -> Self {
        Error::new(Location::file(path), message)
    }
    pub fn at_line(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Error::new(Location::line(path, line), message)
    }
    /// An error not tied to one input file (e.g. the output folder).
    pub fn plain(message: impl Into<String>) -> Self {
        Error::new(Location::default(), message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.location.file.is_some() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(f, "{}", self.message)
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Something worth telling the user that does not stop the conversion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Collected warnings for one input.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    pub warnings: Vec<Warning>,
    /// The text encoding the reader found (plain-text manuscripts).
    pub encoding: Option<&'static str>,
}

impl Diagnostics {
    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            location,
            message: message.into(),
        });
    }
}
