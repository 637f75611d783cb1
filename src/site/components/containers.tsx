import { focalClasses, srcsetOf, type CardPicture, type PictureCandidate } from '../../content/index.ts';
import type { EditionView } from '../../web/document/model.ts';
import { shortDate } from '../../web/time.ts';
import type { FrontCardView, FrontContainerView } from '../fronts/compose.ts';

/**
 * A front's containers as readers see them, one component per layout. Semantic and small: a
 * container is a `section` named by its heading, its stories a list of `article`s; headlines
 * are the only links (one per story, so a screen reader's list of links is the list of stories).
 */

type Card = FrontCardView & { commentCount?: number };

/** Widths past which a card's slot never needs more pixels (its widest layout at twice the density). */
const WIDEST = { big: 1280, small: 960, face: 320 } as const;

/** Pure: the candidates a slot this size uses (the narrowest always stays). */
export function candidatesUpTo(candidates: PictureCandidate[], widest: number): PictureCandidate[] {
  const kept = candidates.filter((c) => c.width <= widest);
  return kept.length ? kept : candidates.slice(0, 1);
}

/**
 * A picture the stylesheet crops: its focal point decides what stays in view. `sizes` only
 * where a `srcset` uses it, and no `decoding` hint (the browser's default decodes off the
 * main thread): every attribute here is repeated on every card.
 */
function CardImage({ picture, sizes, priority, widest }: { picture: CardPicture; sizes: string; priority: boolean; widest: keyof typeof WIDEST }) {
  const face = widest === 'face';
  const srcset = srcsetOf(candidatesUpTo(picture.candidates, WIDEST[widest]));
  const jpegSet = picture.type === 'image/jpeg' && !!srcset;
  const img = (
    <img
      class={focalClasses(picture.focal)}
      src={picture.src ?? ''}
      srcset={jpegSet ? srcset : undefined}
      sizes={jpegSet ? sizes : undefined}
      width={picture.width}
      height={picture.height}
      alt={face ? '' : picture.alt}
      loading={priority ? 'eager' : 'lazy'}
      {...(priority ? { fetchpriority: 'high' } : {})}
    />
  );
  if (picture.type === 'image/jpeg' || !srcset) return <div class={face ? 'face' : 'card__image'}>{img}</div>;
  return (
    <div class={face ? 'face' : 'card__image'}>
      <picture>
        <source type={picture.type} srcset={srcset} sizes={sizes} />
        {img}
      </picture>
    </div>
  );
}

function Meta({ card, edition }: { card: Card; edition: EditionView }) {
  if (!card.publishedAt) return null;
  return (
    <p class="card__meta">
      <time datetime={card.publishedAt}>{shortDate(new Date(card.publishedAt), edition.locale, edition.timeZone)}</time>
      {!!card.commentCount && (
        <>
          {' · '}
          <a href={`${card.url}#comments`}>
            {card.commentCount} {card.commentCount === 1 ? 'comment' : 'comments'}
          </a>
        </>
      )}
    </p>
  );
}

interface CardProps {
  card: Card;
  edition: EditionView;
  big?: boolean;
  picture?: boolean;
  priority?: boolean;
  sizes?: string;
}

function StoryCard({ card, edition, big = false, picture = true, priority = false, sizes = '(min-width: 48rem) 18rem, 100vw' }: CardProps) {
  return (
    <article class={big ? 'fcard fcard--big' : 'fcard'}>
      {picture && card.picture && <CardImage picture={card.picture} sizes={sizes} priority={priority} widest={big ? 'big' : 'small'} />}
      <div class="card__text">
        {(card.kicker || card.live) && (
          <p class="card__kicker">
            {card.live && <span class="live-mark live-mark--card">Live</span>}
            {card.kicker}
          </p>
        )}
        <h3 class="card__headline">
          <a href={card.url}>{card.headline}</a>
        </h3>
        {card.trail && (big || card.boosted) && <p class="card__standfirst">{card.trail}</p>}
        <Meta card={card} edition={edition} />
      </div>
    </article>
  );
}

function Lead({ cards, edition, first }: { cards: Card[]; edition: EditionView; first: boolean }) {
  const [lead, ...rest] = cards;
  return (
    <div class="fc-lead">
      <StoryCard card={lead!} edition={edition} big priority={first} sizes="(min-width: 61rem) 40rem, 100vw" />
      {rest.length > 0 && (
        <ul class="fc-list">
          {rest.map((card) => (
            <li>
              <StoryCard card={card} edition={edition} picture={false} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Grid({ cards, edition, kind }: { cards: Card[]; edition: EditionView; kind: 'top' | 'row' }) {
  return (
    <ul class={`fc-grid fc-grid--${kind}`}>
      {cards.map((card) => (
        <li class={kind === 'top' && card.boosted ? 'fc-boost' : undefined}>
          <StoryCard
            card={card}
            edition={edition}
            big={kind === 'top' && card.boosted}
            sizes={kind === 'top' && card.boosted ? '(min-width: 48rem) 36rem, 100vw' : '(min-width: 48rem) 18rem, 100vw'}
          />
        </li>
      ))}
    </ul>
  );
}

function Headlines({ cards }: { cards: Card[] }) {
  return (
    <ol class="fc-headlines">
      {cards.map((card) => (
        <li class={card.boosted ? 'fc-boost' : undefined}>
          {(card.kicker || card.live) && (
            <span class="card__kicker">
              {card.live && <span class="live-mark live-mark--card">Live</span>}
              {card.kicker}{' '}
            </span>
          )}
          <a href={card.url}>{card.headline}</a>
        </li>
      ))}
    </ol>
  );
}

function Opinion({ cards, edition }: { cards: Card[]; edition: EditionView }) {
  return (
    <ul class="fc-grid fc-grid--opinion">
      {cards.map((card) => {
        const writer = card.writers[0];
        return (
          <li class={card.boosted ? 'fc-boost' : undefined}>
            <article class="fcard fcard--opinion">
              {writer && <p class="fc-writer">{writer.name}</p>}
              <h3 class="card__headline">
                <a href={card.url}>{card.headline}</a>
              </h3>
              {writer?.face && <CardImage picture={writer.face} sizes="5rem" priority={false} widest="face" />}
              <Meta card={card} edition={edition} />
            </article>
          </li>
        );
      })}
    </ul>
  );
}

function Breaking({ cards }: { cards: Card[] }) {
  return (
    <ul class="fc-breaking">
      {cards.map((card) => (
        <li>
          <a href={card.url}>{card.headline}</a>
        </li>
      ))}
    </ul>
  );
}

function Body({ container, edition, first }: { container: FrontContainerView & { cards: Card[] }; edition: EditionView; first: boolean }) {
  const { cards } = container;
  switch (container.layout) {
    case 'lead':
      return <Lead cards={cards} edition={edition} first={first} />;
    case 'top':
    case 'row':
      return <Grid cards={cards} edition={edition} kind={container.layout} />;
    case 'headlines':
      return <Headlines cards={cards} />;
    case 'opinion':
      return <Opinion cards={cards} edition={edition} />;
    case 'breaking':
      return <Breaking cards={cards} />;
  }
}

/** Every container of a front, in order. The first picture on the page loads eagerly (it is the largest paint). */
export function FrontContainers({ containers, edition }: { containers: (FrontContainerView & { cards: Card[] })[]; edition: EditionView }) {
  const firstLead = containers.findIndex((c) => c.layout === 'lead');
  return (
    <>
      {containers.map((container, index) => (
        <section class={`fc fc--${container.layout}`} aria-labelledby={`fc-${index}`}>
          <h2 id={`fc-${index}`}>{container.title.trim() || (container.layout === 'breaking' ? 'Breaking news' : 'Stories')}</h2>
          <Body container={container} edition={edition} first={index === firstLead} />
        </section>
      ))}
    </>
  );
}
