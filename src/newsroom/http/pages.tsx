import { ActionButton, Csrf, Notices, Panel, type FormState } from '../../web/forms/components.tsx';
import { MIN_PASSWORD_LENGTH } from '../../accounts/credentials/passwords.ts';
import type { NewsroomSettings } from '../settings/repository.ts';
import { ARTICLE_STATUSES } from '../../content/tables.ts';
import { EnrolmentLinkButton, IssuedEnrolmentLink } from './enrolment-pages.tsx';
import { SORTS, type Choice, type ListChoices, type ListFilterValues } from './list-filters.ts';


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
  /** Who has the article open in the editor right now. */
  editing: string[];
}

export const statusLabel = (status: string) => (status === 'in_review' ? 'In review' : status[0]!.toUpperCase() + status.slice(1));

function Select({ name, label, choices, value }: { name: string; label: string; choices: Choice[]; value: string | undefined }) {
  return (
    <label>
      {label}{' '}
      <select name={name}>
        <option value="">Any</option>
        {choices.map((c) => (
          <option value={c.value} selected={c.value === value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function NewsroomHome({ items, filters, choices, next, role, state }: { items: NewsroomItem[]; filters: ListFilterValues; choices: ListChoices; next: string | null; role: string; state: FormState }) {
  const statuses = ARTICLE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }));
  const { cursor: _cursor, ...kept } = filters;
  const olderHref = next ? `/newsroom?${new URLSearchParams({ ...(kept as Record<string, string>), cursor: next })}` : null;
  return (
    <div class="newsroom">
      <h1>Newsroom</h1>
      <nav aria-label="Newsroom" class="newsroom-filters">
        <a href="/newsroom/media">Media library</a>
        {(role === 'editor' || role === 'admin') && (
          <>
            <a href="/newsroom/taxonomy">Sections, topics and authors</a>
            <a href="/newsroom/alerts">Alerts</a>
            <a href="/newsroom/revenue">Reader revenue</a>
            <a href="/newsroom/moderation">Moderation</a>
          </>
        )}
      </nav>
      <form method="post" action="/newsroom/articles" class="new-article">
        <Csrf state={state} />
        <label>
          New article: headline <input name="headline" required maxLength={200} />
        </label>
        <label>
          Section{' '}
          <select name="section" required>
            {choices.sections.map((c) => (
              <option value={c.value}>{c.label}</option>
            ))}
          </select>
        </label>
        <button class="button button--primary" type="submit">
          Start writing
        </button>
        {state.error && (
          <p class="field-error" role="alert">
            {state.error}
          </p>
        )}
      </form>
      {role === 'admin' && (
        <nav aria-label="Administration" class="newsroom-filters">
          <a href="/newsroom/staff">Staff</a>
          <a href="/newsroom/tokens">API tokens</a>
          <a href="/newsroom/audit">Audit log</a>
          <a href="/newsroom/settings">Settings</a>
        </nav>
      )}
      <form method="get" action="/newsroom" class="search-filters" role="search">
        <label>
          Search <input type="search" name="q" maxLength={200} value={filters.q ?? ''} />
        </label>
        <Select name="status" label="Status" choices={statuses} value={filters.status} />
        <Select name="section" label="Section" choices={choices.sections} value={filters.section} />
        <Select name="author" label="Author" choices={choices.authors} value={filters.author} />
        <Select name="edition" label="Edition" choices={choices.editions} value={filters.edition} />
        <label>
          Sort{' '}
          <select name="sort">
            {SORTS.map((c) => (
              <option value={c.value} selected={c.value === (filters.sort ?? 'newest')}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <button class="button" type="submit">
          Filter
        </button>
      </form>
      {items.length === 0 ? (
        <p>No articles match.</p>
      ) : (
        <table class="newsroom-list">
          <caption class="visually-hidden">Articles, {filters.sort === 'oldest' ? 'oldest change first' : 'most recently changed first'}</caption>
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Section</th>
              <th scope="col">By</th>
              <th scope="col">Changed</th>
              <th scope="col">Editing now</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr>
                <td>
                  <a href={`/newsroom/articles/${a.id}`}>{a.headline}</a>
                </td>
                <td>{statusLabel(a.status)}</td>
                <td>{a.section}</td>
                <td>{a.authors.join(', ')}</td>
                <td>
                  <time datetime={a.modifiedAt}>{a.modifiedAt.slice(0, 16).replace('T', ' ')} UTC</time>
                </td>
                <td class="editing">{a.editing.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {olderHref && (
        <p>
          <a href={olderHref}>Older</a>
        </p>
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

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: string;
}

export function StaffPage({ state, staff, roles, notice, issued }: { state: FormState; staff: StaffMember[]; roles: readonly string[]; notice?: string | undefined; issued?: { name: string; link: string } | undefined }) {
  return (
    <div class="newsroom">
      <h1>Staff</h1>
      <Notices notice={notice} error={state.error} />
      {issued && <IssuedEnrolmentLink issued={issued} />}
      <ul class="session-list">
        {staff.map((m) => (
          <li>
            <span>
              <strong>{m.displayName || m.email}</strong> · {m.email}
            </span>
            <form method="post" action="/newsroom/staff/role" class="inline-form">
              <Csrf state={state} />
              <input type="hidden" name="user" value={m.id} />
              <label class="visually-hidden" for={`role-${m.id}`}>
                Role of {m.displayName || m.email}
              </label>
              <select id={`role-${m.id}`} name="role">
                {roles.map((r) => (
                  <option value={r} selected={r === m.role}>
                    {r}
                  </option>
                ))}
              </select>
              <button class="button" type="submit">
                Change role
              </button>
            </form>
            {m.role !== 'reader' && <EnrolmentLinkButton state={state} member={{ id: m.id, name: m.displayName || m.email }} />}
          </li>
        ))}
      </ul>
      <h2>Invite someone</h2>
      <form method="post" action="/newsroom/staff/invite" class="account-form">
        <Csrf state={state} />
        <label for="invite-email">E-mail address</label>
        <input id="invite-email" name="email" type="email" required maxLength={254} />
        <label for="invite-role">Role</label>
        <select id="invite-role" name="role">
          {roles
            .filter((r) => r !== 'reader')
            .map((r) => (
              <option value={r}>{r}</option>
            ))}
        </select>
        <button class="button button--primary" type="submit">
          Send the invitation
        </button>
      </form>
    </div>
  );
}

export function InvitePage({ state, token, invite }: { state: FormState; token: string; invite: { email: string; role: string; invitedBy: string; hasAccount: boolean } }) {
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

export interface AuditView {
  at: string;
  actorName: string;
  actorKind: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

export function AuditPage({ events, next }: { events: AuditView[]; next: string | null }) {
  return (
    <div class="newsroom">
      <h1>Audit log</h1>
      <table class="newsroom-list">
        <caption class="visually-hidden">Newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr>
              <td>
                <time datetime={e.at}>{e.at.slice(0, 19).replace('T', ' ')}</time>
              </td>
              <td>
                {e.actorName} ({e.actorKind})
              </td>
              <td>
                {e.action} · {e.targetType}
                {e.targetId ? ` ${e.targetId}` : ''}
              </td>
              <td>
                <code>{JSON.stringify(e.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <p>
          <a href={`/newsroom/audit?before=${encodeURIComponent(next)}`}>Older</a>
        </p>
      )}
    </div>
  );
}
