//! inkbind turns a story manuscript — Markdown with YAML front matter, or plain text pasted
//! from a fan-fiction archive — into an EPUB 3 that passes epubcheck and a book-quality
//! typeset PDF.
//!
//! The library's surface is small: [`convert`] (or a [`Converter`] for many manuscripts with
//! the same [`Options`]) turns a manuscript held in memory into the bytes of a [`Book`].
//! Everything else the conversion reads — covers, images, sidecar metadata, fonts — and the
//! clock come through a [`Loader`]: [`FsLoader`] (files on disk, `SOURCE_DATE_EPOCH`) by
//! default, [`MemoryLoader`] for a program that holds its files in memory.
//!
//! ```
//! use inkbind::{convert, Format, MemoryLoader, Options};
//!
//! let manuscript = "---\ntitle: The Lighthouse\nauthor: A. Writer\ncover: cover.png\n---\n\n\
//!                   # One\n\nThe lamp was lit at dusk.\n\n* * *\n\nMorning came.\n";
//! # let mut png = Vec::new();
//! # image::RgbImage::from_pixel(60, 80, image::Rgb([40, 60, 90]))
//! #     .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
//! let loader = MemoryLoader::new()
//!     .with_file("cover.png", png)          // beside the manuscript
//!     .with_time(1_767_225_600);            // the book's date: reproducible bytes
//! let options = Options::default().formats(&[Format::Epub]).loader(loader);
//! let book = convert("lighthouse.md", manuscript.as_bytes(), &options)?;
//! let epub: Vec<u8> = book.epub.expect("asked for");
//! assert!(epub.starts_with(b"PK"));
//! assert!(book.warnings.is_empty());
//! # Ok::<(), inkbind::Error>(())
//! ```
//!
//! Errors ([`Error`]) name the manuscript (or the cover, image or font file) and, where
//! known, the line and column. The command-line tool (`inkbind build`, `inkbind inspect`) is
//! built on this library; its modules are not part of the API.
//!
//! The pipeline inside reads as one: readers (Markdown, plain text) → the story model (which
//! knows nothing of output formats) → the EPUB renderer, and the typesetter → neutral pages
//! → the PDF writer.

mod convert;
mod loader;
#[cfg(test)]
mod properties;

pub use convert::{convert, Book, Converter, FontFiles, Format, Options};
pub use error::{Error, Location, Result, Warning};
pub use loader::{FsLoader, Loader, MemoryLoader};

// The modules below are the command line's, the tests' and the benchmarks' way in; they are
// not part of the library's API and change without notice.
#[doc(hidden)]
pub mod assets;
#[doc(hidden)]
pub mod build;
#[doc(hidden)]
pub mod config;
#[doc(hidden)]
pub mod cover;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod fonts;
#[doc(hidden)]
pub mod i18n;
#[doc(hidden)]
pub mod inspect;
#[doc(hidden)]
pub mod limits;
#[doc(hidden)]
pub mod model;
#[doc(hidden)]
pub mod ornament;
#[doc(hidden)]
pub mod pdf;
#[doc(hidden)]
pub mod reader;
#[doc(hidden)]
pub mod render;
#[doc(hidden)]
pub mod typeset;
#[doc(hidden)]
pub mod typography;
#[doc(hidden)]
pub use loader::default_loader;
