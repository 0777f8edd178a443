/**
 * Kubernetes manifests: workloads (Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Pod, Job, CronJob) and their containers — command/args, env
 * (literal values, secretKeyRef/configMapKeyRef and other references),
 * envFrom, probes, security context (container level over pod level),
 * resources — and Ingresses that terminate TLS.
 *
 * - Every document of a multi-document file is read.
 * - Helm templates (`{{ … }}` in a chart's `templates/` or next to a
 *   Chart.yaml) are not YAML until rendered: they are skipped with a note.
 * - Manifests under a dev/local/test path (`overlays/dev/`) are development.
 * - A container runs a Dockerfile of this repository when the repository
 *   builds exactly one app image and the manifests name exactly one image
 *   repository other than well-known datastores and proxies; otherwise what
 *   its image runs is Unknown and only `command`/`args` are known.
 * - A ConfigMap in the production manifests gives its `data` to the
 *   containers that name it (`envFrom.configMapRef`, `configMapKeyRef`) when
 *   exactly one ConfigMap of that name is in the repo; otherwise (none, or
 *   several overlays with the name) the values are Unknown.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SourceFile } from "../discover/types.js";
import type { Span } from "../parse/span.js";
import { entries, entry, getPath, items, parseYaml, rawText, scalarBool, scalarText, spanOf, type YamlDocument, type YamlNode } from "../parse/yaml.js";
import { datastoreOf, djangoRole, isProxyImage, runWithoutImage, settingsOf } from "./compose.js";
import type { BuildContext } from "./context.js";
import type { DockerImage, DockerModel } from "./docker.js";
import type { EnvEntry, EnvSource, Process, ProjectModel, Target, Word } from "./types.js";

export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Pod" | "Job" | "CronJob";

export interface K8sProbe {
  kind: "readiness" | "liveness" | "startup";
  span: Span;
  /** `httpGet.path`; null for exec/tcp probes or when absent. */
  path: string | null;
  /** `httpGet.port` (a number or a port name); null for exec/tcp probes. */
  port: string | null;
  /** `httpGet.scheme` (HTTP by default); null for exec/tcp probes. */
  scheme: string | null;
  /** The Host header an httpGet probe sends when `httpHeaders` sets one; null: the pod IP (kubelet's default). */
  hostHeader: string | null;
}

export interface K8sContainer {
  name: string;
  /** The container's entry in the list (its first line). */
  span: Span;
  image: string | null;
  imageSpan: Span | null;
  /** k8s `command` (replaces ENTRYPOINT) and `args` (replace CMD); null when absent. */
  command: Word[] | null;
  args: Word[] | null;
  /** `env` entries: literal values are `literal`, references (secretKeyRef, configMapKeyRef, fieldRef) have a null value. */
  env: (EnvEntry & { ref: string | null; keyRef: { name: string | null; key: string | null } | null })[];
  /** `prefix` is prepended to every name the source gives (empty when absent). */
  envFrom: { kind: "secret" | "configMap" | "other"; name: string | null; prefix: string; span: Span }[];
  probes: K8sProbe[];
  /** Effective `runAsNonRoot` (container over pod). */
  runAsNonRoot: { value: boolean; span: Span } | null;
  /** Effective `runAsUser` (container over pod); value null when not a number. */
  runAsUser: { value: number | null; span: Span } | null;
  resources: { memoryLimit: Span | null; cpuRequest: Span | null; span: Span | null };
  ports: { containerPort: string | null; span: Span }[];
  /** postgres, redis, … when the image is a well-known datastore. */
  datastore: string | null;
  /** The image is a well-known proxy (nginx, envoy, …). */
  proxy: boolean;
  /** Serves HTTP: runs a web server, or declares a containerPort (datastore and proxy images excepted). */
  web: boolean;
  /** The repo Dockerfile whose image it runs, when known. */
  dockerfile: string | null;
  main: Process | null;
  processes: Process[];
  target: Target | null;
}

export interface K8sWorkload {
  kind: WorkloadKind;
  name: string;
  file: string;
  /** The `kind:` line of the manifest. */
  span: Span;
  production: boolean;
  replicas: number | null;
  /** Long-running (not a Job or CronJob). */
  longRunning: boolean;
  containers: K8sContainer[];
}

export interface K8sIngress {
  name: string;
  file: string;
  span: Span;
  production: boolean;
  /** The `tls:` entry when it lists at least one item: TLS is terminated in front of the services. */
  tls: Span | null;
  hosts: string[];
  /** Backend services by name. */
  services: string[];
}

export interface K8sModel {
  /** Manifest files read (Helm templates excluded). */
  files: string[];
  workloads: K8sWorkload[];
  ingresses: K8sIngress[];
  processes: Process[];
  envSources: EnvSource[];
  targets: Target[];
  /** Dockerfiles a production workload runs. */
  usedDockerfiles: string[];
}

const POD_SPEC: Record<WorkloadKind, string[]> = {
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
};
const DEV_PATH = /^(dev|devel|development|local|test|tests|testing|ci)$/i;

/** A Helm template: `{{` in a chart's templates/ directory, or in a directory with a Chart.yaml above it. */
function helmReason(ctx: BuildContext, file: SourceFile): string | null {
  if (!file.text.includes("{{")) return null;
  const dirs = file.path.split("/").slice(0, -1);
  if (dirs.includes("templates")) return "Helm template (templates/ with {{ }}): rendered by helm, not plain YAML; not judged";
  for (let i = dirs.length; i >= 0; i--) {
    const chart = [...dirs.slice(0, i), "Chart.yaml"].join("/");
    if (existsSync(join(ctx.root, chart))) return `Helm template (next to ${chart}): rendered by helm, not plain YAML; not judged`;
  }
  return null;
}

/** k8s `command`/`args`: literal strings; `$(VAR)` references make a word Unknown. */
function k8sWords(y: YamlDocument, node: YamlNode | null): Word[] | null {
  if (!node) return null;
  return items(y, node).map((n) => {
    const text = scalarText(n);
    return { text: text === null || /\$\([A-Za-z_]/.test(text) ? null : text, raw: rawText(y, n), span: spanOf(y, n) };
  });
}

function envOf(y: YamlDocument, node: YamlNode | null): K8sContainer["env"] {
  const out: K8sContainer["env"] = [];
  for (const it of items(y, node)) {
    const name = scalarText(entry(y, it, "name")?.value ?? null);
    if (name === null) continue;
    const span = spanOf(y, it);
    const valueEntry = entry(y, it, "value");
    const from = entry(y, it, "valueFrom");
    if (from) {
      const ref = ["secretKeyRef", "configMapKeyRef", "fieldRef", "resourceFieldRef"].find((k) => entry(y, from.value, k)) ?? "valueFrom";
      const target = ref === "secretKeyRef" || ref === "configMapKeyRef" ? (entry(y, from.value, ref)?.value ?? null) : null;
      const keyRef = target ? { name: scalarText(entry(y, target, "name")?.value ?? null), key: scalarText(entry(y, target, "key")?.value ?? null) } : null;
      out.push({ name, value: null, raw: rawText(y, from.value ?? it), literal: false, span, ref, keyRef });
      continue;
    }
    const text = valueEntry?.value ? scalarText(valueEntry.value) : "";
    const unknown = text === null || /\$\([A-Za-z_]/.test(text);
    out.push({ name, value: unknown ? null : text, raw: valueEntry?.value ? rawText(y, valueEntry.value) : "", literal: !unknown && text !== "", span, ref: null, keyRef: null });
  }
  return out;
}

function securityField(y: YamlDocument, container: YamlNode, pod: YamlNode | null, key: string): { node: YamlNode; span: Span } | null {
  const own = getPath(y, container, "securityContext", key);
  if (own?.value) return { node: own.value, span: own.span };
  const inherited = pod ? getPath(y, pod, "securityContext", key) : undefined;
  return inherited?.value ? { node: inherited.value, span: inherited.span } : null;
}

/** ConfigMaps in the production manifests by name: their `data` as env entries; null when the name is ambiguous. */
type ConfigMaps = Map<string, EnvEntry[] | null>;

function configMapData(y: YamlDocument, root: YamlNode | null): EnvEntry[] {
  return entries(y, getPath(y, root, "data")?.value ?? null).flatMap((e) => {
    const value = e.value === null ? "" : scalarText(e.value);
    return value === null ? [] : [{ name: e.key, value, raw: e.value === null ? "" : rawText(y, e.value), literal: true, span: e.span }];
  });
}

/**
 * A proxy container (an nginx sidecar) runs in the same pod as the target's
 * container: they share the pod's network namespace, so the proxy reaches the
 * app on 127.0.0.1.
 */
export function sidecarProxy(model: Pick<ProjectModel, "k8s">, target: Target): K8sContainer | null {
  const workload = model.k8s.workloads.find((w) => w.containers.some((c) => c.target === target));
  return workload?.containers.find((c) => c.proxy && c.target !== target) ?? null;
}

export async function buildK8s(ctx: BuildContext, docker: DockerModel): Promise<K8sModel> {
  const files: string[] = [];
  const configMaps: ConfigMaps = new Map();
  const workloads: K8sWorkload[] = [];
  const ingresses: K8sIngress[] = [];
  const envSources: EnvSource[] = [];
  const pending: { y: YamlDocument; c: YamlNode; pod: YamlNode | null; workload: K8sWorkload }[] = [];
  for (const file of ctx.byKind("k8s")) {
    const helm = helmReason(ctx, file);
    if (helm) {
      ctx.skipped.push({ path: file.path, reason: helm });
      continue;
    }
    files.push(file.path);
    const parsed = parseYaml(file);
    ctx.errors.push(...parsed.errors);
    const production = !file.path.split(/[/._-]/).some((p) => DEV_PATH.test(p));
    if (!production) ctx.skipped.push({ path: file.path, reason: "Kubernetes manifest under a development path: no production findings" });
    for (const y of parsed.doc) {
      const root = y.doc.contents;
      const kindEntry = entry(y, root, "kind");
      const kind = scalarText(kindEntry?.value ?? null);
      if (!kindEntry || kind === null) continue;
      const name = scalarText(getPath(y, root, "metadata", "name")?.value ?? null) ?? "(unnamed)";
      if (kind === "ConfigMap") {
        if (production) configMaps.set(name, configMaps.has(name) ? null : configMapData(y, root));
        continue;
      }
      if (kind === "Ingress") {
        const tls = entry(y, getPath(y, root, "spec")?.value ?? null, "tls");
        const rules = items(y, getPath(y, root, "spec", "rules")?.value ?? null);
        const services = rules.flatMap((r) => items(y, getPath(y, r, "http", "paths")?.value ?? null).map((p) => scalarText(getPath(y, p, "backend", "service", "name")?.value ?? null) ?? scalarText(getPath(y, p, "backend", "serviceName")?.value ?? null)));
        ingresses.push({
          name,
          file: file.path,
          span: kindEntry.span,
          production,
          tls: tls && items(y, tls.value).length > 0 ? tls.span : null,
          hosts: rules.map((r) => scalarText(entry(y, r, "host")?.value ?? null)).filter((h): h is string => h !== null),
          services: services.filter((s): s is string => s !== null),
        });
        continue;
      }
      if (!(kind in POD_SPEC)) continue;
      const wkind = kind as WorkloadKind;
      const pod = getPath(y, root, ...POD_SPEC[wkind])?.value ?? null;
      const replicasText = scalarText(getPath(y, root, "spec", "replicas")?.value ?? null);
      const workload: K8sWorkload = {
        kind: wkind,
        name,
        file: file.path,
        span: kindEntry.span,
        production,
        replicas: replicasText !== null && /^\d+$/.test(replicasText) ? Number(replicasText) : null,
        longRunning: wkind !== "Job" && wkind !== "CronJob",
        containers: [],
      };
      for (const c of items(y, entry(y, pod, "containers")?.value ?? null)) pending.push({ y, c, pod, workload });
      workloads.push(workload);
    }
  }
  const linked = linkedImage(docker, pending.map((p) => scalarText(entry(p.y, p.c, "image")?.value ?? null)));
  for (const p of pending) p.workload.containers.push(await buildContainer(ctx, docker, p.y, p.c, p.pod, p.workload, linked, envSources, configMaps));
  const containers = workloads.flatMap((w) => w.containers);
  const targets = containers.flatMap((c) => (c.target ? [c.target] : []));
  const usedDockerfiles = [...new Set(workloads.filter((w) => w.production).flatMap((w) => w.containers.flatMap((c) => (c.dockerfile ? [c.dockerfile] : []))))].sort();
  return { files, workloads, ingresses, processes: containers.flatMap((c) => c.processes), envSources, targets, usedDockerfiles };
}

/**
 * The repository's Dockerfile that the manifests deploy: when the repository
 * builds exactly one app image and the manifests name exactly one image
 * repository besides well-known datastores and proxies, that repository is
 * the image. Anything else is ambiguous and links nothing.
 */
function linkedImage(docker: DockerModel, images: (string | null)[]): { repository: string; image: DockerImage } | null {
  const appImages = docker.images.filter((i) => i.appImage);
  if (appImages.length !== 1) return null;
  const repositories = new Set(images.filter((i): i is string => i !== null && datastoreOf(i) === null && !isProxyImage(i)).map(imageRepository));
  if (repositories.size !== 1) return null;
  return { repository: [...repositories][0]!, image: appImages[0]! };
}

function imageRepository(ref: string): string {
  const name = ref.split("@")[0]!;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(0, colon) : name;
}

async function buildContainer(
  ctx: BuildContext,
  docker: DockerModel,
  y: YamlDocument,
  c: YamlNode,
  pod: YamlNode | null,
  w: K8sWorkload,
  linked: { repository: string; image: DockerImage } | null,
  envSources: EnvSource[],
  configMaps: ConfigMaps,
): Promise<K8sContainer> {
  const nameEntry = entry(y, c, "name");
  const name = scalarText(nameEntry?.value ?? null) ?? "(unnamed)";
  const span = nameEntry ? nameEntry.span : spanOf(y, c);
  const imageEntry = entry(y, c, "image");
  const image = scalarText(imageEntry?.value ?? null);
  const command = k8sWords(y, entry(y, c, "command")?.value ?? null);
  const args = k8sWords(y, entry(y, c, "args")?.value ?? null);
  const envEntry = entry(y, c, "env");
  const env = envOf(y, envEntry?.value ?? null);
  const envFrom = items(y, entry(y, c, "envFrom")?.value ?? null).map((it) => {
    const secret = entry(y, it, "secretRef");
    const cm = entry(y, it, "configMapRef");
    const ref = secret ?? cm;
    return {
      kind: secret ? ("secret" as const) : cm ? ("configMap" as const) : ("other" as const),
      name: scalarText(entry(y, ref?.value ?? null, "name")?.value ?? null),
      prefix: scalarText(entry(y, it, "prefix")?.value ?? null) ?? "",
      span: spanOf(y, it),
    };
  });
  const probes: K8sProbe[] = (["readiness", "liveness", "startup"] as const).flatMap((kind) => {
    const p = entry(y, c, `${kind}Probe`);
    if (!p) return [];
    const http = entry(y, p.value, "httpGet")?.value ?? null;
    const host = items(y, entry(y, http, "httpHeaders")?.value ?? null).find((h) => scalarText(entry(y, h, "name")?.value ?? null)?.toLowerCase() === "host");
    return [
      {
        kind,
        span: p.span,
        path: http ? (scalarText(entry(y, http, "path")?.value ?? null) ?? "/") : null,
        port: scalarText(entry(y, http, "port")?.value ?? null),
        scheme: http ? (scalarText(entry(y, http, "scheme")?.value ?? null) ?? "HTTP") : null,
        hostHeader: host ? scalarText(entry(y, host, "value")?.value ?? null) : null,
      },
    ];
  });
  const nonRoot = securityField(y, c, pod, "runAsNonRoot");
  const user = securityField(y, c, pod, "runAsUser");
  const userText = user ? scalarText(user.node) : null;
  const resources = entry(y, c, "resources");
  const ports = items(y, entry(y, c, "ports")?.value ?? null).map((p) => ({ containerPort: scalarText(entry(y, p, "containerPort")?.value ?? null), span: spanOf(y, p) }));
  const datastore = image !== null ? datastoreOf(image) : null;
  const proxy = image !== null && isProxyImage(image);
  const repoImage = linked && image !== null && imageRepository(image) === linked.repository ? linked.image : null;
  const label = `container ${name} of ${w.kind} ${w.name} (${w.file})`;

  const sources: EnvSource[] = [];
  if (repoImage?.env) sources.push(repoImage.env);
  const mapData = (name: string | null): EnvEntry[] | null => (name !== null ? (configMaps.get(name) ?? null) : null);
  for (const from of envFrom) {
    const data = from.kind === "configMap" ? mapData(from.name) : null;
    const src: EnvSource = data
      ? { kind: "k8s-env", file: data[0]?.span.file ?? w.file, span: from.span, entries: data.map((e) => ({ ...e, name: from.prefix + e.name })), committed: true }
      : { kind: "k8s-env", file: w.file, span: from.span, entries: [], committed: false };
    sources.push(src);
    envSources.push(src);
  }
  // The process sees a configMapKeyRef's value when the ConfigMap is in the repo.
  const plainEnv: EnvEntry[] = env.map(({ ref, keyRef, ...e }) => {
    const found = ref === "configMapKeyRef" && keyRef ? mapData(keyRef.name)?.find((d) => d.name === keyRef.key) : undefined;
    return found ? { ...e, value: found.value, literal: true } : e;
  });
  if (env.length > 0 && envEntry) {
    const src: EnvSource = { kind: "k8s-env", file: w.file, span: envEntry.span, entries: plainEnv, committed: true };
    sources.push(src);
    envSources.push(src);
  }
  const run = repoImage
    ? await docker.runImage(repoImage, { entrypoint: command, command: args, origin: "k8s", label, span: span, production: w.production, container: true, env: plainEnv })
    : await runWithoutImage(ctx, [...(command ?? []), ...(args ?? [])], { origin: "k8s", label, production: w.production, env: plainEnv });
  const role = run.main ? djangoRole(run.main.argv) : null;
  const web = datastore === null && !proxy && w.longRunning && (role === "web" || (role === null && ports.length > 0));
  const container: K8sContainer = {
    name,
    span,
    image,
    imageSpan: imageEntry?.span ?? null,
    command,
    args,
    env,
    envFrom,
    probes,
    runAsNonRoot: nonRoot ? { value: scalarBool(nonRoot.node) === true, span: nonRoot.span } : null,
    runAsUser: user ? { value: userText !== null && /^\d+$/.test(userText) ? Number(userText) : null, span: user.span } : null,
    resources: {
      memoryLimit: getPath(y, resources?.value ?? null, "limits", "memory")?.span ?? null,
      cpuRequest: getPath(y, resources?.value ?? null, "requests", "cpu")?.span ?? null,
      span: resources?.span ?? null,
    },
    ports,
    datastore,
    proxy,
    web,
    dockerfile: repoImage?.file ?? null,
    main: run.main,
    processes: run.processes,
    target: null,
  };
  if (web || role !== null) {
    const runAs = container.runAsUser && container.runAsUser.value !== null
      ? { name: String(container.runAsUser.value), span: container.runAsUser.span }
      : container.runAsNonRoot?.value
        ? { name: null, span: container.runAsNonRoot.span }
        : null;
    container.target = {
      id: `k8s:${w.file}:${w.kind}/${w.name}/${name}`,
      kind: "k8s",
      label,
      span,
      production: w.production,
      container: true,
      platform: null,
      main: run.main,
      processes: run.processes,
      env: sources,
      envComplete: sources.every((s) => s.committed),
      settingsModule: settingsOf(sources, run.main),
      replicas: w.replicas,
      dockerfile: container.dockerfile,
      runAsUser: runAs,
    };
  }
  return container;
}
