; Scopes
;-------

[
  (method_declaration)
  (constructor_declaration)
  (lambda_expression)
] @scope.function

[
  (class_declaration)
  (interface_declaration)
  (enum_declaration)
  (record_declaration)
] @scope.class

; Bindings
;---------

; String model = "…";
(variable_declarator
  name: (identifier) @name
  value: (_) @value) @assign

; void ask(String model)
(formal_parameter
  name: (identifier) @name) @parameter

; Imports
;--------

; import com.openai.client.OpenAIClient;
(import_declaration
  (scoped_identifier) @module) @import
