; ==== Calls ====

; Candidate calls: the SDK table decides by the callee's last name.

; client.chat.completions.create(...), completion(...), OpenAI(...)
(call function: (_) @callee) @call

; ==== Bindings ====

; Scopes
;-------

; needs: def lambda
[(function_definition) (lambda)] @scope.function

; needs: class
(class_definition) @scope.class

; Bindings
;---------

; x = …
(assignment left: (identifier) @name right: (_) @value) @assign

; x += …
; needs: +=
(augmented_assignment left: (identifier) @name operator: "+=" right: (_) @value) @augment

; self.x = …
; needs: self
(assignment
  left: (attribute
    object: (identifier) @self
    attribute: (identifier) @name)
  right: (_) @value
  (#eq? @self "self")) @member

; def f(x)
; needs: def
(parameters (identifier) @name) @parameter

; def f(x: T)
; needs: def
(parameters (typed_parameter (identifier) @name)) @parameter

; def f(x=…)
; needs: def
(parameters (default_parameter name: (identifier) @name value: (_) @value)) @parameter

; def f(x: T = …)
; needs: def
(parameters (typed_default_parameter name: (identifier) @name value: (_) @value)) @parameter

; lambda x: …
; needs: lambda
(lambda_parameters (identifier) @name) @parameter

; messages.append(…), messages.insert(…)
; needs: append insert
(call
  function: (attribute
    object: (identifier) @name
    attribute: (identifier) @method)
  arguments: (argument_list . (_) @value)
  (#any-of? @method "append" "insert")) @append

; kwargs["max_tokens"] = …
(assignment
  left: (subscript
    value: (identifier) @name
    subscript: (string (string_content) @key))
  right: (_) @value) @keyset

; with open(…) as f
; needs: with
(with_item value: (as_pattern (_) @value alias: (as_pattern_target (identifier) @name))) @assign

; Imports
;--------

; from m import a
; needs: import
(import_from_statement module_name: (dotted_name) @module name: (dotted_name) @imported) @import

; from m import a as b
; needs: import
(import_from_statement
  module_name: (dotted_name) @module
  name: (aliased_import
    name: (dotted_name) @imported
    alias: (identifier) @local)) @import

; import m.n (binds m)
; needs: import
(import_statement name: (dotted_name . (identifier) @local) @module @imported) @import

; import m as b
; needs: import
(import_statement
  name: (aliased_import
    name: (dotted_name) @module @imported
    alias: (identifier) @local)) @import

; ==== Prompts ====

; Stand-alone prompt strings: the adapter keeps those bound to prompt-ish names, message contents and templates.

; SYSTEM_PROMPT = """…""", self.instructions = "…"
(assignment
  left: [(identifier) (attribute)] @prompt.name
  right: [(string) (concatenated_string) (binary_operator) (call) (parenthesized_expression)] @prompt.value)

; Agent(instructions="…"), PromptTemplate(template="…")
(keyword_argument
  name: (identifier) @prompt.name
  value: [(string) (concatenated_string) (binary_operator) (call) (parenthesized_expression)] @prompt.value)

; {"role": "system", "content": "…"}
(pair
  key: (string) @prompt.name
  value: [(string) (concatenated_string) (binary_operator) (call) (parenthesized_expression)] @prompt.value)

; def build_prompt(): return f"…"
; needs: return
(function_definition
  name: (identifier) @prompt.function
  body: (block
    (return_statement
      [(string) (concatenated_string) (binary_operator) (call)] @prompt.returned)))
