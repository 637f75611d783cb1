import { Type } from 'typebox';

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it. */
export const SubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ maxLength: 4096 }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object({ p256dh: Type.String({ maxLength: 200 }), auth: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
