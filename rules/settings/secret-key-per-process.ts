import { defineRule } from "../../src/engine/types.js";
import { processFacts, where } from "../../src/model/settings/query.js";

export default defineRule({
  code: "DJ216",
  name: "secret-key-per-process",
  area: "settings",
  severity: "error",
  tags: ["reliability", "security"],
  messages: {
    workers: "SECRET_KEY is generated at import by {call}{when}, and the app server runs {count} workers without --preload ({where}): each worker signs with its own key, so sessions and CSRF tokens fail at random.",
    replicas: "SECRET_KEY is generated at import by {call}{when}, and the deployment runs {count} replicas ({where}): each replica signs with its own key, so sessions and CSRF tokens fail whenever a request lands elsewhere.",
    restart: "SECRET_KEY is generated at import by {call}{when}: every restart and every deploy changes the key, logging everyone out and invalidating password-reset links and signed data.",
  },
  docs: {
    summary: "SECRET_KEY is generated when the settings are imported (get_random_secret_key(), secrets.token_*, random).",
    why:
      "A key generated at import lives as long as the process. Every restart, deploy, autoscaling event or worker recycle (gunicorn max_requests) produces a new one: all sessions end, password-reset and email-confirmation links stop working, signed cookies and messages fail. With several workers or replicas each process has a different key at the same time, so a user's session works on one request and not the next. It avoids a hard-coded key, but trades it for breakage.",
    fix: "Generate the key once, store it in the secret store or environment, and read it: `SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]`. For throwaway review apps, derive it from a stable per-environment secret instead of the process.",
    bad: [{ path: "config/settings/production.py", code: "from django.core.management.utils import get_random_secret_key\n\nDEBUG = False\nSECRET_KEY = get_random_secret_key()\n" }],
    good: [{ path: "config/settings/production.py", code: 'import os\n\nDEBUG = False\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n' }],
    limits: "Always fires on a generated key (any restart breaks sessions); the message names the worker or replica count when the deployment makes it worse. A generated default of an env read counts when the deployment does not set the variable.",
    references: [{ title: "Settings: SECRET_KEY", url: "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key" }],
    equivalents: [],
  },
  check({ model, report }) {
    type Input = Parameters<typeof report>[0];
    const rank: Record<string, number> = { workers: 3, replicas: 2, restart: 1 };
    const best = new Map<string, Input>();
    for (const view of model.settings.productionSettings) {
      const b = view.assigned("SECRET_KEY");
      if (!b || !b.val.generated) continue;
      const call = b.val.generated;
      const unset = b.val.deps.filter((d) => d.state === "unset").map((d) => d.name);
      const when = unset.length > 0 ? ` when ${unset.join(" and ")} ${unset.length > 1 ? "are" : "is"} unset` : "";
      const facts = processFacts(model, view);
      const input: Input =
        facts.workers && !facts.workers.preload
          ? { messageId: "workers", data: { call, when, count: facts.workers.count, where: where(facts.workers.span) }, span: b.at }
          : facts.replicas
            ? { messageId: "replicas", data: { call, when, count: facts.replicas.count, where: where(facts.replicas.span) }, span: b.at }
            : { messageId: "restart", data: { call, when }, span: b.at };
      const key = `${b.at.file}:${b.at.line}:${b.at.column}`;
      const seen = best.get(key);
      if (!seen || rank[input.messageId]! > rank[seen.messageId]!) best.set(key, input);
    }
    for (const input of best.values()) report(input);
  },
});
