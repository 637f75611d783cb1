import { describeBlock } from '../revisions/describe-block.ts';

/** A body as a short list, one line per block: how a conflict or a revision shows text to compare. */
export function BlockOutline({ body }: { body: Parameters<typeof describeBlock>[0][] }) {
  return (
    <ol class="conflict__body">
      {body.map((block) => {
        const { label, text } = describeBlock(block);
        return (
          <li>
            <span class="conflict__kind">{label}</span> {text}
          </li>
        );
      })}
    </ol>
  );
}
