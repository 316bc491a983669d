//! Data-driven golden tests: each `tests/golden/NAME.md` is read and rendered; the detected
//! structure (`inkbind inspect --explain`) must equal `NAME.inspect`, and the body of every
//! chapter document of the EPUB must equal `NAME.xhtml`.
//!
//! A typeset golden: `NAME.pages` is the A5 layout of `letters.md` and `breaks.md` (one line
//! per baseline with rounded positions, see `inkbind::typeset::dump`).
//!
//! To accept new output after a deliberate change: `UPDATE_GOLDEN=1 cargo test --test golden`,
//! then review the diff of `tests/golden/` before committing it.

mod common;
use common::*;
use inkbind::error::Diagnostics;
use inkbind::reader::{read_manuscript, ReadOptions};
use std::path::{Path, PathBuf};

fn manuscripts() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/golden"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    assert!(v.len() >= 5, "the golden corpus is missing");
    v
}

fn check(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{} is missing (UPDATE_GOLDEN=1 creates it)", path.display()));
    if expected != actual {
        let first_diff = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        failures.push(format!(
            "{} differs at line {}:\n  expected: {:?}\n  actual:   {:?}",
            path.display(),
            first_diff + 1,
            expected.lines().nth(first_diff).unwrap_or("<end>"),
            actual.lines().nth(first_diff).unwrap_or("<end>")
        ));
    }
}

/// The `<body>` contents of each chapter document, in spine order.
fn chapter_bodies(epub: &Path) -> String {
    let entries = zip_entries(epub);
    let mut out = String::new();
    let mut names: Vec<&String> = entries
        .iter()
        .map(|(n, _, _)| n)
        .filter(|n| n.contains("chapter-") || n.contains("note-"))
        .collect();
    names.sort();
    for n in names {
        let x = entry(&entries, n);
        let body = x
            .split_once("<body")
            .and_then(|(_, b)| b.split_once("</body>"))
            .map(|(b, _)| b)
            .unwrap();
        out.push_str(&format!("==> {n}\n<body{body}"));
    }
    out
}

#[test]
fn golden_structure_and_xhtml() {
    let mut failures = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    for md in manuscripts() {
        let mut diag = Diagnostics::default();
        let story = read_manuscript(&md, &ReadOptions::default(), &mut diag)
            .unwrap_or_else(|e| panic!("{e}"));
        let name = md.file_name().unwrap().to_string_lossy().into_owned();
        let warnings = diag
            .warnings
            .iter()
            .map(|w| {
                // Paths differ between machines: keep the file name only.
                w.to_string().replace(&md.display().to_string(), &name)
            })
            .collect();
        let summary = inkbind::inspect::summarize(&name, &story, warnings);
        check(
            &md.with_extension("inspect"),
            &inkbind::inspect::to_text(&summary, true),
            &mut failures,
        );
        let epub = dir
            .path()
            .join(md.with_extension("epub").file_name().unwrap());
        let o = inkbind()
            .env("SOURCE_DATE_EPOCH", "1767225600")
            .args(["build", md.to_str().unwrap(), "-o", epub.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert_epub_structure(&epub);
        check(
            &md.with_extension("xhtml"),
            &chapter_bodies(&epub),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn golden_typeset_pages() {
    use inkbind::render::BuildInfo;
    use inkbind::typeset::{font::Fonts, layout::typeset, preset};
    let fonts = Fonts::bundled();
    let setup = preset::lookup("a5").unwrap();
    let mut failures = Vec::new();
    for name in ["letters", "breaks"] {
        let md = root().join(format!("tests/golden/{name}.md"));
        let mut diag = Diagnostics::default();
        let story = read_manuscript(&md, &ReadOptions::default(), &mut diag).unwrap();
        let info = BuildInfo::fixed(uuid::Uuid::nil(), 1_767_225_600);
        let (doc, stats) = typeset(&story, &info, &setup, &fonts).unwrap();
        assert_eq!(stats.overfull_lines, 0, "{name}");
        assert_eq!((stats.widows, stats.orphans), (0, 0), "{name}");
        check(
            &md.with_extension("pages"),
            &inkbind::typeset::dump(&doc),
            &mut failures,
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
