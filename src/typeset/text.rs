//! Paragraphs of styled text → Knuth–Plass items → set lines of positioned glyphs.
//!
//! A word is shaped whole (so kerning and ligatures are kept), then cut into fragments at its
//! hyphenation points — except where a ligature spans the point. Fragments are boxes, word
//! spaces are glue (stretch ½, shrink ¼ of the space), hyphenation points
//! are flagged penalties carrying the hyphen's width.

use super::font::{Fonts, Style};
use super::hyphenate::Hyphenator;
use super::linebreak::{self, Item, Line, Params};
use rustc_hash::FxHashMap;

/// Cost of breaking at a hyphenation point (TeX's `\hyphenpenalty`).
pub const HYPHEN_PENALTY: f32 = 50.0;
/// Cost of breaking after an explicit hyphen or dash (TeX's `\exhyphenpenalty`).
pub const EXPLICIT_HYPHEN_PENALTY: f32 = 50.0;
/// Word-space stretch and shrink as fractions of the space. The stretch is TeX's ½; the
/// shrink is ¼, not TeX's ⅓: on a grey 212 ppi screen a space shrunk to ⅔ of itself (0.14 em
/// in Gentium) runs words together, worst in italic letters, so no space may go below ¾ of
/// its natural width — a line that would need more is loosened or broken elsewhere.
pub const SPACE_STRETCH: f32 = 0.5;
pub const SPACE_SHRINK: f32 = 0.25;
/// Letter-spacing a justified line may add (or take) between the letters of a word, in em per
/// letter gap, as part of the stretch (shrink) of the space before the word. Word spaces do
/// most of the work; a trace of tracking keeps a line whose words fit badly from showing
/// rivers (InDesign-style letter-spacing limits, kept within ±2% of the em).
pub const LETTER_STRETCH: f32 = 0.02;
pub const LETTER_SHRINK: f32 = 0.005;

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub text: String,
    pub style: Style,
    pub small_caps: bool,
}

/// A forced line break inside a paragraph.
pub const LINE_BREAK: char = '\u{2028}';
/// Longest run of characters set without a break opportunity: a longer "word" (a pasted
/// blob, a row of brackets) may break every this many characters instead of running off the
/// page. About the measure of a small page; no dictionary word is this long.
pub const MAX_UNBROKEN: usize = 48;
/// Internal marker: a break opportunity inside an over-long word (never in the text).
const CHUNK_BREAK: char = '\u{0}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Justify,
    Left,
    Right,
    Center,
}

/// How to set one paragraph.
#[derive(Clone, Debug)]
pub struct ParaSpec {
    pub runs: Vec<Run>,
    pub size: f32,
    pub measure: f32,
    pub indent: f32,
    pub align: Align,
    pub hyphenate: bool,
}

/// A glyph on a set line, `x` from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct LineGlyph {
    pub face: usize,
    pub size: f32,
    pub id: u16,
    pub x: f32,
    pub text: std::sync::Arc<str>,
    /// A typeset hyphen (copied text must join the word back).
    pub inserted: bool,
}

#[derive(Clone, Debug)]
pub struct SetLine {
    pub glyphs: Vec<LineGlyph>,
    /// Offset of the line within the measure (ragged alignments).
    pub offset: f32,
    pub width: f32,
    pub ratio: f32,
    pub hyphenated: bool,
    pub overfull: bool,
    /// A justified line whose spaces were adjusted (not the last line of a paragraph).
    pub justified: bool,
}

#[derive(Clone, Debug)]
enum Content {
    /// A word fragment's glyphs, shared: a word's items are cached and copied into every
    /// paragraph that uses it, and copying a reference is cheaper than copying its glyphs.
    Frag(std::rc::Rc<[LineGlyph]>),
    /// A word space: its glyph, the stretch and shrink that belong to the space itself, and
    /// the number of letter gaps in the following word that take the rest.
    Space {
        glyph: Option<LineGlyph>,
        stretch: f32,
        shrink: f32,
        gaps: usize,
    },
    Hyphen(LineGlyph),
    Nothing,
}

/// Shared state while setting a document: fonts, hyphenation, what went missing.
pub struct Setter<'a> {
    pub fonts: &'a Fonts,
    pub language: String,
    pub hyphenator: Hyphenator,
    pub missing: Vec<(char, bool)>,
    texts: FxHashMap<String, std::sync::Arc<str>>,
    /// Hyphenation points of words already seen.
    hyphens: FxHashMap<String, Vec<usize>>,
    /// The finished items of words in one style already set (most words of a story occur
    /// several times), keyed by `word_key`.
    words: FxHashMap<String, (Vec<Item>, Vec<Content>)>,
    /// Word spaces by (style, size bits).
    spaces: FxHashMap<(usize, u32), (f32, Option<LineGlyph>)>,
    /// Scratch buffer for building `words` keys without allocating.
    key: String,
}

impl<'a> Setter<'a> {
    pub fn new(fonts: &'a Fonts, language: &str) -> Self {
        Setter {
            fonts,
            language: language.to_string(),
            hyphenator: Hyphenator::for_language(language),
            missing: Vec::new(),
            texts: FxHashMap::default(),
            hyphens: FxHashMap::default(),
            words: FxHashMap::default(),
            spaces: FxHashMap::default(),
            key: String::new(),
        }
    }

    /// One shared string per distinct cluster text: glyphs are cloned many times on their way
    /// to the page, and a reference count is cheaper than an allocation each time.
    fn intern(&mut self, s: &str) -> std::sync::Arc<str> {
        if let Some(a) = self.texts.get(s) {
            return a.clone();
        }
        let a: std::sync::Arc<str> = s.into();
        self.texts.insert(s.to_string(), a.clone());
        a
    }

    fn glyph_of(&mut self, style: Style, c: char, size: f32) -> Option<LineGlyph> {
        let face = style.index();
        let f = &self.fonts.faces[face];
        let id = f.hb().glyph_index(c)?;
        Some(LineGlyph {
            face,
            size,
            id: id.0,
            x: 0.0,
            text: self.intern(c.encode_utf8(&mut [0; 4])),
            inserted: false,
        })
    }

    /// Width and glyph of a word space.
    fn space(&mut self, style: Style, size: f32) -> (f32, Option<LineGlyph>) {
        let key = (style.index(), size.to_bits());
        if let Some(s) = self.spaces.get(&key) {
            return s.clone();
        }
        let s = (
            self.fonts.advance(style, ' ') * size,
            self.glyph_of(style, ' ', size),
        );
        self.spaces.insert(key, s.clone());
        s
    }

    /// Appends an invisible word space to a set line (for text read from the page: a heading
    /// set as two lines reads "Chapter One The Keeper's Log", not "Chapter OneThe ...").
    pub fn end_with_space(&mut self, line: &mut SetLine, style: Style, size: f32) {
        if let (_, Some(mut g)) = self.space(style, size) {
            g.x = line.width;
            line.glyphs.push(g);
        }
    }

    /// Sets a paragraph into lines.
    pub fn set(&mut self, spec: &ParaSpec) -> Vec<SetLine> {
        let (items, contents) = self.items(spec);
        if items.is_empty() {
            return Vec::new();
        }
        let lines: Vec<Line> = if spec.align == Align::Justify {
            let params = Params::for_font_size(spec.size);
            linebreak::break_paragraph(&items, &|_| spec.measure, &params).lines
        } else {
            greedy(&items, spec.measure)
        };
        self.finish(&items, &contents, &lines, spec)
    }

    /// Sets a justified paragraph one line longer than [`Setter::set`] does (a line pushed
    /// down, for a page that would otherwise end short). An invisible box as wide as the
    /// room left on the last line is glued to the paragraph's last word, so the best breaking
    /// of what is left needs one more line; the lines before it may be broken anew. `None`
    /// when that is not exactly one more line, or a word space opens past `max_space` times
    /// its natural width and past the loosest space of the paragraph as first set.
    pub fn set_longer(
        &mut self,
        spec: &ParaSpec,
        lines_now: usize,
        max_space: f32,
    ) -> Option<Vec<SetLine>> {
        if spec.align != Align::Justify {
            return None;
        }
        let (mut items, mut contents) = self.items(spec);
        let params = Params::for_font_size(spec.size);
        let lines = linebreak::break_paragraph(&items, &|_| spec.measure, &params).lines;
        if lines.len() != lines_now || lines.is_empty() {
            return None;
        }
        // No line looser than `max_space`, or than the paragraph's loosest line already is.
        let loosest = lines[..lines.len() - 1]
            .iter()
            .map(|l| l.ratio)
            .fold((max_space - 1.0) / SPACE_STRETCH, f32::max);
        // The paragraph's end: the last box, before the closing glue and penalties.
        let end = items.iter().rposition(|i| matches!(i, Item::Box { .. }))? + 1;
        // The widths of the paragraph's last words, with the spaces between them.
        let glues: Vec<usize> = (0..end)
            .rev()
            .filter(|&i| matches!(items[i], Item::Glue { .. }))
            .take(3)
            .collect();
        let tails: Vec<f32> = glues
            .iter()
            .map(|&g| {
                items[g + 1..end]
                    .iter()
                    .map(|i| match i {
                        Item::Box { width } | Item::Glue { width, .. } => *width,
                        Item::Penalty { .. } => 0.0,
                    })
                    .sum()
            })
            .collect();
        items.insert(end, Item::Box { width: 0.0 });
        contents.insert(end, Content::Nothing);
        // A filler that leaves room on the new last line for only its last two words (or
        // three, or one): those must go down, and the lines above share out the rest.
        for words in [2, 3, 1] {
            let Some(&tail) = tails.get(words - 1) else {
                continue;
            };
            let filler = spec.measure - tail - 1.0;
            if filler <= 0.0 {
                continue;
            }
            items[end] = Item::Box { width: filler };
            let lines = linebreak::break_paragraph(&items, &|_| spec.measure, &params).lines;
            let n = lines.len();
            let too_loose = |l: &Line| l.ratio > loosest + 1e-4;
            if n != lines_now + 1 || lines[..n - 1].iter().any(|l| too_loose(l) || l.overfull) {
                continue;
            }
            return Some(self.finish(&items, &contents, &lines, spec));
        }
        None
    }

    /// Turns broken lines into set lines.
    fn finish(
        &mut self,
        items: &[Item],
        contents: &[Content],
        lines: &[Line],
        spec: &ParaSpec,
    ) -> Vec<SetLine> {
        let n = lines.len();
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut line = materialize(items, contents, l, spec, i + 1 == n);
                // Broken after a hyphen of the text (a flagged penalty that adds nothing).
                if let (Some(Item::Penalty { flagged: true, .. }), Some(Content::Nothing)) =
                    (items.get(l.end), contents.get(l.end))
                {
                    self.hard_hyphen(&mut line);
                }
                line
            })
            .collect()
    }

    /// A line that ends at a hyphen of the text ("grand-|père"): text extractors take a
    /// line-final "-" for a typeset hyphen and join the word without it ("grandpère"). The
    /// glyph's text becomes U+2010 HYPHEN, which they keep, as a hard hyphen should be. Where
    /// the face has its own U+2010 glyph of (nearly) the same width, that glyph is used too:
    /// its ToUnicode entry then says U+2010 by itself, and the PDF needs no /ActualText span.
    fn hard_hyphen(&mut self, line: &mut SetLine) {
        let hyphen = self.intern("\u{2010}");
        let Some(g) = line.glyphs.last_mut() else {
            return;
        };
        if &*g.text != "-" || g.inserted {
            return;
        }
        g.text = hyphen;
        let Some(face) = self.fonts.faces.get(g.face) else {
            return;
        };
        let hb = face.hb();
        let Some(alt) = hb.glyph_index('\u{2010}') else {
            return;
        };
        let width = |id: u16| hb.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(id));
        if let (Some(a), Some(b)) = (width(g.id), width(alt.0)) {
            if (a as f32 - b as f32).abs() <= face.upem * 0.005 {
                g.id = alt.0;
            }
        }
    }

    /// Breaks a paragraph into boxes, glue and penalties. A word longer than
    /// [`MAX_UNBROKEN`] characters may break every that many characters.
    fn items(&mut self, spec: &ParaSpec) -> (Vec<Item>, Vec<Content>) {
        let mut items = Vec::new();
        let mut contents = Vec::new();
        if spec.indent > 0.0 {
            items.push(Item::Box { width: spec.indent });
            contents.push(Content::Nothing);
        }
        // Characters with their run, split into words at spaces and forced breaks.
        let mut chars: Vec<(char, usize)> =
            Vec::with_capacity(spec.runs.iter().map(|r| r.text.len()).sum());
        for (ri, r) in spec.runs.iter().enumerate() {
            chars.extend(r.text.chars().map(|c| (c, ri)));
        }
        // Trim.
        let lead = chars.iter().take_while(|(c, _)| *c == ' ').count();
        chars.drain(..lead);
        while chars.last().is_some_and(|(c, _)| *c == ' ') {
            chars.pop();
        }
        // Words as ranges of `chars`, each with the separator after it.
        let mut words: Vec<(std::ops::Range<usize>, Option<(char, usize)>)> = Vec::new();
        let mut start = 0;
        for (i, &(c, ri)) in chars.iter().enumerate() {
            if c == ' ' || c == '\n' || c == '\t' || c == LINE_BREAK {
                if i > start || c == LINE_BREAK {
                    words.push((start..i, Some((c, ri))));
                }
                start = i + 1;
            } else if i - start >= MAX_UNBROKEN {
                // No word is this long: a run of symbols or a pasted blob. It may break
                // here, so no line runs off the page.
                words.push((start..i, Some((CHUNK_BREAK, ri))));
                start = i;
            }
        }
        if start < chars.len() {
            words.push((start..chars.len(), None));
        }
        let words: Vec<(&[(char, usize)], Option<(char, usize)>)> =
            words.into_iter().map(|(r, sep)| (&chars[r], sep)).collect();
        let last_word = words.iter().rposition(|(w, _)| !w.is_empty());
        for (wi, (word, sep)) in words.iter().enumerate() {
            if !word.is_empty() {
                let first_item = items.len();
                self.word_items(spec, word, Some(wi) != last_word, &mut items, &mut contents);
                // The space before the word also stretches by letter-spacing the word.
                if spec.align == Align::Justify && first_item > 0 {
                    let gaps: usize = contents[first_item..]
                        .iter()
                        .map(|c| match c {
                            Content::Frag(f) => f.len(),
                            _ => 0,
                        })
                        .sum::<usize>()
                        .saturating_sub(1);
                    if let (
                        Item::Glue {
                            stretch, shrink, ..
                        },
                        Content::Space { gaps: g, .. },
                    ) = (&mut items[first_item - 1], &mut contents[first_item - 1])
                    {
                        *g = gaps;
                        *stretch += gaps as f32 * LETTER_STRETCH * spec.size;
                        *shrink += gaps as f32 * LETTER_SHRINK * spec.size;
                    }
                }
            }
            match sep {
                Some((CHUNK_BREAK, _)) => {
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: 0.0,
                        flagged: false,
                    });
                    contents.push(Content::Nothing);
                }
                Some((LINE_BREAK, _)) => {
                    items.push(Item::Glue {
                        width: 0.0,
                        stretch: f32::INFINITY,
                        shrink: 0.0,
                    });
                    contents.push(Content::Nothing);
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: -linebreak::INFINITY_PENALTY,
                        flagged: false,
                    });
                    contents.push(Content::Nothing);
                }
                Some((_, ri)) if wi + 1 < words.len() => {
                    let style = spec.runs[*ri].style;
                    let (space, glyph) = self.space(style, spec.size);
                    items.push(Item::Glue {
                        width: space,
                        stretch: space * SPACE_STRETCH,
                        shrink: space * SPACE_SHRINK,
                    });
                    contents.push(Content::Space {
                        glyph,
                        stretch: space * SPACE_STRETCH,
                        shrink: space * SPACE_SHRINK,
                        gaps: 0,
                    });
                }
                _ => {}
            }
        }
        if spec.align == Align::Justify {
            linebreak::finish_paragraph(&mut items);
            contents.push(Content::Nothing);
            contents.push(Content::Nothing);
        }
        (items, contents)
    }

    fn word_items(
        &mut self,
        spec: &ParaSpec,
        word: &[(char, usize)],
        may_hyphenate: bool,
        items: &mut Vec<Item>,
        contents: &mut Vec<Content>,
    ) {
        // A word in one style comes out the same every time: its items are kept and reused.
        let single_style = word.iter().all(|&(_, ri)| ri == word[0].1);
        if single_style {
            let run = &spec.runs[word[0].1];
            let mut key = std::mem::take(&mut self.key);
            key.clear();
            // A fixed-length head (style, small caps, hyphenation, size) then the word. The
            // head is pushed as characters, not formatted: this runs for every word of a book.
            key.push(char::from(b'0' + run.style.index() as u8));
            key.push(if run.small_caps { 'c' } else { '-' });
            key.push(if spec.hyphenate && may_hyphenate {
                'h'
            } else {
                '-'
            });
            key.extend(spec.size.to_bits().to_le_bytes().map(char::from));
            key.extend(word.iter().map(|(c, _)| *c));
            let hit = self.words.get(key.as_str()).map(|(i, c)| {
                items.extend_from_slice(i);
                contents.extend(c.iter().cloned());
            });
            if hit.is_none() {
                let (i0, c0) = (items.len(), contents.len());
                self.set_word(spec, word, may_hyphenate, items, contents);
                let entry = (items[i0..].to_vec(), contents[c0..].to_vec());
                self.words.insert(key.clone(), entry);
            }
            self.key = key;
        } else {
            self.set_word(spec, word, may_hyphenate, items, contents);
        }
    }

    /// Shapes a word, cuts it at its break points and appends its boxes and penalties.
    fn set_word(
        &mut self,
        spec: &ParaSpec,
        word: &[(char, usize)],
        may_hyphenate: bool,
        items: &mut Vec<Item>,
        contents: &mut Vec<Content>,
    ) {
        let text: String = word.iter().map(|(c, _)| *c).collect();
        // Style segments (byte ranges) of the word.
        let mut segs: Vec<(usize, usize, usize)> = Vec::new();
        let mut pos = 0;
        for &(c, ri) in word {
            let l = c.len_utf8();
            match segs.last_mut() {
                Some(s) if s.2 == ri => s.1 = pos + l,
                _ => segs.push((pos, pos + l, ri)),
            }
            pos += l;
        }
        // Shape each segment; clusters are byte offsets in `text`.
        let mut glyphs: Vec<(LineGlyph, usize, f32)> = Vec::new(); // glyph, cluster, advance
        for &(s, e, ri) in &segs {
            let run = &spec.runs[ri];
            let shaped = self.fonts.shape_shared(
                &text[s..e],
                run.style,
                run.small_caps,
                &self.language,
                &mut self.missing,
            );
            let empty = self.intern("");
            for g in shaped.iter().cloned() {
                glyphs.push((
                    LineGlyph {
                        face: g.face,
                        size: spec.size * g.scale,
                        id: g.id,
                        x: g.x_offset * spec.size,
                        text: empty.clone(),
                        inserted: false,
                    },
                    g.cluster + s,
                    g.advance * spec.size,
                ));
            }
        }
        // Cluster texts.
        let n = glyphs.len();
        for i in 0..n {
            let c = glyphs[i].1;
            if i > 0 && glyphs[i - 1].1 == c {
                continue;
            }
            let next = (i + 1..n)
                .map(|k| glyphs[k].1)
                .find(|&k| k > c)
                .unwrap_or(text.len());
            glyphs[i].0.text = self.intern(&text[c.min(text.len())..next.max(c).min(text.len())]);
        }
        // Break points: hyphenation (flagged, adds a hyphen) and explicit dashes.
        let mut breaks: Vec<(usize, bool)> = Vec::new();
        if spec.hyphenate && may_hyphenate {
            if !self.hyphens.contains_key(&text) {
                let points = self.hyphenator.points(&text);
                self.hyphens.insert(text.clone(), points);
            }
            breaks.extend(self.hyphens[&text].iter().map(|&p| (p, true)));
        }
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for w in chars.windows(3) {
            let (_, a) = w[0];
            let (i, b) = w[1];
            let (_, c) = w[2];
            let after = i + b.len_utf8();
            if (b == '-' && a.is_alphabetic() && c.is_alphabetic())
                || (matches!(b, '—' | '–') && c.is_alphanumeric())
            {
                breaks.push((after, false));
            }
        }
        breaks.sort_unstable();
        breaks.dedup_by_key(|b| b.0);
        // Fragments.
        let mut cuts: Vec<(usize, bool)> = Vec::new(); // glyph index, hyphen?
        for (b, hy) in breaks {
            if let Some(g) = glyphs.iter().position(|(_, c, _)| *c >= b) {
                if g > 0 && glyphs[g].1 == b && glyphs[g - 1].1 < b {
                    cuts.push((g, hy));
                }
            }
        }
        let mut start = 0;
        let mut bounds: Vec<(usize, usize, Option<bool>)> = Vec::new();
        for &(g, hy) in &cuts {
            bounds.push((start, g, Some(hy)));
            start = g;
        }
        bounds.push((start, n, None));
        for (a, b, after) in bounds {
            let mut x = 0.0;
            let mut frag = Vec::with_capacity(b - a);
            for (g, _, adv) in &glyphs[a..b] {
                let mut g = g.clone();
                g.x += x;
                x += adv;
                frag.push(g);
            }
            items.push(Item::Box { width: x });
            contents.push(Content::Frag(frag.into()));
            match after {
                Some(true) => {
                    // The hyphen in the style of the fragment's last glyph.
                    let ri = segs
                        .iter()
                        .rev()
                        .find(|s| s.0 < glyphs[b - 1].1 + 1)
                        .map_or(0, |s| s.2);
                    let style = spec.runs[ri].style;
                    let mut h = self.glyph_of(style, '-', spec.size);
                    let w = self.fonts.advance(style, '-') * spec.size;
                    if let Some(h) = h.as_mut() {
                        h.text = self.intern("");
                        h.inserted = true;
                    }
                    items.push(Item::Penalty {
                        width: w,
                        cost: HYPHEN_PENALTY,
                        flagged: true,
                    });
                    contents.push(h.map_or(Content::Nothing, Content::Hyphen));
                }
                Some(false) => {
                    items.push(Item::Penalty {
                        width: 0.0,
                        cost: EXPLICIT_HYPHEN_PENALTY,
                        flagged: true,
                    });
                    contents.push(Content::Nothing);
                }
                None => {}
            }
        }
    }
}

/// First-fit line breaking for ragged (left, right, centred) text.
fn greedy(items: &[Item], measure: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = 0.0;
    let mut last_break: Option<(usize, f32)> = None; // (item index, width before it)
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Box { width: w } => {
                if width + w > measure && last_break.is_some() {
                    let (b, _) = last_break.take().expect("checked");
                    lines.push(Line {
                        start,
                        end: b,
                        ratio: 0.0,
                        hyphenated: false,
                        overfull: false,
                        underfull: false,
                    });
                    // Skip glue after the break.
                    let mut s = b + 1;
                    while s < items.len() && !matches!(items[s], Item::Box { .. }) {
                        s += 1;
                    }
                    start = s;
                    width = 0.0;
                    i = s;
                    continue;
                }
                width += w;
            }
            Item::Glue { width: w, .. } => {
                if w.is_finite() {
                    last_break = Some((i, width));
                    width += w;
                }
            }
            Item::Penalty { cost, .. } => {
                if cost <= -linebreak::INFINITY_PENALTY {
                    lines.push(Line {
                        start,
                        end: i,
                        ratio: 0.0,
                        hyphenated: false,
                        overfull: false,
                        underfull: false,
                    });
                    start = i + 1;
                    width = 0.0;
                    last_break = None;
                }
            }
        }
        i += 1;
    }
    if start < items.len() {
        lines.push(Line {
            start,
            end: items.len(),
            ratio: 0.0,
            hyphenated: false,
            overfull: width > measure,
            underfull: false,
        });
    }
    lines
}

fn materialize(
    items: &[Item],
    contents: &[Content],
    l: &Line,
    spec: &ParaSpec,
    last: bool,
) -> SetLine {
    let end = l.end.min(items.len());
    // Every glyph of the book lives in a line until its page is made: no spare capacity.
    let capacity = 1 + contents[l.start.min(end)..end]
        .iter()
        .map(|c| match c {
            Content::Frag(f) => f.len(),
            _ => 1,
        })
        .sum::<usize>();
    let mut glyphs = Vec::with_capacity(capacity);
    let mut x = 0.0;
    // Trailing glue at the end of a ragged line is not set.
    let mut content_end = end;
    while content_end > l.start
        && matches!(
            items[content_end - 1],
            Item::Glue { .. } | Item::Penalty { .. }
        )
    {
        content_end -= 1;
    }
    // Letter-spacing owed to the word after a stretched or shrunk space: per gap, gaps left.
    let mut tracking: (f32, usize) = (0.0, 0);
    for k in l.start..content_end {
        match (&items[k], &contents[k]) {
            (Item::Box { width }, Content::Frag(f)) => {
                let mut extra = 0.0;
                for (i, g) in f.iter().enumerate() {
                    if i > 0 && tracking.1 > 0 {
                        extra += tracking.0;
                        tracking.1 -= 1;
                    }
                    let mut g = g.clone();
                    g.x += x + extra;
                    glyphs.push(g);
                }
                x += width + extra;
                // A word cut at a hyphenation point continues in the next fragment.
                if tracking.1 > 0 {
                    x += tracking.0;
                    tracking.1 -= 1;
                }
            }
            (Item::Box { width }, _) => x += width,
            (
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                },
                c,
            ) => {
                let mut w = *width;
                let (own_stretch, own_shrink, gaps) = match c {
                    Content::Space {
                        stretch,
                        shrink,
                        gaps,
                        ..
                    } => (*stretch, *shrink, *gaps),
                    _ => (*stretch, *shrink, 0),
                };
                tracking = (0.0, 0);
                if spec.align == Align::Justify && stretch.is_finite() {
                    let (total, own) = if l.ratio >= 0.0 {
                        (stretch, own_stretch)
                    } else {
                        (shrink, own_shrink)
                    };
                    w += l.ratio * own;
                    if gaps > 0 {
                        tracking = (l.ratio * (total - own) / gaps as f32, gaps);
                    }
                }
                if let Content::Space { glyph: Some(g), .. } = c {
                    let mut g = g.clone();
                    g.x = x;
                    glyphs.push(g);
                }
                x += w;
            }
            _ => {}
        }
    }
    if l.end < items.len() {
        // A line broken at a word space ends with that space's glyph, placed after the last
        // word and taking no room: invisible, but text read from the page (a screen reader
        // following the structure tree, copy and paste across lines) gets its space.
        if let (Item::Glue { .. }, Content::Space { glyph: Some(g), .. }) =
            (&items[l.end], &contents[l.end])
        {
            let mut g = g.clone();
            g.x = x;
            glyphs.push(g);
        }
        if let (Item::Penalty { width, .. }, Content::Hyphen(h)) = (&items[l.end], &contents[l.end])
        {
            if *width > 0.0 {
                let mut h = h.clone();
                h.x = x;
                glyphs.push(h);
                x += width;
            }
        }
    }
    let offset = match spec.align {
        Align::Justify | Align::Left => 0.0,
        Align::Right => (spec.measure - x).max(0.0),
        Align::Center => ((spec.measure - x) / 2.0).max(0.0),
    };
    SetLine {
        glyphs,
        offset,
        width: x,
        ratio: l.ratio,
        hyphenated: l.hyphenated,
        overfull: l.overfull || x > spec.measure + 0.5,
        justified: spec.align == Align::Justify && !last,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> Run {
        Run {
            text: t.into(),
            style: Style::Regular,
            small_caps: false,
        }
    }

    fn justified(text: &str, size: f32, measure: f32, indent: f32, hyphenate: bool) -> ParaSpec {
        ParaSpec {
            runs: vec![run(text)],
            size,
            measure,
            indent,
            align: Align::Justify,
            hyphenate,
        }
    }

    fn text_of(lines: &[SetLine]) -> String {
        lines
            .iter()
            .map(|l| l.glyphs.iter().map(|g| &*g.text).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn lines_give_back_the_paragraph_and_fit_the_measure() {
        let fonts = Fonts::bundled();
        let mut s = Setter::new(&fonts, "en");
        let para = "The supply boat came on Thursdays, except when it didn’t, and this Thursday it didn’t. Marianne stood on the gallery with her collar turned up and watched the grey water fold over itself all the way to the horizon, unimaginably patient.";
        let lines = s.set(&justified(para, 10.5, 200.0, 10.5, true));
        assert!(lines.len() >= 5);
        for l in &lines {
            assert!(!l.overfull, "{l:?}");
            assert!(l.width <= 200.5, "{}", l.width);
            if l.justified {
                assert!(
                    (l.width - 200.0).abs() < 0.5,
                    "justified lines fill the measure: {}",
                    l.width
                );
            }
        }
        // Joined back (hyphens are inserted glyphs with no text): the paragraph.
        let joined = text_of(&lines).replace('\n', " ");
        let squashed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        // A hyphenated line end joins without a space.
        let mut rebuilt = String::new();
        for (i, l) in lines.iter().enumerate() {
            let t: String = l.glyphs.iter().map(|g| &*g.text).collect();
            rebuilt.push_str(t.trim());
            if i + 1 < lines.len() && !l.hyphenated {
                rebuilt.push(' ');
            }
        }
        assert_eq!(squashed(&rebuilt), squashed(para), "{joined}");
    }

    #[test]
    fn a_line_ending_at_a_hyphen_of_the_text_keeps_it_as_u2010() {
        let fonts = Fonts::bundled();
        let mut s = Setter::new(&fonts, "fr");
        let para = "Ton grand-père serait insupportable, dit-elle en riant.";
        // "grand-père" does not fit on a line of 38 pt: it must break at its hyphen.
        let all = text_of(&s.set(&justified(para, 10.0, 38.0, 0.0, false)));
        let texts: Vec<&str> = all.split('\n').collect();
        let at = texts
            .iter()
            .position(|t| t.trim_end().ends_with("grand\u{2010}"))
            .unwrap_or_else(|| panic!("no line ends with grand‐: {texts:?}"));
        assert!(texts[at + 1].starts_with("père"), "{texts:?}");
        assert!(
            !texts.iter().any(|t| t.trim_end().ends_with('-')),
            "{texts:?}"
        );
        // Inside a line the hyphen stays what was typed.
        assert!(texts.iter().any(|t| t.contains("dit-elle")), "{texts:?}");
    }

    #[test]
    fn centred_and_right_lines() {
        let fonts = Fonts::bundled();
        let mut s = Setter::new(&fonts, "en");
        let spec = ParaSpec {
            runs: vec![run("Yours ever,")],
            size: 10.0,
            measure: 200.0,
            indent: 0.0,
            align: Align::Right,
            hyphenate: false,
        };
        let l = &s.set(&spec)[0];
        assert!((l.offset + l.width - 200.0).abs() < 0.01);
        let spec = ParaSpec {
            align: Align::Center,
            ..spec
        };
        let l = &s.set(&spec)[0];
        assert!((l.offset * 2.0 + l.width - 200.0).abs() < 0.01);
    }

    #[test]
    fn a_paragraph_set_a_line_longer_keeps_its_words_and_its_spacing() {
        let fonts = Fonts::bundled();
        let mut s = Setter::new(&fonts, "en");
        let para = "The keeper climbed the hundred and twelve steps of the tower every evening \
            at dusk, trimmed the wick, polished the great lens until it shone like water, and \
            wrote the weather in the log in a small upright hand that nobody but the inspector \
            ever read, and he only once a year when the boat brought him out from the town. \
            In winter the boat did not come at all, and the keeper talked to the gulls, who \
            did not answer, and to the lamp, which did, in its way, by burning steadily through \
            every gale the sea could send against the rock, and by going out only at dawn.";
        let mut found = 0;
        for measure in (180..=300).step_by(6) {
            let spec = justified(para, 10.5, measure as f32, 10.5, true);
            let lines = s.set(&spec);
            let Some(longer) = s.set_longer(&spec, lines.len(), 1.6) else {
                continue;
            };
            found += 1;
            assert_eq!(longer.len(), lines.len() + 1, "measure {measure}");
            // The same letters (hyphens and spaces aside).
            let words = |l: &[SetLine]| {
                text_of(l)
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
            };
            assert_eq!(words(&longer), words(&lines), "measure {measure}");
            let loosest = lines[..lines.len() - 1]
                .iter()
                .map(|l| l.ratio)
                .fold(1.2, f32::max);
            for l in &longer[..longer.len() - 1] {
                assert!(l.justified && !l.overfull);
                assert!((-1.0..=loosest + 1e-4).contains(&l.ratio), "{}", l.ratio);
                assert!(
                    (l.width - measure as f32).abs() < 1.0,
                    "{} at {measure}",
                    l.width
                );
            }
        }
        // Only where the last line is full enough can a word or two be pushed down: here 3
        // of the 21 measures.
        assert!(
            found >= 3,
            "only {found} of 21 measures could be set a line longer"
        );
        // Ragged text is never loosened.
        let mut ragged = justified(para, 10.5, 200.0, 0.0, false);
        ragged.align = Align::Left;
        assert!(s.set_longer(&ragged, 9, 1.5).is_none());
    }
}
