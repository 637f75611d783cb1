import type { AppContext } from '../../context.ts';
import { describeFront } from '../directory.ts';
import type { FrontRow } from '../repository/fronts.ts';
import { listVersions } from '../repository/history.ts';
import { pendingSchedules } from '../repository/schedules.ts';
import { storiesOf } from '../stories.ts';

/** Versions per page of history. */
export const HISTORY_PAGE = 50;

/** A page of a front's history, newest first, with where the next page starts. */
export async function historyPage(ctx: AppContext, frontId: string, before: number | undefined) {
  const found = await listVersions(ctx.database.db, frontId, { before, limit: HISTORY_PAGE + 1 });
  const versions = found.slice(0, HISTORY_PAGE).map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() }));
  return { versions, nextBefore: found.length > HISTORY_PAGE ? versions[versions.length - 1]!.number : null };
}

/** The layouts waiting to be published on the front, soonest first, as both APIs show them. */
async function scheduledView(ctx: AppContext, frontId: string) {
  return (await pendingSchedules(ctx.database.db, frontId)).map((s) => ({ id: s.id, runAt: s.runAt.toISOString(), actor: s.actor }));
}

const named = async (ctx: AppContext, row: FrontRow) => (await describeFront(ctx.database.db, ctx.urls, row.scope)) ?? { name: '', url: '' };

/** The front as the fronts tool opens it: the draft, its version, what is scheduled, and every curated story's card. */
export async function toolView(ctx: AppContext, row: FrontRow) {
  const db = ctx.database.db;
  return {
    id: row.id,
    scope: row.scope,
    ...(await named(ctx, row)),
    draft: row.draft,
    version: row.version,
    savedAt: row.savedAt.toISOString(),
    actor: row.actor,
    publishedNumber: row.publishedNumber,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    draftIsPublished: row.draftIsPublished,
    schedules: await scheduledView(ctx, row.id),
    stories: await storiesOf(db, ctx.urls, row.draft),
  };
}

/** The front as the Admin API gives it: the draft, what readers see, what is scheduled, the latest history. */
export async function adminView(ctx: AppContext, row: FrontRow) {
  return {
    id: row.id,
    scope: row.scope,
    ...(await named(ctx, row)),
    draft: { layout: row.draft, version: row.version, savedAt: row.savedAt.toISOString(), actor: row.actor },
    published:
      row.published && row.publishedNumber !== null && row.publishedAt
        ? { layout: row.published, number: row.publishedNumber, publishedAt: row.publishedAt.toISOString() }
        : null,
    schedules: await scheduledView(ctx, row.id),
    ...(await historyPage(ctx, row.id, undefined)),
  };
}
