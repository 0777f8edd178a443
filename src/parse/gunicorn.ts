/**
 * gunicorn config files (`gunicorn.conf.py`): the module-level assignments
 * gunicorn reads as settings. A literal (string, number, bool, None, a list
 * of strings) is known; anything else — a call, an expression, an assignment
 * under `if`/`try` — is "set, value Unknown".
 */
import type { SourceFile } from "../discover/types.js";
import type { Span } from "./span.js";
import type { ParseError } from "./types.js";
import { namedChildren, numberValue, parsePython, stringValue, type PyNode } from "./python.js";

export type GunicornValue = string | number | boolean | null | string[];

export interface GunicornAssignment {
  name: string;
  /** `known` false: set, but to something the model cannot evaluate. */
  known: boolean;
  value: GunicornValue;
  /** The whole assignment. */
  span: Span;
}

export async function parseGunicornConf(file: SourceFile): Promise<{ assignments: GunicornAssignment[]; errors: ParseError[] }> {
  const { root, errors } = await parsePython(file);
  const assignments: GunicornAssignment[] = [];
  const assignment = (a: PyNode, conditional: boolean): void => {
    const left = a.childForFieldName("left");
    const right = a.childForFieldName("right");
    if (!left || left.type !== "identifier") return;
    const value = a.type === "assignment" && right && !conditional ? literal(right) : undefined;
    assignments.push({
      name: left.text,
      known: value !== undefined,
      value: value === undefined ? null : value,
      span: file.lines.span(a.startIndex, a.endIndex),
    });
  };
  const visit = (node: PyNode, conditional: boolean): void => {
    for (const stmt of namedChildren(node)) {
      if (stmt.type === "expression_statement") {
        for (const a of namedChildren(stmt)) if (a.type === "assignment" || a.type === "augmented_assignment") assignment(a, conditional);
      } else if (["if_statement", "try_statement", "with_statement", "else_clause", "elif_clause", "except_clause", "finally_clause", "block"].includes(stmt.type)) {
        visit(stmt, true);
      }
    }
  };
  visit(root, false);
  return { assignments, errors };
}

/** The value of a literal node; undefined when it is not a literal. */
function literal(node: PyNode): GunicornValue | undefined {
  switch (node.type) {
    case "string":
    case "concatenated_string":
      return stringValue(node) ?? undefined;
    case "integer":
    case "float":
      return numberValue(node) ?? undefined;
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "parenthesized_expression": {
      const inner = namedChildren(node)[0];
      return inner ? literal(inner) : undefined;
    }
    case "unary_operator": {
      const v = node.childForFieldName("argument");
      const n = v ? literal(v) : undefined;
      return typeof n === "number" && node.text.trimStart().startsWith("-") ? -n : undefined;
    }
    case "list":
    case "tuple": {
      const out: string[] = [];
      for (const item of namedChildren(node)) {
        const v = literal(item);
        if (typeof v !== "string") return undefined;
        out.push(v);
      }
      return out;
    }
    default:
      return undefined;
  }
}
