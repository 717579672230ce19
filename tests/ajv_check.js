// A consumer outside Python: ajv (JSON Schema 2020-12, strict mode, formats on) compiles the schemas an
// out folder publishes and validates every episode file and the index against them.
// Usage: node ajv_check.js OUT_FOLDER   (ajv and ajv-formats resolvable through NODE_PATH)
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const out = process.argv[2];
const read = (file) => JSON.parse(fs.readFileSync(path.join(out, file), "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const episode = ajv.compile(read("schemas/episode.schema.json"));
const index = ajv.compile(read("schemas/index.schema.json"));

const failures = [];
const check = (validate, file) => {
  if (!validate(read(file))) failures.push({ file, errors: validate.errors });
};
const episodes = fs.readdirSync(path.join(out, "episodes")).filter((name) => name.endsWith(".json")).sort();
for (const name of episodes) check(episode, path.join("episodes", name));
check(index, "index.json");
console.log(JSON.stringify({ checked: episodes.length + 1, failures }));
process.exit(failures.length ? 1 : 0);
