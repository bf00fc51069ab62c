// Performance marks at one-time start-up steps (session, encoder, tree-sitter runtime, grammars, the first audit),
// named `prompt-cost/<step>`: the start-up harness (test/integration/run-startup.cjs) reads them from the web host's
// worker. Each name is marked once per process (later sessions and audits add nothing), so the entries stay a handful.

const marked = new Set<string>();

export function markStartup(step: string): void {
  if (marked.has(step)) return;
  marked.add(step);
  globalThis.performance?.mark?.(`prompt-cost/${step}`);
}
