// The build bundles .html, .css and .page.js as their text (scripts/build.mjs: loader 'text'). Only the
// sources see this: the page constants are declared as plain strings, so the emitted .d.ts
// never import a .html or .css module.
declare module '*.html' {
  const text: string;
  export default text;
}
declare module '*.css' {
  const text: string;
  export default text;
}
declare module '*.page.js' {
  const text: string;
  export default text;
}
