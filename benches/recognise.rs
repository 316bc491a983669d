//! Structure recognition benchmark: reading a 100,000-word plain-text paste (paragraphs,
//! chapters, breaks, notes, letters) into the story model, release build.
//!
//! Run: `cargo bench --bench recognise`. The paste is made of the real-text corpora
//! (`tests/corpus/pd-dev`, `tests/corpus/ff-blind`) concatenated until it holds 100,000
//! words, so its letters, breaks and chapters are as dense as in real books. The figure is
//! the median wall-clock time of several runs in one process; the target is under 50 ms.

use inkbind::error::Diagnostics;
use inkbind::reader::{read_plain_text, ReadOptions};
use std::path::Path;
use std::time::{Duration, Instant};

fn paste(root: &Path, words: usize) -> String {
    let mut parts = Vec::new();
    for dir in ["tests/corpus/pd-dev", "tests/corpus/ff-blind"] {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for f in files {
            parts.push(String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned());
        }
    }
    let mut out = String::new();
    let mut n = 0;
    'fill: loop {
        for p in &parts {
            out.push_str(p);
            out.push_str("\n\n");
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
    let text = paste(root, 100_000);
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
        "recognise: {words} words ({letters} letters found) read in {:.1} ms (median of {}; target < 50 ms)",
        median.as_secs_f64() * 1000.0,
        times.len()
    );
}
