/** createPatient / updatePatient / deletePatient / archivePatient / unarchivePatient. */
import type { Ctx } from '../context';
import type { CommunicationPreferencesRecord, PatientRecord } from '../types';
import { type Args, nonBlank, payload, PayloadError, required, type ResolverMap } from './common';

export function patientOr(ctx: Ctx, id: unknown): PatientRecord {
  const p = ctx.store.patients.get(String(id));
  if (!p) throw new PayloadError('Patient not found');
  return p;
}

/**
 * Every change bumps updatedAt with the sandbox clock.
 * ASSUMPTION (NOTES §10.7): sub-resource changes (phones, labels, numbers, attributes) also bump Patient.updatedAt.
 */
export function touch(record: { updatedAt: string }, ctx: Ctx): void {
  record.updatedAt = ctx.nowIso();
}

/** dob is a calendar date: accept YYYY-MM-DD or a full date-time (its UTC date is used); never in the future. */
function dobInput(value: unknown, ctx: Ctx): string | null {
  if (value === null) return null;
  const text = String(value);
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw new PayloadError('dob is not a valid date.');
  const day = new Date(ms).toISOString().slice(0, 10);
  if (day > ctx.nowIso().slice(0, 10)) throw new PayloadError('dob cannot be in the future.');
  return day;
}

function applyPreferences(target: CommunicationPreferencesRecord, input: Args | null | undefined): void {
  if (!input) return;
  for (const key of ['receiveEmail', 'receiveSMS', 'promotionalMarketing', 'paymentReminders'] as const) {
    if (typeof input[key] === 'boolean') target[key] = input[key];
  }
  if ('privacyPolicy' in input) target.privacyPolicy = { response: input.privacyPolicy ?? null };
}

const SIMPLE_FIELDS = ['title', 'email', 'gender', 'sex', 'paymentReference', 'comments'] as const;
const ADDRESS_FIELDS = ['address', 'city', 'postcode', 'country'] as const;

/** Copy the fields present in the input (absent = unchanged, null = cleared). */
function applyPatientData(p: PatientRecord, d: Args, ctx: Ctx): void {
  if ('first' in d) p.firstName = nonBlank(d.first, 'First name (first)');
  if ('last' in d) p.lastName = nonBlank(d.last, 'Last name (last)');
  for (const f of SIMPLE_FIELDS) if (f in d) p[f] = d[f] ?? null;
  for (const f of ADDRESS_FIELDS) if (f in d) p.address[f] = d[f] ?? null;
  if ('dob' in d) p.dob = dobInput(d.dob, ctx);
  applyPreferences(p.communicationPreferences, d.communicationPreferences);
}

export const patientMutationResolvers: ResolverMap = {
  Mutation: {
    createPatient: (_p, args, ctx) => payload(() => {
      // Deprecated flat args (first, last, ...) are not in the SDL, so mixing them fails validation before we get here.
      const d = required<Args>(args.patientData, 'patientData is required.');
      nonBlank(d.first, 'First name (first)');
      nonBlank(d.last, 'Last name (last)');
      const labelIds: string[] = d.labels ?? [];
      for (const id of labelIds) if (!ctx.store.labels.has(id)) throw new PayloadError(`Label not found: ${id}`);
      const now = ctx.nowIso();
      const p: PatientRecord = {
        id: ctx.store.ids.next('patient'), title: null, firstName: '', lastName: '', dob: null, gender: null, sex: null,
        email: null, phones: [], address: { address: null, city: null, postcode: null, country: null }, numbers: [],
        customAttributes: [],
        // ASSUMPTION: Semble's defaults for new patients are undocumented; the sandbox opts in to service messages
        // (email/SMS/payment reminders) but NOT to promotional marketing, and leaves privacyPolicy unanswered.
        communicationPreferences: { receiveEmail: true, receiveSMS: true, promotionalMarketing: false, paymentReminders: true, privacyPolicy: { response: null } },
        labels: [], paymentReference: null, membershipName: null, membershipStartDate: null, occupation: null, comments: null,
        onHold: false, archived: false, archivedInfo: null, createdAt: now, updatedAt: now,
      };
      applyPatientData(p, d, ctx);
      if (d.phoneNumber) p.phones.push({ phoneId: ctx.store.ids.next('sub'), phoneType: d.phoneType ?? 'Mobile', phoneNumber: d.phoneNumber });
      for (const referenceId of new Set(labelIds)) p.labels.push({ id: ctx.store.ids.next('sub'), referenceId });
      for (const a of (d.customAttributes ?? []) as Args[]) {
        if (!a) continue;
        p.customAttributes.push({ id: ctx.store.ids.next('sub'), title: a.title, text: a.text, response: a.response, required: false });
      }
      ctx.store.addPatient(p);
      ctx.emit('patient.created', { patientId: p.id }); // one change -> one event (no label/phone events for the initial values)
      return p;
    }),
    updatePatient: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.id);
      applyPatientData(p, args.patientData ?? {}, ctx);
      touch(p, ctx);
      ctx.emit('patient.updated', { patientId: p.id });
      return p;
    }),
    // ASSUMPTION: the payload's data is the patient as it was just before deletion.
    deletePatient: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.id);
      ctx.store.deletePatient(p.id);
      ctx.emit('patient.deleted', { patientId: p.id });
      return p;
    }),
    archivePatient: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      if (p.archived) throw new PayloadError('Patient is already archived.');
      p.archived = true;
      p.archivedInfo = {
        archivedAt: ctx.nowIso(), archivedById: ctx.auth.userId, archivedReason: args.reason, archivedComments: args.comments ?? null,
        unarchivedAt: null, unarchivedById: null, unarchivedReason: null,
      };
      touch(p, ctx);
      ctx.emit('patient.archived', { patientId: p.id });
      return p;
    }),
    unarchivePatient: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      if (!p.archived || !p.archivedInfo) throw new PayloadError('Patient is not archived.');
      p.archived = false;
      p.archivedInfo = { ...p.archivedInfo, unarchivedAt: ctx.nowIso(), unarchivedById: ctx.auth.userId, unarchivedReason: args.reason ?? null };
      touch(p, ctx);
      ctx.emit('patient.unarchived', { patientId: p.id });
      return p;
    }),
  },
};
