/**
 * In-memory Semble data. Maps iterate in insertion order and ids are allocated
 * monotonically, so "iterate the Map" == "ascending id" (the sandbox's list order).
 */
import type {
  BookingRecord, FreeTextRecordRecord, InvoiceRecord, LabelRecord, LocationRecord, PatientRecord,
  PaymentTypeRecord, PracticeNumberRecord, PracticeRecord, ProductRecord, SeededDuplicate, UserRecord,
  WebhookRecord,
} from './types';

export type IdKind =
  | 'practice' | 'user' | 'location' | 'product' | 'label' | 'paymentType' | 'practiceNumber'
  | 'patient' | 'booking' | 'invoice' | 'record' | 'webhook' | 'sub';

// Semble ids are 24-hex Mongo ObjectIds; a fixed per-kind prefix keeps ours the same shape.
const PREFIX: Record<IdKind, string> = {
  practice: '6400', user: '6401', location: '6402', product: '6403', label: '6404', paymentType: '6405',
  practiceNumber: '6406', patient: '64a0', booking: '64b0', invoice: '64c0', record: '64d0',
  webhook: '64e0', sub: '64f0',
};

export class IdGenerator {
  private counters = new Map<IdKind, number>();
  next(kind: IdKind): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return PREFIX[kind] + n.toString(16).padStart(20, '0');
  }
}

export class SandboxStore {
  seed = 1;
  ids = new IdGenerator();
  practice: PracticeRecord = { id: '', name: '', timezone: 'Europe/London', logo: null, branding: { primaryColor: '#000000' }, accessGroups: [] };
  users = new Map<string, UserRecord>();
  locations = new Map<string, LocationRecord>();
  products = new Map<string, ProductRecord>();
  labels = new Map<string, LabelRecord>();
  paymentTypes: PaymentTypeRecord[] = [];
  practiceNumbers: PracticeNumberRecord[] = [];
  patients = new Map<string, PatientRecord>();
  /** Patients removed by deletePatient (reads never return them; kept so tests can inspect). */
  deletedPatients = new Map<string, PatientRecord>();
  bookings = new Map<string, BookingRecord>();
  invoices = new Map<string, InvoiceRecord>();
  freeTextRecords = new Map<string, FreeTextRecordRecord>();
  webhooks = new Map<string, WebhookRecord>();
  /** Each clinician's home room (user id → location id): where availabilitySlots offers them. */
  clinicianRooms = new Map<string, string>();
  /** Duplicates planted by the seed (same NHS number / same name+dob / same email). */
  duplicates: SeededDuplicate[] = [];
  /** The user that signIn(manager@sandbox-clinic.test) authenticates as. */
  signInUserId = '';
  nextInvoiceNumber = 1;

  private bookingsByPatient = new Map<string, BookingRecord[]>();
  private invoicesByPatient = new Map<string, InvoiceRecord[]>();

  /** Empty everything (used before re-seeding; keeps this object so references held by tests stay valid). */
  clear(): void {
    this.ids = new IdGenerator();
    for (const m of [this.users, this.locations, this.products, this.labels, this.patients, this.deletedPatients,
      this.bookings, this.invoices, this.freeTextRecords, this.webhooks, this.clinicianRooms, this.bookingsByPatient, this.invoicesByPatient]) {
      m.clear();
    }
    this.paymentTypes = [];
    this.practiceNumbers = [];
    this.duplicates = [];
    this.nextInvoiceNumber = 1;
  }

  countPatients(): number {
    return this.patients.size;
  }

  countBookings(includeDeleted = false): number {
    if (includeDeleted) return this.bookings.size;
    let n = 0;
    for (const b of this.bookings.values()) if (!b.deleted) n++;
    return n;
  }

  patientList(): PatientRecord[] {
    return [...this.patients.values()];
  }

  bookingList(): BookingRecord[] {
    return [...this.bookings.values()];
  }

  addPatient(p: PatientRecord): void {
    this.patients.set(p.id, p);
  }

  deletePatient(id: string): PatientRecord | undefined {
    const p = this.patients.get(id);
    if (!p) return undefined;
    this.patients.delete(id);
    this.deletedPatients.set(id, p);
    return p;
  }

  addBooking(b: BookingRecord): void {
    this.bookings.set(b.id, b);
    if (b.patientId) pushIndex(this.bookingsByPatient, b.patientId, b);
  }

  addInvoice(i: InvoiceRecord): void {
    this.invoices.set(i.id, i);
    pushIndex(this.invoicesByPatient, i.patientId, i);
  }

  bookingsForPatient(patientId: string): readonly BookingRecord[] {
    return this.bookingsByPatient.get(patientId) ?? [];
  }

  invoicesForPatient(patientId: string): readonly InvoiceRecord[] {
    return this.invoicesByPatient.get(patientId) ?? [];
  }

  /** Groups of patients sharing one updatedAt (largest first) — the pagination edge cases the seed plants. */
  sharedUpdatedAtGroups(minSize = 2): { updatedAt: string; count: number }[] {
    const counts = new Map<string, number>();
    for (const p of this.patients.values()) counts.set(p.updatedAt, (counts.get(p.updatedAt) ?? 0) + 1);
    return [...counts].filter(([, c]) => c >= minSize).map(([updatedAt, count]) => ({ updatedAt, count }))
      .sort((a, b) => b.count - a.count);
  }
}

function pushIndex<T>(index: Map<string, T[]>, key: string, value: T): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

export function fullName(p: { title?: string | null; firstName: string; lastName: string }): string {
  return `${p.firstName} ${p.lastName}`.trim();
}
