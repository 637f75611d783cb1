/**
 * Content's front door for server code: the article and taxonomy services, the read queries
 * the site, the Content API and the newsroom render from, images, the change events, URLs and
 * the API schemas. Browser code uses browser.ts.
 * Other domains import only this file and browser.ts: see docs/ARCHITECTURE.md.
 */
export { lookupsFor, presentAdmin, presentPublic } from './articles/present.ts';
export type { EnhancedBlock } from './articles/present.ts';
export { readCards } from './articles/card-repository.ts';
export type { CardImage, CardRead, CardRecord, CardSource } from './articles/card-repository.ts';
export { cardPicture, presentCard, srcsetOf } from './articles/cards.ts';
export type { CardPicture, CardView, PictureCandidate } from './articles/cards.ts';
export {
  MATCH_END,
  MATCH_START,
  countPublished,
  findArticle,
  findRevision,
  listPublishedPage,
  listRevisionSummaries,
  searchPublished,
  sitemapEntries,
} from './articles/repository.ts';
export type { ArticleRecord, ListFilters, RevisionSummary, SitemapEntry } from './articles/repository.ts';
export * as articles from './articles/service.ts';
export { FIRST_PUBLISHED_JOB, PUBLISH_SCHEDULED_JOB, addCorrection, createArticle, listArticles, publishScheduled } from './articles/service.ts';
export type { Block, Inline } from './blocks.ts';
export { ContentEvents } from './changes.ts';
export { changeEverything, type ContentDeps } from './changes.ts';
export type { ContentChange, Placement } from './changes.ts';
export { focalClasses } from './images/crop.ts';
export { mediaRoutes } from './images/media-routes.ts';
export { presentImage, presentLibraryImage } from './images/present.ts';
export type { ImageView } from './images/present.ts';
export { findImage, findImages } from './images/repository.ts';
export * as images from './images/service.ts';
export { AVIF_JOB, REMOVE_FILES_JOB, makeDeferredVariants, removeLeftFiles, uploadImage } from './images/service.ts';
export type { ImageChangeGuard } from './images/service.ts';
export { markdownToBlocks } from './import/markdown-to-blocks.ts';
export { safeHref } from './links.ts';
export { decodeCursor, encodeCursor } from './pagination.ts';
export type { Cursor } from './pagination.ts';
export {
  AddCorrection,
  AdminArticle,
  AdminArticleQuery,
  CreateArticle,
  CreateAuthor,
  CreateSection,
  CreateTopic,
  Entity,
  IdOrSlugParams,
  IdParams,
  ImageQuery,
  LibraryImage,
  Page,
  PublicLiveBlog,
  PublicArticle,
  PublicArticleQuery,
  PublishArticle,
  ScheduleArticle,
  SlugParams,
  UnpublishArticle,
  UpdateArticle,
  UpdateAuthor,
  UpdateImage,
  UpdateSection,
  UpdateTopic,
} from './schemas.ts';
export { isSlug } from './slug.ts';
export { EDITION_CODE_PATTERN, EditionCode } from './taxonomy/edition-code.ts';
export { ARTICLE_STATUSES } from './tables.ts';
export type { ArticleStatus } from './tables.ts';
export { presentAuthor, presentEdition, presentSection, presentTopic } from './taxonomy/present.ts';
export * as taxonomyReads from './taxonomy/repository.ts';
export { listAuthors, listEditions, listSections, listTopics } from './taxonomy/repository.ts';
export type { EditionRow, SectionRow } from './taxonomy/repository.ts';
export * as taxonomy from './taxonomy/service.ts';
export { createAuthor, createSection, createTopic, getAuthor, getTopic } from './taxonomy/service.ts';
export { urlsFor, withinSite } from './urls.ts';
export type { Urls } from './urls.ts';
export { findArticlesById } from './articles/record-repository.ts';
export * as sitePages from './pages/service.ts';
export type { PageRecord, PageRevisionSummary as SitePageRevision } from './pages/service.ts';
export { pageImages, presentAdminPage, presentPublicPage, presentRevision, presentRevisionDetail } from './pages/present.ts';
export { COMMUNITY_STANDARDS_SLUG, PRIVACY_SLUG, RESERVED_PAGE_SLUGS } from './pages/rules.ts';
export {
  AdminPage,
  CreatePage,
  PageAction,
  PageIdParams,
  PageRevision,
  PageRevisionParams,
  PageSlugParams,
  PublicPage,
  RestorePageRevision,
  SavePage,
} from './pages/schemas.ts';
export * as liveBlogs from './live/service.ts';
export { ENTRIES_PER_PAGE, entryPermalink, pageCount, pageOf, pageRange } from './live/rules.ts';
export { BodySchema } from './blocks.ts';
export { PUBLISH_DUE_ENTRIES_JOB } from './live/entry-service.ts';
export type { BlogCheck, EntryCheck, EntryFields, EntryRelease } from './live/entry-service.ts';
export type { LiveBlogSettings } from './live/blog-service.ts';
export type { LiveBlogRecord, LiveEntryRecord, EntryWriter } from './live/repository.ts';
export type { KeyEvent } from './live/reading-repository.ts';
export { entryReferences, presentEntries, type EntryReferences, type LiveEntryView } from './live/present.ts';
export { LIVE_BLOG_ORDERS, LIVE_BLOG_STATES, LIVE_ENTRY_STATUSES } from './live/tables.ts';
export type { LiveBlogOrder, LiveBlogState, LiveEntryStatus } from './live/tables.ts';
