/** Model queries the DJ rules share: paths, secret keys, env defaults, logging, far-future nginx caching. */
import { describe, expect, test } from "vitest";
import { fsPath, literalDefault, pathRelation, requestErrorLogging, secretKeyWeakness } from "../../src/model/settings/query.js";
import { mk, type EnvDep } from "../../src/model/settings/values.js";
import { fileSpan } from "../../src/parse/span.js";
import { modelOf, pkg } from "./helpers.js";

const span = fileSpan("x.py");

describe("paths", () => {
  test("fsPath normalises project-relative and absolute paths, and refuses relative ones", () => {
    expect(fsPath(mk({ kind: "path", value: "<root>/a/./b/../c", isStr: false }, span))).toBe("<root>/a/c");
    expect(fsPath(mk({ kind: "str", value: "/srv/app/static/" }, span))).toBe("/srv/app/static");
    expect(fsPath(mk({ kind: "str", value: "static" }, span))).toBeNull();
    expect(fsPath(mk({ kind: "unknown" }, span))).toBeNull();
  });

  test("pathRelation: matches, is inside, contains; different bases are not comparable", () => {
    expect(pathRelation("/srv/static", "/srv/static")).toBe("matches");
    expect(pathRelation("/srv/static/cache", "/srv/static")).toBe("is inside");
    expect(pathRelation("/srv", "/srv/static")).toBe("contains");
    expect(pathRelation("/srv/static2", "/srv/static")).toBeNull();
    expect(pathRelation("<root>/static", "/srv/static")).toBeNull();
  });
});

describe("secret keys and literal defaults", () => {
  test("Django's W009 test", () => {
    expect(secretKeyWeakness("django-insecure-" + "x".repeat(60))).toMatch(/django-insecure-/);
    expect(secretKeyWeakness("short")).toMatch(/5 characters/);
    expect(secretKeyWeakness("ab".repeat(30))).toMatch(/2 distinct characters/);
    expect(secretKeyWeakness("k3n$9vq!2x@p7z#m4w8&r1^y6*l5(c0)f_h+j=e-u9s2d7g4b1a8Q")).toBeNull();
  });

  test("a literal default is a non-empty string without interpolation", () => {
    const dep = (value: string): EnvDep => ({ name: "X", state: "unset", defaultSpan: span, defaultValue: mk({ kind: "str", value }, span), setAt: null });
    expect(literalDefault(dep("change-me"))?.value).toBe("change-me");
    expect(literalDefault(dep(""))).toBeNull();
    expect(literalDefault(dep("${SECRET}"))).toBeNull();
  });
});

describe("request error logging", () => {
  async function verdict(logging: string): Promise<string> {
    const model = await modelOf(pkg({ production: `DEBUG = False\n${logging}` }), ["config.settings.production"]);
    const v = requestErrorLogging(model.settings.productionSettings[0]!);
    return v === null ? "unknown" : v.reaches ? "reaches" : `vanishes: ${v.why}`;
  }

  test("Django's default logging loses errors when DEBUG is off", async () => {
    expect(await verdict("")).toMatch(/^vanishes: Django's default logging/);
  });

  test("a root StreamHandler with existing loggers kept receives them", async () => {
    expect(await verdict('LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {"c": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["c"]}}\n')).toBe("reaches");
  });

  test("disable_existing_loggers (True by default) silences django.request", async () => {
    expect(await verdict('LOGGING = {"version": 1, "handlers": {"c": {"class": "logging.StreamHandler"}}, "root": {"handlers": ["c"]}}\n')).toMatch(/defaults to True/);
  });

  test("configuring the django logger keeps django.request enabled", async () => {
    expect(await verdict('LOGGING = {"version": 1, "handlers": {"c": {"class": "logging.StreamHandler"}}, "loggers": {"django": {"handlers": ["c"], "level": "INFO"}}}\n')).toBe("reaches");
  });

  test("propagation stops at propagate False; a level above ERROR drops the record", async () => {
    expect(await verdict('LOGGING = {"version": 1, "disable_existing_loggers": False, "handlers": {"f": {"class": "logging.FileHandler", "filename": "/tmp/x"}, "c": {"class": "logging.StreamHandler"}}, "loggers": {"django": {"handlers": ["f"], "propagate": False}}, "root": {"handlers": ["c"]}}\n')).toMatch(/^vanishes: no handler/);
    expect(await verdict('LOGGING = {"version": 1, "handlers": {"c": {"class": "logging.StreamHandler"}}, "loggers": {"django.request": {"handlers": ["c"], "level": "CRITICAL"}}}\n')).toMatch(/above ERROR/);
  });

  test("handler factories and unreadable configs are Unknown", async () => {
    expect(await verdict('LOGGING = {"version": 1, "handlers": {"c": {"()": "my.Factory"}}, "root": {"handlers": ["c"]}, "loggers": {"django": {}}}\n')).toBe("unknown");
    expect(await verdict("from shop.logconf import LOGGING\n")).toBe("unknown");
  });
});
