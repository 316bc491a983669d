//! Recognising the parts of a letter: dateline, salutation, body, valediction, signature, P.S.
//!
//! Shared by the Markdown reader (letters are blockquotes) and the plain-text reader (letters
//! are found among ordinary paragraphs). The tests at the bottom are the specification.

use super::recognise::{self, Wrapper};
use crate::model::{plain_text_lines, Block, Inline, Letter};

/// Openings of a salutation (compared case-insensitively, at the start of the line).
const SALUTATION_OPENINGS: &[&str] = &[
    "dear ",
    "dearest ",
    "my dear",
    "my dearest",
    "my darling",
    "my love",
    "darling ",
    "to whoever",
    "to whom it may concern",
    "to the ",
    "to my ",
    "hello ",
    "hi ",
    "hey ",
    "heya ",
    "hiya ",
    "dear diary",
    // French
    "ma chère",
    "ma très chère",
    "mon cher",
    "mon très cher",
    "chère ",
    "cher ",
    "chers ",
    "mon amour",
    // German, Spanish, Italian
    "liebe ",
    "lieber ",
    "querida",
    "querido",
    "cara ",
    "caro ",
];

/// Sign-offs (compared case-insensitively, the whole line minus its final punctuation, or its
/// beginning followed by a name: "Your loving sister", "Ever yours").
const VALEDICTIONS: &[&str] = &[
    "yours",
    "yours ever",
    "ever yours",
    "yours always",
    "always yours",
    "yours truly",
    "yours sincerely",
    "yours faithfully",
    "yours affectionately",
    "forever yours",
    "sincerely",
    "sincerely yours",
    "love",
    "lots of love",
    "all my love",
    "all my love always",
    "with love",
    "with all my love",
    "much love",
    "love always",
    "love you",
    "best",
    "best wishes",
    "all the best",
    "warm wishes",
    "warmly",
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "fondly",
    "affectionately",
    "cheers",
    "take care",
    "until then",
    "until tomorrow",
    "till tomorrow",
    "until next time",
    "more soon",
    "write soon",
    "goodnight",
    "good night",
    "bye for now",
    "always and forever",
    "until we meet again",
    "always",
    "godspeed",
    "in haste",
    "faithfully",
    "respectfully",
    "thank you",
    "thanks",
    "with thanks",
    "with gratitude",
    "gratefully",
    "in friendship",
    "your servant",
    "xoxo",
    "hugs",
    "hugs and kisses",
    // notes between people who see each other: apologies, see-you-soons
    "sorry",
    "sorry again",
    "so sorry",
    "apologies",
    "with apologies",
    "see you soon",
    "see you",
    "see you later",
    "see you tomorrow",
    "speak soon",
    "talk soon",
    "miss you",
    "missing you",
    "good luck",
    // French
    "je t'embrasse",
    "je t’embrasse",
    "je vous embrasse",
    "bisous",
    "grosses bises",
    "bises",
    "amitiés",
    "amicalement",
    "bien à toi",
    "bien à vous",
    "tendrement",
    "affectueusement",
    "cordialement",
    "avec tout mon amour",
    "à bientôt",
    "ton ami",
    "ton amie",
    // German, Spanish
    "herzliche grüße",
    "liebe grüße",
    "mit freundlichen grüßen",
    "un abrazo",
    "con cariño",
];

/// Prefixes of sign-offs that continue with a relation or a name ("Your loving sister").
const VALEDICTION_PREFIXES: &[&str] = &[
    "your loving",
    "your devoted",
    "your affectionate",
    "your friend",
    "your faithful",
    "your obedient",
    "your humble",
    "your sister",
    "your brother",
    "your son",
    "your daughter",
    "your mother",
    "your father",
    "your husband",
    "your wife",
    "your ",
    "ta ",
    "ton ",
    "votre ",
];

const QUOTES: &[char] = &['"', '“', '”', '«', '»'];

fn lower_trim(s: &str) -> String {
    s.trim().trim_matches(QUOTES).trim().to_lowercase()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// `Dear Marianne,` — a short line that opens with a greeting and ends with `,`, `:` or `!`
/// (or just the greeting, e.g. `Dear Diary`).
pub fn is_salutation(line: &str) -> bool {
    // (a cheap first look, before the line is lowered: a greeting ends with its punctuation)
    let end = line.trim_end_matches(|c: char| c.is_whitespace() || QUOTES.contains(&c));
    if !end.ends_with([',', ':', '!', '—', '.']) {
        return false;
    }
    let l = lower_trim(line);
    // The old formula of charters and royal letters: `To Her Grace the Lady Seren Vael,
    // greeting.`, `To all to whom these presents shall come, greeting:`.
    if l.starts_with("to ")
        && [", greeting.", ", greeting:", ", greetings.", ", greeting!"]
            .iter()
            .any(|g| l.ends_with(g))
        && word_count(&l) <= 14
        && !l.contains('\n')
        // (no subject of its own: `To the gate she ran, greeting…` is narration)
        && !recognise::words(&l, false)
            .any(|w| matches!(w, "i" | "he" | "she" | "they" | "we" | "it" | "you"))
    {
        return true;
    }
    // (a greeting to a group runs longer: `To all the nurses and doctors on Ward 7,`)
    let long = if l.starts_with("to ") { 12 } else { 8 };
    if l.is_empty() || word_count(&l) > long || l.chars().count() > 90 {
        return false;
    }
    let ends_ok = l.ends_with(',') || l.ends_with(':') || l.ends_with('!') || l.ends_with('—');
    if !ends_ok {
        return false;
    }
    // "Dear me, what a mess," — a salutation names someone; reject dialogue-like commas inside
    // (but an endearment said twice is one: `My dear, dear June,`).
    let core = l.trim_end_matches([',', ':', '!', '—', ' ']);
    let doubled = ["dear, dear ", "dearest, dearest ", "darling, darling "]
        .iter()
        .find_map(|d| core.find(d).map(|at| (at, d.len())));
    let core_owned = match doubled {
        Some((at, len)) => format!("{}{}", &core[..at], &core[at + len - len / 2..]),
        None => core.to_string(),
    };
    let core = core_owned.as_str();
    let mut unabbreviated = core.to_string();
    for abbr in [
        "mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "rev.", "capt.", "col.", "lt.", "m.", "mme.",
        "mlle.",
    ] {
        unabbreviated = unabbreviated.replace(abbr, "");
    }
    // Two greetings joined: `My dear Jem, and my dear Tilly,`.
    if let Some((a, b)) = line.trim().split_once(", and ") {
        return is_salutation(&format!("{a},")) && is_salutation(b);
    }
    if core.contains(',') || core.contains('?') || unabbreviated.contains('.') {
        return false;
    }
    if core == "dear" || core == "dear me" || core == "dear god" || core == "dear lord" {
        return false;
    }
    // One word that only ever greets: "Dearest,", "Darling,", "Sir,", "Madam,".
    if matches!(
        core,
        "dearest"
            | "darling"
            | "sir"
            | "madam"
            | "gentlemen"
            | "dear sir"
            | "dear madam"
            | "respected sir"
            | "honoured sir"
            | "my lord"
            | "my lady"
    ) {
        return true;
    }
    // "To His Majesty the King at Harrowgate:", "To all who read this,". (The case of the
    // word after `To` is read from the line as written.)
    let original = line.trim().trim_start_matches(['"', '“']);
    let addressed_to = core.strip_prefix("to ").is_some_and(|rest| {
        rest.split_whitespace().next().is_some_and(|w| {
            // (`To Mr HENRY DAVIS, Bookseller,` is a superscription, not a greeting)
            l.ends_with(':')
                && original
                    .split_whitespace()
                    .nth(1)
                    .is_some_and(|o| o.chars().next().is_some_and(char::is_uppercase))
                || matches!(
                    w,
                    "the" | "my" | "all" | "whoever" | "whomever" | "anyone" | "you"
                )
        })
    });
    // A name and an endearment: `Nora darling —`, `Jem dear,`.
    let words: Vec<&str> = original.split_whitespace().collect();
    let endeared = (2..=3).contains(&words.len())
        && words[0].chars().next().is_some_and(char::is_uppercase)
        && words[0].chars().skip(1).all(char::is_lowercase)
        && !matches!(
            words[0],
            "And"
                | "But"
                | "Oh"
                | "Ah"
                | "So"
                | "Yes"
                | "No"
                | "Well"
                | "Now"
                | "Then"
                | "Or"
                | "My"
                | "Your"
                | "The"
                | "Goodnight"
                | "Goodbye"
                | "Night"
                | "Morning"
                | "With"
                | "All"
                | "Much"
                | "Yours"
                | "Ever"
                | "Thanks"
                | "Cheers"
        )
        && matches!(
            words[1]
                .trim_end_matches([',', ':', '!', '—'])
                .to_lowercase()
                .as_str(),
            "darling" | "dear" | "dearest" | "sweetheart" | "love" | "sweetie" | "honey" | "pet"
        )
        && (words.len() == 2 || matches!(words[2], "—" | "-" | "--"));
    if endeared {
        return true;
    }
    // `My own Aldric,`, `My own darling,` (not `My own fault,`); Spanish `Mi niña,`.
    let own = core.starts_with("my own ")
        && words.get(2).is_some_and(|w| {
            w.starts_with(char::is_uppercase)
                || matches!(
                    w.trim_end_matches([',', ':', '!', '—'])
                        .to_lowercase()
                        .as_str(),
                    "darling" | "dear" | "dearest" | "love" | "sweetheart"
                )
        })
        && words.len() <= 4;
    let mi = core.starts_with("mi ") && words.len() <= 3;
    if own || mi {
        return true;
    }
    let addressed_to = addressed_to
        && original.split_whitespace().nth(1).is_some_and(|w| {
            w.chars().next().is_some_and(|c| c.is_uppercase()) || w.chars().all(char::is_lowercase)
        });
    addressed_to || SALUTATION_OPENINGS.iter().any(|o| core.starts_with(o))
}

/// A salutation run into the body: `MY DEAR BROTHER,--I can no longer…`,
/// `Dear Mr. Mellish.--Can you`, `Dear Lanyon,—You are`. Returns the salutation's length in
/// bytes (including its dashes).
pub fn salutation_prefix(text: &str) -> Option<usize> {
    let t = text.trim_start_matches(['"', '“', '«', ' ', '*', '_']);
    let skip = text.len() - t.len();
    // (a salutation is at most 60 characters: only the start is searched)
    let t = &t[..t.char_indices().nth(66).map_or(t.len(), |(i, _)| i)];
    for sep in [
        ",--", ",—", ":--", ":—", ".--", ".—", ", --", ",-- ", "!--", "!—",
    ] {
        if let Some(at) = t.find(sep) {
            let head = &t[..at + 1];
            if head.chars().count() <= 60 && is_salutation(head) {
                let dash = sep.trim_start_matches([',', ':', '.', '!', ' ']);
                return Some(skip + at + 1 + (sep.len() - 1 - dash.len()) + dash.len());
            }
        }
    }
    None
}

/// `Yours ever,` / `Love,` / `Your loving sister,` / `Yours, with the lamp in the window,`
pub fn is_valediction(line: &str) -> bool {
    let l = lower_trim(line);
    if l.is_empty() || word_count(&l) > 10 {
        return false;
    }
    let core = l.trim_end_matches([',', '.', '!', '…', ' ']).trim();
    if core.contains('?') {
        return false;
    }
    if VALEDICTIONS.contains(&core) {
        return true;
    }
    // Longer sign-offs must end with a comma, like a real sign-off line ("Love, she said."
    // is dialogue), and open with a known sign-off followed by a comma or a space.
    if !l.ends_with(',') {
        return false;
    }
    let opens_with = |v: &str| {
        core.strip_prefix(v)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([',', ' ']))
    };
    VALEDICTIONS.iter().any(|v| opens_with(v))
        || VALEDICTION_PREFIXES.iter().any(|p| core.starts_with(p))
}

/// `Tom`, `— R.`, `Your friend, M.`: a short line of name-like words.
pub fn is_signature(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches(['—', '–', '-', '~'])
        .trim()
        .trim_end_matches(['"', '”', '»'])
        .trim();
    if t.is_empty() || t.chars().count() > 40 || word_count(t) > 5 {
        return false;
    }
    if t.ends_with('?') || t.ends_with('!') || t.ends_with(',') || t.ends_with(':') {
        return false;
    }
    // A sentence ending in a full stop is not a signature, unless it ends with initials
    // ("K.", "T.B.", "J. R.").
    if t.ends_with('.') {
        let last = t.split_whitespace().last().unwrap_or("");
        let initials = last
            .split_terminator('.')
            .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase));
        if !initials {
            return false;
        }
    }
    // Every word is capitalised (or an initial / particle like "de", "van").
    t.split_whitespace().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.is_empty()
            || w.chars().next().is_some_and(|c| c.is_uppercase())
            || w.chars().all(|c| c.is_ascii_digit())
            || matches!(
                w,
                "de" | "van" | "von" | "la" | "le" | "du" | "da" | "di" | "of" | "the" | "and"
            )
    })
}

/// `P.S. …`, `PS: …`, `P.P.S. …`
pub fn is_postscript(line: &str) -> bool {
    let t = line
        .trim()
        .trim_start_matches(['"', '“', '«', '('])
        .trim_start();
    // (compared in place: this runs for every line of every block, and must not allocate)
    let starts = |p: &str| t.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    const MARKS: &[&str] = &[
        "P.S.",
        "P.S",
        "PS.",
        "PS:",
        "PS ",
        "P.P.S",
        "PPS",
        "P.-S.",
        "ADDENDUM:",
        // (Spanish and Portuguese `post data`, and a `nota bene` under the name)
        "P.D.",
        "P.P.D.",
        "PD:",
        "N.B.",
        "NB:",
    ];
    MARKS.iter().any(|p| starts(p))
}

/// Builds a [`Letter`] from the blocks of a Markdown blockquote, with the same grammar of
/// parts as plain text ([`recognise::letter_text`]): head lines, a salutation on its own line
/// or run into the body, a closing on its own paragraphs, on one line or run into the last
/// sentence, postscripts. Returns `None` when the blocks do not read as a letter — no
/// salutation and no signed closing — unless `forced` (`[!letter]`).
pub fn build_letter(blocks: Vec<Block>, forced: bool, end_line: usize) -> Option<Letter> {
    let texts: Vec<String> = blocks.iter().map(block_text).collect();
    let wrapper = texts
        .iter()
        .find(|t| !t.is_empty())
        .map_or(Wrapper::None, |t| recognise::unwrap(t).0);
    let parts = recognise::letter_text(&texts, wrapper);
    let signed = parts.signature.is_some() && parts.valediction.is_some();
    if !(forced || parts.salutation.is_some() || signed) {
        return None;
    }
    // Each part keeps its paragraph's inline formatting when it is a whole paragraph; a part
    // cut out of a paragraph (a run-in salutation or closing) is its text.
    let stripped: Vec<String> = texts
        .iter()
        .map(|t| recognise::strip_wrapper(t, wrapper))
        .collect();
    let inlines_of = |t: &str| -> Vec<Inline> {
        match stripped.iter().position(|s| s == t) {
            Some(i) => match &blocks[i] {
                Block::Paragraph { content, .. } => unwrap_emphasis(content, wrapper),
                _ => vec![Inline::Text(t.to_string())],
            },
            None => vec![Inline::Text(t.to_string())],
        }
    };
    // A part keeps the lines it was written on (a message's header lines, an address, a
    // staircase sign-off, a title over a firm: one under another).
    let part = |p: &Option<String>| {
        p.as_deref()
            .map(|s| super::line_by_line(s, &mut |l: &str| inlines_of(l)))
    };
    let mut reasons = Vec::new();
    if forced {
        reasons.push("marked as a letter".to_string());
    }
    reasons.push(parts.explain());
    let body = parts
        .body
        .iter()
        .map(|(t, i)| {
            if stripped[*i] == *t {
                match &blocks[*i] {
                    Block::Paragraph { content, line } => Block::Paragraph {
                        content: unwrap_emphasis(content, wrapper),
                        line: *line,
                    },
                    other => other.clone(),
                }
            } else {
                Block::Paragraph {
                    content: vec![Inline::Text(t.clone())],
                    line: blocks[*i].line(),
                }
            }
        })
        .collect();
    Some(Letter {
        superscription: part(&parts.superscription),
        dateline: part(&parts.dateline),
        address: part(&parts.address),
        role: part(&parts.role),
        salutation: part(&parts.salutation),
        valediction: part(&parts.valediction),
        signature: part(&parts.signature),
        postscript: parts.postscript.iter().map(|p| inlines_of(p)).collect(),
        body,
        line: blocks.first().map_or(0, Block::line),
        end_line,
        source_paragraphs: blocks.len(),
        reason: reasons
            .into_iter()
            .filter(|r| !r.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
    })
}

/// A paragraph's text as the recogniser reads it: emphasis wrapping the whole paragraph is
/// written back as `*…*` / `**…**`; other blocks (lists, images) have no text.
fn block_text(b: &Block) -> String {
    match b {
        Block::Paragraph { content, .. } => match content.as_slice() {
            [Inline::Emphasis(inner)] => format!("*{}*", plain_text_lines(inner)),
            [Inline::Strong(inner)] => format!("**{}**", plain_text_lines(inner)),
            _ => plain_text_lines(content),
        },
        _ => String::new(),
    }
}

/// A paragraph's inlines without the letter's emphasis wrapping.
fn unwrap_emphasis(content: &[Inline], wrapper: Wrapper) -> Vec<Inline> {
    match (content, wrapper) {
        ([Inline::Emphasis(inner)], Wrapper::Italic) | ([Inline::Strong(inner)], Wrapper::Bold) => {
            inner.clone()
        }
        _ => content.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    #[test]
    fn salutations() {
        for s in [
            "Dear Marianne,",
            "My dearest Tom,",
            "To whoever finds this:",
            "Dearest Mother,",
            "Dear Diary,",
            "Ma chère Élise,",
            "Dear Mr. Abernathy,",
            "\"Dear Marianne,",
            "To whom it may concern:",
            "My dear Jo, and my dear Bill,",
            "To Her Grace the Lady Ysolde of the March, greeting.",
            "To all to whom these presents shall come, greeting:",
            "My own Aldric,",
            "To all the porters and clerks on Platform 4,",
            "“My own darling,",
            "Mi niña,",
        ] {
            assert!(is_salutation(s), "{s}");
        }
        for s in [
            "Dear me, what a mess,",
            "Dear God.",
            "Dear,",
            "Hello.",
            "Dear Marianne, I hope this finds you well and that the winter has been kind.",
            "Hi,",
            "Tom!",
            "To the shore they went, and the boats were waiting.",
            "Dear me, and my dear Bill,",
            "To the gate she ran, greeting.",
            "My own fault,",
        ] {
            assert!(!is_salutation(s), "{s}");
        }
    }

    #[test]
    fn valedictions() {
        for s in [
            "Yours ever,",
            "Love,",
            "All my love,",
            "Best wishes,",
            "Your loving sister,",
            "Sincerely,",
            "Je t'embrasse,",
            "Yours.",
            "Yours, with the lamp in the window,",
            "With thanks, and with apologies for the peaches,",
            "Your friend, and for once not your captain,",
            "Sorry again,",
            "See you soon,",
        ] {
            assert!(is_valediction(s), "{s}");
        }
        for s in [
            "Love, she said.",
            "Love?",
            "Your move, Tom.",
            "Yours is the blue one, I think.",
            "Best get going.",
        ] {
            assert!(!is_valediction(s), "{s}");
        }
    }

    #[test]
    fn signatures() {
        for s in [
            "— Callum (Room 2)",
            "Room 4",
            "T.B.",
            "Dad and the",
            "Tom",
            "— R",
            "Marianne Holt",
            "K.",
            "J. R. Mallory",
            "Élise",
        ] {
            assert!(is_signature(s), "{s}");
        }
        for s in [
            "No.",
            "Come home.",
            "she said",
            "I will wait for you at the pier.",
            "Tom?",
            "Go.",
            "OK.",
        ] {
            assert!(!is_signature(s), "{s}");
        }
    }

    #[test]
    fn postscripts() {
        assert!(is_postscript("P.S. Burn this."));
        assert!(is_postscript("PS: bring the map"));
        assert!(is_postscript("P.P.S. And the key."));
        assert!(is_postscript("P.D. The foreman's name is Quist."));
        assert!(is_postscript("N.B. The key is under the mat."));
        assert!(!is_postscript("PDF attached."));
        assert!(!is_postscript("Pshaw, he said."));
        assert!(!is_postscript("Perhaps."));
    }

    fn p(text: &str, line: usize) -> Block {
        let mut content = Vec::new();
        for (i, l) in text.split('\n').enumerate() {
            if i > 0 {
                content.push(Inline::LineBreak);
            }
            content.push(Inline::Text(l.to_string()));
        }
        Block::Paragraph { content, line }
    }

    #[test]
    fn full_letter() {
        let l = build_letter(
            vec![
                p("Harrow Point, 3rd March", 1),
                p("Dear Marianne,", 3),
                p("The lamp is lit.", 5),
                p("The sea is calm.", 7),
                p("Yours ever,", 9),
                p("Tom", 11),
                p("P.S. Burn this.", 13),
            ],
            false,
            13,
        )
        .expect("a letter");
        assert!(l.dateline.is_some());
        assert_eq!(plain_text(l.salutation.as_ref().unwrap()), "Dear Marianne,");
        assert_eq!(l.body.len(), 2);
        assert_eq!(plain_text(l.valediction.as_ref().unwrap()), "Yours ever,");
        assert_eq!(plain_text(l.signature.as_ref().unwrap()), "Tom");
        assert_eq!(l.postscript.len(), 1);
        assert_eq!(l.paragraph_count(), 7);
    }

    #[test]
    fn signoff_and_signature_in_one_paragraph() {
        let l = build_letter(
            vec![p("Dear Tom,", 1), p("Come home.", 3), p("Love,\nM.", 5)],
            false,
            6,
        )
        .unwrap();
        assert_eq!(plain_text(l.valediction.as_ref().unwrap()), "Love,");
        assert_eq!(plain_text(l.signature.as_ref().unwrap()), "M.");
        assert_eq!(l.body.len(), 1);
    }

    #[test]
    fn quotation_is_not_a_letter() {
        assert!(build_letter(
            vec![
                p("The tide comes in, the tide goes out,", 1),
                p("and no one keeps the count.", 2)
            ],
            false,
            2
        )
        .is_none());
    }

    #[test]
    fn forced_note_without_salutation() {
        let l = build_letter(
            vec![p("Gone to the market. Back by six.", 1), p("— R", 2)],
            true,
            2,
        )
        .unwrap();
        assert_eq!(plain_text(l.signature.as_ref().unwrap()), "— R");
        assert_eq!(l.body.len(), 1);
    }

    #[test]
    fn run_in_salutation_and_closing_in_a_blockquote() {
        let l = build_letter(
            vec![
                p("MY DEAR BROTHER,--I can no longer keep silent.", 1),
                p("Come home.  Yours affectionately,", 3),
                p("CHARLOTTE.", 5),
            ],
            false,
            5,
        )
        .unwrap();
        assert_eq!(
            plain_text(l.salutation.as_ref().unwrap()),
            "MY DEAR BROTHER,--"
        );
        assert_eq!(
            plain_text(l.valediction.as_ref().unwrap()),
            "Yours affectionately,"
        );
        assert_eq!(plain_text(l.signature.as_ref().unwrap()), "CHARLOTTE.");
        assert_eq!(l.body.len(), 2);
    }

    #[test]
    fn epigraph_with_attribution_is_not_a_letter() {
        assert!(build_letter(vec![p("The sea is wide.", 1), p("— Keats", 3)], false, 3).is_none());
    }

    #[test]
    fn salutation_on_first_line_of_paragraph() {
        let l = build_letter(
            vec![p("Dear Tom,\nThe lamp is lit.", 1), p("Yours,\nM.", 3)],
            false,
            4,
        )
        .unwrap();
        assert_eq!(plain_text(l.salutation.as_ref().unwrap()), "Dear Tom,");
        assert_eq!(l.body.len(), 1);
    }
}
