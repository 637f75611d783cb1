import { Type } from 'typebox';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { CONSENT_WORDINGS } from '../consents.ts';

/**
 * What each account page and form accepts. The schemas name the fields and cap their size
 * generously; what a reader can get wrong (an empty name, a weak password, a wrong code) stays
 * the flows' to explain, on the form again.
 */

/** Pages that send the reader on afterwards. */
export const ReturnQuery = pageQuery({ returnTo: text() });
export const SignInQuery = pageQuery({ returnTo: text(), why: text() });
/** Pages opened from an e-mailed link. */
export const TokenQuery = pageQuery({ token: text() });
/** Pages that show what the last form did. */
export const DoneQuery = pageQuery({ done: text() });
/** `/api/me?csrf=1`: a signed-out island asking for a CSRF token to act with. */
export const MeQuery = pageQuery({ csrf: text() });

/**
 * Every consent box registration has ever shown (`consent.<kind>`), retired ones included, so
 * a form opened before a question was retired still posts.
 */
const consentBoxes = Object.fromEntries(CONSENT_WORDINGS.map((w) => [`consent.${w.kind}`, text()]));

export const RegisterForm = formBody({
  displayName: text(),
  email: text(),
  password: text(),
  /** The proof-of-work island's answer. */
  altcha: text(),
  /** The honeypot people leave empty. */
  website: text(),
  ...consentBoxes,
});
export const SignInForm = formBody({ email: text(), password: text() });
export const EmailForm = formBody({ email: text() });
export const TokenForm = formBody({ token: text() });
export const ResetForm = formBody({ token: text(), password: text() });
export const CodeForm = formBody({ code: text() });
/** A form of one button: only its CSRF token (and return path). */
export const ButtonForm = formBody({});

export const ProfileForm = formBody({ displayName: text(), bio: text(20_000) });
export const PasswordForm = formBody({ current: text(), password: text() });
export const RenamePasskeyForm = formBody({ id: text(), name: text() });
export const PasskeyForm = formBody({ id: text() });
export const TwoStepForm = formBody({ secret: text(), code: text(), current: text() });
export const DeleteForm = formBody({ confirm: text(), comments: text() });
export const SessionForm = formBody({ session: text() });
export const ConsentForm = formBody({ kind: text(), choice: text() });
/** The picture upload (multipart): the file arrives as bytes, anything else is refused by the route. */
export const AvatarForm = formBody({ avatar: Type.Optional(Type.Unknown()) });

/** The passkey islands' JSON: the browser's WebAuthn answer is checked by the passkeys service. */
export const NewPasskeyBody = Type.Object({ name: text(), response: Type.Optional(Type.Unknown()) }, { additionalProperties: false });
export const PasskeySignInBody = Type.Object(
  { response: Type.Optional(Type.Unknown()), returnTo: Type.Optional(Type.Unknown()) },
  { additionalProperties: false },
);
