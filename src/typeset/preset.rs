//! Page presets: paper sizes for print and screen sizes for e-ink readers, each with its
//! margins and type size, plus custom sizes (`148x210mm`, `5.5x8.5in`).

use super::style::BookStyle;
use crate::error::{Code, Error, Result};

const MM: f32 = 72.0 / 25.4;
const IN: f32 = 72.0;

/// Everything the typesetter needs to know about the page.
#[derive(Clone, Debug, PartialEq)]
pub struct PageSetup {
    pub name: String,
    pub width: f32,
    pub height: f32,
    pub top: f32,
    pub bottom: f32,
    /// Inner (binding) and outer margins; equal on screens.
    pub inner: f32,
    pub outer: f32,
    /// Body type size and baseline-to-baseline distance, in points.
    pub size: f32,
    pub leading: f32,
    /// Print: facing pages (verso/recto running heads, mirrored margins, folio in the margin).
    /// Screens: every page alike, folio inside the text area, no running heads.
    pub facing: bool,
    /// The book's proportions on this page (gaps, sinks, title page, pagination limits).
    pub style: BookStyle,
}

impl PageSetup {
    pub fn text_width(&self) -> f32 {
        self.width - self.inner - self.outer
    }
    pub fn text_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// The preset names, for `--help` and error messages.
pub const NAMES: &[&str] = &[
    "a5",
    "a4",
    "letter",
    "trade",
    "6x9",
    "ereader-6",
    "ereader-7",
    "ereader-10",
];

#[allow(clippy::too_many_arguments)]
fn print(
    name: &str,
    w: f32,
    h: f32,
    top: f32,
    bottom: f32,
    inner: f32,
    outer: f32,
    size: f32,
    leading: f32,
) -> PageSetup {
    PageSetup {
        name: name.into(),
        width: w,
        height: h,
        top,
        bottom,
        inner,
        outer,
        size,
        leading,
        facing: true,
        style: BookStyle::BOOK,
    }
}

fn screen(name: &str, w_mm: f32, h_mm: f32, margin_mm: f32, size: f32) -> PageSetup {
    let m = margin_mm * MM;
    PageSetup {
        name: name.into(),
        width: w_mm * MM,
        height: h_mm * MM,
        top: m,
        bottom: m,
        inner: m,
        outer: m,
        size,
        leading: (size * 1.3).round_ties_even_half(),
        facing: false,
        style: BookStyle::SCREEN,
    }
}

trait Half {
    fn round_ties_even_half(self) -> f32;
}
impl Half for f32 {
    /// Rounds to the nearest half point.
    fn round_ties_even_half(self) -> f32 {
        (self * 2.0).round() / 2.0
    }
}

/// Looks a preset up by name, or parses a custom size `WxH[mm|in|pt]` (A5 margins and type,
/// scaled to the width).
pub fn lookup(name: &str) -> Result<PageSetup> {
    let n = name.trim().to_ascii_lowercase();
    let p = match n.as_str() {
        // A novel's A5: 10.5/14 pt on a 26-pica measure, generous foot.
        // Side margins are equal: a home or print-on-demand book is trimmed and bound with
        // enough gutter in the trim, and an equal text block reads best on a screen too.
        "a5" => print(
            "a5",
            148.0 * MM,
            210.0 * MM,
            17.0 * MM,
            21.0 * MM,
            16.5 * MM,
            16.5 * MM,
            10.5,
            14.0,
        ),
        "a4" => print(
            "a4",
            210.0 * MM,
            297.0 * MM,
            25.0 * MM,
            30.0 * MM,
            30.0 * MM,
            30.0 * MM,
            12.0,
            16.0,
        ),
        "letter" => print(
            "letter",
            8.5 * IN,
            11.0 * IN,
            1.0 * IN,
            1.2 * IN,
            1.2 * IN,
            1.2 * IN,
            12.0,
            16.0,
        ),
        "trade" => print(
            "trade",
            5.5 * IN,
            8.5 * IN,
            0.7 * IN,
            0.85 * IN,
            0.68 * IN,
            0.68 * IN,
            10.5,
            14.0,
        ),
        "6x9" => print(
            "6x9",
            6.0 * IN,
            9.0 * IN,
            0.75 * IN,
            0.9 * IN,
            0.75 * IN,
            0.75 * IN,
            11.0,
            14.5,
        ),
        // E-ink screens shown at their real size: a slightly larger body, minimal margins.
        "ereader-6" => screen("ereader-6", 90.0, 122.0, 4.5, 11.0),
        "ereader-7" => screen("ereader-7", 107.0, 143.0, 5.5, 11.5),
        "ereader-10" => screen("ereader-10", 157.0, 210.0, 9.0, 12.5),
        _ => custom(&n)?,
    };
    validate(&p)?;
    Ok(p)
}

fn custom(n: &str) -> Result<PageSetup> {
    let bad = || {
        Error::plain(format!(
            "unknown page `{n}`: use one of {} or a size like 148x210mm, 5.5x8.5in",
            NAMES.join(", ")
        ))
        .code(Code::BadOption)
    };
    let (unit, body) = if let Some(b) = n.strip_suffix("mm") {
        (MM, b)
    } else if let Some(b) = n.strip_suffix("in") {
        (IN, b)
    } else if let Some(b) = n.strip_suffix("pt") {
        (1.0, b)
    } else {
        return Err(bad());
    };
    let (w, h) = body.split_once('x').ok_or_else(bad)?;
    let w: f32 = w.trim().parse().map_err(|_| bad())?;
    let h: f32 = h.trim().parse().map_err(|_| bad())?;
    if !(w.is_finite() && h.is_finite()) {
        return Err(bad());
    }
    let (w, h) = (w * unit, h * unit);
    // Scale A5's proportions to the width.
    let k = w / (148.0 * MM);
    let size = (10.5 * k.sqrt()).clamp(8.0, 14.0);
    Ok(PageSetup {
        name: n.to_string(),
        width: w,
        height: h,
        top: 17.0 * MM * k,
        bottom: 21.0 * MM * k,
        inner: 18.0 * MM * k,
        outer: 15.0 * MM * k,
        size,
        leading: (size * 1.33).round_ties_even_half(),
        facing: true,
        style: BookStyle::BOOK,
    })
}

/// Rejects pages no book could be set on.
pub fn validate(p: &PageSetup) -> Result<()> {
    let mm = |x: f32| x / MM;
    let fail =
        |why: String| Err(Error::plain(format!("page `{}`: {why}", p.name)).code(Code::BadOption));
    if !(50.0..=1200.0).contains(&mm(p.width)) || !(50.0..=1200.0).contains(&mm(p.height)) {
        return fail(format!(
            "{:.0}×{:.0} mm is not a page size (50–1200 mm each way)",
            mm(p.width),
            mm(p.height)
        ));
    }
    for (what, m) in [
        ("top", p.top),
        ("bottom", p.bottom),
        ("inner", p.inner),
        ("outer", p.outer),
    ] {
        if !m.is_finite() || m < 0.0 {
            return fail(format!("the {what} margin must be zero or more"));
        }
    }
    // At least ~25 characters a line and 10 lines a page.
    if p.text_width() < p.size * 12.0 {
        return fail(format!(
            "margins leave a {:.0} mm measure: too narrow to set {}-pt text",
            mm(p.text_width()),
            p.size
        ));
    }
    if p.text_height() < p.leading * 10.0 {
        return fail(format!(
            "margins leave {:.0} mm of text height: fewer than ten lines",
            mm(p.text_height())
        ));
    }
    if !(5.0..=30.0).contains(&p.size) {
        return fail(format!("{} pt is not a body type size (5–30 pt)", p.size));
    }
    Ok(())
}

/// Applies a uniform margin override (`--margin 12mm`).
pub fn with_margin(mut p: PageSetup, margin: &str) -> Result<PageSetup> {
    let t = margin.trim().to_ascii_lowercase();
    let (unit, body) = if let Some(b) = t.strip_suffix("mm") {
        (MM, b)
    } else if let Some(b) = t.strip_suffix("in") {
        (IN, b)
    } else if let Some(b) = t.strip_suffix("pt") {
        (1.0, b)
    } else {
        (MM, t.as_str())
    };
    let v: f32 = body.trim().parse().map_err(|_| {
        Error::plain(format!("--margin `{margin}`: expected a length like 15mm"))
            .code(Code::BadOption)
    })?;
    let m = v * unit;
    p.top = m;
    p.bottom = m;
    p.inner = m;
    p.outer = m;
    validate(&p)?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid_and_sized() {
        for n in NAMES {
            let p = lookup(n).unwrap();
            assert!(p.text_width() > 100.0, "{n}");
        }
        let a5 = lookup("a5").unwrap();
        assert!((a5.width - 419.53).abs() < 0.1);
        let e6 = lookup("ereader-6").unwrap();
        assert!(!e6.facing && e6.size > a5.size);
        assert_eq!(lookup("148x210mm").unwrap().width, a5.width);
    }

    #[test]
    fn absurd_pages_are_refused() {
        for bad in [
            "10x10mm",
            "2000x3000mm",
            "0x0in",
            "axbmm",
            "huge",
            "NaNxNaNmm",
        ] {
            assert!(lookup(bad).is_err(), "{bad}");
        }
        let a5 = lookup("a5").unwrap();
        assert!(with_margin(a5.clone(), "70mm").is_err());
        assert!(with_margin(a5.clone(), "-3mm").is_err());
        assert!(with_margin(a5, "12mm").is_ok());
    }
}
