/** Any style the corpus renderer writes, for property tests. */
import fc from 'fast-check';
import { SECTION_KEYS, STYLE_CHOICES, type RenderStyle } from '../../corpus/render.js';

export const styleArbitrary: fc.Arbitrary<RenderStyle> = fc
  .record({
    ...(Object.fromEntries(Object.entries(STYLE_CHOICES).map(([key, choices]) => [key, fc.constantFrom(...choices)])) as {
      [K in keyof typeof STYLE_CHOICES]: fc.Arbitrary<(typeof STYLE_CHOICES)[K][number]>;
    }),
    sectionOrder: fc.shuffledSubarray([...SECTION_KEYS], { minLength: SECTION_KEYS.length }),
  })
  .map((style) => style as RenderStyle);
