import { Type } from 'typebox';
import { EditionCode } from '../../content/index.ts';
import { FrontLayoutSchema } from '../validation.ts';

// What the fronts routes read and answer, shared by the tool's JSON API and the Admin API.

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
export const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const FrontParams = Type.Object({ id: Uuid }, strict);
export const ScheduleParams = Type.Object({ id: Uuid, scheduleId: Uuid }, strict);
export const VersionParams = Type.Object({ id: Uuid, number: Version }, strict);

export const Scope = Type.Union([
  Type.Object({ kind: Type.Literal('edition'), edition: EditionCode }, strict),
  Type.Object({ kind: Type.Literal('section'), sectionId: Uuid }, strict),
]);

export const OpenBody = Type.Object({ scope: Scope }, strict);
export const SaveBody = Type.Object({ layout: FrontLayoutSchema, version: Version }, strict);
export const PublishBody = Type.Object({ version: Version }, strict);
/** `version` is the draft the editor sees: a restore replaces the draft, so it must not overwrite a newer save. */
export const RestoreBody = Type.Object({ number: Version, version: Version }, strict);
export const ScheduleBody = Type.Object(
  {
    version: Version,
    runAt: Type.String({ format: 'date-time' }),
    /** A layout to publish then instead of the draft; absent: the draft as it is at `version`. */
    layout: Type.Optional(FrontLayoutSchema),
  },
  strict,
);
export const HistoryQuery = Type.Object({ before: Type.Optional(Version) }, strict);
export const StoryQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), section: Type.Optional(Type.String({ maxLength: 100 })) }, strict);
export const PresenceBody = Type.Object({ leaving: Type.Optional(Type.Boolean()) }, strict);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const When = Type.String({ format: 'date-time' });

export const FrontListingSchema = Type.Object({
  id: Nullable(Uuid),
  scope: Scope,
  name: Type.String(),
  url: Type.String(),
  version: Nullable(Type.Integer()),
  publishedNumber: Nullable(Type.Integer()),
  publishedAt: Nullable(When),
  savedAt: Nullable(When),
  actor: Nullable(Type.String()),
});

export const VersionSummarySchema = Type.Object({
  number: Type.Integer(),
  note: Type.String(),
  actor: Type.String(),
  publishedAt: When,
  containers: Type.Integer(),
  stories: Type.Integer(),
});
export const HistoryPage = Type.Object({ versions: Type.Array(VersionSummarySchema), nextBefore: Nullable(Type.Integer()) });
export const Published = Type.Object({ number: Type.Integer(), publishedAt: When });
/** A layout waiting to be published at `runAt`, and who scheduled it. */
export const ScheduleSchema = Type.Object({ id: Uuid, runAt: When, actor: Type.String() });
export const Scheduled = Type.Object({ id: Uuid, runAt: When });

/** A front for the Admin API: its draft with its version, what readers see, and the latest history. */
export const AdminFront = Type.Object({
  id: Uuid,
  scope: Scope,
  name: Type.String(),
  url: Type.String(),
  draft: Type.Object({ layout: FrontLayoutSchema, version: Type.Integer(), savedAt: When, actor: Type.String() }),
  published: Nullable(Type.Object({ layout: FrontLayoutSchema, number: Type.Integer(), publishedAt: When })),
  /** Layouts waiting to be published, soonest first. */
  schedules: Type.Array(ScheduleSchema),
  versions: Type.Array(VersionSummarySchema),
  nextBefore: Nullable(Type.Integer()),
});
