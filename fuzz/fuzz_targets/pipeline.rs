//! The whole pipeline in memory: manuscript → story → EPUB + typeset PDF. Whatever the
//! reader accepts must render: every XML file of the EPUB well-formed, and the PDF written
//! without an internal error.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

static FONTS: OnceLock<inkbind::typeset::font::Fonts> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut diag = inkbind::error::Diagnostics::default();
    let opts = inkbind::reader::ReadOptions::default();
    let path = Path::new("/nonexistent-inkbind-fuzz/story.md");
    let Ok(story) = inkbind::reader::read_markdown(path, text, &opts, &mut diag) else {
        return;
    };
    let info = inkbind::render::BuildInfo::fixed(uuid::Uuid::nil(), 1_700_000_000);
    let epub = inkbind::render::epub::render(&story, &info).expect("an accepted story renders");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("the EPUB is a zip");
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        if name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx") || name.ends_with(".xml") {
            let mut s = String::new();
            f.read_to_string(&mut s).expect("UTF-8");
            let opt = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
            if let Err(e) = roxmltree::Document::parse_with_options(&s, opt) {
                panic!("{name} is not well-formed: {e}\n{s}");
            }
        }
    }
    let fonts = FONTS.get_or_init(inkbind::typeset::font::Fonts::bundled);
    let setup = inkbind::typeset::preset::lookup("a5").unwrap();
    let (doc, _) = inkbind::typeset::layout::typeset(&story, &info, &setup, fonts)
        .expect("an accepted story typesets");
    inkbind::pdf::write_pdf(&doc).expect("the PDF writer has no internal error");
});
