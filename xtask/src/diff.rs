//! A small line diff, enough to show why a generated file is stale.
//!
//! Common leading and trailing lines are trimmed, then the middle is aligned by a longest common
//! subsequence. Generated files are small enough for that; past [`MAX_LCS_CELLS`] the middle is
//! shown as all removed, then all added, which is still a correct (if coarse) diff.

/// Lines of context around each change.
const CONTEXT: usize = 2;
/// The largest `old × new` middle aligned line by line (a table of `u32`s: 64 MB at most).
const MAX_LCS_CELLS: usize = 16_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Line `.0` of the old text equals line `.1` of the new text.
    Equal(usize, usize),
    /// Line `.0` of the old text is removed.
    Delete(usize),
    /// Line `.0` of the new text is inserted.
    Insert(usize),
}

/// A unified diff of `old` → `new` that shows at most `max_changed` removed or added lines,
/// followed by a note of how many were left out.
pub(crate) fn unified_excerpt(old: &str, new: &str, max_changed: usize) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let ops = diff_lines(&old, &new);
    let total_changed = ops.iter().filter(|op| !matches!(op, Op::Equal(..))).count();

    let mut out = String::new();
    let mut shown = 0;
    for range in hunks(&ops) {
        if shown >= max_changed {
            break;
        }
        let (old_start, new_start) = position_before(&ops, range.start);
        let hunk = &ops[range];
        let old_len = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Insert(_)))
            .count();
        let new_len = hunk
            .iter()
            .filter(|op| !matches!(op, Op::Delete(_)))
            .count();
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            hunk_range(old_start, old_len),
            hunk_range(new_start, new_len)
        ));
        for op in hunk {
            let line = match *op {
                Op::Equal(i, _) => format!(" {}", old[i]),
                Op::Delete(i) if shown < max_changed => {
                    shown += 1;
                    format!("-{}", old[i])
                }
                Op::Insert(j) if shown < max_changed => {
                    shown += 1;
                    format!("+{}", new[j])
                }
                _ => break,
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    if total_changed > shown {
        out.push_str(&format!("… {} more changed lines\n", total_changed - shown));
    }
    out
}

/// The number of old and new lines that come before `ops[index]`.
fn position_before(ops: &[Op], index: usize) -> (usize, usize) {
    ops[..index].iter().fold((0, 0), |(old, new), op| match op {
        Op::Equal(..) => (old + 1, new + 1),
        Op::Delete(_) => (old + 1, new),
        Op::Insert(_) => (old, new + 1),
    })
}

/// `start,len` as a unified diff writes it: 1-based, except that an empty range names the line
/// before it (`0,0` at the top of a file).
fn hunk_range(lines_before: usize, len: usize) -> String {
    if len == 0 {
        format!("{lines_before},0")
    } else {
        format!("{},{len}", lines_before + 1)
    }
}

/// The edit script turning `old` into `new`.
fn diff_lines(old: &[&str], new: &[&str]) -> Vec<Op> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old[prefix..old.len() - suffix];
    let new_mid = &new[prefix..new.len() - suffix];

    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Equal(i, i)).collect();
    if old_mid.len().saturating_mul(new_mid.len()) <= MAX_LCS_CELLS {
        ops.extend(lcs_ops(old_mid, new_mid, prefix));
    } else {
        ops.extend((0..old_mid.len()).map(|i| Op::Delete(prefix + i)));
        ops.extend((0..new_mid.len()).map(|j| Op::Insert(prefix + j)));
    }
    let (old_tail, new_tail) = (old.len() - suffix, new.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Equal(old_tail + k, new_tail + k)));
    ops
}

/// Aligns `old` and `new` (both starting at line `offset`) by a longest common subsequence.
fn lcs_ops(old: &[&str], new: &[&str], offset: usize) -> Vec<Op> {
    let (n, m) = (old.len(), new.len());
    // table[i][j]: LCS length of old[i..] and new[j..].
    let width = m + 1;
    let mut table = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i * width + j] = if old[i] == new[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let mut ops = Vec::with_capacity(n + m);
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && old[i] == new[j] {
            ops.push(Op::Equal(offset + i, offset + j));
            i += 1;
            j += 1;
        } else if j < m && (i == n || table[i * width + j + 1] >= table[(i + 1) * width + j]) {
            ops.push(Op::Insert(offset + j));
            j += 1;
        } else {
            ops.push(Op::Delete(offset + i));
            i += 1;
        }
    }
    // Show removals before additions within a change, as unified diffs usually do.
    let mut start = 0;
    while start < ops.len() {
        let end = start
            + ops[start..]
                .iter()
                .take_while(|op| !matches!(op, Op::Equal(..)))
                .count();
        ops[start..end].sort_by_key(|op| matches!(op, Op::Insert(_)));
        start = end + 1;
    }
    ops
}

/// Ranges of `ops` that form hunks: changes with [`CONTEXT`] equal lines around them, merged
/// when they touch.
fn hunks(ops: &[Op]) -> Vec<std::ops::Range<usize>> {
    let mut hunks: Vec<std::ops::Range<usize>> = Vec::new();
    for (index, op) in ops.iter().enumerate() {
        if matches!(op, Op::Equal(..)) {
            continue;
        }
        let start = index.saturating_sub(CONTEXT);
        let end = (index + 1 + CONTEXT).min(ops.len());
        match hunks.last_mut() {
            Some(last) if start <= last.end => last.end = end,
            _ => hunks.push(start..end),
        }
    }
    hunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_an_empty_diff() {
        assert_eq!(unified_excerpt("a\nb\n", "a\nb\n", 20), "");
    }

    #[test]
    fn a_changed_line_shows_context_and_both_sides() {
        let old = "1\n2\n3\n4\n5\n6\n7\n";
        let new = "1\n2\n3\nfour\n5\n6\n7\n";
        assert_eq!(
            unified_excerpt(old, new, 20),
            "@@ -2,5 +2,5 @@\n 2\n 3\n-4\n+four\n 5\n 6\n"
        );
    }

    #[test]
    fn insertions_and_removals_are_aligned() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        let new = "a\nb\nX\nc\nd\ne\nf\ng\ni\nj\n";
        assert_eq!(
            unified_excerpt(old, new, 20),
            "@@ -1,4 +1,5 @@\n a\n b\n+X\n c\n d\n@@ -6,5 +7,4 @@\n f\n g\n-h\n i\n j\n"
        );
    }

    #[test]
    fn long_diffs_are_cut_with_a_count() {
        let old: String = (0..50).map(|i| format!("old {i}\n")).collect();
        let new: String = (0..50).map(|i| format!("new {i}\n")).collect();
        let excerpt = unified_excerpt(&old, &new, 20);
        let changed = excerpt
            .lines()
            .filter(|l| l.starts_with('-') || l.starts_with('+'))
            .count();
        assert_eq!(changed, 20);
        assert!(excerpt.ends_with("… 80 more changed lines\n"), "{excerpt}");
    }

    #[test]
    fn a_file_from_nothing_is_all_additions() {
        assert_eq!(
            unified_excerpt("", "a\nb\n", 20),
            "@@ -0,0 +1,2 @@\n+a\n+b\n"
        );
    }
}
