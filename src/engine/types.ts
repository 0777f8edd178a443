import type { Span } from "../parse/span.js";
import type { ProjectModel } from "../model/types.js";

export type Severity = "error" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["info", "warning", "error"];
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export type Area = "settings" | "dockerfile" | "compose" | "nginx" | "services" | "appserver" | "topology" | "k8s" | "tool";
export type Tag = "security" | "reliability" | "performance" | "observability";

export interface RelatedLocation {
  span: Span;
  message: string;
}

export interface Finding {
  /** Rule code, e.g. `DJ101`. */
  code: string;
  /** Rule name, e.g. `debug-enabled`. */
  name: string;
  /** Which of the rule's message templates produced the message. */
  messageId: string;
  severity: Severity;
  message: string;
  span: Span;
  related: RelatedLocation[];
  /** A one-line fix hint for this instance, where the rule has one. */
  fix?: string;
  /** Stable across unrelated line shifts; set by the engine. */
  fingerprint: string;
}

/** One file of a documentation example; the files of one list form one project. */
export interface DocFile {
  path: string;
  code: string;
}

export interface RuleDocs {
  /** One sentence: what the rule flags. */
  summary: string;
  /** The production consequence, concretely. */
  why: string;
  /** How to fix it, with the trade-offs. */
  fix: string;
  /** A project (one or more files) on which the rule must fire. */
  bad: DocFile[];
  /** The same project, fixed: the rule must stay silent. */
  good: DocFile[];
  /** When the rule stays silent on purpose (Unknown values, dev files…). */
  limits?: string;
  references: { title: string; url: string }[];
  /** What peers call the same check, e.g. `manage.py check --deploy: security.W018`. */
  equivalents?: string[];
}

export interface ReportInput<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  span: Span;
  related?: RelatedLocation[];
  /** Overrides the rule's default severity for this instance (documented in the rule). */
  severity?: Severity;
  fix?: string;
}

export interface RuleContext<M extends string = string> {
  model: ProjectModel;
  report(input: ReportInput<M>): void;
}

export interface RuleMeta<M extends string = string> {
  code: string;
  name: string;
  area: Area;
  severity: Severity;
  tags: Tag[];
  /** Message templates; `{key}` is replaced from `data`. */
  messages: Record<M, string>;
  docs: RuleDocs;
}

export interface Rule<M extends string = string> extends RuleMeta<M> {
  check(ctx: RuleContext<M>): void;
}

export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Fills `{key}` placeholders; a missing key is a bug in the rule and throws. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = data[key];
    if (v === undefined) throw new Error(`message placeholder {${key}} has no data`);
    return String(v);
  });
}
