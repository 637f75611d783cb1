import { invalid } from '../../platform/errors.ts';
import type { AlertChoices } from '../tables.ts';
import { endpointProblem, type EndpointPolicy } from './endpoint.ts';

/** A subscription as the browser's `PushSubscription.toJSON()` gives it, checked. */
export interface SubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The same, as the browser sends it (before it is checked). */
export interface SubscriptionJson {
  endpoint?: string | undefined;
  keys?: { p256dh?: string | undefined; auth?: string | undefined } | undefined;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function key(raw: string | undefined, name: string, bytes: number, check?: (decoded: Buffer) => boolean): string {
  if (typeof raw !== 'string' || !BASE64URL.test(raw)) throw invalid(`keys.${name}`, `keys.${name} must be base64url text.`);
  const decoded = Buffer.from(raw, 'base64url');
  if (decoded.length !== bytes || (check && !check(decoded)))
    throw invalid(
      `keys.${name}`,
      `keys.${name} must be ${bytes} bytes${name === 'p256dh' ? ' (an uncompressed P-256 public key)' : ''}; it is ${decoded.length}.`,
    );
  return decoded.toString('base64url');
}

/** Pure: the endpoint and the two keys RFC 8291 needs, or a 422 naming what is wrong. */
export function readSubscription(raw: SubscriptionJson | undefined, policy: EndpointPolicy): SubscriptionInput {
  const input = raw ?? {};
  const problem = endpointProblem(input.endpoint, policy);
  if (problem) throw invalid('endpoint', problem);
  if (!input.keys || typeof input.keys !== 'object') throw invalid('keys', 'keys is required: { p256dh, auth } from the browser.');
  return {
    endpoint: input.endpoint as string,
    // 0x04 marks an uncompressed point: the only form the Push API gives.
    p256dh: key(input.keys.p256dh, 'p256dh', 65, (b) => b[0] === 4),
    auth: key(input.keys.auth, 'auth', 16),
  };
}

export interface Known {
  editions: Set<string>;
  sections: Set<string>;
  topics: Set<string>;
  authors: Set<string>;
}

/** What a reader chose to receive, as their browser or form sends it (before it is checked). */
export interface ChoicesInput {
  breaking?: string[] | undefined;
  sections?: string[] | undefined;
  topics?: string[] | undefined;
  authors?: string[] | undefined;
  replies?: boolean | undefined;
}

const LIMIT = 200;

function ids(raw: string[] | undefined, field: string, known: Set<string>, what: string): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > LIMIT) throw invalid(`choices.${field}`, `choices.${field} must be a list of at most ${LIMIT} ${what}.`);
  const unknown = raw.find((id) => typeof id !== 'string' || !known.has(id));
  if (unknown !== undefined)
    throw invalid(`choices.${field}`, `choices.${field} names ${JSON.stringify(unknown).slice(0, 60)}, which is not one of our ${what}.`);
  return [...new Set(raw as string[])];
}

/** Pure: what the reader chose, against what exists; at least one thing must be chosen. */
export function readChoices(raw: ChoicesInput | undefined, known: Known, signedIn: boolean): AlertChoices {
  const input = raw ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('choices', 'choices is required: what to receive.');
  if (input.replies !== undefined && typeof input.replies !== 'boolean') throw invalid('choices.replies', 'choices.replies must be true or false.');
  if (input.replies && !signedIn) throw invalid('choices.replies', 'Sign in to be told of replies to your comments.');
  const choices: AlertChoices = {
    breaking: ids(input.breaking, 'breaking', known.editions, 'editions'),
    sections: ids(input.sections, 'sections', known.sections, 'sections'),
    topics: ids(input.topics, 'topics', known.topics, 'topics'),
    authors: ids(input.authors, 'authors', known.authors, 'authors'),
    replies: input.replies === true,
  };
  if (!choices.breaking.length && !choices.sections.length && !choices.topics.length && !choices.authors.length && !choices.replies) {
    throw invalid('choices', 'Choose at least one kind of alert.');
  }
  return choices;
}

/** Pure: an IANA time zone this runtime knows, or UTC. */
export function readTimeZone(raw: string | undefined): string {
  if (typeof raw !== 'string' || raw.length > 64) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: raw });
    return raw;
  } catch {
    return 'UTC';
  }
}
