/**
 * Every SARIF log the suite can produce must validate against the official
 * SARIF 2.1.0 schema: one per rule fixture case (bad and good) and per
 * fixture project, plus a run with every rule's metadata.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import Ajv from "ajv-draft-04";
import { audit } from "../../src/index.js";
import { formatSarif } from "../../src/report/sarif.js";

const ROOT = join(import.meta.dirname, "..", "..");
const SCHEMA = join(ROOT, "..", "shared", "schemas", "sarif-schema-2.1.0.json");
const schemaPresent = existsSync(SCHEMA);
if (!schemaPresent && process.env["CI"] === "true") throw new Error(`SARIF schema missing at ${SCHEMA}`);
if (!schemaPresent) console.warn(`SKIPPED: SARIF schema validation — ${SCHEMA} is absent`);

function cases(): string[] {
  const dirs: string[] = [];
  const rules = join(ROOT, "fixtures", "rules");
  if (existsSync(rules)) for (const code of readdirSync(rules).sort()) for (const c of readdirSync(join(rules, code)).sort()) dirs.push(join(rules, code, c));
  const projects = join(ROOT, "fixtures", "projects");
  if (existsSync(projects)) for (const p of readdirSync(projects).sort()) dirs.push(join(projects, p));
  return dirs;
}

describe.skipIf(!schemaPresent)("SARIF 2.1.0 schema", () => {
  const validate = schemaPresent ? new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA, "utf8"))) : () => true;
  const all = cases();

  test("there are fixture cases to validate", () => {
    expect(all.length).toBeGreaterThan(5);
  });

  test("the validator rejects a broken log (the check can fail)", async () => {
    const log = JSON.parse(formatSarif(await audit({ root: all[0]! })));
    log.runs[0].results.push({ ruleId: "PX001", message: {}, locations: [{ physicalLocation: { region: { startLine: 0 } } }] });
    expect(validate(log)).toBe(false);
  });

  test("every fixture case and project produces a valid log", async () => {
    let results = 0;
    for (const dir of all) {
      const log = JSON.parse(formatSarif(await audit({ root: dir })));
      const ok = validate(log);
      expect(ok, `${dir}: ${JSON.stringify((validate as { errors?: unknown }).errors)}`).toBe(true);
      results += log.runs[0].results.length;
    }
    expect(results).toBeGreaterThan(0);
  });
});
