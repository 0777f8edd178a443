import { describe, expect, test } from "vitest";
import { globMatches, parseShell } from "../../src/parse/shell.js";
import { LineIndex } from "../../src/parse/span.js";

async function commands(text: string) {
  const { script, errors } = await parseShell(new LineIndex("entrypoint.sh", text));
  return { script, errors, argv: script.commands.map((c) => c.argv.map((w) => w.text)) };
}

describe("shell parser", () => {
  test("commands as argv words with spans; quotes removed", async () => {
    const text = "#!/bin/sh\npython manage.py migrate --noinput\ngunicorn 'config.wsgi' --bind \"0.0.0.0:8000\"\n";
    const { script, argv } = await commands(text);
    expect(argv).toEqual([
      ["python", "manage.py", "migrate", "--noinput"],
      ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"],
    ]);
    const bind = script.commands[1]!.argv[3]!;
    expect(bind.raw).toBe('"0.0.0.0:8000"');
    expect(bind.span).toMatchObject({ line: 3, column: 31, endLine: 3, endColumn: 45 });
  });

  test("unknown expansions are null; ${VAR:-x} is null without a resolver and x when VAR is unset", async () => {
    const text = 'gunicorn --bind "0.0.0.0:${PORT:-8000}" --workers $WORKERS\n';
    expect((await commands(text)).argv).toEqual([["gunicorn", "--bind", null, "--workers", null]]);
    const { script } = await parseShell(new LineIndex("x.sh", text), 0, text.length, text, (n) => (n === "PORT" ? null : "4"));
    expect(script.commands[0]!.argv.map((w) => w.text)).toEqual(["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4"]);
  });

  test("exec, hand-off and leading assignments", async () => {
    const { script } = await commands('DJANGO_SETTINGS_MODULE=config.settings.production exec gosu app "$@"\n');
    const c = script.commands[0]!;
    expect(c.exec).toBe(true);
    expect(c.handoff).toBe(true);
    expect(c.argv.map((w) => w.raw)).toEqual(["gosu", "app", '"$@"']);
    expect(c.assignments.map((a) => [a.name, a.value])).toEqual([["DJANGO_SETTINGS_MODULE", "config.settings.production"]]);
  });

  test("set -e, && chains and background jobs", async () => {
    const { script, argv } = await commands("set -eu\npython manage.py migrate && exec gunicorn config.wsgi\ncelery -A config beat &\n");
    expect(script.errexit).toBe(true);
    expect(argv).toEqual([["set", "-eu"], ["python", "manage.py", "migrate"], ["gunicorn", "config.wsgi"], ["celery", "-A", "config", "beat"]]);
    expect(script.commands.map((c) => [c.exec, c.conditional, c.background])).toEqual([
      [false, false, false],
      [false, false, false],
      [true, false, false],
      [false, false, true],
    ]);
    expect((await commands("python manage.py migrate\n")).script.errexit).toBe(false);
  });

  test("commands under if/case are conditional; a development branch is marked devOnly", async () => {
    const text = [
      'if [ "$DJANGO_ENV" = development ]; then',
      "  exec python manage.py runserver 0.0.0.0:8000",
      'elif [ "$1" = worker ]; then',
      "  exec celery -A config worker",
      "else",
      "  exec gunicorn config.wsgi",
      "fi",
      'case "$APP_ENV" in',
      "  local|dev) python manage.py loaddata fixtures.json ;;",
      "  *) python manage.py check --deploy ;;",
      "esac",
      '[ "$ENVIRONMENT" != production ] && python manage.py runserver',
      'test "$DEBUG_MODE" = "test" || python manage.py migrate',
      "",
    ].join("\n");
    const { script } = await commands(text);
    expect(script.commands.map((c) => [c.argv[0]!.text + " " + (c.argv[2]?.text ?? c.argv[1]?.text), c.conditional, c.devOnly])).toEqual([
      ["python runserver", true, true],
      ["celery config", true, false],
      ["gunicorn config.wsgi", true, false],
      ["python loaddata", true, true],
      ["python check", true, false],
      ["python runserver", true, true],
      ["python migrate", true, false],
    ]);
  });

  test("a DEBUG test selects a development branch", async () => {
    const { script } = await commands('if [ "${DJANGO_DEBUG}" = "True" ]; then\n  exec python manage.py runserver\nelse\n  exec gunicorn config.wsgi\nfi\n[ "$DEBUG" != 0 ] && pip install django-debug-toolbar\n');
    expect(script.commands.map((c) => [c.argv[0]!.text, c.devOnly])).toEqual([
      ["python", true],
      ["gunicorn", false],
      ["pip", true],
    ]);
  });

  test("an elif test selects its own branch", async () => {
    const { script } = await commands('if [ "$1" = web ]; then\n  exec gunicorn config.wsgi\nelif [ "$DJANGO_ENV" = local ]; then\n  exec python manage.py runserver\nelse\n  exec celery -A config worker\nfi\n');
    expect(script.commands.map((c) => [c.argv[0]!.text, c.conditional, c.devOnly])).toEqual([
      ["gunicorn", true, false],
      ["python", true, true],
      ["celery", true, false],
    ]);
  });

  test("equality tests and case items become guards; other conditions are opaque", async () => {
    const text = [
      'case "$1" in',
      "  web|http) exec gunicorn config.wsgi ;;",
      "  worker) exec celery -A config worker ;;",
      '  *) exec "$@" ;;',
      "esac",
      'if [ "$1" != beat ]; then python manage.py migrate; fi',
      '[ -f /tmp/ready ] && touch /tmp/started',
      "for f in /docker-entrypoint.d/*.sh; do sh \"$f\"; done",
      "",
    ].join("\n");
    const { script } = await commands(text);
    expect(script.commands.map((c) => [c.argv[0]!.text, c.guards, c.opaque])).toEqual([
      ["gunicorn", [{ variable: "1", values: ["web", "http"], negated: false }], false],
      ["celery", [{ variable: "1", values: ["worker"], negated: false }], false],
      [null, [{ variable: "1", values: ["web", "http", "worker"], negated: true }], false],
      ["python", [{ variable: "1", values: ["beat"], negated: true }], false],
      ["touch", [], true],
      ["sh", [], true],
    ]);
  });

  test("[[ == ]] with unquoted * or ? compares against a glob; quoted parts stay literal", async () => {
    const text = ['if [[ "$1" != "/"* ]]; then', '  exec python3 manage.py "$@"', "else", '  exec "$@"', "fi", 'if [[ $1 == "a*"? ]]; then exec x; fi', ""].join("\n");
    const { script } = await commands(text);
    expect(script.commands.map((c) => c.guards)).toEqual([
      [{ variable: "1", values: ["/*"], negated: true, glob: true }],
      [{ variable: "1", values: ["/*"], negated: false, glob: true }],
      [{ variable: "1", values: ["a\\*?"], negated: false, glob: true }],
    ]);
    expect(globMatches("/*", "/usr/local/bin/start.sh")).toBe(true);
    expect(globMatches("/*", "gunicorn")).toBe(false);
    expect(globMatches("a\\*?", "a*b")).toBe(true);
    expect(globMatches("a\\*?", "abc")).toBe(false);
  });

  test("a call to a function the script defines is marked; the function's own commands are conditional", async () => {
    const { script } = await commands(["initialize() {", "  python manage.py migrate", "}", "initialize", 'exec "$@"', ""].join("\n"));
    expect(script.commands.map((c) => [c.argv[0]!.text, c.callsFunction, c.conditional])).toEqual([
      ["python", false, true],
      ["initialize", true, false],
      [null, false, false],
    ]);
  });

  test("commands inside a part the grammar cannot place are conditional", async () => {
    // tree-sitter-bash wraps the whole line in an ERROR node: `done` would otherwise be a program run unconditionally.
    const { script } = await commands("while !</dev/tcp/db/5432; do sleep 1; done; uwsgi app.ini\n");
    expect(script.commands.map((c) => [c.argv.map((w) => w.text).join(" "), c.conditional])).toEqual([
      [" sleep 1", true],
      ["done", true],
      ["uwsgi app.ini", true],
    ]);
  });

  test("a heredoc's text is the command's stdin", async () => {
    const { script } = await commands(["python << END", "import time", "END", "exec gunicorn config.wsgi", ""].join("\n"));
    expect(script.commands.map((c) => c.stdin)).toEqual(["import time\n", null]);
  });

  test("the else branch of a production test is development", async () => {
    const { script } = await commands('if [ "$DJANGO_ENV" = "production" ]; then\n  exec gunicorn config.wsgi\nelse\n  exec python manage.py runserver\nfi\n');
    expect(script.commands.map((c) => c.devOnly)).toEqual([false, true]);
  });

  test("a syntax error gives partial commands and one error at its position", async () => {
    const { argv, errors } = await commands("python manage.py migrate\nif [ -n \"$X\" ]; then\n  echo x\nfi fi\n");
    expect(argv[0]).toEqual(["python", "manage.py", "migrate"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^shell syntax error/);
    expect(errors[0]!.span.line).toBe(4);
  });
});
