/** Booking generator: ~18 months of history and ~3 months ahead, in London working hours. */
import { streamFor, type Rng } from './prng';
import { BOOKING_COMMENTS, CANCELLATION_REASONS } from './seed-data';
import type { PracticeSeed } from './seed-practice';
import type { SandboxStore } from './store';
import { DAY_MS, iso, londonToUtc } from './time';
import type { BookingRecord, JourneyRecord, PatientRecord } from './types';

// Module-level aliases: global lookups are ~100x slower inside jest's vm sandbox, where tests seed 100k patients.
const { ceil, floor, max, min } = Math;
const NativeDate = Date;

const MIN = 60_000;
const SLOT = 15 * MIN; // bookings start on a 15-minute grid
const SLOTS_PER_DAY = 32; // 09:00-17:00

interface Day { y: number; m: number; d: number }

export function seedBookings(store: SandboxStore, seed: number, count: number, anchorMs: number, practice: PracticeSeed, patientCreated: number[]): void {
  if (count <= 0 || patientCreated.length === 0) return;
  const rng = streamFor(seed, 'bookings');
  const patients = store.patientList(); // same order as patientCreated (ascending createdAt)
  const days = weekdays(anchorMs - 548 * DAY_MS, anchorMs + 92 * DAY_MS);
  const clinicians = practice.clinicianIds.length;
  // One 32-bit mask per clinician-day: each bit is a 15-minute slot, so bookings rarely overlap.
  const busy = new Uint32Array(days.length * clinicians);
  const records: BookingRecord[] = [];
  const createdMs: number[] = []; // parallel to records; numeric sort keys are much cheaper than ISO strings
  for (let i = 0; i < count; i++) {
    const c = rng.int(0, clinicians - 1);
    const services = practice.clinicianServiceIds[c];
    const productId = services[rng.chance(0.5) ? 0 : rng.int(0, services.length - 1)]; // first service is the main one
    const product = store.products.get(productId);
    const duration = product?.duration ?? 30;
    const slots = ceil(duration / 15);
    let day = 0;
    let slot = 0;
    for (let attempt = 0; attempt < 6; attempt++) {
      day = rng.int(0, days.length - 1);
      slot = rng.int(0, SLOTS_PER_DAY - slots);
      if ((busy[day * clinicians + c] & slotMask(slot, slots)) === 0) break;
    }
    busy[day * clinicians + c] |= slotMask(slot, slots); // after 6 tries we accept an overlap (only at huge scale)
    const { y, m, d } = days[day];
    const startMs = londonToUtc(y, m, d, 9) + slot * SLOT;
    const endMs = startMs + duration * MIN;
    const eligible = max(1, upperBound(patientCreated, startMs - 2 * 3_600_000));
    const patient = patients[rng.int(0, eligible - 1)];
    const [b, created] = makeBooking(rng, anchorMs, startMs, endMs, patient, practice.clinicianIds[c], practice.clinicianRoomIds[c], productId, product?.isVideoConsultation ?? false);
    records.push(b);
    createdMs.push(created);
  }
  plantSharedUpdatedAt(records, rng, anchorMs);
  // Ids ascend with createdAt, like ObjectIds.
  const order = Array.from(records.keys()).sort((a, b) => createdMs[a] - createdMs[b] || a - b);
  for (const i of order) {
    const b = records[i];
    b.id = store.ids.next('booking');
    b.reference = `BK${(100000 + store.bookings.size).toString()}`;
    if (b.videoUrl !== null) b.videoUrl = `https://video.example.com/sandbox-clinic/${b.id}`;
    store.addBooking(b);
  }
}

function makeBooking(rng: Rng, anchorMs: number, startMs: number, endMs: number, patient: PatientRecord, doctorId: string, locationId: string, bookingTypeId: string, video: boolean): [BookingRecord, number] {
  const patientCreatedMs = NativeDate.parse(patient.createdAt);
  let createdMs = startMs - (30 * MIN + floor(rng.next() * rng.next() * 60 * DAY_MS));
  if (createdMs > anchorMs - MIN) createdMs = anchorMs - MIN - floor(rng.next() * 20 * DAY_MS);
  createdMs = max(createdMs, patientCreatedMs + MIN);
  const journey: JourneyRecord = { arrived: null, consultation: null, departed: null, dna: null };
  const deleted = rng.chance(0.08);
  let updatedMs = createdMs;
  let cancellationReason: string | null = null;
  if (deleted) {
    updatedMs = createdMs + floor(rng.next() * max(0, min(startMs, anchorMs) - createdMs));
    cancellationReason = rng.pick(CANCELLATION_REASONS);
  } else if (endMs < anchorMs) {
    const roll = rng.next();
    if (roll < 0.85) {
      journey.arrived = iso(startMs - rng.int(2, 15) * MIN);
      journey.consultation = iso(startMs + rng.int(0, 5) * MIN);
      const departedMs = min(endMs + rng.int(0, 10) * MIN, anchorMs - 1000);
      journey.departed = iso(departedMs);
      updatedMs = departedMs;
    } else if (roll < 0.92) {
      const dnaMs = startMs + 15 * MIN;
      journey.dna = iso(dnaMs);
      updatedMs = dnaMs;
    }
    if (rng.chance(0.1)) updatedMs += floor(rng.next() * (anchorMs - updatedMs) * 0.2);
  } else if (rng.chance(0.3)) {
    updatedMs = createdMs + floor(rng.next() * (anchorMs - createdMs));
  }
  const past = startMs < anchorMs;
  const booking: BookingRecord = {
    id: '', patientId: patient.id, doctorId, locationId, bookingTypeId,
    start: iso(startMs), end: iso(endMs),
    comments: rng.chance(0.3) ? rng.pick(BOOKING_COMMENTS) : null,
    reference: '', videoUrl: video ? '' : null, billed: false, deleted, cancellationReason, bookingJourney: journey,
    patientMessagesSent: { confirmation: true, reminder: past && !deleted, followup: journey.departed !== null && rng.chance(0.5), cancellation: deleted },
    onlineBookingPaymentStatus: rng.chance(0.05) ? 'paid' : null,
    createdAt: iso(createdMs), updatedAt: iso(max(updatedMs, createdMs)),
  };
  return [booking, createdMs];
}

/** A bulk reschedule: >100 future bookings touched at the same instant (pagination edge case). */
function plantSharedUpdatedAt(records: BookingRecord[], rng: Rng, anchorMs: number): void {
  const bulkIso = iso(floor((anchorMs - 10 * DAY_MS) / 1000) * 1000);
  const anchorIso = iso(anchorMs);
  const eligible = records.filter((b) => !b.deleted && b.start > anchorIso && b.createdAt <= bulkIso);
  const want = min(110, floor(records.length / 10), eligible.length);
  for (let i = 0; i < want; i++) {
    const j = i + floor(rng.next() * (eligible.length - i));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
    eligible[i].updatedAt = bulkIso;
  }
}

function slotMask(slot: number, slots: number): number {
  return (((1 << slots) - 1) << slot) >>> 0;
}

function weekdays(fromMs: number, toMs: number): Day[] {
  const out: Day[] = [];
  const start = new NativeDate(fromMs);
  for (let t = NativeDate.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= toMs; t += DAY_MS) {
    const d = new NativeDate(t);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push({ y: d.getUTCFullYear(), m: d.getUTCMonth(), d: d.getUTCDate() });
  }
  return out;
}

/** Number of sorted values <= x. */
function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
