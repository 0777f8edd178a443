/**
 * The house style, enforced: rule identity, file layout, docs, fixtures, and
 * the generated catalog. Rules still being written fail here until they are
 * complete — that is the point.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { allRules } from "../rules/index.js";
import { audit } from "../src/index.js";
import { catalogMarkdown } from "../src/docs/render.js";
import type { Area, Rule } from "../src/engine/types.js";

const ROOT = join(import.meta.dirname, "..");
const FIXTURES = join(ROOT, "fixtures", "rules");
const RULES_MD = join(ROOT, "..", "shared", "design", "RULES.md");

const PREFIX: Record<Area, string> = {
  tool: "PX",
  settings: "DJ",
  dockerfile: "DF",
  compose: "DC",
  nginx: "NX",
  services: "SV",
  appserver: "AS",
  topology: "XF",
  k8s: "K8",
};

/** Every rule module under rules/<area>/, by path. */
async function ruleModules(): Promise<Map<string, Rule>> {
  const out = new Map<string, Rule>();
  for (const area of readdirSync(join(ROOT, "rules"), { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const file of readdirSync(join(ROOT, "rules", area.name)).sort()) {
      if (!file.endsWith(".ts") || file === "index.ts") continue;
      const mod = (await import(join(ROOT, "rules", area.name, file))) as { default?: Rule };
      if (mod.default) out.set(`rules/${area.name}/${file}`, mod.default);
    }
  }
  return out;
}

interface CatalogRow {
  name: string;
  severity: string;
  /** The peers column; null when the table has none (PX) or it says "none". */
  peers: string | null;
}

/** `| CODE | name | sev | fires when | reports at | peers |` rows of the catalog in RULES.md. */
function catalogRows(): Map<string, CatalogRow> {
  const rows = new Map<string, CatalogRow>();
  for (const line of readFileSync(RULES_MD, "utf8").split("\n")) {
    const m = /^\|\s*([A-Z][A-Z0-9]\d{3})\s*\|\s*([a-z0-9-]+)\s*\|\s*(error|warning|info)\s*\|/.exec(line);
    if (!m) continue;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const peers = cells.length >= 6 ? cells[cells.length - 1]! : null;
    rows.set(m[1]!, { name: m[2]!, severity: m[3]!, peers: peers && peers !== "none" ? peers : null });
  }
  return rows;
}

describe("rule conventions", () => {
  test("codes and names: format, unique, area prefix", () => {
    // RULES.md is the public contract: a name it fixes (NX105 no-tls, SV102 no-restart) stands even where it breaks the prefix convention.
    const contract = existsSync(RULES_MD) ? catalogRows() : new Map<string, CatalogRow>();
    const codes = new Set<string>();
    const names = new Set<string>();
    for (const r of allRules) {
      expect(r.code, r.code).toMatch(/^(PX|DJ|DF|DC|NX|SV|AS|XF|K8)\d{3}$/);
      expect(r.code.slice(0, 2), `${r.code} is in area ${r.area}`).toBe(PREFIX[r.area]);
      expect(r.name, r.code).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      if (contract.get(r.code)?.name !== r.name) expect(r.name, `${r.code}: names describe the pattern, without no-/require-`).not.toMatch(/^(no|require)-/);
      expect(codes.has(r.code), `duplicate code ${r.code}`).toBe(false);
      expect(names.has(r.name), `duplicate name ${r.name}`).toBe(false);
      codes.add(r.code);
      names.add(r.name);
    }
    expect([...codes]).toEqual([...codes].sort());
  });

  test("each rule is rules/<area>/<name>.ts, and every rule file is registered", async () => {
    const modules = await ruleModules();
    const registered = new Set(allRules);
    for (const r of allRules) expect(modules.get(`rules/${r.area}/${r.name}.ts`), `${r.code} should live in rules/${r.area}/${r.name}.ts`).toBe(r);
    for (const [path, r] of modules) expect(registered.has(r), `${path} is not in rules/index.ts`).toBe(true);
  });

  test.skipIf(!existsSync(RULES_MD))("code, name and severity match the catalog in RULES.md", () => {
    const rows = catalogRows();
    // RULES.md gives two rules the same name (SV101 and K8102 `runs-as-root`); names must be unique, so those may differ.
    const uses = new Map<string, number>();
    for (const row of rows.values()) uses.set(row.name, (uses.get(row.name) ?? 0) + 1);
    for (const r of allRules) {
      const row = rows.get(r.code);
      expect(row, `${r.code} is not in RULES.md`).toBeDefined();
      const name = uses.get(row!.name)! > 1 ? r.name : row!.name;
      expect(`${r.code} ${r.name} ${r.severity}`).toBe(`${r.code} ${name} ${row!.severity}`);
    }
  });

  test("docs are complete; references are https; peers named in RULES.md are listed", () => {
    const contract = existsSync(RULES_MD) ? catalogRows() : new Map<string, CatalogRow>();
    for (const r of allRules) {
      const d = r.docs;
      for (const [field, value] of Object.entries({ summary: d.summary, why: d.why, fix: d.fix, limits: d.limits ?? "" })) expect(value.trim(), `${r.code} docs.${field}`).not.toBe("");
      expect(d.bad.length, `${r.code} docs.bad`).toBeGreaterThan(0);
      expect(d.good.length, `${r.code} docs.good`).toBeGreaterThan(0);
      expect(d.references.length, `${r.code} docs.references`).toBeGreaterThan(0);
      for (const ref of d.references) {
        expect(ref.title.trim(), `${r.code} reference title`).not.toBe("");
        expect(ref.url, `${r.code} reference`).toMatch(/^https:\/\/[^\s]+$/);
      }
      if (contract.get(r.code)?.peers) expect(d.equivalents?.length ?? 0, `${r.code} docs.equivalents: RULES.md names peers (${contract.get(r.code)!.peers})`).toBeGreaterThan(0);
      expect(r.tags.length, `${r.code} tags`).toBeGreaterThan(0);
      for (const [id, template] of Object.entries(r.messages)) expect(String(template).trim(), `${r.code} message ${id}`).not.toBe("");
    }
  });

  test("every rule has bad and good fixtures, and every message is produced by one", async () => {
    const produced = new Map<string, Set<string>>();
    for (const r of allRules) {
      const dir = join(FIXTURES, r.code);
      const cases = existsSync(dir) ? readdirSync(dir) : [];
      expect(cases.some((c) => c.startsWith("bad")), `${r.code}: fixtures/rules/${r.code}/bad-*`).toBe(true);
      expect(cases.some((c) => c.startsWith("good")), `${r.code}: fixtures/rules/${r.code}/good-*`).toBe(true);
      for (const c of cases) {
        const result = await audit({ root: join(dir, c) });
        for (const f of result.findings) {
          const ids = produced.get(f.code) ?? new Set<string>();
          ids.add(f.messageId);
          produced.set(f.code, ids);
        }
      }
    }
    for (const r of allRules)
      for (const id of Object.keys(r.messages)) expect(produced.get(r.code)?.has(id) ?? false, `${r.code} message "${id}" is produced by no fixture`).toBe(true);
  });

  test("rules/README.md is the generated catalog (npm run catalog)", () => {
    const path = join(ROOT, "rules", "README.md");
    expect(existsSync(path), "rules/README.md exists").toBe(true);
    expect(readFileSync(path, "utf8"), "rules/README.md is stale: run `npm run catalog`").toBe(catalogMarkdown(allRules));
  });
});
