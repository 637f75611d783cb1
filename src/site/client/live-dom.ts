/**
 * The live blog page's DOM as the live-updates island changes it: entries put in place by their
 * position, replaced or removed in place, the pinned slot and the key-events list, every change
 * made without moving what the reader is looking at (the first element in view stays where it was).
 */

import type { EntryMessageData } from '../browser.ts';

/** What the stream sends for an entry. */
export type EntryUpdate = EntryMessageData;

export type Order = 'newest' | 'oldest';

const entrySelector = (id: string) => `article[data-entry-id="${CSS.escape(id)}"]`;

/** Runs `change` and scrolls by however much it moved the first entry (or heading) in view, so nothing moves under the reader's eyes. */
export function anchored(change: () => void): void {
  // The first entry whose top is in view (else the first one still partly in view): changes above it are what the reader must not see.
  const entries = [...document.querySelectorAll<HTMLElement>('.live-blog article[data-entry-id]')];
  const anchor =
    entries.find((e) => {
      const box = e.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    }) ?? entries.find((e) => e.getBoundingClientRect().bottom > 0);
  const before = anchor?.getBoundingClientRect().top;
  change();
  if (!anchor || before === undefined || !anchor.isConnected) return;
  const moved = anchor.getBoundingClientRect().top - before;
  if (moved) window.scrollBy(0, moved);
}

/** The entry element an update's HTML (rendered by the site, as the page renders it) makes. */
function elementOf(update: EntryUpdate): HTMLElement | null {
  const template = document.createElement('template');
  template.innerHTML = update.html ?? '';
  return template.content.firstElementChild as HTMLElement | null;
}

export function onPage(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.live-blog ${entrySelector(id)}`);
}

/** The highest position the page shows (pinned included): anything above it is new to this reader. */
export function highestPosition(): number {
  let top = 0;
  for (const element of document.querySelectorAll<HTMLElement>('.live-blog article[data-entry-id]')) top = Math.max(top, Number(element.dataset.position) || 0);
  return top;
}

/** Puts an entry in the list at its position: newest first or oldest first, as the blog is read. */
function placeInList(list: HTMLElement, element: HTMLElement, position: number, order: Order): void {
  const before = [...list.querySelectorAll<HTMLElement>(':scope > article[data-entry-id]')].find((other) =>
    order === 'newest' ? Number(other.dataset.position) < position : Number(other.dataset.position) > position,
  );
  list.querySelector(':scope > .live-entries__none')?.remove();
  if (before) list.insertBefore(element, before);
  else list.append(element);
}

/** The pinned slot, made before the list when the page had none. */
function pinnedSlot(list: HTMLElement): HTMLElement {
  const existing = document.querySelector<HTMLElement>('[data-live-pinned]');
  if (existing) return existing;
  const slot = document.createElement('div');
  slot.className = 'live-pinned';
  slot.setAttribute('data-live-pinned', '');
  list.before(slot);
  return slot;
}

/**
 * Shows a published entry where it belongs (the pinned slot, or the list at its position) or
 * replaces it where it is. An entry neither pinned nor within the page's run goes nowhere (it is
 * on an older page).
 */
export function showEntry(list: HTMLElement, update: EntryUpdate, order: Order): void {
  const element = elementOf(update);
  if (!element) return;
  const current = onPage(update.id);
  const inSlot = !!current?.closest('[data-live-pinned]');
  if (current && inSlot === !!update.pinned) return current.replaceWith(element);
  current?.remove();
  if (update.pinned) {
    const slot = pinnedSlot(list);
    slot.replaceChildren(element);
    return;
  }
  const positions = [...list.querySelectorAll<HTMLElement>(':scope > article[data-entry-id]')].map((e) => Number(e.dataset.position));
  const lowest = positions.length ? Math.min(...positions) : 0;
  if (update.position >= lowest || !positions.length) placeInList(list, element, update.position, order);
}

export function removeEntry(id: string): void {
  const current = onPage(id);
  const slot = current?.closest<HTMLElement>('[data-live-pinned]');
  current?.remove();
  if (slot && !slot.children.length) slot.remove();
  removeKeyEvent(id);
}

function keyEventsList(): HTMLOListElement {
  const existing = document.querySelector<HTMLOListElement>('[data-live-key-events] ol');
  if (existing) return existing;
  const nav = document.createElement('nav');
  nav.className = 'key-events';
  nav.setAttribute('aria-labelledby', 'key-events-title');
  nav.setAttribute('data-live-key-events', '');
  const heading = document.createElement('h2');
  heading.id = 'key-events-title';
  heading.textContent = 'Key events';
  const list = document.createElement('ol');
  nav.append(heading, list);
  document.querySelector('.live-blog')?.prepend(nav);
  return list;
}

function removeKeyEvent(id: string): void {
  const item = document.querySelector(`[data-live-key-events] li[data-entry-id="${CSS.escape(id)}"]`);
  const nav = item?.closest('[data-live-key-events]');
  item?.remove();
  if (nav && !nav.querySelector('li')) nav.remove();
}

/** The key-events summary after an update: the entry listed (newest first), changed or taken off. Text only, never markup. */
export function updateKeyEvents(update: EntryUpdate): void {
  if (update.status !== 'published' || !update.keyEvent) return removeKeyEvent(update.id);
  const item = document.createElement('li');
  item.dataset.entryId = update.id;
  item.dataset.position = String(update.position);
  const link = document.createElement('a');
  link.href = update.permalink ?? `#entry-${update.id}`;
  const time = document.createElement('time');
  time.dateTime = update.publishedAt ?? '';
  time.textContent = update.clock ?? '';
  link.append(time, ` ${update.title || update.excerpt || ''}`);
  item.append(link);
  const list = keyEventsList();
  const existing = list.querySelector(`li[data-entry-id="${CSS.escape(update.id)}"]`);
  if (existing) return existing.replaceWith(item);
  const items = [...list.querySelectorAll<HTMLElement>('li[data-entry-id]')];
  const positionOf = (li: HTMLElement) => Number(li.dataset.position);
  const after = items.find((li) => positionOf(li) < update.position);
  if (after) list.insertBefore(item, after);
  else list.append(item);
}
