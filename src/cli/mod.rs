//! The `inkbind` command line. One file per subcommand.
//!
//! Exit codes: 0 = every input converted; 1 = at least one input failed (the others were
//! still converted); 2 = usage error (bad option, nothing to do).

mod build;
mod inspect;
mod out;

use clap::{CommandFactory, Parser, Subcommand};

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "inkbind",
    version,
    about = "Turns a story manuscript (Markdown or plain text) into an EPUB 3 and a typeset PDF",
    long_about = "Turns a story manuscript (Markdown with YAML front matter, or plain text as \
pasted from a fan-fiction archive) into an EPUB 3 that passes epubcheck and reads well on \
e-ink readers, and a book-quality typeset PDF. Letters inside the story become \
italic epistolary blocks; scene breaks become ornaments (with their label).",
    after_help = "Exit codes:\n  0  every input was converted\n  1  at least one input failed (the others were still converted)\n  2  usage error\n\nSee README.md for the manuscript format."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Convert manuscripts into EPUB 3 and typeset PDF files.
    Build(build::Args),
    /// Show the structure found in manuscripts (chapters, letters, scene breaks, notes).
    Inspect(inspect::Args),
    /// Print a shell completion script (e.g. `inkbind completions bash > /etc/bash_completion.d/inkbind`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (e.g. `inkbind man > inkbind.1; man ./inkbind.1`).
    Man,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    install_signal_cleanup();
    match cli.command {
        Command::Build(a) => build::run(a),
        Command::Inspect(a) => inspect::run(a),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "inkbind", &mut buf);
            out::bytes(&buf)
        }
        Command::Man => {
            let mut buf = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut buf) {
                Ok(()) => out::bytes(&buf),
                Err(e) => {
                    eprintln!("error: {e}");
                    EXIT_FAILED
                }
            }
        }
    }
}

/// Shared options that complete or override the manuscript's metadata.
#[derive(clap::Args, Debug, Clone)]
pub struct MetaArgs {
    /// Title to use instead of the manuscript's.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Author to use instead of the manuscript's.
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,
    /// Language (BCP 47 tag such as en, en-GB, fr) instead of the manuscript's.
    #[arg(long, value_name = "TAG")]
    pub language: Option<String>,
    /// Also read covers, images and sidecar metadata from this folder (by default only the
    /// manuscript's own folder is read, symlinks resolved). Repeatable.
    #[arg(long, value_name = "DIR")]
    pub allow_dir: Vec<std::path::PathBuf>,
}

/// How folders given as inputs are searched.
#[derive(clap::Args, Debug, Clone)]
pub struct FolderArgs {
    /// Leave out files in input folders whose path below the folder, or whose name, matches
    /// GLOB (`drafts/*`, `*-notes.md`). Repeatable. README, LICENSE, CHANGELOG and hidden
    /// files are always left out of folders.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Shelf configuration to use instead of the nearest inkbind.toml (in each input's
    /// folder or a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// Ignore inkbind.toml files.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

impl FolderArgs {
    /// The shelf configuration for `input`: `--config`, else the nearest `inkbind.toml`;
    /// `Err(exit code)` after printing the error (a bad configuration is a usage error).
    pub fn config_for(
        &self,
        input: &std::path::Path,
    ) -> Result<Option<inkbind::config::Config>, i32> {
        if self.no_config {
            return Ok(None);
        }
        let Some(path) = self.config.clone().or_else(|| inkbind::config::find(input)) else {
            return Ok(None);
        };
        inkbind::config::load(&path).map(Some).map_err(|e| {
            print_error(&e);
            EXIT_USAGE
        })
    }

    /// The inputs, folders expanded; `Err(exit code)` after printing the error. Folder
    /// entries left out for safety (FIFOs, symlinks leading out or looping) are warned about
    /// unless `quiet`.
    pub fn expand(
        &self,
        inputs: &[std::path::PathBuf],
        quiet: bool,
    ) -> Result<Vec<std::path::PathBuf>, i32> {
        let exclude = inkbind::build::Exclude::new(&self.exclude).map_err(|e| {
            print_error(&e);
            EXIT_USAGE
        })?;
        let mut skipped = Vec::new();
        let found = inkbind::build::expand_inputs_reporting(inputs, &exclude, &mut skipped)
            .map_err(|e| {
                print_error(&e);
                EXIT_FAILED
            })?;
        if !quiet {
            for s in &skipped {
                eprintln!("warning: {s}");
            }
        }
        Ok(found)
    }
}

/// Structure detection options (plain text, or Markdown with `--detect`).
#[derive(clap::Args, Debug, Clone)]
pub struct DetectArgs {
    /// Switch detectors off for plain-text manuscripts: a comma-separated list of
    /// letters, breaks, notes, chapters.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub no_detect: Vec<Detector>,
    /// Override one block: KIND@LINE or KIND@FIRST-LAST, KIND one of text, letter, break,
    /// note, chapter (e.g. `--mark text@88` keeps the paragraph at line 88 a paragraph;
    /// `--mark letter@40-52` makes lines 40–52 a letter). Repeatable.
    #[arg(long, value_name = "KIND@LINES")]
    pub mark: Vec<inkbind::reader::Override>,
    /// Run the plain-text detectors on Markdown manuscripts too (letters in quotes, home-made
    /// separators and time-jump lines written as paragraphs, author's notes).
    #[arg(long)]
    pub detect: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detector {
    Letters,
    Breaks,
    Notes,
    Chapters,
}

impl MetaArgs {
    pub fn read_options(&self, d: &DetectArgs) -> inkbind::reader::ReadOptions {
        let off = |x: Detector| d.no_detect.contains(&x);
        inkbind::reader::ReadOptions {
            title: self.title.clone(),
            author: self.author.clone(),
            language: self.language.clone(),
            detect: inkbind::reader::DetectOptions {
                letters: !off(Detector::Letters),
                breaks: !off(Detector::Breaks),
                notes: !off(Detector::Notes),
                chapters: !off(Detector::Chapters),
                overrides: d.mark.clone(),
            },
            detect_in_markdown: d.detect,
            allow_dirs: self.allow_dir.clone(),
            ..Default::default()
        }
    }
}

/// Prints an error as `error[E120]: story.md:12: …` (the code is stable; see the README).
pub(crate) fn print_error(e: &inkbind::error::Error) {
    eprintln!("error[{}]: {e}", e.code);
}

/// Prints an error about the command line itself (no file): `error[E160]: …`.
pub(crate) fn print_usage_error(code: inkbind::error::Code, message: &str) {
    eprintln!("error[{code}]: {message}");
}

/// On Ctrl-C or a termination signal, removes the temporary files being written, then exits
/// with 130 (SIGINT's conventional status). A kill that cannot be caught leaves them; the
/// next build into that folder sweeps them.
fn install_signal_cleanup() {
    let _ = ctrlc::set_handler(|| {
        inkbind::build::remove_temp_files();
        std::process::exit(130);
    });
}
