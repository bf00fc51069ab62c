// What each rule says about itself (title, rationale, details), kept as prose in rules.md, one section per rule, so the
// rule files hold only what they check. Bundled as text like the catalog and read once.
import text from './rules.md';

/** A rule's documentation as the README, SARIF help and the JSON rule list show it. */
export interface RuleDocs {
  title: string;
  rationale: string;
  details?: string;
}

/** Values a rule's text names as `{{NAME}}`: the thresholds its check uses, so the text cannot drift from them. */
export type RuleDocValues = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{([A-Z][A-Z0-9_]*)\}\}/g;

/** The sections of rules.md by rule id: its title and paragraphs (each paragraph's lines joined with one space). */
export function parseRuleDocs(markdown: string): Map<string, { title: string; paragraphs: string[] }> {
  const sections = new Map<string, { title: string; paragraphs: string[] }>();
  const body = markdown.replace(/<!--[\s\S]*?-->/g, '');
  let current: { title: string; paragraphs: string[] } | undefined;
  let lines: string[] = [];
  const endParagraph = (): void => {
    if (current && lines.length > 0) current.paragraphs.push(lines.join(' '));
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const heading = /^## ([a-z0-9-]+): (.+)$/.exec(line);
    if (heading) {
      endParagraph();
      if (sections.has(heading[1])) throw new Error(`rules.md: two sections for ${heading[1]}`);
      current = { title: heading[2].trim(), paragraphs: [] };
      sections.set(heading[1], current);
    } else if (line.trim() === '') endParagraph();
    else if (current) lines.push(line.trim());
  }
  endParagraph();
  return sections;
}

const SECTIONS = parseRuleDocs(text);

/** Rule ids rules.md documents, in its order. */
export const DOCUMENTED_RULE_IDS: readonly string[] = [...SECTIONS.keys()];

/** The documentation of rule `id` with its `{{NAME}}` values filled in; throws when the section or a value is missing. */
export function ruleDocs(id: string, values: RuleDocValues = {}): RuleDocs {
  const section = SECTIONS.get(id);
  if (!section || section.paragraphs.length === 0 || section.paragraphs.length > 2) throw new Error(`rules.md: ${id} needs a section with a rationale and at most one details paragraph`);
  const fill = (paragraph: string): string =>
    paragraph.replace(PLACEHOLDER, (_whole, name: string) => {
      if (!Object.prototype.hasOwnProperty.call(values, name)) throw new Error(`rules.md: ${id} names {{${name}}}, which its rule does not give`);
      return String(values[name]);
    });
  const [rationale, details] = section.paragraphs.map(fill);
  return { title: section.title, rationale, ...(details !== undefined ? { details } : {}) };
}
