/** Shared by the passkey islands: JSON calls carrying the CSRF token /api/me hands out. */
export async function csrfToken(): Promise<string> {
  const me = (await (await fetch('/api/me?csrf=1', { credentials: 'same-origin' })).json()) as { csrfToken: string };
  return me.csrfToken;
}

export async function postJson<T>(url: string, body: unknown, token: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token },
    body: JSON.stringify(body),
  });
  const data = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(data.error?.message ?? 'Something went wrong. Try again.');
  return data;
}

/** The browser's own words for "cancelled" are not a failure worth a red message. */
export const cancelled = (error: unknown) => error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
