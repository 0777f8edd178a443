import type { Rule } from "../../src/engine/types.js";
import debugEnabled from "./debug-enabled.js";
import debugFromEnvString from "./debug-from-env-string.js";
import secretKeyHardcoded from "./secret-key-hardcoded.js";
import secretKeyFallbackLiteral from "./secret-key-fallback-literal.js";
import secretKeyWeak from "./secret-key-weak.js";
import allowedHostsEmpty from "./allowed-hosts-empty.js";
import allowedHostsWildcard from "./allowed-hosts-wildcard.js";
import securityMiddlewareMissing from "./security-middleware-missing.js";
import csrfMiddlewareMissing from "./csrf-middleware-missing.js";
import clickjackingUnprotected from "./clickjacking-unprotected.js";
import hstsMissing from "./hsts-missing.js";
import hstsIncomplete from "./hsts-incomplete.js";
import sslRedirectDisabled from "./ssl-redirect-disabled.js";
import sessionCookieInsecure from "./session-cookie-insecure.js";
import sessionCookieHttponlyOff from "./session-cookie-httponly-off.js";
import csrfCookieInsecure from "./csrf-cookie-insecure.js";
import nosniffDisabled from "./nosniff-disabled.js";
import referrerPolicyMissing from "./referrer-policy-missing.js";
import securityPolicyInvalid from "./security-policy-invalid.js";
import corsAllowAll from "./cors-allow-all.js";
import csrfTrustedOriginsInvalid from "./csrf-trusted-origins-invalid.js";
import debugAppsInProduction from "./debug-apps-in-production.js";
import templateDebugOn from "./template-debug-on.js";
import weakPasswordHasher from "./weak-password-hasher.js";
import sqliteInProduction from "./sqlite-in-production.js";
import connMaxAgeMissing from "./conn-max-age-missing.js";
import connHealthChecksMissing from "./conn-health-checks-missing.js";
import pgbouncerServerSideCursors from "./pgbouncer-server-side-cursors.js";
import locmemCacheInProduction from "./locmem-cache-in-production.js";
import staticRootMissing from "./static-root-missing.js";
import whitenoiseMisplaced from "./whitenoise-misplaced.js";
import staticStorageUnhashed from "./static-storage-unhashed.js";
import errorsNotLogged from "./errors-not-logged.js";
import loggingNotStructured from "./logging-not-structured.js";
import emailBackendDev from "./email-backend-dev.js";
import dbPasswordHardcoded from "./db-password-hardcoded.js";
import staticServeView from "./static-serve-view.js";
import fileCacheInServedDir from "./file-cache-in-served-dir.js";
import asyncUnsafeAllowed from "./async-unsafe-allowed.js";
import secretKeyPerProcess from "./secret-key-per-process.js";
import credentialHardcoded from "./credential-hardcoded.js";

/** The settings (DJ) rules, sorted by code. */
export const settingsRules: Rule[] = [
  debugEnabled,
  debugFromEnvString,
  secretKeyHardcoded,
  secretKeyFallbackLiteral,
  secretKeyWeak,
  allowedHostsEmpty,
  allowedHostsWildcard,
  securityMiddlewareMissing,
  csrfMiddlewareMissing,
  clickjackingUnprotected,
  hstsMissing,
  hstsIncomplete,
  sslRedirectDisabled,
  sessionCookieInsecure,
  sessionCookieHttponlyOff,
  csrfCookieInsecure,
  nosniffDisabled,
  referrerPolicyMissing,
  securityPolicyInvalid,
  corsAllowAll,
  csrfTrustedOriginsInvalid,
  debugAppsInProduction,
  templateDebugOn,
  weakPasswordHasher,
  sqliteInProduction,
  connMaxAgeMissing,
  connHealthChecksMissing,
  pgbouncerServerSideCursors,
  locmemCacheInProduction,
  staticRootMissing,
  whitenoiseMisplaced,
  staticStorageUnhashed,
  errorsNotLogged,
  loggingNotStructured,
  emailBackendDev,
  dbPasswordHardcoded,
  staticServeView,
  fileCacheInServedDir,
  asyncUnsafeAllowed,
  secretKeyPerProcess,
  credentialHardcoded,
];
