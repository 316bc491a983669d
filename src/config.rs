//! Shelf configuration: an optional `inkbind.toml` with defaults for every book of a shelf.
//!
//! ```toml
//! # inkbind.toml, in the shelf folder (or a parent of it)
//! author = "Hollis Reyne"      # when the front matter names no author
//! language = "en-GB"           # when the front matter gives no language
//! rights = "© 2026 Hollis Reyne. CC BY 4.0"
//! formats = ["epub", "pdf"]    # any of "epub", "pdf", "kepub"
//! page = "ereader-6"           # PDF page preset or size, as --page
//! margin = "12mm"              # as --margin
//! fonts = "fonts/garamond"     # as --font-dir, relative to this file
//! ```
//!
//! Precedence: the configuration gives defaults, the manuscript's front matter overrides them,
//! and command-line flags override both. An unknown key is an error naming the key and the
//! file (with its line), so a typo never silently does nothing.

use crate::error::{Code, Error, Location, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "inkbind.toml";

/// The contents of an `inkbind.toml`, paths resolved against its folder.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Author of books whose front matter names none.
    pub author: Option<String>,
    /// Language (BCP 47) of books whose front matter gives none.
    pub language: Option<String>,
    /// Rights line of books whose front matter gives none.
    pub rights: Option<String>,
    /// Output formats: `epub`, `pdf`, `kepub`.
    pub formats: Option<Vec<ConfigFormat>>,
    /// PDF page preset or size (`a5`, `ereader-6`, `148x210mm`).
    pub page: Option<String>,
    /// PDF margins (`15mm`).
    pub margin: Option<String>,
    /// Folder of the PDF font family (relative to the configuration file).
    pub fonts: Option<PathBuf>,
    /// The file this was read from.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// A format named in the configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConfigFormat {
    Epub,
    Pdf,
    /// Kobo's kepub (`name.kepub.epub`).
    Kepub,
}

impl Config {
    /// The metadata defaults this configuration gives the readers.
    pub fn meta_defaults(&self) -> crate::reader::MetaDefaults {
        crate::reader::MetaDefaults {
            author: self.author.clone(),
            language: self.language.clone(),
            rights: self.rights.clone(),
        }
    }
}

/// The configuration that applies to `input`: the nearest `inkbind.toml` in the input's
/// folder (the folder itself when `input` is one) or any parent. `None` when there is none.
pub fn find(input: &Path) -> Option<PathBuf> {
    let start = if input.is_dir() {
        input.to_path_buf()
    } else {
        match input.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Reads and checks a configuration file.
pub fn load(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::at_file(path, crate::reader::io_reason(&e)))?;
    parse(path, &text)
}

/// Parses configuration text; `path` names it in errors and anchors relative paths.
pub fn parse(path: &Path, text: &str) -> Result<Config> {
    let mut c: Config = toml::from_str(text).map_err(|e| {
        let mut loc = Location::file(path);
        if let Some(span) = e.span() {
            let before = &text[..span.start.min(text.len())];
            loc.line = Some(before.matches('\n').count() + 1);
            loc.column = Some(before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1);
        }
        Error::new(loc, e.message().trim().to_string()).code(Code::BadConfig)
    })?;
    if let Some(l) = &c.language {
        if !crate::reader::frontmatter::is_language_tag(l) {
            return Err(Error::at_file(
                path,
                format!("language `{l}` is not a language tag like `en` or `fr`"),
            )
            .code(Code::BadConfig));
        }
    }
    if let Some(f) = &c.fonts {
        let base = path.parent().unwrap_or(Path::new(""));
        c.fonts = Some(base.join(f));
    }
    c.path = Some(path.to_path_buf());
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key_and_resolves_fonts_against_the_file() {
        let c = parse(
            Path::new("shelf/inkbind.toml"),
            "author = \"A\"\nlanguage = \"fr\"\nrights = \"R\"\nformats = [\"pdf\"]\npage = \"a4\"\nmargin = \"1in\"\nfonts = \"f\"\n",
        )
        .unwrap();
        assert_eq!(c.author.as_deref(), Some("A"));
        assert_eq!(c.language.as_deref(), Some("fr"));
        assert_eq!(c.formats, Some(vec![ConfigFormat::Pdf]));
        assert_eq!(c.fonts, Some(PathBuf::from("shelf/f")));
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let e = parse(
            Path::new("x/inkbind.toml"),
            "author = \"A\"\ncolour = \"blue\"\n",
        )
        .unwrap_err();
        assert_eq!(
            e.location.file.as_deref(),
            Some(Path::new("x/inkbind.toml"))
        );
        assert_eq!(e.location.line, Some(2));
        assert!(e.message.contains("colour"), "{}", e.message);
    }

    #[test]
    fn bad_values_are_errors() {
        for bad in [
            "formats = [\"mobi\"]",
            "language = \"not a tag!\"",
            "page = 5",
            "author = ",
        ] {
            assert!(parse(Path::new("c.toml"), bad).is_err(), "{bad}");
        }
    }
}
