//! `Engine`: the built-in rule pack, compiled once, checking messages and documents.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use smslint::{MessageBuf, Selection, SourceFile};

use crate::bridge::{self, to_js_json};
use crate::{input_error, one_problem, options};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EngineOptions {
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
}

#[derive(Serialize)]
struct Finding {
    rule: String,
    severity: &'static str,
    message: String,
    help: Option<String>,
    span: Option<(usize, usize)>,
    line: Option<usize>,
    column: Option<usize>,
}

#[derive(Serialize)]
struct Citation {
    source: String,
    section: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct RuleInfo {
    id: String,
    title: String,
    severity: &'static str,
    why: String,
    citations: Vec<Citation>,
}

#[derive(Serialize)]
struct Failure {
    rule: String,
    message: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    findings: Vec<Finding>,
    failures: Vec<Failure>,
    has_errors: bool,
    is_clean: bool,
}

impl Report {
    /// The report as a JavaScript object: a clean one built directly, the others through
    /// JSON.
    fn to_js(&self) -> Result<JsValue, JsValue> {
        if self.findings.is_empty() && self.failures.is_empty() {
            return Ok(bridge::bridge_clean_report());
        }
        to_js_json(self)
    }
}

fn report(r: smslint::Report, file: Option<&SourceFile>) -> Report {
    let has_errors = r.has_errors();
    let is_clean = r.is_clean();
    let mut findings: Vec<Finding> = r
        .findings
        .into_iter()
        .map(|f| {
            let place = f
                .span
                .filter(|_| file.is_some_and(|f| !f.text.is_empty()))
                .and_then(|s| file.map(|file| (s, file.line_col(s.start))));
            Finding {
                rule: f.rule.to_string(),
                severity: f.severity.as_str(),
                message: f.message,
                help: f.help,
                span: place.map(|(s, _)| (s.start, s.end)),
                line: place.map(|(_, (l, _))| l),
                column: place.map(|(_, (_, c))| c),
            }
        })
        .collect();
    findings.sort_by_key(|f| f.span.map(|s| s.0));
    Report {
        findings,
        failures: r
            .errors
            .into_iter()
            .map(|e| Failure {
                rule: e.rule.to_string(),
                message: e.message,
            })
            .collect(),
        has_errors,
        is_clean,
    }
}

/// `record`'s field `name` as RFC 3339 (UTC) text when it is a `Date`; `None` when it is
/// not a `Date`. `place` names the field in the error for an invalid `Date`.
fn date_text(record: &JsValue, name: &str, place: &str) -> Result<Option<JsValue>, JsValue> {
    let at = js_sys::Reflect::get(record, &name.into())?;
    let Some(date) = at.dyn_ref::<js_sys::Date>() else {
        return Ok(None);
    };
    if date.get_time().is_nan() {
        return Err(one_problem(
            format!("`{place}{name}` is an invalid Date"),
            "give a valid Date, or an RFC 3339 string with a zone",
        ));
    }
    Ok(Some(date.to_iso_string().into()))
}

/// A copy of `message` with each `Date` among its instants (`send_at`, and the recipient's
/// `consent_at`, `opt_out_requested_at`, …) written in RFC 3339 (UTC), as the reader takes
/// them; `message` itself when it has none. The caller's objects are left as they are.
fn with_dates(message: JsValue) -> Result<JsValue, JsValue> {
    use smslint::unstable::doc::schema::{FieldType, RECIPIENT};
    if !message.is_object() {
        return Ok(message);
    }
    let copy_of = |v: &JsValue| js_sys::Object::assign(&js_sys::Object::new(), v.unchecked_ref());
    let mut copy: Option<js_sys::Object> = None;
    if let Some(text) = date_text(&message, "send_at", "message.")? {
        let c = copy.get_or_insert_with(|| copy_of(&message));
        js_sys::Reflect::set(c, &"send_at".into(), &text)?;
    }
    let recipient = js_sys::Reflect::get(&message, &"recipient".into())?;
    if recipient.is_object() {
        let mut inner: Option<js_sys::Object> = None;
        for field in RECIPIENT
            .fields
            .iter()
            .filter(|f| f.ty == FieldType::Instant)
        {
            if let Some(text) = date_text(&recipient, field.name, "message.recipient.")? {
                let r = inner.get_or_insert_with(|| copy_of(&recipient));
                js_sys::Reflect::set(r, &field.name.into(), &text)?;
            }
        }
        if let Some(r) = inner {
            let c = copy.get_or_insert_with(|| copy_of(&message));
            js_sys::Reflect::set(c, &"recipient".into(), &r)?;
        }
    }
    Ok(copy.map_or(message, Into::into))
}

/// The built-in rules, compiled: build one, then check every message with it.
#[wasm_bindgen]
pub struct Engine {
    inner: smslint::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// The built-in pack, narrowed by `select` and `ignore` (rule ids or id prefixes). A
    /// selection that matches no rule is an error with "did you mean".
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = "options", unchecked_optional_param_type = "EngineOptions")]
        options_value: JsValue,
    ) -> Result<Engine, JsValue> {
        let o: EngineOptions = options(options_value, "Engine options", &["select", "ignore"])?;
        let selection = Selection::new(o.select.unwrap_or_default(), o.ignore.unwrap_or_default());
        let (rules, problems) = smslint::load_rules(&[smslint::PackSource::builtin()]);
        if let Some(p) = problems.first() {
            return Err(
                js_sys::Error::new(&format!("the built-in pack does not load: {p}")).into(),
            );
        }
        let ids: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
        selection
            .check(&ids, "`engine.rules` lists the ids")
            .map_err(|e| one_problem(e, "name a rule id or an id prefix"))?;
        let inner = smslint::Engine::new(rules, &selection);
        inner.warm();
        Ok(Engine { inner })
    }

    /// The ids of the rules it runs.
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn rules(&self) -> JsValue {
        let list = js_sys::Array::new();
        for r in self.inner.rules() {
            list.push(&JsValue::from(&*r.id));
        }
        list.into()
    }

    /// What a rule says of itself: `id`, `title`, `severity`, `why` and `citations`
    /// (`source`, `section`, `url`); `undefined` for an id the engine does not run.
    #[wasm_bindgen(unchecked_return_type = "RuleInfo | undefined")]
    pub fn explain(&self, id: &str) -> Result<JsValue, JsValue> {
        let Some(rule) = self.inner.rules().iter().find(|r| &*r.id == id) else {
            return Ok(JsValue::UNDEFINED);
        };
        to_js_json(&RuleInfo {
            id: rule.id.to_string(),
            title: rule.title.clone(),
            severity: rule.severity.as_str(),
            why: rule.why.trim().to_owned(),
            citations: rule
                .citations
                .iter()
                .map(|c| Citation {
                    source: c.source.clone(),
                    section: c.section.clone(),
                    url: c.url.clone(),
                })
                .collect(),
        })
    }

    /// Checks one message. Throws an `InputError` naming every problem (unknown keys,
    /// wrong types, values outside their sets) for a message that cannot be read.
    #[wasm_bindgen(js_name = checkMessage, unchecked_return_type = "Report")]
    pub fn check_message(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Message")] message: JsValue,
    ) -> Result<JsValue, JsValue> {
        // The usual message goes through JSON: its text is written into WebAssembly memory and the
        // JSON-lines reader of `check --jsonl` reads it in place (a valid `Date` becomes its
        // ISO string on the way). A message JSON would change (an `undefined`, a `NaN`, an
        // invalid `Date`, a class instance) and whatever that reader does not take go to the
        // general reading, which explains every problem.
        let fast = bridge::with_message_json(&message, |text| {
            smslint::unstable::doc::JsonMessage::parse(text)
                .map(|parsed| report(self.inner.check_message(&parsed.message()), None))
        });
        if let Ok(Some(report)) = fast {
            return report.to_js();
        }
        let message = with_dates(message)?;
        let buf =
            MessageBuf::read(serde_wasm_bindgen::Deserializer::from(message)).map_err(|e| {
                let problems: Vec<(String, Option<String>)> = e
                    .problems
                    .iter()
                    .map(|p| (p.message.clone(), p.help.clone()))
                    .collect();
                input_error(&problems)
            })?;
        report(self.inner.check_message(&buf), None).to_js()
    }

    /// Checks the account and message documents of a YAML or JSON text: one report each,
    /// with lines and columns. A document that does not fit its schema gets a report whose
    /// failures say why; text that is not YAML or JSON throws an `InputError`.
    #[wasm_bindgen(js_name = checkDocument, unchecked_return_type = "Report[]")]
    pub fn check_document(&self, text: &str, name: Option<String>) -> Result<JsValue, JsValue> {
        let file = SourceFile::new(name.unwrap_or_else(|| "<document>".into()), text);
        let documents = smslint::read_documents(&file)
            .map_err(|d| input_error(&[(d.to_string(), d.help.clone())]))?;
        let reports: Vec<Report> = documents
            .into_iter()
            .map(|d| match d {
                Ok(doc) => report(self.inner.check(doc.kind, &doc), Some(&file)),
                Err(problems) => Report {
                    findings: Vec::new(),
                    failures: problems
                        .problems
                        .iter()
                        .map(|p| Failure {
                            rule: "smslint.input-error".into(),
                            message: p.to_string(),
                        })
                        .collect(),
                    has_errors: true,
                    is_clean: false,
                },
            })
            .collect();
        to_js_json(&reports)
    }
}
