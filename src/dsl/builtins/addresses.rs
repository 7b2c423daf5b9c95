//! Web addresses and phone numbers written in a text: what `linked_host`, `deceptive_link`
//! and `phone_number_in` find in a message body.
//!
//! A **host name** is labels of letters, digits and hyphens joined by dots, the last of two
//! or more letters or an `xn--` label. A **web address** is a host name written with
//! `http://` or `https://` before it, or starting with `www.`, or with a `/` after it. A
//! bare name (`acme.com`, `bit.ly`) is not one: in running text it is as often a name as a
//! link, and a missing space after a full stop (`STOP.Thanks`) looks the same. A name after
//! `@` is an email address, not a web address.
//!
//! A **phone number** is `+` and a valid E.164 number, or ten digits (eleven with a leading
//! `1`) that form a valid NANP number, grouped as people write them: `(415) 555-0100`,
//! `415.555.0100`, `1-800-555-0199`, `4155550100`. Digits joined to letters or to more
//! digits are not one.
//!
//! Every scan is linear in the text. It tests 32 bytes at a time for what could start a
//! find (a dot before a letter, a `w.`, a digit), in a form the compiler vectorises, and
//! reads only the windows that have one. A host name's characters are read at most twice
//! (one walk covers the whole name, and the dots inside it are skipped), and a phone
//! number's at most twice.

use crate::doc::value::Val;

/// A web address found in a text: the byte range of its host name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Host {
    start: usize,
    end: usize,
}

/// Whether `c` may be part of a host name: an ASCII letter, digit or hyphen, or a letter or
/// digit of another script (an internationalised name as written).
fn host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && c.is_alphanumeric())
}

/// The character that ends just before `at`, if any.
fn char_before(text: &str, at: usize) -> Option<char> {
    text.get(..at).and_then(|s| s.chars().next_back())
}

/// Whether a label starts with `xn--`, the prefix of punycode (an A-label).
fn ace(label: &[u8]) -> bool {
    label.len() > 4
        && label
            .get(..4)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
}

/// Whether the top-level label of a host is one: two letters or more, or an `xn--` label.
fn top_level(label: &[u8]) -> bool {
    if ace(label) {
        return true;
    }
    if label.is_ascii() {
        return label.len() >= 2 && label.iter().all(u8::is_ascii_alphabetic);
    }
    match std::str::from_utf8(label) {
        Ok(label) => label.chars().nth(1).is_some() && label.chars().all(char::is_alphabetic),
        Err(_) => false,
    }
}

/// Whether `host` is a host name: labels that are not empty and neither start nor end
/// with a hyphen, two or more of them, the last a top-level label.
fn well_formed(host: &str) -> bool {
    let mut labels = 0;
    let mut last: &[u8] = &[];
    for label in host.as_bytes().split(|&b| b == b'.') {
        match (label.first(), label.last()) {
            (Some(b'-'), _) | (_, Some(b'-')) | (None, _) => return false,
            _ => {}
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && top_level(last)
}

/// The bytes the block tests below look at at once; the compiler turns each test of a
/// block into a few vector instructions.
const BLOCK: usize = 32;

/// The first window of bytes, from `from` on, that has a byte for which `wanted(byte,
/// next byte)` holds (past the end of the text, the next byte is a space): its range.
/// `None` when no byte from `from` on is wanted. A window is [`BLOCK`] bytes, or at the end
/// of a text the last `BLOCK + 1` bytes, which may start before `from` (bytes the caller
/// has read already, which it skips). `wanted` should be branch-free, so that the compiler
/// turns the test of a window into a few vector instructions; the caller finds the wanted
/// bytes in the window.
#[inline(always)]
fn next_window(
    bytes: &[u8],
    mut from: usize,
    wanted: impl Fn(u8, u8) -> bool,
) -> Option<std::ops::Range<usize>> {
    let any = |window: &[u8; BLOCK + 1]| {
        let (Some(these), Some(next)) =
            (window.first_chunk::<BLOCK>(), window.last_chunk::<BLOCK>())
        else {
            return true;
        };
        these
            .iter()
            .zip(next)
            .fold(false, |seen, (&b, &n)| seen | wanted(b, n))
    };
    while from < bytes.len() {
        if let Some(window) = bytes
            .get(from..)
            .and_then(<[u8]>::first_chunk::<{ BLOCK + 1 }>)
        {
            if any(window) {
                return Some(from..from + BLOCK);
            }
            from += BLOCK;
            continue;
        }
        // The last bytes: as the whole window that ends the text, or, in a text shorter
        // than one, padded with spaces.
        let last = bytes.last().is_some_and(|&b| wanted(b, b' '));
        let found = match bytes.last_chunk::<{ BLOCK + 1 }>() {
            Some(window) => last || any(window),
            None => {
                let mut padded = [b' '; BLOCK + 1];
                if let Some(head) = padded.get_mut(..bytes.len()) {
                    head.copy_from_slice(bytes);
                }
                any(&padded)
            }
        };
        let start = bytes.len().saturating_sub(BLOCK + 1).max(from);
        return found.then_some(start..bytes.len());
    }
    None
}

/// Whether every byte is ASCII: the blocks joined by `|` byte by byte, two vector
/// instructions a block, and the high bit looked for once at the end.
fn ascii(bytes: &[u8]) -> bool {
    // A short text is read faster a word at a time.
    if bytes.len() < 4 * BLOCK {
        return bytes.is_ascii();
    }
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut all = [0u8; BLOCK];
    for block in blocks.by_ref() {
        for (a, b) in all.iter_mut().zip(block) {
            *a |= b;
        }
    }
    for (a, b) in all.iter_mut().zip(blocks.remainder()) {
        *a |= b;
    }
    all.iter().fold(0, |high, &b| high | b) < 0x80
}

/// Whether a byte may continue a host name after a dot: an ASCII letter, digit or hyphen,
/// or the first byte of another character (checked when the block is read).
#[inline(always)]
fn joins(b: u8) -> bool {
    ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'-') | (b >= 0x80)
}

/// The ASCII bytes of a host name as written: letters, digits, `-` and `.`, one entry
/// per byte (a byte past ASCII is `false`: its character is decoded instead). Built at
/// compile time, where an index out of bounds is a compile error, not a panic.
#[allow(clippy::indexing_slicing)]
static HOST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'.';
        b += 1;
    }
    table
};

/// The host name whose dot is at `dot`, if it is one and (unless `bare`) a web address,
/// and where the characters it covers end.
fn host_at(text: &str, dot: usize, bare: bool) -> (Option<Host>, usize) {
    let bytes = text.as_bytes();
    // ASCII bytes are judged by a table; another character is decoded.
    let ascii_host = |b: u8| HOST_BYTES.get(usize::from(b)).copied().unwrap_or(false);
    let joined = |c: char| host_char(c) || c == '.';
    // A full stop ends a sentence far more often than it joins two labels: the character
    // after it decides.
    match text.get(dot + 1..).and_then(|s| s.chars().next()) {
        Some(c) if host_char(c) => {}
        _ => return (None, dot + 1),
    }
    let mut start = dot;
    while let Some(&b) = start.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b < 0x80 {
            if !ascii_host(b) {
                break;
            }
            start -= 1;
        } else {
            match char_before(text, start).filter(|&c| joined(c)) {
                Some(c) => start -= c.len_utf8(),
                None => break,
            }
        }
    }
    let mut end = dot + 1;
    while let Some(&b) = bytes.get(end) {
        if b < 0x80 {
            if !ascii_host(b) {
                break;
            }
            end += 1;
        } else {
            match text
                .get(end..)
                .and_then(|s| s.chars().next())
                .filter(|&c| joined(c))
            {
                Some(c) => end += c.len_utf8(),
                None => break,
            }
        }
    }
    let covered = end;
    // A full stop that ends the sentence after the name is not part of it.
    while end > start && bytes.get(end - 1) == Some(&b'.') {
        end -= 1;
    }
    while start < end && bytes.get(start) == Some(&b'.') {
        start += 1;
    }
    let Some(host) = text.get(start..end) else {
        return (None, covered);
    };
    if !well_formed(host) || start.checked_sub(1).and_then(|i| bytes.get(i)) == Some(&b'@') {
        return (None, covered);
    }
    let scheme = || {
        let before = bytes.get(..start).unwrap_or_default();
        [&b"http://"[..], b"https://"].iter().any(|s| {
            before
                .len()
                .checked_sub(s.len())
                .and_then(|at| before.get(at..))
                .is_some_and(|b| b.eq_ignore_ascii_case(s))
        })
    };
    let www = || without_www(host).len() < host.len();
    let path = || bytes.get(end) == Some(&b'/');
    let found = bare || path() || www() || scheme();
    (found.then_some(Host { start, end }), covered)
}

/// Calls `each` with the web addresses in `text`, in order (with `bare`, every host name),
/// until it returns true; whether it did.
fn host_names(text: &str, bare: bool, mut each: impl FnMut(Host) -> bool) -> bool {
    let bytes = text.as_bytes();
    // A web address has a `/` (of its scheme or after its name) or starts with `www.`: in
    // a text without a `/`, only the dots after a `www` can start one.
    if !bare && memchr::memchr(b'/', bytes).is_none() {
        let mut from = 0;
        while let Some(window) = next_window(bytes, from, |b, after| {
            ((b | 0x20) == b'w') & (after == b'.')
        }) {
            let mut at = window.start.max(from);
            while let Some(dot) = bytes
                .get(at..(window.end + 1).min(bytes.len()))
                .and_then(|w| w.windows(2).position(|p| matches!(p, [b'w' | b'W', b'.'])))
                .map(|i| at + i + 1)
            {
                let www = dot
                    .checked_sub(3)
                    .and_then(|at| bytes.get(at..dot))
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"www"));
                at = dot + 1;
                if www {
                    let (host, covered) = host_at(text, dot, false);
                    if host.is_some_and(&mut each) {
                        return true;
                    }
                    at = covered;
                }
            }
            from = at.max(window.end);
        }
        return false;
    }
    let mut from = 0;
    while let Some(window) = next_window(bytes, from, |b, after| (b == b'.') & joins(after)) {
        let mut at = window.start.max(from);
        while let Some(dot) = bytes
            .get(at..window.end)
            .and_then(|w| memchr::memchr(b'.', w))
            .map(|i| at + i)
        {
            let (host, covered) = host_at(text, dot, bare);
            if host.is_some_and(&mut each) {
                return true;
            }
            at = covered;
        }
        from = at.max(window.end);
    }
    false
}

/// The host without a leading `www.`.
fn without_www(host: &str) -> &str {
    match host.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("www.") => host.get(4..).unwrap_or(host),
        _ => host,
    }
}

/// `linked_host(text, hosts)`: the first of `hosts` a web address in `text` links to,
/// compared ignoring ASCII case and a leading `www.`; empty when none does.
pub(crate) fn linked_host<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let (Some(text), Some(Val::List(hosts))) = (args.first().and_then(Val::as_str), args.get(1))
    else {
        return Ok(Val::Str(""));
    };
    let mut linked = Val::Str("");
    host_names(text, false, |found| {
        let host = text.get(found.start..found.end).map_or("", without_www);
        match hosts.position_ignoring_ascii_case(host) {
            Some(i) => {
                linked = hosts.get(i);
                true
            }
            None => false,
        }
    });
    Ok(linked)
}

/// The scripts whose letters are confused with one another in host names (Unicode
/// Technical Standard #39, mixed-script detection), as bits; 0 for a character of none
/// of them (digits, hyphens, other scripts).
fn script(c: char) -> u8 {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => 1,
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' => 2,
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => 4,
        '\u{0531}'..='\u{058F}' => 8,
        '\u{FF01}'..='\u{FF5E}' => 16,
        _ => 0,
    }
}

/// The names of the scripts of [`script`], bit by bit.
const SCRIPTS: [&str; 5] = ["Latin", "Cyrillic", "Greek", "Armenian", "full-width"];

/// What lets a host name pass for another: `Some(0)` for a label in punycode (`xn--`,
/// which a browser shows as other letters), else the bits ([`script`]) of the scripts
/// whose letters it mixes, when there are two or more of Latin, Cyrillic, Greek, Armenian
/// and the full-width forms (`pаypal.com` with a Cyrillic `а`, or a Cyrillic name under
/// `.com`); `None` when nothing does.
fn mixing(host: &str) -> Option<u8> {
    if host.as_bytes().split(|&b| b == b'.').any(ace) {
        return Some(0);
    }
    if host.is_ascii() {
        return None;
    }
    let scripts = host.chars().fold(0u8, |seen, c| seen | script(c));
    (scripts.count_ones() > 1).then_some(scripts)
}

/// Whether a host name may pass for another (see [`mixing`]).
fn deceptive(host: &str) -> bool {
    mixing(host).is_some()
}

/// Why a host name may pass for another: `punycode`, or the scripts whose letters it
/// mixes (`Latin and Cyrillic`); `None` for a name that may not.
fn deception(host: &str) -> Option<String> {
    let scripts = mixing(host)?;
    if scripts == 0 {
        return Some("punycode".to_owned());
    }
    let names: Vec<&str> = SCRIPTS
        .iter()
        .enumerate()
        .filter(|(bit, _)| scripts & 1 << bit != 0)
        .map(|(_, name)| *name)
        .collect();
    Some(names.join(" and "))
}

/// `host_deception(host)`: why a host name may pass for another, as [`deception`] says;
/// empty for one that may not.
pub(crate) fn host_deception<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let host = args.first().and_then(Val::as_str).unwrap_or("");
    Ok(deception(host).map_or(Val::Str(""), Val::owned))
}

/// The text `text[start..end]` as a value that borrows `value`'s text when it can.
fn part<'a>(value: &Val<'a>, start: usize, end: usize) -> Val<'a> {
    match value {
        Val::Str(s) => Val::Str(s.get(start..end).unwrap_or("")),
        other => Val::owned(
            other
                .as_str()
                .and_then(|s| s.get(start..end))
                .unwrap_or("")
                .to_owned(),
        ),
    }
}

/// `deceptive_link(text)`: the first host name in `text`, linked or bare, that may pass
/// for another (see [`deceptive`]); empty when none. Bare names count: a phone makes a link
/// of `pаypal.com` as readily as of `https://pаypal.com`, and no sentence mixes scripts in
/// one name by chance.
pub(crate) fn deceptive_link<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let Some(value) = args.first() else {
        return Ok(Val::Str(""));
    };
    let text = value.as_str().unwrap_or("");
    // In ASCII, only punycode can deceive, and its prefix `xn--` has a `--`.
    let bytes = text.as_bytes();
    let dashes = memchr::memchr_iter(b'-', bytes).any(|at| bytes.get(at + 1) == Some(&b'-'));
    if !dashes && ascii(bytes) {
        return Ok(Val::Str(""));
    }
    let mut found = None;
    host_names(text, true, |h| {
        let hit = text.get(h.start..h.end).is_some_and(deceptive);
        if hit {
            found = Some(h);
        }
        hit
    });
    Ok(found.map_or(Val::Str(""), |h| part(value, h.start, h.end)))
}

/// The phone number written at `start` (a `+`, a `(` or a digit after a character that is
/// neither a letter nor a digit), as the range it covers; `None` when the characters there
/// are not one, with how far the attempt read.
fn phone_at(bytes: &[u8], start: usize) -> Result<(usize, usize), usize> {
    let mut digits = [0u8; crate::phone::MAX_DIGITS];
    let mut count = 0;
    let mut at = start;
    let plus = bytes.get(at) == Some(&b'+');
    if plus {
        at += 1;
    }
    let mut end = at;
    // Separators come one at a time between groups of digits, except `) ` after an area
    // code in parentheses.
    let mut open = false;
    let mut separated = true;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'0'..=b'9' => {
                let Some(slot) = digits.get_mut(count) else {
                    return Err(at);
                };
                *slot = b;
                count += 1;
                at += 1;
                end = at;
                separated = false;
            }
            b'(' if separated && !open => {
                open = true;
                at += 1;
            }
            b')' if open && !separated => {
                open = false;
                at += 1;
                if bytes.get(at) == Some(&b' ') {
                    at += 1;
                }
                separated = true;
            }
            b' ' | b'-' | b'.' if !separated && !open => {
                at += 1;
                separated = true;
            }
            _ => break,
        }
    }
    // Joined to a letter or a digit after it (`555-0100x`, a longer code): not a number.
    if bytes
        .get(end)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b >= 0x80)
    {
        return Err(end.max(start + 1));
    }
    let digits = digits.get(..count).unwrap_or_default();
    // Ten digits are a NANP number without its country code.
    let mut nanp = [b'1'; 11];
    let e164 = match (plus, digits.len(), digits.first()) {
        (true, _, _) => Some(digits),
        (false, 10, _) => {
            if let Some(national) = nanp.get_mut(1..) {
                national.copy_from_slice(digits);
            }
            Some(&nanp[..])
        }
        (false, 11, Some(b'1')) => Some(digits),
        _ => None,
    };
    match e164 {
        Some(d) if crate::phone::E164::from_digits(d).is_ok() => Ok((start, end)),
        _ => Err(end.max(start + 1)),
    }
}

/// Where the first ASCII digit of `bytes` is: eight bytes at a time, as one 64-bit word
/// (a byte is a digit when it is below 10 once `0` is subtracted; the lowest flagged byte
/// of a word is always a true one), then byte by byte.
fn first_digit(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in words.by_ref() {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        // `^ 0x30` maps the digits to 0..=9 and keeps every other ASCII byte at 10 or more.
        let v = u64::from_le_bytes(eight) ^ (ONES * 0x30);
        let below_ten = v.wrapping_sub(ONES * 10) & !v & HIGH;
        if below_ten != 0 {
            return Some(at + (below_ten.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    words
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|i| at + i)
}

/// The range of the first phone number written in `text`.
fn first_phone(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let letter_or_digit = |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80;
    let mut from = 0;
    while let Some(window) = next_window(bytes, from, |b, _| b.wrapping_sub(b'0') < 10) {
        let mut at = window.start.max(from);
        while let Some(digit) = bytes.get(at..window.end).and_then(first_digit) {
            at += digit;
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            if before.is_some_and(letter_or_digit) {
                at += 1;
                continue;
            }
            // A number starts at its first digit, or at the `+` or `(` just before it.
            let first = match before {
                Some(b'+' | b'(') => at - 1,
                _ => at,
            };
            let opens = first
                .checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_none_or(|p| !letter_or_digit(p) && *p != b'+');
            if !opens {
                at += 1;
                continue;
            }
            match phone_at(bytes, first) {
                Ok(found) => return Some(found),
                Err(next) => at = next.max(at + 1),
            }
        }
        from = at.max(window.end);
    }
    None
}

/// `phone_number_in(text)`: the first phone number written in `text`, as written; empty
/// when none.
pub(crate) fn phone_number_in<'a>(args: &[Val<'a>]) -> Result<Val<'a>, String> {
    let Some(value) = args.first() else {
        return Ok(Val::Str(""));
    };
    Ok(first_phone(value.as_str().unwrap_or(""))
        .map_or(Val::Str(""), |(start, end)| part(value, start, end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, bare: bool) -> Vec<Host> {
        let mut found = Vec::new();
        host_names(text, bare, |h| {
            found.push(h);
            false
        });
        found
    }

    fn hosts(text: &str) -> Vec<&str> {
        all(text, false)
            .into_iter()
            .filter_map(|h| text.get(h.start..h.end))
            .collect()
    }

    fn phone(text: &str) -> &str {
        first_phone(text)
            .and_then(|(s, e)| text.get(s..e))
            .unwrap_or("")
    }

    #[test]
    fn a_web_address_has_a_scheme_www_or_a_path() {
        assert_eq!(hosts("Track it at https://bit.ly/3xYz9Q."), ["bit.ly"]);
        assert_eq!(hosts("see acme.example/sale. Reply STOP"), ["acme.example"]);
        assert_eq!(hosts("go to WWW.Acme.com."), ["WWW.Acme.com"]);
        assert_eq!(
            hosts("go to xwww.acme.com or wWw.acme.com"),
            ["wWw.acme.com"]
        );
        assert_eq!(hosts("go to http://acme.com"), ["acme.com"]);
        assert_eq!(
            hosts("HTTPS://Acme.COM, or www.x.org/a"),
            ["Acme.COM", "www.x.org"]
        );
        // Bare names, sentences without a space, numbers, email addresses.
        assert!(hosts("We never send bit.ly links. Visit acme.com today.").is_empty());
        assert!(hosts("Reply STOP.Thanks for 3.5/5 and e.g/this").is_empty());
        assert!(hosts("write to help@acme.com/x or ftp://acme.com").is_empty());
        assert!(hosts("a..b/c and -a.com/ and a.b-/").is_empty());
        assert_eq!(hosts("https://xn--pypal-4ve.com"), ["xn--pypal-4ve.com"]);
        assert_eq!(hosts("https://пример.рф/путь"), ["пример.рф"]);
        let bare: Vec<_> = all("Visit acme.com. Or STOP.Thanks", true)
            .into_iter()
            .map(|h| (h.start, h.end))
            .collect();
        assert_eq!(bare, [(6, 14), (19, 30)]);
    }

    #[test]
    fn linked_host_names_the_listed_host() {
        let list: Box<[crate::doc::value::Const]> = ["bit.ly", "t.co"]
            .iter()
            .map(|s| crate::doc::value::Const::Str((*s).into()))
            .collect();
        let call = |text: &'static str| {
            let args = [Val::Str(text), Val::List(&list)];
            match linked_host(&args) {
                Ok(v) => v.as_str().unwrap_or("?").to_owned(),
                Err(e) => e,
            }
        };
        assert_eq!(call("at HTTPS://WWW.BIT.LY/x"), "bit.ly");
        assert_eq!(call("at gift.co/x and t.co/y"), "t.co");
        assert_eq!(call("we never send bit.ly links"), "");
        assert_eq!(call("at bit.lyx.com/x"), "");
    }

    #[test]
    fn first_digit_is_the_first_ascii_digit() {
        let all: Vec<u8> = (0..=255).collect();
        for start in 0..all.len() {
            for len in 0..20 {
                let Some(bytes) = all.get(start..start + len) else {
                    continue;
                };
                let expected = bytes.iter().position(u8::is_ascii_digit);
                assert_eq!(first_digit(bytes), expected, "{bytes:?}");
            }
        }
        assert_eq!(first_digit(b"Acme: 20% off"), Some(6));
        assert_eq!(first_digit(b"\xff\xc9/:0"), Some(4));
    }

    #[test]
    fn ascii_is_str_is_ascii() {
        for len in 0..6 * BLOCK {
            let mut text = "a".repeat(len);
            assert!(ascii(text.as_bytes()));
            for at in 0..=len {
                text.insert(at, 'é');
                assert!(!ascii(text.as_bytes()), "{at} of {len}");
                text.remove(at);
            }
        }
    }

    #[test]
    fn deceptive_hosts_mix_scripts_or_hide_behind_punycode() {
        assert!(deceptive("xn--pypal-4ve.com"));
        assert!(deceptive("shop.XN--80ak6aa92e.com"));
        assert!(deceptive("p\u{0430}ypal.com"));
        assert!(deceptive("\u{0430}\u{0440}\u{0440}\u{04CF}\u{0435}.com"));
        assert!(deceptive("\u{FF41}cme.com"));
        assert!(!deceptive("acme.com"));
        assert!(!deceptive("café-olé.fr"));
        assert!(!deceptive("пример.рф"));
        assert!(!deceptive("例え.jp"));
        for host in [
            "xn--pypal-4ve.com",
            "p\u{0430}ypal.com",
            "acme.com",
            "пример.рф",
        ] {
            assert_eq!(deception(host).is_some(), deceptive(host), "{host}");
        }
        assert_eq!(deception("xn--pypal-4ve.com").as_deref(), Some("punycode"));
        assert_eq!(
            deception("p\u{0430}ypal.com").as_deref(),
            Some("Latin and Cyrillic")
        );
        assert_eq!(
            deception("\u{03BF}\u{0430}\u{FF41}.com").as_deref(),
            Some("Latin and Cyrillic and Greek and full-width")
        );
    }

    #[test]
    fn phone_numbers_are_valid_numbers_as_people_write_them() {
        assert_eq!(phone("Call (415) 555-0100 today"), "(415) 555-0100");
        assert_eq!(phone("Call 415.555.0100."), "415.555.0100");
        assert_eq!(phone("or 1-800-555-0199"), "1-800-555-0199");
        assert_eq!(phone("text +44 20 7946 0958 now"), "+44 20 7946 0958");
        assert_eq!(phone("at 4155550100"), "4155550100");
        assert_eq!(phone("x 12, then +14155550100"), "+14155550100");
        // Not phone numbers: too few digits, dates, codes joined to letters, invalid NANP.
        assert_eq!(phone("order 5521, code 123456, on 2026-12-07"), "");
        assert_eq!(phone("ref A4155550100 or 4155550100B or 41555501001"), "");
        assert_eq!(phone("call 055-555-0100 or (415 555-0100"), "");
        assert_eq!(phone("12/07/2026 at 10.30 -- 20% off"), "");
        assert_eq!(phone("415--555--0100 and 415 - 555 - 0100"), "");
    }

    #[test]
    fn scans_find_what_straddles_their_blocks() {
        for pad in 0..2 * BLOCK + 2 {
            let text = format!(
                "{}Call (415) 555-0100 or see www.acme.com.",
                "a. ".repeat(pad / 3) + &"x".repeat(pad % 3)
            );
            assert_eq!(phone(&text), "(415) 555-0100", "{text}");
            assert_eq!(hosts(&text), ["www.acme.com"], "{text}");
            let text = format!("{}Reply 12 or 3.50 at +14155550100", "1 ".repeat(pad / 2));
            assert_eq!(phone(&text), "+14155550100", "{text}");
        }
    }

    /// The scans without windows: every dot, every digit, in order.
    fn hosts_byte_by_byte(text: &str, bare: bool) -> Vec<Host> {
        let (mut found, mut from) = (Vec::new(), 0);
        for (dot, _) in text.match_indices('.') {
            if dot >= from {
                let (host, covered) = host_at(text, dot, bare);
                found.extend(host);
                from = covered;
            }
        }
        found
    }

    fn phone_byte_by_byte(text: &str) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        let near = |b: &u8| b.is_ascii_alphanumeric() || *b >= 0x80;
        let mut from = 0;
        for at in 0..bytes.len() {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            if at < from || !bytes[at].is_ascii_digit() || before.is_some_and(near) {
                continue;
            }
            let first = if matches!(before, Some(b'+' | b'(')) {
                at - 1
            } else {
                at
            };
            let p = first.checked_sub(1).and_then(|i| bytes.get(i));
            if p.is_some_and(|p| near(p) || *p == b'+') {
                continue;
            }
            match phone_at(bytes, first) {
                Ok(found) => return Some(found),
                Err(next) => from = next,
            }
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn windows_find_what_a_byte_by_byte_scan_finds(
            text in "[a-zа-я0-9 ./()+@-]{0,120}|(www|WwW|http://|https://|a|[.]|/| |-|@|xn--|ру|1|0){0,40}",
            bare: bool,
        ) {
            proptest::prop_assert_eq!(all(&text, bare), hosts_byte_by_byte(&text, bare));
            proptest::prop_assert_eq!(first_phone(&text), phone_byte_by_byte(&text));
        }

        #[test]
        fn scans_never_panic_and_stay_in_the_text(text in "\\PC{0,60}") {
            for h in all(&text, true) {
                proptest::prop_assert!(text.get(h.start..h.end).is_some());
            }
            if let Some((s, e)) = first_phone(&text) {
                proptest::prop_assert!(text.get(s..e).is_some());
            }
        }

        #[test]
        fn a_written_nanp_number_is_found(
            area in 2u32..10, rest in 0u32..100, exchange in 200u32..1000, line in 0u32..10_000,
            style in 0usize..4,
        ) {
            let area = area * 100 + rest;
            let digits = format!("{area:03}{exchange:03}{line:04}");
            let valid = crate::phone::parse_e164(&format!("+1{digits}")).is_ok();
            let written = match style {
                0 => format!("({area:03}) {exchange:03}-{line:04}"),
                1 => format!("{area:03}.{exchange:03}.{line:04}"),
                2 => format!("1-{area:03}-{exchange:03}-{line:04}"),
                _ => digits.clone(),
            };
            let text = format!("Call {written}.");
            let found = phone(&text);
            proptest::prop_assert_eq!(found == written, valid);
        }
    }
}
