/**
 * The table-driven fixture test. Each `fixtures/rules/<CODE>/<case>/` is a
 * small project. For the rule under test (and any other code a case names in
 * its markers) the set of (file, line, code) found must equal the set marked
 * with `# expect:` — no missing, no extra. `bad-*` cases must expect at least
 * one finding of their rule, `good-*` cases none.
 *
 * Run one rule: `npx vitest run test/rules.test.ts -t DJ101`.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { audit } from "../src/index.js";
import { expectationsIn } from "./helpers/expectations.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "rules");
const codes = existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : [];

for (const code of codes) {
  describe(code, () => {
    for (const name of readdirSync(join(FIXTURES, code)).sort()) {
      const dir = join(FIXTURES, code, name);
      test(`${code} ${name}`, async () => {
        expect(name, "case folders are bad-* or good-*").toMatch(/^(bad|good)(-|$)/);
        const expected = expectationsIn(dir);
        const judged = new Set([code, ...expected.map((m) => m.split(" ")[1]!)]);
        const result = await audit({ root: dir });
        const actual = result.findings
          .filter((f) => judged.has(f.code))
          .map((f) => `${f.span.file}:${f.span.line} ${f.code}`)
          .sort();
        if (name.startsWith("bad")) expect(expected.some((m) => m.endsWith(` ${code}`)), "a bad case expects its rule").toBe(true);
        else expect(expected.filter((m) => m.endsWith(` ${code}`)), "a good case expects nothing of its rule").toEqual([]);
        expect(actual).toEqual(expected);
      });
    }
  });
}
