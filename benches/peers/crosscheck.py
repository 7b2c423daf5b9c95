"""Python-peer helper for crosscheck.js (run with the bench kit's venv python).

Usage: <kit>/venv/bin/python crosscheck.py <peer> <bodies.jsonl> [limit]
  peer: smsutil | sms-toolkit
Reads one JSON string per line and prints, per line, a JSON array
  [segments, encoding, units]      encoding: "GSM-7" | "UCS-2"; units: septets / UTF-16 units
or ["error", "<message>"] when the peer raises. Peers are called exactly as drivers/drv.py calls them
(smsutil.split(b).parts, with an empty body counted as 1 like the driver; sms_toolkit profile_message).
"""
import json
import sys

peer, path = sys.argv[1], sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None

if peer == "smsutil":
    import smsutil

    def run(b):
        if not b:
            return [1, "GSM-7", 0]
        r = smsutil.split(b)
        gsm = r.encoding == "gsm0338"
        return [len(r.parts), "GSM-7" if gsm else "UCS-2", r.total_bytes if gsm else r.total_bytes // 2]
elif peer == "sms-toolkit":
    from sms_toolkit.messages.profiling import profile_message
    from sms_toolkit import utils, constants

    def run(b):
        p = profile_message(b)
        enc = utils.determine_encoding_for_string(b)
        return [p["num_segments"], "GSM-7" if enc == constants.GSM_ENCODING else "UCS-2", p["message_length"]]
else:
    sys.exit("unknown peer " + peer)

out = sys.stdout
n = 0
with open(path, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line:
            continue
        b = json.loads(line)
        try:
            res = run(b)
        except Exception as e:  # noqa: BLE001 - report, don't die
            res = ["error", "%s: %s" % (type(e).__name__, e)]
        out.write(json.dumps(res) + "\n")
        n += 1
        if limit and n >= limit:
            break
