import { PasskeySignIn } from '../../client/passkey-sign-in.island.tsx';
import { ProofOfWork, type ProofOfWorkProps } from '../../client/proof-of-work.island.tsx';
import { Island } from '../../../web/islands/island.tsx';
import { CONSENT_QUESTIONS } from '../../consents.ts';
import { MIN_PASSWORD_LENGTH } from '../../credentials/passwords.ts';
import { CodeField, Csrf, Hidden, Panel, type FormState } from '../../../web/forms/components.tsx';
import { PolicyLink, type PolicyPage } from '../../../web/forms/policy-link.tsx';

/** Registering, signing in, e-mailed links, resetting a password, and the second step. */
const withReturn = (path: string, returnTo: string) => (returnTo === '/' ? path : `${path}?returnTo=${encodeURIComponent(returnTo)}`);

export function RegisterPage({ state, challenge, privacy }: { state: FormState; challenge: ProofOfWorkProps['challenge']; privacy?: PolicyPage | undefined }) {
  const v = state.values ?? {};
  return (
    <Panel title="Create your account" error={state.error}>
      <p>One account lets you comment, follow other readers and choose your alerts. Reading stays free, with or without one.</p>
      <form method="post" action="/account/register" class="account-form">
        <Hidden state={state} />
        <label for="displayName">Display name</label>
        <input
          id="displayName"
          name="displayName"
          autocomplete="nickname"
          required
          maxLength={200}
          value={v.displayName ?? ''}
          aria-describedby="displayName-hint"
        />
        <p id="displayName-hint" class="hint">
          Shown with your comments. Up to 50 characters.
        </p>
        <label for="email">E-mail address</label>
        <input id="email" name="email" type="email" autocomplete="email" required maxLength={254} value={v.email ?? ''} />
        <label for="password">Password (optional)</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          maxLength={256}
          aria-describedby="password-hint"
        />
        <p id="password-hint" class="hint">
          At least {MIN_PASSWORD_LENGTH} characters. Leave it empty to sign in with a link we e-mail you, or with a passkey.
        </p>
        <fieldset>
          <legend>Your choices</legend>
          {CONSENT_QUESTIONS.map((q) => (
            <label class="check">
              <input type="checkbox" name={`consent.${q.kind}`} required={q.required} checked={v[`consent.${q.kind}`] === 'on'} /> {q.label}
            </label>
          ))}
        </fieldset>
        <PolicyLink page={privacy} lead="How we look after your account and what you tell us: our" />
        <Island name="proof-of-work" hydrate="idle" props={{ challenge }}>
          <ProofOfWork challenge={challenge} />
        </Island>
        {/* Left empty by people; scripts that fill every field give themselves away. */}
        <div class="trap" aria-hidden="true">
          <label for="website">Leave this empty</label>
          <input id="website" name="website" tabIndex={-1} autocomplete="off" />
        </div>
        <button class="button button--primary" type="submit">
          Create account
        </button>
      </form>
      <p>
        Already registered? <a href={withReturn('/account/sign-in', state.returnTo)}>Sign in</a>
      </p>
    </Panel>
  );
}

export function CheckInboxPage({ email, what }: { email: string; what: 'register' | 'sign-in' | 'reset' }) {
  const lead =
    what === 'register'
      ? 'We have sent a link to confirm your address. Open it on this device and you will arrive signed in, back where you were.'
      : what === 'reset'
        ? 'If an account uses this address, we have sent it a link to choose a new password. It works for an hour.'
        : 'If an account uses this address, we have sent it a sign-in link. It works once, within 15 minutes.';
  return (
    <Panel title="Check your inbox">
      <p>
        <strong>{email}</strong>
      </p>
      <p>{lead}</p>
      <p class="hint">Nothing arrived after a few minutes? Look in your spam folder, or try again.</p>
    </Panel>
  );
}

export function SignInPage({ state, notice }: { state: FormState; notice?: string }) {
  const v = state.values ?? {};
  return (
    <Panel title="Sign in" error={state.error}>
      {notice && <p class="form-notice">{notice}</p>}
      <Island name="passkey-sign-in" hydrate="idle" props={{ returnTo: state.returnTo }}>
        <PasskeySignIn returnTo={state.returnTo} />
      </Island>
      <form method="post" action="/account/sign-in" class="account-form">
        <Hidden state={state} />
        <label for="email">E-mail address</label>
        <input id="email" name="email" type="email" autocomplete="username webauthn" required maxLength={254} value={v.email ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required maxLength={256} />
        <button class="button button--primary" type="submit">
          Sign in
        </button>
      </form>
      <h2>No password?</h2>
      <form method="post" action="/account/sign-in/link" class="account-form">
        <Hidden state={state} />
        <label for="link-email">E-mail address</label>
        <input id="link-email" name="email" type="email" autocomplete="email" required maxLength={254} value={v.email ?? ''} />
        <button class="button" type="submit">
          E-mail me a sign-in link
        </button>
      </form>
      <p>
        <a href="/account/reset">Forgotten your password?</a> · New here? <a href={withReturn('/account/register', state.returnTo)}>Create an account</a>
      </p>
    </Panel>
  );
}

/** An e-mailed link opens this page; only its button uses the link, so mail scanners that follow links use nothing. */
export function ConfirmLinkPage({ state, token, purpose }: { state: FormState; token: string; purpose: string }) {
  const title = purpose === 'register' ? 'Confirm your address' : purpose.startsWith('change-email') ? 'Confirm your new address' : 'Sign in';
  const action = purpose === 'register' ? 'Confirm and continue' : purpose.startsWith('change-email') ? 'Confirm the change' : 'Sign in';
  return (
    <Panel title={title} error={state.error}>
      <form method="post" action="/account/confirm" class="account-form">
        <Csrf state={state} />
        <input type="hidden" name="token" value={token} />
        <button class="button button--primary" type="submit">
          {action}
        </button>
      </form>
    </Panel>
  );
}

export function ResetRequestPage({ state }: { state: FormState }) {
  return (
    <Panel title="Forgotten your password?" error={state.error}>
      <p>Tell us your address and we will e-mail you a link to choose a new password.</p>
      <form method="post" action="/account/reset" class="account-form">
        <Hidden state={state} />
        <label for="email">E-mail address</label>
        <input id="email" name="email" type="email" autocomplete="email" required maxLength={254} value={state.values?.email ?? ''} />
        <button class="button button--primary" type="submit">
          Send the link
        </button>
      </form>
    </Panel>
  );
}

export function ResetPasswordPage({ state, token }: { state: FormState; token: string }) {
  return (
    <Panel title="Choose a new password" error={state.error}>
      <form method="post" action="/account/reset/complete" class="account-form">
        <Csrf state={state} />
        <input type="hidden" name="token" value={token} />
        <label for="password">New password</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={256} />
        <button class="button button--primary" type="submit">
          Save and sign in
        </button>
      </form>
    </Panel>
  );
}

/** The page an admin's enrolment link opens: one button, so a mail scanner fetching it uses nothing up. */
export function EnrolPage({ state, token }: { state: FormState; token: string }) {
  return (
    <Panel title="Set up your second factor" error={state.error}>
      <p>An admin made this link so you can add a passkey or an authenticator app to your account. It works once.</p>
      <form method="post" action="/account/enrol" class="account-form">
        <Csrf state={state} />
        <input type="hidden" name="token" value={token} />
        <button class="button button--primary" type="submit">
          Continue
        </button>
      </form>
    </Panel>
  );
}

export function SecondFactorPage({ state }: { state: FormState }) {
  return (
    <Panel title="Enter your code" error={state.error}>
      <p>Your account asks for a code from your authenticator app.</p>
      <form method="post" action="/account/sign-in/second-factor" class="account-form">
        <Hidden state={state} />
        <CodeField label="Code" />
        <button class="button button--primary" type="submit">
          Continue
        </button>
      </form>
    </Panel>
  );
}
