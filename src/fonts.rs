//! The bundled type family, compiled into the binary so inkbind works with no font installed.
//!
//! Charis SIL (SIL Open Font License 1.1, see `fonts/charis/OFL.txt`): a Bitstream Charter
//! descendant with a large x-height, sturdy serifs and open counters — it survives e-ink
//! screens and low-resolution rendering as well as it reads on paper, covers Latin, Greek and
//! Cyrillic, and has real small capitals (`smcp`).

pub const REGULAR: &[u8] = include_bytes!("../fonts/charis/CharisSIL-Regular.ttf");
pub const ITALIC: &[u8] = include_bytes!("../fonts/charis/CharisSIL-Italic.ttf");
pub const BOLD: &[u8] = include_bytes!("../fonts/charis/CharisSIL-Bold.ttf");
pub const BOLD_ITALIC: &[u8] = include_bytes!("../fonts/charis/CharisSIL-BoldItalic.ttf");
