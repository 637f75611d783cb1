import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../platform/config.ts';
import { isClassifier, localClassifier, type Classifier } from './classifier.ts';

/**
 * The classifier the pipeline asks: the local one, or the newsroom's own from the ES module
 * COMMENT_CLASSIFIER names (its default export: `{ name, classify(text) }` answering
 * `{ score: 0..1, labels: string[] }`). A module that is missing or has the wrong shape stops
 * the start with a message, rather than letting comments through unchecked.
 */
export async function loadClassifier(path: string | undefined): Promise<Classifier> {
  if (!path) return localClassifier;
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new ConfigError('COMMENT_CLASSIFIER', `could not be loaded from ${path}: ${(error as Error).message}`);
  }
  if (!isClassifier(module.default))
    throw new ConfigError('COMMENT_CLASSIFIER', `${path} must export by default an object with a name and a classify(text) function`);
  return module.default;
}
