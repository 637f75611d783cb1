export interface AuditView {
  at: string;
  actorName: string;
  actorKind: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
}

/** The audit log, newest first, a page at a time. */
export function AuditPage({ events, next }: { events: AuditView[]; next: string | null }) {
  return (
    <div class="newsroom">
      <h1>Audit log</h1>
      <table class="newsroom-list">
        <caption class="visually-hidden">Newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr>
              <td>
                <time datetime={e.at}>{e.at.slice(0, 19).replace('T', ' ')}</time>
              </td>
              <td>
                {e.actorName} ({e.actorKind})
              </td>
              <td>
                {e.action} · {e.targetType}
                {e.targetId ? ` ${e.targetId}` : ''}
              </td>
              <td>
                <code>{JSON.stringify(e.details)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <p>
          <a href={`/newsroom/audit?before=${encodeURIComponent(next)}`}>Older</a>
        </p>
      )}
    </div>
  );
}
