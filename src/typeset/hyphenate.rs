//! Hyphenation points by language, using the TeX patterns embedded in
//! [`hypher`].
//!
//! [`Hyphenator::points`] takes a word as it appears in running text — with
//! any surrounding quotes, brackets, punctuation or dashes attached — and
//! returns the byte offsets where a hyphen may be inserted. Only the word's
//! alphabetic core is hyphenated, and words that should not be hyphenated
//! at all in book typography (numbers, URLs, acronyms, words that already
//! contain a hyphen or dash, names with internal capitals) yield none.
//!
//! The core is hyphenated piecewise between apostrophes and other inner
//! punctuation, so elisions and contractions are never split at the
//! apostrophe (`aujourd’hui` → `au-jourd’hui`, never `aujourd’-hui`;
//! `l’homme` is treated as `homme`).

use hypher::Lang;

/// Minimum number of characters before a hyphenation point (TeX's
/// `\lefthyphenmin`, plain TeX value): no line ends in a one-letter stub
/// like "a-".
pub const DEFAULT_LEFT_MIN: usize = 2;

/// Minimum number of characters after a hyphenation point (TeX's
/// `\righthyphenmin`, plain TeX value): at least three letters are carried
/// over, so the next line never starts with a two-letter fragment like "-ly".
pub const DEFAULT_RIGHT_MIN: usize = 3;

/// Characters that mark a word as already hyphenated (or deliberately
/// unbreakable): hyphen-minus, soft hyphen (the author placed the points),
/// Unicode hyphen, non-breaking hyphen, figure dash, en dash, em dash,
/// horizontal bar, minus sign.
const HYPHEN_LIKE: &[char] = &[
    '-', '\u{00AD}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}',
    '\u{2212}',
];

/// Hyphenates words of one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hyphenator {
    left_min: usize,
    right_min: usize,
    lang: Option<Lang>,
}

impl Hyphenator {
    /// From a BCP 47 tag like "en", "en-GB", "fr", "de-CH" (case and `_`
    /// separators are tolerated). The primary language subtag selects the
    /// patterns; region, script and variant subtags are ignored (hypher has
    /// one pattern set per language). Unknown or absent languages ("xx",
    /// "und", "") give a hyphenator that never hyphenates.
    ///
    /// `left_min`/`right_min` default to [`DEFAULT_LEFT_MIN`] and
    /// [`DEFAULT_RIGHT_MIN`], raised to the language's own minimums where
    /// those are larger.
    pub fn for_language(tag: &str) -> Self {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
        let lang = match primary.as_bytes() {
            [a, b] => Lang::from_iso([a.to_ascii_lowercase(), b.to_ascii_lowercase()]),
            _ => None,
        };
        let (left, right) = lang.map_or((0, 0), Lang::bounds);
        Self {
            left_min: DEFAULT_LEFT_MIN.max(left),
            right_min: DEFAULT_RIGHT_MIN.max(right),
            lang,
        }
    }

    /// The same hyphenator with other minimum fragment lengths (in
    /// characters, each at least 1).
    pub fn with_min(self, left_min: usize, right_min: usize) -> Self {
        Self {
            left_min: left_min.max(1),
            right_min: right_min.max(1),
            ..self
        }
    }

    /// The pattern language, if the tag named a supported one.
    pub fn lang(&self) -> Option<Lang> {
        self.lang
    }

    /// Minimum characters before a hyphenation point.
    pub fn left_min(&self) -> usize {
        self.left_min
    }

    /// Minimum characters after a hyphenation point.
    pub fn right_min(&self) -> usize {
        self.right_min
    }

    /// Byte offsets inside `word` where a hyphen may be inserted, ascending.
    ///
    /// Leading and trailing non-letters (quotes, brackets, punctuation,
    /// ellipsis, dashes) are ignored and offsets are relative to the whole
    /// `word`. Returns nothing when the language is unsupported, or the word
    ///
    /// - is shorter than `left_min + right_min` characters,
    /// - contains a hyphen, soft hyphen, en or em dash (other than around
    ///   the core),
    /// - contains a digit,
    /// - looks like a URL or e-mail address (`://`, `www.`, `@`, `/`),
    /// - is in capitals (an acronym such as "NASA"),
    /// - has a capital after its first letter ("iPhone", "McDonald"; a
    ///   capital right after an apostrophe, as in "l’Europe", is allowed).
    ///
    /// `left_min` and `right_min` count characters (combining marks
    /// excluded), and no point falls before a combining mark.
    pub fn points(&self, word: &str) -> Vec<usize> {
        let mut points = Vec::new();
        let Some(lang) = self.lang else {
            return points;
        };
        if is_excluded_word(word) {
            return points;
        }
        let Some((start, end)) = core(word) else {
            return points;
        };
        let core = &word[start..end];
        if core.contains(HYPHEN_LIKE) || is_acronym(core) {
            return points;
        }

        // The letter runs of the core, hyphenated one by one.
        let mut segments = Vec::new();
        let mut seg_start = None;
        for (i, c) in core.char_indices() {
            match (is_word_char(c), seg_start) {
                (true, None) => seg_start = Some(i),
                (false, Some(s)) => {
                    segments.push((s, i));
                    seg_start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = seg_start {
            segments.push((s, core.len()));
        }
        if segments
            .iter()
            .any(|&(s, e)| has_internal_capital(&core[s..e]))
        {
            return points;
        }

        for (s, e) in segments {
            let segment = &core[s..e];
            let letters = segment.chars().filter(|c| !is_mark(*c)).count();
            if letters < self.left_min + self.right_min {
                continue;
            }
            let mut offset = 0;
            let mut syllables = hypher::hyphenate_bounded(segment, lang, 1, 1).peekable();
            while let Some(syllable) = syllables.next() {
                offset += syllable.len();
                if syllables.peek().is_some() && self.allowed(segment, offset) {
                    points.push(start + s + offset);
                }
            }
        }
        points
    }

    /// Whether a break at byte `at` of `segment` respects the minimums and
    /// does not separate a combining mark or joiner from its letter.
    fn allowed(&self, segment: &str, at: usize) -> bool {
        let (before, after) = segment.split_at(at);
        let left = before.chars().filter(|c| !is_mark(*c)).count();
        let right = after.chars().filter(|c| !is_mark(*c)).count();
        left >= self.left_min
            && right >= self.right_min
            && !after.starts_with(is_mark)
            && !before.ends_with(is_joiner)
    }
}

/// URLs, e-mail addresses, paths and anything with digits.
fn is_excluded_word(word: &str) -> bool {
    word.contains("://")
        || word.contains(['@', '/'])
        || word.to_lowercase().contains("www.")
        || word.chars().any(char::is_numeric)
}

/// Byte range from the first to the last letter of `word` (including any
/// combining marks after it).
fn core(word: &str) -> Option<(usize, usize)> {
    let start = word.find(char::is_alphabetic)?;
    let (last, c) = word.char_indices().rev().find(|(_, c)| c.is_alphabetic())?;
    let mut end = last + c.len_utf8();
    end += word[end..]
        .chars()
        .take_while(|c| is_mark(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    Some((start, end))
}

/// At least two capitals and no lower-case letter.
fn is_acronym(core: &str) -> bool {
    let upper = core.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && !core.chars().any(char::is_lowercase)
}

fn has_internal_capital(segment: &str) -> bool {
    segment.chars().skip(1).any(char::is_uppercase)
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_mark(c)
}

/// Combining marks and zero-width (non-)joiners: parts of the preceding
/// letter's cluster, never counted as characters and never split off.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    ) || is_joiner(c)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Hyphenator {
        Hyphenator::for_language("en")
    }

    fn fr() -> Hyphenator {
        Hyphenator::for_language("fr")
    }

    /// The word with `-` inserted at the points.
    fn show(h: &Hyphenator, word: &str) -> String {
        let points = h.points(word);
        let mut out = String::new();
        let mut last = 0;
        for p in points {
            assert!(word.is_char_boundary(p), "{word}: {p} not a boundary");
            assert!(p > last, "{word}: points not ascending");
            out.push_str(&word[last..p]);
            out.push('-');
            last = p;
        }
        out.push_str(&word[last..]);
        out
    }

    #[test]
    fn language_tags() {
        for tag in ["en", "en-GB", "EN-us", "en_US", " en "] {
            assert_eq!(
                Hyphenator::for_language(tag).lang(),
                Some(Lang::English),
                "{tag}"
            );
        }
        assert_eq!(Hyphenator::for_language("fr-CA").lang(), Some(Lang::French));
        assert_eq!(Hyphenator::for_language("de-CH").lang(), Some(Lang::German));
        assert_eq!(
            Hyphenator::for_language("nb-NO").lang(),
            Some(Lang::Norwegian)
        );
        for tag in ["", "xx", "und", "eng", "e", "-", "zh-Hans", "🙂"] {
            let h = Hyphenator::for_language(tag);
            assert_eq!(h.lang(), None, "{tag}");
            assert!(h.points("extensive").is_empty());
        }
    }

    #[test]
    fn defaults_are_tex_like() {
        let h = en();
        assert_eq!((h.left_min(), h.right_min()), (2, 3));
        // Greek patterns allow 1/1; the book defaults still apply.
        let el = Hyphenator::for_language("el");
        assert_eq!((el.left_min(), el.right_min()), (2, 3));
        let h = en().with_min(0, 0);
        assert_eq!((h.left_min(), h.right_min()), (1, 1));
    }

    #[test]
    fn english_words() {
        let h = en();
        for (word, expected) in [
            ("extensive", "ex-ten-sive"),
            ("hyphenation", "hy-phen-ation"),
            ("beautiful", "beau-ti-ful"),
            // "cal-ly": "ly" is shorter than right_min.
            ("characteristically", "char-ac-ter-is-ti-cally"),
            ("dictionary", "dic-tio-nary"),
            ("Extraordinary", "Ex-tra-or-di-nary"),
            // "com-put-er": "er" is shorter than right_min.
            ("computer", "com-puter"),
            ("paragraph", "para-graph"),
            ("table", "table"),
            ("a", "a"),
            ("", ""),
        ] {
            assert_eq!(show(&h, word), expected);
        }
    }

    #[test]
    fn french_words() {
        let h = fr();
        for (word, expected) in [
            ("typographie", "ty-po-gra-phie"),
            ("développement", "dé-ve-lop-pe-ment"),
            ("phénomène", "phé-no-mène"),
            ("bibliothèque", "bi-blio-thèque"),
            ("inconstitutionnellement", "in-cons-ti-tu-tion-nel-le-ment"),
            ("manœuvre", "ma-nœuvre"),
            // Never at the apostrophe of an elision.
            ("aujourd’hui", "au-jourd’hui"),
            ("aujourd'hui", "au-jourd'hui"),
            ("l’homme", "l’homme"),
            // A capital after the apostrophe starts a new word.
            ("l’Europe", "l’Eu-rope"),
        ] {
            assert_eq!(show(&h, word), expected);
        }
        assert_eq!(show(&h, "d’extraordinaires"), "d’ex-tra-or-di-naires");
    }

    #[test]
    fn byte_offsets_with_non_ascii() {
        // "dé" is 2 characters but 3 bytes.
        assert_eq!(fr().points("développement"), vec![3, 5, 8, 10]);
        // "ße" is 2 characters (3 bytes): too short for right_min 3.
        let de = Hyphenator::for_language("de");
        assert_eq!(show(&de, "Straße"), "Straße");
        assert_eq!(show(&de.with_min(2, 2), "Straße"), "Stra-ße");
        assert_eq!(show(&de, "Silbentrennung"), "Sil-ben-tren-nung");
        // Decomposed "é" (e + U+0301) counts as one character and is never
        // split from its accent.
        let decomposed = "de\u{301}veloppement";
        for p in fr().points(decomposed) {
            assert!(!decomposed[p..].starts_with('\u{301}'));
            assert!(p >= 4);
        }
    }

    #[test]
    fn surrounding_punctuation() {
        let h = en();
        for (word, expected) in [
            ("“extensive,”", "“ex-ten-sive,”"),
            ("\"extensive\"", "\"ex-ten-sive\""),
            ("‘beautiful’", "‘beau-ti-ful’"),
            ("'beautiful'", "'beau-ti-ful'"),
            ("(beautiful)", "(beau-ti-ful)"),
            ("hyphenation…", "hy-phen-ation…"),
            ("hyphenation...", "hy-phen-ation..."),
            ("extensive—", "ex-ten-sive—"),
            ("—extensive", "—ex-ten-sive"),
            ("extensive–", "ex-ten-sive–"),
            ("beautiful!?", "beau-ti-ful!?"),
        ] {
            assert_eq!(show(&h, word), expected);
        }
        assert_eq!(show(&fr(), "«typographie»"), "«ty-po-gra-phie»");
        assert_eq!(
            show(&fr(), "«\u{a0}typographie\u{a0}»"),
            "«\u{a0}ty-po-gra-phie\u{a0}»"
        );
        // Offsets are relative to the full string.
        assert_eq!(en().points("“extensive,”"), vec![5, 8]);
    }

    #[test]
    fn exclusions() {
        let h = en();
        for word in [
            // Already hyphenated or dashed.
            "well-known",
            "state\u{2010}of\u{2010}the\u{2010}art",
            "non\u{2011}breaking",
            "extensive–beautiful",
            "extensive—beautiful",
            "exten\u{ad}sive",
            // Digits.
            "1990s",
            "3rd",
            "characteristically2",
            "½extensive",
            // URLs and e-mail.
            "https://example.com/hyphenation",
            "www.hyphenation.org",
            "WWW.hyphenation.org",
            "hyphenation@example.com",
            "and/or",
            "extensive/beautiful",
            // Acronyms and internal capitals.
            "NASA",
            "UNESCO",
            "HYPHENATION",
            "“EXTENSIVE”",
            "iPhone",
            "McDonald",
            "JavaScript",
            "hyphenAtion",
            "O’Brien",
            // Too short or no letters.
            "cat",
            "ab",
            "...",
            "—",
            "“”",
        ] {
            assert!(h.points(word).is_empty(), "{word}: {:?}", h.points(word));
        }
        // Capitalised words are fine.
        assert_eq!(show(&h, "Beautiful"), "Beau-ti-ful");
        // Too short in characters: left_min + right_min = 5.
        assert!(h.with_min(2, 3).points("abcd").is_empty());
    }

    #[test]
    fn points_respect_minimums() {
        let words = [
            "characteristically",
            "inconstitutionnellement",
            "hyphenation",
            "extraordinary",
        ];
        for (l, r) in [(1, 1), (2, 2), (2, 3), (3, 3), (4, 5)] {
            for lang in ["en", "fr"] {
                let h = Hyphenator::for_language(lang).with_min(l, r);
                for w in words {
                    for p in h.points(w) {
                        assert!(w[..p].chars().count() >= l);
                        assert!(w[p..].chars().count() >= r);
                    }
                }
            }
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let h = en();
        let long = "a".repeat(500);
        for word in [
            "\u{301}",
            "\u{200d}abc\u{200d}def",
            "x\u{0}y",
            "💥💥💥",
            "ǅemal",
            long.as_str(),
            "supercalifragilisticexpialidociousnessessessessessessessess",
        ] {
            let _ = show(&h, word);
        }
    }
}
