import type { ComponentChildren } from 'preact';
import { AddPasskey } from '../../client/passkey-add.island.tsx';
import { Island } from '../../../web/islands/island.tsx';
import { MIN_PASSWORD_LENGTH } from '../../credentials/passwords.ts';
import { DELETION_GRACE_DAYS } from '../../profile/service.ts';
import { ActionButton, CodeField, Csrf, Notices, Panel, type FormState } from '../../../web/forms/components.tsx';

/** The account page, section by section, and setting up two-step verification. */
export interface AccountView {
  displayName: string;
  bio: string;
  email: string;
  emailVerified: boolean;
  avatarUrl: string | null;
  hasPassword: boolean;
  hasTotp: boolean;
  deleteAt: string | null;
  sessions: { id: string; method: string; userAgent: string; lastSeenAt: string; current: boolean }[];
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
}

const day = (iso: string) => iso.slice(0, 10);

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} class="account-panel">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

export function AccountPage({ state, account, notice }: { state: FormState; account: AccountView; notice?: string | undefined }) {
  return (
    <div class="account">
      <h1>Your account</h1>
      <p>
        <a href="/account/replies">Replies to your comments</a> · <a href="/account/following">From people you follow</a> ·{' '}
        <a href="/account/alerts">Your alerts</a> · <a href="/account/contributions">Your contributions</a> · <a href="/account/consents">Your consents</a>
      </p>
      <Notices notice={notice} error={state.error} />
      {account.deleteAt && (
        <form method="post" action="/account/delete/cancel" class="form-error">
          <Csrf state={state} />
          <p>Your account will be erased on {day(account.deleteAt)}.</p>
          <button class="button button--primary" type="submit">
            Keep my account
          </button>
        </form>
      )}
      <Section id="profile" title="Profile">
        {account.avatarUrl && <img class="avatar" src={account.avatarUrl} alt="Your picture" width={96} height={96} />}
        <form method="post" action="/account/profile" class="account-form">
          <Csrf state={state} />
          <label for="displayName">Display name</label>
          <input id="displayName" name="displayName" required maxLength={200} value={account.displayName} />
          <label for="bio">About you</label>
          <textarea id="bio" name="bio" rows={3} maxLength={2000}>
            {account.bio}
          </textarea>
          <button class="button button--primary" type="submit">
            Save profile
          </button>
        </form>
        <form method="post" action="/account/avatar" enctype="multipart/form-data" class="account-form">
          <Csrf state={state} />
          <label for="avatar">Picture</label>
          <input id="avatar" name="avatar" type="file" accept="image/jpeg,image/png,image/webp,image/gif,image/avif" required />
          <button class="button" type="submit">
            Upload picture
          </button>
        </form>
        {account.avatarUrl && <ActionButton state={state} action="/account/avatar/remove" label="Remove picture" />}
      </Section>
      <Section id="email" title="E-mail address">
        <p>
          {account.email}
          {account.emailVerified ? '' : ' (not yet confirmed)'}
        </p>
        <form method="post" action="/account/email" class="account-form">
          <Csrf state={state} />
          <label for="new-email">New address</label>
          <input id="new-email" name="email" type="email" autocomplete="email" required maxLength={254} />
          <p class="hint">We send a link to both addresses; the change happens when both are confirmed.</p>
          <button class="button" type="submit">
            Change address
          </button>
        </form>
      </Section>
      <Section id="password" title="Password">
        <form method="post" action="/account/password" class="account-form">
          <Csrf state={state} />
          {account.hasPassword && (
            <>
              <label for="current">Current password</label>
              <input id="current" name="current" type="password" autocomplete="current-password" required maxLength={256} />
            </>
          )}
          <label for="new-password">{account.hasPassword ? 'New password' : 'Choose a password'}</label>
          <input id="new-password" name="password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD_LENGTH} maxLength={256} />
          <button class="button" type="submit">
            {account.hasPassword ? 'Change password' : 'Set password'}
          </button>
        </form>
      </Section>
      <Section id="passkeys" title="Passkeys">
        <p>A passkey signs you in with your fingerprint, face or device PIN: nothing to type, nothing to steal.</p>
        <ul class="session-list">
          {account.passkeys.map((p) => (
            <li>
              <span>
                <strong>{p.name}</strong> · added {day(p.createdAt)}
                {p.lastUsedAt ? ` · last used ${day(p.lastUsedAt)}` : ''}
              </span>
              <form method="post" action="/account/passkeys/rename" class="inline-form">
                <Csrf state={state} />
                <input type="hidden" name="id" value={p.id} />
                <label class="visually-hidden" for={`rename-${p.id}`}>
                  New name for {p.name}
                </label>
                <input id={`rename-${p.id}`} name="name" required maxLength={200} value={p.name} />
                <button class="button" type="submit">
                  Rename
                </button>
              </form>
              <ActionButton state={state} action="/account/passkeys/remove" fields={{ id: p.id }} label="Remove" what={p.name} />
            </li>
          ))}
        </ul>
        <Island name="passkey-add" hydrate="idle" props={{}}>
          <AddPasskey />
        </Island>
      </Section>
      <Section id="two-step" title="Two-step verification">
        {account.hasTotp ? (
          <form method="post" action="/account/two-step/disable" class="account-form">
            <Csrf state={state} />
            <p>On: signing in with a password or an e-mailed link also asks for a code from your app.</p>
            <CodeField id="disable-code" />
            <button class="button" type="submit">
              Turn off
            </button>
            <p>
              <a href="/account/two-step">Move to a new app</a>
            </p>
          </form>
        ) : (
          <p>
            Off. <a href="/account/two-step">Set up an authenticator app</a>
          </p>
        )}
      </Section>
      <Section id="sessions" title="Where you are signed in">
        <ul class="session-list">
          {account.sessions.map((s) => (
            <li>
              <span>
                {s.userAgent || 'Unknown browser'} · signed in by {s.method} · last seen{' '}
                <time datetime={s.lastSeenAt}>{s.lastSeenAt.slice(0, 16).replace('T', ' ')} UTC</time>
                {s.current && <strong> (this browser)</strong>}
              </span>
              {!s.current && <ActionButton state={state} action="/account/sessions/end" fields={{ session: s.id }} label="Sign out there" />}
            </li>
          ))}
        </ul>
        <ActionButton state={state} action="/account/sessions/end-all" label="Sign out everywhere else" />
        <ActionButton state={state} action="/account/sign-out" label="Sign out" />
      </Section>
      <Section id="data" title="Your data">
        <p>
          <a href="/account/data" download>
            Download my data
          </a>{' '}
          (a JSON file of everything we hold about your account).
        </p>
      </Section>
      {!account.deleteAt && (
        <Section id="delete" title="Delete my account">
          <form method="post" action="/account/delete" class="account-form">
            <Csrf state={state} />
            <p>Your account is erased {DELETION_GRACE_DAYS} days after you ask; signing in before then lets you keep it.</p>
            <fieldset>
              <legend>Your comments</legend>
              <label class="check">
                <input type="radio" name="comments" value="keep" checked /> Keep them, shown as by a former reader
              </label>
              <label class="check">
                <input type="radio" name="comments" value="remove" /> Remove them
              </label>
            </fieldset>
            <label class="check">
              <input type="checkbox" name="confirm" required /> I understand my account and its personal data will be erased
            </label>
            <button class="button" type="submit">
              Delete my account
            </button>
          </form>
        </Section>
      )}
    </div>
  );
}

export function TwoStepSetupPage({ state, secret, qrSvg, replacing }: { state: FormState; secret: string; qrSvg: string; replacing: boolean }) {
  return (
    <Panel title={replacing ? 'Move two-step verification to a new app' : 'Set up two-step verification'} error={state.error}>
      <p>Scan this code with an authenticator app, or type the key into it, then enter the code it shows.</p>
      <div class="qr" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: qrSvg }} />
      <p>
        Key: <code class="secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <form method="post" action="/account/two-step" class="account-form">
        <Csrf state={state} />
        <input type="hidden" name="secret" value={secret} />
        {/* The app in use is never replaced without a code from it. */}
        {replacing && <CodeField id="current-code" name="current" label="Code from the app you use now" />}
        <CodeField label={replacing ? 'Code from the new app' : 'Code from your app'} />
        <button class="button button--primary" type="submit">
          Turn on
        </button>
      </form>
    </Panel>
  );
}
