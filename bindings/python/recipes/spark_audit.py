"""Auditing a message archive on Apache Spark with smslint.

Each executor builds one `smslint.Engine` and checks whole Arrow batches of the archive
with `Engine.check_arrow` inside `mapInArrow`: no Python runs per message, and the findings
come back as columns Spark can filter, count and write.

    spark-submit bindings/python/recipes/spark_audit.py ARCHIVE.jsonl OUT_FOLDER

ARCHIVE holds one JSON message per line, with the fields of smslint's message documents
(`recipient.state` and the like as nested objects). The output is Parquet: the message's
`id`, `has_errors`, the findings' `rules`, `severities` and `messages`, and `error` for a
message that could not be read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

# The columns check_arrow reads, as Spark selects them from the archive's JSON.
COLUMNS = {
    "id": "id", "direction": "direction", "sender": "sender", "provider": "provider",
    "from": "`from`", "to": "to", "brand": "brand", "body": "body", "send_at": "send_at",
    "category": "category", "recipient_consent": "recipient.consent",
    "recipient_state": "recipient.state", "recipient_time_zone": "recipient.time_zone",
    "recipient_opted_out": "recipient.opted_out", "recipient_age_verified": "recipient.age_verified",
    "recipient_messages_last_24h": "recipient.messages_last_24h",
    "conversation_consumer_initiated": "conversation.consumer_initiated",
    "conversation_first_message": "conversation.first_message",
}
OUTPUT = ("id string, has_errors boolean, rules array<string>, severities array<string>, "
          "messages array<string>, error string")
SCHEMA = (
    "id string, direction string, sender string, provider string, `from` string, to string, "
    "brand string, body string, send_at string, category string, "
    "recipient struct<consent: string, state: string, time_zone: string, opted_out: boolean, "
    "age_verified: boolean, messages_last_24h: bigint>, "
    "conversation struct<consumer_initiated: boolean, first_message: boolean>"
)


def check_batches(batches: Iterator[Any]) -> Iterator[Any]:
    """The `mapInArrow` function: one engine per task, every batch checked whole."""
    import smslint

    engine = smslint.Engine()
    for batch in batches:
        yield engine.check_arrow(batch)


def findings(messages: Any) -> Any:
    """The findings of every message of a DataFrame of messages (of `SCHEMA`)."""
    from pyspark.sql import functions as F

    flat = messages.select(*[F.col(source).alias(name) for name, source in COLUMNS.items()])
    return flat.mapInArrow(check_batches, OUTPUT)


def audit(spark: Any, archive: str) -> Any:
    """The findings of every message of a JSON-lines archive, as a DataFrame."""
    return findings(spark.read.schema(SCHEMA).json(archive))


def main() -> None:
    from pyspark.sql import SparkSession

    archive, out = sys.argv[1], sys.argv[2]
    spark = SparkSession.builder.appName("smslint-audit").getOrCreate()
    found = audit(spark, archive)
    found.write.mode("overwrite").parquet(out)
    found.groupBy("has_errors").count().show()
    spark.stop()


if __name__ == "__main__":
    main()
