//! Structure recognition benchmark: reading a 100,000-word plain-text paste (paragraphs,
//! chapters, breaks, notes, letters) into the story model, release build.
//!
//! Run: `cargo bench --bench recognise`. The paste is the real public-domain excerpts
//! (`tests/corpus/pd-dev`) one after another until it holds 100,000 words — as Project
//! Gutenberg ships them (hard-wrapped), and with every paragraph on one line (as archives
//! paste) — so its letters, breaks and chapters are as dense as in real books. The figure is
//! the median wall-clock time of several runs in one process; the target is under 50 ms.

use inkbind::error::Diagnostics;
use inkbind::reader::{read_plain_text, ReadOptions};
use std::path::Path;
use std::time::{Duration, Instant};

/// A novel-length paste: the Project Gutenberg excerpts (hard-wrapped, blank lines between
/// paragraphs, CRLF) one after another until the text holds `words` words. With `unwrap`,
/// every paragraph is one line, as an archive's paste is.
fn paste(root: &Path, words: usize, unwrap: bool) -> String {
    let mut files: Vec<_> = std::fs::read_dir(root.join("tests/corpus/pd-dev"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let parts: Vec<String> = files
        .iter()
        .map(|f| String::from_utf8_lossy(&std::fs::read(f).unwrap()).replace("\r\n", "\n"))
        .map(|t| {
            if unwrap {
                t.split("\n\n")
                    .map(|block| block.split_whitespace().collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join("\n\n")
            } else {
                t
            }
        })
        .collect();
    let mut out = String::new();
    let mut n = 0;
    'fill: loop {
        for p in &parts {
            out.push_str(p);
            out.push_str("\n\n\n\n");
            n += p.split_whitespace().count();
            if n >= words {
                break 'fill;
            }
        }
    }
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, unwrap) in [("hard-wrapped", false), ("one line per paragraph", true)] {
        let text = paste(root, 100_000, unwrap);
        let words = text.split_whitespace().count();
        let mut times = Vec::new();
        let mut letters = 0;
        for _ in 0..9 {
            let mut diag = Diagnostics::default();
            let t = Instant::now();
            let story = read_plain_text(
                Path::new("paste.txt"),
                text.as_bytes(),
                &ReadOptions::default(),
                &mut diag,
            )
            .unwrap();
            times.push(t.elapsed());
            letters = story
                .chapters
                .iter()
                .flat_map(|c| &c.blocks)
                .filter(|b| matches!(b, inkbind::model::Block::Letter(_)))
                .count();
        }
        times.sort();
        let median: Duration = times[times.len() / 2];
        println!(
            "recognise ({name}): {words} words, {letters} letters, read in {:.1} ms (median of {}; target < 50 ms)",
            median.as_secs_f64() * 1000.0,
            times.len()
        );
    }
}
