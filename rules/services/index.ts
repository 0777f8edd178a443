import type { Rule } from "../../src/engine/types.js";
import serviceRunsAsRoot from "./service-runs-as-root.js";
import noRestart from "./no-restart.js";
import secretInUnit from "./secret-in-unit.js";
import hardeningMissing from "./hardening-missing.js";
import gracefulStop from "./graceful-stop.js";
import supervisorStopasgroup from "./supervisor-stopasgroup.js";

export const servicesRules: Rule[] = [serviceRunsAsRoot, noRestart, secretInUnit, hardeningMissing, gracefulStop, supervisorStopasgroup];
