import { createHash } from "node:crypto";
import { compareSpans } from "../parse/span.js";
import type { ProjectModel } from "../model/types.js";
import { formatMessage, type Finding, type Rule } from "./types.js";

/** Runs each rule over the model and returns its findings, sorted, with fingerprints. */
export function runRules(model: ProjectModel, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    rule.check({
      model,
      report(input) {
        const template = rule.messages[input.messageId];
        if (template === undefined) throw new Error(`${rule.code}: unknown messageId ${input.messageId}`);
        findings.push({
          code: rule.code,
          name: rule.name,
          messageId: input.messageId,
          severity: input.severity ?? rule.severity,
          message: formatMessage(template, input.data),
          span: input.span,
          related: input.related ?? [],
          ...(input.fix ? { fix: input.fix } : {}),
          fingerprint: "",
        });
      },
    });
  }
  return finalizeFindings(findings, model);
}

/** Sorts (file, line, column, rule), drops exact duplicates, and assigns fingerprints. */
export function finalizeFindings(findings: Finding[], model: Pick<ProjectModel, "files">): Finding[] {
  findings.sort((a, b) => compareSpans(a.span, b.span) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  const unique: Finding[] = [];
  for (const f of findings) {
    const prev = unique[unique.length - 1];
    if (prev && prev.code === f.code && compareSpans(prev.span, f.span) === 0 && prev.message === f.message) continue;
    unique.push(f);
  }
  const byPath = new Map(model.files.map((f) => [f.path, f]));
  const ordinals = new Map<string, number>();
  for (const f of unique) {
    const file = byPath.get(f.span.file);
    const content = file ? file.lines.lineText(f.span.line).trim().replace(/\s+/g, " ") : "";
    const key = `${f.code}\0${f.span.file}\0${content}`;
    const ordinal = ordinals.get(key) ?? 0;
    ordinals.set(key, ordinal + 1);
    f.fingerprint = createHash("sha256").update(`${key}\0${ordinal}`).digest("hex").slice(0, 32);
  }
  return unique;
}
