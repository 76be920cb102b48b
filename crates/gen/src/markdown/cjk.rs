//! Chinese text in Markdown: a line break between two CJK characters is no space (as a
//! reader of Chinese expects), and paragraphs joined for an excerpt get no space between
//! CJK characters either.

use comrak::nodes::AstNode;

/// Whether a character is Chinese/Japanese/Korean script or full-width punctuation.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F |
        0x31A0..=0x31BF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF |
        0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F | 0xAC00..=0xD7AF)
}

/// Removes the soft line breaks that stand between two CJK characters.
pub fn drop_breaks_between_cjk<'a>(soft_breaks: Vec<&'a AstNode<'a>>) {
    for sb in soft_breaks {
        let prev = sb
            .previous_sibling()
            .map(|n| super::text_of(n))
            .and_then(|t| t.chars().last());
        let next = sb
            .next_sibling()
            .map(|n| super::text_of(n))
            .and_then(|t| t.chars().next());
        if let (Some(p), Some(n)) = (prev, next) {
            if is_cjk(p) && is_cjk(n) {
                sb.detach();
            }
        }
    }
}

/// Appends a paragraph's text to `prose`, with a space between the two only when one
/// side is not CJK.
pub fn join_paragraph(prose: &mut String, paragraph: &str) {
    let cjk_join =
        prose.chars().last().is_some_and(is_cjk) && paragraph.chars().next().is_some_and(is_cjk);
    if !prose.is_empty() && !cjk_join {
        prose.push(' ');
    }
    prose.push_str(paragraph);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_join_without_a_space_between_chinese() {
        let mut s = String::new();
        join_paragraph(&mut s, "第一段。");
        join_paragraph(&mut s, "第二段");
        join_paragraph(&mut s, "and English");
        assert_eq!(s, "第一段。第二段 and English");
    }
}
