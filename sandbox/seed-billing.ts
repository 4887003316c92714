/** Invoices (with payments) for a share of attended bookings, plus a few clinical free-text notes. */
import { streamFor, type Rng } from './prng';
import { FREE_TEXT_QUESTIONS } from './seed-data';
import type { SandboxStore } from './store';
import { round2 } from './resolvers/common';
import { DAY_MS, iso, londonIsoDate } from './time';
import type { BookingRecord, InvoiceRecord, PaymentRecord } from './types';

// Module-level aliases: global lookups are ~100x slower inside jest's vm sandbox, where tests seed 100k patients.
const { min } = Math;
const NativeDate = Date;

const MIN = 60_000;

export function seedBilling(store: SandboxStore, seed: number, anchorMs: number): void {
  const rng = streamFor(seed, 'billing');
  const paymentTypeIds = store.paymentTypes.map((t) => t.id);
  const extras = [...store.products.values()].filter((p) => p.kind === 'product');
  const invoices: InvoiceRecord[] = [];
  const createdKeys: number[] = []; // parallel numeric sort keys
  for (const b of store.bookings.values()) {
    if (b.deleted || !b.bookingJourney.departed) continue;
    if (rng.chance(0.05)) addNote(store, rng, b);
    if (!rng.chance(0.45)) continue;
    const product = store.products.get(b.bookingTypeId);
    const lineItems = [{ id: store.ids.next('sub'), productId: b.bookingTypeId, quantity: 1, price: product?.price ?? 0 }];
    if (rng.chance(0.05) && extras.length) {
      const extra = rng.pick(extras);
      lineItems.push({ id: store.ids.next('sub'), productId: extra.id, quantity: rng.int(1, 2), price: extra.price });
    }
    const total = round2(lineItems.reduce((s, l) => s + l.price * l.quantity, 0));
    const createdMs = NativeDate.parse(b.bookingJourney.departed) + rng.int(1, 20) * MIN;
    const date = londonIsoDate(NativeDate.parse(b.start));
    const old = anchorMs - createdMs > 60 * DAY_MS;
    const status = rng.weighted(['paid', 'outstanding', 'partially paid'], old ? [92, 5, 3] : [70, 20, 10]);
    const payments: PaymentRecord[] = [];
    let updatedMs = createdMs;
    if (status !== 'outstanding') {
      const paidMs = min(anchorMs - MIN, createdMs + (rng.chance(0.85) ? 0 : rng.int(1, 14) * DAY_MS));
      payments.push({
        id: store.ids.next('sub'),
        paymentTypeId: rng.weighted(paymentTypeIds, [60, 5, 10, 15, 10]),
        paymentAmount: status === 'paid' ? total : round2(total / 2),
        paymentDate: londonIsoDate(paidMs),
        comment: null,
      });
      updatedMs = paidMs;
    }
    invoices.push({
      id: '', invoiceNumber: 0, date, patientId: b.patientId, doctorId: b.doctorId ?? '', locationId: b.locationId,
      bookingId: b.id, lineItems, payments, total, tax: 0, comments: null,
      extraInfo: rng.chance(0.1) ? 'Please quote your invoice number when paying by bank transfer.' : null,
      createdAt: iso(createdMs), updatedAt: iso(updatedMs),
    });
    createdKeys.push(createdMs);
    b.billed = true;
  }
  const order = Array.from(invoices.keys()).sort((a, b) => createdKeys[a] - createdKeys[b] || a - b);
  for (const i of order) {
    const inv = invoices[i];
    inv.id = store.ids.next('invoice');
    inv.invoiceNumber = 1000 + store.nextInvoiceNumber++;
    store.addInvoice(inv);
  }
}

function addNote(store: SandboxStore, rng: Rng, b: BookingRecord): void {
  const q = rng.pick(FREE_TEXT_QUESTIONS);
  const at = b.bookingJourney.consultation ?? b.start;
  const id = store.ids.next('record');
  store.freeTextRecords.set(id, {
    id, patientId: b.patientId, consultationId: null, sectionTitle: q.section, question: q.question,
    answer: rng.pick(q.answers), createdAt: at, updatedAt: at,
  });
}


