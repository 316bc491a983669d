//! Checks on real reader software: calibre reads every sample EPUB and kepub, converts both to
//! AZW3 and to text holding every word of the manuscript, and imports the fan-work metadata
//! as separate tags; headless Chromium renders the chapters at e-reader sizes with and
//! without the book's CSS, in a night theme and inverted, with no horizontal overflow and a visible
//! ornament. Each test prints `SKIPPED …` when its tool is missing, unless validators are
//! required (`INKBIND_REQUIRE_VALIDATORS=1`, as in `.ci/run`).

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// True when `program` runs; otherwise skips (or fails when validators are required).
fn have(program: &str, install: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let msg = format!("`{program}` not available (apt-get install {install})");
        if validators_required() {
            panic!("{msg}, and validators are required here");
        }
        eprintln!("SKIPPED reader-software check: {msg}");
    }
    ok
}

fn build(md: &Path, dir: &Path, ext: &str) -> PathBuf {
    let stem = md.file_stem().unwrap().to_str().unwrap();
    let out = dir.join(format!("{stem}.{ext}"));
    let o = run(&["build", md.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}: {}", md.display(), stderr(&o));
    out
}

/// Lower-cased words (runs of letters and digits) of a text.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of a Markdown manuscript's body (after its front matter), link targets left out.
fn manuscript_words(md: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(md).unwrap();
    let body = match text.strip_prefix("---\n") {
        Some(rest) => rest.split_once("\n---\n").map_or(rest, |(_, b)| b),
        None => &text,
    };
    let mut plain = String::new();
    let mut rest = body;
    // `[text](url)` keeps its text only, as the book does.
    while let Some(i) = rest.find("](") {
        plain.push_str(&rest[..i]);
        rest = rest[i..].split_once(')').map_or("", |(_, r)| r);
    }
    plain.push_str(rest);
    words(&plain)
}

fn calibre_env(cmd: &mut Command, config: &Path) {
    cmd.env("CALIBRE_CONFIG_DIRECTORY", config)
        .env("QT_QPA_PLATFORM", "offscreen");
}

#[test]
fn calibre_converts_every_sample_epub_and_kepub_to_azw3_and_text() {
    if !have("ebook-convert", "calibre") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("calibre-config");
    for md in sample_stories() {
        let expected = manuscript_words(&md);
        assert!(expected.len() > 200, "{}", md.display());
        for ext in ["epub", "kepub.epub"] {
            let book = build(&md, dir.path(), ext);
            for target in ["azw3", "txt"] {
                let out = dir.path().join(format!(
                    "{}-{}.{target}",
                    md.file_stem().unwrap().to_str().unwrap(),
                    ext.replace('.', "-")
                ));
                let mut cmd = Command::new("ebook-convert");
                cmd.arg(&book).arg(&out);
                calibre_env(&mut cmd, &config);
                let o = cmd.output().unwrap();
                assert!(
                    o.status.success() && out.is_file(),
                    "ebook-convert {} → {target}: {}",
                    book.display(),
                    stderr(&o)
                );
                let bytes = std::fs::read(&out).unwrap();
                if target == "azw3" {
                    assert_eq!(
                        &bytes[60..68],
                        b"BOOKMOBI",
                        "{}: a Kindle book",
                        out.display()
                    );
                } else {
                    let text = String::from_utf8_lossy(&bytes);
                    let got = words(&text);
                    let missing: Vec<_> = expected.difference(&got).collect();
                    assert!(
                        missing.is_empty(),
                        "{} ({ext}): words of the manuscript missing from calibre's text: {missing:?}",
                        md.display()
                    );
                }
            }
        }
    }
}

#[test]
fn calibre_library_shelves_fan_work_metadata_as_tags() {
    if !have("calibredb", "calibre") || !have("ebook-meta", "calibre") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("calibre-config");
    let md = root().join("stories/winter-orchard.md");
    let mut diag = inkbind::error::Diagnostics::default();
    let story = inkbind::reader::read_manuscript(&md, &Default::default(), &mut diag).unwrap();
    let meta = &story.meta;
    assert!(meta.is_fan_work() && meta.series.is_some() && meta.source.is_some());

    for ext in ["epub", "kepub.epub"] {
        let book = build(&md, dir.path(), ext);
        let mut cmd = Command::new("ebook-meta");
        cmd.arg(&book);
        calibre_env(&mut cmd, &config);
        let shown = stdout(&cmd.output().unwrap());
        let tags_line = shown
            .lines()
            .find(|l| l.starts_with("Tags"))
            .unwrap_or_else(|| panic!("ebook-meta shows no tags:\n{shown}"));
        assert!(tags_line.contains(&meta.characters[0]), "{tags_line}");

        let library = dir
            .path()
            .join(format!("library-{}", ext.replace('.', "-")));
        let mut add = Command::new("calibredb");
        add.args(["add", "--library-path"]).arg(&library).arg(&book);
        calibre_env(&mut add, &config);
        let o = add.output().unwrap();
        assert!(o.status.success(), "calibredb add: {}", stderr(&o));
        let mut list = Command::new("calibredb");
        list.args([
            "list",
            "--for-machine",
            "--fields",
            "title,tags,series,series_index,identifiers",
            "--library-path",
        ])
        .arg(&library);
        calibre_env(&mut list, &config);
        let o = list.output().unwrap();
        assert!(o.status.success(), "calibredb list: {}", stderr(&o));
        let books: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let b = &books[0];
        let tags: Vec<&str> = b["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        // Every fan-work field is its own tag, so the library filters by each of them.
        for want in meta
            .fandoms
            .iter()
            .chain(&meta.rating)
            .chain(&meta.warnings)
            .chain(&meta.relationships)
            .chain(&meta.characters)
            .chain(&meta.tags)
        {
            assert!(
                tags.contains(&want.as_str()),
                "{ext}: tag {want:?} not in {tags:?}"
            );
        }
        assert!(tags.contains(&"Complete"), "{tags:?}");
        assert_eq!(b["series"].as_str(), meta.series.as_deref());
        assert_eq!(b["series_index"].as_f64(), meta.series_index);
        assert_eq!(b["identifiers"]["url"].as_str(), meta.source.as_deref());
        // A search by one character finds the book.
        let mut search = Command::new("calibredb");
        let q = format!("tags:\"={}\"", meta.characters[1]);
        search.args(["search", &q, "--library-path"]).arg(&library);
        calibre_env(&mut search, &config);
        let o = search.output().unwrap();
        assert_eq!(
            stdout(&o).trim(),
            b["id"].to_string(),
            "search {q}: {}",
            stderr(&o)
        );
    }
}

// ---------------------------------------------------------------------------------------
// Headless Chromium

const SIZES: [(u32, u32); 2] = [(758, 1024), (1072, 1448)];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Theme {
    /// The book's own CSS.
    Book,
    /// No stylesheet at all (KOReader with publisher styles off).
    Unstyled,
    /// A reader night theme: dark page, light text, images not inverted.
    Night,
    /// A theme that inverts the whole page, images included (`html{filter:invert(1)}`, as
    /// KOReader's night mode and some browsers' dark readers do). The page's white is given
    /// to `html` too: Chromium paints the root's background on the canvas, outside the filter,
    /// where a reader inverting its screen inverts it with everything else.
    Inverted,
}

/// Chromium's binary, if present.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

fn chromium_run(bin: &str, args: &[String], size: (u32, u32)) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={},{}", size.0, size.1))
        .args(args)
        .output()
        .expect("chromium runs")
}

/// A copy of `doc` (beside it, so its stylesheet and images resolve) themed as asked, with a
/// script that writes the measures into the body's `data-probe` attribute: scroll width,
/// viewport width, the first ornament's box (page coordinates, unscrolled), font size.
fn probe_copy(doc: &Path, theme: Theme, tag: &str) -> PathBuf {
    let mut x = std::fs::read_to_string(doc).unwrap();
    if theme == Theme::Unstyled {
        let start = x.find("<link rel=\"stylesheet\"").expect("stylesheet link");
        let end = start + x[start..].find("/>").unwrap() + 2;
        x.replace_range(start..end, "");
    }
    let night = match theme {
        Theme::Night => {
            "<style>html, body { background: #000 !important; color: #ddd !important; }</style>"
        }
        Theme::Inverted => "<style>html { filter: invert(1); background: #fff; }</style>",
        _ => "",
    };
    let script = "<script>//<![CDATA[
window.addEventListener('load', function () {
  var o = document.querySelector('svg.ornament');
  var r = null;
  if (o) {
    r = o.getBoundingClientRect();
  }
  var fs = parseFloat(getComputedStyle(document.body).fontSize);
  var t = null;
  var para = document.querySelector('section p, body > p, div p');
  if (para) {
    var b = para.getBoundingClientRect();
    t = [b.left, b.top, b.width, Math.min(b.height, 200)];
  }
  document.body.setAttribute('data-probe', JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    ornament: r ? [r.left, r.top, r.width, r.height] : null,
    text: t,
    fontSize: fs
  }));
});
//]]></script>";
    x = x.replacen("</head>", &format!("{night}{script}</head>"), 1);
    let out = doc.with_file_name(format!("probe-{tag}.xhtml"));
    std::fs::write(&out, x).unwrap();
    out
}

#[derive(Debug)]
struct Probe {
    scroll_width: f64,
    inner_width: f64,
    ornament: Option<[f64; 4]>,
    /// The first paragraph's box (its first 200 px at most).
    text: Option<[f64; 4]>,
    font_size: f64,
}

fn probe(bin: &str, page: &Path, size: (u32, u32)) -> Probe {
    let url = format!("file://{}", page.display());
    let o = chromium_run(bin, &["--dump-dom".into(), url], size);
    let dom = stdout(&o);
    let start = dom
        .find("data-probe=\"")
        .unwrap_or_else(|| panic!("no probe in the DOM of {}: {}", page.display(), stderr(&o)))
        + "data-probe=\"".len();
    let raw = &dom[start..start + dom[start..].find('"').unwrap()];
    let json = raw.replace("&quot;", "\"").replace("&amp;", "&");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    Probe {
        scroll_width: v["scrollWidth"].as_f64().unwrap(),
        inner_width: v["innerWidth"].as_f64().unwrap(),
        ornament: rect(&v["ornament"]),
        text: rect(&v["text"]),
        font_size: v["fontSize"].as_f64().unwrap(),
    }
}

fn rect(v: &serde_json::Value) -> Option<[f64; 4]> {
    v.as_array().map(|a| {
        let f = |i: usize| a[i].as_f64().unwrap();
        [f(0), f(1), f(2), f(3)]
    })
}

fn screenshot(bin: &str, page: &Path, size: (u32, u32), png: &Path) -> image::RgbImage {
    let url = format!("file://{}", page.display());
    let o = chromium_run(bin, &[format!("--screenshot={}", png.display()), url], size);
    assert!(
        png.is_file(),
        "no screenshot of {}: {}",
        page.display(),
        stderr(&o)
    );
    image::open(png).unwrap().to_rgb8()
}

fn luma(p: &image::Rgb<u8>) -> f64 {
    0.299 * p[0] as f64 + 0.587 * p[1] as f64 + 0.114 * p[2] as f64
}

/// Pixels inside `rect` (x, y, w, h) that stand out from the page's background (sampled at
/// the top-left corner): the ornament's ink.
fn ink_pixels(img: &image::RgbImage, rect: [f64; 4]) -> usize {
    let bg = luma(img.get_pixel(2, 2));
    let (x0, y0) = (rect[0].max(0.0) as u32, rect[1].max(0.0) as u32);
    let x1 = ((rect[0] + rect[2]) as u32).min(img.width());
    let y1 = ((rect[1] + rect[3]) as u32).min(img.height());
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            if (luma(img.get_pixel(x, y)) - bg).abs() > 100.0 {
                n += 1;
            }
        }
    }
    n
}

/// Unzips an EPUB into `dest` (so Chromium can open its documents); returns `dest`.
fn unpack(epub: &Path, dest: &Path) -> PathBuf {
    for (name, _, bytes) in zip_entries(epub) {
        let p = dest.join(&name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dest.to_path_buf()
}

/// Where the screenshots are kept for a person to look at (`INKBIND_RENDERS=DIR`), else a
/// temporary folder.
fn renders_dir(tmp: &Path) -> PathBuf {
    match std::env::var_os("INKBIND_RENDERS") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            PathBuf::from(d)
        }
        None => tmp.to_path_buf(),
    }
}

#[test]
fn chapters_render_without_overflow_and_with_a_visible_ornament_in_every_theme() {
    let Some(bin) = chromium() else {
        have("chromium", "chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = renders_dir(dir.path());
    let mut ornaments_seen = 0;
    for md in sample_stories() {
        let stem = md.file_stem().unwrap().to_str().unwrap().to_string();
        let epub = build(&md, dir.path(), "epub");
        let unpacked = unpack(&epub, &dir.path().join(&stem));
        let mut docs: Vec<PathBuf> = std::fs::read_dir(unpacked.join("OEBPS"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_str().unwrap();
                n.starts_with("chapter-") || n == "titlepage.xhtml" || n == "cover.xhtml"
            })
            .collect();
        docs.sort();
        let mut shot_taken = false;
        for doc in &docs {
            let doc_name = doc.file_stem().unwrap().to_str().unwrap().to_string();
            let has_break = std::fs::read_to_string(doc)
                .unwrap()
                .contains("role=\"separator\"");
            // Every document is measured with and without the book's CSS; the first one
            // with a scene break is also measured and photographed in the night theme and
            // inverted (a colour change cannot move the layout), to keep the suite's time
            // reasonable.
            let shoot = has_break && !shot_taken;
            shot_taken |= shoot;
            let themes: &[Theme] = if shoot {
                &[Theme::Book, Theme::Unstyled, Theme::Night, Theme::Inverted]
            } else {
                &[Theme::Book, Theme::Unstyled]
            };
            for &theme in themes {
                for size in SIZES {
                    let tag = format!("{doc_name}-{theme:?}-{}x{}", size.0, size.1);
                    let page = probe_copy(doc, theme, &tag);
                    let p = probe(bin, &page, size);
                    assert!(
                        p.scroll_width <= p.inner_width,
                        "{stem}/{tag}: horizontal overflow ({} > {})",
                        p.scroll_width,
                        p.inner_width
                    );
                    if !shoot {
                        continue;
                    }
                    let rect = p.ornament.expect("the ornament is in the DOM");
                    // Sized by its own attributes without CSS too: about 1em tall, 6 wide.
                    let em = p.font_size;
                    assert!(
                        (0.6 * em..=1.5 * em).contains(&rect[3])
                            && (rect[2] / rect[3] - 6.0).abs() < 0.2,
                        "{stem}/{tag}: ornament box {rect:?} at font size {em}"
                    );
                    let png = shots.join(format!("{stem}-{tag}.png"));
                    // A window tall enough to hold the first ornament: the width (and so the
                    // layout above it) is the device's; only more of the page is shown.
                    let tall = (size.0, size.1.max((rect[1] + rect[3]) as u32 + 40));
                    let img = screenshot(bin, &page, tall, &png);
                    let ink = ink_pixels(&img, rect);
                    // The lozenge alone covers about a tenth of the box.
                    let area = rect[2] * rect[3];
                    assert!(
                        ink as f64 > area * 0.05,
                        "{stem}/{tag}: ornament not visible ({ink} ink pixels in {rect:?}); see {}",
                        png.display()
                    );
                    ornaments_seen += 1;
                    // The text is as visible as the ornament: ink in its first paragraph.
                    let text = p.text.expect("a paragraph in the DOM");
                    let ink = ink_pixels(&img, text);
                    assert!(
                        ink as f64 > text[2] * text[3] * 0.03,
                        "{stem}/{tag}: text not visible ({ink} ink pixels in {text:?}); see {}",
                        png.display()
                    );
                }
            }
        }
    }
    assert!(ornaments_seen >= 8, "ornaments checked: {ornaments_seen}");
}

/// The bounding box (x0, y0, x1, y1) of the pixels close to `rgb` in a screenshot.
fn bbox_of_colour(img: &image::RgbImage, rgb: [u8; 3]) -> Option<(u32, u32, u32, u32)> {
    let mut b: Option<(u32, u32, u32, u32)> = None;
    for (x, y, p) in img.enumerate_pixels() {
        let close =
            p.0.iter()
                .zip(rgb)
                .all(|(a, b)| (*a as i32 - b as i32).abs() < 40);
        if close {
            b = Some(match b {
                None => (x, y, x, y),
                Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
            });
        }
    }
    b
}

#[test]
fn covers_keep_their_proportions_portrait_square_and_landscape() {
    let Some(bin) = chromium() else {
        have("chromium", "chromium");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = renders_dir(dir.path());
    // A solid red image of each shape on a page that is neither: the drawn red box must
    // have the image's proportions at both device sizes, with and without the book's CSS.
    for (name, w, h) in [
        ("portrait", 300u32, 600u32),
        ("square", 500, 500),
        ("landscape", 800, 400),
    ] {
        let src = dir.path().join(name);
        std::fs::create_dir_all(&src).unwrap();
        image::RgbImage::from_pixel(w, h, image::Rgb([220, 0, 0]))
            .save(src.join("cover.png"))
            .unwrap();
        let md = src.join(format!("{name}.md"));
        std::fs::write(
            &md,
            format!("---\ntitle: A {name} cover\ncover: cover.png\n---\n\nThe story.\n"),
        )
        .unwrap();
        let epub = build(&md, dir.path(), "epub");
        let unpacked = unpack(&epub, &dir.path().join(format!("{name}-book")));
        let cover = unpacked.join("OEBPS/cover.xhtml");
        for theme in [Theme::Book, Theme::Unstyled] {
            for size in SIZES {
                let tag = format!("cover-{name}-{theme:?}-{}x{}", size.0, size.1);
                let page = probe_copy(&cover, theme, &tag);
                let p = probe(bin, &page, size);
                assert!(
                    p.scroll_width <= p.inner_width,
                    "{tag}: horizontal overflow"
                );
                let png = shots.join(format!("{tag}.png"));
                let mut img = screenshot(bin, &page, size, &png);
                let mut found = bbox_of_colour(&img, [220, 0, 0]);
                if theme == Theme::Unstyled && found.is_some_and(|b| b.3 + 2 >= img.height()) {
                    // Without CSS nothing limits the cover to the screen's height: it is set
                    // full width, in proportion, and runs on below. See all of it to measure.
                    img = screenshot(bin, &page, (size.0, 4000), &png);
                    found = bbox_of_colour(&img, [220, 0, 0]);
                }
                let (x0, y0, x1, y1) =
                    found.unwrap_or_else(|| panic!("{tag}: no cover drawn; see {}", png.display()));
                let drawn = (x1 - x0 + 1) as f64 / (y1 - y0 + 1) as f64;
                let real = w as f64 / h as f64;
                assert!(
                    (drawn / real - 1.0).abs() < 0.03,
                    "{tag}: cover drawn {}×{} (ratio {drawn:.3}), image ratio {real:.3}; see {}",
                    x1 - x0 + 1,
                    y1 - y0 + 1,
                    png.display()
                );
                // And it uses the screen: one side spans (nearly) all of it.
                let fills = (x1 - x0 + 1) as f64 >= 0.9 * img.width() as f64
                    || (y1 - y0 + 1) as f64 >= 0.9 * img.height() as f64;
                if theme == Theme::Book {
                    assert!(
                        fills,
                        "{tag}: cover does not fill the screen; see {}",
                        png.display()
                    );
                }
            }
        }
    }
}
