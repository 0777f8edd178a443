import { Option, type Command } from "commander";
import { audit } from "../index.js";
import { loadConfig } from "../config/load.js";
import type { Process, ProjectModel, Target } from "../model/types.js";
import type { NginxProxy, NginxServer } from "../model/nginx.js";
import { formatSpan, type Span } from "../parse/span.js";
import { ruleIndex } from "./audit.js";
import { resolveScope } from "./root.js";

export function registerGraphCommand(program: Command): void {
  program
    .command("graph")
    .description("print the inferred deployment topology: targets, their processes, environment and settings")
    .argument("[path]", "project root", ".")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--config <file>", "config file")
    .action(async (path: string, flags: { format: "text" | "json"; config?: string }) => {
      const scope = resolveScope([path], undefined, process.cwd());
      const { config, file } = loadConfig(scope.root, flags.config, ruleIndex);
      const { model } = await audit({ root: scope.root, config, configFile: file, rules: [] });
      process.stdout.write(flags.format === "json" ? JSON.stringify(graphData(model), null, 2) + "\n" : graphText(model));
    });
}

function argv(p: Process): string {
  return p.argv.map((w) => w.text ?? w.raw).join(" ");
}

function where(span: Span | null): string | null {
  return span ? formatSpan(span) : null;
}

function processData(p: Process) {
  return { origin: p.origin, label: p.label, argv: p.argv.map((w) => w.text), at: formatSpan(p.span), container: p.container, production: p.production, shellForm: p.shellForm };
}

function targetData(t: Target) {
  return {
    id: t.id,
    kind: t.kind,
    label: t.label,
    at: formatSpan(t.span),
    production: t.production,
    container: t.container,
    platform: t.platform,
    main: t.main ? processData(t.main) : null,
    processes: t.processes.map(processData),
    env: t.env.map((e) => ({ kind: e.kind, file: e.file, committed: e.committed, variables: e.entries.map((x) => x.name) })),
    envComplete: t.envComplete,
    settingsModule: t.settingsModule ? { name: t.settingsModule.name, setAt: where(t.settingsModule.span) } : null,
    image: t.dockerfile,
    replicas: t.replicas,
  };
}

function proxyTarget(p: NginxProxy): string {
  const t = p.target;
  if (t.kind === "unix") return `unix:${t.path}`;
  if (t.kind === "unknown") return t.raw;
  return `${t.scheme ? `${t.scheme}://` : ""}${t.host}${t.port !== null ? `:${t.port}` : ""}`;
}

function serverData(s: NginxServer) {
  return {
    at: formatSpan(s.span),
    serverNames: s.serverNames.map((w) => w.text),
    listen: s.listens.map((l) => ({ address: l.address, port: l.port, unix: l.unix, ssl: l.ssl })),
    tls: s.ssl,
    production: s.config.production,
    proxies: s.proxies.map((p) => ({ kind: p.kind, location: p.location?.path ?? null, target: proxyTarget(p), toApp: p.toApp, at: formatSpan(p.directive.span) })),
  };
}

/** The topology as plain data (`shipshape graph --format json`). */
export function graphData(model: ProjectModel) {
  const inTargets = new Set(model.targets.flatMap((t) => t.processes));
  return {
    root: model.root,
    targets: model.targets.map(targetData),
    otherProcesses: model.processes.filter((p) => !inTargets.has(p)).map(processData),
    proxies: model.nginx.servers.map(serverData),
  };
}

function graphText(model: ProjectModel): string {
  const out: string[] = [];
  if (!model.targets.length) out.push("no deployment targets found");
  for (const t of model.targets) {
    const flags = [t.production ? "production" : "development", t.container ? "container" : "host", t.platform ? `behind ${t.platform} edge` : null].filter(Boolean);
    out.push(`${t.label}  [${flags.join(", ")}]  ${formatSpan(t.span)}`);
    out.push(`  main:     ${t.main ? `${argv(t.main)}  (${formatSpan(t.main.span)})` : "unknown"}`);
    for (const p of t.processes) if (p !== t.main) out.push(`  step:     ${argv(p)}  (${p.label}, ${formatSpan(p.span)})`);
    out.push(`  settings: ${t.settingsModule ? `${t.settingsModule.name}${t.settingsModule.span ? `  (set at ${formatSpan(t.settingsModule.span)})` : ""}` : "unknown"}`);
    if (t.dockerfile) out.push(`  image:    built from ${t.dockerfile}`);
    if (t.replicas !== null) out.push(`  replicas: ${t.replicas}`);
    for (const e of t.env) out.push(`  env:      ${e.kind} ${formatSpan(e.span)}${e.committed ? "" : " (not in the repo)"}: ${e.entries.map((x) => x.name).join(", ") || "-"}`);
    out.push("");
  }
  const inTargets = new Set(model.targets.flatMap((t) => t.processes));
  const others = model.processes.filter((p) => !inTargets.has(p));
  if (others.length) {
    out.push("processes outside any target:");
    for (const p of others) out.push(`  ${p.label}: ${argv(p)}  (${formatSpan(p.span)})`);
  }
  for (const server of model.nginx.servers) {
    const d = serverData(server);
    const listen = d.listen.map((l) => (l.unix ? `unix:${l.unix}` : `${l.address ? `${l.address}:` : ""}${l.port ?? "?"}${l.ssl ? " ssl" : ""}`)).join(", ");
    out.push("", `nginx server ${d.serverNames.join(" ") || "_"}  listen ${listen || "80"}${d.tls ? "  [TLS]" : ""}  ${d.at}`);
    for (const p of d.proxies) out.push(`  ${p.location ?? "(server)"} → ${p.kind} ${p.target}${p.toApp ? "  (the app)" : ""}  (${p.at})`);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n").replace(/^\n+/, "").replace(/\n*$/, "\n");
}
