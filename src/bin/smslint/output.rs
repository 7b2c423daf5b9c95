//! Where a command writes its report: stdout, or the file named with `--output`.
//!
//! A regular file (or a new path) is written atomically: into a temporary file beside it,
//! flushed to disk, and renamed over it only when the whole report is written, so a reader
//! never sees half a report and a failed run leaves the old file. Anything else that exists
//! is never replaced: a device (`/dev/null`), a FIFO or a terminal is written to directly,
//! a symbolic link is followed to what it names (so `/dev/stdout` is stdout and a link to a
//! file keeps being a link), and a folder is refused. `-` is stdout. A missing folder on
//! the way to the file is created. smslint never writes into a file it checks: `--output`
//! naming one is refused.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// The report's destination.
pub(crate) enum Output {
    Stdout(io::StdoutLock<'static>),
    File(AtomicFile),
    /// A device, FIFO or other special file, written as it is.
    Special(BufWriter<File>),
}

impl Output {
    /// Stdout, or the file at `path` as the module says. `inputs` are the files the
    /// command reads; an output path that is one of them is refused.
    pub(crate) fn open(path: Option<&Path>, inputs: &[PathBuf]) -> Result<Output, String> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Output::Stdout(io::stdout().lock()));
        };
        let cannot = |e: io::Error| format!("cannot write `{}`: {e}", path.display());
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
        match Destination::of(path).map_err(cannot)? {
            Destination::Regular(target) => AtomicFile::create(&target)
                .map(Output::File)
                .map_err(cannot),
            Destination::Special(target) => File::options()
                .write(true)
                .open(target)
                .map(|f| Output::Special(BufWriter::with_capacity(1 << 16, f)))
                .map_err(cannot),
            Destination::Folder => Err(format!(
                "--output `{}` is a folder; name a file in it",
                path.display()
            )),
        }
    }

    /// Whether the report goes to a terminal (for colour).
    pub(crate) fn is_terminal(&self) -> bool {
        use std::io::IsTerminal as _;
        matches!(self, Output::Stdout(_)) && io::stdout().is_terminal()
    }

    /// Finishes the report: flushes stdout or the special file, or puts the file in place.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self {
            Output::Stdout(mut out) => out.flush(),
            Output::File(file) => file.commit(),
            Output::Special(mut out) => out.flush(),
        }
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stdout(out) => out,
            Output::File(file) => &mut file.out,
            Output::Special(out) => out,
        }
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

/// What a path to write names, its links followed.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    /// A regular file, or nothing yet: write atomically at this path (a link's target).
    Regular(PathBuf),
    /// A device, FIFO, socket or terminal: write to it as it is.
    Special(PathBuf),
    /// A folder: refused.
    Folder,
}

impl Destination {
    fn of(path: &Path) -> io::Result<Destination> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                Ok(Destination::Regular(path.to_path_buf()))
            }
            Err(e) => Err(e),
            Ok(meta) if meta.file_type().is_symlink() => {
                // Follow the link, then judge what it names: writing through keeps the
                // link. A link to nothing yet names the file it will point to.
                let target = match path.canonicalize() {
                    Ok(target) => target,
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        let named = std::fs::read_link(path)?;
                        let named = match path.parent() {
                            Some(dir) if named.is_relative() => dir.join(named),
                            _ => named,
                        };
                        return Destination::of(&named);
                    }
                    Err(e) => return Err(e),
                };
                match std::fs::symlink_metadata(&target)? {
                    m if m.is_dir() => Ok(Destination::Folder),
                    m if m.is_file() => Ok(Destination::Regular(target)),
                    _ => Ok(Destination::Special(target)),
                }
            }
            Ok(meta) if meta.is_dir() => Ok(Destination::Folder),
            Ok(meta) if meta.is_file() => Ok(Destination::Regular(path.to_path_buf())),
            Ok(_) => Ok(Destination::Special(path.to_path_buf())),
        }
    }
}

/// Writes `text` to the regular file `path` atomically, as [`Output`] writes a report.
pub(crate) fn write_file(path: &Path, text: &str) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.out.write_all(text.as_bytes())?;
    file.commit()
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
        // Unique to this process and this file: two writers never share a temporary.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.smslint-{}-{n}.tmp", std::process::id()));
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
    fn a_special_file_is_written_as_it_is_never_replaced() {
        // /dev/null stays a device: the report goes into it, not over it.
        let null = Path::new("/dev/null");
        if null.exists() {
            let mut out = Output::open(Some(null), &[]).unwrap();
            assert!(matches!(out, Output::Special(_)));
            out.write_all(b"report").unwrap();
            out.finish().unwrap();
            let meta = std::fs::symlink_metadata(null).unwrap();
            assert!(!meta.is_file(), "/dev/null was replaced by a regular file");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_kept() {
        let dir = temp_dir("link");
        let target = dir.join("real.json");
        std::fs::write(&target, "old").unwrap();
        let link = dir.join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut out = Output::open(Some(&link), &[]).unwrap();
        out.write_all(b"new").unwrap();
        out.finish().unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_is_refused_a_missing_one_made_and_dash_is_stdout() {
        let dir = temp_dir("folder");
        let Err(e) = Output::open(Some(&dir), &[]) else {
            panic!("a folder was accepted as the output");
        };
        assert!(e.contains("is a folder"), "{e}");
        let deep = dir.join("a/b/report.json");
        let mut out = Output::open(Some(&deep), &[]).unwrap();
        out.write_all(b"x").unwrap();
        out.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&deep).unwrap(), "x");
        assert!(matches!(
            Output::open(Some(Path::new("-")), &[]).unwrap(),
            Output::Stdout(_)
        ));
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
