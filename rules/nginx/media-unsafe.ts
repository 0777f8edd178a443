import { defineRule } from "../../src/engine/types.js";
import { at, djangoFilePrefixes, findHeader, isPrefixLocationFor, type NginxLocation } from "../../src/model/nginx.js";

const SCRIPT_NAMES = ["upload.php", "upload.phtml", "upload.php5", "upload.py", "upload.cgi", "upload.pl"];

/** A regex location of the same server that runs matching files through an interpreter and wins over this prefix location. */
function interpreterFor(location: NginxLocation): { location: NginxLocation; via: string } | null {
  if (location.modifier === "^~") return null;
  for (const proxy of location.server.proxies) {
    const l = proxy.location;
    if (!l || (l.modifier !== "~" && l.modifier !== "~*") || !["fastcgi", "scgi", "uwsgi"].includes(proxy.kind)) continue;
    let re: RegExp;
    try {
      re = new RegExp(l.path, l.modifier === "~*" ? "i" : "");
    } catch {
      continue;
    }
    const base = location.path.endsWith("/") ? location.path : `${location.path}/`;
    if (SCRIPT_NAMES.some((n) => re.test(`${base}${n}`))) return { location: l, via: proxy.directive.name };
  }
  return null;
}

export default defineRule({
  code: "NX114",
  name: "media-unsafe",
  area: "nginx",
  severity: "warning",
  tags: ["security"],
  messages: {
    nosniff:
      "location {path} serves user uploads without X-Content-Type-Options: nosniff: a browser may sniff an uploaded file as HTML or JavaScript and run it in the site's origin (stored XSS that steals sessions).",
    interpreter:
      "location {path} serves user uploads, but the regex location at {regex} wins for matching names and hands them to {via}: an uploaded script is executed on the server.",
  },
  docs: {
    summary: "The media (user upload) location serves files without `X-Content-Type-Options: nosniff`, or lets a regex location pass them to an interpreter.",
    why:
      "Files under MEDIA_ROOT come from users. nginx serves them directly, so Django's SecurityMiddleware (which adds nosniff to Django's own responses) never sees them. Without nosniff, browsers may sniff a `.jpg` or `.txt` that contains HTML and render it as a page of your site: a profile picture becomes stored XSS with access to session cookies and CSRF tokens. Worse, nginx checks regex locations before using a prefix match, so a server-wide `location ~ \\.php$ { fastcgi_pass … }` takes `/media/avatar.php` away from the media location and executes the upload.",
    fix:
      "`location /media/ { alias /srv/app/media/; add_header X-Content-Type-Options nosniff; }` — add `add_header Content-Disposition attachment;` for uploads that should download rather than display, or serve them from a separate domain. Use `location ^~ /media/` so no regex location can take its requests.",
    bad: [{ path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location /media/ {\n        alias /srv/shop/media/;\n    }\n}\n" }],
    good: [
      { path: "deploy/nginx/site.conf", code: "server {\n    listen 80;\n    server_name shop.example.com;\n\n    location ^~ /media/ {\n        alias /srv/shop/media/;\n        add_header X-Content-Type-Options nosniff;\n    }\n}\n" },
    ],
    limits: "The media location is a prefix location for /media or the production settings' MEDIA_URL that serves files from disk. Headers inherited from the server or http level count. Silent when an include the model cannot read could set them.",
    references: [
      { title: "Django: User-uploaded content", url: "https://docs.djangoproject.com/en/stable/topics/security/#user-uploaded-content-security" },
      { title: "MDN: X-Content-Type-Options", url: "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options" },
      { title: "nginx: location matching order", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#location" },
    ],
    equivalents: [],
  },
  check({ model, report }) {
    const prefixes = djangoFilePrefixes(model, "media");
    for (const server of model.nginx.servers) {
      if (!server.config.production) continue;
      for (const location of server.locations) {
        if (!isPrefixLocationFor(location, prefixes) || !location.servesFiles) continue;
        const interp = interpreterFor(location);
        if (interp) {
          report({
            messageId: "interpreter",
            data: { path: location.path, regex: at(interp.location.directive.nameSpan), via: interp.via },
            span: location.directive.nameSpan,
            related: [{ span: interp.location.directive.nameSpan, message: "this regex location takes matching uploads" }],
          });
          continue;
        }
        const headers = location.addHeaders;
        if (headers.state === "unknown" || headers.partial) continue;
        const nosniff = findHeader(headers, "X-Content-Type-Options");
        if (nosniff && (nosniff.unknown || nosniff.value.toLowerCase() === "nosniff")) continue;
        report({ messageId: "nosniff", data: { path: location.path }, span: location.directive.nameSpan });
      }
    }
  },
});
