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
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {children}
    </section>
  );
}

export const Csrf = ({ state }: { state: FormState }) => <input type="hidden" name="_csrf" value={state.csrf} />;
