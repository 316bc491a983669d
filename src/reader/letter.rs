//! Recognising the parts of a letter: dateline, salutation, body, valediction, signature, P.S.
//!
//! Shared by the Markdown reader (letters are blockquotes) and the plain-text reader (letters
//! are found among ordinary paragraphs). The tests at the bottom are the specification.

use crate::model::{plain_text, split_at_line_breaks, Block, Inline, Letter};

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

fn lower_trim(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '«' | '»'))
        .trim()
        .to_lowercase()
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// `Dear Marianne,` — a short line that opens with a greeting and ends with `,`, `:` or `!`
/// (or just the greeting, e.g. `Dear Diary`).
pub fn is_salutation(line: &str) -> bool {
    let l = lower_trim(line);
    if l.is_empty() || word_count(&l) > 8 || l.chars().count() > 70 {
        return false;
    }
    let ends_ok = l.ends_with(',') || l.ends_with(':') || l.ends_with('!') || l.ends_with('—');
    if !ends_ok {
        return false;
    }
    // "Dear me, what a mess," — a salutation names someone; reject dialogue-like commas inside.
    let core = l.trim_end_matches([',', ':', '!', '—']);
    let mut unabbreviated = core.to_string();
    for abbr in [
        "mr.", "mrs.", "ms.", "dr.", "st.", "prof.", "rev.", "capt.", "col.", "lt.", "m.", "mme.",
        "mlle.",
    ] {
        unabbreviated = unabbreviated.replace(abbr, "");
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
    // "To His Majesty the King at Harrowgate:", "To all who read this,".
    let addressed_to = core.strip_prefix("to ").is_some_and(|rest| {
        rest.split_whitespace().next().is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    w,
                    "the" | "my" | "all" | "whoever" | "whomever" | "anyone" | "you"
                )
        })
    });
    let original = line.trim().trim_start_matches(['"', '“']);
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
    let upper: String = t.chars().take(6).collect::<String>().to_uppercase();
    ["P.S.", "P.S", "PS.", "PS:", "PS ", "P.P.S", "PPS", "P.-S."]
        .iter()
        .any(|p| upper.starts_with(p))
}

/// `Harrow Point, 3rd March` / `Tuesday night` / `14 June 1888`: a short line before a
/// salutation that is not a sentence.
pub fn is_dateline(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || word_count(t) > 8 || t.chars().count() > 60 {
        return false;
    }
    !(t.ends_with('?') || t.ends_with('!') || t.ends_with(':') || t.starts_with(['"', '“']))
}

/// Builds a [`Letter`] from paragraphs. Returns `None` when the paragraphs do not read as a
/// letter (no salutation and no sign-off) unless `forced`.
///
/// `other_blocks` are non-paragraph blocks inside the letter (kept in the body in order); the
/// paragraphs are given as `Block::Paragraph` in `body_blocks` order.
pub fn build_letter(blocks: Vec<Block>, forced: bool, end_line: usize) -> Option<Letter> {
    build_letter_impl(
        blocks,
        LetterHints {
            forced,
            dateline: false,
            salutation: false,
        },
        end_line,
    )
}

/// What a caller already knows about a letter's opening (the plain-text reader decides the
/// span and the opening itself; the closing is found here).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LetterHints {
    /// Build a letter even without a recognisable salutation or closing.
    pub forced: bool,
    /// The first paragraph is a dateline (and the second the salutation).
    pub dateline: bool,
    /// The first paragraph (after the dateline) is the salutation, even if it is only a name.
    pub salutation: bool,
}

/// Builds a letter from paragraphs a caller has already recognised as one.
pub fn build_letter_with(blocks: Vec<Block>, hints: LetterHints, end_line: usize) -> Letter {
    let mut letter = build_letter_impl(
        blocks,
        LetterHints {
            forced: true,
            ..hints
        },
        end_line,
    )
    .expect("forced letters always build");
    if !hints.forced {
        // The caller recognised the letter itself: it was not marked by the author.
        letter.reason = letter
            .reason
            .trim_start_matches("marked as a letter")
            .trim_start_matches("; ")
            .to_string();
    }
    letter
}

fn build_letter_impl(blocks: Vec<Block>, hints: LetterHints, end_line: usize) -> Option<Letter> {
    let forced = hints.forced;
    let source_paragraphs = blocks.len();
    let first_line = blocks.first().map_or(0, Block::line);
    let mut blocks = blocks;
    let mut letter = Letter {
        line: first_line,
        end_line,
        source_paragraphs,
        ..Default::default()
    };
    let mut reasons: Vec<String> = Vec::new();
    let para_text = |b: &Block| match b {
        Block::Paragraph { content, .. } => Some(plain_text(content)),
        _ => None,
    };

    // Split the opening paragraph when the salutation is its first line ("Dear Tom,\nI write…").
    if let Some(Block::Paragraph { content, line }) = blocks.first().cloned() {
        let parts = split_at_line_breaks(&content);
        if parts.len() > 1 && is_salutation(&plain_text(&parts[0])) {
            let rest: Vec<Inline> = join_lines(&parts[1..]);
            blocks[0] = Block::Paragraph {
                content: parts[0].clone(),
                line,
            };
            blocks.insert(
                1,
                Block::Paragraph {
                    content: rest,
                    line: line + 1,
                },
            );
        }
    }

    // Opening: dateline? salutation.
    let mut start = 0;
    let t0 = blocks.first().and_then(para_text);
    let t1 = blocks.get(1).and_then(para_text);
    if hints.dateline && blocks.len() >= 2 {
        letter.dateline = Some(para_content(&blocks[0]));
        letter.salutation = Some(para_content(&blocks[1]));
        reasons.push(format!("dateline `{}`", t0.as_deref().unwrap_or("").trim()));
        start = 2;
    } else if hints.salutation && !blocks.is_empty() {
        letter.salutation = Some(para_content(&blocks[0]));
        start = 1;
    } else if let (Some(a), Some(b)) = (&t0, &t1) {
        if is_dateline(a) && !is_salutation(a) && is_salutation(b) {
            letter.dateline = Some(para_content(&blocks[0]));
            letter.salutation = Some(para_content(&blocks[1]));
            reasons.push(format!("dateline `{}`", a.trim()));
            reasons.push(format!("salutation `{}`", b.trim()));
            start = 2;
        }
    }
    if start == 0 {
        if let Some(a) = &t0 {
            if is_salutation(a) {
                letter.salutation = Some(para_content(&blocks[0]));
                reasons.push(format!("salutation `{}`", a.trim()));
                start = 1;
            }
        }
    }

    // Closing, from the end: postscripts, signature, valediction.
    let mut end = blocks.len();
    let mut ps = Vec::new();
    while end > start {
        match blocks.get(end - 1).and_then(para_text) {
            Some(t) if is_postscript(&t) => {
                ps.push(para_content(&blocks[end - 1]));
                end -= 1;
            }
            _ => break,
        }
    }
    // A P.S. is only a P.S. after a signed closing; otherwise keep it in the body.
    let ps_count = ps.len();
    ps.reverse();

    let mut closing_found = false;
    if end > start {
        if let Some(Block::Paragraph { content, .. }) = blocks.get(end - 1) {
            let parts = split_at_line_breaks(content);
            let texts: Vec<String> = parts.iter().map(|p| plain_text(p)).collect();
            if parts.len() >= 2
                && is_valediction(&texts[texts.len() - 2])
                && is_signature(&texts[texts.len() - 1])
                && parts.len() == 2
            {
                // "Yours ever,\nTom" in one paragraph.
                letter.valediction = Some(parts[0].clone());
                letter.signature = Some(parts[1].clone());
                reasons.push(format!(
                    "sign-off `{}` + signature `{}`",
                    texts[0], texts[1]
                ));
                end -= 1;
                closing_found = true;
            } else if parts.len() == 1 {
                let t = &texts[0];
                if let Some((val, sig)) = split_inline_signoff(t) {
                    // "Love, Tom"
                    letter.valediction = Some(vec![Inline::Text(val.clone())]);
                    letter.signature = Some(vec![Inline::Text(sig.clone())]);
                    reasons.push(format!("sign-off `{val}` + signature `{sig}`"));
                    end -= 1;
                    closing_found = true;
                } else if is_signature(t) && end - 1 > start {
                    let prev = blocks.get(end - 2).and_then(para_text);
                    if prev.as_deref().is_some_and(is_valediction) {
                        letter.signature = Some(content.clone());
                        letter.valediction = Some(para_content(&blocks[end - 2]));
                        reasons.push(format!(
                            "sign-off `{}` + signature `{}`",
                            prev.unwrap_or_default().trim(),
                            t.trim()
                        ));
                        end -= 2;
                        closing_found = true;
                    } else if forced || letter.salutation.is_some() {
                        // A bare signature after a salutation-opened letter ("— R").
                        let dashed = t.trim_start().starts_with(['—', '–', '-', '~']);
                        if dashed || forced {
                            letter.signature = Some(content.clone());
                            reasons.push(format!("signature `{}`", t.trim()));
                            end -= 1;
                            closing_found = true;
                        }
                    }
                } else if is_valediction(t) && (forced || letter.salutation.is_some()) {
                    letter.valediction = Some(content.clone());
                    reasons.push(format!("sign-off `{}`", t.trim()));
                    end -= 1;
                    closing_found = true;
                }
            }
        }
    }
    if ps_count > 0 {
        if closing_found || forced {
            letter.postscript = ps;
            reasons.push("postscript".into());
        } else {
            end += ps_count;
        }
    }

    if letter.salutation.is_none() && !closing_found && !forced {
        return None;
    }
    if forced {
        reasons.insert(0, "marked as a letter".into());
    }
    letter.body = blocks[start..end].to_vec();
    letter.reason = reasons.join("; ");
    Some(letter)
}

/// "Love, Tom" / "Yours, M." on one line → ("Love,", "Tom").
fn split_inline_signoff(t: &str) -> Option<(String, String)> {
    let (val, sig) = t.trim().split_once(',')?;
    let val = format!("{},", val.trim());
    let sig = sig.trim().to_string();
    (is_valediction(&val) && is_signature(&sig) && !sig.is_empty()).then_some((val, sig))
}

fn para_content(b: &Block) -> Vec<Inline> {
    match b {
        Block::Paragraph { content, .. } => content.clone(),
        _ => Vec::new(),
    }
}

fn join_lines(parts: &[Vec<Inline>]) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(Inline::Text("\n".into()));
        }
        out.extend(p.iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
