; ==== Calls ====

; Candidate calls: every call; the SDK table decides by the method name.
; No field capture: `method` follows the receiver, so a pattern waiting for it would stay in progress through a long chain.

; client.messages.create(model:, max_tokens:, messages:), client.chat(parameters: {…})
(call) @call

; ==== Bindings ====

; Scopes
;-------

[(method) (singleton_method) (lambda)] @scope.function

[(class) (module)] @scope.class

; Bindings
;---------

; model = "…", MODEL = "…"
(assignment left: [(identifier) (constant)] @name right: (_) @value) @assign

; @model = "…"
(assignment left: (instance_variable) @name right: (_) @value) @member

; params[:max_tokens] = …
(assignment
  left: (element_reference
    object: (identifier) @name
    .
    (simple_symbol) @key)
  right: (_) @value) @keyset

; params["max_tokens"] = …
(assignment
  left: (element_reference
    object: (identifier) @name
    .
    (string (string_content) @key))
  right: (_) @value) @keyset

; def ask(model)
(method_parameters (identifier) @name) @parameter

; def ask(model = "…")
(method_parameters (optional_parameter name: (identifier) @name value: (_) @value)) @parameter

; def ask(model: "…")
(method_parameters (keyword_parameter name: (identifier) @name value: (_)? @value)) @parameter

; Imports
;--------

; require "openai"
(call
  method: (identifier) @require
  arguments: (argument_list (string (string_content) @module))
  (#eq? @require "require")) @import

; ==== Prompts ====

; Stand-alone prompt strings come from the bindings: a string bound to a prompt-ish name (`SYSTEM_PROMPT = "…"`).
