import { Csrf, Panel, type FormState } from '../../web/forms/components.tsx';
import type { NewsroomSettings } from '../settings/repository.ts';

export function SettingsPage({ state, settings }: { state: FormState; settings: NewsroomSettings }) {
  return (
    <Panel title="Newsroom settings" error={state.error}>
      <form method="post" action="/newsroom/settings" class="account-form">
        <Csrf state={state} />
        <label class="check">
          <input type="checkbox" name="staffSecondFactor" checked={settings.staffSecondFactor} /> Staff must sign in with a second factor (a passkey or an
          authenticator app)
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
