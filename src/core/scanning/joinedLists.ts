// Placeholders that join a list (issue 17 item 4): `"\n".join(docs)`, `docs.map(d => d.text).join("\n")`,
// `String.join("\n", docs)`, `strings.Join(docs, "\n")`. Their value repeats one item per element, so the hover and
// JSON mark them as repeated and name the list. The join shapes per language are data (JOIN_SHAPES).

/** One shape per row: the pattern on the whole expression and the capture group that holds the list. */
export const JOIN_SHAPES: ReadonlyArray<{ language: string; pattern: RegExp }> = [
  // Python: a string literal (or a name) `.join(` the iterable `)`.
  { language: 'python', pattern: /^\s*(?:[rbuf]{0,2}"(?:[^"\\\n]|\\.)*"|[rbuf]{0,2}'(?:[^'\\\n]|\\.)*'|[A-Za-z_][\w.]*)\s*\.\s*join\s*\(\s*([\s\S]+?)\s*\)\s*$/ },
  // Java / C#: `String.join(sep, items)`, `string.Join(sep, items)`.
  { language: 'java-csharp', pattern: /^\s*(?:String|string)\s*\.\s*[jJ]oin\s*\(\s*(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[\w.]+)\s*,\s*([\s\S]+?)\s*\)\s*$/ },
  // Go: `strings.Join(items, sep)`.
  { language: 'go', pattern: /^\s*strings\s*\.\s*Join\s*\(\s*([\w.[\]]+)\s*,/ },
  // JavaScript / TypeScript / Ruby: `items.join(sep)`, `items.map(…).join(sep)`.
  { language: 'javascript-ruby', pattern: /^\s*([\s\S]+?)\s*\.\s*join\s*\(\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`)?\s*\)\s*$/ },
];

/** The list a resolved value joins: a name bound to a join (its `definition`), or a call bound to a name. */
export function joinsOfValue(value: { kind: string; definition?: string; boundName?: string; text?: string } | null | undefined): { joins: string } | Record<string, never> {
  if (!value) return {};
  const joins = value.kind === 'opaque' ? joinedListOf(value.definition) : value.kind === 'call' && value.boundName !== undefined ? joinedListOf(value.text) : undefined;
  return joins ? { joins } : {};
}

/** Longest expression examined (a placeholder name is source text). */
const MAX_EXPRESSION = 300;

/**
 * The list a placeholder expression joins (`docs` for `"\n".join(d.text for d in docs)` and for
 * `docs.map((d) => d.text).join("\n")`), or undefined when it joins none.
 */
export function joinedListOf(expression: string | undefined): string | undefined {
  if (!expression || expression.length > MAX_EXPRESSION) return undefined;
  for (const shape of JOIN_SHAPES) {
    const found = shape.pattern.exec(expression);
    if (!found) continue;
    let list = found[1].trim();
    // A generator or comprehension (`d.text for d in docs`, `[d.text for d in docs]`): the list is after ` in `.
    const comprehension = /\bfor\s+[\w, ()]+\s+in\s+([\s\S]+?)(?:\s+if\s[\s\S]*)?\]?$/.exec(list);
    if (comprehension) list = comprehension[1].trim();
    // `docs.map(…)`, `docs.filter(…).map(…)`, `docs.slice(0, 5)`: the list is the leading name.
    const leading = /^[A-Za-z_$@][\w$.]*?(?=\s*\.\s*(?:map|filter|slice|flatMap|sort|collect|select|stream)\s*\(|$)/.exec(list);
    if (leading && leading[0]) return leading[0].slice(0, 60);
    if (/^[A-Za-z_$@][\w$.]*$/.test(list)) return list.slice(0, 60);
  }
  return undefined;
}
