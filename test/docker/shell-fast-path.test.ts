/**
 * The fast path (no grammar load) must agree with tree-sitter-bash on every
 * input it accepts, and must accept the everyday Dockerfile lines.
 */
import { describe, expect, test } from "vitest";
import { parseShellTree, parseSimpleShell, type ShellResolver, type ShellScript } from "../../src/parse/shell.js";
import { LineIndex } from "../../src/parse/span.js";

const ACCEPTED = [
  "pip install --no-cache-dir -r requirements.txt",
  "apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*",
  "pip install --no-cache-dir /wheels/* && rm -rf /wheels",
  "useradd --create-home --uid 10001 app",
  "python manage.py collectstatic --noinput",
  'gunicorn config.wsgi:application --bind "0.0.0.0:${PORT:-8000}" --workers $WORKERS',
  "exec gunicorn config.wsgi --bind=0.0.0.0:8000",
  "DJANGO_SETTINGS_MODULE=config.settings.build SECRET_KEY='x y' python manage.py collectstatic --noinput",
  'exec gosu app "$@"',
  "curl -fsSL https://example.com/install.sh | sh",
  "false || python manage.py migrate; python manage.py check",
  "set -eux; pip install -e '.[dev]'",
  "a || b | c && d",
  "FOO=a=b BAR= baz",
  "python manage.py migrate --noinput &&\n  exec gunicorn config.wsgi\n\n",
  "pip install x # comment; not a command",
  "pip install git+https://example.com/repo.git#egg=x",
  '#!/bin/sh -e\n# migrate, then hand over to CMD\npython manage.py migrate --noinput\n\nexec "$@"\n',
  "#!/bin/bash\nset -o errexit\n  # indented comment\nexec gunicorn config.wsgi # trailing\n",
];

const FALLBACK = [
  "if [ -f x ]; then pip install x; fi",
  "echo $(date) > /tmp/x",
  "[ -n \"$X\" ] && pip install x",
  "sleep 1 &",
  "echo 'unterminated",
  "cd /app && { make; }",
  'echo "a\\"b"',
  "echo ${X:+y}",
  "echo a\\ b",
  "test -f x || exit 1",
];

const resolve: ShellResolver = (n) => (n === "PORT" ? null : n === "WORKERS" ? "4" : undefined);

function normal(script: ShellScript) {
  return {
    errexit: script.errexit,
    commands: script.commands.map((c) => ({
      argv: c.argv.map((w) => [w.text, w.raw, w.span.line, w.span.column, w.span.endLine, w.span.endColumn]),
      assignments: c.assignments.map((a) => [a.name, a.value, a.span.column, a.span.endColumn]),
      span: [c.span.line, c.span.column, c.span.endLine, c.span.endColumn],
      exec: c.exec,
      conditional: c.conditional,
      guards: c.guards,
      opaque: c.opaque,
      devOnly: c.devOnly,
      background: c.background,
      handoff: c.handoff,
    })),
  };
}

describe("shell fast path", () => {
  for (const text of ACCEPTED) {
    test(`agrees with tree-sitter: ${JSON.stringify(text)}`, async () => {
      const prefix = "RUN ";
      const lines = new LineIndex("Dockerfile", prefix + text);
      const simple = parseSimpleShell(lines, prefix.length, text, resolve);
      expect(simple, "takes the fast path").not.toBeNull();
      const tree = await parseShellTree(lines, prefix.length, text, resolve);
      expect(tree.errors).toEqual([]);
      expect(normal(simple!)).toEqual(normal(tree.script));
    });
  }
  for (const text of FALLBACK) {
    test(`falls back to tree-sitter: ${JSON.stringify(text)}`, () => {
      expect(parseSimpleShell(new LineIndex("x.sh", text), 0, text, resolve)).toBeNull();
    });
  }
});

describe("shell fast path, generated inputs", () => {
  const pieces = ["pip", "install", "-r", "req.txt", "exec", "gosu", "app", '"$@"', "$@", "A=1", "B='x y'", 'C="$HOME/x"', "${PORT:-8000}", "$WORKERS", "'q'", '"d"', "x#y", "set", "-e", "--bind=0.0.0.0:8000", "/wheels/*", "a,b", "%s", "@v"];
  const ops = [" ", " ", " ", " && ", " || ", " | ", "; ", "\n", " # note\n"];
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const inputs: string[] = [];
  for (let k = 0; k < 300; k++) {
    let text = pieces[next(pieces.length)]!;
    const len = 1 + next(8);
    for (let j = 0; j < len; j++) text += ops[next(ops.length)]! + pieces[next(pieces.length)]!;
    inputs.push(text);
  }
  test("agree with tree-sitter wherever the fast path answers", async () => {
    let answered = 0;
    for (const text of inputs) {
      const lines = new LineIndex("x.sh", text);
      const simple = parseSimpleShell(lines, 0, text, resolve);
      if (!simple) continue;
      answered++;
      const tree = await parseShellTree(lines, 0, text, resolve);
      expect(normal(simple), text).toEqual(normal(tree.script));
    }
    expect(answered).toBeGreaterThan(100);
  });
});
