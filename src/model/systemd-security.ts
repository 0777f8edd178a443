/**
 * The exposure score `systemd-analyze security` gives a service (systemd
 * 252, src/analyze/analyze-security.c): every assessor has a weight and a
 * range; a unit's exposure is ceil(100 × Σ ceil(badness × weight / range) /
 * Σ weight) tenths, over the assessors that apply (SupplementaryGroups= and
 * RemoveIPC= do not apply to a service running as root; PrivateTmp=,
 * ProtectHome=, ProtectSystem=, RootDirectory= not with
 * DefaultDependencies=no).
 *
 * The settings are read from the unit as systemd loads it, with the
 * implications systemd adds (DynamicUser= implies ProtectSystem=strict,
 * ProtectHome=read-only, PrivateTmp=, RemoveIPC=, RestrictSUIDSGID=,
 * NoNewPrivileges=;
 * PrivateDevices=, ProtectKernelModules=, ProtectKernelLogs=,
 * ProtectClock= drop capabilities from the bounding set). A unit that uses a
 * directive whose effect is not modelled here (capability sets, system call
 * and address family filters, IP and device access lists) scores null.
 */
import { lastEntry, type IniDocument } from "../parse/ini.js";

const UNMODELLED = [
  "CapabilityBoundingSet",
  "AmbientCapabilities",
  "SystemCallFilter",
  "RestrictAddressFamilies",
  "IPAddressDeny",
  "IPAddressAllow",
  "IPIngressFilterPath",
  "IPEgressFilterPath",
  "DevicePolicy",
  "DeviceAllow",
  "PrivateDevices",
  "ProtectClock",
];

function parseBool(v: string | undefined): boolean | null {
  if (v === undefined) return null;
  const s = v.trim().toLowerCase();
  if (["1", "yes", "y", "true", "t", "on"].includes(s)) return true;
  if (["0", "no", "n", "false", "f", "off"].includes(s)) return false;
  return null;
}

/** Capability groups the assessors look at, with their weights. */
const CAPABILITIES: [string[], number][] = [
  [["CAP_SYS_ADMIN"], 1500],
  [["CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP"], 1500],
  [["CAP_SYS_PTRACE"], 1500],
  [["CAP_SYS_TIME"], 1000],
  [["CAP_NET_ADMIN"], 1000],
  [["CAP_SYS_RAWIO"], 1000],
  [["CAP_SYS_MODULE"], 1000],
  [["CAP_AUDIT_CONTROL", "CAP_AUDIT_READ", "CAP_AUDIT_WRITE"], 500],
  [["CAP_SYSLOG"], 500],
  [["CAP_SYS_NICE", "CAP_SYS_RESOURCE"], 500],
  [["CAP_MKNOD"], 500],
  [["CAP_CHOWN", "CAP_FSETID", "CAP_SETFCAP"], 1000],
  [["CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_IPC_OWNER"], 1000],
  [["CAP_KILL"], 500],
  [["CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_RAW"], 500],
  [["CAP_SYS_BOOT"], 100],
  [["CAP_MAC_ADMIN", "CAP_MAC_OVERRIDE"], 100],
  [["CAP_LINUX_IMMUTABLE"], 75],
  [["CAP_IPC_LOCK"], 50],
  [["CAP_SYS_CHROOT"], 50],
  [["CAP_BLOCK_SUSPEND"], 25],
  [["CAP_WAKE_ALARM"], 25],
  [["CAP_LEASE"], 25],
  [["CAP_SYS_TTY_CONFIG"], 25],
  [["CAP_SYS_PACCT"], 25],
];

/** System call groups (SystemCallFilter=~@…) and their weights; all range 10. */
const SYSCALL_GROUPS = [1000, 250, 1000, 250, 1000, 1000, 1000, 1000, 1000, 700, 700];

/** Namespace types (RestrictNamespaces=~…) and their weights. */
const NAMESPACES = [1500, 500, 500, 500, 500, 500, 100];

/** The exposure in tenths-rounded units (e.g. 9.6), or null when the unit uses a directive not modelled here. */
export function assessExposure(doc: IniDocument): number | null {
  const service = doc.sections.find((s) => s.name === "Service");
  if (!service) return null;
  const unit = doc.sections.find((s) => s.name === "Unit");
  const get = (key: string): string | undefined => {
    const e = lastEntry(service, key);
    return e ? e.value : undefined;
  };
  if (UNMODELLED.some((k) => lastEntry(service, k))) return null;
  const flag = (key: string): boolean | null => {
    const v = get(key);
    if (v === undefined || v.trim() === "") return false;
    return parseBool(v);
  };
  const bools = ["DynamicUser", "PrivateMounts", "PrivateNetwork", "PrivateTmp", "PrivateUsers", "ProtectControlGroups", "ProtectKernelModules", "ProtectKernelTunables", "ProtectKernelLogs", "ProtectHostname", "LockPersonality", "MemoryDenyWriteExecute", "NoNewPrivileges", "RestrictRealtime", "RestrictSUIDSGID", "RemoveIPC", "Delegate"];
  const b: Record<string, boolean> = {};
  for (const k of bools) {
    const v = flag(k);
    if (v === null) return null;
    b[k] = v;
  }
  const defaultDependencies = parseBool(unit ? lastEntry(unit, "DefaultDependencies")?.value : undefined) ?? true;
  const user = get("User")?.trim() || null;
  let protectSystem = (get("ProtectSystem") ?? "no").trim().toLowerCase();
  let protectHome = (get("ProtectHome") ?? "no").trim().toLowerCase();
  if (b.DynamicUser) {
    if (parseBool(protectSystem) === false) protectSystem = "strict";
    if (parseBool(protectHome) === false) protectHome = "read-only";
    b.PrivateTmp = true;
    b.RemoveIPC = true;
    b.RestrictSUIDSGID = true;
    b.NoNewPrivileges = true;
  }
  const caps = new Set(CAPABILITIES.flatMap(([names]) => names));
  if (b.ProtectKernelModules) caps.delete("CAP_SYS_MODULE");
  if (b.ProtectKernelLogs) caps.delete("CAP_SYSLOG");
  const restrictNs = get("RestrictNamespaces");
  const nsAll = restrictNs === undefined ? false : parseBool(restrictNs);
  if (nsAll === null) return null;
  const umaskText = get("UMask");
  const umask = umaskText === undefined ? 0o022 : parseInt(umaskText, 8);
  if (!Number.isFinite(umask)) return null;

  let badnessSum = 0;
  let weightSum = 0;
  const add = (badness: number | null, weight: number, range: number): void => {
    if (badness === null) return;
    badnessSum += Math.ceil((badness * weight) / range);
    weightSum += weight;
  };
  const privileged = user === "root" || user === "0" || (!b.DynamicUser && user === null);
  const boolBad = (ok: boolean): number => (ok ? 0 : 1);
  const ddOnly = (v: number): number | null => (defaultDependencies ? v : null);

  add(user === "nobody" ? 9 : (b.DynamicUser && user !== "root" && user !== "0") || (user !== null && user !== "root" && user !== "0") ? 0 : 10, 2000, 10);
  add(privileged ? null : get("SupplementaryGroups")?.trim() ? 1 : 0, 200, 1);
  add(1, 1000, 1); // PrivateDevices= (unmodelled when set)
  add(boolBad(b.PrivateMounts!), 1000, 1);
  add(boolBad(b.PrivateNetwork!), 2500, 1);
  add(ddOnly(boolBad(b.PrivateTmp!)), 1000, 1);
  add(boolBad(b.PrivateUsers!), 1000, 1);
  add(boolBad(b.ProtectControlGroups!), 1000, 1);
  add(boolBad(b.ProtectKernelModules!), 1000, 1);
  add(boolBad(b.ProtectKernelTunables!), 1000, 1);
  add(boolBad(b.ProtectKernelLogs!), 1000, 1);
  add(1, 1000, 1); // ProtectClock= (unmodelled when set)
  const home = parseBool(protectHome);
  add(ddOnly(home === true ? 0 : home === false ? 10 : protectHome === "read-only" ? 5 : protectHome === "tmpfs" ? 1 : 10), 1000, 10);
  add(boolBad(b.ProtectHostname!), 50, 1);
  const system = parseBool(protectSystem);
  add(ddOnly(system === true ? 5 : system === false ? 10 : protectSystem === "full" ? 3 : protectSystem === "strict" ? 0 : 10), 1000, 10);
  const root = (get("RootDirectory") ?? "").trim();
  const image = (get("RootImage") ?? "").trim();
  add(ddOnly((root === "" || root === "/") && (image === "" || image === "/") ? 1 : 0), 200, 1);
  add(boolBad(b.LockPersonality!), 100, 1);
  add(boolBad(b.MemoryDenyWriteExecute!), 100, 1);
  add(boolBad(b.NoNewPrivileges!), 1000, 1);
  for (const [names, weight] of CAPABILITIES) add(names.some((n) => caps.has(n)) ? 1 : 0, weight, 1);
  add((umask & 0o002) !== 0o002 ? 10 : (umask & 0o004) !== 0o004 ? 5 : (umask & 0o020) !== 0o020 ? 2 : (umask & 0o040) !== 0o040 ? 1 : 0, 100, 10);
  const keyring = (get("KeyringMode") ?? "private").trim();
  add(keyring === "private" ? 0 : 1, 1000, 1);
  const protectProc = (get("ProtectProc") ?? "default").trim();
  add(protectProc === "noaccess" ? 1 : protectProc === "invisible" || protectProc === "ptraceable" ? 0 : 3, 1000, 3);
  add((get("ProcSubset") ?? "all").trim() === "pid" ? 0 : 1, 10, 1);
  add((get("NotifyAccess") ?? "").trim() === "all" ? 1 : 0, 1000, 1);
  add(privileged ? null : boolBad(b.RemoveIPC!), 100, 1);
  add(b.Delegate ? 1 : 0, 100, 1);
  add(boolBad(b.RestrictRealtime!), 500, 1);
  add(boolBad(b.RestrictSUIDSGID!), 1000, 1);
  for (const weight of NAMESPACES) add(nsAll ? 0 : 1, weight, 1);
  for (const weight of [1500, 25, 200, 1000, 1250]) add(1, weight, 1); // RestrictAddressFamilies= (unmodelled when set)
  const archs = (get("SystemCallArchitectures") ?? "").trim().split(/\s+/).filter(Boolean);
  add(archs.length === 0 ? 10 : archs.includes("native") ? 0 : 8, 1000, 10);
  for (const weight of SYSCALL_GROUPS) add(10, weight, 10); // SystemCallFilter= (unmodelled when set)
  add(10, 1000, 10); // IPAddressDeny=
  add(10, 1000, 10); // DeviceAllow=
  add(0, 500, 1); // AmbientCapabilities= (unmodelled when set)
  return Math.ceil((badnessSum * 100) / weightSum) / 10;
}
