//! `inkbind build`

use super::{print_warnings, DetectArgs, MetaArgs, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::build::{build_story, expand_inputs, output_path, Format, PdfOptions};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// EPUB 3
    Epub,
    /// Typeset PDF
    Pdf,
    /// Every available format
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
    /// Which outputs to write.
    #[arg(long, value_enum, default_value_t = FormatArg::All)]
    pub format: FormatArg,
    /// Do not print warnings.
    #[arg(short, long)]
    pub quiet: bool,
    /// PDF page: a5 (default), a4, letter, trade (5.5×8.5 in), 6x9, ereader-6, ereader-7,
    /// ereader-10, or a size such as 148x210mm or 5.5x8.5in.
    #[arg(long, value_name = "PAGE", default_value = "a5")]
    pub page: String,
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
    pub meta: MetaArgs,
    #[command(flatten)]
    pub detect: DetectArgs,
}

pub fn run(args: Args) -> i32 {
    let formats: Vec<Format> = match args.format {
        FormatArg::Epub => vec![Format::Epub],
        FormatArg::Pdf => vec![Format::Pdf],
        FormatArg::All => vec![Format::Epub, Format::Pdf],
    };
    let pdf = match pdf_options(&args) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_USAGE;
        }
    };
    let inputs = match expand_inputs(&args.inputs) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_FAILED;
        }
    };
    // Plan every output before writing anything.
    let mut plan: Vec<(PathBuf, PathBuf, Format)> = Vec::new();
    if let Some(out) = &args.output {
        if inputs.len() != 1 {
            eprintln!(
                "error: -o/--output takes exactly one input, got {}; use --out-dir for several",
                inputs.len()
            );
            return EXIT_USAGE;
        }
        let ext = out
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("epub") => plan.push((inputs[0].clone(), out.clone(), Format::Epub)),
            Some("pdf") => plan.push((inputs[0].clone(), out.clone(), Format::Pdf)),
            _ => {
                eprintln!(
                    "error: cannot tell the format of `{}`: name it *.epub or *.pdf",
                    out.display()
                );
                return EXIT_USAGE;
            }
        }
    } else {
        let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
        for input in &inputs {
            for f in &formats {
                plan.push((input.clone(), output_path(input, &dir, *f), *f));
            }
        }
        let mut seen: HashMap<PathBuf, PathBuf> = HashMap::new();
        for (input, dest, _) in &plan {
            if let Some(other) = seen.insert(dest.clone(), input.clone()) {
                eprintln!(
                    "error: {} and {} would both be written to {}; convert them separately with -o",
                    other.display(),
                    input.display(),
                    dest.display()
                );
                return EXIT_USAGE;
            }
        }
    }

    let opts = args.meta.read_options(&args.detect);
    // One manuscript, read once, for all its outputs.
    let mut grouped: Vec<(PathBuf, Vec<(Format, PathBuf)>)> = Vec::new();
    for (input, dest, format) in plan {
        match grouped.iter_mut().find(|(i, _)| *i == input) {
            Some((_, t)) => t.push((format, dest)),
            None => grouped.push((input, vec![(format, dest)])),
        }
    }
    let mut failed = 0;
    for (input, targets) in &grouped {
        match build_story(input, targets, &opts, &pdf) {
            Ok(report) => {
                print_warnings(&report.diagnostics, args.quiet);
                for w in &report.written {
                    println!("wrote {}", w.display());
                }
                for (path, s) in &report.stats {
                    println!("{}", crate::typeset::stats_line(path, s));
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {} manuscripts failed", grouped.len());
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

fn pdf_options(args: &Args) -> crate::error::Result<PdfOptions> {
    use crate::typeset::{font::Fonts, preset};
    let mut setup = preset::lookup(&args.page)?;
    if let Some(m) = &args.margin {
        setup = preset::with_margin(setup, m)?;
    }
    let fonts = match &args.font_dir {
        Some(dir) => {
            let (f, warnings) = Fonts::from_dir(dir)?;
            if !args.quiet {
                for w in warnings {
                    eprintln!("warning: {w}");
                }
            }
            f
        }
        None => Fonts::bundled(),
    };
    Ok(PdfOptions {
        setup,
        fonts,
        stats: args.stats,
        depfiles: args.depfile,
    })
}
