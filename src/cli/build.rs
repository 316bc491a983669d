//! `inkbind build`

use super::{
    out, print_error, print_usage_error, DetectArgs, FolderArgs, MetaArgs, EXIT_FAILED, EXIT_OK,
    EXIT_USAGE,
};
use indicatif::{ProgressBar, ProgressStyle};
use inkbind::build::{build_story, output_path, Format, PdfOptions};
use inkbind::config::{Config, ConfigFormat};
use inkbind::error::Code;
use inkbind::reader::ReadOptions;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// EPUB 3
    Epub,
    /// Typeset PDF
    Pdf,
    /// Kobo kepub (`name.kepub.epub`): the EPUB with Kobo's sentence spans
    Kepub,
    /// EPUB and PDF
    All,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Manuscript files (.md, .txt) or folders to search for them.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Folder for the outputs, named after each input (`story.md` → `DIR/story.epub`).
    /// Created if missing. Default: the current folder.
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// Write exactly this file (one input only); its extension picks the format.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Which outputs to write (default: `formats` of inkbind.toml, else all).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Print only errors (no progress, no `wrote` lines, no warnings, no tally).
    #[arg(short, long)]
    pub quiet: bool,
    /// Convert this many manuscripts at once (default: one per CPU core).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// PDF page: a5 (default, or `page` of inkbind.toml), a4, letter, trade (5.5×8.5 in),
    /// 6x9, ereader-6, ereader-7, ereader-10, or a size such as 148x210mm or 5.5x8.5in.
    #[arg(long, value_name = "PAGE")]
    pub page: Option<String>,
    /// PDF margins, all four (e.g. 15mm, 0.6in, 40pt) instead of the page's own.
    #[arg(long, value_name = "LENGTH")]
    pub margin: Option<String>,
    /// PDF font family: a folder of .ttf/.otf files named …Regular, …Italic, …Bold,
    /// …BoldItalic. Characters the family lacks are set in the bundled Gentium Book Plus.
    #[arg(long, value_name = "DIR")]
    pub font_dir: Option<PathBuf>,
    /// Print typographic figures for each PDF (pages, overfull lines, hyphens, word spacing).
    #[arg(long)]
    pub stats: bool,
    /// Also write a Makefile dependency file beside the outputs (`DIR/<stem>.d`: the outputs
    /// depend on the manuscript, its sidecar metadata, its cover and its images).
    #[arg(long)]
    pub depfile: bool,
    #[command(flatten)]
    pub folders: FolderArgs,
    #[command(flatten)]
    pub meta: MetaArgs,
    #[command(flatten)]
    pub detect: DetectArgs,
}

pub fn run(args: Args) -> i32 {
    let started = Instant::now();
    let inputs = match args.folders.expand(&args.inputs, args.quiet) {
        Ok(i) => i,
        Err(code) => return code,
    };
    // The settings of each input's shelf (its inkbind.toml merged with the flags), made once
    // per configuration file.
    let mut shelves: HashMap<Option<PathBuf>, Arc<Settings>> = HashMap::new();
    let mut inputs_with_settings = Vec::new();
    for input in inputs {
        let config = match args.folders.config_for(&input) {
            Ok(c) => c,
            Err(code) => return code,
        };
        let settings = match shelves.entry(config.as_ref().and_then(|c| c.path.clone())) {
            std::collections::hash_map::Entry::Occupied(e) => e.get().clone(),
            std::collections::hash_map::Entry::Vacant(v) => {
                match settings(&args, config.as_ref()) {
                    Ok(s) => v.insert(Arc::new(s)).clone(),
                    Err(e) => {
                        print_error(&e);
                        return EXIT_USAGE;
                    }
                }
            }
        };
        inputs_with_settings.push((input, settings));
    }
    let plan = match plan(&args, &inputs_with_settings) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            print_usage_error(Code::Internal, &format!("cannot start worker threads: {e}"));
            return EXIT_FAILED;
        }
    };
    let progress = Progress::new(plan.len(), args.quiet);
    let failed = AtomicUsize::new(0);
    pool.install(|| {
        plan.par_iter().for_each(|(input, targets, settings)| {
            let result = build_story(input, targets, &settings.read, &settings.pdf);
            if result.is_err() {
                failed.fetch_add(1, Ordering::Relaxed);
            }
            progress.done(input, result);
        })
    });
    let failed = failed.into_inner();
    progress.finish(plan.len() - failed, failed, started.elapsed());
    if failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

/// What the books of one shelf are made with: its `inkbind.toml` (if any) under the flags.
struct Settings {
    formats: Vec<Format>,
    read: ReadOptions,
    pdf: PdfOptions,
}

/// Merges a shelf configuration with the flags (a flag wins over the configuration; the
/// manuscript's front matter wins over the configuration's metadata, see `reader::MetaDefaults`).
fn settings(args: &Args, config: Option<&Config>) -> inkbind::error::Result<Settings> {
    let c = config.cloned().unwrap_or_default();
    let formats = match args.format {
        Some(FormatArg::Epub) => vec![Format::Epub],
        Some(FormatArg::Pdf) => vec![Format::Pdf],
        Some(FormatArg::Kepub) => vec![Format::Kepub],
        Some(FormatArg::All) => vec![Format::Epub, Format::Pdf],
        None => match &c.formats {
            Some(f) if !f.is_empty() => [
                (ConfigFormat::Epub, Format::Epub),
                (ConfigFormat::Pdf, Format::Pdf),
            ]
            .into_iter()
            .filter(|(cf, _)| f.contains(cf))
            .map(|(_, f)| f)
            .collect(),
            _ => vec![Format::Epub, Format::Pdf],
        },
    };
    let mut read = args.meta.read_options(&args.detect);
    read.defaults = c.meta_defaults();
    let in_config = |e: inkbind::error::Error| match &c.path {
        Some(p) if e.location.file.is_none() => inkbind::error::Error::at_file(p, e.message),
        _ => e,
    };
    let page = args.page.clone().or(c.page.clone());
    let margin = args.margin.clone().or(c.margin.clone());
    let font_dir = args.font_dir.clone().or(c.fonts.clone());
    let pdf = pdf_options(
        page.as_deref(),
        margin.as_deref(),
        font_dir.as_deref(),
        args,
    )
    .map_err(in_config)?;
    Ok(Settings { formats, read, pdf })
}

/// One manuscript, its outputs and what they are made with.
type Job = (PathBuf, Vec<(Format, PathBuf)>, Arc<Settings>);

/// Every output of every input, planned before anything is written: a folder named as output
/// that is a file, or two inputs that would write the same output, stop the build here.
fn plan(args: &Args, inputs: &[(PathBuf, Arc<Settings>)]) -> Result<Vec<Job>, i32> {
    if let Some(out) = &args.output {
        if inputs.len() != 1 {
            print_usage_error(
                Code::BadOption,
                &format!(
                    "-o/--output takes exactly one input, got {}; use --out-dir for several",
                    inputs.len()
                ),
            );
            return Err(EXIT_USAGE);
        }
        if out.is_dir() {
            print_usage_error(
                Code::BadOption,
                &format!(
                    "{} is a folder: give -o a file name (book.epub, book.pdf) or use --out-dir",
                    out.display()
                ),
            );
            return Err(EXIT_USAGE);
        }
        check_folder(out.parent().unwrap_or(Path::new("")))?;
        let ext = out
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        let kepub = out
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.to_ascii_lowercase().ends_with(".kepub.epub"));
        let format = match ext.as_deref() {
            Some("epub") if kepub => Format::Kepub,
            Some("epub") => Format::Epub,
            Some("pdf") => Format::Pdf,
            _ => {
                print_usage_error(
                    Code::BadOption,
                    &format!(
                        "cannot tell the format of `{}`: name it *.epub, *.kepub.epub or *.pdf",
                        out.display()
                    ),
                );
                return Err(EXIT_USAGE);
            }
        };
        refuse_overwriting_inputs(out, inputs)?;
        let (input, settings) = &inputs[0];
        return Ok(vec![(
            input.clone(),
            vec![(format, out.clone())],
            settings.clone(),
        )]);
    }
    let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    check_folder(&dir)?;
    let mut seen: HashMap<PathBuf, &PathBuf> = HashMap::new();
    let mut jobs: Vec<Job> = Vec::new();
    for (input, settings) in inputs {
        if jobs.iter().any(|(i, _, _)| i == input) {
            continue; // the same manuscript named twice is converted once
        }
        let mut targets = Vec::new();
        for f in &settings.formats {
            let dest = output_path(input, &dir, *f);
            if let Some(other) = seen.insert(dest.clone(), input) {
                print_usage_error(
                    Code::OutputCollision,
                    &format!(
                        "{} and {} would both be written to {}; rename one, or convert them \
                         separately with -o",
                        other.display(),
                        input.display(),
                        dest.display()
                    ),
                );
                return Err(EXIT_USAGE);
            }
            refuse_overwriting_inputs(&dest, inputs)?;
            targets.push((*f, dest));
        }
        jobs.push((input.clone(), targets, settings.clone()));
    }
    Ok(jobs)
}

/// An output never replaces an input of this run (`book.epub` read as a manuscript and
/// written to `./book.epub`): refused before anything is read or written.
fn refuse_overwriting_inputs<T>(dest: &Path, inputs: &[(PathBuf, T)]) -> Result<(), i32> {
    let paths: Vec<PathBuf> = inputs.iter().map(|(p, _)| p.clone()).collect();
    inkbind::build::refuse_overwriting(dest, &paths).map_err(|e| {
        print_error(&e);
        EXIT_USAGE
    })
}

/// An output folder (or the folder of `-o FILE`) must be a folder or not exist yet: a file in
/// its place (or in the place of one of its parents) is a usage error said plainly.
fn check_folder(dir: &Path) -> Result<(), i32> {
    for d in dir.ancestors().filter(|d| !d.as_os_str().is_empty()) {
        if d.exists() {
            if d.is_dir() {
                return Ok(());
            }
            print_usage_error(
                Code::BadOption,
                &format!(
                    "{} is a file, not a folder: outputs cannot be written into it",
                    d.display()
                ),
            );
            return Err(EXIT_USAGE);
        }
    }
    Ok(())
}

/// What the user sees while a batch runs: a progress bar when stderr is a terminal and there
/// is more than one manuscript, plain `wrote …` lines otherwise, errors always, and a final
/// tally; with `-q` only errors.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Self {
        let bar = (!quiet && total > 1 && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} books  {elapsed} elapsed, {eta} left  {wide_msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress { bar, quiet }
    }

    /// Reports one finished manuscript (called from the worker threads).
    fn done(&self, input: &Path, result: inkbind::error::Result<inkbind::build::Report>) {
        let mut lines_err = Vec::new();
        let mut lines_out = Vec::new();
        match result {
            Ok(report) => {
                if !self.quiet {
                    lines_err.extend(
                        report
                            .diagnostics
                            .warnings
                            .iter()
                            .map(|w| format!("warning: {w}")),
                    );
                    if self.bar.is_none() {
                        lines_out.extend(
                            report
                                .written
                                .iter()
                                .map(|w| format!("wrote {}", w.display())),
                        );
                    }
                }
                lines_out.extend(
                    report
                        .stats
                        .iter()
                        .map(|(path, s)| inkbind::typeset::stats_line(path, s)),
                );
            }
            Err(e) => lines_err.push(format!("error[{}]: {e}", e.code)),
        }
        let emit = || {
            for l in &lines_err {
                eprintln!("{l}");
            }
            if !lines_out.is_empty() {
                // A closed stdout (`| head`) only silences these lines; the build goes on.
                let _ = out::text(&(lines_out.join("\n") + "\n"));
            }
        };
        match &self.bar {
            Some(bar) => {
                bar.suspend(emit);
                bar.set_message(input.display().to_string());
                bar.inc(1);
            }
            None => emit(),
        }
    }

    fn finish(&self, built: usize, failed: usize, elapsed: std::time::Duration) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.quiet {
            return;
        }
        let secs = elapsed.as_secs_f64();
        let time = if secs < 10.0 {
            format!("{secs:.2} s")
        } else {
            format!("{secs:.1} s")
        };
        if failed > 0 {
            eprintln!("{built} built, {failed} failed in {time}");
        } else {
            eprintln!("{built} built in {time}");
        }
    }
}

fn pdf_options(
    page: Option<&str>,
    margin: Option<&str>,
    font_dir: Option<&Path>,
    args: &Args,
) -> inkbind::error::Result<PdfOptions> {
    use inkbind::typeset::{font::Fonts, preset};
    let mut setup = preset::lookup(page.unwrap_or("a5"))?;
    if let Some(m) = margin {
        setup = preset::with_margin(setup, m)?;
    }
    let mut pdf = PdfOptions::new(setup);
    if let Some(dir) = font_dir {
        let (fonts, warnings) = Fonts::from_dir(dir)?;
        if !args.quiet {
            for w in warnings {
                eprintln!("warning: {w}");
            }
        }
        pdf = pdf.with_fonts(fonts);
    }
    pdf.stats = args.stats;
    pdf.depfiles = args.depfile;
    Ok(pdf)
}
