import type { PersonalDataPart } from '../../accounts/index.ts';
import { commentsErasure } from '../erasure.ts';
import { commentsDataOf, eraseModerationRecords } from './repository.ts';

/**
 * The comments' part of a reader's data. Download: their comments with the address of each
 * article, recommendations, flags, who they follow and who follows them, reply notices,
 * e-mail choice, sanctions and moderation history. Erasure: see erasure.ts; sanctions and
 * moderation history go too. Kept comments stay linked to the erased account, which by then
 * says only "Former reader".
 */
export const commentsPart: PersonalDataPart = {
  domain: 'comments',
  export: async (db, { id, publicUrl }) => {
    const data = await commentsDataOf(db, id);
    const withUrl = <T extends { articlePath: string }>(list: T[]) => list.map((row) => ({ ...row, articleUrl: `${publicUrl}${row.articlePath}` }));
    return {
      comments: {
        written: withUrl(data.comments),
        recommendations: withUrl(data.recommendations),
        flags: withUrl(data.flags),
        following: data.following,
        followers: data.followers,
        notifications: withUrl(data.notifications),
        preferences: data.preferences,
        sanctions: data.sanctions,
        moderation: data.moderation,
      },
    };
  },
  erase: async (tx, user) => {
    await commentsErasure(tx, user);
    await eraseModerationRecords(tx, user.id);
  },
  covers: {
    export: [
      'comments.author_id',
      'comment_recommendations.user_id',
      'comment_flags.user_id',
      'reader_follows.follower_id',
      'reader_follows.followee_id',
      'comment_notifications.user_id',
      'comment_preferences.user_id',
      'comment_sanctions.user_id',
      'moderation_events.user_id',
    ],
    erase: [
      'comments.author_id',
      'comment_recommendations.user_id',
      'comment_flags.user_id',
      'reader_follows.follower_id',
      'reader_follows.followee_id',
      'comment_notifications.user_id',
      'comment_preferences.user_id',
      'comment_sanctions.user_id',
      'moderation_events.user_id',
      'comment_sanctions.moderator_id',
      'moderation_events.moderator_id',
    ],
  },
};
