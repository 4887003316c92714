/** Patient generator: realistic, deliberately messy UK patient records. */
import { streamFor, type Rng } from './prng';
import * as contact from './seed-contact';
import { FEMALE_NAMES, INSURERS, LABELS, MALE_NAMES, OCCUPATIONS, REFERRAL_SOURCES, SURNAMES } from './seed-data';
import type { SandboxStore } from './store';
import { DAY_MS, iso } from './time';
import type { PatientLabelRecord, PatientRecord } from './types';

// Module-level aliases: global lookups are ~100x slower inside jest's vm sandbox, where tests seed 100k patients.
const { floor, max, min, round } = Math;

const YEAR_MS = 365 * DAY_MS;
const AGE_BANDS = [[1, 15], [16, 34], [35, 64], [65, 95]];
const AGE_WEIGHTS = [8, 30, 45, 17];
const LABEL_WEIGHTS = [5, 25, 35, 10, 2, 10, 10, 3]; // parallel to LABELS
const ARCHIVE_REASONS = ['INACTIVE_PATIENT', 'DISCHARGED_PATIENT', 'MOVED_AWAY_OR_TRANSFER_OF_CARE', 'PATIENT_REQUEST', 'DECEASED_PATIENT'];

/** Creates `count` patients (ids ascend with createdAt, like ObjectIds). Returns their createdAt ms, sorted. */
export function seedPatients(store: SandboxStore, seed: number, count: number, anchorMs: number): number[] {
  const rng = streamFor(seed, 'patients');
  const created: number[] = [];
  for (let i = 0; i < count; i++) created.push(anchorMs - 3 * YEAR_MS + floor(rng.next() * (3 * YEAR_MS - 3_600_000)));
  created.sort((a, b) => a - b);
  const labelIds = [...store.labels.keys()];
  const [nhsId, hospitalId] = store.practiceNumbers.map((n) => n.id);
  for (const createdMs of created) {
    store.addPatient(makePatient(store, rng, createdMs, anchorMs, labelIds, nhsId, hospitalId));
  }
  plantSharedUpdatedAt(store, rng, anchorMs);
  plantDuplicates(store, rng);
  return created;
}

function makePatient(store: SandboxStore, rng: Rng, createdMs: number, anchorMs: number, labelIds: string[], nhsId: string, hospitalId: string): PatientRecord {
  const female = rng.chance(0.56);
  const firstName = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  const lastName = rng.pick(SURNAMES);
  const band = AGE_BANDS[rng.weightedIndex(AGE_WEIGHTS)];
  const age = rng.int(band[0], band[1]);
  const dobMs = anchorMs - age * YEAR_MS - rng.int(0, 364) * DAY_MS;
  const sexLabel = female ? 'Female' : 'Male';
  const id = store.ids.next('patient');
  const labels: PatientLabelRecord[] = [];
  if (rng.chance(0.45)) {
    const n = rng.chance(0.8) ? 1 : 2;
    for (let i = 0; i < n; i++) {
      const referenceId = labelIds[LABELS.indexOf(rng.weighted(LABELS, LABEL_WEIGHTS))];
      if (!labels.some((l) => l.referenceId === referenceId)) labels.push({ id: store.ids.next('sub'), referenceId });
    }
  }
  const insured = labels.some((l) => store.labels.get(l.referenceId)?.title === 'Insurance');
  const p: PatientRecord = {
    id,
    title: title(rng, female, age),
    firstName,
    lastName,
    dob: rng.chance(0.02) ? null : iso(dobMs).slice(0, 10),
    gender: rng.weighted([sexLabel, 'Non-binary', null], [95, 1, 4]),
    sex: sexLabel,
    email: contact.email(rng, firstName, lastName),
    phones: [],
    address: contact.address(rng),
    numbers: [],
    customAttributes: [],
    communicationPreferences: {
      receiveEmail: rng.chance(0.8),
      receiveSMS: rng.chance(0.7),
      promotionalMarketing: rng.chance(0.6),
      paymentReminders: rng.chance(0.85),
      privacyPolicy: { response: rng.weighted(['accepted', 'declined', null], [75, 5, 20]) },
    },
    labels,
    paymentReference: rng.chance(0.5) ? `PR-${id.slice(-6).toUpperCase()}` : null,
    membershipName: null,
    membershipStartDate: null,
    occupation: age >= 16 ? rng.pick(OCCUPATIONS) : null,
    comments: rng.chance(0.05) ? rng.pick(['Prefers email contact', 'Hard of hearing - please speak clearly', 'Parent must attend', 'Needle phobic']) : null,
    onHold: rng.chance(0.01),
    archived: false,
    archivedInfo: null,
    createdAt: iso(createdMs),
    updatedAt: iso(createdMs),
  };
  if (!rng.chance(0.03)) p.phones.push({ phoneId: store.ids.next('sub'), phoneType: 'Mobile', phoneNumber: contact.mobile(rng) });
  if (rng.chance(0.3)) p.phones.push({ phoneId: store.ids.next('sub'), phoneType: 'Home', phoneNumber: contact.landline(rng) });
  if (rng.chance(0.08)) p.phones.push({ phoneId: store.ids.next('sub'), phoneType: 'Work', phoneNumber: contact.landline(rng) });
  if (rng.chance(0.85)) p.numbers.push({ id: store.ids.next('sub'), numberId: nhsId, name: 'NHS', value: contact.nhsNumber(rng, rng.chance(0.95)) });
  if (rng.chance(0.3)) p.numbers.push({ id: store.ids.next('sub'), numberId: hospitalId, name: 'Hospital Number', value: `HN${rng.digits(6)}` });
  if (rng.chance(0.45)) p.customAttributes.push({ id: store.ids.next('sub'), title: 'Referral source', text: 'How did you hear about us?', response: rng.pick(REFERRAL_SOURCES), required: false });
  if (insured) {
    p.customAttributes.push({ id: store.ids.next('sub'), title: 'Insurer', text: 'Insurance provider', response: rng.pick(INSURERS), required: false });
    p.customAttributes.push({ id: store.ids.next('sub'), title: 'Policy number', text: 'Insurance policy number', response: `${rng.pick(['AB', 'BP', 'VX', 'AV'])}${rng.digits(7)}`, required: false });
  }
  // 60% were edited after creation, at any time up to the anchor.
  let updatedMs = createdMs;
  if (rng.chance(0.6)) updatedMs = createdMs + floor(rng.next() * (anchorMs - createdMs - 60_000));
  if (rng.chance(0.1)) {
    p.membershipName = 'Physio Plus';
    p.membershipStartDate = iso(createdMs + floor(rng.next() * (anchorMs - createdMs) / 2)).slice(0, 10);
  }
  if (rng.chance(0.03)) {
    const archivedMs = createdMs + floor(rng.next() * (anchorMs - createdMs - 60_000));
    p.archived = true;
    p.archivedInfo = {
      archivedAt: iso(archivedMs), archivedById: null, archivedReason: rng.pick(ARCHIVE_REASONS),
      archivedComments: rng.chance(0.5) ? 'No contact for over 12 months' : null, unarchivedAt: null, unarchivedById: null, unarchivedReason: null,
    };
    updatedMs = max(updatedMs, archivedMs);
  }
  p.updatedAt = iso(updatedMs);
  return p;
}

function title(rng: Rng, female: boolean, age: number): string | null {
  if (age < 16) return rng.weighted([female ? 'Miss' : 'Master', null], [60, 40]);
  return female
    ? rng.weighted(['Mrs', 'Ms', 'Miss', 'Dr', 'Prof', 'Mx', null], [35, 30, 20, 7, 1, 2, 5])
    : rng.weighted(['Mr', 'Dr', 'Prof', 'Mx', null], [86, 7, 1, 1, 5]);
}

/**
 * Identical updatedAt values exercise pagination edge cases: one "bulk consent
 * migration" instant shared by more than a page (120) of patients, plus small clusters.
 */
function plantSharedUpdatedAt(store: SandboxStore, rng: Rng, anchorMs: number): void {
  const patients = store.patientList();
  if (patients.length < 8) return;
  const bulkMs = floor((anchorMs - 45 * DAY_MS) / 1000) * 1000; // a round second: typical of a batch job
  const bulkIso = iso(bulkMs);
  const eligible = patients.filter((p) => p.createdAt <= bulkIso && p.updatedAt <= bulkIso && !p.archived);
  const want = min(120, floor(patients.length / 4), eligible.length);
  for (let i = 0; i < want; i++) {
    const j = i + floor(rng.next() * (eligible.length - i));
    [eligible[i], eligible[j]] = [eligible[j], eligible[i]];
    eligible[i].updatedAt = bulkIso;
  }
  const clusters = max(2, floor(patients.length / 100));
  for (let c = 0; c < clusters; c++) {
    const a = patients[rng.int(0, patients.length - 1)];
    for (let k = rng.int(1, 3); k > 0; k--) {
      const b = patients[rng.int(0, patients.length - 1)];
      if (b !== a && b.createdAt <= a.updatedAt && b.updatedAt !== bulkIso && a.updatedAt !== bulkIso) b.updatedAt = a.updatedAt;
    }
  }
}

/** Later patients copied from earlier ones: same NHS number, same name+dob, or a shared email. */
function plantDuplicates(store: SandboxStore, rng: Rng): void {
  const patients = store.patientList();
  if (patients.length < 20) return;
  const count = max(3, round(patients.length * 0.005));
  const kinds = ['nhsNumber', 'nameAndDob', 'email'] as const;
  const half = floor(patients.length / 2);
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % 3];
    const original = patients[rng.int(0, half - 1)];
    const dup = patients[rng.int(half, patients.length - 1)];
    if (original === dup || store.duplicates.some((d) => d.duplicateId === dup.id || d.originalId === dup.id)) continue;
    if (kind === 'nhsNumber') {
      const nhs = original.numbers.find((n) => n.name === 'NHS');
      if (!nhs) continue;
      const target = dup.numbers.find((n) => n.name === 'NHS');
      const value = nhs.value.replace(/\s/g, '');
      if (target) target.value = value;
      else dup.numbers.unshift({ id: store.ids.next('sub'), numberId: nhs.numberId, name: 'NHS', value });
      copyIdentity(original, dup); // same person registered twice, maybe under a new surname
      dup.lastName = rng.chance(0.5) ? original.lastName : dup.lastName;
    } else if (kind === 'nameAndDob') {
      if (!original.dob) continue;
      copyIdentity(original, dup);
      dup.lastName = original.lastName;
    } else {
      if (!original.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(original.email)) continue;
      dup.email = original.email.toUpperCase(); // same inbox, different case (a family sharing an address)
    }
    store.duplicates.push({ kind, originalId: original.id, duplicateId: dup.id });
  }
}

function copyIdentity(from: PatientRecord, to: PatientRecord): void {
  to.firstName = from.firstName;
  to.title = from.title;
  to.sex = from.sex;
  to.gender = from.gender;
  to.dob = from.dob;
}
