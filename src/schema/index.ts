export * from './tables.js';
export * from './views.js';
export * from './metadata.js';
