//! Test-only mini typesetter: shapes words with rustybuzz, breaks justified lines (with
//! hyphenation at U+00AD soft hyphens), and lays them out on pages as the real typesetter would:
//! one run per line and font, space glyphs at justified positions, a line-end hyphen as its own
//! run with `actual_text: Some("")`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use inkbind::typeset::page::*;

/// The bundled family (the writer tests use it as any font: it is always there).
pub const FONT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/gentium-book-plus");
pub const REGULAR: usize = 0;
pub const ITALIC: usize = 1;
pub const BOLD: usize = 2;
pub const BOLD_ITALIC: usize = 3;

/// The four bundled Gentium Book Plus faces.
pub fn bundled_faces() -> Option<Vec<FontFace>> {
    let files = [
        ("GentiumBookPlus-Regular.ttf", "GentiumBookPlus"),
        ("GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Italic"),
        ("GentiumBookPlus-Bold.ttf", "GentiumBookPlus-Bold"),
        (
            "GentiumBookPlus-BoldItalic.ttf",
            "GentiumBookPlus-BoldItalic",
        ),
    ];
    let mut out = Vec::new();
    for (file, name) in files {
        let data = std::fs::read(Path::new(FONT_DIR).join(file)).ok()?;
        out.push(FontFace {
            data: Arc::new(data.into()),
            index: 0,
            name: name.to_string(),
        });
    }
    Some(out)
}

/// True when `tool` runs; prints a skip message otherwise.
pub fn have_tool(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        if std::env::var("INKBIND_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
            || std::env::var("CI").is_ok_and(|v| v == "true")
        {
            panic!("`{tool}` is not installed, and validators are required here");
        }
        eprintln!("SKIP: `{tool}` is not installed; the check that needs it is skipped");
    }
    ok
}

#[derive(Clone, Debug)]
pub struct SGlyph {
    pub id: u16,
    /// Advance in em.
    pub advance: f32,
    pub text: String,
}

pub struct Shaper {
    pub faces: Vec<FontFace>,
    cache: HashMap<(usize, String), Vec<SGlyph>>,
}

impl Shaper {
    pub fn new(faces: Vec<FontFace>) -> Self {
        Shaper {
            faces,
            cache: HashMap::new(),
        }
    }

    pub fn shape(&mut self, font: usize, text: &str) -> Vec<SGlyph> {
        if let Some(g) = self.cache.get(&(font, text.to_string())) {
            return g.clone();
        }
        let data = self.faces[font].data.clone();
        let face = rustybuzz::Face::from_slice(&data, 0).expect("font parses");
        let upm = face.units_per_em() as f32;
        let mut buf = rustybuzz::UnicodeBuffer::new();
        buf.push_str(text);
        buf.guess_segment_properties();
        let out = rustybuzz::shape(&face, &[], buf);
        let infos = out.glyph_infos();
        let pos = out.glyph_positions();
        let mut glyphs = Vec::new();
        for i in 0..infos.len() {
            let c = infos[i].cluster as usize;
            let text = if i > 0 && infos[i - 1].cluster as usize == c {
                String::new()
            } else {
                let end = infos[i + 1..]
                    .iter()
                    .map(|g| g.cluster as usize)
                    .find(|&n| n != c)
                    .unwrap_or(text.len());
                text[c..end].to_string()
            };
            glyphs.push(SGlyph {
                id: infos[i].glyph_id as u16,
                advance: pos[i].x_advance as f32 / upm,
                text,
            });
        }
        self.cache.insert((font, text.to_string()), glyphs.clone());
        glyphs
    }

    pub fn width(&mut self, font: usize, text: &str, size: f32) -> f32 {
        self.shape(font, text)
            .iter()
            .map(|g| g.advance)
            .sum::<f32>()
            * size
    }
}

/// A word of a paragraph: font and text (may contain U+00AD soft hyphens = allowed breaks).
#[derive(Clone, Debug)]
pub struct Word {
    pub font: usize,
    pub text: String,
}

/// Parses `*italic*`, `**bold**` and `***bold italic***` markup on whole words.
pub fn words(markup: &str) -> Vec<Word> {
    markup
        .split_whitespace()
        .map(|w| {
            let (font, t) =
                if let Some(t) = w.strip_prefix("***").and_then(|t| t.strip_suffix("***")) {
                    (BOLD_ITALIC, t)
                } else if let Some(t) = w.strip_prefix("**").and_then(|t| t.strip_suffix("**")) {
                    (BOLD, t)
                } else if let Some(t) = w.strip_prefix('*').and_then(|t| t.strip_suffix('*')) {
                    (ITALIC, t)
                } else {
                    (REGULAR, w)
                };
            Word {
                font,
                text: t.to_string(),
            }
        })
        .collect()
}

/// Plain text of markup: what a reader should get back (soft hyphens and markup removed).
pub fn plain(markup: &str) -> String {
    words(markup)
        .iter()
        .map(|w| w.text.replace('\u{AD}', ""))
        .collect::<Vec<_>>()
        .join(" ")
}

enum Piece {
    Word { font: usize, glyphs: Vec<SGlyph> },
    Hyphen { font: usize, glyphs: Vec<SGlyph> },
}

struct Line {
    pieces: Vec<Piece>,
}

pub struct Setter {
    pub shaper: Shaper,
    pub page_w: f32,
    pub page_h: f32,
    pub margin: f32,
    pub size: f32,
    pub leading: f32,
    pub pages: Vec<Page>,
    pub outline: Vec<OutlineItem>,
    /// Plain text of everything set so far (headings and paragraphs), in reading order.
    pub text: Vec<String>,
    /// Baseline of the next line on the current page.
    y: f32,
}

impl Setter {
    pub fn new(faces: Vec<FontFace>) -> Self {
        let mut s = Setter {
            shaper: Shaper::new(faces),
            page_w: 419.53, // A5
            page_h: 595.28,
            margin: 54.0,
            size: 10.5,
            leading: 14.0,
            pages: Vec::new(),
            outline: Vec::new(),
            text: Vec::new(),
            y: 0.0,
        };
        s.new_page();
        s
    }

    pub fn measure(&self) -> f32 {
        self.page_w - 2.0 * self.margin
    }

    fn new_page(&mut self) {
        self.pages.push(Page {
            width: self.page_w,
            height: self.page_h,
            items: Vec::new(),
        });
        self.y = self.margin + self.size;
    }

    fn ensure_room(&mut self, needed: f32) {
        if self.y + needed > self.page_h - self.margin {
            self.new_page();
        }
    }

    fn items(&mut self) -> &mut Vec<Item> {
        &mut self.pages.last_mut().unwrap().items
    }

    /// A centred bold heading with an outline entry, a rule under it.
    pub fn heading(&mut self, title: &str) {
        self.text.push(title.to_string());
        let size = 15.0;
        if self.y > self.margin + self.size + 1.0 {
            self.y += self.leading; // space above
        }
        self.ensure_room(3.0 * self.leading);
        let glyphs = self.shaper.shape(BOLD, title);
        let w: f32 = glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
        let x = (self.page_w - w) / 2.0;
        let y = self.y + 4.0;
        let page = self.pages.len() - 1;
        self.outline.push(OutlineItem {
            title: title.to_string(),
            page,
            y: y - size,
        });
        let run = run_from(BOLD, size, x, y, &glyphs, None);
        self.items().push(Item::Text(run));
        let rule_w = 60.0;
        let rx = (self.page_w - rule_w) / 2.0;
        self.items().push(Item::Rule {
            x: rx,
            y: y + 8.0,
            width: rule_w,
            thickness: 0.6,
        });
        self.y = y + 8.0 + 2.0 * self.leading;
    }

    /// A justified paragraph, hyphenating at soft hyphens.
    pub fn paragraph(&mut self, markup: &str, indent: f32) {
        self.text.push(plain(markup));
        let words = words(markup);
        let lines = self.break_lines(&words, indent);
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            self.ensure_room(0.0);
            let first = if i == 0 { indent } else { 0.0 };
            self.set_line(
                line,
                self.margin + first,
                self.measure() - first,
                i + 1 == n,
            );
            self.y += self.leading;
        }
    }

    fn break_lines(&mut self, words: &[Word], indent: f32) -> Vec<Line> {
        let size = self.size;
        let mut lines = Vec::new();
        let mut cur: Vec<Piece> = Vec::new();
        let mut w = 0.0;
        let mut avail = self.measure() - indent;
        let mut queue: std::collections::VecDeque<Word> = words.iter().cloned().collect();
        while let Some(word) = queue.pop_front() {
            let whole = word.text.replace('\u{AD}', "");
            let ww = self.shaper.width(word.font, &whole, size);
            let space = if cur.is_empty() {
                0.0
            } else {
                self.shaper.width(word.font, " ", size)
            };
            if w + space + ww <= avail {
                cur.push(Piece::Word {
                    font: word.font,
                    glyphs: self.shaper.shape(word.font, &whole),
                });
                w += space + ww;
                continue;
            }
            // Try the longest prefix at a soft hyphen that fits with its hyphen.
            let parts: Vec<&str> = word.text.split('\u{AD}').collect();
            let mut broke = false;
            for k in (1..parts.len()).rev() {
                let prefix = parts[..k].concat();
                let pw = self.shaper.width(word.font, &prefix, size)
                    + self.shaper.width(word.font, "-", size);
                if w + space + pw <= avail {
                    cur.push(Piece::Word {
                        font: word.font,
                        glyphs: self.shaper.shape(word.font, &prefix),
                    });
                    cur.push(Piece::Hyphen {
                        font: word.font,
                        glyphs: self.shaper.shape(word.font, "-"),
                    });
                    lines.push(Line {
                        pieces: std::mem::take(&mut cur),
                    });
                    queue.push_front(Word {
                        font: word.font,
                        text: parts[k..].join("\u{AD}"),
                    });
                    broke = true;
                    break;
                }
            }
            if !broke {
                lines.push(Line {
                    pieces: std::mem::take(&mut cur),
                });
                queue.push_front(word);
            }
            w = 0.0;
            avail = self.measure();
        }
        if !cur.is_empty() {
            lines.push(Line { pieces: cur });
        }
        lines
    }

    fn set_line(&mut self, line: Line, left: f32, measure: f32, last: bool) {
        let size = self.size;
        let y = self.y;
        let pieces = line.pieces;
        let n = pieces.len();
        let next_is_word = |i: usize| i + 1 < n && matches!(pieces[i + 1], Piece::Word { .. });
        // Natural width and number of inter-word spaces (a space follows each word that is
        // followed by another word, in the font of the word before it).
        let mut natural = 0.0;
        let mut spaces = 0;
        for (i, p) in pieces.iter().enumerate() {
            let (Piece::Word { font, glyphs } | Piece::Hyphen { font, glyphs }) = p;
            natural += glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
            if matches!(p, Piece::Word { .. }) && next_is_word(i) {
                natural += self.shaper.width(*font, " ", size);
                spaces += 1;
            }
        }
        let stretch = if last || spaces == 0 {
            0.0
        } else {
            (measure - natural) / spaces as f32
        };

        let mut x = left;
        let mut run: Option<TextRun> = None;
        let mut out: Vec<TextRun> = Vec::new();
        for (i, p) in pieces.iter().enumerate() {
            match p {
                Piece::Word { font, glyphs } => {
                    if run.as_ref().is_some_and(|r| r.font != *font) {
                        out.push(run.take().unwrap());
                    }
                    let r = run.get_or_insert_with(|| TextRun {
                        font: *font,
                        size,
                        x,
                        y,
                        glyphs: Vec::new(),
                        actual_text: None,
                    });
                    for g in glyphs {
                        r.glyphs.push(Glyph {
                            id: g.id,
                            x: x - r.x,
                            text: g.text.clone().into(),
                        });
                        x += g.advance * size;
                    }
                    if next_is_word(i) {
                        for g in self.shaper.shape(*font, " ") {
                            r.glyphs.push(Glyph {
                                id: g.id,
                                x: x - r.x,
                                text: g.text.clone().into(),
                            });
                            x += g.advance * size + stretch;
                        }
                    }
                }
                Piece::Hyphen { font, glyphs } => {
                    if let Some(r) = run.take() {
                        out.push(r);
                    }
                    out.push(run_from(*font, size, x, y, glyphs, Some(String::new())));
                    x += glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
                }
            }
        }
        if let Some(r) = run.take() {
            out.push(r);
        }
        for r in out {
            self.items().push(Item::Text(r));
        }
    }

    /// A centred page number at the foot of every page.
    pub fn folios(&mut self) {
        let size = 9.0;
        for i in 0..self.pages.len() {
            let text = format!("{}", i + 1);
            let glyphs = self.shaper.shape(REGULAR, &text);
            let w: f32 = glyphs.iter().map(|g| g.advance).sum::<f32>() * size;
            let run = run_from(
                REGULAR,
                size,
                (self.page_w - w) / 2.0,
                self.page_h - self.margin / 2.0,
                &glyphs,
                None,
            );
            self.pages[i].items.push(Item::Text(run));
        }
    }

    pub fn new_page_pub(&mut self) {
        self.new_page();
    }

    pub fn push_item(&mut self, item: Item) {
        self.items().push(item);
    }

    pub fn cursor_y(&self) -> f32 {
        self.y
    }

    pub fn skip(&mut self, dy: f32) {
        self.y += dy;
    }
}

/// A run from shaped glyphs starting at x.
pub fn run_from(
    font: usize,
    size: f32,
    x: f32,
    y: f32,
    glyphs: &[SGlyph],
    actual: Option<String>,
) -> TextRun {
    let mut gx = 0.0;
    let mut out = Vec::new();
    for g in glyphs {
        out.push(Glyph {
            id: g.id,
            x: gx,
            text: g.text.clone().into(),
        });
        gx += g.advance * size;
    }
    TextRun {
        font,
        size,
        x,
        y,
        glyphs: out,
        actual_text: actual,
    }
}

/// Deterministic filler prose: `n` words of English-looking text with soft hyphens in long
/// words, sentence punctuation and occasional *italic* / **bold** / ***bold italic*** words.
pub fn prose(seed: u64, n: usize) -> Vec<String> {
    const VOCAB: &[&str] = &[
        "the",
        "of",
        "and",
        "a",
        "to",
        "in",
        "he",
        "she",
        "was",
        "that",
        "it",
        "his",
        "her",
        "with",
        "as",
        "for",
        "on",
        "at",
        "by",
        "from",
        "but",
        "not",
        "they",
        "all",
        "were",
        "when",
        "there",
        "light",
        "house",
        "keep\u{AD}er",
        "sea",
        "fog",
        "lamp",
        "night",
        "shore",
        "wind",
        "rock",
        "ship",
        "boat",
        "stair",
        "win\u{AD}dow",
        "glass",
        "wick",
        "oil",
        "bell",
        "tide",
        "gull",
        "har\u{AD}bour",
        "vil\u{AD}lage",
        "cap\u{AD}tain",
        "let\u{AD}ter",
        "jour\u{AD}nal",
        "weath\u{AD}er",
        "sea\u{AD}son",
        "sig\u{AD}nal",
        "dis\u{AD}tance",
        "si\u{AD}lence",
        "find",
        "first",
        "fifty",
        "flight",
        "office",
        "of\u{AD}fi\u{AD}cial",
        "dif\u{AD}fi\u{AD}cult",
        "af\u{AD}fec\u{AD}tion",
        "ef\u{AD}fort",
        "fine",
        "field",
        "file",
        "fluff",
        "re\u{AD}mem\u{AD}bered",
        "con\u{AD}sid\u{AD}ered",
        "care\u{AD}ful\u{AD}ly",
        "un\u{AD}der\u{AD}stand\u{AD}ing",
        "ex\u{AD}traor\u{AD}di\u{AD}nary",
        "par\u{AD}tic\u{AD}u\u{AD}lar",
        "climbed",
        "count\u{AD}ed",
        "watched",
        "waited",
        "turned",
        "lis\u{AD}tened",
        "wrote",
        "slowly",
        "quietly",
        "sudden\u{AD}ly",
        "al\u{AD}ready",
        "nev\u{AD}er",
        "al\u{AD}ways",
        "old",
        "grey",
        "cold",
        "bright",
        "small",
        "long",
        "dark",
        "near",
        "far",
        "whole",
        "Mar\u{AD}garet",
        "Thomas",
        "Eliza",
        "Pen\u{AD}zance",
        "Corn\u{AD}wall",
        "Jan\u{AD}u\u{AD}ary",
        "é\u{AD}tude",
        "naïve",
        "café",
        "façade",
        "rôle",
        "Zoë",
        "über",
        "smörgås\u{AD}bord",
        "“quite”",
        "don’t",
        "wasn’t",
        "twen\u{AD}ty-two",
        "1887",
        "£5",
        "—",
    ];
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let mut out = Vec::with_capacity(n);
    let mut sentence_len = 0;
    let mut target = 8 + next() % 12;
    while out.len() < n {
        let mut w = VOCAB[next() % VOCAB.len()].to_string();
        if w == "—" && sentence_len == 0 {
            continue;
        }
        if sentence_len == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                w = f.to_uppercase().collect::<String>() + c.as_str();
            }
        }
        sentence_len += 1;
        let end = sentence_len >= target || out.len() + 1 == n;
        if end {
            w.push(['.', '.', '.', '?', '!'][next() % 5]);
            sentence_len = 0;
            target = 8 + next() % 12;
        } else if next() % 9 == 0 {
            w.push(',');
        }
        let w = match next() % 40 {
            0 | 1 => format!("*{w}*"),
            2 => format!("**{w}**"),
            3 => format!("***{w}***"),
            _ => w,
        };
        out.push(w);
    }
    out
}

/// A fleuron-like ornament (two mirrored cubic lobes and a diamond), centred at cx, cy.
pub fn ornament(cx: f32, cy: f32) -> Item {
    use PathSeg::*;
    Item::Fill(vec![
        MoveTo(cx, cy - 6.0),
        CubicTo(cx + 10.0, cy - 12.0, cx + 16.0, cy + 2.0, cx, cy + 6.0),
        CubicTo(cx - 16.0, cy + 2.0, cx - 10.0, cy - 12.0, cx, cy - 6.0),
        Close,
        MoveTo(cx - 30.0, cy),
        LineTo(cx - 22.0, cy - 3.0),
        LineTo(cx - 14.0, cy),
        LineTo(cx - 22.0, cy + 3.0),
        Close,
        MoveTo(cx + 14.0, cy),
        LineTo(cx + 22.0, cy - 3.0),
        LineTo(cx + 30.0, cy),
        LineTo(cx + 22.0, cy + 3.0),
        Close,
    ])
}

/// A small PNG with an alpha channel (a soft disc) and a JPEG photo-like gradient.
pub fn test_images() -> (Vec<u8>, Vec<u8>) {
    let png = image::RgbaImage::from_fn(96, 96, |x, y| {
        let (dx, dy) = (x as f32 - 47.5, y as f32 - 47.5);
        let r = (dx * dx + dy * dy).sqrt();
        let a = ((48.0 - r) * 8.0).clamp(0.0, 255.0) as u8;
        image::Rgba([(x * 2) as u8, 60, (y * 2) as u8, a])
    });
    let mut png_bytes = Vec::new();
    image::DynamicImage::ImageRgba8(png)
        .write_to(
            &mut std::io::Cursor::new(&mut png_bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    let jpg = image::RgbImage::from_fn(160, 100, |x, y| {
        image::Rgb([(x + y) as u8, (255 - x.min(255)) as u8, (y * 2) as u8])
    });
    let mut jpg_bytes = Vec::new();
    image::DynamicImage::ImageRgb8(jpg)
        .write_to(
            &mut std::io::Cursor::new(&mut jpg_bytes),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    (png_bytes, jpg_bytes)
}

/// A ~`words`-word story in chapters, A5, with a title page (images), ornaments, folios and an
/// outline; the last two chapters are short so they share a page, and their titles sort in the
/// opposite order to their reading order.
pub fn story(faces: Vec<FontFace>, words: usize, with_images: bool) -> (Document, String) {
    let mut s = Setter::new(faces.clone());
    // A generous book setting: 11.5/16 pt on A5 with 60 pt margins (~150 words a page).
    s.size = 11.5;
    s.leading = 16.0;
    s.margin = 60.0;
    // Title page.
    s.skip(120.0);
    s.heading("The Keeper of Penzance Light");
    if with_images {
        let (png, jpg) = test_images();
        let y = s.cursor_y();
        s.push_item(Item::Image {
            data: Arc::new(png),
            pixels: None,
            x: (s.page_w - 72.0) / 2.0,
            y,
            width: 72.0,
            height: 72.0,
        });
        s.push_item(Item::Image {
            data: Arc::new(jpg),
            pixels: None,
            x: (s.page_w - 120.0) / 2.0,
            y: y + 90.0,
            width: 120.0,
            height: 75.0,
        });
    }
    let chapters = [
        "One: The Lamp",
        "Two: The Fog",
        "Three: The Letter",
        "Four: The Storm",
    ];
    let per_chapter = words.saturating_sub(120) / chapters.len();
    for (i, title) in chapters.iter().enumerate() {
        s.new_page_pub();
        s.heading(&format!("Chapter {title}"));
        let y = s.cursor_y() - 14.0;
        s.push_item(ornament(s.page_w / 2.0, y));
        s.skip(6.0);
        let text = prose(i as u64 + 1, per_chapter);
        let mut k = 0;
        let mut first = true;
        while k < text.len() {
            let len = (40 + (k * 7 + i * 13) % 60).min(text.len() - k);
            s.paragraph(&text[k..k + len].join(" "), if first { 0.0 } else { 12.0 });
            first = false;
            k += len;
        }
    }
    s.new_page_pub();
    s.heading("Notes");
    s.paragraph(&prose(90, 60).join(" "), 0.0);
    s.heading("Acknowledgements");
    s.paragraph(&prose(91, 60).join(" "), 0.0);
    s.folios();
    let text = s.text.join(" ");
    let doc = Document {
        fonts: faces,
        pages: s.pages,
        outline: s.outline,
        info: DocInfo {
            title: "The Keeper of Penzance Light".into(),
            author: "Zoë Quill".into(),
            subject: "A story in four chapters".into(),
            keywords: vec!["fiction".into(), "lighthouse".into(), "Cornwall".into()],
            language: "en-GB".into(),
            created_unix: 1_717_171_717,
        },
        structure: Vec::new(),
    };
    (doc, text)
}
