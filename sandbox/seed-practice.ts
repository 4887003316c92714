/** The fixed part of the clinic: practice, sites/rooms, products, staff, labels, payment types. */
import type { SandboxStore } from './store';
import { LABELS } from './seed-data';
import { iso } from './time';
import type { AddressRecord, ProductRecord, UserRecord } from './types';

export const SIGN_IN_EMAIL = 'manager@sandbox-clinic.test';
export const SIGN_IN_PASSWORD = 'sandbox-password';

const SITES: { name: string; address: AddressRecord; rooms: string[] }[] = [
  { name: 'London Harley Street', address: { address: '112 Harley Street', city: 'London', postcode: 'W1G 7JQ', country: 'United Kingdom' }, rooms: ['Room 1', 'Room 2', 'Treatment Room'] },
  { name: 'London Canary Wharf', address: { address: 'Unit 4, 15 Cabot Square', city: 'London', postcode: 'E14 4QT', country: 'United Kingdom' }, rooms: ['Consulting Room A', 'Consulting Room B', 'Studio'] },
  { name: 'Manchester', address: { address: '22 St John Street', city: 'Manchester', postcode: 'M3 4DT', country: 'United Kingdom' }, rooms: ['Room 1', 'Room 2'] },
];

type ProductSeed = Pick<ProductRecord, 'name' | 'kind' | 'price' | 'duration' | 'isBookable' | 'isVideoConsultation' | 'color'> & Partial<ProductRecord>;
const VAT_EXEMPT = { taxName: 'VAT Exempt', taxRate: 0, taxCode: 'E' };
const VAT_STANDARD = { taxName: 'VAT', taxRate: 20, taxCode: 'S' };

const PRODUCTS: ProductSeed[] = [
  { name: 'Initial Consultation', kind: 'appointment', price: 120, duration: 60, isBookable: true, isVideoConsultation: false, color: '#3498db' },
  { name: 'Follow-up Consultation', kind: 'appointment', price: 80, duration: 30, isBookable: true, isVideoConsultation: false, color: '#5dade2' },
  { name: 'Physiotherapy Session', kind: 'appointment', price: 65, duration: 45, isBookable: true, isVideoConsultation: false, color: '#1abc9c' },
  { name: 'Video Consultation', kind: 'appointment', price: 50, duration: 20, isBookable: true, isVideoConsultation: true, color: '#9b59b6' },
  { name: 'Sports Massage', kind: 'appointment', price: 70, duration: 60, isBookable: true, isVideoConsultation: false, color: '#e67e22' },
  { name: 'Dermatology Consultation', kind: 'appointment', price: 150, duration: 30, isBookable: true, isVideoConsultation: false, color: '#e74c3c' },
  { name: 'Blood Test', kind: 'appointment', price: 45, duration: 15, isBookable: true, isVideoConsultation: false, color: '#c0392b', requiresConfirmation: true },
  { name: 'Knee Support Brace', kind: 'product', price: 35, duration: null, isBookable: false, isVideoConsultation: false, color: null, stockLevel: 12, cost: 14, tax: VAT_STANDARD, supplierName: 'OrthoSupply Ltd', itemCode: 'KSB-01' },
  { name: 'Kinesiology Tape', kind: 'product', price: 8, duration: null, isBookable: false, isVideoConsultation: false, color: null, stockLevel: 40, cost: 3, tax: VAT_STANDARD, supplierName: 'OrthoSupply Ltd', itemCode: 'KT-05' },
  { name: 'Medical Report', kind: 'service', price: 95, duration: null, isBookable: false, isVideoConsultation: false, color: null },
  { name: 'Missed Appointment Fee', kind: 'service', price: 40, duration: null, isBookable: false, isVideoConsultation: false, color: null },
];

/** Clinicians; `room` is an index into the flattened room list (one home room each, so rooms are never double-booked). */
const CLINICIANS: (Partial<UserRecord> & { firstName: string; lastName: string; room: number; services: string[] })[] = [
  { title: 'Dr', firstName: 'Sarah', lastName: 'Mitchell', gender: 'Female', qualifications: 'MBBS MRCGP', registration: 'GMC 7123456', room: 0, services: ['Initial Consultation', 'Follow-up Consultation', 'Video Consultation', 'Blood Test'] },
  { title: 'Dr', firstName: 'Priya', lastName: 'Raman', gender: 'Female', qualifications: 'MBBS FRCP (Dermatology)', registration: 'GMC 7234567', room: 1, services: ['Dermatology Consultation', 'Follow-up Consultation', 'Video Consultation'] },
  { title: 'Mr', firstName: 'Tom', lastName: 'Fletcher', gender: 'Male', qualifications: 'BSc (Hons) Physiotherapy, MCSP', registration: 'HCPC PH112233', room: 2, services: ['Physiotherapy Session', 'Initial Consultation', 'Sports Massage'] },
  { title: 'Dr', firstName: 'James', lastName: 'Okafor', gender: 'Male', qualifications: 'MBChB MRCGP', registration: 'GMC 7345678', room: 3, services: ['Initial Consultation', 'Follow-up Consultation', 'Video Consultation', 'Blood Test'] },
  { title: 'Ms', firstName: 'Emma', lastName: 'Lawson', gender: 'Female', qualifications: 'MSc Physiotherapy, MCSP', registration: 'HCPC PH223344', room: 4, services: ['Physiotherapy Session', 'Initial Consultation'] },
  { title: 'Ms', firstName: 'Sophie', lastName: 'Turner', gender: 'Female', qualifications: 'BSc Sports Therapy', registration: null, room: 5, services: ['Sports Massage', 'Physiotherapy Session'] },
  { title: 'Dr', firstName: 'Aisha', lastName: 'Rahman', gender: 'Female', qualifications: 'MBBS DRCOG', registration: 'GMC 7456789', room: 6, services: ['Initial Consultation', 'Follow-up Consultation', 'Video Consultation', 'Blood Test'] },
  { title: 'Mr', firstName: 'Daniel', lastName: 'Brooks', gender: 'Male', qualifications: 'BSc Physiotherapy, MCSP', registration: 'HCPC PH334455', room: 7, services: ['Physiotherapy Session', 'Sports Massage', 'Initial Consultation'] },
];

const STAFF: (Partial<UserRecord> & { firstName: string; lastName: string; email: string })[] = [
  { title: 'Mrs', firstName: 'Helen', lastName: 'Carter', email: SIGN_IN_EMAIL, gender: 'Female' },
  { title: 'Ms', firstName: 'Jade', lastName: 'Wilson', email: 'reception.london@sandbox-clinic.test', gender: 'Female' },
  { title: 'Mr', firstName: 'Marcus', lastName: 'Green', email: 'reception.manchester@sandbox-clinic.test', gender: 'Male' },
  { title: 'Mr', firstName: 'Gary', lastName: 'Hobbs', email: 'gary.hobbs@sandbox-clinic.test', gender: 'Male', deleted: true },
];

export interface PracticeSeed {
  clinicianIds: string[];
  clinicianRoomIds: string[];
  clinicianServiceIds: string[][];
  bookableIds: string[];
}

export function seedPractice(store: SandboxStore, anchorMs: number): PracticeSeed {
  const founded = iso(anchorMs - 4 * 365 * 86_400_000);
  store.practice = {
    id: store.ids.next('practice'), name: 'Sandbox Health Clinic', timezone: 'Europe/London', logo: null,
    branding: { primaryColor: '#0b6e4f' },
    accessGroups: ['Administrators', 'Clinicians', 'Reception'].map((name) => ({ id: store.ids.next('sub'), name })),
  };
  const productIdByName = new Map<string, string>();
  for (const p of PRODUCTS) {
    const id = store.ids.next('product');
    productIdByName.set(p.name, id);
    store.products.set(id, {
      id, itemCode: null, cost: null, tax: VAT_EXEMPT, stockLevel: null, requiresPayment: false,
      requiresConfirmation: false, supplierName: null, serialNumber: null, comments: null, deleted: false,
      createdAt: founded, updatedAt: founded, ...p,
    });
  }
  const roomIds: string[] = [];
  for (const site of SITES) {
    for (const room of site.rooms) {
      const id = store.ids.next('location');
      roomIds.push(id);
      store.locations.set(id, { id, name: room, groupName: site.name, address: { ...site.address }, serviceIds: [] });
    }
  }
  const seed: PracticeSeed = { clinicianIds: [], clinicianRoomIds: [], clinicianServiceIds: [], bookableIds: [] };
  for (const c of CLINICIANS) {
    const serviceIds = c.services.map((s) => productIdByName.get(s) as string);
    const user = makeUser(store, { ...c, email: `${c.firstName}.${c.lastName}@sandbox-clinic.test`.toLowerCase(), isDoctor: true, serviceIds, minimumTreatmentAge: 16 }, founded);
    const roomId = roomIds[c.room];
    const room = store.locations.get(roomId);
    if (room) room.serviceIds = [...new Set([...room.serviceIds, ...serviceIds])];
    seed.clinicianIds.push(user.id);
    seed.clinicianRoomIds.push(roomId);
    store.clinicianRooms.set(user.id, roomId);
    seed.clinicianServiceIds.push(serviceIds);
  }
  for (const s of STAFF) {
    const user = makeUser(store, { ...s, isDoctor: false }, founded);
    if (s.email === SIGN_IN_EMAIL) store.signInUserId = user.id;
  }
  for (const l of LABELS) {
    const id = store.ids.next('label');
    store.labels.set(id, { id, title: l.title, color: l.color });
  }
  store.paymentTypes = ['Card', 'Cash', 'Bank Transfer', 'Stripe', 'GoCardless'].map((name) => ({ id: store.ids.next('paymentType'), name }));
  store.practiceNumbers = [
    { id: store.ids.next('practiceNumber'), name: 'NHS', idType: 'NHS', primary: true, deleted: false },
    { id: store.ids.next('practiceNumber'), name: 'Hospital Number', idType: 'MRN', primary: false, deleted: false },
  ];
  seed.bookableIds = [...store.products.values()].filter((p) => p.isBookable).map((p) => p.id);
  return seed;
}

function makeUser(store: SandboxStore, u: Partial<UserRecord> & { firstName: string; lastName: string; email: string }, at: string): UserRecord {
  const user: UserRecord = {
    id: store.ids.next('user'), title: null, gender: null, pronouns: null, isDoctor: false, qualifications: null,
    registration: null, deleted: false, minimumTreatmentAge: null, serviceIds: [], metadata: [], createdAt: at, updatedAt: at,
    ...u,
  };
  // Strip seed-only helper keys so records stay clean for tests.
  delete (user as unknown as Record<string, unknown>).room;
  delete (user as unknown as Record<string, unknown>).services;
  store.users.set(user.id, user);
  return user;
}
