/** Evaluated Django settings. Owned by the settings area; see ARCHITECTURE.md "Settings evaluation". */
import type { Span } from "../../parse/span.js";
import type { ProjectFacts } from "../project.js";
import type { Target } from "../types.js";
import type { EvalEnv } from "./env.js";
import type { ServeRoute } from "./urls.js";
import type { Binding, EnvWrite } from "./evaluate.js";
import type { Val } from "./values.js";

export type { Binding, EnvWrite } from "./evaluate.js";
export type { EnvDep, PyValue, Val } from "./values.js";

/** One setting as a production module sees it. */
export interface Setting {
  name: string;
  val: Val;
  /** The statement that assigned it (possibly in an imported module); null when Django's default applies. */
  at: Span | null;
}

/** How a production settings module was chosen. */
export type ProductionReason = "config" | "target" | "reference" | "name" | "lone-settings";

/** A production settings module evaluated under one environment. */
export interface SettingsView {
  /** Dotted module name, e.g. `config.settings.production`. */
  module: string;
  /** Project-relative path of the module. */
  file: string;
  /** Line 1 of the module: where a finding about an unset setting reports. */
  moduleSpan: Span;
  reason: ProductionReason;
  env: EvalEnv;
  /** The production targets that run this module under this environment (empty: none known). */
  targets: Target[];
  /** The project's Django pin, for version-specific checks. */
  project: ProjectFacts;
  /** The module raises at import under this environment: every value is Unknown. */
  failed: boolean;
  /** Names may be set that the evaluator cannot see: unassigned settings are Unknown, not Django's default. */
  opaque: boolean;
  /** The setting's value: assigned, else Django's default, else Unknown. */
  value(name: string): Setting;
  /** The binding when the module (or a module it imports) assigns the name. */
  assigned(name: string): Binding | undefined;
  /** Every assigned upper-case name, in first-assignment order. */
  names(): string[];
  /** Environment variables the settings set themselves. */
  envWrites: EnvWrite[];
  /** True when the project's Django is at least major.minor (unpinned: the newest). */
  djangoAtLeast(major: number, minor: number): boolean;
}

export interface SettingsModel {
  /** Settings views judged as production (one per production module and distinct target environment). */
  productionSettings: SettingsView[];
  /** Every settings module found, with whether and why it is production, for `shipshape settings`. */
  modules: { name: string; file: string; production: boolean; reason: ProductionReason | null }[];
  project: ProjectFacts;
  /** urls.py routes that serve files with django.views.static.serve directly. */
  serveRoutes: ServeRoute[];
}
