import type { BuildContext } from "./context.js";
import type { Span } from "../parse/span.js";
import type { Process, Target } from "./types.js";

export type AppServerKind = "gunicorn" | "uwsgi" | "uvicorn" | "daphne" | "hypercorn" | "runserver";

/**
 * Where a value came from: a command-line flag, the gunicorn `-c` config file
 * (or the default `./gunicorn.conf.py`), `GUNICORN_CMD_ARGS`,
 * `WEB_CONCURRENCY`, a uWSGI ini file, or a `UWSGI_*` variable.
 */
export type SettingSource = "flag" | "config" | "cmd-args-env" | "web-concurrency" | "uwsgi-ini" | "uwsgi-env";

/** One effective setting. `value` null: it is set, but to something the model cannot determine. */
export interface Setting<T> {
  value: T | null;
  /** The flag, the assignment, the ini line or the env entry that set it. */
  span: Span;
  source: SettingSource;
}

/** One `key = value` of a uWSGI config, in file order (repeated keys kept). */
export interface UwsgiOption {
  key: string;
  /** null when it holds `%(...)`, `$(...)` or `@(...)` the model cannot resolve. */
  value: string | null;
  span: Span;
  source: SettingSource;
}

/** An app server started by a process, its settings normalised from every source. */
export interface AppServer {
  kind: AppServerKind;
  process: Process;
  /** The target whose main process or steps start it, when known. */
  target: Target | null;
  /** The argv index of the server's own name (after wrappers like `poetry run`, `python -m`, `newrelic-admin run-program`). */
  argvStart: number;
  /** The WSGI/ASGI application (`config.wsgi:application`, uwsgi `module=`); null when not given. */
  app: Setting<string> | null;
  /** Every bind (`-b`, `bind`, uwsgi `http`/`http-socket`/`socket`, uvicorn `--host`/`--port`, runserver `addr:port`); empty: the server default. */
  bind: Setting<string>[];
  /** null: not set anywhere (server default: gunicorn 1 worker, uwsgi 1 process). */
  workers: Setting<number> | null;
  threads: Setting<number> | null;
  workerClass: Setting<string> | null;
  timeout: Setting<number> | null;
  reload: Setting<boolean> | null;
  preload: Setting<boolean> | null;
  accessLog: Setting<string> | null;
  errorLog: Setting<string> | null;
  forwardedAllowIps: Setting<string> | null;
  /** uvicorn/hypercorn `--proxy-headers`, daphne `--proxy-headers`; uvicorn's `--no-proxy-headers` is value false. */
  proxyHeaders: Setting<boolean> | null;
  workerTmpDir: Setting<string> | null;
  /** gunicorn `--user`, uwsgi `uid`. */
  user: Setting<string> | null;
  /** Serves an ASGI application: uvicorn/daphne/hypercorn, or gunicorn with a uvicorn worker class. */
  asgi: boolean;
  /**
   * False when some source of settings could not be read (a `-c` file or
   * `python:` module not in the repo, an unresolvable flag, `--ini` outside
   * the repo, GUNICORN_CMD_ARGS with an Unknown value): a setting that is
   * absent here may still be set there, so "not set" is Unknown.
   */
  complete: boolean;
  /** The config files read for it (gunicorn `-c`, uwsgi ini), repo-relative. */
  configFiles: string[];
  /** uWSGI only: every option from ini files, flags and `UWSGI_*` env, in precedence order (later wins). */
  uwsgiOptions: UwsgiOption[];
  /** uWSGI only: the `[uwsgi]` section read, when the config is an ini file in the repo. */
  uwsgiSection: Span | null;
}

/** gunicorn / uWSGI / uvicorn / daphne / hypercorn / runserver, normalised from flags, config files and env. */
export interface AppServerModel {
  servers: AppServer[];
  /** The servers a target starts (its main process and its steps). */
  serversFor(target: Target): AppServer[];
  /** uWSGI ini files in the repo, whether or not a process names them (for section-level rules). */
  uwsgiFiles: { file: string; section: Span; options: UwsgiOption[]; used: boolean }[];
}

export async function buildAppServers(_ctx: BuildContext, _processes: Process[], _targets: Target[]): Promise<AppServerModel> {
  return { servers: [], serversFor: () => [], uwsgiFiles: [] };
}
