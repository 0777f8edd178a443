import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "K8101",
  name: "probes-missing",
  area: "k8s",
  severity: "warning",
  tags: ["reliability"],
  messages: {
    both: "Web container {container} of {workload} has neither a readinessProbe nor a livenessProbe: pods get traffic before Django can answer, and a hung worker is never restarted.",
    readiness: "Web container {container} of {workload} has no readinessProbe: during every rollout and restart the Service sends requests to pods before Django can answer them, and users get 502s.",
    liveness: "Web container {container} of {workload} has no livenessProbe: a deadlocked or wedged app server keeps its pod in rotation, failing requests until someone deletes the pod.",
  },
  docs: {
    summary: "A web container of a Deployment, StatefulSet or DaemonSet lacks a readinessProbe or a livenessProbe.",
    why:
      "Without a readinessProbe a pod is Ready as soon as its process starts: a rolling update shifts traffic to gunicorn before it has imported Django and opened its socket, and old pods are killed before new ones serve — every deploy drops requests. Without a livenessProbe Kubernetes only notices a dead process, not a wedged one: all workers stuck on a lost database connection or a deadlock keep the pod in the Service, and a share of requests fails until a human intervenes.",
    fix:
      "Route a cheap, unauthenticated health view (e.g. `/healthz` returning 200 without touching slow dependencies) and probe it:\n\n```yaml\nreadinessProbe:\n  httpGet: {path: /healthz, port: 8000}\n  periodSeconds: 5\nlivenessProbe:\n  httpGet: {path: /healthz, port: 8000}\n  periodSeconds: 20\n  failureThreshold: 3\n```\n\nMake the liveness check lenient (no database query) so a database outage does not restart every pod at once; the host header of the probe must be in ALLOWED_HOSTS.",
    bad: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          command: [\"gunicorn\", \"config.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n",
      },
    ],
    good: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          command: [\"gunicorn\", \"config.wsgi\", \"--bind\", \"0.0.0.0:8000\"]\n          readinessProbe:\n            httpGet: {path: /healthz, port: 8000}\n          livenessProbe:\n            httpGet: {path: /healthz, port: 8000}\n",
      },
    ],
    limits:
      "A container is a web container when it runs an app server or runserver (through its command/args, or through the image of the repository's only app Dockerfile when the manifests name only one custom image repository), or declares a containerPort; datastore and proxy images, Jobs and CronJobs are not judged. Manifests under dev/local/test paths and Helm templates are not judged. A container without `image` is a patch fragment (kustomize) and is not judged.",
    references: [
      { title: "Kubernetes: configure liveness, readiness and startup probes", url: "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/" },
      { title: "Kubernetes: pod lifecycle — container probes", url: "https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes" },
    ],
    equivalents: ["kube-linter: no-readiness-probe, no-liveness-probe", "kube-score: container-probes"],
  },
  check({ model, report }) {
    for (const w of model.k8s.workloads) {
      if (!w.production || !w.longRunning) continue;
      for (const c of w.containers) {
        if (!c.web || c.image === null) continue;
        const readiness = c.probes.some((p) => p.kind === "readiness");
        const liveness = c.probes.some((p) => p.kind === "liveness");
        if (readiness && liveness) continue;
        const messageId = !readiness && !liveness ? "both" : !readiness ? "readiness" : "liveness";
        report({ messageId, data: { container: c.name, workload: `${w.kind} ${w.name}` }, span: c.span });
      }
    }
  },
});
