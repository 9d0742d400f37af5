// Nothing robotwire-specific. distDir lets the test keep the webpack and Turbopack builds apart.
export default { distDir: process.env.NEXT_DIST_DIR || '.next' };
