//! Helpers shared by the integration tests: running the binary, reading EPUBs, validators.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn inkbind() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_inkbind"));
    c.env_remove("SOURCE_DATE_EPOCH");
    c
}

pub fn run(args: &[&str]) -> Output {
    inkbind().args(args).output().expect("runs inkbind")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// When validators are mandatory (CI sets `CI=true` or `INKBIND_REQUIRE_VALIDATORS=1`),
/// a missing tool fails the test; otherwise the test is skipped with a message.
pub fn validators_required() -> bool {
    std::env::var("INKBIND_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
        || std::env::var("CI").is_ok_and(|v| v == "true")
}

pub const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";

/// Runs epubcheck; `None` when Java or epubcheck is missing (and not required).
pub fn epubcheck(epub: &Path) -> Option<String> {
    let jar = std::env::var("EPUBCHECK_JAR").unwrap_or_else(|_| EPUBCHECK_JAR.to_string());
    let java_ok = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !java_ok || !Path::new(&jar).is_file() {
        let msg =
            format!("epubcheck not available (need `java` and {jar}; apt-get install epubcheck)");
        if validators_required() {
            panic!("{msg}, and validators are required here");
        }
        eprintln!("SKIPPED epubcheck validation: {msg}");
        return None;
    }
    let out = Command::new("java")
        .args(["-jar", &jar])
        .arg(epub)
        .output()
        .expect("java runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Some(text)
}

/// Asserts epubcheck reports zero messages of any severity.
pub fn assert_epubcheck_clean(epub: &Path) {
    let Some(report) = epubcheck(epub) else {
        return;
    };
    let messages = report
        .lines()
        .find(|l| l.starts_with("Messages:"))
        .unwrap_or_else(|| panic!("no Messages: line from epubcheck:\n{report}"));
    assert_eq!(
        messages.trim(),
        "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos",
        "epubcheck on {}:\n{report}",
        epub.display()
    );
}

/// The entries of an EPUB (zip), in archive order: (name, stored?, bytes).
pub fn zip_entries(epub: &Path) -> Vec<(String, bool, Vec<u8>)> {
    let f = std::fs::File::open(epub).expect("epub exists");
    let mut z = zip::ZipArchive::new(f).expect("epub is a zip");
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut e = z.by_index(i).expect("entry");
        let stored = e.compression() == zip::CompressionMethod::Stored;
        let mut buf = Vec::new();
        e.read_to_end(&mut buf).expect("entry reads");
        out.push((e.name().to_string(), stored, buf));
    }
    out
}

pub fn entry(entries: &[(String, bool, Vec<u8>)], name: &str) -> String {
    let (_, _, b) = entries
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no {name} in the EPUB"));
    String::from_utf8(b.clone()).expect("UTF-8")
}

/// Structural checks of our own, independent of epubcheck: mimetype first and stored, the
/// container points at an OPF, every manifest item exists, every XHTML is well-formed XML,
/// every spine item is in the manifest.
pub fn assert_epub_structure(epub: &Path) -> Vec<(String, bool, Vec<u8>)> {
    let entries = zip_entries(epub);
    let (first, stored, body) = &entries[0];
    assert_eq!(first, "mimetype", "mimetype must be the first entry");
    assert!(*stored, "mimetype must be stored, not compressed");
    assert_eq!(body, b"application/epub+zip");

    let container = entry(&entries, "META-INF/container.xml");
    let doc = roxmltree::Document::parse(&container).expect("container.xml is XML");
    let opf_path = doc
        .descendants()
        .find(|n| n.has_tag_name("rootfile"))
        .and_then(|n| n.attribute("full-path"))
        .expect("rootfile full-path")
        .to_string();
    let opf = entry(&entries, &opf_path);
    let opf_doc = roxmltree::Document::parse(&opf).expect("OPF is XML");
    let base = opf_path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut ids = Vec::new();
    for item in opf_doc.descendants().filter(|n| n.has_tag_name("item")) {
        let href = item.attribute("href").expect("href");
        let full = if base.is_empty() {
            href.to_string()
        } else {
            format!("{base}/{href}")
        };
        assert!(
            entries.iter().any(|(n, _, _)| *n == full),
            "manifest item {full} missing from the zip"
        );
        ids.push(item.attribute("id").expect("id").to_string());
        if item.attribute("media-type") == Some("application/xhtml+xml") {
            let x = entry(&entries, &full);
            roxmltree::Document::parse_with_options(
                &x,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{full} is not well-formed: {e}"));
        }
    }
    for r in opf_doc.descendants().filter(|n| n.has_tag_name("itemref")) {
        let idref = r.attribute("idref").expect("idref");
        assert!(
            ids.iter().any(|i| i == idref),
            "spine {idref} not in manifest"
        );
    }
    entries
}

/// Parses an XHTML document from the EPUB.
pub fn xhtml<'a>(text: &'a str) -> roxmltree::Document<'a> {
    roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed XHTML")
}

pub const EPUB_NS: &str = "http://www.idpf.org/2007/ops";

pub fn epub_type<'a>(n: roxmltree::Node<'a, 'a>) -> Option<&'a str> {
    n.attribute((EPUB_NS, "type"))
}

/// The bundled sample stories (`stories/*.md`), sorted.
pub fn sample_stories() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("stories"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    v
}
