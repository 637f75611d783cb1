import { MIN_PASSWORD_LENGTH } from '../../accounts/index.ts';
import { Csrf, Panel, type FormState } from '../../web/forms/components.tsx';

/** The first admin's account, made from the one-time link printed at start; `closed` once the link is spent. */
export function SetupPage({ state, token, closed }: { state: FormState; token: string; closed?: boolean }) {
  const v = state.values ?? {};
  return (
    <Panel title="Set up the newsroom" error={state.error}>
      {closed ? (
        <p>
          <a href="/account/sign-in?returnTo=%2Fnewsroom">Sign in to the newsroom</a>
        </p>
      ) : (
        <>
          <p>Create the first admin account. It can then invite the rest of the newsroom.</p>
          <form method="post" action="/newsroom/setup" class="account-form">
            <Csrf state={state} />
            <input type="hidden" name="token" value={token} />
            <label for="displayName">Your name</label>
            <input id="displayName" name="displayName" required maxLength={200} value={v.displayName ?? ''} autocomplete="name" />
            <label for="email">E-mail address</label>
            <input id="email" name="email" type="email" required maxLength={254} value={v.email ?? ''} autocomplete="email" />
            <label for="password">Password</label>
            <input id="password" name="password" type="password" required minLength={MIN_PASSWORD_LENGTH} maxLength={256} autocomplete="new-password" />
            <button class="button button--primary" type="submit">
              Create the admin account
            </button>
          </form>
        </>
      )}
    </Panel>
  );
}
