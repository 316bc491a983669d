//! YAML front matter: splitting and parsing any text (aliases, tags, deep nesting, huge keys).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let split = inkbind::reader::frontmatter::split(text);
    let yaml = split.yaml.unwrap_or(text);
    let mut meta = inkbind::model::Metadata::default();
    let mut diag = inkbind::error::Diagnostics::default();
    let _ = inkbind::reader::frontmatter::parse(
        Path::new("story.md"),
        yaml,
        split.yaml_line,
        &mut meta,
        &mut diag,
    );
    if let Some(d) = meta.date.as_deref() {
        // A date that was accepted is one every output format can write.
        let t = inkbind::reader::frontmatter::parse_date(d).expect("accepted dates parse");
        assert!((inkbind::reader::frontmatter::FIRST_DATE..=inkbind::reader::frontmatter::LAST_DATE).contains(&t));
    }
});
