// Data files bundled as text by esbuild (`loader: { '.yaml': 'text', '.scm': 'text', '.md': 'text' }`).
declare module '*.yaml' {
  const text: string;
  export default text;
}

// A YAML data file parsed at build time (esbuild.js `yamlData` plugin): the value, as JSON would give it.
declare module '*.yaml?data' {
  const data: unknown;
  export default data;
}

declare module '*.scm' {
  const text: string;
  export default text;
}

declare module '*.md' {
  const text: string;
  export default text;
}
