// Runs queries with the page's own ranking code (dist/search/search.js) against the index
// files on disk: node run_queries.mjs <dist/search> <queries.json>. Prints, as JSON, for
// each query the urls of its first three results.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [dir, queriesFile] = process.argv.slice(2);
const { createSearcher } = await import(pathToFileURL(path.join(dir, 'search.js')).href);
const searcher = createSearcher(async (p) =>
  JSON.parse(await readFile(path.join(dir, 'idx', p.split('?')[0]), 'utf8')),
);
const queries = JSON.parse(await readFile(queriesFile, 'utf8'));
const out = [];
for (const q of queries) {
  const { hits } = await searcher.rank(q);
  const top = await Promise.all(hits.slice(0, 3).map((h) => searcher.doc(h.doc)));
  out.push({ q, top: top.map((d) => d.u), count: hits.length });
}
console.log(JSON.stringify(out));
