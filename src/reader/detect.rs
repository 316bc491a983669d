//! Line and paragraph detectors for plain-text manuscripts: scene-break separators, time and
//! place jump lines, chapter headings and author's-note signals.
//!
//! Each detector looks at one trimmed paragraph and is deliberately strict: a wrong guess
//! costs a reader more than a missed one. The table tests below are the specification.

/// Letters allowed in a separator line (`oOo`, `xXx`, `-x-x-`, `o0o`).
fn is_separator_letter(c: char) -> bool {
    matches!(c, 'o' | 'O' | 'x' | 'X' | '0')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' | '„')
}

/// A home-made scene separator: a short line of symbols (`***`, `~~~`, `-x-x-x-`, `oOo`,
/// `<><><>`, a lone `—`…) with no letters forming words.
pub fn is_separator(line: &str) -> bool {
    if line.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    let t = line.trim();
    if t.is_empty() || t.contains('\n') {
        return false;
    }
    if is_break_word(t) {
        return true;
    }
    if is_spaced_row(t) {
        return true;
    }
    if t.chars().count() > 40 {
        return false;
    }
    if t.chars().any(is_quote) {
        return false;
    }
    let mut symbols = 0;
    let mut letters = 0;
    for c in t.chars() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() {
            if !is_separator_letter(c) {
                return false;
            }
            letters += 1;
        } else {
            symbols += 1;
        }
    }
    let non_space = symbols + letters;
    if non_space == 1 {
        // A lone dash or asterisk-like character.
        return matches!(t, "—" | "–" | "~" | "*" | "#" | "…")
            || t.chars().next().is_some_and(is_ornament_char);
    }
    if letters > 0 {
        // oOo, xXx, o0o, -x-x-: letters must alternate or repeat, 3+ characters, and no
        // ordinary word (`ox`, `xo` are too short to be words anyway).
        let lower: String = t
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        // "xoxo", "xox", "xxx" are kisses signing a note, not separators.
        let kisses = t.chars().all(|c| matches!(c, 'x' | 'o'))
            && (lower.chars().all(|c| c == 'x') || lower.contains("xo") || lower.contains("ox"))
            && !lower.contains("oo")
            // (and `xx O`, kisses before an initial: an ornament reads the same both ways)
            || t.contains(' ')
                && lower.chars().all(|c| matches!(c, 'x' | 'o'))
                && !lower.chars().eq(lower.chars().rev());
        // One letter must sit between matching marks (`~o~`, `-x-`, `(o)`): `— O.` signs.
        let (first, last) = (
            t.chars().next().unwrap_or(' '),
            t.chars().last().unwrap_or(' '),
        );
        let framed = first == last
            || matches!(
                (first, last),
                ('(', ')') | ('[', ']') | ('<', '>') | ('{', '}')
            );
        return non_space >= 3
            && !kisses
            && (letters >= 2 || framed && !first.is_alphanumeric())
            && lower.chars().all(|c| matches!(c, 'o' | 'x' | '0'));
    }
    non_space >= 2 && !t.chars().all(|c| c == '.' || c.is_whitespace())
        || t.trim() == "..."
        || t == ". . ."
        || t == "…"
}

/// A character drawn as an ornament, never written in words: a bullet, a geometric shape, a
/// star, a dingbat, a pictograph (`•`, `▪`, `◆`, `✦`, `❦`, `§`, `⁂`, `🕯`). Hearts are
/// excluded: under a note's name they are kisses (`J <3`, `♥`), not a scene's ornament.
pub(crate) fn is_ornament_char(c: char) -> bool {
    // (hearts are kisses; faces, hands and people answer a message: `😂` alone is a reply)
    let heart = matches!(c, '♥' | '♡' | '❤' | '❣' | '❥');
    let face = matches!(c, '☺' | '☹' | '☻') || ('\u{1F440}'..='\u{1F4AF}').contains(&c);
    !heart
        && !face
        && (matches!(c, '•' | '‣' | '⁂' | '⁕' | '※' | '§' | '·')
            || ('\u{2190}'..='\u{21FF}').contains(&c) // arrows
            || ('\u{25A0}'..='\u{27BF}').contains(&c) // shapes, symbols, dingbats
            || ('\u{2B00}'..='\u{2BFF}').contains(&c) // more shapes and stars
            || ('\u{1F300}'..='\u{1F5FF}').contains(&c)) // pictographs
}

/// Archives that strip separator lines leave the word instead: `[break]`, `-Line Break-`,
/// `(scene break)`, `~page break~`.
fn is_break_word(t: &str) -> bool {
    let core = t
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let decorated = t.len() > core.len();
    matches!(
        core.as_str(),
        "line break"
            | "scene break"
            | "page break"
            | "linebreak"
            | "scenebreak"
            | "break"
            | "scene change"
            | "section break"
    ) && (decorated || core.contains(' '))
}

/// A row of one symbol repeated with spaces between, of any width: `*       *       *`
/// (Project Gutenberg sets them up to a full line), `.    .    .    .`, `. . . . . . . .`.
fn is_spaced_row(t: &str) -> bool {
    let marks: Vec<&str> = t.split_whitespace().collect();
    marks.len() >= 3
        && t.chars().count() <= 100
        && marks.iter().all(|m| *m == marks[0])
        && marks[0].chars().count() <= 3
        && marks[0]
            .chars()
            .all(|c| matches!(c, '*' | '.' | '~' | '-' | '+' | '#' | '•' | '·' | '='))
}

const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "hundred",
    "a",
    "an",
    "several",
    "few",
    "many",
    "some",
    "couple",
    "half",
];

const UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "night",
    "week",
    "fortnight",
    "month",
    "year",
    "decade",
    "century",
    "summer",
    "winter",
    "spring",
    "autumn",
    "moment",
    "morning",
    "evening",
];

const DAY_PARTS: &[&str] = &[
    "morning",
    "afternoon",
    "evening",
    "night",
    "day",
    "week",
    "month",
    "year",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "weekend",
    "dawn",
    "dusk",
];

pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn singular(w: &str) -> &str {
    w.strip_suffix("ies")
        .map(|_| w) // centuries: keep (rare)
        .or_else(|| w.strip_suffix('s'))
        .unwrap_or(w)
}

fn is_number_word(w: &str) -> bool {
    NUMBER_WORDS.contains(&w)
        || w.chars().all(|c| c.is_ascii_digit())
        || w.split('-').all(|p| NUMBER_WORDS.contains(&p)) // twenty-five
}

/// Strips decoration around a jump line: `*Three days later*`, `_London, 1888_`,
/// `-x- Later -x-`, `~ Meanwhile ~`, `[Two hours earlier]`.
pub fn strip_decoration(line: &str) -> &str {
    const DECO: &[char] = &[
        '*', '_', '~', '=', '-', '—', '–', '#', '+', '<', '>', '[', ']', '(', ')', '•', ' ',
    ];
    let mut t = line.trim();
    // Whole separator tokens around the text: "-x- Later -x-", "oOo Later oOo".
    loop {
        let first = t.split_whitespace().next().unwrap_or("");
        if !first.is_empty()
            && first.len() < t.len()
            && is_separator(first)
            && first.chars().count() >= 2
        {
            t = t[first.len()..].trim_start();
            continue;
        }
        let last = t.split_whitespace().last().unwrap_or("");
        if !last.is_empty()
            && last.len() < t.len()
            && is_separator(last)
            && last.chars().count() >= 2
        {
            t = t[..t.len() - last.len()].trim_end();
            continue;
        }
        break;
    }
    t.trim_matches(|c: char| DECO.contains(&c) || c == '\u{FE0F}' || is_ornament_char(c))
        .trim()
}

/// A short line right after a separator that names the new scene (`Closing night`,
/// `*The fair*`): at most five words, capitalised, no sentence punctuation, not dialogue.
pub fn is_short_label(line: &str) -> Option<String> {
    if line.len() > 400 {
        return None; // a paragraph of prose, not a line
    }
    let raw = line.trim();
    if raw.contains('\n') || raw.chars().count() > 40 {
        return None;
    }
    // A chat line under its time stamp (`[21:04] pip: hi`) is the log, not a label.
    if raw.starts_with(['[', '(']) && raw[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let t = strip_decoration(raw);
    let words = t.split_whitespace().count();
    // (an apostrophe inside a word is no quotation: `Ship's day 212`)
    let quoted = t.char_indices().any(|(i, c)| {
        is_quote(c) && {
            let before = t[..i].chars().next_back().is_some_and(char::is_alphabetic);
            let after = t[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
            !(matches!(c, '\'' | '’') && before && after)
        }
    });
    if t.is_empty() || words > 5 || quoted {
        return None;
    }
    if t.ends_with(['.', '!', '?', ',', ';', ':', '—']) && !t.ends_with("...") {
        return None;
    }
    let first = t.chars().next()?;
    (first.is_uppercase() || first.is_ascii_digit()).then(|| t.to_string())
}

/// A time jump written in lower case, as some archives' authors write everything (`the
/// morning after`, `three days later`): read only right after a separator, where a label
/// stands. Returns the label as written.
pub fn lower_case_jump(line: &str) -> Option<String> {
    let t = line.trim();
    let first = t.chars().next().filter(|c| c.is_lowercase())?;
    if t.contains('\n') || t.chars().count() > 40 {
        return None;
    }
    let capitalised: String = first.to_uppercase().chain(t.chars().skip(1)).collect();
    jump_label(&capitalised).map(|_| strip_decoration(t).to_string())
}

/// A time or place jump standing alone: `Three days later`, `Two hours earlier`,
/// `Back in the present`, `Meanwhile, across town`, `London, 1888`, `The next morning`.
/// Returns the label text (without decoration) when the line is one.
pub fn jump_label(line: &str) -> Option<String> {
    if line.len() > 400 {
        return None; // a paragraph of prose, not a line
    }
    let raw = line.trim();
    if raw.contains('\n') || raw.chars().count() > 60 {
        return None;
    }
    let t = strip_decoration(raw);
    if t.is_empty()
        || t.chars().next().is_some_and(is_quote)
        || t.chars().any(|c| c == '"' || c == '“')
    {
        return None;
    }
    if t.ends_with(':') {
        return None; // "Four minutes later:" introduces what follows
    }
    let core = t.trim_end_matches(['.', '…', ':']).trim_end();
    let ellipsis = t.ends_with("...") || t.ends_with('…');
    if t.ends_with(['!', '?', ',', ';']) || (t.ends_with('.') && !ellipsis && t.ends_with("..")) {
        return None;
    }
    let words: Vec<String> = core
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let first_upper = core
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !first_upper {
        return None;
    }
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    // A dash before a name and a year, and none after, attributes what stands above it (a
    // recipe's `— Nan, 1974`, a quotation's `— Anon., 1820`): a signature, not a place.
    let attributed = raw.starts_with(['—', '–', '-', '~'])
        && !raw.ends_with(['—', '–', '-', '~'])
        && !time_jump(&w);
    let matched = time_jump(&w)
        || place_date(core) && !attributed
        || meanwhile(&w, core)
        || day_and_time(core);
    // A full sentence ending with a full stop is narration ("Three days later, she called.")
    if matched
        && core.contains(',')
        && !place_date(core)
        && !meanwhile(&w, core)
        && !day_and_time(core)
    {
        return None;
    }
    matched.then(|| t.to_string())
}

fn time_jump(w: &[&str]) -> bool {
    let n = w.len();
    let last = w[n - 1];
    // "<number> <unit>s later|earlier|before|ago|after"
    if n >= 2
        && matches!(
            last,
            "later"
                | "earlier"
                | "before"
                | "ago"
                | "after"
                | "afterwards"
                | "afterward"
                | "previously"
                | "on"
        )
    {
        let unit_pos = n - 2;
        let unit = singular(w[unit_pos]);
        if UNITS.contains(&unit) {
            return w[..unit_pos].iter().all(|x| {
                is_number_word(x)
                    || matches!(
                        *x,
                        "of" | "and"
                            | "the"
                            | "about"
                            | "almost"
                            | "nearly"
                            | "over"
                            | "just"
                            | "exactly"
                    )
            }) && (unit_pos > 0 || matches!(last, "later" | "earlier"));
        }
        // Time counted in anything the scene counts by: "Two tides later", "Three coffees
        // later", "Six episodes of Bake Off later" (a number, a plural, `later`).
        if last == "later"
            && (3..=6).contains(&n)
            && is_number_word(w[0])
            && w[0] != "a"
            && w[1].len() >= 3
            && w[1].ends_with('s')
            && w[1..n - 1]
                .iter()
                .all(|x| x.chars().all(char::is_alphabetic))
        {
            return true;
        }
        // "Much later", "Some time later", "A little later", "Not long after"
        if w.iter().take(n - 1).all(|x| {
            matches!(
                *x,
                "much"
                    | "some"
                    | "time"
                    | "a"
                    | "little"
                    | "not"
                    | "long"
                    | "later"
                    | "shortly"
                    | "soon"
            )
        }) {
            return true;
        }
    }
    // "Later", "Earlier", "Later that night", "Earlier that day", "Later in the same week",
    // "Later on the same day"
    if matches!(w[0], "later" | "earlier") {
        return n == 1
            || (3..=5).contains(&n)
                && w[1..n - 1]
                    .iter()
                    .all(|x| matches!(*x, "that" | "the" | "this" | "in" | "on" | "same"))
                && DAY_PARTS.contains(&w[n - 1]);
    }
    // "The next morning", "The following week", "Next day", "That night", "This morning",
    // "The following Thursday"
    let body = if w[0] == "the" { &w[1..] } else { w };
    if body.len() == 2
        && matches!(
            body[0],
            "next" | "following" | "previous" | "same" | "that" | "this"
        )
        && (DAY_PARTS.contains(&body[1]) || WEEKDAYS.contains(&body[1]))
    {
        return true;
    }
    // "The night of the gig", "The morning of the trial", "The day of the wedding"
    if w.len() == 5
        && w[0] == "the"
        && DAY_PARTS.contains(&w[1])
        && w[2] == "of"
        && matches!(w[3], "the" | "his" | "her" | "their" | "our" | "my")
    {
        return true;
    }
    // "The morning after", "The night before"
    if body.len() == 2 && DAY_PARTS.contains(&body[0]) && matches!(body[1], "after" | "before") {
        return true;
    }
    // "Back in the present", "Present day", "Now", "Flashback", "Years ago"
    let joined = w.join(" ");
    if matches!(
        joined.as_str(),
        "back in the present"
            | "in the present"
            | "present day"
            | "the present day"
            | "back to the present day"
            | "today"
            | "the present"
            | "present"
            | "flashback"
            | "flash back"
            | "flashback start"
            | "flashback begins"
            | "flashback ends"
            | "end flashback"
            | "flashback end"
            | "end of flash back"
            | "present time"
            | "back to present"
            | "back to present time"
            | "back to the present time"
            | "end memory"
            | "end dream"
            | "end of flashback"
            | "now"
            | "then"
            | "years ago"
            | "years later"
            | "years earlier"
            | "the past"
            | "in the past"
            | "back to the present"
            | "the next day"
            | "next day"
            | "the day after"
            | "the day before"
            | "the end"
    ) {
        return joined != "the end";
    }
    // A weekday or a month alone: "Friday", "Tuesday night", "June".
    if n <= 2 && (WEEKDAYS.contains(&w[0]) || (MONTHS.contains(&w[0]) && n == 1 && w[0] != "may")) {
        return n == 1 || DAY_PARTS.contains(&w[1]);
    }
    false
}

/// `London, 1888`, `Paris, 14 July 1789`, `Harrowgate, June 1902`, `Mars, Year 3`.
fn place_date(core: &str) -> bool {
    let Some((place, when)) = core.split_once(", ") else {
        return false;
    };
    let place_ok = !place.is_empty()
        && place.split_whitespace().count() <= 4
        && place.split_whitespace().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(w, "of" | "the" | "de" | "upon" | "on")
        });
    let when_l = when.to_lowercase();
    let has_year = when.split_whitespace().any(|w| {
        let d = w.trim_matches(|c: char| !c.is_ascii_digit());
        d.len() == 4 && d.chars().all(|c| c.is_ascii_digit())
    });
    let has_month = when_l
        .split_whitespace()
        .any(|w| MONTHS.contains(&w.trim_matches(|c: char| !c.is_alphabetic())));
    let short = when.split_whitespace().count() <= 4;
    // (or a jump in time: `Earth, forty-one years later`)
    let when_words: Vec<String> = when_l
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let when_words: Vec<&str> = when_words.iter().map(String::as_str).collect();
    let jump = !when_words.is_empty() && time_jump(&when_words);
    // (or a time of day: `The Belvedere, midnight`, `Harbour Street, that night`)
    let time_of_day = is_time_of_day(&when_words);
    place_ok
        && short
        && (has_year || has_month || when_l.starts_with("year ") || jump || time_of_day)
}

/// A time of day, in lower-case words: `midnight`, `that night`, `the next morning` (a part
/// of the day alone is a greeting, `Mother, morning`).
pub(crate) fn is_time_of_day(words: &[&str]) -> bool {
    words.split_last().is_some_and(|(last, before)| {
        let moment = matches!(
            *last,
            "midnight" | "noon" | "dawn" | "dusk" | "daybreak" | "nightfall" | "sunrise" | "sunset"
        );
        let part = matches!(*last, "morning" | "afternoon" | "evening" | "night");
        before.len() <= 2
            && before
                .iter()
                .all(|w| matches!(*w, "that" | "the" | "next" | "early" | "late" | "same"))
            && (moment || part && !before.is_empty())
    })
}

/// A day and a clock time: `Thursday, 11.40 p.m.`, `Monday 09:15`, `Sunday, 3 a.m.`.
fn day_and_time(core: &str) -> bool {
    let lower = core.to_lowercase();
    let mut words = lower.split([' ', ',']).filter(|w| !w.is_empty());
    let day = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    let clock = |w: &str| {
        let (h, m) = w.split_once([':', '.']).unwrap_or((w, "00"));
        (1..=2).contains(&h.len())
            && h.chars().all(|c| c.is_ascii_digit())
            && m.len() == 2
            && m.chars().all(|c| c.is_ascii_digit())
    };
    WEEKDAYS.contains(&day)
        && !rest.is_empty()
        && rest.len() <= 2
        && clock(rest[0])
        && rest
            .get(1)
            .is_none_or(|w| matches!(w.trim_end_matches('.'), "a.m" | "p.m" | "am" | "pm" | "hrs"))
}

/// `Meanwhile`, `Meanwhile, across town`, `Elsewhere`, `Meanwhile, in London`.
fn meanwhile(w: &[&str], core: &str) -> bool {
    if !matches!(w[0], "meanwhile" | "elsewhere" | "across" | "somewhere") {
        return false;
    }
    if w.len() == 1 {
        return matches!(w[0], "meanwhile" | "elsewhere");
    }
    // "Meanwhile, across town": a comma right after the first word, then a short place.
    let after = core.split_once(',').map(|(_, r)| r.trim());
    matches!(w[0], "meanwhile" | "elsewhere")
        && after.is_some_and(|r| r.split_whitespace().count() <= 4 && !r.ends_with('.'))
        || (w[0] == "across" && w.len() <= 3 && matches!(w.get(1), Some(&"town") | Some(&"the")))
}

const ORDINAL_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "last",
    "final",
];

pub(crate) fn is_roman(w: &str) -> bool {
    !w.is_empty()
        && w.len() <= 7
        && w.chars()
            .all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x' | 'l' | 'c'))
}

fn is_chapter_number(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ':']);
    let l = w.to_lowercase();
    w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty()
        || is_roman(w)
        || ORDINAL_WORDS.contains(&l.as_str())
        || l.split('-').all(|p| ORDINAL_WORDS.contains(&p))
}

/// `Chapter 1`, `Chapter Two: The Letter`, `CHAPTER III`, `Chapter 4 - Homecoming`,
/// `Prologue`, `Epilogue`, `Part II`, `Interlude`.
pub fn is_chapter_heading(line: &str) -> bool {
    if line.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    let t = strip_decoration(line);
    if t.is_empty() || t.contains('\n') || t.chars().count() > 80 {
        return false;
    }
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("").to_lowercase();
    let mut rest: Vec<&str> = words.collect();
    // `Ch.4 -- Signal`, `Chapter.12`: the unit and its number run together.
    let glued = ["ch.", "chapter.", "pt.", "part."].iter().find_map(|u| {
        let num = first.strip_prefix(u)?;
        (!num.is_empty() && num.chars().all(|c| c.is_ascii_digit())).then(|| {
            (
                u.trim_end_matches('.'),
                t.split_whitespace().next().unwrap_or(""),
            )
        })
    });
    let first = match glued {
        Some((unit, token)) => {
            rest.insert(0, &token[unit.len() + 1..]);
            unit.to_string()
        }
        None => first,
    };
    // (a separator run into the unit word: `Interlude: Six Weeks`, `Epilogue. After`)
    let glued_sep = glued.is_none() && first.ends_with([':', '.']);
    let first = first.trim_end_matches([':', '.']);
    // A Roman numeral and a title: `IV. The Lamplighter's Apprentice`, `XII: Home`. (A single
    // letter with a one-word title is an initial and a name: `C. Okwu`, `V. Quill`.)
    let numeral = t
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([':', '.']);
    if glued_sep
        && is_roman(first)
        && numeral.chars().all(|c| c.is_ascii_uppercase())
        && (1..=10).contains(&rest.len())
        && (numeral.len() > 1 || matches!(numeral, "I" | "V" | "X") && rest.len() >= 2)
        && is_title_words(&rest)
        // (`I. Varga, master`: a name and a title signs)
        && !rest.iter().any(|w| w.contains(','))
    {
        return true;
    }
    // A bare Roman numeral (`XI`, `IV.`): how many novels number their chapters.
    if rest.is_empty() && is_roman(first) && first.len() == t.trim_end_matches('.').len() {
        let upper = t.trim_end_matches('.');
        // A dash on one side only makes a signature or an addressee of a capital (`— C`,
        // `L —`); a numeral is decorated on both sides or not at all (`~ XI ~`).
        let bare = line.trim().trim_matches(['*', '_']).trim();
        let dash = ['—', '–', '-', '~'];
        let one_sided = bare.starts_with(dash) != bare.ends_with(dash);
        return upper.chars().all(|c| c.is_ascii_uppercase()) && !one_sided;
    }
    // "SEVENTH NARRATIVE", "Book the First", "First Part".
    if rest.len() == 1 || (rest.len() == 2 && rest[0].eq_ignore_ascii_case("the")) {
        let second = rest[rest.len() - 1].to_lowercase();
        let second = second.trim_end_matches(['.', ':']);
        const UNITS: &[&str] = &[
            "narrative",
            "part",
            "book",
            "chapter",
            "letter",
            "story",
            "volume",
        ];
        let ordinal =
            |w: &str| ORDINAL_WORDS.contains(&w) && !matches!(w, "last" | "final") || w == "last";
        if ordinal(first) && UNITS.contains(&second)
            || UNITS.contains(&first) && rest.len() == 2 && ordinal(second)
        {
            return true;
        }
    }
    match first {
        "chapter" | "ch" | "part" | "book" | "chapitre" | "kapitel" | "capítulo" | "letter"
        | "volume" | "vol" => {
            let Some(&num) = rest.first() else {
                return false;
            };
            // (a title run in after a dash: `CHAPTER XIII.--HOW BARNABY WENT DOWN`)
            // (in capitals, as old books set it, or as a title is written: not `Chapter
            // one--no, I forget.`)
            if let Some((n, title)) = num.split_once("--").or_else(|| num.split_once('—')) {
                let mut words = vec![title];
                words.extend(&rest[1..]);
                let capitals = words
                    .iter()
                    .flat_map(|w| w.chars())
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
                return is_chapter_number(n)
                    && title.starts_with(char::is_uppercase)
                    && (capitals || is_title_words(&words));
            }
            if !is_chapter_number(num) {
                return false;
            }
            // After the number: nothing, or a separator and a title.
            let after = &rest[1..];
            let num_sep = num.ends_with([':', '.']);
            after.is_empty() || num_sep || after[0].starts_with([':', '-', '–', '—', '.', '|', '('])
        }
        "prologue" | "epilogue" | "interlude" | "afterword" | "prologo" | "épilogue" => {
            rest.is_empty()
                || glued_sep && is_title_words(&rest)
                || rest[0].starts_with([':', '-', '–', '—', '.', '|', '('])
        }
        _ => false,
    }
}

/// The words of a heading's title: capitalised at the start, no sentence end, no quotation.
fn is_title_words(words: &[&str]) -> bool {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    first
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !last.ends_with(['.', '!', '?', ',', ';', ':'])
        && !words.iter().any(|w| w.contains(['"', '“', '”']))
}

/// Does a heading carry its own title (`Chapter 2: The Letter`, `Chapter 4 - Home`)?
pub fn heading_has_title(line: &str) -> bool {
    let t = strip_decoration(line);
    let words: Vec<&str> = t.split_whitespace().collect();
    // (`CHAPTER THE FOURTH.`, `Chapter the Last` number the chapter in words: no title yet)
    let ordinal_only = words.len() == 3 && words[1].eq_ignore_ascii_case("the") && {
        let w = words[2].trim_end_matches(['.', ':']).to_lowercase();
        w.chars().all(char::is_alphabetic)
            && ["first", "second", "third", "th", "last"]
                .iter()
                .any(|e| w.ends_with(e))
    };
    words.len() > 2 && words[0].to_lowercase().starts_with("chapter") && !ordinal_only
}

/// A POV or flashback line (never narration, so it labels a break even at a chapter start).
pub fn is_marker_line(line: &str) -> bool {
    if line.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    if pov_label(line).is_some() {
        return true;
    }
    let t = strip_decoration(line)
        .trim_end_matches(['.', ':'])
        .to_lowercase();
    t.contains("flashback")
        || t.contains("flash back")
        || matches!(
            t.as_str(),
            "present time"
                | "present day"
                | "present"
                | "back to the present"
                | "back to present"
                | "the present"
        )
}

/// A decorated token standing alone (`~AIV~`, `o-O-o`, `-HP-`): decoration on both sides
/// of a short core that is not a sentence. Whether it separates scenes depends on repetition.
pub fn is_symbol_line(t: &str) -> bool {
    if t.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    let t = t.trim();
    let (Some(first), Some(last)) = (t.chars().next(), t.chars().last()) else {
        return false;
    };
    const DECO: &[char] = &[
        '~', '-', '=', '*', '+', '#', 'o', 'O', 'x', 'X', '<', '>', '|', '•',
    ];
    // (the cheap tests first: this runs for every paragraph)
    if !(DECO.contains(&first) && DECO.contains(&last) && t.chars().count() <= 20) {
        return false;
    }
    let core = strip_decoration(t);
    // Kisses are no ornament: `xx`, `xx O`, `xoxo`. An ornament of x's and o's reads the
    // same both ways (`xXx`, `oOoOo`, `-x-x-x-`) and is more than a pair of them.
    let letters: Vec<char> = t
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let kisses = !letters.is_empty()
        && letters.iter().all(|c| matches!(c, 'x' | 'o'))
        && (!letters.iter().eq(letters.iter().rev())
            || letters.len() <= 2 && t.chars().all(char::is_alphabetic));
    !kisses
        && !core.contains(' ')
        && core.chars().count() <= 8
        && !core.ends_with(['.', '!', '?', ','])
        && (core.is_empty() || pov_label(t).is_none())
}

/// A numbered title: `1. THE NARRATIVE OF ODILE`, `2. The Huntsman`, `IV. THE RETURN`.
pub fn is_numbered_title(line: &str) -> bool {
    if line.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    let t = line.trim();
    let Some((num, title)) = t.split_once(". ") else {
        return false;
    };
    let num_ok = (!num.is_empty() && num.len() <= 3 && num.chars().all(|c| c.is_ascii_digit()))
        || (is_roman(num) && num.chars().all(|c| c.is_ascii_uppercase()));
    num_ok && is_caps_title(title) && title.split_whitespace().count() >= 2
}

/// A label set between two copies of one ornament: `▪ 01:20, the car deck ▪`,
/// `-x- The same night -x-`, `§ Dagny §`. The ornament frames it, so any short line that is
/// no sentence labels the scene, as written. (Dashes, tildes and asterisks alone do not
/// frame: `— yes —` is speech, `*Later*` emphasis.)
pub fn framed_label(line: &str) -> Option<String> {
    if line.len() > 400 {
        return None; // a paragraph of prose, not a line
    }
    let t = line.trim();
    // A cheap first look, as this runs for every paragraph: the first and last words must be
    // one ornament before the line is cut into words.
    let mut ends = t.split_whitespace();
    let (open, close) = (ends.next()?, ends.next_back()?);
    let ornament = open == close
        && !matches!(open, "—" | "–" | "-" | "~" | "*" | "#" | "…")
        && is_separator(open);
    if !ornament || t.contains('\n') {
        return None;
    }
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let [_, words @ .., _] = &tokens[..] else {
        return None;
    };
    ((1..=8).contains(&words.len())
        && is_title_words(words)
        && !words.iter().any(|w| is_separator(w)))
    .then(|| words.join(" "))
}

/// A label wrapped whole in bold, italics or brackets after a separator:
/// `**(Kamino Ward: Unknown Dive Bar)**`, `*Three days later*`, `[Hogwarts, 1996]`.
pub fn wrapped_label(line: &str) -> Option<String> {
    if line.len() > 400 {
        return None; // a paragraph of prose, not a line
    }
    let t = line.trim();
    if t.contains('\n') || t.chars().count() > 90 {
        return None;
    }
    let mut core = t;
    let mut wrapped = false;
    for (a, b) in [
        ("**", "**"),
        ("__", "__"),
        ("*", "*"),
        ("_", "_"),
        ("(", ")"),
        ("[", "]"),
    ] {
        if core.len() > a.len() + b.len() && core.starts_with(a) && core.ends_with(b) {
            core = core[a.len()..core.len() - b.len()].trim();
            wrapped = true;
        }
    }
    let words = core.split_whitespace().count();
    (wrapped
        && (1..=12).contains(&words)
        && !core.ends_with(['.', '!', '?', ','])
        && core
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && !core.contains(['"', '“', '”']))
    .then(|| core.to_string())
}

/// A story's title as pasted on the first line: a few words in title case or capitals, no
/// sentence punctuation, not dialogue, not a note.
pub fn is_title_line(line: &str) -> bool {
    if line.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    const SMALL: &[&str] = &[
        "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from",
        "into", "is", "de", "la", "le", "du",
    ];
    !t.contains('\n')
        && (1..=10).contains(&words.len())
        && !t.ends_with(['.', ',', ';', ':', '!', '?', '"', '”'])
        && !t.starts_with(['"', '“', '(', '[', '-', '~', '*'])
        && !note_signal(t)
        && jump_label(t).is_none()
        && pov_label(t).is_none()
        && words.iter().enumerate().all(|(i, w)| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || !c.is_alphanumeric())
                || (i > 0 && SMALL.contains(&w.to_lowercase().as_str()))
        })
}

/// A number alone on a line (`22.`, `7`): a chapter in many books, a section in fan fiction.
pub fn is_number_line(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.');
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// A title set in capitals on a line of its own (`DR. LANYON'S NARRATIVE`, `KIDNAPPED.`,
/// `THE CONVERSION OF AURELIAN McGOGGIN.`): no lower-case words, no clause punctuation at
/// the end. Whether it is a heading depends on where it stands (the caller decides).
pub fn is_caps_title(line: &str) -> bool {
    if line.len() > 400 {
        return false; // a paragraph of prose, not a line
    }
    let t = strip_decoration(line);
    if t.is_empty()
        || t.contains('\n')
        || t.chars().count() > 70
        || t.ends_with([',', ':', ';', '-', '—', '!', '?'])
    {
        return false;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() > 10 {
        return false;
    }
    let mut long_caps = 0;
    for w in &words {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        let lower = letters.iter().filter(|c| c.is_lowercase()).count();
        // "McGOGGIN", "MacRAE": a lower-case letter or two after a capital.
        if lower > 0
            && !(lower <= 2
                && letters.first().is_some_and(|c| c.is_uppercase())
                && letters.len() > lower + 2)
        {
            return false;
        }
        if letters.len() - lower >= 3 {
            long_caps += 1;
        }
    }
    long_caps >= 1 && !is_separator(t)
}

/// A point-of-view line: `Caroline's POV`, `Klaus POV`, `*Caroline's POV*`, `Harry's POV:`,
/// `POV: Elena`, `Elena's point of view`, or a name alone between matching decorations
/// (`~Elena~`, `-Mara-`, `~*~Klaus~*~`). Returns the label without decoration.
pub fn pov_label(line: &str) -> Option<String> {
    if line.len() > 400 {
        return None; // a paragraph of prose, not a line
    }
    let raw = line.trim();
    if raw.contains('\n') || raw.chars().count() > 50 {
        return None;
    }
    let t = strip_decoration(raw).trim_end_matches(':').trim();
    if t.is_empty() {
        return None;
    }
    // A point of view and when, over a dash: `Dorian's POV — the same night`.
    for dash in [" — ", " – ", " - "] {
        if let Some((pov, when)) = t.split_once(dash) {
            let when_l = when.to_lowercase();
            let when_words: Vec<&str> = when_l.split_whitespace().collect();
            let timed = when_words.len() <= 4
                && (is_time_of_day(&when_words)
                    || !when_words.is_empty() && time_jump(&when_words)
                    || when_words.iter().any(|w| WEEKDAYS.contains(w)));
            if timed && pov_label(pov).is_some() {
                return Some(t.to_string());
            }
        }
    }
    let l = t.to_lowercase();
    let name_ok = |n: &str| {
        let words: Vec<&str> = n.split_whitespace().collect();
        (1..=3).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-'))
            })
    };
    let strip_pos = |n: &str| -> String {
        n.trim_end_matches("'s")
            .trim_end_matches("’s")
            .trim_end_matches("s'")
            .to_string()
    };
    for suffix in [
        " pov",
        " p.o.v.",
        " p.o.v",
        " point of view",
        " perspective",
    ] {
        if let Some(head) = l.strip_suffix(suffix) {
            let name = &t[..head.len()];
            if name_ok(&strip_pos(name)) {
                return Some(t.to_string());
            }
        }
    }
    for prefix in ["pov:", "pov -", "pov –", "pov —", "pov "] {
        if let Some(rest) = l.strip_prefix(prefix) {
            let name = t[t.len() - rest.len()..].trim();
            if name_ok(name) {
                return Some(t.to_string());
            }
        }
    }
    // A name between matching decorations: `~Elena~`, `-Mara-`, `~*~Klaus~*~` (not `*…*`,
    // which is only emphasis).
    let first = raw.chars().next()?;
    let last = raw.chars().last()?;
    let name_case = t.split_whitespace().all(|w| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| !c.is_uppercase())
    });
    // (or between ornaments: `🕯️ Kester 🕯️`, `▪ Ailbhe ▪`)
    let last = if last == '\u{FE0F}' {
        raw.chars().rev().nth(1)?
    } else {
        last
    };
    if (matches!(first, '~' | '-' | '=' | '<' | '(') || is_ornament_char(first))
        && (first == last || (first == '<' && last == '>') || (first == '(' && last == ')'))
        && name_case
        && !t.ends_with('.')
        && t.split_whitespace().count() <= 2
        && name_ok(t)
    {
        return Some(t.to_string());
    }
    None
}

/// Openings of an author's note (compared lower-case, after `(` or `[`).
const NOTE_PREFIXES: &[&str] = &[
    "a/n",
    "an:",
    "an//",
    "an -",
    "an –",
    "a.n.",
    "a/n's",
    "author's note",
    "authors note",
    "author note",
    "author’s note",
    "authors' note",
    "author's notes",
    "author’s notes",
    "note:",
    "notes:",
    "disclaimer",
    "warning:",
    "warnings:",
    "tw:",
    "cw:",
    "content warning",
    "trigger warning",
    "dedication:",
    "end notes",
    "end note",
    "endnote",
    "ending a/n",
    "end a/n",
    "notes:",
    "dedicated to",
    "beta:",
    "beta'd",
    "beta read",
    "edit:",
    "edited:",
    "update:",
    "summary:",
    "rating:",
    "pairing:",
    "pairings:",
    "fandom:",
    "word count:",
    "prompt:",
];

/// Phrases that mark reader-addressed notes wherever they occur in the paragraph.
const NOTE_PHRASES: &[&str] = &[
    "please review",
    "please leave a review",
    "leave a review",
    "leave me a review",
    "leave a comment",
    "please comment",
    "reviews are",
    "review please",
    "r&r",
    "thanks for reading",
    "thank you for reading",
    "thank you all for reading",
    "thanks so much for reading",
    "thank you so much for reading",
    "kudos and comments",
    "i don't own",
    "i don’t own",
    "i do not own",
    "i own nothing",
    "don't own any",
    "see you next chapter",
    "see you in the next",
    "until next chapter",
    "next chapter will",
    "next chapter should",
    "next update",
    "comments are what",
    "comments keep",
    "my beta",
    "to my beta",
    "reviews make me",
    "reviews are love",
    "thank you for all the",
    "thanks for all the",
    "for all the kudos",
    "for the kudos",
    "leave kudos",
    "thanks to my beta",
];

/// Strong signal: this paragraph is an author's note.
pub fn note_signal(text: &str) -> bool {
    let t = text.trim();
    if t.chars().next().is_some_and(is_quote) {
        return false; // dialogue
    }
    let l = t
        .trim_start_matches(['(', '[', '*', '_', '~', ' '])
        .to_lowercase();
    NOTE_PREFIXES.iter().any(|p| l.starts_with(p)) || NOTE_PHRASES.iter().any(|p| l.contains(p))
}

/// A note that is explicitly labelled as one (safe to recognise anywhere in the text).
pub fn explicit_note(text: &str) -> bool {
    let l = text
        .trim()
        .trim_start_matches(['(', '[', '*', '_', ' '])
        .to_lowercase();
    [
        "a/n",
        "an:",
        "an//",
        "author's note",
        "author’s note",
        "authors note",
        "author note",
        "a.n.",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

/// Weaker signal, for paragraphs that continue a note: reader-addressed talk about the story.
pub fn note_continuation(text: &str) -> bool {
    let t = text.trim();
    if t.chars().next().is_some_and(is_quote) || t.split_whitespace().count() > 80 {
        return false;
    }
    let l = t.to_lowercase();
    const WORDS: &[&str] = &[
        "chapter",
        "story",
        "fic",
        "readers",
        "review",
        "beta",
        "enjoy",
        "update",
        "posting",
        "writing this",
        "i wrote",
        "my first",
        "this is my",
        "thanks",
        "thank you",
        "kudos",
        "comments",
        "ao3",
        "tumblr",
        "prompt",
        "one-shot",
        "oneshot",
        "sequel",
        "series",
        " au ",
        " au,",
        " au.",
        "canon",
        "fandom",
        "disclaimer",
        "cross-posted",
        "wattpad",
        "beta reader",
    ];
    // A note goes on with "Also, …", a P.S., and ends signed (`~ Sincerely, Hazel`, `-K`).
    const OPENERS: &[&str] = &[
        "also",
        "p.s",
        "ps:",
        "ps ",
        "edit",
        "oh, and",
        "oh and",
        "and finally",
        "lastly",
        "one more thing",
        "anyway",
        "so yeah",
        "xoxo",
        "love,",
        "sincerely",
        "cheers",
        // (what the next chapter holds: `Next time: Fenmouth, a wedding…`)
        "next time",
        "coming up",
    ];
    // (or by the author's handle, often all in lower case: `~ quietharbourling`)
    let name = t.trim_start_matches(['~', '-', '—', '–', ' ']);
    let signed = t.split_whitespace().count() <= 5
        && t.starts_with(['~', '-', '—', '–'])
        && (name.chars().next().is_some_and(char::is_uppercase)
            || !name.contains(' ')
                && name.chars().next().is_some_and(char::is_alphanumeric)
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')));
    // (or with kisses before the handle: `xx furnaceandfrost`)
    let kissed = match t.split_whitespace().collect::<Vec<_>>()[..] {
        [x, _handle] => {
            x.len() >= 2
                && x.starts_with(['x', 'X'])
                && x.chars().all(|c| matches!(c, 'x' | 'X' | 'o' | 'O'))
        }
        _ => false,
    };
    signed
        || kissed
        || OPENERS.iter().any(|o| l.starts_with(o))
        || WORDS.iter().any(|w| l.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_continuations() {
        for (t, want) in [
            (
                "Next time: Fenmouth, a wedding that is not theirs, and a very unwise dance.",
                true,
            ),
            ("~ quietharbourling", true),
            ("-inkandoar_92", true),
            ("xx furnaceandfrost", true),
            ("xx Mum", true),
            ("ox blood", false),
            ("~ Sincerely, Hazel", true),
            ("Thank you all for the kudos!", true),
            ("- and then the tide came in", false),
            ("~ the end of the road", false),
            ("She went down to the harbour.", false),
        ] {
            assert_eq!(note_continuation(t), want, "{t}");
        }
    }

    #[test]
    fn separators() {
        for s in [
            "***", "* * *", "~~~", "-x-x-x-", "oOo", "xXx", "o0o", "+++", "###", "___", "—",
            "~*~*~", "-o-o-o-", "=====", "<><><>", "...", "…", "ooo", "- - -", "o~o~o", "§", "~o~",
            "-x-", "(o)",
        ] {
            assert!(is_separator(s), "{s}");
        }
        for s in [
            "No.",
            "Ooh!",
            "ox",
            "\"...\"",
            "Chapter 1",
            "OK",
            "Hmm",
            "xx",
            "Tom",
            "A",
            "-",
            "1.",
            "2020",
            "...and then",
            "* * * and more words",
            // A signature initial after a dash.
            "— O.",
            "-X",
            "~ O",
            // Kisses before an initial.
            "xx O",
        ] {
            assert!(!is_separator(s), "{s}");
        }
    }

    #[test]
    fn jump_lines() {
        for (s, label) in [
            ("Two hours earlier", "Two hours earlier"),
            ("Three days afterwards.", "Three days afterwards."),
            ("A week afterward", "A week afterward"),
            ("Back in the present", "Back in the present"),
            ("Three days later", "Three days later"),
            ("Meanwhile, across town", "Meanwhile, across town"),
            ("London, 1888", "London, 1888"),
            ("The next morning", "The next morning"),
            ("The following Thursday", "The following Thursday"),
            ("LATER IN THE SAME WEEK.", "LATER IN THE SAME WEEK."),
            ("Later on the same day", "Later on the same day"),
            ("Later that night…", "Later that night…"),
            ("That Friday", "That Friday"),
            ("*Three days later*", "Three days later"),
            ("_Later that night_", "Later that night"),
            ("Two weeks later...", "Two weeks later..."),
            ("Ten years earlier", "Ten years earlier"),
            ("Friday", "Friday"),
            ("Paris, 14 July 1789", "Paris, 14 July 1789"),
            ("A few minutes later", "A few minutes later"),
            ("Much later", "Much later"),
            ("That evening", "That evening"),
            ("Mars, forty years later", "Mars, forty years later"),
            ("Friday, 11.40 p.m.", "Friday, 11.40 p.m."),
            ("Sunday 09:15", "Sunday 09:15"),
            ("Two tides later", "Two tides later"),
            ("Three coffees later", "Three coffees later"),
            ("The night of the gig", "The night of the gig"),
        ] {
            assert_eq!(jump_label(s).as_deref(), Some(label), "{s}");
        }
        for s in [
            "Three days later, she still hadn't called.",
            "Meanwhile the harbour master counted the boats again and again.",
            "\"Later.\"",
            "Later, she said.",
            "No.",
            "Silence.",
            "Dear Tom,",
            "Tom!",
            "The next morning came too soon for all of them.",
            "May",
            "later",
            "Present company excepted.",
            "Friday, he said.",
            "Friday, 11 of them came.",
            "Mars, she thought, was a long way off",
            "Two of them later",
            "A cup later",
            "The day of the wedding arrived.",
            "— Nan, 1974",
        ] {
            assert_eq!(jump_label(s), None, "{s}");
        }
    }

    #[test]
    fn decorated_labels() {
        assert_eq!(
            jump_label("-x- Two hours earlier -x-").as_deref(),
            Some("Two hours earlier")
        );
        assert_eq!(jump_label("— Lyon, 1961 —").as_deref(), Some("Lyon, 1961"));
        // In lower case, as written, only where a label stands (after a separator).
        assert_eq!(
            lower_case_jump("the morning after").as_deref(),
            Some("the morning after")
        );
        assert_eq!(lower_case_jump("he went to bed"), None);
        assert_eq!(lower_case_jump("The morning after"), None);
        // A place and a time of day; a part of the day alone after a name greets.
        assert_eq!(
            jump_label("*** The Belvedere, midnight ***").as_deref(),
            Some("The Belvedere, midnight")
        );
        assert_eq!(
            jump_label("Harbour Street, that night").as_deref(),
            Some("Harbour Street, that night")
        );
        assert_eq!(jump_label("Mother, morning"), None);
        assert_eq!(
            pov_label("Dorian’s POV — the same night").as_deref(),
            Some("Dorian’s POV — the same night")
        );
        assert_eq!(pov_label("Dorian — who was late again"), None);
        assert_eq!(
            is_short_label("_Closing night_").as_deref(),
            Some("Closing night")
        );
        assert_eq!(is_short_label("Friday").as_deref(), Some("Friday"));
        assert_eq!(
            is_short_label("Ship's day 40").as_deref(),
            Some("Ship's day 40")
        );
        for s in [
            "She ran.",
            "\"No\"",
            "'No'",
            "[21:04] pip: hi",
            "(09:12) Sol: ok",
            "and then",
            "Dear Tom,",
            "It was a long night and nobody slept",
        ] {
            assert_eq!(is_short_label(s), None, "{s}");
        }
    }

    #[test]
    fn chapter_headings() {
        for s in [
            "Chapter 1",
            "Chapter Two: The Letter",
            "CHAPTER III",
            "Chapter 4 - Homecoming",
            "Prologue",
            "Epilogue",
            "Part II",
            "Chapter 12.",
            "~ Chapter Three ~",
            "Chapter Twenty-One",
            "XI",
            "IV.",
            "~ XII ~",
            "*XIV*",
            "Ch.4 -- Signal",
            "Ch.12",
            "CHAPTER XIII.--HOW BARNABY WENT DOWN TO COLDHITHE.",
            "Chapter 7—The Ferry",
            "Interlude: Six Weeks",
            "Prologue: The Long Night",
            "IV. The Lamplighter's Apprentice",
            "XII: Home",
            "V. The Fifth Bell",
        ] {
            assert!(is_chapter_heading(s), "{s}");
        }
        for s in [
            "Chapter and verse, he thought.",
            "Chapter one--no, I forget.",
            "Part of me wanted to stay.",
            "Prologue to a disaster, she called it.",
            "Chapter 1 was the worst one she had read.",
            "Book of hours",
            // A capital with a dash on one side signs or addresses a note.
            "L —",
            "*— C*",
            "-X",
            "V -",
            "Ch.4 was the dull one.",
            "Ch.",
            // (an initial and a name, or a name and a title, sign)
            "C. Okwu",
            "V. Quill",
            "L. Abernethy Pike",
            "I. Varga, master",
            "Interlude: she hated the word.",
            "IV. He was late.",
        ] {
            assert!(!is_chapter_heading(s), "{s}");
        }
    }

    #[test]
    fn notes() {
        for s in [
            "A/N: This is my first fic.",
            "(A/N: sorry for the wait!)",
            "Author's Note: Hi everyone!",
            "Disclaimer: I don't own anything.",
            "AN: thanks to my beta",
            "Please review!",
            "Thanks for reading, please leave a comment",
        ] {
            assert!(note_signal(s), "{s}");
        }
        for s in [
            "\"An author's note,\" said Ola.",
            "She read the note twice.",
            "Anna: come here.",
            "Notes of lavender hung in the air.",
        ] {
            assert!(!note_signal(s), "{s}");
        }
    }

    #[test]
    fn wide_separator_rows() {
        for s in [
            "*       *       *       *       *       *       *       *       *",
            "    .   .    .    .    .    .    .    .    .",
            ". . . . . . . .",
            "~  ~  ~",
        ] {
            assert!(is_separator(s), "{s}");
        }
        for s in [". .", "* * * and then", "a a a"] {
            assert!(!is_separator(s), "{s}");
        }
    }

    #[test]
    fn framed_labels() {
        for (s, label) in [
            ("▪ 01:20, the car deck ▪", "01:20, the car deck"),
            ("-x- The same night -x-", "The same night"),
            ("§ Dagny §", "Dagny"),
            ("~*~ Back at the house ~*~", "Back at the house"),
        ] {
            assert_eq!(framed_label(s).as_deref(), Some(label), "{s}");
        }
        for s in [
            "— yes, that one —",
            "* Later *",
            "~ Nell ~ Tom",
            "▪ she said it was fine. ▪",
            "▪ ▪ ▪",
            "▪ Dagny ◆",
        ] {
            assert_eq!(framed_label(s), None, "{s}");
        }
        // A lone ornament of any kind separates; a heart or a face answers a note.
        for s in ["▪", "✦", "❧", "◆", "🌙"] {
            assert!(is_separator(s), "{s}");
        }
        for s in ["♥", "❤", "😂", "☺"] {
            assert!(!is_separator(s), "{s}");
        }
    }

    #[test]
    fn pov_lines() {
        for (s, label) in [
            ("Caroline's POV", "Caroline's POV"),
            ("Klaus POV", "Klaus POV"),
            ("*Caroline's POV*", "Caroline's POV"),
            ("Harry's POV:", "Harry's POV"),
            ("~Elena~", "Elena"),
            ("-Mara-", "Mara"),
            ("POV: Elena", "POV: Elena"),
            ("Elena's point of view", "Elena's point of view"),
            ("🕯️ Kester 🕯️", "Kester"),
            ("▪ Ailbhe ▪", "Ailbhe"),
            ("(Ailbhe)", "Ailbhe"),
        ] {
            assert_eq!(pov_label(s).as_deref(), Some(label), "{s}");
        }
        for s in [
            "*Silence.*",
            "~ Nell",
            "-Lestrade",
            "Her POV was different from his, she thought.",
            "pov",
            "*Harry*",
            "(sighs)",
            "(In a letter to MR. BRUFF)",
        ] {
            assert_eq!(pov_label(s), None, "{s}");
        }
    }

    #[test]
    fn headings_of_real_books() {
        for s in [
            "LETTER IV",
            "Letter 1",
            "XI",
            "IV.",
            "SEVENTH NARRATIVE",
            "Book the First",
            "CHAPTER V.",
        ] {
            assert!(is_chapter_heading(s), "{s}");
        }
        for s in ["I am.", "Letter from home", "Mix", "Did", "Letters", "iv"] {
            assert!(!is_chapter_heading(s), "{s}");
        }
        for s in [
            "DR. LANYON'S NARRATIVE",
            "KIDNAPPED.",
            "THE CONVERSION OF AURELIAN McGOGGIN.",
        ] {
            assert!(is_caps_title(s), "{s}");
        }
        for s in [
            "STOP IT!",
            "DEAR FATHER AND MOTHER,",
            "No way",
            "OK",
            "* * *",
        ] {
            assert!(!is_caps_title(s), "{s}");
        }
        assert!(is_number_line("22.") && is_number_line("7"));
        assert!(!is_number_line("2020.") && !is_number_line("1st"));
    }
}
