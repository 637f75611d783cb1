import type { Agent } from './agent.ts';

/** Registers Ana Reader at `email` through the form, coming from a story page, as the accounts suites do. */
export async function register(agent: Agent, email: string, extra: Record<string, string> = {}) {
  return agent.submit('/account/register?returnTo=/world/some-story', '/account/register', {
    returnTo: '/world/some-story',
    displayName: 'Ana Reader',
    email,
    password: 'a long enough passphrase',
    'consent.community-standards': 'on',
    ...extra,
  });
}
