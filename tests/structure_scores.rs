//! Structure recognition scored on text nobody on this project wrote.
//!
//! `tests/corpus/pd-dev/` holds real public-domain fiction (Project Gutenberg excerpts) with
//! truth files marked by a human editor (format in its README); `tests/corpus/ff-blind/` holds
//! fan-fiction-style manuscripts written, with truth files in the same format, by a teammate
//! who never read the recogniser. Every manuscript is read as a user's plain-text paste would
//! be, and what was found is compared with the truth, per kind:
//!
//! - **letters**: found (overlapping a true letter, one to one), right extent (same first and
//!   last line), and right parts (dateline, salutation, valediction, signature as printed,
//!   postscript or not) among those with the right extent;
//! - **breaks**: on the truth's line, and with the right label;
//! - **chapters**: on the truth's line, and with the right title;
//! - **notes** (author's notes, ff-blind only): right first and last line.
//!
//! Items the truth lists as `optional` count neither way. The table is printed
//! (`cargo test --test structure_scores -- --nocapture`) and every figure is floored at what
//! the recogniser reached when the floor was set, so a regression fails the suite.

mod common;
use common::root;
use inkbind::error::Diagnostics;
use inkbind::model::{plain_text, Block, Inline, Letter, Story};
use inkbind::reader::{read_manuscript, ReadOptions};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Text compared as a reader would see it: quotes, dashes, ellipses, spaces and the
/// wrapping `_`/`*` of emphasis normalised; a trailing full stop or comma ignored.
fn norm(s: &str) -> String {
    let t = s
        .replace(['’', '‘'], "'")
        .replace(['“', '”', '«', '»', '„'], "\"")
        .replace('…', "...")
        .replace(['—', '―'], "--")
        .replace('–', "-")
        .replace(['\u{a0}', '\u{202f}'], " ")
        .replace(['_', '*'], "");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_matches(|c: char| c == '"' || c.is_whitespace())
        .trim_end_matches(['.', ',', ':', ';', '-'])
        .trim()
        .to_lowercase()
}

#[derive(Debug, Clone)]
struct TruthLetter {
    line: usize,
    end_line: usize,
    parts: [Option<String>; 4],
    postscript: bool,
}

#[derive(Debug, Default)]
struct Truth {
    letters: Vec<TruthLetter>,
    breaks: Vec<(usize, Option<String>)>,
    chapters: Vec<(usize, String)>,
    notes: Option<Vec<(usize, usize)>>,
    optional: Vec<(String, usize)>,
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn parse_truth(path: &Path) -> Truth {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let n = |v: &Value| v.as_u64().expect("line number") as usize;
    let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
    Truth {
        letters: list("letters")
            .iter()
            .map(|l| TruthLetter {
                line: n(&l["line"]),
                end_line: n(&l["end_line"]),
                parts: [
                    opt_str(&l["dateline"]),
                    opt_str(&l["salutation"]),
                    opt_str(&l["valediction"]),
                    opt_str(&l["signature"]),
                ],
                postscript: l["postscript"].as_bool().unwrap_or(false),
            })
            .collect(),
        breaks: list("breaks")
            .iter()
            .map(|b| (n(&b["line"]), opt_str(&b["label"])))
            .collect(),
        chapters: list("chapters")
            .iter()
            .map(|c| (n(&c["line"]), opt_str(&c["title"]).unwrap_or_default()))
            .collect(),
        notes: v["author_notes"].as_array().map(|a| {
            a.iter()
                .map(|x| (n(&x["line"]), n(&x["end_line"])))
                .collect()
        }),
        optional: list("optional")
            .iter()
            .map(|o| (opt_str(&o["kind"]).unwrap_or_default(), n(&o["line"])))
            .collect(),
    }
}

/// What the reader found, in the truth's terms.
#[derive(Debug, Default)]
struct Found {
    letters: Vec<TruthLetter>,
    breaks: Vec<(usize, Option<String>)>,
    chapters: Vec<(usize, String)>,
    notes: Vec<(usize, usize)>,
    /// First lines of every paragraph the reader made.
    starts: Vec<usize>,
}

fn text(i: &Option<Vec<Inline>>) -> Option<String> {
    i.as_ref().map(|x| plain_text(x))
}

fn found_letter(l: &Letter) -> TruthLetter {
    TruthLetter {
        line: l.line,
        end_line: l.end_line,
        parts: [
            text(&l.dateline),
            text(&l.salutation),
            text(&l.valediction),
            text(&l.signature),
        ],
        postscript: !l.postscript.is_empty(),
    }
}

fn note_extent(n: &inkbind::model::Note) -> (usize, usize) {
    (n.line, n.end_line.max(n.line))
}

fn paragraph_starts(blocks: &[Block], out: &mut Vec<usize>) {
    for b in blocks {
        match b {
            Block::Paragraph { line, .. } | Block::Heading { line, .. } => out.push(*line),
            Block::Letter(l) => paragraph_starts(&l.body, out),
            Block::Note(n) => paragraph_starts(&n.blocks, out),
            Block::Quote { blocks, .. } => paragraph_starts(blocks, out),
            _ => {}
        }
    }
}

fn collect(story: &Story) -> Found {
    let mut f = Found::default();
    for n in story.front_notes.iter().chain(&story.end_notes) {
        paragraph_starts(&n.blocks, &mut f.starts);
    }
    for n in story.front_notes.iter().chain(&story.end_notes) {
        f.notes.push(note_extent(n));
    }
    for c in &story.chapters {
        if let Some(t) = &c.title {
            let lines = inkbind::model::plain_text_lines(t);
            f.chapters
                .push((c.line, lines.split('\n').collect::<Vec<_>>().join(" / ")));
        }
        paragraph_starts(&c.blocks, &mut f.starts);
        for b in &c.blocks {
            match b {
                Block::Letter(l) => f.letters.push(found_letter(l)),
                Block::SceneBreak(s) => f.breaks.push((s.line, text(&s.label))),
                Block::Note(n) => f.notes.push(note_extent(n)),
                _ => {}
            }
        }
    }
    f.notes.sort_unstable();
    f
}

/// Counts for one kind: `found` predictions, `truth` items, `hit` pairs matched, `exact`
/// matched with the right extent or label, `parts` right among the exact (letters).
#[derive(Default, Clone, Copy)]
struct Tally {
    truth: usize,
    found: usize,
    hit: usize,
    exact: usize,
    parts_right: usize,
}

impl Tally {
    fn add(&mut self, o: Tally) {
        self.truth += o.truth;
        self.found += o.found;
        self.hit += o.hit;
        self.exact += o.exact;
        self.parts_right += o.parts_right;
    }
    fn ratio(a: usize, b: usize) -> f64 {
        if b == 0 {
            1.0
        } else {
            a as f64 / b as f64
        }
    }
    fn precision(&self) -> f64 {
        Self::ratio(self.hit, self.found)
    }
    fn recall(&self) -> f64 {
        Self::ratio(self.hit, self.truth)
    }
    /// Precision and recall counting only items with the right extent / label (and, for
    /// letters, parts).
    fn exact_precision(&self) -> f64 {
        Self::ratio(self.parts_right, self.found)
    }
    fn exact_recall(&self) -> f64 {
        Self::ratio(self.parts_right, self.truth)
    }
}

fn is_optional(t: &Truth, kind: &str, lo: usize, hi: usize) -> bool {
    t.optional
        .iter()
        .any(|(k, l)| k == kind && *l + 3 >= lo && *l <= hi + 3)
}

fn parts_right(t: &TruthLetter, f: &TruthLetter) -> bool {
    t.postscript == f.postscript
        && t.parts
            .iter()
            .zip(&f.parts)
            .all(|(a, b)| a.as_deref().map(norm) == b.as_deref().map(norm))
}

fn score_letters(t: &Truth, f: &Found, log: &mut String) -> Tally {
    let mut tally = Tally {
        truth: t.letters.len(),
        ..Tally::default()
    };
    let mut used = vec![false; t.letters.len()];
    for p in &f.letters {
        let hit = t
            .letters
            .iter()
            .enumerate()
            .find(|(k, x)| !used[*k] && x.line <= p.end_line && p.line <= x.end_line);
        match hit {
            Some((k, x)) => {
                used[k] = true;
                tally.found += 1;
                tally.hit += 1;
                if x.line == p.line && x.end_line == p.end_line {
                    tally.exact += 1;
                    if parts_right(x, p) {
                        tally.parts_right += 1;
                    } else {
                        let _ = writeln!(
                            log,
                            "    letter {}-{} parts: truth {:?} ps={} / found {:?} ps={}",
                            x.line, x.end_line, x.parts, x.postscript, p.parts, p.postscript
                        );
                    }
                } else {
                    let _ = writeln!(
                        log,
                        "    letter {}-{} found as {}-{}",
                        x.line, x.end_line, p.line, p.end_line
                    );
                }
            }
            None if is_optional(t, "letter", p.line, p.end_line) => {}
            None => {
                tally.found += 1;
                let _ = writeln!(log, "    letter {}-{} is not a letter", p.line, p.end_line);
            }
        }
    }
    for (k, x) in t.letters.iter().enumerate() {
        if !used[k] {
            let _ = writeln!(log, "    letter {}-{} missed", x.line, x.end_line);
        }
    }
    tally
}

fn score_lines(
    kind: &str,
    truth: &[(usize, Option<String>)],
    found: &[(usize, Option<String>)],
    t: &Truth,
    log: &mut String,
) -> Tally {
    let mut tally = Tally {
        truth: truth.len(),
        ..Tally::default()
    };
    for (line, label) in found {
        match truth.iter().find(|(l, _)| l == line) {
            Some((_, want)) => {
                tally.found += 1;
                tally.hit += 1;
                if want.as_deref().map(norm) == label.as_deref().map(norm) {
                    tally.exact += 1;
                    tally.parts_right += 1;
                } else {
                    let _ = writeln!(log, "    {kind} {line}: label {want:?}, found {label:?}");
                }
            }
            None if is_optional(t, kind, *line, *line) => {}
            None => {
                tally.found += 1;
                let _ = writeln!(log, "    {kind} {line} {label:?} is not a {kind}");
            }
        }
    }
    for (line, want) in truth {
        if !found.iter().any(|(l, _)| l == line) {
            let _ = writeln!(log, "    {kind} {line} {want:?} missed");
        }
    }
    tally
}

fn score_notes(truth: &[(usize, usize)], found: &[(usize, usize)], log: &mut String) -> Tally {
    let mut tally = Tally {
        truth: truth.len(),
        found: found.len(),
        ..Tally::default()
    };
    // One to one: a true note split in two counts once, its second piece as a false note.
    let mut taken = vec![false; truth.len()];
    for &(a, b) in found {
        let m = (0..truth.len()).find(|&i| !taken[i] && truth[i].0 <= b && a <= truth[i].1);
        match m.map(|i| {
            taken[i] = true;
            truth[i]
        }) {
            Some((x, y)) => {
                tally.hit += 1;
                if (x, y) == (a, b) {
                    tally.exact += 1;
                    tally.parts_right += 1;
                } else {
                    let _ = writeln!(log, "    note {x}-{y} found as {a}-{b}");
                }
            }
            None => {
                let _ = writeln!(
                    log,
                    "    note {a}-{b} is not a note (or a second piece of one)"
                );
            }
        }
    }
    for &(x, y) in truth {
        if !found.iter().any(|&(a, b)| x <= b && a <= y) {
            let _ = writeln!(log, "    note {x}-{y} missed");
        }
    }
    tally
}

/// Paragraphs of prose as written: blank-line separated blocks of two or more lines whose
/// lines are not all short (verse, addresses and sign-offs keep their lines). A block that is
/// a whole letter in the truth (salutation line … signature line), or holds one of several
/// lines, is a letter, set by its parts, not a paragraph. A block is split when the reader starts a paragraph on any of its
/// lines but the first.
fn score_paragraphs(source: &str, f: &Found, truth: &Truth, log: &mut String) -> Tally {
    let lines: Vec<&str> = source.lines().map(str::trim_end).collect();
    let width = lines
        .iter()
        .map(|l| l.trim().chars().count())
        .max()
        .unwrap_or(0);
    let mut tally = Tally::default();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[start..i];
        // Paragraphs marked by indented first lines inside one block are not one paragraph.
        let indent = |l: &str| l.len() - l.trim_start().len();
        let base = block.iter().map(|l| indent(l)).min().unwrap_or(0);
        let indented_style = block[1..].iter().any(|l| indent(l) > base);
        // Lines longer than any terminal are one paragraph each (no wrapping to undo).
        let unwrapped = block.iter().any(|l| l.trim().chars().count() > 100);
        let prose = block.len() >= 2
            && !indented_style
            && !unwrapped
            && block[..block.len() - 1]
                .iter()
                .any(|l| l.trim().chars().count() * 10 >= width * 7);
        // (or holds one, after an attribution line: `On Tue 14 Mar, Vik wrote:` / `> Niamh,`
        // / `>` / … / `> Vik`)
        let whole_letter = truth
            .letters
            .iter()
            .any(|l| l.line > start && l.end_line <= i && l.end_line > l.line);
        if !prose || whole_letter {
            continue;
        }
        tally.truth += 1;
        tally.found += 1;
        let (a, b) = (start + 1, i);
        if f.starts.iter().any(|&s| s > a && s <= b) {
            let _ = writeln!(log, "    paragraph {a}-{b} split");
        } else {
            tally.hit += 1;
            tally.parts_right += 1;
        }
    }
    tally
}

struct Scores {
    kinds: BTreeMap<&'static str, Tally>,
    log: String,
    files: usize,
}

fn score_set(dir: &str) -> Option<Scores> {
    let dir = root().join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut kinds: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut log = String::new();
    for f in &files {
        let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
        let truth = parse_truth(&dir.join(format!("{stem}.truth.json")));
        let mut diag = Diagnostics::default();
        let story = read_manuscript(f, &ReadOptions::default(), &mut diag)
            .unwrap_or_else(|e| panic!("{e}"));
        let found = collect(&story);
        let mut flog = String::new();
        let source = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        kinds
            .entry("paragraphs")
            .or_default()
            .add(score_paragraphs(&source, &found, &truth, &mut flog));
        kinds
            .entry("letters")
            .or_default()
            .add(score_letters(&truth, &found, &mut flog));
        kinds.entry("breaks").or_default().add(score_lines(
            "break",
            &truth.breaks,
            &found.breaks,
            &truth,
            &mut flog,
        ));
        let some = |v: &[(usize, String)]| -> Vec<(usize, Option<String>)> {
            v.iter().map(|(l, s)| (*l, Some(s.clone()))).collect()
        };
        kinds.entry("chapters").or_default().add(score_lines(
            "chapter",
            &some(&truth.chapters),
            &some(&found.chapters),
            &truth,
            &mut flog,
        ));
        if let Some(notes) = &truth.notes {
            kinds
                .entry("notes")
                .or_default()
                .add(score_notes(notes, &found.notes, &mut flog));
        }
        if !flog.is_empty() {
            let _ = writeln!(log, "  {stem}\n{flog}");
        }
    }
    Some(Scores {
        kinds,
        log,
        files: files.len(),
    })
}

fn table(name: &str, s: &Scores) -> String {
    let mut out = format!(
        "{name} ({} manuscripts)\n  kind       truth found  precision recall | right extent+parts: precision recall\n",
        s.files
    );
    for (k, t) in &s.kinds {
        let _ = writeln!(
            out,
            "  {k:<9} {:>5} {:>5}  {:>9.3} {:>6.3} | {:>29.3} {:>6.3}",
            t.truth,
            t.found,
            t.precision(),
            t.recall(),
            t.exact_precision(),
            t.exact_recall()
        );
    }
    out
}

/// Floors: (kind, precision, recall, exact precision, exact recall), set just below what the
/// recogniser reached when they were last raised.
type Floor = (&'static str, f64, f64, f64, f64);

fn check(dir: &str, name: &str, floors: &[Floor]) {
    let Some(s) = score_set(dir) else {
        panic!("{dir} is missing");
    };
    let t = table(name, &s);
    eprintln!("{t}");
    if std::env::var("INKBIND_SCORE_LOG").is_ok() {
        eprintln!("{}", s.log);
    }
    for &(kind, p, r, ep, er) in floors {
        let x = s.kinds.get(kind).copied().unwrap_or_default();
        let got = [
            x.precision(),
            x.recall(),
            x.exact_precision(),
            x.exact_recall(),
        ];
        for (what, (g, want)) in ["precision", "recall", "exact precision", "exact recall"]
            .iter()
            .zip(got.iter().zip([p, r, ep, er]))
        {
            assert!(
                *g + 1e-9 >= want,
                "{name}: {kind} {what} {g:.3} fell below its floor {want:.3}\n{t}\n{}",
                s.log
            );
        }
    }
}

#[test]
fn public_domain_corpus_scores() {
    check(
        "tests/corpus/pd-dev",
        "pd-dev (Project Gutenberg)",
        PD_FLOORS,
    );
}

/// Measured 2026-11-29. Before the recogniser: letters found 1 of 48 (0 with the right
/// extent), breaks 8 of 16 (precision 0.615), chapters 15 of 43, multi-line paragraphs intact
/// 0.72. After: letters 0.971 / 0.688, right extent and parts 0.417 of all letters; breaks
/// 0.889 / 1.000; chapters 1.000 / 1.000 (titles right); paragraphs 1.000. Then the place
/// and date under the signature (Humphry Clinker) and superscriptions as their own part, not
/// datelines: letters 0.976 / 0.833, right extent and parts 0.583 of all letters.
/// 2026-12-06: quoted letters without a salutation, notes over a signed closing, the
/// quotation a signature leaves open, chapters headed as letters running to their end, a
/// run-in salutation's body read for the closing: letters 0.978 / 0.917, right extent and
/// parts 0.800 / 0.750; breaks in a row read as one in Markdown (precision 0.941).
/// 2026-12-07: inside addresses, superscriptions `To the …`, a P.S. signed again with
/// initials, staircase closings, closings run in through a possessive, letter chapters
/// signed twice, speech that opens with a greeting: letters 1.000 / 0.938, right extent and
/// parts 0.978 / 0.917.
const PD_FLOORS: &[Floor] = &[
    ("letters", 0.99, 0.93, 0.97, 0.91),
    ("breaks", 0.94, 1.0, 0.94, 1.0),
    ("chapters", 1.0, 1.0, 1.0, 1.0),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

#[test]
fn blind_fan_fiction_corpus_scores() {
    // Written by a teammate who never read the recogniser (tests/corpus/ff-blind/README.md).
    check(
        "tests/corpus/ff-blind",
        "ff-blind (fan-fiction style)",
        FF_FLOORS,
    );
}

/// Measured 2026-11-29. Before the recogniser: letters 26 of 70 found (0.186 with the
/// right extent and parts), breaks 0.750 / 0.630, chapters 10 of 27, notes 0.840 recall.
/// After: letters 1.000 / 0.786, right extent and parts 0.657 of all letters; breaks 0.987 /
/// 0.938; chapters 1.000 / 0.963; notes 1.000 / 0.960 (0.880 with the right extent). Then
/// month names as signatures, dashed addressees and `yours --` sign-offs, and a short letter
/// written as one block: letters 1.000 / 0.857 (right extent and parts 0.729), breaks 1.000 /
/// 0.938. 2026-12-06 (the same changes as pd-dev's): letters 1.000 / 0.957, right extent
/// and parts 0.881 / 0.843. 2026-12-07: 1.000 / 0.957, right extent and parts 0.940 / 0.900.
/// Later that day (tuned on ff-holdout2): 1.000 / 0.971, right extent and parts 0.941 / 0.914.
/// Later still (tuned on ff-holdout3; separators beside notes and under headings kept as
/// breaks, pd-dev rule 7): letters 1.000 / 0.986, 0.942 / 0.929; breaks 1.000 / 0.988.
const FF_FLOORS: &[Floor] = &[
    ("letters", 0.99, 0.98, 0.93, 0.92),
    ("breaks", 0.99, 0.98, 0.99, 0.98),
    ("chapters", 1.0, 0.95, 1.0, 0.95),
    ("notes", 1.0, 0.94, 0.90, 0.86),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

#[test]
fn held_out_fan_fiction_corpus_scores() {
    // Written by a second teammate who read neither the recogniser, its tests nor the other
    // corpora's stories (tests/corpus/ff-holdout/README.md). Held out until 2026-12-07, when
    // its misses were opened for tuning and ff-holdout2 took its place.
    check(
        "tests/corpus/ff-holdout",
        "ff-holdout (fan-fiction style, held out)",
        HOLDOUT_FLOORS,
    );
}

/// Measured 2026-12-06 with the recogniser as it was when the corpus arrived (6ac9b08), before
/// anyone looked at it: letters 1.000 / 0.791 found, 0.765 / 0.605 with the right extent and
/// parts; breaks 0.960 / 0.906; chapters 0.882 / 1.000; notes 0.962 / 1.000 (0.885 / 0.920
/// with the right extent). Its miss log is not read while tuning: it stays a held-out set.
/// After the 2026-12-06 changes tuned on pd-dev and ff-blind: letters 0.973 / 0.837 (one
/// letter found that is not one), right extent and parts 0.730 / 0.628; breaks 0.980 / 0.906.
/// 2026-12-07, after pd-dev work alone (still unread): right extent and parts 0.784 / 0.674.
/// Then tuned on its misses (notes named by the narration, run-in initials, `From,`, roles
/// under signatures, time lines opening chapters): letters 1.000 / 0.977, right extent and
/// parts 0.952 / 0.930; breaks 1.000 / 0.962; chapters 1.000 / 1.000. Later that day (end notes
/// that run on): notes 1.000 / 1.000, 0.960 / 0.960 with the right extent. Later still (tuned
/// on ff-holdout3): letters right extent and parts 0.976 / 0.953.
const HOLDOUT_FLOORS: &[Floor] = &[
    ("letters", 0.99, 0.97, 0.97, 0.95),
    ("breaks", 0.99, 0.95, 0.99, 0.95),
    ("chapters", 0.99, 1.0, 0.99, 1.0),
    ("notes", 0.99, 0.99, 0.95, 0.95),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

#[test]
fn second_held_out_fan_fiction_corpus_scores() {
    // Written by a third teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, after ff-holdout had been opened for tuning (tests/corpus/
    // ff-holdout2/README.md). Held out until the afternoon of 2026-12-07, when its misses were opened for
    // tuning and ff-holdout3 took its place.
    check(
        "tests/corpus/ff-holdout2",
        "ff-holdout2 (fan-fiction style, held out)",
        HOLDOUT2_FLOORS,
    );
}

#[test]
fn third_held_out_fan_fiction_corpus_scores() {
    // Written by a fourth teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, after ff-holdout2 had been opened for tuning; it was the held-out set
    // until the last stop of 2026-12-07, when its misses were opened for tuning and ff-holdout4
    // took its place (tests/corpus/ff-holdout3/README.md).
    check(
        "tests/corpus/ff-holdout3",
        "ff-holdout3 (fan-fiction style, held out)",
        HOLDOUT3_FLOORS,
    );
}

#[test]
fn fourth_held_out_fan_fiction_corpus_scores() {
    // Written by a fifth teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, while ff-holdout3 was opened for tuning; it was the held-out set
    // until ff-holdout5 arrived (2026-12-07, evening), when its misses were opened for tuning
    // (tests/corpus/ff-holdout4/README.md).
    check(
        "tests/corpus/ff-holdout4",
        "ff-holdout4 (fan-fiction style, held out)",
        HOLDOUT4_FLOORS,
    );
}

#[test]
fn fifth_held_out_fan_fiction_corpus_scores() {
    // Written by a sixth teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, while ff-holdout4 was opened for tuning; it was the held-out set
    // until ff-holdout6 arrived (2026-12-07, last stop), when its misses were opened for
    // tuning (tests/corpus/ff-holdout5/README.md).
    check(
        "tests/corpus/ff-holdout5",
        "ff-holdout5 (fan-fiction style, held out)",
        HOLDOUT5_FLOORS,
    );
}

#[test]
fn sixth_held_out_fan_fiction_corpus_scores() {
    // Written by a seventh teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, while ff-holdout5 was the held-out set; it was the held-out set
    // until ff-holdout7 arrived (2026-12-07, a later stop), when its misses were opened for
    // tuning (tests/corpus/ff-holdout6/README.md).
    check(
        "tests/corpus/ff-holdout6",
        "ff-holdout6 (fan-fiction style, held out)",
        HOLDOUT6_FLOORS,
    );
}

#[test]
fn seventh_held_out_fan_fiction_corpus_scores() {
    // Written by an eighth teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, while ff-holdout6 was the held-out set; it was the held-out set
    // until ff-holdout8 arrived (2026-12-07, a later stop), when its misses were opened for
    // tuning (tests/corpus/ff-holdout7/README.md).
    check(
        "tests/corpus/ff-holdout7",
        "ff-holdout7 (fan-fiction style, held out)",
        HOLDOUT7_FLOORS,
    );
}

#[test]
fn eighth_held_out_fan_fiction_corpus_scores() {
    // Written by a ninth teammate who read neither the recogniser, its tests nor the other
    // corpora's stories, while ff-holdout7 was the held-out set; it is the held-out set now
    // (tests/corpus/ff-holdout8/README.md). Its miss log is not read while tuning.
    check(
        "tests/corpus/ff-holdout8",
        "ff-holdout8 (fan-fiction style, held out)",
        HOLDOUT8_FLOORS,
    );
}

/// Measured 2026-12-07, never tuned on: only this table is read, never its miss log. With the
/// recogniser as it arrived (f1959cf, and the same with the speed work after it): letters
/// 0.889 / 0.877 found, 0.611 / 0.603 with the right extent and parts; breaks 0.983 / 0.877
/// (0.948 / 0.846 with the right label); chapters 0.941 / 1.000 (the same with the right
/// title); notes 1.000 / 1.000 (0.952 / 0.952 with the right extent). After the tuning on
/// ff-holdout7 that followed (still unread): letters 0.889 / 0.877, right extent and parts
/// 0.625 / 0.616; every other kind unchanged.
const HOLDOUT8_FLOORS: &[Floor] = &[
    ("letters", 0.88, 0.87, 0.62, 0.61),
    ("breaks", 0.98, 0.87, 0.94, 0.84),
    ("chapters", 0.94, 0.99, 0.94, 0.99),
    ("notes", 0.99, 0.99, 0.95, 0.95),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

/// Measured 2026-12-07 as it arrived (dee0f47): letters 0.926 / 0.735 found, 0.500 / 0.397
/// with the right extent and parts; breaks 1.000 / 0.846 (0.964 / 0.815 with the right label);
/// chapters 0.867 / 0.812 (0.733 / 0.688 with the right title); notes 1.000 / 0.955 (0.905 /
/// 0.864 with the right extent). After the tuning on ff-holdout6 (unread): letters 0.944 /
/// 0.750, parts 0.537 / 0.426; breaks 1.000 / 0.877 (0.965 / 0.846); chapters 1.000 / 0.812
/// (0.846 / 0.688). Opened for tuning when ff-holdout8 arrived (a sign-off run in whose
/// wrapped line ends at its comma, double-barrelled names, a role under a name with no
/// sign-off, notices and tickets under a separator, notes that bid, afterthoughts in a note's
/// wrapper, handles and kisses ending notes, texts in lower case, subtitles given up, long
/// asides in sign-offs, weekday and `later in the same week` jumps, headings with a run-in
/// title, staircases broken mid-phrase, relative jumps after a signature): letters 0.967 /
/// 0.853, right extent and parts 0.800 / 0.706; breaks 1.000 / 0.938 (the same labelled);
/// chapters 1.000 / 0.875 (0.929 / 0.812); notes 1.000 / 0.955 (the same with the extent).
const HOLDOUT7_FLOORS: &[Floor] = &[
    ("letters", 0.96, 0.85, 0.79, 0.70),
    ("breaks", 0.99, 0.93, 0.99, 0.93),
    ("chapters", 0.99, 0.87, 0.92, 0.81),
    ("notes", 0.99, 0.95, 0.99, 0.95),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

/// Measured 2026-12-07, never tuned on: only this table is read, never its miss log. With the
/// recogniser as it arrived (4dd8bd4): letters 0.918 / 0.789 found, 0.525 / 0.451 with the
/// right extent and parts; breaks 0.897 / 0.812 (0.845 / 0.766 with the right label);
/// chapters 0.714 / 0.833 (0.619 / 0.722 with the right title); notes 1.000 / 1.000 (0.826 /
/// 0.826 with the right extent). The lowest arrival yet on every kind but notes: the set's
/// conventions are new to the recogniser. After the tuning on ff-holdout5 that followed (still
/// unread): letters 0.950 / 0.803, right extent and parts 0.583 / 0.493; breaks 0.981 / 0.812
/// (0.943 / 0.781); chapters and notes unchanged. Opened for tuning when ff-holdout7 arrived
/// (any ornament character as a separator or a frame, labels framed by ornaments, `Interlude:
/// Six Weeks` and `IV. The Lamplighter's Apprentice`, numerals that sign, names with
/// endearments, afterthoughts under the signature, `P.D.`, sign-offs without their comma over
/// a name, e-mail heads, subtitles that are points of view or registers, AO3 frames under a
/// byline): letters 0.970 / 0.915, right extent and parts 0.791 / 0.746; breaks 1.000 / 0.969
/// (1.000 / 0.969); chapters 1.000 / 0.944 (1.000 / 0.944); notes 1.000 / 1.000 (0.957 /
/// 0.957).
const HOLDOUT6_FLOORS: &[Floor] = &[
    ("letters", 0.96, 0.91, 0.79, 0.74),
    ("breaks", 0.99, 0.96, 0.99, 0.96),
    ("chapters", 0.99, 0.94, 0.99, 0.94),
    ("notes", 0.99, 0.99, 0.95, 0.95),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

/// Measured 2026-12-07, never tuned on: only this table is read, never its miss log. With the
/// recogniser as it arrived (295a1d9, the same readings as 9146fe2): letters 0.980 / 0.781
/// found, 0.588 / 0.469 with the right extent and parts; breaks 0.963 / 0.945 (0.926 / 0.909
/// with the right label); chapters 1.000 / 1.000 (0.778 / 0.778 with the right title); notes
/// 1.000 / 0.917 (0.909 / 0.833 with the right extent). After that evening's tuning on
/// ff-holdout4 (still unread): letters 0.980 / 0.781, right extent and parts 0.608 / 0.484;
/// breaks 0.981 / 0.945 (0.943 / 0.909); chapters 1.000 / 1.000 (1.000 / 1.000 with the right
/// title). Opened for tuning in that day's last stop, when ff-holdout6 arrived (initials and
/// titles in run-in closings, times of day as dates, italic directions, staircases run into
/// the last sentence, kisses under a block note's name, quoted e-mail, AO3 frames in a work
/// pasted whole, diary entries that end where the narration takes up, a place and a time of
/// day as labels, asides in brackets in sign-offs, cold notes' greetings, a point of view
/// and when): letters 1.000 / 0.922, right extent and parts 0.915 / 0.844; breaks 1.000 /
/// 0.964 (1.000 / 0.964); chapters 1.000 / 1.000; notes 1.000 / 1.000 (1.000 / 1.000).
/// After the tuning on ff-holdout6 (ornaments, numerals that sign): right extent and parts
/// 0.932 / 0.859.
const HOLDOUT5_FLOORS: &[Floor] = &[
    ("letters", 0.99, 0.92, 0.93, 0.85),
    ("breaks", 0.99, 0.96, 0.99, 0.96),
    ("chapters", 0.99, 0.99, 0.99, 0.99),
    ("notes", 0.99, 0.99, 0.99, 0.99),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

/// Measured 2026-12-07, never tuned on: only this table is read, never its miss log. With the
/// recogniser of the start of that day's last stop (5642db6): letters 0.945 / 0.800 found,
/// 0.727 / 0.615 with the right extent and parts; breaks 0.957 / 0.818 (0.936 / 0.800 with
/// the right label); chapters 0.947 / 1.000 (0.842 / 0.889); notes 1.000 / 1.000 (0.960 /
/// 0.960). After that stop's tuning on ff-holdout3: letters 0.964 / 0.831, 0.786 / 0.677;
/// breaks 0.962 / 0.909 (0.942 / 0.891); chapters 1.000 / 1.000 (0.889 / 0.889). Finding
/// letters and breaks generalises; their extent and parts on unseen text are the work left.
/// Opened for tuning when ff-holdout5 arrived (AO3's summary-and-notes frame over `Chapter
/// Text`, a place over the date over the greeting, free sign-offs on a line of their own,
/// sign-offs carried on by a clause, kisses that are no ornament, names in capitals as scene
/// labels, `N tides later`, capitals subtitles, notices in capitals of two lines): letters
/// 1.000 / 0.877, right extent and parts 0.912 / 0.800; breaks 0.982 / 1.000 (0.964 / 0.982);
/// chapters 1.000 / 1.000 (1.000 / 1.000); notes 1.000 / 1.000 (1.000 / 1.000). Then notes
/// written line by line as one block (texts: `Rell` / … / `-Kip`; `…` / `love Mam x`) and a
/// P.S. signed again only inside its own letter: letters 0.984 / 0.923, right extent and
/// parts 0.902 / 0.846 (the note copied inside Lusk's letter is now a letter of its own and
/// the rest of that letter a second one: one found that is not one). A recipe's `— Nan,
/// 1974` attributes, it is no place line: breaks 1.000 / 1.000 (0.982 / 0.982). After the
/// tuning on ff-holdout5 (a block note's greeting signs nothing): right extent and parts
/// 0.918 / 0.862; after the tuning on ff-holdout6 (an afterthought under the signature):
/// 0.934 / 0.877.
const HOLDOUT4_FLOORS: &[Floor] = &[
    ("letters", 0.98, 0.92, 0.93, 0.87),
    ("breaks", 0.99, 0.99, 0.98, 0.98),
    ("chapters", 0.99, 0.99, 0.99, 0.99),
    ("notes", 0.99, 0.99, 0.99, 0.99),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

/// Measured 2026-12-07, never tuned on: only this table is read, never its miss log. With the
/// recogniser as it arrived (b3754ef): letters 0.960 / 0.750 found, 0.580 / 0.453
/// with the right extent and parts; breaks 0.945 / 0.881 (0.927 / 0.864 with the right
/// label); chapters 0.947 / 1.000; notes 1.000 / 0.960 (0.958 / 0.920). After that day's
/// tuning on ff-holdout2: letters 0.962 / 0.797, 0.566 / 0.469; breaks 0.946 / 0.898 (0.929 /
/// 0.881). Finding letters generalises; getting their extent and parts right on unseen text
/// does not yet. Opened for tuning in the day's last stop (ff-holdout4 took its place):
/// letters 1.000 / 0.953, right extent and parts 0.902 / 0.859; breaks 1.000 / 0.966;
/// chapters 1.000 / 1.000; notes 1.000 / 1.000 (1.000 / 1.000).
const HOLDOUT3_FLOORS: &[Floor] = &[
    ("letters", 0.99, 0.95, 0.90, 0.85),
    ("breaks", 0.99, 0.96, 0.99, 0.96),
    ("chapters", 0.99, 0.99, 0.99, 0.99),
    ("notes", 0.99, 0.99, 0.99, 0.99),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];

/// Measured 2026-12-07, never tuned on. With the recogniser of the start of that day
/// (5152df4): letters 1.000 / 0.667 found, 0.639 / 0.426 with the right extent and parts;
/// breaks 0.966 / 0.838 (0.864 / 0.750 with the right label); chapters 0.938 / 0.833; notes
/// 0.920 / 0.920 (0.760 / 0.760 with the right extent). With that day's changes (tuned on
/// pd-dev, ff-blind and ff-holdout): letters 1.000 / 0.722, right extent and parts 0.667 /
/// 0.481; breaks 0.983 / 0.838 (0.879 / 0.750). Far from the targets: the conventions this
/// set shows and the others do not are the work left. Later that day, opened and tuned on (kisses
/// and hearts in signatures, telegrams, notes of one paragraph, run-in greetings and closings,
/// joined addressees, labels and end notes): letters 1.000 / 0.944, right extent and parts
/// 0.922 / 0.870; breaks 1.000 / 0.912 (0.984 / 0.897); chapters 0.941 / 0.889; notes
/// 1.000 / 1.000 (0.960 / 0.960).
const HOLDOUT2_FLOORS: &[Floor] = &[
    ("letters", 0.99, 0.96, 0.94, 0.90),
    ("breaks", 0.99, 0.95, 0.98, 0.94),
    ("chapters", 0.94, 0.88, 0.94, 0.88),
    ("notes", 0.99, 0.99, 0.96, 0.96),
    ("paragraphs", 1.0, 1.0, 1.0, 1.0),
];
