/**
 * Deterministic clinic generator: the same seed (and the same UTC day) gives the
 * same data. Times are relative to the start of the current UTC day, so "past"
 * and "future" bookings stay meaningful whenever the sandbox runs.
 */
import { seedBilling } from './seed-billing';
import { seedBookings } from './seed-bookings';
import { seedPatients } from './seed-patients';
import { seedPractice } from './seed-practice';
import type { SandboxStore } from './store';
import { DAY_MS } from './time';

export interface SeedOptions {
  seed: number;
  patients: number;
  bookings: number;
  now: Date;
}

export function seedStore(store: SandboxStore, options: SeedOptions): void {
  const anchorMs = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS;
  store.clear();
  store.seed = options.seed;
  const practice = seedPractice(store, anchorMs);
  const patientCreated = seedPatients(store, options.seed, Math.max(0, Math.floor(options.patients)), anchorMs);
  seedBookings(store, options.seed, Math.max(0, Math.floor(options.bookings)), anchorMs, practice, patientCreated);
  seedBilling(store, options.seed, anchorMs);
}
