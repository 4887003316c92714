/**
 * In-memory record shapes. They mirror the GraphQL types (so graphql-js default
 * resolvers work) plus a few internal foreign keys (`...Id` fields) that nested
 * resolvers follow. Timestamps are ISO-8601 strings with `Z`; because they all
 * come from Date#toISOString they also sort correctly as strings.
 */

export interface AddressRecord {
  address: string | null;
  city: string | null;
  postcode: string | null;
  country: string | null;
}

export interface PhoneRecord { phoneId: string; phoneType: string; phoneNumber: string }
export interface PatientNumberRecord { id: string; numberId: string; name: string; value: string }
export interface CustomAttributeRecord { id: string; title: string; text: string; response: string; required: boolean }
export interface PatientLabelRecord { id: string; referenceId: string }

export interface CommunicationPreferencesRecord {
  receiveEmail: boolean;
  receiveSMS: boolean;
  promotionalMarketing: boolean;
  paymentReminders: boolean;
  privacyPolicy: { response: string | null };
}

export interface ArchivedInfoRecord {
  archivedAt: string | null;
  archivedById: string | null;
  archivedReason: string | null;
  archivedComments: string | null;
  unarchivedAt: string | null;
  unarchivedById: string | null;
  unarchivedReason: string | null;
}

export interface PatientRecord {
  id: string;
  title: string | null;
  firstName: string;
  lastName: string;
  dob: string | null; // YYYY-MM-DD
  gender: string | null;
  sex: string | null;
  email: string | null;
  phones: PhoneRecord[];
  address: AddressRecord;
  numbers: PatientNumberRecord[];
  customAttributes: CustomAttributeRecord[];
  communicationPreferences: CommunicationPreferencesRecord;
  labels: PatientLabelRecord[];
  paymentReference: string | null;
  membershipName: string | null;
  membershipStartDate: string | null;
  occupation: string | null;
  comments: string | null;
  onHold: boolean;
  archived: boolean;
  archivedInfo: ArchivedInfoRecord | null;
  createdAt: string;
  updatedAt: string;
}

export interface JourneyRecord { arrived: string | null; consultation: string | null; departed: string | null; dna: string | null }

export interface BookingRecord {
  id: string;
  patientId: string;
  doctorId: string | null;
  locationId: string;
  bookingTypeId: string; // bookable Product id
  /** Made by createOutOfOfficeBooking: the clinician and room are busy, nobody is seen (patientId and bookingTypeId are ''). */
  outOfOffice?: boolean;
  start: string;
  end: string;
  comments: string | null;
  reference: string;
  videoUrl: string | null;
  billed: boolean;
  deleted: boolean;
  cancellationReason: string | null;
  bookingJourney: JourneyRecord;
  patientMessagesSent: { confirmation: boolean; reminder: boolean; followup: boolean; cancellation: boolean };
  onlineBookingPaymentStatus: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserRecord {
  id: string;
  title: string | null;
  firstName: string;
  lastName: string;
  email: string;
  gender: string | null;
  pronouns: string | null;
  isDoctor: boolean;
  qualifications: string | null;
  registration: string | null;
  deleted: boolean;
  minimumTreatmentAge: number | null;
  serviceIds: string[];
  metadata: { key: string; value: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface LocationRecord {
  id: string;
  name: string; // room
  groupName: string; // site
  address: AddressRecord;
  serviceIds: string[];
}

export interface ProductRecord {
  id: string;
  kind: 'appointment' | 'service' | 'product'; // internal; Product.productType enum values are unknown
  name: string;
  itemCode: string | null;
  price: number;
  cost: number | null;
  tax: { taxName: string; taxRate: number; taxCode: string } | null;
  stockLevel: number | null;
  isBookable: boolean;
  duration: number | null;
  color: string | null;
  isVideoConsultation: boolean;
  requiresPayment: boolean;
  requiresConfirmation: boolean;
  supplierName: string | null;
  serialNumber: string | null;
  comments: string | null;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface LineItemRecord { id: string; productId: string | null; quantity: number; price: number }
export interface PaymentRecord { id: string; paymentTypeId: string; paymentAmount: number; paymentDate: string; comment: string | null }

export interface InvoiceRecord {
  id: string;
  invoiceNumber: number;
  date: string; // YYYY-MM-DD
  patientId: string;
  doctorId: string;
  locationId: string;
  bookingId: string | null;
  lineItems: LineItemRecord[];
  payments: PaymentRecord[];
  total: number;
  tax: number;
  comments: string | null;
  extraInfo: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LabelRecord { id: string; title: string; color: string }
export interface PaymentTypeRecord { id: string; name: string }
export interface PracticeNumberRecord { id: string; name: string; idType: string; primary: boolean; deleted: boolean }

export interface FreeTextRecordRecord {
  id: string;
  patientId: string;
  consultationId: string | null;
  sectionTitle: string | null;
  question: string;
  answer: string;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookRecord {
  id: string;
  secret: string;
  url: string;
  label: string;
  eventTypes: string[];
  headers: { key: string; value: string }[];
  version: string;
  deliveryPaused: boolean;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PracticeRecord {
  id: string;
  name: string;
  timezone: string;
  logo: string | null;
  branding: { primaryColor: string };
  accessGroups: { id: string; name: string }[];
}

/** A deliberate duplicate planted by the seed, so duplicate detection can be tested. */
export interface SeededDuplicate {
  kind: 'nhsNumber' | 'nameAndDob' | 'email';
  originalId: string;
  duplicateId: string;
}
