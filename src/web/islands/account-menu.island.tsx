import { useEffect, useState } from 'preact/hooks';

/**
 * Who is signed in, in the masthead. Cached pages are the same for everyone, so the server
 * renders the signed-out link; once hydrated, the island asks `/api/me` and shows the reader's
 * name instead. The sign-in link returns the reader to the page they were on.
 */
interface Me {
  signedIn: boolean;
  user?: { displayName: string };
  /** Replies to the reader's comments not yet read. */
  unreadReplies?: number;
}

export function AccountMenu() {
  const [me, setMe] = useState<Me | null>(null);
  const [here, setHere] = useState('/');
  useEffect(() => {
    setHere(location.pathname + location.search);
    fetch('/api/me', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<Me>) : null))
      .then(setMe)
      .catch(() => setMe(null));
  }, []);
  if (me?.signedIn && me.user) {
    const unread = me.unreadReplies ?? 0;
    return (
      <>
        {unread > 0 && (
          <a class="account-link account-link--replies" href="/account/replies">
            {unread} new {unread === 1 ? 'reply' : 'replies'}
          </a>
        )}
        <a class="account-link" href="/account">
          <span class="visually-hidden">Your account: </span>
          {me.user.displayName}
        </a>
      </>
    );
  }
  return (
    <a class="account-link" href={here === '/' ? '/account/sign-in' : `/account/sign-in?returnTo=${encodeURIComponent(here)}`}>
      Sign in
    </a>
  );
}

export default AccountMenu;
