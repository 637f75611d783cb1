import type { PersonalDataPart } from '../../accounts/index.ts';
import { alertsDataOf, eraseAlertsData } from './repository.ts';
import { followsOfUser } from '../live-blogs/repository.ts';

const pushService = (endpoint: string) => {
  try {
    return new URL(endpoint).host;
  } catch {
    return 'unknown';
  }
};

/**
 * Alerts' part of a reader's data: subscriptions with their choices and the live blogs they
 * follow, what they were sent, and (staff) what they sent. Erasing the subscriptions erases
 * their follows with them (the follows' foreign key cascades).
 */
export const alertsPart: PersonalDataPart = {
  domain: 'alerts',
  export: async (db, { id }) => {
    const [data, followedLiveBlogs] = await Promise.all([alertsDataOf(db, id), followsOfUser(db, id)]);
    return {
      alerts: {
        subscriptions: data.subscriptions.map(({ endpoint, ...subscription }) => ({ ...subscription, pushService: pushService(endpoint) })),
        received: data.received,
        sent: data.sent,
        followedLiveBlogs,
      },
    };
  },
  erase: (tx, user) => eraseAlertsData(tx, user.id),
  covers: {
    export: ['push_subscriptions.user_id', 'alerts.created_by'],
    erase: ['push_subscriptions.user_id', 'alerts.created_by'],
  },
};
