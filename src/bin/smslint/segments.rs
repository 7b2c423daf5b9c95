//! `smslint segments`: encoding and segments of one body (argument or stdin) or of every
//! line of a JSONL file.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use smslint::sms::{NationalLanguage, NationalLanguages, Options, SplitPolicy};

pub(crate) use crate::counting::{analyze, InputError, Mode};
use crate::output::Output;
use crate::{human, json, jsonl, EXIT_ERROR};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit codes: 0 every body was counted; 2 an argument or the input was unusable, or some JSONL
lines could not be read (the other lines are still counted and printed, in order).

Examples:
  smslint segments 'Your code is 123456'
  echo 'It’s here — finally…' | smslint segments --smart
  smslint segments --jsonl messages.jsonl --counts-only > counts.jsonl")]
pub(crate) struct Args {
    /// The message body. Without it (and without --jsonl) the body is read from stdin; one
    /// trailing newline there is not part of the body.
    text: Option<String>,

    /// Output format for a single body.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Count every line of FILE ("-" for stdin): a JSON string, or an object with a "body"
    /// string. Prints one JSON object per line, in order.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    jsonl: Option<PathBuf>,

    /// Print only encoding, segments, units and characters (as JSON): the batch mode.
    #[arg(long)]
    counts_only: bool,

    /// Where segments may be split: between grapheme clusters (an emoji, a flag or a letter
    /// with its accents is never cut, unless it alone exceeds a segment) or between any two
    /// code points.
    #[arg(long, value_enum, default_value_t = Split::Grapheme)]
    split: Split,

    /// Replace characters that force UCS-2 with their GSM-7 look-alikes (curly quotes,
    /// dashes, ellipsis, special spaces, …) before counting.
    #[arg(long)]
    smart: bool,

    /// Allow national language shift tables (TS 23.038 §6.2): a comma-separated list of
    /// turkish, spanish, portuguese, or "all". The combination needing the fewest segments
    /// wins, header cost included.
    #[arg(long, value_name = "LANGS", value_delimiter = ',', value_parser = parse_languages)]
    national: Vec<NationalLanguages>,

    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,

    /// Write the output to FILE instead of stdout, atomically (it appears whole when the
    /// run ends, or not at all); FILE may not be the input.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Split {
    Grapheme,
    Codepoint,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_languages(s: &str) -> Result<NationalLanguages, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(NationalLanguages::all());
    }
    NationalLanguage::from_name(s)
        .map(|l| NationalLanguages::NONE.with(l))
        .ok_or_else(|| {
            let names: Vec<_> = NationalLanguage::ALL.iter().map(|l| l.name()).collect();
            format!(
                "unknown language `{s}`; expected {} or all",
                names.join(", ")
            )
        })
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, InputError> {
    let options = Options {
        split: match args.split {
            Split::Grapheme => SplitPolicy::Grapheme,
            Split::Codepoint => SplitPolicy::Codepoint,
        },
        national: args.national.iter().flat_map(|set| set.iter()).collect(),
    };
    let mode = Mode {
        options,
        smart: args.smart,
        counts_only: args.counts_only,
    };
    let inputs: Vec<PathBuf> = args.jsonl.iter().cloned().collect();
    let mut out = Output::open(args.output.as_deref(), &inputs).map_err(InputError)?;
    if let Some(path) = &args.jsonl {
        let clean = jsonl::run(path, mode, &mut out)?;
        out.finish()
            .map_err(|e| InputError(format!("cannot write the output: {e}")))?;
        return Ok(if clean {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_ERROR)
        });
    }
    let body = match &args.text {
        Some(text) => text.clone(),
        None => read_stdin_body()?,
    };
    let written = if args.counts_only || args.format == Format::Json {
        let mut line = Vec::new();
        json::write_body(&mut line, &body, mode);
        line.push(b'\n');
        out.write_all(&line)
    } else {
        let color = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => out.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        let (shown, analysis) = analyze(&body, mode);
        out.write_all(human::render(&shown, &analysis, mode, color).as_bytes())
    }
    .and_then(|()| out.finish());
    match written {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(InputError(format!("cannot write the output: {e}"))),
    }
}

/// The longest body read from stdin, as a JSONL line may be: `yes | smslint segments` must
/// not grow until the system kills it.
const MAX_STDIN_BYTES: usize = jsonl::MAX_LINE_BYTES;

fn read_stdin_body() -> Result<String, InputError> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_STDIN_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError(format!("cannot read stdin: {e}")))?;
    if bytes.len() > MAX_STDIN_BYTES {
        return Err(InputError(format!(
            "<stdin>: the body is over the limit of {MAX_STDIN_BYTES} bytes; it was not counted\n  help: count a message body (at most 64 KiB), or one body a line with --jsonl"
        )));
    }
    let mut body = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let (line, column) = jsonl::line_column(e.as_bytes(), at);
        InputError(format!(
            "<stdin>:{line}:{column}: the body is not valid UTF-8 (byte {at})\n  help: save the text as UTF-8"
        ))
    })?;
    if body.ends_with('\n') {
        body.pop();
        if body.ends_with('\r') {
            body.pop();
        }
    }
    Ok(body)
}
