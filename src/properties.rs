//! Properties of the readers and the EPUB renderer over generated manuscripts (proptest):
//!
//! - **No text lost or duplicated**: every word of a Markdown or plain-text manuscript is in
//!   the story model exactly as often as in the source, whatever structure the recognisers
//!   find in it (letters, breaks with labels, chapters, notes), and the EPUB's chapters hold
//!   exactly the model's words.
//! - **Every EPUB written is well-formed**: for any text at all (control characters, markup
//!   characters, raw HTML, odd titles), each XML file of the EPUB and of the kepub parses.
//!
//! Manuscripts are generated from the shapes people write: paragraphs with emphasis, headings,
//! separators, quotations, lists, raw HTML, letters (`Dear …,` … `Yours,` / a signature, in
//! quotes or italics, with a P.S.), POV lines, hard-wrapped and indented plain text.

use crate::model::{plain_text, walk_runs, Story};
use crate::reader::{read_markdown, read_plain_text, ReadOptions};
use crate::render::{epub, BuildInfo};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// Words of `text`: runs of letters and digits, counted.
fn words(text: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_string()).or_insert(0) += 1;
    }
    m
}

/// The text a reader sees of a Markdown source: tags left out (`<i>` is not a word).
fn without_tags(doc: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in doc.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every word of the story's text (the title when the manuscript gave it, chapter titles,
/// paragraphs, letters, labels, notes).
fn story_words(story: &Story) -> BTreeMap<String, usize> {
    let mut all = String::new();
    // A title from the file name ("story.md" → "Story") is not the manuscript's text.
    if story.meta.title != "Story" {
        all.push_str(&story.meta.title);
        all.push('\n');
    }
    walk_runs(story, &mut |run, _| {
        all.push_str(&plain_text(run));
        all.push('\n');
    });
    words(&all)
}

fn options() -> ReadOptions {
    ReadOptions {
        loader: Arc::new(crate::loader::MemoryLoader::new()),
        ..ReadOptions::default()
    }
}

fn info() -> BuildInfo {
    BuildInfo::fixed(uuid::Uuid::nil(), 1_700_000_000)
}

fn word() -> impl Strategy<Value = String> {
    "[a-z]{3,9}"
}

fn name() -> impl Strategy<Value = String> {
    // (`Xox`, `Ooo` are separators as fan fiction writes them, not names)
    "[A-Z][a-z]{2,8}".prop_filter("a separator, not a name", |n| {
        !n.to_lowercase().chars().all(|c| c == 'x' || c == 'o')
    })
}

fn sentence() -> impl Strategy<Value = String> {
    (
        name(),
        prop::collection::vec(word(), 1..14),
        prop_oneof![Just("."), Just("!"), Just("?"), Just(",\" she said.")],
    )
        .prop_map(|(first, w, end)| format!("{first} {}{end}", w.join(" ")))
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(sentence(), 1..5).prop_map(|s| s.join(" "))
}

/// A letter as fan fiction and old novels set it: salutation, body, sign-off, signature, an
/// optional P.S.; plain, every paragraph in quotes, or every paragraph in italics.
fn letter() -> impl Strategy<Value = Vec<String>> {
    (
        name(),
        prop::collection::vec(paragraph(), 1..4),
        prop_oneof![
            Just("Yours,"),
            Just("Love,"),
            Just("Best wishes,"),
            Just("Yours truly,")
        ],
        name(),
        prop::option::of(sentence()),
        0..3u8,
    )
        .prop_map(|(to, body, signoff, from, ps, wrap)| {
            let mut parts = vec![format!("Dear {to},")];
            parts.extend(body);
            parts.push(format!("{signoff}\n{from}"));
            if let Some(ps) = ps {
                parts.push(format!("P.S. {ps}"));
            }
            match wrap {
                1 => parts.iter().map(|p| format!("\"{p}\"")).collect(),
                2 => parts
                    .iter()
                    .map(|p| format!("*{}*", p.replace('\n', "*\n*")))
                    .collect(),
                _ => parts,
            }
        })
}

/// One Markdown block (or a few, for a letter).
fn md_blocks() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        6 => paragraph().prop_map(|p| vec![p]),
        1 => (word(), paragraph()).prop_map(|(w, s)| vec![format!("*{w}* {s}")]),
        1 => (paragraph(), word()).prop_map(|(s, w)| vec![format!("{s} **{w}** end")]),
        1 => prop::collection::vec(name(), 1..5).prop_map(|w| vec![format!("# {}", w.join(" "))]),
        1 => prop::collection::vec(name(), 1..5).prop_map(|w| vec![format!("## {}", w.join(" "))]),
        1 => Just(vec!["***".to_string()]),
        1 => (name(), word()).prop_map(|(a, b)| vec!["* * *".to_string(), format!("*{a} {b}*")]),
        1 => prop::collection::vec(paragraph(), 1..4)
            .prop_map(|p| vec![p.iter().map(|s| format!("> {s}")).collect::<Vec<_>>().join("\n>\n")]),
        1 => letter().prop_map(|l| vec![l.iter().map(|p| p.lines().map(|x| format!("> {x}")).collect::<Vec<_>>().join("\n")).collect::<Vec<_>>().join("\n>\n")]),
        1 => letter(),
        1 => prop::collection::vec(sentence(), 1..4)
            .prop_map(|p| vec![p.iter().map(|s| format!("- {s}")).collect::<Vec<_>>().join("\n")]),
        1 => (word(), sentence()).prop_map(|(w, s)| vec![format!("Some <i>{w}</i> and <b>{w}</b>. {s}")]),
        1 => (paragraph(), paragraph()).prop_map(|(a, b)| vec![format!("<div class=\"x\">\n<p>{a}</p>\n<center>{b}</center>\n</div>")]),
    ]
}

/// One plain-text block: paragraphs, chapter lines, separators, POV lines, letters.
fn txt_blocks() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        8 => paragraph().prop_map(|p| vec![p]),
        1 => (1u32..40).prop_map(|n| vec![format!("Chapter {n}")]),
        1 => Just(vec!["* * *".to_string()]),
        1 => Just(vec!["~~~".to_string()]),
        1 => Just(vec!["oOo".to_string()]),
        1 => name().prop_map(|n| vec![format!("~{n}~")]),
        1 => name().prop_map(|n| vec![format!("{n}'s POV")]),
        1 => (name(), word()).prop_map(|(a, b)| vec!["-----".to_string(), format!("{a} {b} later")]),
        2 => letter(),
    ]
}

/// Lays out plain-text paragraphs as archives and Gutenberg do: blank-line separated,
/// hard-wrapped at `width` columns (0: one line per paragraph), or indented without blank
/// lines.
fn lay_out_text(blocks: &[String], width: usize, indented: bool) -> String {
    let wrap = |p: &str| -> String {
        if width == 0 {
            return p.to_string();
        }
        let mut lines: Vec<String> = Vec::new();
        for src_line in p.lines() {
            let mut line = String::new();
            for w in src_line.split(' ') {
                if !line.is_empty() && line.len() + 1 + w.len() > width {
                    lines.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(w);
            }
            lines.push(line);
        }
        lines.join("\n")
    };
    if indented {
        blocks
            .iter()
            .map(|p| format!("    {}", wrap(p)))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    } else {
        blocks
            .iter()
            .map(|p| wrap(p))
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n"
    }
}

fn md_doc() -> impl Strategy<Value = String> {
    // Ends with a paragraph: a manuscript of headings only is refused as empty, rightly.
    (prop::collection::vec(md_blocks(), 0..16), paragraph()).prop_map(|(b, last)| {
        b.concat()
            .into_iter()
            .chain([last])
            .collect::<Vec<_>>()
            .join("\n\n")
            + "\n"
    })
}

fn txt_doc() -> impl Strategy<Value = String> {
    (
        (prop::collection::vec(txt_blocks(), 0..16), paragraph())
            .prop_map(|(b, last)| b.into_iter().chain([vec![last]]).collect::<Vec<_>>()),
        prop_oneof![Just(0usize), 50usize..80],
        prop::bool::weighted(0.2),
    )
        .prop_map(|(b, width, indented)| lay_out_text(&b.concat(), width, indented))
}

/// Any text at all, control characters and markup-looking characters included.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f<>&\"'\\]\\[!*_#`\\\\ a-z\u{fffe}\u{ffff}\u{202e}\u{85}]{1,80}",
        "(<[a-z]{1,6}( on[a-z]+=\"[^\"]{0,8}\")?>|</[a-z]{1,6}>|&[a-z#0-9]{1,6};|[a-z ]{1,8}){1,12}",
    ]
}

fn hostile_doc() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            md_blocks().prop_map(|b| b.join("\n\n")),
            hostile_text(),
            hostile_text().prop_map(|t| format!("# {t}")),
            hostile_text().prop_map(|t| format!("> Dear {t},\n>\n> {t}\n>\n> Yours,\n> {t}")),
            hostile_text().prop_map(|t| format!("* * *\n\n{t}")),
        ],
        1..10,
    )
    .prop_map(|b| b.join("\n\n"))
}

/// Every XML file of an EPUB parses; returns the chapters' text.
fn well_formed(bytes: Vec<u8>) -> Result<String, TestCaseError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| TestCaseError::fail(format!("not a zip: {e}")))?;
    let mut chapters = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().to_string();
        if ![".xhtml", ".opf", ".ncx", ".xml"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            continue;
        }
        let mut s = String::new();
        f.read_to_string(&mut s)
            .map_err(|e| TestCaseError::fail(format!("{name} is not UTF-8: {e}")))?;
        let opt = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&s, opt)
            .map_err(|e| TestCaseError::fail(format!("{name}: {e}\n{s}")))?;
        if name.contains("chapter-") {
            let body = doc
                .descendants()
                .find(|n| n.has_tag_name(("http://www.w3.org/1999/xhtml", "body")));
            for t in body
                .into_iter()
                .flat_map(|b| b.descendants())
                .filter(|n| n.is_text())
            {
                chapters.push_str(t.text().unwrap_or(""));
                chapters.push(' ');
            }
        }
    }
    Ok(chapters)
}

/// The EPUB's chapters hold the model's words (the book's title is on the title page, not in
/// the chapters), plus at most the title as the heading of untitled chapters.
fn same_words_in_book(
    story: &Story,
    book: &BTreeMap<String, usize>,
    doc: &str,
) -> Result<(), TestCaseError> {
    let mut runs = String::new();
    walk_runs(story, &mut |run, _| {
        runs.push_str(&plain_text(run));
        runs.push('\n');
    });
    let model = &words(&runs);
    let title = words(&story.meta.title);
    let untitled = story.chapters.iter().filter(|c| c.title.is_none()).count();
    for (w, n) in book {
        let expected = model.get(w).copied().unwrap_or(0);
        let extra = title.get(w).copied().unwrap_or(0) * untitled;
        prop_assert!(
            (expected..=expected + extra).contains(n),
            "model → EPUB: {w:?} is {n}× in the book, {expected}× in the model\n{doc}"
        );
    }
    for (w, n) in model {
        prop_assert!(
            book.contains_key(w),
            "model → EPUB: {w:?} ({n}×) missing from the book\n{doc}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, max_shrink_iters: 256, ..ProptestConfig::default() })]

    #[test]
    fn markdown_keeps_every_word_once(doc in md_doc()) {
        let path = Path::new("/story/story.md");
        let story = read_markdown(path, &doc, &options(), &mut Default::default())
            .map_err(|e| TestCaseError::fail(format!("a plain manuscript was refused: {e}\n{doc}")))?;
        prop_assert_eq!(&story_words(&story), &words(&without_tags(&doc)), "manuscript → model\n{}", doc);
        let text = well_formed(epub::render(&story, &info()).expect("renders"))?;
        same_words_in_book(&story, &words(&text), &doc)?;
    }

    #[test]
    fn plain_text_keeps_every_word_once(doc in txt_doc()) {
        let path = Path::new("/story/story.txt");
        let story = read_plain_text(path, doc.as_bytes(), &options(), &mut Default::default())
            .map_err(|e| TestCaseError::fail(format!("a plain manuscript was refused: {e}\n{doc}")))?;
        // `oOo` is a separator written in letters, not a word of the story.
        let source: String = doc.lines().filter(|l| l.trim() != "oOo").collect::<Vec<_>>().join("\n");
        prop_assert_eq!(&story_words(&story), &words(&source), "manuscript → model\n{}", doc);
        let text = well_formed(epub::render(&story, &info()).expect("renders"))?;
        same_words_in_book(&story, &words(&text), &doc)?;
    }

    #[test]
    fn every_epub_written_is_well_formed(doc in hostile_doc(), title in hostile_text()) {
        let opts = ReadOptions { title: Some(title), ..options() };
        let path = Path::new("/story/story.md");
        // Refusing a hostile manuscript with an error is allowed; writing a broken book is not.
        if let Ok(story) = read_markdown(path, &doc, &opts, &mut Default::default()) {
            well_formed(epub::render(&story, &info()).map_err(|e| TestCaseError::fail(format!("render: {e}")))?)?;
            well_formed(epub::render_kepub(&story, &info()).map_err(|e| TestCaseError::fail(format!("kepub: {e}")))?)?;
        }
        if let Ok(story) = read_plain_text(Path::new("/story/story.txt"), doc.as_bytes(), &options(), &mut Default::default()) {
            well_formed(epub::render(&story, &info()).map_err(|e| TestCaseError::fail(format!("render: {e}")))?)?;
        }
    }
}
