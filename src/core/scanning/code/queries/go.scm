; ==== Calls ====

; Candidate calls: method calls on a value or package; the SDK table decides by the last name.

; client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{…})
(call_expression function: (selector_expression) @callee) @call

; ==== Bindings ====

; Scopes
;-------

[(function_declaration) (method_declaration) (func_literal)] @scope.function

; Bindings
;---------

; const model = "…"
(const_spec name: (identifier) @name value: (expression_list . (_) @value)) @assign

; var model = "…"
(var_spec name: (identifier) @name value: (expression_list . (_) @value)) @assign

; model := "…"
(short_var_declaration
  left: (expression_list . (identifier) @name)
  right: (expression_list . (_) @value)) @assign

; model = "…"
(assignment_statement
  left: (expression_list . (identifier) @name)
  right: (expression_list . (_) @value)) @assign

; func f(model string)
(parameter_declaration name: (identifier) @name) @parameter

; Imports
;--------

; import "github.com/openai/openai-go"
(import_spec path: (interpreted_string_literal) @module) @import

; ==== Prompts ====

; Stand-alone prompt strings come from the bindings: a string bound to a prompt-ish name (`systemPrompt := "…"`).
