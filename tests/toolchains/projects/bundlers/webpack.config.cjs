// webpack 5 with its defaults for a Node target: nothing robotwire-specific.
module.exports = {
  mode: 'production',
  target: 'node20',
  entry: './src/server.mjs',
  output: { path: `${__dirname}/dist-webpack`, filename: 'server.cjs' },
};
