//! The plain-text reader (encodings, detectors, front matter) on any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut diag = inkbind::error::Diagnostics::default();
    let opts = inkbind::reader::ReadOptions::default();
    let path = Path::new("/nonexistent-inkbind-fuzz/story.txt");
    if let Ok(story) = inkbind::reader::read_plain_text(path, data, &opts, &mut diag) {
        let _ = inkbind::inspect::summarize("story.txt", &story, Vec::new());
    }
});
