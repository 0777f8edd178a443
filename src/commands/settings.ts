/**
 * `shipshape settings [MODULE]`: the evaluated view of the production
 * settings (or of MODULE): each setting's value, where it was set, and which
 * environment variables it depends on. This is how a user checks what
 * shipshape thinks their settings are.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { audit } from "../index.js";
import { defaultConfig } from "../config/types.js";
import { formatSpan } from "../parse/span.js";
import type { SettingsView } from "../model/settings/types.js";
import { show, type EnvDep } from "../model/settings/values.js";

export function registerSettingsCommand(program: Command): void {
  program
    .command("settings")
    .description("show the evaluated Django settings: values, where each was set, the env vars it depends on")
    .argument("[module]", "settings module to evaluate (default: the production modules shipshape infers)")
    .option("--root <dir>", "project root", ".")
    .action(async (module: string | undefined, opts: { root: string }) => {
      process.stdout.write(await renderSettings(resolve(opts.root), module));
    });
}

/** The text the command prints. */
export async function renderSettings(root: string, module?: string): Promise<string> {
  const config = { ...defaultConfig(), settings: module ? [module] : [] };
  const { model } = await audit({ root, config, rules: [] });
  const views = model.settings.productionSettings;
  if (views.length === 0) {
    const known = model.settings.modules.map((m) => m.name).join(", ") || "none found";
    return module ? `No settings module ${module} in this project (settings modules: ${known}).\n` : `No production settings module found (settings modules: ${known}). Name one: shipshape settings MODULE\n`;
  }
  return views.map(renderView).join("\n");
}

function renderView(view: SettingsView): string {
  const out: string[] = [];
  const pin = view.project.django ? `Django ${view.project.django.major}.${view.project.django.minor} (${formatSpan(view.project.django.span)})` : "Django unpinned (judged as the newest)";
  const who = view.targets.length > 0 ? view.targets.map((t) => t.label).join(", ") : "no known target";
  out.push(`${view.module} (${view.file}) — ${view.reason} — ${view.env.label} — ${who} — ${pin}`);
  if (view.failed) out.push("  the module raises at import under this environment: every value is Unknown");
  if (view.opaque) out.push("  names may be set that shipshape cannot see (a star import from outside the project): unassigned settings are Unknown");
  const names = view.names();
  const width = Math.min(36, Math.max(0, ...names.map((n) => n.length)));
  for (const name of names) {
    const s = view.value(name);
    const where = s.at ? formatSpan(s.at) : "Django default";
    const deps = s.val.deps.length > 0 ? `  [${s.val.deps.map(describeDep).join("; ")}]` : "";
    const flags = [s.val.rawEnv ? `raw env string from ${s.val.rawEnv}` : "", s.val.generated ? `generated at import by ${s.val.generated}` : ""].filter(Boolean);
    out.push(`  ${name.padEnd(width)} = ${show(s.val)}  (${where})${deps}${flags.length ? `  {${flags.join("; ")}}` : ""}`);
  }
  for (const w of view.envWrites) out.push(`  sets env ${w.name} = ${show(w.val)}  (${formatSpan(w.at)})`);
  return `${out.join("\n")}\n`;
}

function describeDep(d: EnvDep): string {
  if (d.state === "set") return `${d.name} set${d.setAt ? ` at ${formatSpan(d.setAt)}` : ""}`;
  if (d.state === "unknown") return `${d.name} set to an unknown value${d.setAt ? ` at ${formatSpan(d.setAt)}` : ""}`;
  return `${d.name} unset${d.defaultSpan ? `, default at ${formatSpan(d.defaultSpan)}` : ", no default"}`;
}
