// Prompt files (`.prompty`, `.prompt.yml`, `.prompt.md`, templates, plain prompts) parsed into prompt sites.

import type { ScanResult } from '../../types';
import type { PromptFileKind } from '../promptFileKinds';
import { checkText } from './common';
import { scanGithubModelsPrompt } from './githubModels';
import { looksLikeLangChainPrompt, scanLangChainPrompt } from './langchain';
import { scanPrompty } from './prompty';
import { scanTextPrompt, scanVscodePrompt } from './textPrompts';

export { classifyPromptFile, DEFAULT_PROMPT_FILE_OPTIONS, plainPromptRole, templateEngineOf, type PromptFileKind, type PromptFileOptions } from '../promptFileKinds';
export { findPlaceholders, type PlaceholderSyntax } from '../placeholders';
export { MAX_PROMPT_FILE_CHARS } from './common';

/** Parses one prompt file of a known kind. Never throws: bad input yields problems (and what could be recovered). */
export function scanPromptFile(relativePath: string, text: string, kind: PromptFileKind): ScanResult {
  const file = relativePath.replace(/\\/g, '/');
  try {
    const check = checkText(file, text);
    if (check.problem) return { sites: [], problems: [check.problem] };
    switch (kind) {
      case 'prompty':
        return scanPrompty(file, text, check.contentStart);
      case 'github-models': {
        // `simple_prompt.yaml` from LangChain's `prompt.save()` matches the GitHub Models names too; its content decides.
        const langchain = looksLikeLangChainPrompt(text) ? scanLangChainPrompt(file, text, check.contentStart) : undefined;
        return langchain && langchain.sites.length + langchain.problems.length > 0 ? langchain : scanGithubModelsPrompt(file, text, check.contentStart);
      }
      case 'langchain-prompt':
        return scanLangChainPrompt(file, text, check.contentStart);
      case 'vscode-prompt':
        return scanVscodePrompt(file, text, check.contentStart);
      case 'template':
      case 'plain':
        return scanTextPrompt(file, text, check.contentStart, kind);
      default:
        return { sites: [], problems: [{ file, severity: 'error', message: `Unknown prompt file kind "${String(kind)}".` }] };
    }
  } catch (error) {
    // A parser bug must cost one file, not the whole audit.
    return { sites: [], problems: [{ file, severity: 'error', message: `Could not scan this prompt file: ${(error as Error)?.message ?? String(error)}` }] };
  }
}
