import { Csrf, Panel, type FormState } from '../../accounts/http/pages/common.tsx';
import { MIN_PASSWORD_LENGTH } from '../../accounts/credentials/passwords.ts';
import type { NewsroomSettings } from '../settings/repository.ts';

export const STATUSES = ['draft', 'scheduled', 'published', 'unpublished'] as const;

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

export interface NewsroomItem {
  id: string;
  headline: string;
  status: string;
  section: string;
  modifiedAt: string;
  authors: string[];
}

export function NewsroomHome({ items, status, isAdmin }: { items: NewsroomItem[]; status: string | undefined; isAdmin: boolean }) {
  return (
    <div class="newsroom">
      <h1>Newsroom</h1>
      <nav aria-label="Filter by status" class="newsroom-filters">
        <a href="/newsroom" aria-current={status ? undefined : 'page'}>
          All
        </a>
        {STATUSES.map((s) => (
          <a href={`/newsroom?status=${s}`} aria-current={status === s ? 'page' : undefined}>
            {s[0]!.toUpperCase() + s.slice(1)}
          </a>
        ))}
        {isAdmin && <a href="/newsroom/settings">Settings</a>}
      </nav>
      {items.length === 0 ? (
        <p>No articles{status ? ` with the status ${status}` : ''} yet.</p>
      ) : (
        <table class="newsroom-list">
          <caption class="visually-hidden">Articles, most recently changed first</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">By</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr>
                <td>{a.headline}</td>
                <td>{a.status}</td>
                <td>{a.section}</td>
                <td>{a.authors.join(', ')}</td>
                <td>
                  <time datetime={a.modifiedAt}>{a.modifiedAt.slice(0, 16).replace('T', ' ')} UTC</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function SettingsPage({ state, settings }: { state: FormState; settings: NewsroomSettings }) {
  return (
    <Panel title="Newsroom settings" error={state.error}>
      <form method="post" action="/newsroom/settings" class="account-form">
        <Csrf state={state} />
        <label class="check">
          <input type="checkbox" name="staffSecondFactor" checked={settings.staffSecondFactor} /> Staff must sign in with a second factor (a passkey or an authenticator app)
        </label>
        <button class="button button--primary" type="submit">
          Save settings
        </button>
      </form>
      <p>
        <a href="/newsroom">Back to the newsroom</a>
      </p>
    </Panel>
  );
}
