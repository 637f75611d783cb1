import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { EnrolmentLinkButton, IssuedEnrolmentLink } from './enrolment-pages.tsx';

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  role: string;
}

export function StaffPage({
  state,
  staff,
  roles,
  notice,
  issued,
}: {
  state: FormState;
  staff: StaffMember[];
  roles: readonly string[];
  notice?: string | undefined;
  issued?: { name: string; link: string } | undefined;
}) {
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
