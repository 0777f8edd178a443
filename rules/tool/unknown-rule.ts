import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "PX003",
  name: "unknown-rule",
  area: "tool",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    suppression: "`{name}` in this suppression names no shipshape rule, so it suppresses nothing.",
    empty: "This suppression names no rule; shipshape never silences a whole line, so it suppresses nothing.",
    config: "`{name}` in `{key}` of {file} names no shipshape rule or code prefix, so that setting has no effect.",
  },
  docs: {
    summary: "A suppression comment or the config names a rule that does not exist.",
    why:
      "A typo in a suppression (`DJ1O1`, `debug-enable`) or in the config silently does nothing: the finding the author meant to accept keeps failing the build, or — worse — a `select` list that names no real rule switches checks off without anyone noticing. Renamed or removed rules leave the same dead references behind after an upgrade.",
    fix:
      "Use a code or name that `shipshape rules` lists, e.g. `# shipshape: ignore[DJ101]` or `# shipshape: ignore[debug-enabled]`; in the config, codes, names and code prefixes (`DJ`, `DJ1`) are accepted. Delete references to rules that no longer exist.",
    bad: [
      { path: "config/settings/production.py", code: "# shipshape: ignore[DJ999]\nDEBUG = False\nALLOWED_HOSTS = [\"example.com\"]\n" },
    ],
    good: [
      { path: "config/settings/production.py", code: "# shipshape: ignore[unparsable-file] -- generated file\nDEBUG = False\nALLOWED_HOSTS = [\"example.com\"]\n" },
    ],
    limits:
      "Inline suppressions take exact codes or names; prefixes are accepted only in the config. Unknown rules given on the command line (`--select`, `--ignore`) are a usage error (exit 2), not a finding. The position of a config value is found by searching the config section for it, so a value written twice is reported at its first occurrence.",
    references: [
      { title: "Ruff: error suppression (the model for inline ignores)", url: "https://docs.astral.sh/ruff/linter/#error-suppression" },
      { title: "TOML v1.0.0", url: "https://toml.io/en/v1.0.0" },
    ],
    equivalents: ["Ruff: RUF100 (unused or unknown noqa)", "ESLint: \"Definition for rule … was not found\" on disable comments"],
  },
  check({ model, report }) {
    for (const s of model.suppressions ?? []) {
      if (s.entries.length === 0) report({ messageId: "empty", span: s.span });
      for (const e of s.entries) if (e.code === null) report({ messageId: "suppression", data: { name: e.name }, span: e.span });
    }
    const file = model.config.source ?? "the config";
    for (const u of model.config.unknownRules) report({ messageId: "config", data: { name: u.name, key: u.key, file }, span: u.span });
  },
});
