"""The Spark audit recipe (`recipes/spark_audit.py`) on `local[2]`: its findings equal the
`smslint check --jsonl` command's on the same archive. Skipped without pyspark and Java,
unless SMSLINT_REQUIRE_SPARK is set (as tools/test-all sets it)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(os.environ.get("SMSLINT_BIN", ROOT / "target" / "debug" / "smslint"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "recipes"))

required = bool(os.environ.get("SMSLINT_REQUIRE_SPARK"))
if not required:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("no Java for Spark", allow_module_level=True)


def archive(path: Path, n: int) -> None:
    """An archive shaped like the peer corpus's messages: ASCII, extension characters,
    accents, emoji, CJK; some at night, some to unreadable numbers, some unreadable."""
    rng = random.Random(20261207)
    bodies = ["Your order has shipped.", "Price: 10€ {today}", "Café à l'heure, ¿sí?",
              "Sale 🎉🎉 30% off! Reply STOP to opt out.", "您的订单已发货", "x" * 1700]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            m: dict[str, object] = {
                "id": f"m-{i}", "direction": "outbound", "sender": rng.choice(["agent", "system", "bot"]),
                "provider": "twilio", "from": "+14155550100",
                "to": rng.choice(["+13055550123", "+12125550123", "+17135550123", "3055550123"]),
                "body": rng.choice(bodies),
                "send_at": rng.choice(["2026-11-23T15:30:00Z", "2026-11-24T02:30:00Z"]),
            }
            if rng.random() < 0.5:
                m["category"] = rng.choice(["marketing", "informational", "conversational"])
            if rng.random() < 0.5:
                m["recipient"] = {"consent": rng.choice(["express", "express_written"]),
                                  "state": rng.choice(["FL", "tx", "NY"])}
            if i % 97 == 0:
                m["direction"] = "sideways"
            f.write(json.dumps(m, ensure_ascii=False) + "\n")


@pytest.mark.skipif(not BIN.exists(), reason=f"no smslint binary at {BIN}")
def test_spark_findings_equal_the_cli(tmp_path: Path) -> None:
    from pyspark.sql import SparkSession

    import spark_audit

    # The workers run this Python, which has smslint and pyarrow.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    path = tmp_path / "archive.jsonl"
    archive(path, 3000)
    spark = (SparkSession.builder.master("local[2]").appName("smslint-test")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    # The workers import the recipe's function too.
    spark.sparkContext.addPyFile(str(Path(spark_audit.__file__)))
    try:
        rows = spark_audit.audit(spark, str(path)).collect()
    finally:
        spark.stop()
    by_spark = {r["id"]: r for r in rows}
    done = subprocess.run([str(BIN), "check", "--no-config", "--jsonl", str(path)],
                          capture_output=True, text=True, check=False)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == len(by_spark) == 3000
    ids = [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]
    for id_, by_cli in zip(ids, lines):
        row = by_spark[id_]
        if "error" in by_cli:
            assert row["error"] and row["has_errors"], id_
        else:
            assert row["error"] is None, (id_, row["error"])
            assert list(row["rules"]) == [f["rule"] for f in by_cli["findings"]], id_
            assert list(row["messages"]) == [f["message"] for f in by_cli["findings"]], id_
