//! The sample PDFs are tagged: a structure tree that accounts for every piece of marked
//! content on every page (checked by parsing the file with lopdf, no tools needed), whose
//! headings, letters and paragraphs match the manuscript, and which reads the story in order
//! without running heads or folios (checked with poppler's `pdfinfo -struct-text`).

mod common;
use common::*;
use inkbind::error::Diagnostics;
use inkbind::model::{Block, Story};
use inkbind::reader::{read_manuscript, ReadOptions};
use lopdf::{Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

fn build(md: &Path, dir: &Path) -> Vec<u8> {
    let name = md.file_stem().unwrap().to_string_lossy().into_owned();
    let pdf = dir.join(format!("{name}.pdf"));
    let o = run(&["build", md.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(o.status.success(), "{}: {}", md.display(), stderr(&o));
    std::fs::read(&pdf).unwrap()
}

fn story(md: &Path) -> Story {
    let mut diag = Diagnostics::default();
    read_manuscript(md, &ReadOptions::default(), &mut diag).unwrap()
}

fn name(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().expect("a name")).into_owned()
}

fn dict<'a>(doc: &'a Document, o: &'a Object) -> &'a lopdf::Dictionary {
    match o {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// The MCIDs opened in a page's content stream, in order.
fn mcids_in_content(doc: &Document, page: ObjectId) -> Vec<i64> {
    let content = doc.get_page_content(page);
    let text = String::from_utf8_lossy(&content);
    let mut out = Vec::new();
    let mut rest = &text[..];
    while let Some(i) = rest.find("/MCID ") {
        rest = &rest[i + 6..];
        let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        out.push(n.parse().expect("an MCID number"));
    }
    out
}

/// One element of the structure tree, as read back.
struct Elem {
    role: String,
    /// (page object, MCID) of its own marked content.
    marks: Vec<(ObjectId, i64)>,
}

/// Walks the tree from the root: elements in document order, checking each /P on the way.
fn walk(doc: &Document, id: ObjectId, parent: ObjectId, out: &mut Vec<(ObjectId, Elem)>) {
    let d = doc.get_dictionary(id).unwrap();
    assert_eq!(
        d.get(b"P").unwrap().as_reference().unwrap(),
        parent,
        "/P of {id:?}"
    );
    let pg = d.get(b"Pg").ok().map(|p| p.as_reference().unwrap());
    let mut elem = Elem {
        role: name(d.get(b"S").unwrap()),
        marks: Vec::new(),
    };
    let kids: Vec<Object> = match d.get(b"K").unwrap() {
        Object::Array(a) => a.clone(),
        other => vec![other.clone()],
    };
    let mut children = Vec::new();
    for k in kids {
        match k {
            Object::Integer(n) => elem.marks.push((pg.expect("/Pg for a bare MCID"), n)),
            Object::Reference(r) => children.push(r),
            Object::Dictionary(mcr) => {
                assert_eq!(name(mcr.get(b"Type").unwrap()), "MCR");
                let page = mcr.get(b"Pg").unwrap().as_reference().unwrap();
                elem.marks
                    .push((page, mcr.get(b"MCID").unwrap().as_i64().unwrap()));
            }
            other => panic!("unexpected /K entry {other:?}"),
        }
    }
    out.push((id, elem));
    for c in children {
        walk(doc, c, id, out);
    }
}

#[test]
fn sample_pdfs_have_a_complete_structure_tree() {
    let dir = tempfile::tempdir().unwrap();
    for md in sample_stories() {
        let bytes = build(&md, dir.path());
        let doc = Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        let mark_info = dict(&doc, catalog.get(b"MarkInfo").unwrap());
        assert!(
            mark_info.get(b"Marked").unwrap().as_bool().unwrap(),
            "{}",
            md.display()
        );
        let root_id = catalog
            .get(b"StructTreeRoot")
            .unwrap()
            .as_reference()
            .unwrap();
        let root = doc.get_dictionary(root_id).unwrap();
        let top = root.get(b"K").unwrap().as_reference().unwrap();
        let mut elems = Vec::new();
        walk(&doc, top, root_id, &mut elems);
        assert_eq!(elems[0].1.role, "Document");

        // Every MCID on every page belongs to exactly one element, and the parent tree says
        // which.
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        let mut owner: BTreeMap<(ObjectId, i64), ObjectId> = BTreeMap::new();
        for (id, e) in &elems {
            for m in &e.marks {
                assert!(owner.insert(*m, *id).is_none(), "{m:?} claimed twice");
            }
        }
        let parent_tree = dict(&doc, root.get(b"ParentTree").unwrap());
        let nums = parent_tree.get(b"Nums").unwrap().as_array().unwrap();
        let mut seen = BTreeSet::new();
        for (p, &page) in pages.iter().enumerate() {
            let page_dict = doc.get_dictionary(page).unwrap();
            let key = page_dict.get(b"StructParents").unwrap().as_i64().unwrap();
            assert_eq!(name(page_dict.get(b"Tabs").unwrap()), "S");
            let at = nums
                .chunks(2)
                .find(|c| c[0].as_i64().unwrap() == key)
                .unwrap_or_else(|| panic!("page {}: no parent tree entry", p + 1));
            let refs = at[1].as_array().unwrap();
            let in_content = mcids_in_content(&doc, page);
            assert_eq!(
                in_content,
                (0..in_content.len() as i64).collect::<Vec<_>>(),
                "page {}: MCIDs numbered in order",
                p + 1
            );
            assert_eq!(refs.len(), in_content.len(), "page {}", p + 1);
            for (k, r) in refs.iter().enumerate() {
                let elem = owner
                    .get(&(page, k as i64))
                    .unwrap_or_else(|| panic!("page {} MCID {k}: in no element", p + 1));
                assert_eq!(r.as_reference().unwrap(), *elem, "page {} MCID {k}", p + 1);
                seen.insert((page, k as i64));
            }
        }
        assert_eq!(
            seen.len(),
            owner.len(),
            "marks in the tree that no page has"
        );

        // The elements match the manuscript.
        let s = story(&md);
        let count = |role: &str| elems.iter().filter(|(_, e)| e.role == role).count();
        let letters = s
            .chapters
            .iter()
            .flat_map(|c| &c.blocks)
            .filter(|b| matches!(b, Block::Letter(_)))
            .count();
        let note_pages =
            usize::from(!s.front_notes.is_empty()) + usize::from(!s.end_notes.is_empty());
        assert_eq!(count("H1"), 1, "{}: the title", md.display());
        assert_eq!(
            count("H2"),
            s.chapters.len() + note_pages,
            "{}: a heading per chapter and per page of notes",
            md.display()
        );
        assert_eq!(count("Letter"), letters, "{}", md.display());
        assert!(count("P") > 20, "{}", md.display());
        let role_map = dict(&doc, root.get(b"RoleMap").unwrap());
        assert_eq!(name(role_map.get(b"Letter").unwrap()), "Div");
    }
}

#[test]
fn the_structure_reads_the_story_in_order_without_running_heads() {
    let dir = tempfile::tempdir().unwrap();
    for md in sample_stories() {
        let bytes = build(&md, dir.path());
        let pdf = dir.path().join("check.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let out = match Command::new("pdfinfo")
            .args(["-struct-text", pdf.to_str().unwrap()])
            .output()
        {
            Ok(o) => o,
            Err(_) => {
                assert!(!validators_required(), "pdfinfo is required here");
                eprintln!("SKIPPED: `pdfinfo` is not installed (apt-get install poppler-utils)");
                return;
            }
        };
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        // Quoted lines are the text of the elements.
        let content: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.strip_suffix('"'))
            .collect();
        assert!(
            !content
                .iter()
                .any(|c| c.chars().all(|ch| ch.is_ascii_digit())),
            "{}: a folio in the structure",
            md.display()
        );
        let s = story(&md);
        let joined = content.join(" ");
        let words = |t: &str| -> Vec<String> {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        let got = words(&joined.replace(['\u{2010}', '\u{ad}'], "-").replace("-", ""));
        let mut want = Vec::new();
        for c in &s.chapters {
            for b in &c.blocks {
                if let Block::Paragraph { content, .. } = b {
                    want.extend(words(
                        &inkbind::model::plain_text(content).replace(['-', '\u{2010}'], ""),
                    ));
                }
            }
        }
        // The story's paragraphs, word for word and in order, with nothing but the book's own
        // additions (headings, letters, labels) in between.
        let mut k = 0;
        for (i, w) in want.iter().enumerate() {
            match got[k..].iter().position(|g| g == w) {
                Some(p) if p <= 400 => k += p + 1,
                _ => panic!(
                    "{}: word {i} `{w}` not found in order in the structure text near {:?}",
                    md.display(),
                    &got[k..(k + 12).min(got.len())]
                ),
            }
        }
    }
}
