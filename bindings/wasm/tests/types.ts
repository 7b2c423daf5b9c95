// Compiled with `tsc --noEmit --strict` against the generated declarations: the package's
// types are real (a misspelt key or a wrong value is a type error, not `any`).
import { Engine, count, segments, versionInfo, type Message, type Report, type Segments } from "../pkg/node/smslint_wasm.js";

const engine = new Engine({ select: ["us."] });
const plain = new Engine();
const counted0: Segments = segments("Hi");
const live: "GSM-7" | "UCS-2" = count("Hi").encoding;
void live;
void [plain, counted0];
const message: Message = {
  direction: "outbound", sender: "agent", provider: "twilio",
  from: "+14155550100", to: "+13055550123", body: "Hi", send_at: new Date(),
  recipient: { state: "FL", consent: "express_written" },
};
const report: Report = engine.checkMessage(message);
const errors: boolean = report.hasErrors;
const rules: string[] = report.findings.map((f) => `${f.severity}[${f.rule}] ${f.help ?? ""}`);
const counted: Segments = segments("Hi", { national: ["turkish"], split: "codepoint" });
const units: number = counted.parts[0].units;
const [version]: [string, string, string] = versionInfo();
void [errors, rules, units, version, engine.rules.length];

// @ts-expect-error: `colour` is not a message field.
engine.checkMessage({ ...message, colour: "red" });
// @ts-expect-error: a direction is outbound or inbound.
engine.checkMessage({ ...message, direction: "sideways" });
// @ts-expect-error: `split` is grapheme or codepoint.
segments("Hi", { split: "word" });
