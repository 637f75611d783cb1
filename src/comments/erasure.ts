import type { ErasureHandler } from '../accounts/index.ts';
import { eraseReader } from './privacy/repository.ts';

/**
 * When a reader's account is erased: if they asked for their comments to go, each becomes a
 * tombstone (replies under it still read) and the counts drop; otherwise the comments stay,
 * signed "Former reader". Their follows, flags, recommendations and notices go either way.
 */
export const commentsErasure: ErasureHandler = (tx, user) => eraseReader(tx, user);
