import type { PersonalDataPart } from '../../accounts/index.ts';
import { scheduleCancellations } from './cancel.ts';
import { anonymiseGiving, revenueDataOf } from './repository.ts';

/** The reference printed on a receipt (see contributions/service.ts). */
const receiptReference = (paymentId: string) => paymentId.slice(0, 8).toUpperCase();

/**
 * Reader revenue's part: what the reader gave, how, and what came back, signed in or signed out
 * under the account's confirmed address (see repository.ts). On erasure, recurring
 * contributions are stopped at the provider and its customer deleted (by a job), and the
 * payment records the accounts must keep lose the address and the link to the account.
 */
export const revenuePart: PersonalDataPart = {
  domain: 'revenue',
  export: async (db, { id }) => {
    const data = await revenueDataOf(db, id);
    return {
      contributions: {
        checkouts: data.checkouts,
        recurring: data.recurring,
        payments: data.payments,
        refunds: data.payments
          .filter((p) => p.refundedMinor > 0)
          .map((p) => ({ paymentId: p.id, refundedMinor: p.refundedMinor, currency: p.currency, at: p.refundedAt })),
        receipts: data.payments
          .filter((p) => p.status === 'paid' && p.email)
          .map((p) => ({ paymentId: p.id, reference: receiptReference(p.id), sentTo: p.email, paidAt: p.paidAt })),
      },
    };
  },
  erase: async (tx, user) => {
    await scheduleCancellations(tx, user.id);
    await anonymiseGiving(tx, user.id);
  },
  covers: {
    export: [
      'checkouts.user_id',
      'checkouts.email',
      'recurring_contributions.user_id',
      'recurring_contributions.email',
      'recurring_contributions.customer_ref',
      'payments.user_id',
      'payments.email',
    ],
    erase: [
      'checkouts.user_id',
      'checkouts.email',
      'recurring_contributions.user_id',
      'recurring_contributions.email',
      'recurring_contributions.customer_ref',
      'payments.user_id',
      'payments.email',
    ],
  },
};
