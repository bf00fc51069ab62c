; ==== Calls ====

; Candidate calls: every call and `new`; the SDK table decides by the callee's last name.

; client.chat.completions.create({...}), generateText({...})
(call_expression function: (_) @callee) @call

; new OpenAI({...}), new ChatOpenAI({...})
; needs: new
(new_expression constructor: (_) @callee) @call

; ==== Bindings ====

; Scopes
;-------

[
  (function_declaration)
  (function_expression)
  (arrow_function)
  (method_definition)
  (generator_function_declaration)
  (generator_function)
] @scope.function

; needs: class
[(class_declaration) (class)] @scope.class

; Bindings
;---------

; const x = …, let x
(variable_declarator name: (identifier) @name value: (_)? @value) @assign

; enum Model { Fast = "gpt-4o-mini" }
; only: typescript tsx
; needs: enum
(enum_declaration name: (identifier) @name body: (enum_body) @value) @assign

; x = …
(assignment_expression left: (identifier) @name right: (_) @value) @assign

; x += …
; needs: +=
(augmented_assignment_expression left: (identifier) @name operator: "+=" right: (_) @value) @augment

; this.x = …
; needs: this
(assignment_expression
  left: (member_expression
    object: (this)
    property: (property_identifier) @name)
  right: (_) @value) @member

; class A { x = … }
; only: typescript tsx
; needs: class
(public_field_definition name: (property_identifier) @name value: (_) @value) @member

; function f(x)
; only: javascript
(formal_parameters (identifier) @name) @parameter

; function f(x = …)
; only: javascript
(formal_parameters (assignment_pattern left: (identifier) @name right: (_) @value)) @parameter

; function f(x: T = …)
; only: typescript tsx
(required_parameter pattern: (identifier) @name value: (_)? @value) @parameter

; function f(x?: T)
; only: typescript tsx
(optional_parameter pattern: (identifier) @name value: (_)? @value) @parameter

; messages.push(…), messages.unshift(…)
; needs: push unshift
(call_expression
  function: (member_expression
    object: (identifier) @name
    property: (property_identifier) @method
    (#any-of? @method "push" "unshift"))
  arguments: (arguments (_) @value)) @append

; options.max_tokens = …
(assignment_expression
  left: (member_expression
    object: (identifier) @name
    property: (property_identifier) @key)
  right: (_) @value) @keyset

; options["max_tokens"] = …
(assignment_expression
  left: (subscript_expression
    object: (identifier) @name
    index: (string (string_fragment) @key))
  right: (_) @value) @keyset

; Imports
;--------

; import { a as b } from 'm'
; needs: import
(import_statement
  (import_clause
    (named_imports
      (import_specifier
        name: (_) @imported
        alias: (_)? @local)))
  source: (string (string_fragment) @module)) @import

; import a from 'm'
; needs: import
(import_statement (import_clause (identifier) @local) source: (string (string_fragment) @module)) @import

; import * as a from 'm'
; needs: import
(import_statement
  (import_clause
    (namespace_import (identifier) @local))
  source: (string (string_fragment) @module)) @import

; const a = require('m')
; needs: require
(variable_declarator
  name: (identifier) @local
  value: (call_expression
    function: (identifier) @req
    (#eq? @req "require")
    arguments: (arguments (string (string_fragment) @module)))) @import

; const { a } = require('m')
; needs: require
(variable_declarator
  name: (object_pattern (shorthand_property_identifier_pattern) @local)
  value: (call_expression
    function: (identifier) @req
    (#eq? @req "require")
    arguments: (arguments (string (string_fragment) @module)))) @import

; ==== Prompts ====

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
; needs: class
(public_field_definition
  name: (property_identifier) @prompt.name
  value: [(string) (template_string) (binary_expression) (call_expression)] @prompt.value)

; { system: "…" }, { role: "system", content: "…" }
(pair
  key: [(property_identifier) (string)] @prompt.name
  value: [(string) (template_string) (binary_expression) (call_expression)] @prompt.value)

; function buildPrompt() { return `…` }
; needs: return
(return_statement [(string) (template_string) (binary_expression) (call_expression)] @prompt.returned)

; const buildPrompt = () => `…`
; needs: =>
(arrow_function body: [(template_string) (string) (binary_expression) (call_expression)] @prompt.returned)
