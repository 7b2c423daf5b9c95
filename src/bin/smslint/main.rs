//! The `smslint` command: a thin layer of argument parsing and rendering over the library.
//!
//! Exit codes: 0 the command did its job; 1 findings at or above the failure threshold (for
//! checking commands); 2 the run itself failed — bad arguments, unreadable input, or input
//! records that could not be read (the other records are still processed).

mod check;
mod config;
mod counting;
mod human;
mod json;
mod json_string;
mod jsonl;
mod output;
mod rules_cmd;
mod rules_doc;
mod segments;
mod tools;
mod walk;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// A rule engine and compliance linter for business SMS.
#[derive(Debug, Parser)]
#[command(name = "smslint", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show how a message body is encoded (GSM-7 or UCS-2) and split into SMS segments.
    Segments(segments::Args),
    /// Check account and message files against the rule packs (for CI): exit 0 clean, 1
    /// findings at or above `--fail-on`, 2 when something could not be checked.
    Check(check::Args),
    /// Validate, test, list, explain and document rule packs.
    #[command(subcommand)]
    Rules(rules_cmd::Command),
    /// Print a JSON Schema (account, message, rule, config, report) for editors and tools.
    Schema(tools::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(tools::CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

/// The run failed: say why on stderr and exit 2.
pub(crate) const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    // The long version hashes the built-in pack: only when it is asked for.
    let asked = std::env::args_os()
        .skip(1)
        .any(|a| a == "--version" || a == "-V");
    let mut command = Cli::command();
    if asked {
        let long: &'static str = Box::leak(tools::long_version().into_boxed_str());
        command = command.version(long);
    }
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Segments(args) => segments::run(&args).map_err(|e| e.to_string()),
        Command::Rules(command) => rules_cmd::run(&command),
        Command::Check(args) => check::run(&args),
        Command::Schema(args) => tools::schema(&args),
        Command::Completions(args) => tools::completions(&args),
        Command::Man => tools::man(),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Our messages may hold a line break before their help; what they quote from the
            // user is made visible line by line.
            let shown: Vec<String> = e
                .to_string()
                .lines()
                .map(|l| smslint::unstable::text::visible(l).into_owned())
                .collect();
            eprintln!("smslint: error: {}", shown.join("\n"));
            ExitCode::from(EXIT_ERROR)
        }
    }
}
