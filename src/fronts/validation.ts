import { Type, type Static } from 'typebox';
import { graphemeCount as length } from '../platform/text.ts';
import { CONTAINER_LAYOUTS, CONTAINER_LAYOUT_NAMES, MAX_CONTAINERS, MAX_TITLE, OVERRIDE_LIMITS, type ContainerLayout, type FrontLayout } from './model.ts';
import { PATTERN_MESSAGE } from '../platform/http/validation.ts';

/**
 * The front's shape rules, in two layers. The TypeBox schema refuses what is not a front at
 * all (unknown fields, wrong types, garbage nested deep) before a route sees it; `layoutProblems`
 * then checks the rules that span fields (sizes against layouts, unique ids, a story shown twice)
 * and says where each problem is, so the tool can point at the container or card.
 */

const Id = Type.String({ format: 'uuid' });
const largestLayout = Math.max(...Object.values(CONTAINER_LAYOUTS).map((l) => l.max));

export const CardOverridesSchema = Type.Object(
  {
    headline: Type.Optional(Type.String({ format: 'line', maxLength: OVERRIDE_LIMITS.headline * 4, maxGraphemes: OVERRIDE_LIMITS.headline })),
    trail: Type.Optional(Type.String({ format: 'text', maxLength: OVERRIDE_LIMITS.trail * 4, maxGraphemes: OVERRIDE_LIMITS.trail })),
    kicker: Type.Optional(Type.String({ format: 'line', maxLength: OVERRIDE_LIMITS.kicker * 4, maxGraphemes: OVERRIDE_LIMITS.kicker })),
    imageId: Type.Optional(Id),
    focal: Type.Optional(
      Type.Object({ x: Type.Number({ minimum: 0, maximum: 1 }), y: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const FrontCardSchema = Type.Object(
  { articleId: Id, boosted: Type.Optional(Type.Boolean()), overrides: Type.Optional(CardOverridesSchema) },
  { additionalProperties: false },
);

export const AutomaticSourceSchema = Type.Object(
  { sectionId: Type.Optional(Id), topicId: Type.Optional(Id), authorId: Type.Optional(Id), withPicture: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** A container's layout name, one of `CONTAINER_LAYOUT_NAMES` (the model's one list), named in the schema for API readers. */
export const ContainerLayoutSchema = Type.Enum(CONTAINER_LAYOUT_NAMES, { description: `One of: ${CONTAINER_LAYOUT_NAMES.join(', ')}.` });

export const ContainerSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_-]+$', minLength: 1, maxLength: 80, [PATTERN_MESSAGE]: 'letters, digits, hyphens and underscores' }),
    title: Type.String({ format: 'line', maxLength: MAX_TITLE * 4, maxGraphemes: MAX_TITLE }),
    layout: ContainerLayoutSchema,
    mode: Type.Union([Type.Literal('curated'), Type.Literal('automatic')]),
    size: Type.Integer({ minimum: 1, maximum: largestLayout }),
    cards: Type.Array(FrontCardSchema, { maxItems: largestLayout }),
    source: Type.Optional(AutomaticSourceSchema),
    fill: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** A whole front, as routes accept it. */
export const FrontLayoutSchema = Type.Object({ containers: Type.Array(ContainerSchema, { maxItems: MAX_CONTAINERS }) }, { additionalProperties: false });

// The schema's type and the model's must stay the same shape: this fails to compile if they drift.
const sameShape = (layout: Static<typeof FrontLayoutSchema>): FrontLayout => layout;
const sameLayouts = (name: ContainerLayout): Static<typeof ContainerSchema>['layout'] => name;
void sameShape;
void sameLayouts;

/** One thing wrong with a layout, and where: `containers[2].cards[1].articleId`. */
export interface LayoutProblem {
  path: string;
  message: string;
}

/**
 * Every rule a layout breaks on its own (without asking the database), in order. Pure, so the
 * service, the Admin API and the tests share it; the schema has already refused wrong types,
 * but these rules are checked again here so a layout from any path (a schedule, the demo)
 * is held to the same shape. A restore republishes a version that passed them when it was published.
 */
export function layoutProblems(layout: FrontLayout): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  if (layout.containers.length > MAX_CONTAINERS) {
    problems.push({ path: 'containers', message: `A front has at most ${MAX_CONTAINERS} containers; this one has ${layout.containers.length}.` });
  }
  const containerIds = new Map<string, number>();
  /** Where each story is first shown: the container's title and index. */
  const shown = new Map<string, { container: number; title: string }>();
  layout.containers.forEach((container, c) => {
    const at = `containers[${c}]`;
    const name = container.title ? `“${container.title}”` : `container ${c + 1}`;
    const earlier = containerIds.get(container.id);
    if (earlier !== undefined) problems.push({ path: `${at}.id`, message: `Two containers have the id “${container.id}” (${earlier + 1} and ${c + 1}).` });
    else containerIds.set(container.id, c);
    const max = CONTAINER_LAYOUTS[container.layout]?.max;
    if (max === undefined) problems.push({ path: `${at}.layout`, message: `${name} has an unknown layout “${container.layout}”.` });
    else if (container.size < 1 || container.size > max) {
      problems.push({ path: `${at}.size`, message: `${name} shows ${container.size} stories, but its layout shows 1 to ${max}.` });
    }
    if (length(container.title) > MAX_TITLE) problems.push({ path: `${at}.title`, message: `${name}'s title is longer than ${MAX_TITLE} characters.` });
    if (container.mode === 'automatic' && container.cards.length) {
      problems.push({ path: `${at}.cards`, message: `${name} is automatic, so it has no picked stories; make it curated to pick them.` });
    }
    if (container.cards.length > container.size) {
      problems.push({ path: `${at}.cards`, message: `${name} holds ${container.cards.length} stories but shows only ${container.size}.` });
    }
    container.cards.forEach((card, i) => {
      const cardAt = `${at}.cards[${i}]`;
      const first = shown.get(card.articleId);
      if (first) {
        const where = first.container === c ? `twice in ${name}` : `in both “${first.title}” and ${name}`;
        problems.push({ path: `${cardAt}.articleId`, message: `Story ${card.articleId} appears ${where}: a story may appear once per front.` });
      } else shown.set(card.articleId, { container: c, title: container.title || `container ${c + 1}` });
      problems.push(...overrideProblems(card.overrides ?? {}, `${cardAt}.overrides`));
    });
  });
  return problems;
}

function overrideProblems(overrides: NonNullable<FrontLayout['containers'][number]['cards'][number]['overrides']>, at: string): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  for (const field of ['headline', 'trail', 'kicker'] as const) {
    const text = overrides[field];
    if (text !== undefined && length(text) > OVERRIDE_LIMITS[field]) {
      problems.push({ path: `${at}.${field}`, message: `The front ${field} is longer than ${OVERRIDE_LIMITS[field]} characters.` });
    }
  }
  const focal = overrides.focal;
  if (focal && !(focal.x >= 0 && focal.x <= 1 && focal.y >= 0 && focal.y <= 1)) {
    problems.push({ path: `${at}.focal`, message: 'The crop point must lie within the picture (0 to 1 across and down).' });
  }
  return problems;
}

/** Every story an editor placed on the front, in order, once each. */
export function curatedStoryIds(layout: FrontLayout): string[] {
  return [...new Set(layout.containers.flatMap((c) => c.cards.map((card) => card.articleId)))];
}

/** Every picture the front's overrides name, once each. */
export function overrideImageIds(layout: FrontLayout): string[] {
  return [...new Set(layout.containers.flatMap((c) => c.cards.flatMap((card) => (card.overrides?.imageId ? [card.overrides.imageId] : []))))];
}
