// JSON documents in text columns, typed by the column (schema.ts JsonText<T>).
import type { JsonText } from './schema.ts';

export const toJson = <T>(value: T): JsonText<T> => JSON.stringify(value);

/** Parses a JSON column; its type is what was written to it (toJson). */
export const fromJson = <T>(text: JsonText<T>): T => JSON.parse(text) as T;
