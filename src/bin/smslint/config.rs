//! The project configuration, `smslint.yaml`: rule packs, selection, the failure threshold
//! and waivers, found upward from the working directory (as `.gitignore`-style tools do)
//! so a repository can keep it at its root.
//!
//! ```yaml
//! rules: [ci/sms-rules]              # packs besides the built-in one, relative to this file
//! select: [provisioning., number.]   # as --select; --select on the command line replaces it
//! ignore: [account.duplicate-alias]  # as --ignore
//! fail_on: warning                   # as --fail-on
//! include: ["accounts/**"]           # what a folder walk checks (globs relative to this file)
//! exclude: [fixtures, "**/*.generated.yaml"]  # what it leaves out, besides .gitignore
//! waivers:
//!   - rule: provisioning.area-code   # a rule id or id prefix
//!     number: "+18005550100"         # the number a finding is about, and/or
//!     path: accounts/legacy/**       # the files (relative to this file; * ** ? globs)
//!     reason: legacy toll-free line, moved by OPS-123
//!     expires: 2027-03-31            # after this day the waiver is itself a finding
//! ```
//!
//! A waiver silences the findings it matches until it expires; an expired waiver silences
//! nothing and is reported as an error finding at its `expires`, and a waiver that matched
//! nothing as a warning, so waivers do not outlive their reason unnoticed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use smslint::unstable::doc::{parse_yaml, Tree};
use smslint::unstable::text::did_you_mean;
use smslint::Selection;
use smslint::Span;
use smslint::{SourceDiagnostic, SourceFile};

/// The file name looked for.
pub(crate) const FILE_NAME: &str = "smslint.yaml";

const KEYS: [&str; 7] = [
    "rules", "select", "ignore", "fail_on", "include", "exclude", "waivers",
];
const WAIVER_KEYS: [&str; 5] = ["rule", "number", "path", "reason", "expires"];

/// The JSON Schema of `smslint.yaml` (`smslint schema config`), naming every key the
/// reader takes (a test keeps the two in step).
pub(crate) fn json_schema() -> serde_json::Value {
    let strings = |description: &str| {
        serde_json::json!({
            "type": "array",
            "items": { "type": "string" },
            "description": description,
        })
    };
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "smslint project configuration (smslint.yaml)",
        "type": "object",
        "properties": {
            "rules": strings("rule pack folders besides the built-in pack, relative to this file"),
            "select": strings("run only rules whose id is, or starts with, one of these"),
            "ignore": strings("skip rules whose id is, or starts with, one of these"),
            "fail_on": {
                "enum": ["error", "warning", "info", "never"],
                "description": "the least severe finding that fails the run",
            },
            "include": strings("globs of the files a folder walk checks, relative to this file"),
            "exclude": strings("globs of the files and folders a folder walk leaves out"),
            "waivers": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "rule": { "type": "string", "description": "a rule id or id prefix" },
                        "number": { "type": "string", "description": "the number a finding is about" },
                        "path": { "type": "string", "description": "the files, a glob relative to this file" },
                        "reason": { "type": "string", "minLength": 1 },
                        "expires": { "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                    },
                    "required": ["rule", "reason", "expires"],
                    "anyOf": [{ "required": ["number"] }, { "required": ["path"] }],
                    "additionalProperties": false,
                },
            },
        },
        "additionalProperties": false,
    })
}

/// A loaded `smslint.yaml`.
pub(crate) struct Config {
    /// The file, for findings about waivers.
    pub(crate) file: Arc<SourceFile>,
    /// The directory it is in: `rules` and waiver paths are relative to it.
    pub(crate) dir: PathBuf,
    pub(crate) rules: Vec<PathBuf>,
    pub(crate) select: Vec<String>,
    pub(crate) ignore: Vec<String>,
    pub(crate) fail_on: Option<FailOn>,
    /// Globs of the files a folder walk checks (relative to this file); all when empty.
    pub(crate) include: Vec<String>,
    /// Globs of the files and folders a folder walk leaves out.
    pub(crate) exclude: Vec<String>,
    pub(crate) waivers: Vec<Waiver>,
}

/// One waiver.
pub(crate) struct Waiver {
    pub(crate) rule: String,
    /// Where `rule` is written.
    pub(crate) rule_span: Option<Span>,
    pub(crate) number: Option<String>,
    pub(crate) path: Option<String>,
    pub(crate) reason: String,
    pub(crate) expires: jiff::civil::Date,
    /// Where `expires` is written.
    pub(crate) expires_span: Option<Span>,
    /// Where the waiver is written.
    pub(crate) span: Option<Span>,
}

impl Waiver {
    /// Whether the waiver covers a finding of `rule` in `file` (as the user named it)
    /// about `number`.
    pub(crate) fn covers(&self, dir: &Path, rule: &str, file: &str, number: Option<&str>) -> bool {
        if !Selection::new(vec![self.rule.clone()], vec![]).includes(rule) {
            return false;
        }
        if let Some(want) = &self.number {
            if number != Some(want.as_str()) {
                return false;
            }
        }
        if let Some(pattern) = &self.path {
            let Some(relative) = relative_to(dir, Path::new(file)) else {
                return false;
            };
            if !glob(pattern.trim_start_matches("./"), &relative) {
                return false;
            }
        }
        true
    }

    /// What the waiver is for, for messages: `rule` for `path` / `number`.
    pub(crate) fn describe(&self) -> String {
        let mut what = format!("`{}`", self.rule);
        if let Some(n) = &self.number {
            what.push_str(&format!(" for `{n}`"));
        }
        if let Some(p) = &self.path {
            what.push_str(&format!(" in `{p}`"));
        }
        what
    }
}

/// `file` relative to `dir`, with `/` separators, when it is inside it.
pub(crate) fn relative_to(dir: &Path, file: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let absolute = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        };
        // Lexically: `a/./b` and `a/x/../b` name `a/b`; symbolic links are not followed.
        let mut out = PathBuf::new();
        for part in p.components() {
            match part {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    };
    let rel = absolute(file)
        .strip_prefix(absolute(dir))
        .ok()?
        .to_path_buf();
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Whether `path` matches `pattern`: `*` any run of characters but `/`, `**` any run at
/// all, `?` one character but `/`. A pattern naming a directory (`accounts/legacy` or
/// `accounts/legacy/`) covers everything below it.
pub(crate) fn glob(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_end_matches('/');
    matches(pattern.as_bytes(), path.as_bytes())
        || matches(format!("{pattern}/**").as_bytes(), path.as_bytes())
}

fn matches(p: &[u8], s: &[u8]) -> bool {
    // The set of text positions a pattern prefix can reach, pattern character by pattern
    // character: linear in their product, so no pattern can make matching slow.
    let mut reach = vec![false; s.len() + 1];
    if let Some(first) = reach.first_mut() {
        *first = true;
    }
    let mut i = 0;
    while let Some(&c) = p.get(i) {
        if c != b'*' {
            reach = step(&reach, s, c);
            i += 1;
            continue;
        }
        let double = p.get(i + 1) == Some(&b'*');
        let mut next = vec![false; s.len() + 1];
        let mut open = false;
        for (j, slot) in next.iter_mut().enumerate() {
            open |= reach.get(j).copied().unwrap_or(false);
            *slot = open;
            if !double && s.get(j) == Some(&b'/') {
                open = false;
            }
        }
        i += if double { 2 } else { 1 };
        if double && p.get(i) == Some(&b'/') {
            // `**/` also matches no directory at all.
            let mut after = step(&next, s, b'/');
            for (a, r) in after.iter_mut().zip(&reach) {
                *a |= *r;
            }
            next = after;
            i += 1;
        }
        reach = next;
    }
    reach.last().copied().unwrap_or(false)
}

/// The positions reached from `reach` by one pattern character `c` (`?`: any but `/`).
fn step(reach: &[bool], s: &[u8], c: u8) -> Vec<bool> {
    let mut next = vec![false; reach.len()];
    for (j, &ch) in s.iter().enumerate() {
        if reach.get(j) == Some(&true) && (ch == c || (c == b'?' && ch != b'/')) {
            if let Some(slot) = next.get_mut(j + 1) {
                *slot = true;
            }
        }
    }
    next
}

/// The configuration in force: `explicit` when given, else `smslint.yaml` in the working
/// directory or the nearest directory above it.
pub(crate) fn find(explicit: Option<&Path>) -> Result<Option<Config>, Vec<SourceDiagnostic>> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir().ok().and_then(|cwd| {
            cwd.ancestors()
                .map(|d| d.join(FILE_NAME))
                .find(|p| p.is_file())
        }),
    };
    let Some(path) = path else {
        return Ok(None);
    };
    let shown = match std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
    {
        Some(rel) => rel.display().to_string(),
        None => path.display().to_string(),
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![SourceDiagnostic::error(
            &SourceFile::new(shown.clone(), ""),
            None,
            format!("cannot read the configuration: {e}"),
            Some("check the path, or run with --no-config".into()),
        )]
    })?;
    let file = SourceFile::new(shown, text);
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    load(file, dir).map(Some)
}

fn load(file: Arc<SourceFile>, dir: PathBuf) -> Result<Config, Vec<SourceDiagnostic>> {
    let nodes = parse_yaml(&file).map_err(|d| vec![d])?;
    let mut config = Config {
        file: Arc::clone(&file),
        dir,
        rules: Vec::new(),
        select: Vec::new(),
        ignore: Vec::new(),
        fail_on: None,
        include: Vec::new(),
        exclude: Vec::new(),
        waivers: Vec::new(),
    };
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<SourceDiagnostic>, span, message: String, help: &str| {
        errors.push(SourceDiagnostic::error(
            &file,
            span,
            message,
            Some(help.into()),
        ));
    };
    let trees: Vec<Tree<'_>> = nodes.iter().map(Tree::from_yaml).collect();
    let Some(root) = trees.first() else {
        return Ok(config);
    };
    let Some(entries) = root.as_map() else {
        err(
            &mut errors,
            root.span,
            "the configuration is not a mapping".into(),
            "write `key: value` lines: rules, select, ignore, fail_on, include, exclude, waivers",
        );
        return Err(errors);
    };
    for (key, value) in entries {
        let name = key.as_str().unwrap_or("");
        match name {
            "rules" | "select" | "ignore" | "include" | "exclude" => {
                let list = strings(value, name, &file, &mut errors);
                match name {
                    "rules" => {
                        config.rules = list.into_iter().map(|r| config.dir.join(r)).collect()
                    }
                    "select" => config.select = list,
                    "include" => config.include = list,
                    "exclude" => config.exclude = list,
                    _ => config.ignore = list,
                }
            }
            "fail_on" => {
                config.fail_on = match value.as_str() {
                    Some("error") => Some(FailOn::Error),
                    Some("warning") => Some(FailOn::Warning),
                    Some("info") => Some(FailOn::Info),
                    Some("never") => Some(FailOn::Never),
                    other => {
                        let what =
                            other.map_or_else(|| value.describe().to_owned(), |s| format!("`{s}`"));
                        err(
                            &mut errors,
                            value.span,
                            format!("`fail_on` cannot be {what}"),
                            "write error, warning, info or never",
                        );
                        None
                    }
                }
            }
            "waivers" => match value.as_seq() {
                Some(items) => {
                    for item in items {
                        if let Some(w) = waiver(item, &file, &mut errors) {
                            config.waivers.push(w);
                        }
                    }
                }
                None => err(
                    &mut errors,
                    value.span,
                    "`waivers` must be a list".into(),
                    "write each waiver as `- rule: …` with number or path, reason and expires",
                ),
            },
            other => {
                let help = did_you_mean(other, &KEYS)
                    .unwrap_or_else(|| format!("the keys are {}", KEYS.join(", ")));
                err(
                    &mut errors,
                    key.span,
                    format!("unknown key `{other}` in the configuration"),
                    &help,
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

fn strings(
    value: &Tree<'_>,
    name: &str,
    file: &Arc<SourceFile>,
    errors: &mut Vec<SourceDiagnostic>,
) -> Vec<String> {
    if let Some(one) = value.as_str().filter(|_| value.as_seq().is_none()) {
        return vec![one.to_owned()];
    }
    let Some(items) = value.as_seq() else {
        errors.push(SourceDiagnostic::error(
            file,
            value.span,
            format!("`{name}` must be a list of strings"),
            Some(format!("write `{name}: [a, b]`")),
        ));
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|t| match t.as_str() {
            Some(s) => Some(s.to_owned()),
            None => {
                errors.push(SourceDiagnostic::error(
                    file,
                    t.span,
                    format!("`{name}` holds {}, not a string", t.describe()),
                    None,
                ));
                None
            }
        })
        .collect()
}

fn waiver(
    item: &Tree<'_>,
    file: &Arc<SourceFile>,
    errors: &mut Vec<SourceDiagnostic>,
) -> Option<Waiver> {
    let before = errors.len();
    let mut push = |span, message: String, help: String| {
        errors.push(SourceDiagnostic::error(file, span, message, Some(help)));
    };
    let Some(entries) = item.as_map() else {
        push(
            item.span,
            "a waiver must be a mapping".into(),
            "write `rule:`, `number:` or `path:`, `reason:` and `expires:`".into(),
        );
        return None;
    };
    for (key, _) in entries {
        let name = key.as_str().unwrap_or("");
        if !WAIVER_KEYS.contains(&name) {
            let help = did_you_mean(name, &WAIVER_KEYS)
                .unwrap_or_else(|| format!("a waiver's keys are {}", WAIVER_KEYS.join(", ")));
            push(key.span, format!("unknown key `{name}` in a waiver"), help);
        }
    }
    let text = |key: &str| item.get(key).and_then(|t| t.as_str()).map(str::to_owned);
    let rule = text("rule");
    let reason = text("reason").filter(|r| !r.trim().is_empty());
    let (number, path) = (text("number"), text("path"));
    if rule.is_none() {
        push(
            item.span,
            "a waiver must name its `rule`".into(),
            "add `rule: ID` (an id or an id prefix)".into(),
        );
    }
    if number.is_none() && path.is_none() {
        push(
            item.span,
            "a waiver must name a `number` or a `path`".into(),
            "add `number: \"+1…\"` or `path: accounts/…`, so it waives no more than meant".into(),
        );
    }
    if reason.is_none() {
        push(
            item.span,
            "a waiver must give its `reason`".into(),
            "add `reason:` saying why the finding is accepted, and who decided".into(),
        );
    }
    let expires_tree = item.get("expires");
    let expires = match expires_tree.and_then(|t| t.as_str()) {
        Some(s) => match s.parse::<jiff::civil::Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                push(
                    expires_tree.and_then(|t| t.span),
                    format!("`{s}` is not a date"),
                    "write the day the waiver ends as YYYY-MM-DD".into(),
                );
                None
            }
        },
        None => {
            push(
                item.span,
                "a waiver must say when it `expires`".into(),
                "add `expires: YYYY-MM-DD`; waivers do not last forever".into(),
            );
            None
        }
    };
    if errors.len() > before {
        return None;
    }
    Some(Waiver {
        rule: rule?,
        rule_span: item.get("rule").and_then(|t| t.span),
        number,
        path,
        reason: reason?,
        expires: expires?,
        expires_span: expires_tree.and_then(|t| t.span),
        span: item.span,
    })
}

/// The severity from which findings fail the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    /// Errors only (the default).
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
    /// Never: findings are reported, the exit code is 0 unless the run failed.
    Never,
}

impl FailOn {
    /// The least severe finding that fails the run; `None` for never.
    pub(crate) fn threshold(self) -> Option<smslint::Severity> {
        match self {
            FailOn::Error => Some(smslint::Severity::Error),
            FailOn::Warning => Some(smslint::Severity::Warning),
            FailOn::Info => Some(smslint::Severity::Info),
            FailOn::Never => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_schema_names_every_key() {
        let sorted_keys = |object: &serde_json::Value| {
            let mut keys: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
            keys.sort_unstable();
            keys
        };
        let sorted = |names: &[&str]| {
            let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
            names.sort_unstable();
            names
        };
        let schema = json_schema();
        assert_eq!(sorted_keys(&schema["properties"]), sorted(&KEYS));
        assert_eq!(
            sorted_keys(&schema["properties"]["waivers"]["items"]["properties"]),
            sorted(&WAIVER_KEYS)
        );
    }

    #[test]
    fn globs() {
        assert!(glob("accounts/*.yaml", "accounts/a.yaml"));
        assert!(!glob("accounts/*.yaml", "accounts/x/a.yaml"));
        assert!(glob("accounts/**", "accounts/x/a.yaml"));
        assert!(glob("accounts/**/a.yaml", "accounts/a.yaml"));
        assert!(glob("accounts/**/a.yaml", "accounts/x/y/a.yaml"));
        assert!(glob("accounts/legacy", "accounts/legacy/a.yaml"));
        assert!(glob("accounts/legacy/", "accounts/legacy/a.yaml"));
        assert!(glob("a?c.yaml", "abc.yaml"));
        assert!(!glob("a?c.yaml", "a/c.yaml"));
        assert!(!glob("accounts/legacy", "accounts/legacy-2/a.yaml"));
        // No pattern is slow: the matcher is linear in pattern × path.
        let long = "a".repeat(2000);
        assert!(!glob(&"*a".repeat(200), &format!("{long}b")));
    }

    #[test]
    fn every_problem_in_a_configuration_is_reported() {
        let file = SourceFile::new(
            "smslint.yaml",
            "selct: [us.]\nfail_on: sometimes\nwaivers:\n  - rule: number.invalid\n    resaon: x\n    expires: soon\n",
        );
        let errors = load(file, PathBuf::from(".")).err().unwrap_or_default();
        let messages: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.location(), e.message))
            .collect();
        assert_eq!(
            messages,
            [
                "smslint.yaml:1:1: unknown key `selct` in the configuration",
                "smslint.yaml:2:10: `fail_on` cannot be `sometimes`",
                "smslint.yaml:5:5: unknown key `resaon` in a waiver",
                "smslint.yaml:4:5: a waiver must name a `number` or a `path`",
                "smslint.yaml:4:5: a waiver must give its `reason`",
                "smslint.yaml:6:14: `soon` is not a date",
            ]
        );
        assert_eq!(
            errors.first().and_then(|e| e.help.as_deref()),
            Some("did you mean `select`?")
        );
    }
}
