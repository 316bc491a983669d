//! The typesetter's proportions in one place.
//!
//! Every size, gap and ratio the layout stages use is a named field of [`BookStyle`]: a
//! multiple of the body size (em), of the leading, or a share of the measure or of the text
//! block. Each page preset carries a value of it (`PageSetup::style`); page geometry and the
//! body size and leading themselves live in [`super::preset::PageSetup`].

/// The book's proportions. See [`BookStyle::BOOK`] for the values and what each means.
#[derive(Clone, Debug, PartialEq)]
pub struct BookStyle {
    // ── Body ────────────────────────────────────────────────────────────────────────────
    /// Inset of letters and quotations on each side, in em…
    pub inset_em: f32,
    /// …but never more than this share of the measure, so a narrow e-reader page keeps a
    /// full line inside a letter (the EPUB caps its inset the same way).
    pub inset_max_share: f32,
    /// Words set in small capitals after a chapter opening or a scene break.
    pub lead_in_words: usize,
    /// Space around scene breaks, letters, quotations and sub-headings, in leadings.
    pub block_gap: f32,
    /// Space between a letter's parts (dateline, salutation, valediction, P.S.), in leadings.
    pub letter_part_gap: f32,
    /// The scene-break ornament's height, in em of the body.
    pub ornament_em: f32,
    /// A sub-heading inside a chapter: its size in em, and the space above it in leadings.
    pub heading_scale: f32,
    pub before_heading: f32,
    /// An author's note inside a chapter: size and leading as shares of the body's, and
    /// its inset on each side in em.
    pub inline_note_scale: f32,
    pub inline_note_inset_em: f32,
    /// A figure's largest height, as a share of the text block, and its finest resolution
    /// (it is never enlarged past this many pixels an inch).
    pub figure_max_height: f32,
    pub figure_max_ppi: f32,

    // ── Chapter openings ────────────────────────────────────────────────────────────────
    /// How far a chapter opening is sunk, as a share of the text block's height.
    pub chapter_sink: f32,
    /// The sink of a chapter without a heading (a one-chapter story) and of the pages of
    /// summary and of author's notes, as a share of the text block's height.
    pub plain_sink: f32,
    /// The small-capitals label over a chapter's name ("Chapter One"): size in em, line
    /// height in leadings.
    pub chapter_label_scale: f32,
    pub chapter_label_leading: f32,
    /// A chapter title's size in em of the body, and its line height in em of itself.
    pub chapter_title_scale: f32,
    pub chapter_title_line: f32,
    /// Space under a chapter title, in leadings.
    pub after_chapter_title: f32,

    // ── Title page and its verso ────────────────────────────────────────────────────────
    /// How far the title is sunk, as a share of the text block's height.
    pub title_sink: f32,
    /// The title's size in em, and its line height in em of itself.
    pub title_scale: f32,
    pub title_line: f32,
    /// The subtitle: space above in leadings, size in em, line height in leadings.
    pub subtitle_gap: f32,
    pub subtitle_scale: f32,
    pub subtitle_leading: f32,
    /// The author line: space above in leadings, size in em, line height in leadings.
    pub author_gap: f32,
    pub author_scale: f32,
    pub author_leading: f32,
    /// The fan-work rows (fandom, rating, words…): space above in leadings, size in em,
    /// line height in leadings.
    pub work_rows_gap: f32,
    pub work_rows_scale: f32,
    pub work_rows_leading: f32,
    /// The summary on the verso: size and leading as shares of the body's, and the space
    /// after each of its paragraphs in leadings.
    pub summary_scale: f32,
    pub summary_gap: f32,
    /// The rights line: space above in leadings, size in em, line height in leadings.
    pub rights_gap: f32,
    pub rights_scale: f32,
    pub rights_leading: f32,

    // ── Pages of author's notes ─────────────────────────────────────────────────────────
    /// Size and leading of the notes as shares of the body's.
    pub note_scale: f32,
    /// The "Author's Note" title: size in em, line height in leadings, space under it in
    /// leadings.
    pub note_title_scale: f32,
    pub note_title_leading: f32,
    pub after_note_title: f32,
    /// Space after each note paragraph, in the notes' leadings.
    pub note_para_gap: f32,

    // ── Pagination ──────────────────────────────────────────────────────────────────────
    /// A full page whose last line would end short of the foot by at most this many
    /// leadings is justified to the foot: the gaps around breaks, letters and headings open
    /// first, then the lines. Pagination chooses its breaks so that no page needs more.
    pub max_fill_leadings: f32,
    /// How much each vertical gap may grow, as a multiple of itself, before lines do.
    pub gap_growth: f32,
    /// How much each vertical gap may shrink, as a share of itself, so that a page can
    /// hold a block that would otherwise leave it short.
    pub gap_shrink: f32,
    /// Lines kept together at the foot (orphans) and head (widows) of a page.
    pub min_lines_at_break: usize,
    /// A paragraph on a page that would end short may be set a line longer, its word spaces
    /// opened to at most this many times their natural width.
    pub loosen_max_space: f32,

    // ── Page furniture ──────────────────────────────────────────────────────────────────
    /// Where a line's baseline sits in its line box, as a share of the box's height.
    pub baseline_share: f32,
    /// Running heads and folios: size in em.
    pub furniture_scale: f32,
    /// A print page's running head: its baseline this many leadings above the text block.
    pub head_raise: f32,
    /// A print page's folio: its baseline this many leadings below the text block.
    pub folio_drop: f32,
    /// A screen page keeps its folio inside the page: the text block gives up this many
    /// leadings, and the folio's baseline sits this many leadings above the bottom margin.
    pub screen_folio_room: f32,
    pub screen_folio_raise: f32,
}

impl BookStyle {
    /// A book: the proportions of the print presets.
    pub const BOOK: BookStyle = BookStyle {
        inset_em: 1.5,
        inset_max_share: 0.06,
        lead_in_words: crate::typography::LEAD_IN_WORDS,
        block_gap: 0.5,
        letter_part_gap: 0.25,
        ornament_em: 0.8,
        heading_scale: 1.1,
        before_heading: 1.0,
        inline_note_scale: 0.9,
        inline_note_inset_em: 1.0,
        figure_max_height: 0.5,
        figure_max_ppi: 150.0,

        chapter_sink: 0.18,
        plain_sink: 0.12,
        chapter_label_scale: 1.05,
        chapter_label_leading: 1.4,
        chapter_title_scale: 1.5,
        chapter_title_line: 1.25,
        after_chapter_title: 2.0,

        title_sink: 0.22,
        title_scale: 2.1,
        title_line: 1.2,
        subtitle_gap: 0.5,
        subtitle_scale: 1.2,
        subtitle_leading: 1.3,
        author_gap: 1.5,
        author_scale: 1.25,
        author_leading: 1.4,
        work_rows_gap: 3.0,
        work_rows_scale: 0.85,
        work_rows_leading: 0.9,
        summary_scale: 0.95,
        summary_gap: 0.5,
        rights_gap: 2.0,
        rights_scale: 0.8,
        rights_leading: 0.85,

        note_scale: 0.92,
        note_title_scale: 1.1,
        note_title_leading: 1.3,
        after_note_title: 1.0,
        note_para_gap: 0.4,

        max_fill_leadings: 3.0,
        gap_growth: 1.0,
        gap_shrink: 0.34,
        min_lines_at_break: 2,
        loosen_max_space: 1.6,

        baseline_share: 0.78,
        furniture_scale: 0.85,
        head_raise: 1.6,
        folio_drop: 1.8,
        screen_folio_room: 1.5,
        screen_folio_raise: 0.3,
    };

    /// An e-ink screen: the book's proportions, with openings sunk less (a 6" screen holds
    /// about twenty lines; a fifth of it left blank above every chapter is a page of white
    /// in a short story) and a title page that holds the fan-work rows of a tagged story.
    pub const SCREEN: BookStyle = BookStyle {
        chapter_sink: 0.12,
        plain_sink: 0.08,
        title_sink: 0.06,
        work_rows_gap: 1.5,
        work_rows_leading: 0.8,
        ..BookStyle::BOOK
    };

    /// The inset of a letter or quotation for a body size and measure.
    pub fn inset(&self, size: f32, measure: f32) -> f32 {
        (self.inset_em * size).min(self.inset_max_share * measure)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inset_is_em_based_with_a_cap_on_narrow_measures() {
        let s = BookStyle::BOOK;
        assert_eq!(s.inset(10.0, 400.0), 15.0, "1.5 em on a wide measure");
        assert!(
            (s.inset(11.0, 229.0) - 0.06 * 229.0).abs() < 1e-4,
            "capped at 6%"
        );
    }
}
