//! The benchmark kit's message, declared to smslint as a document kind `sms`, and the ten
//! kit rules (`rules/common` plus `rules/plain` or `rules/regex`) loaded from their YAML
//! files into an [`Engine`].
//!
//! Shared by the criterion benchmark `benches/rules.rs`, the cross-check test
//! `tests/bench_kit.rs` and the smslint engine added to `../shared/bench-rules` by
//! `benches/rules-kit/install.py`, so all three measure and check the same rules.

use std::path::Path;

use serde::Deserialize;
use smslint::unstable::doc::schema::{Field, FieldType, Schema};
use smslint::unstable::doc::{Record, Val};
use smslint::unstable::rules::{self, DocumentKind, PackSource};
use smslint::{Engine, Selection};

/// The kit's `consent` object.
pub static CONSENT: Schema = Schema {
    name: "consent",
    fields: &[Field::new(
        "status",
        FieldType::Str,
        "opted_in, opted_out or unknown",
    )],
};

const fn field(name: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field::new(name, ty, doc)
}

/// The kit's message, field for field.
pub static SMS: Schema = Schema {
    name: "sms",
    fields: &[
        field("body", FieldType::Str, "the message text"),
        field("encoding", FieldType::Str, "GSM7, UCS2 or anything else"),
        field(
            "segments",
            FieldType::Int,
            "segments, as the sender counted",
        ),
        field(
            "category",
            FieldType::Str,
            "marketing, transactional or 2fa",
        ),
        field("to", FieldType::Str, "the destination"),
        field(
            "from_type",
            FieldType::Str,
            "long_code, toll_free or short_code",
        ),
        field(
            "from_verified",
            FieldType::Bool,
            "the toll-free sender is verified",
        ),
        field("country", FieldType::Str, "the destination country"),
        field(
            "local_hour",
            FieldType::Int,
            "the hour at the recipient, 0-23",
        ),
        field(
            "consent",
            FieldType::Record(&CONSENT),
            "the recipient's consent",
        ),
    ],
};

/// The document kind rules name in `applies_to: sms`.
pub static SMS_KIND: DocumentKind = DocumentKind {
    name: "sms",
    schema: &SMS,
};

/// The kit's consent object.
#[derive(Clone, Debug, Deserialize)]
pub struct Consent {
    /// `opted_in`, `opted_out` or `unknown`.
    pub status: String,
}

/// One kit message, deserialised from the kit's JSON.
#[derive(Clone, Debug, Deserialize)]
pub struct SmsDoc {
    pub body: String,
    pub encoding: String,
    pub segments: i64,
    pub category: String,
    pub to: String,
    pub from_type: String,
    pub from_verified: bool,
    pub country: String,
    pub local_hour: i64,
    pub consent: Consent,
}

impl Record for Consent {
    fn get(&self, field: usize) -> Val<'_> {
        match field {
            0 => Val::Str(&self.status),
            _ => Val::Missing,
        }
    }
}

impl Record for SmsDoc {
    fn get(&self, field: usize) -> Val<'_> {
        match field {
            0 => Val::Str(&self.body),
            1 => Val::Str(&self.encoding),
            2 => Val::Int(self.segments),
            3 => Val::Str(&self.category),
            4 => Val::Str(&self.to),
            5 => Val::Str(&self.from_type),
            6 => Val::Bool(self.from_verified),
            7 => Val::Str(&self.country),
            8 => Val::Int(self.local_hour),
            9 => Val::Record(&self.consent),
            _ => Val::Missing,
        }
    }
}

/// The engine running the kit's rules, and the kit's bit for each of its rules.
pub struct Kit {
    pub engine: Engine,
    /// `bits[i]` is the kit's bit for `engine.rules()[i]` ([`rule_bit`]).
    pub bits: Vec<u16>,
}

/// Loads the ten rules of `variant` (`plain` or `regex`) from `root` (the `rules`
/// folder beside this file). Every problem in the rule files is an `Err`, rendered.
pub fn load(root: &Path, variant: &str) -> Result<Kit, String> {
    let packs = [
        PackSource::read_dir(&root.join("common")).map_err(|d| d.render())?,
        PackSource::read_dir(&root.join(variant)).map_err(|d| d.render())?,
    ];
    let (rules, problems) = rules::load_with(&packs, &[&SMS_KIND]);
    if !problems.is_empty() {
        return Err(problems.iter().map(|p| p.render()).collect());
    }
    if rules.len() != 10 {
        return Err(format!("expected 10 rules, loaded {}", rules.len()));
    }
    let engine = Engine::new(rules, &Selection::default());
    let bits = engine.rules().iter().map(|r| rule_bit(&r.id)).collect();
    Ok(Kit { engine, bits })
}

/// The kit's bit for a rule id `bench.rNN`: bit NN - 1 (0 for any other id).
pub fn rule_bit(id: &str) -> u16 {
    match id.as_bytes() {
        [b'b', b'e', b'n', b'c', b'h', b'.', b'r', tens @ b'0'..=b'9', ones @ b'0'..=b'9'] => {
            let n = (tens - b'0') * 10 + (ones - b'0');
            n.checked_sub(1)
                .and_then(|b| 1u16.checked_shl(u32::from(b)))
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// The rules `doc` violates, one bit each (R01 = bit 0). A rule that fails to evaluate
/// sets bit 15, which no kit rule uses.
pub fn violations(kit: &Kit, doc: &SmsDoc) -> u16 {
    let mut mask = 0u16;
    kit.engine.scan_document(&SMS_KIND, doc, |i, _, outcome| {
        mask |= match outcome {
            Ok(()) => kit.bits.get(i).copied().unwrap_or(0),
            Err(_) => 1 << 15,
        };
    });
    mask
}

/// A deterministic workload in the shape of the kit's (every rule is hit by some
/// messages), for the criterion benchmark and the cross-check test.
pub fn workload(n: usize) -> Vec<SmsDoc> {
    let mut s: u64 = 0x2545_F491_4F6C_DD1D;
    let bodies = [
        "Your verification code is 482913",
        "ACME: 20% off all week! Reply STOP to opt out",
        "ACME: big sale today, visit https://acme.example/s",
        "ACME deals: reply unsubscribe to stop these messages",
        "Café Olé: votre commande est prête ☕ Reply STOP to end",
        "Get cannabis delivered today",
        "Nonstop deals, all STOPPED prices",
    ];
    let long = "é".repeat(1601);
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let r = s;
            pick_doc(r, &bodies, &long)
        })
        .collect()
}

fn pick_doc(r: u64, bodies: &[&str], long: &str) -> SmsDoc {
    let pick = |shift: u32, options: &[&str]| {
        options
            .get(((r >> shift) as usize) % options.len())
            .copied()
            .unwrap_or_default()
            .to_string()
    };
    SmsDoc {
        body: if r.is_multiple_of(41) {
            long.to_string()
        } else {
            pick(0, bodies)
        },
        encoding: pick(8, &["GSM7", "UCS2", "ASCII", "GSM7"]),
        segments: ((r >> 12) % 12) as i64 + 1,
        category: pick(16, &["marketing", "transactional", "2fa"]),
        to: pick(
            20,
            &[
                "+14155550100",
                "4155550100",
                "+0415555",
                "+1415555010012345678",
            ],
        ),
        from_type: pick(24, &["long_code", "toll_free", "short_code"]),
        from_verified: !(r >> 28).is_multiple_of(3),
        country: pick(32, &["US", "CA", "GB"]),
        local_hour: ((r >> 36) % 24) as i64,
        consent: Consent {
            status: pick(44, &["opted_in", "opted_out", "unknown"]),
        },
    }
}

/// The kit's rules by hand, as its `native-rust` baseline states them: the reference the
/// rule files are checked against, and the speed they are measured against.
/// `regexes` are the opt-out and E.164 expressions, for the `regex` variant.
pub fn native(m: &SmsDoc, regexes: Option<&(regex::Regex, regex::Regex)>) -> u16 {
    let marketing = m.category == "marketing";
    let has_stop = if let Some((opt_out, _)) = regexes {
        opt_out.is_match(&m.body)
    } else {
        m.body.contains("STOP") || m.body.contains("stop")
    };
    let to_ok = if let Some((_, e164)) = regexes {
        e164.is_match(&m.to)
    } else {
        let n = m.to.chars().count();
        m.to.starts_with('+') && (8..=16).contains(&n)
    };
    let checks = [
        m.body.chars().count() > 1600,
        m.segments > 10,
        marketing && !(8..21).contains(&m.local_hour),
        marketing && !has_stop,
        marketing && m.consent.status != "opted_in",
        m.from_type == "toll_free" && !m.from_verified,
        !to_ok,
        m.from_type == "short_code" && !(m.country == "US" || m.country == "CA"),
        !(m.encoding == "GSM7" || m.encoding == "UCS2"),
        m.body.contains("cannabis"),
    ];
    checks
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &hit)| if hit { mask | 1 << i } else { mask })
}
