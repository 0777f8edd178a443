import type { SourceFile } from "../discover/types.js";
import type { Span } from "./span.js";

/** A syntax error: the file still yields a partial document. Becomes PX001. */
export interface ParseError {
  span: Span;
  message: string;
}

export interface Parsed<T> {
  file: SourceFile;
  doc: T;
  errors: ParseError[];
}
