//! Typesetting benchmark: time to typeset and write the PDF of a ~3,000-word story and of a
//! ~100,000-word novel-length manuscript (the sample stories repeated), release build.
//!
//! Run: `cargo bench --bench typeset`. Figures are CPU-bound wall-clock medians of several
//! runs in one process (fonts are parsed once, as in a batch export).

use inkbind::error::Diagnostics;
use inkbind::reader::{read_manuscript, read_markdown, ReadOptions};
use inkbind::render::BuildInfo;
use inkbind::typeset::{font::Fonts, layout::typeset, preset};
use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fonts = Fonts::bundled();
    let setup = preset::lookup("a5").unwrap();
    let mut diag = Diagnostics::default();
    let story_path = root.join("stories/the-lighthouse-letters.md");
    let story = read_manuscript(&story_path, &ReadOptions::default(), &mut diag).unwrap();
    let info = BuildInfo::fixed(uuid::Uuid::nil(), 1_767_225_600);

    let only = std::env::var("INKBIND_BENCH_ONLY").unwrap_or_default();
    let novel = if only.is_empty() || only == "novel" {
        novel_story(root)
    } else {
        story.clone()
    };
    for (name, s, runs) in [("story", &story, 15), ("novel", &novel, 3)] {
        if !only.is_empty() && only != name {
            continue;
        }
        let mut t_set = Vec::new();
        let mut t_write = Vec::new();
        let mut pages = 0;
        let mut size = 0;
        for _ in 0..runs {
            let t0 = Instant::now();
            let (doc, stats) = typeset(s, &info, &setup, &fonts).unwrap();
            let t1 = Instant::now();
            let bytes = inkbind::pdf::write_pdf(&doc).unwrap();
            let t2 = Instant::now();
            t_set.push(t1 - t0);
            t_write.push(t2 - t1);
            pages = stats.pages;
            size = bytes.len();
        }
        let total: Vec<Duration> = t_set.iter().zip(&t_write).map(|(a, b)| *a + *b).collect();
        let best = *total.iter().min().expect("runs > 0");
        let (a, b) = (median(t_set), median(t_write));
        println!(
            "{name}: {} words, {pages} A5 pages, {} KB: typeset {:.1} ms + write {:.1} ms = {:.1} ms (median of {runs}; best {:.1} ms)",
            s.word_count(),
            size / 1024,
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            (a + b).as_secs_f64() * 1e3,
            best.as_secs_f64() * 1e3
        );
    }
}

/// A novel: every sample's chapters, repeated to ~100,000 words.
fn novel_story(root: &Path) -> inkbind::model::Story {
    let mut diag = Diagnostics::default();
    let mut novel_md = String::from("---\ntitle: A Long Novel\nauthor: Bench\n---\n\n");
    let mut words = 0;
    let mut round = 0;
    while words < 100_000 {
        round += 1;
        for s in ["the-lighthouse-letters", "winter-orchard"] {
            let text = std::fs::read_to_string(root.join(format!("stories/{s}.md"))).unwrap();
            let body = text.splitn(3, "\n---\n").nth(2).unwrap_or(&text);
            let body = body.replace("\n# ", &format!("\n# Round {round}: "));
            words += body.split_whitespace().count();
            novel_md.push_str(&body);
            novel_md.push('\n');
        }
    }
    read_markdown(
        Path::new("novel.md"),
        &novel_md,
        &ReadOptions::default(),
        &mut diag,
    )
    .unwrap()
}
