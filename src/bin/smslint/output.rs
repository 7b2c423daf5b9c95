//! Where a command writes its report: stdout, or the file named with `--output`, written
//! atomically — into a temporary file beside it, renamed over it only when the whole report
//! is written, so a reader never sees half a report and a failed run leaves the old file.
//! smslint never writes into a file it checks: `--output` naming one is refused.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The report's destination.
pub(crate) enum Output {
    Stdout(io::StdoutLock<'static>),
    File(AtomicFile),
}

impl Output {
    /// Stdout, or an atomic file at `path`. `inputs` are the files the command reads; an
    /// output path that is one of them is refused.
    pub(crate) fn open(path: Option<&Path>, inputs: &[PathBuf]) -> Result<Output, String> {
        let Some(path) = path else {
            return Ok(Output::Stdout(io::stdout().lock()));
        };
        if let Ok(target) = path.canonicalize() {
            for input in inputs {
                if input.canonicalize().is_ok_and(|i| i == target) {
                    return Err(format!(
                        "--output `{}` is one of the files being checked; smslint never writes into its input, so name another file",
                        path.display()
                    ));
                }
            }
        }
        AtomicFile::create(path)
            .map(Output::File)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))
    }

    /// Whether the report goes to a terminal (for colour).
    pub(crate) fn is_terminal(&self) -> bool {
        use std::io::IsTerminal as _;
        matches!(self, Output::Stdout(_)) && io::stdout().is_terminal()
    }

    /// Finishes the report: flushes stdout, or puts the file in place.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush(),
            Output::File(file) => file.commit(),
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Output::Stdout(out) => out.write(buf),
            Output::File(file) => file.out.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.write_all(buf),
            Output::File(file) => file.out.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Output::Stdout(out) => out.flush(),
            Output::File(file) => file.out.flush(),
        }
    }
}

/// A file written under a temporary name in its directory and renamed into place by
/// [`AtomicFile::commit`]; dropped without it, the temporary file is removed.
pub(crate) struct AtomicFile {
    out: BufWriter<File>,
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl AtomicFile {
    fn create(target: &Path) -> io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .ok_or_else(|| io::Error::other("the path names no file"))?
            .to_string_lossy()
            .into_owned();
        let temp = dir.join(format!(".{name}.smslint-{}.tmp", std::process::id()));
        let file = File::options().write(true).create_new(true).open(&temp)?;
        Ok(AtomicFile {
            out: BufWriter::with_capacity(1 << 16, file),
            temp,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    fn commit(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out.get_ref().sync_all()?;
        std::fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("smslint-output-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_file_appears_whole_on_commit_and_not_before() {
        let dir = temp_dir("commit");
        let target = dir.join("report.json");
        std::fs::write(&target, "old").unwrap();
        let mut out = Output::open(Some(&target), &[]).unwrap();
        out.write_all(b"new report").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new report");
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary file left"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_unfinished_report_leaves_the_old_file_and_no_temporary() {
        let dir = temp_dir("drop");
        let target = dir.join("report.json");
        std::fs::write(&target, "old").unwrap();
        {
            let mut out = Output::open(Some(&target), &[]).unwrap();
            out.write_all(b"half").unwrap();
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_input_file_is_never_the_output() {
        let dir = temp_dir("input");
        let input = dir.join("account.yaml");
        std::fs::write(&input, "kind: account\n").unwrap();
        let again = dir.join(".").join("account.yaml");
        let Err(e) = Output::open(Some(&again), std::slice::from_ref(&input)) else {
            panic!("the input was accepted as the output");
        };
        assert!(e.contains("never writes into its input"), "{e}");
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "kind: account\n");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
