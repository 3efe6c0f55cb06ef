// The licence gate for the project's npm packages (the CDK CLI, asl-validator, the local Step Functions
// engine, dynalite and everything they pull in): each must carry an OSI-approved licence, or this exits 1
// naming the package. It reads the licence npm records for every package in package-lock.json (an SPDX
// expression), so it needs no package of its own (a checker package would add a hundred more to check).
import { readFileSync } from 'node:fs';

const OSI_APPROVED = new Set(['Apache-2.0', 'MIT', 'MIT-0', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'MPL-2.0',
  'BlueOak-1.0.0', 'Unlicense', 'Python-2.0', 'Zlib', 'Artistic-2.0', 'EPL-2.0', 'LGPL-2.1', 'LGPL-3.0']);

// An SPDX expression is allowed when every AND-term has an allowed alternative among its OR-terms.
function allowed(expression) {
  const text = expression.replace(/[()]/g, ' ').trim();
  return text.split(/\s+AND\s+/).every((term) => term.split(/\s+OR\s+/).some((id) => OSI_APPROVED.has(id.trim())));
}

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
const offenders = [];
let checked = 0;
for (const [path, pkg] of Object.entries(lock.packages)) {
  if (path === '') continue;
  checked++;
  const licence = pkg.license;
  if (typeof licence !== 'string' || !allowed(licence)) {
    offenders.push(`${path.replace(/^.*node_modules\//, '')}@${pkg.version}: ${licence ?? 'no licence recorded'}`);
  }
}
if (offenders.length > 0) {
  console.error('npm packages without an OSI-approved licence (remove them or replace them):\n  ' + offenders.join('\n  '));
  process.exit(1);
}
console.log(`npm licences: ${checked} packages, all OSI-approved`);
