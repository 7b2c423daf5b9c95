//! Text shown to a person, made safe to print: the one escaping every human-facing output
//! applies to what came from the user (values, keys, file names, messages, help, the
//! source line under a diagnostic).
//!
//! A terminal or a CI log acts on some characters instead of showing them: ESC starts a
//! control sequence (colours, clearing the screen), a line break starts a new line the
//! GitHub Actions runner may read as a workflow command, bidirectional controls reorder
//! what is shown (Trojan Source). Each such character is replaced by one visible character
//! (its Control Pictures symbol, `␛` for ESC, or `�`), so that columns and carets under a
//! source line stay aligned.

use std::borrow::Cow;

/// The character shown for `c`, when `c` is one a terminal or log would act on.
fn picture(c: char) -> Option<char> {
    match c {
        '\t' => None,
        // C0 controls: their Control Pictures (U+2400 + code).
        '\0'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7f}' => Some('\u{2421}'),
        // C1 controls, line and paragraph separators, bidirectional embeddings, overrides
        // and isolates.
        '\u{80}'..='\u{9f}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

/// `text` with every character a terminal or log would act on replaced by a visible one,
/// one character for one; borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| picture(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| picture(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_terminal_acts_on_is_shown_not_done() {
        assert!(matches!(
            visible("plain text, é, 😀\tand a tab"),
            Cow::Borrowed(_)
        ));
        assert_eq!(visible("a\nb"), "a\u{240a}b");
        assert_eq!(visible("\u{1b}[2J"), "\u{241b}[2J");
        assert_eq!(
            visible("x\u{7f}\u{85}\u{2028}\u{202e}\u{2067}"),
            "x\u{2421}\u{fffd}\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(
            visible("::error file=a::forged\n"),
            "::error file=a::forged\u{240a}"
        );
        // One character for one: columns stay aligned.
        let s = "a\u{1b}b\u{202e}c";
        assert_eq!(visible(s).chars().count(), s.chars().count());
    }
}
