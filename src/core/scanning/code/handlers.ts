// User-facing calls (issue 17 item 6): a call inside a web request handler, where a person waits for the reply. Read from
// the syntax tree: the functions around the call, up to the file, and what registers them as a route (a decorator such
// as `@app.post("/chat")`, an `app.get('/x', handler)` registration, a Next.js `export async function POST`). What a
// route looks like per language is data (HANDLER_SYNTAX).
import type { LanguageFamily } from '../../languages';
import type { Span } from '../../types';
import type { Node } from './treeSitterRuntime';

export interface HandlerSyntax {
  functions: ReadonlySet<string>;
  /** Python: a decorated definition's node type; its decorators' text is matched against `decorator`. */
  decorated?: { type: string; decorator: string; pattern: RegExp };
  /** JS: a function passed to a call whose callee text matches (`app.get`, `router.post`, `fastify.route`). */
  registration?: { call: string; function: string; pattern: RegExp };
  /** JS: a named function that is a route by its name (Next.js route handlers, `handler(req, res)`). */
  namedRoute?: { pattern: RegExp };
}

const HTTP_VERBS = 'get|post|put|patch|delete|head|options|all|route|api_route|websocket|ws';

const PYTHON: HandlerSyntax = {
  functions: new Set(['function_definition']),
  decorated: { type: 'decorated_definition', decorator: 'decorator', pattern: new RegExp(`^@\\s*[\\w.]+\\.(?:${HTTP_VERBS})\\s*\\(`) },
};

const JAVASCRIPT: HandlerSyntax = {
  functions: new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition']),
  registration: { call: 'call_expression', function: 'function', pattern: new RegExp(`^(?:app|router|server|api|fastify|hono|route|routes)\\.(?:${HTTP_VERBS})$`, 'i') },
  namedRoute: { pattern: /^(?:GET|POST|PUT|PATCH|DELETE)$/ },
};

export const HANDLER_SYNTAX: ReadonlyMap<LanguageFamily, HandlerSyntax> = new Map<LanguageFamily, HandlerSyntax>([
  ['python', PYTHON],
  ['javascript', JAVASCRIPT],
]);

export interface UserFacing {
  /** What makes it a request handler, as written (at most 60 characters): `@app.post("/chat")`, `router.post`, `POST`. */
  route: string;
  span: Span;
}

/** The request handler a call runs in, or null when none of the functions around it is registered as one. */
export function userFacingOf(root: Node, span: Span, family: LanguageFamily): UserFacing | null {
  const syntax = HANDLER_SYNTAX.get(family);
  if (!syntax) return null;
  let node: Node | null = root.descendantForIndex(span.start, Math.max(span.start, span.end - 1));
  let depth = 0;
  while (node && depth++ < 500) {
    if (syntax.functions.has(node.type)) {
      const found = routeOf(node, syntax);
      if (found) return found;
    }
    node = node.parent;
  }
  return null;
}

function routeOf(fn: Node, syntax: HandlerSyntax): UserFacing | null {
  const parent = fn.parent;
  if (syntax.decorated && parent?.type === syntax.decorated.type) {
    for (const child of parent.namedChildren) {
      if (child?.type === syntax.decorated.decorator && syntax.decorated.pattern.test(child.text)) return { route: child.text.slice(0, 60), span: { start: child.startIndex, end: child.endIndex } };
    }
  }
  if (syntax.registration) {
    // `app.get('/x', async (req, res) => …)`: the function is an argument of the registering call.
    const call = parent?.type === 'arguments' ? parent.parent : null;
    const callee = call?.type === syntax.registration.call ? call.childForFieldName(syntax.registration.function) : null;
    const text = callee?.text.replace(/\s+/g, '') ?? '';
    if (callee && syntax.registration.pattern.test(text)) return { route: text.slice(0, 60), span: { start: callee.startIndex, end: callee.endIndex } };
  }
  if (syntax.namedRoute && fn.type === 'function_declaration' && parent?.type === 'export_statement') {
    const name = fn.childForFieldName('name');
    if (name && syntax.namedRoute.pattern.test(name.text)) return { route: name.text, span: { start: name.startIndex, end: name.endIndex } };
  }
  return null;
}
