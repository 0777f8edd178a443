import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "K8103",
  name: "resources-missing",
  area: "k8s",
  severity: "info",
  tags: ["reliability", "performance"],
  messages: {
    missing: "Container {container} of {workload} has {missing}: {consequence}",
  },
  docs: {
    summary: "A workload container has no memory limit or no CPU request.",
    why:
      "Without a CPU request the scheduler treats the pod as free: nodes get overpacked, and under load gunicorn workers are starved of CPU and time out (worker timeouts, 502s) exactly when traffic peaks. Without a memory limit a leaking worker, or a request that loads a whole queryset into memory, grows until the node runs out of memory, and the kernel OOM-kills whatever it picks on that node — possibly the database or another team's pods — instead of just the offending container.",
    fix:
      "Set both, sized from observed usage (e.g. `kubectl top pod`), with the memory limit covering workers × per-worker peak:\n\n```yaml\nresources:\n  requests:\n    cpu: 250m\n    memory: 256Mi\n  limits:\n    memory: 512Mi\n```\n\nA CPU limit is optional (it throttles); a memory limit is what contains a leak.",
    bad: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n",
      },
    ],
    good: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          resources:\n            requests:\n              cpu: 250m\n            limits:\n              memory: 512Mi\n",
      },
    ],
    limits: "A LimitRange in the namespace can supply defaults; it is not read (it is often applied outside the repository). Init containers, manifests under dev/local/test paths and Helm templates are not judged. A container without `image` is a patch fragment (kustomize) and is not judged.",
    references: [
      { title: "Kubernetes: resource management for pods and containers", url: "https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/" },
      { title: "Kubernetes: configure default memory requests and limits (LimitRange)", url: "https://kubernetes.io/docs/tasks/administer-cluster/manage-resources/memory-default-namespace/" },
    ],
    equivalents: ["kube-score: container-resources", "kube-linter: unset-cpu-requirements, unset-memory-requirements"],
  },
  check({ model, report }) {
    for (const w of model.k8s.workloads) {
      if (!w.production) continue;
      for (const c of w.containers) {
        if (c.image === null) continue;
        const noMemory = c.resources.memoryLimit === null;
        const noCpu = c.resources.cpuRequest === null;
        if (!noMemory && !noCpu) continue;
        const missing = noMemory && noCpu ? "no memory limit and no CPU request" : noMemory ? "no memory limit" : "no CPU request";
        const consequence = noMemory
          ? "a leaking or oversized worker can take the whole node's memory, and the OOM killer then picks its victim among every pod on the node."
          : "the scheduler counts it as free, so nodes get overpacked and its workers are starved of CPU under load.";
        report({ messageId: "missing", data: { container: c.name, workload: `${w.kind} ${w.name}`, missing, consequence }, span: c.resources.span ?? c.span });
      }
    }
  },
});
