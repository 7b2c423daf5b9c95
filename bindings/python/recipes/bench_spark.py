"""Spark on local[2]: the audit recipe's `mapInArrow` + `check_arrow` against a per-row
Python UDF calling `check_message`, over the same generated archive, in one run.

    python3 bindings/python/recipes/bench_spark.py [MESSAGES]

Prints each way's wall time (best of 3, after a warm-up run) and the ratios. The ways:
the recipe; a Spark SQL Python UDF (`pyspark.sql.functions.udf`, the per-row UDF Spark
documents) over a struct of the message's columns; the same function mapped over the
DataFrame's RDD of rows; and, as the floor no `mapInArrow` function can go under, a
`mapInArrow` that only counts its rows (Spark moving the columns to Python as Arrow).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spark_audit  # noqa: E402


def generate(path: Path, n: int) -> None:
    rng = random.Random(7)
    bodies = ["Your order has shipped.", "Sale 🎉 30% off! Reply STOP to opt out.", "您的订单已发货", "x" * 400]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({
                "id": f"m-{i}", "direction": "outbound", "sender": "system", "provider": "twilio",
                "from": "+14155550100", "to": rng.choice(["+13055550123", "+12125550123", "3055550123"]),
                "body": rng.choice(bodies), "send_at": "2026-11-23T15:30:00Z",
                "category": rng.choice(["marketing", "informational"]),
            }, ensure_ascii=False) + "\n")


_ENGINE: Any = None


def per_row(row: Any) -> Any:
    """The per-row way: one `check_message` call per Spark row (one engine per worker)."""
    import smslint

    global _ENGINE
    if _ENGINE is None:
        _ENGINE = smslint.Engine()
    engine = _ENGINE
    fields = {k: v for k, v in row.asDict(recursive=True).items() if v is not None}
    try:
        report = engine.check_message(fields)
        return (row["id"], report.has_errors, [f.rule for f in report.findings], None)
    except ValueError as e:
        return (row["id"], True, [], str(e))


def count_rows(batches: Any) -> Any:
    """A `mapInArrow` function that only counts the rows it is given."""
    import pyarrow as pa  # type: ignore[import-untyped]

    for batch in batches:
        yield pa.RecordBatch.from_pydict({"n": pa.array([batch.num_rows], pa.int64())})


def main() -> None:
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    os.environ["PYSPARK_PYTHON"] = sys.executable
    spark = (SparkSession.builder.master("local[2]").appName("smslint-bench")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(spark_audit.__file__)
    spark.sparkContext.addPyFile(__file__)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "archive.jsonl"
        generate(path, n)
        messages = spark.read.schema(spark_audit.SCHEMA).json(str(path)).cache()
        messages.count()

        def arrow() -> int:
            return int(spark_audit.findings(messages).filter("has_errors").count())

        def udf() -> int:
            import bench_spark

            check = F.udf(lambda row: bench_spark.per_row(row)[1:],
                          "struct<has_errors: boolean, rules: array<string>, error: string>")
            found = messages.select(check(F.struct(*messages.columns)).alias("found"))
            return int(found.filter("found.has_errors").count())

        def rdd() -> int:
            import bench_spark

            return int(messages.rdd.map(bench_spark.per_row).filter(lambda r: r[1]).count())

        def floor() -> int:
            flat = messages.select(*[F.col(s).alias(n) for n, s in spark_audit.COLUMNS.items()])
            return int(flat.mapInArrow(count_rows, "n long").agg(F.sum("n")).collect()[0][0])

        results = {}
        ways = [("mapInArrow + check_arrow", arrow), ("per-row Spark SQL UDF + check_message", udf),
                 ("per-row RDD map + check_message", rdd), ("mapInArrow counting rows only", floor)]
        for name, run in ways:
            run()
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                flagged = run()
                best = min(best, time.perf_counter() - start)
            results[name] = best
            print(f"{name}: {best:.2f} s, {flagged} rows, {n / best:,.0f} messages/s")
        ours = results["mapInArrow + check_arrow"]
        for name in ("per-row Spark SQL UDF + check_message", "per-row RDD map + check_message"):
            print(f"mapInArrow is {results[name] / ours:.1f}x faster than the {name.split(' +')[0]}")
        floor_s = results["mapInArrow counting rows only"]
        print(f"checking adds {ours - floor_s:.2f} s to Spark's own {floor_s:.2f} s; even a free check "
              f"would be {results['per-row Spark SQL UDF + check_message'] / floor_s:.1f}x the UDF")
    spark.stop()


if __name__ == "__main__":
    main()
