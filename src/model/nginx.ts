/**
 * The nginx part of the deployment: every config the repository ships,
 * with `include` resolved, judged in the context nginx would read it in, and
 * the values rules ask about computed with nginx's own inheritance rules.
 *
 * - A file included by another is judged only through its includer. A file
 *   whose top level is `server`/`upstream`/`map` (a site) is read as if inside
 *   `http {}`; a file with `http`/`events` is a main config; anything else
 *   (a bare location or header snippet nobody includes) is not judged.
 * - A proxy_pass goes to the app unless its target is clearly something
 *   else: object storage or a CDN, a host or upstream named like another
 *   service (Grafana, MinIO, a frontend…), or a compose service running such
 *   an image.
 * - `include` paths are tried relative to the including file, to the config
 *   root (the directory holding the main config, else the root file's own
 *   directory), `/etc/nginx/...` as that path under the config root, and
 *   finally as the one repository file whose path ends with it (a repo that
 *   mirrors part of /etc/nginx); globs match repository files. Debian's `proxy_params`,
 *   `uwsgi_params`, `fastcgi_params` (and the other files nginx ships) are
 *   known by name when the repository does not have them. Any other missing
 *   include makes everything it could set at its level Unknown.
 * - Array directives (`proxy_set_header`, `add_header`, `uwsgi_param`, …) are
 *   inherited only by a level that defines none of them; scalars are
 *   inherited unless redefined.
 * - In envsubst templates (`*.template`), `${UPPER_CASE}` is an environment
 *   variable substituted before nginx reads the file: its value is Unknown.
 */
import { posix } from "node:path";
import type { SourceFile } from "../discover/types.js";
import { parseNginx, walkDirectives, type NginxDirective, type NginxWord } from "../parse/nginx.js";
import type { Span } from "../parse/span.js";
import type { BuildContext } from "./context.js";
import type { ProjectModel } from "./types.js";
import type { AppServer } from "./appserver.js";
import type { ComposeModel } from "./compose.js";

export type { NginxDirective, NginxWord } from "../parse/nginx.js";

export type ScopeKind = "main" | "http" | "server" | "location" | "if" | "upstream" | "other";

/** One level of the config (main, http, server, location, if) after include expansion. */
export interface NginxScope {
  kind: ScopeKind;
  /** The block directive; null for the implicit main/http level of a root file. */
  directive: NginxDirective | null;
  parent: NginxScope | null;
  /** The directives at this level, includes expanded in place. */
  items: NginxItem[];
  /** Includes at this level the model could not read: what they set is Unknown. */
  unknownIncludes: NginxDirective[];
  /** Includes of a well-known file outside the repository whose values vary by version: only the directives named are Unknown. */
  partialIncludes: { directive: NginxDirective; names: string[] }[];
  config: NginxConfig;
}

export interface NginxItem {
  directive: NginxDirective;
  /** The `include` that brought in a known distribution file not in the repository (spans point at it). */
  via: NginxDirective | null;
  /** The level this block directive opens (http, server, location, if, upstream). */
  child: NginxScope | null;
}

/** A root config: a file nginx would read on its own, with everything it includes. */
export interface NginxConfig {
  file: string;
  /** A main config (`http`/`events` at the top) or a site read inside `http {}`. */
  context: "main" | "http";
  /** An envsubst template (`*.template`). */
  template: boolean;
  /** False for development configs (`*dev*`, `*local*`, `*test*` in the path). */
  production: boolean;
  /** Every file read for this config, the root first. */
  files: string[];
  scopes: NginxScope[];
  servers: NginxServer[];
  upstreams: NginxUpstream[];
  maps: NginxMap[];
}

export interface NginxListen {
  /** null for a port-only `listen 80`. */
  address: string | null;
  /** null when the port comes from an environment variable. */
  port: number | null;
  unix: string | null;
  ssl: boolean;
  http2: boolean;
  quic: boolean;
  defaultServer: boolean;
  proxyProtocol: boolean;
  /** Loopback, a unix socket, or a private (RFC 1918 / ULA) address. */
  private: boolean;
  /** The address is an envsubst variable. */
  unknown: boolean;
  span: Span;
}

export interface NginxServer {
  config: NginxConfig;
  scope: NginxScope;
  directive: NginxDirective;
  /** The `server` keyword: where server-level findings point. */
  span: Span;
  /** Explicit `listen`s; when there are none nginx listens on *:80. */
  listens: NginxListen[];
  serverNames: NginxWord[];
  /** Some listen has `ssl` (or the legacy `ssl on`). */
  ssl: boolean;
  /** Some listen is plain HTTP. */
  plain: boolean;
  /** A server-level `return`/`rewrite … redirect|permanent` that answers every request. */
  serverReturn: { directive: NginxDirective; code: number | null; url: string | null } | null;
  /** Plain-HTTP requests are redirected to https (server-level return, `if ($scheme …) { return 301 https://… }`, or certbot's `if ($host = name) { return 301 https://… }` before a server-level `return 404`). */
  redirectsToHttps: boolean;
  /** Answers every request with 444/4xx or rejects the TLS handshake: a catch-all that turns unknown Hosts away. */
  rejects: boolean;
  locations: NginxLocation[];
  proxies: NginxProxy[];
  /** `ssl_protocols` / `ssl_ciphers` in effect for the server (its own, else the http level's). */
  sslProtocols: Effective<NginxDirective>;
  sslCiphers: Effective<NginxDirective>;
}

export interface NginxLocation {
  server: NginxServer;
  scope: NginxScope;
  directive: NginxDirective;
  /** `=`, `~`, `~*`, `^~`, or "" for a plain prefix; `@` for a named location. */
  modifier: "" | "=" | "~" | "~*" | "^~" | "@";
  path: string;
  parent: NginxLocation | null;
  /** The location's own `alias` (not inherited). */
  alias: NginxDirective | null;
  /** `root` in effect. */
  root: Effective<NginxDirective>;
  /** Serves files from disk: alias or root, no proxy/uwsgi/fastcgi pass, no return. */
  servesFiles: boolean;
  /** `expires` in effect (inherited from server/http unless redefined). */
  expires: Effective<NginxDirective>;
  /** `add_header` list in effect. */
  addHeaders: HeaderList;
}

export type Effective<T> = { state: "set"; value: T } | { state: "absent" } | { state: "unknown" };

export interface HeaderEntry {
  /** As written. */
  name: string;
  /** The value as nginx reads it (unquoted). */
  value: string;
  /** The value is an envsubst variable, a map's output, or otherwise undeterminable. */
  unknown: boolean;
  /** `add_header … always`. */
  always: boolean;
  directive: NginxDirective;
  via: NginxDirective | null;
}

/** An array directive (`proxy_set_header`, `add_header`, `uwsgi_param`) as nginx resolves it for one level. */
export interface HeaderList {
  /** "default": nothing sets it at any level; "unknown": an unreadable include could define it. */
  state: "set" | "default" | "unknown";
  entries: HeaderEntry[];
  /** The level whose directives are in effect. */
  scope: NginxScope | null;
  /** That level also has an unreadable include that could add entries. */
  partial: boolean;
}

export type ProxyTarget =
  | { kind: "address"; scheme: string | null; host: string; port: number | null; upstream: NginxUpstream | null }
  | { kind: "unix"; path: string }
  | { kind: "unknown"; raw: string };

export interface NginxProxy {
  kind: "proxy" | "uwsgi" | "fastcgi" | "scgi" | "grpc";
  directive: NginxDirective;
  target: ProxyTarget;
  server: NginxServer;
  location: NginxLocation | null;
  scope: NginxScope;
  /** `proxy_set_header` for proxy_pass, `uwsgi_param` for uwsgi_pass, … in effect here. */
  headers: HeaderList;
  /** Judged to reach the Django app (not a bucket, CDN or a service named like something else). */
  toApp: boolean;
  /** `proxy_buffering` (or `uwsgi_buffering`) in effect. */
  buffering: Effective<NginxDirective>;
  /** `proxy_read_timeout` (or `uwsgi_read_timeout`) in effect; nginx's default is 60s. */
  readTimeout: Effective<NginxDirective>;
  /** `client_max_body_size` in effect; nginx's default is 1m. */
  clientMaxBodySize: Effective<NginxDirective>;
}

export interface NginxUpstream {
  name: string;
  directive: NginxDirective;
  servers: { host: string | null; port: number | null; unix: string | null; span: Span }[];
}

export interface NginxMap {
  directive: NginxDirective;
  source: string;
  variable: string;
  /** Every value the map can produce, including its default (nginx's default is ""). */
  values: string[];
}

export interface NginxModel {
  /** Every nginx file read, with the files that include it. */
  files: { path: string; template: boolean; includedBy: string[] }[];
  configs: NginxConfig[];
  servers: NginxServer[];
  proxies: NginxProxy[];
}

/** What Debian's nginx package ships in /etc/nginx, as far as rules care: the directives each file sets. */
const KNOWN_INCLUDES: Record<string, [string, ...string[]][]> = {
  proxy_params: [
    ["proxy_set_header", "Host", "$http_host"],
    ["proxy_set_header", "X-Real-IP", "$remote_addr"],
    ["proxy_set_header", "X-Forwarded-For", "$proxy_add_x_forwarded_for"],
    ["proxy_set_header", "X-Forwarded-Proto", "$scheme"],
  ],
  uwsgi_params: [
    ...["QUERY_STRING $query_string", "REQUEST_METHOD $request_method", "CONTENT_TYPE $content_type", "CONTENT_LENGTH $content_length"],
    ...["REQUEST_URI $request_uri", "PATH_INFO $document_uri", "DOCUMENT_ROOT $document_root", "SERVER_PROTOCOL $server_protocol"],
    ...["REQUEST_SCHEME $scheme", "HTTPS $https if_not_empty", "REMOTE_ADDR $remote_addr", "REMOTE_PORT $remote_port"],
    ...["SERVER_PORT $server_port", "SERVER_NAME $server_name"],
  ].map((l) => ["uwsgi_param", ...l.split(" ")] as [string, ...string[]]),
  fastcgi_params: [
    ...["QUERY_STRING $query_string", "REQUEST_METHOD $request_method", "CONTENT_TYPE $content_type", "CONTENT_LENGTH $content_length"],
    ...["SCRIPT_NAME $fastcgi_script_name", "REQUEST_URI $request_uri", "DOCUMENT_URI $document_uri", "DOCUMENT_ROOT $document_root"],
    ...["SERVER_PROTOCOL $server_protocol", "REQUEST_SCHEME $scheme", "HTTPS $https if_not_empty", "GATEWAY_INTERFACE CGI/1.1"],
    ...["REMOTE_ADDR $remote_addr", "REMOTE_PORT $remote_port", "SERVER_ADDR $server_addr", "SERVER_PORT $server_port"],
    ...["SERVER_NAME $server_name", "REDIRECT_STATUS 200"],
  ].map((l) => ["fastcgi_param", ...l.split(" ")] as [string, ...string[]]),
  "fastcgi.conf": [],
  scgi_params: [],
  "mime.types": [],
  "koi-utf": [],
  "koi-win": [],
  "win-utf": [],
};

/**
 * Files outside the repository that set only a known list of directives, with
 * values that depend on the installed version: certbot's nginx plugin writes
 * `options-ssl-nginx.conf` (TLS session and protocol settings) and includes it
 * in every server it manages.
 */
const PARTIAL_INCLUDES: Record<string, string[]> = {
  "options-ssl-nginx.conf": ["ssl_session_cache", "ssl_session_timeout", "ssl_session_tickets", "ssl_protocols", "ssl_prefer_server_ciphers", "ssl_ciphers", "ssl_ecdh_curve"],
};

const PASS_DIRECTIVES: Record<string, NginxProxy["kind"]> = {
  proxy_pass: "proxy",
  uwsgi_pass: "uwsgi",
  fastcgi_pass: "fastcgi",
  scgi_pass: "scgi",
  grpc_pass: "grpc",
};
const HEADER_DIRECTIVE: Record<NginxProxy["kind"], string> = {
  proxy: "proxy_set_header",
  uwsgi: "uwsgi_param",
  fastcgi: "fastcgi_param",
  scgi: "scgi_param",
  grpc: "grpc_set_header",
};

const ENVSUBST = /\$\{?[A-Z_][A-Z0-9_]*\}?/;

function isDevPath(path: string): boolean {
  return /(^|[/._-])(dev|develop|development|local|test|tests|testing)([/._-]|$)/i.test(path);
}

function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) re += "\\[";
      else {
        re += `[${glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

interface Parsed {
  file: SourceFile;
  directives: NginxDirective[];
  template: boolean;
}

/** Resolves include paths against the repository's nginx files. */
class Includes {
  private readonly paths: string[];
  constructor(private readonly parsed: Map<string, Parsed>) {
    this.paths = [...parsed.keys()].sort();
  }

  /** Files an include directive in `from` names, for a config rooted at `root`; null when it names nothing in the repo. */
  resolve(pattern: string, from: string, root: string): string[] | null {
    const bases = new Set<string>([posix.dirname(from), this.configRoot(root)]);
    const candidates: string[] = [];
    if (pattern.startsWith("/")) {
      const m = /^\/etc\/nginx\/(.+)$/.exec(pattern);
      if (!m) return null;
      for (const b of bases) candidates.push(posix.join(b, m[1]!));
    } else {
      for (const b of bases) candidates.push(posix.join(b, pattern));
    }
    for (const c of candidates) {
      if (hasGlob(c)) {
        const re = globToRegExp(c);
        const found = this.paths.filter((p) => re.test(p));
        if (found.length > 0) return found;
      } else if (this.parsed.has(c)) return [c];
    }
    if (!hasGlob(pattern)) {
      const rel = pattern.replace(/^\/etc\/nginx\//, "").replace(/^\.\//, "");
      const bySuffix = rel.startsWith("/") || rel.startsWith("..") ? [] : this.paths.filter((p) => p === rel || p.endsWith(`/${rel}`));
      if (bySuffix.length === 1) return bySuffix;
    }
    return hasGlob(pattern) && candidates.some((c) => hasGlob(c)) ? [] : null;
  }

  /** The directory of the nearest main config (`nginx.conf`) above `file`, else the file's own directory. */
  configRoot(file: string): string {
    let dir = posix.dirname(file);
    for (;;) {
      const main = posix.join(dir, "nginx.conf");
      if (this.parsed.has(main)) return dir;
      if (dir === "." || dir === "/" || dir === "") return posix.dirname(file);
      dir = posix.dirname(dir);
    }
  }
}

function contextOf(directives: NginxDirective[]): "main" | "http" | null {
  const names = new Set(directives.map((d) => d.name));
  if (names.has("http") || names.has("events") || names.has("worker_processes") || names.has("stream")) return "main";
  if (names.has("server") || names.has("upstream") || names.has("map")) return "http";
  return null;
}

function syntheticDirective(name: string, args: string[], include: NginxDirective): NginxDirective {
  const word = (text: string): NginxWord => ({ text, raw: text, quoted: false, span: include.span });
  return { name, nameSpan: include.span, args: args.map(word), span: include.span, block: null, blockSpan: null };
}

function scopeKind(name: string, parent: ScopeKind): ScopeKind {
  if (name === "http" || name === "server" || name === "location" || name === "if" || name === "upstream") {
    if (name === "server" && parent === "upstream") return "other";
    return name;
  }
  return "other";
}

class ConfigBuilder {
  readonly config: NginxConfig;

  constructor(
    private readonly root: Parsed,
    private readonly includes: Includes,
    private readonly parsed: Map<string, Parsed>,
    context: "main" | "http",
    private readonly images: ServiceImages,
  ) {
    this.config = {
      file: root.file.path,
      context,
      template: root.template,
      production: !isDevPath(root.file.path),
      files: [root.file.path],
      scopes: [],
      servers: [],
      upstreams: [],
      maps: [],
    };
  }

  build(): NginxConfig {
    this.scope(this.config.context, null, null, this.root.directives, this.root.file.path, [this.root.file.path]);
    this.collect();
    return this.config;
  }

  private scope(kind: ScopeKind, directive: NginxDirective | null, parent: NginxScope | null, directives: NginxDirective[], file: string, stack: string[]): NginxScope {
    const s: NginxScope = { kind, directive, parent, items: [], unknownIncludes: [], partialIncludes: [], config: this.config };
    this.config.scopes.push(s);
    this.expand(s, directives, file, stack, null);
    if (stack.length > 32) return s;
    for (const item of s.items) {
      const d = item.directive;
      const at = this.origin.get(item);
      if (d.block && d.lua === undefined && at) {
        const k = scopeKind(d.name, kind);
        if (k !== "other") item.child = this.scope(k, d, s, d.block, at.file, at.stack);
      }
    }
    return s;
  }

  /** The file and include chain each item was read through. */
  private readonly origin = new WeakMap<NginxItem, { file: string; stack: string[] }>();

  private expand(s: NginxScope, directives: NginxDirective[], file: string, stack: string[], via: NginxDirective | null): void {
    for (const d of directives) {
      if (d.name !== "include") {
        const item: NginxItem = { directive: d, via, child: null };
        this.origin.set(item, { file, stack });
        s.items.push(item);
        continue;
      }
      const pattern = d.args[0]?.text;
      if (pattern === undefined || (this.root.template && ENVSUBST.test(pattern))) {
        s.unknownIncludes.push(d);
        continue;
      }
      const found = this.includes.resolve(pattern, file, this.root.file.path);
      if (found === null) {
        const known = KNOWN_INCLUDES[posix.basename(pattern)];
        const partial = PARTIAL_INCLUDES[posix.basename(pattern)];
        if (known) for (const [name, ...args] of known) s.items.push({ directive: syntheticDirective(name, args, d), via: d, child: null });
        else if (partial) s.partialIncludes.push({ directive: d, names: partial });
        else s.unknownIncludes.push(d);
        continue;
      }
      for (const path of found) {
        if (stack.includes(path)) continue;
        const p = this.parsed.get(path);
        if (!p) continue;
        if (!this.config.files.includes(path)) this.config.files.push(path);
        this.expand(s, p.directives, path, [...stack, path], via);
      }
    }
  }

  private collect(): void {
    for (const s of this.config.scopes) {
      for (const { directive: d } of s.items) {
        if (d.name === "upstream" && (s.kind === "http" || s.kind === "main") && d.block) this.config.upstreams.push(upstreamOf(d));
        if (d.name === "map" && d.block && d.args.length >= 2) this.config.maps.push(mapOf(d));
      }
    }
    const serverScopes = this.config.scopes.filter((s) => s.kind === "server" && s.parent?.kind === "http");
    for (const s of serverScopes) this.config.servers.push(this.server(s));
  }

  private server(scope: NginxScope): NginxServer {
    const directive = scope.directive!;
    const listens: NginxListen[] = [];
    const serverNames: NginxWord[] = [];
    let legacySsl = false;
    let serverReturn: NginxServer["serverReturn"] = null;
    let rejects = false;
    let redirectIf = false;
    let hostRedirect = false;
    for (const { directive: d } of scope.items) {
      if (d.name === "listen") {
        const l = parseListen(d, this.config.template);
        if (l) listens.push(l);
      } else if (d.name === "server_name") serverNames.push(...d.args);
      else if (d.name === "ssl" && d.args[0]?.text === "on") legacySsl = true;
      else if (d.name === "ssl_reject_handshake" && d.args[0]?.text === "on") rejects = true;
      else if ((d.name === "return" || d.name === "rewrite") && serverReturn === null) {
        const r = returnOf(d);
        if (r) serverReturn = { directive: d, ...r };
      } else if (d.name === "if" && d.block && /\$scheme|\$https|\$http_x_forwarded_proto/.test(d.args.map((a) => a.text).join(" "))) {
        if (d.block.some((x) => (x.name === "return" || x.name === "rewrite") && returnOf(x)?.url?.startsWith("https://"))) redirectIf = true;
      } else if (d.name === "if" && d.block && /^\(?\$(host|http_host|server_name)$/.test(d.args[0]?.text ?? "")) {
        if (d.block.some((x) => (x.name === "return" || x.name === "rewrite") && returnOf(x)?.url?.startsWith("https://"))) hostRedirect = true;
      }
    }
    if (serverReturn && serverReturn.code !== null && (serverReturn.code === 444 || (serverReturn.code >= 400 && serverReturn.code < 500))) rejects = true;
    const ssl = legacySsl || listens.some((l) => l.ssl);
    const plain = listens.length === 0 ? !legacySsl : !legacySsl && listens.some((l) => !l.ssl && !l.quic);
    const server: NginxServer = {
      config: this.config,
      scope,
      directive,
      span: directive.nameSpan,
      listens,
      serverNames,
      ssl,
      plain,
      serverReturn,
      // certbot's port-80 server: `if ($host = example.com) { return 301 https://… }` per
      // name, then `return 404`: every request is redirected or refused, none is served.
      redirectsToHttps: redirectIf || (serverReturn?.url?.startsWith("https://") ?? false) || (hostRedirect && serverReturn !== null),
      rejects,
      locations: [],
      proxies: [],
      sslProtocols: scalar(scope, "ssl_protocols"),
      sslCiphers: scalar(scope, "ssl_ciphers"),
    };
    this.locations(server, scope, null);
    this.proxies(server, scope, null);
    return server;
  }

  private locations(server: NginxServer, scope: NginxScope, parent: NginxLocation | null): void {
    for (const { child } of scope.items) {
      if (!child) continue;
      if (child.kind === "location") {
        const loc = this.location(server, child, parent);
        server.locations.push(loc);
        this.locations(server, child, loc);
      } else if (child.kind === "if") this.locations(server, child, parent);
    }
  }

  private location(server: NginxServer, scope: NginxScope, parent: NginxLocation | null): NginxLocation {
    const d = scope.directive!;
    const [a, b] = d.args;
    let modifier: NginxLocation["modifier"] = "";
    let path = a?.text ?? "";
    if (a && ["=", "~", "~*", "^~"].includes(a.text) && b) {
      modifier = a.text as NginxLocation["modifier"];
      path = b.text;
    } else if (a && /^(=|~\*|~|\^~)./.test(a.text) && !a.quoted) {
      const m = /^(=|~\*|~|\^~)(.*)$/.exec(a.text)!;
      modifier = m[1] as NginxLocation["modifier"];
      path = m[2]!;
    } else if (path.startsWith("@")) modifier = "@";
    const own = (name: string) => scope.items.find((i) => i.directive.name === name)?.directive ?? null;
    const alias = own("alias");
    const root = scalar(scope, "root");
    const passes = scope.items.some((i) => i.directive.name in PASS_DIRECTIVES || i.directive.name === "return");
    return {
      server,
      scope,
      directive: d,
      modifier,
      path,
      parent,
      alias,
      root,
      servesFiles: !passes && (alias !== null || root.state === "set"),
      expires: scalar(scope, "expires"),
      addHeaders: headerList(scope, "add_header", this.config.template, this.config.maps),
    };
  }

  private proxies(server: NginxServer, scope: NginxScope, location: NginxLocation | null): void {
    for (const { directive: d, child } of scope.items) {
      const kind = PASS_DIRECTIVES[d.name];
      if (kind && d.args[0]) {
        const target = parseTarget(d.args[0], kind, this.config);
        server.proxies.push({
          kind,
          directive: d,
          target,
          server,
          location,
          scope,
          headers: headerList(scope, HEADER_DIRECTIVE[kind], this.config.template, this.config.maps),
          toApp: kind !== "fastcgi" && kind !== "grpc" && targetIsApp(target, this.images),
          buffering: scalar(scope, `${kind}_buffering`),
          readTimeout: scalar(scope, `${kind}_read_timeout`),
          clientMaxBodySize: scalar(scope, "client_max_body_size"),
        });
      }
      if (!child) continue;
      if (child.kind === "location") this.proxies(server, child, server.locations.find((l) => l.scope === child) ?? location);
      else if (child.kind === "if") this.proxies(server, child, location);
    }
  }
}

/** The nearest definition of a scalar directive, with nginx's inheritance (outer levels unless redefined). */
export function scalar(scope: NginxScope, name: string): Effective<NginxDirective> {
  for (let s: NginxScope | null = scope; s; s = s.parent) {
    let found: NginxDirective | null = null;
    for (const i of s.items) if (i.directive.name === name) found = i.directive;
    if (found) return { state: "set", value: found };
    if (s.unknownIncludes.length > 0 || s.partialIncludes.some((p) => p.names.includes(name))) return { state: "unknown" };
  }
  return { state: "absent" };
}

/** An array directive as nginx resolves it: the innermost level that defines any entry wins entirely. */
export function headerList(scope: NginxScope, name: string, template = scope.config.template, maps: NginxMap[] = scope.config.maps): HeaderList {
  for (let s: NginxScope | null = scope; s; s = s.parent) {
    const own = s.items.filter((i) => i.directive.name === name);
    if (own.length > 0) {
      return { state: "set", entries: own.map((i) => headerEntry(i, template, maps)), scope: s, partial: s.unknownIncludes.length > 0 };
    }
    if (s.unknownIncludes.length > 0) return { state: "unknown", entries: [], scope: s, partial: true };
  }
  return { state: "default", entries: [], scope: null, partial: false };
}

function headerEntry(item: NginxItem, template: boolean, maps: NginxMap[]): HeaderEntry {
  const d = item.directive;
  const value = d.args[1]?.text ?? "";
  const vars = [...value.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1]!);
  const unknown = (template && ENVSUBST.test(value)) || vars.some((v) => maps.some((m) => m.variable === v));
  return {
    name: d.args[0]?.text ?? "",
    value,
    unknown,
    always: d.args.slice(2).some((a) => a.text === "always"),
    directive: d,
    via: item.via,
  };
}

/** The entry for one header name (case-insensitive), the last one when repeated. */
export function findHeader(list: HeaderList, name: string): HeaderEntry | undefined {
  const lower = name.toLowerCase();
  let found: HeaderEntry | undefined;
  for (const e of list.entries) if (e.name.toLowerCase() === lower) found = e;
  return found;
}

function upstreamOf(d: NginxDirective): NginxUpstream {
  const servers: NginxUpstream["servers"] = [];
  for (const s of d.block ?? []) {
    if (s.name !== "server" || !s.args[0]) continue;
    const a = s.args[0].text;
    if (a.startsWith("unix:")) servers.push({ host: null, port: null, unix: a.slice(5), span: s.span });
    else {
      const hp = splitHostPort(a);
      servers.push({ host: hp.host, port: hp.port ?? 80, unix: null, span: s.span });
    }
  }
  return { name: d.args[0]?.text ?? "", directive: d, servers };
}

function mapOf(d: NginxDirective): NginxMap {
  const values: string[] = [];
  let hasDefault = false;
  for (const e of d.block ?? []) {
    if (e.name === "default") hasDefault = true;
    if (["hostnames", "volatile", "include"].includes(e.name)) continue;
    const v = e.args[e.args.length - 1];
    if (v) values.push(v.text);
  }
  if (!hasDefault) values.push("");
  return { directive: d, source: d.args[0]!.text, variable: d.args[1]!.text.replace(/^\$\{?|\}$/g, ""), values };
}

function splitHostPort(s: string): { host: string; port: number | null } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : null };
  const m = /^([^:/]+)(?::(\d+))?$/.exec(s);
  if (m) return { host: m[1]!, port: m[2] ? Number(m[2]) : null };
  return { host: s, port: null };
}

function isPrivateAddress(a: string): boolean {
  const h = a.toLowerCase();
  if (h === "localhost" || h === "::1" || h.startsWith("127.")) return true;
  if (/^10\./.test(h) || /^192\.168\./.test(h) || /^172\.(1[6-9]|2\d|3[01])\./.test(h)) return true;
  return /^f[cd][0-9a-f]{2}:/.test(h);
}

export function parseListen(d: NginxDirective, template: boolean): NginxListen | null {
  const first = d.args[0];
  if (!first) return null;
  const flags = new Set(d.args.slice(1).map((a) => a.text));
  const base = {
    ssl: flags.has("ssl"),
    http2: flags.has("http2"),
    quic: flags.has("quic"),
    defaultServer: flags.has("default_server") || flags.has("default"),
    proxyProtocol: flags.has("proxy_protocol"),
    span: d.span,
  };
  const a = first.text;
  if (template && ENVSUBST.test(a)) return { ...base, address: null, port: null, unix: null, private: false, unknown: true };
  if (a.startsWith("unix:")) return { ...base, address: null, port: null, unix: a.slice(5), private: true, unknown: false };
  if (/^\d+$/.test(a)) return { ...base, address: null, port: Number(a), unix: null, private: false, unknown: false };
  const hp = splitHostPort(a);
  const address = hp.host === "*" ? null : hp.host;
  return { ...base, address, port: hp.port ?? 80, unix: null, private: address !== null && isPrivateAddress(address), unknown: false };
}

function returnOf(d: NginxDirective): { code: number | null; url: string | null } | null {
  if (d.name === "return") {
    const [a, b] = d.args;
    if (!a) return null;
    if (/^\d{3}$/.test(a.text)) {
      const code = Number(a.text);
      return { code, url: code >= 300 && code < 400 ? (b?.text ?? null) : null };
    }
    return { code: 302, url: a.text };
  }
  const [regex, replacement, flag] = d.args;
  if (!regex || !replacement || (regex.text !== "^" && regex.text !== "^(.*)$" && regex.text !== "^(.*)" && regex.text !== "^/(.*)$" && regex.text !== "^/(.*)")) return null;
  if (!/^https?:\/\//.test(replacement.text) && flag?.text !== "redirect" && flag?.text !== "permanent") return null;
  return { code: flag?.text === "permanent" ? 301 : 302, url: replacement.text };
}

function parseTarget(arg: NginxWord, kind: NginxProxy["kind"], config: NginxConfig): ProxyTarget {
  const raw = arg.text;
  if (raw.includes("$")) return { kind: "unknown", raw };
  let rest = raw;
  let scheme: string | null = null;
  const m = /^([a-z]+):\/\/(.*)$/i.exec(raw);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = m[2]!;
  }
  if (rest.startsWith("unix:")) return { kind: "unix", path: rest.slice(5).replace(/:.*$/, "") };
  const hostPort = rest.replace(/\/.*$/, "");
  const hp = splitHostPort(hostPort);
  const upstream = config.upstreams.find((u) => u.name === hp.host) ?? null;
  const defaultPort = upstream || kind !== "proxy" ? null : scheme === "https" ? 443 : 80;
  return { kind: "address", scheme, host: hp.host, port: hp.port ?? defaultPort, upstream };
}

/** Hosts and names that are clearly not the Django app: object storage, CDNs, other well-known services. */
const NOT_APP_HOST = /(amazonaws\.com|cloudfront\.net|storage\.googleapis\.com|digitaloceanspaces\.com|blob\.core\.windows\.net|r2\.cloudflarestorage\.com|backblazeb2\.com|cdn)/i;
const NOT_APP_NAME =
  /^(grafana|prometheus|alertmanager|kibana|elasticsearch|opensearch|pgadmin|adminer|phpmyadmin|minio|s3|flower|jenkins|gitlab|sentry|mailhog|mailpit|keycloak|metabase|superset|portainer|rabbitmq|jaeger|loki|node|nodejs|frontend|front|ui|client|webapp-frontend|next|nextjs|nuxt|react|vue|vite|storybook|docs|documentation|wordpress|php|ghost|matomo|plausible|umami|vault|consul|traefik)([-_.]|$)/i;

/** The image names of compose services, by service name, when the image is a literal and the service is not built here. */
type ServiceImages = Map<string, string>;

function targetIsApp(t: ProxyTarget, images: ServiceImages): boolean {
  if (t.kind !== "address") return true;
  const names = [t.host, ...(t.upstream?.servers.map((s) => s.host ?? "") ?? [])].filter(Boolean);
  const image = (n: string) => (images.get(n) ?? "").replace(/[:@].*$/, "").split("/").pop() ?? "";
  return !names.some((n) => NOT_APP_HOST.test(n) || NOT_APP_NAME.test(n) || NOT_APP_NAME.test(image(n)));
}

/** Images of proxies that terminate TLS or route in front of another service. */
const EDGE_PROXY_IMAGE = /(^|\/)(traefik|caddy|haproxy|envoy|envoyproxy\/envoy|nginx-proxy|cloudflared|swag|nginx-proxy-manager|acme-companion)(:|@|$)/i;

/**
 * Is anything known to sit in front of this server (and terminate TLS or
 * filter requests for it)? "proxy": it listens only privately, speaks the
 * PROXY protocol, trusts real-IP headers from an outer proxy, or runs in a
 * compose service that publishes no port or sits behind a proxy service
 * (Traefik, Caddy, HAProxy…). "none": a server on a public address with
 * nothing in front — on a VM, or in a compose service that publishes its
 * port with no proxy service beside it. "unknown": everything else
 * (Kubernetes, platforms, images whose wiring the model cannot see).
 */
export function frontOf(model: Pick<ProjectModel, "files" | "targets" | "compose">, server: NginxServer): "none" | "proxy" | "unknown" {
  const listens = server.listens;
  if (listens.length > 0 && listens.every((l) => l.private || l.proxyProtocol)) return "proxy";
  if (listens.some((l) => l.unknown)) return "unknown";
  for (let s: NginxScope | null = server.scope; s; s = s.parent) {
    if (s.items.some((i) => i.directive.name === "set_real_ip_from" || i.directive.name === "real_ip_header")) return "proxy";
  }
  if (model.targets.some((t) => t.platform !== null)) return "unknown";
  const files = new Set([server.config.file, server.span.file]);
  const mounting = model.compose.services.filter(
    (svc) => svc.production && svc.volumes.some((v) => v.kind === "bind" && v.repoPath && [...files].some((f) => f === v.repoPath || f.startsWith(`${v.repoPath}/`))),
  );
  if (mounting.length > 0) {
    const verdicts = mounting.map((svc) => {
      const others = model.compose.services.filter((o) => o !== svc && o.project === svc.project);
      if (others.some((o) => o.image?.text && EDGE_PROXY_IMAGE.test(o.image.text))) return "proxy";
      if (others.some((o) => o.image !== null && o.image.text === null && o.ports.some((p) => !p.loopback))) return "unknown";
      if (svc.ports.some((p) => p.hostIpUnknown)) return "unknown";
      return svc.ports.some((p) => !p.loopback) ? "none" : "proxy";
    });
    return verdicts.every((v) => v === verdicts[0]) ? verdicts[0]! : "unknown";
  }
  if (model.files.some((f) => f.kind === "compose" || f.kind === "k8s" || f.kind === "dockerfile" || f.kind === "platform")) return "unknown";
  if (server.config.template) return "unknown";
  return "none";
}

/** The TLS servers of the project that answer for one of `names` (or are catch-alls when `names` is empty). */
export function tlsServersFor(model: Pick<ProjectModel, "nginx">, server: NginxServer): NginxServer[] {
  const names = new Set(server.serverNames.map((n) => n.text.toLowerCase()).filter((n) => n !== "_" && n !== ""));
  return model.nginx.servers.filter((s) => {
    if (!s.ssl || !s.config.production) return false;
    if (s === server) return true;
    const other = s.serverNames.map((n) => n.text.toLowerCase()).filter((n) => n !== "_" && n !== "");
    if (names.size === 0) return other.length === 0;
    return other.some((n) => names.has(n));
  });
}

export async function buildNginx(ctx: BuildContext, compose?: Pick<ComposeModel, "services">): Promise<NginxModel> {
  const images: ServiceImages = new Map();
  for (const svc of compose?.services ?? []) if (!svc.build && svc.image?.text) images.set(svc.name, svc.image.text);
  const parsed = new Map<string, Parsed>();
  for (const file of ctx.byKind("nginx")) {
    const result = parseNginx(file);
    ctx.errors.push(...result.errors);
    parsed.set(file.path, { file, directives: result.doc.directives, template: file.path.toLowerCase().endsWith(".template") });
  }
  const includes = new Includes(parsed);

  const includedBy = new Map<string, string[]>();
  for (const p of parsed.values()) {
    for (const { directive: d } of walkDirectives(p.directives)) {
      if (d.name !== "include" || !d.args[0]) continue;
      for (const target of includes.resolve(d.args[0].text, p.file.path, p.file.path) ?? []) {
        if (target === p.file.path) continue;
        const list = includedBy.get(target) ?? [];
        if (!list.includes(p.file.path)) list.push(p.file.path);
        includedBy.set(target, list);
      }
    }
  }

  const configs: NginxConfig[] = [];
  for (const p of parsed.values()) {
    if (includedBy.has(p.file.path)) continue;
    const context = contextOf(p.directives);
    if (!context) continue;
    configs.push(new ConfigBuilder(p, includes, parsed, context, images).build());
  }
  const servers = configs.flatMap((c) => c.servers);
  return {
    files: [...parsed.values()].map((p) => ({ path: p.file.path, template: p.template, includedBy: includedBy.get(p.file.path) ?? [] })),
    configs,
    servers,
    proxies: servers.flatMap((s) => s.proxies),
  };
}

/** `file:line` of a span, for messages. */
export function at(span: Span): string {
  return `${span.file}:${span.line}`;
}

/** The pass target as written in messages: `http://127.0.0.1:8000`, `upstream app`, `unix:/run/app.sock`. */
export function describeTarget(p: NginxProxy): string {
  const t = p.target;
  if (t.kind === "unix") return `unix:${t.path}`;
  if (t.kind === "unknown") return t.raw;
  if (t.upstream) return `upstream ${t.upstream.name}`;
  return p.directive.args[0]?.text ?? t.host;
}

/** Where an array directive's list in effect is defined, for messages. */
export function describeList(list: HeaderList): string {
  const first = list.entries[0];
  if (!list.scope || !first) return "nginx's defaults";
  const d = first.via ?? first.directive;
  const how = first.via ? ` through include ${first.via.args[0]?.text ?? ""}` : "";
  return `set at the ${list.scope.kind} level${how}, ${at(d.span)}`;
}

/** The Host nginx sends when none is set: `$proxy_host`, the proxy_pass host (with its port unless default). */
export function proxyHost(p: NginxProxy): string | null {
  const t = p.target;
  if (t.kind === "unix") return "localhost";
  if (t.kind === "unknown") return null;
  if (t.upstream) return t.upstream.name;
  const defaultPort = t.scheme === "https" ? 443 : 80;
  return t.port === null || t.port === defaultPort ? t.host : `${t.host}:${t.port}`;
}

/**
 * The production gunicorn servers a proxy reaches, with whether they run sync
 * workers (null: a source of settings could not be read). A server matches
 * when one of its explicit binds is the proxy's unix socket, or the same port
 * on a loopback target (gunicorn bound to loopback or all interfaces), or on
 * a service name while gunicorn binds all interfaces.
 */
export function gunicornBehind(model: Pick<ProjectModel, "appServers">, proxy: NginxProxy): { server: AppServer; sync: boolean | null }[] {
  const t = proxy.target;
  const wanted: { host: string | null; port: number | null; unix: string | null }[] =
    t.kind === "unix" ? [{ host: null, port: null, unix: t.path }] : t.kind === "address" ? (t.upstream ? t.upstream.servers : [{ host: t.host, port: t.port, unix: null }]) : [];
  const out: { server: AppServer; sync: boolean | null }[] = [];
  for (const server of model.appServers.servers) {
    if (server.kind !== "gunicorn" || !server.process.production) continue;
    if (!server.bind.some((b) => b.value !== null && wanted.some((w) => bindMatches(b.value!, w)))) continue;
    const threads = server.threads?.value ?? (server.threads ? null : 1);
    const workerClass = server.workerClass ? server.workerClass.value : server.complete ? "sync" : null;
    const sync = workerClass === null || threads === null ? null : workerClass === "sync" && threads <= 1;
    out.push({ server, sync });
  }
  return out;
}

function bindMatches(bind: string, w: { host: string | null; port: number | null; unix: string | null }): boolean {
  if (bind.startsWith("unix:")) return w.unix !== null && bind.slice(5) === w.unix;
  if (w.unix !== null) return false;
  const hp = /^\d+$/.test(bind) ? { host: "0.0.0.0", port: Number(bind) } : splitHostPort(bind);
  if (hp.port === null || hp.port !== w.port) return false;
  const any = hp.host === "" || hp.host === "0.0.0.0" || hp.host === "::" || hp.host === "*";
  const loopback = w.host !== null && /^(localhost|127\.|::1$)/.test(w.host);
  return loopback ? any || /^(localhost|127\.|::1$)/.test(hp.host) : any;
}

/**
 * The entries of the next outer level's list that an inner list replaces
 * (nginx inherits an array directive only into levels that define none).
 */
export function droppedByInner(list: HeaderList, directive: string): { outer: HeaderList; dropped: HeaderEntry[] } | null {
  if (list.state !== "set" || list.partial || !list.scope?.parent) return null;
  const outer = headerList(list.scope.parent, directive);
  if (outer.state !== "set") return null;
  const names = new Set(list.entries.map((e) => e.name.toLowerCase()));
  return { outer, dropped: outer.entries.filter((e) => !names.has(e.name.toLowerCase())) };
}

/**
 * What a proxy sends upstream for one request header, for questions like
 * "does the proxy overwrite X-Forwarded-Proto?": "set" (with the entry, and
 * whether the value is copied from the client's own headers), "passthrough"
 * (not set: nginx forwards whatever the client sent, if anything — Host and
 * Connection excepted, which default to `$proxy_host` and `close`), or
 * "unknown" (an unreadable include, a map or envsubst value).
 */
export function headerSent(proxy: NginxProxy, name: string): { state: "set"; entry: HeaderEntry; fromClient: boolean } | { state: "default"; value: string } | { state: "passthrough" } | { state: "unknown" } {
  const list = proxy.headers;
  if (list.state === "unknown") return { state: "unknown" };
  const key = proxy.kind === "proxy" || proxy.kind === "grpc" ? name : `HTTP_${name.toUpperCase().replace(/-/g, "_")}`;
  const entry = findHeader(list, key);
  if (entry) {
    if (entry.unknown) return { state: "unknown" };
    return { state: "set", entry, fromClient: /\$\{?http_/.test(entry.value) };
  }
  if (list.partial) return { state: "unknown" };
  if (proxy.kind === "proxy" && name.toLowerCase() === "host") return { state: "default", value: "$proxy_host" };
  if (proxy.kind === "proxy" && name.toLowerCase() === "connection") return { state: "default", value: "close" };
  return { state: "passthrough" };
}

/**
 * The URL prefixes of Django's static or media files, without a trailing
 * slash: `/static` or `/media` (the conventional values), plus STATIC_URL /
 * MEDIA_URL of the production settings when they are known local paths.
 */
export function djangoFilePrefixes(model: Pick<ProjectModel, "settings">, kind: "static" | "media"): string[] {
  const out = new Set([`/${kind}`]);
  for (const view of model.settings.productionSettings) {
    const v = view.value(kind === "static" ? "STATIC_URL" : "MEDIA_URL").val.v;
    if (v.kind !== "str" || /^[a-z]+:\/\//i.test(v.value) || v.value.startsWith("//")) continue;
    const path = `/${v.value.replace(/^\/+|\/+$/g, "")}`;
    if (path !== "/") out.add(path);
  }
  return [...out];
}

/** A prefix location (no modifier or `^~`) whose path is one of `prefixes`, with or without its trailing slash. */
export function isPrefixLocationFor(location: NginxLocation, prefixes: string[]): boolean {
  if (location.modifier !== "" && location.modifier !== "^~") return false;
  const path = location.path.replace(/\/+$/, "");
  return prefixes.includes(path);
}
