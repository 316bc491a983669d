//! Converts a shelf — every manuscript in a folder — with options of its own, in parallel,
//! through one `Converter` (the page and fonts are set up once for all books).
//!
//!     cargo run --example custom_shelf [SHELF_DIR] [OUT_DIR]
//!
//! Defaults: `examples/shelf` → `target/example-shelf`. The books get a 7-inch e-reader page,
//! 10 mm margins and a fixed author; the date comes from `SOURCE_DATE_EPOCH` or each
//! manuscript's front matter (files are read from disk by the default loader).

use inkbind::{Converter, Options};
use rayon::prelude::*;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let shelf = PathBuf::from(args.next().unwrap_or_else(|| "examples/shelf".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/example-shelf".into()));
    std::fs::create_dir_all(&out)?;

    let converter = Converter::new(
        Options::default()
            .page("ereader-7")
            .margin("10mm")
            .author("The Quay Street Writers"),
    )?;
    let mut manuscripts: Vec<PathBuf> = std::fs::read_dir(&shelf)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt"))
                && !stem.eq_ignore_ascii_case("readme")
        })
        .collect();
    manuscripts.sort();

    let failures: Vec<String> = manuscripts
        .par_iter()
        .filter_map(|path| {
            let result = std::fs::read(path)
                .map_err(|e| format!("{}: {e}", path.display()))
                .and_then(|text| converter.convert(path, &text).map_err(|e| e.to_string()));
            match result {
                Ok(book) => {
                    let stem = path.file_stem().unwrap().to_string_lossy();
                    let write = |ext: &str, bytes: Option<Vec<u8>>| match bytes {
                        Some(b) => std::fs::write(out.join(format!("{stem}.{ext}")), b)
                            .map_err(|e| e.to_string()),
                        None => Ok(()),
                    };
                    write("epub", book.epub)
                        .and_then(|_| write("pdf", book.pdf))
                        .err()
                        .map(|e| format!("{}: {e}", path.display()))
                }
                Err(e) => Some(e),
            }
        })
        .collect();
    for f in &failures {
        eprintln!("error: {f}");
    }
    println!(
        "{} built, {} failed, into {}",
        manuscripts.len() - failures.len(),
        failures.len(),
        out.display()
    );
    if failures.is_empty() {
        Ok(())
    } else {
        std::process::exit(1)
    }
}
