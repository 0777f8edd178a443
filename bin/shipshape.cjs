#!/usr/bin/env node
"use strict";
// Start-up is most of a pre-commit run, so the bundle is loaded through the V8
// code cache that the build made by running the CLI once (scripts/build.mjs).
// A cache that does not match this node (other version or flags) is rejected by
// V8 and the bundle compiles as usual: the cache changes speed, never behaviour.
const { readFileSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const Module = require("node:module");
const vm = require("node:vm");
const { setFlagsFromString } = require("node:v8");

// The tree-sitter grammars are WebAssembly; V8's baseline compiler alone makes a
// cold audit much faster (README, "Speed and memory"). Set before compiling so
// the code cache is made and used under the same flags.
setFlagsFromString("--liftoff-only");

const bundle = join(__dirname, "..", "dist", "shipshape.cjs");
const cacheFile = `${bundle}.cache`;
const writeCacheTo = process.env.SHIPSHAPE_WRITE_CODE_CACHE;
let cachedData;
if (!writeCacheTo) {
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
}
const script = new vm.Script(Module.wrap(readFileSync(bundle, "utf8")), {
  filename: bundle,
  cachedData,
});
if (writeCacheTo) process.on("exit", () => writeFileSync(writeCacheTo, script.createCachedData()));
const mod = { exports: {}, filename: bundle, id: bundle, loaded: false };
script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, dirname(bundle));
