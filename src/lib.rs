//! inkbind: a story manuscript becomes an EPUB 3 (and, later, a typeset PDF).
//!
//! The pipeline reads as one: [`reader`] (Markdown) → [`model::Story`] → [`render`] (EPUB).
//! The model knows nothing of output formats; [`build`] ties the stages to files on disk,
//! and [`cli`] is the command line on top.

pub mod build;
pub mod cli;
pub mod config;
pub mod cover;
pub mod error;
pub mod fonts;
pub mod i18n;
pub mod inspect;
pub mod model;
pub mod ornament;
pub mod pdf;
pub mod reader;
pub mod render;
pub mod typeset;
pub mod typography;

pub use error::{Error, Result};
