// The page's tokenizer on strings given by crates/search/tests/parity.rs:
// node tokenize.mjs <search.js> <input.json>, input {strings, groups, citations: [[text, law]]};
// prints {normalized, terms, hits: [[[group, count], …], …], citations} as JSON.
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const [searchJs, inputFile] = process.argv.slice(2);
const { normalize, terms, groupHits, citationTerms } = await import(pathToFileURL(searchJs).href);
const input = JSON.parse(await readFile(inputFile, 'utf8'));
console.log(
  JSON.stringify({
    normalized: input.strings.map((s) => normalize(s).chars.join('')),
    terms: input.strings.map(terms),
    hits: input.strings.map((s) =>
      groupHits(normalize(s).chars, input.groups).map(([g, count]) => [g, count]),
    ),
    citations: input.citations.map(([c, law]) => citationTerms(c, law ? [law] : []).sort()),
  }),
);
