/**
 * systemd itself as the oracle. For every unit fixture meant to be valid (the
 * `.service` files under fixtures/rules/SV*, AS* and fixtures/projects, except
 * PX001 cases) and a table of hardening variants:
 * - `systemd-analyze verify` accepts the unit (only the message that the
 *   program does not exist on this machine is filtered out), and our parser
 *   reports no error for it;
 * - our ExecStart argv, User= and Restart= agree with what systemd loaded
 *   (the unit dump `systemd-analyze verify` prints at debug log level);
 * - the exposure we compute equals `systemd-analyze security --offline=yes`,
 *   and SV104's message carries exactly that reference number.
 * Skips with a visible message when systemd-analyze is missing, except in CI.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { LineIndex } from "../../src/parse/span.js";
import { lastEntry, parseIniText } from "../../src/parse/ini.js";
import { parseExecLine, splitWords } from "../../src/parse/systemd.js";
import { assessExposure } from "../../src/model/systemd-security.js";
import { audit } from "../../src/index.js";

const ROOT = join(import.meta.dirname, "..", "..");
const analyze = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
const available = analyze.status === 0;
if (!available) {
  if (process.env.CI === "true") throw new Error("systemd-analyze is required in CI (apt-get install systemd)");
  console.warn("SKIPPED: systemd-analyze not found; the systemd agreement test did not run");
}

function* unitFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) yield* unitFiles(abs);
    else if (name.endsWith(".service")) yield abs;
  }
}

const fixtureUnits = [
  ...[...unitFiles(join(ROOT, "fixtures", "rules"))].filter((f) => /fixtures\/rules\/(SV|AS)/.test(f)),
  ...unitFiles(join(ROOT, "fixtures", "projects")),
].map((abs) => ({ name: relative(ROOT, abs), text: readFileSync(abs, "utf8") }));

const hardening = [
  "",
  "User=app",
  "User=app\nNoNewPrivileges=true\nProtectSystem=strict\nPrivateTmp=true",
  "DynamicUser=yes",
  "User=nobody\nProtectHome=read-only\nProtectSystem=full\nUMask=0077",
  "User=app\nProtectKernelModules=yes\nProtectKernelLogs=yes\nProtectKernelTunables=yes\nProtectControlGroups=yes\nLockPersonality=yes\nMemoryDenyWriteExecute=yes\nRestrictRealtime=yes\nRestrictSUIDSGID=yes\nRestrictNamespaces=yes\nSystemCallArchitectures=native\nProtectProc=invisible\nProcSubset=pid\nPrivateUsers=yes\nPrivateMounts=yes\nProtectHostname=yes\nSupplementaryGroups=www-data\nRemoveIPC=yes",
  "User=root\nProtectHome=tmpfs\nProtectSystem=yes\nKeyringMode=shared\nNotifyAccess=all\nDelegate=yes",
  "User=app\nPrivateNetwork=yes\nUMask=0027\nProtectProc=noaccess",
].map((h, i) => ({ name: `variant-${i}.service`, text: `[Unit]\nDescription=variant ${i}\n\n[Service]\nExecStart=/usr/bin/true\n${h}\n` }));

/** Command lines that exercise prefixes, quoting, escapes, specifiers and continuations. */
const commandLines = [
  `-@/usr/bin/env env-argv0 "two words" 'single q' c\\x41d 100%% \\\n    --bind=0.0.0.0:8000`,
  `+/usr/bin/env A="x y" -- /bin/sh -c "exec echo \\"quoted\\" && true"`,
  `/usr/bin/env \\\n# a comment inside the continuation\n    --workers 3 \\;`,
].map((line, i) => ({ name: `command-${i}.service`, text: `[Service]\nExecStart=${line}\nUser=app\nRestart=always\n` }));

const units = [...fixtureUnits, ...hardening, ...commandLines];
const work = mkdtempSync(join(tmpdir(), "shipshape-systemd-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes each unit under a unique name in a temp dir. */
function prepare(): { file: string; unit: (typeof units)[number] }[] {
  return units.map((unit, i) => {
    const file = join(work, `u${i}-${unit.name.split("/").pop()}`);
    writeFileSync(file, unit.text);
    return { file, unit };
  });
}

/**
 * Complaints that are not about syntax: the fixtures' programs
 * (/srv/app/venv/bin/gunicorn) do not exist on this machine (a `--root`
 * with stub binaries would also lack the units every service depends on),
 * and the deliberate `User=nobody` variant that exercises its score.
 */
const NOT_SYNTAX = /^\S+\.service: Command .+ is not executable: No such file or directory$|^\S+\.service:\d+: Special user nobody configured, this is not safe!$/;

describe.skipIf(!available)("systemd-analyze agrees with the unit parser", () => {
  const prepared = available ? prepare() : [];

  test("there are units to check", () => {
    expect(fixtureUnits.length).toBeGreaterThan(0);
  });

  test.each(prepared.map((p) => [p.unit.name, p] as const))("%s: verify accepts it and our parser does too", (_name, p) => {
    const r = spawnSync("systemd-analyze", ["verify", "--man=no", p.file], { encoding: "utf8" });
    const complaints = `${r.stdout}${r.stderr}`.split("\n").filter((l) => l.trim() && !NOT_SYNTAX.test(l));
    expect(complaints, "systemd-analyze verify complaints").toEqual([]);
    const { doc, errors } = parseIniText(new LineIndex(p.unit.name, p.unit.text), "systemd");
    expect(errors).toEqual([]);
    const service = doc.sections.find((s) => s.name === "Service")!;
    const exec = lastEntry(service, "ExecStart")!;
    const { command, malformed } = parseExecLine(exec.value);
    expect(malformed).toBeNull();
    expect(command.path?.text).toMatch(/^\//);
  });

  test.each(prepared.map((p) => [p.unit.name, p] as const))("%s: ExecStart argv, User= and Restart= as systemd loaded them", (_name, p) => {
    const r = spawnSync("systemd-analyze", ["verify", "--man=no", p.file], { encoding: "utf8", env: { ...process.env, SYSTEMD_LOG_LEVEL: "debug" } });
    const dump = `${r.stdout}${r.stderr}`;
    const unitName = p.file.split("/").pop()!;
    const block = dump.slice(dump.indexOf(`-> Unit ${unitName}:`));
    expect(block.length, "systemd dumped the unit").toBeGreaterThan(0);
    const field = (name: string): string | undefined => new RegExp(`^\\t\\t${name}: (.*)$`, "m").exec(block)?.[1];
    const systemdArgv = /-> ExecStart:\n\t\t\tCommand Line: (.*)/.exec(block)?.[1];
    const { doc } = parseIniText(new LineIndex(p.unit.name, p.unit.text), "systemd");
    const service = doc.sections.find((s) => s.name === "Service")!;
    const ours = parseExecLine(lastEntry(service, "ExecStart")!.value).command.argv;
    expect(systemdArgv, "systemd shows the ExecStart command line").toBeDefined();
    const theirs = splitWords(systemdArgv!, false).words;
    expect(theirs.length).toBe(ours.length);
    ours.forEach((w, i) => {
      if (w.text !== null) expect(theirs[i]!.text, `argv[${i}]`).toBe(w.text);
    });
    const dynamic = /^(yes|true|1|on)$/i.test(lastEntry(service, "DynamicUser")?.value ?? "");
    expect(field("User")).toBe(lastEntry(service, "User")?.value.trim() || (dynamic ? unitName.replace(/\.service$/, "") : undefined));
    expect(field("Restart")).toBe(lastEntry(service, "Restart")?.value.trim() || "no");
  });

  test.each(prepared.map((p) => [p.unit.name, p] as const))("%s: our exposure and user match systemd-analyze security", (_name, p) => {
    const out = execFileSync("systemd-analyze", ["security", "--offline=yes", "--no-pager", p.file], { encoding: "utf8" });
    const reference = Number(/Overall exposure level for [^:]+: (\d+\.\d)/.exec(out)?.[1]);
    const { doc } = parseIniText(new LineIndex(p.unit.name, p.unit.text), "systemd");
    const ours = assessExposure(doc);
    if (ours !== null) expect(ours).toBe(reference);
    const service = doc.sections.find((s) => s.name === "Service")!;
    const user = lastEntry(service, "User")?.value;
    const dynamic = /^(yes|true|1|on)$/i.test(lastEntry(service, "DynamicUser")?.value ?? "");
    const runsAsRoot = /✗ User=\/DynamicUser=\s+Service runs as root user/.test(out);
    expect(runsAsRoot).toBe(!dynamic && (user === undefined || user === "root" || user === "0"));
  });

  test("SV104 messages carry systemd-analyze's exposure", async () => {
    const dir = join(ROOT, "fixtures", "rules", "SV104");
    let withNumber = 0;
    for (const c of readdirSync(dir).filter((c) => c.startsWith("bad"))) {
      const result = await audit({ root: join(dir, c) });
      for (const f of result.findings.filter((x) => x.code === "SV104")) {
        const m = /exposure (\d+\.\d)/.exec(f.message);
        if (!m) continue;
        withNumber++;
        const out = execFileSync("systemd-analyze", ["security", "--offline=yes", "--no-pager", join(dir, c, f.span.file)], { encoding: "utf8" });
        expect(m[1], `${c}/${f.span.file}`).toBe(/Overall exposure level for [^:]+: (\d+\.\d)/.exec(out)?.[1]);
      }
    }
    expect(withNumber).toBeGreaterThan(1);
  });
});
