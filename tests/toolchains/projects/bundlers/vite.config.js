// Vite SSR with robotwire bundled in (noExternal) rather than left to Node: the stricter case.
export default {
  build: { ssr: 'src/server.mjs', outDir: 'dist-vite', emptyOutDir: true },
  ssr: { noExternal: true },
};
