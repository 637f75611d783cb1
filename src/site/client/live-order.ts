import type { EntryMessageData } from '../browser.ts';

/**
 * Which of a live blog's stream messages are news to this page. Each names the blog's change
 * number at the entry's last visible change; with several app processes behind Pushpin two
 * changes to one entry may arrive in either order, and a message may repeat one the page was
 * rendered with. The page shows every change up to `renderedAt`; after that an entry's update
 * counts only if it is newer than the last one applied, and a deleted entry stays deleted.
 */
export class EntryChanges {
  private readonly applied = new Map<string, number>();
  /** The newest change any message named: where a new stream resumes from. */
  latest: number;

  constructor(private readonly renderedAt: number) {
    this.latest = renderedAt;
  }

  /** Whether to apply `update`; remembers it when so. */
  accept(update: Pick<EntryMessageData, 'id' | 'change' | 'status'>): boolean {
    this.latest = Math.max(this.latest, update.change);
    const last = this.applied.get(update.id) ?? this.renderedAt;
    if (update.change <= last) return false;
    this.applied.set(update.id, update.status === 'deleted' ? Infinity : update.change);
    return true;
  }
}
