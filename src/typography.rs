//! Smart punctuation: straight quotes → curly (by language), `--`/`---` → em dash,
//! `...` → ellipsis. Curly quotes, dashes and ellipses already in the text are kept.
//!
//! The smartener is fed a paragraph's text runs in order (runs may be split by emphasis), so
//! it keeps the previous character across runs to decide between opening and closing quotes.

/// How many words after a scene break (and, in the PDF, a chapter opening) are set in small
/// capitals: the lead-in both renderers share.
pub const LEAD_IN_WORDS: usize = 3;

/// Quotation marks of one language: (double open, double close, single open, single close),
/// plus whether the double quotes take an inner no-break space (French).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QuoteStyle {
    pub open2: &'static str,
    pub close2: &'static str,
    pub open1: char,
    pub close1: char,
}

const ENGLISH: QuoteStyle = QuoteStyle {
    open2: "“",
    close2: "”",
    open1: '‘',
    close1: '’',
};
/// French guillemets with a no-break space inside (U+00A0: every e-reader font has it, unlike
/// the narrow U+202F).
const FRENCH: QuoteStyle = QuoteStyle {
    open2: "«\u{a0}",
    close2: "\u{a0}»",
    open1: '‘',
    close1: '’',
};
const GERMAN: QuoteStyle = QuoteStyle {
    open2: "„",
    close2: "“",
    open1: '‚',
    close1: '‘',
};

impl QuoteStyle {
    pub fn for_language(tag: &str) -> QuoteStyle {
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "fr" => FRENCH,
            "de" => GERMAN,
            _ => ENGLISH,
        }
    }
}

/// Stateful converter for one paragraph.
#[derive(Clone, Debug)]
pub struct Smartener {
    style: QuoteStyle,
    prev: char,
}

fn opens_after(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '{' | '—' | '–' | '-' | '“' | '‘' | '«' | '„' | '‚' | '/'
        )
}

impl Smartener {
    pub fn new(language: &str) -> Self {
        Smartener {
            style: QuoteStyle::for_language(language),
            prev: ' ',
        }
    }

    /// Starts a new paragraph.
    pub fn reset(&mut self) {
        self.prev = ' ';
    }

    /// Marks that non-text content (code, an image) came in between.
    pub fn saw_other(&mut self) {
        self.prev = 'x';
    }

    /// Converts one run of text.
    pub fn convert(&mut self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match c {
                '"' => {
                    if opens_after(self.prev) && !next.is_none_or(char::is_whitespace) {
                        out.push_str(self.style.open2);
                    } else if opens_after(self.prev) && next.is_none() {
                        // A quote at the end of a run after a space: it opens emphasis text.
                        out.push_str(self.style.open2);
                    } else {
                        out.push_str(self.style.close2);
                    }
                }
                '\'' => {
                    let next_alnum = next.is_some_and(char::is_alphanumeric);
                    if self.prev.is_alphanumeric() {
                        // don't, dogs', 1990's
                        out.push('’');
                    } else if opens_after(self.prev) && next.is_some_and(|n| n.is_ascii_digit()) {
                        // '90s
                        out.push('’');
                    } else if opens_after(self.prev) && (next_alnum || next.is_none()) {
                        out.push(self.style.open1);
                    } else {
                        out.push(self.style.close1);
                    }
                }
                '-' if next == Some('-') => {
                    // `--` and `---` are em dashes in fiction.
                    let mut j = i;
                    while j < chars.len() && chars[j] == '-' {
                        j += 1;
                    }
                    let run = j - i;
                    if run <= 3 {
                        out.push('—');
                    } else {
                        out.extend(&chars[i..j]);
                    }
                    self.prev = '—';
                    i = j;
                    continue;
                }
                '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                    let mut j = i;
                    while j < chars.len() && chars[j] == '.' {
                        j += 1;
                    }
                    out.push('…');
                    if j - i > 3 {
                        // "...." = ellipsis + full stop
                        out.push('.');
                    }
                    self.prev = '…';
                    i = j;
                    continue;
                }
                ' ' if self.style == FRENCH
                    && (self.prev == '«'
                        || next.is_some_and(|n| matches!(n, '»' | ';' | ':' | '!' | '?'))) =>
                {
                    // French spacing: no line may break inside « guillemets » or before ; : ! ?
                    out.push('\u{a0}');
                }
                c => out.push(c),
            }
            self.prev = out.chars().last().unwrap_or(c);
            i += 1;
        }
        out
    }
}

/// Converts a whole standalone string (a title, a label).
pub fn smarten(text: &str, language: &str) -> String {
    Smartener::new(language).convert(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("\"Hello,\" she said.", "“Hello,” she said."),
            (
                "It's Tom's -- or the dogs' -- book...",
                "It’s Tom’s — or the dogs’ — book…",
            ),
            ("'Tis the '90s.", "‘Tis the ’90s."),
            ("He said 'no' twice.", "He said ‘no’ twice."),
            ("Wait---what?", "Wait—what?"),
            ("“Already curly” – kept…", "“Already curly” – kept…"),
            ("(\"quoted\")", "(“quoted”)"),
            ("A line ----- of dashes", "A line ----- of dashes"),
            ("Four dots....", "Four dots…."),
        ];
        for (input, want) in cases {
            assert_eq!(smarten(input, "en"), want, "{input}");
        }
    }

    #[test]
    fn french_guillemets() {
        assert_eq!(
            smarten("\"Bonjour\", dit-elle. L'été.", "fr"),
            "«\u{a0}Bonjour\u{a0}», dit-elle. L’été."
        );
        assert_eq!(
            smarten("« Oui ! » Et toi ?", "fr"),
            "«\u{a0}Oui\u{a0}!\u{a0}» Et toi\u{a0}?"
        );
    }

    #[test]
    fn quotes_across_runs() {
        // "*word*" arrives as three runs: `"`, `word`, `"`.
        let mut s = Smartener::new("en");
        let a = s.convert(" \"");
        let b = s.convert("word");
        let c = s.convert("\" and");
        assert_eq!(format!("{a}{b}{c}"), " “word” and");
    }
}
