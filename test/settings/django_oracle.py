"""Runs Django's own deploy checks (security and caches tags) on settings modules.

Reads a JSON list of {"dir": ..., "module": ..., "env": {...}} on stdin; for
each, sets the variant's environment variables, imports
the settings module from that directory (no django.setup(), no apps, no
database), runs every check registered with deploy=True for the security and
caches tags, and prints one JSON object per line: {"dir", "ids"} or
{"dir", "error"}.
"""
import json
import os
import sys

import django
import django.core.checks  # noqa: F401  (registers the checks)
import django.core.checks.caches as cache_checks
from django.conf import Settings, settings
from django.core.cache import CacheHandler
from django.core.checks.registry import registry

TAGS = {"security", "caches"}


def deploy_checks():
    return [c for c in registry.deployment_checks if TAGS & set(getattr(c, "tags", ()))]


def run(entry):
    directory, module, env = entry["dir"], entry["module"], entry.get("env", {})
    for name in [m for m in sys.modules if m == "proj" or m.startswith("proj.")]:
        del sys.modules[name]
    sys.path.insert(0, directory)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        settings._wrapped = Settings(module)
        cache_checks.caches = CacheHandler()
        ids = []
        for check in deploy_checks():
            ids.extend(message.id for message in check(app_configs=None))
        return {"dir": directory, "ids": sorted(ids)}
    except Exception as error:  # a variant Django refuses to load
        return {"dir": directory, "error": f"{type(error).__name__}: {error}"}
    finally:
        sys.path.remove(directory)
        os.environ.clear()
        os.environ.update(saved)


def main():
    print(json.dumps({"version": django.get_version()}), flush=True)
    for entry in json.load(sys.stdin):
        print(json.dumps(run(entry)), flush=True)


if __name__ == "__main__":
    main()
