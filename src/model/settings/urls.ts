/**
 * Routes in urls.py that serve files through `django.views.static.serve`
 * directly (not through `static()` / `staticfiles_urlpatterns()`, which
 * return nothing when DEBUG is False), and whether an `if settings.DEBUG:`
 * guard encloses them.
 */
import type { SourceFile } from "../../discover/types.js";
import type { Span } from "../../parse/span.js";
import { namedChildren, type PyNode } from "../../parse/python.js";

export interface ServeRoute {
  /** The route call, e.g. `re_path(r"^media/(?P<path>.*)$", serve, …)`. */
  span: Span;
  /** The view as written. */
  view: string;
  /** Inside an `if settings.DEBUG:` (or `if DEBUG:`) block. */
  debugGuarded: boolean;
}

const ROUTE_FUNCTIONS = new Set(["path", "re_path", "url"]);

export function serveRoutes(file: SourceFile, root: PyNode): ServeRoute[] {
  const serveNames = new Set<string>();
  const staticModules = new Set<string>();
  for (const stmt of namedChildren(root)) {
    if (stmt.type !== "import_from_statement") continue;
    const mod = stmt.childForFieldName("module_name")?.text;
    for (const n of stmt.childrenForFieldName("name")) {
      if (!n) continue;
      const name = n.type === "aliased_import" ? n.childForFieldName("name")?.text : n.text;
      const alias = n.type === "aliased_import" ? n.childForFieldName("alias")?.text : n.text;
      if (!name || !alias) continue;
      if (mod === "django.views.static" && name === "serve") serveNames.add(alias);
      if (mod === "django.views" && name === "static") staticModules.add(alias);
    }
  }
  const isServe = (node: PyNode): boolean => {
    if (node.type === "identifier") return serveNames.has(node.text);
    if (node.type === "attribute") {
      const obj = node.childForFieldName("object")?.text ?? "";
      return node.childForFieldName("attribute")?.text === "serve" && (staticModules.has(obj) || obj === "django.views.static");
    }
    return false;
  };
  const out: ServeRoute[] = [];
  const visit = (node: PyNode, guarded: boolean): void => {
    if (node.type === "if_statement") {
      const cond = node.childForFieldName("condition");
      const debug = cond !== null && /^(settings\.)?DEBUG$/.test(cond.text.trim());
      const body = node.childForFieldName("consequence");
      if (body) visit(body, guarded || debug);
      for (const alt of node.childrenForFieldName("alternative")) if (alt) visit(alt, guarded);
      return;
    }
    if (node.type === "call") {
      const fn = node.childForFieldName("function");
      const args = node.childForFieldName("arguments");
      const positional = args ? namedChildren(args).filter((a) => a.type !== "keyword_argument") : [];
      const viewArg = positional[1] ?? (args ? namedChildren(args).find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "view")?.childForFieldName("value") : undefined);
      if (fn && ROUTE_FUNCTIONS.has(fn.text.split(".").pop() ?? "") && viewArg && isServe(viewArg)) {
        out.push({ span: file.lines.span(node.startIndex, node.endIndex), view: viewArg.text, debugGuarded: guarded });
        return;
      }
    }
    for (const c of namedChildren(node)) visit(c, guarded);
  };
  visit(root, false);
  return out;
}
