import type { Presented, PresentedComment } from '../present.ts';

/** The comments API as the island calls it: JSON in and out, the CSRF token on every write. */
export interface Me {
  signedIn: boolean;
  csrfToken?: string;
  user?: { id: string; displayName: string; role: string; emailVerified: boolean };
}

export interface Page {
  count: number;
  threads: Presented[];
  nextCursor: string | null;
}

export interface Mine {
  held: (PresentedComment & { reason: string })[];
  recommended: string[];
}

export class ApiError extends Error {}

export async function call<T>(method: string, url: string, csrf?: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new ApiError(data.error?.message ?? `The server answered ${response.status}; try again.`);
  return data as T;
}

export const threadsUrl = (articleId: string, sort: string, cursor?: string | null) =>
  `/api/articles/${articleId}/comments?sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
