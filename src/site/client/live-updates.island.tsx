import { useEffect, useRef, useState } from 'preact/hooks';
import { followLiveStream } from '../../web/islands/live-stream.ts';
import { EntryChanges } from './live-order.ts';
import { anchored, highestPosition, onPage, removeEntry, showEntry, updateKeyEvents, type EntryUpdate, type Order } from './live-dom.ts';

/**
 * Live updates on a live blog's page, mounted by the page on open blogs as
 * `<Island name="live-updates" hydrate="idle" props={...}>`. New entries wait behind an "N new
 * updates" button and go in at the reader's click; edits, deletions, pins and the key-events
 * summary apply at once, in place; nothing moves under the reader's eyes. On an older page it
 * only counts what is new, with a link to the latest page. Without JavaScript the page is whole.
 */
interface Props {
  articleId: string;
  /** The page's edition: its stream sends entries with this edition's times and links. */
  edition: string;
  /** The blog's change number the page was rendered at (a cached page may be behind). */
  after: number;
  order: Order;
  /** The latest page (new entries go in) or an older one (they are only counted). */
  latest: boolean;
  latestPath: string;
}

/** `stopped`: the stream kept failing and its retries gave up; a reload starts it again. */
type Stage = 'live' | 'refresh' | 'closed' | 'stopped';

const STAGE_STATUS: Record<Exclude<Stage, 'live'>, string> = {
  closed: 'This live blog has ended.',
  refresh: 'Many updates came in while you were away.',
  stopped: 'Live updates have stopped. Reload the page to check for the latest.',
};

export default function LiveUpdates({ articleId, edition, after, order, latest, latestPath }: Props) {
  const [waiting, setWaiting] = useState<EntryUpdate[]>([]);
  const [stage, setStage] = useState<Stage>('live');
  const queue = useRef(new Map<string, EntryUpdate>());
  const top = useRef(0);

  useEffect(() => {
    top.current = highestPosition();
    const list = document.getElementById('live-entries');
    if (!list) return;
    const changes = new EntryChanges(after);
    const sync = () => setWaiting([...queue.current.values()].sort((a, b) => a.position - b.position));
    const listen = (source: EventSource) => {
      source.addEventListener('entry', (event) => {
        const update = JSON.parse((event as MessageEvent<string>).data) as EntryUpdate;
        if (!changes.accept(update)) return;
        const isNew = !onPage(update.id) && (update.position > top.current || queue.current.has(update.id) || !!update.pinned);
        if (update.status === 'deleted') {
          queue.current.delete(update.id);
          anchored(() => removeEntry(update.id));
        } else if (isNew && latest) {
          queue.current.set(update.id, update);
          anchored(() => updateKeyEvents(update));
        } else if (isNew) {
          if (update.position > top.current) queue.current.set(update.id, update);
        } else if (latest) {
          anchored(() => {
            showEntry(list, update, order);
            updateKeyEvents(update);
          });
        } else {
          anchored(() => showEntry(list, update, order));
        }
        sync();
      });
      source.addEventListener('refresh', () => {
        stream.close();
        setStage('refresh');
      });
      source.addEventListener('state', (event) => {
        const { state } = JSON.parse((event as MessageEvent<string>).data) as { state: string };
        if (state !== 'closed') return;
        stream.close();
        list.dataset.state = 'closed';
        anchored(() => document.querySelector('.live-mark:not(.live-mark--card)')?.remove());
        setStage('closed');
      });
    };
    // A new stream, after one the browser gave up on, resumes from the newest change this page has.
    const stream = followLiveStream({
      url: () => `/api/articles/${articleId}/entries/live?edition=${encodeURIComponent(edition)}&after=${changes.latest}`,
      listen,
      onGiveUp: () => setStage('stopped'),
    });
    return stream.close;
  }, [articleId, edition, after, order, latest]);

  function showWaiting() {
    const list = document.getElementById('live-entries');
    if (!list) return;
    const shown = [...queue.current.values()].sort((a, b) => a.position - b.position);
    anchored(() => {
      for (const update of shown) {
        showEntry(list, update, order);
        top.current = Math.max(top.current, update.position);
      }
    });
    queue.current.clear();
    setWaiting([]);
  }

  const count = waiting.length;
  const label = `${count} new ${count === 1 ? 'update' : 'updates'}`;
  const shows = stage === 'live' || stage === 'closed';
  return (
    <div class="live-updates">
      <p class="live-updates__status" aria-live="polite">
        {stage === 'live' ? (count ? label : '') : STAGE_STATUS[stage]}
      </p>
      {/* One control at a time: they float in the same place. A reload brings any waiting updates too. */}
      {stage === 'refresh' && (
        <button type="button" class="live-updates__show" onClick={() => location.reload()}>
          Reload for the latest updates
        </button>
      )}
      {stage === 'stopped' && (
        <button type="button" class="live-updates__show" onClick={() => location.reload()}>
          Live updates stopped: reload
        </button>
      )}
      {shows && count > 0 && latest && (
        <button type="button" class="live-updates__show" onClick={showWaiting}>
          Show {label}
        </button>
      )}
      {shows && count > 0 && !latest && (
        <a class="live-updates__show" href={latestPath}>
          {label} on the latest page
        </a>
      )}
    </div>
  );
}
