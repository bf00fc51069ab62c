; Stand-alone prompt strings: the adapter keeps those bound to prompt-ish names, message contents and templates.

; const SYSTEM_PROMPT = `…`
(variable_declarator
  name: (identifier) @prompt.name
  value: [(string) (template_string) (binary_expression) (call_expression) (parenthesized_expression)] @prompt.value)

; SYSTEM_PROMPT = "…", this.instructions = "…"
(assignment_expression
  left: [(identifier) (member_expression property: (property_identifier))] @prompt.name
  right: [(string) (template_string) (binary_expression) (call_expression)] @prompt.value)

; class A { systemPrompt = "…" }
; only: typescript tsx
(public_field_definition
  name: (property_identifier) @prompt.name
  value: [(string) (template_string) (binary_expression) (call_expression)] @prompt.value)

; { system: "…" }, { role: "system", content: "…" }
(pair
  key: [(property_identifier) (string)] @prompt.name
  value: [(string) (template_string) (binary_expression) (call_expression)] @prompt.value)

; function buildPrompt() { return `…` }
(return_statement
  [(string) (template_string) (binary_expression) (call_expression)] @prompt.returned)

; const buildPrompt = () => `…`
(arrow_function
  body: [(template_string) (string) (binary_expression) (call_expression)] @prompt.returned)
