//! The library API: a manuscript held in memory becomes EPUB and PDF bytes, with every file
//! and the clock reached through the loader.

mod common;
use common::*;
use inkbind::{convert, Converter, FontFiles, Format, MemoryLoader, Options};
use std::path::Path;

const STORY: &str = "---\ntitle: The Harbour Light\nauthor: Ana Test\ncover: art/cover.png\n---\n\n# One\n\nThe boats came in at dusk.\n\n![The harbour at night](art/map.png)\n\n* * *\n\nMorning.\n";

fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::RgbImage::from_pixel(w, h, image::Rgb([shade, shade / 2, 90]))
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn loader() -> MemoryLoader {
    MemoryLoader::new()
        .with_file("shelf/art/cover.png", png(60, 80, 200))
        .with_file("shelf/art/map.png", png(120, 90, 30))
        .with_time(1_767_225_600)
}

#[test]
fn converts_in_memory_to_valid_reproducible_epub_and_pdf() {
    let options = Options::default().loader(loader());
    let book = convert("shelf/harbour.md", STORY.as_bytes(), &options).unwrap();
    assert!(book.warnings.is_empty(), "{:?}", book.warnings);
    let (epub, pdf) = (book.epub.unwrap(), book.pdf.unwrap());

    // The EPUB: the cover and figure from the loader, dated by the loader's clock.
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("harbour.epub");
    std::fs::write(&path, &epub).unwrap();
    let entries = zip_entries(&path);
    let opf = entry(&entries, "OEBPS/content.opf");
    assert!(
        opf.contains("<dc:title>The Harbour Light</dc:title>"),
        "{opf}"
    );
    assert!(opf.contains("2026-01-01T00:00:00Z"), "{opf}");
    let images: Vec<&str> = entries
        .iter()
        .map(|(n, _, _)| n.as_str())
        .filter(|n| n.contains("images/"))
        .collect();
    assert!(images.iter().any(|n| n.contains("cover.png")), "{images:?}");
    assert!(images.iter().any(|n| n.contains("figure-1")), "{images:?}");
    assert_epubcheck_clean(&path);

    // The PDF parses: a title page and the story, the title in its metadata.
    let doc = lopdf::Document::load_mem(&pdf).expect("a PDF lopdf can read");
    assert!(doc.get_pages().len() >= 2);
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.dereference(i))
        .and_then(|(_, o)| o.as_dict())
        .expect("an Info dictionary");
    let title = info.get(b"Title").and_then(|t| t.as_str()).unwrap();
    assert!(
        String::from_utf8_lossy(title).contains("Harbour Light")
            || title.windows(2).any(|w| w == [0, b'H']),
        "{title:?}"
    );

    // Same manuscript, same loader: the same bytes.
    let again = convert("shelf/harbour.md", STORY.as_bytes(), &options).unwrap();
    assert_eq!(again.epub.unwrap(), epub);
    assert_eq!(again.pdf.unwrap(), pdf);
}

#[test]
fn nothing_is_read_from_disk_with_a_memory_loader() {
    // stories/covers/lighthouse.png exists on disk, but not in the loader.
    let text = "---\ntitle: T\ncover: covers/lighthouse.png\n---\n\nText.\n";
    assert!(root().join("stories/covers/lighthouse.png").is_file());
    let path = root().join("stories/t.md");
    let options = Options::default()
        .formats(&[Format::Epub])
        .loader(MemoryLoader::new());
    let e = convert(&path, text.as_bytes(), &options).unwrap_err();
    assert!(e.to_string().contains("lighthouse.png"), "{e}");
    // With the file in the loader, it converts.
    let bytes = std::fs::read(root().join("stories/covers/lighthouse.png")).unwrap();
    let options = options
        .loader(MemoryLoader::new().with_file(root().join("stories/covers/lighthouse.png"), bytes));
    assert!(convert(&path, text.as_bytes(), &options).is_ok());
}

#[test]
fn errors_name_the_manuscript_and_line() {
    let options = Options::default().loader(loader());
    let e = convert(
        "shelf/bad.md",
        b"---\ntitle: [unclosed\n---\n\nText.\n",
        &options,
    )
    .unwrap_err();
    assert_eq!(e.location.file.as_deref(), Some(Path::new("shelf/bad.md")));
    assert!(e.location.line.is_some(), "{e}");
    let e = convert("shelf/x.md", b"![gone](nowhere.png)\n", &options).unwrap_err();
    assert!(e.to_string().contains("nowhere.png"), "{e}");
    let e = Converter::new(Options::default().page("huge"))
        .err()
        .unwrap();
    assert!(e.to_string().contains("huge"), "{e}");
}

#[test]
fn fonts_come_through_the_loader_and_one_converter_serves_many_threads() {
    let fonts = root().join("fonts/gentium-book-plus");
    let mut l = loader();
    for f in ["Regular", "Italic"] {
        let name = format!("GentiumBookPlus-{f}.ttf");
        l.insert(
            format!("mem/{name}"),
            std::fs::read(fonts.join(&name)).unwrap(),
        );
    }
    let converter = Converter::new(
        Options::default()
            .formats(&[Format::Pdf])
            .page("ereader-6")
            .fonts(FontFiles {
                regular: "mem/GentiumBookPlus-Regular.ttf".into(),
                italic: Some("mem/GentiumBookPlus-Italic.ttf".into()),
                ..Default::default()
            })
            .loader(l),
    )
    .unwrap();
    let books: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let c = &converter;
                s.spawn(move || {
                    let text = format!("# Part {i}\n\nA short story, number {i}.\n");
                    c.convert(format!("shelf/s{i}.md"), text.as_bytes())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for b in books {
        let b = b.unwrap();
        assert!(b.epub.is_none());
        // Bold faces were not given: said once per book, naming the family.
        assert!(
            b.warnings
                .iter()
                .any(|w| w.message.contains("no bold face")),
            "{:?}",
            b.warnings
        );
        let doc = lopdf::Document::load_mem(&b.pdf.unwrap()).unwrap();
        assert!(!doc.get_pages().is_empty());
    }
    // A font the loader does not have is an error naming it.
    let e = Converter::new(
        Options::default()
            .loader(MemoryLoader::new())
            .fonts(FontFiles {
                regular: "nope/Regular.ttf".into(),
                ..Default::default()
            }),
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("nope/Regular.ttf"), "{e}");
}
