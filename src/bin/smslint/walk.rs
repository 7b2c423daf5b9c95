//! The files `smslint check PATH...` reads: each path named, and under each folder the
//! `*.yaml`, `*.yml` and `*.json` files, sorted, so every run reports in the same order.
//!
//! A folder is walked as ripgrep walks it (the `ignore` crate): what `.gitignore`,
//! `.ignore`, `.git/info/exclude` and git's global excludes leave out is not read, nor are
//! hidden files and folders (`.github/`, `.venv/`), so `smslint check .` in a repository
//! reads the SMS configuration and not `node_modules/` or the CI workflows. `include` and
//! `exclude` globs (from `smslint.yaml` and the command line) narrow it further. A path
//! named on the command line is always read.
//!
//! The walk is bounded and never hangs, whatever the tree holds:
//!
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
use std::sync::{Arc, Mutex};

use crate::config::glob;

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    /// Files to check, in order, or what kept an entry from being walked: the path and
    /// the problem.
    pub(crate) items: Vec<Result<PathBuf, (PathBuf, String)>>,
    /// Things skipped on purpose, each a line for stderr.
    pub(crate) notes: Vec<String>,
    /// How many of `items` were named on the command line (they come first in their
    /// turn: a file named is not "found").
    pub(crate) named: HashSet<PathBuf>,
}

/// Globs that narrow a folder walk, each relative to a folder: the configuration's to
/// its own, the command line's to the working folder.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter {
    /// Files a walk checks, when any is given: `(base, glob)`.
    pub(crate) include: Vec<(PathBuf, String)>,
    /// Files and folders a walk leaves out.
    pub(crate) exclude: Vec<(PathBuf, String)>,
}

impl Filter {
    /// Whether `pattern` (relative to `base`) matches `path`. A glob without `/` matches a
    /// file or folder of that name anywhere, as in `.gitignore`.
    fn matches(base: &Path, pattern: &str, path: &Path) -> bool {
        let Some(relative) = crate::config::relative_to(base, path) else {
            return false;
        };
        let pattern = pattern.trim_start_matches("./");
        if pattern.trim_end_matches('/').contains('/') {
            glob(pattern, &relative)
        } else {
            glob(&format!("**/{pattern}"), &relative)
        }
    }

    fn excluded(&self, path: &Path) -> bool {
        self.exclude
            .iter()
            .any(|(base, p)| Filter::matches(base, p, path))
    }

    fn included(&self, path: &Path) -> bool {
        self.include.is_empty()
            || self
                .include
                .iter()
                .any(|(base, p)| Filter::matches(base, p, path))
    }
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

/// Walks every path in `paths`, in order. With `as_walked`, a file named is taken as a walk
/// would find it: the filter applies, and it is not counted as named.
pub(crate) fn walk(paths: &[PathBuf], filter: &Filter, as_walked: bool) -> Walk {
    let mut found = Walk::default();
    let seen: Arc<Mutex<HashSet<(u64, u64)>>> = Arc::default();
    for path in paths {
        // A path named on the command line is read whatever its extension, but only if
        // it is a regular file (or a folder to walk).
        match std::fs::metadata(path) {
            Err(e) => found
                .items
                .push(Err((path.clone(), format!("cannot read: {e}")))),
            Ok(meta) if meta.is_file() => {
                if as_walked {
                    let config = path
                        .file_name()
                        .is_some_and(|n| n == crate::config::FILE_NAME);
                    if config || filter.excluded(path) || !filter.included(path) {
                        continue;
                    }
                } else {
                    found.named.insert(path.clone());
                }
                found.items.push(Ok(path.clone()));
            }
            Ok(meta) if meta.is_dir() => walk_folder(path, &meta, &seen, filter, &mut found),
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

fn already_walked(path: &Path) -> String {
    format!(
        "{}: already walked (by another path or a link loop); skipped",
        path.display()
    )
}

fn walk_folder(
    root: &Path,
    meta: &Metadata,
    seen: &Arc<Mutex<HashSet<(u64, u64)>>>,
    filter: &Filter,
    found: &mut Walk,
) {
    if let Some(id) = identity(meta) {
        let fresh = seen.lock().map(|mut s| s.insert(id)).unwrap_or(true);
        if !fresh {
            found.notes.push(already_walked(root));
            return;
        }
    }
    // Notes made while deciding which folders to enter, in walk order.
    let notes: Arc<Mutex<Vec<String>>> = Arc::default();
    let (seen_in, notes_in, filter_in) = (Arc::clone(seen), Arc::clone(&notes), filter.clone());
    let root_owned = root.to_path_buf();
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(true)
        .require_git(false)
        .follow_links(true)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |entry| {
            let path = entry.path();
            if path == root_owned {
                return true;
            }
            if filter_in.excluded(path) {
                return false;
            }
            // A folder is entered once, whatever the paths to it.
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                if let Some(id) = std::fs::metadata(path).ok().as_ref().and_then(identity) {
                    let fresh = seen_in.lock().map(|mut s| s.insert(id)).unwrap_or(true);
                    if !fresh {
                        if let Ok(mut n) = notes_in.lock() {
                            n.push(already_walked(path));
                        }
                        return false;
                    }
                }
            }
            true
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                walk_error(&e, found);
                continue;
            }
        };
        let path = entry.path();
        // The project configuration is not a document to check.
        let config = path
            .file_name()
            .is_some_and(|n| n == crate::config::FILE_NAME);
        if path == root || config || !is_document(path) || !filter.included(path) {
            continue;
        }
        // Links are followed; what they name decides.
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => found.items.push(Ok(path.to_path_buf())),
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) => found.notes.push(format!(
                "{}: {}, not a regular file; skipped",
                path.display(),
                special_kind(&meta)
            )),
            Err(e) => found
                .items
                .push(Err((path.to_path_buf(), format!("cannot read: {e}")))),
        }
    }
    let made = notes
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default();
    found.notes.extend(made);
}

/// What the walker could not read: a problem naming the entry (a dangling link to
/// something that would not be read anyway is left out; a link loop is a note).
fn walk_error(e: &ignore::Error, found: &mut Walk) {
    match e {
        ignore::Error::WithPath { path, err } => {
            if matches!(**err, ignore::Error::Loop { .. }) {
                found.notes.push(already_walked(path));
                return;
            }
            let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
            if !link || is_document(path) {
                found.items.push(Err((
                    path.clone(),
                    format!("cannot read: {}", io_text(err)),
                )));
            }
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err, found)
        }
        ignore::Error::Loop { child, .. } => found.notes.push(already_walked(child)),
        ignore::Error::Partial(errors) => {
            for e in errors {
                walk_error(e, found);
            }
        }
        other => found.notes.push(format!("{}; skipped", io_text(other))),
    }
}

/// An error's words without the path the caller shows anyway.
fn io_text(e: &ignore::Error) -> String {
    match e {
        ignore::Error::Io(io) => io.to_string(),
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => io_text(err),
        other => other.to_string(),
    }
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
        let w = walk(std::slice::from_ref(&dir), &Filter::default(), false);
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
        let w = walk(std::slice::from_ref(&dir), &Filter::default(), false);
        assert_eq!(files(&w), ["a.yaml"]);
        assert!(
            w.notes.iter().any(|n| n.contains("a FIFO")),
            "{:?}",
            w.notes
        );
        let w = walk(&[fifo], &Filter::default(), false);
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
        let w = walk(std::slice::from_ref(&dir), &Filter::default(), false);
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
        let w = walk(std::slice::from_ref(&dir), &Filter::default(), false);
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
        let w = walk(std::slice::from_ref(&dir), &Filter::default(), false);
        assert_eq!(files(&w), ["a.json", "b.yaml", "n.yaml", "m.yaml", "y.yml"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
