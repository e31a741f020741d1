#!/usr/bin/env node
// HashiCorp's HCL2 parser and formatter, run offline over a Terraform tree (no terraform binary needed).
//
//   node hcl.js json <dir>   prints {"files": {"<path>": <hcl2json of the file>}, "unformatted": [<path>...]}
//                            for every .tf, .tfvars and .tfvars.example file under <dir>
//   node hcl.js fmt <dir>    rewrites those files in the canonical layout (terraform fmt's hclwrite.Format)
//
// A file that does not parse makes it exit 1 with the file's name and the parser's message.
'use strict';

const fs = require('fs');
const path = require('path');
const { parse } = require('@cdktf/hcl2json');
const { format } = require('@cdktf/hcl-tools');

const SKIPPED_DIRS = new Set(['node_modules', '.terraform', 'test']);

function hclFiles(dir, root = dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) {
        found.push(...hclFiles(full, root));
      }
    } else if (/\.(tf|tfvars|tfvars\.example)$/.test(entry.name)) {
      found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  }
  return found;
}

async function main() {
  const [command, dir] = process.argv.slice(2);
  if (!['json', 'fmt'].includes(command) || !dir) {
    console.error('usage: node hcl.js json|fmt <terraform dir>');
    process.exit(2);
  }
  const result = { files: {}, unformatted: [] };
  for (const file of hclFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const formatted = await format(text);
    if (command === 'fmt') {
      if (formatted !== text) {
        fs.writeFileSync(path.join(dir, file), formatted);
        console.log('formatted ' + file);
      }
      continue;
    }
    try {
      // The parser picks HCL or JSON syntax by the name's extension: give it a .tf name for .tfvars files.
      result.files[file] = await parse(file.replace(/\.tfvars(\.example)?$/, '.tf'), text);
    } catch (e) {
      console.error(file + ': ' + (e && e.message ? e.message : e));
      process.exit(1);
    }
    if (formatted !== text) {
      result.unformatted.push(file);
    }
  }
  if (command === 'json') {
    process.stdout.write(JSON.stringify(result));
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
