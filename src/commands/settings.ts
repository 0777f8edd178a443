/**
 * `shipshape settings [MODULE]`: the evaluated view of the production
 * settings (or of MODULE): each setting's value, where it was set, and which
 * environment variables it depends on. This is how a user checks what
 * shipshape thinks their settings are.
 */
import type { Command } from "commander";
import { audit } from "../index.js";
import { loadConfig } from "../config/load.js";
import { defaultConfig, type ResolvedConfig } from "../config/types.js";
import { formatSpan } from "../parse/span.js";
import { ruleIndex } from "./audit.js";
import { resolveScope } from "./root.js";
import type { SettingsView } from "../model/settings/types.js";
import { show, type EnvDep } from "../model/settings/values.js";

export function registerSettingsCommand(program: Command): void {
  program
    .command("settings")
    .description("show the evaluated Django settings: values, where each was set, the env vars it depends on")
    .argument("[module]", "settings module to evaluate (default: the production modules shipshape infers)")
    .option("--root <dir>", "project root", ".")
    .option("--config <file>", "config file")
    .action(async (module: string | undefined, flags: { root: string; config?: string }) => {
      const scope = resolveScope([flags.root], undefined, process.cwd());
      const { config } = loadConfig(scope.root, flags.config, ruleIndex);
      process.stdout.write(await renderSettings(scope.root, module, config));
    });
}

/** The text the command prints: MODULE, else the config's `settings`, else the production modules shipshape infers. */
export async function renderSettings(root: string, module?: string, base: ResolvedConfig = defaultConfig()): Promise<string> {
  const config = module ? { ...base, settings: [module] } : base;
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
  const env = view.targets.length > 0 ? `environment of ${view.targets.map((t) => t.label).join(", ")}` : `${view.env.label}, no known target`;
  out.push(`${view.module} (${view.file}) — chosen by ${REASONS[view.reason]} — ${env} — ${pin}`);
  if (view.failed) out.push("  the module raises at import under this environment: every value is Unknown");
  if (view.opaque) out.push("  names may be set that shipshape cannot see (a star import from outside the project, or of a file that is not in the repository): unassigned settings are Unknown");
  const names = view.names();
  const width = Math.min(36, Math.max(0, ...names.map((n) => n.length)));
  for (const name of names) {
    const s = view.value(name);
    const where = s.at ? formatSpan(s.at) : "Django default";
    const deps = s.val.deps.length > 0 ? `  [${s.val.deps.map(describeDep).join("; ")}]` : "";
    const flags = [s.val.rawEnv ? `raw env string from ${s.val.rawEnv}` : "", s.val.generated ? `generated at import by ${s.val.generated}` : "", s.val.overriddenBy ? `may be overridden by ${s.val.overriddenBy}, which .gitignore keeps out of the repo` : ""].filter(Boolean);
    out.push(`  ${name.padEnd(width)} = ${show(s.val)}  (${where})${deps}${flags.length ? `  {${flags.join("; ")}}` : ""}`);
  }
  for (const w of view.envWrites) out.push(`  sets env ${w.name} = ${show(w.val)}  (${formatSpan(w.at)})`);
  return `${out.join("\n")}\n`;
}

const REASONS: Record<SettingsView["reason"], string> = {
  config: "configuration",
  target: "a deployment target",
  reference: "DJANGO_SETTINGS_MODULE",
  name: "its name",
  "lone-settings": "being the only settings module",
};

function describeDep(d: EnvDep): string {
  if (d.state === "set") return `${d.name} set${d.setAt ? ` at ${formatSpan(d.setAt)}` : ""}`;
  if (d.state === "unknown") return `${d.name} set to an unknown value${d.setAt ? ` at ${formatSpan(d.setAt)}` : ""}`;
  return `${d.name} unset${d.defaultSpan ? `, default at ${formatSpan(d.defaultSpan)}` : ", no default"}`;
}
