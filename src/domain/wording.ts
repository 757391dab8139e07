/** How a count reads in a message: `1 document`, `2 documents`, `0 documents`. */
export const counted = (n: number, singular: string, plural = `${singular}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
