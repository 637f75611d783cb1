import type { BlogInfo, LiveApi, LiveBlog } from './live-model.ts';

/**
 * The live blog's state and, for editors, its settings: making the article a live blog, the
 * order readers get, whether entries wait for an editor, and closing or reopening it.
 */
export function LiveBlogControls({
  info,
  calls,
  onChanged,
  onError,
}: {
  info: BlogInfo;
  calls: LiveApi;
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const run = (write: () => Promise<unknown>) => void write().then(onChanged, onError);
  const blog = info.blog;
  if (!blog) {
    if (!info.mayRun) return <p class="notice">This article is not a live blog. An editor can make it one.</p>;
    return (
      <p class="live-controls">
        <button type="button" class="primary" onClick={() => run(() => calls.putBlog({}))}>
          Make this article a live blog
        </button>
      </p>
    );
  }
  const put = (patch: Partial<Pick<LiveBlog, 'state' | 'entryOrder' | 'holdEntries'>>) => run(() => calls.putBlog({ ...patch, version: blog.version }));
  return (
    <div class="live-controls">
      <p class="live-controls__state" role="status">
        {blog.state === 'open' ? <strong class="live-mark">Live</strong> : <strong>Closed</strong>}{' '}
        {blog.state === 'open' ? 'Readers get new entries as they are published.' : 'Coverage has ended; the page reads as an archive.'}
        {info.send === 'hold' && blog.state === 'open' && ' Your entries go to an editor before readers see them.'}
      </p>
      {info.mayRun && (
        <p class="live-controls__settings">
          <label>
            Order for readers{' '}
            <select value={blog.entryOrder} onChange={(e) => put({ entryOrder: e.currentTarget.value as LiveBlog['entryOrder'] })}>
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </label>{' '}
          <label>
            <input type="checkbox" checked={blog.holdEntries} onChange={(e) => put({ holdEntries: e.currentTarget.checked })} /> Writers’ entries wait for an
            editor
          </label>{' '}
          <button type="button" onClick={() => put({ state: blog.state === 'open' ? 'closed' : 'open' })}>
            {blog.state === 'open' ? 'Close the live blog' : 'Reopen'}
          </button>
        </p>
      )}
    </div>
  );
}
