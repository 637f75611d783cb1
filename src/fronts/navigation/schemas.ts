import { Type } from 'typebox';
import { EditionCode } from '../../content/index.ts';
import { NAV_LIMITS } from '../navigation-model.ts';

/**
 * The APIs' shapes of a menu. Lengths are capped generously here so that an over-long label
 * or a bad address reaches the menu's own checks, which answer 400 naming the field.
 */
const label = Type.String({ maxLength: 1_000, description: `What the link says: one line, at most ${NAV_LIMITS.label} characters` });
const url = Type.String({ maxLength: 2_000, description: 'A path on this site (/politics) or an absolute https:// address' });

const SubItemInput = Type.Object(
  { label, url, children: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100, description: 'Refused: sub-items have none' })) },
  { additionalProperties: false },
);
const ItemInput = Type.Object(
  { label, url, children: Type.Optional(Type.Array(SubItemInput, { maxItems: 100, description: `Sub-items (header only), at most ${NAV_LIMITS.children}` })) },
  { additionalProperties: false },
);

export const MenuName = Type.Union([Type.Literal('header'), Type.Literal('footer')]);

export const SaveMenuBody = Type.Object(
  {
    menu: MenuName,
    items: Type.Array(ItemInput, { maxItems: 100, description: `The whole menu, in order; at most ${NAV_LIMITS.items} items` }),
    version: Type.Integer({ minimum: 0, description: 'The version you edited (0 for a menu never saved); a stale one is refused with 409' }),
  },
  { additionalProperties: false },
);

const Link = Type.Object({ label: Type.String(), url: Type.String() });
export const NavItemSchema = Type.Object({ label: Type.String(), url: Type.String(), children: Type.Optional(Type.Array(Link)) });

const MenuState = Type.Object({
  items: Type.Array(NavItemSchema),
  version: Type.Integer({ description: '0 while never saved: the items are the default' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  savedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const AdminMenus = Type.Object({ edition: Type.String(), header: MenuState, footer: MenuState });
export const PublicMenus = Type.Object({ edition: Type.String(), header: Type.Array(NavItemSchema), footer: Type.Array(NavItemSchema) });
export const EditionParams = Type.Object({ edition: EditionCode });
