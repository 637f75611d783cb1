import type { ComponentChildren } from 'preact';

/**
 * The account pages: plain HTML forms that work without JavaScript, each carrying its CSRF
 * token and the page to return to. Never cached: they are rendered for one browser.
 */
export interface FormState {
  csrf: string;
  returnTo: string;
  /** A message about the last attempt, shown above the form. */
  error?: string | undefined;
  /** What the reader typed, given back after an error (never the password). */
  values?: Record<string, string>;
}

export const Hidden = ({ state }: { state: FormState }) => (
  <>
    <Csrf state={state} />
    <input type="hidden" name="returnTo" value={state.returnTo} />
  </>
);

export function Panel({ title, children, error }: { title: string; children: ComponentChildren; error?: string | undefined }) {
  return (
    <section class="account-panel" aria-labelledby="panel-title">
      <h1 id="panel-title">{title}</h1>
      <Notices error={error} />
      {children}
    </section>
  );
}

export const Csrf = ({ state }: { state: FormState }) => <input type="hidden" name="_csrf" value={state.csrf} />;

/** A form of one button acting on one thing (remove this passkey, revoke that token). */
export function ActionButton({
  state,
  action,
  fields = {},
  label,
  what,
}: {
  state: FormState;
  action: string;
  fields?: Record<string, string>;
  label: string;
  what?: string;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <Csrf state={state} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button class="button" type="submit">
        {label}
        {what && <span class="visually-hidden"> {what}</span>}
      </button>
    </form>
  );
}

/** What the last action did, or why it was refused, above a page's content. */
export function Notices({ notice, error }: { notice?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {notice && (
        <p class="form-notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/** The six-digit code from an authenticator app. */
export function CodeField({ id = 'code', label = 'Code from your app', name = 'code' }: { id?: string; label?: string; name?: string }) {
  return (
    <>
      <label for={id}>{label}</label>
      <input id={id} name={name} inputMode="numeric" autocomplete="one-time-code" required maxLength={10} />
    </>
  );
}

/** A short message in a panel, with at most one way on: confirmations, refusals, errors. */
export function MessagePage({ title, message, link }: { title: string; message: string; link?: { href: string; label: string } }) {
  return (
    <Panel title={title}>
      <p>{message}</p>
      {link && (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      )}
    </Panel>
  );
}
