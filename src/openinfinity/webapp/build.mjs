// Builds the web app into dist/: one ES module (dist/app.js) and one stylesheet (dist/app.css).
// Run with `node build.mjs` (or `npm run build`); `make webapp` and the wheel build call it.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = dirname(fileURLToPath(import.meta.url));

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  logLevel: "warning",
  absWorkingDir: root,
  target: ["es2020"],
};

await Promise.all([
  build({
    ...common,
    entryPoints: [join(root, "src/main.js")],
    outfile: join(root, "dist/app.js"),
    format: "esm",
  }),
  build({
    ...common,
    entryPoints: [join(root, "src/styles/index.css")],
    outfile: join(root, "dist/app.css"),
  }),
]);
