//! Knuth–Plass optimal paragraph breaking.
//!
//! A paragraph is a sequence of [`Item`]s — boxes (unbreakable material),
//! glue (stretchable/shrinkable space) and penalties (potential breakpoints
//! with a cost) — exactly as in Knuth & Plass, *Breaking Paragraphs into
//! Lines* (1981) and TeX §813–§890. [`break_paragraph`] chooses the set of
//! breakpoints that minimises the total *demerits* of the paragraph, where
//! every line contributes
//!
//! ```text
//! (line_penalty + badness)² ± penalty²
//!   + flagged_demerits        if this line and the previous one end in a hyphen
//!   + final_hyphen_demerits   if the second-to-last line ends in a hyphen
//!   + fitness_class_demerits  if this line's tightness differs from the previous
//!                             line's by more than one class
//! ```
//!
//! and `badness = 100·|r|³` (capped at 10 000), `r` being the adjustment
//! ratio the line's glue has to be set at.
//!
//! # Passes
//!
//! Like TeX, the breaker makes up to four passes and stops at the first one
//! that finds a feasible breaking (one where every line's ratio lies in
//! `[-1, tolerance]`):
//!
//! 1. [`Pass::First`] — `pretolerance`, flagged (hyphen) breakpoints ignored.
//!    A paragraph that sets well without hyphens gets none.
//! 2. [`Pass::Tolerant`] — `tolerance`, all breakpoints.
//! 3. [`Pass::Emergency`] — as 2, but every line is credited with
//!    `emergency_stretch` extra stretchability *when its badness is judged*.
//!    The glue actually set is the real glue, so such lines may be looser
//!    than `tolerance` (they are reported with [`Line::underfull`]).
//! 4. [`Pass::Overfull`] — the fallback, which always succeeds: every
//!    legal breakpoint is allowed, including ones giving lines that are too
//!    loose or cannot shrink enough. It minimises first the total overfull
//!    width (the sum, over lines, of how far their fully shrunk width
//!    exceeds the measure) and then the demerits. Overfull lines are set at
//!    full shrink (`ratio = -1`) and marked [`Line::overfull`]. Too-loose
//!    lines are preferred to overfull ones, as in TeX.
//!
//! # Hyphen limit
//!
//! `max_consecutive_hyphens` is a hard constraint: the number of consecutive
//! lines ending at a flagged penalty is part of each active node's state, and
//! nodes at the same breakpoint that differ in it are kept apart, so the
//! optimum *under the constraint* is found, not merely penalised. (A forced
//! flagged break is still taken.)
//!
//! # Complexity
//!
//! `O(breakpoints × active nodes)`. Nodes are deactivated as soon as the
//! material from them to the current breakpoint can no longer be shrunk into
//! the measure, so the active list only spans about one line's worth of
//! breakpoints (times a few fitness classes/hyphen states). At every
//! breakpoint, nodes that provably cannot lead to a better paragraph than a
//! sibling are dropped as well (see `prune_dominated`).
//!
//! # Robustness
//!
//! Any input is accepted without panicking or looping: non-finite widths
//! count as `0`, NaN/negative stretch and shrink as `0`, `+∞` stretch as one
//! unit of `fil` (infinitely stretchable, like TeX's `\parfillskip`), NaN
//! costs as `0`, a NaN or negative measure as `0`. Items that do not end in a
//! forced break get an implicit one after the last item, behaving as if
//! [`finish_paragraph`] had been called.

/// Material that the breaker places on lines.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item {
    /// Unbreakable material (a word fragment), width in points.
    Box { width: f32 },
    /// Inter-word space; a legal breakpoint when preceded by a box. When the
    /// break is taken here, the glue (and any further glue and penalties up
    /// to the next box) is discarded. `stretch = f32::INFINITY` means
    /// infinitely stretchable (`fil`) glue.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// Breakpoint with cost; `cost >= INFINITY_PENALTY` forbids,
    /// `<= -INFINITY_PENALTY` forces a break. `width` is typeset only when
    /// the break is taken (e.g. a hyphen); `flagged` marks hyphen breaks.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}

/// A penalty of this size or more forbids a break; its negation forces one
/// (TeX's `\@M`).
pub const INFINITY_PENALTY: f32 = 10_000.0;

/// Cost callers should give a [`Item::Penalty`] at an automatic
/// hyphenation point (TeX's `\hyphenpenalty` and `\exhyphenpenalty`). 50 is
/// small next to the demerits of a loose line (a badness-100 line costs
/// 110² = 12 100 demerits, a hyphen 50² = 2 500), so hyphens are used when
/// they noticeably improve the spacing, but not for marginal gains.
pub const DEFAULT_HYPHEN_PENALTY: f32 = 50.0;

/// Badness of a line that cannot be set acceptably at all (TeX's
/// `inf_bad`). `100·|r|³` is capped here, which happens at `|r| ≈ 4.64`.
const INFINITE_BADNESS: f64 = 10_000.0;

/// Lines whose badness exceeds this while stretching are *very loose*
/// (fitness class 0, TeX: `b > 99`, i.e. `r > 1`).
const VERY_LOOSE_BADNESS: f64 = 99.0;

/// Lines whose badness exceeds this are *loose* when stretching and *tight*
/// when shrinking (TeX: `b > 12`, i.e. `|r| > 0.5`); below it they are
/// *decent*.
const DECENT_BADNESS: f64 = 12.0;

/// Lengths closer than this (in points, about 0.35 µm) are treated as
/// equal, so that a line that fits exactly but picks up rounding noise from
/// `f32` arithmetic is neither overfull nor, when it has no stretch,
/// infinitely bad.
const FIT_EPSILON: f64 = 1e-3;

/// Default for [`Params::line_penalty`] (TeX's `\linepenalty`, plain TeX
/// value). Added to each line's badness before squaring, so every extra
/// line costs at least 10² = 100 demerits: among equally well-spaced
/// breakings, the one with fewer lines wins.
pub const DEFAULT_LINE_PENALTY: f32 = 10.0;

/// Default for [`Params::flagged_demerits`] (TeX's `\doublehyphendemerits`,
/// plain TeX value). Two hyphenated lines in a row cost as much as a line of
/// badness ~90: avoided unless the alternative is clearly worse spacing.
pub const DEFAULT_FLAGGED_DEMERITS: f32 = 10_000.0;

/// Default for [`Params::final_hyphen_demerits`] (TeX's
/// `\finalhyphendemerits`, plain TeX value). A hyphen at the end of the
/// penultimate line splits a word across the last, usually short, line —
/// a visible blemish, but a smaller one than a run of hyphens.
pub const DEFAULT_FINAL_HYPHEN_DEMERITS: f32 = 5_000.0;

/// Default for [`Params::fitness_class_demerits`] (TeX's `\adjdemerits`,
/// plain TeX value). A very loose line next to a decent or tight one (or a
/// tight one next to a loose one) makes the paragraph's colour blotchy; this
/// costs as much as a line of badness ~90.
pub const DEFAULT_FITNESS_CLASS_DEMERITS: f32 = 10_000.0;

/// Default for [`Params::max_consecutive_hyphens`]. House styles (Chicago
/// Manual of Style, most book publishers) allow two, rarely three,
/// consecutive hyphenated lines; a "ladder" of three or more is a classic
/// typesetting fault.
pub const DEFAULT_MAX_CONSECUTIVE_HYPHENS: usize = 2;

/// Default for [`Params::pretolerance`]: ratio 1.0, i.e. badness 100 (plain
/// TeX's `\pretolerance=100`). If every line can be set with its spaces
/// stretched by at most their full stretchability (or shrunk by at most
/// their shrinkability) without hyphenating, the paragraph is set without
/// hyphens.
pub const DEFAULT_PRETOLERANCE: f32 = 1.0;

/// Default for [`Params::tolerance`]: ratio ∛2 ≈ 1.26, i.e. badness 200
/// (plain TeX's `\tolerance=200`). The loosest line accepted before the
/// emergency pass kicks in; with book-typical glue (stretch = ½ space) the
/// widest space is about 1.63 × its natural width.
pub const DEFAULT_TOLERANCE: f32 = 1.259_921;

/// The body font size [`Params::default`] assumes, in points, to express
/// the emergency stretch in ems. Use [`Params::for_font_size`] for others.
pub const DEFAULT_FONT_SIZE: f32 = 11.0;

/// Default emergency stretch in ems of the body font: 1.5 em (LaTeX book
/// classes and the `microtype` documentation suggest 1–3 em). Enough to
/// rescue narrow measures and long unbreakable words while keeping such
/// lines close to the tolerance.
pub const DEFAULT_EMERGENCY_STRETCH_EM: f32 = 1.5;

/// Tuning for [`break_paragraph`]. See the `DEFAULT_*` constants for the
/// reasons behind the defaults.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Maximum adjustment ratio of the first, hyphen-free pass; `None` skips
    /// that pass (TeX's `\pretolerance=-1`). Use [`ratio_for_badness`] to
    /// convert a TeX badness.
    pub pretolerance: Option<f32>,
    /// Maximum adjustment ratio of a line in the second and emergency
    /// passes (`r ≤ tolerance`; shrinking is always limited to `r ≥ -1`).
    /// `f32::INFINITY` accepts any looseness (like TeX's `\tolerance=10000`).
    pub tolerance: f32,
    /// Added to every line's badness before squaring (TeX's `\linepenalty`).
    pub line_penalty: f32,
    /// Added when two consecutive lines end at flagged penalties (TeX's
    /// `\doublehyphendemerits`).
    pub flagged_demerits: f32,
    /// Added when the second-to-last line ends at a flagged penalty (TeX's
    /// `\finalhyphendemerits`).
    pub final_hyphen_demerits: f32,
    /// Added when adjacent lines' fitness classes (very loose, loose,
    /// decent, tight) are not neighbours (TeX's `\adjdemerits`).
    pub fitness_class_demerits: f32,
    /// Hard limit on consecutive lines ending at a flagged penalty; `0`
    /// disables hyphenation (forced flagged breaks are still taken).
    pub max_consecutive_hyphens: usize,
    /// Extra stretchability (points) credited to every line in the emergency
    /// pass; `0` skips that pass (TeX's `\emergencystretch`).
    pub emergency_stretch: f32,
}

impl Params {
    /// Book defaults with the emergency stretch scaled to a body font of
    /// `size` points.
    pub fn for_font_size(size: f32) -> Self {
        Self {
            pretolerance: Some(DEFAULT_PRETOLERANCE),
            tolerance: DEFAULT_TOLERANCE,
            line_penalty: DEFAULT_LINE_PENALTY,
            flagged_demerits: DEFAULT_FLAGGED_DEMERITS,
            final_hyphen_demerits: DEFAULT_FINAL_HYPHEN_DEMERITS,
            fitness_class_demerits: DEFAULT_FITNESS_CLASS_DEMERITS,
            max_consecutive_hyphens: DEFAULT_MAX_CONSECUTIVE_HYPHENS,
            emergency_stretch: DEFAULT_EMERGENCY_STRETCH_EM * size,
        }
    }
}

impl Default for Params {
    /// TeX's plain-format values, a hard limit of two consecutive hyphens,
    /// and 1.5 em of emergency stretch for an 11 pt body font.
    fn default() -> Self {
        Self::for_font_size(DEFAULT_FONT_SIZE)
    }
}

/// The adjustment ratio whose badness is `badness` (`100·r³ = badness`), to
/// express TeX-style tolerances: `ratio_for_badness(200.0) ≈ 1.26`.
pub fn ratio_for_badness(badness: f32) -> f32 {
    (badness.max(0.0) / 100.0).cbrt()
}

/// One line of a [`Breaking`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Line {
    /// First item of the line: `0` for the first line, otherwise the first
    /// box after the previous break (the glue and penalties following a
    /// break are discarded). If no box precedes `end`, `start == end`.
    pub start: usize,
    /// The breakpoint: the glue or penalty the line broke at, whose index is
    /// the exclusive end of the line's content (a penalty's `width`, e.g. a
    /// hyphen, is typeset at the end of the line). For the last line this is
    /// the final forced penalty, or `items.len()` if the items did not end in
    /// one.
    pub end: usize,
    /// Adjustment ratio to set the line's glue at: positive stretches each
    /// glue by `ratio × stretch`, negative shrinks by `|ratio| × shrink`.
    /// Always `≥ -1`. `0` when the line contains `fil` glue and is short (the
    /// `fil` glue takes up the slack) or has no stretch at all.
    pub ratio: f32,
    /// The line ends at a flagged penalty (a hyphen).
    pub hyphenated: bool,
    /// Even fully shrunk, the line is wider than the measure (fallback pass
    /// only). `ratio` is then `-1`.
    pub overfull: bool,
    /// The line is looser than `tolerance`, or is short and has no
    /// stretchability at all (emergency and fallback passes only).
    pub underfull: bool,
}

/// Which pass produced a [`Breaking`]; see the module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// `pretolerance`, without flagged breakpoints (also reported for an
    /// empty paragraph).
    First,
    /// `tolerance`, with flagged breakpoints.
    Tolerant,
    /// `tolerance` with `emergency_stretch`.
    Emergency,
    /// The fallback: overfull and underfull lines allowed.
    Overfull,
}

/// The result of [`break_paragraph`].
#[derive(Clone, Debug, PartialEq)]
pub struct Breaking {
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// The pass that found the breaking.
    pub pass: Pass,
    /// Total demerits of the breaking, as judged by that pass.
    pub demerits: f64,
    /// Total overfull width in points (non-zero only for [`Pass::Overfull`]).
    pub overflow: f64,
}

/// Appends the standard paragraph ending: `\parfillskip` (zero-width glue
/// with infinite stretch, so the last line is set at its natural width) and
/// a forced break.
pub fn finish_paragraph(items: &mut Vec<Item>) {
    items.push(Item::Glue {
        width: 0.0,
        stretch: f32::INFINITY,
        shrink: 0.0,
    });
    items.push(Item::Penalty {
        width: 0.0,
        cost: -INFINITY_PENALTY,
        flagged: false,
    });
}

/// Breaks `items` into lines, `measure(i)` being the width available to
/// line `i` (0-based). Always returns a breaking; see the module docs for the
/// passes and the fallback.
pub fn break_paragraph(
    items: &[Item],
    measure: &dyn Fn(usize) -> f32,
    params: &Params,
) -> Breaking {
    if items.is_empty() {
        return Breaking {
            lines: Vec::new(),
            pass: Pass::First,
            demerits: 0.0,
            overflow: 0.0,
        };
    }
    let para = Paragraph::new(items, measure);
    let tolerance = f64::from(params.tolerance);

    let mut modes = Vec::with_capacity(4);
    if let Some(pre) = params.pretolerance.filter(|p| *p >= 0.0) {
        modes.push(Mode {
            pass: Pass::First,
            tolerance: f64::from(pre),
            allow_flagged: false,
            emergency_stretch: 0.0,
        });
    }
    modes.push(Mode {
        pass: Pass::Tolerant,
        tolerance,
        allow_flagged: true,
        emergency_stretch: 0.0,
    });
    let emergency = f64::from(params.emergency_stretch);
    let emergency = if emergency.is_finite() && emergency > 0.0 {
        emergency
    } else {
        0.0
    };
    if emergency > 0.0 {
        modes.push(Mode {
            pass: Pass::Emergency,
            tolerance,
            allow_flagged: true,
            emergency_stretch: emergency,
        });
    }
    modes.push(Mode {
        pass: Pass::Overfull,
        tolerance,
        allow_flagged: true,
        emergency_stretch: emergency,
    });

    for mode in &modes {
        if let Some(breaking) = para.run(mode, params) {
            return breaking;
        }
    }
    // The fallback cannot fail (every active node reaches the next legal
    // breakpoint before it is deactivated), but never panic on that.
    para.single_line(params)
}

/// Sums of widths over a prefix of the items (boxes and glue only).
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    width: f64,
    stretch: f64,
    /// Number of infinitely stretchable glues.
    fil: f64,
    shrink: f64,
}

/// A legal breakpoint.
#[derive(Clone, Copy, Debug)]
struct Break {
    /// Index of the glue/penalty, or `items.len()` for an implicit end.
    pos: usize,
    /// Width typeset at the end of the line when breaking here.
    width: f64,
    cost: f64,
    flagged: bool,
    forced: bool,
    /// Extra `fil` stretch the line gets (the implicit end's `\parfillskip`).
    fil: f64,
}

#[derive(Clone, Copy, Debug)]
struct Mode {
    pass: Pass,
    tolerance: f64,
    allow_flagged: bool,
    emergency_stretch: f64,
}

/// Lexicographic cost of a partial breaking: overfull width first (only ever
/// non-zero in the fallback pass), then demerits.
#[derive(Clone, Copy, Debug, Default)]
struct Cost {
    overflow: f64,
    demerits: f64,
}

impl Cost {
    fn better_than(&self, other: &Cost) -> bool {
        self.overflow < other.overflow
            || (self.overflow == other.overflow && self.demerits < other.demerits)
    }
}

/// A feasible breakpoint reached by some breaking of the preceding text.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// Index into `Paragraph::breaks` (`usize::MAX` for the paragraph start).
    brk: usize,
    /// First item of the line that follows this break.
    start: usize,
    /// Number of lines before this break (= index of the next line).
    line: usize,
    /// Fitness class of the line ending here (0 very loose … 3 tight).
    fitness: u8,
    /// Consecutive lines ending in a flagged penalty, this one included
    /// (capped at `max_consecutive_hyphens`, past which only a forced break
    /// can follow a flagged one anyway).
    hyphens: usize,
    flagged: bool,
    cost: Cost,
    /// Index of the previous node in the arena (`usize::MAX` for none).
    prev: usize,
    /// Fallback pass only: the node overflowed at a breakpoint `b` through
    /// which later breakpoints are reached more cheaply; this is the first
    /// item of the line after `b` (`usize::MAX` if none). See
    /// [`Paragraph::fallback_superseded`].
    superseded_from: usize,
}

/// A node about to be created at the current breakpoint.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    /// Line-width class: `min(line, easy_line)`.
    class: usize,
    fitness: u8,
    hyphens: usize,
    line: usize,
    cost: Cost,
    prev: usize,
}

/// How one line from a node to a breakpoint would be set.
#[derive(Clone, Copy, Debug)]
struct Assessment {
    badness: f64,
    fitness: u8,
    /// How far the fully shrunk line exceeds the measure (0 if it fits).
    overflow: f64,
    /// The line's ratio is within `[-1, tolerance]`.
    acceptable: bool,
    /// Even without the penalty width, the line cannot be shrunk into the
    /// measure, so no later breakpoint can be reached from the node either.
    hopeless: bool,
}

// Fitness classes (TeX §817), ordered so that classes more than one apart
// are the "visually incompatible" neighbours that cost
// `fitness_class_demerits`: a very loose line next to a decent or tight one,
// or a loose line next to a tight one.

/// Stretched to badness > 99 (`r > 1`).
const VERY_LOOSE: u8 = 0;
/// Stretched to badness 13–99 (`0.5 < r ≤ 1`).
const LOOSE: u8 = 1;
/// Badness ≤ 12 either way (`|r| ≤ 0.5`); also the class of the paragraph
/// start, so a very loose or tight first line pays `fitness_class_demerits`
/// too, as in TeX.
const DECENT: u8 = 2;
/// Shrunk to badness > 12 (`r < -0.5`).
const TIGHT: u8 = 3;

struct Paragraph<'a> {
    items: &'a [Item],
    /// `sums[i]` covers `items[..i]`.
    sums: Vec<Sums>,
    /// `next_box[i]`: index of the first box at or after `i`, else `items.len()`.
    next_box: Vec<usize>,
    breaks: Vec<Break>,
    /// `measures[i]`: width of line `i`, for every line that can exist.
    measures: Vec<f64>,
    /// From this line on, all lines have the same measure, so nodes that
    /// differ only in their line number (beyond it) are interchangeable.
    easy_line: usize,
}

fn finite_or_zero(x: f32) -> f64 {
    if x.is_finite() {
        f64::from(x)
    } else {
        0.0
    }
}

fn non_negative(x: f32) -> f64 {
    if x.is_finite() && x > 0.0 {
        f64::from(x)
    } else {
        0.0
    }
}

impl<'a> Paragraph<'a> {
    fn new(items: &'a [Item], measure: &dyn Fn(usize) -> f32) -> Self {
        let n = items.len();
        let mut sums = Vec::with_capacity(n + 1);
        let mut acc = Sums::default();
        sums.push(acc);
        let mut breaks = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match *item {
                Item::Box { width } => acc.width += finite_or_zero(width),
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    if i > 0 && matches!(items[i - 1], Item::Box { .. }) {
                        breaks.push(Break {
                            pos: i,
                            width: 0.0,
                            cost: 0.0,
                            flagged: false,
                            forced: false,
                            fil: 0.0,
                        });
                    }
                    acc.width += finite_or_zero(width);
                    if stretch == f32::INFINITY {
                        acc.fil += 1.0;
                    } else {
                        acc.stretch += non_negative(stretch);
                    }
                    acc.shrink += non_negative(shrink);
                }
                Item::Penalty {
                    width,
                    cost,
                    flagged,
                } => {
                    let cost = if cost.is_nan() { 0.0 } else { f64::from(cost) };
                    let infinity = f64::from(INFINITY_PENALTY);
                    if cost < infinity {
                        breaks.push(Break {
                            pos: i,
                            width: finite_or_zero(width),
                            cost: cost.max(-infinity),
                            flagged,
                            forced: cost <= -infinity,
                            fil: 0.0,
                        });
                    }
                }
            }
            sums.push(acc);
        }
        let terminated = breaks.last().is_some_and(|b| b.forced && b.pos + 1 == n);
        if !terminated {
            breaks.push(Break {
                pos: n,
                width: 0.0,
                cost: -f64::from(INFINITY_PENALTY),
                flagged: false,
                forced: true,
                fil: 1.0,
            });
        }

        let mut next_box = vec![n; n + 1];
        for i in (0..n).rev() {
            next_box[i] = if matches!(items[i], Item::Box { .. }) {
                i
            } else {
                next_box[i + 1]
            };
        }

        // Every line ends at a distinct breakpoint, so there are at most
        // `breaks.len()` lines; ask for each width once.
        let measures: Vec<f64> = (0..=breaks.len())
            .map(|i| {
                let m = measure(i);
                if m.is_nan() || m < 0.0 {
                    0.0
                } else {
                    f64::from(m)
                }
            })
            .collect();
        let last = measures[measures.len() - 1];
        let mut easy_line = measures.len() - 1;
        while easy_line > 0 && measures[easy_line - 1] == last {
            easy_line -= 1;
        }

        Paragraph {
            items,
            sums,
            next_box,
            breaks,
            measures,
            easy_line,
        }
    }

    /// First item of the line after a break at `pos`.
    fn start_after(&self, pos: usize) -> usize {
        self.next_box[(pos + 1).min(self.items.len())]
    }

    /// Judges the line from item `start` (on line number `line`) to `brk`.
    fn assess(&self, start: usize, brk: &Break, line: usize, mode: &Mode) -> Assessment {
        let s = start.min(brk.pos);
        let (a, b) = (self.sums[s], self.sums[brk.pos]);
        let content = b.width - a.width;
        let natural = content + brk.width;
        let stretch = b.stretch - a.stretch;
        let fil = b.fil - a.fil + brk.fil;
        let shrink = b.shrink - a.shrink;
        let measure = self.measures[line.min(self.measures.len() - 1)];

        let hopeless = content - shrink - measure > FIT_EPSILON;
        let excess = natural - shrink - measure;
        if excess > FIT_EPSILON {
            return Assessment {
                badness: INFINITE_BADNESS,
                fitness: TIGHT,
                overflow: excess,
                acceptable: false,
                hopeless,
            };
        }
        let shortfall = measure - natural;
        let (ratio, badness) = if shortfall > 0.0 {
            let stretch = stretch + mode.emergency_stretch;
            if fil > 0.0 || shortfall <= FIT_EPSILON {
                (0.0, 0.0)
            } else if stretch > 0.0 {
                let r = shortfall / stretch;
                (r, badness(r))
            } else {
                (f64::INFINITY, INFINITE_BADNESS)
            }
        } else if shrink > 0.0 {
            let r = (shortfall / shrink).max(-1.0);
            (r, badness(r))
        } else {
            (0.0, 0.0)
        };
        let fitness = if ratio < 0.0 {
            if badness > DECENT_BADNESS {
                TIGHT
            } else {
                DECENT
            }
        } else if badness > VERY_LOOSE_BADNESS {
            VERY_LOOSE
        } else if badness > DECENT_BADNESS {
            LOOSE
        } else {
            DECENT
        };
        Assessment {
            badness,
            fitness,
            overflow: 0.0,
            acceptable: ratio <= mode.tolerance,
            hopeless,
        }
    }

    /// Demerits of a line ending at break `bi`, following `prev`.
    fn demerits(&self, bi: usize, fitness: u8, badness: f64, prev: &Node, params: &Params) -> f64 {
        let brk = &self.breaks[bi];
        let base = f64::from(params.line_penalty) + badness;
        let mut d = base * base;
        if !brk.forced {
            if brk.cost > 0.0 {
                d += brk.cost * brk.cost;
            } else if brk.cost < 0.0 {
                d -= brk.cost * brk.cost;
            }
        }
        if brk.flagged && prev.flagged {
            d += f64::from(params.flagged_demerits);
        }
        if bi + 1 == self.breaks.len() && prev.flagged {
            d += f64::from(params.final_hyphen_demerits);
        }
        if fitness.abs_diff(prev.fitness) > 1 {
            d += f64::from(params.fitness_class_demerits);
        }
        d
    }

    /// One pass of the algorithm; `None` if no breaking is feasible.
    fn run(&self, mode: &Mode, params: &Params) -> Option<Breaking> {
        let fallback = mode.pass == Pass::Overfull;
        let max_hyphens = params.max_consecutive_hyphens;
        let mut nodes = vec![Node {
            brk: usize::MAX,
            start: 0,
            line: 0,
            fitness: DECENT,
            hyphens: 0,
            flagged: false,
            cost: Cost::default(),
            prev: usize::MAX,
            superseded_from: usize::MAX,
        }];
        let mut active: Vec<usize> = vec![0];
        let mut candidates: Vec<Candidate> = Vec::new();

        for (bi, brk) in self.breaks.iter().enumerate() {
            if brk.flagged && !brk.forced && !mode.allow_flagged {
                continue;
            }
            candidates.clear();
            let mut k = 0;
            while k < active.len() {
                let id = active[k];
                let node = nodes[id];
                if fallback && self.fallback_superseded(&node, brk) {
                    active.swap_remove(k);
                    continue;
                }
                let a = self.assess(node.start, brk, node.line, mode);
                let hyphen_ok = !brk.flagged || brk.forced || node.hyphens < max_hyphens;
                if hyphen_ok && (a.acceptable || fallback) {
                    let line = node.line + 1;
                    let hyphens = if brk.flagged {
                        (node.hyphens + 1).min(max_hyphens)
                    } else {
                        0
                    };
                    let cost = Cost {
                        overflow: node.cost.overflow + a.overflow,
                        demerits: node.cost.demerits
                            + self.demerits(bi, a.fitness, a.badness, &node, params),
                    };
                    let cand = Candidate {
                        class: line.min(self.easy_line),
                        fitness: a.fitness,
                        hyphens,
                        line,
                        cost,
                        prev: id,
                    };
                    match candidates.iter_mut().find(|c| {
                        c.class == cand.class
                            && c.fitness == cand.fitness
                            && c.hyphens == cand.hyphens
                    }) {
                        Some(c) => {
                            if cand.cost.better_than(&c.cost) {
                                *c = cand;
                            }
                        }
                        None => candidates.push(cand),
                    }
                }
                if fallback
                    && a.hopeless
                    && node.superseded_from == usize::MAX
                    && self.fallback_may_supersede(&node, brk)
                {
                    nodes[id].superseded_from = self.start_after(brk.pos);
                }
                if brk.forced || (a.hopeless && !fallback) {
                    active.swap_remove(k);
                } else {
                    k += 1;
                }
            }
            prune_dominated(&mut candidates, params);
            let start = self.start_after(brk.pos);
            for c in &candidates {
                active.push(nodes.len());
                nodes.push(Node {
                    brk: bi,
                    start,
                    line: c.line,
                    fitness: c.fitness,
                    hyphens: c.hyphens,
                    flagged: brk.flagged,
                    cost: c.cost,
                    prev: c.prev,
                    superseded_from: usize::MAX,
                });
            }
            if active.is_empty() {
                return None;
            }
        }

        // The last break is forced, so only nodes created there are active.
        let mut best: Option<usize> = None;
        for &id in &active {
            if best.map_or(true, |b| nodes[id].cost.better_than(&nodes[b].cost)) {
                best = Some(id);
            }
        }
        let best = best?;
        let mut path = Vec::new();
        let mut id = best;
        while id != 0 {
            path.push(id);
            id = nodes[id].prev;
        }
        path.reverse();

        let mut lines = Vec::with_capacity(path.len());
        let (mut start, mut line) = (0, 0);
        for &id in &path {
            let brk = &self.breaks[nodes[id].brk];
            lines.push(self.make_line(start, brk, line, params));
            start = nodes[id].start;
            line += 1;
        }
        Some(Breaking {
            lines,
            pass: mode.pass,
            demerits: nodes[best].cost.demerits,
            overflow: nodes[best].cost.overflow,
        })
    }

    /// In the fallback every line is allowed, so a node cannot simply be
    /// dropped once the line from it overflows. Suppose the line from node
    /// `a` to an unflagged, zero-width breakpoint `b` cannot be shrunk into
    /// the measure `M > 0`, and all lines after `a`'s have that same measure
    /// (`a.line ≥ easy_line`). For a later breakpoint `b'` the path
    /// `a → b → b'` overflows by less than `a → b'`: by `M` plus the discarded
    /// glue less if `b → b'` itself overflows, and by the width of the
    /// material from `b` to `b'` less otherwise; it also resets the hyphen
    /// count and leaves the same line-width class. So once that material has
    /// positive width, `a` can never again give the best path, and is dropped
    /// (see [`Self::fallback_superseded`]). Exact for non-negative widths and
    /// glue that does not shrink below zero.
    fn fallback_may_supersede(&self, node: &Node, brk: &Break) -> bool {
        !brk.flagged
            && brk.width == 0.0
            && node.line >= self.easy_line
            && self.measures[self.easy_line] > 0.0
    }

    /// Whether positive-width material lies between the breakpoint recorded
    /// in `node.superseded_from` and `brk`.
    fn fallback_superseded(&self, node: &Node, brk: &Break) -> bool {
        let from = node.superseded_from;
        if from >= brk.pos {
            return false;
        }
        let (a, b) = (self.sums[from], self.sums[brk.pos]);
        (b.width - a.width) - (b.shrink - a.shrink) > FIT_EPSILON
    }

    fn make_line(&self, start: usize, brk: &Break, line: usize, params: &Params) -> Line {
        let s = start.min(brk.pos);
        let (a, b) = (self.sums[s], self.sums[brk.pos]);
        let natural = b.width - a.width + brk.width;
        let stretch = b.stretch - a.stretch;
        let fil = b.fil - a.fil + brk.fil;
        let shrink = b.shrink - a.shrink;
        let measure = self.measures[line.min(self.measures.len() - 1)];
        let shortfall = measure - natural;
        let overfull = natural - shrink - measure > FIT_EPSILON;
        let mut underfull = false;
        let ratio = if overfull {
            -1.0
        } else if shortfall > 0.0 {
            if fil > 0.0 || shortfall <= FIT_EPSILON {
                0.0
            } else if stretch > 0.0 {
                let r = shortfall / stretch;
                underfull = r > f64::from(params.tolerance);
                r
            } else {
                underfull = true;
                0.0
            }
        } else if shrink > 0.0 {
            (shortfall / shrink).max(-1.0)
        } else {
            0.0
        };
        Line {
            start: s,
            end: brk.pos,
            ratio: ratio as f32,
            hyphenated: brk.flagged,
            overfull,
            underfull,
        }
    }

    /// Last resort: everything on one line.
    fn single_line(&self, params: &Params) -> Breaking {
        let brk = self.breaks[self.breaks.len() - 1];
        let line = self.make_line(0, &brk, 0, params);
        Breaking {
            lines: vec![line],
            pass: Pass::Overfull,
            demerits: f64::INFINITY,
            overflow: f64::INFINITY,
        }
    }
}

/// `100·|r|³`, capped at [`INFINITE_BADNESS`].
fn badness(ratio: f64) -> f64 {
    (100.0 * ratio.abs().powi(3)).min(INFINITE_BADNESS)
}

/// Drops candidates that cannot lead to a better paragraph than a sibling at
/// the same breakpoint: `y` dominates `x` if it has the same line-width
/// class, no more consecutive hyphens (so every continuation of `x` is also
/// open to `y`), and a cost lower by more than `fitness_class_demerits` —
/// the most by which the two continuations' demerits can differ (TeX's
/// `minimum_demerits + adj_demerits` test, §836).
fn prune_dominated(candidates: &mut Vec<Candidate>, params: &Params) {
    if candidates.len() < 2 {
        return;
    }
    let slack = f64::from(params.fitness_class_demerits).abs();
    let mut i = 0;
    while i < candidates.len() {
        let x = candidates[i];
        let dominated = candidates.iter().any(|y| {
            y.class == x.class
                && y.hyphens <= x.hyphens
                && (y.cost.overflow < x.cost.overflow
                    || (y.cost.overflow == x.cost.overflow
                        && y.cost.demerits + slack < x.cost.demerits))
        });
        if dominated {
            candidates.swap_remove(i);
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // ---- helpers -------------------------------------------------------

    const SPACE: Item = Item::Glue {
        width: 3.0,
        stretch: 2.0,
        shrink: 1.0,
    };

    fn hyphen() -> Item {
        Item::Penalty {
            width: 1.0,
            cost: DEFAULT_HYPHEN_PENALTY,
            flagged: true,
        }
    }

    /// Words given as fragment widths separated by hyphenation points.
    fn paragraph(words: &[&[f32]]) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, word) in words.iter().enumerate() {
            if i > 0 {
                items.push(SPACE);
            }
            for (j, &w) in word.iter().enumerate() {
                if j > 0 {
                    items.push(hyphen());
                }
                items.push(Item::Box { width: w });
            }
        }
        finish_paragraph(&mut items);
        items
    }

    fn boxes(items: &[Item]) -> Vec<usize> {
        (0..items.len())
            .filter(|&i| matches!(items[i], Item::Box { .. }))
            .collect()
    }

    fn no_pre() -> Params {
        Params {
            pretolerance: None,
            ..Params::default()
        }
    }

    /// Width, stretch, fil, shrink of a line, computed from scratch.
    fn line_metrics(items: &[Item], start: usize, end: usize) -> (f64, f64, f64, f64) {
        let (mut w, mut y, mut fil, mut z) = (0.0, 0.0, 0.0, 0.0);
        for item in &items[start..end] {
            match *item {
                Item::Box { width } => w += width as f64,
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    w += width as f64;
                    if stretch.is_infinite() {
                        fil += 1.0;
                    } else {
                        y += stretch as f64;
                    }
                    z += shrink as f64;
                }
                Item::Penalty { .. } => {}
            }
        }
        if let Some(Item::Penalty { width, .. }) = items.get(end) {
            w += *width as f64;
        }
        if end == items.len() {
            fil += 1.0;
        }
        (w, y, fil, z)
    }

    /// Checks the invariants every breaking must satisfy.
    fn check_invariants(items: &[Item], m: &dyn Fn(usize) -> f32, p: &Params, b: &Breaking) {
        // Joined lines give back all boxes, in order.
        let mut got = Vec::new();
        for l in &b.lines {
            assert!(l.start <= l.end && l.end <= items.len(), "{l:?}");
            got.extend((l.start..l.end).filter(|&i| matches!(items[i], Item::Box { .. })));
        }
        assert_eq!(got, boxes(items), "boxes lost or reordered");
        // Consecutive lines are contiguous modulo discarded items.
        for w in b.lines.windows(2) {
            assert!(w[1].start > w[0].end || w[1].start == w[1].end);
            for it in &items[w[0].end..w[1].start] {
                assert!(!matches!(it, Item::Box { .. }), "box discarded");
            }
        }
        let mut run = 0;
        for (i, l) in b.lines.iter().enumerate() {
            let (w, y, fil, z) = line_metrics(items, l.start, l.end);
            let measure = m(i) as f64;
            assert!(l.ratio >= -1.0, "{l:?}");
            if !l.overfull {
                assert!(w - z <= measure + 1e-3, "line {i} too wide: {l:?}");
            }
            let last = i + 1 == b.lines.len();
            if b.pass != Pass::Overfull && !last {
                match b.pass {
                    Pass::First | Pass::Tolerant => {
                        let tol = if b.pass == Pass::First {
                            p.pretolerance.unwrap()
                        } else {
                            p.tolerance
                        };
                        assert!(l.ratio <= tol + 1e-6, "line {i} too loose: {l:?}");
                        assert!(!l.overfull);
                        if b.pass == Pass::Tolerant {
                            assert!(!l.underfull);
                        }
                    }
                    Pass::Emergency => {
                        let short = measure - w;
                        if short > 1e-3 && fil == 0.0 {
                            let r = short / (y + p.emergency_stretch as f64);
                            assert!(r <= p.tolerance as f64 + 1e-6);
                        }
                    }
                    Pass::Overfull => unreachable!(),
                }
            }
            if b.pass == Pass::First {
                assert!(!l.hyphenated);
            }
            run = if l.hyphenated { run + 1 } else { 0 };
            assert!(run <= p.max_consecutive_hyphens, "hyphen ladder at {i}");
        }
        let last = b.lines.last().filter(|l| l.end + 1 >= items.len());
        if let Some(l) = last {
            let (_, _, fil, _) = line_metrics(items, l.start, l.end);
            if fil > 0.0 {
                assert!(l.ratio <= 0.0, "last line stretched: {l:?}");
            }
        }
    }

    // ---- brute force ---------------------------------------------------

    /// Independent evaluation of a breaking given by its break positions.
    /// Returns (overflow, demerits), or `None` if the pass forbids it.
    fn score(
        items: &[Item],
        m: &dyn Fn(usize) -> f32,
        p: &Params,
        pass: Pass,
        ends: &[usize],
    ) -> Option<(f64, f64)> {
        let tolerance = match pass {
            Pass::First => p.pretolerance.unwrap() as f64,
            _ => p.tolerance as f64,
        };
        let es = match pass {
            Pass::Emergency | Pass::Overfull => p.emergency_stretch as f64,
            _ => 0.0,
        };
        let (mut overflow, mut total) = (0.0, 0.0);
        let (mut start, mut prev_fit, mut prev_flag, mut run) = (0, 2i32, false, 0usize);
        for (i, &end) in ends.iter().enumerate() {
            let (cost, flagged, forced) = match items.get(end) {
                Some(Item::Penalty { cost, flagged, .. }) => {
                    (*cost as f64, *flagged, *cost <= -INFINITY_PENALTY)
                }
                Some(_) => (0.0, false, false),
                None => (0.0, false, true),
            };
            if pass == Pass::First && flagged {
                return None;
            }
            run = if flagged { run + 1 } else { 0 };
            if run > p.max_consecutive_hyphens {
                return None;
            }
            let (w, y, fil, z) = line_metrics(items, start.min(end), end);
            let measure = (m(i) as f64).max(0.0);
            let (bad, fit);
            if w - z - measure > 1e-3 {
                if pass != Pass::Overfull {
                    return None;
                }
                overflow += w - z - measure;
                bad = 10_000.0;
                fit = 3;
            } else if w < measure {
                let r = if fil > 0.0 || measure - w <= 1e-3 {
                    0.0
                } else if y + es > 0.0 {
                    (measure - w) / (y + es)
                } else {
                    f64::INFINITY
                };
                if r > tolerance && pass != Pass::Overfull {
                    return None;
                }
                bad = (100.0 * r * r * r).min(10_000.0);
                fit = if bad > 99.0 {
                    0
                } else if bad > 12.0 {
                    1
                } else {
                    2
                };
            } else {
                let r = if z > 0.0 { (measure - w) / z } else { 0.0 };
                bad = (100.0 * (-r).powi(3)).min(10_000.0);
                fit = if bad > 12.0 { 3 } else { 2 };
            }
            let mut d = (p.line_penalty as f64 + bad).powi(2);
            if !forced {
                d += cost.signum() * cost * cost;
            }
            if flagged && prev_flag {
                d += p.flagged_demerits as f64;
            }
            if i + 1 == ends.len() && prev_flag {
                d += p.final_hyphen_demerits as f64;
            }
            if (fit - prev_fit).abs() > 1 {
                d += p.fitness_class_demerits as f64;
            }
            total += d;
            prev_fit = fit;
            prev_flag = flagged;
            start = (end + 1..items.len())
                .find(|&j| matches!(items[j], Item::Box { .. }))
                .unwrap_or(items.len());
        }
        Some((overflow, total))
    }

    /// Minimum (overflow, demerits) over all breakings, for one pass.
    fn brute_force(
        items: &[Item],
        m: &dyn Fn(usize) -> f32,
        p: &Params,
        pass: Pass,
    ) -> Option<(f64, f64)> {
        let mut optional = Vec::new();
        let mut forced = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match *it {
                Item::Glue { .. } if i > 0 && matches!(items[i - 1], Item::Box { .. }) => {
                    optional.push(i)
                }
                Item::Penalty { cost, .. } if cost <= -INFINITY_PENALTY => forced.push(i),
                Item::Penalty { cost, .. } if cost < INFINITY_PENALTY => optional.push(i),
                _ => {}
            }
        }
        assert!(optional.len() <= 16, "too big for brute force");
        let mut best: Option<(f64, f64)> = None;
        for mask in 0u32..(1 << optional.len()) {
            let mut ends: Vec<usize> = forced.clone();
            ends.extend(
                (0..optional.len())
                    .filter(|b| mask & (1 << b) != 0)
                    .map(|b| optional[b]),
            );
            ends.sort_unstable();
            if let Some(s) = score(items, m, p, pass, &ends) {
                let better = match best {
                    None => true,
                    Some(b) => s.0 < b.0 - 1e-9 || (s.0 <= b.0 + 1e-9 && s.1 < b.1),
                };
                if better {
                    best = Some(s);
                }
            }
        }
        best
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    /// The pass brute force says should succeed, and its optimum.
    fn expected(items: &[Item], m: &dyn Fn(usize) -> f32, p: &Params) -> (Pass, (f64, f64)) {
        let mut passes = vec![];
        if p.pretolerance.is_some() {
            passes.push(Pass::First);
        }
        passes.push(Pass::Tolerant);
        if p.emergency_stretch > 0.0 {
            passes.push(Pass::Emergency);
        }
        passes.push(Pass::Overfull);
        for pass in passes {
            if let Some(best) = brute_force(items, m, p, pass) {
                return (pass, best);
            }
        }
        unreachable!("the fallback always has a solution")
    }

    fn check_optimal(items: &[Item], m: &dyn Fn(usize) -> f32, p: &Params) -> Breaking {
        let b = break_paragraph(items, m, p);
        check_invariants(items, m, p, &b);
        let (pass, (overflow, demerits)) = expected(items, m, p);
        assert_eq!(b.pass, pass);
        let ends: Vec<usize> = b.lines.iter().map(|l| l.end).collect();
        let (o, d) = score(items, m, p, pass, &ends).expect("breaking infeasible for its pass");
        assert!(close(o, overflow), "overflow {o} vs optimum {overflow}");
        assert!(
            close(d, demerits),
            "demerits {d} vs optimum {demerits} ({ends:?})"
        );
        assert!(
            close(b.demerits, d),
            "reported {} vs scored {d}",
            b.demerits
        );
        assert!(close(b.overflow, o));
        b
    }

    fn ends(b: &Breaking) -> Vec<usize> {
        b.lines.iter().map(|l| l.end).collect()
    }

    // ---- table tests ---------------------------------------------------

    #[test]
    fn empty_paragraph_has_no_lines() {
        let b = break_paragraph(&[], &|_| 100.0, &Params::default());
        assert!(b.lines.is_empty());
    }

    #[test]
    fn finish_paragraph_appends_fill_and_forced_break() {
        let mut items = vec![];
        finish_paragraph(&mut items);
        assert_eq!(
            items,
            vec![
                Item::Glue {
                    width: 0.0,
                    stretch: f32::INFINITY,
                    shrink: 0.0
                },
                Item::Penalty {
                    width: 0.0,
                    cost: -INFINITY_PENALTY,
                    flagged: false
                }
            ]
        );
        let b = break_paragraph(&items, &|_| 100.0, &Params::default());
        assert_eq!(b.lines.len(), 1);
        assert_eq!((b.lines[0].start, b.lines[0].end), (0, 1));
    }

    #[test]
    fn short_paragraph_is_one_unstretched_line() {
        let items = paragraph(&[&[10.0], &[20.0]]);
        let b = check_optimal(&items, &|_| 100.0, &Params::default());
        assert_eq!(b.pass, Pass::First);
        assert_eq!(b.lines.len(), 1);
        let l = b.lines[0];
        assert_eq!((l.start, l.end, l.ratio), (0, 4, 0.0));
        // One line of badness 0: (10 + 0)².
        assert_eq!(b.demerits, 100.0);
    }

    #[test]
    fn exact_fit_breaks_where_expected() {
        // Four 10pt words, measure 23 = word + space + word: two lines of
        // badness 0 (the second at natural width thanks to the fill glue).
        let items = paragraph(&[&[10.0], &[10.0], &[10.0], &[10.0]]);
        let b = check_optimal(&items, &|_| 23.0, &Params::default());
        assert_eq!(ends(&b), vec![3, 8]);
        assert_eq!(b.lines[0].ratio, 0.0);
        assert_eq!(b.lines[1].start, 4);
        assert_eq!(b.demerits, 200.0);
    }

    #[test]
    fn shrinks_and_stretches_by_hand() {
        // Line "10 10 10" natural 36, two spaces shrink 2 → fits 34 at r=-1.
        let items = paragraph(&[&[10.0], &[10.0], &[10.0], &[10.0]]);
        let b = check_optimal(&items, &|_| 34.0, &Params::default());
        assert_eq!(ends(&b), vec![5, 8]);
        assert_eq!(b.lines[0].ratio, -1.0);
        // Badness 100 → (10+100)² + (10+0)², plus adjacent tight/decent: fine.
        assert_eq!(b.demerits, 110.0 * 110.0 + 100.0);
        // Measure 25: "10 10" stretches 2pt over stretch 2 → r = 1.
        let b = check_optimal(&items, &|_| 25.0, &Params::default());
        assert_eq!(ends(&b), vec![3, 8]);
        assert!((b.lines[0].ratio - 1.0).abs() < 1e-6);
    }

    #[test]
    fn prefers_even_spacing_over_greedy() {
        // A greedy (first-fit) breaker fills the first line and leaves a
        // very loose second one; Knuth–Plass balances them.
        let items = paragraph(&[&[8.0], &[8.0], &[8.0], &[8.0], &[8.0], &[20.0], &[20.0]]);
        let p = Params {
            tolerance: 10.0,
            pretolerance: None,
            ..Params::default()
        };
        check_optimal(&items, &|_| 50.0, &p);
    }

    #[test]
    fn hyphenates_only_when_needed() {
        // Fits without hyphens within pretolerance → first pass, no hyphen.
        let items = paragraph(&[&[10.0], &[5.0, 5.0], &[10.0], &[10.0]]);
        let b = check_optimal(&items, &|_| 24.0, &Params::default());
        assert_eq!(b.pass, Pass::First);
        assert!(b.lines.iter().all(|l| !l.hyphenated));
        // Measure 19: "10 5-" = 19 exactly, the rest fits on line 2.
        let b = check_optimal(&items, &|_| 19.0, &Params::default());
        assert_eq!(b.pass, Pass::Tolerant);
        assert!(b.lines[0].hyphenated);
        assert_eq!(b.lines[0].end, 3);
    }

    #[test]
    fn hyphen_limit_is_hard() {
        // A long word that could hyphenate at every line end.
        let word: Vec<f32> = vec![9.0; 12];
        let items = paragraph(&[&word]);
        for max in 0..4 {
            let p = Params {
                max_consecutive_hyphens: max,
                flagged_demerits: 0.0,
                ..Params::default()
            };
            let b = break_paragraph(&items, &|_| 20.0, &p);
            check_invariants(&items, &|_| 20.0, &p, &b);
            if max == 0 {
                assert_eq!(b.lines.len(), 1);
                assert!(b.lines[0].overfull);
            }
        }
        let p = Params {
            max_consecutive_hyphens: 1,
            flagged_demerits: 0.0,
            ..Params::default()
        };
        let b = break_paragraph(&items, &|_| 20.0, &p);
        let mut run = 0;
        for l in &b.lines {
            run = if l.hyphenated { run + 1 } else { 0 };
            assert!(run <= 1);
        }
    }

    #[test]
    fn double_hyphen_and_final_hyphen_demerits_are_charged() {
        // The optimum changes when these demerits are present; brute force
        // (which charges them independently) must agree either way.
        let items = paragraph(&[&[6.0, 6.0], &[6.0, 6.0], &[6.0, 6.0], &[6.0, 6.0]]);
        for (fd, fhd) in [(0.0, 0.0), (10_000.0, 5_000.0), (1e6, 1e6)] {
            let p = Params {
                flagged_demerits: fd,
                final_hyphen_demerits: fhd,
                max_consecutive_hyphens: 5,
                pretolerance: None,
                tolerance: 3.0,
                ..Params::default()
            };
            check_optimal(&items, &|_| 16.0, &p);
        }
    }

    #[test]
    fn varying_measure_per_line() {
        // A narrower first line (e.g. beside a drop cap).
        let items = paragraph(&[&[10.0], &[10.0], &[10.0], &[10.0], &[10.0], &[10.0]]);
        let m = |i: usize| if i == 0 { 10.0 } else { 36.0 };
        let b = check_optimal(&items, &m, &Params::default());
        assert_eq!(b.lines[0].end, 1);
        assert_eq!(b.lines.len(), 3);
    }

    #[test]
    fn emergency_pass_rescues_loose_lines() {
        // Words that cannot be spaced within tolerance: 10 + 3 + 10 in 40.
        let items = paragraph(&[&[10.0], &[10.0], &[10.0], &[10.0]]);
        let p = Params {
            emergency_stretch: 30.0,
            ..Params::default()
        };
        let b = check_optimal(&items, &|_| 32.0, &p);
        assert_eq!(b.pass, Pass::Emergency);
        assert!(b.lines[0].underfull);
        assert!(b.lines.iter().all(|l| !l.overfull));
    }

    #[test]
    fn overfull_fallback_for_a_too_wide_box() {
        let items = paragraph(&[&[10.0], &[100.0], &[10.0], &[10.0]]);
        let p = Params::default();
        let b = check_optimal(&items, &|_| 30.0, &p);
        assert_eq!(b.pass, Pass::Overfull);
        let over: Vec<bool> = b.lines.iter().map(|l| l.overfull).collect();
        assert_eq!(over.iter().filter(|o| **o).count(), 1);
        assert!((b.overflow - 70.0).abs() < 1e-9);
        let wide = b.lines.iter().find(|l| l.overfull).unwrap();
        assert_eq!(boxes(&items[wide.start..wide.end]).len(), 1);
        assert_eq!(wide.ratio, -1.0);
    }

    #[test]
    fn forced_breaks_inside_paragraph() {
        // "10 10" \\ (empty line) \\ "10": every forced line break carries
        // fill glue, and the empty line an empty box, as a caller would emit.
        let mut items = vec![Item::Box { width: 10.0 }, SPACE, Item::Box { width: 10.0 }];
        finish_paragraph(&mut items); // 3, 4
        items.push(Item::Box { width: 0.0 }); // 5
        finish_paragraph(&mut items); // 6, 7
        items.push(Item::Box { width: 10.0 }); // 8
        finish_paragraph(&mut items); // 9, 10
        let p = Params::default();
        let b = check_optimal(&items, &|_| 100.0, &p);
        assert_eq!(b.pass, Pass::First);
        assert_eq!(ends(&b), vec![4, 7, 10]);
        assert_eq!((b.lines[1].start, b.lines[1].end), (5, 7));
        // Without the empty box, the middle line has nothing at all: its
        // fill glue is discarded after the break, so it is underfull.
        items.remove(5);
        let b = break_paragraph(&items, &|_| 100.0, &p);
        check_invariants(&items, &|_| 100.0, &p, &b);
        assert_eq!(ends(&b), vec![4, 6, 9]);
        assert_eq!((b.lines[1].start, b.lines[1].end), (6, 6));
        assert!(b.lines[1].underfull);
    }

    #[test]
    fn forbidden_penalty_prevents_break() {
        let items = vec![
            Item::Box { width: 10.0 },
            Item::Penalty {
                width: 0.0,
                cost: INFINITY_PENALTY,
                flagged: false,
            },
            SPACE,
            Item::Box { width: 10.0 },
            SPACE,
            Item::Box { width: 10.0 },
        ];
        let b = break_paragraph(&items, &|_| 13.0, &Params::default());
        // The glue after the forbidden penalty is not preceded by a box.
        assert!(ends(&b).iter().all(|&e| e != 1 && e != 2));
        // Unterminated items end at items.len() and act as if filled.
        assert_eq!(b.lines.last().unwrap().end, items.len());
        assert_eq!(b.lines.last().unwrap().ratio, 0.0);
    }

    #[test]
    fn unterminated_paragraph_gets_implicit_end() {
        let items = vec![Item::Box { width: 10.0 }, SPACE, Item::Box { width: 10.0 }];
        let b = break_paragraph(&items, &|_| 100.0, &Params::default());
        assert_eq!(b.lines.len(), 1);
        assert_eq!((b.lines[0].start, b.lines[0].end), (0, 3));
        assert_eq!(b.lines[0].ratio, 0.0);
        assert!(!b.lines[0].underfull);
    }

    #[test]
    fn hostile_inputs_do_not_panic_or_hang() {
        let nasty = [
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            -5.0,
            0.0,
            f32::MAX,
            1e-30,
        ];
        for &x in &nasty {
            let items = vec![
                Item::Box { width: x },
                Item::Glue {
                    width: x,
                    stretch: x,
                    shrink: x,
                },
                Item::Box { width: 5.0 },
                Item::Penalty {
                    width: x,
                    cost: x,
                    flagged: true,
                },
                Item::Glue {
                    width: 1.0,
                    stretch: 1.0,
                    shrink: x,
                },
                Item::Box { width: -3.0 },
                Item::Glue {
                    width: 2.0,
                    stretch: 1.0,
                    shrink: 0.5,
                },
                Item::Box { width: 4.0 },
            ];
            for &m in &nasty {
                for params in [
                    Params::default(),
                    Params {
                        tolerance: x,
                        line_penalty: x,
                        emergency_stretch: x,
                        fitness_class_demerits: x,
                        pretolerance: Some(x),
                        ..Params::default()
                    },
                ] {
                    let b = break_paragraph(&items, &|_| m, &params);
                    assert!(!b.lines.is_empty());
                    let mut got = Vec::new();
                    for l in &b.lines {
                        assert!(!l.ratio.is_nan());
                        got.extend(
                            (l.start..l.end).filter(|&i| matches!(items[i], Item::Box { .. })),
                        );
                    }
                    assert_eq!(got, boxes(&items));
                }
            }
        }
        // Only glue and penalties.
        let items = vec![SPACE, SPACE, hyphen(), SPACE];
        let b = break_paragraph(&items, &|_| 10.0, &Params::default());
        assert!(!b.lines.is_empty());
    }

    #[test]
    fn huge_box_in_long_paragraph() {
        let mut words: Vec<Vec<f32>> = (0..300).map(|i| vec![5.0 + (i % 7) as f32]).collect();
        words[150] = vec![1000.0];
        let refs: Vec<&[f32]> = words.iter().map(|w| w.as_slice()).collect();
        let items = paragraph(&refs);
        let p = Params::default();
        let b = break_paragraph(&items, &|_| 120.0, &p);
        check_invariants(&items, &|_| 120.0, &p, &b);
        assert_eq!(b.pass, Pass::Overfull);
        assert_eq!(b.lines.iter().filter(|l| l.overfull).count(), 1);
        assert!((b.overflow - 880.0).abs() < 1e-6);
    }

    // ---- property tests ------------------------------------------------

    /// Integer-width paragraphs, small enough for brute force (at most 14
    /// optional breakpoints).
    fn small_paragraph() -> impl Strategy<Value = Vec<Item>> {
        let cost = prop_oneof![Just(50.0f32), Just(0.0), Just(500.0), Just(-60.0)];
        let word = prop::collection::vec((1u8..=12, cost), 1..=2);
        let space = (2u8..=4, 0u8..=3, 0u8..=2, 0u8..6);
        prop::collection::vec((word, space), 1..=6).prop_map(|words| {
            let mut items = Vec::new();
            for (i, (frags, (w, y, z, kind))) in words.iter().enumerate() {
                if i > 0 {
                    if *kind == 0 {
                        // A forced line break, as emitted for `\\`.
                        finish_paragraph(&mut items);
                    } else {
                        items.push(Item::Glue {
                            width: *w as f32,
                            stretch: *y as f32,
                            shrink: (*z).min(*w) as f32,
                        });
                    }
                }
                for (j, (f, cost)) in frags.iter().enumerate() {
                    if j > 0 {
                        items.push(Item::Penalty {
                            width: 1.0,
                            cost: *cost,
                            flagged: true,
                        });
                    }
                    items.push(Item::Box { width: *f as f32 });
                }
            }
            finish_paragraph(&mut items);
            items
        })
    }

    fn small_params() -> impl Strategy<Value = Params> {
        (
            prop::option::of(0.5f32..2.0),
            0.5f32..3.0,
            0usize..=3,
            prop_oneof![Just(0.0f32), 5.0f32..20.0],
            prop_oneof![Just(0.0f32), Just(10_000.0f32)],
        )
            .prop_map(|(pre, tol, maxh, es, adj)| Params {
                pretolerance: pre,
                tolerance: tol,
                max_consecutive_hyphens: maxh,
                emergency_stretch: es,
                fitness_class_demerits: adj,
                ..Params::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn matches_brute_force(
            items in small_paragraph(),
            params in small_params(),
            width in 8u8..=40,
            first in prop::option::of(5u8..=40),
        ) {
            let m = move |i: usize| {
                if i == 0 { first.unwrap_or(width) as f32 } else { width as f32 }
            };
            check_optimal(&items, &m, &params);
        }

        #[test]
        fn matches_brute_force_hyphen_heavy(
            words in prop::collection::vec(prop::collection::vec(1u8..=9, 1..=5), 1..=3),
            params in small_params(),
            widths in prop::collection::vec(6u8..=30, 1..=4),
        ) {
            let refs: Vec<Vec<f32>> =
                words.iter().map(|w| w.iter().map(|&x| x as f32).collect()).collect();
            let refs: Vec<&[f32]> = refs.iter().map(|w| w.as_slice()).collect();
            let items = paragraph(&refs);
            // A different measure for each of the first lines (letter block).
            let m = move |i: usize| widths[i.min(widths.len() - 1)] as f32;
            check_optimal(&items, &m, &params);
        }

        #[test]
        fn invariants_on_larger_paragraphs(
            words in prop::collection::vec(prop::collection::vec(1.0f32..15.0, 1..=4), 1..120),
            width in 20.0f32..150.0,
            params in small_params(),
        ) {
            let refs: Vec<&[f32]> = words.iter().map(|w| w.as_slice()).collect();
            let items = paragraph(&refs);
            let b = break_paragraph(&items, &|_| width, &params);
            check_invariants(&items, &|_| width, &params, &b);
        }

        #[test]
        fn arbitrary_items_never_panic(
            raw in prop::collection::vec(
                (0u8..3, any::<f32>(), any::<f32>(), any::<f32>(), any::<bool>()), 0..60),
            width in any::<f32>(),
        ) {
            let items: Vec<Item> = raw.iter().map(|&(k, a, b, c, f)| match k {
                0 => Item::Box { width: a },
                1 => Item::Glue { width: a, stretch: b, shrink: c },
                _ => Item::Penalty { width: a, cost: b, flagged: f },
            }).collect();
            let b = break_paragraph(&items, &|_| width, &no_pre());
            let mut got = Vec::new();
            for l in &b.lines {
                prop_assert!(l.start <= l.end && l.end <= items.len());
                prop_assert!(!l.ratio.is_nan());
                got.extend((l.start..l.end).filter(|&i| matches!(items[i], Item::Box { .. })));
            }
            prop_assert_eq!(got, boxes(&items));
        }
    }
}
