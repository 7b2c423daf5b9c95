//! What the golden tests share: comparing an output with its snapshot.

use std::path::Path;

/// Compares `got` with the insta snapshot `name` in `dir/snapshots/` (`NAME.snap`). To add
/// or update cases: `INSTA_UPDATE=always cargo test --test TEST` writes them (or
/// `cargo insta review` shows each change), then review the diff before committing.
pub fn snapshot(dir: &Path, case: &Path, name: &str, got: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(case);
    settings.bind(|| insta::assert_snapshot!(name.to_owned(), got));
}
