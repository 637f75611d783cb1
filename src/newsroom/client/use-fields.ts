import { useRef, useState } from 'preact/hooks';
import { fieldsOf, type EditorArticle, type Fields } from './fields.ts';

/**
 * The fields the editor shows: state to draw from, and a ref holding the same value for the
 * callbacks made once at mounting (the body editor's, the saver's), which would otherwise see
 * the fields of the first drawing forever.
 */
export function useFields(initial: EditorArticle) {
  const [fields, setFields] = useState(() => fieldsOf(initial));
  const fieldsRef = useRef(fields);
  function show(next: Fields) {
    fieldsRef.current = next;
    setFields(next);
  }
  return { fields, fieldsRef, show };
}
