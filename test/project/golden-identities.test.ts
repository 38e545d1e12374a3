import * as fs from 'fs';
import { exampleIdentities, exampleNames, goldenFile } from '../../scripts/golden';

// A Terraform address is a construct path: a renamed construct ID destroys the resource behind it
// (a database with its data) and creates a new one. Every example's addresses and Kubernetes object
// identities are reviewed in test/golden/; a change that is meant gets `npm run golden` and a
// commit message that says why.
describe.each(exampleNames())('examples/%s', (name) => {
  test('synthesizes exactly the Terraform addresses and Kubernetes objects in test/golden', () => {
    // GIVEN the reviewed list
    expect(fs.existsSync(goldenFile(name))).toBe(true);
    const golden = fs.readFileSync(goldenFile(name), 'utf-8').split('\n').filter(Boolean);

    // WHEN the example synthesizes
    const actual = exampleIdentities(name);

    // THEN nothing was renamed, removed or added unreviewed
    const removed = golden.filter((l) => !actual.includes(l));
    const added = actual.filter((l) => !golden.includes(l));
    expect({ removed, added }).toEqual({ removed: [], added: [] });
  });
});
