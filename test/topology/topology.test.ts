import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildModel } from "../../src/model/build.js";
import { discover } from "../../src/discover/walk.js";
import { loadConfig } from "../../src/config/load.js";
import { hstsInFront, httpsRedirectInFront, type FrontVerdict } from "../../src/model/topology.js";
import type { ProjectModel } from "../../src/model/types.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures", "rules");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function modelAt(root: string): Promise<ProjectModel> {
  const { files, skipped } = discover(root, {});
  return buildModel(root, files, skipped, loadConfig(root, undefined, { resolve: () => undefined, codes: [] }).config);
}

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** A project from files; `base` names a fixture case whose files come first. */
async function model(files: Record<string, string>, base?: string): Promise<ProjectModel> {
  const root = mkdtempSync(join(tmpdir(), "shipshape-topology-"));
  dirs.push(root);
  for (const [path, text] of Object.entries({ ...(base ? filesOf(join(FIXTURES, base)) : {}), ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return modelAt(root);
}

function verdicts(m: ProjectModel): { redirect: FrontVerdict; hsts: FrontVerdict } {
  const view = m.settings.productionSettings.find((v) => v.module === "config.settings.production");
  expect(view, "the production settings view").toBeDefined();
  return { redirect: httpsRedirectInFront(m, view!.targets), hsts: hstsInFront(m, view!.targets) };
}

function shape(v: FrontVerdict): string {
  return v.state === "yes" || v.state === "no" ? `${v.state} ${v.evidence.span.file}:${v.evidence.span.line}` : v.state;
}

const SITE_TLS = (extra: string, location = "") =>
  `server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    ssl_certificate /etc/ssl/shop.crt;\n    ssl_certificate_key /etc/ssl/shop.key;\n${extra}\n    location / {\n${location}        proxy_set_header X-Forwarded-Proto $scheme;\n        proxy_pass http://web:8000;\n    }\n}\n`;
const REDIRECT_80 = "server {\n    listen 80;\n    server_name shop.example.com;\n    return 301 https://$host$request_uri;\n}\n\n";

describe("the rule fixtures are silent or fire for the reason they name", () => {
  test.each([
    ["DJ113/good-nginx-redirect-systemd", "yes deploy/nginx/shop.conf:1", "yes deploy/nginx/shop.conf:12"],
    ["DJ113/good-nginx-redirect-compose", "yes nginx/site.conf:1", "no nginx/site.conf:7"],
    ["DJ113/bad-nginx-port-80-proxied", "no deploy/nginx/shop.conf:2", "yes deploy/nginx/shop.conf:8"],
    ["DJ113/good-fly-force-https", "yes fly.toml:12", "no fly.toml:8"],
    ["DJ113/good-ingress-tls", "yes k8s/ingress.yaml:7", "yes k8s/ingress.yaml:7"],
    ["DJ113/bad-heroku-router", "no Procfile:1", "no Procfile:1"],
    ["DJ111/good-nginx-hsts-compose", "yes nginx/site.conf:1", "yes nginx/site.conf:12"],
    ["DJ111/bad-location-drops-hsts", "yes nginx/site.conf:1", "no nginx/site.conf:16"],
    ["DJ111/good-unreadable-include", "yes nginx/site.conf:1", "unknown"],
    ["DJ111/bad-unset", "none", "none"],
  ])("%s: redirect %s, HSTS %s", async (fixture, redirect, hsts) => {
    const v = verdicts(await modelAt(join(FIXTURES, fixture)));
    expect({ redirect: shape(v.redirect), hsts: shape(v.hsts) }).toEqual({ redirect, hsts });
  });

  test("evidence is phrased for the finding and for the related location", async () => {
    const v = verdicts(await modelAt(join(FIXTURES, "DJ111/bad-location-drops-hsts")));
    expect(v.hsts.state === "no" && v.hsts.evidence).toMatchObject({
      message: "nginx in front (nginx/site.conf:16) drops the Strict-Transport-Security header set at nginx/site.conf:12 for the app's location (a location's own add_header replaces the inherited list)",
      related: "this add_header drops the Strict-Transport-Security header set at nginx/site.conf:12 for the app's location (a location's own add_header replaces the inherited list)",
    });
  });
});

describe("nginx", () => {
  const base = "DJ113/good-nginx-redirect-compose";

  test("an HSTS header with max-age=0 turns HSTS off; a map value is Unknown", async () => {
    const off = await model({ "nginx/site.conf": REDIRECT_80 + SITE_TLS('    add_header Strict-Transport-Security "max-age=0";') }, base);
    expect(shape(verdicts(off).hsts)).toBe("no nginx/site.conf:12");
    const mapped = await model(
      { "nginx/site.conf": 'map $host $hsts {\n    default "max-age=31536000";\n    staging.example.com "max-age=0";\n}\n' + REDIRECT_80 + SITE_TLS("    add_header Strict-Transport-Security $hsts always;") },
      base,
    );
    expect(shape(verdicts(mapped).hsts)).toBe("unknown");
  });

  test("a port-80 server that only answers ACME challenges and redirects the rest is no path to the app", async () => {
    const acme = "server {\n    listen 80;\n    server_name shop.example.com;\n    location /.well-known/acme-challenge/ {\n        root /var/www/certbot;\n    }\n    location / {\n        return 301 https://$host$request_uri;\n    }\n}\n\n";
    const m = await model({ "nginx/site.conf": acme + SITE_TLS('    add_header Strict-Transport-Security "max-age=31536000" always;') }, base);
    expect([shape(verdicts(m).redirect), shape(verdicts(m).hsts)]).toEqual(["yes nginx/site.conf:12", "yes nginx/site.conf:17"]);
  });

  test("behind a load balancer: an X-Forwarded-Proto guard in the app's location redirects", async () => {
    const conf = (guard: string) =>
      `server {\n    listen 5000;\n    location / {\n${guard}        proxy_pass http://web:8000;\n    }\n}\n`;
    const guarded = await model({ "nginx/site.conf": conf('        if ($http_x_forwarded_proto = "http") {\n            return 301 https://$host$request_uri;\n        }\n') }, base);
    expect(shape(verdicts(guarded).redirect)).toBe("yes nginx/site.conf:4");
    const unguarded = await model({ "nginx/site.conf": conf("") }, base);
    expect(shape(verdicts(unguarded).redirect)).toBe("no nginx/site.conf:1");
  });

  test("headers-more's more_set_headers counts", async () => {
    const m = await model({ "nginx/site.conf": REDIRECT_80 + SITE_TLS('    more_set_headers "Strict-Transport-Security: max-age=31536000";') }, base);
    expect(shape(verdicts(m).hsts)).toBe("yes nginx/site.conf:12");
  });

  test("the header added only in the app's own location counts", async () => {
    const m = await model({ "nginx/site.conf": REDIRECT_80 + SITE_TLS("", '        add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;\n') }, base);
    expect(shape(verdicts(m).hsts)).toBe("yes nginx/site.conf:14");
  });

  test("an `if ($scheme = http)` redirect in a server with both listeners counts", async () => {
    const conf =
      "server {\n    listen 80;\n    listen 443 ssl;\n    server_name shop.example.com;\n    if ($scheme = http) {\n        return 301 https://$host$request_uri;\n    }\n    location / {\n        proxy_pass http://web:8000;\n    }\n}\n";
    expect(shape(verdicts(await model({ "nginx/site.conf": conf }, base)).redirect)).toBe("yes nginx/site.conf:1");
  });

  test("a plain-HTTP-only nginx: behind an unseen TLS terminator (private listen) its own add_header counts; on a public VM browsers ignore HSTS over HTTP", async () => {
    const files = (listen: string, header = "") => ({
      "deploy/nginx/shop.conf": `server {\n    listen ${listen};\n    server_name shop.example.com;\n${header}    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n`,
    });
    const fixture = "DJ113/good-nginx-redirect-systemd";
    const hsts = '    add_header Strict-Transport-Security "max-age=31536000" always;\n';
    const behind = verdicts(await model(files("10.0.0.5:80"), fixture));
    expect([shape(behind.redirect), shape(behind.hsts)]).toEqual(["no deploy/nginx/shop.conf:1", "no deploy/nginx/shop.conf:1"]);
    expect(behind.hsts.state === "no" && behind.hsts.evidence.message).toBe("nginx in front (deploy/nginx/shop.conf:1) does not add Strict-Transport-Security");
    const behindWithHeader = verdicts(await model(files("10.0.0.5:80", hsts), fixture));
    expect(shape(behindWithHeader.hsts)).toBe("yes deploy/nginx/shop.conf:4");
    const publicVm = verdicts(await model(files("80", hsts), fixture));
    expect([shape(publicVm.redirect), shape(publicVm.hsts)]).toEqual(["no deploy/nginx/shop.conf:1", "no deploy/nginx/shop.conf:1"]);
    expect(publicVm.hsts.state === "no" && publicVm.hsts.evidence.message).toContain("serves the app over plain HTTP only");
  });

  test("a proxy for another service (Grafana) is not in front of the app", async () => {
    const m = await model(
      { "nginx/site.conf": REDIRECT_80 + SITE_TLS('    add_header Strict-Transport-Security "max-age=31536000" always;') + "server {\n    listen 80;\n    server_name grafana.example.com;\n    location / {\n        proxy_pass http://grafana:3000;\n    }\n}\n" },
      base,
    );
    expect(shape(verdicts(m).redirect)).toBe("yes nginx/site.conf:1");
  });
});

describe("platforms, Kubernetes and compose proxies", () => {
  test("fly.toml without force_https does not redirect; a fly.toml that names the HSTS header is Unknown", async () => {
    const fly = (extra: string) => readFileSync(join(FIXTURES, "DJ113/good-fly-force-https/fly.toml"), "utf8").replace("force_https = true\n", extra);
    const plain = verdicts(await model({ "fly.toml": fly("") }, "DJ113/good-fly-force-https"));
    expect(shape(plain.redirect)).toBe("no fly.toml:8");
    const headers = verdicts(
      await model({ "fly.toml": fly('force_https = true\n\n[http_service.http_options.response.headers]\nStrict-Transport-Security = "max-age=31536000"\n') }, "DJ113/good-fly-force-https"),
    );
    expect([shape(headers.redirect), shape(headers.hsts)]).toEqual(["yes fly.toml:12", "unknown"]);
    const services = readFileSync(join(FIXTURES, "DJ113/good-fly-force-https/fly.toml"), "utf8").replace(
      /\[http_service\][^]*$/,
      '[[services]]\ninternal_port = 8000\nprotocol = "tcp"\n\n[[services.ports]]\nport = 80\nhandlers = ["http"]\nforce_https = true\n',
    );
    expect(shape(verdicts(await model({ "fly.toml": services }, "DJ113/good-fly-force-https")).redirect)).toBe("unknown");
  });

  test("an Ingress without tls: may sit behind a load balancer that terminates TLS: Unknown", async () => {
    const ingress = readFileSync(join(FIXTURES, "DJ113/good-ingress-tls/k8s/ingress.yaml"), "utf8").replace(/  tls:\n(    .*\n)+/, "");
    const v = verdicts(await model({ "k8s/ingress.yaml": ingress }, "DJ113/good-ingress-tls"));
    expect([shape(v.redirect), shape(v.hsts)]).toEqual(["unknown", "unknown"]);
  });

  test("a Traefik service beside the app: its labels and config are not read, so Unknown", async () => {
    const compose =
      "services:\n  web:\n    build: .\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.production\n  traefik:\n    image: traefik:v3.1\n    ports:\n      - \"80:80\"\n      - \"443:443\"\n";
    const v = verdicts(await model({ "docker-compose.yml": compose, "nginx/site.conf": "" }, "DJ113/good-nginx-redirect-compose"));
    expect([shape(v.redirect), shape(v.hsts)]).toEqual(["unknown", "unknown"]);
  });

  test("an nginx service whose config is not in the repository is Unknown; one that mounts a repo config is judged through it", async () => {
    const base = "DJ113/good-nginx-redirect-compose";
    const compose = readFileSync(join(FIXTURES, base, "docker-compose.yml"), "utf8").replace("./nginx/site.conf:", "/srv/shop/nginx/site.conf:");
    const v = verdicts(await model({ "docker-compose.yml": compose, "nginx/site.conf": "" }, base));
    expect([shape(v.redirect), shape(v.hsts)]).toEqual(["unknown", "unknown"]);
    expect(shape(verdicts(await modelAt(join(FIXTURES, base))).redirect)).toBe("yes nginx/site.conf:1");
  });

  test("every web target of a settings module must be covered: one with no proxy in front decides like the settings alone", async () => {
    const base = "DJ113/good-nginx-redirect-compose";
    const compose = readFileSync(join(FIXTURES, base, "docker-compose.yml"), "utf8").replace(
      "  nginx:",
      '  api:\n    build: .\n    command: gunicorn config.wsgi:application --bind 0.0.0.0:9000\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.production\n    ports:\n      - "9000:9000"\n\n  nginx:',
    );
    const site = readFileSync(join(FIXTURES, base, "nginx/site.conf"), "utf8");
    const uncovered = await model({ "docker-compose.yml": compose }, base);
    const views = uncovered.settings.productionSettings.filter((v) => v.module === "config.settings.production");
    expect(views.flatMap((v) => v.targets.map((t) => t.id)).sort()).toEqual(["compose:docker-compose.yml:api", "compose:docker-compose.yml:web"]);
    expect(views.map((v) => shape(httpsRedirectInFront(uncovered, v.targets)))).toContain("none");
    const apiSite = site.replace("server_name shop.example.com;\n    ssl", "server_name api.example.com;\n    ssl").replace("http://web:8000", "http://api:9000");
    const covered = await model({ "docker-compose.yml": compose, "nginx/site.conf": site + "\n" + apiSite.replace(/^server \{[^}]*\}\n\n/, "") }, base);
    for (const v of covered.settings.productionSettings.filter((x) => x.module === "config.settings.production")) expect(shape(httpsRedirectInFront(covered, v.targets))).toMatch(/^yes /);
  });

  test("a worker's settings view is judged by the fronts of the project's web target", async () => {
    const compose = readFileSync(join(FIXTURES, "DJ113/good-nginx-redirect-compose/docker-compose.yml"), "utf8").replace(
      "  nginx:",
      "  worker:\n    build: .\n    command: celery -A config worker\n    environment:\n      DJANGO_SETTINGS_MODULE: config.settings.production\n      CELERY_CONCURRENCY: \"4\"\n\n  nginx:",
    );
    const m = await model({ "docker-compose.yml": compose }, "DJ113/good-nginx-redirect-compose");
    const views = m.settings.productionSettings.filter((v) => v.module === "config.settings.production");
    expect(views.length).toBeGreaterThan(0);
    for (const view of views) expect(shape(httpsRedirectInFront(m, view.targets))).toBe("yes nginx/site.conf:1");
  });
});
