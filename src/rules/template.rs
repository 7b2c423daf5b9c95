//! Message and help templates: text with `{expression}` interpolations.
//!
//! `{{` and `}}` write a literal brace. Each interpolation is a condition-language
//! expression of any value type that reads as text; it is parsed and type-checked when
//! the rule loads, and rendered only when a finding is reported.

use std::fmt::Write as _;

use crate::dsl::{self, Context, Diagnostic, Facts, Node, Scope, Span, Val};

/// A compiled template.
#[derive(Debug)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug)]
enum Part {
    Text(String),
    Value(Node),
}

impl Template {
    /// Parses and compiles a template; errors carry spans into `text`.
    pub fn compile(
        text: &str,
        scope: &Scope,
        facts: &mut Facts,
    ) -> Result<Template, Vec<Diagnostic>> {
        let mut parts = Vec::new();
        let mut errors = Vec::new();
        let mut literal = String::new();
        let mut rest = text.char_indices().peekable();
        while let Some((i, c)) = rest.next() {
            match c {
                '{' if rest.peek().map(|p| p.1) == Some('{') => {
                    rest.next();
                    literal.push('{');
                }
                '}' if rest.peek().map(|p| p.1) == Some('}') => {
                    rest.next();
                    literal.push('}');
                }
                '}' => errors.push(
                    Diagnostic::new("a `}` without its `{`", Span::new(i, i + 1))
                        .with_help("write `}}` for a literal brace"),
                ),
                '{' => {
                    let start = i + 1;
                    let Some(end) = closing_brace(text, start) else {
                        errors.push(
                            Diagnostic::new("this `{` is never closed", Span::new(i, i + 1))
                                .with_help(
                                "close the expression with `}`, or write `{{` for a literal brace",
                            ),
                        );
                        break;
                    };
                    while rest.peek().is_some_and(|p| p.0 <= end) {
                        rest.next();
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    let source = text.get(start..end).unwrap_or("");
                    match compile_part(source, scope, facts) {
                        Ok(node) => parts.push(Part::Value(node)),
                        Err(es) => errors.extend(es.into_iter().map(|mut e| {
                            e.span = Span::new(e.span.start + start, e.span.end + start);
                            e
                        })),
                    }
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        if errors.is_empty() {
            Ok(Template { parts })
        } else {
            Err(errors)
        }
    }

    /// Renders the template; an interpolation that fails at run time reads `(error: …)`.
    pub fn render(&self, cx: &Context<'_>) -> String {
        // Room for the text and a short value per interpolation: one allocation, usually.
        let guess = self.parts.iter().map(|p| match p {
            Part::Text(t) => t.len(),
            Part::Value(_) => 24,
        });
        let mut out = String::with_capacity(guess.sum());
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Value(node) => match node.value(cx) {
                    // Texts and integers, most values, without the formatting machinery.
                    Ok(Val::Str(s)) => out.push_str(s),
                    Ok(Val::Owned(s)) => out.push_str(&s),
                    Ok(Val::Int(i)) => out.push_str(itoa::Buffer::new().format(i)),
                    Ok(v) => {
                        let _ = write!(out, "{v}");
                    }
                    Err(e) => {
                        let _ = write!(out, "(error: {})", e.message);
                    }
                },
            }
        }
        out
    }
}

fn compile_part(source: &str, scope: &Scope, facts: &mut Facts) -> Result<Node, Vec<Diagnostic>> {
    let expr = dsl::parse(source).map_err(|e| vec![e])?;
    dsl::compile_value(&expr, scope, facts).map(|t| t.node)
}

/// The offset of the `}` that closes an interpolation starting at `start`, skipping
/// braces inside string literals.
fn closing_brace(text: &str, start: usize) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.get(start..)?.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '}' => return Some(start + i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::schema::MESSAGE;
    use crate::doc::{DocRecord, Tree};

    fn message() -> DocRecord {
        let v: serde_json::Value = serde_json::from_str(
            r#"{"direction":"outbound","sender":"agent","provider":"twilio","from":"+14155550100",
                "to":"+13055550123","body":"Hi {there}","recipient":{},"conversation":{}}"#,
        )
        .unwrap();
        DocRecord::load(&Tree::from_json(&v), &MESSAGE, &[]).unwrap()
    }

    #[test]
    fn interpolations_render_values() {
        let mut facts = Facts::default();
        let t = Template::compile(
            "{characters(message.body)} characters, {segments(message.body)} segment; {{literal}} {message.body}",
            &Scope::message(),
            &mut facts,
        )
        .unwrap();
        let m = message();
        let cx = Context::new(&[&m]);
        assert_eq!(
            t.render(&cx),
            "10 characters, 1 segment; {literal} Hi {there}"
        );
    }

    #[test]
    fn template_errors_point_into_the_template() {
        let mut facts = Facts::default();
        let text = "sent by {message.sendr}";
        let e = Template::compile(text, &Scope::message(), &mut facts).unwrap_err();
        assert_eq!(&text[e[0].span.start..e[0].span.end], "sendr");
        assert_eq!(e[0].help.as_deref(), Some("did you mean `sender`?"));
        let e = Template::compile("oops {message.body", &Scope::message(), &mut facts).unwrap_err();
        assert!(e[0].message.contains("never closed"));
        let e =
            Template::compile("{message.recipient}", &Scope::message(), &mut facts).unwrap_err();
        assert!(
            e[0].message.contains("cannot be written into a message"),
            "{e:?}"
        );
        let t = Template::compile(r#"{"}"}"#, &Scope::message(), &mut facts).unwrap();
        let m = message();
        assert_eq!(t.render(&Context::new(&[&m])), "}");
    }
}
