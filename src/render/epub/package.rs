//! Finishing touches on the package epub-builder wrote, which it has no API for: the NCX's
//! `dtb:uid` and title, and the manifest `properties` (`svg`) of documents that hold inline
//! SVG (the ornament, the cover wrapper). The zip is rewritten entry by entry, in the same
//! order and with the same options epub-builder uses (`mimetype` stored first, the rest
//! deflated, the fixed 1980 date), so the output stays byte-reproducible.

use crate::error::{Error, Result};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn zip_err(e: impl std::fmt::Display) -> Error {
    Error::plain(format!("could not finish the EPUB package: {e}"))
}

/// Reads every entry of a zip as (name, bytes), in order.
pub fn entries(epub: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).map_err(zip_err)?;
    let mut out = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(zip_err)?;
        let mut bytes = Vec::with_capacity(f.size() as usize);
        f.read_to_end(&mut bytes).map_err(zip_err)?;
        out.push((f.name().to_string(), bytes));
    }
    Ok(out)
}

/// Writes entries as an EPUB zip (`mimetype` first and stored).
pub fn write(entries: &[(String, Vec<u8>)]) -> Result<Vec<u8>> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let ordered = entries
        .iter()
        .filter(|(n, _)| n == "mimetype")
        .chain(entries.iter().filter(|(n, _)| n != "mimetype"));
    for (name, bytes) in ordered {
        let method = if name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        w.start_file(name.as_str(), options).map_err(zip_err)?;
        w.write_all(bytes).map_err(zip_err)?;
    }
    Ok(w.finish().map_err(zip_err)?.into_inner())
}

/// What [`finish`] needs to know about the book.
pub struct Finish<'a> {
    /// The package's unique identifier, as written in `dc:identifier` (`urn:uuid:…`).
    pub uid: &'a str,
    /// The book's title, already escaped for XML.
    pub title_xml: &'a str,
    /// Escaped XML elements added at the end of the OPF's `<metadata>`.
    pub extra_metadata: &'a str,
}

/// Applies the finishing touches to every entry of an EPUB made by epub-builder. Only the
/// two entries that change (the NCX and the OPF) are compressed again; the others are copied
/// as epub-builder compressed them (the same zip crate and options as [`write`], so the same
/// bytes as recompressing them — which took a third of the time of a short story's EPUB).
pub fn finish(epub: &[u8], f: &Finish) -> Result<Vec<u8>> {
    let list = entries(epub)?;
    // Documents with inline SVG, by their href relative to the OPF's folder.
    let svg_docs: Vec<String> = list
        .iter()
        .filter(|(n, b)| n.ends_with(".xhtml") && contains(b, b"<svg"))
        .filter_map(|(n, _)| n.strip_prefix("OEBPS/").map(str::to_string))
        .collect();
    let touched = |name: &str, bytes: &[u8]| -> Option<Vec<u8>> {
        if name.ends_with("toc.ncx") {
            Some(ncx(&String::from_utf8_lossy(bytes), f).into_bytes())
        } else if name.ends_with("content.opf") {
            let mut opf = opf_svg_properties(&String::from_utf8_lossy(bytes), &svg_docs);
            if let Some(i) = opf.find("  </metadata>") {
                opf.insert_str(i, f.extra_metadata);
            }
            Some(opf.into_bytes())
        } else {
            None
        }
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).map_err(zip_err)?;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // `mimetype` first (epub-builder writes it first; kept first whatever the input).
    let order = (0..list.len())
        .filter(|&i| list[i].0 == "mimetype")
        .chain((0..list.len()).filter(|&i| list[i].0 != "mimetype"));
    for i in order {
        let (name, bytes) = &list[i];
        match touched(name, bytes) {
            Some(new) => {
                let options =
                    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
                w.start_file(name.as_str(), options).map_err(zip_err)?;
                w.write_all(&new).map_err(zip_err)?;
            }
            None if name == "mimetype" => {
                let options =
                    SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
                w.start_file(name.as_str(), options).map_err(zip_err)?;
                w.write_all(bytes).map_err(zip_err)?;
            }
            None => {
                let raw = archive.by_index_raw(i).map_err(zip_err)?;
                w.raw_copy_file(raw).map_err(zip_err)?;
            }
        }
    }
    Ok(w.finish().map_err(zip_err)?.into_inner())
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Adds the `dtb:uid` meta EPUB 2 reading systems expect and names the NCX after the book
/// (epub-builder gives it the table of contents' heading).
fn ncx(text: &str, f: &Finish) -> String {
    let mut out = text.to_string();
    if !out.contains("dtb:uid") {
        if let Some(i) = out.find("<head>") {
            let at = i + "<head>".len();
            out.insert_str(
                at,
                &format!("\n    <meta name=\"dtb:uid\" content=\"{}\" />", f.uid),
            );
        }
    }
    if let (Some(a), Some(b)) = (out.find("<docTitle>"), out.find("</docTitle>")) {
        if a < b {
            out.replace_range(
                a..b + "</docTitle>".len(),
                &format!(
                    "<docTitle>\n    <text>{}</text>\n  </docTitle>",
                    f.title_xml
                ),
            );
        }
    }
    out
}

/// Declares `properties="svg"` on the manifest items of documents that contain inline SVG
/// (epubcheck OPF-014 otherwise; epub-builder cannot declare it for content files).
fn opf_svg_properties(opf: &str, svg_docs: &[String]) -> String {
    let mut out = String::with_capacity(opf.len() + 32 * svg_docs.len());
    for line in opf.split_inclusive('\n') {
        let is_item = line.trim_start().starts_with("<item ");
        let href = is_item
            .then(|| attr(line, "href"))
            .flatten()
            .filter(|h| svg_docs.iter().any(|d| d == h));
        match href {
            Some(_) if !line.contains("properties=") => {
                out.push_str(&line.replacen("<item ", "<item properties=\"svg\" ", 1))
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// The value of `name="…"` in one XML start tag written on one line.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ncx_gets_uid_and_title() {
        let ncx_in = "<ncx>\n  <head>\n    <meta name=\"dtb:depth\" content=\"1\" />\n  </head>\n  <docTitle>\n    <text>Contents</text>\n  </docTitle>\n</ncx>";
        let f = Finish {
            uid: "urn:uuid:1",
            title_xml: "A &amp; B",
            extra_metadata: "",
        };
        let out = ncx(ncx_in, &f);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let uid = doc
            .descendants()
            .find(|n| n.attribute("name") == Some("dtb:uid"))
            .unwrap();
        assert_eq!(uid.attribute("content"), Some("urn:uuid:1"));
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("docTitle"))
            .unwrap();
        assert_eq!(title.first_element_child().unwrap().text(), Some("A & B"));
    }

    #[test]
    fn only_svg_documents_get_the_property() {
        let opf = "<manifest>\n<item media-type=\"application/xhtml+xml\" id=\"a\" href=\"cover.xhtml\"/>\n<item media-type=\"application/xhtml+xml\" id=\"b\" href=\"chapter-001.xhtml\"/>\n<item id=\"nav\" href=\"nav.xhtml\" properties=\"nav\"/>\n</manifest>\n";
        let out = opf_svg_properties(opf, &["cover.xhtml".into(), "nav.xhtml".into()]);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let props: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("item"))
            .map(|n| (n.attribute("id").unwrap(), n.attribute("properties")))
            .collect();
        assert_eq!(
            props,
            [("a", Some("svg")), ("b", None), ("nav", Some("nav"))]
        );
    }

    #[test]
    fn rewrite_keeps_mimetype_first_and_stored() {
        let list = vec![
            ("a.txt".to_string(), b"hello".to_vec()),
            ("mimetype".to_string(), b"application/epub+zip".to_vec()),
        ];
        let bytes = write(&list).unwrap();
        assert_eq!(&bytes[30..38], b"mimetype");
        let back = entries(&bytes).unwrap();
        assert_eq!(back[0].0, "mimetype");
        assert_eq!(back[1], list[0]);
        assert_eq!(write(&list).unwrap(), bytes, "reproducible");
    }
}
