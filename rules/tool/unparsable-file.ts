import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "PX001",
  name: "unparsable-file",
  area: "tool",
  severity: "error",
  tags: ["reliability"],
  messages: {
    syntax: "{detail}: this file could not be fully parsed, so findings in it and about it may be missing.",
  },
  docs: {
    summary: "A file of a kind shipshape reads has a syntax error.",
    why:
      "A deployment file that does not parse usually fails where it is used: nginx refuses to reload, systemd ignores the unit, compose refuses to start, Python raises at import. Even when the consumer is more lenient than shipshape, every rule that needs the file now sees only the part before the error, so real problems after it go unreported.",
    fix: "Fix the syntax error at the reported position. shipshape still uses the part of the file it could read, so other findings remain valid.",
    bad: [{ path: "docker-compose.yml", code: "services:\n  web:\n    image: app:1.0\n   ports: [\n" }],
    good: [{ path: "docker-compose.yml", code: "services:\n  web:\n    image: app:1.0\n" }],
    limits: "Files skipped before parsing (binary, larger than 2 MiB, not UTF-8, unreadable) are listed with `--verbose` and produce no finding.",
    references: [{ title: "SARIF 2.1.0: result locations", url: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html" }],
    equivalents: [],
  },
  check({ model, report }) {
    for (const error of model.parseErrors) report({ messageId: "syntax", data: { detail: error.message }, span: error.span });
  },
});
