#!/usr/bin/env python3
"""Validates SARIF files against the OASIS SARIF 2.1.0 JSON schema, as GitHub's
code-scanning upload step does: any schema error refuses the file.

    python3 tools/sarif/validate.py SCHEMA FILE...

SCHEMA is the OASIS schema (`sarif-schema-2.1.0.json`, JSON Schema draft-04). Prints every
error with its place in the file and exits 1 when there is one. Needs the `jsonschema`
package (`tools/sarif/requirements.txt`).
"""

import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for e in errors:
            place = "/".join(str(p) for p in e.absolute_path)
            print(f"{path}: /{place}: {e.message}", file=sys.stderr)
        if errors:
            failed = True
        else:
            print(f"{path}: valid SARIF 2.1.0")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
