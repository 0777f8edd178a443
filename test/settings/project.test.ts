/** The Django pin and the declared dependencies, from every manifest kind. */
import { describe, expect, test } from "vitest";
import { djangoAtLeast } from "../../src/model/project.js";
import { modelOf } from "./helpers.js";

async function pin(files: Record<string, string>): Promise<string | null> {
  const model = await modelOf(files);
  const d = model.settings.project.django;
  return d ? `${d.major}.${d.minor} ${d.span.file}:${d.span.line}` : null;
}

describe("Django pin", () => {
  test("requirements.txt: == and ~= with a patch level pin the minor version", async () => {
    expect(await pin({ "requirements.txt": "# web\ngunicorn==22.0.0\nDjango==4.2.11  # LTS\n" })).toBe("4.2 requirements.txt:3");
    expect(await pin({ "requirements/base.txt": "django~=5.0.3\n" })).toBe("5.0 requirements/base.txt:1");
  });

  test("ranges do not pin: the newest Django is assumed", async () => {
    expect(await pin({ "requirements.txt": "Django>=4.2,<6\n" })).toBeNull();
    expect(await pin({ "requirements.txt": "django~=4.2\n" })).toBeNull();
    expect(await pin({ "requirements.txt": "Django\n" })).toBeNull();
  });

  test("pyproject.toml: PEP 621 dependencies and Poetry", async () => {
    expect(await pin({ "pyproject.toml": '[project]\nname = "shop"\ndependencies = [\n  "django==5.1.4",\n  "psycopg[binary]>=3",\n]\n' })).toBe("5.1 pyproject.toml:4");
    expect(await pin({ "pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.12"\nDjango = "4.2.11"\n' })).toBe("4.2 pyproject.toml:3");
    expect(await pin({ "pyproject.toml": '[tool.poetry.dependencies]\nDjango = "^4.2.11"\n' })).toBeNull();
  });

  test("Pipfile and lock files", async () => {
    expect(await pin({ Pipfile: '[packages]\ndjango = "==3.2.25"\n' })).toBe("3.2 Pipfile:2");
    expect(await pin({ "poetry.lock": '[[package]]\nname = "asgiref"\nversion = "3.8.1"\n\n[[package]]\nname = "django"\nversion = "4.2.16"\n' })).toBe("4.2 poetry.lock:6");
    expect(await pin({ "uv.lock": 'version = 1\n\n[[package]]\nname = "django"\nversion = "5.1.4"\nsource = { registry = "https://pypi.org/simple" }\n' })).toBe("5.1 uv.lock:4");
  });

  test("a lock file wins over a requirement", async () => {
    expect(await pin({ "requirements.txt": "Django==4.1.0\n", "poetry.lock": '[[package]]\nname = "Django"\nversion = "4.2.16"\n' })).toBe("4.2 poetry.lock:2");
  });

  test("dependencies are listed with normalised names", async () => {
    const model = await modelOf({ "requirements.txt": "Django==4.2.11\nsentry_sdk[django]==2.0.0\n-r base.txt\n" });
    expect(model.settings.project.dependencies.map((d) => d.name)).toEqual(["django", "sentry-sdk"]);
  });

  test("djangoAtLeast: pinned versions compare, unpinned is the newest", async () => {
    const pinned = (await modelOf({ "requirements.txt": "Django==4.0.10\n" })).settings.project;
    expect([djangoAtLeast(pinned, 4, 0), djangoAtLeast(pinned, 4, 1), djangoAtLeast(pinned, 3, 2)]).toEqual([true, false, true]);
    const none = (await modelOf({ "requirements.txt": "Django>=4\n" })).settings.project;
    expect(djangoAtLeast(none, 9, 9)).toBe(true);
  });
});
