/**
 * How a relationship between two codes is seen: `out` from the code whose document lists the
 * other, `in` from the listed code; a lookup may ask for `both`.
 */
export const RELATION_SIDES = ['out', 'in'] as const;
export type RelationSide = (typeof RELATION_SIDES)[number];

export const RELATION_DIRECTIONS = [...RELATION_SIDES, 'both'] as const;
export type RelationDirection = (typeof RELATION_DIRECTIONS)[number];
