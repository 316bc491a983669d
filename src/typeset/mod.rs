//! The typesetter: story → neutral pages of positioned glyphs, rules and shapes. It knows
//! nothing of PDF; `crate::pdf` writes its pages.

pub mod font;
pub mod page;
