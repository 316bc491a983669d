//! Text decoding for plain-text manuscripts: UTF-8 (with or without BOM), UTF-16 with BOM,
//! and legacy Windows-1252 (what most archives and old editors wrote), via encoding_rs.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
}

/// Decodes bytes. UTF-8 is tried first; text that is not valid UTF-8 and has no BOM is read as
/// Windows-1252 (a superset of Latin-1 with curly quotes and dashes in 0x80–0x9F).
pub fn decode(bytes: &[u8]) -> (String, Encoding) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (s, _) = encoding_rs::UTF_8.decode_without_bom_handling(rest);
        return (s.into_owned(), Encoding::Utf8Bom);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        let (s, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(rest);
        return (s.into_owned(), Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let (s, _) = encoding_rs::UTF_16BE.decode_without_bom_handling(rest);
        return (s.into_owned(), Encoding::Utf16Be);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), Encoding::Utf8),
        Err(_) => {
            let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (s.into_owned(), Encoding::Windows1252)
        }
    }
}

/// Normalises what pasting leaves behind: CRLF/CR line ends, no-break and other odd spaces
/// (to plain spaces), zero-width characters and soft hyphens (removed), control characters.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2000}'..='\u{200A}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        assert_eq!(decode(b"caf\xc3\xa9").1, Encoding::Utf8);
        assert_eq!(
            decode(b"\xEF\xBB\xBFcaf\xc3\xa9"),
            ("café".into(), Encoding::Utf8Bom)
        );
        assert_eq!(
            decode(b"\xFF\xFEc\0a\0f\0\xe9\0"),
            ("café".into(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(b"\x93Caf\xe9\x94 \x97 ok"),
            ("“Café” — ok".into(), Encoding::Windows1252)
        );
    }

    #[test]
    fn normalizes_pasted_whitespace() {
        assert_eq!(
            normalize("a\r\nb\rc\u{a0}d\u{200b}e\u{feff}\tf"),
            "a\nb\nc de\tf"
        );
    }
}
