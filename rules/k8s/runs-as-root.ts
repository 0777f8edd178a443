import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "K8102",
  name: "runs-as-root",
  area: "k8s",
  severity: "warning",
  tags: ["security"],
  messages: {
    unset: "Container {container} of {workload} sets neither runAsNonRoot: true nor a non-zero runAsUser (container or pod securityContext): it runs as whatever user the image says, root for most images, so a code-execution bug in the app is root in the container.",
    root: "Container {container} of {workload} is set to run as root ({setting}): a code-execution bug in the app is root in the container, one kernel or runtime bug away from the node.",
  },
  docs: {
    summary: "A workload container neither requires a non-root user (`runAsNonRoot: true`) nor sets a non-zero `runAsUser`, at container or pod level.",
    why:
      "Root in a container is root on the node's kernel: container escapes (runc CVE-2019-5736, Dirty Pipe, leaky vessels) need root inside first, and a root process can read every mounted secret and service-account token and write anywhere in the image filesystem. Kubernetes only enforces a non-root user when told to: without `runAsNonRoot: true` an image whose USER is root — or a later image build that drops the USER line — starts as root without any warning.",
    fix:
      "Require a non-root user in the pod template and give the image one:\n\n```yaml\nspec:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001\n    fsGroup: 10001\n  containers:\n    - name: web\n      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n```\n\nWith `runAsNonRoot: true` alone the kubelet refuses to start an image whose USER is root or non-numeric; set a numeric USER in the Dockerfile (`USER 10001`) or a runAsUser.",
    bad: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n",
      },
    ],
    good: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n",
      },
    ],
    limits:
      "Judged on the manifests only: a non-root USER in the image does not silence it, because nothing in the manifest enforces it. Init containers are not judged. Manifests under dev/local/test paths and Helm templates are not judged. A container without `image` is a patch fragment (kustomize) and is not judged.",
    references: [
      { title: "Kubernetes: configure a security context for a pod or container", url: "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/" },
      { title: "Kubernetes: pod security standards (restricted)", url: "https://kubernetes.io/docs/concepts/security/pod-security-standards/" },
    ],
    equivalents: ["kube-linter: run-as-non-root", "kube-score: container-security-context-user-group-id"],
  },
  check({ model, report }) {
    for (const w of model.k8s.workloads) {
      if (!w.production) continue;
      for (const c of w.containers) {
        if (c.image === null) continue;
        const user = c.runAsUser;
        const workload = `${w.kind} ${w.name}`;
        if (user?.value === 0) {
          report({ messageId: "root", data: { container: c.name, workload, setting: "runAsUser: 0" }, span: user.span });
          continue;
        }
        if ((user && (user.value === null || user.value > 0)) || c.runAsNonRoot?.value === true) continue;
        report({ messageId: "unset", data: { container: c.name, workload }, span: c.span });
      }
    }
  },
});
