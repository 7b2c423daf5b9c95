//! The Python extension module `smslint._smslint`, which the `smslint` package re-exports.
//!
//! Messages arrive as dicts (or keyword arguments) and are read with serde through
//! `pythonize` into the library's `MessageBuf`, so Python refuses exactly what every other
//! front door refuses, with the same words. Checks run with the GIL released: one `Engine`
//! serves every thread.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyIterator, PyList, PyString, PyTuple};

use smslint::sms::{self, NationalLanguage, NationalLanguages, Options, SplitPolicy};
use smslint::unstable::doc::schema::Values;
use smslint::{Message, MessageBuf, MessageError, Schema, Selection, SourceFile};

create_exception!(
    _smslint,
    InputError,
    PyValueError,
    "A message or document that cannot be read: an unknown key, a value of the wrong type or \
     outside its field's values, a time without a zone. `problems` lists each as \
     `(message, help)`."
);
create_exception!(
    _smslint,
    RulePackError,
    PyValueError,
    "A rule pack that does not load: `problems` lists each problem with its file and place."
);

/// One violated rule.
#[pyclass(frozen, get_all, module = "smslint")]
#[derive(Clone)]
struct Finding {
    /// The rule's id, such as `us.quiet-hours`.
    rule: String,
    /// `error`, `warning` or `info`.
    severity: &'static str,
    /// What is wrong.
    message: String,
    /// What to do, if the rule says.
    help: Option<String>,
    /// `(start, end)` byte offsets in the document's text, when it came from text.
    span: Option<(usize, usize)>,
    /// 1-based line and column of the start, when it came from text.
    line: Option<usize>,
    column: Option<usize>,
}

#[pymethods]
impl Finding {
    fn __repr__(&self) -> String {
        format!(
            "Finding(rule={:?}, severity={:?}, message={:?})",
            self.rule, self.severity, self.message
        )
    }

    fn __str__(&self) -> String {
        format!("{}[{}]: {}", self.severity, self.rule, self.message)
    }

    /// The finding as a dict (the keys of the CLI's JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("severity", self.severity)?;
        d.set_item("message", &self.message)?;
        d.set_item("help", &self.help)?;
        d.set_item("span", self.span)?;
        d.set_item("line", self.line)?;
        d.set_item("column", self.column)?;
        Ok(d)
    }
}

/// A rule that could not judge the document (an unknown time zone, a value that cannot be
/// read in a batch): the document is not known to be fine, so it counts as an error.
#[pyclass(frozen, get_all, module = "smslint")]
#[derive(Clone)]
struct Failure {
    /// The rule's id, or `smslint.input-error` for input that could not be read.
    rule: String,
    /// What failed.
    message: String,
}

#[pymethods]
impl Failure {
    fn __repr__(&self) -> String {
        format!("Failure(rule={:?}, message={:?})", self.rule, self.message)
    }

    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", &self.rule)?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }
}

/// Everything found in one message or document.
#[pyclass(frozen, get_all, module = "smslint")]
struct Report {
    /// The violated rules, in the order of their places (rule order where they share one).
    findings: Vec<Finding>,
    /// The rules that could not judge.
    failures: Vec<Failure>,
}

#[pymethods]
impl Report {
    /// Whether any finding is an error, or any rule could not judge: do not send it as it is.
    #[getter]
    fn has_errors(&self) -> bool {
        !self.failures.is_empty() || self.findings.iter().any(|f| f.severity == "error")
    }

    /// Whether nothing was found and nothing failed.
    #[getter]
    fn is_clean(&self) -> bool {
        self.findings.is_empty() && self.failures.is_empty()
    }

    fn __len__(&self) -> usize {
        self.findings.len()
    }

    fn __iter__(slf: PyRef<'_, Self>) -> PyResult<Bound<'_, PyIterator>> {
        let py = slf.py();
        let list = PyList::new(py, slf.findings.iter().cloned())?;
        list.try_iter()
    }

    fn __repr__(&self) -> String {
        format!(
            "Report(findings={}, failures={}, has_errors={})",
            self.findings.len(),
            self.failures.len(),
            if self.has_errors() { "True" } else { "False" }
        )
    }

    /// The report as a dict: `findings`, `failures`, `has_errors`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let findings = PyList::empty(py);
        for f in &self.findings {
            findings.append(f.to_dict(py)?)?;
        }
        let failures = PyList::empty(py);
        for f in &self.failures {
            failures.append(f.to_dict(py)?)?;
        }
        d.set_item("findings", findings)?;
        d.set_item("failures", failures)?;
        d.set_item("has_errors", self.has_errors())?;
        Ok(d)
    }
}

fn report(report: smslint::Report, file: Option<&SourceFile>) -> Report {
    let place = |span: Option<smslint::Span>| {
        let span = span.filter(|_| file.is_some_and(|f| !f.text.is_empty()))?;
        let (line, column) = file?.line_col(span.start);
        Some(((span.start, span.end), line, column))
    };
    let mut findings: Vec<Finding> = report
        .findings
        .into_iter()
        .map(|f| {
            let at = place(f.span);
            Finding {
                rule: f.rule.to_string(),
                severity: f.severity.as_str(),
                message: f.message,
                help: f.help,
                span: at.map(|a| a.0),
                line: at.map(|a| a.1),
                column: at.map(|a| a.2),
            }
        })
        .collect();
    findings.sort_by_key(|f| f.span.map(|s| s.0));
    Report {
        findings,
        failures: report
            .errors
            .into_iter()
            .map(|e| Failure {
                rule: e.rule.to_string(),
                message: e.message,
            })
            .collect(),
    }
}

/// Problems with input, each a message and its help.
type Problems = Vec<(String, Option<String>)>;

/// A report for input that could not be read, in a batch: one failure per problem.
fn unreadable(problems: Problems) -> Report {
    Report {
        findings: Vec::new(),
        failures: problems
            .into_iter()
            .map(|(message, help)| Failure {
                rule: "smslint.input-error".into(),
                message: match help {
                    Some(h) => format!("{message} ({h})"),
                    None => message,
                },
            })
            .collect(),
    }
}

fn problems_of(e: &MessageError) -> Problems {
    e.problems
        .iter()
        .map(|p| (p.message.clone(), p.help.clone()))
        .collect()
}

/// An `InputError` carrying every problem, its text each problem with its help.
fn input_error(py: Python<'_>, problems: Problems) -> PyErr {
    let text = problems
        .iter()
        .map(|(m, h)| match h {
            Some(h) => format!("{m} ({h})"),
            None => m.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ");
    let err = InputError::new_err(text);
    let _ = err.value(py).setattr("problems", problems);
    err
}

/// The message as a dict the library reads: `message` (a mapping) and keyword arguments
/// merged, `from_` read as `from`, a `datetime` `send_at` written in RFC 3339.
fn message_dict<'py>(
    py: Python<'py>,
    message: Option<&Bound<'py, PyAny>>,
    kwargs: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    if let Some(m) = message {
        let Ok(mapping) = m.cast::<PyDict>() else {
            return Err(PyTypeError::new_err(format!(
                "a message is a dict of its fields, not {}",
                m.get_type().name()?
            )));
        };
        d.update(mapping.as_mapping())?;
    }
    if let Some(k) = kwargs {
        d.update(k.as_mapping())?;
    }
    if let Some(v) = d.get_item("from_")? {
        if d.contains("from")? {
            return Err(input_error(
                py,
                vec![(
                    "the message gives both `from` and `from_`".into(),
                    Some("give one: `from_` is `from` spelled for a keyword argument".into()),
                )],
            ));
        }
        d.del_item("from_")?;
        d.set_item("from", v)?;
    }
    aware_times(py, &d, "message.")?;
    if let Some(recipient) = d.get_item("recipient")? {
        if let Ok(r) = recipient.cast::<PyDict>() {
            // A copy: the caller's own dict is left as it was given.
            let r = r.copy()?;
            aware_times(py, &r, "message.recipient.")?;
            d.set_item("recipient", r)?;
        }
    }
    Ok(d)
}

/// Writes each instant field of `d` (`send_at`, `recipient.consent_at`, …) given as a
/// `datetime` as its ISO 8601 text; a naive datetime is an error naming the field.
fn aware_times(py: Python<'_>, d: &Bound<'_, PyDict>, prefix: &str) -> PyResult<()> {
    use smslint::unstable::doc::schema::{FieldType, MESSAGE, RECIPIENT};
    let datetime = py.import("datetime")?.getattr("datetime")?;
    let keys: Vec<Bound<'_, PyAny>> = d.keys().iter().collect();
    for key in keys {
        let Some(name) = key
            .cast::<PyString>()
            .ok()
            .and_then(|k| k.to_str().ok().map(str::to_owned))
        else {
            continue;
        };
        let Some(at) = d.get_item(&name)? else {
            continue;
        };
        if !at.is_instance(&datetime)? {
            continue;
        }
        let instant = if prefix == "message." {
            MESSAGE.field(&name)
        } else {
            RECIPIENT.field(&name)
        }
        .is_some_and(|f| f.ty == FieldType::Instant);
        if !instant {
            continue;
        }
        if at.call_method0("utcoffset")?.is_none() {
            return Err(input_error(
                py,
                vec![(
                    format!("`{prefix}{name}` is a datetime without a time zone"),
                    Some(
                        "give it a zone (`datetime(..., tzinfo=timezone.utc)` or a \
                         `zoneinfo.ZoneInfo`): a naive time could be anywhere"
                            .into(),
                    ),
                )],
            ));
        }
        d.set_item(&name, at.call_method0("isoformat")?)?;
    }
    Ok(())
}

/// What a key of a message dict is to the fast reading: one field of [`Message`] each,
/// `Other` for a field it leaves to the general reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Kind,
    Id,
    Direction,
    Sender,
    Provider,
    From,
    To,
    Body,
    Brand,
    SendAt,
    Category,
    Consent,
    OptedOut,
    AgeVerified,
    MessagesLast24h,
    State,
    TimeZone,
    ConsumerInitiated,
    FirstMessage,
    OptOutConfirmation,
    OptInConfirmation,
    Other,
}

impl Slot {
    /// The slot of a field: of the message (`record` `None`) or of one of its records.
    fn of(record: Option<&str>, name: &str) -> Slot {
        match (record, name) {
            (None, "id") => Slot::Id,
            (None, "direction") => Slot::Direction,
            (None, "sender") => Slot::Sender,
            (None, "provider") => Slot::Provider,
            (None, "from") => Slot::From,
            (None, "to") => Slot::To,
            (None, "body") => Slot::Body,
            (None, "brand") => Slot::Brand,
            (None, "send_at") => Slot::SendAt,
            (None, "category") => Slot::Category,
            (Some("recipient"), "consent") => Slot::Consent,
            (Some("recipient"), "opted_out") => Slot::OptedOut,
            (Some("recipient"), "age_verified") => Slot::AgeVerified,
            (Some("recipient"), "messages_last_24h") => Slot::MessagesLast24h,
            (Some("recipient"), "state") => Slot::State,
            (Some("recipient"), "time_zone") => Slot::TimeZone,
            (Some("conversation"), "consumer_initiated") => Slot::ConsumerInitiated,
            (Some("conversation"), "first_message") => Slot::FirstMessage,
            (Some("conversation"), "opt_out_confirmation") => Slot::OptOutConfirmation,
            (Some("conversation"), "opt_in_confirmation") => Slot::OptInConfirmation,
            _ => Slot::Other,
        }
    }
}

/// The slot of each field of the message schema, in its order, with the slots of the
/// fields of a record field: worked out once, so that reading a key is a search of the
/// schema by position and a table read, not a comparison of names.
static SLOTS: std::sync::LazyLock<Vec<(Slot, Vec<Slot>)>> = std::sync::LazyLock::new(|| {
    use smslint::unstable::doc::schema::{FieldType, MESSAGE};
    MESSAGE
        .fields
        .iter()
        .map(|f| {
            let inner = match f.ty {
                FieldType::Record(record) => record
                    .fields
                    .iter()
                    .map(|n| Slot::of(Some(f.name), n.name))
                    .collect(),
                _ => Vec::new(),
            };
            (Slot::of(None, f.name), inner)
        })
        .collect()
});

/// Where the field called `name` is in `fields`: the first byte and the length rule out
/// most fields before the names are compared.
fn position(fields: &[smslint::unstable::doc::schema::Field], name: &str) -> Option<usize> {
    let first = name.as_bytes().first();
    fields
        .iter()
        .position(|f| f.name.as_bytes().first() == first && f.name == name)
}

/// A value of a message dict, with its slot and the values its field accepts.
type Item<'py> = (Slot, Values, Bound<'py, PyAny>);

/// The message schema's field names as interned Python strings, each with its position in
/// its record (`kind` at [`KIND`]), and the same for each record field's own fields. A key
/// written in Python source is such an interned string, so most keys are found by address,
/// without reading their text; any other key is read and looked up by name.
struct InternedKeys {
    top: Vec<(Py<PyString>, usize)>,
    /// By the position of the record field in the message; empty for other fields.
    inner: Vec<Vec<(Py<PyString>, usize)>>,
}

/// Where `kind` is among [`InternedKeys::top`]: no field of the schema.
const KIND: usize = usize::MAX;

static INTERNED: pyo3::sync::PyOnceLock<InternedKeys> = pyo3::sync::PyOnceLock::new();

fn interned_keys(py: Python<'_>) -> &InternedKeys {
    use smslint::unstable::doc::schema::{FieldType, MESSAGE};
    INTERNED.get_or_init(py, || {
        let names =
            |fields: &[smslint::unstable::doc::schema::Field]| -> Vec<(Py<PyString>, usize)> {
                fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| (PyString::intern(py, f.name).unbind(), i))
                    .collect()
            };
        let mut top = names(MESSAGE.fields);
        top.push((PyString::intern(py, "kind").unbind(), KIND));
        let inner = MESSAGE
            .fields
            .iter()
            .map(|f| match f.ty {
                FieldType::Record(record) => names(record.fields),
                _ => Vec::new(),
            })
            .collect();
        InternedKeys { top, inner }
    })
}

/// The position of `key` among `keys` when it is one of those very strings, looked for
/// from `*next` on (a dict's keys mostly come in the schema's order), which is then set to
/// the entry after it.
#[inline]
fn by_address(
    keys: &[(Py<PyString>, usize)],
    key: &Bound<'_, PyString>,
    next: &mut usize,
) -> Option<usize> {
    let at = key.as_ptr();
    let (before, after) = keys.split_at((*next).min(keys.len()));
    let (found, k) = after
        .iter()
        .zip(*next..)
        .chain(before.iter().zip(0..))
        .find(|((k, _), _)| std::ptr::eq(k.as_ptr(), at))?;
    *next = k + 1;
    Some(found.1)
}

/// The values of a message dict by key, when every key is one the message schema declares
/// (or `kind`) and the records are dicts; `None` otherwise.
fn message_items<'py>(dict: &Bound<'py, PyDict>) -> Option<Vec<Item<'py>>> {
    use smslint::unstable::doc::schema::{FieldType, MESSAGE};
    let slots = &*SLOTS;
    let keys = interned_keys(dict.py());
    let mut items = Vec::with_capacity(dict.len() + 4);
    let mut next = 0;
    for (key, value) in dict.iter() {
        let key = key.cast::<PyString>().ok()?;
        let at = match by_address(&keys.top, key, &mut next) {
            Some(at) => at,
            None => match key.to_str().ok()? {
                "kind" => KIND,
                name => position(MESSAGE.fields, name)?,
            },
        };
        if at == KIND {
            items.push((Slot::Kind, Values::Any, value));
            continue;
        }
        let (field, (slot, inner_slots)) = MESSAGE.fields.get(at).zip(slots.get(at))?;
        let FieldType::Record(inner) = field.ty else {
            items.push((*slot, field.values, value));
            continue;
        };
        let record = value.cast::<PyDict>().ok()?;
        let inner_keys = keys.inner.get(at).map_or(&[][..], Vec::as_slice);
        let mut next = 0;
        for (k, v) in record.iter() {
            let k = k.cast::<PyString>().ok()?;
            let at = match by_address(inner_keys, k, &mut next) {
                Some(at) => at,
                None => position(inner.fields, k.to_str().ok()?)?,
            };
            let (nested, slot) = inner.fields.get(at).zip(inner_slots.get(at))?;
            items.push((*slot, nested.values, v));
        }
    }
    Some(items)
}

/// The fast reading of a message dict: the usual shape (known keys, values of their types
/// and sets) read in place into a borrowed [`Message`], with no copy of its texts. Anything
/// else is `None`, and the general reading, which explains every problem, takes it; so the
/// two accept the same messages with the same values (a test compares them).
fn fast_message<'a>(items: &'a [Item<'_>]) -> Option<Message<'a>> {
    use smslint::{Category, Consent, Direction, Sender};
    let text =
        |v: &'a Bound<'_, PyAny>| -> Option<&'a str> { v.cast::<PyString>().ok()?.to_str().ok() };
    let checked = |values: Values, v: &'a Bound<'_, PyAny>| -> Option<&'a str> {
        let t = text(v)?;
        values.accepts(t).then_some(t)
    };
    let flag =
        |v: &Bound<'_, PyAny>| -> Option<bool> { v.cast::<PyBool>().ok().map(|b| b.is_true()) };
    let mut m = Message::new(Direction::Outbound, Sender::Agent, "", "", "");
    let mut required = 0u8;
    for (slot, values, value) in items {
        match *slot {
            Slot::Kind => text(value).filter(|k| *k == "message").map(|_| ())?,
            Slot::Id => m.id = Some(checked(*values, value)?),
            Slot::Direction => {
                m.direction = match text(value)? {
                    "outbound" => Direction::Outbound,
                    "inbound" => Direction::Inbound,
                    _ => return None,
                };
                required |= 1;
            }
            Slot::Sender => {
                m.sender = match text(value)? {
                    "agent" => Sender::Agent,
                    "bot" => Sender::Bot,
                    "system" => Sender::System,
                    "consumer" => Sender::Consumer,
                    _ => return None,
                };
                required |= 2;
            }
            Slot::Provider => {
                m.provider = checked(*values, value)?;
                required |= 4;
            }
            Slot::From => {
                m.from = checked(*values, value)?;
                required |= 8;
            }
            Slot::To => {
                m.to = checked(*values, value)?;
                required |= 16;
            }
            Slot::Body => {
                m.body = checked(*values, value)?;
                required |= 32;
            }
            Slot::Brand => m.brand = Some(checked(*values, value)?),
            Slot::SendAt => {
                m.send_at = Some(match text(value) {
                    Some(t) => smslint::unstable::doc::parse_instant(t).ok()?,
                    // A datetime: aware ones only (a naive one is the general reading's error).
                    None => {
                        value
                            .call_method0("utcoffset")
                            .ok()
                            .filter(|o| !o.is_none())?;
                        let seconds: f64 = value.call_method0("timestamp").ok()?.extract().ok()?;
                        if seconds.fract() != 0.0 || !seconds.is_finite() {
                            return None;
                        }
                        seconds as i64
                    }
                })
            }
            Slot::Category => {
                m.category = Some(match text(value)? {
                    "marketing" => Category::Marketing,
                    "informational" => Category::Informational,
                    "conversational" => Category::Conversational,
                    _ => return None,
                })
            }
            Slot::Consent => {
                m.recipient.consent = Some(match text(value)? {
                    "none" => Consent::None,
                    "express" => Consent::Express,
                    "express_written" => Consent::ExpressWritten,
                    "implied_purchase" => Consent::ImpliedPurchase,
                    "implied_inquiry" => Consent::ImpliedInquiry,
                    _ => return None,
                })
            }
            Slot::OptedOut => m.recipient.opted_out = Some(flag(value)?),
            Slot::AgeVerified => m.recipient.age_verified = Some(flag(value)?),
            Slot::MessagesLast24h => {
                if value.is_instance_of::<PyBool>() {
                    return None;
                }
                let n: i64 = value.cast::<PyInt>().ok()?.extract().ok()?;
                m.recipient.messages_last_24h = Some(n).filter(|n| *n >= 0);
                m.recipient.messages_last_24h?;
            }
            Slot::State => m.recipient.state = Some(checked(*values, value)?),
            Slot::TimeZone => m.recipient.time_zone = Some(checked(*values, value)?),
            Slot::ConsumerInitiated => m.conversation.consumer_initiated = Some(flag(value)?),
            Slot::FirstMessage => m.conversation.first_message = Some(flag(value)?),
            Slot::OptOutConfirmation => m.conversation.opt_out_confirmation = Some(flag(value)?),
            Slot::OptInConfirmation => m.conversation.opt_in_confirmation = Some(flag(value)?),
            Slot::Other => return None,
        }
    }
    (required == 63).then_some(m)
}

fn read_message(d: &Bound<'_, PyDict>) -> Result<MessageBuf, MessageError> {
    let mut de = pythonize::Depythonizer::from_object(d.as_any());
    MessageBuf::read(&mut de)
}

/// Splits a comma-separated list or a list of names into national languages.
fn languages(national: Option<&Bound<'_, PyAny>>) -> PyResult<NationalLanguages> {
    let Some(national) = national else {
        return Ok(NationalLanguages::NONE);
    };
    let names: Vec<String> = if let Ok(s) = national.cast::<PyString>() {
        s.to_str()?
            .split(',')
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect()
    } else {
        national.extract()?
    };
    let mut set = NationalLanguages::NONE;
    for name in names {
        if name.eq_ignore_ascii_case("all") {
            set = NationalLanguages::all();
            continue;
        }
        let Some(language) = NationalLanguage::from_name(&name) else {
            let known: Vec<&str> = NationalLanguage::ALL.iter().map(|l| l.name()).collect();
            return Err(PyValueError::new_err(format!(
                "no national language table `{name}`; the tables are {}, or all",
                known.join(", ")
            )));
        };
        set = set.with(language);
    }
    Ok(set)
}

/// How a message body is encoded and split into SMS segments (3GPP TS 23.038/23.040).
#[pyfunction]
#[pyo3(signature = (body, *, split = "grapheme", national = None, smart = false))]
fn segments<'py>(
    py: Python<'py>,
    body: &str,
    split: &str,
    national: Option<&Bound<'py, PyAny>>,
    smart: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let split = match split {
        "grapheme" => SplitPolicy::Grapheme,
        "codepoint" => SplitPolicy::Codepoint,
        other => {
            return Err(PyValueError::new_err(format!(
                "`split` is `grapheme` or `codepoint`, not `{other}`"
            )))
        }
    };
    let options = Options {
        split,
        national: languages(national)?,
    };
    let counted = if smart {
        sms::smart::replace(body)
    } else {
        std::borrow::Cow::Borrowed(body)
    };
    let a = py.detach(|| sms::analyze(&counted, &options));
    let c = &a.counts;
    let d = PyDict::new(py);
    d.set_item(intern!(py, "encoding"), c.encoding.as_str())?;
    d.set_item(intern!(py, "segments"), c.segments)?;
    d.set_item(intern!(py, "units"), c.units)?;
    d.set_item(intern!(py, "unit"), c.encoding.unit_name())?;
    d.set_item(intern!(py, "characters"), c.characters)?;
    d.set_item(intern!(py, "graphemes"), a.graphemes)?;
    d.set_item(intern!(py, "utf16_units"), a.utf16_units)?;
    d.set_item(intern!(py, "septets"), a.septets)?;
    let capacity = c.capacity();
    d.set_item(
        intern!(py, "capacity"),
        (capacity.single, capacity.concatenated),
    )?;
    if c.tables.information_elements() > 0 {
        d.set_item(
            intern!(py, "tables"),
            (c.tables.locking.name(), c.tables.single.name()),
        )?;
    } else {
        d.set_item(intern!(py, "tables"), py.None())?;
    }
    let parts = PyList::empty(py);
    for p in &a.parts {
        let part = PyDict::new(py);
        part.set_item(intern!(py, "start"), p.range.start)?;
        part.set_item(intern!(py, "end"), p.range.end)?;
        part.set_item(intern!(py, "units"), p.units)?;
        part.set_item(intern!(py, "capacity"), p.capacity)?;
        part.set_item(
            intern!(py, "text"),
            counted.get(p.range.clone()).unwrap_or(""),
        )?;
        parts.append(part)?;
    }
    d.set_item(intern!(py, "parts"), parts)?;
    let non_gsm = PyList::empty(py);
    for n in &a.non_gsm {
        let item = PyDict::new(py);
        item.set_item(intern!(py, "char"), n.ch.to_string())?;
        item.set_item(intern!(py, "offset"), n.offset)?;
        item.set_item(intern!(py, "index"), n.index)?;
        item.set_item(intern!(py, "replacement"), n.replacement)?;
        non_gsm.append(item)?;
    }
    d.set_item(intern!(py, "non_gsm"), non_gsm)?;
    let after = PyDict::new(py);
    after.set_item(
        intern!(py, "encoding"),
        a.after_replacement.encoding.as_str(),
    )?;
    after.set_item(intern!(py, "segments"), a.after_replacement.segments)?;
    after.set_item(intern!(py, "units"), a.after_replacement.units)?;
    d.set_item(intern!(py, "after_replacement"), after)?;
    if smart {
        d.set_item(intern!(py, "text"), counted.as_ref())?;
    }
    Ok(d)
}

/// The counts of a body: `encoding`, `segments`, `units`, `characters`.
#[pyclass(frozen, get_all, module = "smslint")]
struct Count {
    /// `GSM-7` or `UCS-2`.
    encoding: &'static str,
    segments: usize,
    units: usize,
    characters: usize,
}

#[pymethods]
impl Count {
    fn __repr__(&self) -> String {
        format!(
            "Count(encoding={:?}, segments={}, units={}, characters={})",
            self.encoding, self.segments, self.units, self.characters
        )
    }
}

/// The counts alone, as `segments()` gives them (with the default options): the fast path
/// for live counters and bulk counting, without building the parts and characters lists.
#[pyfunction]
fn count(body: &str) -> Count {
    let c = sms::count(body, &Options::default());
    Count {
        encoding: c.encoding.as_str(),
        segments: c.segments,
        units: c.units,
        characters: c.characters,
    }
}

/// The compiled rules: build once, share between threads, check every message.
#[pyclass(frozen, module = "smslint")]
struct Engine {
    inner: Arc<smslint::Engine>,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (rules = None, *, builtin = true, select = None, ignore = None))]
    fn new(
        py: Python<'_>,
        rules: Option<Vec<PathBuf>>,
        builtin: bool,
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
    ) -> PyResult<Engine> {
        let dirs = rules.unwrap_or_default();
        let selection = Selection::new(select.unwrap_or_default(), ignore.unwrap_or_default());
        let loaded = py.detach(|| {
            let mut packs = Vec::new();
            let mut problems = Vec::new();
            if builtin {
                packs.push(smslint::PackSource::builtin());
            }
            for dir in &dirs {
                match smslint::PackSource::read_dir(dir) {
                    Ok(p) => packs.push(p),
                    Err(e) => problems.push(e),
                }
            }
            let (rules, more) = smslint::load_rules(&packs);
            problems.extend(more);
            (rules, problems)
        });
        let (rules, problems) = loaded;
        if !problems.is_empty() {
            let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            let err = RulePackError::new_err(format!(
                "{} problem{} in the rule packs: {}",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" },
                problems.join("; ")
            ));
            let _ = err.value(py).setattr("problems", problems);
            return Err(err);
        }
        let ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
        selection
            .check(&ids, "`Engine().rules` lists the ids")
            .map_err(PyValueError::new_err)?;
        let inner = smslint::Engine::new(rules, &selection);
        inner.warm();
        Ok(Engine {
            inner: Arc::new(inner),
        })
    }

    /// The ids of the rules it runs.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.inner
            .rules()
            .iter()
            .map(|r| r.id.to_string())
            .collect()
    }

    /// Checks one message, given as a dict, as keyword arguments, or both (`from_` for
    /// `from`). Raises `InputError` for a message that cannot be read.
    #[pyo3(signature = (message = None, /, **fields))]
    fn check_message(
        &self,
        py: Python<'_>,
        message: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Report> {
        // The usual message, a dict alone or keyword arguments alone, is read in place and
        // checked at once (a check takes less than releasing the GIL would).
        let alone = match (message, fields) {
            (Some(m), None) => m.cast::<PyDict>().ok().cloned(),
            (None, Some(f)) if !f.contains("from_")? => Some(f.clone()),
            _ => None,
        };
        if let Some(items) = alone.as_ref().and_then(message_items) {
            if let Some(m) = fast_message(&items) {
                return Ok(report(self.inner.check_message(&m), None));
            }
        }
        let d = message_dict(py, message, fields)?;
        let buf = read_message(&d).map_err(|e| input_error(py, problems_of(&e)))?;
        let engine = Arc::clone(&self.inner);
        let found = py.detach(move || engine.check_message(&buf));
        Ok(report(found, None))
    }

    /// Checks every message of an iterable of dicts; one report each, in order. A message
    /// that cannot be read gets a report whose failures say why, and the others are
    /// still checked.
    fn check_messages(&self, py: Python<'_>, messages: &Bound<'_, PyAny>) -> PyResult<Vec<Report>> {
        let mut read: Vec<Result<MessageBuf, Problems>> = Vec::new();
        for item in messages.try_iter()? {
            let item = item?;
            read.push(match message_dict(py, Some(&item), None) {
                Ok(d) => read_message(&d).map_err(|e| problems_of(&e)),
                Err(e) if e.is_instance_of::<InputError>(py) => {
                    Err(vec![(e.value(py).to_string(), None)])
                }
                Err(e) => return Err(e),
            });
        }
        let engine = Arc::clone(&self.inner);
        let reports = py.detach(move || {
            read.into_iter()
                .map(|m| match m {
                    Ok(buf) => report(engine.check_message(&buf), None),
                    Err(problems) => unreadable(problems),
                })
                .collect::<Vec<_>>()
        });
        Ok(reports)
    }

    /// Checks the documents of a YAML or JSON text (accounts and messages, each saying
    /// its `kind`); one report per document, with line and column. A document that does
    /// not fit its schema gets a report whose failures say why; text that is not YAML or
    /// JSON at all raises `InputError`.
    #[pyo3(signature = (text, *, name = "<document>"))]
    fn check_document(&self, py: Python<'_>, text: &str, name: &str) -> PyResult<Vec<Report>> {
        let file = SourceFile::new(name, text);
        let engine = Arc::clone(&self.inner);
        let result = py.detach(move || {
            let documents = smslint::read_documents(&file)
                .map_err(|d| vec![(format!("{}", d), d.help.clone())])?;
            Ok::<_, Problems>(
                documents
                    .into_iter()
                    .map(|d| match d {
                        Ok(doc) => report(engine.check(doc.kind, &doc), Some(&file)),
                        Err(problems) => unreadable(
                            problems
                                .problems
                                .iter()
                                .map(|p| (p.to_string(), p.help.clone()))
                                .collect(),
                        ),
                    })
                    .collect(),
            )
        });
        result.map_err(|problems| input_error(py, problems))
    }

    /// Checks every row of an Arrow record batch (pyarrow, or anything with
    /// `__arrow_c_array__`), with the GIL released and no Python per row: columns named as
    /// a message's fields (`recipient_state` for `recipient.state`), texts as strings, flags
    /// as booleans, `recipient_messages_last_24h` as an integer. Returns a pyarrow record
    /// batch with a row per message: `id` (when given), `has_errors`, the findings' `rules`,
    /// `severities` and `messages` (lists), and `error`, why a row could not be read (its
    /// lists are then empty and `has_errors` is true). An unknown column or a column of the
    /// wrong type raises `ValueError`.
    fn check_arrow<'py>(
        &self,
        py: Python<'py>,
        batch: pyo3_arrow::PyRecordBatch,
    ) -> PyResult<Bound<'py, PyAny>> {
        use arrow_array::cast::AsArray;
        use arrow_array::{ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray};
        use arrow_schema::DataType;
        let batch = batch.into_inner();
        let schema = batch.schema();
        let mut texts: Vec<(&'static str, StringArray)> = Vec::new();
        let mut flags: Vec<(&'static str, BooleanArray)> = Vec::new();
        let mut count: Option<Int64Array> = None;
        let known: Vec<&str> = ARROW_TEXTS
            .iter()
            .chain(&ARROW_FLAGS)
            .chain([&ARROW_COUNT])
            .copied()
            .collect();
        for (field, column) in schema.fields().iter().zip(batch.columns()) {
            let name = field.name().as_str();
            let wrong = |want: &str| {
                PyValueError::new_err(format!(
                    "column `{name}` is {}, not {want}",
                    field.data_type()
                ))
            };
            if let Some(n) = ARROW_TEXTS.iter().find(|n| **n == name) {
                let column = arrow_cast_utf8(column).ok_or_else(|| wrong("a string column"))?;
                texts.push((n, column));
            } else if let Some(n) = ARROW_FLAGS.iter().find(|n| **n == name) {
                if field.data_type() != &DataType::Boolean {
                    return Err(wrong("a boolean column"));
                }
                flags.push((n, column.as_boolean().clone()));
            } else if name == ARROW_COUNT {
                count = Some(match field.data_type() {
                    DataType::Int64 => column
                        .as_primitive::<arrow_array::types::Int64Type>()
                        .clone(),
                    DataType::Int32 => Int64Array::from_iter(
                        column
                            .as_primitive::<arrow_array::types::Int32Type>()
                            .iter()
                            .map(|v| v.map(i64::from)),
                    ),
                    _ => return Err(wrong("an integer column")),
                });
            } else {
                let hint = smslint::unstable::text::did_you_mean(name, &known)
                    .unwrap_or_else(|| format!("the columns are {}", known.join(", ")));
                return Err(PyValueError::new_err(format!(
                    "unknown column `{name}`; {hint}"
                )));
            }
        }
        let rows = batch.num_rows();
        let engine = Arc::clone(&self.inner);
        let ids = texts
            .iter()
            .find(|(n, _)| *n == "id")
            .map(|(_, c)| c.clone());
        let out = py.detach(move || -> Result<RecordBatch, String> {
            use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder};
            let texts_ref: Vec<(&'static str, &StringArray)> =
                texts.iter().map(|(n, c)| (*n, c)).collect();
            let flags_ref: Vec<(&'static str, &BooleanArray)> =
                flags.iter().map(|(n, c)| (*n, c)).collect();
            let mut has_errors = BooleanBuilder::with_capacity(rows);
            let mut rules = ListBuilder::new(StringBuilder::new());
            let mut severities = ListBuilder::new(StringBuilder::new());
            let mut messages = ListBuilder::new(StringBuilder::new());
            let mut errors = StringBuilder::new();
            for row in 0..rows {
                let checked = match arrow_message(&texts_ref, &flags_ref, count.as_ref(), row) {
                    Some(m) => Ok(engine.check_message(&m)),
                    None => {
                        let json = arrow_row_json(&texts_ref, &flags_ref, count.as_ref(), row);
                        MessageBuf::from_json(&json.to_string())
                            .map(|buf| engine.check_message(&buf))
                            .map_err(|e| e.to_string())
                    }
                };
                match checked {
                    Ok(found) => {
                        has_errors.append_value(found.has_errors());
                        for f in &found.findings {
                            rules.values().append_value(&*f.rule);
                            severities.values().append_value(f.severity.as_str());
                            messages.values().append_value(&f.message);
                        }
                        for e in &found.errors {
                            rules.values().append_value(&*e.rule);
                            severities.values().append_value("error");
                            messages.values().append_value(&e.message);
                        }
                        errors.append_null();
                    }
                    Err(problem) => {
                        has_errors.append_value(true);
                        errors.append_value(problem);
                    }
                }
                rules.append(true);
                severities.append(true);
                messages.append(true);
            }
            let mut columns: Vec<(&str, ArrayRef)> = Vec::new();
            if let Some(ids) = ids {
                columns.push(("id", Arc::new(ids)));
            }
            columns.push(("has_errors", Arc::new(has_errors.finish())));
            columns.push(("rules", Arc::new(rules.finish())));
            columns.push(("severities", Arc::new(severities.finish())));
            columns.push(("messages", Arc::new(messages.finish())));
            columns.push(("error", Arc::new(errors.finish())));
            RecordBatch::try_from_iter(columns).map_err(|e| e.to_string())
        });
        let out = out.map_err(PyValueError::new_err)?;
        pyo3_arrow::PyRecordBatch::new(out).into_pyarrow(py)
    }

    fn __repr__(&self) -> String {
        format!("Engine(rules={})", self.inner.rules().len())
    }
}

/// The columns `check_arrow` reads: texts, flags and the one count, named as a message's
/// fields (a record's fields joined to its name by `_`).
const ARROW_TEXTS: [&str; 18] = [
    "id",
    "direction",
    "sender",
    "provider",
    "from",
    "to",
    "brand",
    "body",
    "send_at",
    "category",
    "recipient_consent",
    "recipient_state",
    "recipient_time_zone",
    "recipient_consent_at",
    "recipient_opt_out_requested_at",
    "recipient_opt_out_processed_at",
    "recipient_dnc_checked_at",
    "recipient_reassigned_checked_at",
];
const ARROW_FLAGS: [&str; 8] = [
    "recipient_opted_out",
    "recipient_age_verified",
    "recipient_dnc_listed",
    "recipient_business_relationship",
    "conversation_consumer_initiated",
    "conversation_first_message",
    "conversation_opt_out_confirmation",
    "conversation_opt_in_confirmation",
];
const ARROW_COUNT: &str = "recipient_messages_last_24h";

/// A string column as UTF-8 (`string` or `large_string`); `None` for another type.
fn arrow_cast_utf8(column: &arrow_array::ArrayRef) -> Option<arrow_array::StringArray> {
    use arrow_array::cast::AsArray;
    use arrow_schema::DataType;
    match column.data_type() {
        DataType::Utf8 => Some(column.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Some(column.as_string::<i64>().iter().collect()),
        DataType::Utf8View => Some(column.as_string_view().iter().collect()),
        _ => None,
    }
}

/// The fast reading of one row: the usual values borrowed from the columns in place and
/// checked against the schema's sets, as a `Message`; `None` for anything else (a null
/// where a value is required, a value outside its set), which the general reading takes.
fn arrow_message<'a>(
    texts: &[(&'static str, &'a arrow_array::StringArray)],
    flags: &[(&'static str, &'a arrow_array::BooleanArray)],
    count: Option<&'a arrow_array::Int64Array>,
    row: usize,
) -> Option<Message<'a>> {
    use arrow_array::Array;
    use smslint::unstable::doc::schema::{MESSAGE, RECIPIENT};
    use smslint::{Category, Consent, Direction, Sender};
    let mut m = Message::new(Direction::Outbound, Sender::Agent, "", "", "");
    let mut required = 0u8;
    for (name, column) in texts {
        if column.is_null(row) {
            continue;
        }
        let v: &'a str = column.value(row);
        let (schema, field): (&Schema, &str) = match name.strip_prefix("recipient_") {
            Some(f) => (&RECIPIENT, f),
            None => (&MESSAGE, name),
        };
        if !schema.field(field)?.values.accepts(v) {
            return None;
        }
        match *name {
            "id" => m.id = Some(v),
            "direction" => {
                m.direction = if v == "outbound" {
                    Direction::Outbound
                } else {
                    Direction::Inbound
                };
                required |= 1;
            }
            "sender" => {
                m.sender = match v {
                    "agent" => Sender::Agent,
                    "bot" => Sender::Bot,
                    "system" => Sender::System,
                    _ => Sender::Consumer,
                };
                required |= 2;
            }
            "provider" => {
                m.provider = v;
                required |= 4;
            }
            "from" => {
                m.from = v;
                required |= 8;
            }
            "to" => {
                m.to = v;
                required |= 16;
            }
            "body" => {
                m.body = v;
                required |= 32;
            }
            "brand" => m.brand = Some(v),
            "send_at" => m.send_at = Some(smslint::unstable::doc::parse_instant(v).ok()?),
            "category" => {
                m.category = Some(match v {
                    "marketing" => Category::Marketing,
                    "informational" => Category::Informational,
                    _ => Category::Conversational,
                })
            }
            "recipient_consent" => {
                m.recipient.consent = Some(match v {
                    "none" => Consent::None,
                    "express" => Consent::Express,
                    "express_written" => Consent::ExpressWritten,
                    "implied_purchase" => Consent::ImpliedPurchase,
                    "implied_inquiry" => Consent::ImpliedInquiry,
                    _ => return None,
                })
            }
            "recipient_state" => m.recipient.state = Some(v),
            "recipient_time_zone" => m.recipient.time_zone = Some(v),
            _ => {
                let at = Some(smslint::unstable::doc::parse_instant(v).ok()?);
                match *name {
                    "recipient_consent_at" => m.recipient.consent_at = at,
                    "recipient_opt_out_requested_at" => m.recipient.opt_out_requested_at = at,
                    "recipient_opt_out_processed_at" => m.recipient.opt_out_processed_at = at,
                    "recipient_dnc_checked_at" => m.recipient.dnc_checked_at = at,
                    "recipient_reassigned_checked_at" => m.recipient.reassigned_checked_at = at,
                    _ => return None,
                }
            }
        }
    }
    for (name, column) in flags {
        if column.is_null(row) {
            continue;
        }
        let v = Some(column.value(row));
        match *name {
            "recipient_opted_out" => m.recipient.opted_out = v,
            "recipient_age_verified" => m.recipient.age_verified = v,
            "recipient_dnc_listed" => m.recipient.dnc_listed = v,
            "recipient_business_relationship" => m.recipient.business_relationship = v,
            "conversation_consumer_initiated" => m.conversation.consumer_initiated = v,
            "conversation_first_message" => m.conversation.first_message = v,
            "conversation_opt_out_confirmation" => m.conversation.opt_out_confirmation = v,
            "conversation_opt_in_confirmation" => m.conversation.opt_in_confirmation = v,
            _ => return None,
        }
    }
    if let Some(c) = count.filter(|c| !c.is_null(row)) {
        m.recipient.messages_last_24h = Some(c.value(row)).filter(|n| *n >= 0);
        m.recipient.messages_last_24h?;
    }
    (required == 63).then_some(m)
}

/// One row of a record batch as a message's JSON object, for the general reading (which
/// names every problem) when the fast one does not take it.
fn arrow_row_json(
    texts: &[(&'static str, &arrow_array::StringArray)],
    flags: &[(&'static str, &arrow_array::BooleanArray)],
    count: Option<&arrow_array::Int64Array>,
    row: usize,
) -> serde_json::Value {
    use arrow_array::Array;
    let mut top = serde_json::Map::new();
    let mut records: [serde_json::Map<String, serde_json::Value>; 2] = Default::default();
    let mut put = |name: &str, value: serde_json::Value| {
        let (record, key) = match name.split_once('_') {
            Some(("recipient", k)) => (Some(0), k),
            Some(("conversation", k)) => (Some(1), k),
            _ => (None, name),
        };
        match record.and_then(|r| records.get_mut(r)) {
            Some(map) => {
                map.insert(key.to_owned(), value);
            }
            None => {
                top.insert(name.to_owned(), value);
            }
        }
    };
    for (name, column) in texts {
        if !column.is_null(row) {
            put(name, serde_json::Value::from(column.value(row)));
        }
    }
    for (name, column) in flags {
        if !column.is_null(row) {
            put(name, serde_json::Value::from(column.value(row)));
        }
    }
    if let Some(column) = count.filter(|c| !c.is_null(row)) {
        put(ARROW_COUNT, serde_json::Value::from(column.value(row)));
    }
    let [recipient, conversation] = records;
    if !recipient.is_empty() {
        top.insert("recipient".into(), serde_json::Value::Object(recipient));
    }
    if !conversation.is_empty() {
        top.insert(
            "conversation".into(),
            serde_json::Value::Object(conversation),
        );
    }
    serde_json::Value::Object(top)
}

/// The crate's version and what an audit records: the built-in pack's SHA-256 and the
/// time-zone database release.
#[pyfunction]
fn version_info<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(
        py,
        [
            env!("CARGO_PKG_VERSION").to_owned(),
            smslint::PackSource::builtin().digest(),
            smslint::tzdb_version().unwrap_or("").to_owned(),
        ],
    )
}

#[pymodule]
fn _smslint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Engine>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add_class::<Failure>()?;
    m.add_function(wrap_pyfunction!(segments, m)?)?;
    m.add_function(wrap_pyfunction!(count, m)?)?;
    m.add_class::<Count>()?;
    m.add_function(wrap_pyfunction!(version_info, m)?)?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("RulePackError", py.get_type::<RulePackError>())?;
    Ok(())
}
