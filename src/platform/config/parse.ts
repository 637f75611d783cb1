/** Reading settings from the environment: each names the variable and what is wrong, never a secret it holds. */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(name, `must be 1 or 0 (true or false), got "${raw}"`);
}

const UNSHOWN = 'the value is not shown, as it may hold a password';

/**
 * A URL setting. Its errors name the setting and what is wrong but never echo the value: a
 * DATABASE_URL or SMTP_URL can carry a password, and these messages end up in logs. Not even the
 * scheme is shown: a value missing its scheme ("app:secret@db/news") would be read as one.
 */
export function url(name: string, raw: string, protocols: string[]): URL {
  const schemes = protocols.map((p) => `${p}//`).join(' or ');
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL starting with ${schemes}; it could not be read as one (${UNSHOWN})`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(name, `must start with ${schemes} (${UNSHOWN})`);
  return parsed;
}

/** A web address the site shows or sends readers to (links, emails, form targets): a login in it would be shown to all. */
export function webAddress(name: string, raw: string): URL {
  const parsed = url(name, raw, ['http:', 'https:']);
  if (parsed.username || parsed.password) throw new ConfigError(name, `must not contain a user name or password (${UNSHOWN})`);
  return parsed;
}
