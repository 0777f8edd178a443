import { defineRule } from "../../src/engine/types.js";

export default defineRule({
  code: "DJ213",
  name: "static-serve-view",
  area: "settings",
  severity: "warning",
  tags: ["performance", "security"],
  messages: {
    route: "This route serves files with {view} outside an `if settings.DEBUG:` guard: in production, Python workers stream static or uploaded files, and a slow client ties one up per download.",
  },
  docs: {
    summary: "django.views.static.serve is routed directly, outside an `if settings.DEBUG` guard.",
    why:
      "`django.views.static.serve` is a development convenience: Django's docs call it \"grossly inefficient and probably insecure\". In production every file download occupies an app worker for its whole duration, so a few large or slow downloads exhaust the worker pool and the site stops answering; there is no caching, range or compression support, and it bypasses whatever access rules the web server would apply. `static()` and `staticfiles_urlpatterns()` return no routes when DEBUG is False; a direct route does not.",
    fix: "Serve static files with WhiteNoise or the web server (`location /static/ { alias /srv/app/static/; }`), and media from the web server or object storage. Keep development routes behind `if settings.DEBUG:` or use `+ static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)`.",
    bad: [
      {
        path: "config/urls.py",
        code: 'from django.conf import settings\nfrom django.urls import re_path\nfrom django.views.static import serve\n\nurlpatterns = [\n    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),\n]\n',
      },
    ],
    good: [
      {
        path: "config/urls.py",
        code: 'from django.conf import settings\nfrom django.urls import re_path\nfrom django.views.static import serve\n\nurlpatterns = []\n\nif settings.DEBUG:\n    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]\n',
      },
    ],
    limits: "Recognises `serve` imported from django.views.static (or `static.serve`) passed to path/re_path/url in urls.py files. A route behind another guard (a feature flag, a custom setting) is reported.",
    references: [{ title: "Serving files uploaded by a user during development", url: "https://docs.djangoproject.com/en/stable/howto/static-files/#serving-files-uploaded-by-a-user-during-development" }],
    equivalents: [],
  },
  check({ model, report }) {
    for (const route of model.settings.serveRoutes) {
      if (route.debugGuarded) continue;
      report({ messageId: "route", data: { view: route.view }, span: route.span });
    }
  },
});
