//! The Markdown reader on any UTF-8 text: it may refuse an input (an `Error`), never panic,
//! overflow the stack or run away with memory (libFuzzer's -rss_limit_mb catches that).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut diag = inkbind::error::Diagnostics::default();
    let opts = inkbind::reader::ReadOptions::default();
    let path = Path::new("/nonexistent-inkbind-fuzz/story.md");
    if let Ok(story) = inkbind::reader::read_markdown(path, text, &opts, &mut diag) {
        // The structure report must work on whatever the reader made.
        let _ = inkbind::inspect::summarize("story.md", &story, Vec::new());
    }
});
