// Runs queries with the page's own ranking code (dist/search/search.js) against the index
// files on disk: node run_queries.mjs <dist/search> <queries.json>. Prints, as JSON, for
// each query the urls of its first three results, the number of results, and the files
// under idx/ a page loads for it (meta, term shards, the first ten results' documents),
// each query counted as a fresh page.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [dir, queriesFile] = process.argv.slice(2);
const { createSearcher } = await import(pathToFileURL(path.join(dir, 'search.js')).href);
const queries = JSON.parse(await readFile(queriesFile, 'utf8'));
const out = [];
for (const q of queries) {
  const files = new Set();
  const searcher = createSearcher(async (p) => {
    const file = p.split('?')[0];
    files.add(file);
    return JSON.parse(await readFile(path.join(dir, 'idx', file), 'utf8'));
  });
  const { hits } = await searcher.rank(q);
  const docs = await Promise.all(hits.slice(0, 10).map((h) => searcher.doc(h.doc)));
  out.push({ q, top: docs.slice(0, 3).map((d) => d.u), count: hits.length, files: [...files] });
}
console.log(JSON.stringify(out));
