import { describe, expect, test } from "vitest";
import { join } from "node:path";
import { ConfigError, loadConfig, resolveSelector, type RuleIndex } from "../../src/config/load.js";
import { isSelected } from "../../src/config/types.js";
import { tempProject } from "../engine/helpers.js";

const rules: RuleIndex = {
  resolve: (k) => ({ DJ101: "DJ101", "DEBUG-ENABLED": "DJ101", PX001: "PX001", "UNPARSABLE-FILE": "PX001", K8101: "K8101" })[k.toUpperCase()],
  codes: ["DJ101", "PX001", "K8101"],
};

describe("config loading", () => {
  test("no config file: defaults", () => {
    const root = tempProject({ "manage.py": "" });
    expect(loadConfig(root, undefined, rules)).toMatchObject({ file: null, config: { select: [], failOn: "warning", source: null } });
  });

  test("pyproject without [tool.shipshape]: defaults", () => {
    const root = tempProject({ "pyproject.toml": '[project]\nname = "x"\n' });
    expect(loadConfig(root, undefined, rules).file).toBeNull();
  });

  test("every key from [tool.shipshape]; names and prefixes resolve to codes", () => {
    const root = tempProject({
      "pyproject.toml": [
        "[project]",
        'name = "shop"',
        "[tool.shipshape]",
        'select = ["DJ", "px001", "K8"]',
        'ignore = ["debug-enabled"]',
        'exclude = ["docs/"]',
        'settings = "shop.settings.production"',
        'env-files = [".env.production"]',
        'fail-on = "error"',
        "report-unused-ignores = true",
        "[tool.shipshape.severity]",
        'debug-enabled = "info"',
        "[tool.shipshape.per-file-ignores]",
        '"deploy/*.conf" = ["PX"]',
        "[tool.other]",
        'select = ["NOPE"]',
      ].join("\n"),
    });
    const { config, file } = loadConfig(root, undefined, rules);
    expect(file?.path).toBe("pyproject.toml");
    expect(config).toMatchObject({
      select: ["DJ", "PX001", "K8"],
      ignore: ["DJ101"],
      exclude: ["docs/"],
      settings: ["shop.settings.production"],
      envFiles: [".env.production"],
      failOn: "error",
      reportUnusedIgnores: true,
      severity: { DJ101: "info" },
      perFileIgnores: { "deploy/*.conf": ["PX"] },
      unknownRules: [],
      source: "pyproject.toml",
    });
    expect(isSelected("DJ101", config)).toBe(false);
    expect(isSelected("PX001", config)).toBe(true);
  });

  test(".shipshape.toml wins over pyproject.toml and uses the top level", () => {
    const root = tempProject({ ".shipshape.toml": 'fail-on = "never"\n', "pyproject.toml": '[tool.shipshape]\nfail-on = "info"\n' });
    expect(loadConfig(root, undefined, rules).config.failOn).toBe("never");
  });

  test("--config names the file; a missing one is an error", () => {
    const root = tempProject({ "ci/shipshape.toml": 'select = ["PX"]\n' });
    expect(loadConfig(root, join(root, "ci/shipshape.toml"), rules).config).toMatchObject({ select: ["PX"], source: "ci/shipshape.toml" });
    expect(() => loadConfig(root, join(root, "nope.toml"), rules)).toThrow(/config file not found/);
  });

  test("an unknown key is an error naming the key and the file", () => {
    const root = tempProject({ "pyproject.toml": '[tool.shipshape]\nselekt = ["DJ"]\n' });
    expect(() => loadConfig(root, undefined, rules)).toThrow(ConfigError);
    expect(() => loadConfig(root, undefined, rules)).toThrow(/^pyproject\.toml: unknown key "selekt" in \[tool\.shipshape\]/);
  });

  test.each([
    ['fail-on = "sometimes"', /fail-on/],
    ['select = "DJ101"', /"select" must be a list of strings/],
    ['severity = { DJ101 = "fatal" }', /severity\.DJ101/],
    ["report-unused-ignores = 1", /true or false/],
    ["select = [", /^pyproject\.toml:\d+:\d+: invalid TOML/],
  ])("invalid value %s is a one-line error", (line, message) => {
    const root = tempProject({ "pyproject.toml": `[tool.shipshape]\n${line}\n` });
    expect(() => loadConfig(root, undefined, rules)).toThrow(message);
    try {
      loadConfig(root, undefined, rules);
    } catch (e) {
      expect((e as Error).message).not.toContain("\n");
    }
  });

  test("unknown rule names are kept with the position of the value", () => {
    const text = ['[tool.other]', 'x = "DJ999"', "", "[tool.shipshape]", 'select = ["DJ101", "DJ999"]', "[tool.shipshape.severity]", 'nope-rule = "info"', "[tool.shipshape.per-file-ignores]", '"a/*" = [ "ZZ1" ]'].join("\n");
    const root = tempProject({ "pyproject.toml": text });
    const { config } = loadConfig(root, undefined, rules);
    expect(config.select).toEqual(["DJ101"]);
    expect(config.unknownRules.map((u) => [u.name, u.key, u.span.line, u.span.column, u.span.endColumn])).toEqual([
      ["DJ999", "select", 5, 21, 26],
      ["nope-rule", "severity", 7, 1, 10],
      ["ZZ1", 'per-file-ignores."a/*"', 9, 12, 15],
    ]);
  });

  test("selectors: codes, names, prefixes that match a rule", () => {
    expect(resolveSelector("debug-enabled", rules)).toBe("DJ101");
    expect(resolveSelector("dj1", rules)).toBe("DJ1");
    expect(resolveSelector("K81", rules)).toBe("K81");
    expect(resolveSelector("DJ2", rules)).toBeUndefined();
    expect(resolveSelector("debug", rules)).toBeUndefined();
  });
});
