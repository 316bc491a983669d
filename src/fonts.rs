//! The bundled type family, compiled into the binary so inkbind works with no font installed.
//!
//! Gentium Book Plus 6.101 (SIL International, SIL Open Font License 1.1: see
//! `fonts/gentium-book-plus/OFL.txt`). Why this family: Gentium's open, calligraphic forms
//! stay legible at small sizes and low resolutions, and the *Book* weight is a little darker
//! than Gentium Plus, which holds up on e-ink screens (grey, low contrast) as well as on
//! paper; it covers Latin, Greek and Cyrillic; and it has what book typesetting needs in all
//! four styles — kerning, standard ligatures and real small capitals (`smcp`). (Charis SIL,
//! our first choice for its large x-height, ships without kerning.)

pub const REGULAR: &[u8] = include_bytes!("../fonts/gentium-book-plus/GentiumBookPlus-Regular.ttf");
pub const ITALIC: &[u8] = include_bytes!("../fonts/gentium-book-plus/GentiumBookPlus-Italic.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/gentium-book-plus/GentiumBookPlus-Bold.ttf");
pub const BOLD_ITALIC: &[u8] =
    include_bytes!("../fonts/gentium-book-plus/GentiumBookPlus-BoldItalic.ttf");
