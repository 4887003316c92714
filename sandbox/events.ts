/**
 * Webhook event names accepted by createWebhook/updateWebhook: the lowercase dotted
 * names listed in NOTES.md §6 [WH events/*, RN 2026-06-08, RN 2026-07-10].
 * `patient.number.*` and invoice/product events are unconfirmed there, so they are rejected.
 */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = new Set([
  'booking.created', 'booking.updated', 'booking.deleted',
  'booking.patientJourney.arrived', 'booking.patientJourney.inConsultation',
  'booking.patientJourney.completed', 'booking.patientJourney.noShow',
  'patient.created', 'patient.updated', 'patient.deleted', 'patient.archived', 'patient.unarchived', 'patient.merged',
  'patient.membership.updated',
  'patient.label.added', 'patient.label.removed',
  'patient.customAttribute.added', 'patient.customAttribute.updated', 'patient.customAttribute.removed',
  'patient.relationship.added', 'patient.relationship.updated', 'patient.relationship.removed',
  'patient.phone.added', 'patient.phone.updated', 'patient.phone.removed',
  'episode.created', 'episode.updated', 'episode.deleted',
  'pathway.created', 'pathway.updated', 'pathway.deleted', 'pathway.booking.assigned', 'pathway.booking.unassigned',
  'webhook.event.deliveryFailed', 'webhook.subscription.updated',
]);

export const DELIVERY_FAILED = 'webhook.event.deliveryFailed';
export const SUBSCRIPTION_UPDATED = 'webhook.subscription.updated';
export const MAX_EVENT_TYPES = 10; // [WH guide]
export const MAX_LABEL_LENGTH = 256; // [WH guide]
