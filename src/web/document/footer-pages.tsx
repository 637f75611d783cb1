import type { SiteView } from './model.ts';

/**
 * The footer's links to the site's own pages (about, privacy notice, terms...). Navigation
 * menus may replace this list; until then the footer links every published page.
 */
export function FooterPages({ pages }: { pages: SiteView['pages'] }) {
  if (!pages.length) return null;
  return (
    <nav class="site-footer__pages" aria-label="About this site">
      <ul>
        {pages.map((page) => (
          <li>
            <a href={page.url}>{page.title}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
