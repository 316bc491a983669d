//! End-to-end checks of the PDF writer with real tools (qpdf, poppler-utils). Each check that
//! needs a tool prints `SKIP: ...` and passes when the tool is missing.

#[path = "writer_support/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use common::*;
use inkbind::pdf::{write_pdf, PdfError};
use inkbind::typeset::page::*;

const P1: &str = "The *first* office of the keeper was to trim the wicks, and he did it with a care that bor\u{AD}dered on af\u{AD}fec\u{AD}ta\u{AD}tion. Ev\u{AD}ery eve\u{AD}ning he climbed the hun\u{AD}dred and twelve steps, count\u{AD}ed them aloud, and con\u{AD}grat\u{AD}u\u{AD}lat\u{AD}ed him\u{AD}self on the num\u{AD}ber. He kept a jour\u{AD}nal of the weath\u{AD}er, the pass\u{AD}ing ships and the oc\u{AD}ca\u{AD}sion\u{AD}al vis\u{AD}i\u{AD}tor, in a hand so small that no\u{AD}body else could read it.";
const P2: &str = "On the last night of the sea\u{AD}son the fog came in so fast that the whole coast van\u{AD}ished, and the keeper, **quite** un\u{AD}moved, lit the lamp and sat down to finish his book.";
const TITLE: &str = "The Lighthouse Keeper";

fn info() -> DocInfo {
    DocInfo {
        title: TITLE.into(),
        author: "Ada Example".into(),
        subject: "A short story".into(),
        keywords: vec!["fiction".into(), "sea".into()],
        language: "en-GB".into(),
        created_unix: 1_700_000_000, // 2023-11-14 22:13:20 UTC
    }
}

/// One page: a heading, two justified paragraphs with ligatures (fi, ffi, ff), italic and bold
/// words and two hyphenated line ends (`actual_text: Some("")`).
fn small_doc() -> Option<Document> {
    let faces = bundled_faces()?;
    let mut s = Setter::new(faces.clone());
    s.margin = 60.0; // a measure at which the paragraphs hyphenate
    s.heading(TITLE);
    s.paragraph(P1, 0.0);
    s.paragraph(P2, 12.0);
    Some(Document {
        fonts: faces,
        pages: s.pages,
        outline: s.outline,
        info: info(),
        structure: Vec::new(),
    })
}

/// An untagged document of one page.
fn one_page(fonts: Vec<FontFace>, width: f32, height: f32, items: Vec<Item>) -> Document {
    Document {
        fonts,
        pages: vec![Page {
            width,
            height,
            items,
        }],
        outline: vec![],
        info: DocInfo::default(),
        structure: Vec::new(),
    }
}

fn elem(role: Role, parent: Option<usize>) -> StructElem {
    StructElem {
        role,
        parent,
        alt: None,
    }
}

fn small_doc_or_skip() -> Option<Document> {
    let d = small_doc();
    if d.is_none() {
        eprintln!("SKIP: bundled fonts not found in {FONT_DIR}");
    }
    d
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn save(name: &str, bytes: &[u8]) -> PathBuf {
    let p = out_dir().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Runs a tool; None (after printing SKIP) when it is not installed.
fn tool(cmd: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(cmd).args(args).output() {
        Ok(o) => Some(o),
        Err(_) => {
            eprintln!("SKIP: `{cmd}` is not installed; that check is skipped");
            None
        }
    }
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn qpdf_check(path: &Path) {
    if let Some(o) = tool("qpdf", &["--check", path.to_str().unwrap()]) {
        let out = stdout(&o);
        assert!(
            o.status.success(),
            "qpdf --check failed:\n{out}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.contains("No syntax or stream encoding errors"), "{out}");
        assert!(
            o.stderr.is_empty(),
            "qpdf warnings: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// (name, type, emb, sub, uni) of a `pdffonts` row.
type FontRow = (String, String, String, String, String);

fn pdffonts(path: &Path) -> Option<Vec<FontRow>> {
    let o = tool("pdffonts", &[path.to_str().unwrap()])?;
    assert!(o.status.success());
    let rows = stdout(&o)
        .lines()
        .skip(2)
        .map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            let n = cols.len();
            // name type... encoding emb sub uni objnum gen
            (
                cols[0].to_string(),
                cols[1..n - 6].join(" "),
                cols[n - 5].to_string(),
                cols[n - 4].to_string(),
                cols[n - 3].to_string(),
            )
        })
        .collect();
    Some(rows)
}

fn assert_subset_fonts(path: &Path, expected: &[&str]) {
    let Some(rows) = pdffonts(path) else { return };
    let mut names: Vec<String> = Vec::new();
    for (name, ty, emb, sub, uni) in &rows {
        let (tag, base) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("no subset tag: {name}"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "bad tag {tag}"
        );
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name} {ty}"
        );
        names.push(base.to_string());
    }
    names.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(names, want);
}

fn pdftotext(path: &Path, extra: &[&str]) -> Option<String> {
    let mut args: Vec<&str> = extra.to_vec();
    args.push(path.to_str().unwrap());
    args.push("-");
    let o = tool("pdftotext", &args)?;
    assert!(o.status.success());
    Some(stdout(&o))
}

// ---------------------------------------------------------------------------------------------

#[test]
fn small_document_passes_qpdf_pdffonts_pdftotext_pdfinfo() {
    let Some(doc) = small_doc_or_skip() else {
        return;
    };
    // The document really exercises what it claims to.
    let runs: Vec<&TextRun> = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| if let Item::Text(r) = i { Some(r) } else { None })
        .collect();
    assert!(
        runs.iter()
            .flat_map(|r| &r.glyphs)
            .any(|g| &*g.text == "fi"),
        "no fi ligature"
    );
    assert!(
        runs.iter()
            .flat_map(|r| &r.glyphs)
            .any(|g| &*g.text == "ffi"),
        "no ffi ligature"
    );
    assert!(
        runs.iter()
            .filter(|r| r.actual_text.as_deref() == Some(""))
            .count()
            >= 2,
        "no hyphenated line ends"
    );

    let bytes = write_pdf(&doc).unwrap();
    let path = save("small.pdf", &bytes);
    qpdf_check(&path);
    assert_subset_fonts(
        &path,
        &[
            "GentiumBookPlus",
            "GentiumBookPlus-Italic",
            "GentiumBookPlus-Bold",
        ],
    );

    if let Some(text) = pdftotext(&path, &[]) {
        let want = format!("{TITLE} {} {}", plain(P1), plain(P2));
        assert_eq!(normalize(&text), want, "raw pdftotext output:\n{text}");
        // Single spaces inside lines, no spurious spaces inside words.
        for line in text.lines() {
            assert!(!line.contains("  "), "double space in {line:?}");
        }
    }
    if let Some(o) = tool("pdfinfo", &[path.to_str().unwrap()]) {
        let out = stdout(&o);
        let field = |k: &str| {
            out.lines()
                .find_map(|l| {
                    l.strip_prefix(&format!("{k}:"))
                        .map(|v| v.trim().to_string())
                })
                .unwrap_or_default()
        };
        assert_eq!(field("Title"), TITLE);
        assert_eq!(field("Author"), "Ada Example");
        assert_eq!(field("Subject"), "A short story");
        assert_eq!(field("Keywords"), "fiction, sea");
        assert_eq!(field("Producer"), "inkbind");
        assert_eq!(field("Pages"), "1");
        assert!(
            field("CreationDate").contains("Nov 14 22:13:20 2023"),
            "{out}"
        );
        assert!(field("ModDate").contains("2023"), "{out}");
        assert!(field("Page size").starts_with("419.53 x 595.28"), "{out}");
    }
    // Catalog extras printpdf cannot write (read back with a parser: the catalog sits in a
    // compressed object stream).
    let parsed = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = parsed.catalog().unwrap();
    assert_eq!(
        catalog.get(b"Lang").unwrap().as_str().unwrap(),
        b"en-GB".as_slice()
    );
    assert_eq!(
        catalog.get(b"PageMode").unwrap().as_name().unwrap(),
        b"UseOutlines".as_slice()
    );
}

/// Every word poppler finds starts where the typesetter put it (to 0.03 pt).
#[test]
fn glyph_positions_survive_in_the_pdf() {
    let Some(doc) = small_doc_or_skip() else {
        return;
    };
    let path = save("small_bbox.pdf", &write_pdf(&doc).unwrap());
    let Some(html) = pdftotext(&path, &["-bbox"]) else {
        return;
    };

    // Expected word starts: after a space glyph or at the start of a run after a space.
    let page = &doc.pages[0];
    let mut starts: Vec<(f32, f32, String)> = Vec::new(); // (x, baseline, word)
    let mut after_space = true;
    let mut last_y = f32::NAN;
    for item in &page.items {
        let Item::Text(r) = item else { continue };
        if r.y != last_y {
            after_space = true; // a new line starts a new word
            last_y = r.y;
        }
        for (i, g) in r.glyphs.iter().enumerate() {
            if &*g.text == " " {
                after_space = true;
                continue;
            }
            if after_space {
                let word: String = r.glyphs[i..]
                    .iter()
                    .take_while(|g| &*g.text != " ")
                    .map(|g| &*g.text)
                    .collect();
                starts.push((r.x + g.x, r.y, word));
                after_space = false;
            }
        }
    }
    let mut checked = 0;
    for line in html.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |k: &str| -> f32 {
            let i = line.find(&format!("{k}=\"")).unwrap() + k.len() + 2;
            line[i..].split('"').next().unwrap().parse().unwrap()
        };
        let text = line.split('>').nth(1).unwrap().split('<').next().unwrap();
        let (x, y_min, y_max) = (attr("xMin"), attr("yMin"), attr("yMax"));
        let found = starts.iter().find(|(sx, sy, w)| {
            (sx - x).abs() < 0.03
                && *sy > y_min
                && *sy < y_max + 1.0
                && w.starts_with(text.trim_end_matches('-'))
        });
        assert!(
            found.is_some(),
            "word {text:?} at x={x} y={y_min}..{y_max} was not typeset there"
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} words checked");
}

#[test]
fn output_is_byte_reproducible_and_id_is_content_derived() {
    let Some(doc) = small_doc_or_skip() else {
        return;
    };
    let a = write_pdf(&doc).unwrap();
    let b = write_pdf(&doc.clone()).unwrap();
    assert!(a == b, "two writes differ");
    let id_of = |bytes: &[u8]| {
        let s = String::from_utf8_lossy(bytes);
        let i = s.rfind("/ID[<").unwrap();
        s[i + 5..i + 37].to_string()
    };
    assert_ne!(id_of(&a), "0".repeat(32));
    let mut other = doc.clone();
    other.info.title = "Another Title".into();
    let c = write_pdf(&other).unwrap();
    assert_ne!(id_of(&a), id_of(&c));
    // No clock: a document without a date gets none (not 1970, not "now").
    let mut undated = doc;
    undated.info.created_unix = 0;
    let u = write_pdf(&undated).unwrap();
    let s = String::from_utf8_lossy(&u);
    assert!(!s.contains("CreationDate") && !s.contains("D:1970"));
}

#[test]
fn twenty_page_story_is_small_complete_and_in_order() {
    let Some(faces) = bundled_faces() else {
        eprintln!("SKIP: bundled fonts not found");
        return;
    };
    let (doc, expected) = story(faces, 3000, false);
    assert!(doc.pages.len() >= 12, "{} pages", doc.pages.len());
    let bytes = write_pdf(&doc).unwrap();
    let path = save("story.pdf", &bytes);
    println!(
        "story: {} pages, {} words, {} bytes",
        doc.pages.len(),
        expected.split_whitespace().count(),
        bytes.len()
    );
    assert!(bytes.len() < 120_000, "{} bytes", bytes.len());

    qpdf_check(&path);
    assert_subset_fonts(
        &path,
        &[
            "GentiumBookPlus",
            "GentiumBookPlus-Italic",
            "GentiumBookPlus-Bold",
            "GentiumBookPlus-BoldItalic",
        ],
    );

    if let Some(text) = pdftotext(&path, &[]) {
        // Every page ends with its folio; the rest is the story, word for word.
        let mut words: Vec<String> = Vec::new();
        let pages: Vec<&str> = text
            .split('\x0c')
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert_eq!(pages.len(), doc.pages.len());
        let mut page_end_hyphens = 0;
        for (i, p) in pages.iter().enumerate() {
            let mut w: Vec<&str> = p.split_whitespace().collect();
            assert_eq!(
                w.pop(),
                Some((i + 1).to_string().as_str()),
                "folio of page {}",
                i + 1
            );
            // pdftotext joins hyphenated lines within a page; a word hyphenated across a page
            // break stays split ("Ef-" | "fort"). Join those here.
            let mut w = w.into_iter().map(str::to_string).peekable();
            if let (Some(last), Some(first)) = (words.last_mut(), w.peek()) {
                if last.ends_with('-') {
                    last.pop();
                    last.push_str(first);
                    w.next();
                    page_end_hyphens += 1;
                }
            }
            words.extend(w);
        }
        println!("words hyphenated across a page break: {page_end_hyphens}");
        let want: Vec<String> = expected.split_whitespace().map(str::to_string).collect();
        if words != want {
            let k = words
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(words.len().min(want.len()));
            panic!(
                "text differs at word {k}: got {:?}, want {:?}",
                &words[k..(k + 8).min(words.len())],
                &want[k..(k + 8).min(want.len())]
            );
        }
    }

    // Outline: reading order (not sorted by title), the last two on the same page, y targets.
    if let Some(o) = tool(
        "qpdf",
        &["--json", "--json-key=outlines", path.to_str().unwrap()],
    ) {
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let items = j["outlines"].as_array().unwrap();
        let titles: Vec<&str> = items.iter().map(|i| i["title"].as_str().unwrap()).collect();
        let want: Vec<&str> = doc.outline.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(titles, want);
        assert_eq!(*titles.last().unwrap(), "Acknowledgements");
        let n = items.len();
        let page = |i: usize| items[i]["destpageposfrom1"].as_u64().unwrap();
        assert_eq!(
            page(n - 1),
            page(n - 2),
            "Notes and Acknowledgements share a page"
        );
        for (item, want) in items.iter().zip(&doc.outline) {
            assert_eq!(page_index(item), want.page + 1);
            let top = item["dest"][3].as_f64().unwrap() as f32;
            assert!((top - (doc.pages[want.page].height - want.y)).abs() < 0.01);
        }
    }
}

fn page_index(item: &serde_json::Value) -> usize {
    item["destpageposfrom1"].as_u64().unwrap() as usize
}

#[test]
fn images_rules_and_ornaments_are_drawn_where_placed() {
    let Some(faces) = bundled_faces() else {
        eprintln!("SKIP: bundled fonts not found");
        return;
    };
    let (doc, _) = story(faces, 800, true);
    let bytes = write_pdf(&doc).unwrap();
    let path = save("story_images.pdf", &bytes);
    qpdf_check(&path);

    if let Some(o) = tool("pdfimages", &["-list", path.to_str().unwrap()]) {
        let out = stdout(&o);
        let rows: Vec<Vec<&str>> = out
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().collect())
            .collect();
        // page num type width height color comp bpc enc ...
        assert!(
            rows.iter()
                .any(|r| r[2] == "image" && r[3] == "96" && r[8] == "image"),
            "{out}"
        );
        assert!(
            rows.iter().any(|r| r[2] == "smask" && r[3] == "96"),
            "{out}"
        );
        assert!(
            rows.iter()
                .any(|r| r[2] == "image" && r[3] == "160" && r[8] == "jpeg"),
            "JPEG not passed through:\n{out}"
        );
    }

    // Render the title page and the first chapter page and look at the pixels.
    let Some(o) = tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "2",
            path.to_str().unwrap(),
            out_dir().join("placed").to_str().unwrap(),
        ],
    ) else {
        return;
    };
    assert!(o.status.success());
    let page1 = image::open(out_dir().join("placed-1.png"))
        .unwrap()
        .to_rgb8();
    let page2 = image::open(out_dir().join("placed-2.png"))
        .unwrap()
        .to_rgb8();
    let ink = |img: &image::RgbImage, x: f32, y: f32| {
        let p = img.get_pixel(x.round() as u32, y.round() as u32).0;
        p != [255, 255, 255]
    };
    for item in &doc.pages[0].items {
        if let Item::Image {
            x,
            y,
            width,
            height,
            ..
        } = item
        {
            assert!(
                ink(&page1, x + width / 2.0, y + height / 2.0),
                "image centre is blank"
            );
            assert!(
                !ink(&page1, x - 3.0, y + height / 2.0),
                "ink left of the image"
            );
            assert!(
                !ink(&page1, x + width / 2.0, y + height + 3.0),
                "ink below the image"
            );
        }
    }
    let mut rules = 0;
    for item in &doc.pages[1].items {
        match item {
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => {
                // 0.6 pt at 72 dpi is anti-aliased grey: any ink counts.
                assert!(
                    ink(&page2, x + width / 2.0, y + thickness / 2.0),
                    "rule not drawn"
                );
                assert!(!ink(&page2, x + width / 2.0, y + 4.0), "rule drawn too low");
                rules += 1;
            }
            Item::Fill(segs) => {
                let PathSeg::MoveTo(cx, cy) = segs[0] else {
                    panic!()
                };
                let p = page2
                    .get_pixel(cx.round() as u32, (cy + 6.0).round() as u32)
                    .0;
                assert!(p[0] < 128, "ornament lobe not filled black: {p:?}");
            }
            _ => {}
        }
    }
    assert_eq!(rules, 1);
}

/// Runs whose glyphs stand for another text than elsewhere, as a typesetter produces them:
/// a no-break space set with the ordinary space glyph, a straight apostrophe in the source
/// set with the curly apostrophe glyph, "n" + U+0308 as a cluster of two glyphs; a dagger
/// that reads as words and an ornament star that reads as nothing.
fn runs_needing_actual_text(sh: &mut Shaper) -> [TextRun; 3] {
    let mut glyphs = sh.shape(
        REGULAR,
        "Mr Tufnel of Spin\u{308}al Tap: don’t, won’t, can’t.",
    );
    glyphs.iter_mut().find(|g| &*g.text == " ").unwrap().text = "\u{A0}".into();
    glyphs
        .iter_mut()
        .rev()
        .find(|g| &*g.text == "’")
        .unwrap()
        .text = "'".into();
    assert!(
        glyphs.iter().any(|g| g.text.is_empty()),
        "test premise: a cluster of two glyphs"
    );
    let run = run_from(REGULAR, 12.0, 36.0, 100.0, &glyphs, None);
    let dagger = run_from(
        REGULAR,
        12.0,
        36.0,
        130.0,
        &sh.shape(REGULAR, "†"),
        Some("see note".into()),
    );
    let star = run_from(
        REGULAR,
        12.0,
        150.0,
        130.0,
        &sh.shape(REGULAR, "*"),
        Some(String::new()),
    );
    [run, dagger, star]
}

#[test]
fn glyph_used_with_two_texts_gets_actual_text() {
    let Some(faces) = bundled_faces() else {
        eprintln!("SKIP: bundled fonts not found");
        return;
    };
    let mut sh = Shaper::new(faces.clone());
    let [run, dagger, star] = runs_needing_actual_text(&mut sh);
    let items = vec![Item::Text(run), Item::Text(dagger), Item::Text(star)];
    let doc = one_page(faces, 300.0, 200.0, items);
    let bytes = write_pdf(&doc).unwrap();
    let path = save("actualtext.pdf", &bytes);
    qpdf_check(&path);
    let qdf = out_dir().join("actualtext.qdf.pdf");
    if let Some(o) = tool(
        "qpdf",
        &["--qdf", path.to_str().unwrap(), qdf.to_str().unwrap()],
    ) {
        assert!(o.status.success());
        let content = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_lowercase();
        assert_eq!(content.matches("/actualtext").count(), 4, "{content}");
        assert!(content.contains("/span <</actualtext<feff00a0>>> bdc"));
        assert!(
            content.contains("/span <</actualtext(')>> bdc")
                || content.contains("/span <</actualtext<feff0027>>> bdc")
        );
    }
    if let Some(out) = pdftotext(&path, &[]) {
        // (poppler reports U+00A0 as a plain space)
        assert_eq!(
            out.trim_end(),
            "Mr Tufnel of Spin\u{308}al Tap: don’t, won’t, can't.\nsee note"
        );
    }
}

/// In a tagged document an /ActualText span inside a paragraph is not nested in the
/// paragraph's marked content but gets an MCID of its own (poppler's structure text stops at
/// a nested EMC), marked content never nests, and the structure reads the whole paragraph.
#[test]
fn actual_text_in_a_tagged_paragraph_keeps_the_paragraph_whole() {
    let Some(faces) = bundled_faces() else {
        eprintln!("SKIP: bundled fonts not found");
        return;
    };
    let mut sh = Shaper::new(faces.clone());
    let [run, dagger, star] = runs_needing_actual_text(&mut sh);
    let items = vec![
        Item::Mark(Tag::Content(1)),
        Item::Text(run),
        Item::Text(dagger),
        Item::Mark(Tag::Artifact),
        Item::Text(star),
    ];
    let mut doc = one_page(faces, 300.0, 200.0, items);
    doc.structure = vec![elem(Role::Document, None), elem(Role::P, Some(0))];
    let bytes = write_pdf(&doc).unwrap();
    let path = save("actualtext-tagged.pdf", &bytes);
    qpdf_check(&path);

    let parsed = lopdf::Document::load_mem(&bytes).unwrap();
    let page = *parsed.get_pages().values().next().unwrap();
    let content = String::from_utf8_lossy(&parsed.get_page_content(page)).into_owned();
    // Marked-content sequences follow one another, never inside each other.
    let mut depth = 0i32;
    let mut mcids = Vec::new();
    for line in content.lines() {
        if line.ends_with("BDC") || line.ends_with("BMC") {
            depth += 1;
            assert_eq!(depth, 1, "nested marked content:\n{content}");
            if let Some(i) = line.find("/MCID ") {
                let n: String = line[i + 6..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                mcids.push(n.parse::<usize>().unwrap());
            }
        } else if line == "EMC" {
            depth -= 1;
        }
    }
    assert_eq!(depth, 0);
    assert!(mcids.len() >= 3, "spans of their own: {mcids:?}\n{content}");
    assert_eq!(mcids, (0..mcids.len()).collect::<Vec<_>>());
    assert!(content.contains("/Artifact BMC"), "{content}");

    if let Some(o) = tool("pdfinfo", &["-struct-text", path.to_str().unwrap()]) {
        // poppler 22 reads the glyphs' own text in the spans (it ignores /ActualText
        // there), but every part of the paragraph is in it, up to the last span.
        let out = stdout(&o);
        assert!(
            out.contains("Tufnel of Spin")
                && out.contains("\"t.\"")
                && (out.contains("see note") || out.contains('†')),
            "the whole paragraph, spans included:\n{out}"
        );
        assert!(!out.contains('*'), "the artifact is not text:\n{out}");
    }
}

#[test]
fn unused_faces_are_not_embedded_and_empty_pages_are_fine() {
    let Some(faces) = bundled_faces() else {
        eprintln!("SKIP: bundled fonts not found");
        return;
    };
    let mut sh = Shaper::new(faces.clone());
    let run = run_from(
        ITALIC,
        11.0,
        50.0,
        80.0,
        &sh.shape(ITALIC, "Only italic here."),
        None,
    );
    let doc = Document {
        fonts: faces,
        pages: vec![
            Page {
                width: 420.0,
                height: 595.0,
                items: vec![],
            },
            Page {
                width: 420.0,
                height: 595.0,
                items: vec![Item::Text(run)],
            },
        ],
        outline: vec![],
        info: DocInfo::default(),
        structure: Vec::new(),
    };
    let path = save("unused.pdf", &write_pdf(&doc).unwrap());
    qpdf_check(&path);
    assert_subset_fonts(&path, &["GentiumBookPlus-Italic"]);
    if let Some(t) = pdftotext(&path, &[]) {
        assert_eq!(normalize(&t), "Only italic here.");
    }
}

/// A TrueType collection built from two bundled faces; face 1 is used.
#[test]
fn font_collections_use_the_given_face() {
    let Some(faces) = bundled_faces() else {
        eprintln!("SKIP: bundled fonts not found");
        return;
    };
    let ttc = Arc::new(make_ttc(&[&faces[REGULAR].data, &faces[ITALIC].data]).into());
    let coll = FontFace {
        data: ttc,
        index: 1,
        name: "GentiumBookPlus-Italic".into(),
    };
    let mut sh = Shaper::new(vec![faces[ITALIC].clone()]);
    let run = run_from(0, 14.0, 40.0, 60.0, &sh.shape(0, "Collected italic"), None);
    let doc = one_page(vec![coll], 300.0, 100.0, vec![Item::Text(run)]);
    let path = save("ttc.pdf", &write_pdf(&doc).unwrap());
    qpdf_check(&path);
    assert_subset_fonts(&path, &["GentiumBookPlus-Italic"]);
    if let Some(t) = pdftotext(&path, &[]) {
        assert_eq!(normalize(&t), "Collected italic");
    }
}

/// CFF-flavoured OpenType (EB Garamond, when installed) embeds as a CID-keyed CFF subset.
#[test]
fn cff_opentype_fonts_work() {
    let dir = "/usr/share/fonts/opentype/ebgaramond";
    let load = |f: &str| {
        std::fs::read(format!("{dir}/{f}.otf"))
            .ok()
            .map(|d| FontFace {
                data: Arc::new(d.into()),
                index: 0,
                name: f.into(),
            })
    };
    let (Some(r), Some(i)) = (load("EBGaramond12-Regular"), load("EBGaramond12-Italic")) else {
        eprintln!("SKIP: EB Garamond not installed");
        return;
    };
    let faces = vec![r.clone(), i, r.clone(), r];
    let (doc, expected) = story(faces, 400, false);
    let path = save("cff.pdf", &write_pdf(&doc).unwrap());
    qpdf_check(&path);
    if let Some(rows) = pdffonts(&path) {
        assert!(
            rows.iter()
                .all(|r| r.1 == "CID Type 0C" && r.2 == "yes" && r.3 == "yes" && r.4 == "yes"),
            "{rows:?}"
        );
    }
    if let Some(t) = pdftotext(&path, &[]) {
        let got: Vec<&str> = t
            .split('\x0c')
            .flat_map(|p| {
                let mut w: Vec<&str> = p.split_whitespace().collect();
                w.pop();
                w
            })
            .collect();
        assert_eq!(got.join(" "), normalize(&expected));
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let Some(doc) = small_doc_or_skip() else {
        return;
    };
    let empty = Document {
        fonts: vec![],
        pages: vec![],
        outline: vec![],
        info: DocInfo::default(),
        structure: Vec::new(),
    };
    assert_eq!(write_pdf(&empty), Err(PdfError::EmptyDocument));

    let mut d = doc.clone();
    d.fonts.truncate(1);
    assert!(
        matches!(write_pdf(&d), Err(PdfError::FontIndex { .. })),
        "{:?}",
        write_pdf(&d).err()
    );

    let mut d = doc.clone();
    d.fonts[0].data = Arc::new(b"definitely not a font".to_vec().into());
    let e = write_pdf(&d).unwrap_err();
    assert!(matches!(e, PdfError::Font { font: 0, .. }), "{e:?}");
    assert!(e.to_string().contains("GentiumBookPlus"), "{e}");

    let mut d = doc.clone();
    d.fonts[0].data = Arc::new(doc.fonts[0].data[..4000].to_vec().into());
    assert!(write_pdf(&d).is_err());

    let mut d = doc.clone();
    d.fonts[0].index = 3;
    assert!(write_pdf(&d).is_err());

    let mut d = doc.clone();
    if let Item::Text(r) = d.pages[0]
        .items
        .iter_mut()
        .find(|i| matches!(i, Item::Text(r) if r.font == 0))
        .unwrap()
    {
        r.glyphs[0].id = 60_000;
    }
    assert!(matches!(
        write_pdf(&d),
        Err(PdfError::GlyphOutOfRange { glyph: 60_000, .. })
    ));

    let mut d = doc.clone();
    if let Item::Text(r) = &mut d.pages[0].items[0] {
        r.glyphs[1].x = f32::NAN;
    }
    assert!(matches!(write_pdf(&d), Err(PdfError::InvalidNumber { .. })));

    let mut d = doc.clone();
    d.pages[0].width = f32::INFINITY;
    assert!(matches!(write_pdf(&d), Err(PdfError::InvalidPage { .. })));

    // Structure that does not hold together: content marked for an element that does not
    // exist, an element whose parent comes after it.
    let mut d = doc.clone();
    d.structure = vec![elem(Role::Document, None), elem(Role::P, Some(0))];
    d.pages[0].items.insert(0, Item::Mark(Tag::Content(7)));
    assert!(matches!(write_pdf(&d), Err(PdfError::InvalidPage { .. })));
    let mut d = doc.clone();
    d.structure = vec![elem(Role::Document, None), elem(Role::P, Some(1))];
    d.pages[0].items.insert(0, Item::Mark(Tag::Content(1)));
    assert!(matches!(write_pdf(&d), Err(PdfError::Structure(_))));

    let mut d = doc.clone();
    d.pages[0].items.push(Item::Image {
        data: Arc::new(vec![0x89, b'P', b'N', b'G', 1, 2, 3]),
        pixels: None,
        x: 1.0,
        y: 1.0,
        width: 10.0,
        height: 10.0,
    });
    assert!(matches!(write_pdf(&d), Err(PdfError::Image { .. })));

    let (png, jpg) = test_images();
    let mut d = doc.clone();
    d.pages[0].items.push(Item::Image {
        data: Arc::new(jpg[..jpg.len() / 2].to_vec()),
        pixels: None,
        x: 1.0,
        y: 1.0,
        width: 10.0,
        height: 10.0,
    });
    assert!(
        matches!(write_pdf(&d), Err(PdfError::Image { .. })),
        "truncated JPEG accepted"
    );
    let mut d = doc.clone();
    d.pages[0].items.push(Item::Image {
        data: Arc::new(png[..png.len() - 40].to_vec()),
        pixels: None,
        x: 1.0,
        y: 1.0,
        width: 10.0,
        height: 10.0,
    });
    assert!(
        matches!(write_pdf(&d), Err(PdfError::Image { .. })),
        "truncated PNG accepted"
    );

    let mut d = doc.clone();
    d.outline.push(OutlineItem {
        title: "Nowhere".into(),
        page: 7,
        y: 0.0,
    });
    assert!(matches!(write_pdf(&d), Err(PdfError::Outline { .. })));

    // Mangled fonts: whatever happens, no panic escapes.
    let original = doc.fonts[0].data.clone();
    let mut state = 0x2545F4914F6CDD1Du64;
    for round in 0..40 {
        let mut bytes = original.to_vec();
        for _ in 0..(1 + round % 7) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = (state as usize) % 2048; // the table directory and the small tables up front
            bytes[i] = (state >> 32) as u8;
        }
        let mut d = doc.clone();
        d.fonts[0].data = Arc::new(bytes.into());
        let _ = write_pdf(&d);
    }
}

/// Not an assertion: renders pages for a human to look at (target/tmp/pdf/*.png).
#[test]
fn render_pages_for_inspection() {
    let Some(doc) = small_doc_or_skip() else {
        return;
    };
    let path = save("inspect.pdf", &write_pdf(&doc).unwrap());
    if let Some(o) = tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "80",
            path.to_str().unwrap(),
            out_dir().join("inspect").to_str().unwrap(),
        ],
    ) {
        assert!(o.status.success());
        println!("rendered {}", out_dir().join("inspect-1.png").display());
    }
}

/// A TrueType collection (`ttcf`) of complete sfnt files.
fn make_ttc(fonts: &[&[u8]]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len();
    let mut out = Vec::new();
    out.extend_from_slice(b"ttcf");
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    out.extend_from_slice(&(fonts.len() as u32).to_be_bytes());
    let mut offsets = Vec::new();
    let mut body = Vec::new();
    for f in fonts {
        while !(header + body.len()).is_multiple_of(4) {
            body.push(0);
        }
        let base = (header + body.len()) as u32;
        offsets.push(base);
        let mut font = f.to_vec();
        let n = u16::from_be_bytes([font[4], font[5]]) as usize;
        for i in 0..n {
            let o = 12 + 16 * i + 8;
            let off = u32::from_be_bytes(font[o..o + 4].try_into().unwrap()) + base;
            font[o..o + 4].copy_from_slice(&off.to_be_bytes());
        }
        body.extend_from_slice(&font);
    }
    for o in offsets {
        out.extend_from_slice(&o.to_be_bytes());
    }
    out.extend_from_slice(&body);
    out
}
