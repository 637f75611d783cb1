/**
 * Security headers, computed once at start and copied onto every response: computing them per
 * request (as header plugins do) costs a large share of a cached page's time.
 * `formTargets`: other origins our forms' answers may redirect to (Stripe's Checkout and
 * customer portal), named exactly: Chromium holds a form's redirects to `form-action` too.
 */
export function securityHeaders(publicUrl: string, formTargets: readonly string[] = []): Record<string, string> {
  const https = publicUrl.startsWith('https://');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formTargets].join(' '),
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    'x-frame-options': 'DENY',
    ...(https ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
  };
}
