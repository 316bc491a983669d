//! Plain-text manuscripts become valid EPUBs with the structure the detectors found.

mod common;
use common::*;
use std::path::PathBuf;

fn corpus() -> Vec<PathBuf> {
    let mut v = Vec::new();
    for dir in ["tests/corpus/plaintext", "tests/corpus/plaintext-holdout"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "txt") {
                v.push(p);
            }
        }
    }
    v.sort();
    v
}

#[test]
fn corpus_epubs_pass_epubcheck() {
    let dir = tempfile::tempdir().unwrap();
    let files = corpus();
    assert!(files.len() >= 20);
    for txt in &files {
        let epub = dir
            .path()
            .join(txt.with_extension("epub").file_name().unwrap());
        let o = run(&[
            "build",
            txt.to_str().unwrap(),
            "-o",
            epub.to_str().unwrap(),
            "-q",
        ]);
        assert!(o.status.success(), "{}: {}", txt.display(), stderr(&o));
        let entries = assert_epub_structure(&epub);
        // Letters found in the text are letters in the book.
        let letters = entries
            .iter()
            .filter(|(n, _, _)| n.ends_with(".xhtml"))
            .map(|(_, _, b)| {
                String::from_utf8_lossy(b)
                    .matches("epub:type=\"z3998:letter\"")
                    .count()
            })
            .sum::<usize>();
        let summary = stdout(&run(&["inspect", "--json", txt.to_str().unwrap()]));
        let v: serde_json::Value = serde_json::from_str(&summary).unwrap();
        assert_eq!(
            letters as u64,
            v[0]["letters"].as_u64().unwrap(),
            "{}",
            txt.display()
        );
        assert_epubcheck_clean(&epub);
    }
}
