//! `inkbind build`

use super::{print_warnings, DetectArgs, MetaArgs, EXIT_FAILED, EXIT_OK, EXIT_USAGE};
use crate::build::{build_one, expand_inputs, output_path, Format};
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatArg {
    /// EPUB 3
    Epub,
    /// Typeset PDF (not available yet)
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
    #[command(flatten)]
    pub meta: MetaArgs,
    #[command(flatten)]
    pub detect: DetectArgs,
}

pub fn run(args: Args) -> i32 {
    let formats: Vec<Format> = match args.format {
        FormatArg::Epub | FormatArg::All => vec![Format::Epub],
        FormatArg::Pdf => {
            eprintln!("error: PDF output is not available yet; use --format epub");
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
            _ => {
                eprintln!(
                    "error: cannot tell the format of `{}`: name it *.epub",
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
    let mut failed = 0;
    for (input, dest, format) in &plan {
        match build_one(input, dest, *format, &opts) {
            Ok(report) => {
                print_warnings(&report.diagnostics, args.quiet);
                for w in &report.written {
                    println!("wrote {}", w.display());
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {} conversions failed", plan.len());
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}
