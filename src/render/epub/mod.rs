//! The EPUB 3 renderer (epub-builder 0.8.2: 0.8.3 gives `dc:language` and `dc:creator` the
//! same id, which epubcheck rejects).

mod kepub;
mod package;
mod xhtml;

use crate::cover::{self, Cover};
use crate::error::{Error, Result};
use crate::i18n;
use crate::model::{plain_text, Block, Story};
use crate::render::BuildInfo;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpf, MetadataOpfV3, ReferenceType, TocElement,
    ZipLibrary,
};
use std::path::PathBuf;

pub use xhtml::escape;

const CSS: &str = include_str!("style.css");

/// A `<meta property>` element. epub-builder writes `MetadataOpfV3` content unescaped, so we
/// escape it here (and set `refines` through the field: its `add_refines` sets the id instead).
fn meta_property(property: &str, value: &str) -> Box<MetadataOpfV3> {
    Box::new(MetadataOpfV3::new(property.to_string(), escape(value)))
}

fn meta_refining(property: &str, value: &str, refines: &str) -> Box<MetadataOpfV3> {
    let mut m = MetadataOpfV3::new(property.to_string(), escape(value));
    m.refines = Some(refines.to_string());
    Box::new(m)
}

fn epub_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::plain(format!("could not write the EPUB ({what}): {e}"))
        .code(crate::error::Code::Internal)
}

/// Renders the story as a Kobo kepub (`.kepub.epub`): the EPUB with Kobo's sentence spans
/// and wrappers.
pub fn render_kepub(story: &Story, info: &BuildInfo) -> Result<Vec<u8>> {
    kepub::from_epub(&render(story, info)?)
}

/// Renders the story as an EPUB 3 file, returned as bytes.
pub fn render(story: &Story, info: &BuildInfo) -> Result<Vec<u8>> {
    let meta = &story.meta;
    let labels = i18n::labels(&meta.language);
    let zip = ZipLibrary::new().map_err(|e| epub_err("zip", e))?;
    let mut b = EpubBuilder::new(zip).map_err(|e| epub_err("init", e))?;
    b.epub_version(EpubVersion::V30);
    b.set_title(meta.title.clone());
    b.set_authors(meta.authors.clone());
    b.set_lang(meta.language.clone());
    b.set_generator(format!("inkbind {}", env!("CARGO_PKG_VERSION")));
    b.set_toc_name(labels.contents);
    let uuid = info.uuid(story)?;
    b.set_uuid(uuid);
    b.set_modified_date(
        chrono::DateTime::from_timestamp(info.modified_unix, 0).ok_or_else(|| {
            Error::plain("the build date is out of range").code(crate::error::Code::BadOption)
        })?,
    );
    if let Some(d) = meta
        .date
        .as_deref()
        .and_then(crate::reader::frontmatter::parse_date)
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
    {
        b.set_publication_date(d);
    }
    if let Some(d) = &meta.description {
        b.add_description(d.clone());
    }
    for s in i18n::subjects(meta, labels) {
        b.add_subject(s);
    }
    if let Some(r) = &meta.rights {
        b.set_license(r.clone());
    }
    if let Some(series) = &meta.series {
        let mut collection = meta_property("belongs-to-collection", series);
        collection.id = Some("series".into());
        b.add_metadata_opf(collection);
        b.add_metadata_opf(meta_refining("collection-type", "series", "#series"));
        if let Some(i) = meta.series_index {
            b.add_metadata_opf(meta_refining("group-position", &i.to_string(), "#series"));
        }
        // calibre's series metadata, read by Kobo and calibre-based readers. epub-builder
        // escapes `<>&` in it but not quotes, so quotes are replaced.
        b.add_metadata_opf(Box::new(MetadataOpf {
            name: "calibre:series".into(),
            content: series.replace('"', "”"),
        }));
        if let Some(i) = meta.series_index {
            b.add_metadata_opf(Box::new(MetadataOpf {
                name: "calibre:series_index".into(),
                content: i.to_string(),
            }));
        }
    }

    // Images: the cover, the ornament and figures.
    let cover = match &meta.cover {
        Some(path) => cover::from_file(path, &info.assets, "cover image")?,
        None => cover::generate(meta),
    };
    let images = collect_images(story);
    let has_figures = !images.is_empty();
    accessibility(&mut b, story, &cover, has_figures);

    b.stylesheet(CSS.as_bytes())
        .map_err(|e| epub_err("stylesheet", e))?;
    let cover_href = format!("images/cover.{}", cover.extension);
    b.add_cover_image(&cover_href, cover.bytes.as_slice(), cover.media_type)
        .map_err(|e| epub_err("cover", e))?;
    let mut image_hrefs = Vec::new();
    for (i, path) in images.iter().enumerate() {
        let img: Cover = cover::from_file(path, &info.assets, "image")?;
        let href = format!("images/figure-{}.{}", i + 1, img.extension);
        b.add_resource(&href, img.bytes.as_slice(), img.media_type)
            .map_err(|e| epub_err("image", e))?;
        image_hrefs.push((path.clone(), href));
    }

    // Documents, in reading order.
    let cover_doc = xhtml::cover_document(meta, &cover_href, (cover.width, cover.height), labels);
    b.add_content(EpubContent::new("cover.xhtml", cover_doc.as_bytes()))
        .map_err(|e| epub_err("cover page", e))?;
    let title_doc = xhtml::title_page(
        meta,
        labels,
        i18n::Counts::of(story),
        meta.description.as_deref(),
    );
    b.add_content(EpubContent::new("titlepage.xhtml", title_doc.as_bytes()))
        .map_err(|e| epub_err("title page", e))?;

    let mut ctx = xhtml::Ctx {
        labels: Some(labels),
        image_hrefs,
        only_chapter: story.chapters.len() == 1,
        ..Default::default()
    };
    if !story.front_notes.is_empty() {
        let doc = xhtml::notes_document(meta, &story.front_notes, &mut ctx, false);
        b.add_content(
            EpubContent::new("note-before.xhtml", doc.as_bytes()).title(labels.authors_note),
        )
        .map_err(|e| epub_err("note", e))?;
    }
    for (i, ch) in story.chapters.iter().enumerate() {
        ctx.chapter_no = i + 1;
        ctx.subheadings.clear();
        let doc = xhtml::chapter(meta, ch, &mut ctx);
        let file = format!("chapter-{:03}.xhtml", i + 1);
        let title = ch
            .title
            .as_ref()
            .map(|t| plain_text(t))
            .unwrap_or_else(|| meta.title.clone());
        let mut content = EpubContent::new(file.clone(), doc.as_bytes()).title(title);
        for (id, sub) in &ctx.subheadings {
            content = content.child(TocElement::new(format!("{file}#{id}"), sub.clone()));
        }
        if i == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        b.add_content(content).map_err(|e| epub_err("chapter", e))?;
    }
    if !story.end_notes.is_empty() {
        let doc = xhtml::notes_document(meta, &story.end_notes, &mut ctx, true);
        b.add_content(
            EpubContent::new("note-after.xhtml", doc.as_bytes()).title(labels.authors_note),
        )
        .map_err(|e| epub_err("note", e))?;
    }

    let mut out = Vec::new();
    b.generate(&mut out).map_err(|e| epub_err("package", e))?;
    package::finish(
        &out,
        &package::Finish {
            uid: &format!("urn:uuid:{uuid}"),
            title_xml: &escape(&meta.title),
            extra_metadata: &extra_metadata(meta),
        },
    )
}

/// Package metadata epub-builder has no call for, as escaped XML lines: the original's URL
/// as `dc:source` (what fan-fiction tools read to update a work) and as a `url:` identifier,
/// which calibre imports into the book's identifiers (it shows no `dc:source`).
fn extra_metadata(meta: &crate::model::Metadata) -> String {
    let mut out = String::new();
    if let Some(url) = &meta.source {
        let url = escape(url);
        out.push_str(&format!("    <dc:source>{url}</dc:source>\n"));
        out.push_str(&format!(
            "    <dc:identifier id=\"source-url\">url:{url}</dc:identifier>\n"
        ));
    }
    out
}

fn accessibility(b: &mut EpubBuilder<ZipLibrary>, story: &Story, cover: &Cover, has_figures: bool) {
    b.add_metadata_opf(meta_property("schema:accessMode", "textual"));
    if has_figures || !cover.generated {
        b.add_metadata_opf(meta_property("schema:accessMode", "visual"));
    }
    b.add_metadata_opf(meta_property("schema:accessModeSufficient", "textual"));
    for f in [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
    ] {
        b.add_metadata_opf(meta_property("schema:accessibilityFeature", f));
    }
    b.add_metadata_opf(meta_property("schema:accessibilityHazard", "none"));
    let letters = count_blocks(story, |b| matches!(b, Block::Letter(_)));
    let breaks = count_blocks(story, |b| matches!(b, Block::SceneBreak(_)));
    let summary = format!(
        "A reflowable text with a table of contents and chapter headings. \
         Letters in the story ({letters}) are marked up as letters with their salutation, \
         valediction and signature; scene breaks ({breaks}) are drawn ornaments announced as \
         separators named “scene break”. \
         Images have text alternatives."
    );
    b.add_metadata_opf(meta_property("schema:accessibilitySummary", &summary));
}

fn count_blocks(story: &Story, pred: impl Fn(&Block) -> bool + Copy) -> usize {
    fn walk(blocks: &[Block], pred: &dyn Fn(&Block) -> bool) -> usize {
        blocks
            .iter()
            .map(|b| {
                let inner = match b {
                    Block::Letter(l) => walk(&l.body, pred),
                    Block::Note(n) => walk(&n.blocks, pred),
                    Block::Quote { blocks, .. } => walk(blocks, pred),
                    _ => 0,
                };
                inner + pred(b) as usize
            })
            .sum()
    }
    let all = story
        .front_notes
        .iter()
        .chain(&story.end_notes)
        .map(|n| walk(&n.blocks, &pred))
        .sum::<usize>();
    all + story
        .chapters
        .iter()
        .map(|c| walk(&c.blocks, &pred))
        .sum::<usize>()
}

fn collect_images(story: &Story) -> Vec<PathBuf> {
    fn walk(blocks: &[Block], out: &mut Vec<PathBuf>) {
        for b in blocks {
            match b {
                Block::Image(i) if !out.contains(&i.path) => out.push(i.path.clone()),
                Block::Letter(l) => walk(&l.body, out),
                Block::Note(n) => walk(&n.blocks, out),
                Block::Quote { blocks, .. } => walk(blocks, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for n in story.front_notes.iter().chain(&story.end_notes) {
        walk(&n.blocks, &mut out);
    }
    for c in &story.chapters {
        walk(&c.blocks, &mut out);
    }
    out
}
