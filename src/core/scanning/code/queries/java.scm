; ==== Calls ====

; Candidate calls: every method invocation; the SDK table decides by the method name.
; No field capture: `name` follows the receiver chain, so a pattern waiting for it would stay in progress through
; every level of a long builder chain (10,000 steps took seconds); the call node alone completes on entry.

; client.chat().completions().create(params)
(method_invocation) @call

; ==== Bindings ====

; Scopes
;-------

[(method_declaration) (constructor_declaration) (lambda_expression)] @scope.function

[(class_declaration) (interface_declaration) (enum_declaration) (record_declaration)] @scope.class

; Bindings
;---------

; String model = "…";
(variable_declarator name: (identifier) @name value: (_) @value) @assign

; void ask(String model)
(formal_parameter name: (identifier) @name) @parameter

; Imports
;--------

; import com.openai.client.OpenAIClient;
(import_declaration (scoped_identifier) @module) @import

; ==== Prompts ====

; Stand-alone prompt strings come from the bindings: a string bound to a prompt-ish name (`String systemPrompt = "…";`).
