import { z } from 'zod';

/**
 * The building blocks of every record schema. Semble marks almost every field nullable, and
 * a field a practice never filled comes back null or missing.
 */
export const text = z.string().nullish();
export const num = z.number().nullish();
export const flag = z.boolean().nullish();

