/**
 * What sits in front of the Django app, asked per deployment target: does
 * something there redirect plain HTTP to HTTPS, does it send
 * Strict-Transport-Security? Settings rules (DJ111, DJ113) ask these before
 * blaming the settings for what the proxy or platform edge already does.
 *
 * The fronts of a target:
 * - nginx proxies (production configs, judged to reach the app) whose
 *   upstream matches the target's app-server bind or socket, or names its
 *   compose service; when the project has exactly one production target that
 *   serves HTTP, every such proxy fronts it.
 * - the platform edge: fly.io (`force_https`), Heroku's router (terminates
 *   TLS, never redirects, sends no HSTS).
 * - production Kubernetes Ingresses with `tls:` in front of a k8s target,
 *   counted with ingress-nginx's documented defaults (TLS hosts are
 *   redirected to HTTPS and get HSTS); an Ingress without `tls:` may sit
 *   behind a load balancer that terminates TLS elsewhere: Unknown.
 * - a compose proxy service (Traefik, Caddy, HAProxy, an nginx whose config
 *   is not in the repository) beside the target's service: its configuration
 *   (labels, Caddyfile, mounted files) is not modelled, so what it does is
 *   Unknown. An nginx service that mounts a config of the repository (or is
 *   built here beside production nginx configs) is judged through those
 *   configs: it fronts a target only where a proxy reaches it.
 *
 * A verdict is "yes" when every front of every target that serves HTTP does
 * it, "no" (with the front that does not) when one front demonstrably does
 * not, "none" when a target has no front at all (the settings alone decide),
 * else "unknown" when a front's behaviour cannot be determined.
 * What may sit in front of the outermost proxy the repository shows (a cloud
 * load balancer) is not a front: as with no proxy at all, nothing seen
 * redirects or sends the header.
 */
import type { Span } from "../parse/span.js";
import { proxiesTo } from "./appserver.js";
import type { ComposeService } from "./compose.js";
import type { K8sIngress } from "./k8s.js";
import { at, findHeader, frontOf, headerList, tlsServersFor, type HeaderList, type NginxProxy, type NginxScope, type NginxServer } from "./nginx.js";
import type { PlatformApp } from "./services.js";
import type { ProjectModel, Target } from "./types.js";

/** Where a front's behaviour is seen, and what it does. */
export interface FrontEvidence {
  span: Span;
  /** A clause for messages, with the place: "nginx in front (deploy/nginx/site.conf:3) proxies to the app without redirecting plain HTTP to HTTPS". */
  message: string;
  /** The same for the related location itself: "this nginx server proxies to the app without redirecting plain HTTP to HTTPS". */
  related: string;
}

function evidence(span: Span, who: string, here: string, does: string): FrontEvidence {
  return { span, message: `${who} (${at(span)}) ${does}`, related: `${here} ${does}` };
}

export type FrontVerdict = { state: "yes"; evidence: FrontEvidence } | { state: "no"; evidence: FrontEvidence } | { state: "unknown" } | { state: "none" };

type Front =
  | { kind: "nginx"; proxy: NginxProxy }
  | { kind: "platform"; app: PlatformApp; target: Target }
  | { kind: "ingress"; ingress: K8sIngress }
  | { kind: "opaque" };

type PathVerdict = FrontVerdict | null;

type Model = Pick<ProjectModel, "files" | "targets" | "compose" | "nginx" | "appServers" | "services" | "k8s">;

/** Does everything in front of these targets redirect plain HTTP to HTTPS (or accept no plain HTTP for the app)? */
export function httpsRedirectInFront(model: Model, targets: Target[]): FrontVerdict {
  return overTargets(frontsOf(model, targets).map((group) => overPaths(group.map((f) => redirectOf(model, f)))));
}

/** Does everything in front of these targets send Strict-Transport-Security on the app's HTTPS responses? */
export function hstsInFront(model: Model, targets: Target[]): FrontVerdict {
  return overTargets(frontsOf(model, targets).map((group) => overPaths(group.map((f) => hstsOf(model, f)))));
}

/** One target: a path that demonstrably does not wins, then one that cannot be judged. */
function overPaths(verdicts: PathVerdict[]): FrontVerdict {
  const known = verdicts.filter((v): v is FrontVerdict => v !== null);
  return known.find((v) => v.state === "no") ?? known.find((v) => v.state === "unknown") ?? known.find((v) => v.state === "yes") ?? { state: "none" };
}

/** Every target must be covered: one with nothing in front decides like the settings alone. */
function overTargets(verdicts: FrontVerdict[]): FrontVerdict {
  return verdicts.find((v) => v.state === "no") ?? verdicts.find((v) => v.state === "none") ?? verdicts.find((v) => v.state === "unknown") ?? verdicts.find((v) => v.state === "yes") ?? { state: "none" };
}

function servesHttp(model: Model, t: Target): boolean {
  return t.production && model.appServers.serversFor(t).length > 0;
}

const NGINX_IMAGE = /(^|\/)(nginx|nginx-unprivileged|openresty)(:|@|$)/i;

/**
 * The fronts of each target that serves HTTP, one group per target (of the
 * project's serving targets when none of `targets` serves; one group of
 * every front the project has when nothing serves).
 */
function frontsOf(model: Model, targets: Target[]): Front[][] {
  const serving = targets.filter((t) => servesHttp(model, t));
  const projectServing = model.targets.filter((t) => servesHttp(model, t));
  const scope = serving.length > 0 ? serving : projectServing;
  const appProxies = model.nginx.proxies.filter((p) => p.toApp && p.server.config.production);
  const nginxFronts = (proxies: NginxProxy[]): Front[] => proxies.map((proxy) => ({ kind: "nginx", proxy }));
  if (scope.length === 0) {
    const fronts: Front[] = nginxFronts(appProxies);
    for (const app of model.services.platforms) for (const t of app.targets) if (t.production) fronts.push({ kind: "platform", app, target: t });
    for (const ingress of model.k8s.ingresses) if (ingress.production) fronts.push({ kind: "ingress", ingress });
    return [fronts];
  }
  return scope.map((t) => {
    const linked = linkedProxies(model, t, appProxies);
    const own = linked.length > 0 ? linked : projectServing.length === 1 ? appProxies : [];
    const fronts = nginxFronts(own);
    if (t.platform !== null) {
      const app = model.services.platforms.find((a) => a.targets.includes(t));
      if (app) fronts.push({ kind: "platform", app, target: t });
    }
    if (t.kind === "k8s") for (const ingress of model.k8s.ingresses) if (ingress.production) fronts.push({ kind: "ingress", ingress });
    const svc = model.compose.services.find((s) => s.target === t);
    if (svc) {
      for (const other of model.compose.services) {
        if (other === svc || other.project !== svc.project || !other.production || other.devProfile || other.role !== "proxy") continue;
        if (!nginxModelled(model, other)) fronts.push({ kind: "opaque" });
      }
    }
    return fronts;
  });
}

/** An nginx service whose config the repository holds (bind-mounted, or built here beside production nginx configs): its proxies are judged themselves. */
function nginxModelled(model: Model, svc: ComposeService): boolean {
  if (svc.image?.text && !NGINX_IMAGE.test(svc.image.text)) return false;
  if (svc.volumes.some((v) => v.kind === "bind" && v.repoPath !== null && model.nginx.files.some((f) => f.path === v.repoPath || f.path.startsWith(`${v.repoPath}/`)))) return true;
  return svc.build !== null && model.nginx.configs.some((c) => c.production);
}

/** Proxies whose upstream is one of the target's app-server binds (its default bind included), or its compose service by name. */
function linkedProxies(model: Model, t: Target, appProxies: NginxProxy[]): NginxProxy[] {
  const out = new Set<NginxProxy>(model.appServers.serversFor(t).flatMap((server) => proxiesTo(model, server)));
  const svc = model.compose.services.find((s) => s.target === t);
  if (svc) {
    for (const p of appProxies) {
      const target = p.target;
      if (target.kind !== "address") continue;
      const hosts = target.upstream ? target.upstream.servers.map((s) => s.host) : [target.host];
      if (hosts.includes(svc.name)) out.add(p);
    }
  }
  return [...out];
}

/** A plain-HTTP server of the project that redirects the names `server` answers for. */
function redirectingTwin(model: Model, server: NginxServer): NginxServer | undefined {
  return model.nginx.servers.find((o) => o !== server && o.config.production && o.plain && o.redirectsToHttps && tlsServersFor(model, o).includes(server));
}

function redirectOf(model: Model, front: Front): PathVerdict {
  switch (front.kind) {
    case "opaque":
      return { state: "unknown" };
    case "ingress":
      if (!front.ingress.tls) return { state: "unknown" };
      return { state: "yes", evidence: evidence(front.ingress.tls, `the Ingress ${front.ingress.name}`, "this Ingress", "terminates TLS, and ingress-nginx redirects its hosts to HTTPS by default") };
    case "platform": {
      const { app, target } = front;
      if (app.platform === "heroku") return { state: "no", evidence: evidence(target.span, "Heroku's router in front", "Heroku's router in front of this process", "forwards plain HTTP to the app without redirecting") };
      if (app.forceHttps?.value === true) return { state: "yes", evidence: evidence(app.forceHttps.span, "fly.io's edge", "fly.io's edge", "redirects plain HTTP to HTTPS (force_https = true)") };
      // force_https under [[services.ports]] is not read: the edge may redirect.
      const manifest = model.files.find((f) => f.path === app.file);
      if (!app.forceHttps && (!manifest || /force_https\s*=\s*true/i.test(manifest.text))) return { state: "unknown" };
      const span = app.forceHttps?.span ?? target.span;
      return { state: "no", evidence: evidence(span, "fly.io's edge in front", "fly.io's edge in front of this app", "forwards plain HTTP to the app without redirecting (force_https is not true)") };
    }
    case "nginx": {
      const server = front.proxy.server;
      if (server.listens.some((l) => l.unknown)) return { state: "unknown" };
      if (server.redirectsToHttps) return { state: "yes", evidence: evidence(server.span, "nginx", "this nginx server", "redirects plain HTTP to HTTPS") };
      // A server-level return answers every request: its proxies never run.
      if (server.serverReturn) return null;
      const guard = schemeGuard(front.proxy);
      if (guard) return { state: "yes", evidence: evidence(guard, "nginx", "this if", "redirects plain HTTP to HTTPS before proxying to the app") };
      if (!server.plain) {
        const twin = redirectingTwin(model, server);
        const span = twin?.span ?? server.span;
        return { state: "yes", evidence: twin ? evidence(span, "nginx", "this nginx server", "redirects plain HTTP to HTTPS") : evidence(span, "nginx", "this nginx server", "serves the app over TLS only") };
      }
      // Plain HTTP reaches the app here. Whatever may sit in front of this nginx is
      // not in the repository: as with no proxy at all, nothing seen redirects.
      return { state: "no", evidence: evidence(server.span, "nginx in front", "this nginx server", "proxies to the app without redirecting plain HTTP to HTTPS") };
    }
  }
}

function hstsOf(model: Model, front: Front): PathVerdict {
  switch (front.kind) {
    case "opaque":
      return { state: "unknown" };
    case "ingress":
      if (!front.ingress.tls) return { state: "unknown" };
      return { state: "yes", evidence: evidence(front.ingress.tls, `the Ingress ${front.ingress.name}`, "this Ingress", "terminates TLS, and ingress-nginx sends Strict-Transport-Security by default") };
    case "platform": {
      const { app, target } = front;
      if (app.platform === "heroku") return { state: "no", evidence: evidence(target.span, "Heroku's router in front", "Heroku's router in front of this process", "does not add Strict-Transport-Security") };
      // fly.toml can add response headers (`http_options.response.headers`), which the model does not read.
      const manifest = model.files.find((f) => f.path === app.file);
      if (!manifest || /strict-transport-security/i.test(manifest.text)) return { state: "unknown" };
      return { state: "no", evidence: evidence(target.span, "fly.io's edge in front", "fly.io's edge in front of this app", "does not add Strict-Transport-Security") };
    }
    case "nginx":
      return nginxHsts(model, front.proxy);
  }
}

function nginxHsts(model: Model, proxy: NginxProxy): PathVerdict {
  const server = proxy.server;
  if (server.listens.some((l) => l.unknown)) return { state: "unknown" };
  if (server.serverReturn || (server.redirectsToHttps && !server.ssl)) return null;
  if (!server.ssl) {
    // Next to a TLS server for the same names, the app's HTTPS responses come from that server's own path.
    if (tlsServersFor(model, server).length > 0) return null;
    if (frontOf(model, server) === "none")
      return { state: "no", evidence: evidence(server.span, "nginx in front", "this nginx server", "serves the app over plain HTTP only, where browsers ignore Strict-Transport-Security") };
    // Behind a TLS terminator the repository does not show, a header added here still reaches browsers over HTTPS.
  }
  const more = moreSetHeadersHsts(proxy.scope);
  if (more) return { state: "yes", evidence: evidence(more, "nginx", "this more_set_headers", "sends Strict-Transport-Security") };
  const list = headerList(proxy.scope, "add_header");
  if (list.state === "unknown") return { state: "unknown" };
  const entry = findHeader(list, "Strict-Transport-Security");
  if (entry) {
    if (entry.unknown) return { state: "unknown" };
    const maxAge = /max-age\s*=\s*"?(\d+)/i.exec(entry.value);
    const span = (entry.via ?? entry.directive).span;
    if (!maxAge) return { state: "unknown" };
    if (Number(maxAge[1]) === 0) return { state: "no", evidence: evidence(span, "nginx in front", "this header", "sends Strict-Transport-Security with max-age=0, which turns HSTS off") };
    return { state: "yes", evidence: evidence(span, "nginx", "this header", "sends Strict-Transport-Security") };
  }
  if (list.partial) return { state: "unknown" };
  const dropped = outerHsts(list);
  if (dropped) {
    const inner = list.entries[0]!;
    const innerSpan = (inner.via ?? inner.directive).span;
    return {
      state: "no",
      evidence: evidence(innerSpan, "nginx in front", "this add_header", `drops the Strict-Transport-Security header set at ${at(dropped)} for the app's location (a location's own add_header replaces the inherited list)`),
    };
  }
  return { state: "no", evidence: evidence(server.span, "nginx in front", "this nginx server", server.ssl ? "terminates TLS without sending Strict-Transport-Security" : "does not add Strict-Transport-Security") };
}

/** Where an outer level sets Strict-Transport-Security that the list's own level does not inherit. */
function outerHsts(list: HeaderList): Span | null {
  if (list.state !== "set" || !list.scope) return null;
  for (let s: NginxScope | null = list.scope.parent; s; s = s.parent) {
    const outer = headerList(s, "add_header");
    if (outer.state !== "set" || !outer.scope) return null;
    const e = findHeader(outer, "Strict-Transport-Security");
    if (e) return (e.via ?? e.directive).span;
    s = outer.scope;
  }
  return null;
}

/**
 * An `if ($scheme = http)` / `if ($http_x_forwarded_proto != "https")` in the
 * proxy's own location (or a location around it) whose block redirects to
 * https:// — the shape used behind a load balancer.
 */
function schemeGuard(proxy: NginxProxy): Span | null {
  for (let s: NginxScope | null = proxy.scope; s && s !== proxy.server.scope; s = s.parent) {
    for (const { directive: d } of s.items) {
      if (d.name !== "if" || !d.block || !/\$(scheme|https|http_x_forwarded_proto)\b/.test(d.args.map((a) => a.text).join(" "))) continue;
      const redirects = d.block.some((x) => {
        const url = x.name === "return" ? (/^30[1278]$/.test(x.args[0]?.text ?? "") ? x.args[1]?.text : x.args[0]?.text) : x.name === "rewrite" ? x.args[1]?.text : undefined;
        return url?.startsWith("https://") ?? false;
      });
      if (redirects) return d.span;
    }
  }
  return null;
}

/** A headers-more `more_set_headers "Strict-Transport-Security: …"` in effect at the scope or above. */
function moreSetHeadersHsts(scope: NginxScope): Span | null {
  for (let s: NginxScope | null = scope; s; s = s.parent) {
    const d = s.items.find((i) => i.directive.name === "more_set_headers" && i.directive.args.some((a) => /^strict-transport-security\s*:/i.test(a.text)));
    if (d) return (d.via ?? d.directive).span;
  }
  return null;
}
