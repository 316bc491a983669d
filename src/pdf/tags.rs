//! The structure tree of a tagged PDF (ISO 32000-1, 14.7–14.8): what lets a screen reader
//! read the book in order, announce chapter headings, skip running heads and folios, and
//! lets a viewer reflow the text.
//!
//! The content streams (`content.rs`) have put every mark on a page in a marked-content
//! sequence: `/Artifact` for running heads, folios and ornaments, `/P <</MCID n>>` (or `/H2`,
//! `/Figure` ...) for content, with n counting from 0 on each page. This module writes the
//! other half on the lopdf document:
//!
//! - one `StructElem` per element of `Document::structure` that has content (an element
//!   whose lines all fell away is left out), its `/K` listing its children or, for a leaf,
//!   its marked-content references (`/MCR` with the page and the MCID), in reading order;
//! - the `/ParentTree`: for each page (its `/StructParents` key), the element of each MCID;
//! - `/StructTreeRoot` (with a `/RoleMap` sending our `Letter` and `AuthorsNote` to `Div`),
//!   `/MarkInfo << /Marked true >>` in the catalog, and `/Tabs /S` on every page.

use lopdf::{Dictionary, Object, ObjectId};

use super::PdfError;
use crate::typeset::page::{Document, Role};

/// Roles of ours and the standard structure type each stands for.
const ROLE_MAP: [(Role, &str); 2] = [(Role::Letter, "Div"), (Role::AuthorsNote, "Div")];

pub(crate) fn add_structure(
    lo: &mut lopdf::Document,
    doc: &Document,
    mcids: &[Vec<usize>],
) -> Result<(), PdfError> {
    let elems = &doc.structure;
    if elems.is_empty() {
        return Ok(());
    }
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if pages.len() != mcids.len() {
        return Err(PdfError::Serialize(format!(
            "{} pages but MCIDs for {}",
            pages.len(),
            mcids.len()
        )));
    }
    let n = elems.len();
    let bad = |e: usize| PdfError::Structure(format!("element #{e} does not exist"));

    // Marked content of each element, in reading order: (page, mcid).
    let mut marks: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (p, page) in mcids.iter().enumerate() {
        for (k, &e) in page.iter().enumerate() {
            marks.get_mut(e).ok_or_else(|| bad(e))?.push((p, k));
        }
    }
    // Children of each element, and where each subtree first has content (reading order).
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut first: Vec<Option<(usize, usize)>> = marks.iter().map(|m| m.first().copied()).collect();
    for e in (0..n).rev() {
        if let Some(p) = elems[e].parent {
            if p >= e {
                return Err(PdfError::Structure(format!(
                    "element #{e} has parent #{p}, which does not come before it"
                )));
            }
            children[p].push(e);
            if let Some(f) = first[e] {
                first[p] = Some(first[p].map_or(f, |g| g.min(f)));
            }
        }
    }
    if elems[0].parent.is_some() || first[0].is_none() {
        return Ok(()); // no root, or nothing tagged: leave the document untagged
    }

    // Object ids: elements with content only.
    let ids: Vec<Option<ObjectId>> = (0..n)
        .map(|e| first[e].map(|_| lo.new_object_id()))
        .collect();
    let root_id = lo.new_object_id();

    for e in 0..n {
        let Some(id) = ids[e] else { continue };
        // Kids: child elements and own marked content, by position.
        let mut kids: Vec<((usize, usize), Object)> = Vec::new();
        for &c in children[e].iter().rev() {
            if let (Some(cid), Some(pos)) = (ids[c], first[c]) {
                kids.push((pos, Object::Reference(cid)));
            }
        }
        // Marked content on the element's own page (`/Pg`, its first) is a bare MCID; on
        // a later page (a paragraph running over) a reference naming the page.
        let own_page = first[e].map_or(0, |f| f.0);
        for &(p, k) in &marks[e] {
            if p == own_page {
                kids.push(((p, k), Object::Integer(k as i64)));
            } else {
                let mut mcr = Dictionary::new();
                mcr.set("Type", Object::Name(b"MCR".to_vec()));
                mcr.set("Pg", Object::Reference(pages[p]));
                mcr.set("MCID", Object::Integer(k as i64));
                kids.push(((p, k), Object::Dictionary(mcr)));
            }
        }
        kids.sort_by_key(|(pos, _)| *pos);
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"StructElem".to_vec()));
        d.set("S", Object::Name(elems[e].role.name().as_bytes().to_vec()));
        let parent = match elems[e].parent {
            Some(p) => ids[p].ok_or_else(|| bad(p))?,
            None => root_id,
        };
        d.set("P", Object::Reference(parent));
        d.set("Pg", Object::Reference(pages[own_page]));
        d.set(
            "K",
            Object::Array(kids.into_iter().map(|(_, o)| o).collect()),
        );
        if let Some(alt) = elems[e].alt.as_deref().filter(|a| !a.is_empty()) {
            d.set("Alt", super::meta::text_string(alt));
        }
        lo.objects.insert(id, Object::Dictionary(d));
    }

    // Parent tree: page p -> [element of MCID 0, 1, ...].
    let mut nums = Vec::with_capacity(pages.len() * 2);
    for (p, page) in mcids.iter().enumerate() {
        let refs = page
            .iter()
            .map(|&e| ids[e].map(Object::Reference).ok_or_else(|| bad(e)))
            .collect::<Result<Vec<_>, _>>()?;
        nums.push(Object::Integer(p as i64));
        nums.push(Object::Array(refs));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = lo.add_object(parent_tree);

    let mut role_map = Dictionary::new();
    for (role, standard) in ROLE_MAP {
        role_map.set(role.name(), Object::Name(standard.as_bytes().to_vec()));
    }
    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    root.set(
        "K",
        Object::Reference(ids[0].expect("the root has content (checked above)")),
    );
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(pages.len() as i64));
    root.set("RoleMap", Object::Dictionary(role_map));
    lo.objects.insert(root_id, Object::Dictionary(root));

    for (p, &page_id) in pages.iter().enumerate() {
        let page = lo
            .get_dictionary_mut(page_id)
            .map_err(|e| PdfError::Serialize(format!("page {}: {e}", p + 1)))?;
        page.set("StructParents", Object::Integer(p as i64));
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Serialize(format!("no catalog: {e}")))?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    Ok(())
}
