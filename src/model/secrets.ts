/**
 * Secret-like variable names and values, as RULES.md defines them: `SECRET`,
 * `PASSWORD`, `PASSWD`, `PASS`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`,
 * `ACCESS_KEY` as a suffix or a whole word, and URLs with credentials.
 */

const SECRET_WORDS = /(^|_)(SECRET|PASSWORD|PASSWD|PASS|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY|SECRET_KEY|DBPASS)$/i;
const SECRET_INFIX = /(^|_)(SECRET|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY|ACCESS_KEY)(_|$)/i;

/** `DJANGO_SECRET_KEY`, `POSTGRES_PASSWORD`, `PAPERLESS_DBPASS`, `GITHUB_TOKEN`; not `*_FILE` references or `PASSWORD_RESET_TIMEOUT`-like settings. */
export function isSecretName(name: string): boolean {
  if (/_FILE$/i.test(name)) return false;
  if (SECRET_WORDS.test(name)) return true;
  return SECRET_INFIX.test(name) && /(_KEY|_TOKEN|_SECRET|_PASSWORD|_PASSWD)$/i.test(name);
}

/** `postgres://user:pw@host/db`: a URL whose user info carries a password. */
export function hasUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:[^/@\s]+@/i.test(value);
}
