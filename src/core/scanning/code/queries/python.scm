; ==== Calls ====

; Candidate calls: the SDK table decides by the callee's last name.

; client.chat.completions.create(...), completion(...), OpenAI(...)
(call function: (_) @callee) @call

; ==== Bindings ====

; Scopes
;-------

[(function_definition) (lambda)] @scope.function

(class_definition) @scope.class

; Bindings
;---------

; x = …
(assignment left: (identifier) @name right: (_) @value) @assign

; x += …
(augmented_assignment left: (identifier) @name operator: "+=" right: (_) @value) @augment

; self.x = …
(assignment
  left: (attribute
    object: (identifier) @self
    attribute: (identifier) @name)
  right: (_) @value
  (#eq? @self "self")) @member

; def f(x)
(parameters (identifier) @name) @parameter

; def f(x: T)
(parameters (typed_parameter (identifier) @name)) @parameter

; def f(x=…)
(parameters (default_parameter name: (identifier) @name value: (_) @value)) @parameter

; def f(x: T = …)
(parameters (typed_default_parameter name: (identifier) @name value: (_) @value)) @parameter

; lambda x: …
(lambda_parameters (identifier) @name) @parameter

; messages.append(…), messages.insert(…)
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
(with_item value: (as_pattern (_) @value alias: (as_pattern_target (identifier) @name))) @assign

; Imports
;--------

; from m import a
(import_from_statement module_name: (dotted_name) @module name: (dotted_name) @imported) @import

; from m import a as b
(import_from_statement
  module_name: (dotted_name) @module
  name: (aliased_import
    name: (dotted_name) @imported
    alias: (identifier) @local)) @import

; import m.n (binds m)
(import_statement name: (dotted_name . (identifier) @local) @module @imported) @import

; import m as b
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
(function_definition
  name: (identifier) @prompt.function
  body: (block
    (return_statement
      [(string) (concatenated_string) (binary_operator) (call)] @prompt.returned)))
