/**
 * Calls to the newsroom's JSON API with the page's CSRF token. Failures become ApiError with
 * the server's message, the field it names and whatever else the answer carried (`details`: a
 * 409's `yours` and `theirs`, say); a network failure is `offline`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get offline() {
    return this.status === 0;
  }
}

let csrfToken = '';
export const useCsrf = (token: string) => void (csrfToken = token);

export async function api<T>(method: string, url: string, body?: unknown, options: { keepalive?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { 'x-csrf-token': csrfToken, accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: payload, credentials: 'same-origin', keepalive: options.keepalive ?? false });
  } catch {
    throw new ApiError(0, 'offline', 'No connection to the newsroom.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data as { error?: { code?: string; message?: string; field?: string } & Record<string, unknown> } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'error', error?.message ?? `The newsroom answered ${response.status}.`, error?.field, error ?? {});
  }
  return data as T;
}
