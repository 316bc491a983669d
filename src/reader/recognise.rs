//! The letter recogniser: reads a whole chapter's paragraphs and chooses the most consistent
//! reading of where letters begin and end.
//!
//! Each paragraph first gets its **cues** — the evidence it carries on its own: wrapped whole
//! in quotes, italics, bold or brackets; a salutation (on its own line or run into the body),
//! a dateline, a superscription (`To Mr HENRY DAVIS…`); a sign-off, a signature, a closing run
//! into its last sentence; a postscript; an introduction of what follows ("the letter ran:");
//! dialogue. Then one pass of dynamic programming over the paragraph sequence (weighted
//! interval scheduling: each paragraph is narrative at no cost, or a span of paragraphs is a
//! letter with the score of its evidence) picks the set of non-overlapping letters with the
//! best total score. A span scores only when its opening and its closing are both
//! accounted for, and it is invalid when it holds what a letter cannot: a heading, a
//! separator, an author's note, a second salutation or a second signed closing (so two letters
//! with narration between stay two), or narration in a letter quoted paragraph by paragraph.
//!
//! The scores are the named constants below; the table tests are the specification. Nothing
//! here depends on the wording of an explanation: [`Evidence`] is data, worded only for
//! `inspect --explain`.

use super::{detect, letter};
use std::fmt;

/// A span must earn more than this to be read as a letter.
pub const LETTER_COST: i32 = 5;
/// A salutation (`Dear Marianne,`, `MY DEAR BROTHER,--I…`, `Dear Diary,`).
pub const SALUTATION: i32 = 6;
/// A bare addressee (`Callum,`, `SIR,`): weaker, it also opens speech.
pub const ADDRESSEE: i32 = 2;
/// A dateline, superscription or inside address above the salutation.
pub const DATELINE: i32 = 1;
/// Narration introducing what follows ("read as follows:", "the note said:").
pub const INTRODUCED: i32 = 3;
/// The narration just before names a written message (`…there was a note pushed under her
/// door.`, `He texted her.`): weaker than an introduction, and only for a short letter or
/// a wrapped one.
pub const MENTIONED: i32 = 2;
/// The most paragraphs before the closing of an unwrapped letter opened only by a mention.
pub const MAX_MENTIONED_PARAGRAPHS: usize = 3;
/// A quotation opened by a paragraph and carried, paragraph by paragraph, to a signed
/// closing: a letter quoted in the narration without a salutation (`“I have the greatest
/// pleasure, my dear Emma, …` … `“Yours ever,` / `“A. W.”`).
pub const QUOTATION_OPENS: i32 = 3;
/// One short paragraph right before a sign-off and a signature: a note (`Thank you for the
/// silver.` / `With love,` / `the Magpie`).
pub const NOTE_BODY: i32 = 1;
/// A sign-off and a signature (`Yours ever,` / `Tom`, `Love, Nell`, `Your dutiful DAUGHTER.`).
pub const SIGNED: i32 = 6;
/// A signature that can only be one (`— R`, `-Lestrade`, `J. A.`, `S. McBRIDE.`).
pub const MARKED_SIGNATURE: i32 = 4;
/// A closing run into the last sentence (`…everything proper.  Yours affectionately,`,
/// `…don't disappoint me!--ISABELLA.`).
pub const RUN_IN_CLOSING: i32 = 4;
/// A sign-off alone, or a name alone after the body.
pub const WEAK_CLOSING: i32 = 2;
/// The end of a run of wrapped paragraphs (quotes or italics closing), for unsigned letters.
pub const WRAPPER_CLOSES: i32 = 2;
/// An unsigned letter whose reading the narration then tells of (`Agnes read that line four
/// times. Then she put the letter down…`): the telling closes it, as a wrapper's end would.
pub const NARRATION_CLOSES: i32 = 2;
/// Each postscript after the closing (so the letter runs on over them).
pub const POSTSCRIPT: i32 = 1;
/// Each quoted paragraph inside an unwrapped letter: letters rarely hold dialogue.
pub const DIALOGUE_INSIDE: i32 = 2;
/// The most paragraphs after the closing of a letter that has a chapter to itself.
pub const MAX_LETTER_POSTSCRIPTS: usize = 4;
/// A telegram: a paragraph in capitals with `STOP` between its phrases and the sender's name
/// last is a letter by itself.
pub const TELEGRAM: i32 = 8;
/// A paragraph wrapped whole in italics or bold, in the first or second person and signed at
/// its end as notes are, opens a note of that one paragraph.
pub const WRAPPED_NOTE: i32 = 3;
/// A note written as one block, line by line, from its first line to a signature alone on
/// its last (a text message, a note on the fridge: `Rell` / `did u get there ok` / `-Kip`):
/// the reader that knows the blocks says so ([`Cue::block`]). The block's shape is the
/// evidence, so it closes on a name alone too.
pub const BLOCK_NOTE: i32 = 4;
/// The longest letter, in paragraphs.
pub const MAX_PARAGRAPHS: usize = 400;

/// How a paragraph is wrapped as a whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Wrapper {
    #[default]
    None,
    /// Opens a quotation that it does not close (`"Dear Anne,--I make…`).
    QuoteOpen,
    /// Opens and closes a quotation (`"Back by six."`).
    Quoted,
    /// Closes a quotation opened before (`…ever yours, Tom."`).
    QuoteClose,
    /// `*…*` or `_…_`.
    Italic,
    /// `**…**` or `__…__`.
    Bold,
    /// `[…]`.
    Bracket,
}

impl Wrapper {
    fn is_quote(self) -> bool {
        matches!(
            self,
            Wrapper::QuoteOpen | Wrapper::Quoted | Wrapper::QuoteClose
        )
    }
    fn starts_quote(self) -> bool {
        matches!(self, Wrapper::QuoteOpen | Wrapper::Quoted)
    }
}

/// What one paragraph shows by itself.
#[derive(Clone, Debug, Default)]
pub struct Cue {
    pub wrapper: Wrapper,
    /// A telegram, signed at its end: a letter in one paragraph.
    pub telegram: bool,
    /// The paragraph opens with a salutation (strong) …
    pub salutation: bool,
    /// … or with a bare addressee.
    pub addressee: bool,
    /// A dateline, superscription or address line (can stand above a salutation).
    pub dateline: bool,
    /// A header line of an e-mail or memo.
    pub header: bool,
    /// A date (or a weekday, a time) alone: `Kelby, Thursday.`, `14th April`.
    pub dated: bool,
    /// A short line that is not a sentence: above a salutation it is the letter's place or
    /// direction (`Harrowgate, Lady Day`, `The Lower Town, the feast of St. Aubin`).
    pub head_line: bool,
    /// The paragraph is a sign-off alone (`Yours ever,`).
    pub signoff: bool,
    /// The paragraph is a signed closing (sign-off and signature, or a marked signature).
    pub signed: bool,
    /// The paragraph is only a name (could sign a letter).
    pub name: bool,
    /// The paragraph ends with a closing run into its last sentence.
    pub run_in_closing: bool,
    /// `P.S.`
    pub postscript: bool,
    /// The paragraph introduces what follows (ends with a colon, "as follows").
    pub introduces: bool,
    /// The paragraph is narration that names a written message (a note, a letter, a text).
    pub mentions: bool,
    /// The paragraph speaks in the first or second person (`I`, `you`).
    pub personal: bool,
    /// Dialogue: opens with a quote and has a speech tag or closes it.
    pub dialogue: bool,
    /// Not something a letter can hold (heading, separator, note, other block).
    pub barrier: bool,
    /// A list item (`- ASCII`, `2. Flowers`): among others it is never a signature.
    pub list_item: bool,
    /// A title, department or firm line (it may stand under a signature).
    pub role_line: bool,
    /// One line in capitals (`PLEASE WASH YOUR OWN MUGS`, `- FACILITIES`): lines of a
    /// notice, set line by line, are no letter unless it greets someone.
    pub capitals: bool,
    /// Speaks of someone in the third person (`she`, `his`, `they`).
    pub third_person: bool,
    /// Narration that names a message and someone reading or holding it (`read that line four
    /// times`, `put the letter down`, `with the note in his hand`).
    pub handles: bool,
    /// A short paragraph in a writer's present voice that may follow the signature
    /// ([`is_afterthought`]).
    pub afterthought: bool,
    /// A line that tells a time from the last scene (`Later that night…`, `Two days
    /// afterwards`): inside an open letter an entry's date, after its signature the story's.
    pub relative_jump: bool,
    /// Part of a note written as one block, line by line, greeting or body to signature: the
    /// block's identity (set by a reader that sees blocks; `None` otherwise).
    pub block: Option<usize>,
}

/// Evidence behind a recognised letter (shown by `inspect --explain`).
#[derive(Clone, Debug, PartialEq)]
pub enum Evidence {
    Salutation(String),
    Addressee(String),
    Dateline(String),
    Introduced,
    Mentioned,
    QuotationOpens,
    NoteBody,
    Signed(String),
    RunInClosing(String),
    WeakClosing(String),
    WrapperCloses,
    Wrapped(Wrapper),
    DialogueInside(usize),
    Marked,
    Telegram(String),
    WrappedNote,
    NarrationCloses,
    WrittenAsBlock,
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Evidence::Salutation(s) => write!(f, "salutation `{s}` (+{SALUTATION})"),
            Evidence::Addressee(s) => write!(f, "addressed to `{s}` (+{ADDRESSEE})"),
            Evidence::Dateline(s) => write!(f, "dateline `{s}` (+{DATELINE})"),
            Evidence::Introduced => write!(f, "introduced by the narration (+{INTRODUCED})"),
            Evidence::Mentioned => write!(f, "a message named just before (+{MENTIONED})"),
            Evidence::QuotationOpens => {
                write!(f, "a quotation carried to the closing (+{QUOTATION_OPENS})")
            }
            Evidence::NoteBody => write!(f, "a short note over the closing (+{NOTE_BODY})"),
            Evidence::Telegram(s) => write!(f, "a telegram signed `{s}` (+{TELEGRAM})"),
            Evidence::WrappedNote => {
                write!(
                    f,
                    "a note wrapped whole, signed at its end (+{WRAPPED_NOTE})"
                )
            }
            Evidence::Signed(s) => write!(f, "signed `{s}` (+{SIGNED})"),
            Evidence::RunInClosing(s) => write!(f, "closing run in `{s}` (+{RUN_IN_CLOSING})"),
            Evidence::WeakClosing(s) => write!(f, "closing `{s}` (+{WEAK_CLOSING})"),
            Evidence::WrapperCloses => {
                write!(f, "ends where its wrapping ends (+{WRAPPER_CLOSES})")
            }
            Evidence::NarrationCloses => {
                write!(f, "the narration tells of it next (+{NARRATION_CLOSES})")
            }
            Evidence::Wrapped(w) => write!(f, "wrapped: {w:?}"),
            Evidence::DialogueInside(n) => {
                write!(
                    f,
                    "{n} quoted paragraph(s) inside (-{})",
                    n * DIALOGUE_INSIDE as usize
                )
            }
            Evidence::Marked => write!(f, "marked as a letter (--mark)"),
            Evidence::WrittenAsBlock => write!(
                f,
                "written as one block, line by line, to a signature (+{BLOCK_NOTE})"
            ),
        }
    }
}

/// A letter chosen by the decoder: paragraphs `start..end`, its wrapper, its score.
#[derive(Clone, Debug, PartialEq)]
pub struct LetterSpan {
    pub start: usize,
    pub end: usize,
    /// The closing paragraph (signature, or sign-off run into the last sentence), counted
    /// from `start`: what follows it is postscript.
    pub closing: Option<usize>,
    pub wrapper: Wrapper,
    pub score: i32,
    pub evidence: Vec<Evidence>,
}

impl LetterSpan {
    /// The evidence in words, for `inspect --explain`.
    pub fn explain(&self) -> String {
        let mut s: Vec<String> = self.evidence.iter().map(|e| e.to_string()).collect();
        s.push(format!(
            "{} over the threshold of {LETTER_COST}",
            self.score + LETTER_COST
        ));
        s.join("; ")
    }
}

// ---------------------------------------------------------------------------------------
// Wrappers

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '«' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '”' | '»' | '“')
}

fn quote_marks(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„'))
        .count()
}

/// Emphasis wrapping the whole paragraph: `*Dear Snuffles,*`, `_9 May._`, `**Harry**`.
fn emphasis_wrapper(t: &str) -> Option<(Wrapper, usize)> {
    for (mark, w) in [("**", Wrapper::Bold), ("__", Wrapper::Bold)] {
        if t.len() > 4
            && t.starts_with(mark)
            && t.ends_with(mark)
            && !t[2..t.len() - 2].contains(mark)
        {
            return Some((w, 2));
        }
    }
    for mark in ['*', '_'] {
        if t.len() > 2
            && t.starts_with(mark)
            && t.ends_with(mark)
            && !t[1..t.len() - 1].contains(mark)
            && !t[1..].starts_with(char::is_whitespace)
        {
            return Some((Wrapper::Italic, 1));
        }
    }
    None
}

/// The paragraph's wrapper and its text without it.
pub fn unwrap(text: &str) -> (Wrapper, String) {
    let t = text.trim();
    if let Some((w, n)) = emphasis_wrapper(t) {
        return (w, t[n..t.len() - n].trim().to_string());
    }
    // Lines wrapped one by one, as a sign-off over its signature often is
    // (`_Merry Christmas,_` / `_your Secret Santa_`).
    // (a cheap first look: most paragraphs start with no emphasis mark)
    if t.starts_with(['*', '_']) && t.contains('\n') {
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let wrapped: Vec<Option<(Wrapper, usize)>> =
            lines.iter().map(|l| emphasis_wrapper(l)).collect();
        if let Some(Some((w, _))) = wrapped.first() {
            if wrapped.iter().all(|x| x.is_some_and(|(v, _)| v == *w)) {
                let inner: Vec<&str> = lines
                    .iter()
                    .zip(&wrapped)
                    .map(|(l, x)| {
                        let n = x.map_or(0, |(_, n)| n);
                        l[n..l.len() - n].trim()
                    })
                    .collect();
                return (*w, inner.join("\n"));
            }
        }
    }
    if t.starts_with('[')
        && t.ends_with(']')
        && t.len() > 2
        && !t[1..t.len() - 1].contains(['[', ']'])
    {
        return (Wrapper::Bracket, t[1..t.len() - 1].trim().to_string());
    }
    let first = t.chars().next().unwrap_or(' ');
    let last = t.chars().last().unwrap_or(' ');
    let odd = quote_marks(t) % 2 == 1;
    if is_open_quote(first) {
        let inner = t[first.len_utf8()..].trim_start();
        if !odd && is_close_quote(last) && t.chars().count() > 1 {
            let inner = &inner[..inner.len() - last.len_utf8()];
            return (Wrapper::Quoted, inner.trim_end().to_string());
        }
        if odd {
            return (Wrapper::QuoteOpen, inner.to_string());
        }
    } else if odd && is_close_quote(last) {
        return (
            Wrapper::QuoteClose,
            t[..t.len() - last.len_utf8()].trim_end().to_string(),
        );
    }
    (Wrapper::None, t.to_string())
}

// ---------------------------------------------------------------------------------------
// Cues

/// The first `n` bytes of `s` (or a little fewer, at a character boundary).
fn head(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `n` bytes of `s` (or a little fewer, at a character boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

const SPEECH_VERBS: &[&str] = &[
    " said",
    " says",
    " asked",
    " cried",
    " replied",
    " whispered",
    " shouted",
    " answered",
    " muttered",
    " called",
    " added",
    " began",
    " continued",
    " exclaimed",
    " laughed",
    " sighed",
    " snapped",
    " murmured",
    " told",
    " yelled",
];

/// Dialogue: a quotation with a speech tag, or a quoted exchange.
fn is_dialogue(text: &str, w: Wrapper) -> bool {
    let t = text.trim();
    if !is_open_quote(t.chars().next().unwrap_or(' ')) {
        return false;
    }
    let lower = t.to_lowercase();
    // A tag after the closing quote: `"My dear Eleanor," cried Catherine`.
    let tagged = SPEECH_VERBS.iter().any(|v| {
        lower.find(v).is_some_and(|at| {
            let before = &t[..at];
            quote_marks(before) >= 2
        })
    });
    tagged || (w == Wrapper::Quoted && t.split_whitespace().count() < 12 && quote_marks(t) == 2)
}

/// A line that dates or places a letter: `Linmouth, 14th June`, `Dec. 5th.`, `Wednesday`,
/// `March 13.`, `10th December, 18--.`, `Tuesday, 5 P.M.`, `LATER.`
pub fn is_dateline_text(s: &str) -> bool {
    let t = s.trim().trim_matches(['_', '*']).trim();
    if t.is_empty()
        || t.contains('\n')
        || t.split_whitespace().count() > 10
        || t.chars().count() > 70
    {
        return false;
    }
    if t.ends_with(['?', '!', ':', ';']) || t.starts_with(['"', '“']) {
        return false;
    }
    let l = t.to_lowercase();
    let words: Vec<&str> = words(&l, false).collect();
    let month = words.iter().any(|w| {
        detect::MONTHS.contains(w)
            || (w.len() == 3 || w.len() == 4)
                && detect::MONTHS
                    .iter()
                    .any(|m| m.starts_with(*w) && *w != "may" && *w != "mar" || *w == "sept")
    }) && (words.len() <= 6 || t.chars().any(|c| c.is_ascii_digit()));
    // (the quarter days and feasts older letters are dated by)
    let weekday = words.iter().any(|w| {
        detect::WEEKDAYS.contains(w)
            || matches!(
                *w,
                "christmas"
                    | "easter"
                    | "midsummer"
                    | "michaelmas"
                    | "candlemas"
                    | "lammas"
                    | "martinmas"
                    | "whitsun"
                    | "whitsuntide"
                    | "hallowmas"
                    | "hallows"
                    | "hallowe'en"
                    | "halloween"
                    | "shrovetide"
            )
    }) || words.iter().any(|w| matches!(*w, "day" | "night"))
        && (l.contains("lady day")
            || l.contains("new year's day")
            || l.contains("twelfth night")
            || l.contains("boxing day"))
        || l.contains("new year's eve");
    let day_number = words.iter().any(|w| {
        let d: String = w.chars().take_while(char::is_ascii_digit).collect();
        !d.is_empty() && d.len() <= 4 && matches!(&w[d.len()..], "" | "st" | "nd" | "rd" | "th")
    });
    let short = words.len() <= 5;
    // "Saltwick Bay, the first fine day of March", "Somewhere in France, Sunday".
    let placed = t.split_once(", ").is_some_and(|(place, when)| {
        let when_l = when.to_lowercase();
        let when_words: Vec<&str> = self::words(&when_l, false).collect();
        place.split_whitespace().count() <= 4
            && place.chars().next().is_some_and(char::is_uppercase)
            && when.split_whitespace().count() <= 8
            && (when_words
                .iter()
                .any(|w| detect::MONTHS.contains(w) || detect::WEEKDAYS.contains(w))
                // (`Flagship Resolute, noon`)
                || detect::is_time_of_day(&when_words))
    });
    if placed && !t.ends_with(['?', '!']) {
        return true;
    }
    // A day of a month the story's world names (`3rd of Thaw`, `The Quillon Watch, 14th of
    // Frostfall`): an ordinal, `of`, a capitalised word.
    let raw: Vec<&str> = t.split_whitespace().collect();
    let invented_month = raw.len() <= 8
        && raw.windows(3).any(|w| {
            let ordinal = w[0].trim_start_matches("the");
            let digits = ordinal.trim_end_matches(char::is_alphabetic);
            !digits.is_empty()
                && digits.len() <= 2
                && digits.chars().all(|c| c.is_ascii_digit())
                && matches!(&ordinal[digits.len()..], "st" | "nd" | "rd" | "th")
                && w[1] == "of"
                && w[2].starts_with(char::is_uppercase)
        });
    if invented_month && !t.ends_with(['?', '!']) {
        return true;
    }
    (month && (day_number || short))
        || (weekday && words.len() <= 6)
        || (day_number
            && words.iter().any(|w| {
                detect::MONTHS
                    .iter()
                    .any(|m| m.starts_with(w) && w.len() >= 3)
            }))
        || matches!(
            l.trim_end_matches('.'),
            "later" | "later still" | "still later" | "midnight"
        )
        || (words.len() <= 4
            && (l.contains("o'clock")
                || l.contains("o’clock")
                || words.iter().any(|w| matches!(*w, "a" | "p"))
                    && (l.contains("a.m") || l.contains("p.m"))))
}

/// A place and date at the very end of a closing paragraph, as 18th-century letters print
/// them under the signature and plain-text editions run them into its line: `Yours, TABITHA
/// BRAMBLE GLOSTAR, April 2.`, `…servant, JER.` / `MELFORD GLOUCESTER, April 2.`. The place
/// is one word in capitals with a comma, the date a month (or weekday) and a day. Returns the
/// text before it (lines joined) and the place and date.
pub fn trailing_dateline(text: &str) -> Option<(String, String)> {
    let t = tail(text.trim_end(), 120);
    if !t.ends_with('.') || !t.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    // The place: the last word in capitals ending with a comma, within the last five words.
    let k = (words.len().saturating_sub(5)..words.len().saturating_sub(1))
        .rev()
        .find(|&k| {
            let w = words[k];
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            w.ends_with(',') && letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
        })?;
    let date = words[k..].join(" ");
    let when = words[k + 1..].join(" ");
    // The word before is the end of a signature in capitals (`BRAMBLE`, `J.`).
    let signature_end = k > 0 && {
        let letters: Vec<char> = words[k - 1].chars().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    };
    if !signature_end || !is_dateline_text(&when) || !is_dateline_text(&date) {
        return None;
    }
    // The text before, from the whole paragraph (the tail looked at may be cut).
    let full: Vec<&str> = text.split_whitespace().collect();
    let rest = full[..full.len() - (words.len() - k)].join(" ");
    Some((rest, date))
}

/// A title, department or firm line under a signature: `Compliance & Risk, Floor 9`,
/// `for Varrick, Marsh & Pryor, solicitors`, `Head of Acquisitions`.
fn is_role_line(s: &str) -> bool {
    let t = s.trim().trim_matches(['_', '*']).trim();
    let words = t.split_whitespace().count();
    !t.contains('\n')
        && (1..=8).contains(&words)
        && t.chars().count() <= 60
        && (t.starts_with(char::is_uppercase)
            || t.starts_with("for ")
            || t.starts_with("on behalf of "))
        && !t.ends_with(['.', '!', '?', ':', ';', ','])
        && !t.contains(['"', '“', '”'])
        && !is_signoff(t)
        && !letter::is_postscript(t)
}

/// A superscription or direction above a letter: `To Mr HENRY DAVIS, Bookseller, in London.`,
/// `[To Mrs. Weston.]`, `TO Mrs MARY JONES, at Brambleton-hall.`
fn is_superscription(s: &str) -> bool {
    // (set in italics as often as not: `_To Colonel Darrell, Quarrendon Grange._`)
    let t = s.trim().trim_matches(['[', ']', '_', '*']).trim();
    // A direction for the finder: `To be opened by whoever comes after.`, `To be delivered
    // by hand.`
    let l = t.to_lowercase();
    if [
        "to be opened",
        "to be delivered",
        "to be given",
        "to be read",
    ]
    .iter()
    .any(|d| l.starts_with(d))
        && t.split_whitespace().count() <= 14
        && !t.contains('\n')
    {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    words.len() >= 2
        && words.len() <= 14
        && !t.contains('\n')
        && words[0].eq_ignore_ascii_case("to")
        // `To Miss WILLIS`, `To the Revd. Mr DUSTWICH`
        && words[1 + usize::from(words[1] == "the" && words.len() > 2)]
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
        && !t.ends_with(['?', '!', ','])
        && !letter::is_salutation(t)
}

/// An address line in capitals above a letter (`THE JOHN GRIER HOME,`, `HIGH-PLACE HALL`).
fn is_address_line(s: &str) -> bool {
    let t = s.trim().trim_end_matches([',', '.']);
    let words: Vec<&str> = t.split_whitespace().collect();
    !t.contains('\n')
        && (1..=6).contains(&words.len())
        && t.chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 3
}

/// `I.` with its full stop, in or out of its wrapper, is an initial that signs (`Please don't
/// die.` / `I.`); `I` without it is the pronoun.
fn is_initial_i(line: &str) -> bool {
    line.trim()
        .trim_end_matches(['"', '”', '*', '_'])
        .ends_with("I.")
}

/// The open grammar of sign-offs: `Yours ever,`, `Your loving sister,`, `Ever yours`,
/// `Believe me, dear Madam,`, `I remain,`, `Affectionately,`, `Best wishes,`, `Love,`,
/// `Cheers,`, `Who ever am, etc.`
pub fn is_signoff(line: &str) -> bool {
    // An aside in brackets inside the sign-off: `Love (don't tell anyone),`.
    // (a long one when it ends the line but for the comma: `Yours very sincerely (I looked it
    // up, it's what you say when you mean it),`)
    if let Some((before, aside, after)) = split_aside(line) {
        let limit = if matches!(after.trim(), "," | "") {
            16
        } else {
            6
        };
        if aside.split_whitespace().count() <= limit {
            return is_signoff(&format!("{}{after}", before.trim_end()));
        }
    }
    let joined = line.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = joined
        .trim_matches(['"', '“', '”', '*', '_'])
        .to_lowercase();
    // The formal closings of older letters run long: `I have the honour to remain, madam,
    // your most obedient, and--if you will permit it--your most devoted servant,`
    // (after a short adverbial: `In any case, I shall remain,`, `Till then, believe me,`)
    let after_lead = lower
        .split_once(", ")
        .filter(|(lead, _)| lead.split_whitespace().count() <= 4)
        .map(|(_, rest)| rest);
    // (with no comma when the name follows on the next line: `I remain, sir, your most
    // obliged and entirely unrepentant` / `G. Hartigan`)
    let open_ended = !lower.ends_with(|c: char| c.is_ascii_punctuation())
        && lower.contains(" your ")
        && !lower.contains(['.', '?', '!', ';']);
    let formal = (lower.ends_with(',') || open_ended)
        && [
            "i remain",
            "i have the honour",
            "i have the honor",
            "i am, ",
            "we are, ",
            "we remain",
            "believe me",
            "believe us",
            "i shall remain",
            "i shall ever",
        ]
        .iter()
        .any(|o| {
            // (whole words: `I remained indoors,` is narration)
            let opens = |s: &str| {
                s.strip_prefix(o).is_some_and(|r| {
                    !o.ends_with(char::is_alphanumeric) || !r.starts_with(char::is_alphanumeric)
                })
            };
            opens(&lower) || after_lead.is_some_and(opens)
        });
    if formal && lower.split_whitespace().count() <= 30 {
        return true;
    }
    // `With such regards as I am told to send,`: a sign-off of regards, love or thanks carried
    // on by a clause.
    let with_regards = lower.starts_with("with ")
        && lower.ends_with(',')
        && lower.split_whitespace().count() <= 12
        && !lower.contains(['.', '?', '!', ';', ':', '"', '“', '”'])
        && lower.split_whitespace().take(4).any(|w| {
            matches!(
                w.trim_end_matches(','),
                "regards"
                    | "love"
                    | "affection"
                    | "respect"
                    | "respects"
                    | "thanks"
                    | "gratitude"
                    | "wishes"
                    | "wish"
                    | "apologies"
                    | "fondness"
                    | "devotion"
            )
        });
    if with_regards && !line.contains('\n') {
        return true;
    }

    // The addressee named again before the sign-off: `Dear Lewis, Your affectionate`,
    // `Respected Sir, Your very humble servant,`, `Dear Molly, Your humble servant to command,`.
    if let Some((vocative, rest)) = joined.split_once(", ") {
        if vocative.split_whitespace().count() <= 3
            && letter::is_salutation(&format!("{vocative},"))
            && rest
                .split_whitespace()
                .next()
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
            && is_signoff(rest)
        {
            return true;
        }
    }
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    // `Yours, for as long as you'll have me, and probably a bit after,`
    let yours_and_more = ["yours, ", "always, ", "ever, ", "love, "]
        .iter()
        .any(|o| lower.starts_with(o))
        && lower.ends_with(',')
        && !lower.contains(['.', '?', '!', '"', '“', '”'])
        && lower.split_whitespace().count() <= 20;
    if yours_and_more && !t.contains('\n') {
        return true;
    }
    // A sign-off carried on by a clause of its own: `With affection, and with worry,`,
    // `Respectfully, and with a price on her head,`.
    if let Some((lead, rest)) = t.split_once(", ") {
        if t.ends_with(',')
            && !t.contains('\n')
            && rest.starts_with(char::is_lowercase)
            && lead.split_whitespace().count() <= 4
            && t.split_whitespace().count() <= 20
            && !t.contains(['.', '?', '!', '"', '“', '”', ';', ':'])
            && is_signoff(&format!("{lead},"))
        {
            return true;
        }
    }
    if t.is_empty()
        || t.contains('\n')
        || t.split_whitespace().count() > 12
        || t.ends_with(['?', '!']) && !t.ends_with("xo!")
    {
        return false;
    }
    if letter::is_valediction(t) {
        return true;
    }
    let l = t.to_lowercase();
    let core = l.trim_end_matches([',', '.', '…', ' ', '-', '—']);
    const ALONE: &[&str] = &[
        "love",
        "cheers",
        "xoxo",
        "xx",
        "xxx",
        "hugs",
        "best",
        "regards",
        "thanks",
        "thank you",
        "affectionately",
        "faithfully",
        "sincerely",
        "respectfully",
        "cordially",
        "truly",
        "yours",
        "still yours",
        "ever",
        "always",
        "forever",
        "adieu",
        "farewell",
        "take care",
        "god bless",
        "best wishes",
        "warm regards",
        "kind regards",
        "warmly",
        "much love",
        "all my love",
        "lots of love",
        "love always",
        "with love",
        "with affection",
        "with thanks",
        "with gratitude",
        "with best wishes",
        "with fondness",
        "with regards",
        "love you",
        "love u",
        "love ya",
        "luv u",
        "luv ya",
        "luv you",
        "love you lots",
        "miss you",
        "miss u",
        "many thanks",
        "until then",
        "till then",
        "until next time",
        "see you soon",
        // (a card's wishes sign it off: `Merry Christmas,` / `your Secret Santa`)
        "merry christmas",
        "happy christmas",
        "happy birthday",
        "happy new year",
        "happy holidays",
        "happy anniversary",
        "your friend",
        "your own",
        "in haste",
        "etc",
    ];
    // A child's or a card's `From,` over the name (never `From:`, a header).
    if core == "from" {
        return l.ends_with(',');
    }
    // (`Love from` hands the line to the name under it, comma or none)
    if core == "love from" || core == "lots of love from" || core == "all my love from" {
        return true;
    }
    if ALONE.contains(&core) {
        return l.ends_with(',')
            || l.ends_with('.')
            || !l.contains(' ')
            || core.split(' ').count() <= 3;
    }
    const OPENINGS: &[&str] = &[
        "yours ",
        "your ",
        "ever ",
        "always ",
        "forever ",
        "believe me",
        "i am,",
        "i am ever",
        "i am, ",
        "i remain",
        "i rest",
        "we remain",
        "remain ",
        "with love",
        "with all my",
        "with best",
        "with kind",
        "with warm",
        "with thanks",
        "with my ",
        "love ",
        "love, ",
        "lots of love",
        "all my love",
        "best wishes",
        "best,",
        "warm regards",
        "kind regards",
        "affectionately",
        "faithfully",
        "sincerely",
        "respectfully",
        "most ",
        "who ever am",
        "who am",
        "ever thine",
        "thine ",
        "in haste",
        "till then",
        "until then",
        "your most",
        "your ever",
        "much love",
        "hugs and",
        "xoxo",
        "affectionate ",
        "her affectionate",
        "his affectionate",
        "for the present",
        "i bid you",
        "god keep",
        "god bless",
        "god be with",
        "goodnight",
        "good night",
        "goodbye",
        "be well",
        "stay safe",
        "take care",
        "till we meet",
        "until we meet",
        "till ",
        "until ",
    ];
    // Ending in a comma, as a sign-off line does; a full stop only after the forms that
    // cannot start a sentence of narration ("Yours truly.", "Who ever am, etc.").
    let stop_ok = [
        "yours",
        "ever yours",
        "who ever am",
        "who am",
        "i remain",
        "i am, ",
        "i am ever",
    ]
    .iter()
    .any(|o| l.starts_with(o));
    // A dash may end a `yours` line as a comma does: `Yours -- and I mean it, entirely yours --`.
    let dash_ok = l.starts_with("yours") || l.starts_with("ever yours");
    OPENINGS.iter().any(|o| l.starts_with(o))
        && (l.ends_with(',')
            || (stop_ok && (l.ends_with('.') || l.ends_with("etc")))
            || (dash_ok && l.ends_with(['-', '—'])))
        && !l.contains(" was ")
}

/// One to five capitalised words, capitals, or initials, possibly dashed, possibly with a
/// full stop or a closing quote: `Caroline Forbes.`, `S. VERNON.`, `— R`, `-Lestrade`,
/// `~ Nell`, `J. A.`, `SH`, `Mary M---.`, `JOHN AND ELIZABETH ANDREWS.`
/// Is `w` a run of kisses or hearts, as notes are signed (`x`, `xx`, `XXX`, `xo`, `<3`, `♥`)?
/// A single capital `X` is not: it may be part of a name.
pub(crate) fn is_kisses(w: &str) -> bool {
    let w = w.trim_end_matches(['.', '!']);
    let lower_x = !w.is_empty() && w.len() <= 6 && w.chars().all(|c| c == 'x');
    let upper_x = (2..=6).contains(&w.len()) && w.chars().all(|c| c == 'X');
    let xo = w.len() >= 2
        && w.len() <= 8
        && w.starts_with('x')
        && w.chars().all(|c| c == 'x' || c == 'o')
        && !w.contains("oo");
    let heart = w.starts_with("<3") && w[1..].chars().all(|c| c == '3')
        || !w.is_empty()
            && w.chars().all(|c| {
                matches!(
                    c,
                    '♥' | '❤'
                        | '♡'
                        | '\u{FE0F}'
                        | '💕'
                        | '💖'
                        | '💗'
                        | '💙'
                        | '💜'
                        | '💛'
                        | '💚'
                )
            });
    lower_x || upper_x || xo || heart
}

/// A signature without the kisses or hearts around it (`Pip xx`, `J <3`, `xx Tilly`), or
/// `None` when it has none.
/// A line of kisses or hearts alone (`xxx`, `xx <3`), as a note's writer puts under the name.
pub(crate) fn is_kisses_line(line: &str) -> bool {
    let mut words = line.split_whitespace().peekable();
    words.peek().is_some() && words.all(is_kisses)
}

/// An aside in brackets: `line` as (before, aside, after) at its first `(` and the `)` that
/// closes it (`Love (don't tell anyone),` → `Love `, `don't tell anyone`, `,`), when something
/// stands before it and the aside holds no bracket or line end of its own.
fn split_aside(line: &str) -> Option<(&str, &str, &str)> {
    let (before, rest) = line.split_once('(')?;
    let (aside, after) = rest.split_once(')')?;
    (!before.trim().is_empty() && !aside.contains(['(', '\n'])).then_some((before, aside, after))
}

/// A line that ends in an aside in brackets: (before, aside) (`— Callum (Room 2)`).
fn ends_with_aside(line: &str) -> Option<(&str, &str)> {
    split_aside(line.trim_end())
        .filter(|(_, _, after)| after.is_empty())
        .map(|(before, aside, _)| (before, aside))
}

pub(crate) fn without_kisses(line: &str) -> Option<&str> {
    let t = line.trim();
    if let Some((rest, last)) = t.rsplit_once(' ') {
        if is_kisses(last) && !rest.trim().is_empty() {
            return Some(without_kisses(rest).unwrap_or(rest.trim_end()));
        }
    }
    match t.split_once(' ') {
        Some((first, rest)) if is_kisses(first) && !rest.trim().is_empty() => {
            Some(rest.trim_start())
        }
        _ => None,
    }
}

pub fn is_name(line: &str) -> bool {
    // `Pip xx`, `J <3`: a note's kisses are not part of the name.
    let line = without_kisses(line).unwrap_or(line);
    // "— Callum (Room 2)": a parenthesis after the name says where to find them.
    let line = match ends_with_aside(line) {
        Some((name, note)) if note.split_whitespace().count() <= 3 => name,
        _ => line,
    };
    let t = line
        .trim()
        .trim_start_matches(['—', '–', '-', '~', ' '])
        .trim_end_matches(['"', '”', '»', '*', '_'])
        .trim_start_matches(['"', '“', '*', '_'])
        .trim_end_matches(['.', ' '])
        .trim_end_matches('-')
        .trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    // A word and a dash with nothing after it greets: `REDFERN—`, `Micah --` (but `Mary M---.`
    // elides a name).
    let dashed_end = line.trim_end().trim_end_matches(['"', '”', '*', '_']);
    let before_dash = dashed_end.trim_end_matches(['—', '–', '-', ' ']);
    if before_dash.len() < dashed_end.len()
        && !dashed_end.trim_end().ends_with('.')
        && before_dash
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    {
        return false;
    }
    // Several signers: `C. V., A. F., J. V., and C. L.`, `Caroline, Elena and Bonnie`.
    if words.len() > 2 && !t.contains('\n') && t.chars().count() <= 60 {
        let list = t
            .replace(", and ", ", ")
            .replace(" and ", ", ")
            .replace(" & ", ", ");
        let signers: Vec<&str> = list.split(", ").map(str::trim).collect();
        if (2..=5).contains(&signers.len())
            && signers
                .iter()
                .all(|n| n.split_whitespace().count() <= 3 && !n.contains(',') && is_name(n))
        {
            return true;
        }
    }
    if words.is_empty() || words.len() > 5 || t.chars().count() > 45 || t.contains('\n') {
        return false;
    }
    // A full stop inside after a word, not an initial or a title, ends a sentence: a notice,
    // not a name (`FERRY. ONE PENNY. HORSES TWOPENCE.`; but `Mrs. Dorrin`, `Lieut. Hale`).
    let sentence_inside = words[..words.len() - 1].iter().any(|w| {
        let core = w.trim_end_matches('.');
        w.ends_with('.')
            && core.chars().count() >= 5
            && !is_one_of(core, &["Messrs", "Lieut", "Sergt", "Revd", "Major"])
    });
    if sentence_inside {
        return false;
    }
    if t.ends_with(['?', '!', ',', ':', ';']) || t.contains(['"', '“', '”']) {
        return false;
    }
    const NOT_NAMES: &[&str] = &[
        "The", "It", "I", "Yes", "No", "Okay", "OK", "Silence", "Nothing", "Later", "Then", "Now",
        "Good", "Fine", "Thanks", "What", "Why", "How", "Oh", "Well", "Right", "Sorry", "Please",
        "Done", "End", "Love", "Yours",
    ];
    if words.len() == 1
        && NOT_NAMES.contains(&words[0].trim_end_matches('.'))
        && !(words == ["I"] && is_initial_i(line))
    {
        return false;
    }
    if words.len() > 1 && words[0].eq_ignore_ascii_case("to") {
        return false; // a superscription, `To Mrs. Weston.`
    }
    // A sentence in capitals is no name: `DRINK THIS. ITS DISGUSTING.`, `NO CREDIT, NO GUNS`.
    const SENTENCE_WORDS: &[&str] = &[
        "this", "that", "these", "those", "its", "it's", "it", "is", "are", "was", "were", "not",
        "no", "you", "we", "they", "he", "she", "me", "my",
    ];
    if words.len() > 1
        && words.iter().any(|w| {
            is_one_of(
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
                SENTENCE_WORDS,
            )
        })
    {
        return false;
    }
    if is_dateline_text(t) || detect::jump_label(t).is_some() {
        return false;
    }
    words.iter().all(|w| {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        core.is_empty()
            || core.chars().next().is_some_and(char::is_uppercase)
            || matches!(
                core,
                "de" | "van"
                    | "von"
                    | "la"
                    | "le"
                    | "du"
                    | "da"
                    | "di"
                    | "of"
                    | "the"
                    | "and"
                    | "till"
                    | "death"
            )
    })
}

/// A chapter heading that names a letter: `LETTER III`, `Letter 12.—From Miss Byron`.
fn is_letter_heading(t: &str) -> bool {
    let t = t.trim();
    let mut words = t.split_whitespace();
    words.next().is_some_and(|w| {
        w.trim_end_matches(['.', ':'])
            .eq_ignore_ascii_case("letter")
    }) && t.split_whitespace().count() <= 10
        && !t.contains('\n')
}

/// A name and who they are, on one line: `I. Varga, master`, `Odile, who keeps the geese`.
fn is_name_with_role(line: &str) -> bool {
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    t.split_once(", ").is_some_and(|(name, who)| {
        // (or an office, capitalised: `M. Brisac, Cartographer to the Crown`, `Keeper of the
        // Seals`)
        let office = who.split_whitespace().count() >= 3
            && who.starts_with(char::is_uppercase)
            && who
                .split_whitespace()
                .any(|w| matches!(w, "to" | "of" | "for"));
        !t.contains('\n')
            && is_name(name)
            && who.split_whitespace().count() <= 6
            && (who.chars().next().is_some_and(char::is_lowercase) || office)
            && !who.ends_with(['?', '!', ',', ':', ';', '.'])
            && !who.contains(['"', '“', '”'])
    })
}

/// After a sign-off, the signature may be any short line that is not a sentence: `Dad and
/// the twins`, `Room 4`, `your Bea`, `The ever-distracted mother of 113.`
fn signs_after_signoff(line: &str) -> bool {
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    let words = t.split_whitespace().count();
    // (a marked signature: `~ the towel guy`, `— R.V.`)
    if is_name_with_role(t) || is_marked_name(t) {
        return true;
    }
    // A name and an aside in brackets, however long: `Ruan (B. Fenwright is not me, I keep
    // meaning to paint it out)`.
    // (or a signer described: `a girl from row F (the one with the cardboard lighthouse)`)
    if let Some((name, aside)) = ends_with_aside(t) {
        if aside.split_whitespace().count() <= 16
            && !t.contains('\n')
            && (is_name(name) || name.len() < t.len() && signs_after_signoff(name))
        {
            return true;
        }
    }
    // A lower-case phrase signs too: `the fridge`, `the Magpie`, `me` (not `he said`); one
    // that starts with an article or `your` may run longer (`an anonymous housemate who is
    // very tired`).
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    let described = matches!(first.as_str(), "a" | "an" | "the" | "your" | "yr" | "one");
    if (1..=if described { 8 } else { 4 }).contains(&words)
        && !t.contains('\n')
        && t.chars().next().is_some_and(char::is_lowercase)
        && !t.ends_with(['?', '!', ',', ':', ';', '.'])
        && !t.contains(['"', '“', '”'])
        && !matches!(
            first.as_str(),
            "he" | "she" | "they" | "i" | "we" | "it" | "you" | "and" | "but" | "then" | "so"
        )
    {
        return true;
    }
    // (a sentence is no signature: `He ran.`, `She did not.`)
    if words >= 2
        && matches!(
            first.as_str(),
            "he" | "she" | "they" | "we" | "it" | "you" | "there" | "then"
        )
    {
        return false;
    }
    (is_name(t) || words == 1 && t.chars().next().is_some_and(char::is_uppercase))
        || (!t.contains('\n')
            && (1..=8).contains(&words)
            && t.chars().count() <= 50
            && !t.ends_with(['?', '!', ',', ':', ';'])
            && (t
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || t.starts_with("your ")
                || t.starts_with("yr "))
            && !is_signoff(t)
            && !(is_dateline_text(t) && (words > 1 || t.chars().any(|c| c.is_ascii_digit()))))
}

/// A signer described rather than named, after a sign-off: `a friend of Arthur's`, `an
/// anonymous housemate` (`your …` signs only with a kinship: `Thanks, your move` does not).
fn is_described_signer(s: &str) -> bool {
    let t = s.trim();
    (2..=5).contains(&t.split_whitespace().count())
        && matches!(t.split_whitespace().next(), Some("a" | "an" | "one"))
        && signs_after_signoff(t)
}

/// A name that can only be a signature: dashed, initials, capitals.
pub(crate) fn is_marked_name(line: &str) -> bool {
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    // Kisses or hearts mark a name as a note's signature: `Pip xx`, `J <3`, `xx Tilly`.
    if let Some(name) = without_kisses(t) {
        return is_name(name) || is_marked_name(name);
    }
    // A marked name with a word about its writer: `— H (your flatmate, still not a ghost)`.
    if let Some((name, _)) = ends_with_aside(t).filter(|_| t.len() <= 80) {
        return is_marked_name(name);
    }
    // "— the oat milk guy", "- your secret admirer": a dash makes any short phrase a name.
    let dashed_phrase = t.starts_with(['—', '–', '~'])
        || (t.starts_with('-') && !t.starts_with("- "))
        || t.starts_with("- ") && t.split_whitespace().count() <= 3;
    if dashed_phrase
        && !t.contains('\n')
        && (2..=6).contains(&t.split_whitespace().count())
        && !t.ends_with(['.', '!', '?', ',', ':', ';'])
        && !t.contains(['"', '“', '”'])
    {
        return true;
    }
    // A dash and initials, any capitals (`—I.`, `- T`, `--L. A.`).
    if let (true, after) = strip_mark(t) {
        if is_initials(after) {
            return true;
        }
    }
    if !is_name(t) {
        return false;
    }
    let dashed = t.starts_with(['—', '–', '-', '~']);
    let core = t
        .trim_start_matches(['—', '–', '-', '~', ' '])
        .trim_end_matches(['.', ' ']);
    let initials = core
        .split(|c: char| c == '.' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .all(|p| p.chars().count() <= 2 && p.chars().next().is_some_and(char::is_uppercase));
    let caps = core.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && core
            .chars()
            .filter(|c| c.is_alphabetic())
            .filter(|c| c.is_lowercase())
            .count()
            <= 2
        && core
            .split_whitespace()
            .all(|w| w.chars().filter(|c| c.is_uppercase()).count() >= 1);
    let trailing_stop = t.trim_end_matches(['"', '”']).ends_with('.');
    dashed || initials || caps || (trailing_stop && core.split_whitespace().count() >= 2)
}

/// A closing paragraph: sign-off and signature in one paragraph or line
/// (`Yours,\nTom`, `Love, Nell`, `Your cousin, Beatrice.`, `Your ever dutiful DAUGHTER.`), or a
/// marked signature alone. Returns (valediction, signature) texts.
pub fn split_closing(text: &str) -> Option<(Option<String>, String)> {
    let t = text.trim();
    let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() >= 2 && lines.len() <= 4 {
        let sig = lines[lines.len() - 1];
        let val = lines[..lines.len() - 1].join(" ");
        let last_val = lines[lines.len() - 2];
        let signs_off = is_signoff(&val)
            || is_signoff(last_val) && val.ends_with(',')
            || lines.len() == 2 && is_bare_signoff(&val);
        if signs_off && (is_name(sig) || signs_after_signoff(sig)) {
            return Some((Some(lines[..lines.len() - 1].join("\n")), sig.to_string()));
        }
    }
    if lines.len() != 1 {
        return None;
    }
    let line = lines[0];
    // "Love, Nell" / "Yours ever, Tom" / "Your cousin, Beatrice."
    if let Some(at) = line.rfind(", ") {
        let (v, s) = (&line[..=at], line[at + 1..].trim());
        // (`Love, your Aunt Ros`: the writer named by kinship)
        const KIN: &[&str] = &[
            "aunt",
            "uncle",
            "sister",
            "brother",
            "mother",
            "father",
            "mum",
            "mom",
            "dad",
            "cousin",
            "friend",
            "son",
            "daughter",
            "niece",
            "nephew",
            "gran",
            "granny",
            "grandma",
            "grandpa",
            "grandad",
            "wife",
            "husband",
            "godmother",
            "godfather",
        ];
        let kin = s.starts_with("your ")
            && s.split_whitespace().count() <= 4
            && s.split_whitespace()
                .any(|w| KIN.contains(&w.to_lowercase().as_str()));
        if is_signoff(v) && (is_name(s) || kin || is_described_signer(s)) && !s.is_empty() {
            return Some((Some(v.trim().to_string()), s.to_string()));
        }
    }
    // A sign-off and a dashed name on one line: `Yours ever — Matti`, `Love -- B.`; the name
    // keeps its dash.
    for dash in [" — ", " – ", " -- ", " - ", " ~ "] {
        if let Some(at) = line.rfind(dash) {
            let (v, s) = (line[..at].trim(), line[at..].trim());
            let v_comma = format!("{},", v.trim_end_matches(','));
            if (is_signoff(&v_comma) || is_bare_signoff(v))
                && s.split_whitespace().count() <= 4
                && is_marked_name(s)
            {
                return Some((Some(v.to_string()), s.to_string()));
            }
        }
    }
    // A note's one-word sign-off and the name, no comma: `love Mam x`, `Cheers Rao`, `thanks
    // Pip`.
    if let Some((v, s)) = line.split_once(' ') {
        let word = v.to_lowercase();
        if matches!(
            word.as_str(),
            "love" | "cheers" | "thanks" | "xoxo" | "hugs" | "ta" | "best" | "regards"
        ) && s.starts_with(char::is_uppercase)
            && s.split_whitespace().count() <= 3
            && (is_name(s) || is_marked_name(s))
        {
            return Some((Some(v.to_string()), s.trim().to_string()));
        }
    }
    // "Your ever dutiful DAUGHTER." / "Your sad-hearted PAMELA."
    let words: Vec<&str> = line.split_whitespace().collect();
    // (a capital initial counts: `M. BRAMBLE`)
    let caps = |w: &str| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        (letters.len() >= 2 || letters.len() == 1 && w.ends_with('.'))
            && letters.iter().all(|c| c.is_uppercase())
    };
    let mut k = words.len();
    while k > 0 && caps(words[k - 1]) {
        k -= 1;
    }
    if k > 0 && k < words.len() && words.len() - k <= 4 {
        let v = words[..k].join(" ");
        let s = words[k..].join(" ");
        // (a sign-off ends in its comma: `Your friend (who is in PAIN),` signs nothing)
        if !s.ends_with([',', ')']) && is_signoff(&format!("{},", v.trim_end_matches(','))) {
            return Some((Some(v), s));
        }
    }
    None
}

/// A telegram: capitals, `STOP` between at least two of its phrases, and the sender's name of
/// one to four words after the last (`…WILL MEET LATE TRAIN STOP HALLORAN`). Returns the
/// text up to the last `STOP` and the name.
pub fn telegram(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    // (a cheap first look: most paragraphs hold no `STOP` at all)
    if !t.contains("STOP") {
        return None;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic());
    let (mut upper, mut all) = (0usize, 0usize);
    for c in letters {
        all += 1;
        upper += usize::from(c.is_uppercase());
    }
    if all < 12 || upper * 10 < all * 9 || t.split_whitespace().nth(150).is_some() {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let is_stop = |w: &str| w.trim_matches(|c: char| !c.is_alphabetic()) == "STOP";
    let stops = words.iter().filter(|w| is_stop(w)).count();
    let last_stop = words.iter().rposition(|w| is_stop(w))?;
    let name = &words[last_stop + 1..];
    if stops < 2 || name.is_empty() || name.len() > 4 {
        return None;
    }
    let name = name.join(" ");
    let body_end = t.len() - t.rsplit_once(name.as_str())?.1.len() - name.len();
    is_name(&name).then(|| (t[..body_end].trim_end().to_string(), name))
}

/// The start of a staircase closing run in before a sign-off clause: `…both of you, and I
/// remain, in spite of everything, | your affectionate friend,` gives the offset of `I remain`
/// — a few words with no sentence's end between it and the sign-off.
fn run_in_staircase(before: &str) -> Option<usize> {
    let at = ["I remain", "I am, ", "believe me", "Believe me"]
        .iter()
        .filter_map(|k| before.rfind(k))
        .max()?;
    let between = &before[at..];
    (between.split_whitespace().count() <= 8
        && !between.contains(['.', '!', '?', ';'])
        && (at == 0 || before[..at].ends_with([' ', ',', '\n'])))
    .then_some(at)
}

/// Where the last sentence or clause before the end of `t` begins: its last `.`, `;`, `!` or
/// `?`, passing over the full stop of an initial or a title (`Regards, W. Carrow`, `Yours,
/// Mrs. Hale`), which ends no sentence.
fn last_clause_end(t: &str) -> Option<usize> {
    let mut end = t.len();
    while let Some(at) = t[..end].rfind(['.', ';', '!', '?']) {
        let word = t[..at]
            .rsplit(|c: char| c.is_whitespace() || c == '.')
            .next()
            .unwrap_or("");
        // (`I` and `A` are words as often as initials: `…as did I. Love, B.`)
        let initial = word.chars().count() == 1
            && word.starts_with(char::is_uppercase)
            && !matches!(word, "I" | "A");
        let abbreviation = is_one_of(word, &["Mr", "Mrs", "Ms", "Dr", "St", "Capt", "Col"]);
        if t[at..].starts_with('.') && (initial || abbreviation) {
            end = at;
            continue;
        }
        return Some(at);
    }
    None
}

/// A closing run into the end of a paragraph: `…everything proper.  Yours affectionately,`,
/// `…don't disappoint me!--ISABELLA.`, `…of a mere looker-on.--R.V.`, `I remain, dear
/// Mr. Franklin Blake, truly yours,`. Returns the body text and the closing.
pub fn run_in_closing(text: &str) -> Option<(String, String)> {
    // (a wrapped line may end at the sign-off's comma, the name on the next: `…your dutiful
    // and affectionate nephew,` / `N. ORME.`; it is read as one line, and the parts keep
    // their line breaks: `",\n"` and `", "` are as long)
    // (or, when nothing else closes it, anywhere in the closing, as hard wrapping falls:
    // `…I said yes. — the` / `Bishop]`)
    let original = text.trim_end();
    if !original.contains('\n') {
        return run_in_closing_on_one_line(original);
    }
    let comma_joined = original
        .contains(",\n")
        .then(|| original.replace(",\n", ", "));
    let mut found = run_in_closing_on_one_line(comma_joined.as_deref().unwrap_or(original));
    // (a closing the wrapping broke leaves a few words alone on the last line: `Bishop]`)
    let mut flat_text = None;
    if found.is_none()
        && original
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.split_whitespace().count() <= 3)
    {
        let flat = original.replace('\n', " ");
        found = run_in_closing_on_one_line(&flat);
        flat_text = Some(flat);
    }
    let flat = flat_text.is_some();
    let unwrapped: &str = flat_text
        .as_deref()
        .or(comma_joined.as_deref())
        .unwrap_or(original);
    let (body, closing) = found?;
    let keep = |s: &str, prefix: bool| {
        let at = if prefix {
            s.len()
        } else {
            original.len() - s.len()
        };
        let fits = if prefix {
            unwrapped.starts_with(s)
        } else {
            unwrapped.ends_with(s)
        };
        match (fits, original.is_char_boundary(at)) {
            (true, true) if prefix => original[..at].to_string(),
            (true, true) => original[at..].to_string(),
            _ => s.to_string(),
        }
    };
    // (a closing found only across the wrapping keeps none of its line breaks)
    let closing = if flat { closing } else { keep(&closing, false) };
    Some((keep(&body, true), closing))
}

fn run_in_closing_on_one_line(t: &str) -> Option<(String, String)> {
    if !t.contains(char::is_whitespace) {
        return None;
    }
    if let Some(split) = telegram(t) {
        return Some(split);
    }
    // A sign-off and a name as the last words: `…for once, you idiot; love, Del`, or as the
    // last clause of the sentence: `…you will bring a blanket, take care, Ezra`.
    // (the last sentence's own full stop is not where it starts: `…asked, yours, as ever, K.`)
    if let Some(at) =
        last_clause_end(t.trim_end_matches(['.', '!'])).or(Some(0).filter(|_| t.contains(", ")))
    {
        let tail = t[at..].trim_start_matches(['.', ';', '!', '?']).trim();
        if let Some((v, name)) = tail.rsplit_once(", ") {
            let signs = name.split_whitespace().count() <= 3 && is_name(name);
            // (a signer described, as the last sentence: `…behind the clock. Yours in haste,
            // a friend of Arthur's`)
            let described = at > 0 && is_described_signer(name);
            // (an aside in brackets does not count: `Love (don't tell anyone), L. & Emilio`)
            let words = tail.split_whitespace().count()
                - split_aside(tail).map_or(0, |(_, aside, _)| aside.split_whitespace().count());
            if (signs && words <= 8 || described && words <= 10) && is_signoff(&format!("{v},")) {
                return Some((
                    t[..t.len() - tail.len()].trim_end().to_string(),
                    tail.to_string(),
                ));
            }
            // The last one or two clauses (`…to be asked, yours, as ever, K.`).
            let mut end = v.len();
            for _ in 0..2 {
                let Some(comma) = v[..end].rfind(", ") else {
                    break;
                };
                let clause_at = comma + 2;
                end = comma;
                let clause = &v[clause_at..];
                if signs
                    && clause.split_whitespace().count() <= 6
                    && !clause.starts_with(char::is_uppercase)
                    && is_signoff(&format!("{clause},"))
                {
                    let cut = t.len() - tail.len() + clause_at;
                    let cut = run_in_staircase(&t[..cut]).unwrap_or(cut);
                    return Some((t[..cut].trim_end().to_string(), t[cut..].to_string()));
                }
            }
        }
    }
    // A name with kisses or a heart after the last sentence: `…The dog misses you. xx Tilly`,
    // `…back by six. Wes xx`.
    let sentence_end = t
        .trim_end_matches(['.', '!'])
        .rfind(['.', '!', '?'])
        .filter(|&at| t[at + 1..].starts_with(char::is_whitespace));
    if let Some(at) = sentence_end {
        let last = t[at + 1..].trim();
        if last.split_whitespace().count() <= 4
            && without_kisses(last).is_some()
            && is_marked_name(last)
        {
            return Some((t[..=at].to_string(), last.to_string()));
        }
    }
    // Initials run in as the last word after a sentence: `…Do not let him sleep on the
    // flour. M.`, `…If inconvenient, come anyway. VK`.
    if let Some(sig) = run_in_initials(t) {
        return Some((
            t[..t.len() - sig.len()].trim_end().to_string(),
            sig.to_string(),
        ));
    }
    // A cheap first look: a run-in closing ends with a sign-off's comma or with a name in
    // capitals or initials.
    let last_word = t
        .rsplit(|c: char| c.is_whitespace() || c == '-' || c == '—')
        .next()
        .unwrap_or("");
    // (a lower-case letter or two: `McB.`, `McGOGGIN`)
    let capital_end = last_word
        .chars()
        .filter(|c| c.is_alphabetic())
        .filter(|c| c.is_lowercase())
        .count()
        <= 1;
    // (or with a short name after a spaced dash or tilde: `… yet. ~ Kit`)
    let spaced_mark = t
        .split_whitespace()
        .rev()
        .take(4)
        .any(|w| matches!(w, "-" | "--" | "—" | "–" | "~") || w.starts_with(['-', '—', '~']));
    if !t.ends_with(',') && !capital_end && !spaced_mark {
        return None;
    }
    // A signature after a dash at the very end: in capitals after `--` or `—` (`…me!--ISABELLA.`),
    // any name after a spaced dash or tilde that follows a sentence (`…reply to anyone. - T`,
    // `…the spare key. — Theo`, `…tomorrow. ~ Nell`).
    for dash in ["--", "—", "-", "~"] {
        if let Some(at) = t.rfind(dash) {
            let tail = t[at + dash.len()..].trim();
            let before = t[..at].trim_end();
            // (a lone initial signs, even `I.`: `…idiot about it. —I.`)
            let initial = tail.trim_end_matches('.').chars().count() == 1
                && tail.starts_with(char::is_uppercase);
            let spaced = t[..at].ends_with(char::is_whitespace)
                && before.ends_with(['.', '!', '?'])
                && tail.split_whitespace().count() <= 3
                && (is_name(tail) || initial);
            let capitals = dash.len() > 1 || dash == "—";
            let run_in_capitals = capitals
                && is_marked_name(tail)
                && tail
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
                && before.ends_with(['.', '!', '?', ',']);
            if !tail.is_empty() && (spaced || run_in_capitals) {
                // (a spaced dash is the signature's own mark; a run-in `--` joins it on)
                let sig = if spaced { &t[at..] } else { tail };
                return Some((t[..at].to_string(), sig.trim().to_string()));
            }
        }
    }
    // A name in capitals (or initials) after the last comma: `…I shall ever be Your dutiful
    // daughter, PAMELA ANDREWS.`, `…sends his respectful love. I also, S. McB.`
    if let Some(at) = t.rfind(", ") {
        let tail = t[at + 1..].trim();
        let letters: Vec<char> = tail.chars().filter(|c| c.is_alphabetic()).collect();
        let capitals = letters.len() >= 2
            && letters.iter().filter(|c| c.is_lowercase()).count() <= 1
            && tail.split_whitespace().count() <= 4;
        if capitals && is_marked_name(tail) && !is_dateline_text(tail) {
            // (with the sign-off that runs in before it: `…on Tuesday as usual, and believe
            // me yours, with more gratitude than I can put into any letter, A. T.`)
            // (one line, so the closing splits into sign-off and name however it was wrapped)
            let cut = signoff_clause_start(&t[..at + 1]).unwrap_or(at + 1);
            let closing = t[cut..].split_whitespace().collect::<Vec<_>>().join(" ");
            return Some((t[..cut].trim_end().to_string(), closing));
        }
    }
    // A sign-off as the last sentence (after a dash too: `…upbraid you.--In haste, yours
    // always,`).
    let bytes: Vec<(usize, char)> = t.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate().rev() {
        if !matches!(c, '.' | '!' | '?' | '—' | '-') || i + 1 >= t.len() {
            continue;
        }
        let next = bytes.get(k + 1).map(|x| x.1);
        let dash = c == '—' || c == '-' && k > 0 && bytes[k - 1].1 == '-';
        if !next.is_some_and(char::is_whitespace) && !dash {
            continue;
        }
        let tail = t[i + c.len_utf8()..].trim();
        if tail.is_empty() || tail.split_whitespace().count() > 12 {
            break;
        }
        let one_line = tail.split_whitespace().collect::<Vec<_>>().join(" ");
        if tail.ends_with(',') && is_signoff(&one_line) {
            let mut cut = i + c.len_utf8();
            if dash {
                // The sentence before the dash may sign off too: `Till then, farewell.--Yours,`
                let before = t[..cut].trim_end_matches(['-', '—']);
                // (all but its last character, which may take more than one byte: `Œ`)
                let but_last = before
                    .char_indices()
                    .last()
                    .map_or("", |(i, _)| &before[..i]);
                let start = but_last.rfind(['.', '!', '?']).map_or(0, |p| p + 1);
                let sentence = before[start..].trim();
                let as_signoff = format!("{},", sentence.trim_end_matches(['.', '!']));
                if sentence.split_whitespace().count() <= 6 && is_signoff(&as_signoff) {
                    cut = start + (before[start..].len() - before[start..].trim_start().len());
                }
            }
            return Some((t[..cut].to_string(), t[cut..].trim().to_string()));
        }
    }
    possessive_close(t)
}

/// A closing the last sentence runs into, in the second or third person: `…answering the
/// letters of her affectionate,`, `…torments the heart of your afflicted,` (the signature
/// follows on its own line). Up to four words from the possessive, after `of`, `from`, `by`
/// or `be`, and nothing but the final comma for punctuation.
fn possessive_close(t: &str) -> Option<(String, String)> {
    if !t.ends_with(',') {
        return None;
    }
    // The last five words with where each starts.
    let mut starts: Vec<usize> = t
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || t[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| i)
        .collect();
    starts.drain(..starts.len().saturating_sub(6));
    for w in (1..starts.len()).rev() {
        let word = |k: usize| {
            let end = starts.get(k + 1).copied().unwrap_or(t.len());
            t[starts[k]..end].trim().to_lowercase()
        };
        if !matches!(word(w).as_str(), "your" | "her" | "his" | "their")
            || !matches!(word(w - 1).as_str(), "of" | "from" | "by" | "be")
        {
            continue;
        }
        let tail = &t[starts[w]..];
        let clean = tail[..tail.len() - 1]
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || c == '-' || c == '\'');
        if clean && tail.split_whitespace().count() >= 2 && w >= 2 {
            return Some((t[..starts[w]].trim_end().to_string(), tail.to_string()));
        }
        return None;
    }
    None
}

/// Initials signing at the very end of a paragraph, after a full sentence: `M.`, `VK`,
/// `J.R.` (not `Mr. B.`, not `OK`).
/// Where a sign-off run into the end of `body` (which ends with its comma) starts: the
/// nearest clause, within the last thirty words, that reads as one (`believe me yours, with
/// more gratitude than I can put into any letter,`).
fn signoff_clause_start(body: &str) -> Option<usize> {
    let floor = body
        .char_indices()
        .rev()
        .filter(|&(_, c)| c.is_whitespace())
        .nth(30)
        .map_or(0, |(i, _)| i);
    let mut end = body.len().saturating_sub(1);
    while let Some(at) = body[..end].rfind([',', ';', '.', '!', '?']) {
        if at < floor {
            break;
        }
        let start = at + 1;
        let clause = body[start..].trim_start();
        let clause = clause.strip_prefix("and ").unwrap_or(clause);
        if clause.split_whitespace().count() >= 2 && is_signoff(clause) {
            return Some(body.len() - clause.len());
        }
        end = at;
    }
    None
}

fn run_in_initials(t: &str) -> Option<&str> {
    let (before, last) = t.rsplit_once(char::is_whitespace)?;
    let letters: Vec<char> = last.chars().filter(|c| c.is_alphabetic()).collect();
    let initials = (1..=3).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && last.chars().all(|c| c.is_alphabetic() || c == '.');
    let before = before.trim_end();
    let prev_raw = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(['-', '—', '–']);
    // (`…any letter, A. T.`, `…in the room. --A. C.`: initials of more than one word are a
    // signature the comma and dash rules read)
    let prev_initial = prev_raw.len() == 2
        && prev_raw.ends_with('.')
        && prev_raw.starts_with(|c: char| c.is_uppercase());
    if prev_initial {
        return None;
    }
    let prev_word = prev_raw.trim_end_matches('.').to_lowercase();
    let common = matches!(
        last.trim_end_matches('.'),
        "I" | "A" | "OK" | "TV" | "UK" | "US" | "AM" | "PM" | "NO" | "ID" | "DJ" | "PS"
    );
    let honorific = matches!(
        prev_word.as_str(),
        "mr" | "mrs" | "ms" | "dr" | "st" | "miss" | "no" | "vol" | "p" | "pp" | "fig"
    );
    (initials
        && !common
        && !honorific
        && before.ends_with(['.', '!', '?'])
        && before.split_whitespace().count() >= 4)
        .then_some(last)
}

/// A farewell as the last sentence of a letter's last paragraph, the signature below it:
/// `…I shall expect you to-morrow. For the present, adieu.` Returns the body text and the
/// farewell. (Only read inside a letter: narration may end in a farewell too.)
fn farewell_close(text: &str) -> Option<(String, String)> {
    let t = text.trim_end();
    let last = t.rsplit(char::is_whitespace).next()?;
    let word = last.trim_end_matches(['.', '!']).to_lowercase();
    if last.len() == word.len() || !matches!(word.as_str(), "adieu" | "farewell") {
        return None;
    }
    let body = &t[..t.len() - last.len()];
    let start = body
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && body[i + c.len_utf8()..].starts_with(char::is_whitespace)
        })
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let sentence = t[start..].trim();
    (start > 0 && sentence.split_whitespace().count() <= 6)
        .then(|| (t[..start].to_string(), sentence.to_string()))
}

/// A last paragraph whose sentence runs on into the signature below, ending in a comma: its
/// last clause is the valediction, whatever its words (`…because she is clever and everyone
/// says so, and God forgive us both,` / `L. G.`). Returns the body text and the clause. (Only
/// read inside a letter, over a name.)
fn comma_close(text: &str) -> Option<(String, String)> {
    let t = text.trim_end();
    let inner = t.strip_suffix(',')?;
    let at = inner
        .rfind(", and ")
        .map(|i| i + ", and ".len())
        .or_else(|| inner.rfind(", ").map(|i| i + 2))?;
    let clause = t[at..].trim();
    ((2..=6).contains(&clause.split_whitespace().count())
        && !clause.contains(['.', '!', '?', ';', '"', '“', '”']))
    .then(|| (t[..at].trim_end().to_string(), clause.to_string()))
}

/// A signature as notes are signed: a dash or tilde before it, kisses or a heart beside it,
/// or initials (`— J`, `~ Nell`, `-Harrow`, `Lou xx`, `J <3`, `M.`, `R. R.`).
fn is_note_signature(t: &str) -> bool {
    let t = t.trim();
    let marked =
        (t.starts_with(['—', '–', '-', '~']) || without_kisses(t).is_some()) && is_marked_name(t);
    // (after a dash too, and any capital: `—I.`)
    marked || is_initials(strip_mark(t).1)
}

/// A signature's leading mark (`—`, `–`, `-`, `~`) taken off: whether there was one, and
/// the rest.
fn strip_mark(t: &str) -> (bool, &str) {
    let rest = t.trim_start_matches(['—', '–', '-', '~', ' ']);
    (rest.len() < t.len(), rest)
}

/// One to three capitals, with full stops or spaces between: `I.`, `J. A.`, `SH`.
fn is_initials(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic());
    (1..=3).contains(&letters.clone().count())
        && letters.clone().all(char::is_uppercase)
        && s.chars().all(|c| c.is_alphabetic() || c == '.' || c == ' ')
}

/// Is the text written in the first or second person (`I`, `my`, `you`, `we`)?
pub(crate) fn personal(t: &str) -> bool {
    // (`I'm`, `you're` split at the apostrophe leave `I`, `you`)
    const WORDS: &[&str] = &["i", "me", "my", "you", "your", "we", "us", "our"];
    words(t, false)
        .take(WORDS_LOOKED_AT)
        .any(|w| is_one_of(w, WORDS))
}

/// How many words of a paragraph the person scanners look at: the voice of a paragraph
/// shows in its opening, and a pasted wall of text must not cost more.
const WORDS_LOOKED_AT: usize = 400;

/// The words of `text`: runs of letters and digits, and of hyphens too when `hyphens`
/// (`re-read`, `e-mail`). Apostrophes split (`I'm` gives `I`, `m`).
#[inline]
pub(crate) fn words(text: &str, hyphens: bool) -> impl Iterator<Item = &str> {
    text.split(move |c: char| !(c.is_alphanumeric() || hyphens && c == '-'))
        .filter(|w| !w.is_empty())
}

/// Is `word` one of `list`, ASCII case ignored?
#[inline]
pub(crate) fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// Narration that tells of a message in the third person, not in the writer's voice
/// (`Agnes read that line four times. Then she put the letter down…`).
fn tells(c: &Cue) -> bool {
    c.wrapper == Wrapper::None
        && c.mentions
        && c.handles
        && !c.personal
        && c.third_person
        && !c.dialogue
}

/// Verbs that open a bidding (`Don't…`, `Burn this.`, `Mind the step.`), in lower case.
const IMPERATIVES: &[&str] = &[
    "do", "don", "tell", "burn", "bring", "give", "kiss", "write", "come", "keep", "say",
    "remember", "forget", "mind", "wear", "send", "ask", "please", "look", "hug", "feed",
];

/// Does a sentence of the text bid its reader (`Tide turns at four. Don't be on the steps.`)?
/// The writer speaks to someone without a `you`.
fn bids(t: &str) -> bool {
    t.split(['.', '!', '?', ';'])
        .filter_map(|s| words(s, false).next())
        .any(|w| is_one_of(w, IMPERATIVES))
}

/// A writer's afterthought under the signature, unlabelled: a short paragraph in the letter's
/// present voice, to the reader or of the writer (`Don't burn it.`, `Do not tell Lettice. She
/// would be insufferable.`, `I have kept every one of your letters. Burn them after.`).
/// Narration tells in the past (`Maribel did not burn it.`, `I folded it away.`).
pub(crate) fn is_afterthought(t: &str) -> bool {
    // (what a verb in the past is, roughly: the common irregular ones, and `-ed` or a
    // participle unless a perfect or a passive carries it: `I have kept`, `it is sealed`)
    const PAST: &[&str] = &[
        "was", "were", "had", "did", "went", "came", "saw", "took", "gave", "sat", "stood", "wrote",
    ];
    const PARTICIPLES: &[&str] = &[
        "said", "told", "thought", "felt", "knew", "left", "found", "put", "read", "kept", "made",
        "sent", "brought", "bought", "heard",
    ];
    const CARRIERS: &[&str] = &[
        "have", "has", "ve", "is", "am", "are", "be", "been", "m", "re", "s", "get", "got",
    ];
    let ws: Vec<&str> = words(t, false).take(40).collect();
    let Some(first) = ws.first() else {
        return false;
    };
    // (what the writer knows or thinks now may have happened: `I know she took it.`)
    let thinks_at = ws.windows(2).position(|p| {
        p[0] == "I"
            && is_one_of(
                p[1],
                &["know", "think", "bet", "suppose", "expect", "guess"],
            )
    });
    let past = ws.iter().enumerate().any(|(i, w)| {
        let carried = i > 0 && is_one_of(ws[i - 1], CARRIERS);
        let reported = thinks_at.is_some_and(|at| i > at + 1);
        !reported
            && (is_one_of(w, PAST)
                || !carried
                    && (is_one_of(w, PARTICIPLES)
                        || w.len() > 4 && w.to_ascii_lowercase().ends_with("ed")))
    });
    // (spoken to the reader: `you`, or a bidding; `My master continues to be very affable
    // to me.` goes on telling)
    let to_you = ws.iter().any(|w| is_one_of(w, &["you", "your", "yours"]));
    ws.len() <= 30
        && !t.contains(['"', '“', '”'])
        // (a notice's lines are in capitals: `CRAB - MACKEREL (WHEN WE GET THEM)`)
        && t.chars().any(char::is_lowercase)
        && !past
        && (to_you || is_one_of(first, IMPERATIVES))
}

/// Does the text tell of someone reading or holding what they were sent (`read`, `folded`,
/// `put it down`, `in his hand`)? A letter's own paragraphs about others rarely do.
fn handles_message(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "read", "reread", "re-read", "folded", "unfolded", "refolded", "smoothed", "hand", "hands",
        "stared", "looked", "turned", "finished", "down",
    ];
    words(text, true).any(|w| is_one_of(w, WORDS))
}

/// Does the text speak of someone in the third person (`she`, `his`, `them`)?
fn third_person(t: &str) -> bool {
    const WORDS: &[&str] = &["he", "she", "they", "his", "her", "him", "them"];
    words(t, false)
        .take(WORDS_LOOKED_AT)
        .any(|w| is_one_of(w, WORDS))
}

/// Does the narration name a written message (`a note`, `the letter`, `He texted her`)?
fn mentions_message(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "letter",
        "letters",
        "note",
        "notes",
        "message",
        "messages",
        "text",
        "texted",
        "texts",
        "card",
        "postcard",
        "telegram",
        "email",
        "e-mail",
        "memo",
        "envelope",
        "wrote",
        "written",
        "scrawled",
        "scribbled",
        "handwriting",
        "paper",
    ];
    // (and handwriting named as a hand: `It was in a girl's hand`, not `she took his hand`)
    let mut since_in = usize::MAX;
    words(text, true).any(|w| {
        since_in = if w.eq_ignore_ascii_case("in") {
            0
        } else {
            since_in.saturating_add(1)
        };
        w.len() >= 4 && is_one_of(w, WORDS) || since_in <= 4 && w.eq_ignore_ascii_case("hand")
    })
}

/// Does the paragraph introduce a text that follows (`…read as follows:`, `The note said:`,
/// `…was in these words:--`, `…the letter ran:`)?
fn introduces(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['-', '—', '–']).trim_end();
    if t.ends_with(':') {
        return true;
    }
    let l = t.to_lowercase();
    [
        "as follows.",
        "to this effect.",
        "these words.",
        "as follows",
        "it ran thus.",
        "ran thus.",
    ]
    .iter()
    .any(|p| l.ends_with(p))
}

/// The salutation at the start of a paragraph (its own first line, run into the body, or
/// after a dateline on the same line: `Friday. My dearest Judy:`). Returns (dateline,
/// salutation, rest of the paragraph) and whether it is only a bare addressee.
pub fn opening(text: &str) -> Option<(Option<String>, String, String, bool)> {
    let t = text.trim();
    let first = t.lines().next().unwrap_or("").trim();
    if !could_open(first) {
        return None;
    }
    if is_message_header(t) {
        return Some((None, t.to_string(), String::new(), false));
    }
    if letter::is_salutation(first) || is_bare_salutation(first) {
        let rest = t[t.find('\n').map_or(t.len(), |i| i + 1)..].trim();
        return Some((None, first.to_string(), rest.to_string(), false));
    }
    // A greeting of the `To …` kind run in with a colon: "To whoever opens this box next: the
    // letter you want is not in here."
    if let Some(at) = first.find(": ") {
        let head = &first[..=at];
        // (`To the shore they went: …` is narration: a greeting has no subject of its own)
        let narrates = head.split_whitespace().skip(2).any(|w| {
            matches!(
                w.trim_end_matches([':', ',']),
                "I" | "he" | "she" | "they" | "we" | "it"
            )
        });
        if head.starts_with("To ")
            && !narrates
            && head.split_whitespace().count() <= 8
            && letter::is_salutation(head)
            && !t[at + 1..].trim().is_empty()
        {
            return Some((
                None,
                head.to_string(),
                t[at + 1..].trim().to_string(),
                false,
            ));
        }
    }
    // An addressee run in with a dash or a colon: "Agent Quaye,--Your report", "Toby — DON'T
    // WRITE", "Jory: I have taken the cat's blanket", "Ana - read this".
    for sep in [",--", ",—", " — ", " -- ", ": ", " - "] {
        if let Some(at) = first.find(sep) {
            let head = &first[..at];
            let cut = at + sep.len();
            // (`Mum: Darling I'm at the station` names the sender of a text: a colon
            // addresses only a note that signs at its end, `… Do not let him sleep on the
            // flour. M.`)
            let colon_ok = || {
                !matches!(sep, ": " | " - ")
                    || head.split_whitespace().count() <= 2
                        && (sep == " - " || t[cut..].starts_with(char::is_uppercase))
                        && run_in_closing(tail(t, 300)).is_some()
            };
            // (`Dinner -- Tuesday the 14th` heads a menu: what follows the dash is a date)
            if head.split_whitespace().count() <= 3
                && is_addressee(&format!("{head},"))
                && !t[cut..].trim().is_empty()
                && !is_dateline_text(first.get(cut..).unwrap_or(""))
                && letter::salutation_prefix(t).is_none()
                && colon_ok()
            {
                return Some((
                    None,
                    t[..cut].trim().to_string(),
                    t[cut..].trim().to_string(),
                    true,
                ));
            }
        }
    }
    if let Some(n) = letter::salutation_prefix(t) {
        return Some((
            None,
            t[..n].trim().to_string(),
            t[n..].trim().to_string(),
            false,
        ));
    }
    // "My dearest Catherine, I received…": a salutation, a comma, the body on the same line.
    if let Some(at) = first.find(", ") {
        let head = &first[..=at];
        if head.split_whitespace().count() <= 5 && letter::is_salutation(head) {
            // (the first words after the comma, cut at a character boundary: lower-casing
            // may change byte lengths, so the cut is made before it)
            let lower = self::head(t, at + 30).to_lowercase();
            let speech = SPEECH_VERBS.iter().any(|v| lower.contains(v.trim_start()));
            if !speech && !head.to_lowercase().starts_with("dear me") {
                return Some((
                    None,
                    head.to_string(),
                    t[at + 1..].trim().to_string(),
                    false,
                ));
            }
        }
    }
    // A dateline and the salutation on one line: "Friday. My dearest Judy:",
    // "Frizinghall, Wednesday, September 26th, 1849.--Dear Mr. Franklin Blake, you will…"
    // (every full stop is a candidate; "Mr." is not the end of the date).
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let dated_head = head(first, 80);
    let lower_head = dated_head.to_lowercase();
    if dated_head.chars().any(|c| c.is_ascii_digit())
        || detect::WEEKDAYS
            .iter()
            .chain(detect::MONTHS)
            .any(|w| lower_head.contains(w))
    {
        for sep in [". ", ".--", ".—"] {
            cuts.extend(dated_head.match_indices(sep).map(|(at, m)| (at, m.len())));
        }
    }
    cuts.sort_unstable();
    for (at, len) in cuts {
        let date = &first[..=at];
        let after = &t[at + len..];
        if !is_dateline_text(date) {
            continue;
        }
        if let Some((None, s, r, false)) = opening(after) {
            return Some((Some(date.trim().to_string()), s, r, false));
        }
        if let Some(c) = after.find(", ") {
            let head = &after[..=c];
            if head.split_whitespace().count() <= 6 && letter::is_salutation(head) {
                return Some((
                    Some(date.trim().to_string()),
                    head.trim().to_string(),
                    after[c + 1..].trim().to_string(),
                    false,
                ));
            }
        }
    }
    if is_addressee(first) && first.split_whitespace().count() <= 4 && !is_signoff(first) {
        let rest = t[t.find('\n').map_or(t.len(), |i| i + 1)..].trim();
        return Some((None, first.to_string(), rest.to_string(), true));
    }
    None
}

/// A greeting written without its comma, on a line of its own: `Dear Harry`, `My dearest
/// Elena`, `Dear Mr. Saltzman` (people leave the comma off as often as not).
fn is_bare_salutation(line: &str) -> bool {
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let lower = t.to_lowercase();
    let greeting = [
        "dear ",
        "dearest ",
        "my dear ",
        "my dearest ",
        "my darling ",
    ]
    .iter()
    .find(|g| lower.starts_with(*g));
    let Some(g) = greeting else {
        return false;
    };
    let names = &words[g.split_whitespace().count()..];
    !names.is_empty()
        && words.len() <= 5
        && !t.ends_with(['.', '?', '!', ',', ';', ':'])
        && names.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
        && !matches!(names[0].to_lowercase().as_str(), "god" | "lord" | "me")
}

/// A cheap first look: can this line open a letter at all? A greeting word first, a date
/// in its first words, or the punctuation that ends an address (`,` `:` `!` `—` `-`)
/// within its first five words. Narration fails it at once.
fn could_open(first: &str) -> bool {
    const GREETINGS: &[&str] = &[
        "dear",
        "dearest",
        "my",
        "to",
        "hello",
        "hi",
        "hey",
        "heya",
        "hiya",
        "darling",
        "sir",
        "madam",
        "gentlemen",
        "respected",
        "honoured",
        "honored",
        "ma",
        "mon",
        "cher",
        "chère",
        "chers",
        "liebe",
        "lieber",
        "querida",
        "querido",
        "cara",
        "caro",
        "from",
        "subject",
        "memo",
        "memorandum",
        "re",
    ];
    let t = first.trim_start_matches(['"', '“', '«', '*', '_', '[', ' ']);
    let word: String = t
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if GREETINGS.contains(&word.as_str()) || t.starts_with(|c: char| c.is_ascii_digit()) {
        return true;
    }
    let lead: Vec<&str> = t.split_whitespace().take(6).collect();
    let lead_text = lead.join(" ");
    let lower = lead_text.to_lowercase();
    lead.iter()
        .take(5)
        .any(|w| w.contains([',', ':', '!', '—']) || *w == "-" || *w == "--" || w.ends_with('-'))
        || detect::WEEKDAYS
            .iter()
            .chain(detect::MONTHS)
            .any(|m| lower.contains(m))
}

/// The line a mail program puts between a message and the one it forwards or answers:
/// `---------- Forwarded message ---------`, `-----Original Message-----`, `Begin forwarded
/// message:`. No letter runs across it.
fn is_forward_marker(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 120 {
        return false;
    }
    let core = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    t.chars().count() <= 60
        && !t.contains('\n')
        && matches!(
            core.as_str(),
            "forwarded message" | "original message" | "begin forwarded message" | "forwarded"
        )
        && (t.starts_with('-') || t.ends_with(':'))
}

/// An e-mail or memo header line: `From: Harry`, `To: Draco`, `Subject: Re: the thing`.
pub fn is_message_header(text: &str) -> bool {
    let t = text.trim().trim_matches(['*', '_']).trim_start();
    let l = t.to_lowercase();
    [
        "from:",
        "to:",
        "subject:",
        "sent:",
        "date:",
        "cc:",
        "re:",
        "memo",
        "memorandum",
    ]
    .iter()
    .any(|h| l.starts_with(h))
        && t.lines().count() <= 6
        && t.split_whitespace().count() <= 40
}

/// A bare addressee on its own line: `Callum,`, `SIR,`, `MRS GWILLIM,`, `Mum —`.
fn is_addressee(s: &str) -> bool {
    let t = s.trim();
    // An aside in brackets after the name: `R. (whoever you are),`.
    if let Some((name, aside)) = t.strip_suffix([',', ':', '!']).and_then(ends_with_aside) {
        if aside.split_whitespace().count() <= 5 {
            return is_addressee(&format!("{},", name.trim_end()));
        }
    }
    // A name and an endearment: `Imre, my heart,`, `Bel, my darling,`.
    if let Some((name, dear)) = t.strip_suffix(',').and_then(|r| r.split_once(", ")) {
        let dear_words: Vec<&str> = dear.split_whitespace().collect();
        if (2..=3).contains(&dear_words.len())
            && dear_words[0].eq_ignore_ascii_case("my")
            && dear_words[1..]
                .iter()
                .all(|w| w.chars().all(char::is_alphabetic))
        {
            return is_addressee(&format!("{name},"));
        }
    }
    // (`June --`, `Toby —`: a dash, single or doubled, ends an addressee too)
    // (`Fergus!!!`: a child's greeting shouts)
    let core = match t.strip_suffix([',', ':', '!']) {
        Some(core) => core.trim_end_matches('!'),
        None if t.ends_with(['—', '-']) => t.trim_end_matches(['—', '-', ' ']),
        None => return false,
    };
    let core = core.trim();
    let words: Vec<&str> = core.split_whitespace().collect();
    // (two addressees: `Tilly and Jem --`, `Mum & Dad,`)
    let joined = |i: usize, w: &str| i > 0 && i + 1 < words.len() && matches!(w, "and" | "&");
    !words.is_empty()
        && words.len() <= 4
        && words.iter().enumerate().all(|(i, w)| {
            joined(i, w)
                || w.chars().next().is_some_and(char::is_uppercase)
                    // (a double-barrelled name: `Miss Quintero-Fenn,`)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
                    && !w.ends_with('-')
                    && !w.contains("--")
        })
        && !matches!(
            core.to_lowercase().as_str(),
            "yes"
                | "no"
                | "well"
                | "oh"
                | "so"
                | "and"
                | "but"
                | "then"
                | "now"
                | "okay"
                | "look"
                | "listen"
                | "still"
                | "besides"
                | "however"
                | "anyway"
                | "later"
                | "meanwhile"
        )
}

/// A greeting to a diary, a log or a journal (`Dear Diary,`, `Dear log,`): the writer
/// addresses a book, and signs nothing.
fn is_self_addressed(text: &str) -> bool {
    let t = unwrap(text).1;
    let t = t
        .trim()
        .trim_end_matches([',', ':', '!', '.'])
        .to_lowercase();
    matches!(
        t.as_str(),
        "dear diary" | "dear log" | "dear journal" | "dear notebook" | "dear book"
    )
}

/// The cues of one paragraph. `barrier` comes from the caller (headings, separators, notes).
pub fn cue(text: &str, barrier: bool) -> Cue {
    let (wrapper, inner) = unwrap(text);
    let first = inner.lines().next().unwrap_or("");
    // Openings live in a paragraph's first words, closings in its last: a long paragraph is
    // looked at only there, so reading stays linear in the text.
    let (salutation, addressee) = match opening(head(&inner, 240)) {
        Some((_, _, _, weak)) => (!weak, weak),
        None => (false, false),
    };
    let short = inner.len() <= 300;
    // Words, counted up to 31: the line-shaped cues (names, datelines, sign-offs) need few.
    let words = inner.split_whitespace().take(31).count();
    // A place and date under the signature, run into its line, is not part of the closing.
    let dated_close = trailing_dateline(tail(&inner, 300));
    let closing_text = match &dated_close {
        Some((rest, _)) => rest.as_str(),
        None => inner.as_str(),
    };
    let closing = if short && words <= 20 {
        split_closing(closing_text)
    } else {
        None
    };
    let single_line = short && words <= 14 && !inner.contains('\n');
    // A signed closing that starts with a vocative (`Dear Lewis, Your affectionate M.
    // BRAMBLE`) closes a letter; it opens none and is no dateline.
    // The signature alone above its place and date (`LYDIA MELFORD CLIFTON, April 6.`).
    let dated_name =
        dated_close.is_some() && (is_name(closing_text) || is_marked_name(closing_text));
    // (and so does a sign-off that names the addressee first: `Respected Sir, Your very
    // humble servant,`)
    let closes = dated_close.is_some() && (closing.is_some() || dated_name)
        || short && words <= 30 && inner.trim_end().ends_with(',') && is_signoff(&inner) && {
            let (v, _) = inner.split_once(", ").unwrap_or_default();
            letter::is_salutation(&format!("{v},"))
        };
    let (salutation, addressee) = if closes {
        (false, false)
    } else {
        (salutation, addressee)
    };
    let single_line = single_line && !closes;
    let opens = salutation || addressee;
    let dialogue = is_dialogue(head(text, 400), wrapper);
    Cue {
        telegram: telegram(head(&inner, 1200)).is_some(),
        header: short && is_message_header(&inner),
        // (a month's name alone under a sign-off is a name: `Your own` / `June`)
        dated: single_line
            && (is_dateline_text(&inner) || is_clock_time(&inner))
            && !is_bare_month(&inner),
        // (not a sentence: no full stop unless it holds a number; not a time jump)
        head_line: single_line
            && inner.split_whitespace().count() <= 8
            && (!inner.ends_with('.')
                || inner.chars().any(|c| c.is_ascii_digit())
                // (a place: `Wren End.`, `Netherby Hall.`)
                || inner.split_whitespace().count() <= 4
                    && inner
                        .split_whitespace()
                        .all(|w| w.starts_with(char::is_uppercase)))
            && detect::jump_label(&inner).is_none()
            && inner
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
            // (a dash after the colon still introduces: `It ran as follows:--`)
            && !inner
                .trim_end_matches(['-', '—', '–'])
                .ends_with(['?', '!', ':', ';', '"', '”'])
            && !inner.starts_with(['"', '“']),
        wrapper,
        salutation,
        addressee,
        dateline: single_line
            && (is_dateline_text(&inner) || is_superscription(&inner) || is_address_line(&inner)),
        signoff: short && words <= 30 && is_signoff(&inner),
        signed: closing.is_some() || (single_line && is_marked_name(&inner)),
        name: single_line && is_name(&inner) || dated_name,
        run_in_closing: run_in_closing(tail(closing_text, 300)).is_some(),
        postscript: letter::is_postscript(first),
        introduces: introduces(tail(text, 80)) && !opens,
        // (or speech handing it over: `"He left it in my workbasket. I read it on the stairs."`)
        mentions: (wrapper == Wrapper::None || dialogue)
            && !opens
            && mentions_message(tail(text, 400)),
        personal: personal(head(&inner, 600)),
        dialogue,
        barrier: barrier || is_forward_marker(&inner),
        list_item: is_list_item(&inner),
        role_line: single_line && is_role_line(&inner),
        third_person: third_person(head(&inner, 600)),
        handles: wrapper == Wrapper::None && handles_message(tail(text, 400)),
        afterthought: short && !dialogue && !opens && is_afterthought(&inner),
        relative_jump: single_line && is_relative_jump(&inner),
        capitals: single_line && {
            let mut letters = inner.chars().filter(|c| c.is_alphabetic());
            letters.clone().nth(2).is_some() && letters.all(char::is_uppercase)
        },
        block: None,
    }
}

/// A time of day written as a letter's date, under its signature or over its greeting:
/// `Half-past six in the morning.`, `Midnight`, `Ten o'clock, Tuesday`, `11 p.m.`. It opens
/// with the time itself (`The clock struck midnight.` is narration).
fn is_clock_time(t: &str) -> bool {
    let t = t.trim().trim_matches(['_', '*']).trim();
    if t.len() > 60 || t.contains('\n') || t.ends_with(['?', '!', ':', ';']) {
        return false;
    }
    let l = t.to_lowercase();
    let ws: Vec<&str> = words(&l, false).collect();
    const NUMBERS: &[&str] = &[
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    let clock = l.contains("o'clock")
        || l.contains("o’clock")
        || l.contains("a.m.")
        || l.contains("p.m.")
        || ws
            .iter()
            .any(|w| matches!(*w, "midnight" | "noon" | "midday" | "am" | "pm"))
        || (l.starts_with("half") || l.starts_with("quarter") || l.starts_with("a quarter"))
            && ws.iter().any(|w| NUMBERS.contains(w));
    let opens_with_time = l.starts_with("a quarter")
        || ws.first().is_some_and(|w| {
            NUMBERS.contains(w)
                || w.starts_with(|c: char| c.is_ascii_digit())
                || matches!(
                    *w,
                    "half" | "quarter" | "midnight" | "noon" | "midday" | "past" | "nearly"
                )
        });
    clock && opens_with_time && ws.len() <= 7
}

/// A time told from the last scene (`Later that night…`, `Two days afterwards`, `The next
/// morning`), not from the calendar as a letter's date is.
fn is_relative_jump(t: &str) -> bool {
    detect::jump_label(t).is_some()
        && words(t, false).any(|w| {
            is_one_of(
                w,
                &[
                    "later",
                    "earlier",
                    "after",
                    "afterwards",
                    "afterward",
                    "next",
                    "following",
                    "meanwhile",
                    "ago",
                ],
            )
        })
}

/// A month's name alone (`June`, `April.`): a date without a day, or a first name.
fn is_bare_month(t: &str) -> bool {
    let w = t.trim().trim_end_matches(['.', ',']).to_lowercase();
    !w.contains(' ') && detect::MONTHS.contains(&w.as_str())
}

fn is_list_item(t: &str) -> bool {
    let t = t.trim_start();
    t.starts_with("- ")
        || t.starts_with("* ")
        || t.starts_with("• ")
        || t.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
        })
}

/// The cues of a chapter's paragraphs; `barrier(i)` marks what a letter cannot hold. A list
/// item next to another list item is part of a list, never a signature.
pub fn cues(texts: &[String], barrier: impl Fn(usize) -> bool) -> Vec<Cue> {
    let mut v: Vec<Cue> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| cue(t, barrier(i)))
        .collect();
    for i in 1..v.len() {
        // The header lines of one message: only the first opens it.
        if is_message_header(&texts[i]) && is_message_header(&texts[i - 1]) {
            v[i].salutation = false;
        }
    }
    for i in 0..v.len() {
        let listed = v[i].list_item
            && (i > 0 && v[i - 1].list_item || v.get(i + 1).is_some_and(|c| c.list_item));
        if listed {
            v[i].signed = false;
            v[i].name = false;
        }
        // A sign-off written without its comma signs off over a name (`your loving
        // brother` / `Hestin`, `Your own` / `June`), and only there.
        if !v[i].signoff
            && v.get(i + 1).is_some_and(|c| c.name && !c.barrier)
            && !v[i].barrier
            && is_bare_signoff(&unwrap(&texts[i]).1)
        {
            v[i].signoff = true;
        }
    }
    v
}

// ---------------------------------------------------------------------------------------
// The decoder

/// How a candidate span opens.
struct Opening {
    at: usize,
    score: i32,
    evidence: Vec<Evidence>,
    /// The salutation's paragraph, if there is one.
    salutation: Option<usize>,
    /// The paragraph whose wrapping is the letter's (salutation, or first quoted paragraph).
    wrap_at: usize,
    /// Opened by a quotation that must run unbroken to the closing.
    quotation: bool,
}

/// The most lines of dateline, address and superscription over a salutation (a street, a
/// town, a postcode and the date).
const MAX_HEAD_LINES: usize = 5;

/// Lines of an address under `k` run down to a date right over a greeting: `14 Mallard Close`
/// / `Brightwater` / `BW4 9PL` / `29th March` / `Dear Sir or Madam,`.
fn address_over_date(cues: &[Cue], k: usize, end: usize) -> bool {
    let greets = |j: usize| j < end && (cues[j].salutation || cues[j].addressee);
    let mut j = k + 1;
    while j < end.min(k + MAX_HEAD_LINES)
        && !greets(j)
        && (cues[j].head_line || cues[j].dated || cues[j].dateline)
    {
        j += 1;
    }
    greets(j) && (cues[j - 1].dated || cues[j - 1].dateline)
}

/// How a span starting at paragraph `a` can open, if it can.
fn score_opening(cues: &[Cue], texts: &[String], a: usize, end: usize) -> Option<Opening> {
    let mut ev = Vec::new();
    let mut score = 0;
    let mut k = a;
    // A message's header lines (`From:` / `To:` / `Subject:`) open it; a greeting may follow.
    while k < end && cues[k].header {
        k += 1;
    }
    if k > a {
        score += SALUTATION;
        ev.push(Evidence::Salutation(
            unwrap(&texts[a]).1.lines().next().unwrap_or("").to_string(),
        ));
        let sal = if k < end && (cues[k].salutation || cues[k].addressee) {
            k
        } else {
            k - 1
        };
        return Some(Opening {
            at: a,
            score,
            evidence: ev,
            salutation: Some(sal),
            wrap_at: sal,
            quotation: false,
        });
    }
    // Up to three lines of dateline, superscription or address above the salutation.
    // (An address that reads like an addressee, `THE JOHN GRIER HOME,`, is a head line when
    // a salutation or date follows.)
    let opens = |j: usize| j < end && (cues[j].salutation || cues[j].addressee || cues[j].dateline);
    let greets = |j: usize| j < end && (cues[j].salutation || cues[j].addressee);
    while k < end
        && k < a + MAX_HEAD_LINES
        && (cues[k].dateline
            || cues[k].head_line && greets(k + 1)
            || cues[k].head_line
                && address_over_date(cues, k, end)
                && (k == 0 || !cues[k - 1].barrier)
            // (a place over the date: `B.E.F., France` / `Sunday 27th May` / `Dear Clem,`)
            || cues[k].head_line
                && k + 1 < end
                && cues[k + 1].dated
                && greets(k + 2)
                // (a place right under a break or heading labels the scene)
                && (k == 0 || !cues[k - 1].barrier))
        && !cues[k].salutation
        && (!cues[k].addressee || opens(k + 1))
    {
        k += 1;
    }
    let head_lines = k - a;
    // A message's header lines start it: nothing above `From:` is its head (the line above
    // is the last message's, a department under a name).
    if head_lines > 0 && k < end && cues[k].header {
        return None;
    }
    let first_words = |i: usize| unwrap(&texts[i]).1.lines().next().unwrap_or("").to_string();
    if k < end && (cues[k].salutation || cues[k].addressee) {
        if head_lines > 0 {
            score += DATELINE;
            ev.push(Evidence::Dateline(first_words(a)));
        }
        if cues[k].salutation {
            score += SALUTATION;
            ev.push(Evidence::Salutation(first_words(k)));
        } else {
            score += ADDRESSEE;
            ev.push(Evidence::Addressee(first_words(k)));
            // (a bare name the narration has just announced as a letter's: `There were
            // eleven letters in the bundle…` / `"Aldric,`)
            let bare = {
                let t = unwrap(&texts[k]).1;
                !t.contains('\n') && is_addressee(&t)
            };
            if bare && a > 0 && cues[a - 1].mentions && !cues[a - 1].barrier {
                score += MENTIONED;
                ev.push(Evidence::Mentioned);
            }
        }
        return Some(Opening {
            at: a,
            score,
            evidence: ev,
            salutation: Some(k),
            wrap_at: k,
            quotation: false,
        });
    }
    // No salutation: the narration introduces it, or it is dated.
    let introduced = a > 0 && cues[a - 1].introduces && !cues[a - 1].barrier;
    if introduced {
        score += INTRODUCED;
        ev.push(Evidence::Introduced);
    } else if a > 0 && cues[a - 1].mentions && !cues[a - 1].barrier
        || a > 1
            && cues[a - 2].mentions
            && !cues[a - 2].dialogue
            && !cues[a - 2].barrier
            && narrates(cues, texts, a - 1)
    {
        // (or two paragraphs back, over a line of narration: `She thought of writing to her
        // aunt…` / `At last, when the candles had been lit, she opened it.` / the letter)
        score += MENTIONED;
        ev.push(Evidence::Mentioned);
    }
    if head_lines > 0 && (cues[a].dateline) {
        score += DATELINE;
        ev.push(Evidence::Dateline(first_words(a)));
    }
    // A quotation that starts here (the paragraph before does not leave one open).
    let quotation = k < end
        && cues[k].wrapper == Wrapper::QuoteOpen
        && (k == 0 || cues[k - 1].wrapper != Wrapper::QuoteOpen)
        && !cues[k].signoff
        && !cues[k].signed;
    if quotation {
        score += QUOTATION_OPENS;
        ev.push(Evidence::QuotationOpens);
    }
    if score == 0 {
        return None;
    }
    Some(Opening {
        at: a,
        score,
        evidence: ev,
        salutation: None,
        wrap_at: if quotation { k } else { a },
        quotation,
    })
}

/// A short line of narration in the third person, not a letter's voice: `At last, when the
/// candles had been lit, she opened it.`
fn narrates(cues: &[Cue], texts: &[String], i: usize) -> bool {
    let c = &cues[i];
    c.wrapper == Wrapper::None
        && !c.personal
        && !c.dialogue
        && c.third_person
        && texts[i].split_whitespace().nth(25).is_none()
}

/// How a letter whose last paragraph (before any P.S.) is `last` can close: its score and
/// evidence, and whether it needs a salutation to count (a bare name or sign-off does).
/// The letter must have at least one paragraph before `last`.
fn score_closing(cues: &[Cue], texts: &[String], last: usize) -> Option<(i32, Evidence, bool)> {
    let c = &cues[last];
    let text = || unwrap(&texts[last]).1;
    if last == 0 {
        return None;
    }
    let p = &cues[last - 1];
    // A sign-off stepping down over two to four lines: `Yours,` / `On the verge of writer's
    // cramp,` / `S. McB.`; `I am, dear Madam,` / `Your most obedient` / `humble servant,` /
    // `JOHN WILLOUGHBY.`
    let two_line_signoff = c.name && staircase_start(texts, last).is_some_and(|j| cues[j].signoff);
    // (a closing run in that already signs, `…Please come. -- C.`, wants no signature below)
    let run_in_signoff = p.run_in_closing && unwrap(&texts[last - 1]).1.trim_end().ends_with(',');
    // (any short clause ending in a comma, a line to itself over a name, hands the letter to
    // it: `From one who knows,` / `A WELL-WISHER.`)
    let free_signoff = (c.name || c.signed || c.capitals)
        && !p.dialogue
        && !p.salutation
        && !p.addressee
        && p.wrapper != Wrapper::Quoted
        && is_free_signoff(&unwrap(&texts[last - 1]).1);
    if (p.signoff
        || run_in_signoff
        || is_bare_signoff(&texts[last - 1])
        || two_line_signoff
        || free_signoff)
        && (signs_after_signoff(&text()) || c.name)
    {
        // A signature that reads as a name outweighs a line that merely could sign.
        let named = i32::from(c.name || c.signed);
        return Some((SIGNED + named, Evidence::Signed(text()), false));
    }
    if c.signed {
        let score = if split_closing(&text()).is_some() {
            SIGNED
        } else {
            MARKED_SIGNATURE
        };
        return Some((score, Evidence::Signed(text()), false));
    }
    if c.run_in_closing {
        let (_, closing) = run_in_closing(&text()).unwrap_or_default();
        return Some((RUN_IN_CLOSING, Evidence::RunInClosing(closing), false));
    }
    if c.name || c.signoff || is_name_with_role(&text()) {
        return Some((WEAK_CLOSING, Evidence::WeakClosing(text()), true));
    }
    None
}

/// Where a staircase of closing lines over the signature at `last` starts: a sign-off ending
/// in a comma, then one to three short lines that end no sentence (`I am, dear Madam,` /
/// `Your most obedient` / `humble servant,`). The earliest such sign-off.
fn staircase_start(texts: &[String], last: usize) -> Option<usize> {
    // (the line over the signature may end in a full stop: `I remain,` / `The ever-distracted
    // mother of 113.` / `S. McB.`)
    let stair = |i: usize| {
        let t = unwrap(&texts[i]).1;
        let t = t.trim();
        !t.contains('\n')
            && t.split_whitespace().count() <= 10
            && !t.ends_with(['!', '?', ':'])
            && (!t.ends_with('.') || i + 1 == last)
    };
    let mut start = None;
    for j in (last.saturating_sub(4)..last.saturating_sub(1)).rev() {
        if !stair(j + 1) {
            break;
        }
        let t = unwrap(&texts[j]).1;
        if stair(j) && t.trim_end().ends_with(',') && is_signoff(&t) {
            start = Some(j);
        } else if stair(j) && t.starts_with(char::is_uppercase) {
            // (one sign-off set as a staircase, its line broken mid-phrase: `Yours, in the
            // only thing I ever` / `did honestly,` / `G. MALLINSON.`)
            let joined: Vec<String> = (j..last).map(|i| unwrap(&texts[i]).1).collect();
            let joined = joined.join(" ");
            if joined.trim_end().ends_with(',') && is_signoff(&joined) {
                start = Some(j);
            }
        }
    }
    start
}

/// Where a span's closing is when its last paragraph is `end - 1`: the paragraph before
/// what may follow a closing — P.S. paragraphs (one signed with initials), a date or place
/// under the signature, a title line under the name.
fn closing_paragraph(cues: &[Cue], end: usize, signed_again: bool) -> usize {
    let mut last = end - 1;
    let mut tail = 0;
    // An afterthought in the writer's voice after the closing, unlabelled, when the narration
    // then tells of the letter (`…See you at breakfast. Love, H.` / `Also I'm buying a lock
    // for the fridge.` / `He stood in the dark with the note in his hand…`).
    if last > 0
        && cues.get(end).is_some_and(tells)
        && cues[last].personal
        && !(cues[last].dialogue || cues[last].barrier || cues[last].signed || cues[last].name)
        && cues[last].wrapper == cues[last - 1].wrapper
        && (cues[last - 1].run_in_closing || cues[last - 1].signed || cues[last - 1].name)
    {
        return last - 1;
    }
    // A postscript without `P.S.`, signed again with initials under a signed closing: one to
    // three paragraphs between the two signatures (`Yours,` / `HENRY DAVIS.` / `Please my kind
    // service…` / `H. D.`).
    let signs = |j: usize| cues[j].signed || cues[j].name && j > 0 && cues[j - 1].signoff;
    if signed_again && (cues[last].signed || cues[last].name) {
        if let Some(j) = (last.saturating_sub(4)..last.saturating_sub(1))
            .rev()
            .find(|&j| {
                signs(j)
                    && (j + 1..last).all(|i| {
                        let c = &cues[i];
                        !(c.signed || c.name || c.signoff || c.salutation || c.addressee)
                        && !(c.barrier || c.dateline || c.head_line || c.header)
                        // (the story moves on: `Nesta Castellucci.` / `Later that night…`)
                        && !c.relative_jump
                        // (the writer's, set as the letter is: no narration between)
                        && !(c.introduces || c.dialogue)
                        && c.wrapper == cues[j].wrapper
                    })
            })
        {
            return j;
        }
    }
    while last > 0
        && tail < 6
        && !cues[last - 1].barrier
        && (cues[last].postscript
            // (an afterthought under the signature, the span's last paragraph: `Yours,` /
            // `O. W.` / `Do not tell Lettice. She would be insufferable.`)
            || tail == 0
                && cues[last].afterthought
                && cues[last].wrapper == cues[last - 1].wrapper
                && (cues[last - 1].signed
                    || cues[last - 1].name && last >= 2 && cues[last - 2].signoff
                    // (or under a note signed at its end, set in its wrapper: `*…nothing
                    // left for you to record. — T. Q.*` / `*Burn this one.*`; unwrapped, it
                    // may be a story told to `you` going on)
                    || cues[last - 1].run_in_closing && cues[last].wrapper != Wrapper::None)
            // A signature that leaves its quotation open: what carries the quotation on is
            // still the letter (`"Mary M---.` / `"I am sorry to say…"`).
            || cues[last - 1].wrapper == Wrapper::QuoteOpen
                && (cues[last - 1].signed || cues[last - 1].name)
                && cues[last].wrapper.is_quote()
            || cues[last].dated && !cues[last].salutation
            || cues[last].signed && cues[last - 1].postscript
            || cues[last].name && (cues[last - 1].signed || cues[last - 1].name)
            // (a department or firm under the name: `Regards,` / `Priya` / `Compliance, Floor 9`)
            || cues[last].role_line
                && (cues[last - 1].signed || cues[last - 1].name)
                && last >= 2
                && cues[last - 2].signoff
            // (or two: a title and a firm, a name and an address, `Ms O. Fane, nb Kingfisher` /
            // `Vellmouth Top Lock, VM2 4TR`)
            || cues[last].role_line
                && cues[last - 1].role_line
                && last >= 3
                && (cues[last - 2].signed || cues[last - 2].name)
                && cues[last - 3].signoff)
    {
        last -= 1;
        tail += 1;
    }
    last
}

/// Counts of paragraphs with a property, for constant-time questions about a span.
struct Prefix(Vec<usize>);

impl Prefix {
    fn new(cues: &[Cue], f: impl Fn(&Cue) -> bool) -> Self {
        let mut v = vec![0; cues.len() + 1];
        for (i, c) in cues.iter().enumerate() {
            v[i + 1] = v[i] + usize::from(f(c));
        }
        Prefix(v)
    }
    /// How many of paragraphs `a..b` have it.
    fn count(&self, a: usize, b: usize) -> usize {
        if a >= b {
            0
        } else {
            self.0[b] - self.0[a]
        }
    }
}

/// Chooses the letters of a sequence of paragraphs (their texts and cues): the set of
/// non-overlapping spans with the best total score (weighted interval scheduling, linear in
/// the number of paragraphs times the candidate openings within [`MAX_PARAGRAPHS`]).
pub fn decode(texts: &[String], cues: &[Cue]) -> Vec<LetterSpan> {
    let n = cues.len();
    // best[i]: the best score of paragraphs 0..i; choice[i]: the letter ending at i, if any.
    let mut best = vec![0i32; n + 1];
    let mut choice: Vec<Option<LetterSpan>> = vec![None; n + 1];
    let barriers = Prefix::new(cues, |c| c.barrier);
    let salutations = Prefix::new(cues, |c| c.salutation);
    let greetings = Prefix::new(cues, |c| c.salutation || c.addressee);
    let signed = Prefix::new(cues, |c| c.signed && c.wrapper != Wrapper::Quoted);
    let dialogue = Prefix::new(cues, |c| c.dialogue);
    let unquoted = Prefix::new(cues, |c| !c.wrapper.is_quote());
    let open_quote = Prefix::new(cues, |c| c.wrapper.starts_quote());
    let unwrapped = Prefix::new(cues, |c| c.wrapper == Wrapper::None);
    let capitals = Prefix::new(cues, |c| c.capitals);
    // Narration that tells of the letter in the third person (`Agnes read that line four
    // times. Then she put the letter down…`): an unwrapped letter does not run over it.
    let told = Prefix::new(cues, tells);
    let impersonal = Prefix::new(cues, |c| !c.personal);
    let off_wrapper = |w: Wrapper| {
        Prefix::new(cues, move |c| {
            c.wrapper != w && !(c.wrapper == Wrapper::None && c.postscript)
        })
    };
    let (not_italic, not_bold, not_bracket) = (
        off_wrapper(Wrapper::Italic),
        off_wrapper(Wrapper::Bold),
        off_wrapper(Wrapper::Bracket),
    );
    // Candidate closings, each scored once.
    let closings: Vec<Option<(i32, Evidence, bool)>> = (0..n)
        .map(|last| score_closing(cues, texts, last))
        .collect();
    // A closing strong enough to carry a letter with no opening at all: a sign-off and a
    // signature.
    let strong_close = |last: usize| {
        closings[last]
            .as_ref()
            .is_some_and(|(s, _, needs)| !needs && *s >= SIGNED)
    };
    // Candidate openings, each scored once.
    let mut openings: Vec<Opening> = (0..n)
        .filter(|&a| {
            !cues[a].barrier
                && (cues[a].salutation
                    || cues[a].addressee
                    || cues[a].dateline
                    || cues[a].header && (a == 0 || !cues[a - 1].header)
                    || cues[a].head_line
                        && cues.get(a + 1).is_some_and(|c| c.salutation || c.addressee)
                    || cues[a].head_line
                        && (a == 0 || !cues[a - 1].barrier)
                        && cues.get(a + 1).is_some_and(|c| c.dated)
                        && cues.get(a + 2).is_some_and(|c| c.salutation || c.addressee)
                    || cues[a].head_line
                        && (a == 0 || !cues[a - 1].barrier)
                        && address_over_date(cues, a, n)
                    || cues[a].wrapper == Wrapper::QuoteOpen
                    || (a > 0 && (cues[a - 1].introduces || cues[a - 1].mentions))
                    || (a > 1
                        && cues[a - 2].mentions
                        && !cues[a - 2].dialogue
                        && narrates(cues, texts, a - 1)))
        })
        .filter_map(|a| score_opening(cues, texts, a, n))
        .collect();
    // A short note over its closing: one paragraph of a few sentences, then the sign-off and
    // the signature (on their own lines or in one closing paragraph).
    for a in 0..n {
        let note = !cues[a].barrier
            && cues[a].wrapper == Wrapper::None
            && !cues[a].dialogue
            && !cues[a].signoff
            && !cues[a].signed
            && texts[a].split_whitespace().nth(40).is_none()
            && (a + 1 < n && strong_close(a + 1) && split_closing(&texts[a + 1]).is_some()
                || a + 2 < n && cues[a + 1].signoff && strong_close(a + 2));
        if note && !openings.iter().any(|o| o.at == a) {
            openings.push(Opening {
                at: a,
                score: NOTE_BODY,
                evidence: vec![Evidence::NoteBody],
                salutation: None,
                wrap_at: a,
                quotation: false,
            });
        }
    }
    // A note written as one block: its first paragraph opens it, whatever it says.
    for a in 0..n {
        let starts_block = cues[a]
            .block
            .is_some_and(|id| a == 0 || cues[a - 1].block != Some(id));
        if starts_block && !cues[a].barrier && !openings.iter().any(|o| o.at == a) {
            openings.push(Opening {
                at: a,
                score: BLOCK_NOTE,
                evidence: vec![Evidence::WrittenAsBlock],
                salutation: None,
                wrap_at: a,
                quotation: false,
            });
        }
    }
    openings.sort_by_key(|o| o.at);
    // Paragraphs that leave a quotation open (the next carries it on).
    let open_ended = Prefix::new(cues, |c| c.wrapper == Wrapper::QuoteOpen);
    // The latest paragraph before each point that closes a letter by itself (signed or run
    // in): in a chapter headed as a letter (`LETTER III`) what follows the closing up to
    // the chapter's end is the writer's, a postscript with or without `P.S.`.
    let mut signed_before = vec![None; n + 1];
    for i in 0..n {
        let closes = closings[i]
            .as_ref()
            .is_some_and(|(s, _, needs)| !needs && *s >= RUN_IN_CLOSING);
        signed_before[i + 1] = if closes { Some(i) } else { signed_before[i] };
    }
    // A greeting run into a question or a lower-case clause (`"Dearest Marianne, who but
    // himself?`) is speech: with no signature, nothing else makes it a letter.
    // (read once for each paragraph that greets, with whether the body runs in after it)
    let greeting_rest: Vec<Option<String>> = (0..n)
        .map(|i| {
            (cues[i].salutation || cues[i].addressee)
                .then(|| opening(self::head(unwrap(&texts[i]).1.as_str(), 240)))
                .flatten()
                .map(|(_, _, rest, _)| rest)
        })
        .collect();
    let speech_greeting: Vec<bool> = (0..n)
        .map(|i| {
            cues[i].salutation
                && greeting_rest[i].as_deref().is_some_and(|rest| {
                    let first = rest.split(['.', '!', '?']).next().unwrap_or("");
                    rest.starts_with(char::is_lowercase) || rest[first.len()..].starts_with('?')
                })
        })
        .collect();
    // Paragraphs that close as notes are signed (a sign-off above, a closing run in, a
    // sign-off and name, a marked name or initials), and paragraphs in the first or second
    // person: read once each, for the letters a mention opens.
    let note_close: Vec<bool> = (0..n)
        .map(|i| {
            i > 0
                && (cues[i - 1].signoff
                    || cues[i].run_in_closing
                    || (cues[i].name || cues[i].capitals)
                        && !(cues[i - 1].salutation || cues[i - 1].addressee)
                        && is_free_signoff(&unwrap(&texts[i - 1]).1))
                || {
                    (cues[i].signed || cues[i].name) && {
                        let t = unwrap(&texts[i]).1;
                        split_closing(&t).is_some() || is_note_signature(&t)
                    }
                }
        })
        .collect();
    let personal_at = Prefix::new(cues, |c| c.personal);
    // A note of one paragraph the narration names or introduces: in the first or second
    // person, six words or more, signed at its end as notes are (`I'm sorry. I couldn't. You
    // know why. Keep the apples. -- R.`; not a jotted `Please come. -- C.`).
    let noted_line = |i: usize| {
        cues[i].run_in_closing && {
            let t = unwrap(&texts[i]).1;
            // (a bidding told of someone is reported: `Don't be an idiot about it, she
            // would say. - Isaura`)
            (cues[i].personal || bids(&t) && !cues[i].third_person)
                && t.split_whitespace().nth(5).is_some()
                && run_in_closing(tail(&t, 300)).is_some_and(|(_, sig)| {
                    // (initials or a mark, alone or after a sign-off: `— C.`, `Always, C.`)
                    is_note_signature(&sig)
                        || sig.rsplit_once(", ").is_some_and(|(v, name)| {
                            is_note_signature(name) && is_signoff(&format!("{v},"))
                        })
                })
        }
    };
    // A note wrapped whole in italics or bold and signed at its end (`*I'm at the Crooked
    // Lantern. Back table. Don't be an idiot about it. —I.*`): a slip of paper, not a thought.
    let known = openings.len();
    for a in 0..n {
        if matches!(cues[a].wrapper, Wrapper::Italic | Wrapper::Bold)
            && !cues[a].barrier
            && !openings.iter().any(|o| o.at == a)
            && noted_line(a)
        {
            openings.push(Opening {
                at: a,
                score: WRAPPED_NOTE,
                evidence: vec![Evidence::WrappedNote],
                salutation: None,
                wrap_at: a,
                quotation: false,
            });
        }
    }
    if openings.len() > known {
        openings.sort_by_key(|o| o.at);
    }
    // The first signed paragraph at or after each point.
    let mut next_signed = vec![None; n + 2];
    for i in (0..n).rev() {
        next_signed[i] = if cues[i].signed && cues[i].wrapper != Wrapper::Quoted {
            Some(i)
        } else {
            next_signed[i + 1]
        };
    }
    let letter_chapter = |a: usize, b: usize| {
        a > 0
            && cues[a - 1].barrier
            && is_letter_heading(&texts[a - 1])
            && (b == n || cues[b].barrier)
    };
    for b in 1..=n {
        best[b] = best[b - 1];
        choice[b] = None;
        if cues[b - 1].barrier {
            continue;
        }
        if cues[b - 1].telegram {
            let score = TELEGRAM - LETTER_COST;
            if best[b - 1] + score > best[b] {
                let sender = telegram(&unwrap(&texts[b - 1]).1).map_or(String::new(), |t| t.1);
                best[b] = best[b - 1] + score;
                choice[b] = Some(LetterSpan {
                    start: b - 1,
                    end: b,
                    closing: Some(0),
                    wrapper: cues[b - 1].wrapper,
                    score,
                    evidence: vec![Evidence::Telegram(sender)],
                });
            }
        }
        let last_closing = closing_paragraph(cues, b, true);
        // (the first signature of a P.S. signed again must be the span's own: one before it
        // belongs to something else)
        let own_closing = closing_paragraph(cues, b, false);
        let lo = b.saturating_sub(MAX_PARAGRAPHS);
        let first = openings.partition_point(|o| o.at < lo);
        for o in &openings[first..] {
            let a = o.at;
            if a >= b {
                break;
            }
            let sal_at = o.wrap_at;
            let has_salutation = o.salutation.is_some();
            let last_closing = if last_closing > sal_at {
                last_closing
            } else {
                own_closing
            };
            let last = match signed_before[b] {
                Some(c)
                    if closings[last_closing].is_none()
                        && c > sal_at
                        && b - 1 - c <= MAX_LETTER_POSTSCRIPTS
                        && letter_chapter(a, b) =>
                {
                    c
                }
                _ => last_closing,
            };
            // A chapter headed as a letter is one letter: a second signed closing after the
            // first is the writer's postscript, signed again (`Your most dutiful DAUGHTER.` /
            // `I have been scared out of my senses…` / `…Your dutiful daughter, PAMELA
            // ANDREWS.`).
            let last = match next_signed[sal_at + 1] {
                Some(c)
                    if c < last && b - 1 - c <= MAX_LETTER_POSTSCRIPTS && letter_chapter(a, b) =>
                {
                    c
                }
                _ => last,
            };
            if sal_at >= b || barriers.count(a, b) > 0 {
                continue;
            }
            // A notice set line by line in capitals and signed (`PLEASE WASH YOUR OWN MUGS` /
            // … / `- FACILITIES`) greets nobody: it is no letter.
            if !has_salutation && b - a >= 2 && capitals.count(a, b) == b - a {
                continue;
            }
            if cues[sal_at].wrapper == Wrapper::None && told.count(sal_at + 1, last) > 0 {
                continue;
            }
            // Only one salutation, at the opening.
            if salutations.count(o.salutation.map_or(a, |s| s + 1), b) > 0 {
                continue;
            }
            // A note written as one block is the whole block.
            let block_note = o.evidence == [Evidence::WrittenAsBlock];
            if block_note {
                let id = cues[a].block;
                if (a..b).any(|i| cues[i].block != id) || b < n && cues[b].block == id {
                    continue;
                }
            }
            // A note is its one paragraph and its closing.
            if o.evidence == [Evidence::NoteBody] && last > a + 2
                || o.evidence == [Evidence::WrappedNote] && last != a
            {
                continue;
            }
            // A mention opens only a short letter, or one wrapped whole, written in the first
            // or second person, with no greeting inside, and signed as notes are: a sign-off,
            // a marked name or initials, or a closing run in (not a name alone, which ends an
            // invitation or a heading as well).
            if o.evidence == [Evidence::Mentioned] {
                // (narration and then a note wrapped whole: the note is the wrapped part)
                let mixed = last >= a && unwrapped.count(a, last + 1) != last + 1 - a;
                let unwrapped = cues[a].wrapper == Wrapper::None;
                if last < a
                    || unwrapped && mixed
                    || unwrapped && last - a > MAX_MENTIONED_PARAGRAPHS
                    || greetings.count(a + 1, b) > 0
                {
                    continue;
                }
                // (a text greeting with a bare name signs with a bare name: `Tav` / `i said
                // no to them…` / `El`)
                // (not an invitation's lines: `Lady Honoria Vance` / `requests the pleasure…`
                // / `CASPIAN`)
                let greets_bare = last > a + 1
                    && cues[last].name
                    && !cues[last].capitals
                    && texts[a].split_whitespace().count() <= 2
                    && is_bare_greeting(&unwrap(&texts[a]).1);
                let signed_as_note =
                    last > a && note_close[last] || last == a && noted_line(a) || greets_bare;
                // (a jotted note signed with a mark speaks for its writer without `I`: `Gone
                // to work. Porridge in the pan.` / `— H`)
                let voiced = personal_at.count(a, last + 1) > 0
                    // (or signs off over its name on a line of its own: `ok. but ok.` /
                    // `thanks,` / `P`)
                    || last == a + 2 && cues[last - 1].signoff && cues[last].name
                    || last == a + 1 && cues[last].signed && {
                        let sig = unwrap(&texts[last]).1;
                        strip_mark(&sig).0 && is_marked_name(&sig)
                    };
                // (a paragraph that names a message and is not in the first or second person
                // is the narration about it: `It was a postcard… She turned it over.`)
                let narrates = cues[a].mentions && personal_at.count(a, a + 1) == 0
                    || last > a && cues[a + 1].personal && self::narrates(cues, texts, a);
                if !signed_as_note || unwrapped && (!voiced || narrates) {
                    continue;
                }
            }
            // A quotation carries on to the closing: every paragraph before it leaves the
            // quotation open.
            if o.quotation && (last < sal_at || open_ended.count(sal_at, last) != last - sal_at) {
                continue;
            }
            // The letter's wrapping is its salutation's (a dateline above may be set apart).
            let wrapper = cues[sal_at].wrapper;
            // (One paragraph is enough for a letter the narration introduces and that signs
            // off at its end: `"Mrs. Merridew has gone to bed, … a mere looker-on.--R.V."`)
            // (A jotted line, `Please come. -- C.`, is narration's quotation, not a letter.)
            // (and so is a note whose greeting and signature are both run in: `Jory: I have
            // taken the cat's blanket… M.`)
            let run_in_greeting = has_salutation
                && greeting_rest[sal_at]
                    .as_deref()
                    .is_some_and(|r| !r.is_empty());
            let one_paragraph = (!has_salutation && o.score >= INTRODUCED || run_in_greeting)
                && last == sal_at
                && cues[last].run_in_closing
                && texts[last].split_whitespace().nth(12).is_some()
                || !has_salutation && last == sal_at && noted_line(last);
            let closing = closings[last].as_ref().filter(|(_, _, needs_salutation)| {
                (last > sal_at || one_paragraph)
                    && (has_salutation || block_note || !needs_salutation)
            });
            let (close_score, close_ev) = match closing {
                Some((s, e, _)) => {
                    // A second signed closing inside means two letters.
                    if signed.count(sal_at + 1, last) > 0 {
                        continue;
                    }
                    (*s, e.clone())
                }
                None => {
                    // Unsigned: it ends where its wrapping ends.
                    let wrapped_run = wrapper != Wrapper::None
                        && b - sal_at >= 2
                        && (b == n || wrap_breaks(wrapper, &cues[b]))
                        && ends_wrapped(cues, sal_at, b);
                    // (or where the narration tells of it: an unwrapped letter)
                    // (a greeting, not a message's header: an e-mail with neither greeting
                    // nor signature is no letter)
                    let told_after = wrapper == Wrapper::None
                        && !cues[sal_at].header
                        && b - sal_at >= 2
                        && b < n
                        && told.count(b, b + 1) == 1;
                    // (a diary or a log is not signed: its entry is in the first person, and
                    // ends where the narration takes up in the third, `Dear log,` / `I know you
                    // are for water levels…` / `The seed packet had been for sweet peas. He…`)
                    let entry_ends = wrapper == Wrapper::None
                        && is_self_addressed(&texts[sal_at])
                        && b - sal_at >= 2
                        && b < n
                        && impersonal.count(sal_at + 1, b) == 0
                        && cues[b].third_person
                        && !cues[b].personal
                        && !cues[b].dialogue;
                    let told_after = told_after || entry_ends;
                    if !(has_salutation && (wrapped_run || told_after)) || speech_greeting[sal_at] {
                        continue;
                    }
                    if wrapped_run {
                        (WRAPPER_CLOSES, Evidence::WrapperCloses)
                    } else {
                        (NARRATION_CLOSES, Evidence::NarrationCloses)
                    }
                }
            };
            let closing_at = closing.map(|_| last - a);
            let (open_score, open_ev) = (o.score, &o.evidence);
            // Wrapping must be consistent: quoted on every paragraph, or one pair around the
            // whole; italic/bold/bracketed on every paragraph.
            let consistent = match wrapper {
                Wrapper::QuoteOpen | Wrapper::Quoted => {
                    unquoted.count(sal_at, b) == 0
                        || open_quote.count(sal_at + 1, b) == 0
                            && cues[b - 1].wrapper == Wrapper::QuoteClose
                }
                Wrapper::Italic => not_italic.count(sal_at, b) == 0,
                Wrapper::Bold => not_bold.count(sal_at, b) == 0,
                Wrapper::Bracket => not_bracket.count(sal_at, b) == 0,
                Wrapper::QuoteClose => false,
                // An unwrapped letter is mostly unwrapped paragraphs (not a quoted letter's
                // narration).
                Wrapper::None => unwrapped.count(sal_at, b) >= (b - sal_at).div_ceil(2),
            };
            if !consistent {
                continue;
            }
            let mut score =
                open_score + close_score - LETTER_COST + POSTSCRIPT * (b - 1 - last) as i32;
            let inside_dialogue = if wrapper == Wrapper::None {
                dialogue.count(a, b)
            } else {
                0
            };
            score -= DIALOGUE_INSIDE * inside_dialogue as i32;
            if score <= 0 || best[a] + score <= best[b] {
                continue;
            }
            let mut evidence = open_ev.clone();
            if inside_dialogue > 0 {
                evidence.push(Evidence::DialogueInside(inside_dialogue));
            }
            evidence.push(close_ev);
            if wrapper != Wrapper::None {
                evidence.push(Evidence::Wrapped(wrapper));
            }
            best[b] = best[a] + score;
            choice[b] = Some(LetterSpan {
                start: a,
                end: b,
                closing: closing_at,
                wrapper,
                score,
                evidence,
            });
        }
    }
    let mut out = Vec::new();
    let mut b = n;
    while b > 0 {
        match choice[b].take() {
            Some(span) => {
                b = span.start;
                out.push(span);
            }
            None => b -= 1,
        }
    }
    out.reverse();
    out
}

/// Does paragraph `next` break the run of paragraphs wrapped like `w`?
fn wrap_breaks(w: Wrapper, next: &Cue) -> bool {
    if w.is_quote() {
        !next.wrapper.starts_quote()
    } else {
        next.wrapper != w
    }
}

/// Does the run `a..b` end where its wrapping ends (the quotation closes at `b - 1`)?
fn ends_wrapped(cues: &[Cue], a: usize, b: usize) -> bool {
    match cues[a].wrapper {
        Wrapper::QuoteOpen | Wrapper::Quoted => {
            matches!(cues[b - 1].wrapper, Wrapper::QuoteClose | Wrapper::Quoted)
        }
        w => cues[b - 1].wrapper == w,
    }
}

// ---------------------------------------------------------------------------------------
// The parts of a letter

/// A letter's parts as text (the wrapping taken off), with the index of the paragraph each
/// body paragraph came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LetterText {
    /// `To Mr HENRY DAVIS, Bookseller, in London.` above the letter.
    pub superscription: Option<String>,
    pub dateline: Option<String>,
    /// An inside address under the date (`MRS. JUDY ABBOTT PENDLETON,`).
    pub address: Option<String>,
    /// The signer's title, department or firm under the signature.
    pub role: Option<String>,
    pub salutation: Option<String>,
    pub body: Vec<(String, usize)>,
    pub valediction: Option<String>,
    pub signature: Option<String>,
    pub postscript: Vec<String>,
}

impl LetterText {
    /// The parts found, in words (`inspect --explain`).
    pub fn explain(&self) -> String {
        let first = |s: &String| s.lines().next().unwrap_or("").trim().to_string();
        let mut out = Vec::new();
        if let Some(d) = &self.superscription {
            out.push(format!("superscription `{}`", first(d)));
        }
        if let Some(d) = &self.dateline {
            out.push(format!("dateline `{}`", first(d)));
        }
        if let Some(d) = &self.address {
            out.push(format!("address `{}`", first(d)));
        }
        if let Some(s) = &self.salutation {
            out.push(format!("salutation `{}`", first(s)));
        }
        match (&self.valediction, &self.signature) {
            (Some(v), Some(s)) => out.push(format!(
                "sign-off `{}` + signature `{}`",
                first(v),
                first(s)
            )),
            (Some(v), None) => out.push(format!("sign-off `{}`", first(v))),
            (None, Some(s)) => out.push(format!("signature `{}`", first(s))),
            (None, None) => {}
        }
        if let Some(r) = &self.role {
            out.push(format!("role `{}`", first(r)));
        }
        if !self.postscript.is_empty() {
            out.push("postscript".into());
        }
        out.join("; ")
    }
}

/// The text of paragraph `t` without the letter's wrapping (`wrapper` is the letter's).
pub fn strip_wrapper(t: &str, wrapper: Wrapper) -> String {
    let (w, inner) = unwrap(t);
    let same = match wrapper {
        Wrapper::None => w.is_quote() && w != Wrapper::Quoted,
        q if q.is_quote() => w.is_quote(),
        other => w == other,
    };
    if same {
        inner
    } else {
        t.trim().to_string()
    }
}

/// A paragraph of two to [`MAX_HEAD_LINES`] lines that is a letter's head: a date on its
/// last line, a place or an address on the lines above (`14 Mallard Close` /
/// `Brightwater BW4 9PL` / `29th March`). Returns its lines, one under another.
fn head_paragraph(t: &str) -> Option<String> {
    let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let (last, above) = lines.split_last()?;
    let head = (2..=MAX_HEAD_LINES).contains(&lines.len())
        && is_dateline_text(last)
        && above
            .iter()
            .all(|l| is_dateline_text(l) || is_address_line(l) || cue(l, false).head_line);
    head.then(|| lines.join("\n"))
}

/// Adds line `b` under the part `a`: a part written over several lines (an address, a
/// staircase sign-off) keeps its line ends, for the renderers to set line by line.
fn add_line(a: Option<String>, b: &str) -> Option<String> {
    Some(match a {
        Some(a) => format!("{a}\n{}", b.trim()),
        None => b.trim().to_string(),
    })
}

/// Inside a letter, any short line ending in a comma over the signature signs off, whatever
/// its words (`Still not admitting anything,` / `B.`, `Until the tide turns,` / `M.`): the
/// comma hands the sentence to the name. (One clause: `I went home, and then,` goes on.)
pub(crate) fn is_free_signoff(line: &str) -> bool {
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    !t.contains('\n')
        && (1..=14).contains(&t.split_whitespace().count())
        && t.ends_with(',')
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t[..t.len() - 1].contains([',', '.', '!', '?', ':', ';', '"', '“', '”'])
}

/// A letter's last paragraph of two lines: such a free sign-off over a name or marked name.
fn free_closing(text: &str) -> Option<(Option<String>, String)> {
    let mut lines = text.trim().lines().map(str::trim);
    let (Some(v), Some(sig), None) = (lines.next(), lines.next(), lines.next()) else {
        return None;
    };
    (is_free_signoff(v) && (is_name(sig) || is_marked_name(sig)))
        .then(|| (Some(v.to_string()), sig.to_string()))
}

/// A name run into a note's first sentence over a dash, the sentence starting in capitals:
/// `Hannah--Do not let my aunt come down…`, `Tom — Back by six.` Returns the greeting (with
/// its dash) and the rest. Only read inside a letter already found.
fn dashed_greeting(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let (at, dash) = ["--", "—", "–", " - "]
        .iter()
        .filter_map(|d| t.find(d).map(|i| (i, *d)))
        .min_by_key(|(i, _)| *i)?;
    let name = t[..at].trim();
    let rest = t[at + dash.len()..].trim_start();
    let words: Vec<&str> = name.split_whitespace().collect();
    // (a name, not a word that opens a sentence: `Yes - I know it.`)
    let named = (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic))
        && is_addressee(&format!("{name},"));
    // (or an initial: `B.--Gone to Cadogan Row.`)
    let named = named || is_initials(name) && name.ends_with('.');
    (named && rest.starts_with(char::is_uppercase) && rest.split_whitespace().nth(2).is_some())
        .then(|| (t[..at + dash.len()].trim().to_string(), rest.to_string()))
}

/// A greeting written as a text is written: one to three words, no punctuation but `!`,
/// starting with a capital (`Rell`, `Hey you`, `Fen!!`).
pub(crate) fn is_bare_greeting(line: &str) -> bool {
    // (a title and a name, ending in a full stop as a cold note does: `Miss Abernathy.`)
    let cold = line.trim().strip_suffix('.').is_some_and(|n| {
        let mut words = n.split_whitespace();
        words.next().is_some_and(|w| {
            is_one_of(
                w.trim_end_matches('.'),
                &[
                    "Miss", "Mr", "Mrs", "Ms", "Dr", "Mister", "Sir", "Madam", "Lady", "Lord",
                ],
            )
        }) && (1..=2).contains(&words.clone().count())
            && words.all(|w| w.starts_with(char::is_uppercase))
    });
    if cold {
        return true;
    }
    let t = line.trim().trim_end_matches('!');
    // (a text in lower case greets with its greeting word: `hey harkavy`, `hi mum`)
    let greeting_word = t
        .split_whitespace()
        .next()
        .is_some_and(|w| is_one_of(w, &["hey", "hi", "hiya", "hello", "oi", "yo", "heya"]));
    (1..=3).contains(&t.split_whitespace().count())
        && t.chars().count() <= 24
        && (t.starts_with(char::is_uppercase) || greeting_word)
        && t.chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '’')
        // (a day is the note's date: `Friday`)
        && !is_dateline_text(t)
        && detect::jump_label(t).is_none()
}

/// A name of one or two words run in with a comma before a sentence that starts with a
/// capital: `Lin, Mum says…` gives `Lin,` and the rest. Only read inside a letter found.
fn comma_greeting(text: &str) -> Option<(String, String)> {
    let t = text.trim();
    let (name, rest) = t.split_once(", ")?;
    let rest = rest.trim_start();
    (!name.contains('\n')
        && (1..=2).contains(&name.split_whitespace().count())
        && is_addressee(&format!("{name},"))
        && is_name(name)
        && rest.starts_with(char::is_uppercase)
        && rest.split_whitespace().nth(2).is_some())
    .then(|| (format!("{name},"), rest.to_string()))
}

/// A line of one to four words ending in a comma, capitalised, no interjection (`Well,`,
/// `So,`) and no sign-off: the first line of a letter found, it greets.
fn is_vocative_line(line: &str) -> bool {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    let first = words
        .first()
        .map_or(String::new(), |w| w.trim_end_matches(',').to_lowercase());
    !t.contains('\n')
        && (1..=4).contains(&words.len())
        && t.ends_with(',')
        && t.starts_with(char::is_uppercase)
        && !t[..t.len() - 1].contains([',', '.', '!', '?', ':', ';', '"', '“', '”'])
        && !matches!(
            first.as_str(),
            "well"
                | "so"
                | "anyway"
                | "now"
                | "look"
                | "listen"
                | "okay"
                | "ok"
                | "right"
                | "yes"
                | "no"
                | "oh"
                | "and"
                | "but"
                | "then"
                | "still"
                | "also"
                | "however"
        )
        && !is_signoff(t)
}

/// A sign-off written without its comma (`Your own`, `Your loving sister`): only over a name.
fn is_bare_signoff(line: &str) -> bool {
    let t = line.trim().trim_matches(['"', '“', '”', '*', '_']).trim();
    // (the cheap tests first; only a short line is lowered)
    if t.len() > 160 || t.contains('\n') || t.ends_with(['.', '!', '?', ':', ';']) {
        return false;
    }
    let l = t.to_lowercase();
    (2..=6).contains(&t.split_whitespace().count())
        && [
            "your ",
            "yours ",
            "ever ",
            "always ",
            "with love",
            "all my love",
            // (`Love from` / `Gran`: a child's or a card's sign-off)
            "love from",
            "lots of love from",
            "with love from",
        ]
        .iter()
        .any(|o| l.starts_with(o))
}

/// Finds the parts of a letter made of `paras` (source paragraph texts, wrapped as
/// `wrapper`): message headers (kept at the head of the body), dateline, superscription and
/// address lines above the salutation (the dateline), the salutation on its own line or run
/// into the body; from the end, postscripts, a date or place under the signature, a title
/// line under the name, and the closing on its own paragraphs, on one line, or run into the
/// last sentence.
pub fn letter_text(paras: &[String], wrapper: Wrapper) -> LetterText {
    letter_text_closed(paras, wrapper, None)
}

/// [`letter_text`] when the decoder knows the closing paragraph (`closing`): every paragraph
/// after it is postscript, labelled `P.S.` or not.
pub fn letter_text_closed(
    paras: &[String],
    wrapper: Wrapper,
    closing: Option<usize>,
) -> LetterText {
    let mut texts: Vec<String> = paras.iter().map(|p| strip_wrapper(p, wrapper)).collect();
    let mut out = LetterText::default();
    let n = texts.len();
    let one_line = |t: &str| !t.contains('\n');
    // Opening: message headers, head lines, salutation.
    let mut k = 0;
    let mut front: Vec<(String, usize)> = Vec::new();
    while k + 1 < n && is_message_header(&texts[k]) {
        front.push((texts[k].clone(), k));
        k += 1;
    }
    let mut head: Option<String> = None;
    let head_start = k;
    // (the cues of the lines an address may take, for `address_over_date`, read only when
    // a head line is in question)
    let head_cues = std::cell::OnceCell::new();
    let head_end = n.min(k + MAX_HEAD_LINES + 1);
    let head_cues = || {
        head_cues.get_or_init(|| {
            texts[..head_end]
                .iter()
                .map(|t| cue(t, false))
                .collect::<Vec<Cue>>()
        })
    };
    // A head written as one paragraph of lines (Markdown keeps `14 Mallard Close` /
    // `Brightwater BW4 9PL` / `29th March` together): over the greeting, its lines are read
    // as the head lines they would be one by one.
    if k + 1 < n && !one_line(&texts[k]) && opening(&texts[k + 1]).is_some() {
        if let Some(h) = head_paragraph(&texts[k]) {
            head = Some(h);
            k += 1;
        }
    }
    while k + 1 < n
        && k < head_start + MAX_HEAD_LINES
        && one_line(&texts[k])
        && opening(&texts[k]).is_none_or(|o| {
            o.3 && (opening(&texts[k + 1]).is_some() || is_dateline_text(&texts[k + 1]))
        })
        && (is_dateline_text(&texts[k])
            || is_superscription(&texts[k])
            || is_address_line(&texts[k])
            || cue(&texts[k], false).head_line && opening(&texts[k + 1]).is_some()
            || head_cues()[k].head_line && address_over_date(head_cues(), k, head_cues().len())
            // (a place over the date: `B.E.F., France` / `Sunday 27th May`)
            || k + 2 < n
                && cue(&texts[k], false).head_line
                && is_dateline_text(&texts[k + 1])
                && opening(&texts[k + 2]).is_some())
        && (k + 1..n.min(k + 3)).any(|j| {
            opening(&texts[j]).is_some()
                || is_dateline_text(&texts[j])
                || is_address_line(&texts[j])
        })
    {
        // A superscription (`To Mr HENRY DAVIS, Bookseller, in London.`) directs the letter;
        // it is no place or date. Nor is an inside address: the addressee's name in
        // capitals under the date (`March 13.` / `MRS. JUDY ABBOTT PENDLETON,`), where the
        // writer's own address stands above it.
        let inside_address = head
            .as_deref()
            .is_some_and(|h| is_dateline_text(&h.replace('\n', " ")))
            && is_address_line(&texts[k])
            && !is_dateline_text(&texts[k]);
        if inside_address || out.address.is_some() {
            out.address = add_line(out.address.take(), &texts[k]);
        } else if is_superscription(&texts[k]) {
            out.superscription = add_line(out.superscription.take(), &texts[k]);
        } else {
            head = add_line(head, &texts[k]);
        }
        k += 1;
    }
    if k < n && front.is_empty() || (k < n && !front.is_empty() && !is_message_header(&texts[k])) {
        if let Some((date, sal, rest, _)) = opening(&texts[k]) {
            if let Some(d) = date {
                head = add_line(head, &d);
            }
            out.salutation = Some(sal);
            if rest.is_empty() {
                k += 1;
            } else {
                // The body run in after the salutation is the first body paragraph (it may
                // be the only one, and close the letter too).
                texts[k] = rest;
            }
        }
    }
    // A note that greets its reader by name over a dash (`Hannah--Do not let my aunt…`).
    if out.salutation.is_none() && k < n {
        if let Some((sal, rest)) = dashed_greeting(&texts[k]) {
            out.salutation = Some(sal);
            texts[k] = rest;
        }
    }
    // Inside a letter found, a name run in with a comma before a sentence of its own greets
    // (`Lin, Mum says you have detention AGAIN…`, `Bask, I'm writing this…`).
    if out.salutation.is_none() && k < n {
        if let Some((sal, rest)) = comma_greeting(&texts[k]) {
            out.salutation = Some(sal);
            texts[k] = rest;
        }
    }
    // Inside a letter found, a greeting written as texts are, with no punctuation, on a line
    // of its own over the body greets (`Rell`, `Hey you`).
    if out.salutation.is_none() && k + 1 < n && is_bare_greeting(&texts[k]) {
        out.salutation = Some(texts[k].trim().to_string());
        k += 1;
    }
    // Inside a letter found, a short vocative line over the body greets (`Fellow reader,`,
    // `Whoever finds this,`).
    if out.salutation.is_none() && k + 1 < n && is_vocative_line(&texts[k]) {
        out.salutation = Some(texts[k].trim().to_string());
        k += 1;
    }
    // A letter with no salutation may still be dated above its first paragraph
    // (`Berkeley Street, January.` / `"How surprised you will be…`).
    if out.salutation.is_none()
        && head.is_none()
        && k == head_start
        && k + 2 < n
        && one_line(&texts[k])
        && is_dateline_text(&texts[k])
    {
        head = Some(texts[k].trim().to_string());
        k += 1;
    }
    // Closing, from the end.
    let mut end = n;
    let mut ps: Vec<String> = Vec::new();
    let mut date_below: Option<String> = None;
    let mut title_below: Option<String> = None;
    loop {
        if end <= k + 1 {
            break;
        }
        let t = &texts[end - 1];
        let first_line = t.lines().next().unwrap_or("");
        if letter::is_postscript(first_line) {
            ps.insert(0, t.clone());
            end -= 1;
        } else if is_marked_name(t)
            && letter::is_postscript(texts[end - 2].lines().next().unwrap_or(""))
        {
            ps.insert(0, format!("{}\n{t}", texts[end - 2]));
            end -= 2;
        } else if let Some((rest, date)) = trailing_dateline(t).filter(|_| date_below.is_none()) {
            // `Yours, TABITHA BRAMBLE GLOSTAR, April 2.`: the date below the signature.
            date_below = Some(date);
            texts[end - 1] = rest;
            break;
        } else if date_below.is_none()
            && one_line(t)
            && (is_dateline_text(t) || is_clock_time(t))
            && !is_bare_month(t)
        {
            date_below = Some(t.trim().to_string());
            end -= 1;
            // The place on the line above the date, under the signature: `Your friend,` /
            // `Ines` / `Leeds` / `Friday 2 a.m.`
            if end >= k + 3 {
                let place = texts[end - 1].trim();
                let signer = &texts[end - 2];
                let placed = one_line(place)
                    && (1..=3).contains(&place.split_whitespace().count())
                    && place.starts_with(char::is_uppercase)
                    && (is_name(signer) || is_marked_name(signer))
                    && (is_signoff(&texts[end - 3]) || is_bare_signoff(&texts[end - 3]));
                if placed {
                    date_below = date_below.map(|d| format!("{place} {d}"));
                    end -= 1;
                }
            }
        } else if title_below.is_none()
            && ps.is_empty()
            && date_below.is_none()
            && end >= k + 4
            && is_role_line(t)
            && is_role_line(&texts[end - 2])
            && is_name(&texts[end - 3])
            && (is_signoff(&texts[end - 4]) || is_bare_signoff(&texts[end - 4]))
        {
            // A title and a firm under the name: `Yours sincerely,` / `Prof. H. Lindqvist` /
            // `Head of Strings` / `Bellhaven Conservatory of Music`.
            title_below = Some(format!("{}\n{}", texts[end - 2].trim(), t.trim()));
            end -= 2;
        } else if title_below.is_none()
            && ps.is_empty()
            && date_below.is_none()
            && (is_name(t) || is_role_line(t))
            && end >= k + 3
            && (is_name(&texts[end - 2])
                || is_marked_name(&texts[end - 2])
                || split_closing(&texts[end - 2]).is_some())
            && (is_signoff(&texts[end - 3])
                || is_bare_signoff(&texts[end - 3])
                || split_closing(&texts[end - 2]).is_some()
                // (an e-mail signed with a name and a department: `Dana Okoro` / `Accounts
                // Receivable`)
                || !front.is_empty() && is_role_line(t) && is_name(&texts[end - 2])
                // (or a name the decoder closed the letter on, with no sign-off: `O. Lisle` /
                // `Professor of Applied Meteorology`)
                || closing == Some(end - 2) && is_role_line(t))
        {
            title_below = Some(t.trim().to_string());
            end -= 1;
        } else if closing.is_some_and(|c| end > c + 1 && c >= k) {
            // What the decoder counted after the closing, P.S. or not.
            ps.insert(0, t.clone());
            end -= 1;
        } else {
            break;
        }
    }
    let mut closed = false;
    let mut body: Vec<(String, usize)> = (k..end).map(|i| (texts[i].clone(), i)).collect();
    if let Some((last, li)) = body.last().cloned() {
        let prev = body.len().checked_sub(2).map(|j| body[j].0.clone());
        let signoff_before = prev
            .as_deref()
            .is_some_and(|p| is_signoff(p) || is_bare_signoff(p));
        // A sign-off stepping down over lines: `Yours,` / `On the verge of writer's cramp,` /
        // `S. McB.`
        let lines: Vec<String> = body.iter().map(|(t, _)| t.clone()).collect();
        let stair = staircase_start(&lines, lines.len() - 1);
        if let Some(j) = stair.filter(|_| is_name(&last) || signs_after_signoff(&last)) {
            let steps: Vec<&str> = body[j..body.len() - 1]
                .iter()
                .map(|(t, _)| t.trim())
                .collect();
            out.valediction = Some(steps.join("\n"));
            out.signature = Some(last.trim().to_string());
            body.truncate(j);
            closed = true;
        } else if signoff_before && signs_after_signoff(&last) {
            out.valediction = prev;
            out.signature = Some(last.trim().to_string());
            body.truncate(body.len() - 2);
            // A staircase of sign-off lines is one closing: `In any case, I shall remain,` /
            // `Yours with sincere devotion,` / `EDWARD CASAUBON.`
            if let Some((above, _)) = body.last().filter(|(a, _)| {
                one_line(a) && a.trim_end().ends_with(',') && is_signoff(a) && body.len() >= 2
            }) {
                out.valediction = out
                    .valediction
                    .map(|v| format!("{}\n{}", above.trim(), v.trim()));
                body.pop();
            }
            closed = true;
        } else if let Some((v, sig)) = split_closing(&last).or_else(|| free_closing(&last)) {
            out.valediction = v;
            out.signature = Some(sig);
            body.pop();
            closed = true;
        } else if prev.as_deref().is_some_and(is_free_signoff)
            && (is_name(&last) || is_marked_name(&last))
            && body.len() > 2
        {
            out.valediction = prev;
            out.signature = Some(last.trim().to_string());
            body.truncate(body.len() - 2);
            closed = true;
        } else if let Some((b, v)) = prev
            .as_deref()
            .and_then(|p| {
                run_in_closing(p)
                    .or_else(|| farewell_close(p))
                    .or_else(|| comma_close(p))
            })
            .filter(|_| is_name(&last) || signs_after_signoff(&last))
        {
            out.valediction = Some(v);
            out.signature = Some(last.trim().to_string());
            body.pop();
            let j = body.len() - 1;
            body[j].0 = b.trim_end().to_string();
            closed = true;
        } else if (is_marked_name(&last)
            || is_name(&last) && (out.salutation.is_some() || !front.is_empty()))
            && body.len() > 1
        {
            out.signature = Some(last.trim().to_string());
            body.pop();
            closed = true;
        } else if let Some((mut b, tail)) = run_in_closing(&last) {
            // (a staircase run in, `I remain, in spite of everything, your affectionate
            // friend, SELINA MOWBRAY.`, is too long for a closing line: its name is after the
            // last comma)
            // (and a wrapped line may end at the sign-off's comma: `…on Thursday. Your
            // friend,` / `C. G.`)
            let staircase = || {
                let at = tail.rfind(", ").max(tail.rfind(",\n"))?;
                let (v, name) = (&tail[..at], &tail[at + 2..]);
                (name.split_whitespace().count() <= 4 && (is_name(name) || is_marked_name(name)))
                    .then(|| (Some(format!("{v},")), name.trim().to_string()))
            };
            let split = split_closing(&tail)
                .filter(|_| tail.contains(", ") || tail.contains(",\n"))
                .or_else(staircase);
            if let Some((Some(v), sig)) = split {
                out.valediction = Some(v);
                out.signature = Some(sig);
            } else if is_marked_name(&tail) && !is_signoff(&tail) {
                out.signature = Some(tail);
                // "…the scarf. Your loving son, WILL.": the sign-off before the name.
                let before = b.trim_end().trim_end_matches(',').to_string() + ",";
                if let Some((rest, v)) = run_in_closing(&before) {
                    out.valediction = Some(v);
                    b = rest;
                }
            } else {
                out.valediction = Some(tail);
            }
            let j = body.len() - 1;
            body[j] = (b.trim_end().to_string(), li);
            closed = true;
        } else if is_signoff(&last) && body.len() > 1 {
            out.valediction = Some(last.trim().to_string());
            body.pop();
            closed = true;
        }
    }
    if out.signature.is_some() {
        out.role = title_below;
    } else if let Some(t) = title_below {
        body.push((t, end));
    }
    if let Some(d) = date_below {
        if head.is_none() {
            head = Some(d);
        } else {
            body.push((d, end.saturating_sub(1)));
        }
    }
    if !closed && !ps.is_empty() {
        // A P.S. is only a P.S. after a closing; otherwise it is body.
        body.extend(ps.drain(..).map(|p| (p, end)));
    }
    out.dateline = head;
    out.postscript = ps;
    // A message's header lines stand above everything else, its greeting included: they
    // direct it, as a superscription does (one line each).
    if !front.is_empty() {
        let mut lines: Vec<String> = front
            .iter()
            .flat_map(|(t, _)| t.lines().map(|l| l.trim().to_string()))
            .filter(|l| !l.is_empty())
            .collect();
        lines.extend(out.superscription.take());
        out.superscription = Some(lines.join("\n"));
    }
    out.body = body;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_and_date_under_the_signature() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("Yours, TABITHA BRAMBLE GLOSTAR, April 2.", Some(("Yours, TABITHA BRAMBLE", "GLOSTAR, April 2."))),
            (
                "Dear Phillips, Your affectionate friend, and humble servant, JER.\nMELFORD GLOUCESTER, April 2.",
                Some(("Dear Phillips, Your affectionate friend, and humble servant, JER. MELFORD", "GLOUCESTER, April 2.")),
            ),
            ("WILSON GLOUCESTER, March 31.", Some(("WILSON", "GLOUCESTER, March 31."))),
            // Narration that ends with a date is not a closing's date.
            ("We sailed from Bristol on the second of April, 1771.", None),
            ("They met in LONDON, April 2.", None),
            ("GLOUCESTER, April 2.", None),
        ];
        for (text, want) in cases {
            let got = trailing_dateline(text);
            let got = got.as_ref().map(|(a, b)| (a.as_str(), b.as_str()));
            if let Some((rest, _)) = want {
                assert!(
                    split_closing(rest).is_some()
                        || run_in_closing(rest).is_some()
                        || is_name(rest),
                    "{rest}"
                );
            }
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn month_names_sign_and_dashes_end_addressees() {
        // `Your own` / `June`: a month's name under a sign-off is the signature.
        assert_eq!(
            letters(&[
                "_1st December._",
                "Dearest,",
                "I am coming.",
                "Your own",
                "June"
            ]),
            [(0, 5)]
        );
        // `June --`: an addressee ended by a doubled dash.
        assert_eq!(
            letters(&["Saltwick -- 16th Dec.", "June --", "Don't come.", "A. M."]),
            [(0, 4)]
        );
        // A `yours` line may end with a dash.
        assert_eq!(
            letters(&[
                "Whitmoor, 2nd January",
                "Agnes,",
                "I read your letter.",
                "Yours -- and I mean it, entirely yours --",
                "June"
            ]),
            [(0, 5)]
        );
        // Narration ending with a dash is no sign-off.
        assert!(!is_signoff("Your mother would never--"));
        // Two addressees joined.
        assert!(is_addressee("Tilly and Jem --") && is_addressee("Mum & Dad,"));
        assert!(!is_addressee("and Jem --") && !is_addressee("Tilly and --"));
    }

    #[test]
    fn greetings_and_closings_run_into_one_paragraph() {
        // A `To …:` greeting run in, a signer described in the last sentence.
        let t = "To whoever finds this tin: the map is not in here. Try the attic. Yours in haste, a friend of the house";
        let (_, sal, rest, weak) = opening(t).unwrap();
        assert_eq!((sal.as_str(), weak), ("To whoever finds this tin:", false));
        assert!(rest.starts_with("the map"));
        let l = letter_text_closed(&[t.to_string()], Wrapper::None, Some(0));
        assert_eq!(l.salutation.as_deref(), Some("To whoever finds this tin:"));
        assert_eq!(l.valediction.as_deref(), Some("Yours in haste,"));
        assert_eq!(l.signature.as_deref(), Some("a friend of the house"));
        // `To the shore they went:` is narration.
        assert_eq!(
            opening("To the shore they went: all of them, and the dog."),
            None
        );
        // An addressee run in with a spaced dash, in a note signed at its end.
        let t = "Bea - the plumber comes at nine. Let him in. - J";
        assert_eq!(opening(t).map(|o| o.1), Some("Bea -".to_string()));
        assert_eq!(
            opening("Tom - he was late again, and the bus had gone."),
            None
        );
        // A sign-off over the last two clauses of the last sentence.
        assert_eq!(
            run_in_closing("I would not have it otherwise, yours, as ever, K."),
            Some((
                "I would not have it otherwise,".into(),
                "yours, as ever, K.".into()
            ))
        );
        // An initial's full stop ends no sentence: the sign-off starts before it.
        assert_eq!(
            run_in_closing("Please stop knocking; the door is older than us. Regards, W. Carrow"),
            Some((
                "Please stop knocking; the door is older than us.".into(),
                "Regards, W. Carrow".into()
            ))
        );
        // A sign-off at a wrapped line's end, the name on the next line.
        assert_eq!(
            run_in_closing("I hope you will not be angry; and I remain,\nsir, in everything but this, your dutiful and affectionate nephew,\nN. ORME.").map(|c| c.1),
            Some("I remain,\nsir, in everything but this, your dutiful and affectionate nephew,\nN. ORME.".into())
        );
        // Found by the fuzzer: the sentence before a dashed sign-off ends in a character of
        // two bytes (it was cut inside it).
        assert_eq!(
            run_in_closing("She named the cat Œ--Yours,").map(|c| c.1),
            Some("Yours,".into())
        );
        // (`I` is a word: the sentence before it ends there)
        assert_eq!(
            run_in_closing("The last one to leave was I. Love, B.").map(|c| c.1),
            Some("Love, B.".into())
        );
    }

    #[test]
    fn gutenberg_closings_run_in_with_initials() {
        // Initials of two words after a sign-off run into the last sentence.
        assert_eq!(
            run_in_closing("We come home on Monday, and believe me yours, with more thanks than\nI can write, J. W."),
            Some((
                "We come home on Monday, and".into(),
                "believe me yours, with more thanks than I can write, J. W.".into()
            ))
        );
        assert_eq!(run_in_initials("He went to see Mr. A. T."), None);
        assert_eq!(
            run_in_initials("I could not go away without a word.\n--A. C."),
            None
        );
        assert_eq!(
            run_in_closing("I could not go away without a word.\n--A. C.").map(|c| c.1),
            Some("--A. C.".to_string())
        );
        // A place alone over the salutation dates the letter.
        assert_eq!(
            letters(&[
                "It ran:",
                "\"Netherby Hall.",
                "\"Thomas,--The key is yours.",
                "\"Your friend,",
                "\"H. FENWICK.\""
            ]),
            [(1, 5)]
        );
    }

    #[test]
    fn a_described_signer_after_a_sign_off() {
        assert!(signs_after_signoff("a neighbour who would like some sleep"));
        assert!(signs_after_signoff("your sister in the flat below"));
        assert!(!signs_after_signoff("she said, and went back to bed"));
        assert_eq!(
            split_closing("love Mam x"),
            Some((Some("love".to_string()), "Mam x".to_string()))
        );
        assert_eq!(split_closing("love the sea"), None);
        assert!(
            is_bare_greeting("Rell") && is_bare_greeting("Hey you") && is_bare_greeting("Fen!!")
        );
        assert!(
            !is_bare_greeting("Friday") && !is_bare_greeting("Rell, hi") && !is_bare_greeting("ok")
        );
        // (a sentence under a sign-off is the narration going on)
        assert!(!signs_after_signoff("He ran."));
        assert!(signs_after_signoff("A WELL-WISHER."));
        assert_eq!(
            comma_greeting("Lin, Mum says you have detention AGAIN."),
            Some((
                "Lin,".to_string(),
                "Mum says you have detention AGAIN.".to_string()
            ))
        );
        assert_eq!(comma_greeting("Well, it was not to be."), None);
        assert_eq!(comma_greeting("Lin, said Mum."), None);
        assert_eq!(
            dashed_greeting("B.--Gone to Cadogan Row. Tobin has turned up."),
            Some((
                "B.--".to_string(),
                "Gone to Cadogan Row. Tobin has turned up.".to_string()
            ))
        );
        assert!(!signs_after_signoff(
            "a neighbour who would like some sleep, please."
        ));
        assert_eq!(
            letters(&[
                "Dear Room 3,",
                "The drum kit. At two in the morning. Again.",
                "Yours in despair,\na neighbour who would like some sleep",
                "P.S. The cymbals especially."
            ]),
            [(0, 4)]
        );
    }

    #[test]
    fn a_slip_wrapped_in_italics_and_signed_is_a_note() {
        assert!(is_marked_name("—I.") && is_marked_name("- T") && !is_marked_name("I"));
        // (`I.` with its full stop is an initial: `Please don't die.` / `I.`)
        assert!(is_marked_name("I."));
        // Narration, then the slip: the slip alone is the letter.
        assert_eq!(
            letters(&[
                "A raven came in at the window with a paper tied to its leg.",
                "He untied it carefully.",
                "*I'm at the Lantern. Back table. Don't be late for once. —I.*",
                "He laughed."
            ]),
            [(2, 3)]
        );
        // A thought in italics is no note, signed or not.
        assert_eq!(
            letters(&[
                "He untied it carefully.",
                "*I should never have come back here.*",
                "*Don't be an idiot about it, she would say. - Isaura*",
                "He laughed."
            ]),
            []
        );
    }

    #[test]
    fn a_telegram_is_a_letter_in_one_paragraph() {
        assert_eq!(
            telegram("ARRIVING TUESDAY STOP BRING THE DOG STOP\nNOT THE CAT STOP AUNT BEL"),
            Some((
                "ARRIVING TUESDAY STOP BRING THE DOG STOP\nNOT THE CAT STOP".into(),
                "AUNT BEL".into()
            ))
        );
        // Shouting, one STOP, lower case, or no sender: not a telegram.
        for t in [
            "STOP! STOP IT, JAMES!",
            "COME HOME STOP MOTHER",
            "Arriving Tuesday stop bring the dog stop Bel",
            "ARRIVING TUESDAY STOP BRING THE DOG STOP",
        ] {
            assert_eq!(telegram(t), None, "{t}");
        }
        assert_eq!(
            letters(&[
                "The boy from the post office waited on the step.",
                "SHIP DOCKS FRIDAY STOP MEET ME AT THE CUSTOMS SHED STOP ROSS",
                "She folded it twice."
            ]),
            [(1, 2)]
        );
        let l = letter_text_closed(
            &["SHIP DOCKS FRIDAY STOP MEET ME STOP ROSS".to_string()],
            Wrapper::None,
            Some(0),
        );
        assert_eq!(l.signature.as_deref(), Some("ROSS"));
        assert_eq!(l.body.len(), 1);
    }

    #[test]
    fn nothing_above_a_message_header_is_its_head() {
        let mail = [
            "\"I love this company,\" said Rosheen.",
            "From: Facilities Helpdesk\nTo: Margo Stell\nSubject: RE: the thermostat",
            "Dear Ms Stell,",
            "Your request has been logged. We appreciate your patience.",
            "Kind regards,\nSunita Parr",
            "Facilities Helpdesk (Ext. 2210)",
            "From: Lysander Pike\nTo: Margo Stell\nSubject: RE: the thermostat",
            "The server room is a person to me.",
            "L.",
            "She deleted it.",
        ];
        // (the department under the name is the first message's)
        assert_eq!(letters(&mail), [(1, 6), (6, 9)]);
    }

    #[test]
    fn a_note_in_one_line_signed_with_a_sign_off_and_initials() {
        let note = [
            "There was a note in the gatepost the next morning.",
            "Still raining. Still here. The sandwich was me. Always, C.",
            "She laughed.",
        ];
        assert_eq!(letters(&note), [(1, 2)]);
        // (a sign-off and a name in full, run into narration, is no note's signature)
        let told = [
            "There was a note in the gatepost the next morning.",
            "It rained all week and the sandwich was still there, Always, Carrow said.",
            "She laughed.",
        ];
        assert_eq!(letters(&told), []);
    }

    #[test]
    fn a_sign_off_without_its_comma_over_a_name() {
        let found = letters(&[
            "The letter was in pencil.",
            "Ysolde",
            "I have told Mam. Sorry. She asked why you were singing on the stairs.",
            "your loving brother",
            "Hestin",
            "ps I have not read the other letters.",
            "She laughed.",
        ]);
        assert_eq!(found, [(1, 6)]);
        // Not over a name, it is a sentence's start.
        assert_eq!(
            letters(&[
                "The letter was in pencil.",
                "Your mother is here",
                "She laughed.",
            ]),
            []
        );
    }

    #[test]
    fn an_afterthought_under_the_signature() {
        for t in [
            "Don't burn it.",
            "Do not tell Lettice. She would be insufferable.",
            "I have kept every one of your letters. They are in the blue case. Burn them after.",
            "Remember the bread on Thursday.",
            // (what the writer knows now may have happened)
            "Burn the nail. I know she took it.",
        ] {
            assert!(is_afterthought(t), "{t}");
        }
        for t in [
            "Maribel did not burn it.",
            "I folded it away and went down to breakfast.",
            "She smiled at that.",
            "CRAB - MACKEREL (WHEN WE GET THEM)",
            "\"Burn it,\" I said.",
            "I kept the note.",
            "My master continues to be very affable to me.",
            "Burn it, she thought. I knew she took it.",
        ] {
            assert!(!is_afterthought(t), "{t}");
        }
        // The letter runs on over it; the narration after stays out.
        let paras: Vec<String> = [
            "The second letter was shorter.",
            "Dear Nan,",
            "The roof held. The hens did not.",
            "Your affectionate grandson,\nO. W.",
            "Do not tell Lettice. She would be insufferable.",
            "Nan did not tell Lettice.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spans = decode(&paras, &cues(&paras, |_| false));
        assert_eq!(
            spans
                .iter()
                .map(|s| (s.start, s.end, s.closing))
                .collect::<Vec<_>>(),
            [(1, 5, Some(2))]
        );
    }

    #[test]
    fn greetings_and_sign_offs_seen_in_ff_holdout6() {
        // A name and an endearment greet; a word that opens a sentence does not.
        assert!(is_addressee("Imre, my heart,"));
        assert!(is_addressee("Bel, my darling,"));
        assert!(!is_addressee("Well, my word,"));
        assert!(!is_addressee("Imre, my heart is yours,"));
        // A sign-off carried on by a clause.
        assert!(is_signoff(
            "Still yours, from the wrong side of the harbour,"
        ));
        assert!(is_signoff(
            "With every good wish, and with a great deal of envy,"
        ));
        assert!(!is_signoff("Still, from the wrong side of the harbour,"));
        // A name over a spaced hyphen greets, as one over a dash does.
        assert_eq!(
            dashed_greeting("Caddoc - I found this in the corridor."),
            Some((
                "Caddoc -".to_string(),
                "I found this in the corridor.".to_string()
            ))
        );
        assert_eq!(dashed_greeting("Yes - I know it."), None);
    }

    #[test]
    fn asides_in_brackets() {
        for (line, want) in [
            (
                "Love (don't tell anyone),",
                Some(("Love ", "don't tell anyone", ",")),
            ),
            ("— Callum (Room 2)", Some(("— Callum ", "Room 2", ""))),
            (
                "R. (whoever you are),",
                Some(("R. ", "whoever you are", ",")),
            ),
            // (nothing before it, a bracket inside it, or no end to it: no aside)
            ("(Room 2)", None),
            ("Love (a (b) c),", None),
            ("Love (don't,", None),
            ("Love (over\ntwo lines),", None),
        ] {
            assert_eq!(split_aside(line), want, "{line}");
        }
        assert_eq!(
            ends_with_aside("— Callum (Room 2) "),
            Some(("— Callum ", "Room 2"))
        );
        assert_eq!(ends_with_aside("Love (x),"), None);
        assert!(is_kisses_line("xx <3"));
        assert!(!is_kisses_line(""));
        assert!(!is_kisses_line("xx Tilly"));
    }

    #[test]
    fn kisses_and_hearts_sign_a_note() {
        for s in [
            "Wes xx",
            "J <3",
            "xx Bea",
            "Mum x",
            "Ollie (flat 3) x",
            "T xo",
            "Kit ♥",
        ] {
            assert!(is_marked_name(s), "{s}");
            assert!(is_name(s), "{s}");
        }
        // A capital X may be part of a name; a sentence with kisses is still a sentence.
        for s in ["Malcolm X", "see you at six xx", "x", "xx"] {
            assert!(!is_marked_name(s), "{s}");
        }
        assert_eq!(
            split_closing("love, Wes xx"),
            Some((Some("love,".into()), "Wes xx".into()))
        );
        // A name and an endearment greet: `Noor love,`.
        assert!(letter::is_salutation("Tam love,"));
        assert!(!letter::is_salutation("Thanks love,"));
        // A note after the narration names it, signed with kisses; the narration that names
        // it, in the third person, is not part of it.
        assert_eq!(
            letters(&[
                "The envelope held a postcard of the pier. She turned it over.",
                "The rain here is warm, which I did not know rain could be. I miss the dog.",
                "Wes xx",
                "She put it on the mantelpiece."
            ]),
            [(1, 3)]
        );
        assert_eq!(
            letters(&[
                "There was a scrap of paper taped to the kettle.",
                "Bea -",
                "Milk is off. I have gone for more, back by ten.",
                "J <3",
                "PS the cat has been fed twice, whatever she tells you"
            ]),
            [(1, 5)]
        );
    }

    #[test]
    fn a_staircase_of_sign_off_lines_is_one_valediction() {
        // A short adverbial before a formal sign-off still signs off; a sentence does not.
        assert!(is_signoff("Till then, believe me,"));
        assert!(is_signoff("At all events, I remain,"));
        assert!(is_signoff("We are, with every good wish for your health,"));
        assert!(is_signoff("We remain, dear Sir,"));
        assert!(!is_signoff("We are, all of us, going to the fair tomorrow"));
        assert!(!is_signoff("When the rain stopped, I remained indoors,"));
        let paras: Vec<String> = [
            "Dear Miss Pell,",
            "The survey of the glebe is finished and I enclose the map.",
            "Whatever your answer, I shall remain,",
            "Your servant in all things,",
            "AMBROSE TULL.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let l = letter_text(&paras, Wrapper::None);
        assert_eq!(
            l.valediction.as_deref(),
            Some("Whatever your answer, I shall remain,\nYour servant in all things,")
        );
        assert_eq!(l.signature.as_deref(), Some("AMBROSE TULL."));
        assert_eq!(l.body.len(), 1);
        // One sign-off broken mid-phrase over the steps; (a body line over a sign-off line is
        // no step of it).
        for (lines, valediction) in [
            (
                [
                    "FENTIMAN,--",
                    "You will find the proofs.",
                    "Yours, in the only thing I ever",
                    "did honestly,",
                    "G. MALLINSON.",
                ],
                "Yours, in the only thing I ever\ndid honestly,",
            ),
            (
                [
                    "Dear Ruth,",
                    "The survey is finished.",
                    "I enclose the map",
                    "Yours,",
                    "G. MALLINSON.",
                ],
                "Yours,",
            ),
        ] {
            let paras: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            let l = letter_text(&paras, Wrapper::None);
            assert_eq!(l.valediction.as_deref(), Some(valediction), "{lines:?}");
        }
    }

    #[test]
    fn a_dated_note_without_salutation_closing_in_a_farewell() {
        let paras: Vec<String> = [
            "Quay Lane, Tuesday.",
            "\"The boat leaves at six and I shall be on it. Keep the key. Till we meet, farewell.",
            "\"T. R.\"",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let l = letter_text(&paras, Wrapper::Quoted);
        assert_eq!(l.dateline.as_deref(), Some("Quay Lane, Tuesday."));
        assert_eq!(l.valediction.as_deref(), Some("Till we meet, farewell."));
        assert_eq!(l.signature.as_deref(), Some("T. R."));
        assert_eq!(
            l.body.iter().map(|b| b.0.as_str()).collect::<Vec<_>>(),
            ["The boat leaves at six and I shall be on it. Keep the key."]
        );
        // A farewell is read only as a letter's last sentence, and only a short one.
        assert_eq!(
            farewell_close("He waved. Farewell!"),
            Some(("He waved.".into(), "Farewell!".into()))
        );
        assert_eq!(farewell_close("Farewell."), None);
        assert_eq!(
            farewell_close("She said it was a long and a bitter and a final farewell."),
            None
        );
        assert_eq!(farewell_close("I said adieu"), None);
    }

    #[test]
    fn a_letter_chapter_signed_twice_is_one_letter_with_a_postscript() {
        let paras: Vec<String> = [
            "LETTER IV",
            "DEAR SISTER,",
            "The hay is in and the roof is mended, and I have nothing else to tell.",
            "Your loving",
            "BROTHER.",
            "I had sealed this when the carter came with your parcel; so I open it again to thank you, and to say the knitting fits.",
            "And so I end again, your grateful brother, NED.",
            "LETTER V",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&paras, |i| i == 0 || i == 7);
        let spans = decode(&paras, &cs);
        assert_eq!(
            spans
                .iter()
                .map(|s| (s.start, s.end, s.closing))
                .collect::<Vec<_>>(),
            [(1, 7, Some(3))]
        );
        // Without the chapter heading, two signed closings are two letters' worth: the span
        // stops at the first.
        let cs = cues(&paras[1..7], |_| false);
        let spans = decode(&paras[1..7], &cs);
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(0, 4)]
        );
    }

    #[test]
    fn a_closing_run_in_through_a_possessive() {
        let cases: &[(&str, Option<&str>)] = &[
            (
                "…and so I rest, in hope of a line from you, the heart of your grieving,",
                Some("your grieving,"),
            ),
            (
                "…will not forget the patience of her most faithful,",
                Some("her most faithful,"),
            ),
            (
                "…and shall ever be your humble and obliged,",
                Some("your humble and obliged,"),
            ),
            // Narration, or a possessive that is not the sentence's last words.
            ("…he took the side of her cousin.", None),
            ("…the memory of her, and of the house,", None),
            ("…which was by their leave, sir, and no other,", None),
            ("of your afflicted,", None),
        ];
        for (text, want) in cases {
            assert_eq!(
                possessive_close(text).map(|(_, v)| v).as_deref(),
                *want,
                "{text}"
            );
        }
        let paras: Vec<String> = [
            "To Mr NATHAN ORME.",
            "I write with a shaking hand: the mill is sold, and I must leave the valley by Lady Day, with no hope of seeing you before I go, unless you pity the plight of your unhappy,",
            "JOSIAH WELD PENRITH, May 2.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&paras, |_| false);
        assert_eq!(
            decode(&paras, &cs)
                .iter()
                .map(|s| (s.start, s.end))
                .collect::<Vec<_>>(),
            [(0, 3)]
        );
        let l = letter_text(&paras, Wrapper::None);
        assert_eq!(l.superscription.as_deref(), Some("To Mr NATHAN ORME."));
        assert_eq!(l.valediction.as_deref(), Some("your unhappy,"));
        assert_eq!(l.signature.as_deref(), Some("JOSIAH WELD"));
        assert_eq!(l.dateline.as_deref(), Some("PENRITH, May 2."));
    }

    #[test]
    fn a_head_line_over_a_bare_addressee_and_a_run_in_closing_over_a_role() {
        let paras: Vec<String> = [
            "Crowmere, Candle Night",
            "Warden —",
            "The ice on the north pond will not hold a cart. Tell the drovers before they try it.",
            "I ask nothing for the warning. I am, as ever, your neighbour across the water,",
            "Ysolde, who minds the ferry",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&paras, |_| false);
        assert_eq!(
            decode(&paras, &cs)
                .iter()
                .map(|s| (s.start, s.end))
                .collect::<Vec<_>>(),
            [(0, 5)]
        );
        let l = letter_text(&paras, Wrapper::None);
        assert_eq!(l.dateline.as_deref(), Some("Crowmere, Candle Night"));
        assert_eq!(l.salutation.as_deref(), Some("Warden —"));
        assert_eq!(
            l.valediction.as_deref(),
            Some("I am, as ever, your neighbour across the water,")
        );
        assert_eq!(l.signature.as_deref(), Some("Ysolde, who minds the ferry"));
        assert_eq!(l.body.len(), 2);
    }

    #[test]
    fn a_closing_stepping_down_over_four_quoted_lines() {
        let paras: Vec<String> = [
            "\"Harley Street, Monday.",
            "\"DEAR SIR,",
            "\"I return your drawings with thanks; the bridge will not be built this year.",
            "\"I am, dear Sir,",
            "\"Your most faithful",
            "\"and obliged servant,",
            "\"GEORGE PRIOR.\"",
            "He threw it on the fire.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&paras, |_| false);
        assert_eq!(
            decode(&paras, &cs)
                .iter()
                .map(|s| (s.start, s.end))
                .collect::<Vec<_>>(),
            [(0, 7)]
        );
        let l = letter_text(&paras[..7], Wrapper::QuoteOpen);
        assert_eq!(
            l.valediction.as_deref(),
            Some("I am, dear Sir,\nYour most faithful\nand obliged servant,")
        );
        assert_eq!(l.signature.as_deref(), Some("GEORGE PRIOR."));
        assert_eq!(l.body.len(), 1);
        // Short sentences of the body are no staircase: `Take care.` ends a sentence.
        let notes: Vec<String> = ["Dear Tom,", "Take care.", "See you Friday.", "Love,", "Mum"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let l = letter_text(&notes, Wrapper::None);
        assert_eq!(l.valediction.as_deref(), Some("Love,"));
        assert_eq!(l.body.len(), 2);
    }

    #[test]
    fn quoted_speech_opening_with_a_greeting_is_no_unsigned_letter() {
        let talk = [
            "\"Dearest Kit, what have they done to you?  Who let you out in this?\"",
            "\"Nobody let me.  I walked, and I shall walk back, and you will not stop me.\"",
            "Her aunt said nothing more.",
        ];
        assert_eq!(letters(&talk), []);
        // The same wrapping with a greeting on its own line, or signed, is a letter.
        let letter = [
            "\"Dearest Kit,\"",
            "\"They have let me out at last. I walked to the bridge and back.\"",
            "Her aunt read it twice.",
        ];
        assert_eq!(letters(&letter), [(0, 2)]);
    }

    #[test]
    fn a_role_under_the_signature_is_its_own_part() {
        for (line, want) in [
            ("Head of Lost Property, Platform 2", true),
            ("for Gedge, Hollis & Crane, notaries", true),
            ("Quartermaster", true),
            ("P.S. Bring a torch", false),
            ("I will see you there.", false),
            ("Love,", false),
        ] {
            assert_eq!(is_role_line(line), want, "{line}");
        }
        let (span, l) = the_letter(&[
            "Dear Mr Pike,",
            "Your umbrella has been found and may be collected.",
            "Kind regards,",
            "Noor Haddad",
            "Head of Lost Property, Platform 2",
            "He went that afternoon.",
        ]);
        assert_eq!(span, (0, 5));
        assert_eq!(l.signature.as_deref(), Some("Noor Haddad"));
        assert_eq!(l.role.as_deref(), Some("Head of Lost Property, Platform 2"));
        assert!(l.postscript.is_empty());
    }

    #[test]
    fn closings_seen_in_ff_holdout7() {
        // A wrapped line ends at the sign-off's comma run into the last sentence; the name
        // is on the next line.
        let t = "Monday.--DEAR MR. PRIDEAUX,--My sister will not thank you, for she\nnever thanks anybody. Come again on Thursday. Your friend,\nC. G.";
        let l = letter_text_closed(&[t.to_string()], Wrapper::None, Some(0));
        assert_eq!(l.valediction.as_deref(), Some("Your friend,"));
        assert_eq!(l.signature.as_deref(), Some("C. G."));
        // A double-barrelled name greets; a role under a name signed with no sign-off is
        // the signer's, not an afterthought.
        assert!(is_addressee("Miss Quintero-Fenn,"));
        assert!(!is_addressee("Well-"));
        let (span, l) = the_letter(&[
            "The note was waiting on her desk.",
            "Miss Quintero-Fenn,",
            "You will present yourself at the tower at seven on Friday. Bring gloves.",
            "O. Lisle",
            "Professor of Applied Meteorology",
            "She threw the note in the bin.",
        ]);
        assert_eq!(span, (1, 5));
        assert_eq!(l.signature.as_deref(), Some("O. Lisle"));
        assert_eq!(l.role.as_deref(), Some("Professor of Applied Meteorology"));
        assert!(l.postscript.is_empty());
        // A slip in italics signed at its end bids its reader without a `you`; the same slip
        // telling of the tide is no note.
        assert_eq!(
            letters(&[
                "She wrote a note instead, and it was so short that she was ashamed of it.",
                "*Tide turns at four. Don’t be on the Gullet steps. —S*",
                "She left it where the brandy had been.",
            ]),
            [(1, 2)]
        );
        assert_eq!(
            letters(&[
                "She wrote a note instead, and it was so short that she was ashamed of it.",
                "*The tide turned at four and the steps were wet. —S*",
                "She left it where the brandy had been.",
            ]),
            []
        );
        // An afterthought in the note's italics under its run-in signature is the note's;
        // unwrapped, a story told to `you` goes on.
        assert_eq!(
            letters(&[
                "It came tucked inside the hatband of the hat she had lost.",
                "*Fenmouth has a Customs House with no rotten steps, so I hear. You'll be bored in a week. I've stopped. The boat's sold. — T. Q.*",
                "*Burn this one. The others you can keep.*",
                "She did not burn it.",
            ]),
            [(1, 3)]
        );
        assert_eq!(
            letters(&[
                "You open it standing up.",
                "Wren —",
                "You'll be standing up. You always read things standing up. Sit down. I'm sorry. I stood at the back. Yours, T.",
                "You sit down.",
                "The kettle clicks off.",
            ]),
            [(1, 3)]
        );
        // A sign-off with a long aside that ends its line but for the comma; a long aside in
        // the middle of a sentence is not one.
        for (line, want) in [
            (
                "Yours very sincerely (I looked it up, it's what you say when you mean it),",
                true,
            ),
            (
                "Love (there, I've said it, it's in writing, you can hold me to it),",
                true,
            ),
            ("Love (don't tell anyone),", true),
            (
                "Yours (the one you left on the bus on Tuesday in the rain) was found.",
                false,
            ),
        ] {
            assert_eq!(is_signoff(line), want, "{line}");
        }
        let l = letter_text_closed(
            &[
                "Crispin,".to_string(),
                "You don't have to answer this.".to_string(),
                "Yours very sincerely (I looked it up, it's what you say when you mean it),\nWendeline".to_string(),
            ],
            Wrapper::None,
            Some(2),
        );
        assert_eq!(l.signature.as_deref(), Some("Wendeline"));
        // The narration that introduces the letter with a colon and a dash is no head line of
        // it: the letter opens at its dateline.
        assert!(!cue("This letter contained neither. It ran as follows:--", false).head_line);
        assert!(cue("Lowmarsh Vicarage", false).head_line);
        // A signer described, with a word more about them in brackets, signs after `Love,`.
        assert!(signs_after_signoff(
            "a girl from row F (the one with the cardboard lighthouse)"
        ));
        assert!(!signs_after_signoff(
            "She hadn't shown it to Tavish (she didn't know how)"
        ));
        // A text the narration names, greeting with a bare name and signed with one; an
        // invitation's lines under a mention are no such text.
        assert_eq!(
            letters(&[
                "She got out her phone and wrote the message she had been writing in her head.",
                "Tav",
                "i said no to them. i said no on the phone before you even said anything.",
                "that's not what you think i'm worth is it",
                "El",
                "She sent it before she could take it back.",
            ]),
            [(1, 5)]
        );
        assert_eq!(
            letters(&[
                "The invitation came on heavy cream card, and she read what it said.",
                "Lady Honoria Vance",
                "requests the pleasure of your company",
                "at the marriage of her son",
                "CASPIAN",
                "She put it down.",
            ]),
            []
        );
        for (text, closing) in [
            // A signature run in that hard wrapping breaks over two lines.
            (
                "D. — your aunt has written to me. She says I am to come at\nEaster and mend a gate. I said yes. — the\nBishop",
                Some("— the Bishop"),
            ),
            // A sign-off of up to eight words run in before initials, an aside not counted.
            (
                "Here is the goat. Yours, from the pearl of the coast (it is not a pearl), R.",
                Some("Yours, from the pearl of the coast (it is not a pearl), R."),
            ),
            ("He said he would come by on Tuesday and stay the whole week, Ezra.", None),
        ] {
            assert_eq!(run_in_closing(text).map(|c| c.1).as_deref(), closing, "{text}");
        }
        // A time jump after the signature moves the story on: a name in capitals further
        // down does not sign the letter again.
        let paras: Vec<String> = [
            "Her reply came two days later, inside a paper bag.",
            "Mr. Prewitt,",
            "I telephoned at six because I close at five and I have to clean.",
            "Nesta Castellucci.",
            "Later that night…",
            "She found the recipe box at the back of the flour store.",
            "GLENYS'S RYE",
            "He read it twice.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spans = decode(&paras, &cues(&paras, |_| false));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(1, 4)]
        );
        assert!(is_relative_jump("Later that night…") && !is_relative_jump("Friday"));
        // (on one line, as before)
        let t = "Dear Ruth, Come again on Thursday. Your friend, C. G.";
        let l = letter_text_closed(&[t.to_string()], Wrapper::None, Some(0));
        assert_eq!(l.valediction.as_deref(), Some("Your friend,"));
        assert_eq!(l.signature.as_deref(), Some("C. G."));
    }

    #[test]
    fn notes_named_by_the_narration_and_signed_as_notes_are() {
        // Initials run in after the last sentence; not a title's initial or a common word.
        assert_eq!(
            run_in_initials("I took the blanket. Do not let him on the bed. M."),
            Some("M.")
        );
        assert_eq!(
            run_in_initials("Come at once if convenient. If not, come anyway. VK"),
            Some("VK")
        );
        assert_eq!(
            run_in_initials("We went to see the doctor and then Mr. B."),
            None
        );
        assert_eq!(run_in_initials("They said it would be fine. OK"), None);
        assert_eq!(run_in_initials("Fine. B."), None);
        // A sign-off as the last clause of the sentence, then the name.
        assert_eq!(
            run_in_closing("I will bring the tea and you will bring a rug, take care, Ezra"),
            Some((
                "I will bring the tea and you will bring a rug,".into(),
                "take care, Ezra".into()
            ))
        );
        // A colon addresses a note only when the note signs at its end.
        assert!(
            opening("Pell: I have borrowed the ladder. It is back by Sunday, I promise. R.")
                .is_some()
        );
        assert!(opening("Mum: Darling I'm at the station. Which building are you").is_none());
        let note = [
            "There was a note taped to the fridge when she came down.",
            "Gone to the market. There's soup in the blue pan if you want it.",
            "— H",
            "She ate the soup cold.",
        ];
        assert_eq!(letters(&note), [(1, 3)]);
        // A mention before narration, an invitation, or a name alone makes no letter.
        let narration = [
            "He wrote to her every week that summer.",
            "The fields went brown. The well ran low. His father sold the grey mare.",
            "He kept those pages in a sock.",
            "HARVEST",
        ];
        assert_eq!(letters(&narration), []);
        let invitation = [
            "The invitation came on stiff white card.",
            "Mr and Mrs Oduya",
            "request the pleasure of your company",
            "at the wedding of their daughter",
            "TEMI",
        ];
        assert_eq!(letters(&invitation), []);
        // A mention right after a signature, then a P.S.: the closing found for the P.S.
        // lies before the mention's opening (an overflow, found on the second held-out set).
        let after = [
            "Dear Sam,",
            "The hens are laying again.",
            "— J",
            "I kept the note.",
            "P.S. Bring eggs.",
        ];
        assert_eq!(letters(&after), [(0, 3)]);
    }

    #[test]
    fn a_superscription_above_and_the_date_below() {
        let paras: Vec<String> = [
            "To Dr LEWIS.",
            "DOCTOR,",
            "The pills are good for nothing. Tell Barns to thresh out the two old ricks.",
            "Dear Lewis, Your affectionate M. BRAMBLE GLOUCESTER, April 2.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&paras, |_| false);
        let spans = decode(&paras, &cs);
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(0, 4)]
        );
        let l = letter_text(&paras, Wrapper::None);
        // The superscription directs the letter; the date under the signature is its dateline.
        assert_eq!(l.superscription.as_deref(), Some("To Dr LEWIS."));
        assert_eq!(l.dateline.as_deref(), Some("GLOUCESTER, April 2."));
        assert_eq!(l.salutation.as_deref(), Some("DOCTOR,"));
        assert_eq!(
            l.valediction.as_deref(),
            Some("Dear Lewis, Your affectionate")
        );
        assert_eq!(l.signature.as_deref(), Some("M. BRAMBLE"));
        assert_eq!(l.body.len(), 1);
    }

    #[test]
    fn a_postscript_signed_again_with_initials() {
        let paras: Vec<String> = [
            "To the Hon. Mrs ARABELLA QUINCE, at Bristol.",
            "MADAM,",
            "The parcel of linen came safe by the Thursday waggon, and I have paid the carrier.",
            "Yours to command,",
            "OBADIAH PLUMB. DEVIZES, May 3.",
            "Pray tell your gardener that the pear grafts did not take.",
            "O. P.",
            "She folded it away without a word.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&paras, |_| false);
        let spans = decode(&paras, &cs);
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(0, 7)]
        );
        // The closing is the first signature; the paragraph signed with initials under it is
        // a postscript.
        assert_eq!(spans[0].closing, Some(4));
        let l = letter_text_closed(&paras[..7], Wrapper::None, spans[0].closing);
        assert_eq!(
            l.superscription.as_deref(),
            Some("To the Hon. Mrs ARABELLA QUINCE, at Bristol.")
        );
        assert_eq!(l.dateline.as_deref(), Some("DEVIZES, May 3."));
        assert_eq!(l.valediction.as_deref(), Some("Yours to command,"));
        assert_eq!(l.signature.as_deref(), Some("OBADIAH PLUMB."));
        assert_eq!(l.postscript.len(), 2);
        // Narration between two signed notes keeps them two letters, not a postscript.
        let notes: Vec<String> = [
            "Her first note ran thus:",
            "\"I waited an hour at the gate and you never came.\"",
            "\"K.\"",
            "The second was shorter still:",
            "\"Do not write again.\"",
            "\"K.\"",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let cs = cues(&notes, |_| false);
        let spans = decode(&notes, &cs);
        assert!(spans
            .iter()
            .all(|s| s.closing.is_none_or(|c| s.start + c + 1 == s.end)));
    }

    #[test]
    fn an_inside_address_under_the_date_is_no_part_of_the_dateline() {
        let paras: Vec<String> = [
            "HOLLOWAY FARM,",
            "June 9.",
            "MR. AMOS FETTERLY,",
            "Dear Sir:",
            "The ram you sold us has broken three gates and one hired man.",
            "Yours truly,",
            "R. Quill.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let l = letter_text(&paras, Wrapper::None);
        assert_eq!(l.dateline.as_deref(), Some("HOLLOWAY FARM,\nJune 9."));
        assert_eq!(l.address.as_deref(), Some("MR. AMOS FETTERLY,"));
        assert_eq!(l.superscription, None);
        assert_eq!(l.salutation.as_deref(), Some("Dear Sir:"));
    }

    #[test]
    fn closings_in_the_writer_s_own_words() {
        // Any short line ending in a comma signs off over a name, in one block or two.
        let l = parts(
            &[
                "Wren —",
                "The ferry is late again.",
                "Still blaming the weather,\nT.",
            ],
            Wrapper::None,
        );
        assert_eq!(l.valediction.as_deref(), Some("Still blaming the weather,"));
        assert_eq!(l.signature.as_deref(), Some("T."));
        let l = parts(
            &[
                "Wren —",
                "The ferry is late again.",
                "Until the tide turns,",
                "— M",
            ],
            Wrapper::None,
        );
        assert_eq!(l.valediction.as_deref(), Some("Until the tide turns,"));
        assert_eq!(l.signature.as_deref(), Some("— M"));
        // Not a sentence, and not over a line that is no name.
        assert!(!is_free_signoff("I went home, and then,"));
        assert!(!is_free_signoff("She said so. Then,"));
        // (a clause of a dozen words is still one: the quoted letter's `Lark."` under it)
        assert!(is_free_signoff(
            "I'd sign it proper but I know you know the hand,"
        ));
        assert_eq!(
            free_closing("Still blaming the weather,\nand the boat."),
            None
        );
        // A card's wishes sign it off, and lines wrapped one by one are one wrapper.
        let l = parts(
            &[
                "_Ned -_",
                "_It was me all along. Keep the mug._",
                "_Happy birthday,_\n_your mystery colleague (Priyanka, obviously)_",
            ],
            Wrapper::Italic,
        );
        assert_eq!(l.valediction.as_deref(), Some("Happy birthday,"));
        assert_eq!(
            l.signature.as_deref(),
            Some("your mystery colleague (Priyanka, obviously)")
        );
        assert_eq!(
            unwrap("*Love,*\n*Gran*"),
            (Wrapper::Italic, "Love,\nGran".to_string())
        );
        assert_eq!(unwrap("*Love,*\nGran").0, Wrapper::None);
        // An e-mail signed with a name and a department.
        let l = parts(
            &[
                "From: Ivo Brandt",
                "To: Sal Mirren",
                "The usual place at eight.",
                "Ivo Brandt",
                "Facilities Management",
            ],
            Wrapper::None,
        );
        assert_eq!(l.signature.as_deref(), Some("Ivo Brandt"));
        assert_eq!(l.role.as_deref(), Some("Facilities Management"));
    }

    #[test]
    fn a_vocative_line_greets_in_a_letter_found() {
        let l = parts(
            &["Fellow traveller,", "The inn is full. Try the mill.", "—Q"],
            Wrapper::None,
        );
        assert_eq!(l.salutation.as_deref(), Some("Fellow traveller,"));
        assert_eq!(l.signature.as_deref(), Some("—Q"));
        for not in [
            "Well,",
            "Anyway,",
            "Love,",
            "So, anyway,",
            "The inn is full,\nsadly,",
        ] {
            assert!(!is_vocative_line(not), "{not}");
        }
    }

    #[test]
    fn a_message_s_headers_stand_above_its_greeting() {
        let l = parts(
            &[
                "From: Lind, Hedda\nTo: Ade, Kofi",
                "Subject: Recital",
                "Dear Mr. Ade,",
                "You will play the sonata.",
                "Yours sincerely,",
                "Prof. H. Lind",
                "Head of Strings",
                "Harrow Conservatory",
            ],
            Wrapper::None,
        );
        assert_eq!(
            l.superscription.as_deref(),
            Some("From: Lind, Hedda\nTo: Ade, Kofi\nSubject: Recital")
        );
        assert_eq!(l.salutation.as_deref(), Some("Dear Mr. Ade,"));
        assert_eq!(
            l.body.iter().map(|b| b.0.as_str()).collect::<Vec<_>>(),
            ["You will play the sonata."]
        );
        assert_eq!(l.signature.as_deref(), Some("Prof. H. Lind"));
        assert_eq!(
            l.role.as_deref(),
            Some("Head of Strings\nHarrow Conservatory")
        );
        assert!(l.postscript.is_empty());
    }

    #[test]
    fn a_note_greeting_by_name_over_a_dash() {
        assert_eq!(
            dashed_greeting("Martha--Do not wait up for me tonight."),
            Some(("Martha--".into(), "Do not wait up for me tonight.".into()))
        );
        assert_eq!(
            dashed_greeting("Tom — Back by six, keep the stew warm."),
            Some(("Tom —".into(), "Back by six, keep the stew warm.".into()))
        );
        // An aside in narration is no greeting: the sentence goes on in lower case.
        assert_eq!(dashed_greeting("Hannah—the younger maid—came in."), None);
        assert_eq!(dashed_greeting("It was late--Too late."), None);
    }

    #[test]
    fn narration_between_the_mention_and_the_letter() {
        // `…thought of writing…` / a line of narration / the letter in the writer's voice.
        let found = letters(&[
            "He thought of writing to his brother, and did not.",
            "At last, when the house was asleep, he unfolded it.",
            "If my son should ever read this, I want him to know I was content.",
            "God keep him,",
            "ROSALIND.",
            "He sat a long time with it.",
        ]);
        assert_eq!(found, [(2, 5)]);
    }

    #[test]
    fn narration_telling_of_the_letter_splits_and_ends_it() {
        // An unsigned letter ends where the narration tells of its reading; what follows is
        // the letter resumed, and the mention opens it.
        let found = letters(&[
            "The first letter came from a camp in the hills.",
            "Dear Mrs. Osei,",
            "I hope you will forgive me for writing. The food here is poor.",
            "I am told I will walk again.",
            "Efua read that line twice. Then she put the letter down and went to the yard.",
            "The birds are loud here too. I hope you can hear yours.",
            "Yours, if you will allow it,",
            "Kojo Mensah",
            "She laughed aloud.",
        ]);
        assert_eq!(found, [(1, 4), (5, 8)]);
        // An afterthought after the closing, before the narration tells of the note.
        let found = letters(&[
            "There was a note on the kettle.",
            "Rufio —",
            "You can have the biscuits. I'm only cross you never say when you're back. Love, P.",
            "Also I'm hiding the good jam.",
            "He stood with the note in his hand for a long time.",
        ]);
        assert_eq!(found, [(1, 4)]);
        // A letter's own paragraph about others and their letters does not tell of reading it.
        let found = letters(&[
            "Dear Judy,",
            "Percy is well.",
            "Mrs. Lippett wrote a letter to the trustees about the drains, and they sent her a note.",
            "The drains are no better.",
            "Yours ever,",
            "Sallie",
        ]);
        assert_eq!(found, [(0, 6)]);
        // An e-mail with neither greeting nor signature stays no letter.
        let found = letters(&[
            "Her inbox pinged.",
            "From: Facilities\nTo: All Staff\nSubject: Fridge",
            "The fridge will be cleared on Friday.",
            "He came by with a yoghurt, like a man named in an all-staff email.",
        ]);
        assert_eq!(found, []);
    }

    #[test]
    fn a_jotted_note_signed_with_a_mark() {
        // No `I` or `you`: a dash-marked signature under a note the narration names.
        let found = letters(&[
            "There was a new note on the fridge.",
            "Gone to work. Soup in the pan. BACK AT SIX.",
            "— R (the lodger, still alive)",
            "He ate the soup.",
        ]);
        assert_eq!(found, [(1, 3)]);
        assert!(is_marked_name("— R (the lodger, still alive)"));
        // A proclamation in capitals under a mention is no note.
        let found = letters(&[
            "The heralds were reading the new proclamation again.",
            "HEAR YE, HEAR YE.",
            "She shut the window.",
        ]);
        assert_eq!(found, []);
    }

    #[test]
    fn a_bare_name_the_narration_announces_opens_a_letter() {
        let found = letters(&[
            "There were nine letters in the box; the last had never been sent.",
            "\"Osric,",
            "\"I write because she cannot. Keep the child at the Marches.\"",
            "Wenna turned the page over, looking for a name.",
        ]);
        assert_eq!(found, [(1, 3)]);
        // Not a programme whose first line runs a name into a title.
        let found = letters(&[
            "The programme had been printed on thick cream card.",
            "SPRING CONCERT",
            "Halloran — Trio for Horn and Strings in E flat",
            "Petra Lind, horn",
            "She turned it over.",
        ]);
        assert_eq!(found, []);
    }

    #[test]
    fn a_child_s_letter_shouts_and_signs_from() {
        assert!(is_addressee("Fergal!!!"));
        let l = parts(
            &[
                "Mina!!!",
                "My cat is orange and fat.",
                "Love from\nTeo + Biscuit",
                "PS Do you get snow?",
            ],
            Wrapper::None,
        );
        assert_eq!(l.salutation.as_deref(), Some("Mina!!!"));
        assert_eq!(l.valediction.as_deref(), Some("Love from"));
        assert_eq!(l.signature.as_deref(), Some("Teo + Biscuit"));
        assert_eq!(l.postscript, ["PS Do you get snow?"]);
        // A sign-off in capitals with its comma signs nothing; the place over the date below.
        let l = parts(
            &[
                "I am sending you my copy. Send it back.",
                "Your friend (who is in PAIN),",
                "Teo",
                "Hull",
                "Friday 2 a.m.",
            ],
            Wrapper::None,
        );
        assert_eq!(
            l.valediction.as_deref(),
            Some("Your friend (who is in PAIN),")
        );
        assert_eq!(l.signature.as_deref(), Some("Teo"));
        assert_eq!(l.dateline.as_deref(), Some("Hull Friday 2 a.m."));
        assert!(l.postscript.is_empty());
    }

    #[test]
    fn speech_handing_over_a_note_introduces_it() {
        let found = letters(&[
            "\"And there is this,\" she said. \"He left the note in my basket. I read it on the stairs.\"",
            "I have no right to write to you and I know it. But I could not go away without telling you why I never spoke.\n--E. W.",
            "\"Oh, Kit,\" said Mary.",
        ]);
        assert_eq!(found, [(1, 2)]);
    }

    #[test]
    fn a_notice_in_capitals_is_no_letter() {
        let found = letters(&[
            "There was a sign on the door.",
            "NO DOGS IN THE SHOP",
            "NOT EVEN SMALL ONES",
            "- THE MANAGEMENT",
            "She tied the dog to the railing.",
        ]);
        assert_eq!(found, []);
        // Greeting someone, it is a letter still.
        let found = letters(&[
            "There was a sign on the door.",
            "DEAR CUSTOMERS,",
            "WE ARE CLOSED FOR THE WEEK",
            "- THE MANAGEMENT",
            "She tied the dog to the railing.",
        ]);
        assert_eq!(found, [(1, 4)]);
    }

    /// The one letter the decoder finds in `paras`: its span, and its parts as read.
    fn the_letter(paras: &[&str]) -> ((usize, usize), LetterText) {
        let texts: Vec<String> = paras.iter().map(|s| s.to_string()).collect();
        let spans = decode(&texts, &cues(&texts, |_| false));
        assert_eq!(spans.len(), 1, "{paras:?}");
        let s = &spans[0];
        let l = letter_text_closed(&texts[s.start..s.end], s.wrapper, s.closing);
        ((s.start, s.end), l)
    }

    fn letters(paras: &[&str]) -> Vec<(usize, usize)> {
        let texts: Vec<String> = paras.iter().map(|s| s.to_string()).collect();
        let cues = cues(&texts, |i| texts[i].trim() == "* * *");
        decode(&texts, &cues)
            .iter()
            .map(|s| (s.start, s.end))
            .collect()
    }

    #[test]
    fn unwrapping() {
        assert_eq!(
            unwrap("*Dear Snuffles,*"),
            (Wrapper::Italic, "Dear Snuffles,".into())
        );
        assert_eq!(unwrap("**Harry**"), (Wrapper::Bold, "Harry".into()));
        assert_eq!(
            unwrap("\"Dear Anne,--I make"),
            (Wrapper::QuoteOpen, "Dear Anne,--I make".into())
        );
        assert_eq!(
            unwrap("\"Back by six.\""),
            (Wrapper::Quoted, "Back by six.".into())
        );
        assert_eq!(unwrap("Tom.\""), (Wrapper::QuoteClose, "Tom.".into()));
        assert_eq!(unwrap("[Dear Ma,]"), (Wrapper::Bracket, "Dear Ma,".into()));
        assert_eq!(unwrap("*word* and *more*").0, Wrapper::None);
    }

    #[test]
    fn closings() {
        assert_eq!(
            split_closing("Love, Nell"),
            Some((Some("Love,".into()), "Nell".into()))
        );
        assert_eq!(
            split_closing("Your cousin, Beatrice."),
            Some((Some("Your cousin,".into()), "Beatrice.".into()))
        );
        assert_eq!(
            split_closing("Your ever dutiful DAUGHTER."),
            Some((Some("Your ever dutiful".into()), "DAUGHTER.".into()))
        );
        assert_eq!(
            split_closing("Best wishes,\nCaroline Forbes."),
            Some((Some("Best wishes,".into()), "Caroline Forbes.".into()))
        );
        assert_eq!(split_closing("She said no, Tom."), None);
        for s in [
            "Caroline Forbes.",
            "S. VERNON.",
            "— R",
            "-Lestrade",
            "~ Nell",
            "J. A.",
            "SH",
            "Mary M---.",
            "JOHN AND ELIZABETH ANDREWS.",
        ] {
            assert!(is_marked_name(s), "{s}");
        }
        for s in ["Silence.", "She ran.", "Then it rained"] {
            assert!(!is_marked_name(s), "{s}");
        }
        assert_eq!(
            run_in_closing(
                "Charles joins me in love, and everything proper.  Yours affectionately,"
            )
            .map(|x| x.1),
            Some("Yours affectionately,".into())
        );
        assert_eq!(
            run_in_closing("day--don't disappoint me!--ISABELLA.").map(|x| x.1),
            Some("ISABELLA.".into())
        );
        assert_eq!(
            run_in_closing("She was tired. Yours was the last face she saw."),
            None
        );
        for s in [
            "Yours ever,",
            "Your loving sister,",
            "Ever yours,",
            "Believe me, dear Madam,",
            "I remain,",
            "Affectionately,",
            "Best wishes,",
            "Love,",
            "Cheers,",
            "xoxo",
            "love u",
            "Love from",
            "With affection, and with worry,",
            "Respectfully, and with a price on her head,",
        ] {
            assert!(is_signoff(s), "{s}");
        }
        for s in [
            "Love is blind.",
            "Yours was bigger.",
            "Ever since then, nothing.",
            "Respectfully, he bowed.",
            "Truly, And Then,",
        ] {
            assert!(!is_signoff(s), "{s}");
        }
    }

    #[test]
    fn openings() {
        for s in [
            "Dear Marianne,",
            "MY DEAR BROTHER,--I can no longer bear it.",
            "Dear Diary,",
            "Friday. My dearest Judy:",
            "My dear Anne,--I make no apology",
            "SIR,",
            "Callum,",
        ] {
            assert!(opening(s).is_some(), "{s}");
        }
        for s in [
            "\"Dear me, what a mess,\" said Gran.",
            "Dear me, what a mess.",
            "Yes,",
        ] {
            assert!(opening(s).is_none(), "{s}");
        }
        for s in [
            "Linmouth, 14th June",
            "Dec. 5th.",
            "_9 May._",
            "Wednesday",
            "March 13.",
            "Tuesday, 5 P.M.",
            "10th December, 18--.",
            "_Ashcombe, Lady Day._",
            "Whitsun",
            "The Mill House, Lammas",
        ] {
            assert!(is_dateline_text(s), "{s}");
        }
        for s in [
            "She left in May and never wrote.",
            "The lady's day had been long and she was tired of it.",
            "It was Monday and she hated Mondays, as everyone knew well.",
        ] {
            assert!(!is_dateline_text(s), "{s}");
        }
    }

    fn parts(paras: &[&str], w: Wrapper) -> LetterText {
        letter_text(&paras.iter().map(|s| s.to_string()).collect::<Vec<_>>(), w)
    }

    #[test]
    fn parts_of_letters() {
        let l = parts(
            &[
                "\"February 1st.",
                "\"My dear Anne,--I make no apology.",
                "\"Charles joins me.  Yours affectionately,",
                "\"Mary M---.\"",
            ],
            Wrapper::QuoteOpen,
        );
        assert_eq!(l.dateline.as_deref(), Some("February 1st."));
        assert_eq!(l.salutation.as_deref(), Some("My dear Anne,--"));
        assert_eq!(l.valediction.as_deref(), Some("Yours affectionately,"));
        assert_eq!(l.signature.as_deref(), Some("Mary M---."));
        assert_eq!(
            l.body.iter().map(|b| b.0.as_str()).collect::<Vec<_>>(),
            ["I make no apology.", "Charles joins me."]
        );
        let l = parts(
            &[
                "*Dear Snuffles,*",
                "*All is well.*",
                "*Love,*",
                "*Harry*",
                "*P.S. Burn this.*",
            ],
            Wrapper::Italic,
        );
        assert_eq!(
            (
                l.salutation.as_deref(),
                l.valediction.as_deref(),
                l.signature.as_deref()
            ),
            (Some("Dear Snuffles,"), Some("Love,"), Some("Harry"))
        );
        assert_eq!(l.postscript, ["P.S. Burn this."]);
        let l = parts(
            &[
                "DEAR ELLEN, it begins,--I came last night.",
                "I do hate him--don't disappoint me!--ISABELLA.",
            ],
            Wrapper::None,
        );
        assert_eq!(l.signature.as_deref(), Some("ISABELLA."));
        let l = parts(
            &[
                "To Dr LEWIS.",
                "GLOUCESTER, April 2.",
                "DOCTOR,",
                "The pills are good for nothing.",
                "Your ever dutiful DAUGHTER.",
            ],
            Wrapper::None,
        );
        assert_eq!(l.superscription.as_deref(), Some("To Dr LEWIS."));
        assert_eq!(l.dateline.as_deref(), Some("GLOUCESTER, April 2."));
        assert_eq!(l.salutation.as_deref(), Some("DOCTOR,"));
        assert_eq!(
            (l.valediction.as_deref(), l.signature.as_deref()),
            (Some("Your ever dutiful"), Some("DAUGHTER."))
        );
    }

    #[test]
    fn letters_without_a_salutation() {
        // A quotation carried paragraph by paragraph to a signed closing (Emma, vol. 3 ch. 14).
        assert_eq!(
            letters(&[
                "She opened the packet.",
                "“I have the greatest pleasure, my dear Emma, in forwarding the enclosed.",
                "“We are quite well.",
                "“Yours ever,",
                "“A. W.”",
                "She read it twice."
            ]),
            [(1, 5)]
        );
        // … but dialogue whose quotation closes before the signature is not one.
        assert_eq!(
            letters(&[
                "“I have the greatest pleasure,” she said.",
                "“We are quite well.”",
                "“Yours ever,",
                "“A. W.”"
            ]),
            []
        );
        // A dateline over a quotation (Sense and Sensibility, ch. 29).
        assert_eq!(
            letters(&[
                "It was to this effect.",
                "Berkeley Street, January.",
                "\"How surprised you will be, Willoughby, on receiving this.",
                "\"M.D.\"",
                "Her second note followed."
            ]),
            [(1, 4)]
        );
        // A signature that leaves its quotation open: the next quoted paragraph is its P.S.
        let texts: Vec<String> = [
            "\"Dear Anne,",
            "\"Charles joins me in love.  Yours affectionately,",
            "\"Mary M---.",
            "\"I am sorry to say I am far from well.\"",
            "So ended the first part.",
        ]
        .map(String::from)
        .to_vec();
        let spans = decode(&texts, &cues(&texts, |_| false));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(0, 4)]
        );
        let parts = letter_text_closed(&texts[0..4], spans[0].wrapper, spans[0].closing);
        assert_eq!(parts.signature.as_deref(), Some("Mary M---."));
        assert_eq!(parts.postscript.len(), 1);
        // A short note over a sign-off and a signature.
        assert_eq!(
            letters(&[
                "He picked it up.",
                "Thank you for your hospitality. The silver was lovely.",
                "With love,",
                "the Magpie",
                "Rourke read it aloud."
            ]),
            [(1, 4)]
        );
        // One introduced paragraph signed at its end; a jotted line is not a letter.
        assert_eq!(
            letters(&[
                "It contained these lines:",
                "\"Mrs. Merridew has gone to bed, and I am not to stir out of this part of the house until she comes.--R.V.\"",
                "I followed Betteredge."
            ]),
            [(1, 2)]
        );
        let texts: Vec<String> = [
            "somebody had written, very small:",
            "Please come. -- C.",
            "Well.",
        ]
        .map(String::from)
        .to_vec();
        let spans = decode(&texts, &cues(&texts, |_| false));
        assert!(spans.is_empty(), "{spans:?}");
        // A note the narration names, in the first person and signed at its end as notes
        // are, is a letter of one paragraph.
        assert_eq!(
            letters(&[
                "In March a postcard came, a view of the harbour at night.",
                "I got the job. I start Monday. Don't tell Dad yet. ~ Kit",
                "She pinned it over the sink."
            ]),
            [(1, 2)]
        );
        // Third-person narration ending in a name is not one.
        assert_eq!(
            letters(&[
                "In March a postcard came, a view of the harbour at night.",
                "It had been posted in Leith and it had taken a month to arrive. - Kit",
            ]),
            []
        );
    }

    #[test]
    fn a_salutation_before_multibyte_text_does_not_panic() {
        // Found by the plaintext fuzz target: the speech-verb look after `Dear X,` cut the
        // lower-cased paragraph at a byte that was inside a character.
        for t in [
            "Dear Mrs. Achterberg, she began in ˜šß—šž–, for the fourth time that morning",
            "Dear Anna, İİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİİ said",
            "To ˜šß—šž– whoever: İİİ, ˜šß—šž–, as ever, K.",
            "Ana - ˜šß—šž–. İİİ xx",
            "˜šß—šž– STOP İİİ STOP ˜Š",
        ] {
            let _ = opening(t);
            let _ = cue(t, false);
            let _ = run_in_closing(t);
        }
        assert_eq!(
            run_in_closing("We are here. The dog misses you. xx Tilly"),
            Some(("We are here. The dog misses you.".into(), "xx Tilly".into()))
        );
    }

    #[test]
    fn salutations_and_closings_as_people_write_them() {
        for (sal, yes) in [
            ("Dear Harry", true),
            ("My dearest Elena", true),
            ("Dear God", false),
            ("Dear me", false),
            ("Nora darling —", true),
            ("And dear, but I was glad!", false),
            ("With love,", false),
            ("My dear, dear June,", true),
            ("To His Majesty the King at Harrowgate:", true),
            ("To Mr HENRY DAVIS, Bookseller, in London.", false),
        ] {
            let o = opening(sal);
            assert_eq!(o.as_ref().is_some_and(|o| !o.3), yes, "{sal}: {o:?}");
        }
        assert!(is_signoff(
            "Yours, for as long as you'll have me, and probably a bit after,"
        ));
        assert!(is_name("C. V., A. F., J. V., and C. L."));
        // A sentence in capitals is no name; an abbreviated first name is.
        assert!(!is_name("DRINK THIS. ITS DISGUSTING."));
        assert!(is_name("JOS. PRIDDY."));
        assert!(!is_name("FERRY. ONE PENNY. HORSES TWOPENCE."));
        assert!(is_name("Mrs. Dorrin") && is_name("Lieut. Hale") && is_name("Messrs. Gedge"));
        // A name and a dash with nothing after it greets; a list of NOs is a notice.
        assert!(!is_name("REDFERN—") && !is_marked_name("REDFERN—"));
        assert!(is_name("Mary M---."));
        // An aside in brackets after the addressee's name.
        assert!(is_addressee("R. (whoever you are),"));
        assert_eq!(opening("Dinner -- Tuesday the 14th"), None);
        assert!(opening("Toby — DON'T WRITE ON THE WALL").is_some());
        assert!(signs_after_signoff(
            "Ruan (B. Fenwright is not me, I keep meaning to paint it out)"
        ));
        assert!(!signs_after_signoff(
            "He went (as he always did) to the door"
        ));
        assert!(!is_addressee("So (as I was saying),"));
        assert!(!is_name("NO CREDIT, NO GUNS, NO EXCEPTIONS"));
        assert_eq!(
            split_closing("Yours ever — Matti"),
            Some((Some("Yours ever".into()), "— Matti".into()))
        );
        assert_eq!(split_closing("He went out — Matti"), None);
        // Sign-offs of regards carried on by a clause; a formal close with its name below.
        assert!(is_signoff("With such regards as I am told to send,"));
        assert!(!is_signoff("With the regards of nobody at all. He left."));
        assert!(is_signoff(
            "I remain, sir, your most obliged and entirely unrepentant"
        ));
        assert!(!is_signoff(
            "I remain, for now, in the kitchen with the dog"
        ));
        // A name and an office, capitalised.
        assert!(is_name_with_role("M. Brisac, Cartographer to the Crown"));
        assert!(!is_name_with_role("Paris, France"));
        // A day of a month the story's world names.
        assert!(is_dateline_text("_The Quillon Watch, 3rd of Thaw_"));
        assert!(is_dateline_text("4th of Frostfall"));
        assert!(is_dateline_text("_Flagship Resolute, noon_"));
        assert!(is_signoff("Love (don't tell anyone),"));
        assert!(is_bare_greeting("Miss Abernathy."));
        assert!(!is_bare_greeting("Mr. Tate came round."));
        assert_eq!(
            run_in_closing("It is wonderful. Don't wait up. Love (don't tell anyone), L. & Emilio")
                .map(|c| c.1),
            Some("Love (don't tell anyone), L. & Emilio".into())
        );
        assert!(is_superscription("_To be opened by whoever comes after._"));
        assert!(!is_dateline_text("the 3rd of them to go"));
        assert_eq!(
            split_closing("Best wishes,\nthe fridge"),
            Some((Some("Best wishes,".into()), "the fridge".into()))
        );
        assert_eq!(split_closing("Thanks,\nhe said"), None);
        assert!(signs_after_signoff("Odile, who keeps the geese"));
        assert!(signs_after_signoff("~ the boy with the kettle"));
        assert!(signs_after_signoff("— R.V."));
        assert!(is_signoff("From,") && is_signoff("Love from,"));
        assert_eq!(
            split_closing("Love, your cousin Wyn"),
            Some((Some("Love,".into()), "your cousin Wyn".into()))
        );
        assert_eq!(split_closing("Thanks, your move"), None);
        assert!(!is_signoff("From:") && !is_signoff("From"));
        let l = letter_text(
            &[
                "To the owner of the red bike,",
                "Your lights are on.",
                "Regards,",
                "~ the boy with the kettle",
            ]
            .map(String::from),
            Wrapper::None,
        );
        assert_eq!(l.valediction.as_deref(), Some("Regards,"));
        assert_eq!(l.signature.as_deref(), Some("~ the boy with the kettle"));
        assert_eq!(
            run_in_closing("Take care of yourself for once, you idiot; love, Del"),
            Some((
                "Take care of yourself for once, you idiot;".into(),
                "love, Del".into()
            ))
        );
        assert_eq!(
            run_in_closing("I am not disposed to upbraid you.--In haste,\nyours always,"),
            Some((
                "I am not disposed to upbraid you.--".into(),
                "In haste,\nyours always,".into()
            ))
        );
        assert_eq!(
            run_in_closing("That is all. Till then, farewell.--Yours,").map(|r| r.1),
            Some("Till then, farewell.--Yours,".into())
        );
    }

    #[test]
    fn a_chapter_headed_as_a_letter_runs_to_its_end() {
        // Pamela: what the writer adds after signing is still her letter, up to the next one.
        let texts: Vec<String> = [
            "LETTER III",
            "DEAR FATHER,",
            "I must needs say, your letter has filled me with trouble.",
            "Your dutiful DAUGHTER.",
            "My master continues to be very affable to me.",
            "LETTER IV",
        ]
        .map(String::from)
        .to_vec();
        let heading = |i: usize| texts[i].starts_with("LETTER");
        let spans = decode(&texts, &cues(&texts, heading));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(1, 5)]
        );
        assert_eq!(spans[0].closing, Some(2));
        // Under any other heading the narration after the signature is not the letter's.
        let mut texts = texts;
        texts[0] = "CHAPTER III".into();
        let heading = |i: usize| texts[i].starts_with("LETTER") || texts[i].starts_with("CHAPTER");
        let spans = decode(&texts, &cues(&texts, heading));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(1, 4)]
        );
    }

    #[test]
    fn letters_in_a_chapter() {
        // Salutation and signed closing; narration before and after.
        assert_eq!(
            letters(&[
                "She opened it.",
                "Dear Tom,",
                "The sea is calm.",
                "Love,",
                "Nell",
                "He smiled."
            ]),
            [(1, 5)]
        );
        // Two letters with narration between are two.
        assert_eq!(
            letters(&[
                "Dear Tom,",
                "Come home.",
                "Nell",
                "He wrote back at once.",
                "Dear Nell,",
                "I can't.",
                "Tom",
                "She cried."
            ]),
            [(0, 3), (4, 7)]
        );
        // Italics on every paragraph, unsigned: it ends where the italics end.
        assert_eq!(
            letters(&[
                "*Dear Snuffles,*",
                "*All is well.*",
                "*Harry*",
                "Sirius laughed."
            ]),
            [(0, 3)]
        );
        // Quoted on every paragraph.
        assert_eq!(
            letters(&[
                "It read:",
                "\"Dear Marianne,",
                "\"The lamp is lit.",
                "\"Yours,",
                "\"Tom\"",
                "She folded it."
            ]),
            [(1, 5)]
        );
        // One pair of quotes around the whole letter.
        assert_eq!(
            letters(&[
                "\"Dear Mr Holt,",
                "I write in haste.",
                "Best wishes,",
                "Caroline Forbes.\"",
                "He read it twice."
            ]),
            [(0, 4)]
        );
        // Dialogue that opens with an address is not a letter.
        assert!(letters(&[
            "\"My dear fellow,\" said Holmes, \"you are late.\"",
            "\"I know.\"",
            "Watson"
        ])
        .is_empty());
        // A separator closes any letter.
        assert!(letters(&["Dear Tom,", "Come home.", "* * *", "Nell"]).is_empty());
        // Introduced by the narration, signed, no salutation.
        assert_eq!(
            letters(&[
                "The note said:",
                "Gone to the market. Back by six.",
                "— R",
                "He waited."
            ]),
            [(1, 3)]
        );
        // A list after a colon is not a letter.
        assert!(letters(&[
            "He wrote their names:",
            "Roderick Kickham",
            "John Lawton",
            "He stopped."
        ])
        .is_empty());
        assert!(letters(&[
            "Dear Sam, here is the list:",
            "- PNG",
            "- ASCII",
            "Then he left."
        ])
        .is_empty());
    }

    #[test]
    fn a_time_of_day_dates_a_letter() {
        for t in [
            "_Half-past six in the morning._",
            "Midnight.",
            "Ten o'clock, Tuesday",
            "11 p.m.",
            "A quarter to nine.",
        ] {
            assert!(is_clock_time(t), "{t}");
        }
        for t in [
            "The clock struck midnight.",
            "Half the village came.",
            "Six of them stayed.",
            "A letter at midnight",
            "Ten o'clock, and still she had not come down to the kitchen for her tea.",
        ] {
            assert!(!is_clock_time(t), "{t}");
        }
        // Under the signature it is the letter's date, not a postscript.
        let parts = letter_text(
            &[
                "Dear Papa,".into(),
                "I have gone to Aunt Selina at Hythe.".into(),
                "Your loving, disobedient".into(),
                "KITTY.".into(),
                "_Half-past six in the morning._".into(),
            ],
            Wrapper::None,
        );
        assert_eq!(
            parts.dateline.as_deref(),
            Some("_Half-past six in the morning._")
        );
        assert_eq!(parts.signature.as_deref(), Some("KITTY."));
        assert!(parts.postscript.is_empty());
    }

    #[test]
    fn a_direction_in_italics_over_a_run_in_greeting() {
        let parts = letter_text(
            &[
                "_To Colonel Darrell, Quarrendon Grange._".into(),
                "SIR,--I am instructed by my client to say that she is well.".into(),
                "Your most obedient humble servant,".into(),
                "JOS. PRIDDY.".into(),
            ],
            Wrapper::None,
        );
        assert_eq!(
            parts.superscription.as_deref(),
            Some("_To Colonel Darrell, Quarrendon Grange._")
        );
        assert_eq!(parts.salutation.as_deref(), Some("SIR,--"));
    }

    #[test]
    fn a_staircase_run_into_the_last_sentence() {
        assert_eq!(
            run_in_closing("Come to Hythe on Monday, both of you, and I remain, in\nspite of everything, your affectionate friend, SELINA MOWBRAY."),
            Some((
                "Come to Hythe on Monday, both of you, and".into(),
                "I remain, in\nspite of everything, your affectionate friend, SELINA MOWBRAY.".into()
            ))
        );
        let parts = letter_text(
            &[
                "My dear Mr. Fanshawe,--You will think me a very wicked old woman.".into(),
                "Come to Hythe on Monday, both of you, and I remain, in\nspite of everything, your affectionate friend, SELINA MOWBRAY.".into(),
                "P.S.--Tell Hugh that the blue room may be aired.".into(),
            ],
            Wrapper::None,
        );
        assert_eq!(
            parts.valediction.as_deref(),
            Some("I remain, in\nspite of everything, your affectionate friend,")
        );
        assert_eq!(parts.signature.as_deref(), Some("SELINA MOWBRAY."));
    }

    #[test]
    fn a_head_written_as_one_paragraph_of_lines() {
        let letter = |head: &str| {
            let paras: Vec<String> = [head, "Dear Ann,", "The roof is mended.", "Yours,\nMeg"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            letter_text(&paras, Wrapper::None)
        };
        for (head, dateline) in [
            (
                "14 Mallard Close\nBrightwater BW4 9PL\n29th March",
                Some("14 Mallard Close\nBrightwater BW4 9PL\n29th March"),
            ),
            ("Netherby Hall,\nMonday.", Some("Netherby Hall,\nMonday.")),
            // (sentences, or no date on the last line: the body's first paragraph)
            ("I went home.\nIt rained all Monday, 3rd May.", None),
            ("14 Mallard Close\nBrightwater", None),
        ] {
            let l = letter(head);
            assert_eq!(l.dateline.as_deref(), dateline, "{head}");
            if dateline.is_some() {
                assert_eq!(l.salutation.as_deref(), Some("Dear Ann,"), "{head}");
            }
        }
    }

    #[test]
    fn an_address_of_several_lines_over_the_date() {
        let paras: Vec<String> = [
            "Vik held up a single sheet of lined paper, as if it were evidence.",
            "14 Mallard Close",
            "Brightwater",
            "BW4 9PL",
            "29th March",
            "Dear Sir or Madam,",
            "The ducks are a disgrace and I want it known.",
            "Yours faithfully,",
            "Edna Quartermaine",
            "Nobody said anything.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spans = decode(&paras, &cues(&paras, |_| false));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(1, 9)]
        );
        let l = letter_text(&paras[1..9], Wrapper::None);
        assert_eq!(
            l.dateline.as_deref(),
            Some("14 Mallard Close\nBrightwater\nBW4 9PL\n29th March")
        );
        assert_eq!(l.salutation.as_deref(), Some("Dear Sir or Madam,"));
        // A place right under a break labels the scene: it is no address.
        let paras: Vec<String> = [
            "He laughed.",
            "======",
            "Saltcote",
            "Wednesday.",
            "Mrs. Gage,",
            "The boat is late.",
            "In haste,",
            "P. L.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spans = decode(&paras, &cues(&paras, |i| i == 1));
        assert_eq!(spans.first().map(|s| s.start), Some(3));
    }

    #[test]
    fn two_address_lines_under_a_postcard_signature() {
        let paras: Vec<String> = [
            "The Vell was running again, fast and brown with snowmelt.",
            "Dear Oriel,",
            "Made it to Hessel Junction. The locks here are enormous. Back Friday.",
            "Love,",
            "Ruan",
            "Ms O. Fane, nb Kingfisher",
            "Vellmouth Top Lock, VM2 4TR",
            "She put it on the shelf above the stove, next to the boats.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spans = decode(&paras, &cues(&paras, |_| false));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(1, 7)]
        );
    }

    #[test]
    fn an_unsigned_log_entry_ends_where_the_narration_takes_up() {
        let paras: Vec<String> = [
            "He got out his notebook instead, the one the Trust gave every new keeper.",
            "Tuesday",
            "Dear log,",
            "I know you are for water levels. The water level is fine.",
            "She signed it O. Fane. I looked it up on the licence list.",
            "The seed packet had been for sweet peas. He had thought that was a good sign.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let spans = decode(&paras, &cues(&paras, |_| false));
        assert_eq!(
            spans.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>(),
            [(1, 5)]
        );
        // Addressed to a person, unsigned and untold, it is no letter.
        let mut paras = paras;
        paras[2] = "Dear Tom,".into();
        assert!(decode(&paras, &cues(&paras, |_| false)).is_empty());
    }

    #[test]
    fn a_last_sentence_that_runs_on_into_the_signature() {
        let parts = letter_text(
            &[
                "-- and so it must be Wednesday. Do not write back. Everyone will believe her,\nbecause she is clever and everyone says so, and God forgive us both,".into(),
                "L. G.".into(),
            ],
            Wrapper::None,
        );
        assert_eq!(parts.valediction.as_deref(), Some("God forgive us both,"));
        assert_eq!(parts.signature.as_deref(), Some("L. G."));
        assert_eq!(comma_close("He went out, and then,"), None);
    }
}
