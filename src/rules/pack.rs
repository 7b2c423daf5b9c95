//! Rule packs: the built-in pack embedded in the binary, and directories of rule files.
//!
//! A pack is a directory tree of rule files (`*.yaml`, one rule each) with its tables in
//! `data/*.yaml` at the top. Loading reads every file of every pack, reports every problem
//! in every file (not only the first), refuses duplicate rule ids and duplicate tables, and
//! returns the rules that compiled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::rule::{load_rule, Rule};
use crate::doc::DocumentKind;
use crate::doc::{parse_yaml, Tree, TreeKind};
use crate::dsl::{self, Const, DataShape, DataTable, Facts, Type};
use crate::text::{SourceDiagnostic, SourceFile};

/// The largest rule or data file accepted, in bytes.
pub const MAX_RULE_FILE_BYTES: usize = 1 << 20;

/// The files of one pack.
#[derive(Clone, Debug, Default)]
pub struct PackSource {
    /// Rule files.
    pub rules: Vec<Arc<SourceFile>>,
    /// Data tables (`data/*.yaml`).
    pub data: Vec<Arc<SourceFile>>,
}

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));
}

impl PackSource {
    /// The SHA-256 of what the pack says, as 64 hex digits: of every rule file's text and
    /// every table's name and text, in an order that does not depend on where the pack is
    /// or how its rule files are named. Two packs with one digest judge alike; an audit
    /// records it (`smslint --version` shows the built-in pack's).
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut entries: Vec<Vec<u8>> = Vec::new();
        for f in &self.rules {
            entries.push([b"rule\0".as_slice(), f.text.as_bytes()].concat());
        }
        for f in &self.data {
            let name = Path::new(&f.name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            entries.push([b"data\0", name.as_bytes(), b"\0", f.text.as_bytes()].concat());
        }
        entries.sort_unstable();
        let mut hasher = Sha256::new();
        for e in &entries {
            hasher.update((e.len() as u64).to_le_bytes());
            hasher.update(e);
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The built-in pack, as embedded at build time (file names relative to the crate).
    pub fn builtin() -> PackSource {
        PackSource {
            rules: builtin::RULES
                .iter()
                .map(|(name, text)| SourceFile::new(*name, *text))
                .collect(),
            data: builtin::DATA
                .iter()
                .map(|(name, text)| SourceFile::new(*name, *text))
                .collect(),
        }
    }

    /// Reads a pack directory: every `*.yaml`/`*.yml` below it is a rule file, except
    /// those in its top-level `data/`, which are tables.
    pub fn read_dir(dir: &Path) -> Result<PackSource, SourceDiagnostic> {
        let mut pack = PackSource::default();
        let mut files = Vec::new();
        walk(dir, &mut files).map_err(|e| io_error(dir, &e))?;
        files.sort();
        let data_dir = dir.join("data");
        for path in files {
            let file = read_file(&path)?;
            if path.parent() == Some(data_dir.as_path()) {
                pack.data.push(file);
            } else {
                pack.rules.push(file);
            }
        }
        Ok(pack)
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> SourceDiagnostic {
    SourceDiagnostic::error(
        &SourceFile::new(path.display().to_string(), ""),
        None,
        format!("cannot read: {e}"),
        Some("check the path and its permissions".into()),
    )
}

/// Reads a rule or data file, refusing files over [`MAX_RULE_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<Arc<SourceFile>, SourceDiagnostic> {
    SourceFile::read(path, MAX_RULE_FILE_BYTES as u64)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads and compiles the rules of several packs. Returns the rules that compiled and
/// every problem found.
pub fn load(packs: &[PackSource]) -> (Vec<Rule>, Vec<SourceDiagnostic>) {
    load_with(packs, &[])
}

/// The YAML of every rule file, in order, parsed on as many threads as there are cores
/// (up to four): parsing is a third of loading the built-in pack, and the files are
/// independent. Type checking stays in order, as fact slots are numbered by first use.
fn parse_all(files: &[&Arc<SourceFile>]) -> Vec<Result<Vec<crate::yaml::Node>, SourceDiagnostic>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(4);
    if threads < 2 || files.len() < 8 {
        return files.iter().map(|f| parse_yaml(f)).collect();
    }
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = files
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|f| parse_yaml(f)).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .zip(files.chunks(chunk))
            .flat_map(|(part, chunk)| {
                // A parser thread that panicked (it does not) leaves its files parsed here.
                part.join()
                    .unwrap_or_else(|_| chunk.iter().map(|f| parse_yaml(f)).collect())
            })
            .collect()
    })
}

/// [`load`], with further document kinds that rules may apply to.
pub fn load_with(
    packs: &[PackSource],
    kinds: &[&'static DocumentKind],
) -> (Vec<Rule>, Vec<SourceDiagnostic>) {
    let mut problems = Vec::new();
    let mut tables: Vec<(DataTable, Arc<SourceFile>)> = Vec::new();
    for file in packs.iter().flat_map(|p| &p.data) {
        match load_table(file) {
            Ok(table) => {
                if let Some((_, first)) = tables.iter().find(|(t, _)| t.name == table.name) {
                    problems.push(SourceDiagnostic::error(
                        file,
                        None,
                        format!("the data table `{}` is defined twice", table.name),
                        Some(format!("the first is {}; rename one", first.name)),
                    ));
                } else {
                    tables.push((table, Arc::clone(file)));
                }
            }
            Err(e) => problems.extend(e),
        }
    }
    let data = Arc::new(tables.into_iter().map(|(t, _)| t).collect::<Vec<_>>());
    let mut facts = Facts::default();
    let mut rules: Vec<Rule> = Vec::new();
    let files: Vec<&Arc<SourceFile>> = packs.iter().flat_map(|p| &p.rules).collect();
    for (file, parsed) in files.iter().copied().zip(parse_all(&files)) {
        let nodes = match parsed {
            Ok(n) => n,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let trees: Vec<Tree<'_>> = nodes.iter().map(Tree::from_yaml).collect();
        let tree = match trees.as_slice() {
            [one] => one,
            [] => {
                problems.push(SourceDiagnostic::error(
                    file,
                    None,
                    "the rule file is empty",
                    Some(
                        "write one rule: `id:`, `title:`, `severity:`, … (see rules/README.md)"
                            .into(),
                    ),
                ));
                continue;
            }
            [_, second, ..] => {
                problems.push(SourceDiagnostic::error(
                    file,
                    second.span,
                    "a rule file holds one rule, not several documents",
                    Some("move each rule into its own file".into()),
                ));
                continue;
            }
        };
        match load_rule(tree, file, &data, kinds, &mut facts) {
            Ok(rule) => {
                if let Some(first) = rules.iter().find(|r| r.id == rule.id) {
                    let span = tree.get("id").and_then(|t| t.span);
                    problems.push(SourceDiagnostic::error(
                        file,
                        span,
                        format!("the rule id `{}` is already used", rule.id),
                        Some(format!(
                            "by {}; ids are unique and never reused",
                            first.file.name
                        )),
                    ));
                } else {
                    rules.push(rule);
                }
            }
            Err(e) => problems.extend(e),
        }
    }
    let facts = Arc::new(facts);
    for rule in &mut rules {
        rule.set_facts(&facts);
    }
    (rules, problems)
}

/// A data table: `description`, an optional `source`, and `values` — a list of scalars, a
/// list of records with the same keys, or one record.
fn load_table(file: &Arc<SourceFile>) -> Result<DataTable, Vec<SourceDiagnostic>> {
    let nodes = parse_yaml(file).map_err(|e| vec![e])?;
    let trees: Vec<Tree<'_>> = nodes.iter().map(Tree::from_yaml).collect();
    let name = Path::new(&file.name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_owned();
    let err = |span, message: String, help: Option<String>| {
        vec![SourceDiagnostic::error(file, span, message, help)]
    };
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        || name.is_empty()
    {
        return Err(err(
            None,
            format!("`{name}` cannot be a table name"),
            Some("name data files in snake_case, e.g. `state_calling_hours.yaml`; conditions read them as `data.state_calling_hours`".into()),
        ));
    }
    let [tree] = trees.as_slice() else {
        return Err(err(
            None,
            "a data file holds one document".into(),
            Some("write `description:` and `values:`".into()),
        ));
    };
    let Some(entries) = tree.as_map() else {
        return Err(err(
            tree.span,
            "a data file is a mapping with `description` and `values`".into(),
            None,
        ));
    };
    let mut values = None;
    let mut problems = Vec::new();
    for (k, v) in entries {
        match k.as_str().unwrap_or("") {
            "description" | "source" => {
                if !v.is_string() {
                    problems.push(SourceDiagnostic::error(file, v.span, "must be text", None));
                }
            }
            "values" => values = Some(v),
            other => problems.push(SourceDiagnostic::error(
                file,
                k.span,
                format!("unknown key `{other}` in a data file"),
                Some("a data file has `description`, `source` and `values`".into()),
            )),
        }
    }
    if tree.get("description").is_none() {
        problems.push(SourceDiagnostic::error(
            file,
            tree.span,
            "the data file has no `description`",
            Some("say what the table is, for reviewers".into()),
        ));
    }
    let Some(values) = values else {
        problems.push(SourceDiagnostic::error(
            file,
            tree.span,
            "the data file has no `values`",
            None,
        ));
        return Err(problems);
    };
    match table_value(values, &name) {
        Ok((ty, value)) if problems.is_empty() => Ok(DataTable { name, ty, value }),
        Ok(_) => Err(problems),
        Err((span, message)) => {
            problems.push(SourceDiagnostic::error(
                file,
                span,
                message,
                Some("a table is a list of values, a list of records with the same keys, or one record of values".into()),
            ));
            Err(problems)
        }
    }
}

type TableError = (Option<dsl::Span>, String);

fn scalar(t: &Tree<'_>) -> Result<(Type, Const), TableError> {
    if let Some(b) = t.as_bool() {
        return Ok((Type::Bool, Const::Bool(b)));
    }
    if let Some(i) = t.as_i64() {
        return Ok((Type::Int, Const::Int(i)));
    }
    match t.as_str() {
        Some(s) if t.is_string() => {
            if let Some(m) = time_of_day(s) {
                return Ok((Type::TimeOfDay, Const::Time(m)));
            }
            if let Some(d) = crate::dsl::builtins::time::parse_date(s) {
                return Ok((Type::Date, Const::Date(d)));
            }
            Ok((Type::Str, Const::Str(s.into())))
        }
        _ => Err((t.span, format!("a table value cannot be {}", t.describe()))),
    }
}

fn time_of_day(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn record(t: &Tree<'_>, name: &str) -> Result<(Type, Const), TableError> {
    let entries = t.as_map().unwrap_or(&[]);
    let mut fields = Vec::with_capacity(entries.len());
    let mut values = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let (ty, c) = scalar(v)?;
        fields.push((k.as_str().unwrap_or("").to_owned(), ty));
        values.push(c);
    }
    Ok((
        Type::Data(Arc::new(DataShape {
            name: name.to_owned(),
            fields,
        })),
        Const::Record(values.into()),
    ))
}

fn table_value(t: &Tree<'_>, name: &str) -> Result<(Type, Const), TableError> {
    match &t.kind {
        TreeKind::Map(_) => record(t, name),
        TreeKind::Seq(items) => {
            let mut ty: Option<Type> = None;
            let mut values = Vec::with_capacity(items.len());
            for item in items {
                let (item_ty, c) = match item.kind {
                    TreeKind::Map(_) => record(item, name)?,
                    TreeKind::Seq(_) => {
                        return Err((
                            item.span,
                            "a table's list holds values or records, not lists".into(),
                        ))
                    }
                    _ => scalar(item)?,
                };
                match &ty {
                    None => ty = Some(item_ty),
                    Some(t) if *t == item_ty => {}
                    Some(t) => {
                        return Err((
                            item.span,
                            format!("this entry is a {item_ty}, but the first is a {t}; every entry has the same shape"),
                        ))
                    }
                }
                values.push(c);
            }
            let ty = ty.map_or(Type::EmptyList, |t| Type::List(Box::new(t)));
            Ok((ty, Const::List(values.into())))
        }
        _ => scalar(t),
    }
}
