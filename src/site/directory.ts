import type { Executor } from '../platform/db/database.ts';
import { listEditions, listSections, sitePages, type EditionRow, type SectionRow, type Urls } from '../content/index.ts';
import type { Assets } from './assets.ts';
import { menuSources, siteMenus } from '../fronts/index.ts';
import type { EditionView, SiteView } from '../web/document/model.ts';

/**
 * The site's directory: editions and the section tree, read once and kept until the content
 * tells us names or the tree changed. Every page needs them; none should pay a query for them.
 */
export class SiteDirectory {
  private loaded: Promise<{ site: SiteView; editions: EditionRow[]; sections: SectionRow[] }> | undefined;

  constructor(
    private readonly db: Executor,
    private readonly urls: Urls,
    private readonly publicUrl: string,
    private readonly siteName: string,
    private readonly assets: Assets,
  ) {}

  invalidate(): void {
    this.loaded = undefined;
  }

  private load() {
    return (this.loaded ??= (async () => {
      const [editions, sections, pages] = [await listEditions(this.db), await listSections(this.db), await sitePages.listPublishedPageLinks(this.db)];
      const site: SiteView = {
        name: this.siteName,
        publicUrl: this.publicUrl,
        editions: editions.map((e) => this.editionView(e)),
        nav: sections.filter((s) => !s.parentId).map((s) => ({ slug: s.slug, name: s.name, url: this.urls.section(s.slug) })),
        // Publishing, withdrawing or renaming a page announces a site-wide change, which reloads this.
        pages: pages.map((p) => ({ slug: p.slug, title: p.title, url: this.urls.page(p.slug) })),
        assets: {
          css: this.assets.css,
          loader: this.assets.loader,
          newsroomLoader: this.assets.newsroomLoader,
          newsroomCss: this.assets.newsroomCss,
          logo: this.assets.logo,
        },
      };
      // Each edition's header and footer menus, saved by its editors or the default.
      const menus = await siteMenus(
        this.db,
        menuSources(sections, editions, site.pages, this.urls, this.publicUrl),
        editions.map((e) => e.code),
      );
      for (const view of site.editions) view.menus = menus.get(view.code);
      return { site, editions, sections };
    })().catch((error) => {
      this.loaded = undefined;
      throw error;
    }));
  }

  private editionView(row: EditionRow): EditionView {
    return { code: row.code, name: row.name, locale: row.locale, timeZone: row.timeZone, url: `${this.publicUrl}/${row.code}` };
  }

  async site(): Promise<SiteView> {
    return (await this.load()).site;
  }

  async edition(code: string): Promise<EditionView | undefined> {
    return (await this.site()).editions.find((e) => e.code === code);
  }

  /** The edition pages default to: the first one. */
  async defaultEdition(): Promise<EditionView> {
    return (await this.site()).editions[0]!;
  }

  async section(slug: string): Promise<SectionRow | undefined> {
    return (await this.load()).sections.find((s) => s.slug === slug);
  }

  /** The whole section tree, as read. */
  async sections(): Promise<SectionRow[]> {
    return (await this.load()).sections;
  }

  async sectionById(id: string): Promise<SectionRow | undefined> {
    return (await this.load()).sections.find((s) => s.id === id);
  }

  async children(id: string): Promise<SectionRow[]> {
    return (await this.load()).sections.filter((s) => s.parentId === id);
  }

  /** The section and every section below it. */
  async subtree(id: string): Promise<SectionRow[]> {
    const sections = (await this.load()).sections;
    const found: SectionRow[] = [];
    const walk = (sectionId: string) => {
      const section = sections.find((s) => s.id === sectionId);
      if (!section || found.includes(section)) return;
      found.push(section);
      for (const child of sections) if (child.parentId === sectionId) walk(child.id);
    };
    walk(id);
    return found;
  }

  async topLevel(): Promise<SectionRow[]> {
    return (await this.load()).sections.filter((s) => !s.parentId);
  }
}
