import { defineRule } from "../../src/engine/types.js";
import { literalSecret } from "../../src/model/compose.js";

export default defineRule({
  code: "K8104",
  name: "secret-literal-in-env",
  area: "k8s",
  severity: "error",
  tags: ["security"],
  messages: {
    literal:
      "{name} of container {container} ({workload}) is a literal {what} in the manifest: it is in git, in every `kubectl get -o yaml` and in the Deployment's revision history, readable by anyone with read access to the namespace.",
  },
  docs: {
    summary: "A secret-like variable (`*_PASSWORD`, `*_SECRET_KEY`, `*_TOKEN`…) or a URL with a password has a literal `env[].value` in a workload.",
    why:
      "Pod specs are not secret: the value is committed to the repository, stored unencrypted in the workload object, shown by `kubectl describe`, and kept in every ReplicaSet revision. RBAC that lets a developer read Deployments — far more common than read access to Secrets — hands them the production database password or the DJANGO_SECRET_KEY that signs sessions and password-reset links.",
    fix:
      "Store the value in a Secret (created outside the repository, or with Sealed Secrets / External Secrets / SOPS) and reference it:\n\n```yaml\nenv:\n  - name: DJANGO_SECRET_KEY\n    valueFrom:\n      secretKeyRef:\n        name: web-secrets\n        key: secret-key\n```\n\nor load all keys with `envFrom: [{secretRef: {name: web-secrets}}]`. Then rotate the leaked value.",
    bad: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          env:\n            - name: DJANGO_SECRET_KEY\n              value: k2#9vH!q8Lr3zX0pWm7uT1yB5nC4sD6eF\n",
      },
    ],
    good: [
      {
        path: "k8s/deployment.yaml",
        code: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/web:1.0\n          env:\n            - name: DJANGO_SECRET_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: web-secrets\n                  key: secret-key\n",
      },
    ],
    limits:
      "References (secretKeyRef, configMapKeyRef, fieldRef), `$(VAR)` expansions, empty values and `*_FILE` names are not literals. A literal in a ConfigMap is not judged. Manifests under dev/local/test paths and Helm templates are not judged.",
    references: [
      { title: "Kubernetes: using Secrets as environment variables", url: "https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables" },
      { title: "Kubernetes: good practices for Secrets", url: "https://kubernetes.io/docs/concepts/security/secrets-good-practices/" },
    ],
    equivalents: ["kube-linter: env-var-secret"],
  },
  check({ model, report }) {
    for (const w of model.k8s.workloads) {
      if (!w.production) continue;
      for (const c of w.containers) {
        for (const e of c.env) {
          const what = e.ref === null ? literalSecret(e) : null;
          if (what) report({ messageId: "literal", data: { name: e.name, container: c.name, workload: `${w.kind} ${w.name}`, what }, span: e.span });
        }
      }
    }
  },
});
