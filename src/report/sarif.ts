import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Sarif from "sarif";
import type { Rule, Severity } from "../engine/types.js";
import type { Span } from "../parse/span.js";
import { helpMarkdown, helpText } from "../docs/render.js";
import { TOOL_NAME, TOOL_URI, TOOL_VERSION, type ReportInput } from "./types.js";

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: "error", warning: "warning", info: "note" };

/**
 * `security-severity` for rules tagged `security`, from the rule's severity
 * as configured (config `severity` overrides included):
 * GitHub maps > 9.0 to critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low.
 */
export const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.5", info: "2.0" };

const BASE = "%SRCROOT%";
const FINGERPRINT_KEY = "shipshape/v1";

/** A SARIF 2.1.0 log that GitHub code scanning accepts as is. */
export function formatSarif(result: ReportInput): string {
  const index = new Map(result.rules.map((r, i) => [r.code, i]));
  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: TOOL_VERSION,
        semanticVersion: TOOL_VERSION,
        informationUri: TOOL_URI,
        rules: result.rules.map((r) => sarifRule(r, result.severityOverrides[r.code] ?? r.severity)),
      },
    },
    originalUriBaseIds: { [BASE]: { uri: rootUri(result.root) } },
    columnKind: "utf16CodeUnits",
    results: result.findings.map((f) => {
      const res: Sarif.Result = {
        ruleId: f.code,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: physical(f.span) }],
        partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      };
      const i = index.get(f.code);
      if (i !== undefined) res.ruleIndex = i;
      if (f.related.length) res.relatedLocations = f.related.map((r, id) => ({ id, physicalLocation: physical(r.span), message: { text: r.message } }));
      if (f.fix) res.properties = { fix: f.fix };
      return res;
    }),
  };
  const log: Sarif.Log = { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [run] };
  return JSON.stringify(log, null, 2) + "\n";
}

/** The `tool.driver.rules` entry of a rule, rendered from its metadata, at its configured severity. */
export function sarifRule(rule: Rule, severity: Severity = rule.severity): Sarif.ReportingDescriptor {
  const properties: Sarif.PropertyBag = { tags: [...rule.tags, rule.area], precision: "high" };
  if (rule.tags.includes("security")) properties["security-severity"] = SECURITY_SEVERITY[severity];
  const descriptor: Sarif.ReportingDescriptor = {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.why },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[severity] },
    properties,
  };
  const first = rule.docs.references[0];
  if (first) descriptor.helpUri = first.url;
  return descriptor;
}

function rootUri(root: string): string {
  const href = pathToFileURL(resolve(root)).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function physical(span: Span): Sarif.PhysicalLocation {
  const artifactLocation: Sarif.ArtifactLocation = isAbsolute(span.file)
    ? { uri: pathToFileURL(span.file).href }
    : { uri: span.file.split("/").map(encodeURIComponent).join("/"), uriBaseId: BASE };
  const region: Sarif.Region = { startLine: span.line, startColumn: span.column };
  if (span.endLine > span.line || span.endColumn > span.column) {
    region.endLine = span.endLine;
    region.endColumn = span.endColumn;
  }
  return { artifactLocation, region };
}
