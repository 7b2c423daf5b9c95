#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema, as the programs that read them do: the
OASIS SARIF 2.1.0 schema (draft-04) that GitHub's code-scanning upload checks, and
smslint's own schemas (draft 2020-12, `smslint schema NAME`).

    python3 tools/jsonschema/validate.py SCHEMA FILE...
    python3 tools/jsonschema/validate.py --invalid SCHEMA FILE...

The schema's `$schema` picks the draft. Prints every error with its place in the file and
exits 1 when there is one. With `--invalid`, every FILE must instead be refused (a check
that the schema is not too lenient). Needs the `jsonschema` package
(`tools/jsonschema/requirements.txt`).
"""

import json
import sys

import jsonschema


def main() -> int:
    args = sys.argv[1:]
    invalid = bool(args) and args[0] == "--invalid"
    if invalid:
        args = args[1:]
    if len(args) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    failed = False
    for path in args[1:]:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if invalid:
            if not errors:
                print(f"{path}: accepted, but should be refused", file=sys.stderr)
                failed = True
            continue
        for e in errors:
            place = "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: /{place}: {e.message}", file=sys.stderr)
        if errors:
            failed = True
    if not failed:
        print(f"{len(args) - 1} files checked against {args[0]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
