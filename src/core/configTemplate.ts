// The commented .promptcost.yaml that `Prompt Cost: Open or Create .promptcost.yaml` writes; schemas/promptcost.schema.json must accept it.
export const CONFIG_TEMPLATE = `# Prompt Cost Auditor configuration (shared by the VS Code extension and the prompt-cost CLI).
# Settings here win over the promptCost.* editor settings. See the README for every key.

# Models that price sites which name none (the first is the default) and the columns of comparisons.
compareModels: [gpt-4o-mini, gpt-4o, claude-sonnet-4-5, gemini-2.5-flash]

# Calls per site per month, and per-file volumes (the last matching glob wins).
callsPerMonth: 10000
# volumes:
#   - glob: src/chat/**
#     callsPerMonth: 250000

# Typical reply when the prompt states no length (never above the cap), and the size assumed for a placeholder's
# value when neither its name's meaning (context, history, a date, …) nor \`placeholders\` sizes it.
expectedOutputTokens: 400
assumedPlaceholderTokens: 50
# placeholders:
#   context: 3000
#   "*_summary": 400

# Turns of a chat session whose history is resent in full each turn (a loop with a literal bound uses its bound).
# turnsPerSession: 10
# Share of calls a cache of whole answers would serve, for calls whose input is static or takes few values.
# responseCache: { hitRate: 0.5 }

# Budgets: the CLI exits 1 when one is exceeded.
# budgets:
#   monthlyUsd: 2000
#   perCallUsd: 0.05

# Rule severities: error, warning, information, hint or off.
# rules:
#   model-overkill: warning
#   redundant-instruction: off

# Price overrides and extra models (USD per million tokens).
# models:
#   gpt-4o:
#     prices: { input: 2.0, output: 8.0 }
# aliases:
#   my-azure-deployment: gpt-4o
`;
