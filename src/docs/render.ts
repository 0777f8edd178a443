/**
 * One source of truth for rule documentation: `shipshape explain`,
 * `shipshape rules` (text, json, markdown), the SARIF `tool.driver.rules`
 * help and the generated catalog `rules/README.md` all render from the
 * rule metadata through these functions.
 */
import type { Area, DocFile, Rule } from "../engine/types.js";

export const AREA_TITLES: Record<Area, string> = {
  tool: "PX — the tool itself",
  settings: "DJ — Django settings and code",
  dockerfile: "DF — Dockerfile",
  compose: "DC — compose",
  nginx: "NX — nginx",
  services: "SV — service managers (systemd, supervisor, Procfile)",
  appserver: "AS — app servers (gunicorn, uWSGI, Daphne, Uvicorn)",
  topology: "XF — across files (the deployment topology)",
  k8s: "K8 — Kubernetes manifests",
};

const AREA_ORDER: Area[] = ["tool", "settings", "dockerfile", "compose", "nginx", "services", "appserver", "topology", "k8s"];

/** The catalog anchor of a rule in rules/README.md. */
export function anchorOf(rule: Pick<Rule, "code" | "name">): string {
  return `${rule.code.toLowerCase()}-${rule.name}`;
}

/** Plain-text explanation for `shipshape explain`, wrapped at `width`. */
export function explainText(rule: Rule, width = 80): string {
  const d = rule.docs;
  const out: string[] = [];
  out.push(`${rule.code} ${rule.name} — ${rule.severity}, ${rule.area}${rule.tags.length ? `, ${rule.tags.join(", ")}` : ""}`, "");
  out.push(...wrap(d.summary, width), "");
  out.push("Why it matters", ...wrap(d.why, width, "  "), "");
  out.push("How to fix", ...wrap(d.fix, width, "  "), "");
  out.push("Fires on", ...examplesText(d.bad), "");
  out.push("Fixed", ...examplesText(d.good), "");
  if (d.limits) out.push("Limits", ...wrap(d.limits, width, "  "), "");
  out.push("References", ...d.references.map((r) => `  - ${r.title}: ${r.url}`), "");
  if (d.equivalents?.length) out.push("Equivalents", ...d.equivalents.map((e) => `  - ${e}`), "");
  return out.join("\n");
}

function examplesText(files: DocFile[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    out.push(`  ${f.path}:`);
    for (const line of f.code.replace(/\n$/, "").split("\n")) out.push(line ? `    ${line}` : "");
  }
  return out;
}

/** The `shipshape rules` table. */
export function rulesTable(rules: readonly Rule[]): string {
  const nameWidth = Math.max(4, ...rules.map((r) => r.name.length));
  const lines = [`${"CODE".padEnd(6)}  ${"NAME".padEnd(nameWidth)}  ${"SEVERITY".padEnd(8)}  SUMMARY`];
  for (const r of rules) lines.push(`${r.code.padEnd(6)}  ${r.name.padEnd(nameWidth)}  ${r.severity.padEnd(8)}  ${r.docs.summary}`);
  return lines.join("\n") + "\n";
}

/** Rule metadata as plain data (`shipshape rules --format json`). */
export function rulesJson(rules: readonly Rule[]): string {
  const data = rules.map((r) => ({
    code: r.code,
    name: r.name,
    area: r.area,
    severity: r.severity,
    tags: r.tags,
    messages: r.messages,
    summary: r.docs.summary,
    why: r.docs.why,
    fix: r.docs.fix,
    limits: r.docs.limits ?? null,
    references: r.docs.references,
    equivalents: r.docs.equivalents ?? [],
    examples: { bad: r.docs.bad, good: r.docs.good },
  }));
  return JSON.stringify(data, null, 2) + "\n";
}

/** A rule's full help in Markdown: SARIF `help.markdown` and the catalog section body. */
export function helpMarkdown(rule: Rule): string {
  const d = rule.docs;
  const parts = [d.summary, `**Why it matters.** ${d.why}`, `**How to fix.** ${d.fix}`];
  parts.push(`**Fires on:**\n\n${examplesMarkdown(d.bad)}`);
  parts.push(`**Fixed:**\n\n${examplesMarkdown(d.good)}`);
  if (d.limits) parts.push(`**Limits.** ${d.limits}`);
  parts.push(`**References:**\n\n${d.references.map((r) => `- [${r.title}](${r.url})`).join("\n")}`);
  if (d.equivalents?.length) parts.push(`**Equivalents:** ${d.equivalents.join("; ")}.`);
  return parts.join("\n\n");
}

/** A rule's full help as plain text: SARIF `help.text`. */
export function helpText(rule: Rule): string {
  const d = rule.docs;
  const parts = [d.summary, `Why it matters: ${d.why}`, `How to fix: ${d.fix}`];
  if (d.limits) parts.push(`Limits: ${d.limits}`);
  parts.push(`References:\n${d.references.map((r) => `- ${r.title}: ${r.url}`).join("\n")}`);
  return parts.join("\n\n");
}

function examplesMarkdown(files: DocFile[]): string {
  return files.map((f) => `\`${f.path}\`\n\n${fence(f.code, languageOf(f.path))}`).join("\n\n");
}

function fence(code: string, lang: string): string {
  const ticks = code.includes("```") ? "````" : "```";
  return `${ticks}${lang}\n${code.replace(/\n$/, "")}\n${ticks}`;
}

function languageOf(path: string): string {
  const base = path.split("/").pop()!.toLowerCase();
  if (base.endsWith(".py")) return "python";
  if (/^(dockerfile|containerfile)/.test(base) || base.endsWith(".dockerfile")) return "dockerfile";
  if (base.endsWith(".yml") || base.endsWith(".yaml")) return "yaml";
  if (base.endsWith(".sh")) return "sh";
  if (base.endsWith(".service") || base.endsWith(".socket") || base.endsWith(".ini")) return "ini";
  if (base.endsWith(".conf")) return "nginx";
  if (base.endsWith(".toml")) return "toml";
  return "";
}

/** The generated catalog, rules/README.md (`npm run catalog`; a test keeps it fresh). */
export function catalogMarkdown(rules: readonly Rule[]): string {
  const out: string[] = [
    "# shipshape rules",
    "",
    "<!-- Generated from the rule metadata by `npm run catalog`; do not edit by hand. -->",
    "",
    `${rules.length} rules. Each has a code and a name; either works in \`--select\`, \`--ignore\`, the config and \`# shipshape: ignore[...]\`. \`shipshape explain <code or name>\` prints the same text in the terminal.`,
    "",
  ];
  for (const area of AREA_ORDER) {
    const inArea = rules.filter((r) => r.area === area);
    if (!inArea.length) continue;
    out.push(`## ${AREA_TITLES[area]}`, "", "| code | name | severity | tags | summary |", "| --- | --- | --- | --- | --- |");
    for (const r of inArea) out.push(`| [${r.code}](#${anchorOf(r)}) | ${r.name} | ${r.severity} | ${r.tags.join(", ")} | ${cell(r.docs.summary)} |`);
    out.push("");
  }
  out.push("## Rule details", "");
  for (const r of rules) {
    out.push(`### ${r.code} ${r.name}`, "", `Severity: ${r.severity} · area: ${r.area} · tags: ${r.tags.join(", ") || "none"}`, "", helpMarkdown(r), "");
  }
  return out.join("\n");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Word-wraps a paragraph; existing newlines are kept. */
export function wrap(text: string, width: number, indent = ""): string[] {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = "";
    for (const word of para.split(/ +/)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(indent + line);
  }
  return out;
}
