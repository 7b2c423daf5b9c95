#!/usr/bin/env python3
"""Adds an `smslint` engine to a copy of the rule-engine benchmark kit.

    python3 benches/rules-kit/install.py [--kit ../shared/bench-rules] [--into DIR]

copies the kit (default: ../shared/bench-rules beside this repository) into DIR (default:
$TMPDIR/smslint-bench-rules; never inside this repository), then

- adds this repository as the `smslint` path dependency of the copy,
- copies `sms_doc.rs` (the kit message as an smslint document kind) into its `src/`,
- registers an engine `smslint` in its `main.rs`, run between the native baseline and
  the other engines, fed by the rule files in `benches/rules-kit/rules/`.

The copy is then built and run as the kit's README says:

    cd DIR && cargo build --release && ./target/release/peers-rules 100000 5 native,smslint,regorus-rvm

Running it again refreshes the copy (its `target/` is kept, so rebuilds are quick).
"""

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

ENGINE_BLOCK = """
        // ---------------- smslint: the same rules as smslint rule files (added by smslint's
        // benches/rules-kit/install.py); JSON -> engine value is serde into a struct, as for native
        if want("smslint") {
            rows.push(bench(
                "smslint",
                variant,
                &raw,
                reps,
                || sms_doc::load(std::path::Path::new(SMSLINT_RULES), variant).unwrap(),
                |_, j| serde_json::from_value::<sms_doc::SmsDoc>(j.clone()).unwrap(),
                |e, c| c.iter().map(|m| sms_doc::violations(e, m)).collect(),
            ));
        }
"""


def patch_main(text: str, rules_dir: Path) -> str:
    if "mod sms_doc;" in text:
        return text
    anchors = {
        "mod rules;\n": "mod rules;\n#[allow(dead_code)]\nmod sms_doc;\n"
        + f"const SMSLINT_RULES: &str = {str(rules_dir)!r};\n".replace("'", '"'),
        '["native", "regorus"': '["native", "smslint", "regorus"',
        "        // ---------------- regorus interpreter": ENGINE_BLOCK.lstrip("\n")
        + "\n        // ---------------- regorus interpreter",
    }
    for anchor, replacement in anchors.items():
        if text.count(anchor) != 1:
            sys.exit(f"install.py: the kit's src/main.rs has changed: `{anchor.strip()}` not found once")
        text = text.replace(anchor, replacement)
    return text


def patch_manifest(text: str) -> str:
    if "\nsmslint =" in text:
        return text
    anchor = "[dependencies]\n"
    if anchor not in text:
        sys.exit("install.py: the kit's Cargo.toml has no [dependencies] table")
    return text.replace(anchor, anchor + f'smslint = {{ path = "{REPO}" }}\n', 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", type=Path, default=REPO.parent / "shared" / "bench-rules")
    parser.add_argument(
        "--into", type=Path, default=Path(tempfile.gettempdir()) / "smslint-bench-rules"
    )
    args = parser.parse_args()
    kit, into = args.kit.resolve(), args.into.resolve()
    if not (kit / "src" / "main.rs").is_file():
        sys.exit(f"install.py: no benchmark kit at {kit} (pass --kit DIR)")
    if into == REPO or REPO in into.parents:
        sys.exit("install.py: copy the kit outside the repository (pass --into DIR)")
    into.mkdir(parents=True, exist_ok=True)
    for item in kit.iterdir():
        if item.name == "target":
            continue
        dest = into / item.name
        if item.is_dir():
            shutil.copytree(item, dest, dirs_exist_ok=True)
        else:
            shutil.copyfile(item, dest)
    for path in into.rglob("*"):
        if "target" not in path.parts:
            path.chmod(path.stat().st_mode | 0o200)
    shutil.copyfile(HERE / "sms_doc.rs", into / "src" / "sms_doc.rs")
    main_rs = into / "src" / "main.rs"
    main_rs.write_text(patch_main(main_rs.read_text(), HERE / "rules"))
    manifest = into / "Cargo.toml"
    manifest.write_text(patch_manifest(manifest.read_text()))
    print(into)


if __name__ == "__main__":
    main()
