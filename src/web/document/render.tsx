import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** A whole HTML document from a page tree. */
export const renderDocument = (page: VNode): Buffer => Buffer.from(`<!doctype html>${renderToString(page)}`);
