import type { FastifyInstance, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors.ts';
import { hasLoneSurrogate, hasNul } from '../text.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Form fields that may be sent more than once (checkbox groups); they arrive as lists. */
    formLists?: readonly string[];
  }
}

/** A `preValidation` hook for actions with nothing to say: POSTed without a body, they are read as `{}`. */
export async function emptyBodyIsEmptyObject(request: FastifyRequest) {
  if (request.body === undefined || request.body === null) request.body = {};
}

/** `a.b[2].c` from a path of keys. */
export function fieldPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}

/**
 * Finds the first string (value or key) that no text column can store: a NUL or a lone UTF-16
 * surrogate. Checking once here means no repository ever meets one.
 */
export function findUnstorableText(value: unknown): AppError | null {
  // An explicit stack, not recursion: a hostile body nested thousands of levels deep must get
  // a 400, not exhaust the call stack here (or in the validator after us).
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const { value: current, path } = stack.pop()!;
    if (path.length > MAX_NESTING) return new AppError('bad_request', `The request body is nested more than ${MAX_NESTING} levels deep.`);
    if (typeof current === 'string') {
      const problem = stringProblem(current);
      if (problem) {
        const field = fieldPath(path) || undefined;
        return new AppError('invalid', `${field ?? 'A value'} ${problem}.`, field);
      }
    } else if (Array.isArray(current)) {
      // Pushed last to first, so the first bad value in reading order is the one reported.
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] });
    } else if (current && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        if (stringProblem(key))
          return new AppError(
            'invalid',
            `A field name in ${fieldPath(path) || 'the request body'} is not valid Unicode text without NUL characters.`,
            fieldPath(path) || undefined,
          );
      }
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
  return null;
}

/** Deeper than any body the APIs take (a front or an article body is a few levels). */
const MAX_NESTING = 64;

/** Why no text column can store `text`, or null. */
function stringProblem(text: string): string | null {
  if (hasNul(text)) return 'must not contain NUL characters (U+0000)';
  if (hasLoneSurrogate(text)) return 'must be valid Unicode: it contains a lone surrogate code unit';
  // A leading byte order mark is invisible, and the embedded database's text decoding drops
  // it, so it could not be given back as sent: refuse it rather than change it silently.
  if (text.startsWith('\ufeff')) return 'must not start with an invisible byte order mark (U+FEFF)';
  return null;
}

/**
 * The only request body parsers the app has: JSON and HTML forms here, multipart where uploads
 * are accepted. Any other type gets 415 instead of reaching a handler as a string.
 */
export function registerJsonBody(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(new AppError('bad_request', 'The request body is empty; send a JSON object.'), undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch (error) {
      done(new AppError('bad_request', `The request body is not valid JSON: ${(error as Error).message}`), undefined);
      return;
    }
    done(findUnstorableText(parsed), parsed);
  });
  // Forms readers post (sign-in, registration, account settings) work without JavaScript.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (request, body, done) => {
    // Only the pages readers use take forms; the APIs speak JSON.
    if (!request.routeOptions.config.html) {
      done(new AppError('unsupported_media_type', 'This endpoint accepts JSON only: send Content-Type: application/json.'), undefined);
      return;
    }
    // A field sent twice is refused, except the checkbox groups a route names: those are lists.
    const lists = new Set(request.routeOptions.config.formLists ?? []);
    const form: Record<string, string | string[]> = Object.create(null);
    for (const [key, value] of new URLSearchParams(body as string)) {
      if (lists.has(key)) {
        form[key] = [...((form[key] as string[] | undefined) ?? []), value];
        continue;
      }
      if (key in form) {
        done(new AppError('bad_request', `The form field ${key.slice(0, 40)} was sent more than once.`, key.slice(0, 40)), undefined);
        return;
      }
      form[key] = value;
    }
    done(findUnstorableText(form), { ...form });
  });
}
