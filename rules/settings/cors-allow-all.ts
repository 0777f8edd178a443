import { defineRule } from "../../src/engine/types.js";
import { oncePerSpan, origin } from "../../src/model/settings/query.js";
import { truthy } from "../../src/model/settings/values.js";

export default defineRule({
  code: "DJ120",
  name: "cors-allow-all",
  area: "settings",
  severity: "warning",
  tags: ["security"],
  messages: {
    allowAll: "{setting} is True {origin}: any website can read this API's responses from a visitor's browser.",
    withCredentials: "{setting} is True together with CORS_ALLOW_CREDENTIALS: any website can make authenticated requests as the visitor and read the answers.",
  },
  docs: {
    summary: "django-cors-headers allows every origin (CORS_ALLOW_ALL_ORIGINS / CORS_ORIGIN_ALLOW_ALL).",
    why:
      "CORS decides which other websites may read your responses from a user's browser. Allowing all origins lets any page the user visits call your API and read the result; with CORS_ALLOW_CREDENTIALS also on, those calls carry the user's cookies, so a malicious page reads their private data or acts as them — the same-origin policy is switched off for your site.",
    fix:
      "List the front-end origins: `CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]` (or `CORS_ALLOWED_ORIGIN_REGEXES` for preview deployments). A genuinely public, unauthenticated API can allow all origins, but then never with credentials.",
    bad: [{ path: "config/settings/production.py", code: "DEBUG = False\nCORS_ALLOW_ALL_ORIGINS = True\n" }],
    good: [{ path: "config/settings/production.py", code: 'DEBUG = False\nCORS_ALLOWED_ORIGINS = ["https://app.example.com"]\n' }],
    limits: "Reports as an error when CORS_ALLOW_CREDENTIALS is also truthy. Silent when the settings cannot be evaluated.",
    references: [{ title: "django-cors-headers: configuration", url: "https://github.com/adamchainz/django-cors-headers#configuration" }],
    equivalents: [],
  },
  check({ model, report }) {
    const once = oncePerSpan(report);
    for (const view of model.settings.productionSettings) {
      const credentials = view.assigned("CORS_ALLOW_CREDENTIALS");
      const withCredentials = credentials !== undefined && truthy(credentials.val) === true;
      for (const name of ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"]) {
        const b = view.assigned(name);
        if (!b || truthy(b.val) !== true) continue;
        const setting = { name, val: b.val, at: b.at };
        if (withCredentials) once({ messageId: "withCredentials", data: { setting: name }, span: b.at, severity: "error" });
        else once({ messageId: "allowAll", data: { setting: name, origin: origin(setting) }, span: b.at });
      }
    }
  },
});
