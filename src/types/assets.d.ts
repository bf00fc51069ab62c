// Data files bundled as text by esbuild (`loader: { '.yaml': 'text', '.scm': 'text', '.md': 'text' }`).
declare module '*.yaml' {
  const text: string;
  export default text;
}

declare module '*.scm' {
  const text: string;
  export default text;
}

declare module '*.md' {
  const text: string;
  export default text;
}
