import type { Inline, EnhancedBlock } from '../../content/index.ts';
import { Figure } from './figure.tsx';

/** Inline runs as text with <strong>, <em> and links; line breaks inside a run become <br>. */
export function Runs({ runs }: { runs: Inline[] }) {
  return (
    <>
      {runs.map((run) => {
        const lines = run.text.split('\n');
        let node = <>{lines.flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</>;
        if (run.italic) node = <em>{node}</em>;
        if (run.bold) node = <strong>{node}</strong>;
        if (run.href) node = <a href={run.href}>{node}</a>;
        return node;
      })}
    </>
  );
}

function Block({ block }: { block: EnhancedBlock }) {
  switch (block.type) {
    case 'paragraph':
      return (
        <p>
          <Runs runs={block.content} />
        </p>
      );
    case 'heading':
      return block.level === 2 ? (
        <h2>
          <Runs runs={block.content} />
        </h2>
      ) : (
        <h3>
          <Runs runs={block.content} />
        </h3>
      );
    case 'quote':
      return (
        <blockquote class="quote">
          <p>
            <Runs runs={block.content} />
          </p>
          {block.attribution && (
            <footer>
              <cite>{block.attribution}</cite>
            </footer>
          )}
        </blockquote>
      );
    case 'list': {
      const items = block.items.map((item) => (
        <li>
          <Runs runs={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'image':
      return block.image ? <Figure image={block.image} className="figure figure--inline" /> : null;
    case 'embed':
      // Embeds are links, not iframes: no third-party code runs unless a reader follows one.
      return (
        <figure class="embed">
          <a href={block.url} rel="noopener nofollow external">
            {block.title || 'Open the embedded content'}
          </a>
          <figcaption>{new URL(block.url).host}</figcaption>
        </figure>
      );
    case 'related':
      return block.article ? (
        <aside class="related" aria-label="Related story">
          <a href={block.article.url}>
            <span class="related__kicker">Related</span>
            <span class="related__headline">{block.article.headline}</span>
            <span class="related__standfirst">{block.article.standfirst}</span>
          </a>
        </aside>
      ) : null;
    case 'pullquote':
      return (
        <aside class="pullquote" aria-label="Pull quote">
          <p>{block.text}</p>
          {block.attribution && <cite>{block.attribution}</cite>}
        </aside>
      );
    case 'divider':
      return <hr />;
    default:
      return null;
  }
}

export function Body({ blocks }: { blocks: EnhancedBlock[] }) {
  return (
    <div class="article__body">
      {blocks.map((block) => (
        <Block block={block} />
      ))}
    </div>
  );
}
