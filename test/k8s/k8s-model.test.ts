import { describe, expect, test } from "vitest";
import { auditFiles } from "../compose/helpers.js";

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  template:
    spec:
      securityContext:
        runAsNonRoot: true
        runAsUser: 1000
      containers:
        - name: web
          image: registry.example.com/shop:1.0
          command: ["gunicorn"]
          args: ["config.wsgi", "--bind", "0.0.0.0:$(PORT)"]
          env:
            - name: DJANGO_SETTINGS_MODULE
              value: config.settings.production
            - name: DJANGO_SECRET_KEY
              valueFrom:
                secretKeyRef: {name: web, key: secret-key}
          readinessProbe:
            httpGet: {path: /healthz, port: 8000}
          securityContext:
            runAsUser: 2000
          resources:
            requests: {cpu: 100m}
            limits: {memory: 256Mi}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: cleanup
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: cleanup
              image: registry.example.com/shop:1.0
              command: ["python", "manage.py", "clearsessions"]
              envFrom:
                - secretRef: {name: web}
`;

describe("kubernetes model", () => {
  test("workloads of a multi-document file, pod template paths per kind", async () => {
    const { model } = await auditFiles({ "k8s/app.yaml": deployment });
    const k = model.k8s;
    expect(k.workloads.map((w) => [w.kind, w.name, w.span.line, w.replicas, w.longRunning])).toEqual([
      ["Deployment", "web", 2, 3, true],
      ["CronJob", "cleanup", 32, null, false],
    ]);
    expect(k.workloads[1]!.containers.map((c) => c.name)).toEqual(["cleanup"]);
  });

  test("containers: command/args, env and references, probes, security context, resources", async () => {
    const { model } = await auditFiles({ "k8s/app.yaml": deployment });
    const web = model.k8s.workloads[0]!.containers[0]!;
    expect(web.span).toMatchObject({ line: 13, column: 11 });
    expect(web.command?.map((w) => w.text)).toEqual(["gunicorn"]);
    expect(web.args?.map((w) => w.text)).toEqual(["config.wsgi", "--bind", null]);
    expect(web.env.map((e) => [e.name, e.value, e.literal, e.ref, e.span.line])).toEqual([
      ["DJANGO_SETTINGS_MODULE", "config.settings.production", true, null, 18],
      ["DJANGO_SECRET_KEY", null, false, "secretKeyRef", 20],
    ]);
    expect(web.probes.map((p) => [p.kind, p.path, p.port, p.scheme, p.hostHeader])).toEqual([["readiness", "/healthz", "8000", "HTTP", null]]);
    expect(web.runAsNonRoot).toMatchObject({ value: true, span: { line: 10 } });
    expect(web.runAsUser).toMatchObject({ value: 2000, span: { line: 26 } });
    expect(web.resources.memoryLimit?.line).toBe(29);
    expect(web.resources.cpuRequest?.line).toBe(28);
    expect(web.web).toBe(true);
    expect(web.main).toMatchObject({ origin: "k8s", argv: [{ text: "gunicorn" }, { text: "config.wsgi" }, { text: "--bind" }, { text: null }] });
  });

  test("targets: env sources, settings module, completeness, replicas, run-as user", async () => {
    const { model } = await auditFiles({ "k8s/app.yaml": deployment });
    const targets = model.targets.filter((t) => t.kind === "k8s");
    expect(targets.map((t) => t.id)).toEqual(["k8s:k8s/app.yaml:Deployment/web/web", "k8s:k8s/app.yaml:CronJob/cleanup/cleanup"]);
    const [web, cleanup] = targets;
    expect(web).toMatchObject({ settingsModule: { name: "config.settings.production" }, envComplete: true, replicas: 3, production: true, runAsUser: { name: "2000" } });
    expect(cleanup).toMatchObject({ envComplete: false, settingsModule: null });
    expect(cleanup!.main?.argv.map((w) => w.text)).toEqual(["python", "manage.py", "clearsessions"]);
  });

  test("a ConfigMap in the repo gives its data to envFrom (with prefix) and configMapKeyRef; a name two overlays share stays Unknown", async () => {
    const configMap = (name: string, data: string): string => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${data}`;
    const { model } = await auditFiles({
      "k8s/config.yaml": configMap("web-config", '  WEB_CONCURRENCY: "4"\n  DEBUG: "0"\n'),
      "k8s/base/shared.yaml": configMap("shared", "  REGION: eu\n"),
      "k8s/prod/shared.yaml": configMap("shared", "  REGION: us\n"),
      "k8s/app.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/shop:1.0
          command: ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]
          envFrom:
            - configMapRef: {name: web-config}
            - prefix: APP_
              configMapRef: {name: web-config}
          env:
            - name: LOG_LEVEL_DEBUG
              valueFrom:
                configMapKeyRef: {name: web-config, key: DEBUG}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: registry.example.com/shop:1.0
          command: ["celery", "-A", "config", "worker"]
          envFrom:
            - configMapRef: {name: shared}
`,
    });
    const [web, worker] = model.targets.filter((t) => t.kind === "k8s");
    expect(web!.envComplete).toBe(true);
    expect(web!.env.map((s) => [s.file, s.committed, s.entries.map((e) => `${e.name}=${e.value}`).join(" ")])).toEqual([
      ["k8s/config.yaml", true, "WEB_CONCURRENCY=4 DEBUG=0"],
      ["k8s/config.yaml", true, "APP_WEB_CONCURRENCY=4 APP_DEBUG=0"],
      ["k8s/app.yaml", true, "LOG_LEVEL_DEBUG=0"],
    ]);
    expect(web!.env[0]!.entries[0]!.span).toMatchObject({ file: "k8s/config.yaml", line: 6 });
    expect(model.k8s.workloads[0]!.containers[0]!.env[0]).toMatchObject({ value: null, literal: false, ref: "configMapKeyRef" });
    expect(worker!.envComplete).toBe(false);
    expect(worker!.env.map((s) => [s.committed, s.entries.length])).toEqual([[false, 0]]);
  });

  test("an Ingress with tls terminates TLS in front", async () => {
    const { model } = await auditFiles({
      "k8s/ingress.yaml":
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  tls:\n    - hosts: [shop.example.com]\n      secretName: tls\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            backend:\n              service: {name: web, port: {number: 80}}\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: plain\nspec:\n  tls: []\n",
    });
    expect(model.k8s.ingresses.map((i) => [i.name, i.tls?.line ?? null, i.hosts, i.services])).toEqual([
      ["web", 6, ["shop.example.com"], ["web"]],
      ["plain", null, [], []],
    ]);
  });

  test("Helm templates are skipped with a note, not parsed", async () => {
    const { model, findings } = await auditFiles({
      "chart/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.1.0\n",
      "chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n",
      "chart/manifests/extra.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-extra\n",
    });
    expect(model.k8s.workloads).toEqual([]);
    expect(model.skipped.filter((s) => /Helm/.test(s.reason)).map((s) => s.path).sort()).toEqual(["chart/manifests/extra.yaml", "chart/templates/deployment.yaml"]);
    expect(findings.filter((f) => f.code === "PX001")).toEqual([]);
  });

  test("manifests under a dev path are not production", async () => {
    const { model } = await auditFiles({ "k8s/overlays/dev/web.yaml": deployment, "k8s/overlays/staging/web.yaml": deployment });
    expect(model.k8s.workloads.map((w) => [w.file, w.production])).toEqual([
      ["k8s/overlays/dev/web.yaml", false],
      ["k8s/overlays/dev/web.yaml", false],
      ["k8s/overlays/staging/web.yaml", true],
      ["k8s/overlays/staging/web.yaml", true],
    ]);
  });

  test("the repository's only app image is what a container runs; datastores are not linked", async () => {
    const { model } = await auditFiles({
      "Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV DJANGO_SETTINGS_MODULE=config.settings.production\nCMD [\"gunicorn\", \"config.wsgi:application\", \"--bind\", \"0.0.0.0:8000\"]\n",
      "k8s/web.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/shop:1.0\n        - name: cache\n          image: redis:7.2\n          ports: [{containerPort: 6379}]\n",
    });
    const [web, cache] = model.k8s.workloads[0]!.containers;
    expect(web!.dockerfile).toBe("Dockerfile");
    expect(web!.main?.argv[0]?.text).toBe("gunicorn");
    expect(web!.web).toBe(true);
    expect(web!.target?.settingsModule?.name).toBe("config.settings.production");
    expect(cache!.dockerfile).toBeNull();
    expect(cache!.web).toBe(false);
    expect(model.k8s.usedDockerfiles).toEqual(["Dockerfile"]);
  });

  test("a broken document gives PX001 at the error; the documents before it still count", async () => {
    const { findings } = await auditFiles({
      "k8s/app.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: shop:1.0\n          env:\n            - name: API_TOKEN\n              value: tok_live_123456\n---\nkind: Service\nmetadata:\n  labels: [a, b\nspec: {}\n",
    });
    expect(findings.filter((f) => f.code === "PX001" || f.code === "K8104").map((f) => `${f.span.line}:${f.span.column} ${f.code}`)).toEqual(["12:15 K8104", "17:11 PX001"]);
  });
});

describe("which image a container runs", () => {
  test("two custom image repositories in the manifests: ambiguous, nothing is linked", async () => {
    const { model } = await auditFiles({
      "Dockerfile": "FROM python:3.12-slim\nCMD [\"gunicorn\", \"config.wsgi:application\"]\n",
      "k8s/web.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/shop:1.0\n        - name: grafana\n          image: grafana/grafana:10.4.0\n",
    });
    expect(model.k8s.workloads[0]!.containers.map((c) => [c.name, c.dockerfile, c.main])).toEqual([
      ["web", null, null],
      ["grafana", null, null],
    ]);
    expect(model.k8s.usedDockerfiles).toEqual([]);
  });
});

describe("probes", () => {
  test("httpGet path (default /), port, scheme, Host header; exec probes have none", async () => {
    const { model } = await auditFiles({
      "k8s/web.yaml":
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: shop:1\n          livenessProbe:\n            httpGet:\n              port: http\n              scheme: HTTPS\n              httpHeaders:\n                - name: Host\n                  value: shop.example.com\n          startupProbe:\n            exec:\n              command: [\"true\"]\n",
    });
    const c = model.k8s.workloads[0]!.containers[0]!;
    expect(c.probes.map((p) => [p.kind, p.path, p.port, p.scheme, p.hostHeader, p.span.line])).toEqual([
      ["liveness", "/", "http", "HTTPS", "shop.example.com", 11],
      ["startup", null, null, null, null, 18],
    ]);
  });
});
