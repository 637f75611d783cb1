import { ConfigError, type Env } from './parse.ts';

export function headerName(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9-]{1,64}$/.test(raw)) throw new ConfigError(name, `must be a header name such as cf-ipcountry, got "${raw}"`);
  return raw.toLowerCase();
}

export function trustProxy(raw: string | undefined): string[] | undefined {
  if (!raw?.trim()) return undefined;
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(entry)) {
      throw new ConfigError('TRUST_PROXY', `must list proxy addresses or CIDR ranges separated by commas; "${entry}" is neither`);
    }
  }
  return entries;
}

export function pushServices(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  for (const entry of entries) {
    if (!/^(?:\*\.)?(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/.test(entry)) {
      throw new ConfigError(
        'PUSH_EXTRA_SERVICES',
        `must list push service hosts (push.example.org, *.push.example.org, with :port if not 443) separated by commas; "${entry}" is not one`,
      );
    }
  }
  return entries;
}
