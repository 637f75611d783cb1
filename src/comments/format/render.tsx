import type { CommentBlock } from './parse.ts';

/** Renders a parsed comment: every string escaped by Preact, links nofollow and ugc. */
export function CommentText({ blocks }: { blocks: CommentBlock[] }) {
  return (
    <>
      {blocks.map((block) => {
        const lines = block.lines.map((runs, i) => (
          <>
            {i > 0 && <br />}
            {runs.map((run) =>
              'href' in run ? (
                <a href={run.href} rel="nofollow ugc noopener" target="_blank">
                  {run.text}
                </a>
              ) : (
                run.text
              ),
            )}
          </>
        ));
        return block.kind === 'quote' ? (
          <blockquote>
            <p>{lines}</p>
          </blockquote>
        ) : (
          <p>{lines}</p>
        );
      })}
    </>
  );
}
