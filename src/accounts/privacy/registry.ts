import type { Executor } from '../../platform/db/database.ts';

/** What other parts of the site do when an account is erased (comments remove or anonymise theirs). */
export type ErasureHandler = (tx: Executor, user: { id: string; deleteComments: boolean }) => Promise<void>;

/** A domain's part of a reader's download: keys it adds to the JSON, each its own. */
export type ExportContributor = (executor: Executor, user: { id: string; publicUrl: string }) => Promise<Record<string, unknown>>;

/**
 * One domain's share of a reader's personal data: what it adds to "download my data", what it
 * does when the account is erased, and which `table.column`s each of those covers. The
 * declarations are what the schema check (coverage.ts) holds against the database, so a
 * column that refers to a reader cannot be added without someone deciding what happens to it.
 */
export interface PersonalDataPart {
  domain: string;
  export: ExportContributor;
  /** Absent for the accounts part: its own rows are erased last, by eraseAccount itself. */
  erase?: ErasureHandler;
  covers: { export: readonly string[]; erase: readonly string[] };
}

/**
 * The one registry every domain hands its part to (through its front door, when the app is
 * wired); the accounts domain assembles the download from it and runs its erasers.
 */
export class PersonalDataRegistry {
  private readonly registered: PersonalDataPart[] = [];

  register(part: PersonalDataPart): void {
    if (this.registered.some((p) => p.domain === part.domain)) throw new Error(`Personal data of "${part.domain}" is registered twice`);
    this.registered.push(part);
  }

  parts(): readonly PersonalDataPart[] {
    return this.registered;
  }

  erasers(): ErasureHandler[] {
    return this.registered.flatMap((p) => (p.erase ? [p.erase] : []));
  }

  /** Every part's export, merged; two parts claiming one key is a wiring mistake, not data to overwrite. */
  async exportFor(executor: Executor, user: { id: string; publicUrl: string }): Promise<Record<string, unknown>> {
    const merged: Record<string, unknown> = {};
    for (const part of this.registered) {
      for (const [key, value] of Object.entries(await part.export(executor, user))) {
        if (key in merged) throw new Error(`"${key}" of the data download is given by two domains`);
        merged[key] = value;
      }
    }
    return merged;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Each domain's part of a reader's data: see accounts/privacy/registry.ts. */
    personalData: PersonalDataRegistry;
  }
}
