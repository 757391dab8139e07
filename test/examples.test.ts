/** examples/ is a consumer of the package: run it as a user would (importing `codebook` by name, here from source). */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tsx, seedDatabase } from './helpers.js';

describe('examples/lookup.ts', () => {
  it('imports codebook by name and prints the typed record, unknown as unknown', async () => {
    const db = await seedDatabase();
    const run = tsx(join(ROOT, 'examples/lookup.ts'), [db, '20956']);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      'CPT 20956: Vascularized Iliac Crest Bone Graft with Microvascular Anastomosis',
      'descriptor: Vascularized bone graft; includes harvest and microvascular anastomosis',
      expect.stringMatching(/^modifier 62: Two surgeons \(When two surgeons/),
      expect.stringMatching(/^modifier 66: Surgical team/),
      expect.stringMatching(/^modifier 50: Bilateral procedure/),
      expect.stringMatching(/^modifier 52: Reduced services/),
      expect.stringMatching(/^modifier 53: Discontinued procedure/),
      'modifier 76: description unknown (guidance unknown)',
      expect.stringMatching(/^modifier 78: Return to the operating room/),
      'modifier 79: description unknown (guidance unknown)',
      'modifier 58: description unknown (guidance unknown)',
      'diagnoses: unknown',
      'taxonomies: unknown',
      'related (out): 15738, 27299, 20955, 69990',
      'search "microvascular": 20956',
      '',
    ]);
  });
});
