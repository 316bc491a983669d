//! Document-level parts written on the lopdf document printpdf produces: the Info dictionary,
//! /Lang, the outline (bookmarks) and the file identifier.
//!
//! printpdf 0.12 cannot express these the way a book needs them: its Info dictionary always
//! carries PDF/X keys and 1970 dates, it has no /Lang, its bookmarks point at whole pages and are
//! re-sorted by (page, title), and its trailer /ID is pseudo-random per call.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};

use super::content::utf16be;
use super::PdfError;
use crate::typeset::page::{Document, OutlineItem};

/// Placeholder written as both halves of the trailer /ID; replaced by a hash of the file.
pub(crate) const ID_PLACEHOLDER: [u8; 16] = [0; 16];

/// A PDF text string: PDFDocEncoding-compatible ASCII as a literal, anything else UTF-16BE.
pub(crate) fn text_string(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        Object::String(utf16be(s), StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` (UTC), or None outside years 1..=9999.
pub(crate) fn pdf_date(unix: i64) -> Option<String> {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if !(1..=9999).contains(&y) {
        return None;
    }
    Some(format!(
        "D:{y:04}{m:02}{d:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ))
}

pub(crate) fn finish(lo: &mut lopdf::Document, doc: &Document) -> Result<(), PdfError> {
    lo.version = "1.7".to_string();
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();

    // --- Info: replaced wholesale (printpdf's has GTS_PDFXVersion, Trapped, empty keys, 1970 dates).
    let info = &doc.info;
    let mut dict = Dictionary::new();
    for (key, value) in [
        ("Title", &info.title),
        ("Author", &info.author),
        ("Subject", &info.subject),
    ] {
        if !value.trim().is_empty() {
            dict.set(key, text_string(value));
        }
    }
    let keywords: Vec<&str> = info
        .keywords
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .collect();
    if !keywords.is_empty() {
        dict.set("Keywords", text_string(&keywords.join(", ")));
    }
    dict.set("Creator", text_string("inkbind"));
    dict.set("Producer", text_string("inkbind"));
    if info.created_unix != 0 {
        if let Some(date) = pdf_date(info.created_unix) {
            dict.set("CreationDate", Object::string_literal(date.clone()));
            dict.set("ModDate", Object::string_literal(date));
        }
    }
    // Overwrite printpdf's Info object in place (a new object would leave the old one, with its
    // 1970 dates, in the file unreferenced).
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(dict));
        }
        Err(_) => {
            let id = lo.add_object(dict);
            lo.trailer.set("Info", Object::Reference(id));
        }
    }

    // --- Outline, in reading order, each entry pointing at its y position.
    let outline_id = if doc.outline.is_empty() {
        None
    } else {
        Some(outline(lo, doc, &pages)?)
    };

    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Serialize(format!("no catalog: {e}")))?;
    if let Some(id) = outline_id {
        catalog.set("Outlines", Object::Reference(id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let lang = info.language.trim();
    if !lang.is_empty() {
        catalog.set("Lang", text_string(lang));
    }
    if !info.title.trim().is_empty() {
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }

    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    Ok(())
}

fn outline(
    lo: &mut lopdf::Document,
    doc: &Document,
    pages: &[ObjectId],
) -> Result<ObjectId, PdfError> {
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = doc.outline.iter().map(|_| lo.new_object_id()).collect();
    for (i, item) in doc.outline.iter().enumerate() {
        let OutlineItem { title, page, y } = item;
        let page_ref = *pages.get(*page).ok_or_else(|| PdfError::Outline {
            index: i,
            reason: format!(
                "page {page} does not exist (the document has {} pages)",
                pages.len()
            ),
        })?;
        if !y.is_finite() {
            return Err(PdfError::Outline {
                index: i,
                reason: "y is not a finite number".into(),
            });
        }
        let height = doc.pages[*page].height;
        let top = ((height - y).clamp(0.0, height) * 1000.0).round() / 1000.0;
        let mut d = Dictionary::new();
        d.set("Title", text_string(title));
        d.set("Parent", Object::Reference(root));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page_ref),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ]),
        );
        if i > 0 {
            d.set("Prev", Object::Reference(ids[i - 1]));
        }
        if let Some(next) = ids.get(i + 1) {
            d.set("Next", Object::Reference(*next));
        }
        lo.objects.insert(ids[i], Object::Dictionary(d));
    }
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"Outlines".to_vec()));
    r.set("First", Object::Reference(ids[0]));
    r.set("Last", Object::Reference(ids[ids.len() - 1]));
    r.set("Count", Object::Integer(ids.len() as i64));
    lo.objects.insert(root, Object::Dictionary(r));
    Ok(root)
}

/// Replaces the two placeholder /ID strings in the trailer (the last ones in the file) with the
/// first 16 bytes of the SHA-1 of the file as written with the placeholder. Same length, so no
/// offsets move.
pub(crate) fn stamp_id(bytes: &mut [u8]) -> Result<(), PdfError> {
    let hex_placeholder: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
    let needle = format!("<{hex_placeholder}>");
    let needle = needle.as_bytes();
    let digest = sha1_smol::Sha1::from(&*bytes).digest().bytes();
    let id: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    let replacement = format!("<{id}>");
    let mut limit = bytes.len();
    for _ in 0..2 {
        let pos = bytes[..limit]
            .windows(needle.len())
            .rposition(|w| w == needle)
            .ok_or_else(|| PdfError::Serialize("trailer /ID placeholder not found".into()))?;
        bytes[pos..pos + needle.len()].copy_from_slice(replacement.as_bytes());
        limit = pos;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(pdf_date(0).as_deref(), Some("D:19700101000000Z"));
        assert_eq!(
            pdf_date(1_700_000_000).as_deref(),
            Some("D:20231114221320Z")
        );
        assert_eq!(pdf_date(951_782_400).as_deref(), Some("D:20000229000000Z")); // leap day
        assert_eq!(pdf_date(-1).as_deref(), Some("D:19691231235959Z"));
        assert_eq!(
            pdf_date(253_402_300_799).as_deref(),
            Some("D:99991231235959Z")
        );
        assert_eq!(pdf_date(253_402_300_800), None); // year 10000
        assert_eq!(pdf_date(i64::MIN), None);
        assert_eq!(pdf_date(i64::MAX), None);
    }

    #[test]
    fn text_strings() {
        assert_eq!(
            text_string("Plain (ASCII)"),
            Object::String(b"Plain (ASCII)".to_vec(), StringFormat::Literal)
        );
        assert_eq!(
            text_string("Zoë"),
            Object::String(
                vec![0xFE, 0xFF, 0, b'Z', 0, b'o', 0, 0xEB],
                StringFormat::Hexadecimal
            )
        );
    }

    #[test]
    fn id_stamp_replaces_both_placeholders_in_place() {
        let mut file = b"%PDF-1.7 ... trailer <</ID[<00000000000000000000000000000000><00000000000000000000000000000000>]>>".to_vec();
        let len = file.len();
        stamp_id(&mut file).unwrap();
        assert_eq!(file.len(), len);
        let s = String::from_utf8(file).unwrap();
        assert!(!s.contains("<00000000000000000000000000000000>"));
        let i = s.find("/ID[<").unwrap() + 5;
        assert_eq!(s[i..i + 32], s[i + 34..i + 66]);
        assert!(stamp_id(&mut b"no placeholder".to_vec()).is_err());
    }
}
