import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { cancelled, csrfToken, postJson } from './passkeys.ts';

/** "Sign in with a passkey": no e-mail, no password; the browser offers the passkeys it holds for this site. */
export function PasskeySignIn({ returnTo }: { returnTo: string }) {
  const [supported, setSupported] = useState(false);
  const [status, setStatus] = useState('');
  useEffect(() => setSupported(typeof window.PublicKeyCredential === 'function'), []);
  if (!supported) return null;

  async function signIn() {
    setStatus('Follow your browser’s prompts…');
    try {
      const token = await csrfToken();
      const optionsJSON = await postJson<Parameters<typeof startAuthentication>[0]['optionsJSON']>('/api/account/passkey-sign-in/options', {}, token);
      const response = await startAuthentication({ optionsJSON });
      const done = await postJson<{ returnTo: string }>('/api/account/passkey-sign-in', { response, returnTo }, token);
      location.assign(done.returnTo);
    } catch (error) {
      setStatus(cancelled(error) ? '' : (error as Error).message);
    }
  }

  return (
    <div class="passkey-sign-in">
      <button class="button button--primary" type="button" onClick={signIn}>
        Sign in with a passkey
      </button>
      <p role="status" class="hint">
        {status}
      </p>
    </div>
  );
}

export default PasskeySignIn;
