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

/// A failure that stops one input from being converted.
#[derive(Debug)]
pub struct Error {
    pub location: Location,
    pub message: String,
}

impl Error {
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Error {
            location,
            message: message.into(),
        }
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
