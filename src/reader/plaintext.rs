//! Plain-text manuscripts as people paste them from archives: paragraphs, chapters, scene
//! breaks, time jumps, letters and author's notes are found by the text's own conventions.
//!
//! The stages:
//! 1. decode and normalise (`encoding`), split into lines;
//! 2. group lines into paragraphs as written — a blank-line separated block is one paragraph
//!    (short-line blocks keep their lines); without blank lines, one line per paragraph,
//!    indented first lines, or hard-wrapped lines joined back;
//! 3. classify paragraphs: chapter heading (by its words, or by where it stands), subtitle,
//!    separator, jump/POV line, text (`detect`);
//! 4. find author's notes (at the edges of the text and of chapters, or explicitly labelled);
//! 5. find letters: the chapter-wide recogniser (`recognise`) reads every paragraph's cues
//!    and chooses the most consistent set of letters; their parts are found by its grammar;
//! 6. assemble chapters of blocks, with inline emphasis and smart punctuation — the one
//!    assembler, also used for Markdown with `--detect`.

use super::detect;
use super::encoding::{self, Encoding};
use super::letter;
use super::recognise::{self, LetterSpan};
use crate::error::{Diagnostics, Location};
use crate::model::{Block, Chapter, Inline, Note, SceneBreak};
use crate::typography::Smartener;
use std::path::Path;

/// Which detectors run (all by default) and explicit overrides.
#[derive(Clone, Debug)]
pub struct DetectOptions {
    pub letters: bool,
    pub breaks: bool,
    pub notes: bool,
    pub chapters: bool,
    pub overrides: Vec<Override>,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            letters: true,
            breaks: true,
            notes: true,
            chapters: true,
            overrides: Vec::new(),
        }
    }
}

/// `--mark KIND@LINE[-LINE]`: what the paragraphs starting on those source lines are.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub kind: OverrideKind,
    pub first_line: usize,
    pub last_line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverrideKind {
    Text,
    Letter,
    Break,
    Note,
    Chapter,
}

impl std::str::FromStr for Override {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (kind, lines) = s
            .split_once('@')
            .ok_or_else(|| format!("`{s}`: expected KIND@LINE or KIND@FIRST-LAST"))?;
        let kind = match kind.trim() {
            "text" | "paragraph" => OverrideKind::Text,
            "letter" => OverrideKind::Letter,
            "break" => OverrideKind::Break,
            "note" => OverrideKind::Note,
            "chapter" => OverrideKind::Chapter,
            other => {
                return Err(format!(
                    "`{other}`: KIND is one of text, letter, break, note, chapter"
                ))
            }
        };
        let parse = |x: &str| {
            x.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("`{x}` is not a line number"))
        };
        let (a, b) = match lines.split_once('-') {
            Some((a, b)) => (parse(a)?, parse(b)?),
            None => {
                let a = parse(lines)?;
                (a, a)
            }
        };
        if b < a {
            return Err(format!("`{s}`: the range ends before it starts"));
        }
        Ok(Override {
            kind,
            first_line: a,
            last_line: b,
        })
    }
}

/// A paragraph of the source: its lines joined with `\n`.
#[derive(Clone, Debug)]
struct Para {
    text: String,
    line: usize,
    end_line: usize,
    /// Blank lines before the paragraph (99 at the top of the text): Project Gutenberg and
    /// many archives set chapter headings apart with several.
    blank_before: usize,
    /// Kept as a line of its own from a block of short lines (verse, an address).
    in_block: bool,
    /// A part of a note written as one block, line by line ([`letter_block_cuts`]): the
    /// block's first line number, the same for all its parts.
    note_block: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Text,
    Heading,
    /// A subtitle line under a heading (part of the chapter's title).
    Subtitle,
    /// A rule framing a message (`---` over an e-mail header) or a converter's leftover
    /// (`**`): not a scene break, and not text either.
    Rule,
    Separator,
    /// A jump line, with its label.
    Jump(String),
    /// Part of an author's note (index of the note block).
    Note(usize),
    /// Part of a letter (index into the letters list).
    Letter(usize),
    /// Another block (Markdown with `--detect`: a quotation, an image…).
    Other,
}

/// Decodes plain-text bytes (warning when a legacy encoding was assumed).
pub fn decode(path: &Path, bytes: &[u8], diag: &mut Diagnostics) -> (String, Encoding) {
    let (text, enc) = encoding::decode(bytes);
    if enc == Encoding::Windows1252 {
        diag.warn(
            Location::file(path),
            "not valid UTF-8: read as Windows-1252 (save the file as UTF-8 to silence this)",
        );
    }
    (encoding::normalize(&text), enc)
}

/// Reads a plain-text story body (already decoded and normalised).
pub fn read_body(
    path: &Path,
    text: &str,
    first_line: usize,
    language: &str,
    opts: &DetectOptions,
    diag: &mut Diagnostics,
) -> Vec<Chapter> {
    let paras = paragraphs(text, first_line, opts);
    let mut kinds = classify(&paras, opts);
    let mut note_blocks: Vec<(usize, usize, String)> = Vec::new();
    if opts.notes {
        find_notes(&paras, &mut kinds, &mut note_blocks);
    }
    apply_note_overrides(&paras, &mut kinds, &mut note_blocks, opts);
    let mut letters: Vec<LetterSpan> = Vec::new();
    if opts.letters {
        find_letters(&paras, &mut kinds, &mut letters, opts);
    }
    apply_letter_overrides(&paras, &mut kinds, &mut letters, opts);
    assemble(
        path,
        &paras,
        &kinds,
        &note_blocks,
        &letters,
        language,
        &[],
        diag,
    )
}

/// Runs the detectors over the blocks of a Markdown chapter (`--detect`): paragraphs that are
/// home-made separators or jump lines become scene breaks, quoted or signed letters written
/// as paragraphs become letters, reader-addressed notes become author's notes.
pub fn detect_blocks(
    path: &Path,
    blocks: Vec<Block>,
    language: &str,
    opts: &DetectOptions,
    diag: &mut Diagnostics,
) -> Vec<Block> {
    let paras: Vec<Para> = blocks
        .iter()
        .map(|b| Para {
            text: match b {
                Block::Paragraph { content, .. } => markdown_text(content),
                _ => String::new(),
            },
            line: b.line(),
            end_line: b.line(),
            blank_before: 1,
            in_block: false,
            note_block: None,
        })
        .collect();
    let mut kinds = classify(&paras, opts);
    for (k, b) in kinds.iter_mut().zip(&blocks) {
        match b {
            // Markdown's own headings make its chapters.
            Block::Paragraph { .. } if matches!(k, Kind::Heading | Kind::Subtitle) => {
                *k = Kind::Text
            }
            Block::Paragraph { .. } => {}
            Block::SceneBreak(_) => *k = Kind::Separator,
            _ => *k = Kind::Other,
        }
    }
    let mut notes = Vec::new();
    if opts.notes {
        find_notes(&paras, &mut kinds, &mut notes);
    }
    let mut letters = Vec::new();
    if opts.letters {
        find_letters(&paras, &mut kinds, &mut letters, opts);
    }
    assemble(
        path, &paras, &kinds, &notes, &letters, language, &blocks, diag,
    )
    .into_iter()
    .flat_map(|c| c.blocks)
    .collect()
}

/// A Markdown paragraph as the plain-text recogniser reads it: its text, with the emphasis
/// that wraps it whole written back as `*…*` or `**…**` (that is how letters are wrapped).
fn markdown_text(content: &[Inline]) -> String {
    match content {
        [Inline::Emphasis(inner)] => format!("*{}*", crate::model::plain_text_lines(inner)),
        [Inline::Strong(inner)] => format!("**{}**", crate::model::plain_text_lines(inner)),
        _ => crate::model::plain_text_lines(content),
    }
}

// ---------------------------------------------------------------------------------------
// Stage 2: lines → paragraphs

#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    indent: usize,
    number: usize,
}

fn indent_width(s: &str) -> usize {
    s.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The measure of a hard-wrapped text (the longest ordinary line), or `None` when lines are
/// not wrapped (each paragraph is one long line).
fn wrap_width(lines: &[Line]) -> Option<usize> {
    let mut lens: Vec<usize> = lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| l.text.chars().count() + l.indent)
        .collect();
    if lens.len() < 8 {
        return None;
    }
    lens.sort_unstable();
    let p90 = lens[lens.len() * 9 / 10];
    if !(40..=110).contains(&p90) {
        return None;
    }
    let band = lens
        .iter()
        .filter(|&&l| l * 100 >= p90 * 70 && l <= p90 + 2)
        .count();
    // Most lines of a hard-wrapped text are nearly full; prose pasted one paragraph per line
    // has lengths all over the place and many far longer than any terminal.
    let longer = lens.iter().filter(|&&l| l > p90 + 10).count();
    if band * 100 >= lens.len() * 45 && longer * 100 <= lens.len() * 3 {
        Some(lens[lens.len() * 98 / 100].max(p90))
    } else {
        None
    }
}

fn is_special_line(s: &str, opts: &DetectOptions) -> bool {
    (opts.breaks && detect::is_separator(s)) || (opts.chapters && detect::is_chapter_heading(s))
}

/// A line a converter left behind when it dropped the markup around a paragraph: only `**`,
/// `*` or `__` (AO3 and FanFiction.net pastes). Inside a block it is dropped, never a break.
fn is_markup_leftover(s: &str) -> bool {
    matches!(s.trim(), "**" | "*" | "__" | "_")
}

/// Does the text separate its paragraphs with blank lines? Then the lines of one block are
/// one paragraph whatever their widths (ragged hard wrapping never splits a paragraph).
fn blank_line_separated(lines: &[Line]) -> bool {
    let mut sizes = Vec::new();
    let mut run = 0;
    for l in lines.iter().chain(std::iter::once(&Line {
        text: "",
        indent: 0,
        number: 0,
    })) {
        if l.text.is_empty() {
            if run > 0 {
                sizes.push(run);
            }
            run = 0;
        } else {
            run += 1;
        }
    }
    sizes.sort_unstable();
    // Hard-wrapped prose with blank lines between paragraphs has blocks of a few lines each;
    // prose wrapped with no blank lines (indented paragraphs) has a handful of huge blocks.
    sizes.len() >= 3 && sizes[sizes.len() / 2] <= 12 && sizes.iter().any(|&n| n > 1)
}

/// A block whose lines are all short (verse, an address, a sign-off over a signature) keeps
/// its lines as paragraphs of their own; a wrapped paragraph has (nearly) full lines.
/// A note written as one block, line by line (a text message, a note on the fridge): its
/// parts are its paragraphs. Returns the lines where its parts start (greeting, body,
/// sign-off, signature, P.S.), or None when the block is not shaped so:
/// - an addressee or salutation alone on the first line, the body (wrapped or not), a
///   signature alone on the last line before any P.S. (with a sign-off line above it, or
///   not): `Inspector,` / `Eleven shillings and a button…` / `Cheers,` / `Rao`;
/// - a greeting with no punctuation on the first line (`Rell`, `Hey you`) when the last line
///   can only be a signature (`-Kip`, `C`, `Cinth xx`);
/// - no greeting, a body that ends its sentence, then a sign-off line over the name (`thanks,`
///   / `P`) or a sign-off and name on one line (`love Mam x`).
fn letter_block_cuts(block: &[&Line]) -> Option<Vec<usize>> {
    if block.len() < 2 || block.len() > 40 {
        return None;
    }
    let first = block[0].text;
    let ps = (2..block.len())
        .find(|&k| letter::is_postscript(block[k].text))
        .unwrap_or(block.len());
    // (kisses on a line of their own under the name belong to the signature: `Gran` / `xxx`)
    let kissed = ps >= 3 && recognise::is_kisses_line(block[ps - 1].text);
    let sig = if kissed { ps - 2 } else { ps - 1 };
    let signature_text = if kissed {
        format!("{} {}", block[sig].text, block[ps - 1].text.trim())
    } else {
        block[sig].text.to_string()
    };
    let signature = signature_text.as_str();
    let greets = first.split_whitespace().count() <= 5
        && recognise::opening(first)
            .is_some_and(|(date, _, rest, _)| date.is_none() && rest.is_empty());
    // (a text signs with a capital alone too: `C`)
    let initial = {
        let t = signature.trim().trim_end_matches('.');
        t.chars().count() == 1 && t.starts_with(char::is_uppercase)
    };
    // (this runs for every block of the paste: the cheap tests go first, the name tests last)
    let marked =
        || (initial || recognise::is_marked_name(signature)) && !recognise::is_signoff(signature);
    let mut cuts = vec![0];
    if greets || (recognise::is_bare_greeting(first) && marked()) {
        let signs =
            initial || recognise::is_name(signature) || recognise::is_marked_name(signature);
        if sig < 2 || !signs || recognise::is_signoff(signature) {
            return None;
        }
        cuts.push(1);
        if sig >= 3 && recognise::is_signoff(block[sig - 1].text) {
            cuts.push(sig - 1);
        }
        cuts.push(sig);
    } else {
        // (the body ends its sentence before the closing: a wrapped line that ends `…sent
        // his` / `love, Tom.` is prose)
        let ends_sentence = |k: usize| {
            block[k]
                .text
                .trim_end_matches(['"', '”', '’', '\'', ')'])
                .ends_with(['.', '!', '?', '…'])
        };
        let signoff_line = sig >= 2
            && ends_sentence(sig - 2)
            && block[sig - 1].text.split_whitespace().count() <= 4
            && recognise::is_signoff(block[sig - 1].text)
            && (recognise::is_name(signature) || marked());
        let closing_line = sig >= 1
            && ends_sentence(sig - 1)
            && signature.split_whitespace().count() <= 5
            && recognise::split_closing(signature).is_some_and(|(v, _)| v.is_some());
        // (a greeting run into the body on the first line, the name alone on the last: `"DEAR
        // MRS. MOWBRAY,--Monday. By the four o'clock coach.` / `"F. F."`)
        let run_in_greeting = || {
            sig >= 1
                && ends_sentence(sig - 1)
                && recognise::opening(first).is_some_and(|(date, _, rest, weak)| {
                    date.is_none() && !weak && !rest.is_empty()
                })
                && (initial
                    || recognise::is_marked_name(signature)
                    || recognise::is_name(signature))
                && !recognise::is_signoff(signature)
        };
        if signoff_line {
            cuts.push(sig - 1);
            cuts.push(sig);
        } else if closing_line || run_in_greeting() {
            cuts.push(sig);
        } else {
            return None;
        }
    }
    if ps < block.len() {
        cuts.push(ps);
    }
    cuts.dedup();
    Some(cuts)
}

fn keeps_its_lines(block: &[&Line], wrap: usize) -> bool {
    block.len() >= 2
        && block[..block.len() - 1]
            .iter()
            .all(|l| l.text.chars().count() * 10 < wrap * 6)
}

fn paragraphs(text: &str, first_line: usize, opts: &DetectOptions) -> Vec<Para> {
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| {
            let l = l.trim_end();
            Line {
                text: l.trim_start(),
                indent: indent_width(l),
                number: first_line + i,
            }
        })
        .collect();
    let lines = unquote_mail(lines);
    let wrap = wrap_width(&lines);
    let out = match wrap {
        Some(w) if blank_line_separated(&lines) => block_paragraphs(&lines, w, opts),
        _ => wrapped_paragraphs(&lines, wrap, opts),
    };
    let mut out = postscripts_apart(out);
    let mut blank = 0;
    let mut k = 0;
    for l in &lines {
        if l.text.is_empty() {
            blank += 1;
            continue;
        }
        while k < out.len() && out[k].line < l.number {
            k += 1;
        }
        if k < out.len() && out[k].line == l.number {
            out[k].blank_before = if l.number == first_line { 99 } else { blank };
        }
        blank = 0;
    }
    if let Some(p) = out.first_mut() {
        p.blank_before = 99;
    }
    if wrap.is_none() && blank_line_separated(&lines) {
        out = mark_note_blocks(out);
    }
    out
}

/// A quoted message, as e-mail quotes what it answers (`> Niamh,` / `>` / `> Quick one…`):
/// two or more lines in a row that start with `>` lose the mark, a line holding only the mark
/// is a blank line, and the quotation stands apart from the lines around it. Its paragraphs
/// are then read as any others (a letter, when it is one).
fn unquote_mail(lines: Vec<Line>) -> Vec<Line> {
    let quoted = |l: &Line| {
        l.text
            .strip_prefix('>')
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '>']))
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && quoted(&lines[j]) {
            j += 1;
        }
        if j - i < 2 {
            out.push(lines[i]);
            i += 1;
            continue;
        }
        let gap = |number| Line {
            text: "",
            indent: 0,
            number,
        };
        if out.last().is_some_and(|l: &Line| !l.text.is_empty()) {
            out.push(gap(lines[i].number));
        }
        for l in &lines[i..j] {
            out.push(Line {
                text: l.text.trim_start_matches(['>', ' ']),
                ..*l
            });
        }
        if lines.get(j).is_some_and(|l| !l.text.is_empty()) {
            out.push(gap(lines[j - 1].number));
        }
        i = j;
    }
    out
}

/// The most lines of a note written line by line as one block, in a paste whose lines are
/// its paragraphs.
const MAX_NOTE_BLOCK_LINES: usize = 8;

/// In a paste whose lines are its paragraphs and whose blocks stand between blank lines, a
/// block shaped as a note written line by line (see [`letter_block_cuts`]) is marked as one,
/// as the blocks of a hard-wrapped paste are when they are cut.
fn mark_note_blocks(mut out: Vec<Para>) -> Vec<Para> {
    let mut i = 0;
    // (blocks whose kisses line joins the signature above it: the kisses' index)
    let mut kisses = Vec::new();
    while i < out.len() {
        let mut j = i + 1;
        while j < out.len() && out[j].blank_before == 0 {
            j += 1;
        }
        let size = j - i;
        let cuts = ((2..=MAX_NOTE_BLOCK_LINES).contains(&size)
            && out[i..j]
                .iter()
                .all(|p| p.line == p.end_line && p.note_block.is_none()))
        .then(|| {
            let lines: Vec<Line> = out[i..j]
                .iter()
                .map(|p| Line {
                    text: &p.text,
                    indent: 0,
                    number: p.line,
                })
                .collect();
            let refs: Vec<&Line> = lines.iter().collect();
            letter_block_cuts(&refs)
        })
        .flatten();
        // (a kisses line under the name signs with it: `Gran` / `xxx`; the body's lines
        // stay lines of their own: `hey harkavy` / `you left your phone…` / `meet me by the
        // lake` / `- M`)
        let kissed = |cuts: &[usize]| {
            cuts.last() == Some(&(size - 2)) && recognise::is_kisses_line(&out[j - 1].text)
        };
        if let Some(cuts) = cuts {
            if kissed(&cuts) {
                kisses.push(j - 1);
            }
            let id = out[i].line;
            for p in &mut out[i..j] {
                p.note_block = Some(id);
            }
        }
        i = j;
    }
    for &k in kisses.iter().rev() {
        let x = out.remove(k);
        let name = &mut out[k - 1];
        name.text = format!("{} {}", name.text, x.text.trim());
        name.end_line = x.end_line;
    }
    out
}

/// A postscript starts a paragraph of its own, even written on the line under the signature
/// in one block (`Love from` / `Ines + Mister Bun` / `PS Do you get snow?`): the block is cut
/// before a `P.S.` line that follows a short line.
fn postscripts_apart(paras: Vec<Para>) -> Vec<Para> {
    let mut out = Vec::with_capacity(paras.len());
    for p in paras {
        let lines: Vec<&str> = p.text.split('\n').collect();
        let cut = (lines.len() >= 2 && p.end_line + 1 - p.line == lines.len())
            .then(|| {
                (1..lines.len()).find(|&k| {
                    letter::is_postscript(lines[k]) && lines[k - 1].split_whitespace().count() <= 6
                })
            })
            .flatten();
        match cut {
            Some(k) => {
                out.push(Para {
                    text: lines[..k].join("\n"),
                    end_line: p.line + k - 1,
                    ..p.clone()
                });
                out.push(Para {
                    text: lines[k..].join("\n"),
                    line: p.line + k,
                    blank_before: 0,
                    ..p
                });
            }
            None => out.push(p),
        }
    }
    out
}

fn para_of(block: &[&Line]) -> Para {
    Para {
        text: block.iter().map(|l| l.text).collect::<Vec<_>>().join("\n"),
        line: block[0].number,
        end_line: block[block.len() - 1].number,
        blank_before: 0,
        in_block: false,
        note_block: None,
    }
}

/// Blank-line separated text: each block is a paragraph, split only around separator and
/// heading lines, or kept line by line when its lines are all short.
fn block_paragraphs(lines: &[Line], wrap: usize, opts: &DetectOptions) -> Vec<Para> {
    let mut out = Vec::new();
    let mut block: Vec<&Line> = Vec::new();
    let flush = |block: &mut Vec<&Line>, out: &mut Vec<Para>| {
        if block.is_empty() {
            return;
        }
        if let Some(cuts) = letter_block_cuts(block) {
            // A whole short letter in one block: its parts are its paragraphs.
            for (k, &a) in cuts.iter().enumerate() {
                let b = cuts.get(k + 1).copied().unwrap_or(block.len());
                let mut p = Para {
                    in_block: true,
                    note_block: Some(block[0].number),
                    ..para_of(&block[a..b])
                };
                // (kisses under the name sign with it, on its line: `Gran xxx`)
                if let Some((name, x)) = p.text.rsplit_once('\n') {
                    if recognise::is_kisses_line(x) {
                        p.text = format!("{name} {}", x.trim());
                    }
                }
                out.push(p);
            }
        } else if keeps_its_lines(block, wrap) {
            out.extend(block.iter().map(|l| Para {
                in_block: true,
                ..para_of(&[*l])
            }));
        } else {
            // Paragraphs marked by indented first lines inside one block.
            let base = block.iter().map(|l| l.indent).min().unwrap_or(0);
            let mut run: Vec<&Line> = Vec::new();
            for l in block.iter() {
                if l.indent > base && !run.is_empty() {
                    out.push(para_of(&run));
                    run.clear();
                }
                // (a full line of prose with lower-case words is never a separator or heading)
                let prose = l.text.len() > 60 && l.text.chars().any(char::is_lowercase);
                if !prose && is_special_line(l.text, opts) {
                    if !run.is_empty() {
                        out.push(para_of(&run));
                        run.clear();
                    }
                    out.push(para_of(&[*l]));
                } else {
                    run.push(l);
                }
            }
            if !run.is_empty() {
                out.push(para_of(&run));
            }
        }
        block.clear();
    };
    for (i, l) in lines.iter().enumerate() {
        if l.text.is_empty() {
            flush(&mut block, &mut out);
            continue;
        }
        let inside = i > 0
            && !lines[i - 1].text.is_empty()
            && lines.get(i + 1).is_some_and(|n| !n.text.is_empty());
        if inside && is_markup_leftover(l.text) {
            continue;
        }
        block.push(l);
    }
    flush(&mut block, &mut out);
    out
}

/// One line per paragraph, indented first lines, or hard wrapping without blank lines: a
/// line is joined to the one before when its first word would not have fitted there.
fn wrapped_paragraphs(lines: &[Line], wrap: Option<usize>, opts: &DetectOptions) -> Vec<Para> {
    let base_indent = lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| l.indent)
        .min()
        .unwrap_or(0);
    let mut out: Vec<Para> = Vec::new();
    let mut cur: Option<Para> = None;
    let mut prev: Option<&Line> = None;
    for (i, line) in lines.iter().enumerate() {
        if line.text.is_empty() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            prev = None;
            continue;
        }
        if is_markup_leftover(line.text)
            && prev.is_some()
            && lines.get(i + 1).is_some_and(|n| !n.text.is_empty())
        {
            continue;
        }
        let join = match (prev, &cur, wrap) {
            (Some(p), Some(_), Some(w)) => {
                let first_word = line.text.split_whitespace().next().unwrap_or("");
                let fits = p.indent + p.text.chars().count() + 1 + first_word.chars().count() <= w;
                !fits
                    && line.indent <= base_indent
                    && !is_special_line(p.text, opts)
                    && !is_special_line(line.text, opts)
            }
            _ => false,
        };
        if join {
            let c = cur.as_mut().expect("checked");
            c.text.push('\n');
            c.text.push_str(line.text);
            c.end_line = line.number;
        } else {
            if let Some(p) = cur.take() {
                out.push(p);
            }
            cur = Some(para_of(&[line]));
        }
        prev = Some(line);
    }
    if let Some(p) = cur {
        out.push(p);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Stage 3: classify

fn forced(paras: &Para, opts: &DetectOptions) -> Option<OverrideKind> {
    opts.overrides
        .iter()
        .find(|o| paras.line >= o.first_line && paras.line <= o.last_line)
        .map(|o| o.kind)
}

/// Headings that only their place shows: a number alone (`22.`) or a title in capitals set
/// apart by blank lines (as Project Gutenberg sets chapter and story titles), a title line at
/// the very top of the text; then the subtitle lines under a heading
/// (`SEVENTH NARRATIVE` / `In a Letter from MR. CANDY`, `LETTER II` / `[In answer to the
/// preceding.]`).
fn find_placed_headings(paras: &[Para], kinds: &mut [Kind], opts: &DetectOptions) {
    let n = paras.len();
    let opens_letter = |k: usize| {
        paras.get(k).is_some_and(|p| {
            let first = p.text.split('\n').next().unwrap_or("");
            letter::is_salutation(first) || letter::salutation_prefix(first).is_some()
        })
    };
    // "Set apart" means more blank lines than the text puts between its paragraphs.
    let mut gaps: Vec<usize> = paras.iter().map(|p| p.blank_before.min(9)).collect();
    gaps.sort_unstable();
    let usual = gaps.get(gaps.len() / 2).copied().unwrap_or(1);
    let apart = usual.max(1) + 1;
    // Bare numbers counting up from 1 (or on from the first) number the sections.
    let numbers: Vec<(usize, u32)> = (0..n)
        .filter(|&i| kinds[i] == Kind::Text && detect::is_number_line(&paras[i].text))
        .filter_map(|i| Some((i, paras[i].text.trim().trim_end_matches('.').parse().ok()?)))
        .collect();
    let counting = numbers.len() >= 2 && numbers.windows(2).all(|w| w[1].1 == w[0].1 + 1);
    let numbered: Vec<usize> = if counting {
        numbers.iter().map(|x| x.0).collect()
    } else {
        Vec::new()
    };
    for i in 0..n {
        if kinds[i] != Kind::Text || forced(&paras[i], opts).is_some() {
            continue;
        }
        let p = &paras[i];
        let t = p.text.trim();
        let set_apart =
            p.blank_before >= apart && paras.get(i + 1).is_none_or(|q| q.blank_before >= 1);
        let heading = if detect::is_number_line(t) {
            set_apart && !t.starts_with('0') || numbered.contains(&i)
        } else if detect::is_numbered_title(t) {
            true
        } else if detect::is_caps_title(t) {
            // A name in capitals closing a letter is set apart by one blank line; a title by
            // more.
            let name_like = letter::is_signature(t.trim_end_matches('.'));
            set_apart && !opens_letter(i + 1) && (!name_like || p.blank_before > apart)
        } else {
            false
        };
        if heading {
            kinds[i] = Kind::Heading;
        }
    }
    // A title line at the very top of the text (a story pasted with its title), with its
    // byline as a subtitle.
    if n > 2
        && kinds[0] == Kind::Text
        && forced(&paras[0], opts).is_none()
        && detect::is_title_line(&paras[0].text)
    {
        kinds[0] = Kind::Heading;
        let byline = paras[1].text.trim().to_lowercase();
        if kinds[1] == Kind::Text
            && byline.starts_with("by ")
            && byline.split_whitespace().count() <= 6
        {
            kinds[1] = Kind::Subtitle;
        }
    }
    // Subtitle lines under a heading.
    for i in 0..n {
        if kinds[i] != Kind::Heading || detect::heading_has_title(&paras[i].text) {
            continue;
        }
        let mut k = i + 1;
        while k < n
            && k <= i + 2
            && k + 1 < n
            && kinds[k] == Kind::Text
            && is_subtitle(&paras[k].text)
            // (a name alone in brackets under the title is a point of view: `Chapter 12` /
            // `The Crossing` / `(Ailbhe)`; `(In a letter to MR. BRUFF)` is a subtitle)
            && !(k > i + 1 && bracketed_name(&paras[k].text))
            // (the first line of a block of lines is no subtitle where blank lines part the
            // paragraphs: a register or a list set line by line under the heading)
            && !(paras[k].blank_before > 0 && paras[k + 1].blank_before == 0)
            // (nor a day counted over a greeting: it dates the letter, `~Chapter Nine~` /
            // `Day 212` / `Dear Linnea,`; a title over one stays, `CHAPTER IX.` / `THE
            // RECTOR'S DILEMMA.` / `SIR,--`)
            && !(paras[k].text.chars().any(|c| c.is_ascii_digit()) && opens_letter(k + 1))
        {
            kinds[k] = Kind::Subtitle;
            k += 1;
        }
    }
}

/// A story's own separator, recognised because it repeats: `~AIV~`, `o-O-o`, `~SoS~`,
/// `-HP-` — a short decorated line that is not a name, standing alone at least twice.
fn story_symbol_lines(paras: &[Para], kinds: &mut [Kind], opts: &DetectOptions) {
    // A name in italics under a sign-off (`*Yours ever,*` / `*Bram*`) signs a letter, however
    // often the story repeats it.
    let signs = |i: usize| i > 0 && ends_like_signoff(&paras[i - 1].text);
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, p) in paras.iter().enumerate() {
        let t = p.text.trim();
        if detect::is_symbol_line(t) && !signs(i) {
            *seen.entry(t).or_default() += 1;
        }
    }
    for (i, p) in paras.iter().enumerate() {
        let t = p.text.trim();
        if forced(p, opts).is_none()
            && matches!(kinds[i], Kind::Text | Kind::Jump(_))
            && seen.get(t).is_some_and(|&n| n >= 2)
            && !signs(i)
        {
            // A name decorated alike each time names whose scene follows (`*Seren*`,
            // `~Corvan~`); an abbreviation is the story's ornament (`~AIV~`, `-HP-`).
            let core = detect::strip_decoration(t);
            let mut rest = core.chars().skip(1);
            let named = core.chars().next().is_some_and(char::is_uppercase)
                && core.chars().count() >= 3
                && rest.all(char::is_lowercase);
            kinds[i] = if named {
                Kind::Jump(core.to_string())
            } else {
                Kind::Separator
            };
        }
    }
}

/// One or two capitalised words wrapped whole in italics or bold (`*Seren*`, `**Kwame
/// Asante**`): the name inside.
fn wrapped_name(t: &str) -> Option<String> {
    // (a cheap first look: read for every paragraph, and most open with no emphasis mark)
    let t = t.trim();
    if !t.starts_with(['*', '_']) || t.len() > 100 {
        return None;
    }
    let (wrapper, core) = recognise::unwrap(t);
    if !matches!(
        wrapper,
        recognise::Wrapper::Italic | recognise::Wrapper::Bold
    ) {
        return None;
    }
    let words: Vec<&str> = core.split_whitespace().collect();
    ((1..=2).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().count() >= 2
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
        }))
    .then_some(core)
}

/// One or two words between matching dashes, capitals allowed (`— IONE —`, `-Bask-`): the
/// words inside.
fn dashed_name(t: &str) -> Option<String> {
    let t = t.trim();
    let first = t.chars().next()?;
    if !matches!(first, '—' | '–' | '-' | '~' | '=') || !t.ends_with(first) || t.len() < 3 {
        return None;
    }
    let core = t.trim_matches(|c: char| c == first || c.is_whitespace());
    let words: Vec<&str> = core.split_whitespace().collect();
    ((1..=2).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                && w.chars().count() >= 2
                && w.chars().all(char::is_alphabetic)
        }))
    .then(|| core.to_string())
}

/// A character's name alone in italics or bold between paragraphs of narration names whose
/// scene follows (`*Seren*`, `**Kwame**`), once the story shows it is a name: written with a
/// capital in the middle of a sentence at least twice (`…said Seren`). An italic name under
/// an italic letter, or under a sign-off, signs it instead; an italic word that is no name
/// (`*Please*`) is emphasis.
fn lone_name_labels(paras: &[Para], kinds: &mut [Kind], opts: &DetectOptions) {
    let n = paras.len();
    let label_of = |t: &str| wrapped_name(t).or_else(|| dashed_name(t));
    let candidates: Vec<usize> = (0..n)
        .filter(|&i| kinds[i] == Kind::Text && forced(&paras[i], opts).is_none())
        .filter(|&i| label_of(&paras[i].text).is_some())
        .collect();
    if candidates.is_empty() {
        return;
    }
    // Words written with a capital after a word in lower case: names.
    // (counted in lower case: a label may set the name in capitals, `**TAVI**`, `— IONE —`)
    let mut named: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in paras {
        let mut prev_lower = false;
        for w in p.text.split_whitespace() {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            let core = core
                .strip_suffix("'s")
                .or_else(|| core.strip_suffix("’s"))
                .unwrap_or(core);
            if prev_lower && core.starts_with(char::is_uppercase) {
                *named.entry(core.to_lowercase()).or_default() += 1;
            }
            // (a word in lower case that does not end its sentence)
            prev_lower = w.starts_with(char::is_lowercase) && !w.ends_with(['.', '!', '?', ':']);
        }
    }
    // (not set in italics or bold as the letter's paragraphs are)
    let plain = |i: usize| {
        kinds[i] != Kind::Text
            || !matches!(
                recognise::unwrap(&paras[i].text).0,
                recognise::Wrapper::Italic | recognise::Wrapper::Bold
            )
    };
    let mut labels = Vec::new();
    for i in candidates {
        let Some(core) = label_of(&paras[i].text) else {
            continue;
        };
        let first = core.split_whitespace().next().unwrap_or("").to_lowercase();
        let is_name = named.get(&first).is_some_and(|&c| c >= 2);
        let between_narration = (i == 0 || plain(i - 1)) && i + 1 < n && plain(i + 1);
        let signs = i > 0 && ends_like_signoff(&paras[i - 1].text);
        let postscript = paras
            .get(i + 1)
            .is_some_and(|p| letter::is_postscript(p.text.trim_start_matches(['*', '_'])));
        if is_name && between_narration && !signs && !postscript {
            labels.push((i, core.to_string()));
        }
    }
    for (i, label) in labels {
        kinds[i] = Kind::Jump(label);
    }
}

/// A paragraph that is a sign-off line, in or out of its wrapper (`*Yours in salt and
/// misery,*`, `"Still not admitting anything,`), as the letter recogniser reads one.
fn ends_like_signoff(text: &str) -> bool {
    let t = recognise::unwrap(text).1;
    recognise::is_signoff(&t) || recognise::is_free_signoff(&t)
}

/// A bare numeral (`I.`, `IV`) is a chapter heading in a story numbered so; in one whose
/// chapters are headed in words (`Chapter 9 – Handover`), a numeral standing alone once is
/// something else: a letter signed `I.`, a list's first item.
fn lone_numeral_headings(paras: &[Para], kinds: &mut [Kind], opts: &DetectOptions) {
    let numeral = |t: &str| {
        let core = t.trim().trim_matches(['*', '_']).trim_end_matches('.');
        !core.is_empty() && detect::is_roman(core) && core.chars().all(|c| c.is_ascii_uppercase())
    };
    let headings: Vec<usize> = (0..paras.len())
        .filter(|&i| kinds[i] == Kind::Heading)
        .collect();
    let numerals: Vec<usize> = headings
        .iter()
        .copied()
        .filter(|&i| numeral(&paras[i].text))
        .collect();
    let worded = headings
        .iter()
        .any(|&i| paras[i].text.to_lowercase().contains("chapter"));
    if let [only] = numerals[..] {
        if worded && forced(&paras[only], opts).is_none() {
            kinds[only] = Kind::Text;
        }
    }
    let core = |i: usize| {
        paras[i]
            .text
            .trim()
            .trim_matches(['*', '_'])
            .trim_end_matches('.')
            .to_string()
    };
    for &i in &numerals {
        // A numeral under a sign-off, or over a P.S., signs a letter (`Ever,` / `C.`); so does
        // a lone `L` or `C`, which as a heading would be the fiftieth or the hundredth chapter
        // and comes with other numerals (`XLIX.`, `LI.`), not alone or repeated.
        let signs = i > 0 && ends_like_signoff(&paras[i - 1].text)
            || paras
                .get(i + 1)
                .is_some_and(|p| letter::is_postscript(p.text.trim_start_matches(['*', '_'])));
        let lone_letter = core(i).len() == 1
            && matches!(core(i).as_str(), "L" | "C")
            && !numerals.iter().any(|&j| core(j) != core(i));
        if (signs || lone_letter) && forced(&paras[i], opts).is_none() {
            kinds[i] = Kind::Text;
        }
    }
}

/// A name alone in brackets: `(Ailbhe)`, `(Dagny Vollmer)`.
fn bracketed_name(text: &str) -> bool {
    text.trim()
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .is_some_and(|inner| {
            let words: Vec<&str> = inner.split_whitespace().collect();
            (1..=2).contains(&words.len())
                && words.iter().all(|w| {
                    w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic)
                })
        })
}

/// A short line under a heading that names it: capitalised or bracketed, no sentence end.
fn is_subtitle(text: &str) -> bool {
    let t = text.trim();
    let bracketed =
        (t.starts_with('[') && t.ends_with(']')) || (t.starts_with('(') && t.ends_with(')'));
    // (set in capitals, as old books set them, a subtitle may end in a full stop: `CHAPTER
    // THE FIFTH.` / `THE TENOR BELL.`)
    let capitals = {
        let mut letters = t.chars().filter(|c| c.is_alphabetic());
        letters.clone().nth(2).is_some() && letters.all(char::is_uppercase)
    };
    let end = t.trim_end_matches('.');
    !t.contains('\n')
        && t.split_whitespace().count() <= 12
        && t.chars().count() <= 80
        && (bracketed
            || t.chars().next().is_some_and(char::is_uppercase)
                && !(if capitals { end } else { t })
                    .ends_with(['.', '!', '?', ',', ':', ';', '"', '”'])
                && !t.starts_with(['"', '“']))
        && detect::jump_label(t).is_none()
        && detect::pov_label(t).is_none()
        && !recognise::is_dateline_text(t)
        && !detect::note_signal(t)
        && !letter::is_salutation(t)
        && recognise::opening(t).is_none()
}

fn classify(paras: &[Para], opts: &DetectOptions) -> Vec<Kind> {
    let mut kinds = classify_each(paras, opts);
    if opts.breaks {
        // A place and date just over a salutation, or just under a sign-off, dates a letter:
        // it is not a scene's label.
        for i in 0..kinds.len() {
            if !matches!(kinds[i], Kind::Jump(_)) || forced(&paras[i], opts).is_some() {
                continue;
            }
            // (the greeting may be set in italics as the letter is, and be a name alone:
            // `_Flagship Resolute, noon_` / `_Sullen,_`)
            let over_salutation = paras.get(i + 1).is_some_and(|n| {
                let (wrapper, inner) = recognise::unwrap(&n.text);
                recognise::opening(&inner)
                    .is_some_and(|o| !o.3 || wrapper != recognise::Wrapper::None)
            });
            // (or under the signature: `Your friend,` / `J. V.` / `_Harrowfield, Lady Day._`)
            let under_signoff = i > 0 && kinds[i - 1] == Kind::Text && {
                let prev = recognise::unwrap(&paras[i - 1].text).1;
                let signs = |t: &str| recognise::is_name(t) || recognise::is_marked_name(t);
                prev.trim_end().ends_with(',')
                    || recognise::split_closing(&prev).is_some()
                    || signs(&prev)
                        && i > 1
                        && recognise::is_signoff(&recognise::unwrap(&paras[i - 2].text).1)
            };
            let placed = paras[i].text.contains(", ");
            // (a day alone over a greeting dates it too, unless a separator stands above it:
            // `Tuesday` / `Dear log,`, but `======` / `Saltcote` labels the scene)
            let dated_greeting = over_salutation
                && i > 0
                && kinds[i - 1] == Kind::Text
                && recognise::is_dateline_text(&paras[i].text);
            // (ornaments on both sides frame a scene's label, never a date: `~*~*~ Sunday,
            // week five ~*~*~`)
            let framed = detect::framed_label(&paras[i].text).is_some();
            if (placed && (over_salutation || under_signoff) || dated_greeting) && !framed {
                kinds[i] = Kind::Text;
            }
        }
        story_symbol_lines(paras, &mut kinds, opts);
        lone_name_labels(paras, &mut kinds, opts);
        for i in 0..kinds.len() {
            let frames_message = kinds[i] == Kind::Separator
                && paras
                    .get(i + 1)
                    .is_some_and(|p| recognise::is_message_header(&p.text));
            if frames_message && forced(&paras[i], opts).is_none() {
                kinds[i] = Kind::Rule;
            }
        }
    }
    for (k, p) in kinds.iter_mut().zip(paras) {
        let t = p.text.trim();
        if matches!(k, Kind::Text | Kind::Separator) && is_markup_leftover(t) && t != "*" {
            *k = Kind::Rule;
        }
    }
    if opts.chapters {
        find_placed_headings(paras, &mut kinds, opts);
        lone_numeral_headings(paras, &mut kinds, opts);
        // A subtitle whose heading was given up is text again (`C.` read at first as a
        // heading in capitals, then as the signature it is: `PS - did you take my stapler`
        // under it is no subtitle).
        for i in 0..kinds.len() {
            let under_heading = i > 0 && matches!(kinds[i - 1], Kind::Heading | Kind::Subtitle);
            if kinds[i] == Kind::Subtitle && !under_heading {
                kinds[i] = Kind::Text;
            }
        }
    }
    // A short line right after a separator (and before more text) is the break's label —
    // unless a line in capitals follows it too: that is a notice set line by line (`BY ORDER
    // OF THE COUNCIL` / `THE GATE IS SHUT…`).
    let capitals = |t: &str| {
        let letters = t.chars().filter(|c| c.is_alphabetic());
        letters.clone().count() >= 3 && letters.clone().all(char::is_uppercase)
    };
    for i in 1..kinds.len().saturating_sub(1) {
        if kinds[i - 1] == Kind::Separator
            && kinds[i] == Kind::Text
            && kinds[i + 1] == Kind::Text
            && !(capitals(&paras[i].text)
                && capitals(paras[i + 1].text.lines().next().unwrap_or("")))
            // (or a line heading the lines set under it in its own block, in a text that
            // parts its paragraphs with blank lines: `NOTICE TO MASTERS OF VESSELS` / `The
            // Gullet is closed to all craft after dark…`; a ticket's `Dep. Ljubljana 23:47` /
            // `Arr. Villach 02:10 (change)` / …)
            && !(paras[i].blank_before >= 1
                && paras[i + 1].blank_before == 0
                && paras[i + 1].line == paras[i].end_line + 1
                && (capitals(&paras[i].text)
                    || paras.get(i + 2).is_some_and(|q| {
                        q.blank_before == 0 && q.line == paras[i + 1].end_line + 1
                    })))
            && forced(&paras[i], opts).is_none()
            && recognise::opening(&paras[i].text).is_none()
            && !recognise::is_message_header(&paras[i].text)
            // (an author's note opens under the separator: `oOoOo` / `AN: REVIEW REPLIES`)
            && !detect::note_signal(&paras[i].text)
        {
            if let Some(label) = detect::is_short_label(&paras[i].text)
                .or_else(|| detect::wrapped_label(&paras[i].text))
                .or_else(|| detect::lower_case_jump(&paras[i].text))
            {
                kinds[i] = Kind::Jump(label);
            }
        }
    }
    // Framed lines one under another are a form's printed lines, not labels (a field
    // postcard's `--- I have been admitted into hospital ---` /
    // `--- I have received no letter from you lately ---`).
    let framed: Vec<bool> = paras
        .iter()
        .map(|p| detect::framed_label(&p.text).is_some())
        .collect();
    let form: Vec<bool> = (0..kinds.len())
        .map(|i| framed[i] && (i > 0 && framed[i - 1] || framed.get(i + 1) == Some(&true)))
        .collect();
    for (i, in_form) in form.into_iter().enumerate() {
        if in_form && matches!(kinds[i], Kind::Jump(_)) && forced(&paras[i], opts).is_none() {
            kinds[i] = Kind::Text;
        }
    }
    kinds
}

fn classify_each(paras: &[Para], opts: &DetectOptions) -> Vec<Kind> {
    paras
        .iter()
        .map(|p| match forced(p, opts) {
            Some(OverrideKind::Text) => Kind::Text,
            Some(OverrideKind::Chapter) => Kind::Heading,
            Some(OverrideKind::Break) => {
                if detect::is_separator(&p.text) {
                    Kind::Separator
                } else {
                    Kind::Jump(detect::strip_decoration(&p.text).to_string())
                }
            }
            _ => {
                if opts.chapters && detect::is_chapter_heading(&p.text) {
                    Kind::Heading
                } else if opts.breaks
                    && detect::is_separator(&p.text)
                    // A row of dots among the lines of a verse marks lines left out.
                    && !(p.in_block && p.text.trim().starts_with('.'))
                {
                    Kind::Separator
                } else if let Some(label) = opts
                    .breaks
                    .then(|| {
                        detect::jump_label(&p.text)
                            .or_else(|| detect::pov_label(&p.text))
                            .or_else(|| detect::framed_label(&p.text))
                    })
                    .flatten()
                {
                    Kind::Jump(label)
                } else {
                    Kind::Text
                }
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Stage 4: author's notes

/// Chapter segments: (start, end) ranges of paragraph indices between headings.
fn segments(kinds: &[Kind]) -> Vec<(usize, usize)> {
    let mut segs = Vec::new();
    let mut start = 0;
    for (i, k) in kinds.iter().enumerate() {
        if *k == Kind::Heading {
            segs.push((start, i));
            start = i + 1;
        }
    }
    segs.push((start, kinds.len()));
    segs
}

/// Does the paragraph open with a quotation mark (dialogue, never a note)?
fn spoken(t: &str) -> bool {
    t.trim_start().starts_with(['"', '“', '\'', '‘', '«'])
}

/// The most paragraphs AO3's summary and notes take above `Chapter Text`.
const AO3_FRAME_PARAGRAPHS: usize = 60;

/// The labels AO3 sets over a work's or a chapter's summary and notes.
fn is_ao3_label(t: &str) -> bool {
    matches!(
        t.trim().to_lowercase().as_str(),
        "summary:" | "notes:" | "chapter notes:" | "chapter summary:"
    )
}

/// AO3's line between the notes and the story: `Chapter Text`, `Work Text:`.
fn is_ao3_text_marker(t: &str) -> bool {
    matches!(
        t.trim().to_lowercase().as_str(),
        "chapter text" | "chapter text:" | "work text" | "work text:"
    )
}

fn find_notes(paras: &[Para], kinds: &mut [Kind], blocks: &mut Vec<(usize, usize, String)>) {
    let segs = segments(kinds);
    let mut mark = |kinds: &mut [Kind], a: usize, b: usize, why: &str| {
        let id = blocks.len();
        blocks.push((a, b, why.to_string()));
        for k in &mut kinds[a..b] {
            *k = Kind::Note(id);
        }
    };
    // A story pasted with its title on top: what stands between the title and the first
    // chapter is the top of the text still (`Title` / `Disclaimer: …` / `A/N: …` / `Chapter 1`).
    let titled = segs.len() > 2
        && segs[0] == (0, 0)
        && paras
            .first()
            .is_some_and(|p| !detect::is_chapter_heading(&p.text));
    for (si, &(s, e)) in segs.iter().enumerate() {
        let is_first = si == 0 || si == 1 && titled;
        let is_last = si == segs.len() - 1;
        // Leading notes: at the top of the text or of a chapter.
        let mut i = s;
        while i < e && kinds[i] == Kind::Separator {
            i += 1;
        }
        // AO3's own frame: `Summary:` / `Notes:` / `(See the end of the chapter for more
        // notes.)` over `Chapter Text` (or `Work Text:`) is one note, and the marker line
        // that ends it is neither text nor heading.
        // (at the top of a paste, under the work's byline: `Paper Boats` / `inkandoar` /
        // `Summary:`)
        // (the work's title may stand as the text's heading: then this is the first segment)
        let at_top = is_first || segs[..si].iter().all(|&(a, b)| a == b);
        if at_top {
            if let Some(k) = (i..e.min(i + 3)).find(|&k| is_ao3_label(&paras[k].text)) {
                // (the byline may already be the title's subtitle: `by quillwether`)
                let bylines = (i..k).all(|j| {
                    matches!(kinds[j], Kind::Text | Kind::Subtitle)
                        && paras[j].text.split_whitespace().count() <= 6
                });
                if bylines {
                    i = k;
                }
            }
        }
        let ao3_text = (i < e && kinds[i] == Kind::Text && is_ao3_label(&paras[i].text))
            .then(|| {
                (i + 1..e.min(i + AO3_FRAME_PARAGRAPHS))
                    .find(|&k| is_ao3_text_marker(&paras[k].text))
                    .filter(|&m| (i..m).all(|k| kinds[k] == Kind::Text))
            })
            .flatten();
        if let Some(m) = ao3_text {
            mark(kinds, i, m, "AO3 summary and notes over the chapter text");
            kinds[m] = Kind::Rule;
        } else if i < e && kinds[i] == Kind::Text && detect::note_signal(&paras[i].text) {
            let mut j = i + 1;
            while j < e
                && kinds[j] == Kind::Text
                && (detect::note_signal(&paras[j].text)
                    || detect::note_continuation(&paras[j].text))
            {
                j += 1;
            }
            // Before the first heading of a paste, a note that starts there runs to the
            // heading (AO3's `Notes:` block: a recap, a disclaimer, thanks).
            if is_first
                && segs.len() > 1
                && (j..e).all(|k| kinds[k] == Kind::Text && !spoken(&paras[k].text))
            {
                j = e;
            }
            // A note is followed by the story (or a separator/heading), never ends a segment
            // that has no story at all — except the very first segment (notes before Chapter 1).
            if j < e || is_first {
                mark(kinds, i, j, "note at the start, addressed to readers");
            }
        } else if is_first
            && segs.len() > 1
            && i < e
            && (i..e).all(|k| {
                kinds[k] == Kind::Text
                    && !spoken(&paras[k].text)
                    && detect::note_continuation(&paras[k].text)
            })
        {
            // Chatter to the readers before the first heading, however it opens (`hiii
            // everyone!! sorry this chapter took so long…`).
            mark(kinds, i, e, "note at the start, addressed to readers");
        }
        // Trailing notes: at the end of a chapter or of the text.
        let mut j = e;
        while j > s && kinds[j - 1] == Kind::Separator {
            j -= 1;
        }
        let end = j;
        // An end note that opens with its label (`A/N:`) goes on to the end: answers to
        // readers in the first or second person, and a last word to them (`Review please!`).
        // (AO3 heads its end notes `Notes:` on a line of their own)
        let labelled = (end.saturating_sub(6).max(s)..end).find(|&a| {
            kinds[a] == Kind::Text
                && (detect::explicit_note(&paras[a].text) || is_ao3_label(&paras[a].text))
        });
        // (the author may sign it, last: `~ cellocat`, `-- M.`)
        let signs = |k: usize| {
            k + 1 == end
                && paras[k].text.trim().starts_with(['~', '-', '—', '–'])
                && recognise::is_marked_name(&paras[k].text)
        };
        if let Some(a) = labelled.filter(|&a| {
            end - a >= 2
                && (a > s || is_last)
                && (a + 1..end).all(|k| {
                    let t = &paras[k].text;
                    matches!(kinds[k], Kind::Text | Kind::Jump(_)) && signs(k)
                        || kinds[k] == Kind::Text
                            && !spoken(t)
                            && t.split_whitespace().nth(120).is_none()
                            && (recognise::personal(t) || detect::note_continuation(t))
                })
                && (detect::note_continuation(&paras[end - 1].text)
                    || detect::note_signal(&paras[end - 1].text)
                    || signs(end - 1)
                    // (a separator parts the story from it, or AO3's own label heads it: what
                    // follows it to the chapter's end is the author's)
                    || a > s && kinds[a - 1] == Kind::Separator
                    || is_ao3_label(&paras[a].text))
        }) {
            mark(kinds, a, end, "note at the end, addressed to readers");
        }
        let mut k = j;
        if k > s && matches!(kinds[k - 1], Kind::Text | Kind::Jump(_)) && signs(k - 1) {
            k -= 1;
        }
        let mut strong = false;
        while k > s && kinds[k - 1] == Kind::Text {
            let t = &paras[k - 1].text;
            if detect::note_signal(t) {
                strong = true;
            } else if !detect::note_continuation(t) {
                break;
            }
            k -= 1;
        }
        // Shrink to start at a strong signal.
        while k < end && !detect::note_signal(&paras[k].text) {
            k += 1;
        }
        if strong
            && k < end
            && (k > s || is_last)
            && (k..end).all(|x| matches!(kinds[x], Kind::Text) || signs(x))
        {
            mark(kinds, k, end, "note at the end, addressed to readers");
        }
        // Explicitly labelled notes anywhere ("(A/N: …)").
        for idx in s..e {
            if kinds[idx] == Kind::Text && detect::explicit_note(&paras[idx].text) {
                mark(kinds, idx, idx + 1, "labelled as an author's note");
            }
        }
    }
}

fn apply_note_overrides(
    paras: &[Para],
    kinds: &mut [Kind],
    blocks: &mut Vec<(usize, usize, String)>,
    opts: &DetectOptions,
) {
    for o in opts
        .overrides
        .iter()
        .filter(|o| o.kind == OverrideKind::Note)
    {
        let idx: Vec<usize> = (0..paras.len())
            .filter(|&i| paras[i].line >= o.first_line && paras[i].line <= o.last_line)
            .collect();
        if let (Some(&a), Some(&b)) = (idx.first(), idx.last()) {
            let id = blocks.len();
            blocks.push((a, b + 1, "marked as a note (--mark)".into()));
            for k in &mut kinds[a..=b] {
                *k = Kind::Note(id);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Stage 5: letters

/// Finds the letters: the recogniser reads the whole sequence of paragraphs (headings,
/// separators and notes are barriers a letter cannot cross; jump lines may be a letter's
/// internal datelines) and chooses the most consistent set of letters.
fn find_letters(
    paras: &[Para],
    kinds: &mut [Kind],
    letters: &mut Vec<LetterSpan>,
    opts: &DetectOptions,
) {
    let texts: Vec<String> = paras.iter().map(|p| p.text.clone()).collect();
    let mut cues = recognise::cues(&texts, |i| {
        !matches!(kinds[i], Kind::Text | Kind::Jump(_))
            || matches!(kinds[i], Kind::Jump(_))
                && (detect::is_marker_line(&paras[i].text)
                    // (ornaments frame a scene's label: `~*~*~ Sunday, week five ~*~*~`; so
                    // does a separator above it, unless a greeting follows to be dated:
                    // `*   *   *` / `THE NEXT MORNING.` / narration, but `▪` /
                    // `Saturday 09:14` / `Vollmer,`)
                    || detect::framed_label(&paras[i].text).is_some()
                    || i > 0
                        && kinds[i - 1] == Kind::Separator
                        && paras.get(i + 1).is_none_or(|n| {
                            recognise::opening(&recognise::unwrap(&n.text).1).is_none()
                        })
                    // (a name between scenes; `_Friday_` may date a note)
                    || wrapped_name(&paras[i].text).is_some()
                        && !recognise::is_dateline_text(&paras[i].text))
            || forced(&paras[i], opts) == Some(OverrideKind::Text)
    });
    let mut previous_block = None;
    for (c, p) in cues.iter_mut().zip(paras) {
        c.block = p.note_block;
        // The first line of a note written as one block greets: it signs nothing (`N -`).
        if p.note_block.is_some() && p.note_block != previous_block {
            c.signed = false;
            c.name = false;
        }
        previous_block = p.note_block;
    }
    for span in recognise::decode(&texts, &cues) {
        let id = letters.len();
        for k in &mut kinds[span.start..span.end] {
            *k = Kind::Letter(id);
        }
        letters.push(span);
    }
}

/// `--mark letter@A-B`: the paragraphs on those lines are one letter, whatever the
/// recogniser thought; its wrapping is taken off and its parts found as for any letter.
fn apply_letter_overrides(
    paras: &[Para],
    kinds: &mut [Kind],
    letters: &mut Vec<LetterSpan>,
    opts: &DetectOptions,
) {
    for o in opts
        .overrides
        .iter()
        .filter(|o| o.kind == OverrideKind::Letter)
    {
        let idx: Vec<usize> = (0..paras.len())
            .filter(|&i| paras[i].line >= o.first_line && paras[i].line <= o.last_line)
            .collect();
        if let (Some(&a), Some(&b)) = (idx.first(), idx.last()) {
            let id = letters.len();
            letters.push(LetterSpan {
                start: a,
                end: b + 1,
                wrapper: recognise::unwrap(&paras[a].text).0,
                closing: None,
                score: 0,
                evidence: vec![recognise::Evidence::Marked],
            });
            for k in &mut kinds[a..=b] {
                *k = Kind::Letter(id);
            }
        }
    }
}

/// The model's letter from the recogniser's span: parts found in the source texts, each
/// part set with inline emphasis and smart punctuation.
fn letter_block(
    texts: &[String],
    lines: &[(usize, usize)],
    span: &LetterSpan,
    mut inl: impl FnMut(&str) -> Vec<Inline>,
) -> crate::model::Letter {
    let parts = recognise::letter_text_closed(texts, span.wrapper, span.closing);
    // A part keeps the lines it was written on (a message's header lines, an address, a
    // staircase sign-off, a title over a firm: one under another).
    let mut opt = |s: &Option<String>| s.as_deref().map(|s| super::line_by_line(s, &mut inl));
    crate::model::Letter {
        superscription: opt(&parts.superscription),
        dateline: opt(&parts.dateline),
        address: opt(&parts.address),
        role: opt(&parts.role),
        salutation: opt(&parts.salutation),
        valediction: opt(&parts.valediction),
        signature: opt(&parts.signature),
        body: parts
            .body
            .iter()
            .map(|(t, k)| Block::Paragraph {
                content: inl(t),
                line: lines[*k].0,
            })
            .collect(),
        postscript: parts.postscript.iter().map(|t| inl(t)).collect(),
        line: lines.first().map_or(0, |l| l.0),
        end_line: lines.last().map_or(0, |l| l.1),
        source_paragraphs: texts.len(),
        reason: span.explain(),
    }
}

// ---------------------------------------------------------------------------------------
// Stage 6: assemble

fn inlines(text: &str, smart: &mut Smartener) -> Vec<Inline> {
    smart.reset();
    super::inline::parse(text, smart)
}

/// The one assembler of plain text, and of Markdown read with `--detect` (`originals` then
/// holds the Markdown blocks: a paragraph left as text, a note's paragraphs, a thematic break
/// and any other block keep their Markdown form).
#[allow(clippy::too_many_arguments)]
fn assemble(
    path: &Path,
    paras: &[Para],
    kinds: &[Kind],
    notes: &[(usize, usize, String)],
    letters: &[LetterSpan],
    language: &str,
    originals: &[Block],
    diag: &mut Diagnostics,
) -> Vec<Chapter> {
    let mut smart = Smartener::new(language);
    let original = |i: usize| originals.get(i);
    let mut chapters: Vec<Chapter> = Vec::new();
    let mut cur = Chapter {
        title: None,
        blocks: Vec::new(),
        line: paras.first().map_or(1, |p| p.line),
    };
    let mut started = false;
    // A break waiting for the next story block (so separators at edges are dropped and a
    // separator + jump line make one labelled break).
    let mut pending: Option<SceneBreak> = None;
    let has_story = |c: &Chapter| c.blocks.iter().any(|b| !matches!(b, Block::Note(_)));

    let mut i = 0;
    while i < paras.len() {
        let p = &paras[i];
        match &kinds[i] {
            Kind::Heading => {
                if let Some(b) = pending.take() {
                    drop_break(b, &mut cur, path, "a chapter", diag);
                }
                if started || !cur.blocks.is_empty() {
                    chapters.push(std::mem::take(&mut cur));
                }
                let mut title = inlines(p.text.trim(), &mut smart);
                i += 1;
                while i < paras.len() && kinds[i] == Kind::Subtitle {
                    title.push(Inline::LineBreak);
                    title.extend(inlines(paras[i].text.trim(), &mut smart));
                    i += 1;
                }
                cur = Chapter {
                    title: Some(title),
                    blocks: Vec::new(),
                    line: p.line,
                };
                started = true;
            }
            Kind::Separator => {
                if pending.is_none() {
                    pending = Some(match original(i) {
                        Some(Block::SceneBreak(b)) => b.clone(),
                        _ => SceneBreak {
                            label: None,
                            line: p.line,
                            reason: format!("separator line `{}`", p.text.trim()),
                        },
                    });
                }
                i += 1;
            }
            Kind::Jump(label) if !has_story(&cur) && pending.is_none() => {
                // A POV, flashback or time line opening a chapter still names whose scene
                // (or which time) this is: a labelled break (`Epilogue` / `Five years
                // later`).
                cur.blocks.push(Block::SceneBreak(SceneBreak {
                    label: Some(inlines(label, &mut smart)),
                    line: p.line,
                    reason: format!("time, point-of-view or flashback line `{}`", p.text.trim()),
                }));
                i += 1;
            }
            Kind::Jump(label) => {
                let b = pending.get_or_insert(SceneBreak {
                    label: None,
                    line: p.line,
                    reason: String::new(),
                });
                if b.label.is_none() {
                    b.label = Some(inlines(label, &mut smart));
                    b.reason = if b.reason.is_empty() {
                        format!("time/place jump line `{}`", p.text.trim())
                    } else {
                        format!("{} followed by jump line `{}`", b.reason, p.text.trim())
                    };
                } else {
                    // Two jump lines in a row: the second is text.
                    cur.blocks
                        .push(paragraph_block(originals, paras, i, &mut smart));
                }
                i += 1;
            }
            Kind::Note(id) => {
                let (a, b, why) = &notes[*id];
                let blocks = (*a..*b)
                    .map(|k| paragraph_block(originals, paras, k, &mut smart))
                    .collect();
                // A separator between the story and an end note is the author's: it parts
                // the story from what they say after it (with its label, if any).
                let hs = !cur.blocks.is_empty() || cur.title.is_some();
                flush_break(&mut pending, &mut cur, hs);
                cur.blocks.push(Block::Note(Note {
                    blocks,
                    line: paras[*a].line,
                    end_line: paras[*b - 1].end_line,
                    reason: why.clone(),
                }));
                i = *b;
            }
            Kind::Letter(id) => {
                let hs = !cur.blocks.is_empty() || cur.title.is_some();
                flush_break(&mut pending, &mut cur, hs);
                let span = &letters[*id];
                let (a, b) = (span.start, span.end);
                let texts: Vec<String> = paras[a..b].iter().map(|p| p.text.clone()).collect();
                let lines: Vec<(usize, usize)> =
                    paras[a..b].iter().map(|p| (p.line, p.end_line)).collect();
                let l = letter_block(&texts, &lines, span, |t| inlines(t, &mut smart));
                cur.blocks.push(Block::Letter(l));
                i = b;
            }
            Kind::Subtitle | Kind::Rule => i += 1,
            Kind::Text | Kind::Other => {
                let hs = !cur.blocks.is_empty() || cur.title.is_some();
                flush_break(&mut pending, &mut cur, hs);
                cur.blocks
                    .push(paragraph_block(originals, paras, i, &mut smart));
                i += 1;
            }
        }
    }
    if let Some(b) = pending.take() {
        drop_break(b, &mut cur, path, "the text", diag);
    }
    if started || !cur.blocks.is_empty() {
        chapters.push(cur);
    }
    chapters
}

/// Paragraph `i` as a block: its Markdown form when it came from Markdown (`--detect`), else
/// its text with inline emphasis and smart punctuation.
fn paragraph_block(originals: &[Block], paras: &[Para], i: usize, smart: &mut Smartener) -> Block {
    match originals.get(i) {
        Some(block) => block.clone(),
        None => Block::Paragraph {
            content: inlines(&paras[i].text, smart),
            line: paras[i].line,
        },
    }
}

/// Places a waiting break before the next block: the author's separator stays where they set
/// it, under a chapter's heading (an ornament under the title) or between a note and the
/// story. Only at the very top of a text with no heading is an unlabelled one dropped.
fn flush_break(pending: &mut Option<SceneBreak>, cur: &mut Chapter, has_story: bool) {
    if let Some(b) = pending.take() {
        if has_story || b.label.is_some() {
            cur.blocks.push(Block::SceneBreak(b));
        }
    }
}

/// A break with nothing after it (at the end of a chapter or of the text) is dropped with a
/// warning; its label, if any, is text of the story and stays as a paragraph.
fn drop_break(
    b: SceneBreak,
    cur: &mut Chapter,
    path: &Path,
    at_end_of: &str,
    diag: &mut Diagnostics,
) {
    diag.warn(
        Location::line(path, b.line),
        format!("scene break at the end of {at_end_of} ignored"),
    );
    if let Some(label) = b.label {
        cur.blocks.push(Block::Paragraph {
            content: label,
            line: b.line,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_with_nothing_after_it_stays_as_text() {
        // Found by the property tests: the labels were lost with their breaks.
        let p = "She slept.";
        assert_eq!(
            kinds_of(&format!("{p}\n\n~Klaus~\n\nChapter 2\n\n{p}\n")),
            ["p", "p", "chapter Chapter 2", "p"]
        );
        assert_eq!(
            kinds_of(&format!("{p}\n\n* * *\n\nTwo days later\n")),
            ["p", "p"]
        );
        assert_eq!(
            kinds_of(&format!("Chapter 1\n\n* * *\n\nTwo days later\n\n{p}\n")),
            ["chapter Chapter 1", "break Two days later", "p"]
        );
    }

    #[test]
    fn a_name_in_italics_under_a_sign_off_signs_however_often_it_repeats() {
        let p = "She read it twice by the window and then once more by the fire.";
        let letter = |n: &str| {
            format!("*Dear Wynn,*\n\n*The boat was late {n}.*\n\n*Yours in salt,*\n\n*Oskar*")
        };
        // `*Oskar*` stands alone twice: a story's own separator would, but a signature
        // under a sign-off is no separator.
        assert_eq!(
            kinds_of(&format!(
                "{p}\n\n{}\n\n{p}\n\n{}\n\n{p}\n",
                letter("again"),
                letter("twice")
            )),
            ["p", "letter 4", "p", "letter 4", "p"]
        );
        // Standing alone between scenes, it names whose scene follows.
        assert_eq!(
            kinds_of(&format!("{p}\n\n*Oskar*\n\n{p}\n\n*Oskar*\n\n{p}\n")),
            ["p", "break Oskar", "p", "break Oskar", "p"]
        );
    }

    #[test]
    fn a_note_written_line_by_line_as_one_block_is_a_letter() {
        let a = "The tray came up at six, and Maren took it from the footman herself.";
        let b = "Across the courtyard Tobiah watched the window, and Maren did not look down.";
        // A text, greeting with no comma, signed with a dash.
        let text = format!("{a}\n\n{b}\n\nRell\ndid u get there ok. is it creepy\n-Kip\n\n{a}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "letter 3", "p"]);
        // A note with no greeting, signed off and named on one line.
        let text = format!("{a}\n\n{b}\n\nSaw him leave. Tall. Nice coat.\nlove Mam x\n\n{a}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "letter 3", "p"]);
        // Kisses under the name sign with it.
        let text = format!("{a}\n\n{b}\n\nWenna my love\nHe bought the lemon drizzle anyway. I like him.\nGran\nxxx\n\n{a}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "letter 3", "p"]);
        // A text in lower case, greeting `hey` and a name, signed with a spaced dash.
        let text = format!("{a}\n\n{b}\n\nhey harkavy\nyou left your phone in the common room you absolute disaster\nmeet me by the lake\n- M\n\n{a}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "letter 4", "p"]);
        // (lines ending in a name with no greeting and no sign-off are no note)
        let text = format!("{a}\n\n{b}\n\nThe wind blows cold across the moor\nand Maren waits\nand waits\nMaren\n\n{a}\n");
        assert!(!kinds_of(&text).iter().any(|k| k.starts_with("letter")));
        // Two lines of verse are no note.
        let text = format!(
            "{a}\n\n{b}\n\nThe wind blows cold across the moor,\nAnd Maren waits.\n\n{a}\n"
        );
        assert_eq!(kinds_of(&text), ["p", "p", "p", "p", "p"]);
    }

    #[test]
    fn a_note_after_the_last_separator_runs_to_the_next_heading() {
        let p = "The stage was late again, and Micah kept the coffee hot for eleven hours.";
        let text = format!(
            "Chapter 7\n\n{p}\n\n{p}\n\n+++\n\nA/N: I KNOW. Cliffhanger. The next one is \
             right here.\n\nFun fact, the price board is based on a real one I saw in a museum \
             last summer.\n\nChapter 8\n\n{p}\n"
        );
        assert_eq!(
            kinds_of(&text),
            [
                "chapter Chapter 7",
                "p",
                "p",
                "break",
                "note 2",
                "chapter Chapter 8",
                "p"
            ]
        );
    }

    #[test]
    fn an_ao3_work_pasted_whole_has_its_notes_under_the_byline_and_at_the_end() {
        let p =
            "The first boat was on the roof of the Kingfisher on a Monday, between the flowerpots.";
        let text = format!(
            "Paper Boats on the Vell\ninkandoar\nSummary:\nSomebody keeps leaving folded paper \
             boats on the roof of Oriel's narrowboat.\nNotes:\nWritten for the Winter Exchange! \
             Thank you to my beta.\nWork Text:\n{p}\n{p}\n{p}\nNotes:\nThank you for reading! \
             This was so much fun to write.\n(Yes, the cat is real. No, I will not tell you \
             which canal.)\n"
        );
        let kinds = kinds_of(&text);
        assert_eq!(
            kinds.iter().filter(|k| k.starts_with("note")).count(),
            2,
            "{kinds:?}"
        );
        assert_eq!(
            kinds.last().map(String::as_str),
            Some("note 3"),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_quoted_message_is_read_without_its_marks() {
        let a = "She hit send, and then sat for a moment looking at the words on the screen.";
        let b = "Across the office Vik was pretending to read the minutes of the last meeting.";
        let text = format!(
            "{a}\n\n{b}\n\nOn Tue 14 Mar at 09:12, Vik wrote:\n> Niamh,\n>\n> Can we put a \
             duck house on the pond? I know it is a structure.\n>\n> Cheers,\n> Vik\n\n{a}\n"
        );
        assert_eq!(kinds_of(&text), ["p", "p", "p", "letter 4", "p"]);
        // One line that starts with the mark is no quotation.
        let text = format!("{a}\n\n> that is what she said\n\n{b}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "p"]);
    }

    #[test]
    fn a_name_alone_in_italics_between_scenes_is_a_point_of_view_label() {
        let a = "The tray came up at six, and Maren took it from the footman herself.";
        let b = "Across the courtyard Tobiah watched the window, and Maren did not look down.";
        // `Tobiah` is a name: the story writes it with a capital mid-sentence twice.
        let text = format!("{a}\n\n{b}\n\n*Tobiah*\n\n\"She took it,\" said Tobiah.\n\n{a}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "break Tobiah", "p", "p"]);
        // An italic word that is no name is emphasis.
        let text = format!("{a}\n\n{b}\n\n*Please*\n\n\"She took it,\" said Tobiah.\n\n{a}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "p", "p", "p"]);
        // Under a letter in italics it signs.
        let text = format!(
            "{a}\n\n{b}\n\n*Dear Maren,*\n\n*Take the east stair and not the west.*\n\n*Tobiah*\n\n{a}\n"
        );
        assert_eq!(kinds_of(&text), ["p", "p", "letter 3", "p"]);
    }

    #[test]
    fn a_postscript_under_the_signature_in_one_block_is_its_own_paragraph() {
        let para = |text: &str, line: usize| Para {
            text: text.to_string(),
            line,
            end_line: line + text.matches('\n').count(),
            blank_before: 1,
            in_block: false,
            note_block: None,
        };
        let got = postscripts_apart(vec![para(
            "Love from\nTeo\nPS Do you get snow? We never do.",
            10,
        )]);
        let got: Vec<(&str, usize, usize)> = got
            .iter()
            .map(|p| (p.text.as_str(), p.line, p.end_line))
            .collect();
        assert_eq!(
            got,
            [
                ("Love from\nTeo", 10, 11),
                ("PS Do you get snow? We never do.", 12, 12)
            ]
        );
        // Under a line of prose it is no label: the block stays whole.
        let text = "She read the whole of the letter again by the window, and then\nP.S. and all, she smiled.";
        assert_eq!(postscripts_apart(vec![para(text, 1)]).len(), 1);
    }

    #[test]
    fn a_lone_numeral_in_a_story_headed_in_words_is_no_chapter() {
        let text = "Chapter 9 – Handover\nShe opened the box. The top one was dated the night of the fire.\n3rd November, 5 a.m.\nTeo,\nYou went back in. I watched the door for fifty-one minutes.\nPlease don't die.\nI.\nHe laughed, and then he stopped laughing.\n";
        assert_eq!(
            kinds_of(text),
            ["chapter Chapter 9 – Handover", "p", "letter 5", "p"]
        );
        // Numbered so throughout, numerals are headings.
        let p = "She opened the box and read the letters one by one until it was dark.";
        let text = format!("I.\n\n{p}\n\n{p}\n\nII.\n\n{p}\n\n{p}\n");
        assert_eq!(
            kinds_of(&text),
            ["chapter I.", "p", "p", "chapter II.", "p", "p"]
        );
    }

    #[test]
    fn a_separator_parting_a_note_from_the_story_is_a_break() {
        let p = "The ferry left without them, and they watched it go from the quay.";
        // After a note at the start, and before a note at the end.
        let text = format!("A/N: thanks for waiting, everyone!\n\noOo\n\n{p}\n\n{p}\n\noOo\n\nA/N: review please!\n");
        assert_eq!(
            kinds_of(&text),
            ["note 1", "break", "p", "p", "break", "note 1"]
        );
        // Under a heading it is the author's ornament under the title; at the very top of a
        // text with no heading, nothing.
        let text = format!("Chapter 1\n\noOo\n\n{p}\n\n{p}\n");
        assert_eq!(kinds_of(&text), ["chapter Chapter 1", "break", "p", "p"]);
        let text = format!("oOo\n\n{p}\n\n{p}\n");
        assert_eq!(kinds_of(&text), ["p", "p"]);
    }

    #[test]
    fn a_short_letter_in_one_block_is_a_letter() {
        let prose = "She put the kettle on and waited for the water to boil, watching the rain\nrun down the glass of the kitchen window while the clock in the hall struck\nfour and then, a long while later, five.";
        let note = "Inspector,\nEleven shillings and a button, and the boathouse key. Still think we should\nhave stopped?\nCheers,\nRao\nP.S. Bring the lamp.";
        assert_eq!(
            kinds_of(&format!(
                "{prose}\n\n{prose}\n\n{prose}\n\n{note}\n\n{prose}\n\n{prose}\n"
            )),
            // salutation, body (one paragraph), sign-off, signature, P.S.
            ["p", "p", "p", "letter 5", "p", "p"]
        );
        // A block of prose whose first line merely ends in a comma stays one paragraph.
        let text = "Well, I suppose,\nshe said to nobody in particular, that the kettle will boil when it\nwants to and not before, like everything else in this house\nof ours.";
        assert_eq!(
            kinds_of(&format!("{prose}\n\n{prose}\n\n{text}\n\n{prose}\n")),
            ["p", "p", "p", "p"]
        );
    }

    #[test]
    fn a_place_and_date_under_the_signature_belong_to_the_letter() {
        let prose = "He put the box on the table and untied the ribbon, and for a long while did not\nopen the letter that lay on the top of the papers inside.";
        let letter = "I waited by the gate until the bell rang nine, and you did not come.\n\nI shall not write again.\n\nYour friend, whatever they say,\nA. W.\n\n_Stoke Mill, Michaelmas._";
        // body, body, sign-off, signature, date: and no break labelled with the date
        assert_eq!(
            kinds_of(&format!(
                "{prose}\n\nIt was in a girl's hand.\n\n{letter}\n\n{prose}\n"
            )),
            ["p", "p", "letter 5", "p"]
        );
    }

    fn kinds_of(text: &str) -> Vec<String> {
        let mut d = Diagnostics::default();
        let chapters = read_body(
            Path::new("t.txt"),
            text,
            1,
            "en",
            &DetectOptions::default(),
            &mut d,
        );
        let mut out = Vec::new();
        for c in chapters {
            if let Some(t) = &c.title {
                out.push(format!("chapter {}", crate::model::plain_text(t)));
            }
            for b in c.blocks {
                out.push(match b {
                    Block::Paragraph { .. } => "p".into(),
                    Block::Letter(l) => format!("letter {}", l.paragraph_count()),
                    Block::SceneBreak(s) => match s.label {
                        Some(l) => format!("break {}", crate::model::plain_text(&l)),
                        None => "break".into(),
                    },
                    Block::Note(n) => format!("note {}", n.blocks.len()),
                    _ => "other".into(),
                });
            }
        }
        out
    }

    #[test]
    fn notes_run_on_as_authors_write_them() {
        let story = "The ferry left without them, and they watched it go.";
        // An end note labelled `A/N:` goes on through answers to readers to its last word.
        let text = format!(
            "{story}\n\n{story}\n\nA/N: that's the ferry arc done!\n\nSomeone asked if the ferry is real. It is, I took it every summer.\n\nReview please!\n"
        );
        assert_eq!(kinds_of(&text), ["p", "p", "note 3"]);
        // Narration after a mid-text note stays the story.
        let text = format!(
            "{story}\n\n(A/N: sorry for the wait!)\n\n{story}\n\nShe waved at the ferry until it was gone.\n"
        );
        assert_eq!(kinds_of(&text), ["p", "note 1", "p", "p"]);
        // AO3's `Notes:` block runs to the first heading.
        let text = format!(
            "Notes:\n\nQuick recap: the ferry sank in chapter two.\n\nStandard disclaimer, none of this is mine.\n\nChapter 3\n\n{story}\n"
        );
        assert_eq!(kinds_of(&text), ["note 3", "chapter Chapter 3", "p"]);
        // Chatter to readers before the first heading, however it opens; `AN//` labels a note.
        let text = format!(
            "hiii everyone!! sorry this chapter took forever, exams\n\nChapter 3\n\n{story}\n\nAN// next chapter is the beach one\n"
        );
        assert_eq!(
            kinds_of(&text),
            ["note 1", "chapter Chapter 3", "p", "note 1"]
        );
        // A story pasted with its title on top: the notes under the title are one note.
        let text = format!(
            "The Ferry Arc\n\nDisclaimer: none of this is mine.\n\nA/N: first fic in this fandom, be nice!\n\nChapter 1\n\n{story}\n\n{story}\n"
        );
        assert_eq!(
            kinds_of(&text),
            [
                "chapter The Ferry Arc",
                "note 2",
                "chapter Chapter 1",
                "p",
                "p"
            ]
        );
        // The author signs an end note, labelled or not.
        let text = format!(
            "{story}\n\n{story}\n\nA/N: ferry arc done! Thank you all!!\n\n~ seagull_kid\n"
        );
        assert_eq!(kinds_of(&text), ["p", "p", "note 2"]);
        let text = format!(
            "{story}\n\n{story}\n\nThank you for reading!! Reviews make my day.\n\n~ seagull_kid\n"
        );
        assert_eq!(kinds_of(&text), ["p", "p", "note 2"]);
    }

    #[test]
    fn a_postscript_under_a_signature_in_capitals_is_no_subtitle() {
        // `C.` may be read as a heading in capitals before it is read as a signature; the
        // line under it is then no subtitle, but the e-mail's P.S.
        let text = "The answer came back in four minutes.\n\nFrom: Crispin Thrupp\nTo: Wendeline Arbery\nSubject: RE: permission to open\n\nNo. Not until the Director has seen the photos. The last time someone opened a box we had moths.\n\nC.\n\nPS - did you take my stapler\n\n-o-o-o-\n\nThey saw another eleven.\n";
        assert_eq!(kinds_of(text), ["p", "letter 4", "break", "p"]);
    }

    #[test]
    fn a_day_counted_over_a_greeting_dates_the_letter_not_the_chapter() {
        let p = "The lettuce has blight. I know you don't care about the lettuce, but listen.";
        let text = format!(
            "~Chapter Nine~\n\nDay 212\n\nDear Linnea,\n\n{p}\n\nYour sister,\nMirela\n\n{p}\n"
        );
        let kinds = kinds_of(&text);
        assert_eq!(kinds[0], "chapter ~Chapter Nine~");
        assert!(kinds[1].starts_with("letter"), "{kinds:?}");
        // (a title over a greeting stays the heading's subtitle)
        let text = format!(
            "CHAPTER IX.\n\nTHE RECTOR'S DILEMMA.\n\nSIR,--\n\n{p}\n\nYours,\nMirela\n\n{p}\n"
        );
        assert_eq!(
            kinds_of(&text)[0],
            "chapter CHAPTER IX. THE RECTOR’S DILEMMA."
        );
    }

    #[test]
    fn a_notice_in_capitals_after_a_separator_is_no_label() {
        let text = "One.\n\n~~~\n\nBY ORDER OF THE WARDEN\n\nTHE NORTH GATE IS CLOSED\n\nTwo.\n\n~~~\n\nOREN\n\nThree.\n";
        assert_eq!(
            kinds_of(text),
            ["p", "break", "p", "p", "p", "break OREN", "p"]
        );
        // (and so is one heading the lines set under it in its block)
        let text = "One long enough line of narration to read as the paragraphs of this text are.\n\n~*~\n\nNOTICE TO MASTERS OF VESSELS\nThe Gullet is closed to all craft after dark until further notice.\nLanterns to be shown at the bow AND stern.\nBy order, H. Penwarden, Harbourmaster\n\nShe read the notice over a fisherman's shoulder and thought about the third step.\n\n~*~\n\nTHREE WEEKS LATER\n\nThe raid went off badly.\n";
        let kinds = kinds_of(text);
        assert_eq!(kinds[1], "break");
        assert!(
            kinds.contains(&"break THREE WEEKS LATER".to_string()),
            "{kinds:?}"
        );
        // (any line heading two or more set under it: a ticket)
        let text = "One long enough line of narration to read as the paragraphs of this text are.\n\nx-x-x\n\nDep. Ljubljana 23:47\nArr. Villach 02:10 (change)\nArr. Trieste Centrale 06:55\n\nHe had kept the ticket, though he had told nobody that he had kept it.\n";
        assert_eq!(kinds_of(text)[1], "break");
    }

    #[test]
    fn blank_line_paragraphs_and_breaks() {
        assert_eq!(
            kinds_of("One.\n\nTwo.\n\n* * *\n\nThree days later\n\nFour.\n\n~~~\n\nFive.\n"),
            ["p", "p", "break Three days later", "p", "break", "p"]
        );
    }

    #[test]
    fn hard_wrapped_lines_are_joined() {
        let para = "The supply boat came on Thursdays, except when it didn't, and this\nThursday it didn't. Marianne stood on the gallery with her collar\nturned up and watched the grey water fold over itself all the way\nto the horizon, counting the wicks.\n";
        let text = format!("{para}\n{para}\n{para}\n");
        assert_eq!(kinds_of(&text), ["p", "p", "p"]);
    }

    #[test]
    fn quoted_letter_across_paragraphs() {
        let t = "She read it.\n\n\"Dear Marianne,\n\n\"The lamp is lit.\n\n\"It is cold.\n\n\"Yours,\n\n\"Tom\"\n\nShe folded it.\n";
        assert_eq!(kinds_of(t), ["p", "letter 5", "p"]);
    }

    #[test]
    fn dialogue_is_not_structure() {
        let t = "\"No.\"\n\n\"Dear me, what a mess,\" she said.\n\nSilence.\n\n\"Later.\"\n\nThree days later, she still hadn't called.\n";
        assert_eq!(kinds_of(t), ["p", "p", "p", "p", "p"]);
    }

    #[test]
    fn overrides_parse() {
        let o: Override = "letter@10-20".parse().unwrap();
        assert_eq!(
            (o.kind, o.first_line, o.last_line),
            (OverrideKind::Letter, 10, 20)
        );
        assert!("poem@3".parse::<Override>().is_err());
        assert!("text@0".parse::<Override>().is_err());
        assert!("text@9-3".parse::<Override>().is_err());
    }

    fn letters_of(text: &str, opts: &DetectOptions) -> Vec<crate::model::Letter> {
        let mut d = Diagnostics::default();
        read_body(Path::new("t.txt"), text, 1, "en", opts, &mut d)
            .into_iter()
            .flat_map(|c| c.blocks)
            .filter_map(|b| match b {
                Block::Letter(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    const ONE_SHOT: &str = "Caroline sat on the stairs with the envelope.\n\n\"Dear Mr Holt,\n\nI write to say the house is sold, and the piano with it.\n\nI am sorry it could not be otherwise.\n\nBest wishes,\n\nCaroline Forbes.\"\n\nShe sealed it before she could change her mind.\n\nPresent time\n\nThe piano was still there.\n";

    #[test]
    fn one_pair_of_quotes_around_a_signed_letter() {
        let text = crate::model::plain_text;
        let l = &letters_of(ONE_SHOT, &DetectOptions::default())[0];
        assert_eq!((l.line, l.end_line), (3, 11));
        assert_eq!(text(l.salutation.as_ref().unwrap()), "Dear Mr Holt,");
        assert_eq!(text(l.valediction.as_ref().unwrap()), "Best wishes,");
        assert_eq!(text(l.signature.as_ref().unwrap()), "Caroline Forbes.");
        assert_eq!(l.body.len(), 2);
        assert_eq!(
            kinds_of(ONE_SHOT),
            ["p", "letter 5", "p", "break Present time", "p"]
        );
    }

    #[test]
    fn a_label_framed_by_ornaments_under_a_signed_note_is_a_break() {
        // Under a signature a place and a day would date the note; framed by ornaments they
        // label the next scene.
        let text = "He wrote again, on the back of a tide table.\n\nThe boat came in late. Nobody drowned. I am still cross. -- A.\n\n~*~*~ Sunday, week five ~*~*~\n\nShe slept until noon.\n";
        let kinds = kinds_of(text);
        assert!(
            kinds.contains(&"break Sunday, week five".to_string()),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_line_under_a_separator_labels_the_scene_unless_a_greeting_follows() {
        let label = "He slept badly.\n\n*       *       *\n\nTHE NEXT MORNING.\n\nThe shop stood by the mill, with a card in the window.\n\n_Plain Sewing Taken In._\n_Enquire Within._\n\nHe knocked.\n";
        let kinds = kinds_of(label);
        assert!(
            kinds.contains(&"break THE NEXT MORNING.".to_string()),
            "{kinds:?}"
        );
        assert!(!kinds.iter().any(|k| k.starts_with("letter")), "{kinds:?}");
        let dated = "She left it on the pillow.\n\n▪\n\nSaturday 09:14\n\nVollmer,\n\nBreakfast at the quay. You are paying.\n\nYours, against my better judgement,\nQuenell\n\nShe went back to sleep.\n";
        let kinds = kinds_of(dated);
        assert_eq!(kinds, ["p", "break", "letter 5", "p"]);
    }

    #[test]
    fn what_stands_under_a_heading_that_is_no_subtitle() {
        let pov = "Chapter 12\nThe Crossing at 23:40\n\n(Ailbhe)\n\nThe last ferry left at twenty to midnight.\n";
        assert_eq!(
            kinds_of(pov),
            [
                "chapter Chapter 12 The Crossing at 23:40",
                "break Ailbhe",
                "p"
            ]
        );
        let register = "Chapter Eighteen\n\n    Fri 7 Nov — Mrs. Smith — Room 14 — 3 nights\n    Sat 8 Nov — Mr. Hale — Room 9 — 1 night\n\nThe register lay open on the desk.\n";
        let kinds = kinds_of(register);
        assert_eq!(kinds[0], "chapter Chapter Eighteen", "{kinds:?}");
    }

    #[test]
    fn ao3_frames_under_a_title_and_byline_and_notes_under_a_separator() {
        let framed = "Salt and Signal Fires\n\nby quillwether\n\nSummary:\n\nSomeone keeps leaving letters in the oil store.\n\nNotes:\n\nUnbeta'd, all mistakes mine.\n\nChapter Text\n\nChapter III: Fog Horn\n\nThe fog came in at four.\n";
        let kinds = kinds_of(framed);
        assert!(kinds.contains(&"note 4".to_string()), "{kinds:?}");
        assert_eq!(kinds.last().map(String::as_str), Some("p"), "{kinds:?}");
        let note = "The fog came in at four.\n\noOoOo\n\nAN: REVIEW REPLIES\n\ntidewaker99: it WILL be explained!\n\nNext update soon-ish.\n";
        let kinds = kinds_of(note);
        assert!(
            !kinds.iter().any(|k| k.starts_with("break AN")),
            "{kinds:?}"
        );
    }

    #[test]
    fn a_numeral_that_signs_is_no_chapter() {
        let chapters = |text: &str| {
            kinds_of(text)
                .into_iter()
                .filter(|k| k.starts_with("chapter"))
                .collect::<Vec<_>>()
        };
        // Under a sign-off, over a P.S., or a lone `L` or `C` (the fiftieth or hundredth
        // chapter, alone in the text), a numeral signs.
        for text in [
            "He read it at the counter.\n\n*Come down on Saturday.*\n\n*Ever,*\n\n*C.*\n\nShe laughed.\n",
            "Jago,\n\nNo signing yourself the handsome one.\n\nL\n\nps it was Ciaran\n\nHe did not laugh.\n",
            "The note said: on my way.\n\nL.\n\nShe smiled.\n\nAnother note: bring milk.\n\nL.\n\nShe did.\n",
        ] {
            assert_eq!(chapters(text), Vec::<String>::new(), "{text}");
        }
        // Numerals in sequence head chapters, the fiftieth among them.
        assert_eq!(
            chapters("XLIX.\n\nIt rained.\n\nL.\n\nIt snowed.\n\nLI.\n\nIt cleared.\n"),
            ["chapter XLIX.", "chapter L.", "chapter LI."]
        );
    }

    #[test]
    fn parts_written_over_several_lines_keep_their_line_ends() {
        use crate::model::{plain_text, split_at_line_breaks};
        let src = "Ann read it twice.\n\n14 Mallard Close\nBrightwater BW4 9PL\n29th March\n\nDear Ann,\n\nThe roof is mended at last.\n\nCome at Easter if you can.\n\nBelieve me, my dear Ann,\nYours very faithfully,\nMargaret Hale\n\nShe put it down.\n";
        let l = &letters_of(src, &DetectOptions::default())[0];
        let lines = |p: &Option<Vec<Inline>>| {
            split_at_line_breaks(p.as_ref().unwrap())
                .iter()
                .map(|l| plain_text(l))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lines(&l.dateline),
            ["14 Mallard Close", "Brightwater BW4 9PL", "29th March"]
        );
        assert_eq!(
            lines(&l.valediction),
            ["Believe me, my dear Ann,", "Yours very faithfully,"]
        );
        assert_eq!(lines(&l.signature), ["Margaret Hale"]);
    }

    #[test]
    fn markdown_with_detect_reads_letters_with_the_same_grammar() {
        let text = crate::model::plain_text;
        let mut d = Diagnostics::default();
        let opts = crate::reader::ReadOptions {
            detect_in_markdown: true,
            ..Default::default()
        };
        let story =
            crate::reader::read_markdown(Path::new("t.md"), ONE_SHOT, &opts, &mut d).unwrap();
        let blocks = &story.chapters[0].blocks;
        let Some(Block::Letter(l)) = blocks.get(1) else {
            panic!("{blocks:?}");
        };
        assert_eq!(text(l.signature.as_ref().unwrap()), "Caroline Forbes.");
        assert_eq!(text(l.valediction.as_ref().unwrap()), "Best wishes,");
        assert!(matches!(&blocks[3], Block::SceneBreak(b) if b.label.is_some()));
    }

    #[test]
    fn a_marked_letter_loses_its_wrapping_and_finds_its_parts() {
        let text = crate::model::plain_text;
        let src = "He read it out.\n\n*Sam —*\n\n*The boat leaves at six.*\n\n*Don't be late.*\n\n*Yours,*\n\n*Ned*\n\nSam laughed.\n";
        let opts = DetectOptions {
            letters: false,
            overrides: vec!["letter@3-11".parse().unwrap()],
            ..DetectOptions::default()
        };
        let l = &letters_of(src, &opts)[0];
        assert_eq!(text(l.salutation.as_ref().unwrap()), "Sam —");
        assert_eq!(text(l.valediction.as_ref().unwrap()), "Yours,");
        assert_eq!(text(l.signature.as_ref().unwrap()), "Ned");
        let body: Vec<String> = l
            .body
            .iter()
            .map(|b| match b {
                Block::Paragraph { content, .. } => text(content),
                _ => String::new(),
            })
            .collect();
        assert_eq!(body, ["The boat leaves at six.", "Don’t be late."]);
    }
}
