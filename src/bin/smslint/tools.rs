//! The commands for other tools: `smslint schema` (JSON Schemas for editors),
//! `smslint completions` (shell completion scripts) and `smslint man` (the man page).

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args as ClapArgs, CommandFactory};
use serde_json::Value;

/// `smslint schema` arguments.
#[derive(Debug, ClapArgs)]
pub(crate) struct SchemaArgs {
    /// Which schema: `account`, `message`, `rule`, `config` or `report`; without it, the
    /// list.
    #[arg(value_name = "NAME")]
    name: Option<String>,
}

/// `smslint completions` arguments.
#[derive(Debug, ClapArgs)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Every schema `smslint schema` knows: the library's and the configuration's.
fn schemas() -> Vec<(&'static str, &'static str, Value)> {
    let mut all = smslint::schemas::all();
    all.insert(
        3,
        (
            "config",
            "the project configuration, smslint.yaml",
            crate::config::json_schema(),
        ),
    );
    all
}

pub(crate) fn schema(args: &SchemaArgs) -> Result<ExitCode, String> {
    let all = schemas();
    let Some(name) = &args.name else {
        let mut text = String::new();
        for (name, what, _) in &all {
            text.push_str(&format!("{name:<8} {what}\n"));
        }
        return write(&text);
    };
    let Some((_, _, schema)) = all.iter().find(|(n, _, _)| n == name) else {
        let names: Vec<&str> = all.iter().map(|(n, _, _)| *n).collect();
        return Err(format!(
            "there is no schema `{}`; {}",
            smslint::unstable::text::visible(name),
            smslint::unstable::text::did_you_mean(name, &names)
                .unwrap_or_else(|| format!("the schemas are {}", names.join(", ")))
        ));
    };
    let mut text = serde_json::to_string_pretty(schema).map_err(|e| e.to_string())?;
    text.push('\n');
    write(&text)
}

pub(crate) fn completions(args: &CompletionsArgs) -> Result<ExitCode, String> {
    let mut command = crate::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "smslint", &mut out);
    io::stdout()
        .lock()
        .write_all(&out)
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn man() -> Result<ExitCode, String> {
    let command = crate::Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|e| e.to_string())?;
    io::stdout()
        .lock()
        .write_all(&out)
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn write(text: &str) -> Result<ExitCode, String> {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.to_string()),
    }
}

/// The long version: the crate's, the built-in pack's digest and size, and the time-zone
/// database's release, which an audit of a verdict needs.
pub(crate) fn long_version() -> String {
    let pack = smslint::PackSource::builtin();
    format!(
        "{}\nbuilt-in rules: {} files, sha256 {}\ntime-zone database: IANA {}",
        env!("CARGO_PKG_VERSION"),
        pack.rules.len(),
        pack.digest(),
        smslint::tzdb_version().unwrap_or("(unknown release)")
    )
}
