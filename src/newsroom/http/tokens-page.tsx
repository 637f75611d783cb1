import { ActionButton, Csrf, Notices, type FormState } from '../../web/forms/components.tsx';

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function TokensPage({ state, tokens, created }: { state: FormState; tokens: TokenView[]; created?: { name: string; token: string } | undefined }) {
  return (
    <div class="newsroom">
      <h1>Admin API tokens</h1>
      <Notices error={state.error} />
      {created && (
        <p class="form-notice" role="status">
          New token “{created.name}”, shown this once: <code class="secret">{created.token}</code>
        </p>
      )}
      <ul class="session-list">
        {tokens.map((tk) => (
          <li>
            <span>
              <strong>{tk.name}</strong> · made {tk.createdAt.slice(0, 10)}
              {tk.lastUsedAt ? ` · last used ${tk.lastUsedAt.slice(0, 10)}` : ' · never used'}
              {tk.revokedAt ? ` · revoked ${tk.revokedAt.slice(0, 10)}` : ''}
            </span>
            {!tk.revokedAt && <ActionButton state={state} action="/newsroom/tokens/revoke" fields={{ id: tk.id }} label="Revoke" what={tk.name} />}
          </li>
        ))}
      </ul>
      <form method="post" action="/newsroom/tokens" class="account-form">
        <Csrf state={state} />
        <label for="token-name">Name (what uses it)</label>
        <input id="token-name" name="name" required maxLength={100} />
        <button class="button button--primary" type="submit">
          Create a token
        </button>
      </form>
    </div>
  );
}
