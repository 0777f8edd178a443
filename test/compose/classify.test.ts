import { describe, expect, test } from "vitest";
import { classifyByContent, guessByName } from "../../src/discover/classify.js";

function kindOf(path: string, text: string): string | null {
  const guess = guessByName(path);
  return guess ? classifyByContent(guess, path, text) : null;
}

describe("compose files by content", () => {
  test("a YAML file whose top-level services mapping has image/build is compose, whatever its name", () => {
    expect(kindOf("production.yml", "services:\n  django:\n    build: .\n")).toBe("compose");
    expect(kindOf("local.yml", "version: '3'\nservices:\n\n  # the db\n  postgres:\n    image: postgres:16\n")).toBe("compose");
  });

  test("a services list (render.yaml) or a nested services key is not compose", () => {
    expect(kindOf("render.yaml", "services:\n  - type: web\n    name: app\n    image: x\n")).toBeNull();
    expect(kindOf(".github/workflows/ci.yml", "jobs:\n  test:\n    services:\n      db:\n        image: postgres:16\n")).toBeNull();
  });
});
