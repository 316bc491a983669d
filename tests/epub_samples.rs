//! Every bundled sample story becomes an EPUB that epubcheck passes with zero messages, and
//! whose letters, scene breaks and notes carry the semantics the model found.

mod common;
use common::*;
use inkbind::error::Diagnostics;
use inkbind::reader::{read_manuscript, ReadOptions};
use std::path::{Path, PathBuf};

fn samples() -> Vec<PathBuf> {
    let v = sample_stories();
    assert!(v.len() >= 3, "stories/ must hold at least three samples");
    v
}

fn build(md: &Path, dir: &Path) -> PathBuf {
    let epub = dir.join(md.with_extension("epub").file_name().unwrap());
    let o = inkbind()
        .args(["build", md.to_str().unwrap(), "-o", epub.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}: {}", md.display(), stderr(&o));
    epub
}

#[test]
fn samples_pass_epubcheck_with_zero_messages() {
    let dir = tempfile::tempdir().unwrap();
    for md in samples() {
        let epub = build(&md, dir.path());
        assert_epub_structure(&epub);
        assert_epubcheck_clean(&epub);
    }
}

#[test]
fn samples_carry_letter_break_and_note_semantics() {
    let dir = tempfile::tempdir().unwrap();
    let (mut total_letters, mut total_breaks, mut labelled, mut notes) = (0, 0, 0, 0);
    for md in samples() {
        let mut diag = Diagnostics::default();
        let story = read_manuscript(&md, &ReadOptions::default(), &mut diag).unwrap();
        let summary = inkbind::inspect::summarize("x", &story, vec![]);
        let epub = build(&md, dir.path());
        let entries = assert_epub_structure(&epub);

        let (mut letters, mut breaks, mut labels, mut note_sections) = (0, 0, 0, 0);
        for (name, _, bytes) in &entries {
            if !name.ends_with(".xhtml") || name.ends_with("nav.xhtml") {
                continue;
            }
            let text = String::from_utf8(bytes.clone()).unwrap();
            let doc = xhtml(&text);
            for n in doc.descendants() {
                if n.has_tag_name("blockquote") && epub_type(n) == Some("z3998:letter") {
                    letters += 1;
                    assert_eq!(n.attribute("class"), Some("letter"));
                    let types: Vec<&str> = n.descendants().filter_map(epub_type).collect();
                    assert!(
                        types.contains(&"z3998:salutation") || types.contains(&"z3998:signature"),
                        "{name}: a letter without salutation or signature"
                    );
                }
                if n.has_tag_name("div") && n.attribute("class") == Some("scene-break") {
                    breaks += 1;
                    assert_scene_break_ornament(n, name);
                    if n.descendants()
                        .any(|c| c.attribute("class") == Some("break-label"))
                    {
                        labels += 1;
                    }
                }
                if n.attribute("class") == Some("authors-note") {
                    note_sections += 1;
                }
            }
        }
        assert_eq!(letters, summary.letters, "{}", md.display());
        assert_eq!(breaks, summary.scene_breaks, "{}", md.display());
        let model_labels = summary
            .items
            .iter()
            .filter(|i| i.kind == "scene_break" && i.text.is_some())
            .count();
        assert_eq!(labels, model_labels, "{}", md.display());
        assert!(note_sections >= summary.notes.min(1), "{}", md.display());
        total_letters += letters;
        total_breaks += breaks;
        labelled += labels;
        notes += note_sections;
    }
    // The samples exercise every feature.
    assert!(total_letters >= 3, "letters: {total_letters}");
    assert!(total_breaks >= 4, "breaks: {total_breaks}");
    assert!(labelled >= 2, "labelled breaks: {labelled}");
    assert!(notes >= 1, "author's notes: {notes}");
}

/// A scene break is a separator with an accessible name, drawn as inline SVG that takes the
/// text colour and is sized by its own attributes (so it stays right without our CSS).
fn assert_scene_break_ornament(n: roxmltree::Node, doc: &str) {
    assert!(
        !n.descendants()
            .any(|c| c.has_tag_name("hr") || c.has_tag_name("img")),
        "{doc}: no rule or raster image left in a scene break"
    );
    let sep = n
        .descendants()
        .find(|c| c.attribute("role") == Some("separator"))
        .unwrap_or_else(|| panic!("{doc}: a scene break has a separator"));
    assert!(sep
        .attribute("aria-label")
        .is_some_and(|l| !l.trim().is_empty()));
    let svg = sep
        .descendants()
        .find(|c| c.has_tag_name(("http://www.w3.org/2000/svg", "svg")))
        .unwrap_or_else(|| panic!("{doc}: the ornament is inline SVG"));
    assert_eq!(svg.attribute("fill"), Some("currentColor"), "{doc}");
    assert_eq!(svg.attribute("aria-hidden"), Some("true"), "{doc}");
    let em = |a: &str| {
        svg.attribute(a)
            .and_then(|v| v.strip_suffix("em"))
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or_else(|| panic!("{doc}: svg {a} in em"))
    };
    let (w, h) = (em("width"), em("height"));
    assert!(
        (0.5..=1.5).contains(&h) && (w / h - 6.0).abs() < 0.01,
        "{w}em × {h}em"
    );
    let vb: Vec<f32> = svg
        .attribute("viewBox")
        .unwrap()
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    assert!(
        (vb[2] / vb[3] - w / h).abs() < 0.01,
        "viewBox {vb:?} matches the size"
    );
    let path = svg
        .descendants()
        .find(|c| c.has_tag_name(("http://www.w3.org/2000/svg", "path")));
    assert!(path
        .and_then(|p| p.attribute("d"))
        .is_some_and(|d| d.len() > 20));
}

#[test]
fn package_has_ncx_uid_and_an_undistorting_cover() {
    let dir = tempfile::tempdir().unwrap();
    for md in samples() {
        let epub = build(&md, dir.path());
        let entries = assert_epub_structure(&epub);
        let opf = entry(&entries, "OEBPS/content.opf");
        let opf = roxmltree::Document::parse(&opf).unwrap();
        let uid = opf
            .descendants()
            .find(|n| n.has_tag_name("identifier"))
            .and_then(|n| n.text())
            .unwrap()
            .to_string();
        let ncx = entry(&entries, "OEBPS/toc.ncx");
        let ncx = roxmltree::Document::parse(&ncx).unwrap();
        let meta = ncx
            .descendants()
            .find(|n| n.attribute("name") == Some("dtb:uid"))
            .expect("NCX dtb:uid");
        assert_eq!(
            meta.attribute("content"),
            Some(uid.as_str()),
            "{}",
            md.display()
        );

        // The cover: an SVG wrapper that keeps the image's proportions, its viewBox the
        // image's own pixel size; only the cover document fills the screen.
        let cover = entry(&entries, "OEBPS/cover.xhtml");
        let doc = xhtml(&cover);
        let svg = doc
            .descendants()
            .find(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "svg")))
            .expect("cover SVG wrapper");
        assert_eq!(svg.attribute("preserveAspectRatio"), Some("xMidYMid meet"));
        let image = svg
            .descendants()
            .find(|n| n.has_tag_name(("http://www.w3.org/2000/svg", "image")))
            .unwrap();
        let href = image
            .attribute(("http://www.w3.org/1999/xlink", "href"))
            .unwrap();
        let (_, _, bytes) = entries
            .iter()
            .find(|(n, _, _)| *n == format!("OEBPS/{href}"))
            .unwrap();
        let img = image::load_from_memory(bytes).unwrap();
        assert_eq!(
            svg.attribute("viewBox"),
            Some(format!("0 0 {} {}", img.width(), img.height()).as_str())
        );
        assert_eq!(
            image.attribute("width"),
            Some(img.width().to_string().as_str())
        );
        assert_eq!(doc.root_element().attribute("class"), Some("cover"));
        let css = entry(&entries, "OEBPS/stylesheet.css");
        assert!(
            !css.lines()
                .any(|l| l.trim() == "html," || l.trim() == "html {"),
            "no height rule on every document's html"
        );
    }
}

#[test]
fn stylesheet_is_fit_for_e_ink() {
    let css = std::fs::read_to_string(root().join("src/render/epub/style.css")).unwrap();
    // Strip comments.
    let mut clean = String::new();
    let mut rest = css.as_str();
    while let Some(i) = rest.find("/*") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].split_once("*/").map_or("", |(_, r)| r);
    }
    clean.push_str(rest);
    for rule in clean.split('}') {
        let Some((selectors, body)) = rule.split_once('{') else {
            continue;
        };
        let selectors = selectors.trim();
        let mut plain_props: Vec<&str> = Vec::new();
        for decl in body.split(';') {
            let Some((prop, value)) = decl.split_once(':') else {
                continue;
            };
            let (prop, value) = (prop.trim(), value.trim());
            // min() only as an enhancement over an earlier plain declaration, which engines
            // without it (Adobe RMSDK, old WebKit) keep.
            if value.contains("min(") {
                assert!(
                    plain_props.contains(&prop),
                    "{selectors}: {prop}: {value} needs a plain fallback declared before it"
                );
            } else {
                plain_props.push(prop);
            }
            assert!(
                !matches!(
                    prop,
                    "color" | "background" | "background-color" | "background-image"
                ),
                "{selectors}: no colours or backgrounds ({prop})"
            );
            assert!(
                !(value.contains("vw") || value.contains("vh") || value.contains("max(")),
                "{selectors}: {prop}: {value}"
            );
            assert!(
                !value.contains("flex") && !value.contains("grid"),
                "{selectors}"
            );
            if matches!(prop, "font-size" | "line-height") {
                for s in selectors.split(',') {
                    let s = s.trim();
                    assert!(
                        !matches!(s, "body" | "p" | "html" | "blockquote.letter p"),
                        "{s}: body text keeps the reader's size and spacing"
                    );
                }
            }
            for unit in ["px", "pt", "cm", "mm", "in"] {
                if prop.starts_with("margin")
                    || prop.starts_with("padding")
                    || prop == "text-indent"
                {
                    assert!(
                        !value
                            .split_whitespace()
                            .any(|v| v.ends_with(unit) && v != "0"),
                        "{selectors}: {prop}: {value} (use em or %)"
                    );
                }
            }
            if prop == "text-indent" {
                let em: f32 = value.trim_end_matches("em").parse().unwrap_or(0.0);
                assert!(em <= 4.0, "{selectors}: indent {value}");
            }
        }
    }
}

/// All text of a document's body, in order, without markup.
fn body_text(doc: &roxmltree::Document) -> String {
    doc.descendants()
        .find(|n| n.has_tag_name("body"))
        .map(|b| {
            b.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

#[test]
fn kepub_has_kobo_spans_and_wrappers_and_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    for md in samples() {
        let o = inkbind()
            .args([
                "build",
                md.to_str().unwrap(),
                "--format",
                "kepub",
                "--out-dir",
            ])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let stem = md.file_stem().unwrap().to_str().unwrap();
        let kepub = dir.path().join(format!("{stem}.kepub.epub"));
        assert!(kepub.is_file(), "{} written", kepub.display());
        assert!(
            !dir.path().join(format!("{stem}.epub")).exists(),
            "only the kepub"
        );
        assert_epubcheck_clean(&kepub);
        let k_entries = assert_epub_structure(&kepub);
        let epub = build(&md, dir.path());
        let e_entries = assert_epub_structure(&epub);
        let (mut spans, mut letters, mut ornaments) = (0, 0, 0);
        for (name, _, bytes) in &k_entries {
            if !name.ends_with(".xhtml") || name.ends_with("nav.xhtml") {
                continue;
            }
            let text = String::from_utf8(bytes.clone()).unwrap();
            let doc = xhtml(&text);
            let inner = doc
                .descendants()
                .find(|n| n.attribute("id") == Some("book-inner"))
                .unwrap_or_else(|| panic!("{name}: book-inner"));
            let columns = inner.parent().unwrap();
            assert_eq!(columns.attribute("id"), Some("book-columns"), "{name}");
            assert!(columns.parent().unwrap().has_tag_name("body"), "{name}");
            let mut ids = std::collections::HashSet::new();
            for n in doc.descendants().filter(|n| n.is_text()) {
                let t = n.text().unwrap();
                let in_svg = n
                    .ancestors()
                    .any(|a| a.tag_name().namespace() == Some("http://www.w3.org/2000/svg"));
                let in_body = n.ancestors().any(|a| a.has_tag_name("body"));
                if t.trim().is_empty() || in_svg || !in_body {
                    continue;
                }
                let span = n.parent().unwrap();
                assert_eq!(
                    span.attribute("class"),
                    Some("koboSpan"),
                    "{name}: {t:?} outside a span"
                );
                let id = span.attribute("id").unwrap();
                let nums: Vec<&str> = id.strip_prefix("kobo.").unwrap().split('.').collect();
                assert!(
                    nums.len() == 2 && nums.iter().all(|p| p.parse::<u32>().is_ok()),
                    "{id}"
                );
                assert!(ids.insert(id.to_string()), "{name}: duplicate {id}");
                spans += 1;
            }
            letters += doc
                .descendants()
                .filter(|n| epub_type(*n) == Some("z3998:letter"))
                .count();
            ornaments += doc
                .descendants()
                .filter(|n| n.attribute("role") == Some("separator"))
                .count();
            // The spans add no text: the kepub reads exactly as the EPUB.
            let plain = entry(&e_entries, name);
            assert_eq!(body_text(&doc), body_text(&xhtml(&plain)), "{name}");
        }
        let summary = {
            let mut diag = Diagnostics::default();
            let story = read_manuscript(&md, &ReadOptions::default(), &mut diag).unwrap();
            inkbind::inspect::summarize("x", &story, vec![])
        };
        assert!(spans > 50, "{}: {spans} spans", md.display());
        assert_eq!(letters, summary.letters, "{}", md.display());
        assert_eq!(ornaments, summary.scene_breaks, "{}", md.display());
    }
}
