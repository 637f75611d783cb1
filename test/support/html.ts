import { Parser } from 'htmlparser2';

/**
 * What in a page could run script, found by parsing it as a browser would tokenize it (not by
 * pattern-matching text, which cannot tell an attribute's value from an attribute): script
 * elements other than our own module loader and JSON-LD, event-handler attributes, and
 * javascript: URLs.
 */
export function activeContent(html: string): string[] {
  const found: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'script' && attributes.type !== 'module' && attributes.type !== 'application/ld+json') found.push(`<script> ${JSON.stringify(attributes)}`);
      for (const [attr, value] of Object.entries(attributes)) {
        if (/^on/i.test(attr)) found.push(`<${name} ${attr}>`);
        if (/^(href|src|action|formaction)$/i.test(attr) && /^\s*(javascript|vbscript|data):/i.test(value)) found.push(`<${name} ${attr}=${value}>`);
      }
      if (['iframe', 'object', 'embed'].includes(name)) found.push(`<${name}>`);
    },
  });
  parser.write(html);
  parser.end();
  return found;
}
