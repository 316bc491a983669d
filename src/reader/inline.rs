//! Inline markup of plain text: `*emphasis*`, `_emphasis_`, `**strong**`, `__strong__`,
//! with smart punctuation applied to the text runs in reading order.

use crate::model::Inline;
use crate::typography::Smartener;

fn is_delim(c: char) -> bool {
    c == '*' || c == '_'
}

fn run_len(chars: &[char], i: usize) -> usize {
    let c = chars[i];
    chars[i..].iter().take_while(|&&x| x == c).count()
}

fn can_open(chars: &[char], i: usize, n: usize) -> bool {
    let before = if i == 0 { None } else { Some(chars[i - 1]) };
    let after = chars.get(i + n).copied();
    after.is_some_and(|a| !a.is_whitespace()) && before.is_none_or(|b| !b.is_alphanumeric())
}

fn can_close(chars: &[char], i: usize, n: usize) -> bool {
    let before = if i == 0 { None } else { Some(chars[i - 1]) };
    let after = chars.get(i + n).copied();
    before.is_some_and(|b| !b.is_whitespace()) && after.is_none_or(|a| !a.is_alphanumeric())
}

/// Parses one paragraph's text.
pub fn parse(text: &str, smart: &mut Smartener) -> Vec<Inline> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    parse_range(&chars, 0, chars.len(), smart, &mut out);
    out
}

fn push_text(out: &mut Vec<Inline>, s: &str, smart: &mut Smartener) {
    if s.is_empty() {
        return;
    }
    let t = smart.convert(s);
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(&t);
    } else {
        out.push(Inline::Text(t));
    }
}

fn parse_range(
    chars: &[char],
    start: usize,
    end: usize,
    smart: &mut Smartener,
    out: &mut Vec<Inline>,
) {
    let mut buf = String::new();
    let mut i = start;
    while i < end {
        let c = chars[i];
        if is_delim(c) {
            let n = run_len(chars, i).min(end - i);
            if (n == 1 || n == 2) && can_open(chars, i, n) {
                // Find the matching closer of the same run length.
                let mut j = i + n;
                let mut found = None;
                while j < end {
                    if chars[j] == c {
                        let m = run_len(chars, j).min(end - j);
                        if m == n && can_close(chars, j, n) && j > i + n {
                            found = Some(j);
                            break;
                        }
                        j += m;
                    } else {
                        j += 1;
                    }
                }
                if let Some(j) = found {
                    push_text(out, &std::mem::take(&mut buf), smart);
                    let mut inner = Vec::new();
                    parse_range(chars, i + n, j, smart, &mut inner);
                    out.push(if n == 1 {
                        Inline::Emphasis(inner)
                    } else {
                        Inline::Strong(inner)
                    });
                    i = j + n;
                    continue;
                }
            }
            for _ in 0..n {
                buf.push(c);
            }
            i += n;
            continue;
        }
        buf.push(c);
        i += 1;
    }
    push_text(out, &buf, smart);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn p(s: &str) -> Vec<Inline> {
        parse(s, &mut Smartener::new("en"))
    }

    #[test]
    fn emphasis_forms() {
        assert_eq!(
            p("a *b* c"),
            vec![
                Inline::Text("a ".into()),
                Inline::Emphasis(vec![Inline::Text("b".into())]),
                Inline::Text(" c".into())
            ]
        );
        assert!(matches!(p("_was_ the")[0], Inline::Emphasis(_)));
        assert!(matches!(p("**loud** x")[0], Inline::Strong(_)));
        // Not emphasis: snake_case, lone stars, 2 * 3 * 4.
        assert_eq!(plain_text(&p("snake_case_name")), "snake_case_name");
        assert_eq!(p("2 * 3 * 4").len(), 1);
        assert_eq!(plain_text(&p("a * b")), "a * b");
    }

    #[test]
    fn smart_quotes_around_emphasis() {
        assert_eq!(plain_text(&p("\"*Really*,\" he said")), "“Really,” he said");
    }
}
