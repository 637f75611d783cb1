import { MIN_PASSWORD_LENGTH } from '../../accounts/index.ts';
import { Csrf, Panel, type FormState } from '../../web/forms/components.tsx';

/** Where an invited person accepts: a name and password only when the address has no account yet. */
export function InvitePage({
  state,
  token,
  invite,
}: {
  state: FormState;
  token: string;
  invite: { email: string; role: string; invitedBy: string; hasAccount: boolean };
}) {
  return (
    <Panel title="Join the newsroom" error={state.error}>
      <p>
        {invite.invitedBy} invited <strong>{invite.email}</strong> to join as {invite.role}.
      </p>
      <form method="post" action="/newsroom/invite" class="account-form">
        <Csrf state={state} />
        <input type="hidden" name="token" value={token} />
        {!invite.hasAccount && (
          <>
            <label for="displayName">Your name</label>
            <input id="displayName" name="displayName" required maxLength={200} autocomplete="name" value={state.values?.displayName ?? ''} />
            <label for="password">Password (optional: you can use e-mailed links and a passkey instead)</label>
            <input id="password" name="password" type="password" minLength={MIN_PASSWORD_LENGTH} maxLength={256} autocomplete="new-password" />
          </>
        )}
        <button class="button button--primary" type="submit">
          Accept
        </button>
      </form>
    </Panel>
  );
}
