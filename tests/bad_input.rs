//! The bad-input suite: malformed and hostile manuscripts, each with the exit code and the
//! stable error code (`error[E…]`) it must give. Small inputs live in `tests/bad_input/`;
//! large ones, FIFOs, devices and symlinks are made here. Every case must also finish
//! within a time limit (no hang) and leave no temporary file behind; every book written with
//! exit 0 must be well-formed (and pass epubcheck and qpdf where installed); the peak memory
//! of all the runs together must stay under 500 MB.
//!
//! `cargo test --test bad_input -- --nocapture` prints the table of cases.

mod common;

use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a case must give.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Exit 0: the book is written and valid.
    Ok,
    /// Exit 0 with a warning containing this text.
    Warns(&'static str),
    /// Exit 1 (the input failed) with this error code.
    Fails(&'static str),
    /// Exit 2 (usage) with this error code.
    Usage(&'static str),
}

struct Case {
    name: &'static str,
    expect: Expect,
    /// Prepares the case's files in `dir` and returns the arguments after `build`.
    setup: Box<dyn Fn(&Path) -> Vec<String>>,
    /// Extra checks after the run (files untouched, output content…).
    check: Option<Box<dyn Fn(&Path, &str)>>,
    env: Vec<(&'static str, &'static str)>,
    /// Run epubcheck on the book (slow: kept to the cases about output validity).
    epubcheck: bool,
}

fn fixture(name: &'static str) -> Box<dyn Fn(&Path) -> Vec<String>> {
    Box::new(move |dir: &Path| {
        let src = root().join("tests/bad_input").join(name);
        let dst = dir.join(name);
        fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        vec![s(&dst)]
    })
}

fn s(p: &Path) -> String {
    p.to_str().unwrap().to_string()
}

fn case(name: &'static str, expect: Expect) -> Case {
    Case {
        name,
        expect,
        setup: fixture(name),
        check: None,
        env: Vec::new(),
        epubcheck: false,
    }
}

fn made(
    name: &'static str,
    expect: Expect,
    setup: impl Fn(&Path) -> Vec<String> + 'static,
) -> Case {
    Case {
        name,
        expect,
        setup: Box::new(setup),
        check: None,
        env: Vec::new(),
        epubcheck: false,
    }
}

impl Case {
    fn check(mut self, f: impl Fn(&Path, &str) + 'static) -> Self {
        self.check = Some(Box::new(f));
        self
    }
    fn epubcheck(mut self) -> Self {
        self.epubcheck = true;
        self
    }
    fn env(mut self, k: &'static str, v: &'static str) -> Self {
        self.env.push((k, v));
        self
    }
}

const STORY: &str = "# One\n\nThe harbour was quiet that night.\n";

/// A PNG of `w`×`h` pixels.
fn png(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_pixel(w, h, image::Rgb([90, 120, 150]))
        .save(path)
        .unwrap();
}

/// A PNG that only declares its size (IHDR) — enough for the header checks, tiny on disk.
fn png_header_only(path: &Path, w: u32, h: u32) {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        out
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &ihdr));
    // An empty zlib stream: the decoder reads the header up to here, then finds no pixels.
    out.extend(chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    out.extend(chunk(b"IEND", &[]));
    fs::write(path, out).unwrap();
}

/// A real PNG whose pixels are all one colour: compresses to almost nothing, decodes huge.
fn png_bomb(path: &Path, side: u32) {
    // Built with the encoder, row by row, so the test itself stays small in memory.
    let file = fs::File::create(path).unwrap();
    let mut enc = png_encoder(file, side);
    let row = vec![0u8; side as usize];
    let mut w = enc.stream_writer().unwrap();
    use std::io::Write;
    for _ in 0..side {
        w.write_all(&row).unwrap();
    }
    w.finish().unwrap();
}

fn png_encoder(file: fs::File, side: u32) -> png::Writer<fs::File> {
    let mut e = png::Encoder::new(file, side, side);
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    e.set_compression(png::Compression::Fast);
    e.write_header().unwrap()
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let st = Command::new("mkfifo").arg(p).status().expect("mkfifo runs");
    assert!(st.success());
}

fn cases() -> Vec<Case> {
    use Expect::*;
    let mut v = vec![
        // ---- Files that are not manuscripts ----
        made("missing-file", Fails("E100"), |d| {
            vec![s(&d.join("nope.md"))]
        }),
        made("empty-folder", Fails("E105"), |d| {
            fs::create_dir(d.join("empty")).unwrap();
            vec![s(&d.join("empty"))]
        }),
        made("dev-zero", Fails("E101"), |_| vec!["/dev/zero".into()]),
        made("dev-null", Fails("E101"), |_| vec!["/dev/null".into()]),
        made("sparse-1gb", Fails("E102"), |d| {
            let p = d.join("huge.md");
            fs::File::create(&p).unwrap().set_len(1 << 30).unwrap();
            vec![s(&p)]
        }),
        made("just-over-size-cap", Fails("E102"), |d| {
            let p = d.join("big.txt");
            fs::write(&p, "word ".repeat(8 * 1024 * 1024 / 5 + 1)).unwrap();
            vec![s(&p)]
        }),
        made("single-line-paste-2mb", Fails("E121"), |d| {
            let p = d.join("paste.txt");
            fs::write(&p, "words without end ".repeat(120_000)).unwrap();
            vec![s(&p)]
        }),
        made("single-line-paste-md", Fails("E121"), |d| {
            let p = d.join("paste.md");
            fs::write(&p, "so many words ".repeat(20_000)).unwrap();
            vec![s(&p)]
        }),
        made("epub-named-manuscript", Usage("E151"), |d| {
            let p = d.join("book.epub");
            fs::write(&p, STORY).unwrap();
            vec![s(&p), "--out-dir".into(), s(d)]
        })
        .check(|d, _| {
            assert_eq!(
                fs::read_to_string(d.join("book.epub")).unwrap(),
                STORY,
                "the manuscript must survive"
            )
        }),
        made("dash-o-is-the-input", Usage("E151"), |d| {
            let p = d.join("story.pdf");
            fs::write(&p, STORY).unwrap();
            vec![s(&p), "-o".into(), s(&p)]
        })
        .check(|d, _| assert_eq!(fs::read_to_string(d.join("story.pdf")).unwrap(), STORY)),
        made("output-is-cover-hardlink", Fails("E151"), |d| {
            png(&d.join("c.png"), 8, 8);
            fs::hard_link(d.join("c.png"), d.join("out.epub")).unwrap();
            fs::write(d.join("s.md"), format!("---\ncover: c.png\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md")), "-o".into(), s(&d.join("out.epub"))]
        })
        .check(|d, _| assert!(image::open(d.join("c.png")).is_ok(), "cover intact")),
        made("pdf-target-is-a-folder", Fails("E150"), |d| {
            fs::write(d.join("s.md"), STORY).unwrap();
            fs::create_dir_all(d.join("out/s.pdf")).unwrap();
            fs::write(d.join("out/s.epub"), b"previous good book").unwrap();
            vec![s(&d.join("s.md")), "--out-dir".into(), s(&d.join("out"))]
        })
        .check(|d, _| {
            assert_eq!(
                fs::read(d.join("out/s.epub")).unwrap(),
                b"previous good book",
                "a failed build leaves the other output untouched"
            )
        }),
        made("colliding-outputs", Usage("E153"), |d| {
            fs::create_dir_all(d.join("a")).unwrap();
            fs::create_dir_all(d.join("b")).unwrap();
            fs::write(d.join("a/s.md"), STORY).unwrap();
            fs::write(d.join("b/s.md"), STORY).unwrap();
            vec![s(&d.join("a/s.md")), s(&d.join("b/s.md"))]
        }),
        made("dash-o-two-inputs", Usage("E160"), |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            fs::write(d.join("b.md"), STORY).unwrap();
            vec![
                s(&d.join("a.md")),
                s(&d.join("b.md")),
                "-o".into(),
                s(&d.join("x.epub")),
            ]
        }),
        made("bad-page", Usage("E160"), |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md")), "--page".into(), "1x1mm".into()]
        }),
        made("bad-language-option", Fails("E160"), |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md")), "--language".into(), "not a tag".into()]
        }),
        made("source-date-year-10000", Fails("E160"), |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md"))]
        })
        .env("SOURCE_DATE_EPOCH", "253402300800"),
        made("source-date-not-a-number", Fails("E160"), |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md"))]
        })
        .env("SOURCE_DATE_EPOCH", "yesterday"),
        made("source-date-last-second", Ok, |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md"))]
        })
        .env("SOURCE_DATE_EPOCH", "253402300799"),
        made("font-dir-dev-zero-link", Usage("E140"), |d| {
            fs::create_dir(d.join("fonts")).unwrap();
            std::os::unix::fs::symlink("/dev/zero", d.join("fonts/Zero-Regular.ttf")).unwrap();
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md")), "--font-dir".into(), s(&d.join("fonts"))]
        }),
        made("font-dir-is-dev-zero", Usage("E140"), |d| {
            fs::write(d.join("a.md"), STORY).unwrap();
            vec![s(&d.join("a.md")), "--font-dir".into(), "/dev/zero".into()]
        }),
        made("stale-part-files-swept", Ok, |d| {
            fs::write(d.join("s.md"), STORY).unwrap();
            fs::create_dir(d.join("out")).unwrap();
            // pid 2^31-2 is never a live process here.
            fs::write(d.join("out/.inkbind-2147483646-abc.part"), b"half").unwrap();
            vec![s(&d.join("s.md")), "--out-dir".into(), s(&d.join("out"))]
        })
        .check(|d, _| {
            assert!(!d.join("out/.inkbind-2147483646-abc.part").exists());
        }),
        // ---- Depfiles ----
        // A tab cannot go into a depfile: refused, nothing written, nothing run.
        made("depfile-shell-injection", Fails("E152"), |d| {
            let p = d.join("x$(shell\ttouch\tPWNED).md");
            fs::write(&p, STORY).unwrap();
            vec![
                s(&p),
                "--depfile".into(),
                "--out-dir".into(),
                s(&d.join("o")),
            ]
        })
        .check(|d, _| {
            assert!(!d.join("PWNED").exists());
            assert!(fs::read_dir(d.join("o")).map_or(true, |mut r| r.next().is_none()));
        }),
        made("depfile-dollar-paren", Ok, |d| {
            let p = d.join("y$(shell touch PWNED).md");
            fs::write(&p, STORY).unwrap();
            vec![
                s(&p),
                "--depfile".into(),
                "--out-dir".into(),
                s(&d.join("o")),
            ]
        })
        .check(|d, _| {
            make_reads_depfile(d, "y$(shell touch PWNED)");
            assert!(
                !d.join("PWNED").exists(),
                "make ran a command from the depfile"
            );
        }),
        made("depfile-hash-colon-dollar", Ok, |d| {
            let p = d.join("a#b c:d$e%f.md");
            fs::write(&p, STORY).unwrap();
            vec![
                s(&p),
                "--depfile".into(),
                "--out-dir".into(),
                s(&d.join("o")),
            ]
        })
        .check(|d, _| make_reads_depfile(d, "a#b c:d$e%f")),
        made("depfile-semicolon", Fails("E152"), |d| {
            let p = d.join("a;b.md");
            fs::write(&p, STORY).unwrap();
            vec![
                s(&p),
                "--depfile".into(),
                "--out-dir".into(),
                s(&d.join("o")),
            ]
        })
        .check(|d, _| assert!(!d.join("o/a;b.epub").exists(), "nothing written")),
    ];
    v.extend([
        // ---- Folders ----
        made("config-unknown-key", Usage("E161"), |d| {
            fs::write(d.join("inkbind.toml"), "autor = \"A typo\"\n").unwrap();
            fs::write(d.join("s.md"), STORY).unwrap();
            vec![s(&d.join("s.md")), "--out-dir".into(), s(&d.join("out"))]
        })
        .check(|d, err| {
            assert!(
                err.contains("inkbind.toml:1:1: unknown field `autor`"),
                "{err}"
            );
            assert!(!d.join("out").exists(), "nothing written");
        }),
        made("config-bad-syntax", Usage("E161"), |d| {
            fs::write(d.join("inkbind.toml"), "page = \"a5\"\nauthor = [1\n").unwrap();
            fs::write(d.join("s.md"), STORY).unwrap();
            vec![s(&d.join("s.md")), "--out-dir".into(), s(&d.join("out"))]
        })
        .check(|_, err| assert!(err.contains("inkbind.toml:2:"), "{err}")),
        made("folder-with-fifo", Warns("FIFO"), |d| {
            fs::create_dir(d.join("in")).unwrap();
            fs::write(d.join("in/a.md"), STORY).unwrap();
            mkfifo(&d.join("in/b.md"));
            vec![s(&d.join("in")), "--out-dir".into(), s(&d.join("out"))]
        }),
        made("folder-symlink-loop", Warns("symlink"), |d| {
            fs::create_dir_all(d.join("in/sub")).unwrap();
            fs::write(d.join("in/sub/a.md"), STORY).unwrap();
            std::os::unix::fs::symlink("..", d.join("in/sub/up")).unwrap();
            std::os::unix::fs::symlink("../..", d.join("in/sub/upup")).unwrap();
            std::os::unix::fs::symlink("loop2.md", d.join("in/loop1.md")).unwrap();
            std::os::unix::fs::symlink("loop1.md", d.join("in/loop2.md")).unwrap();
            vec![s(&d.join("in")), "--out-dir".into(), s(&d.join("out"))]
        }),
        made("folder-symlink-outside", Warns("leading out"), |d| {
            fs::create_dir(d.join("in")).unwrap();
            fs::write(d.join("in/a.md"), STORY).unwrap();
            fs::write(d.join("secret.md"), "# Secret\n\nDo not read.\n").unwrap();
            std::os::unix::fs::symlink(d.join("secret.md"), d.join("in/z.md")).unwrap();
            vec![s(&d.join("in")), "--out-dir".into(), s(&d.join("out"))]
        })
        .check(|d, _| assert!(!d.join("out/z.epub").exists())),
        made("fifo-as-input", Fails("E101"), |d| {
            mkfifo(&d.join("pipe.md"));
            vec![s(&d.join("pipe.md"))]
        }),
        made("symlink-loop-input", Fails("E100"), |d| {
            std::os::unix::fs::symlink("b.md", d.join("a.md")).unwrap();
            std::os::unix::fs::symlink("a.md", d.join("b.md")).unwrap();
            vec![s(&d.join("a.md"))]
        }),
        // ---- Covers, images, sidecars: the resource boundary ----
        made("cover-outside-folder", Fails("E131"), |d| {
            fs::create_dir(d.join("in")).unwrap();
            png(&d.join("outside.png"), 8, 8);
            fs::write(
                d.join("in/s.md"),
                format!("---\ncover: ../outside.png\n---\n{STORY}"),
            )
            .unwrap();
            vec![s(&d.join("in/s.md"))]
        }),
        made("cover-outside-allowed", Ok, |d| {
            fs::create_dir(d.join("in")).unwrap();
            fs::create_dir(d.join("art")).unwrap();
            png(&d.join("art/c.png"), 8, 8);
            fs::write(
                d.join("in/s.md"),
                format!("---\ncover: ../art/c.png\n---\n{STORY}"),
            )
            .unwrap();
            vec![
                s(&d.join("in/s.md")),
                "--allow-dir".into(),
                s(&d.join("art")),
            ]
        }),
        made("cover-symlink-outside", Fails("E131"), |d| {
            fs::create_dir(d.join("in")).unwrap();
            png(&d.join("outside.png"), 8, 8);
            std::os::unix::fs::symlink(d.join("outside.png"), d.join("in/c.png")).unwrap();
            fs::write(
                d.join("in/s.md"),
                format!("---\ncover: c.png\n---\n{STORY}"),
            )
            .unwrap();
            vec![s(&d.join("in/s.md"))]
        }),
        made("cover-is-folder", Fails("E101"), |d| {
            fs::create_dir(d.join("c.png")).unwrap();
            fs::write(d.join("s.md"), format!("---\ncover: c.png\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("cover-is-fifo", Fails("E101"), |d| {
            mkfifo(&d.join("c.png"));
            fs::write(d.join("s.md"), format!("---\ncover: c.png\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("cover-not-an-image", Fails("E132"), |d| {
            fs::write(d.join("c.png"), "just text").unwrap();
            fs::write(d.join("s.md"), format!("---\ncover: c.png\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("cover-truncated-png", Fails("E132"), |d| {
            png(&d.join("full.png"), 64, 64);
            let b = fs::read(d.join("full.png")).unwrap();
            fs::write(d.join("c.png"), &b[..b.len() / 2]).unwrap();
            fs::write(d.join("s.md"), format!("---\ncover: c.png\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        // Found by the images fuzz target (a slow unit): a JPEG with no scan data, which the
        // decoder fills with made-up pixels; the PDF writer then failed with an internal error.
        made("figure-jpeg-without-scan-data", Fails("E132"), |d| {
            let jpg = root().join("tests/bad_input/jpeg-without-scan.jpg");
            fs::copy(jpg, d.join("f.jpg")).unwrap();
            fs::write(d.join("s.md"), format!("{STORY}\n![a figure](f.jpg)\n")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("cover-jpeg-without-scan-data", Fails("E132"), |d| {
            let jpg = root().join("tests/bad_input/jpeg-without-scan.jpg");
            fs::copy(jpg, d.join("c.jpg")).unwrap();
            fs::write(d.join("s.md"), format!("---\ncover: c.jpg\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("cover-declares-20000px", Fails("E133"), |d| {
            png_header_only(&d.join("c.png"), 20_000, 20_000);
            fs::write(d.join("s.md"), format!("---\ncover: c.png\n---\n{STORY}")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("sidecar-symlink-outside", Fails("E131"), |d| {
            fs::create_dir(d.join("in")).unwrap();
            fs::write(d.join("elsewhere.yaml"), "title: Not Yours\n").unwrap();
            std::os::unix::fs::symlink(d.join("elsewhere.yaml"), d.join("in/s.yaml")).unwrap();
            fs::write(d.join("in/s.txt"), "It began.\n\nIt ended.\n").unwrap();
            vec![s(&d.join("in/s.txt"))]
        }),
        made("sidecar-is-fifo", Fails("E101"), |d| {
            mkfifo(&d.join("s.yaml"));
            fs::write(d.join("s.txt"), "It began.\n\nIt ended.\n").unwrap();
            vec![s(&d.join("s.txt"))]
        }),
        made("image-outside-folder", Fails("E131"), |d| {
            fs::create_dir(d.join("in")).unwrap();
            png(&d.join("outside.png"), 8, 8);
            fs::write(
                d.join("in/s.md"),
                format!("{STORY}\n![x](../outside.png)\n"),
            )
            .unwrap();
            vec![s(&d.join("in/s.md"))]
        }),
        made("image-bomb-png", Fails("E133"), |d| {
            png_bomb(&d.join("bomb.png"), 9_000);
            fs::write(d.join("s.md"), format!("{STORY}\n![x](bomb.png)\n")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("images-too-much-memory", Fails("E133"), |d| {
            let mut text = STORY.to_string();
            for i in 0..8 {
                png_header_only(&d.join(format!("i{i}.png")), 4000, 2000);
                text.push_str(&format!("\n![x](i{i}.png)\n"));
            }
            fs::write(d.join("s.md"), text).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("too-many-images", Fails("E122"), |d| {
            let mut text = STORY.to_string();
            png(&d.join("i.png"), 2, 2);
            for i in 0..201 {
                fs::copy(d.join("i.png"), d.join(format!("i{i}.png"))).unwrap();
                text.push_str(&format!("\n![x](i{i}.png)\n"));
            }
            fs::write(d.join("s.md"), text).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("image-not-an-image", Fails("E132"), |d| {
            fs::write(d.join("p.png"), "<svg/>").unwrap();
            fs::write(d.join("s.md"), format!("{STORY}\n![x](p.png)\n")).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("same-image-many-times", Ok, |d| {
            png(&d.join("p.png"), 40, 30);
            let text = format!("{STORY}{}", "\n![x](p.png)\n".repeat(300));
            fs::write(d.join("s.md"), text).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("front-matter-600k-keys", Fails("E112"), |d| {
            let mut t = String::from("---\n");
            for i in 0..600_000 {
                t.push_str(&format!("k{i}: v\n"));
            }
            t.push_str("---\n");
            t.push_str(STORY);
            fs::write(d.join("s.md"), t).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("front-matter-250-keys", Fails("E112"), |d| {
            let mut t = String::from("---\n");
            for i in 0..250 {
                t.push_str(&format!("k{i}: v\n"));
            }
            t.push_str("---\n");
            t.push_str(STORY);
            fs::write(d.join("s.md"), t).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("front-matter-5mb-title", Fails("E112"), |d| {
            let t = format!("---\ntitle: {}\n---\n{STORY}", "long ".repeat(1_000_000));
            fs::write(d.join("s.md"), t).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("title-2000-chars", Fails("E121"), |d| {
            let t = format!("---\ntitle: {}\n---\n{STORY}", "word ".repeat(400));
            fs::write(d.join("s.md"), t).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("title-option-control-chars", Warns("removed"), |d| {
            fs::write(d.join("s.md"), STORY).unwrap();
            vec![
                s(&d.join("s.md")),
                "--title".into(),
                "Bell\u{7} and \u{1b}[31mred".into(),
            ]
        })
        .epubcheck(),
        made("chapters-5001", Fails("E122"), |d| {
            let t: String = (0..5001).map(|i| format!("# C{i}\n\nText.\n\n")).collect();
            fs::write(d.join("s.md"), t).unwrap();
            vec![s(&d.join("s.md"))]
        }),
        made("paragraph-just-under-cap", Ok, |d| {
            fs::write(d.join("s.md"), "word ".repeat(39_000)).unwrap();
            vec![s(&d.join("s.md")), "--format".into(), "epub".into()]
        }),
        made("inspect-deep-nesting", Fails("E120"), |d| {
            fs::write(d.join("s.md"), ">".repeat(20_000) + " x\n").unwrap();
            vec!["--inspect".into(), s(&d.join("s.md"))]
        }),
    ]);
    // Small committed inputs.
    v.extend([
        case("yaml-syntax.md", Fails("E110")),
        case("yaml-title-list.md", Fails("E111")),
        case("yaml-not-mapping.md", Fails("E111")),
        case("yaml-billion-laughs.md", Fails("E112")),
        case("yaml-bad-date.md", Fails("E111")),
        case("yaml-year-10000.md", Fails("E111")),
        case("yaml-bad-language.md", Fails("E111")),
        case("yaml-control-chars.md", Warns("removed")).epubcheck(),
        case("yaml-deep.md", Fails("E110")),
        case("yaml-tagged.md", Ok),
        case("yaml-series-index-nan.md", Ok),
        case("yaml-cover-list.md", Fails("E111")),
        case("yaml-remote-cover.md", Fails("E134")),
        case("yaml-data-cover.md", Fails("E134")),
        case("yaml-absolute-cover.md", Fails("E131")),
        case("yaml-parent-cover.md", Fails("E130")),
        case("yaml-missing-cover.md", Fails("E130")),
        case("yaml-notes-deep.md", Fails("E120")),
        case("only-front-matter.md", Fails("E104")),
        case("empty.md", Fails("E104")),
        case("whitespace-only.txt", Fails("E104")),
        case("only-breaks.md", Fails("E104")),
        case("nested-quotes.md", Fails("E120")),
        case("nested-lists.md", Fails("E120")),
        case("nested-links.md", Fails("E121")),
        case("nested-links-5000.md", Ok),
        case("nested-emphasis.md", Fails("E120")),
        case("nested-brackets.md", Ok),
        case("nested-html-em.md", Ok),
        case("nested-quote-lazy.md", Fails("E120")),
        case("control-chars.md", Warns("removed")).epubcheck(),
        case("nul-in-heading.md", Ok),
        case("bad-urls.md", Warns("not a valid web or mail address")).epubcheck(),
        case("entity-decl.md", Ok).epubcheck(),
        case("raw-html.md", Warns("dropped with its content"))
            .epubcheck()
            .check(|d, err| {
                // Markup reduced to the allow-list: emphasis kept as emphasis, the rest
                // dropped (scripts and frames with their content), never printed as text.
                let chapter = entry(
                    &zip_entries(&d.join("raw-html.epub")),
                    "OEBPS/chapter-001.xhtml",
                );
                let doc = xhtml(&chapter);
                let text: String = doc
                    .descendants()
                    .filter(|n| n.is_text())
                    .map(|n| n.text().unwrap())
                    .collect();
                for gone in ["alert", "injected", "<", "flash", "steal", "color"] {
                    assert!(!text.contains(gone), "{gone:?} reached the book: {text}");
                }
                for kept in [
                    "Before after.",
                    "A centred line",
                    "Second one & more.",
                    "A link and gone.",
                ] {
                    assert!(text.contains(kept), "{kept:?} missing: {text}");
                }
                let inside = |tag: &str, word: &str| {
                    doc.descendants()
                        .any(|n| n.tag_name().name() == tag && n.text() == Some(word))
                };
                assert!(inside("strong", "bold") && inside("em", "italic") && inside("em", "kept"));
                for (tag, word) in [
                    ("sup", "2"),
                    ("sub", "2"),
                    ("u", "under"),
                    ("s", "struck"),
                    ("small", "small"),
                ] {
                    assert!(inside(tag, word), "<{tag}>{word}</{tag}> missing");
                }
                assert!(
                    doc.descendants()
                        .any(|n| n.attribute("role") == Some("separator")),
                    "<hr> is a scene break"
                );
                for line in [
                    ":3: HTML <script>",
                    ":5: HTML <img>",
                    ":15: HTML <script>",
                    ":19: HTML <div> has an event handler",
                    ":26: HTML <a> has a javascript:",
                ] {
                    assert!(err.contains(line), "no warning {line:?}: {err}");
                }
            }),
        case("pdf-strings.md", Ok).check(|d, _| {
            // PDF string syntax (parentheses, backslashes, non-ASCII) escaped where it lands:
            // the Info dictionary and the outline read back as written.
            let pdf = lopdf::Document::load(d.join("pdf-strings.pdf")).expect("lopdf reads it");
            let text = |o: &lopdf::Object| match o {
                lopdf::Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => String::from_utf16(
                    &b[2..]
                        .chunks(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]]))
                        .collect::<Vec<_>>(),
                )
                .unwrap(),
                lopdf::Object::String(b, _) => String::from_utf8(b.clone()).unwrap(),
                o => panic!("not a string: {o:?}"),
            };
            let info = pdf
                .trailer
                .get(b"Info")
                .and_then(|o| o.as_reference())
                .unwrap();
            let info = pdf.get_dictionary(info).unwrap();
            assert_eq!(
                text(info.get(b"Title").unwrap()),
                "A) \\ (b <x:xmpmeta> & ]]> é"
            );
            assert_eq!(text(info.get(b"Author").unwrap()), "O(ne) \\ Two");
            let outlines = pdf
                .catalog()
                .unwrap()
                .get(b"Outlines")
                .and_then(|o| o.as_reference())
                .unwrap();
            let mut item = pdf
                .get_dictionary(outlines)
                .unwrap()
                .get(b"First")
                .and_then(|o| o.as_reference())
                .ok();
            let mut titles = Vec::new();
            while let Some(id) = item {
                let d = pdf.get_dictionary(id).unwrap();
                titles.push(text(d.get(b"Title").unwrap()));
                item = d.get(b"Next").and_then(|o| o.as_reference()).ok();
            }
            assert_eq!(titles, ["Ch) (\\", "Zoë ) \\"]);
        }),
        case("heading-only-markup.md", Ok).epubcheck(),
        case("weird-headings.md", Ok),
        case("tabs-and-bom.md", Ok),
        case("bidi-and-zero-width.md", Ok),
        case("long-word.md", Ok),
        case("many-breaks.md", Ok),
        case("table-and-footnotes.md", Ok),
        case("letter-markers.md", Ok),
        case("crlf-and-cr.md", Ok),
        case("image-remote.md", Fails("E134")),
        case("image-data-url.md", Fails("E134")),
        case("image-missing.md", Fails("E130")),
        case("image-absolute.md", Fails("E131")),
        case("image-parent.md", Fails("E130")),
        case("image-folder.md", Fails("E101")),
        case("not-utf8.md", Fails("E103")),
        case("utf16-odd.txt", Ok),
        case("binary-junk.txt", Ok),
        case("latin1.txt", Warns("Windows-1252")),
        case("plain-nested-notes.txt", Ok),
        case("plain-many-chapters.txt", Fails("E122")),
        case("plain-separators-only.txt", Fails("E104")),
        // Found by the plaintext fuzz target (2026-12-07): a sign-off after a dash, the
        // sentence before it ending in a character of two bytes, cut inside it (a panic).
        case("plain-fuzz-signoff-after-dash.txt", Ok),
    ]);
    v
}

/// `make` must read the depfile without error and see the manuscript as a prerequisite.
fn make_reads_depfile(d: &Path, stem: &str) {
    let dep = fs::read_dir(d.join("o"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "d"))
        .expect("a depfile");
    if Command::new("make").arg("--version").output().is_err() {
        eprintln!("SKIPPED make check of the depfile: make not installed");
        return;
    }
    // (The depfile's own name may hold `$`: include a copy with a plain name.)
    fs::copy(&dep, d.join("deps.mk")).unwrap();
    let mk = d.join("Makefile");
    fs::write(&mk, "include deps.mk\nall:\n\t@true\n").unwrap();
    let out = Command::new("make")
        .args(["-s", "-f"])
        .arg(&mk)
        .arg("-p")
        .current_dir(d)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "make fails on the depfile:\n{}\n{}",
        fs::read_to_string(&dep).unwrap(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&format!("{stem}.md")),
        "make does not see {stem}.md as a file:\n{}",
        fs::read_to_string(&dep).unwrap()
    );
}

/// Every `.inkbind-*.part` under `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            let Ok(t) = e.file_type() else { continue };
            if t.is_dir() {
                stack.push(p);
            } else if p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(".inkbind-") && n.ends_with(".part"))
            {
                out.push(p);
            }
        }
    }
    out
}

/// Runs inkbind, killing it after `limit` (a hang is a failure).
fn run_limited(
    args: &[String],
    cwd: &Path,
    env: &[(&str, &str)],
    limit: Duration,
) -> (i32, String, Duration) {
    let (sub, rest) = match args.first().map(String::as_str) {
        Some("--inspect") => ("inspect", &args[1..]),
        _ => ("build", args),
    };
    let mut cmd = inkbind();
    cmd.arg(sub)
        .args(rest)
        .current_dir(cwd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().expect("inkbind starts");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        use std::io::Read;
        let _ = stderr.read_to_string(&mut s);
        s
    });
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            let err = reader.join().unwrap();
            return (st.code().unwrap_or(-1), err, start.elapsed());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("inkbind {args:?} still running after {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Peak resident memory of all the children waited for so far (bytes).
fn children_peak_rss() -> u64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru) };
    ru.ru_maxrss as u64 * 1024
}

#[test]
fn bad_input_suite() {
    let cases = cases();
    assert!(cases.len() >= 60, "the suite has {} cases", cases.len());
    let root_dir = tempfile::tempdir().unwrap();
    // A debug build is slower than a release one by ~10x: the limit only catches hangs.
    let limit = Duration::from_secs(60);
    let mut table = vec![format!(
        "| case | expected | exit | code | ms |\n|---|---|---|---|---|"
    )];
    let mut books = Vec::new();
    let mut failures = Vec::new();
    for c in &cases {
        let dir = root_dir.path().join(c.name);
        fs::create_dir_all(&dir).unwrap();
        let args = (c.setup)(&dir);
        let (code, err, took) = run_limited(&args, &dir, &c.env, limit);
        let found = err
            .lines()
            .find_map(|l| l.strip_prefix("error[").and_then(|r| r.get(..4)))
            .unwrap_or("-")
            .to_string();
        table.push(format!(
            "| {} | {:?} | {code} | {found} | {} |",
            c.name,
            c.expect,
            took.as_millis()
        ));
        let ok = match c.expect {
            Expect::Ok => code == 0,
            Expect::Warns(w) => code == 0 && err.contains(w),
            Expect::Fails(e) => code == 1 && found == e,
            Expect::Usage(e) => code == 2 && found == e,
        };
        if !ok {
            failures.push(format!(
                "{}: expected {:?}, got exit {code}, code {found}:\n{err}",
                c.name, c.expect
            ));
            continue;
        }
        assert!(!err.contains("panicked"), "{}: {err}", c.name);
        let stale = temp_files(&dir);
        assert!(
            stale.is_empty(),
            "{}: temporary files left: {stale:?}",
            c.name
        );
        if let Some(check) = &c.check {
            check(&dir, &err);
        }
        if code == 0 {
            for p in walk_files(&dir) {
                match p.extension().and_then(|e| e.to_str()) {
                    Some("epub") => {
                        assert_epub_structure(&p);
                        assert_package_files_well_formed(&p);
                        if c.epubcheck {
                            books.push(p);
                        }
                    }
                    Some("pdf") => qpdf_check(&p),
                    _ => {}
                }
            }
        }
    }
    println!("{}", table.join("\n"));
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    let peak = children_peak_rss();
    println!("peak memory of any run: {} MB", peak / 1_000_000);
    assert!(peak < 500_000_000, "a run took {} MB", peak / 1_000_000);
    validate_books(&books);
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                out.push(e.path());
            }
        }
    }
    out
}

/// The package files (OPF, NCX, nav) parse as XML and name every chapter with some text.
fn assert_package_files_well_formed(epub: &Path) {
    for (name, _, bytes) in zip_entries(epub) {
        if name.ends_with(".opf") || name.ends_with(".ncx") || name.ends_with(".xhtml") {
            let text = String::from_utf8(bytes).expect("UTF-8");
            let doc = roxmltree::Document::parse_with_options(
                &text,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                },
            )
            .unwrap_or_else(|e| panic!("{}: {name} is not well-formed: {e}", epub.display()));
            for t in doc
                .descendants()
                .filter(|n| n.has_tag_name("title") || n.has_tag_name("text"))
            {
                assert!(
                    t.text().is_some_and(|s| !s.trim().is_empty()),
                    "{}: empty <{}> in {name}",
                    epub.display(),
                    t.tag_name().name()
                );
            }
        }
    }
}

/// Books written with exit 0 pass epubcheck (zero messages) and qpdf --check.
fn validate_books(books: &[PathBuf]) {
    // Two at a time: epubcheck starts a JVM for each book.
    std::thread::scope(|s| {
        for half in books.chunks(books.len().div_ceil(2).max(1)) {
            s.spawn(move || half.iter().for_each(|b| assert_epubcheck_clean(b)));
        }
    });
}

fn qpdf_check(pdf: &Path) {
    match Command::new("qpdf").arg("--check").arg(pdf).output() {
        Ok(o) => assert!(
            o.status.success(),
            "qpdf --check {}:\n{}",
            pdf.display(),
            String::from_utf8_lossy(&o.stdout)
        ),
        Err(_) if validators_required() => panic!("qpdf missing and validators are required"),
        Err(_) => eprintln!("SKIPPED qpdf check: qpdf not installed"),
    }
}

#[test]
fn readme_lists_every_error_code() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    for code in inkbind::error::Code::ALL {
        assert!(
            readme.contains(&format!("| {code} |")),
            "README does not list {code}"
        );
    }
    let mut seen = std::collections::HashSet::new();
    for code in inkbind::error::Code::ALL {
        assert!(seen.insert(code.as_str()), "{code} used twice");
    }
}
