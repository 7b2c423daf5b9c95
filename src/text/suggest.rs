//! "Did you mean" suggestions, one rule for every place that names something the user
//! may have misspelt: rule-file keys, document fields, condition names, rule ids,
//! configuration keys and command-line selections.

/// "did you mean `x`?" for the closest name within a small edit distance.
pub fn did_you_mean(name: &str, candidates: &[&str]) -> Option<String> {
    closest(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate closest to `name`, when one is within reach: a third of its characters
/// (at least one) changed, added, removed or swapped with a neighbour.
pub fn closest<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let length = name.chars().count();
    let limit = (length / 3).max(1);
    candidates
        .iter()
        // Lengths further apart than the limit are further apart in edits too: skipping
        // them keeps the work small however long `name` is.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .map(|c| (edit_distance(name, c), *c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Edit distance over characters counting an insertion, a deletion, a substitution or a
/// swap of two neighbours as one edit (optimal string alignment), so that `alais` is one
/// edit from `alias`, as a typist sees it.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    // d[i * width + j]: the distance between the first i characters of a and j of b.
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    let far = usize::MAX / 2;
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let at = |d: &[usize], i: usize, j: usize| d.get(i * width + j).copied().unwrap_or(far);
            let value = if i == 0 || j == 0 {
                i.max(j)
            } else {
                let (ca, cb) = (a.get(i - 1), b.get(j - 1));
                let mut best = (at(&d, i - 1, j - 1) + usize::from(ca != cb))
                    .min(at(&d, i - 1, j) + 1)
                    .min(at(&d, i, j - 1) + 1);
                if i > 1 && j > 1 && ca == b.get(j - 2) && a.get(i - 2) == cb {
                    best = best.min(at(&d, i - 2, j - 2) + 1);
                }
                best
            };
            if let Some(slot) = d.get_mut(i * width + j) {
                *slot = value;
            }
        }
    }
    d.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("alais", "alias"), 1);
        assert_eq!(edit_distance("ca", "abc"), 3);
    }

    #[test]
    fn suggests_the_closest_name_within_reach() {
        assert_eq!(
            did_you_mean("segmnts", &["segments", "encoding"]).as_deref(),
            Some("did you mean `segments`?")
        );
        assert_eq!(did_you_mean("zzzzzz", &["segments"]), None);
        assert_eq!(
            did_you_mean("alais", &["alias", "status"]).as_deref(),
            Some("did you mean `alias`?")
        );
    }
}
