//! The plain-text corpus: our own manuscripts with expected structure (`tests/corpus/`).
//!
//! Every `NAME.txt` has a `NAME.expect` (format in `tests/corpus/README.md`). The detected
//! structure — encoding, chapters, notes, letters (first and last line, paragraph count),
//! scene breaks and their labels — is matched against it in order. The main set must match
//! exactly; the holdout set (text the detectors were not tuned on) reports precision and
//! recall per kind and must stay above the floor measured when it was written.

mod common;
use common::root;
use inkbind::error::Diagnostics;
use inkbind::model::{plain_text, Block, Inline, Letter, Story};
use inkbind::reader::{read_manuscript, ReadOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq)]
enum Item {
    Encoding(String),
    Chapter(String),
    Note(String),
    Letter {
        first: String,
        last: String,
        paragraphs: usize,
    },
    Break(Option<String>),
}

impl Item {
    fn kind(&self) -> &'static str {
        match self {
            Item::Encoding(_) => "encoding",
            Item::Chapter(_) => "chapter",
            Item::Note(_) => "note",
            Item::Letter { .. } => "letter",
            Item::Break(None) => "break",
            Item::Break(Some(_)) => "labelled break",
        }
    }
}

/// Compares text as a reader would: curly quotes, dashes, ellipses and spaces normalised.
fn norm(s: &str) -> String {
    let mut t = s
        .replace(['’', '‘'], "'")
        .replace(['“', '”', '«', '»', '„'], "\"")
        .replace('…', "...")
        .replace('—', "--")
        .replace('–', "-")
        .replace(['\u{a0}', '\u{202f}'], " ");
    t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.trim_matches('"').trim().to_string()
}

fn prefix_match(actual: &str, expected: &str) -> bool {
    norm(actual).starts_with(&norm(expected))
}

fn matches(expected: &Item, actual: &Item) -> bool {
    match (expected, actual) {
        (Item::Encoding(a), Item::Encoding(b)) => a == b,
        (Item::Chapter(a), Item::Chapter(b)) => norm(a) == norm(b),
        (Item::Note(e), Item::Note(a)) => prefix_match(a, e),
        (
            Item::Letter {
                first: ef,
                last: el,
                paragraphs: ep,
            },
            Item::Letter {
                first: af,
                last: al,
                paragraphs: ap,
            },
        ) => prefix_match(af, ef) && al.split('\u{0}').any(|c| prefix_match(c, el)) && ep == ap,
        (Item::Break(a), Item::Break(b)) => match (a, b) {
            (None, None) => true,
            (Some(x), Some(y)) => norm(x) == norm(y),
            _ => false,
        },
        _ => false,
    }
}

fn quoted(s: &str) -> Vec<String> {
    s.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, p)| p.to_string())
        .collect()
}

fn parse_expect(path: &Path) -> Vec<Item> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let (kw, rest) = l.split_once(' ').unwrap_or((l, ""));
        let q = quoted(rest);
        out.push(match kw {
            "encoding" => Item::Encoding(rest.trim().to_string()),
            "chapter" => Item::Chapter(q[0].clone()),
            "note" => Item::Note(q[0].clone()),
            "letter" => Item::Letter {
                first: q[0].clone(),
                last: q[1].clone(),
                paragraphs: rest
                    .split("paragraphs=")
                    .nth(1)
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or_else(|| panic!("{}: {l}", path.display())),
            },
            "break" => Item::Break(q.first().cloned()),
            other => panic!("{}: unknown expectation `{other}`", path.display()),
        });
    }
    out
}

fn first_line(inl: &[Inline]) -> String {
    plain_text(inl)
}

fn letter_item(l: &Letter) -> Item {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = &l.dateline {
        parts.push(first_line(d));
    }
    if let Some(s) = &l.salutation {
        parts.push(first_line(s));
    }
    for b in &l.body {
        if let Block::Paragraph { content, .. } = b {
            parts.push(first_line(content));
        }
    }
    let body_last = parts.last().cloned().unwrap_or_default();
    // The last line as written: the P.S., or the signature, or "Love, Nell" on one line.
    let mut last = Vec::new();
    if let Some(p) = l.postscript.last() {
        last.push(first_line(p));
    } else {
        if let Some(s) = &l.signature {
            last.push(first_line(s));
            if let Some(v) = &l.valediction {
                last.push(format!("{} {}", first_line(v), first_line(s)));
            }
        } else if let Some(v) = &l.valediction {
            last.push(first_line(v));
        }
        last.push(body_last);
    }
    Item::Letter {
        first: parts.first().cloned().unwrap_or_default(),
        last: last.join("\u{0}"),
        paragraphs: l.source_paragraphs,
    }
}

fn actual_items(story: &Story, encoding: Option<&str>) -> Vec<Item> {
    let mut out = vec![Item::Encoding(encoding.unwrap_or("?").to_string())];
    let note = |n: &inkbind::model::Note| {
        Item::Note(
            n.blocks
                .iter()
                .find_map(|b| match b {
                    Block::Paragraph { content, .. } => Some(plain_text(content)),
                    _ => None,
                })
                .unwrap_or_default(),
        )
    };
    for n in &story.front_notes {
        out.push(note(n));
    }
    for c in &story.chapters {
        if let Some(t) = &c.title {
            out.push(Item::Chapter(plain_text(t)));
        }
        for b in &c.blocks {
            match b {
                Block::Note(n) => out.push(note(n)),
                Block::Letter(l) => out.push(letter_item(l)),
                Block::SceneBreak(s) => {
                    out.push(Item::Break(s.label.as_ref().map(|l| plain_text(l))))
                }
                _ => {}
            }
        }
    }
    for n in &story.end_notes {
        out.push(note(n));
    }
    out
}

/// Longest common subsequence under `matches`: the pairs that count as found.
fn lcs_matched(expected: &[Item], actual: &[Item]) -> Vec<(usize, usize)> {
    let (n, m) = (expected.len(), actual.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if matches(&expected[i], &actual[j]) {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if matches(&expected[i], &actual[j]) {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[derive(Default, Debug)]
struct Counts {
    expected: usize,
    actual: usize,
    matched: usize,
}

impl Counts {
    /// Precision (right among found) and recall (found among expected); 1.0 when empty.
    fn precision_recall(&self) -> (f64, f64) {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        (
            ratio(self.matched, self.actual),
            ratio(self.matched, self.expected),
        )
    }
}

struct Outcome {
    per_kind: BTreeMap<&'static str, Counts>,
    mismatches: Vec<String>,
    files: usize,
}

fn run_set(dir: &str) -> Outcome {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut per_kind: BTreeMap<&'static str, Counts> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for f in &files {
        let expected = parse_expect(&f.with_extension("expect"));
        let mut diag = Diagnostics::default();
        let story = read_manuscript(f, &ReadOptions::default(), &mut diag)
            .unwrap_or_else(|e| panic!("{e}"));
        let actual = actual_items(&story, diag.encoding);
        let pairs = lcs_matched(&expected, &actual);
        for e in &expected {
            per_kind.entry(e.kind()).or_default().expected += 1;
        }
        for a in &actual {
            per_kind.entry(a.kind()).or_default().actual += 1;
        }
        for (i, _) in &pairs {
            per_kind.entry(expected[*i].kind()).or_default().matched += 1;
        }
        let missed: Vec<String> = (0..expected.len())
            .filter(|i| !pairs.iter().any(|(x, _)| x == i))
            .map(|i| format!("    missed: {:?}", expected[i]))
            .collect();
        let extra: Vec<String> = (0..actual.len())
            .filter(|j| !pairs.iter().any(|(_, y)| y == j))
            .map(|j| format!("    extra:  {:?}", actual[j]))
            .collect();
        if !missed.is_empty() || !extra.is_empty() {
            mismatches.push(format!(
                "{}\n{}",
                f.file_name().unwrap().to_string_lossy(),
                missed
                    .into_iter()
                    .chain(extra)
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    Outcome {
        per_kind,
        mismatches,
        files: files.len(),
    }
}

fn report(name: &str, o: &Outcome) -> String {
    let mut s = format!("{name}: {} manuscripts\n", o.files);
    for (k, c) in &o.per_kind {
        let (p, r) = c.precision_recall();
        s.push_str(&format!(
            "  {k:<15} expected {:>3}  found {:>3}  correct {:>3}  precision {:.3}  recall {:.3}\n",
            c.expected, c.actual, c.matched, p, r
        ));
    }
    s
}

#[test]
fn main_corpus_matches_expectations_exactly() {
    let o = run_set("tests/corpus/plaintext");
    eprintln!("{}", report("main corpus", &o));
    assert!(
        o.files >= 15,
        "the corpus must hold at least 15 manuscripts"
    );
    assert!(
        o.mismatches.is_empty(),
        "{} of {} manuscripts differ:\n{}",
        o.mismatches.len(),
        o.files,
        o.mismatches.join("\n")
    );
}

/// Runs a set, prints its report, and holds every kind above the floors.
fn check_floors(dir: &str, name: &str, min_precision: f64, min_recall: f64) {
    let o = run_set(dir);
    let r = report(name, &o);
    eprintln!("{r}");
    if !o.mismatches.is_empty() {
        eprintln!("{name} differences:\n{}", o.mismatches.join("\n"));
    }
    for (k, c) in &o.per_kind {
        let (p, rec) = c.precision_recall();
        assert!(p >= min_precision, "{k} precision {p:.3}\n{r}");
        assert!(rec >= min_recall, "{k} recall {rec:.3}\n{r}");
    }
}

#[test]
fn holdout_corpus_precision_and_recall() {
    // Precision first: a wrong guess costs readers more than a missed one.
    check_floors(
        "tests/corpus/plaintext-holdout",
        "holdout corpus",
        HOLDOUT_MIN_PRECISION,
        HOLDOUT_MIN_RECALL,
    );
}

#[test]
fn blind_corpus_precision_and_recall() {
    // Written by a teammate who never saw the detectors, and run once before any change.
    check_floors(
        "tests/corpus/plaintext-blind",
        "blind corpus",
        BLIND_MIN_PRECISION,
        BLIND_MIN_RECALL,
    );
}

/// Floors set below the first (blind) run, 2026-11-23: precision 1.000 for every kind but
/// plain breaks (8 of 9 found were right: 0.889); recall 1.000 for breaks, labelled breaks and
/// chapters, 0.818 letters (9 of 11), 0.714 notes (5 of 7).
const BLIND_MIN_PRECISION: f64 = 0.85;
const BLIND_MIN_RECALL: f64 = 0.65;

/// Floors for the holdout set, set below what was measured the first time it was run
/// (2026-11-23: precision 1.000 for every kind; recall 0.750 letters, 0.857 labelled breaks,
/// 1.000 the rest).
const HOLDOUT_MIN_PRECISION: f64 = 0.95;
const HOLDOUT_MIN_RECALL: f64 = 0.70;
