/** Patient labels, phones, identifier numbers and custom attributes (each has its own mutations and events). */
import { type Args, nonBlank, payload, PayloadError, type ResolverMap } from './common';
import { patientOr, touch } from './patient-mutations';

function findIndex<T>(list: T[], pred: (x: T) => boolean, what: string): number {
  const i = list.findIndex(pred);
  if (i < 0) throw new PayloadError(`${what} not found`);
  return i;
}

export const patientSubresourceResolvers: ResolverMap = {
  Mutation: {
    addPatientLabel: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      if (!ctx.store.labels.has(args.labelReferenceId)) throw new PayloadError('Label not found');
      // ASSUMPTION: adding a label the patient already has is a no-op (no error, no event, no updatedAt bump).
      if (p.labels.some((l) => l.referenceId === args.labelReferenceId)) return p;
      const assignment = { id: ctx.store.ids.next('sub'), referenceId: String(args.labelReferenceId) };
      p.labels.push(assignment);
      touch(p, ctx);
      // ASSUMPTION (NOTES §3, §10.14): webhook labelId is the assignment id (PatientLabel.id), the id removePatientLabel takes.
      ctx.emit('patient.label.added', { patientId: p.id, labelId: assignment.id });
      return p;
    }),
    // ASSUMPTION (NOTES §3, §10.14): labelId is the PatientLabel assignment id, NOT the practice Label id.
    removePatientLabel: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const i = findIndex(p.labels, (l) => l.id === args.labelId, 'Patient label (assignment id)');
      p.labels.splice(i, 1);
      touch(p, ctx);
      ctx.emit('patient.label.removed', { patientId: p.id, labelId: String(args.labelId) });
      return p;
    }),

    addPatientPhoneNumber: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const phone = { phoneId: ctx.store.ids.next('sub'), phoneType: nonBlank(args.phoneData.phoneType, 'phoneType'), phoneNumber: nonBlank(args.phoneData.phoneNumber, 'phoneNumber') };
      p.phones.push(phone);
      touch(p, ctx);
      ctx.emit('patient.phone.added', { patientId: p.id, phoneId: phone.phoneId });
      return p;
    }),
    updatePatientPhoneNumber: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const phone = p.phones[findIndex(p.phones, (x) => x.phoneId === args.phoneId, 'Phone')];
      const d: Args = args.phoneData ?? {};
      if (d.phoneNumber !== undefined && d.phoneNumber !== null) phone.phoneNumber = nonBlank(d.phoneNumber, 'phoneNumber');
      if (d.phoneType !== undefined && d.phoneType !== null) phone.phoneType = nonBlank(d.phoneType, 'phoneType');
      touch(p, ctx);
      ctx.emit('patient.phone.updated', { patientId: p.id, phoneId: phone.phoneId });
      return p;
    }),
    removePatientPhoneNumber: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const [phone] = p.phones.splice(findIndex(p.phones, (x) => x.phoneId === args.phoneId, 'Phone'), 1);
      touch(p, ctx);
      ctx.emit('patient.phone.removed', { patientId: p.id, phoneId: phone.phoneId });
      return p;
    }),

    // ASSUMPTION (NOTES §6): patient.number.* events are unconfirmed, so number changes emit patient.updated.
    addPatientNumber: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const practiceNumber = ctx.store.practiceNumbers.find((n) => n.id === args.patientNumber.numberId && !n.deleted);
      if (!practiceNumber) throw new PayloadError('Practice number type not found (numberId must be a practice.practiceNumbers id)');
      p.numbers.push({ id: ctx.store.ids.next('sub'), numberId: practiceNumber.id, name: practiceNumber.name, value: nonBlank(args.patientNumber.value, 'value') });
      touch(p, ctx);
      ctx.emit('patient.updated', { patientId: p.id });
      return p;
    }),
    updatePatientNumber: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const n = p.numbers[findIndex(p.numbers, (x) => x.id === args.patientNumberId, 'Patient number')];
      n.value = nonBlank(args.value, 'value');
      touch(p, ctx);
      ctx.emit('patient.updated', { patientId: p.id });
      return p;
    }),
    removePatientNumber: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      p.numbers.splice(findIndex(p.numbers, (x) => x.id === args.patientNumberId, 'Patient number'), 1);
      touch(p, ctx);
      ctx.emit('patient.updated', { patientId: p.id });
      return p;
    }),

    addPatientAttribute: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const d: Args = args.attributeData;
      const attr = { id: ctx.store.ids.next('sub'), title: nonBlank(d.title, 'title'), text: String(d.text), response: String(d.response), required: false };
      p.customAttributes.push(attr);
      touch(p, ctx);
      ctx.emit('patient.customAttribute.added', { patientId: p.id, customAttributeId: attr.id });
      return p;
    }),
    updatePatientAttribute: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const attr = p.customAttributes[findIndex(p.customAttributes, (x) => x.id === args.attributeId, 'Custom attribute')];
      const d: Args = args.attributeData ?? {};
      for (const k of ['title', 'text', 'response'] as const) if (d[k] !== undefined && d[k] !== null) attr[k] = String(d[k]);
      touch(p, ctx);
      ctx.emit('patient.customAttribute.updated', { patientId: p.id, customAttributeId: attr.id });
      return p;
    }),
    removePatientAttribute: (_p, args, ctx) => payload(() => {
      const p = patientOr(ctx, args.patientId);
      const [attr] = p.customAttributes.splice(findIndex(p.customAttributes, (x) => x.id === args.attributeId, 'Custom attribute'), 1);
      touch(p, ctx);
      ctx.emit('patient.customAttribute.removed', { patientId: p.id, customAttributeId: attr.id });
      return p;
    }),
  },
};
