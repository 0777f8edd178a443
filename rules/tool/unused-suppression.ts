import { defineRule } from "../../src/engine/types.js";
import { isSelected } from "../../src/config/types.js";

export default defineRule({
  code: "PX002",
  name: "unused-suppression",
  area: "tool",
  severity: "info",
  tags: ["reliability"],
  messages: {
    unused: "`{name}` is suppressed here but reports nothing at this spot; the comment is stale and would hide a future finding.",
  },
  docs: {
    summary: "A `# shipshape: ignore[...]` comment suppresses nothing (reported only with `--report-unused-ignores`).",
    why:
      "A suppression outlives the problem it was written for: the setting gets fixed or moved, the comment stays. It then silently swallows the next real finding of that rule on that line — for example a DEBUG that is turned back on months later — and reviewers read it as a decision someone made. Stale ignores also make the accepted risk look larger than it is.",
    fix:
      "Delete the comment, or the rule name in it that no longer matches anything. Run `shipshape audit --report-unused-ignores` in CI to keep suppressions honest; the trade-off is a failing build (at `--fail-on info`) when someone fixes a problem but forgets the comment.",
    bad: [
      { path: ".shipshape.toml", code: "report-unused-ignores = true\n" },
      {
        path: "docker-compose.yml",
        code: "services:\n  web:\n    image: shop:1.4  # shipshape: ignore[unparsable-file] -- was broken before the 1.4 rewrite\n",
      },
    ],
    good: [
      { path: ".shipshape.toml", code: "report-unused-ignores = true\n" },
      { path: "docker-compose.yml", code: "services:\n  web:\n    image: shop:1.4\n" },
    ],
    limits:
      "Only runs with `--report-unused-ignores` or `report-unused-ignores = true` in the config. A suppression of a rule that is switched off by `select`/`ignore` is not reported, since that rule did not run. Names that match no rule are PX003 instead.",
    references: [{ title: "Ruff: RUF100 unused-noqa", url: "https://docs.astral.sh/ruff/rules/unused-noqa/" }],
    equivalents: ["Ruff: RUF100", "ESLint: --report-unused-disable-directives"],
  },
  check({ model, report }) {
    if (!model.config.reportUnusedIgnores) return;
    for (const s of model.suppressions ?? [])
      for (const e of s.entries) if (e.code !== null && !e.used && isSelected(e.code, model.config)) report({ messageId: "unused", data: { name: e.name }, span: e.span });
  },
});
