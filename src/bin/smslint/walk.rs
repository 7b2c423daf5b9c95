//! The files `smslint check PATH...` reads: each path named, and under each folder the
//! `*.yaml`, `*.yml` and `*.json` files, sorted, so every run reports in the same order.
//!
//! The walk is bounded and never hangs, whatever the tree holds:
//!
//! - it keeps its own stack, so a tree thousands of folders deep costs no call depth;
//! - a folder reached twice (a symbolic link to `.`, two links to one folder) is walked
//!   once, and the second arrival is reported as a note: a link loop cannot make the walk
//!   endless or check a file twice;
//! - only regular files are read: a FIFO, socket or device met in a folder is skipped with a
//!   note (opening a FIFO would wait for a writer forever), and one named on the command
//!   line is a problem;
//! - an entry that cannot be read (a folder without permission, a dangling link, a path
//!   too long for the system) is a problem naming that entry, and the rest is still walked.

use std::collections::HashSet;
use std::fs::Metadata;
use std::path::{Path, PathBuf};

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Files to check, in order, or what kept an entry from being walked: the path and
    /// the problem.
    pub(crate) items: Vec<Result<PathBuf, (PathBuf, String)>>,
    /// Things skipped on purpose, each a line for stderr.
    pub(crate) notes: Vec<String>,
}

/// Whether a file found in a folder is checked, by its extension.
fn is_document(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// What kind of special file `meta` describes, for messages.
fn special_kind(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "not a regular file"
}

/// A folder's identity, to walk each folder once whatever the paths to it.
#[cfg(unix)]
fn identity(meta: &Metadata) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Metadata) -> Option<(u64, u64)> {
    None
}

/// Walks every path in `paths`, in order.
pub(crate) fn walk(paths: &[PathBuf]) -> Walk {
    let mut found = Walk::default();
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    for path in paths {
        // A path named on the command line is read whatever its extension, but only if
        // it is a regular file (or a folder to walk).
        match std::fs::metadata(path) {
            Err(e) => found
                .items
                .push(Err((path.clone(), format!("cannot read: {e}")))),
            Ok(meta) if meta.is_file() => found.items.push(Ok(path.clone())),
            Ok(meta) if meta.is_dir() => walk_folder(path, &meta, &mut seen, &mut found),
            Ok(meta) => found.items.push(Err((
                path.clone(),
                format!(
                    "cannot read: it is {}, not a regular file; smslint reads files and folders",
                    special_kind(&meta)
                ),
            ))),
        }
    }
    found
}

fn walk_folder(root: &Path, meta: &Metadata, seen: &mut HashSet<(u64, u64)>, found: &mut Walk) {
    if let Some(id) = identity(meta) {
        if !seen.insert(id) {
            found.notes.push(format!(
                "{}: already walked (by another path or a link loop); skipped",
                root.display()
            ));
            return;
        }
    }
    // The entries still to visit of each folder on the way down, sorted: a folder's
    // entries are visited where it sorts, as a recursive walk would, without recursion.
    let mut stack: Vec<std::vec::IntoIter<PathBuf>> = Vec::new();
    if let Some(entries) = sorted_entries(root, found) {
        stack.push(entries);
    }
    while let Some(entries) = stack.last_mut() {
        let Some(path) = entries.next() else {
            stack.pop();
            continue;
        };
        // Links are followed; what they name decides.
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                let link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                if !link || is_document(&path) {
                    found.items.push(Err((path, format!("cannot read: {e}"))));
                }
                // (A dangling link to something that would not be read anyway is left.)
                continue;
            }
        };
        if meta.is_dir() {
            if let Some(id) = identity(&meta) {
                if !seen.insert(id) {
                    found.notes.push(format!(
                        "{}: already walked (by another path or a link loop); skipped",
                        path.display()
                    ));
                    continue;
                }
            }
            if let Some(entries) = sorted_entries(&path, found) {
                stack.push(entries);
            }
        } else if !is_document(&path) {
            continue;
        } else if meta.is_file() {
            found.items.push(Ok(path));
        } else {
            found.notes.push(format!(
                "{}: {}, not a regular file; skipped",
                path.display(),
                special_kind(&meta)
            ));
        }
    }
}

/// The entries of folder `dir`, sorted; `None`, with the problem recorded, when it cannot
/// be read. An entry that cannot be read is a problem and the others are kept.
fn sorted_entries(dir: &Path, found: &mut Walk) -> Option<std::vec::IntoIter<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.items.push(Err((
                dir.to_path_buf(),
                format!("cannot read the folder: {e}"),
            )));
            return None;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => found.items.push(Err((
                dir.to_path_buf(),
                format!("cannot read an entry of the folder: {e}"),
            ))),
        }
    }
    paths.sort();
    Some(paths.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("smslint-walk-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn files(w: &Walk) -> Vec<String> {
        w.items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_are_walked_once_and_reported() {
        let dir = temp_dir("loop");
        std::fs::write(dir.join("a.yaml"), "kind: account\n").unwrap();
        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b.yaml"), "kind: account\n").unwrap();
        std::os::unix::fs::symlink(".", dir.join("self1")).unwrap();
        std::os::unix::fs::symlink(".", dir.join("self2")).unwrap();
        std::os::unix::fs::symlink("..", dir.join("sub/up")).unwrap();
        let w = walk(std::slice::from_ref(&dir));
        assert_eq!(files(&w), ["a.yaml", "b.yaml"]);
        assert_eq!(w.notes.len(), 3, "{:?}", w.notes);
        assert!(w.items.iter().all(Result::is_ok));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_skipped_in_a_folder_and_refused_by_name() {
        let dir = temp_dir("fifo");
        std::fs::write(dir.join("a.yaml"), "kind: account\n").unwrap();
        let fifo = dir.join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        let w = walk(std::slice::from_ref(&dir));
        assert_eq!(files(&w), ["a.yaml"]);
        assert!(
            w.notes.iter().any(|n| n.contains("a FIFO")),
            "{:?}",
            w.notes
        );
        let w = walk(&[fifo]);
        let Some(Err((_, problem))) = w.items.first() else {
            panic!("a FIFO named on the command line was accepted");
        };
        assert!(problem.contains("a FIFO, not a regular file"), "{problem}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn an_entry_that_cannot_be_read_is_named_and_the_rest_walked() {
        let dir = temp_dir("dangling");
        std::fs::write(dir.join("a.yaml"), "kind: account\n").unwrap();
        std::os::unix::fs::symlink("nowhere.yaml", dir.join("b.yaml")).unwrap();
        std::fs::write(dir.join("c.yaml"), "kind: account\n").unwrap();
        let w = walk(std::slice::from_ref(&dir));
        assert_eq!(files(&w), ["a.yaml", "c.yaml"]);
        let problems: Vec<_> = w.items.iter().filter_map(|i| i.as_ref().err()).collect();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].0.ends_with("b.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_deep_tree_is_walked_without_recursion() {
        let dir = temp_dir("deep");
        let mut deep = dir.clone();
        for _ in 0..200 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("x.yaml"), "kind: account\n").unwrap();
        let w = walk(std::slice::from_ref(&dir));
        assert_eq!(files(&w), ["x.yaml"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn files_come_in_sorted_order() {
        let dir = temp_dir("order");
        for f in ["b.yaml", "a.json", "c.txt", "z/y.yml", "m/n.yaml", "m.yaml"] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let w = walk(std::slice::from_ref(&dir));
        assert_eq!(files(&w), ["a.json", "b.yaml", "n.yaml", "m.yaml", "y.yml"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
