// Environment reads through a project's own helper (`getEnv("MODEL", "gpt-4o-mini")`, `GetEnv`, `env_or_default`,
// `environmentOrDefault`, django-environ `env("MODEL", default=…)` / `env.str(…)`): a reader takes the literal
// second argument as the value when the variable is unset. One table for the index (symbolExtract.ts) and the adapters.

/** A helper's last name (or its receiver's, `env.str`) says it reads the environment. */
export const ENV_HELPER_NAME = /^(get_?env|env|environ(ment)?|get_?environ(ment)?|env_?var|read_?env|must_?env|lookup_?env)(_?(or|with)?_?(default|fallback|else))?$|^env_?or(_?default)?$|^(get|read)_?env(ironment)?_?(var(iable)?)?_?(or_?default)?$/i;
/** django-environ's typed readers on an `env` object: `env.str("X", default="…")`. */
export const ENV_TYPED_READER = /^(str|int|bool|float)$/;
/** A variable name as a first argument: upper case with underscores (`OPENAI_MODEL`). */
export const ENV_VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/** True when `path` (callee names, root first) is an environment helper call. */
export function isEnvHelperPath(path: readonly string[]): boolean {
  const last = path[path.length - 1] ?? '';
  if (ENV_HELPER_NAME.test(last)) return true;
  return path.length >= 2 && ENV_TYPED_READER.test(last) && /^env$/i.test(path[path.length - 2]);
}
