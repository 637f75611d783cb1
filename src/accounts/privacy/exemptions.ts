import type { Exemption } from './coverage.ts';

/**
 * Columns that refer to a person yet are left out of the download or the erasure on purpose,
 * each with the reason. Adding a line here is a decision a reviewer reads; the schema check
 * (coverage.int.test.ts) fails on any personal column that is neither covered nor listed.
 */
export const EXEMPTIONS: readonly Exemption[] = [
  {
    column: 'audit_events.actor_id',
    sides: ['export', 'erase'],
    reason: "The newsroom's audit trail of staff actions (who published, changed rights, sent alerts), kept for accountability; readers do not act in it.",
  },
  {
    column: 'audit_events.actor_name',
    sides: ['export', 'erase'],
    reason: 'As audit_events.actor_id: the name the audit trail shows for a staff action, kept with it.',
  },
  {
    column: 'article_revisions.actor',
    sides: ['export', 'erase'],
    reason: "Who made each revision of a published article: part of the newsroom's editorial record, staff only.",
  },
  {
    column: 'site_settings.updated_by',
    sides: ['export', 'erase'],
    reason: 'The admin who last changed a site setting: an accountability record of staff work.',
  },
  {
    column: 'page_revisions.actor',
    sides: ['export', 'erase'],
    reason: "Who made each revision of one of the site's own pages: part of the newsroom's editorial record, staff only.",
  },
  {
    column: 'front_versions.actor',
    sides: ['export', 'erase'],
    reason: "Which editor published each version of a front: the newsroom's editorial record, staff only.",
  },
  {
    column: 'fronts.draft_actor',
    sides: ['export', 'erase'],
    reason: "The editor who saved a front's draft last, shown to the other editors working on it: staff work.",
  },
  {
    column: 'front_schedules.actor',
    sides: ['export', 'erase'],
    reason: 'Which editor scheduled a front layout: an accountability record of staff work.',
  },
  {
    column: 'navigation_menus.actor',
    sides: ['export', 'erase'],
    reason: "The editor who last saved an edition's menus: an accountability record of staff work.",
  },
  {
    column: 'live_entries.created_by',
    sides: ['export', 'erase'],
    reason: 'The staff member who started a live blog entry, as the actor name revisions record: an accountability record of staff work.',
  },
  {
    column: 'live_entries.creator_id',
    sides: ['export', 'erase'],
    reason: 'The staff account that started a live blog entry (whose draft it is): an accountability record of staff work.',
  },
  { column: 'live_entry_authors.author_id', sides: ['export', 'erase'], reason: 'Points to a byline (authors), a public newsroom profile, not to an account.' },
  { column: 'article_authors.author_id', sides: ['export', 'erase'], reason: 'Points to a byline (authors), a public newsroom profile, not to an account.' },
  {
    column: 'author_accounts.author_id',
    sides: ['export', 'erase'],
    reason: 'The byline side of the link; the account side (author_accounts.user_id) is exported and erased.',
  },
  {
    column: 'comment_sanctions.moderator_id',
    sides: ['export'],
    reason:
      "Which moderator sanctioned a reader is about that reader's case; a moderator's download does not list other readers' sanctions. Erased (set to null).",
  },
  {
    column: 'moderation_events.moderator_id',
    sides: ['export'],
    reason: "As comment_sanctions.moderator_id: moderation of other readers is theirs, not the moderator's, to download. Erased (set to null).",
  },
  {
    column: 'editing_presence.user_id',
    sides: ['export'],
    reason: 'A heartbeat of an open editor that is stale after a minute: nothing lasting to give. Erased.',
  },
  { column: 'webauthn_challenges.user_id', sides: ['export'], reason: 'A one-time challenge that lives for the minutes of one passkey ceremony. Erased.' },
];
