//! `inkbind inspect`

use super::{out, DetectArgs, FolderArgs, MetaArgs, EXIT_FAILED, EXIT_OK};
use inkbind::error::Diagnostics;
use inkbind::inspect::{summarize, to_text};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Manuscript files or folders.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Print JSON (one array of summaries) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Say why each letter, scene break and note was recognised.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub folders: FolderArgs,
    #[command(flatten)]
    pub meta: MetaArgs,
    #[command(flatten)]
    pub detect: DetectArgs,
}

pub fn run(args: Args) -> i32 {
    let inputs = match args.folders.expand(&args.inputs, false) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut summaries = Vec::new();
    let mut failed = false;
    for input in &inputs {
        let mut opts = args.meta.read_options(&args.detect);
        match args.folders.config_for(input) {
            Ok(Some(c)) => opts.defaults = c.meta_defaults(),
            Ok(None) => {}
            Err(code) => return code,
        }
        let mut diag = Diagnostics::default();
        match inkbind::reader::read_manuscript(input, &opts, &mut diag) {
            Ok(story) => {
                let warnings = diag.warnings.iter().map(|w| w.to_string()).collect();
                let mut s = summarize(&input.display().to_string(), &story, warnings);
                s.encoding = diag.encoding.map(str::to_string);
                summaries.push(s);
            }
            Err(e) => {
                super::print_error(&e);
                failed = true;
            }
        }
    }
    if args.json {
        match serde_json::to_string_pretty(&summaries) {
            Ok(s) => {
                if let Err(code) = out::line(&s) {
                    return code;
                }
            }
            Err(e) => {
                super::print_usage_error(inkbind::error::Code::Internal, &e.to_string());
                return EXIT_FAILED;
            }
        }
    } else {
        for s in &summaries {
            if let Err(code) = out::text(&to_text(s, args.explain)) {
                return code;
            }
        }
    }
    if failed {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}
