/** invoices query, Invoice fields, createInvoice and addInvoicePayment. */
import type { Ctx } from '../context';
import type { InvoiceRecord, PaymentRecord } from '../types';
import { type Args, changeFilter, dateInput, pageArgs, paginate, parseRange, payload, PayloadError, type Range, required, type ResolverMap, round2 } from './common';

export function invoiceTotals(inv: InvoiceRecord): { paid: number; outstanding: number; status: string } {
  const paid = round2(inv.payments.reduce((s, p) => s + p.paymentAmount, 0));
  const outstanding = round2(Math.max(0, inv.total - paid));
  const status = outstanding <= 0 ? 'paid' : paid > 0 ? 'partially paid' : 'outstanding';
  return { paid, outstanding, status };
}

/**
 * ASSUMPTION: Invoice.date is a calendar date (YYYY-MM-DD); dateRange matches an invoice when that
 * UTC day overlaps the range (bounds inclusive).
 */
export function invoiceInRange(inv: InvoiceRecord, range: Range | null): boolean {
  if (!range) return true;
  return (range.start === undefined || `${inv.date}T23:59:59.999Z` >= range.start) && (range.end === undefined || `${inv.date}T00:00:00.000Z` <= range.end);
}

function calendarDate(value: unknown, field: string): string {
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : dateInput(value, field).slice(0, 10);
}

function newPayment(ctx: Ctx, d: Args): PaymentRecord {
  if (typeof d.paymentAmount !== 'number' || d.paymentAmount <= 0) throw new PayloadError('paymentAmount must be more than 0');
  if (!ctx.store.paymentTypes.some((t) => t.id === d.paymentTypeId)) throw new PayloadError('Payment type not found (paymentTypeId must be a practice.paymentTypes id)');
  return { id: ctx.store.ids.next('sub'), paymentTypeId: d.paymentTypeId, paymentAmount: round2(d.paymentAmount), paymentDate: calendarDate(required(d.paymentDate, 'paymentDate is required.'), 'paymentDate'), comment: d.comment ?? null };
}

export const invoiceResolvers: ResolverMap = {
  Query: {
    invoices: (_p, args, ctx) => {
      const { page, pageSize } = pageArgs(args.pagination, ctx);
      const range = parseRange(args.dateRange, 'dateRange');
      const changed = changeFilter(args.options);
      return paginate(ctx.store.invoices.values(), (i) => invoiceInRange(i, range) && changed(i), page, pageSize, ctx);
    },
  },
  Invoice: {
    patient: (i: InvoiceRecord, _a, ctx) => ctx.store.patients.get(i.patientId) ?? null,
    doctor: (i: InvoiceRecord, _a, ctx) => ctx.store.users.get(i.doctorId) ?? null,
    location: (i: InvoiceRecord, _a, ctx) => ctx.store.locations.get(i.locationId)?.groupName ?? null,
    paymentReference: (i: InvoiceRecord, _a, ctx) => ctx.store.patients.get(i.patientId)?.paymentReference ?? null,
    status: (i: InvoiceRecord) => invoiceTotals(i).status,
    paidOrOutstanding: (i: InvoiceRecord) => (invoiceTotals(i).outstanding <= 0 ? 'Paid' : 'Outstanding'),
    outstanding: (i: InvoiceRecord) => invoiceTotals(i).outstanding,
    refunded: () => 0,
    refunds: () => [],
    type: () => 'invoice',
  },
  Mutation: {
    createInvoice: (_p, args, ctx) => payload(() => {
      const d = required<Args>(args.invoiceData, 'invoiceData is required.');
      if (!ctx.store.patients.has(d.patientId)) throw new PayloadError('Patient not found');
      if (!ctx.store.users.has(d.doctorId)) throw new PayloadError('Doctor not found');
      if (!ctx.store.locations.has(d.locationId)) throw new PayloadError('Location not found');
      const lineItems = ((d.lineItems ?? []) as Args[]).map((l) => {
        const product = l.productId != null ? ctx.store.products.get(l.productId) : undefined;
        if (l.productId != null && !product) throw new PayloadError(`Product not found: ${l.productId}`);
        const quantity = l.quantity ?? 1;
        if (!Number.isInteger(quantity) || quantity < 1) throw new PayloadError('Line item quantity must be 1 or more');
        return { id: ctx.store.ids.next('sub'), productId: product?.id ?? null, quantity, price: round2(l.price ?? product?.price ?? 0) };
      });
      const now = ctx.nowIso();
      const inv: InvoiceRecord = {
        id: ctx.store.ids.next('invoice'), invoiceNumber: 1000 + ctx.store.nextInvoiceNumber++, date: calendarDate(d.date, 'date'),
        patientId: d.patientId, doctorId: d.doctorId, locationId: d.locationId, bookingId: null, lineItems, payments: [],
        total: round2(lineItems.reduce((s, l) => s + l.price * l.quantity, 0)), tax: 0, comments: d.comments ?? null,
        extraInfo: d.extraInfo ?? null, createdAt: now, updatedAt: now,
      };
      inv.payments = ((d.payments ?? []) as Args[]).map((p) => newPayment(ctx, p));
      if (invoiceTotals(inv).paid > inv.total) throw new PayloadError('Payments exceed the invoice total');
      ctx.store.addInvoice(inv);
      return inv;
    }),
    // ASSUMPTION: a payment larger than the outstanding amount is rejected (no overpayment/credit handling).
    addInvoicePayment: (_p, args, ctx) => payload(() => {
      const inv = ctx.store.invoices.get(args.invoiceId);
      if (!inv) throw new PayloadError('Invoice not found');
      const payment = newPayment(ctx, required<Args>(args.paymentData, 'paymentData is required.'));
      const { outstanding } = invoiceTotals(inv);
      if (payment.paymentAmount > outstanding + 0.001) throw new PayloadError(`Payment of ${payment.paymentAmount.toFixed(2)} exceeds the outstanding amount ${outstanding.toFixed(2)}`);
      inv.payments.push(payment);
      inv.updatedAt = ctx.nowIso();
      return inv;
    }),
  },
};
