import type { FrontLayout } from '../browser.ts';
import { actorName, type FrontView, type StorySummary } from './types.ts';

function Outline({ title, layout, stories }: { title: string; layout: FrontLayout; stories: Record<string, StorySummary> }) {
  return (
    <div class="ft-conflict__version">
      <h3>{title}</h3>
      <ol>
        {layout.containers.map((c) => (
          <li>
            <strong>{c.title}</strong> ({c.mode === 'automatic' ? 'automatic' : `${c.cards.length} picked`})
            {c.cards.length > 0 && (
              <ol>
                {c.cards.map((card) => (
                  <li>
                    {card.overrides?.headline || stories[card.articleId]?.headline || card.articleId}
                    {card.boosted ? ' (boosted)' : ''}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * Someone saved this front after this editor loaded it, so their save was refused. Both
 * versions side by side; nothing changes until the editor keeps theirs or saves over it.
 */
export function ConflictPanel({
  mine,
  theirs,
  stories,
  onKeepTheirs,
  onOverwrite,
}: {
  mine: FrontLayout;
  theirs: FrontView;
  stories: Record<string, StorySummary>;
  onKeepTheirs: () => void;
  onOverwrite: () => void;
}) {
  const who = actorName(theirs.actor);
  return (
    <section class="ft-conflict" role="alertdialog" aria-labelledby="ft-conflict-title" aria-describedby="ft-conflict-text">
      <h2 id="ft-conflict-title">{who} saved this front while you were changing it</h2>
      <p id="ft-conflict-text">Your changes are not saved yet. Compare the two versions, then keep theirs or save yours over it.</p>
      <div class="ft-conflict__columns">
        <Outline title="Your version (not saved)" layout={mine} stories={stories} />
        <Outline
          title={`Their version ${theirs.version}, saved by ${who}${theirs.savedAt ? ` at ${new Date(theirs.savedAt).toLocaleTimeString()}` : ''}`}
          layout={theirs.draft}
          stories={stories}
        />
      </div>
      <p class="ft-conflict__actions">
        <button type="button" class="button" onClick={onKeepTheirs}>
          Keep their version
        </button>{' '}
        <button type="button" class="button button--primary" onClick={onOverwrite}>
          Save mine over theirs
        </button>
      </p>
    </section>
  );
}
