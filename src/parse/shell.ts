/**
 * Shell scripts and shell-form commands through tree-sitter-bash: the simple
 * commands they run, as argv Words with spans, and how each is run.
 */
import type { Span } from "./span.js";
import type { Word } from "../model/types.js";

export interface ShellCommand {
  /** The command's words, `exec` and leading `VAR=x` assignments removed. */
  argv: Word[];
  /** `VAR=value` assignments before the command. */
  assignments: { name: string; value: string | null; span: Span }[];
  /** The whole simple command, `exec` included. */
  span: Span;
  /** Started with `exec`. */
  exec: boolean;
  /** Runs only on some branch: inside `if`/`case`/loops, after `||`, or after a test with `&&`. */
  conditional: boolean;
  /** Runs only on a branch taken in development (`if [ "$DJANGO_ENV" = development ]`). */
  devOnly: boolean;
  /** Started in the background with `&`. */
  background: boolean;
  /** One of the words is `"$@"` / `$@` / `"${@}"`: the script's arguments are handed on here. */
  handoff: boolean;
}

export interface ShellScript {
  commands: ShellCommand[];
  /** `set -e` (or `-eu…`, `-o errexit`) at the top level. */
  errexit: boolean;
}
