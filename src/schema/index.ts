export * from './tables.js';
export * from './views.js';
