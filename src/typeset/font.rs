//! Fonts for the typesetter: a family of four faces, shaping with rustybuzz (kerning,
//! ligatures, small capitals) and a fallback to the bundled family for missing glyphs.

use crate::error::{Code, Error, Result};
use rustybuzz::{Direction, Feature, UnicodeBuffer};
use std::path::Path;
use std::str::FromStr;

/// The four styles of a family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    Regular,
    Italic,
    Bold,
    BoldItalic,
}

impl Style {
    pub fn index(self) -> usize {
        match self {
            Style::Regular => 0,
            Style::Italic => 1,
            Style::Bold => 2,
            Style::BoldItalic => 3,
        }
    }
    /// Emphasis: italic ↔ roman (inside an italic letter, emphasis is roman).
    pub fn flip_italic(self) -> Style {
        match self {
            Style::Regular => Style::Italic,
            Style::Italic => Style::Regular,
            Style::Bold => Style::BoldItalic,
            Style::BoldItalic => Style::Bold,
        }
    }
    pub fn bold(self) -> Style {
        match self {
            Style::Regular | Style::Bold => Style::Bold,
            Style::Italic | Style::BoldItalic => Style::BoldItalic,
        }
    }
}

type HbFace<'a> = rustybuzz::Face<'a>;

/// A font file's bytes, shared: the bundled fonts borrowed from the binary (copying their
/// 3.4 MB cost more than shaping a short story's words), a user's font owned.
pub type FontData = std::sync::Arc<std::borrow::Cow<'static, [u8]>>;

self_cell::self_cell!(
    /// The font file's bytes and the shaping face that borrows them, kept together so a
    /// user's font lives as long as its [`Face`] and no longer (nothing is leaked).
    struct ParsedFace {
        owner: FontData,
        #[covariant]
        dependent: HbFace,
    }
);

/// One face, parsed once.
pub struct Face {
    /// The font file, shared with the pages handed to the PDF writer.
    pub shared: FontData,
    pub index: u32,
    pub name: String,
    parsed: ParsedFace,
    pub upem: f32,
    pub ascender: f32,
    pub descender: f32,
    pub cap_height: f32,
    pub x_height: f32,
    pub has_smcp: bool,
    /// `has_glyph` answers for U+0000..U+07FF, filled in as they are asked (0 = not yet
    /// known, 1 = no, 2 = yes): the question is asked for every character of every new word,
    /// and a cmap lookup costs a few hundred instructions.
    known: Box<[std::sync::atomic::AtomicU8]>,
}

/// Characters below this have their `has_glyph` answer memoised.
const KNOWN_CHARS: usize = 0x800;

impl Face {
    /// Parses a font file (its first face).
    pub fn parse(
        data: impl Into<std::borrow::Cow<'static, [u8]>>,
        name_hint: &str,
    ) -> std::result::Result<Face, String> {
        let shared: FontData = std::sync::Arc::new(data.into());
        let parsed = ParsedFace::try_new(shared.clone(), |d| {
            rustybuzz::Face::from_slice(d, 0).ok_or("not a TrueType/OpenType font")
        })?;
        let hb = parsed.borrow_dependent();
        let upem = hb.units_per_em() as f32;
        let name = hb
            .names()
            .into_iter()
            .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
            .and_then(|n| n.to_string())
            .unwrap_or_else(|| name_hint.to_string());
        let has_smcp = hb
            .tables()
            .gsub
            .map(|g| {
                g.features
                    .into_iter()
                    .any(|f| f.tag == ttf_parser::Tag::from_bytes(b"smcp"))
            })
            .unwrap_or(false);
        let (ascender, descender) = (hb.ascender(), hb.descender());
        let cap_height = hb.capital_height().map_or(0.7, |c| c as f32 / upem);
        let x_height = hb.x_height().map_or(0.5, |c| c as f32 / upem);
        Ok(Face {
            shared,
            index: 0,
            ascender: ascender as f32 / upem,
            descender: descender as f32 / upem,
            cap_height,
            x_height,
            upem,
            name,
            parsed,
            has_smcp,
            known: (0..KNOWN_CHARS)
                .map(|_| std::sync::atomic::AtomicU8::new(0))
                .collect(),
        })
    }

    /// The font file's bytes.
    pub fn data(&self) -> &[u8] {
        self.parsed.borrow_owner()
    }

    /// The shaping face.
    pub fn hb(&self) -> &rustybuzz::Face<'_> {
        self.parsed.borrow_dependent()
    }

    pub fn has_glyph(&self, c: char) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(slot) = self.known.get(c as usize) else {
            return self.hb().glyph_index(c).is_some();
        };
        match slot.load(Relaxed) {
            1 => false,
            2 => true,
            _ => {
                let has = self.hb().glyph_index(c).is_some();
                slot.store(if has { 2 } else { 1 }, Relaxed);
                has
            }
        }
    }
}

/// A shaped glyph: advance and offset in em, cluster = byte offset in the shaped text.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapedGlyph {
    pub face: usize,
    pub id: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub cluster: usize,
    /// Size of this glyph relative to the run's size: 1, or less for a capital standing in
    /// for a small capital (`advance` and `x_offset` already include it).
    pub scale: f32,
}

/// Bounds for the size of synthesized small capitals relative to full capitals. The ideal is
/// the face's x-height over its cap height (a small capital as tall as the lowercase), kept
/// within what still reads as capitals and still differs from them.
const SCALED_CAPS_MIN: f32 = 0.65;
const SCALED_CAPS_MAX: f32 = 0.8;

/// A family of four faces plus, for user fonts, the bundled family as a fallback.
pub struct Fonts {
    /// Indices 0..4: the family; 4..8: the bundled fallback (when the family is not bundled).
    pub faces: Vec<Face>,
    pub bundled: bool,
    /// Compiled shaping plans for Latin text, by (face, small caps, language): building a
    /// plan (feature lookup) costs more than shaping a word, so it is done once.
    plans: std::sync::Mutex<
        std::collections::HashMap<(usize, bool, String), std::sync::Arc<rustybuzz::ShapePlan>>,
    >,
    /// Words already shaped, for every book set with this family: a shelf's stories share
    /// most of their words, and a book repeats its own. Kept with the characters each word
    /// reported missing, so every book still hears of them. See [`Fonts::shape_shared`].
    shaped: std::sync::Mutex<ShapeCache>,
}

/// Shaped words by (text, style, small caps, language).
type ShapeCache = rustc_hash::FxHashMap<(Box<str>, Style, bool, Box<str>), ShapedWord>;

/// A shaped word and the characters its shaping reported missing.
type ShapedWord = (std::sync::Arc<[ShapedGlyph]>, Box<[(char, bool)]>);

/// Words the shared shaping cache holds at most; past that it starts afresh, so memory stays
/// bounded over a shelf of any size. A shelf's stories share far fewer words than this; a
/// novel has more (~23,000) and starts afresh once or twice at little cost, since each book
/// also keeps its set words (`Setter::words`). At 60,000 the cache outlived the novel's
/// typesetting at 7 MB more peak memory; at 16,384 the novel's PDF peaks 5 MB below main.
const MAX_SHAPED_WORDS: usize = 16_384;

/// Text rustybuzz would classify as Latin (or script-neutral): it can use a cached plan.
fn latin_or_common(text: &str) -> bool {
    text.chars().all(|c| {
        let u = c as u32;
        u < 0x0370
            || (0x1E00..=0x1EFF).contains(&u)
            || (0x2000..=0x206F).contains(&u)
            || (0x20A0..=0x20CF).contains(&u)
            || (0x2100..=0x214F).contains(&u)
    })
}

/// A font file's name as compared when picking styles: lower case, no `-`, `_` or spaces.
fn name_of(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .replace(['-', '_', ' '], "")
}

impl Fonts {
    /// The bundled Charis SIL family.
    pub fn bundled() -> Fonts {
        let f = |d: &'static [u8], n: &str| Face::parse(d, n).expect("bundled fonts parse");
        Fonts {
            faces: vec![
                f(crate::fonts::REGULAR, "GentiumBookPlus-Regular"),
                f(crate::fonts::ITALIC, "GentiumBookPlus-Italic"),
                f(crate::fonts::BOLD, "GentiumBookPlus-Bold"),
                f(crate::fonts::BOLD_ITALIC, "GentiumBookPlus-BoldItalic"),
            ],
            bundled: true,
            plans: Default::default(),
            shaped: Default::default(),
        }
    }

    /// A family from a folder: files whose names say Regular/Italic/Bold/BoldItalic (a lone
    /// font file is used for every style). Errors name the file.
    pub fn from_dir(dir: &Path) -> Result<(Fonts, Vec<String>)> {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| {
                Error::at_file(
                    dir,
                    format!("cannot read font folder: {}", crate::limits::io_reason(&e)),
                )
                .code(Code::Font)
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf"))
            })
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(
                Error::at_file(dir, "no .ttf or .otf font files in this folder").code(Code::Font),
            );
        }
        let pick = |want: &dyn Fn(&str) -> bool| files.iter().find(|p| want(&name_of(p))).cloned();
        let bi =
            pick(&|n| n.contains("bolditalic") || n.contains("boldoblique") || n.ends_with("bi"));
        let b = pick(&|n| n.contains("bold") && !n.contains("italic") && !n.contains("oblique"));
        let i = pick(&|n| (n.contains("italic") || n.contains("oblique")) && !n.contains("bold"));
        let r = pick(&|n| n.contains("regular") || n.contains("roman") || n.contains("book"))
            .or_else(|| {
                files
                    .iter()
                    .find(|p| {
                        let n = name_of(p);
                        !n.contains("bold") && !n.contains("italic") && !n.contains("oblique")
                    })
                    .cloned()
            })
            .unwrap_or_else(|| files[0].clone());
        Fonts::from_files(
            [Some(r), i, b, bi],
            &dir.display().to_string(),
            &crate::loader::FsLoader,
        )
    }

    /// A family from its files: regular, italic, bold, bold italic (a missing style is set
    /// in the regular face, with a warning naming `family`), read through `loader`, with the
    /// bundled family as the fallback for characters it lacks. Errors name the file.
    pub fn from_files(
        files: [Option<std::path::PathBuf>; 4],
        family: &str,
        loader: &dyn crate::loader::Loader,
    ) -> Result<(Fonts, Vec<String>)> {
        let [r, i, b, bi] = files;
        let Some(r) = r else {
            return Err(Error::plain(format!("{family}: no regular face given")));
        };
        let mut warnings = Vec::new();
        let load = |p: &Path| -> Result<Face> {
            let bytes = loader
                .read_limited(p, crate::limits::MAX_FONT_BYTES)
                .map_err(|e| {
                    crate::limits::io_error(p, "font", crate::limits::MAX_FONT_BYTES, &e)
                        .code(Code::Font)
                })?;
            Face::parse(bytes, &name_of(p)).map_err(|e| {
                Error::at_file(p, format!("cannot use this font: {e}")).code(Code::Font)
            })
        };
        let regular = load(&r)?;
        let mut faces = vec![regular];
        for (style, path) in [("italic", i), ("bold", b), ("bold italic", bi)] {
            match path {
                Some(p) => faces.push(load(&p)?),
                None => {
                    warnings.push(format!(
                        "{family}: no {style} face found; using the regular face for it"
                    ));
                    faces.push(load(&r)?);
                }
            }
        }
        let mut fonts = Fonts {
            faces,
            bundled: false,
            plans: Default::default(),
            shaped: Default::default(),
        };
        fonts.faces.extend(Fonts::bundled().faces);
        Ok((fonts, warnings))
    }

    pub fn face(&self, style: Style) -> &Face {
        &self.faces[style.index()]
    }

    /// [`Fonts::shape`], remembered: the same glyphs for the same word, whichever book of a
    /// shelf (or thread) asks first, with its missing characters added to `missing` again.
    pub fn shape_shared(
        &self,
        text: &str,
        style: Style,
        small_caps: bool,
        language: &str,
        missing: &mut Vec<(char, bool)>,
    ) -> std::sync::Arc<[ShapedGlyph]> {
        let lock = || self.shaped.lock().unwrap_or_else(|e| e.into_inner());
        let key: (Box<str>, Style, bool, Box<str>) =
            (text.into(), style, small_caps, language.into());
        // The lock is held for the look-up only, never while shaping.
        let hit = lock().get(&key).cloned();
        // Each missing character once in the book's list, whoever shaped the word.
        let add_notes = |missing: &mut Vec<(char, bool)>, notes: &[(char, bool)]| {
            for &(c, found) in notes {
                if !missing.iter().any(|(m, _)| *m == c) {
                    missing.push((c, found));
                }
            }
        };
        if let Some((glyphs, notes)) = hit {
            add_notes(missing, &notes);
            return glyphs;
        }
        let mut notes = Vec::new();
        let glyphs: std::sync::Arc<[ShapedGlyph]> = self
            .shape(text, style, small_caps, language, &mut notes)
            .into();
        add_notes(missing, &notes);
        let mut cache = lock();
        if cache.len() >= MAX_SHAPED_WORDS {
            cache.clear();
        }
        cache.insert(key, (glyphs.clone(), notes.into()));
        glyphs
    }

    /// Shapes `text` in `style`, falling back to the bundled face for characters the family
    /// lacks. Characters not in the family are added to `missing`, with `true` when the
    /// bundled family had them and `false` when no font had them (they show as a box).
    pub fn shape(
        &self,
        text: &str,
        style: Style,
        small_caps: bool,
        language: &str,
        missing: &mut Vec<(char, bool)>,
    ) -> Vec<ShapedGlyph> {
        let primary = style.index();
        let mut note = |c: char, found: bool| {
            if !missing.iter().any(|(m, _)| *m == c) {
                missing.push((c, found));
            }
        };
        if text
            .chars()
            .all(|c| c.is_whitespace() || c.is_control() || self.faces[primary].has_glyph(c))
        {
            return self.shape_with(primary, text, 0, small_caps, language);
        }
        if self.bundled {
            for c in text.chars() {
                if !c.is_whitespace() && !self.faces[primary].has_glyph(c) {
                    note(c, false);
                }
            }
            return self.shape_with(primary, text, 0, small_caps, language);
        }
        // Split into runs by which face has the glyphs.
        let fallback = primary + 4;
        let mut out = Vec::new();
        let mut start = 0;
        let mut cur: Option<usize> = None;
        for (i, c) in text.char_indices() {
            let f = if c.is_whitespace() || self.faces[primary].has_glyph(c) {
                primary
            } else {
                note(c, self.faces[fallback].has_glyph(c));
                fallback
            };
            match cur {
                Some(x) if x == f => {}
                Some(x) => {
                    out.extend(self.shape_with(x, &text[start..i], start, small_caps, language));
                    start = i;
                    cur = Some(f);
                }
                None => cur = Some(f),
            }
        }
        if let Some(x) = cur {
            out.extend(self.shape_with(x, &text[start..], start, small_caps, language));
        }
        out
    }

    fn shape_with(
        &self,
        face: usize,
        text: &str,
        offset: usize,
        small_caps: bool,
        language: &str,
    ) -> Vec<ShapedGlyph> {
        let f = &self.faces[face];
        if small_caps && !f.has_smcp {
            return self.shape_scaled_caps(face, text, offset, language);
        }
        let mut buf = UnicodeBuffer::new();
        buf.push_str(text);
        buf.set_direction(Direction::LeftToRight);
        if let Ok(l) = rustybuzz::Language::from_str(language) {
            buf.set_language(l);
        }
        let mut features = Vec::new();
        let small_caps = small_caps && f.has_smcp;
        if small_caps {
            features.push(Feature::from_str("smcp").expect("valid feature"));
        }
        let shaped = if latin_or_common(text) {
            buf.set_script(rustybuzz::script::LATIN);
            let key = (face, small_caps, language.to_string());
            let plan = {
                let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
                plans
                    .entry(key)
                    .or_insert_with(|| {
                        std::sync::Arc::new(rustybuzz::ShapePlan::new(
                            f.hb(),
                            Direction::LeftToRight,
                            Some(rustybuzz::script::LATIN),
                            rustybuzz::Language::from_str(language).ok().as_ref(),
                            &features,
                        ))
                    })
                    .clone()
            };
            rustybuzz::shape_with_plan(f.hb(), &plan, buf)
        } else {
            rustybuzz::shape(f.hb(), &features, buf)
        };
        let upem = f.upem;
        shaped
            .glyph_infos()
            .iter()
            .zip(shaped.glyph_positions())
            .map(|(info, pos)| ShapedGlyph {
                face,
                id: info.glyph_id as u16,
                advance: pos.x_advance as f32 / upem,
                x_offset: pos.x_offset as f32 / upem,
                cluster: info.cluster as usize + offset,
                scale: 1.0,
            })
            .collect()
    }

    /// Small capitals for a face without `smcp`: lowercase letters are set as capitals at
    /// the size that makes them about as tall as the lowercase; everything else (capitals,
    /// digits, punctuation) is left as it is. Clusters still point into `text`.
    fn shape_scaled_caps(
        &self,
        face: usize,
        text: &str,
        offset: usize,
        language: &str,
    ) -> Vec<ShapedGlyph> {
        let f = &self.faces[face];
        let scale = if f.cap_height > 0.0 {
            (f.x_height / f.cap_height).clamp(SCALED_CAPS_MIN, SCALED_CAPS_MAX)
        } else {
            SCALED_CAPS_MAX
        };
        let lower = |c: char| c.is_lowercase() && c.to_uppercase().ne(std::iter::once(c));
        let mut out = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let first = text[start..].chars().next().unwrap_or(' ');
            let is_lower = lower(first);
            let end = text[start..]
                .char_indices()
                .find(|&(_, c)| lower(c) != is_lower)
                .map_or(text.len(), |(i, _)| start + i);
            let part = &text[start..end];
            if is_lower {
                // The capitals, and for each of their bytes the offset of the letter in `text`.
                let mut upper = String::with_capacity(part.len());
                let mut source = Vec::with_capacity(part.len());
                for (i, c) in part.char_indices() {
                    let before = upper.len();
                    upper.extend(c.to_uppercase());
                    source.resize(upper.len(), start + i);
                    debug_assert!(upper.len() > before);
                }
                for mut g in self.shape_with(face, &upper, 0, false, language) {
                    g.cluster = offset + source.get(g.cluster).copied().unwrap_or(start);
                    g.advance *= scale;
                    g.x_offset *= scale;
                    g.scale = scale;
                    out.push(g);
                }
            } else {
                out.extend(self.shape_with(face, part, offset + start, false, language));
            }
            start = end;
        }
        out
    }

    /// Advance of a single character (em), e.g. the space.
    pub fn advance(&self, style: Style, c: char) -> f32 {
        let f = self.face(style);
        f.hb()
            .glyph_index(c)
            .and_then(|g| f.hb().glyph_hor_advance(g))
            .map_or(0.25, |a| a as f32 / f.upem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_capitals_stand_in_for_small_capitals_without_smcp() {
        let fonts = Fonts::bundled();
        let face = Style::Regular.index();
        let mut missing = Vec::new();
        // "Aßé!": the capital and the "!" stay, ß becomes two scaled S, é a scaled É.
        let g = fonts.shape_scaled_caps(face, "Aßé!", 10, "en");
        let caps = fonts.shape("ASSÉ!", Style::Regular, false, "en", &mut missing);
        assert_eq!(
            g.iter().map(|g| g.id).collect::<Vec<_>>(),
            caps.iter().map(|g| g.id).collect::<Vec<_>>(),
            "the glyphs are the capitals'"
        );
        let scales: Vec<f32> = g.iter().map(|g| g.scale).collect();
        assert_eq!(scales[0], 1.0);
        assert_eq!(scales[4], 1.0);
        for &s in &scales[1..4] {
            assert!((SCALED_CAPS_MIN..=SCALED_CAPS_MAX).contains(&s), "{s}");
            assert!((g[1].advance - caps[1].advance * s).abs() < 1e-6);
        }
        // Clusters point into the original text ("A" 0, "ß" 1, "é" 3, "!" 5), plus the offset.
        let clusters: Vec<usize> = g.iter().map(|g| g.cluster).collect();
        assert_eq!(clusters, vec![10, 11, 11, 13, 15]);
    }

    #[test]
    fn bundled_family_shapes_with_kerning_and_ligatures() {
        let fonts = Fonts::bundled();
        let mut missing = Vec::new();
        let g = fonts.shape("office", Style::Regular, false, "en", &mut missing);
        // "ffi" becomes one ligature glyph: fewer glyphs than characters.
        assert!(g.len() < 6, "{g:?}");
        let av = fonts.shape("AV", Style::Regular, false, "en", &mut missing);
        let a = fonts.shape("A", Style::Regular, false, "en", &mut missing)[0].advance;
        assert!(av[0].advance < a, "A is kerned before V");
        assert!(missing.is_empty());
        assert!(
            fonts.face(Style::Regular).has_smcp,
            "Gentium Book Plus has real small capitals"
        );
    }
}
