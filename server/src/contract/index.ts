export * from './model.ts';
export * from './events.ts';
export * from './errors.ts';
export * from './api.ts';
export * from './feed.ts';
export * from './print.ts';
export * from './dossier.ts';
