// Performance marks at one-time start-up steps (session, encoder, tree-sitter runtime, grammars), named
// `prompt-cost/<step>`: the start-up harness (test/integration/run-startup.cjs) reads them from the web host's worker.
// Each step runs once per process (per session reload for the session), so a handful of entries at most.

export function markStartup(step: string): void {
  globalThis.performance?.mark?.(`prompt-cost/${step}`);
}
