import { ActionButton, type FormState } from '../../web/forms/components.tsx';

/** On the staff page: make a one-time enrolment link for one member. */
export function EnrolmentLinkButton({ state, member }: { state: FormState; member: { id: string; name: string } }) {
  return (
    <ActionButton
      state={state}
      action="/newsroom/staff/enrolment-link"
      fields={{ user: member.id }}
      label="Make an enrolment link"
      what={`for ${member.name}`}
    />
  );
}

/** A link just made, shown this once: the page is never stored and the link is not kept readable. */
export function IssuedEnrolmentLink({ issued }: { issued: { name: string; link: string } }) {
  return (
    <section class="form-notice" role="status">
      <p>
        Enrolment link for <strong>{issued.name}</strong>. It works once, within 24 hours, while they are signed in to their own account, and lets them add a
        passkey or an authenticator app. Give it to them yourself (in person, or by a channel other than their e-mail); it is not shown again.
      </p>
      <p>
        <code class="secret">{issued.link}</code>
      </p>
    </section>
  );
}
