//! The Makefile rebuilds exactly what changed: run `make` in a temporary copy of the project's
//! Makefile with a small shelf, and check which books each run remakes.
//! Skipped (with a message) where GNU make is not installed.

mod common;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn have_make() -> bool {
    let ok = Command::new("make")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if validators_required() {
            panic!("make not available, and validators are required here");
        }
        eprintln!("SKIPPED Makefile test: make not available (apt-get install make)");
    }
    ok
}

/// A project folder holding a copy of the Makefile and a shelf of two stories.
fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    fs::copy(root().join("Makefile"), d.path().join("Makefile")).unwrap();
    let s = d.path().join("stories");
    fs::create_dir_all(s.join("covers")).unwrap();
    fs::write(
        s.join("harbour.md"),
        "---\ntitle: Harbour\nauthor: Ana Test\ncover: covers/c.png\ndate: 2026-01-01\n---\n\n# One\n\nThe boats came in.\n",
    )
    .unwrap();
    image::RgbImage::from_pixel(30, 40, image::Rgb([90, 120, 200]))
        .save(s.join("covers/c.png"))
        .unwrap();
    fs::write(
        s.join("pasted.txt"),
        "It began in the rain.\n\nIt ended in the sun.\n",
    )
    .unwrap();
    d
}

fn make(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new("make")
        .current_dir(dir)
        .arg(format!("INKBIND={}", env!("CARGO_BIN_EXE_inkbind")))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .expect("make runs");
    o
}

fn make_ok(dir: &Path, args: &[&str]) -> String {
    let o = make(dir, args);
    assert!(
        o.status.success(),
        "make {args:?} failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// The books `make` ran inkbind for (one recipe line per manuscript).
fn built(log: &str) -> Vec<String> {
    let mut v: Vec<String> = log
        .lines()
        .filter(|l| l.contains(" build "))
        .filter_map(|l| l.split_whitespace().nth(2))
        .map(|p| {
            Path::new(p)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

fn mtime(p: PathBuf) -> SystemTime {
    fs::metadata(&p)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// File times have a resolution; wait so that a touched file is strictly newer.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

#[test]
fn make_rebuilds_exactly_what_changed() {
    if !have_make() {
        return;
    }
    let p = project();
    let dir = p.path();
    let out = dir.join("out");

    // First run: every book, both formats; second run: nothing at all.
    assert_eq!(built(&make_ok(dir, &[])), ["harbour.md", "pasted.txt"]);
    for f in ["harbour.epub", "harbour.pdf", "pasted.epub", "pasted.pdf"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert_eq!(built(&make_ok(dir, &[])), Vec::<String>::new());
    assert_eq!(
        make(dir, &["-q"]).status.code(),
        Some(0),
        "make -q: up to date"
    );

    // Changed options rebuild every book; the same options again do nothing.
    tick();
    let before = fs::read(out.join("pasted.pdf")).unwrap();
    assert_eq!(
        built(&make_ok(dir, &["PAGE=ereader-6"])),
        ["harbour.md", "pasted.txt"]
    );
    assert_ne!(fs::read(out.join("pasted.pdf")).unwrap(), before);
    assert!(built(&make_ok(dir, &["PAGE=ereader-6"])).is_empty());

    // A deleted PDF is remade, and only its book.
    fs::remove_file(out.join("harbour.pdf")).unwrap();
    let pasted = mtime(out.join("pasted.epub"));
    assert_eq!(built(&make_ok(dir, &["PAGE=ereader-6"])), ["harbour.md"]);
    assert!(out.join("harbour.pdf").is_file());
    assert_eq!(mtime(out.join("pasted.epub")), pasted);

    // A sidecar added later is noticed, and its title used.
    tick();
    fs::write(dir.join("stories/pasted.yaml"), "title: Rain and Sun\n").unwrap();
    assert_eq!(built(&make_ok(dir, &["PAGE=ereader-6"])), ["pasted.txt"]);
    let opf = entry(&zip_entries(&out.join("pasted.epub")), "OEBPS/content.opf");
    assert!(opf.contains("<dc:title>Rain and Sun</dc:title>"), "{opf}");

    // A changed cover (listed in the dependency file) rebuilds its book only.
    tick();
    image::RgbImage::from_pixel(30, 40, image::Rgb([10, 10, 10]))
        .save(dir.join("stories/covers/c.png"))
        .unwrap();
    assert_eq!(built(&make_ok(dir, &["PAGE=ereader-6"])), ["harbour.md"]);
    assert!(built(&make_ok(dir, &["PAGE=ereader-6"])).is_empty());

    // A deleted cover makes the book rebuild and fail naming it, not stop make.
    fs::remove_file(dir.join("stories/covers/c.png")).unwrap();
    let o = make(dir, &["PAGE=ereader-6"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("c.png"), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("No rule to make target"),
        "{}",
        stderr(&o)
    );
    image::RgbImage::from_pixel(30, 40, image::Rgb([10, 10, 10]))
        .save(dir.join("stories/covers/c.png"))
        .unwrap();

    // EPUB only: a different option set, so each book is made again, as EPUB.
    fs::remove_dir_all(&out).unwrap();
    make_ok(dir, &["FORMAT=epub"]);
    assert!(out.join("harbour.epub").is_file() && !out.join("harbour.pdf").exists());

    // make -j from scratch: every book once, all outputs there.
    fs::remove_dir_all(&out).unwrap();
    let log = make_ok(dir, &["-j4"]);
    assert_eq!(built(&log), ["harbour.md", "pasted.txt"]);
    for f in ["harbour.epub", "harbour.pdf", "pasted.epub", "pasted.pdf"] {
        assert!(out.join(f).is_file(), "{f} missing after make -j");
    }
    assert!(built(&make_ok(dir, &["-j4"])).is_empty());

    // Two manuscripts that would make the same book are an error naming both.
    fs::write(dir.join("stories/pasted.md"), "# Also pasted\n\nText.\n").unwrap();
    let o = make(dir, &[]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("stories/pasted.md") && e.contains("stories/pasted.txt"),
        "{e}"
    );
}

#[test]
fn make_finds_the_binary_where_cargo_puts_it() {
    if !have_make() {
        return;
    }
    let d = tempfile::tempdir().unwrap();
    let o = Command::new("make")
        .current_dir(root())
        .args(["-s", "print-inkbind"])
        .env("CARGO_TARGET_DIR", d.path())
        .output()
        .expect("make runs");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        d.path().join("release/inkbind").display().to_string()
    );
}
