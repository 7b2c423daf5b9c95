"""The Python package as a backend uses it: every call, every error path, threads, and
agreement with the `smslint` command on the repository's fixtures.

The CLI comparison runs the binary named by `SMSLINT_BIN` (default: the workspace's
`target/debug/smslint`, which `cargo build` makes); those tests are skipped without it.
"""

from __future__ import annotations

import concurrent.futures
import datetime
import json
import os
import subprocess
from pathlib import Path

import pytest

import smslint

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures"
BIN = Path(os.environ.get("SMSLINT_BIN", ROOT / "target" / "debug" / "smslint"))
EST = datetime.timezone(datetime.timedelta(hours=-5))


def message(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "direction": "outbound",
        "sender": "agent",
        "provider": "twilio",
        "from": "+14155550100",
        "to": "+13055550123",
        "brand": "Acme",
        "body": "Your order has shipped.",
        "send_at": "2026-11-23T15:30:00Z",
    }
    base.update(fields)
    return base


@pytest.fixture(scope="module")
def engine() -> smslint.Engine:
    return smslint.Engine()


# The engine and its rules


def test_the_builtin_pack_loads_and_names_its_rules(engine: smslint.Engine) -> None:
    assert "us.quiet-hours" in engine.rules
    assert "message.invalid-number" in engine.rules
    assert repr(engine) == f"Engine(rules={len(engine.rules)})"


def test_a_user_pack_loads_beside_or_instead_of_the_builtin_one() -> None:
    both = smslint.Engine([FIXTURES / "rules" / "good"])
    only = smslint.Engine([str(FIXTURES / "rules" / "good")], builtin=False)
    assert set(only.rules) < set(both.rules)
    assert all(r.startswith("acme.") for r in only.rules)


def test_select_and_ignore_narrow_the_rules() -> None:
    us = smslint.Engine(select=["us."])
    assert us.rules and all(r.startswith("us.") for r in us.rules)
    without = smslint.Engine(ignore=["us.quiet-hours"])
    assert "us.quiet-hours" not in without.rules


def test_a_misspelt_selection_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(ValueError, match="did you mean `provisioning.area-code`"):
        smslint.Engine(select=["provisoning.area-code"])


def test_a_broken_rule_pack_raises_with_every_problem() -> None:
    with pytest.raises(smslint.RulePackError) as caught:
        smslint.Engine([FIXTURES / "rules" / "bad"], builtin=False)
    assert isinstance(caught.value, ValueError)
    assert len(caught.value.problems) > 10
    assert any("assignment-not-comparison.yaml" in p for p in caught.value.problems)


def test_a_missing_rule_folder_is_an_error() -> None:
    with pytest.raises(smslint.RulePackError, match="no-such-folder"):
        smslint.Engine(["no-such-folder"])


# Checking messages


def test_a_clean_message_is_clean(engine: smslint.Engine) -> None:
    report = engine.check_message(message())
    assert report.is_clean and not report.has_errors
    assert len(report) == 0 and list(report) == []
    assert report.to_dict() == {"findings": [], "failures": [], "has_errors": False}


def test_keyword_arguments_and_from_underscore(engine: smslint.Engine) -> None:
    fields = message()
    sender = fields.pop("from")
    by_keywords = engine.check_message(**fields, from_=sender)
    by_dict = engine.check_message(message())
    assert by_keywords.to_dict() == by_dict.to_dict()
    # A dict and keyword arguments merge, the keywords last.
    merged = engine.check_message(message(), to="3055550123")
    assert [f.rule for f in merged] == ["message.invalid-number"]


def test_from_and_from_underscore_together_are_refused(engine: smslint.Engine) -> None:
    with pytest.raises(smslint.InputError, match="both `from` and `from_`"):
        engine.check_message(message(), from_="+14155550101")


def test_findings_carry_rule_severity_message_and_help(engine: smslint.Engine) -> None:
    night = datetime.datetime(2026, 11, 23, 21, 30, tzinfo=EST)
    report = engine.check_message(
        message(sender="system", category="marketing", send_at=night,
                body="Acme: 30% off today! Reply STOP to opt out.",
                recipient={"consent": "express_written"})
    )
    assert report.has_errors and not report.is_clean
    rules = [f.rule for f in report]
    assert rules == ["us.quiet-hours", "us.state-quiet-hours"]
    quiet = report.findings[0]
    assert quiet.severity == "error"
    assert "21:30 EST (America/New_York)" in quiet.message
    assert quiet.help and "08:00" in quiet.help
    assert quiet.span is None and quiet.line is None
    assert str(quiet).startswith("error[us.quiet-hours]: ")
    assert quiet.to_dict()["rule"] == "us.quiet-hours"
    assert "us.quiet-hours" in repr(quiet)


def test_an_aware_datetime_is_read_and_a_naive_one_refused(engine: smslint.Engine) -> None:
    day = datetime.datetime(2026, 11, 23, 10, 30, tzinfo=datetime.timezone.utc)
    assert engine.check_message(message(send_at=day)).is_clean
    with pytest.raises(smslint.InputError, match="send_at` is a datetime without a time zone"):
        engine.check_message(message(send_at=datetime.datetime(2026, 11, 23, 10, 30)))


def test_recipient_times_take_aware_datetimes_and_refuse_naive_ones(engine: smslint.Engine) -> None:
    asked = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone.utc)
    recipient: dict[str, object] = {"consent": "express_written", "opt_out_requested_at": asked}
    late = engine.check_message(message(sender="system", category="marketing",
                                        body="Acme: sale! Reply STOP to opt out.",
                                        send_at="2026-12-09T15:00:00Z", recipient=recipient))
    assert [f.rule for f in late] == ["consent.opt-out-deadline"]
    # The caller's dict is left as it was given.
    assert recipient["opt_out_requested_at"] is asked
    pending = engine.check_message(message(send_at="2026-11-24T15:00:00Z", recipient=recipient))
    assert [f.rule for f in pending] == ["consent.opt-out-pending"]
    with pytest.raises(smslint.InputError,
                       match="recipient.opt_out_requested_at` is a datetime without a time zone"):
        engine.check_message(message(recipient={"opt_out_requested_at": datetime.datetime(2026, 11, 23)}))
    with pytest.raises(smslint.InputError, match="consent_at"):
        engine.check_message(message(recipient={"consent_at": "yesterday"}))


def test_unknown_keys_wrong_types_and_bad_values_name_the_field(engine: smslint.Engine) -> None:
    with pytest.raises(smslint.InputError) as caught:
        engine.check_message(message(bdy="x"))
    assert "unknown field `bdy`" in str(caught.value)
    assert ("unknown field `bdy` in `message`", "did you mean `body`?") in caught.value.problems
    with pytest.raises(smslint.InputError, match="`message.direction` cannot be `sideways`"):
        engine.check_message(message(direction="sideways"))
    with pytest.raises(smslint.InputError, match="message.body"):
        engine.check_message(message(body=5))
    with pytest.raises(smslint.InputError, match="write `FL` \\(Florida\\)"):
        engine.check_message(message(recipient={"state": "Florida"}))
    with pytest.raises(smslint.InputError, match="zone"):
        engine.check_message(message(send_at="2026-11-23 10:30"))
    with pytest.raises(TypeError, match="a message is a dict"):
        engine.check_message(["not", "a", "dict"])  # type: ignore[arg-type]


def test_state_codes_are_read_in_any_case(engine: smslint.Engine) -> None:
    at_half_past_eight = datetime.datetime(2026, 11, 23, 20, 30, tzinfo=EST)
    for state in ["FL", "fl", "Fl"]:
        report = engine.check_message(
            message(sender="system", category="marketing", to="+12125550123",
                    send_at=at_half_past_eight, body="Acme: sale! Reply STOP to opt out.",
                    recipient={"consent": "express_written", "state": state})
        )
        assert [f.rule for f in report] == ["us.state-quiet-hours"], state


def test_a_batch_reports_a_bad_record_and_checks_the_others(engine: smslint.Engine) -> None:
    reports = engine.check_messages([message(), {"direction": "up"}, message(to="3055550123")])
    assert len(reports) == 3
    assert reports[0].is_clean
    assert reports[1].has_errors and not reports[1].findings
    assert all(f.rule == "smslint.input-error" for f in reports[1].failures)
    assert any("direction" in f.message for f in reports[1].failures)
    assert [f.rule for f in reports[2]] == ["message.invalid-number"]
    # Any iterable, including a generator.
    assert len(engine.check_messages(message() for _ in range(3))) == 3


def test_documents_are_checked_with_lines_and_columns(engine: smslint.Engine) -> None:
    text = (FIXTURES / "accounts" / "invalid" / "self-provisioned-problems.yaml").read_text()
    (report,) = engine.check_document(text, name="problems.yaml")
    provider = next(f for f in report if f.rule == "provisioning.provider")
    assert (provider.line, provider.column) == (8, 15)
    assert provider.span is not None
    start, end = provider.span
    assert text.encode()[start:end] == b"openmarket"


def test_a_document_that_does_not_fit_its_schema_is_a_failure(engine: smslint.Engine) -> None:
    reports = engine.check_document("kind: account\nid: a\nnumbers: []\n---\nkind: account\nid: 5\n")
    assert len(reports) == 2
    assert reports[0].is_clean
    assert reports[1].has_errors and "must be a string" in reports[1].failures[0].message
    with pytest.raises(smslint.InputError, match="expected"):
        engine.check_document("kind: account\nid: [a\n")


# Segments


def test_segments_count_as_the_standard_says() -> None:
    gsm = smslint.segments("Hello")
    assert (gsm["encoding"], gsm["segments"], gsm["units"], gsm["unit"]) == ("GSM-7", 1, 5, "septets")
    assert gsm["capacity"] == (160, 153)
    assert gsm["parts"] == [{"start": 0, "end": 5, "units": 5, "capacity": 160, "text": "Hello"}]
    curly = smslint.segments("It’s done")
    assert curly["encoding"] == "UCS-2"
    assert curly["non_gsm"] == [{"char": "’", "offset": 2, "index": 2, "replacement": "'"}]
    assert curly["after_replacement"] == {"encoding": "GSM-7", "segments": 1, "units": 9}
    smart = smslint.segments("It’s done", smart=True)
    assert (smart["encoding"], smart["text"]) == ("GSM-7", "It's done")


def test_national_tables_and_split_policies() -> None:
    turkish = "Merhaba, siparişiniz yola çıktı. " * 3
    assert smslint.segments(turkish)["encoding"] == "UCS-2"
    for national in ["turkish", ["turkish"], "all", "spanish, turkish"]:
        counted = smslint.segments(turkish, national=national)
        assert counted["encoding"] == "GSM-7", national
        assert counted["tables"] is not None
    with pytest.raises(ValueError, match="no national language table `klingon`"):
        smslint.segments("x", national="klingon")
    flag = "🇫🇷" * 40
    assert smslint.segments(flag, split="codepoint")["segments"] >= smslint.segments(flag)["segments"]
    with pytest.raises(ValueError, match="`split` is `grapheme` or `codepoint`"):
        smslint.segments("x", split="word")  # type: ignore[arg-type]


def test_count_gives_the_counts_of_segments() -> None:
    for body in ["Hello", "It’s done", "€" * 200, "🇫🇷👍🏽", "x" * 1600, ""]:
        c = smslint.count(body)
        s = smslint.segments(body)
        assert (c.encoding, c.segments, c.units, c.characters) == (
            s["encoding"], s["segments"], s["units"], s["characters"]), body
    assert "GSM-7" in repr(smslint.count("Hi"))


def test_version_info_names_the_pack_and_the_tzdb() -> None:
    version, digest, tzdb = smslint.version_info()
    assert version == smslint.__version__
    assert len(digest) == 64 and int(digest, 16) >= 0
    assert tzdb[:4].isdigit()


# Threads


def test_one_engine_serves_many_threads(engine: smslint.Engine) -> None:
    messages = [
        message(to=to, body=body)
        for to in ["+13055550123", "3055550123", "+12125550123"]
        for body in ["Hi", "x" * 1700, "Your order has shipped."]
    ] * 40
    expected = [engine.check_message(m).to_dict() for m in messages]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda m: engine.check_message(m).to_dict(), messages))
    assert got == expected
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        batches = list(pool.map(engine.check_messages, [messages[i::4] for i in range(4)]))
    assert [r.to_dict() for r in batches[0]] == expected[0::4]


# Agreement with the command


needs_cli = pytest.mark.skipif(not BIN.exists(), reason=f"no smslint binary at {BIN}")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, cwd=ROOT, check=False)


def fixture_files() -> list[Path]:
    files: list[Path] = []
    for folder in ["accounts/valid", "accounts/invalid", "messages/send-path", "repo/sms"]:
        files += sorted(p for p in (FIXTURES / folder).rglob("*") if p.suffix in {".yaml", ".json"})
    return files


@needs_cli
@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_documents_agree_with_the_cli(engine: smslint.Engine, path: Path) -> None:
    done = cli("check", "--no-config", "--format", "json", str(path.relative_to(ROOT)))
    if done.returncode == 2:
        # The command could not read it; the package refuses it too.
        reports = engine.check_document(path.read_text(), name=path.name)
        assert any(r.failures for r in reports)
        return
    by_cli = sorted(
        (f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(done.stdout)["findings"]
    )
    by_package = sorted(
        (f.rule, f.line, f.column, f.message)
        for report in engine.check_document(path.read_text(), name=path.name)
        for f in report
    )
    assert by_package == by_cli


@needs_cli
def test_a_batch_agrees_with_check_jsonl(engine: smslint.Engine) -> None:
    # The command skips blank lines; one output line per message line.
    text = (FIXTURES / "messages" / "batch.jsonl").read_text()
    lines = [line for line in text.splitlines() if line.strip()]
    done = cli("check", "--no-config", "--jsonl", "fixtures/messages/batch.jsonl")
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == len(lines)
    records: list[dict[str, object]] = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            records.append({"not json": line})
    for record, by_cli, report in zip(records, out, engine.check_messages(records)):
        if "error" in by_cli:
            assert report.has_errors and report.failures
        else:
            assert [(f["rule"], f["message"]) for f in by_cli["findings"]] == [
                (f.rule, f.message) for f in report
            ]


def general(engine: smslint.Engine, m: dict[str, object]) -> smslint.Report:
    """The general reading: a dict with keyword arguments (here none) is never read in place."""
    return engine.check_message(m, **{})


def fresh_keys(m: dict[str, object]) -> dict[str, object]:
    """`m` with every key a new string object, records too, in reverse order."""
    out: dict[str, object] = {}
    for key, value in reversed(list(m.items())):
        fresh = "".join(list(key))
        assert fresh == key and fresh is not key
        out[fresh] = fresh_keys(value) if isinstance(value, dict) else value
    return out


def test_the_fast_and_general_readings_agree(engine: smslint.Engine) -> None:
    night = datetime.datetime(2026, 11, 23, 21, 30, tzinfo=EST)
    cases: list[dict[str, object]] = [
        message(),
        message(kind="message", id="m-1", brand="Acme"),
        message(to="3055550123"),
        message(sender="system", category="marketing", send_at=night,
                recipient={"consent": "express_written", "state": "fl", "time_zone": "America/Chicago",
                           "opted_out": False, "age_verified": True, "messages_last_24h": 3},
                conversation={"consumer_initiated": False, "first_message": True}),
        message(direction="inbound", sender="consumer", body="STOP", **{"from": "+13055550123"}),
        message(body="x" * 1700),
        message(body="It’s done 🎉"),
    ]
    for m in cases:
        assert engine.check_message(m).to_dict() == general(engine, m).to_dict(), m
        # Keys made at run time (not the interned names written in source), in another
        # order, are read by their text the same way.
        assert engine.check_message(fresh_keys(m)).to_dict() == general(engine, m).to_dict(), m
    # What the fast reading does not take, the general one refuses the same way.
    for bad in [message(recipient={"messages_last_24h": -1}), message(recipient={"opted_out": 1}),
                message(send_at=datetime.datetime(2026, 1, 1)), message(id="a\x07b"),
                message(category="ads"), message(kind="account")]:
        with pytest.raises(smslint.InputError) as fast:
            engine.check_message(bad)
        with pytest.raises(smslint.InputError) as slow:
            general(engine, bad)
        assert str(fast.value) == str(slow.value)


# Arrow batches


def test_check_arrow_agrees_with_check_messages(engine: smslint.Engine) -> None:
    pa = pytest.importorskip("pyarrow")
    night = "2026-11-23T21:30:00-05:00"
    rows: list[dict[str, object]] = [
        message(id="a"),
        message(id="b", to="3055550123"),
        message(id="c", sender="system", category="marketing", send_at=night,
                body="Acme: sale! Reply STOP to opt out.",
                recipient={"consent": "express_written", "state": "fl", "opted_out": False,
                           "messages_last_24h": 3},
                conversation={"consumer_initiated": False, "first_message": True}),
        message(id="d", direction="sideways"),
        message(id="e", recipient={"state": "Florida"}),
        message(id="f", body="x" * 1700, brand="Acme"),
        message(id="g", recipient={"messages_last_24h": -1}),
        message(id="h", sender="system", category="marketing", send_at="2026-12-09T15:00:00Z",
                body="Acme: sale! Reply STOP to opt out.",
                recipient={"consent": "implied_purchase", "consent_at": "2024-12-01T00:00:00Z",
                           "opt_out_requested_at": "2026-11-23T15:00:00Z", "dnc_listed": True,
                           "dnc_checked_at": "2026-11-30T00:00:00Z", "business_relationship": False,
                           "reassigned_checked_at": "2026-12-01T00:00:00Z"}),
        message(id="i", sender="system", category="informational",
                body="Acme: you are unsubscribed. See our sale at acme.example/sale",
                recipient={"opt_out_requested_at": "2026-11-23T15:29:00Z",
                           "opt_out_processed_at": "not a time"},
                conversation={"opt_out_confirmation": True}),
        message(id="j", sender="system", body="Acme: welcome! Reply STOP to cancel.",
                conversation={"opt_in_confirmation": True, "first_message": True}),
    ]

    def column(name: str) -> list[object]:
        record, _, field = name.partition("_")
        out: list[object] = []
        for r in rows:
            if name in r:
                out.append(r[name])
            elif record in ("recipient", "conversation") and isinstance(inner := r.get(record), dict):
                out.append(inner.get(field))
            else:
                out.append(None)
        return out

    names = ["id", "direction", "sender", "provider", "from", "to", "body", "send_at", "brand",
             "category", "recipient_consent", "recipient_state", "recipient_consent_at",
             "recipient_opt_out_requested_at", "recipient_opt_out_processed_at",
             "recipient_dnc_checked_at", "recipient_reassigned_checked_at"]
    arrays = {n: pa.array(column(n), type=pa.string()) for n in names}
    for flag in ["recipient_opted_out", "recipient_dnc_listed", "recipient_business_relationship",
                 "conversation_consumer_initiated", "conversation_first_message",
                 "conversation_opt_out_confirmation", "conversation_opt_in_confirmation"]:
        arrays[flag] = pa.array(column(flag), type=pa.bool_())
    arrays["recipient_messages_last_24h"] = pa.array(column("recipient_messages_last_24h"), type=pa.int64())
    out = engine.check_arrow(pa.RecordBatch.from_pydict(arrays)).to_pylist()
    reports = engine.check_messages(rows)
    assert [o["id"] for o in out] == [r["id"] for r in rows]
    for o, report, row in zip(out, reports, rows):
        if report.failures and not report.findings:
            assert o["error"], row
            assert o["has_errors"] and o["rules"] == []
        else:
            assert o["error"] is None, row
            assert o["rules"] == [f.rule for f in report.findings], row
            assert o["messages"] == [f.message for f in report.findings], row
            assert o["has_errors"] == report.has_errors, row


def test_check_arrow_refuses_unknown_and_mistyped_columns(engine: smslint.Engine) -> None:
    pa = pytest.importorskip("pyarrow")
    with pytest.raises(ValueError, match="unknown column `bdy`; did you mean `body`"):
        engine.check_arrow(pa.RecordBatch.from_pydict({"bdy": ["x"]}))
    with pytest.raises(ValueError, match="column `recipient_opted_out` is Int64, not a boolean column"):
        engine.check_arrow(pa.RecordBatch.from_pydict({"recipient_opted_out": pa.array([1], pa.int64())}))
    large = pa.RecordBatch.from_pydict({k: pa.array([v], pa.large_string()) for k, v in message().items()})
    assert engine.check_arrow(large).to_pylist()[0]["error"] is None
