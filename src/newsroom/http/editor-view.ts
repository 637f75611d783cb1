import { lookupsFor, presentAdmin, type ArticleRecord, type Urls } from '../../content/index.ts';
import { rightsFor } from '../rights/rights.ts';
import { type StaffRole } from '../../web/roles.ts';

/** What the editor island holds of an article: the Admin API's view plus what this role may do to it. */
export const editorView = (record: ArticleRecord, role: StaffRole, urls: Urls) => ({
  ...presentAdmin(record, lookupsFor([record]), urls),
  rights: rightsFor(role, record.status),
});
