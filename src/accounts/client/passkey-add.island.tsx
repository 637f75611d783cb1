import { startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { cancelled, csrfToken, postJson } from './passkeys.ts';

/** "Add a passkey" on the account page; shown only where the browser can make one. */
export function AddPasskey() {
  const [supported, setSupported] = useState(false);
  const [name, setName] = useState('');
  const [status, setStatus] = useState('');
  useEffect(() => setSupported(typeof window.PublicKeyCredential === 'function'), []);
  if (!supported) return null;

  async function add(event: Event) {
    event.preventDefault();
    setStatus('Follow your browser’s prompts…');
    try {
      const token = await csrfToken();
      const optionsJSON = await postJson<Parameters<typeof startRegistration>[0]['optionsJSON']>('/api/account/passkeys/options', {}, token);
      const response = await startRegistration({ optionsJSON });
      await postJson('/api/account/passkeys', { name: name.trim() || 'Passkey', response }, token);
      location.assign('/account?done=passkey-added');
    } catch (error) {
      setStatus(cancelled(error) ? 'No passkey was added.' : (error as Error).message);
    }
  }

  return (
    <form class="account-form" onSubmit={add}>
      <label for="passkey-name">Name for a new passkey</label>
      <input id="passkey-name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} placeholder="Work laptop" maxLength={60} />
      <button class="button button--primary" type="submit">
        Add a passkey
      </button>
      <p role="status" class="hint">
        {status}
      </p>
    </form>
  );
}

export default AddPasskey;
