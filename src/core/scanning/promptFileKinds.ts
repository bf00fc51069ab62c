// Decides from a path alone whether a file is a prompt file, and which format it is.

import { globMatcher } from '../glob';

export type PromptFileKind = 'prompty' | 'github-models' | 'vscode-prompt' | 'template' | 'plain' | 'langchain-prompt';

export interface PromptFileOptions {
  /** Files read as plain prompt text (any extension the globs allow; `.txt`/`.md` by default). */
  promptGlobs: string[];
  /** When set, template files (`.jinja`, `.hbs`, …) count only if they match one of these; when absent, all do. */
  templateGlobs?: string[];
  /** YAML files read as GitHub Models prompt files besides `*.prompt.yml` / `*.prompt.yaml`. */
  extraPromptYamlGlobs?: string[];
}

/**
 * System prompts kept as files beside the code, wherever they are: `system.md` (Fabric-style pattern folders),
 * `summarize.system.md`, `grader_system.txt`, `system_prompt.md`. They are sent as the system message.
 */
export const SYSTEM_PROMPT_GLOBS: readonly string[] = ['**/system.{md,txt}', '**/*[._-]system.{md,txt}', '**/system[_-]prompt.{md,txt}', '**/*[._-]system[_-]prompt.{md,txt}'];

/** The default `promptGlobs`: prompt folders and system-prompt file names (the config's default reads this). */
export const DEFAULT_PROMPT_GLOBS: readonly string[] = ['**/prompts/**/*.txt', '**/prompts/**/*.md', ...SYSTEM_PROMPT_GLOBS];

export const DEFAULT_PROMPT_FILE_OPTIONS: PromptFileOptions = {
  promptGlobs: [...DEFAULT_PROMPT_GLOBS],
  extraPromptYamlGlobs: ['**/*_prompt.yml', '**/*_prompt.yaml', '**/*.prompt.yml', '**/*.prompt.yaml'],
  // `.j2`/`.hbs`/`.mustache` are mostly web views and Ansible config elsewhere: only prompt-named paths count.
  templateGlobs: ['**/*prompt*/**', '**/*prompt*', '**/*Prompt*/**', '**/*Prompt*', '**/*PROMPT*/**', '**/*PROMPT*'],
};

const TEMPLATE_EXTENSIONS = ['.jinja', '.jinja2', '.j2', '.hbs', '.handlebars', '.mustache'];

/** LangChain serialized prompts (`load_prompt`) are YAML or JSON under any name; only prompt-named paths (the template globs) are read. */
const LANGCHAIN_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Globs (VS Code's syntax) that find every file `classifyPromptFile` takes under the default options: the extension's
 * `workspaceContains:` activation events (package.json lists exactly these; a test checks that every default prompt
 * path matches one). `promptGlobs` widened in settings cannot reach the manifest (README, Install).
 */
export const PROMPT_FILE_ACTIVATION_GLOBS: readonly string[] = [
  '**/*.prompty',
  '**/*.prompt.{yml,yaml,md}',
  ...(DEFAULT_PROMPT_FILE_OPTIONS.extraPromptYamlGlobs ?? []).filter((glob) => !glob.includes('.prompt.')),
  ...DEFAULT_PROMPT_GLOBS,
  // Templates and LangChain files count in prompt-named paths only: each such path form with their extensions.
  ...(DEFAULT_PROMPT_FILE_OPTIONS.templateGlobs ?? []).map((glob) => {
    const extensions = `{${[...TEMPLATE_EXTENSIONS, ...LANGCHAIN_EXTENSIONS].map((extension) => extension.slice(1)).join(',')}}`;
    return glob.endsWith('/**') ? `${glob}/*.${extensions}` : `${glob}.${extensions}`;
  }),
];

type Matcher = (path: string) => boolean;
const never: Matcher = () => false;

// Options objects are usually long-lived config snapshots: compile their globs once.
const compiled = new WeakMap<PromptFileOptions, { prompt: Matcher; template: Matcher | null; yaml: Matcher }>();

function compile(globs: string[] | undefined): Matcher {
  if (!globs || globs.length === 0) return never;
  // A glob that cannot be compiled matches nothing (the config reports it at its line); the others still work.
  const matchers = globs.map(globMatcher);
  return (path) => matchers.some((match) => match(path));
}

const PROMPT_NAMED_PATH = compile(DEFAULT_PROMPT_FILE_OPTIONS.templateGlobs);
const SYSTEM_PROMPT_PATH = compile([...SYSTEM_PROMPT_GLOBS]);

function matchersFor(options: PromptFileOptions) {
  let entry = compiled.get(options);
  if (!entry) {
    entry = {
      prompt: compile(options.promptGlobs),
      template: options.templateGlobs ? compile(options.templateGlobs) : null,
      yaml: compile(options.extraPromptYamlGlobs),
    };
    compiled.set(options, entry);
  }
  return entry;
}

/** The template engine implied by a template file's extension. */
export function templateEngineOf(relativePath: string): 'jinja' | 'handlebars' | 'mustache' | null {
  const lower = relativePath.toLowerCase();
  if (lower.endsWith('.jinja') || lower.endsWith('.jinja2') || lower.endsWith('.j2')) return 'jinja';
  if (lower.endsWith('.hbs') || lower.endsWith('.handlebars')) return 'handlebars';
  if (lower.endsWith('.mustache')) return 'mustache';
  return null;
}

const OWN_CONFIG_NAME = /(^|\/)\.promptcost\.ya?ml$/;

/** Kind of prompt file at `relativePath` (forward or back slashes), or null when it is not one. */
export function classifyPromptFile(relativePath: string, options: PromptFileOptions): PromptFileKind | null {
  const path = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
  const lower = path.toLowerCase();
  const matchers = matchersFor(options);
  if (lower.endsWith('.prompty')) return 'prompty';
  if (lower.endsWith('.prompt.yml') || lower.endsWith('.prompt.yaml') || matchers.yaml(path)) return 'github-models';
  if (lower.endsWith('.prompt.md')) return 'vscode-prompt';
  if (TEMPLATE_EXTENSIONS.some((extension) => lower.endsWith(extension))) {
    return !matchers.template || matchers.template(path) ? 'template' : null;
  }
  if (matchers.prompt(path)) return 'plain';
  // Our own `.promptcost.yaml` is prompt-named but is the auditor's config, never a LangChain prompt.
  if (LANGCHAIN_EXTENSIONS.some((extension) => lower.endsWith(extension)) && !OWN_CONFIG_NAME.test(lower) && (matchers.template ?? PROMPT_NAMED_PATH)(path)) return 'langchain-prompt';
  return null;
}

/** The role a plain prompt file's text is sent as: `system` for system-prompt file names, else `user`. */
export function plainPromptRole(relativePath: string): 'system' | 'user' {
  return SYSTEM_PROMPT_PATH(relativePath.replace(/\\/g, '/').replace(/^\.\//, '')) ? 'system' : 'user';
}
