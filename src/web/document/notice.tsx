/** 404, 410 and 400 pages: what happened and where to go next, never the request echoed back unescaped. */
export function NoticePage({ status }: { status: 400 | 404 | 410 }) {
  const text = {
    400: { title: 'That request could not be read', body: 'Part of the address or the search is not something we can look up. Check it, or search again.' },
    404: { title: 'Page not found', body: 'There is nothing at this address. It may have been mistyped, or the page may never have existed.' },
    410: {
      title: 'This article has been withdrawn',
      body: 'The article that was here is no longer published. Our editors remove articles only rarely and for a reason.',
    },
  }[status];
  return (
    <div class="notice">
      <h1 class="page-title">{text.title}</h1>
      <p>{text.body}</p>
      <p>
        <a href="/">Go to the front page</a> or <a href="/search">search the site</a>.
      </p>
    </div>
  );
}
