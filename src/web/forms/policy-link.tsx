/** A page of the site's own a form points to (SiteView.pages' entries have this shape). */
export interface PolicyPage {
  title: string;
  url: string;
}

/** The entry with `slug` among the site's published pages, if it is published. */
export const policyPage = (pages: readonly (PolicyPage & { slug: string })[], slug: string): PolicyPage | undefined => {
  const found = pages.find((page) => page.slug === slug);
  return found && { title: found.title, url: found.url };
};

/**
 * "Please read our community standards": the line a form shows to link the policy it is bound
 * by. Renders nothing when the page is not published, rather than a link that leads nowhere.
 */
export function PolicyLink({ page, lead }: { page: PolicyPage | undefined; lead: string }) {
  if (!page) return null;
  return (
    <p class="hint policy-link">
      {lead} <a href={page.url}>{page.title}</a>.
    </p>
  );
}
