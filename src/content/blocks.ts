import { Type, type Static, type TSchema } from 'typebox';

/**
 * The article body is an ordered list of typed blocks: the one structure the APIs accept, the
 * newsroom editor produces and the reader site renders. Anything a block cannot hold (scripts,
 * styles, event handlers) has nowhere to live, which is the point.
 */

const strict = { additionalProperties: false } as const;
export const MAX_TEXT = 20_000;
export const MAX_BLOCKS = 2_000;

export const InlineSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: MAX_TEXT }),
    bold: Type.Optional(Type.Boolean()),
    italic: Type.Optional(Type.Boolean()),
    /** http(s), mailto or a site-relative path; anything else is refused or dropped on import. */
    href: Type.Optional(Type.String({ minLength: 1, maxLength: 2_000 })),
  },
  strict,
);
export type Inline = Static<typeof InlineSchema>;

const Inlines = Type.Array(InlineSchema, { minItems: 1, maxItems: 500 });
const Short = (max: number) => Type.String({ maxLength: max });
const Uuid = Type.String({ format: 'uuid' });

export const BLOCK_SCHEMAS = {
  paragraph: Type.Object({ type: Type.Literal('paragraph'), content: Inlines }, strict),
  heading: Type.Object({ type: Type.Literal('heading'), level: Type.Union([Type.Literal(2), Type.Literal(3)]), content: Inlines }, strict),
  quote: Type.Object({ type: Type.Literal('quote'), content: Inlines, attribution: Type.Optional(Short(300)) }, strict),
  list: Type.Object({ type: Type.Literal('list'), ordered: Type.Boolean(), items: Type.Array(Inlines, { minItems: 1, maxItems: 200 }) }, strict),
  image: Type.Object(
    {
      type: Type.Literal('image'),
      imageId: Uuid,
      /** Overrides the media library's alt text, caption and credit for this use. */
      alt: Type.Optional(Short(500)),
      caption: Type.Optional(Short(1_000)),
      credit: Type.Optional(Short(300)),
    },
    strict,
  ),
  embed: Type.Object(
    {
      type: Type.Literal('embed'),
      /** Rendered as a placeholder link: no third-party script reaches a reader by default. */
      url: Type.String({ minLength: 1, maxLength: 2_000 }),
      title: Type.Optional(Short(300)),
    },
    strict,
  ),
  related: Type.Object({ type: Type.Literal('related'), articleId: Uuid }, strict),
  pullquote: Type.Object(
    { type: Type.Literal('pullquote'), text: Type.String({ minLength: 1, maxLength: 1_000 }), attribution: Type.Optional(Short(300)) },
    strict,
  ),
  divider: Type.Object({ type: Type.Literal('divider') }, strict),
} satisfies Record<string, TSchema>;

export type BlockType = keyof typeof BLOCK_SCHEMAS;
export const BLOCK_TYPES = Object.keys(BLOCK_SCHEMAS) as BlockType[];
export type BlockOf<T extends BlockType> = Static<(typeof BLOCK_SCHEMAS)[T]>;
export type Block = { [T in BlockType]: BlockOf<T> }[BlockType];

/**
 * One block, validated by its `type` first (one of BLOCK_TYPES) so an unknown type is reported as such rather than
 * as nine failed alternatives (ajv's `discriminator` keyword).
 */
export const BlockSchema = Type.Unsafe<Block>({
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: Object.values(BLOCK_SCHEMAS),
});

export const BodySchema = Type.Array(BlockSchema, { maxItems: MAX_BLOCKS });
